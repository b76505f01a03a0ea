//! Audit policy rules CKS230–CKS234: base64 slips with exact spans and fixes, the decoded
//! policy's syntax, what kube-apiserver rejects, unknown fields and secrets logging.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use ckslint::source::{self, Format};

mod common;
use ckslint::{Applicability, Diagnostic, FileResult};
use common::{apply, lint};

/// A valid request of 10 lines; `auditPolicy` follows on line 11, its value at column 14.
const HEAD: &str = "name: staging-west\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\ndisableOidcInfoPublication: true\n";

const MINIMAL: &str = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n";

/// A realistic policy that passes every audit rule.
const FULL: &str = r#"apiVersion: audit.k8s.io/v1
kind: Policy
metadata:
  name: prod
omitStages:
  - RequestReceived
omitManagedFields: true
rules:
  - level: Metadata
    resources:
      - group: ""
        resources: ["secrets", "configmaps"]
      - group: authentication.k8s.io
        resources: ["tokenreviews"]
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources:
      - group: ""
        resources: ["endpoints", "services", "services/status"]
  - level: None
    nonResourceURLs: ["/healthz*", "/version", "/readyz", "*"]
  - level: Request
    userGroups: ["system:nodes"]
    namespaces: ["kube-system"]
    omitStages: ["ResponseStarted"]
  - level: RequestResponse
    resources:
      - group: rbac.authorization.k8s.io
        resources: ["roles", "rolebindings"]
        resourceNames: ["admin"]
      - group: apps
  - level: Metadata
    omitManagedFields: false
"#;

fn b64(s: &str) -> String {
    STANDARD.encode(s.as_bytes())
}

/// YAML request with `auditPolicy: <value as written>` on line 11.
fn yaml(value: &str) -> String {
    format!("{HEAD}auditPolicy: {value}\n")
}

/// YAML request whose `auditPolicy` is the base64 of `policy`.
fn yaml_policy(policy: &str) -> String {
    yaml(&b64(policy))
}

/// JSON request with `"auditPolicy": <value JSON text>` on line 8; the value starts at column 18.
fn json(value: &str) -> String {
    format!(
        "{{\n  \"name\": \"staging-west\",\n  \"zone\": \"US-WEST-09B\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.36\",\n  \"network\": {{\"podCidrName\": \"pods\", \"serviceCidrName\": \"services\", \"internalLbCidrNames\": [\"lb\"]}},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": {value}\n}}\n"
    )
}

fn json_str(value: &str) -> String {
    json(&serde_json::to_string(value).unwrap())
}

/// Every finding as (code, line, column, end line, end column, message).
fn all(path: &str, text: &str) -> Vec<(&'static str, usize, usize, usize, usize, String)> {
    let f = lint(path, text);
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (d.rule.code, s.line, s.column, e.line, e.column, d.message.clone())
        })
        .collect()
}

/// Findings of the audit rules only.
fn audit(path: &str, text: &str) -> Vec<(&'static str, usize, usize, usize, usize, String)> {
    all(path, text).into_iter().filter(|d| d.0.starts_with("CKS23")).collect()
}

fn codes(path: &str, text: &str) -> Vec<&'static str> {
    audit(path, text).into_iter().map(|d| d.0).collect()
}

fn only<'a>(f: &'a FileResult, code: &str) -> &'a Diagnostic {
    let found: Vec<&Diagnostic> = f.diagnostics.iter().filter(|d| d.rule.code == code).collect();
    assert_eq!(found.len(), 1, "{:#?}", f.diagnostics.iter().map(|d| (&d.rule.code, &d.message)).collect::<Vec<_>>());
    found[0]
}

/// The `auditPolicy` string of a request text.
fn policy_value(path: &str, text: &str) -> String {
    let format = if path.ends_with(".json") { Format::Json } else { Format::Yaml };
    let parsed = source::parse(text, format);
    let root = parsed.documents[0].root.as_ref().expect("a root");
    root.field("auditPolicy").and_then(|v| v.as_str()).expect("a string auditPolicy").to_string()
}

/// Apply the safe fix of the only `code` finding; the result lints with no audit error
/// or syntax error, and its `auditPolicy` decodes to `expected`.
fn fix_round_trip(path: &str, text: &str, code: &str, expected: &str) -> String {
    let before = lint(path, text);
    let d = only(&before, code);
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe), "{}", d.message);
    let out = apply(text, d);
    let after = lint(path, &out);
    let bad: Vec<_> = after.diagnostics.iter().filter(|d| d.rule.code.starts_with("CKS23") || d.rule.code == "CKS001").collect();
    assert!(bad.is_empty(), "{out}\n{bad:#?}");
    let decoded = STANDARD.decode(policy_value(path, &out)).expect("fixed value decodes");
    assert_eq!(String::from_utf8(decoded).unwrap(), expected);
    // And `--fix` logic picks it up.
    assert_eq!(ckslint::fix::apply_safe_fixes(text, &before.diagnostics).as_deref(), Some(out.as_str()));
    out
}

// ---------------------------------------------------------------------------------------
// Valid policies
// ---------------------------------------------------------------------------------------

#[test]
fn valid_policies_lint_clean() {
    for policy in [MINIMAL, FULL] {
        assert_eq!(all("a.yaml", &yaml_policy(policy)), [], "{policy}");
        assert_eq!(all("a.json", &json_str(&b64(policy))), [], "{policy}");
    }
}

#[test]
fn json_encoded_policy_lints_clean() {
    let policy = r#"{"apiVersion": "audit.k8s.io/v1", "kind": "Policy", "rules": [{"level": "Metadata", "resources": [{"group": "", "resources": ["secrets"]}]}, {"level": "RequestResponse"}]}"#;
    assert_eq!(all("a.yaml", &yaml_policy(policy)), []);
    assert_eq!(all("a.json", &json_str(&b64(policy))), []);
    // Pretty-printed with CRLF line endings and a BOM.
    let pretty =
        "\u{feff}{\r\n  \"apiVersion\": \"audit.k8s.io/v1\",\r\n  \"kind\": \"Policy\",\r\n  \"rules\": [{\"level\": \"None\"}]\r\n}\r\n";
    assert_eq!(all("a.yaml", &yaml_policy(pretty)), []);
}

