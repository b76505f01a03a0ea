//! Input rules CKS001–CKS007 at their edges: exact codes, lines, columns (Unicode scalar
//! values, BOM not counted) and messages, in JSON and YAML, with CRLF, BOMs and
//! multi-byte text before the fault.

use ckslint::{Applicability, FileResult, Settings};

mod common;
use common::{apply, first, lint};

const HEAD: &str = "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n";
const NET: &str = "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n";
const TAIL: &str = "disableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// A complete, clean YAML request (11 lines; `network:` is line 5).
fn ok_yaml() -> String {
    format!("{HEAD}{NET}{TAIL}")
}

/// A complete, clean JSON request (9 lines; `"network"` is line 6).
fn ok_json() -> String {
    "{\n  \"name\": \"prod-east\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.35\",\n  \"network\": {\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\n}\n".to_string()
}

/// (code, document, line, column, end line, end column, message) of every finding.
type Found = (&'static str, usize, usize, usize, usize, usize, String);

fn found_in(f: &FileResult) -> Vec<Found> {
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (d.rule.code, d.document, s.line, s.column, e.line, e.column, d.message.clone())
        })
        .collect()
}

fn all(path: &str, text: &str) -> Vec<Found> {
    found_in(&lint(path, text))
}

/// Every finding of `code`.
fn of(path: &str, text: &str, code: &str) -> Vec<Found> {
    all(path, text).into_iter().filter(|f| f.0 == code).collect()
}

/// The only finding of the file, which must be of `code`: (line, column, end line, end column, message).
fn only(path: &str, text: &str, code: &str) -> (usize, usize, usize, usize, String) {
    let got = all(path, text);
    assert_eq!(got.len(), 1, "expected exactly one finding in {path}, got {got:#?}");
    let g = got.into_iter().next().unwrap();
    assert_eq!(g.0, code, "{g:?}");
    (g.2, g.3, g.4, g.5, g.6)
}

fn codes(path: &str, text: &str) -> Vec<&'static str> {
    all(path, text).into_iter().map(|f| f.0).collect()
}

fn lint_raw(path: &str, bytes: &[u8]) -> FileResult {
    ckslint::lint_bytes(path, bytes, &Settings::default())
}

#[test]
fn the_clean_requests_are_clean() {
    assert_eq!(all("ok.yaml", &ok_yaml()), []);
    assert_eq!(all("ok.json", &ok_json()), []);
}

// ---------------------------------------------------------------------------------------
// CKS001 syntax-error
// ---------------------------------------------------------------------------------------

#[test]
fn acceptance_broken_json() {
    // /work/shared/acceptance/cases/broken.json: CKS001 on line 2.
    let text = "{\"name\": \"a\",\n  \"zone\": }\n";
    assert_eq!(only("broken.json", text, "CKS001"), (2, 11, 2, 12, "expected a value, found `}`".into()));
    let f = lint("broken.json", text);
    assert_eq!(f.diagnostics[0].help.as_deref(), Some("remove the trailing comma, or supply the missing value"));
    assert_eq!(f.diagnostics[0].pointer, "");
}

#[test]
fn json_syntax_errors_point_where_the_parser_stopped() {
    // A trailing comma: the span is the comma, not the closing brace.
    assert_eq!(
        only("a.json", "{\"name\": \"naïve\",\n \"zone\": \"x\",\n}\n", "CKS001"),
        (2, 13, 2, 14, "trailing comma before `}`".into())
    );
    // A comment.
    let f = lint("a.json", "{\n  // the cluster\n  \"name\": \"a\"\n}\n");
    assert_eq!(found_in(&f), [("CKS001", 0, 2, 3, 2, 4, "expected a key in double quotes, found a comment".into())]);
    assert_eq!(first(&f, "CKS001").help.as_deref(), Some("JSON does not allow comments; remove it, or use YAML"));
    // An unterminated string: the span is its opening quote.
    assert_eq!(only("a.json", "{\"name\": \"abc", "CKS001"), (1, 10, 1, 11, "string is not closed".into()));
    // A raw tab inside a string.
    assert_eq!(only("a.json", "{\"name\": \"a\tb\"}", "CKS001"), (1, 12, 1, 13, "control character U+0009 inside a string".into()));
    // Content after the document.
    assert_eq!(only("a.json", "{\"a\": 1} x", "CKS001"), (1, 10, 1, 11, "unexpected content after the end of the JSON document".into()));
    // A second comma.
    assert_eq!(only("a.json", "{\"name\": \"é\",,}", "CKS001"), (1, 14, 1, 15, "expected a key in double quotes, found `,`".into()));
}

