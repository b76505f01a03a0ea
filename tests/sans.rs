//! Server certificate SAN rules CKS220–CKS222 at their edges, in JSON and YAML.

use ckslint::Applicability;

mod common;
use common::{apply, at, cols, first, lint, start};

/// A valid request of 11 lines; `additionalServerSans` follows on line 12.
const BASE: &str = "name: staging-west\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// A YAML request with a block list of SANs (each written as given), items from line 13.
fn block(sans: &[&str]) -> String {
    let items: String = sans.iter().map(|s| format!("  - {s}\n")).collect();
    format!("{BASE}additionalServerSans:\n{items}")
}

/// A YAML request with a flow list of SANs on line 12.
fn flow(sans: &[&str]) -> String {
    format!("{BASE}additionalServerSans: [{}]\n", sans.join(", "))
}

/// A JSON request with the SANs (JSON-quoted here) pretty-printed one per line, from line 10.
fn json(sans: &[&str]) -> String {
    let items = sans.iter().map(|s| format!("    {}", serde_json::to_string(s).unwrap())).collect::<Vec<_>>().join(",\n");
    format!(
        "{{\n  \"name\": \"staging-west\",\n  \"zone\": \"US-WEST-09B\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.36\",\n  \"network\": {{\"podCidrName\": \"pöds\", \"serviceCidrName\": \"services\", \"internalLbCidrNames\": [\"lb\"]}},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\",\n  \"additionalServerSans\": [\n{items}\n  ]\n}}\n"
    )
}

fn san_codes(path: &str, text: &str) -> Vec<&'static str> {
    lint(path, text).diagnostics.iter().map(|d| d.rule.code).filter(|c| c.starts_with("CKS22")).collect()
}

/// Apply the (safe) fix of the first `code` finding; the re-linted text parses and has
/// no SAN finding left.
fn fixed(path: &str, text: &str, code: &str) -> String {
    let before = lint(path, text);
    let d = first(&before, code);
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe), "{}", d.message);
    let out = apply(text, d);
    let after = lint(path, &out);
    let left: Vec<_> = after.diagnostics.iter().filter(|d| d.rule.code.starts_with("CKS22") || d.rule.code == "CKS001").collect();
    assert!(left.is_empty(), "{out}\n{left:?}");
    out
}

// ---------------------------------------------------------------------------------------
// CKS220 too-many-sans
// ---------------------------------------------------------------------------------------

fn names(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("san{i}.example.com")).collect()
}

#[test]
fn exactly_ten_sans_are_fine_eleven_are_not() {
    let ten = names(10);
    let ten: Vec<&str> = ten.iter().map(String::as_str).collect();
    assert!(san_codes("a.yaml", &block(&ten)).is_empty());
    assert!(san_codes("a.json", &json(&ten)).is_empty());
    let eleven = names(11);
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    assert_eq!(at("a.yaml", &block(&eleven), "CKS220"), [(23, 5, 23, 22, "11 additionalServerSans, the API allows at most 10".into())]);
    let f = lint("a.yaml", &block(&eleven));
    assert_eq!(first(&f, "CKS220").pointer, "/additionalServerSans/10");
    assert_eq!(
        first(&f, "CKS220").help.as_deref(),
        Some("remove 1 entry; a wildcard such as `*.example.com` covers every name one level below it")
    );
}

#[test]
fn the_span_covers_every_entry_past_the_tenth() {
    let twelve = names(12);
    let twelve: Vec<&str> = twelve.iter().map(String::as_str).collect();
    assert_eq!(at("a.yaml", &block(&twelve), "CKS220"), [(23, 5, 24, 22, "12 additionalServerSans, the API allows at most 10".into())]);
    let t = json(&twelve);
    let f = lint("a.json", &t);
    let d = first(&f, "CKS220");
    assert_eq!(&t[d.span.start..d.span.end], "\"san10.example.com\",\n    \"san11.example.com\"");
    let t = flow(&twelve);
    let d = first(&lint("a.yaml", &t), "CKS220").clone();
    assert_eq!(&t[d.span.start..d.span.end], "san10.example.com, san11.example.com");
}

// ---------------------------------------------------------------------------------------
// CKS221 duplicate-san
// ---------------------------------------------------------------------------------------