#[test]
fn valid_policy_in_every_yaml_quoting_style() {
    let v = b64(MINIMAL);
    for written in [v.clone(), format!("\"{v}\""), format!("'{v}'"), format!("|-\n  {v}")] {
        assert_eq!(all("a.yaml", &yaml(&written)), [], "{written}");
    }
    // The proto spelling counts as `auditPolicy` (CKS103 speaks for the name).
    let text = format!("{HEAD}audit_policy: not*base64\n");
    assert_eq!(codes("a.yaml", &text), ["CKS230"]);
}

#[test]
fn other_rules_own_blank_and_mistyped_values() {
    // Blank: CKS105; wrong type: CKS104 — not also CKS230.
    assert_eq!(codes("a.yaml", &yaml("\"\"")), Vec::<&str>::new());
    assert_eq!(codes("a.yaml", &yaml("\"   \"")), Vec::<&str>::new());
    assert_eq!(codes("a.yaml", &yaml("42")), Vec::<&str>::new());
    assert_eq!(codes("a.json", &json("[\"YWJj\"]")), Vec::<&str>::new());
}

// ---------------------------------------------------------------------------------------
// CKS230 audit-policy-not-base64
// ---------------------------------------------------------------------------------------

#[test]
fn invalid_character_is_named_with_its_position() {
    assert_eq!(
        audit("a.yaml", &yaml("not*base64")),
        [("CKS230", 11, 17, 11, 18, "auditPolicy contains `*` at position 4, which is not a base64 character".into())]
    );
    // The acceptance sample.
    let sample = std::fs::read_to_string("/work/shared/acceptance/cases/audit.yaml").unwrap_or_else(|_| yaml("not*base64"));
    assert_eq!(audit("audit.yaml", &sample)[0].0, "CKS230");
    let f = lint("a.yaml", &yaml("not*base64"));
    let d = only(&f, "CKS230");
    assert_eq!(d.pointer, "/auditPolicy");
    assert!(d.fix.is_none());
    assert!(d.help.as_deref().unwrap().contains("`base64 -w0 policy.yaml`"));
    // In JSON: the column inside the quotes.
    assert_eq!(
        audit("a.json", &json("\"YWJj!ZGVm\"")),
        [("CKS230", 8, 23, 8, 24, "auditPolicy contains `!` at position 5, which is not a base64 character".into())]
    );
}

#[test]
fn multibyte_characters_before_the_fault() {
    // Non-ASCII text earlier on the same line: columns count characters.
    let one_line = r#"{"name": "staging-west", "zone": "US-WEST-09B", "vpcId": "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50", "version": "v1.36", "network": {"podCidrName": "pöds ünd 日本", "serviceCidrName": "services", "internalLbCidrNames": ["lb"]}, "disableOidcInfoPublication": true, "auditPolicy": "YWJj-ZGVm"}"#;
    let f = lint("a.json", one_line);
    let d = only(&f, "CKS230");
    assert_eq!((d.span.start, d.span.end), (284, 285));
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.line, e.column), (1, 279, 1, 280));
    // A non-ASCII character inside the value: named, one column wide.
    assert_eq!(
        audit("a.yaml", &yaml("YWJj’ZGVm")),
        [("CKS230", 11, 18, 11, 19, "auditPolicy contains `’` at position 5, which is not a base64 character".into())]
    );
    assert_eq!(
        audit("a.yaml", &yaml("éé*")),
        [("CKS230", 11, 14, 11, 15, "auditPolicy contains `é` at position 1, which is not a base64 character".into())]
    );
}

#[test]
fn url_safe_alphabet() {
    // `YWJj-ZGVm` (9 characters) also has an impossible length: said, and no fix.
    assert_eq!(
        audit("a.yaml", &yaml("\"YWJj-ZGVm\"")),
        [(
            "CKS230",
            11,
            19,
            11,
            20,
            "auditPolicy uses the URL-safe base64 alphabet (`-` at position 5); it also has 9 base64 characters, a length no encoding produces"
                .into()
        )]
    );
    assert!(only(&lint("a.yaml", &yaml("\"YWJj-ZGVm\"")), "CKS230").fix.is_none());
    // A real policy encoded with base64url (unpadded): fixed to standard padded base64.
    let policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    users: [\"ö>?\"]\n";
    let std = b64(policy);
    assert!(std.contains('+') || std.contains('/'), "{std}");
    let url = std.replace('+', "-").replace('/', "_").trim_end_matches('=').to_string();
    let text = yaml(&url);
    let first = url.find(['-', '_']).unwrap();
    let found = audit("a.yaml", &text);
    assert_eq!(found.len(), 1);
    assert_eq!((found[0].1, found[0].2), (11, 14 + first));
    assert!(found[0].5.starts_with("auditPolicy uses the URL-safe base64 alphabet"), "{}", found[0].5);
    let f = lint("a.yaml", &text);
    let d = only(&f, "CKS230");
    assert!(d.fix.as_ref().unwrap().message.contains("translate `-` to `+` and `_` to `/`"));
    fix_round_trip("a.yaml", &text, "CKS230", policy);
    fix_round_trip("a.json", &json_str(&url), "CKS230", policy);
}

#[test]
fn wrapped_base64_in_json() {
    let v = b64(FULL);
    let wrapped: String = v.as_bytes().chunks(76).map(|c| std::str::from_utf8(c).unwrap()).collect::<Vec<_>>().join("\n");
    let text = json_str(&wrapped);
    // The string has escapes: the whole value is the span.
    let found = audit("a.json", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].1, found[0].2), (8, 18));
    assert_eq!(found[0].5, "auditPolicy is split over several lines (a line break at position 77)");
    let f = lint("a.json", &text);
    assert!(only(&f, "CKS230").help.as_deref().unwrap().contains("one unbroken line"));
    let out = fix_round_trip("a.json", &text, "CKS230", FULL);
    assert!(out.contains(&format!("\"auditPolicy\": \"{v}\"")));
}