#[test]
fn json_syntax_error_columns_count_characters_not_bytes() {
    // "ünïcødé-😀" is 9 characters but 16 bytes: the `]` is column 31.
    assert_eq!(only("a.json", "{\"name\": \"ünïcødé-😀\", \"zone\": ]}", "CKS001"), (1, 31, 1, 32, "expected a value, found `]`".into()));
}

#[test]
fn json_syntax_error_after_a_bom_and_crlf() {
    // The BOM is not a column; CRLF line breaks count once.
    let text = "\u{feff}{\r\n  \"name\": \"ü\",\r\n  \"zone\": ,\r\n}\r\n";
    let f = lint("a.json", text);
    assert_eq!(found_in(&f), [("CKS001", 0, 3, 11, 3, 12, "expected a value, found `,`".into())]);
    // The byte span includes the BOM (3 bytes) and counts "ü" as two bytes.
    let d = &f.diagnostics[0];
    assert_eq!(&text[d.span.start..d.span.end], ",");
    assert_eq!(d.span.start, text.find("\"zone\": ,").unwrap() + 8);
    // First line after a BOM.
    assert_eq!(only("a.json", "\u{feff}{\"name\": \"é\",,}", "CKS001").1, 14);
}

#[test]
fn yaml_syntax_errors() {
    // A mapping value where none is allowed: the span is the `:`.
    let (line, col, _, _, msg) = only("a.yaml", "name: a\n  zone: [\n", "CKS001");
    assert_eq!((line, col, msg.as_str()), (2, 7, "mapping values are not allowed in this context"));
    let f = lint("a.yaml", "name: a\n zone: b\n");
    assert_eq!(found_in(&f), [("CKS001", 0, 2, 6, 2, 7, "mapping values are not allowed in this context".into())]);
    assert_eq!(first(&f, "CKS001").help.as_deref(), Some("a value containing `: ` must be quoted"));
    // A tab used for indentation (the loader points just past it, on line 3).
    let f = lint("a.yaml", "name: a\nnetwork:\n\tpod: x\n");
    let got = found_in(&f);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].2), ("CKS001", 3));
    assert!(got[0].3 <= 2, "{got:?}");
    assert_eq!(got[0].6, "tabs disallowed within this context (block indentation)");
    assert_eq!(first(&f, "CKS001").help.as_deref(), Some("YAML indentation must use spaces, not tabs"));
    // An unclosed flow sequence: at the end of the input.
    assert_eq!(
        only("a.yaml", "name: \"ünïcødé-😀\"\nzone: [a, b\n", "CKS001"),
        (3, 1, 3, 1, "while parsing a flow sequence, expected ',' or ']'".into())
    );
}

#[test]
fn yaml_syntax_error_after_multibyte_text_crlf_and_bom() {
    let text = "\u{feff}name: ünïcødé\r\nzone: x\r\n  bad: y\r\n";
    let f = lint("a.yaml", text);
    assert_eq!(found_in(&f), [("CKS001", 0, 3, 6, 3, 7, "mapping values are not allowed in this context".into())]);
    let d = &f.diagnostics[0];
    assert_eq!(&text[d.span.start..d.span.end], ":");
    // On the first line after a BOM: column 4 is the `:` after `x`.
    assert_eq!(only("a.yaml", "\u{feff}name: é\n  x: [\n", "CKS001").0, 2);
}

#[test]
fn yaml_syntax_error_in_a_later_document() {
    let text = format!("{}---\nname: a\n  zone: b\n", ok_yaml());
    let got = all("a.yaml", &text);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!((got[0].0, got[0].2, got[0].3), ("CKS001", 14, 7));
}