#[test]
fn acceptance_case_reports_the_second_entry_on_line_14() {
    let t = block(&["a.example.com", "a.example.com"]);
    assert_eq!(at("a.yaml", &t, "CKS221"), [(14, 5, 14, 18, "`a.example.com` is listed twice".into())]);
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS221");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].message, "first listed here");
    assert_eq!(f.positions(d.labels[0].span).0.line, 13);
    assert_eq!(d.pointer, "/additionalServerSans/1");
    let out = fixed("a.yaml", &t, "CKS221");
    assert_eq!(out, block(&["a.example.com"]));
}

#[test]
fn dns_names_compare_case_insensitively_and_without_a_trailing_dot() {
    let t = block(&["api.example.com", "x.example.com", "API.Example.com."]);
    assert_eq!(at("a.yaml", &t, "CKS221"), [(15, 5, 15, 21, "`API.Example.com.` repeats `api.example.com`".into())]);
    assert_eq!(
        first(&lint("a.yaml", &t), "CKS221").help.as_deref(),
        Some("remove the repeated entry; DNS names compare case-insensitively")
    );
    let out = fixed("a.yaml", &t, "CKS221");
    assert_eq!(out, block(&["api.example.com", "x.example.com"]));
}

#[test]
fn addresses_compare_by_value() {
    let t = block(&["::1", "\"0:0::1\"", "10.0.0.1"]);
    assert_eq!(at("a.yaml", &t, "CKS221"), [(14, 6, 14, 12, "`0:0::1` repeats `::1` (the same address)".into())]);
    // An IPv4 address and its IPv6-mapped form are different SANs.
    assert!(at("a.yaml", &block(&["10.0.0.1", "::ffff:10.0.0.1"]), "CKS221").is_empty());
    // A wildcard does not repeat the names it covers.
    assert!(at("a.yaml", &block(&["\"*.example.com\"", "a.example.com"]), "CKS221").is_empty());
}

#[test]
fn duplicate_removal_in_json_and_flow_lists() {
    let t = json(&["a.example.com", "b.example.com", "A.example.com"]);
    assert_eq!(start("a.json", &t, "CKS221"), (12, 6));
    let out = fixed("a.json", &t, "CKS221");
    assert_eq!(out, json(&["a.example.com", "b.example.com"]));
    let t = json(&["a.example.com", "A.example.com", "b.example.com"]);
    let out = fixed("a.json", &t, "CKS221");
    assert_eq!(out, json(&["a.example.com", "b.example.com"]));
    let t = flow(&["a.example.com", "a.example.com"]);
    let out = fixed("a.yaml", &t, "CKS221");
    assert_eq!(out, flow(&["a.example.com"]));
}

#[test]
fn several_duplicates_are_removed_in_one_pass() {
    for (path, t) in [
        ("a.yaml", block(&["a.example.com", "a.example.com", "A.EXAMPLE.COM", "b.example.com"])),
        ("a.yaml", flow(&["a.example.com", "a.example.com", "A.EXAMPLE.COM", "b.example.com"])),
        ("a.json", json(&["a.example.com", "a.example.com", "A.EXAMPLE.COM", "b.example.com"])),
    ] {
        let f = lint(path, &t);
        assert_eq!(f.diagnostics.iter().filter(|d| d.rule.code == "CKS221").count(), 2);
        let out = ckslint::fix::apply_safe_fixes(&t, &f.diagnostics).expect("fixes");
        assert!(san_codes(path, &out).is_empty(), "{out}");
        assert!(out.contains("b.example.com") && out.matches("a.example.com").count() == 1, "{out}");
    }
}

#[test]
fn an_entry_equal_to_an_earlier_one_once_fixed_is_a_repeat() {
    // `https://api.example.com` is invalid (CKS222, fixable); the two below repeat its host.
    let t = block(&["https://api.example.com", "api.example.com", "API.example.com"]);
    assert_eq!(san_codes("a.yaml", &t), ["CKS222", "CKS221", "CKS221"]);
    assert_eq!(at("a.yaml", &t, "CKS221")[0].4, "`api.example.com` repeats `https://api.example.com` (the same host)");
    let f = lint("a.yaml", &t);
    let out = ckslint::fix::apply_safe_fixes(&t, &f.diagnostics).expect("fixes");
    assert_eq!(out, block(&["api.example.com"]));
    // And the other way round: the URL after the plain name is the repeat (one finding for it).
    let t = block(&["api.example.com", "https://api.example.com"]);
    assert_eq!(san_codes("a.yaml", &t), ["CKS221"]);
}