#[test]
fn yaml_literal_block_keeps_line_breaks() {
    let v = b64(FULL);
    let lines: Vec<&str> = v.as_bytes().chunks(60).map(|c| std::str::from_utf8(c).unwrap()).collect();
    let text = format!("{HEAD}auditPolicy: |\n  {}\npublic: false\n", lines.join("\n  "));
    let found = audit("a.yaml", &text);
    assert_eq!(found.len(), 1, "{found:?}");
    // Not verbatim: the whole block, from its `|` header.
    assert_eq!((found[0].1, found[0].2), (11, 14));
    assert_eq!(found[0].5, "auditPolicy is split over several lines (a line break at position 61)");
    let f = lint("a.yaml", &text);
    assert!(only(&f, "CKS230").help.as_deref().unwrap().contains("YAML block scalar"));
    let out = fix_round_trip("a.yaml", &text, "CKS230", FULL);
    assert!(out.ends_with(&format!("auditPolicy: \"{v}\"\npublic: false\n")), "{out}");
    // One line in a `|` block: only the final line break is wrong.
    let text = format!("{HEAD}auditPolicy: |\n  {}\n", b64(MINIMAL));
    assert_eq!(audit("a.yaml", &text)[0].5, "auditPolicy ends with a line break");
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
    // Folded plain scalar: folded into a space.
    let v = b64(MINIMAL);
    let text = format!("{HEAD}auditPolicy: {}\n  {}\n", &v[..40], &v[40..]);
    assert_eq!(audit("a.yaml", &text)[0].5, "auditPolicy contains a space at position 41");
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
}

#[test]
fn spaces_in_a_verbatim_value_point_at_the_space() {
    let v = b64(MINIMAL);
    let text = yaml(&format!("\"{} {}\"", &v[..8], &v[8..]));
    assert_eq!(audit("a.yaml", &text), [("CKS230", 11, 23, 11, 24, "auditPolicy contains a space at position 9".into())]);
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
    let text = yaml(&format!("\" {v}\""));
    assert_eq!(audit("a.yaml", &text)[0].5, "auditPolicy starts with a space");
}

#[test]
fn padding() {
    // MINIMAL encodes to a value ending in one `=`.
    let v = b64(MINIMAL);
    assert!(v.ends_with("o=") && !v.ends_with("=="));
    let bare = v.trim_end_matches('=');
    let text = yaml(bare);
    let found = audit("a.yaml", &text);
    // The incomplete last group (3 characters) is the span.
    let len = bare.chars().count();
    assert_eq!(found, [("CKS230", 11, 14 + len - 3, 11, 14 + len, "auditPolicy lacks its `=` padding".into())]);
    let f = lint("a.yaml", &text);
    assert_eq!(only(&f, "CKS230").fix.as_ref().unwrap().message, "add the `=` padding");
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
    // Too much padding.
    let text = yaml(&format!("{v}="));
    let found = audit("a.yaml", &text);
    assert_eq!(found[0].5, "auditPolicy has too much `=` padding");
    assert_eq!((found[0].2, found[0].4), (14 + v.len(), 15 + v.len()));
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
    let text = yaml("YWJj=");
    assert_eq!(audit("a.yaml", &text)[0].5, "auditPolicy ends with `=` padding it does not need");
    // `=` in the middle: two encodings joined, no fix.
    let text = yaml("YQ==Yg==");
    assert_eq!(audit("a.yaml", &text), [("CKS230", 11, 16, 11, 17, "auditPolicy has `=` padding in the middle, at position 3".into())]);
    assert!(only(&lint("a.yaml", &text), "CKS230").fix.is_none());
    // A length no encoding produces.
    let text = yaml("YWJjZ");
    assert_eq!(
        audit("a.yaml", &text),
        [("CKS230", 11, 18, 11, 19, "auditPolicy has 5 base64 characters, a length no encoding produces (one is missing or extra)".into())]
    );
    // Non-canonical last character.
    let text = yaml("aGVsbG9=");
    assert_eq!(
        audit("a.yaml", &text),
        [(
            "CKS230",
            11,
            20,
            11,
            21,
            "auditPolicy ends in `9` at position 7, which no encoder produces there: the value is cut or altered".into()
        )]
    );
}

#[test]
fn raw_yaml_gets_an_encode_fix() {
    // A literal block holding the policy itself.
    let block = format!("{HEAD}auditPolicy: |\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  rules:\n    - level: Metadata\n");
    let found = audit("a.yaml", &block);
    assert_eq!(found, [("CKS230", 11, 14, 15, 22, "auditPolicy holds raw YAML, not base64".into())]);
    let f = lint("a.yaml", &block);
    let d = only(&f, "CKS230");
    assert_eq!(d.fix.as_ref().unwrap().message, "base64-encode the policy");
    let out = fix_round_trip("a.yaml", &block, "CKS230", MINIMAL);
    assert_eq!(out, yaml(&format!("\"{}\"", b64(MINIMAL))));
    // A double-quoted one-liner with escapes: the whole value is the span.
    let text = yaml("\"apiVersion: audit.k8s.io/v1\\nkind: Policy\\nrules:\\n  - level: Metadata\\n\"");
    assert_eq!(audit("a.yaml", &text), [("CKS230", 11, 14, 11, 88, "auditPolicy holds raw YAML, not base64".into())]);
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
    // A YAML flow mapping starts with `{`: like kube-apiserver, the decoded text is then
    // read as JSON, so encoding it as-is is not enough (CKS231 after the fix).
    let flow = "{apiVersion: audit.k8s.io/v1, kind: Policy, rules: [{level: None}]}";
    let text = yaml(&format!("'{flow}'"));
    assert_eq!(audit("a.yaml", &text)[0].5, "auditPolicy holds raw JSON, not base64");
    let out = apply(&text, only(&lint("a.yaml", &text), "CKS230"));
    assert_eq!(codes("a.yaml", &out), ["CKS231"]);
}

#[test]
fn raw_json_gets_an_encode_fix() {
    let policy = "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"Metadata\"}]}";
    let text = json_str(policy);
    assert_eq!(
        audit("a.json", &text),
        [("CKS230", 8, 18, 8, 18 + serde_json::to_string(policy).unwrap().len(), "auditPolicy holds raw JSON, not base64".into())]
    );
    let out = fix_round_trip("a.json", &text, "CKS230", policy);
    assert!(out.contains(&format!("\"auditPolicy\": \"{}\"", b64(policy))));
}