#[test]
fn not_utf8() {
    // An invalid byte after multi-byte text: the span is that byte, the column counts characters.
    let bytes = b"{\"name\": \"\xC3\xBC\xFF\"}";
    let f = lint_raw("a.json", bytes);
    assert_eq!(found_in(&f), [("CKS001", 0, 1, 12, 1, 13, "file is not valid UTF-8 (invalid byte 0xFF)".into())]);
    assert_eq!((f.diagnostics[0].span.start, f.diagnostics[0].span.end), (12, 13));
    assert_eq!(first(&f, "CKS001").help.as_deref(), Some("save the file as UTF-8"));
    // The same in YAML, on line 2.
    let f = lint_raw("a.yaml", b"name: a\nzone: \xE9\n");
    assert_eq!(found_in(&f), [("CKS001", 0, 2, 7, 2, 8, "file is not valid UTF-8 (invalid byte 0xE9)".into())]);
    // UTF-16 says so.
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain("{}".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let f = lint_raw("u16.json", &bytes);
    assert_eq!(f.diagnostics.len(), 1);
    assert_eq!(f.diagnostics[0].rule.code, "CKS001");
    assert_eq!(f.diagnostics[0].message, "file is UTF-16 encoded, not UTF-8");
}

// ---------------------------------------------------------------------------------------
// CKS002 duplicate-key
// ---------------------------------------------------------------------------------------

#[test]
fn acceptance_dup_json() {
    // /work/shared/acceptance/cases/dup.json: CKS002 on line 3, labelling line 2.
    let text = ok_json().replacen("  \"name\": \"prod-east\",\n", "  \"name\": \"staging-west\",\n  \"name\": \"x\",\n", 1);
    let f = lint("dup.json", &text);
    let d = first(&f, "CKS002");
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.line, e.column), (3, 3, 3, 9));
    assert_eq!(d.message, "duplicate key `name`");
    assert_eq!(d.pointer, "/name");
    assert_eq!(d.help.as_deref(), Some("remove one of them; parsers disagree on which one wins"));
    assert_eq!(d.labels.len(), 1);
    let (ls, le) = f.positions(d.labels[0].span);
    assert_eq!((ls.line, ls.column, le.line, le.column, d.labels[0].message.as_str()), (2, 3, 2, 9, "first defined here"));
    assert_eq!(codes("dup.json", &text), ["CKS002"]);
}

#[test]
fn duplicate_keys_in_yaml() {
    let text = format!("{HEAD}name: other\n{NET}{TAIL}");
    let f = lint("a.yaml", &text);
    assert_eq!(found_in(&f), [("CKS002", 0, 5, 1, 5, 5, "duplicate key `name`".into())]);
    let d = first(&f, "CKS002");
    assert_eq!(d.help.as_deref(), Some("remove one of them; YAML parsers disagree on which one wins"));
    let (ls, le) = f.positions(d.labels[0].span);
    assert_eq!((ls.line, ls.column, le.line, le.column), (1, 1, 1, 5));
    // Nested, with its pointer.
    let text = ok_yaml().replace("  serviceCidrName: service cidr\n", "  serviceCidrName: service cidr\n  podCidrName: again\n");
    let f = lint("a.yaml", &text);
    assert_eq!(found_in(&f), [("CKS002", 0, 8, 3, 8, 14, "duplicate key `podCidrName`".into())]);
    assert_eq!(f.diagnostics[0].pointer, "/network/podCidrName");
    // In a flow mapping.
    let got = of("a.yaml", "{name: a, name: b}\n", "CKS002");
    assert_eq!(got, [("CKS002", 0, 1, 11, 1, 15, "duplicate key `name`".into())]);
}