#[test]
fn duplicates_with_crlf() {
    let t = block(&["a.example.com", "a.example.com"]).replace('\n', "\r\n");
    assert_eq!(start("a.yaml", &t, "CKS221"), (14, 5));
    let out = fixed("a.yaml", &t, "CKS221");
    assert_eq!(out, block(&["a.example.com"]).replace('\n', "\r\n"));
}

// ---------------------------------------------------------------------------------------
// CKS222 invalid-san
// ---------------------------------------------------------------------------------------

#[test]
fn valid_forms_are_silent() {
    let t = block(&[
        "api.example.com",
        "\"*.example.com\"",
        "10.16.0.10",
        "2001:db8::10",
        "\"::1\"",
        "localhost",
        "Upper.Example.COM",
        "trailing.dot.",
    ]);
    assert!(san_codes("a.yaml", &t).is_empty(), "{:?}", lint("a.yaml", &t).diagnostics);
    let t = json(&["api.example.com", "*.example.com", "fd00::1", "10.0.0.1"]);
    assert!(san_codes("a.json", &t).is_empty());
}

#[test]
fn a_url_says_drop_the_scheme_and_gets_a_fix() {
    let t = block(&["https://api.example.com"]);
    assert_eq!(at("a.yaml", &t, "CKS222"), [(13, 5, 13, 13, "a SAN is a host name, not a URL; drop `https://`".into())]);
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["api.example.com"]));
    let t = json(&["https://api.example.com:6443/healthz"]);
    assert_eq!(at("a.json", &t, "CKS222")[0].4, "a SAN is a host name, not a URL; drop `https://` and `:6443` and `/healthz`");
    assert_eq!(fixed("a.json", &t, "CKS222"), json(&["api.example.com"]));
    // A wildcard host keeps its quotes once fixed.
    let t = block(&["\"https://*.example.com\""]);
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["\"*.example.com\""]));
}

#[test]
fn a_url_with_a_path_is_fixed_to_its_host() {
    // Issue 20: the remedy is certain (a certificate SAN is the host and nothing else), so
    // the fix is safe and `--fix` applies it; the re-linted file has no SAN finding.
    for (path, t) in [("a.yaml", block(&["https://api.example.com/x"])), ("a.json", json(&["https://api.example.com/x"]))] {
        let f = lint(path, &t);
        let d = first(&f, "CKS222");
        assert_eq!(d.message, "a SAN is a host name, not a URL; drop `https://` and `/x`");
        assert_eq!(d.help.as_deref(), Some("write the host name only: `api.example.com`"));
        let fix = d.fix.as_ref().expect("a fix");
        assert_eq!((fix.applicability, fix.message.as_str()), (Applicability::Safe, "write `api.example.com`"));
        let want = if path.ends_with(".json") { json(&["api.example.com"]) } else { block(&["api.example.com"]) };
        assert_eq!(fixed(path, &t, "CKS222"), want);
    }
}

#[test]
fn ports_paths_brackets_and_cidrs() {
    let t = block(&["a.example.com:443"]);
    assert_eq!(at("a.yaml", &t, "CKS222"), [(13, 18, 13, 22, "a SAN has no port; drop `:443`".into())]);
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["a.example.com"]));
    let t = block(&["\"[2001:db8::1]:443\""]);
    assert_eq!(at("a.yaml", &t, "CKS222")[0].4, "an IPv6 SAN is written without brackets and port `:443`");
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["\"2001:db8::1\""]));
    let t = block(&["a.example.com/x"]);
    assert_eq!(at("a.yaml", &t, "CKS222")[0].4, "a SAN is a host name without a path; drop `/x`");
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["a.example.com"]));
    let t = block(&["10.0.0.0/24"]);
    assert_eq!(cols("a.yaml", &t, "CKS222"), (13, 16));
    assert_eq!(at("a.yaml", &t, "CKS222"), [(13, 13, 13, 16, "a SAN is a single address, not a CIDR range; drop `/24`".into())]);
    assert!(first(&lint("a.yaml", &t), "CKS222").fix.is_none(), "which addresses are meant is a decision");
}