#[test]
fn extra_quotes_around_the_value() {
    let v = b64(MINIMAL);
    let text = yaml(&format!("'\"{v}\"'"));
    assert_eq!(audit("a.yaml", &text), [("CKS230", 11, 15, 11, 16, "auditPolicy is wrapped in an extra pair of quotes (`\"`)".into())]);
    fix_round_trip("a.yaml", &text, "CKS230", MINIMAL);
}

// ---------------------------------------------------------------------------------------
// CKS231 audit-policy-syntax
// ---------------------------------------------------------------------------------------

#[test]
fn decoded_yaml_syntax_error() {
    let policy = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n   verbs: [get]\n";
    let text = yaml_policy(policy);
    let f = lint("a.yaml", &text);
    let d = only(&f, "CKS231");
    assert_eq!(d.pointer, "/auditPolicy");
    assert!(d.message.starts_with("decoded auditPolicy is not valid YAML: "), "{}", d.message);
    assert!(d.message.ends_with(" at line 5, column 4"), "{}", d.message);
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.line, e.column), (11, 14, 11, 14 + b64(policy).len()));
    let emb = d.embedded.as_ref().expect("embedded decoded text");
    assert_eq!(emb.name, "auditPolicy (decoded)");
    assert_eq!(&*emb.text, policy);
    assert_eq!(emb.span.start, policy.find("verbs").unwrap());
    assert_eq!(codes("a.yaml", &text), ["CKS231"]);
}

#[test]
fn decoded_json_syntax_error() {
    let policy = "{\n  \"apiVersion\": \"audit.k8s.io/v1\",\n  \"kind\": \"Policy\",\n  \"rules\": [{\"level\": \"Metadata\"},]\n}\n";
    let text = json_str(&b64(policy));
    let f = lint("a.json", &text);
    let d = only(&f, "CKS231");
    assert!(d.message.starts_with("decoded auditPolicy is not valid JSON: "), "{}", d.message);
    assert!(d.message.ends_with(" at line 4, column 34"), "{}", d.message);
    let emb = d.embedded.as_ref().unwrap();
    assert_eq!(&emb.text[emb.span.start..emb.span.start + 1], ",");
    // The primary span is the value, quotes included.
    let (s, _) = f.positions(d.span);
    assert_eq!((s.line, s.column), (8, 18));
}

#[test]
fn decoded_bytes_that_are_not_text() {
    // gzip magic.
    let gz = STANDARD.encode([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0xff]);
    assert_eq!(
        audit("a.yaml", &yaml(&gz)),
        [("CKS231", 11, 14, 11, 14 + gz.len(), "decoded auditPolicy is gzip-compressed data, not YAML or JSON".into())]
    );
    // Latin-1 text: the byte is named with its line and column; the decoded text is shown.
    let mut latin1 = b"apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    users: [\"".to_vec();
    latin1.extend([0xe9, b'"', b']', b'\n']);
    let v = STANDARD.encode(&latin1);
    let f = lint("a.yaml", &yaml(&v));
    let d = only(&f, "CKS231");
    assert_eq!(d.message, "decoded auditPolicy is not UTF-8 text: invalid byte 0xE9 at line 5, column 14");
    let emb = d.embedded.as_ref().unwrap();
    assert_eq!(&emb.text[emb.span.start..emb.span.end], "\u{fffd}");
    // UTF-16.
    let utf16: Vec<u8> = [0xff, 0xfe].into_iter().chain("apiVersion".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    assert_eq!(audit("a.yaml", &yaml(&STANDARD.encode(&utf16)))[0].5, "decoded auditPolicy is UTF-16 text, not UTF-8");
}

// ---------------------------------------------------------------------------------------
// CKS232 audit-policy-invalid
// ---------------------------------------------------------------------------------------

/// (code, message, text under the embedded span) of every audit finding of a YAML request
/// whose policy is `policy`; all of them point at the `auditPolicy` value.
fn inner(policy: &str) -> Vec<(&'static str, String, String)> {
    inner_in("a.yaml", &yaml_policy(policy))
}

fn inner_in(path: &str, text: &str) -> Vec<(&'static str, String, String)> {
    let f = lint(path, text);
    f.diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("CKS23"))
        .map(|d| {
            assert_eq!(d.pointer, "/auditPolicy");
            let e = d.embedded.as_ref().expect("embedded");
            (d.rule.code, d.message.clone(), e.text[e.span.start..e.span.end].to_string())
        })
        .collect()
}

fn one(code: &'static str, message: &str, under: &str) -> Vec<(&'static str, String, String)> {
    vec![(code, message.to_string(), under.to_string())]
}

const HEADER: &str = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";

#[test]
fn removed_api_version_gets_a_re_encoding_fix() {
    let policy = "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: Metadata\n";
    assert_eq!(
        inner(policy),
        one(
            "CKS232",
            "auditPolicy `apiVersion` `audit.k8s.io/v1beta1` is no longer served; kube-apiserver reads only `audit.k8s.io/v1`",
            "audit.k8s.io/v1beta1"
        )
    );
    let f = lint("a.yaml", &yaml_policy(policy));
    assert_eq!(only(&f, "CKS232").fix.as_ref().unwrap().message, "re-encode the policy with `apiVersion: audit.k8s.io/v1`");
    fix_round_trip("a.yaml", &yaml_policy(policy), "CKS232", MINIMAL);
    // In a JSON policy, in a JSON request: quotes kept.
    let policy = "{\"apiVersion\": \"audit.k8s.io/v1alpha1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"None\"}]}";
    fix_round_trip(
        "a.json",
        &json_str(&b64(policy)),
        "CKS232",
        "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"None\"}]}",
    );
    // Anything else: said, no fix.
    let policy = "apiVersion: example.com/v1\nkind: Policy\nrules:\n  - level: Metadata\n";
    assert_eq!(inner(policy), one("CKS232", "auditPolicy `apiVersion` is `example.com/v1`, not `audit.k8s.io/v1`", "example.com/v1"));
    assert!(only(&lint("a.yaml", &yaml_policy(policy)), "CKS232").fix.is_none());
}