#[test]
fn duplicate_keys_with_multibyte_keys_and_crlf() {
    let f = lint("a.json", "{\"😀\": 1, \"😀\": 2}");
    let d = first(&f, "CKS002");
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.line, e.column, d.message.as_str()), (1, 10, 1, 13, "duplicate key `😀`"));
    assert_eq!(d.pointer, "/😀");
    let (ls, le) = f.positions(d.labels[0].span);
    assert_eq!((ls.column, le.column), (2, 5));
    // CRLF.
    let f = lint("a.json", "{\r\n  \"a\": 1,\r\n  \"a\": 2\r\n}\r\n");
    let d = first(&f, "CKS002");
    let (s, _) = f.positions(d.span);
    let (ls, _) = f.positions(d.labels[0].span);
    assert_eq!((s.line, s.column, ls.line, ls.column), (3, 3, 2, 3));
    // YAML, with a multi-byte value on the first line.
    let f = lint("a.yaml", "x: \"ünïcødé-😀\" \nx: 1\n");
    let d = first(&f, "CKS002");
    assert_eq!(f.positions(d.span).0.line, 2);
    assert_eq!(f.positions(d.labels[0].span).0.line, 1);
}

#[test]
fn duplicate_key_in_a_later_document_carries_its_index() {
    let text = format!("{}---\n{}", ok_yaml(), ok_yaml().replace("version: v1.35\n", "version: v1.35\nversion: v1.34\n"));
    let got = of("a.yaml", &text, "CKS002");
    assert_eq!(got, [("CKS002", 1, 17, 1, 17, 8, "duplicate key `version`".into())]);
}

#[test]
fn proto_and_json_spelling_of_one_field_is_a_duplicate() {
    // protojson rejects a field set twice, whatever the spelling ("duplicate field").
    let text = ok_yaml().replace("vpcId: 3f0c2a9e", "vpc_id: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nvpcId: 3f0c2a9e");
    let f = lint("a.yaml", &text);
    assert_eq!(codes("a.yaml", &text), ["CKS103", "CKS002"]);
    let d = first(&f, "CKS002");
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.line, e.column), (4, 1, 4, 6));
    assert_eq!(d.message, "duplicate key `vpcId`: `vpc_id` sets the same field");
    assert_eq!(d.pointer, "/vpcId");
    assert_eq!(f.positions(d.labels[0].span).0.line, 3);
    // The other order, in JSON.
    let text = ok_json().replace("  \"vpcId\"", "  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"vpc_id\"");
    let f = lint("a.json", &text);
    let d = first(&f, "CKS002");
    assert_eq!(d.message, "duplicate key `vpc_id`: `vpcId` sets the same field");
    assert_eq!(f.positions(d.span).0.line, 5);
}

// ---------------------------------------------------------------------------------------
// CKS003 root-not-object
// ---------------------------------------------------------------------------------------

#[test]
fn roots_that_are_not_mappings() {
    assert_eq!(only("a.json", "[1, 2]", "CKS003"), (1, 1, 1, 7, "document is an array, not a mapping".into()));
    assert_eq!(only("a.json", "\"prod\"", "CKS003"), (1, 1, 1, 7, "document is a string, not a mapping".into()));
    assert_eq!(only("a.yaml", "just a string\n", "CKS003"), (1, 1, 1, 14, "document is a string, not a mapping".into()));
    assert_eq!(only("a.yaml", "null\n", "CKS003"), (1, 1, 1, 5, "document is null, not a mapping".into()));
    assert_eq!(only("a.yaml", "- name: prod-east\n  zone: US-EAST-04A\n", "CKS003").4, "document is an array, not a mapping");
    let f = lint("a.yaml", "42\n");
    assert_eq!(
        first(&f, "CKS003").help.as_deref(),
        Some("a create-cluster request is a mapping with name, zone, vpcId, version and network")
    );
    assert_eq!(first(&f, "CKS003").pointer, "");
}

#[test]
fn root_not_object_in_a_later_document() {
    let text = format!("{}---\n- a\n", ok_yaml());
    assert_eq!(all("a.yaml", &text), [("CKS003", 1, 13, 1, 13, 4, "document is an array, not a mapping".into())]);
}

// ---------------------------------------------------------------------------------------
// CKS004 response-envelope
// ---------------------------------------------------------------------------------------