#[test]
fn dns_faults_point_at_the_offending_characters() {
    // (entry, column, end column, message)
    let cases: [(&str, usize, usize, &str); 9] = [
        ("a.*.example.com", 7, 8, "a wildcard `*` is only allowed as the first label"),
        ("\"f*.example.com\"", 7, 8, "a wildcard `*` must be a whole first label"),
        ("my_host.example.com", 7, 8, "SAN contains an underscore `_`, which DNS host names do not allow"),
        ("\"api example.com\"", 9, 10, "SAN contains a space"),
        ("-a.example.com", 5, 6, "a DNS label starts with a hyphen"),
        ("a-.example.com", 6, 7, "a DNS label ends with a hyphen"),
        ("a..example.com", 7, 8, "SAN has an empty label (two dots in a row)"),
        ("10.0.0.256", 5, 15, "`10.0.0.256` is not a valid IPv4 address"),
        ("\"2001:db8::g\"", 6, 17, "`2001:db8::g` is not a valid IPv6 address"),
    ];
    for (s, col, end, message) in cases {
        assert_eq!(at("a.yaml", &block(&[s]), "CKS222"), [(13, col, 13, end, message.to_string())], "{s}");
    }
}

#[test]
fn label_and_name_lengths() {
    let ok = format!("{}.example.com", "a".repeat(63));
    assert!(san_codes("a.yaml", &block(&[&ok])).is_empty());
    let long = format!("{}.example.com", "a".repeat(64));
    assert_eq!(at("a.yaml", &block(&[&long]), "CKS222"), [(13, 5, 13, 69, "DNS label is 64 characters, the limit is 63".into())]);
    let label = "a".repeat(60);
    let name_253 = format!("{label}.{label}.{label}.{label}.{}", "b".repeat(9));
    assert_eq!(name_253.len(), 253);
    assert!(san_codes("a.yaml", &block(&[&name_253])).is_empty());
    let name_254 = format!("{name_253}b");
    assert_eq!(
        at("a.yaml", &block(&[&name_254]), "CKS222"),
        [(13, 258, 13, 259, "SAN is 254 characters, a DNS name allows at most 253".into())]
    );
}

#[test]
fn empty_and_blank_entries() {
    let t = block(&["a.example.com", "\"\""]);
    assert_eq!(at("a.yaml", &t, "CKS222"), [(14, 5, 14, 7, "empty SAN".into())]);
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["a.example.com"]));
    let t = json(&["a.example.com", "   "]);
    assert_eq!(at("a.json", &t, "CKS222")[0].4, "empty SAN");
    assert_eq!(fixed("a.json", &t, "CKS222"), json(&["a.example.com"]));
    assert!(!lint("a.json", &t).diagnostics.iter().any(|d| d.rule.code == "CKS105"), "one rule speaks for a blank SAN");
    let t = block(&["\" a.example.com\""]);
    assert_eq!(at("a.yaml", &t, "CKS222"), [(13, 6, 13, 7, "SAN has leading blanks".into())]);
    assert_eq!(fixed("a.yaml", &t, "CKS222"), block(&["\"a.example.com\""]));
}

#[test]
fn multibyte_character_before_the_fault() {
    // The JSON request has `pöds` on line 6; on one line the SAN after `ü` is at the right column.
    let t = json(&["bücher.example.com"]);
    assert_eq!(at("a.json", &t, "CKS222"), [(10, 7, 10, 8, "SAN contains the non-ASCII character `ü`".into())]);
    let t = format!("{BASE}additionalServerSans: [\"grüße.example.com\", a.example.com:8443]\n");
    let got = at("a.yaml", &t, "CKS222");
    assert_eq!(got.len(), 2);
    assert_eq!((got[0].1, got[0].3), (27, 28), "`ü` is one column");
    assert_eq!((got[1].1, got[1].3), (58, 63), "the port after `ü` and `ß`: columns count characters");
    let f = lint("a.yaml", &t);
    let port = f.diagnostics.iter().find(|d| d.message.contains("port")).expect("port finding");
    let out = apply(&t, port);
    assert!(out.ends_with("[\"grüße.example.com\", a.example.com]\n"), "{out}");
    assert_eq!(san_codes("a.yaml", &out), ["CKS222"], "only the non-ASCII name is left");
}

#[test]
fn non_strings_are_left_to_the_structure_pass() {
    let t = block(&["443", "a.example.com"]);
    let c: Vec<_> = lint("a.yaml", &t).diagnostics.iter().map(|d| d.rule.code).collect();
    assert!(c.contains(&"CKS104") && !c.contains(&"CKS222"), "{c:?}");
}

#[test]
fn sans_snapshot() {
    let t = block(&["https://api.example.com", "api.example.com", "a.*.example.com", "my_host.example.com:443", "\"\"", "10.0.0.0/24"]);
    let f = ckslint::lint_texts(&[("sans.yaml", &t)]).remove(0);
    insta::assert_snapshot!(ckslint::output::human::render_plain(&f));
}