#[test]
fn missing_api_version_is_added_and_kind_defaults() {
    // The decoder defaults a missing `kind` from the target type (`Policy`); a missing
    // `apiVersion` is "unknown group version field" (reader.go, LoadPolicyFromBytes).
    let policy = "rules:\n  - level: Metadata\n";
    assert_eq!(inner(policy), vec![("CKS232", "auditPolicy has no `apiVersion`".into(), "rules".into())]);
    let text = yaml_policy(policy);
    let f = lint("a.yaml", &text);
    let d = f.diagnostics.iter().find(|d| d.rule.code == "CKS232").unwrap();
    assert_eq!(d.fix.as_ref().unwrap().message, "re-encode the policy with `apiVersion: audit.k8s.io/v1`");
    let out = ckslint::fix::apply_safe_fixes(&text, &f.diagnostics).unwrap();
    assert_eq!(
        String::from_utf8(STANDARD.decode(policy_value("a.yaml", &out)).unwrap()).unwrap(),
        "apiVersion: audit.k8s.io/v1\nrules:\n  - level: Metadata\n"
    );
    assert!(codes("a.yaml", &out).is_empty());
    // JSON keeps its layout.
    let policy = "{\n  \"rules\": [{\"level\": \"None\"}]\n}";
    let text = yaml_policy(policy);
    let f = lint("a.yaml", &text);
    let out = ckslint::fix::apply_safe_fixes(&text, &f.diagnostics).unwrap();
    assert_eq!(
        String::from_utf8(STANDARD.decode(policy_value("a.yaml", &out)).unwrap()).unwrap(),
        "{\n  \"apiVersion\": \"audit.k8s.io/v1\",\n  \"rules\": [{\"level\": \"None\"}]\n}"
    );
    // No `kind` at all: accepted.
    assert_eq!(inner("apiVersion: audit.k8s.io/v1\nrules:\n  - level: Metadata\n"), vec![]);
}

#[test]
fn wrong_kind() {
    let p = |k: &str| format!("apiVersion: audit.k8s.io/v1\nkind: {k}\nrules:\n  - level: Metadata\n");
    assert_eq!(inner(&p("AuditPolicy")), one("CKS232", "auditPolicy `kind` is `AuditPolicy`, not `Policy`", "AuditPolicy"));
    assert_eq!(inner(&p("policy")), one("CKS232", "auditPolicy `kind` is `policy`, not `Policy`", "policy"));
    fix_round_trip("a.yaml", &yaml_policy(&p("policy")), "CKS232", MINIMAL);
}

#[test]
fn no_rules() {
    assert_eq!(inner(HEADER), one("CKS232", "auditPolicy has no `rules`", "apiVersion"));
    assert_eq!(inner(&format!("{HEADER}rules: []\n")), one("CKS232", "auditPolicy `rules` is empty", "[]"));
    assert_eq!(inner(&format!("{HEADER}rules:\n")), one("CKS232", "auditPolicy has no `rules`", "apiVersion"));
    let f = lint("a.yaml", &yaml_policy(HEADER));
    assert!(only(&f, "CKS232").help.as_deref().unwrap().contains("0 rules"));
}

#[test]
fn levels() {
    let rule = |r: &str| format!("{HEADER}rules:\n  - {r}\n");
    assert_eq!(inner(&rule("verbs: [get]")), one("CKS232", "auditPolicy `rules[0]` has no `level`", "verbs"));
    assert_eq!(inner(&rule("level: \"\"")), one("CKS232", "auditPolicy `rules[0].level` is empty", "\"\""));
    assert_eq!(inner(&rule("level: metadata")), one("CKS232", "auditPolicy `rules[0].level` `metadata` is not an audit level", "metadata"));
    let f = lint("a.yaml", &yaml_policy(&rule("level: metadata")));
    assert!(only(&f, "CKS232").help.as_deref().unwrap().starts_with("did you mean `Metadata`?"));
    fix_round_trip("a.yaml", &yaml_policy(&rule("level: metadata")), "CKS232", MINIMAL);
    // A typo: did-you-mean, but no automatic fix.
    let typo = rule("level: RequestResponce");
    let f = lint("a.yaml", &yaml_policy(&typo));
    let d = only(&f, "CKS232");
    assert!(d.help.as_deref().unwrap().starts_with("did you mean `RequestResponse`?"));
    assert!(d.fix.is_none());
    // Wrong type.
    assert_eq!(inner(&rule("level: 1")), one("CKS232", "auditPolicy `rules[0].level` is a number, not a string", "1"));
    // The fix for a level inside a JSON policy keeps the quotes.
    let policy = "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"requestresponse\"}]}";
    let fixed = "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"RequestResponse\"}]}";
    let text = yaml_policy(policy);
    let f = lint("a.yaml", &text);
    let d = only(&f, "CKS232");
    let out = apply(&text, d);
    assert_eq!(String::from_utf8(STANDARD.decode(policy_value("a.yaml", &out)).unwrap()).unwrap(), fixed);
}

#[test]
fn stages() {
    let policy =
        format!("{HEADER}omitStages: [RequestReceived, requestReceived, Done]\nrules:\n  - level: Metadata\n    omitStages: [\"Panik\"]\n");
    assert_eq!(
        inner(&policy),
        vec![
            ("CKS232", "auditPolicy `omitStages[1]` `requestReceived` is not an audit stage".into(), "requestReceived".into()),
            ("CKS232", "auditPolicy `omitStages[2]` `Done` is not an audit stage".into(), "Done".into()),
            ("CKS232", "auditPolicy `rules[0].omitStages[0]` `Panik` is not an audit stage".into(), "Panik".into()),
        ]
    );
    // One combined fix corrects the case of `requestReceived`; the others need a human.
    let f = lint("a.yaml", &yaml_policy(&policy));
    let fixes: Vec<_> = f.diagnostics.iter().filter(|d| d.fix.is_some()).collect();
    assert_eq!(fixes.len(), 1);
    assert_eq!(fixes[0].fix.as_ref().unwrap().message, "re-encode the policy with `RequestReceived`");
    let help = f.diagnostics.iter().find(|d| d.message.contains("Panik")).unwrap().help.clone().unwrap();
    assert!(help.starts_with("did you mean `Panic`?"), "{help}");
}