#[test]
fn response_envelope() {
    let inner = ok_json();
    let text = format!("{{\"cluster\": {}}}", inner.trim_end());
    let f = lint("a.json", &text);
    assert_eq!(
        found_in(&f),
        [("CKS004", 0, 1, 2, 1, 11, "document is an API response (`{\"cluster\": {...}}`), not a create request".into())]
    );
    assert_eq!(f.diagnostics[0].pointer, "/cluster");
    // YAML: the span is the `cluster` key; nothing inside is linted as a request.
    let text = format!("cluster:\n{}", ok_yaml().lines().map(|l| format!("  {l}\n")).collect::<String>());
    assert_eq!(only("a.yaml", &text, "CKS004").0, 1);
    // With request fields beside it, `cluster` is just an unknown field.
    let text = format!("{}cluster: {{}}\n", ok_yaml());
    assert_eq!(codes("a.yaml", &text), ["CKS102"]);
}

// ---------------------------------------------------------------------------------------
// CKS005 empty-input
// ---------------------------------------------------------------------------------------

#[test]
fn empty_inputs() {
    assert_eq!(only("a.json", "", "CKS005"), (1, 1, 1, 1, "file is empty".into()));
    assert_eq!(only("a.yaml", "", "CKS005"), (1, 1, 1, 1, "file is empty".into()));
    assert_eq!(only("a.json", "  \n\n", "CKS005").4, "file is empty");
    assert_eq!(only("a.json", "\u{feff}", "CKS005"), (1, 1, 1, 1, "file is empty".into()));
    let comment_only = "file holds no document (only comments or document markers)";
    assert_eq!(only("a.yaml", "# TODO: fill in the cluster request\n", "CKS005"), (1, 1, 1, 1, comment_only.into()));
    assert_eq!(only("a.yaml", "# just a comment\n---\n# more\n", "CKS005").4, comment_only);
    assert_eq!(only("a.yaml", "---\n", "CKS005").4, comment_only);
    assert_eq!(only("a.yaml", "---\n...\n", "CKS005").4, comment_only);
    // Comments after blank lines: the span is the first non-blank character.
    assert_eq!(only("a.yaml", "\n\n  # later\n", "CKS005"), (3, 3, 3, 3, comment_only.into()));
    let f = lint("a.yaml", "# c\n");
    assert_eq!(
        first(&f, "CKS005").help.as_deref(),
        Some("a request file holds one create-cluster request (a mapping with name, zone, vpcId, version and network)")
    );
    // An empty document beside a real one is not an empty file.
    assert_eq!(all("a.yaml", &format!("---\n# only a comment\n---\n{}", ok_yaml())), []);
}

// ---------------------------------------------------------------------------------------
// CKS006 input-limit
// ---------------------------------------------------------------------------------------

#[test]
fn file_size_limit() {
    let settings = Settings { max_file_size: 64, ..Settings::default() };
    let text = ok_yaml();
    let f = ckslint::lint_bytes("big.yaml", text.as_bytes(), &settings);
    assert_eq!(found_in(&f), [("CKS006", 0, 1, 1, 1, 1, format!("file is {} bytes, over the limit of 64 bytes", text.len()))]);
    assert_eq!(first(&f, "CKS006").help.as_deref(), Some("a create-cluster request is a few kilobytes; check that this is the right file"));
    // At the limit: linted normally.
    let settings = Settings { max_file_size: text.len(), ..Settings::default() };
    assert!(ckslint::lint_bytes("ok.yaml", text.as_bytes(), &settings).diagnostics.is_empty());
    // The default is 16 MiB.
    assert_eq!(Settings::default().max_file_size, 16 * 1024 * 1024);
}

#[test]
fn nesting_depth_limit() {
    // 128 levels in all is fine (here a wrong type, nothing more); 129 is not.
    let ok = format!("{{\"kubelet\": {}{}}}", "[".repeat(127), "]".repeat(127));
    assert!(!codes("a.json", &ok).contains(&"CKS006"));
    let deep = format!("{{\"kubelet\": {}{}}}", "[".repeat(128), "]".repeat(128));
    let f = lint("a.json", &deep);
    assert_eq!(found_in(&f), [("CKS006", 0, 1, 140, 1, 141, "nesting deeper than 128 levels".into())]);
    assert_eq!(first(&f, "CKS006").help.as_deref(), Some("a create-cluster request nests a few levels; this input is not a request"));
    // YAML flow and block nesting.
    let flow = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
    assert_eq!(only("a.yaml", &flow, "CKS006"), (1, 131, 1, 132, "nesting deeper than 128 levels".into()));
    let block: String = (0..130).map(|i| format!("{}k{i}:\n", "  ".repeat(i))).collect::<String>() + &"  ".repeat(130) + "v\n";
    assert_eq!(only("a.yaml", &block, "CKS006").0, 129);
}