#[test]
fn non_resource_urls() {
    let rule = |r: &str| format!("{HEADER}rules:\n  - level: None\n    {r}\n  - level: Metadata\n");
    assert_eq!(
        inner(&rule("nonResourceURLs: [healthz]")),
        one("CKS232", "auditPolicy `rules[0].nonResourceURLs[0]` `healthz` must be `*` or start with `/`", "healthz")
    );
    // `*` only as the last character: the span is the `*` inside the decoded string.
    assert_eq!(
        inner(&rule("nonResourceURLs: [\"/healthz\", \"/api/*/x\"]")),
        one("CKS232", "auditPolicy `rules[0].nonResourceURLs[1]` `/api/*/x` has `*` before its end", "*")
    );
    assert_eq!(inner(&rule("nonResourceURLs: [\"*\", \"/healthz*\", \"/\"]")), vec![]);
    assert_eq!(
        inner(&rule("nonResourceURLs: [\"a*b\"]")),
        vec![
            ("CKS232", "auditPolicy `rules[0].nonResourceURLs[0]` `a*b` must be `*` or start with `/`".into(), "a*b".into()),
            ("CKS232", "auditPolicy `rules[0].nonResourceURLs[0]` `a*b` has `*` before its end".into(), "*".into()),
        ]
    );
    // Mixed with resources or namespaces.
    assert_eq!(
        inner(&rule("nonResourceURLs: [/metrics]\n    resources: [{group: \"\"}]")),
        one("CKS232", "auditPolicy `rules[0]` mixes `nonResourceURLs` with `resources`", "nonResourceURLs")
    );
    assert_eq!(
        inner(&rule("nonResourceURLs: [/metrics]\n    namespaces: [default]\n    resources: [{group: apps}]")),
        one("CKS232", "auditPolicy `rules[0]` mixes `nonResourceURLs` with `resources` and `namespaces`", "nonResourceURLs")
    );
    // Empty lists do not count (Go's `len(...) > 0`).
    assert_eq!(inner(&rule("nonResourceURLs: [/metrics]\n    namespaces: []")), vec![]);
    // A string instead of a list.
    assert_eq!(
        inner(&rule("nonResourceURLs: /metrics")),
        one("CKS232", "auditPolicy `rules[0].nonResourceURLs` is a string, not a list of strings", "/metrics")
    );
}

#[test]
fn groups() {
    let rule =
        |g: &str| format!("{HEADER}rules:\n  - level: Metadata\n    resources:\n      - group: {g}\n        resources: [deployments]\n");
    assert_eq!(inner(&rule("apps/v1")), one("CKS232", "auditPolicy `rules[0].resources[0].group` `apps/v1` includes a version", "/v1"));
    fix_round_trip("a.yaml", &yaml_policy(&rule("apps/v1")), "CKS232", &rule("apps"));
    assert_eq!(
        inner(&rule("Apps")),
        one("CKS232", "auditPolicy `rules[0].resources[0].group` `Apps` is not a lowercase DNS subdomain", "A")
    );
    fix_round_trip("a.yaml", &yaml_policy(&rule("Apps")), "CKS232", &rule("apps"));
    // `group: "*"` is valid from v1.36 (this file requests v1.36), rejected before.
    assert_eq!(inner(&rule("\"*\"")), vec![]);
    let v135 = yaml_policy(&rule("\"*\"")).replace("version: v1.36", "version: v1.35");
    assert_eq!(
        inner_in("a.yaml", &v135),
        one(
            "CKS232",
            "auditPolicy `rules[0].resources[0].group` is `*`; kube-apiserver accepts a group wildcard from Kubernetes v1.36",
            "*"
        )
    );
    assert_eq!(
        inner(&rule("my_group.io")),
        one("CKS232", "auditPolicy `rules[0].resources[0].group` `my_group.io` is not a lowercase DNS subdomain", "_")
    );
    // The core group written with its version: no fix, the help names `""`.
    let f = lint("a.yaml", &yaml_policy(&rule("/v1")));
    let d = only(&f, "CKS232");
    assert!(d.help.as_deref().unwrap().contains("`\"\"`"));
    for ok in ["\"\"", "apps", "rbac.authorization.k8s.io", "x-1.example.com"] {
        assert_eq!(inner(&rule(ok)), vec![], "{ok}");
    }
}

#[test]
fn resource_names_need_resources() {
    let policy = format!("{HEADER}rules:\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resourceNames: [my-config]\n");
    assert_eq!(
        inner(&policy),
        one("CKS232", "auditPolicy `rules[0].resources[0]` has `resourceNames` but no `resources`", "resourceNames")
    );
    let ok = format!("{HEADER}rules:\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [configmaps]\n        resourceNames: [my-config]\n");
    assert_eq!(inner(&ok), vec![]);
}

#[test]
fn type_errors() {
    assert_eq!(
        inner(&format!("{HEADER}rules:\n  level: Metadata\n")),
        one("CKS232", "auditPolicy `rules` is a mapping, not a list", "level: Metadata")
    );
    assert_eq!(
        inner(&format!("{HEADER}rules:\n  - Metadata\n")),
        one("CKS232", "auditPolicy `rules[0]` is a string, not a mapping", "Metadata")
    );
    assert_eq!(
        inner(&format!("{HEADER}rules:\n  - level: Metadata\n    verbs: get\n")),
        one("CKS232", "auditPolicy `rules[0].verbs` is a string, not a list of strings", "get")
    );
    assert_eq!(
        inner(&format!("{HEADER}rules:\n  - level: Metadata\n    namespaces: [default, 42]\n")),
        one("CKS232", "auditPolicy `rules[0].namespaces[1]` is a number, not a string", "42")
    );
    assert_eq!(
        inner(&format!("{HEADER}rules:\n  - level: Metadata\n    resources: [secrets]\n")),
        one("CKS232", "auditPolicy `rules[0].resources[0]` is a string, not a mapping", "secrets")
    );
    assert_eq!(
        inner(&format!("{HEADER}omitManagedFields: \"yes\"\nrules:\n  - level: Metadata\n")),
        one("CKS232", "auditPolicy `omitManagedFields` is a string, not a boolean", "\"yes\"")
    );
    assert_eq!(
        inner("apiVersion: 1\nkind: Policy\nrules:\n  - level: None\n"),
        one("CKS232", "auditPolicy `apiVersion` is a number, not a string", "1")
    );
    // null reads as unset, as in Go.
    assert_eq!(inner(&format!("{HEADER}rules:\n  - level: Metadata\n    verbs: null\n    users: ~\n")), vec![]);
}

#[test]
fn not_a_policy_mapping() {
    assert_eq!(inner("- level: Metadata\n"), one("CKS232", "decoded auditPolicy is a list, not a mapping", "- level: Metadata"));
    // Encoded twice.
    let twice = b64(&b64(MINIMAL));
    let found = inner_in("a.yaml", &yaml(&twice));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].1, "decoded auditPolicy is base64 again: the policy was encoded twice");
    // Empty or only comments.
    assert_eq!(inner("# nothing here\n"), one("CKS232", "decoded auditPolicy holds no policy (it is empty or only comments)", ""));
}

#[test]
fn several_documents() {
    let policy = format!("{MINIMAL}---\n{MINIMAL}");
    // kube-apiserver reads the first document: valid, but the rest is ignored (a warning).
    assert_eq!(
        inner(&policy),
        one("CKS233", "decoded auditPolicy holds 2 YAML documents; kube-apiserver reads only the first and ignores the rest", "apiVersion")
    );
    // An invalid second document is not read at all.
    assert_eq!(inner(&format!("{MINIMAL}---\nkind: Nonsense\n")).iter().filter(|f| f.0 == "CKS232").count(), 0);
    // A leading `---` is one document.
    assert_eq!(inner(&format!("---\n{MINIMAL}")), vec![]);
}

// ---------------------------------------------------------------------------------------
// CKS233 audit-policy-unknown-field
// ---------------------------------------------------------------------------------------

#[test]
fn unknown_fields_at_each_level() {
    let policy = format!(
        "{HEADER}metadata:\n  name: x\n  anything: goes\nlevel: Metadata\nrules:\n  - level: None\n    nonResourceUrls: [\"/healthz*\"]\n    namespace: [x]\n  - level: Metadata\n    resources:\n      - group: \"\"\n        resource: [pods]\n        resources: [secrets]\n        colour: blue\n"
    );
    assert_eq!(
        inner(&policy),
        vec![
            ("CKS233", "auditPolicy has an unknown field `level`".into(), "level".into()),
            ("CKS233", "auditPolicy `rules[0]` has an unknown field `nonResourceUrls`".into(), "nonResourceUrls".into()),
            ("CKS233", "auditPolicy `rules[0]` has an unknown field `namespace`".into(), "namespace".into()),
            ("CKS233", "auditPolicy `rules[1].resources[0]` has an unknown field `resource`".into(), "resource".into()),
            ("CKS233", "auditPolicy `rules[1].resources[0]` has an unknown field `colour`".into(), "colour".into()),
        ]
    );
    let f = lint("a.yaml", &yaml_policy(&policy));
    let helps: Vec<String> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS233").map(|d| d.help.clone().unwrap()).collect();
    assert!(helps[0].starts_with("`level` is a field of each rule (under `rules`)"), "{}", helps[0]);
    assert_eq!(
        helps[1],
        "did you mean `nonResourceURLs`? kube-apiserver ignores unknown fields (it only logs a warning), so this rule matches more requests than intended"
    );
    assert!(helps[2].starts_with("did you mean `namespaces`?"), "{}", helps[2]);
    assert!(helps[4].starts_with("a `resources` entry has the fields `group`, `resources`, `resourceNames`"), "{}", helps[4]);
    assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS233" || d.severity == ckslint::Severity::Warning));
    // snake_case spellings.
    let snake = format!("{HEADER}rules:\n  - level: None\n    non_resource_urls: [/healthz]\n    user_groups: [x]\n");
    let found = lint("a.yaml", &yaml_policy(&snake));
    let helps: Vec<String> = found.diagnostics.iter().filter(|d| d.rule.code == "CKS233").map(|d| d.help.clone().unwrap()).collect();
    assert!(helps[0].starts_with("did you mean `nonResourceURLs`?"), "{}", helps[0]);
    assert!(helps[1].starts_with("did you mean `userGroups`?"), "{}", helps[1]);
}

#[test]
fn duplicate_fields() {
    let policy = format!("{HEADER}rules:\n  - level: None\n    level: Metadata\n");
    assert_eq!(inner(&policy), one("CKS233", "auditPolicy repeats the field `level`", "level"));
    let json_policy =
        "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"None\"}]}";
    assert_eq!(inner(json_policy), one("CKS233", "auditPolicy repeats the field `kind`", "\"kind\""));
}

// ---------------------------------------------------------------------------------------
// CKS234 audit-policy-logs-secrets
// ---------------------------------------------------------------------------------------

fn secrets(rules: &str) -> Vec<(&'static str, String, String)> {
    inner(&format!("{HEADER}rules:\n{rules}")).into_iter().filter(|f| f.0 == "CKS234").collect()
}

#[test]
fn catch_all_request_response_logs_secrets() {
    assert_eq!(
        secrets("  - level: RequestResponse\n"),
        one(
            "CKS234",
            "auditPolicy `rules[0]` logs core `secrets` at `RequestResponse`, so secret values reach the audit log",
            "RequestResponse"
        )
    );
    let f = lint("a.yaml", &yaml_policy(&format!("{HEADER}rules:\n  - level: RequestResponse\n")));
    let d = only(&f, "CKS234");
    assert_eq!(d.severity, ckslint::Severity::Warning);
    assert_eq!(
        d.help.as_deref(),
        Some("add a rule `{level: Metadata, resources: [{group: \"\", resources: [\"secrets\"]}]}` before `rules[0]`")
    );
}

#[test]
fn an_earlier_metadata_rule_for_all_secrets_protects_them() {
    let guard = "  - level: Metadata\n    resources:\n      - group: \"\"\n        resources: [secrets]\n";
    assert_eq!(secrets(&format!("{guard}  - level: RequestResponse\n")), vec![]);
    for res in ["\"*\"", "secrets/*", "[]"] {
        let g = format!(
            "  - level: None\n    resources:\n      - group: \"\"\n        resources: {}\n",
            if res == "[]" { "[]".into() } else { format!("[{res}]") }
        );
        assert_eq!(secrets(&format!("{g}  - level: Request\n")), vec![], "{res}");
    }
    // A rule with no resources at all matches every request.
    assert_eq!(secrets("  - level: Metadata\n  - level: RequestResponse\n"), vec![]);
}