#[test]
fn alias_expansion_budget() {
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n";
    let f = lint("bomb.yaml", bomb);
    assert_eq!(found_in(&f), [("CKS006", 0, 4, 36, 4, 38, "alias expansion exceeds the node budget of 10000 nodes".into())]);
    assert_eq!(first(&f, "CKS006").help.as_deref(), Some("a create-cluster request needs no large aliases; write the values out"));
    // Small aliases are resolved, and findings point where the value is used.
    let text = ok_yaml().replace("name: prod-east", "name: &n prod-east").replace("version: v1.35", "version: *n");
    assert_eq!(of("a.yaml", &text, "CKS205").iter().map(|f| (f.2, f.3, f.5)).collect::<Vec<_>>(), [(4, 10, 12)]);
}

// ---------------------------------------------------------------------------------------
// CKS007 yaml-ambiguous-scalar
// ---------------------------------------------------------------------------------------

fn with_pod(value: &str) -> String {
    ok_yaml().replace("podCidrName: pod cidr", &format!("podCidrName: {value}"))
}

#[test]
fn ambiguous_scalars_where_a_string_is_expected() {
    // `network.podCidrName:` is line 6; the value starts at column 16.
    let cases = [
        ("yes", 19, "unquoted `yes` is a string in YAML 1.2 but the boolean true in YAML 1.1"),
        ("on", 18, "unquoted `on` is a string in YAML 1.2 but the boolean true in YAML 1.1"),
        ("Off", 19, "unquoted `Off` is a string in YAML 1.2 but the boolean false in YAML 1.1"),
        ("N", 17, "unquoted `N` is a string in YAML 1.2 but the boolean false in YAML 1.1"),
        ("1:30", 20, "unquoted `1:30` is a string in YAML 1.2 but a sexagesimal (base 60) number in YAML 1.1"),
        ("0b101", 21, "unquoted `0b101` is a string in YAML 1.2 but a binary number in YAML 1.1"),
        ("1_000", 21, "unquoted `1_000` is a string in YAML 1.2 but a number in YAML 1.1"),
    ];
    for (value, end, message) in cases {
        let text = with_pod(value);
        assert_eq!(only("a.yaml", &text, "CKS007"), (6, 16, 6, end, message.into()), "{value}");
        let f = lint("a.yaml", &text);
        let d = first(&f, "CKS007");
        assert_eq!(d.pointer, "/network/podCidrName");
        assert_eq!(d.help, Some(format!("quote it so every YAML tool reads the same value: \"{value}\"")));
        let fix = d.fix.as_ref().unwrap();
        assert_eq!(fix.applicability, Applicability::Safe);
        let fixed = apply(&text, d);
        assert_eq!(fixed, with_pod(&format!("\"{value}\"")));
        assert_eq!(all("a.yaml", &fixed), [], "{value}");
    }
}

#[test]
fn ambiguous_scalars_in_lists_top_level_fields_and_kubelet() {
    let text = ok_yaml().replace("    - internal lb cidr", "    - off");
    assert_eq!(
        only("a.yaml", &text, "CKS007"),
        (9, 7, 9, 10, "unquoted `off` is a string in YAML 1.2 but the boolean false in YAML 1.1".into())
    );
    assert_eq!(lint("a.yaml", &text).diagnostics[0].pointer, "/network/internalLbCidrNames/0");
    let text = ok_yaml().replace("internalLbCidrNames:\n    - internal lb cidr", "internalLbCidrNames: [lb, NO]");
    assert_eq!(
        only("a.yaml", &text, "CKS007"),
        (8, 29, 8, 31, "unquoted `NO` is a string in YAML 1.2 but the boolean false in YAML 1.1".into())
    );
    // A top-level string field (a bad name too: CKS201 speaks for the value as well).
    let text = ok_yaml().replace("name: prod-east", "name: y");
    assert_eq!(of("a.yaml", &text, "CKS007").iter().map(|f| (f.2, f.3, f.5)).collect::<Vec<_>>(), [(1, 7, 8)]);
    // OIDC strings and string lists.
    let text = format!(
        "{}oidc:\n  issuerUrl: https://issuer.example.com\n  clientId: kube\n  usernameClaim: on\n",
        ok_yaml().replace("disableOidcInfoPublication: true\n", "")
    );
    let got = of("a.yaml", &text, "CKS007");
    assert_eq!(got.iter().map(|f| (f.2, f.3)).collect::<Vec<_>>(), [(14, 18)]);
    // Inside kubelet every string position counts.
    let text = format!("{}kubelet:\n  evictionHard:\n    memory.available: 1:30\n", ok_yaml());
    let got = of("a.yaml", &text, "CKS007");
    assert_eq!(got.iter().map(|f| (f.2, f.3, f.5)).collect::<Vec<_>>(), [(14, 23, 27)]);
    assert_eq!(
        lint("a.yaml", &text).diagnostics.iter().find(|d| d.rule.code == "CKS007").unwrap().pointer,
        "/kubelet/evictionHard/memory.available"
    );
}

#[test]
fn ambiguous_scalar_columns_with_multibyte_text_and_crlf() {
    let text = format!("# ünïcødé 😀\r\n{}", ok_yaml().replace("zone: US-EAST-04A", "zone: Off").replace('\n', "\r\n"));
    let got = of("a.yaml", &text, "CKS007");
    assert_eq!(got, [("CKS007", 0, 3, 7, 3, 10, "unquoted `Off` is a string in YAML 1.2 but the boolean false in YAML 1.1".into())]);
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS007");
    assert_eq!(&text[d.span.start..d.span.end], "Off");
    // A multi-byte value earlier on the same line of a flow list.
    let text = ok_yaml().replace("internalLbCidrNames:\n    - internal lb cidr", "internalLbCidrNames: [\"lb-ü😀\", on]");
    assert_eq!(of("a.yaml", &text, "CKS007").iter().map(|f| (f.2, f.3, f.5)).collect::<Vec<_>>(), [(8, 34, 36)]);
}

#[test]
fn no_ambiguity_when_quoted_in_json_or_where_not_a_string() {
    assert_eq!(all("a.yaml", &with_pod("\"yes\"")), []);
    assert_eq!(all("a.yaml", &with_pod("'on'")), []);
    assert_eq!(all("a.yaml", &with_pod("Norway")), []);
    assert_eq!(all("a.yaml", &with_pod("10.0.0.0:80")), []);
    assert_eq!(all("a.json", &ok_json().replace("\"pod cidr\"", "\"yes\"")), []);
    // Where a boolean is expected, `on` is a wrong type (CKS104), not also CKS007.
    let text = format!("{}public: on\n", ok_yaml());
    assert_eq!(codes("a.yaml", &text), ["CKS104"]);
    // `0755` is an integer in YAML 1.2: where a string is expected that is a wrong type
    // (CKS104, which names the YAML 1.1 octal reading), reported once.
    let text = with_pod("0755");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (
            6,
            16,
            6,
            20,
            "`network.podCidrName` must be a string, but YAML read `0755` as the number 755 (YAML 1.1 tools read it as octal 493)".into()
        )
    );
}

// ---------------------------------------------------------------------------------------
// Rendered output
// ---------------------------------------------------------------------------------------

#[test]
fn input_rules_snapshot() {
    let files = ckslint::lint_texts(&[
        ("broken.yaml", "name: ünïcødé\r\nzone: x\r\n  bad: y\r\n"),
        ("dup.yaml", &format!("{HEAD}name: other\n{NET}{TAIL}")),
        ("list.json", "[1, 2]\n"),
        ("empty.yaml", "# TODO\n"),
        ("ambiguous.yaml", &with_pod("on")),
    ]);
    let rendered: Vec<String> = files.iter().map(ckslint::output::human::render_plain).collect();
    insta::assert_snapshot!(rendered.join("\n"));
}