#[test]
fn restricted_guards_let_some_secrets_through() {
    // Only `get` requests are at Metadata; writes reach the catch-all.
    let found = secrets(
        "  - level: Metadata\n    verbs: [get]\n    resources:\n      - group: \"\"\n        resources: [secrets]\n  - level: Request\n",
    );
    assert_eq!(
        found,
        one("CKS234", "auditPolicy `rules[1]` logs core `secrets` at `Request`, so secret values reach the audit log", "Request")
    );
    for limit in ["users: [alice]", "userGroups: [devs]", "namespaces: [default]"] {
        let r = format!(
            "  - level: None\n    {limit}\n    resources:\n      - group: \"\"\n        resources: [secrets]\n  - level: RequestResponse\n"
        );
        assert_eq!(secrets(&r).len(), 1, "{limit}");
    }
    let names = "  - level: None\n    resources:\n      - group: \"\"\n        resources: [secrets]\n        resourceNames: [a]\n  - level: RequestResponse\n";
    assert_eq!(secrets(names).len(), 1);
}

#[test]
fn rules_that_cannot_match_secrets_are_skipped() {
    // Other groups, other core resources, non-resource URLs.
    let r = "  - level: RequestResponse\n    resources:\n      - group: apps\n      - group: \"\"\n        resources: [pods, configmaps]\n  - level: Request\n    nonResourceURLs: [\"*\"]\n  - level: Metadata\n";
    assert_eq!(secrets(r), vec![]);
    // A restricted rule that matches secrets at Request fires even before a guard.
    let r = "  - level: Request\n    namespaces: [kube-system]\n  - level: Metadata\n";
    assert_eq!(
        secrets(r),
        one("CKS234", "auditPolicy `rules[0]` logs core `secrets` at `Request`, so secret values reach the audit log", "Request")
    );
    // No rule matches: the default level is None.
    assert_eq!(secrets("  - level: RequestResponse\n    nonResourceURLs: [/metrics]\n"), vec![]);
}

#[test]
fn json_policy_secrets_in_json_request() {
    let policy = "{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"Request\"}]}";
    let found = inner_in("a.json", &json_str(&b64(policy)));
    assert_eq!(
        found,
        one("CKS234", "auditPolicy `rules[0]` logs core `secrets` at `Request`, so secret values reach the audit log", "Request")
    );
}

#[test]
fn misplaced_fields_say_where_they_belong() {
    let policy = format!("{HEADER}rules:\n  - level: None\n    group: apps\n    rules: []\n");
    let f = lint("a.yaml", &yaml_policy(&policy));
    let helps: Vec<String> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS233").map(|d| d.help.clone().unwrap()).collect();
    assert_eq!(helps.len(), 2);
    assert!(helps[0].starts_with("`group` is a field of each `resources` entry of a rule."), "{}", helps[0]);
    assert!(helps[1].starts_with("`rules` is a field of the policy itself (top level)."), "{}", helps[1]);
}

#[test]
fn star_check_handles_multibyte_paths() {
    let rule = |u: &str| format!("{HEADER}rules:\n  - level: None\n    nonResourceURLs: [\"{u}\"]\n  - level: Metadata\n");
    assert_eq!(inner(&rule("/ä*ü")), one("CKS232", "auditPolicy `rules[0].nonResourceURLs[0]` `/ä*ü` has `*` before its end", "*"));
    assert_eq!(inner(&rule("/äü*")), vec![]);
}

#[test]
fn inline_suppression_on_the_value_line() {
    let v = b64(&format!("{HEADER}rules:\n  - level: RequestResponse\n"));
    let text = format!("{HEAD}auditPolicy: {v} # ckslint: ignore[CKS234] the log sink is encrypted\n");
    assert_eq!(all("a.yaml", &text), []);
    let text = format!("{HEAD}# ckslint: ignore[audit-policy-logs-secrets] reviewed\nauditPolicy: {v}\n");
    assert_eq!(all("a.yaml", &text), []);
}

// ---------------------------------------------------------------------------------------
// Output
// ---------------------------------------------------------------------------------------

#[test]
fn json_output_carries_the_embedded_policy() {
    let policy = format!("{HEADER}rules:\n  - level: metadata\n");
    let f = lint("a.yaml", &yaml_policy(&policy));
    let mut out = String::new();
    ckslint::output::json::render(&[f], &mut out);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let d = &v["diagnostics"][0];
    assert_eq!(d["code"], "CKS232");
    assert_eq!(d["embedded"]["name"], "auditPolicy (decoded)");
    assert_eq!(d["embedded"]["text"], policy.as_str());
    assert_eq!(d["embedded"]["start"], serde_json::json!({"line": 4, "column": 12}));
    assert_eq!(d["embedded"]["end"], serde_json::json!({"line": 4, "column": 20}));
    assert_eq!(d["start"], serde_json::json!({"line": 11, "column": 14}));
}

#[test]
fn audit_snapshot() {
    let mut out = String::new();
    let cases: Vec<(&str, String)> = vec![
        ("not-base64.yaml", yaml("not*base64")),
        ("url-safe.json", json_str("YWJj-ZGVmZA")),
        ("raw.yaml", format!("{HEAD}auditPolicy: |\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  rules:\n    - level: Metadata\n")),
        ("syntax.yaml", yaml_policy("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n   verbs: [get]\n")),
        ("invalid.yaml", yaml_policy("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: metadata\n    nonResourceURLs: [\"/api/*/x\"]\n    resources:\n      - group: apps/v1\n")),
        ("unknown.yaml", yaml_policy(&format!("{HEADER}rules:\n  - level: None\n    nonResourceUrls: [\"/healthz*\"]\n  - level: Metadata\n"))),
        ("secrets.json", json_str(&b64(&format!("{HEADER}rules:\n  - level: Metadata\n    verbs: [get]\n  - level: RequestResponse\n")))),
    ];
    for (path, text) in cases {
        let f = lint(path, &text);
        out.push_str(&format!("=== {path}\n"));
        out.push_str(&ckslint::output::human::render_plain(&f));
    }
    insta::assert_snapshot!(out);
}
