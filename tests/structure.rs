//! The structure pass (CKS101–CKS106) against the embedded schema: exact codes, lines,
//! columns and messages in JSON and YAML, spans on the narrowest node, fixes that apply
//! cleanly, and one finding per node.

use ckslint::{Applicability, FileResult};

mod common;
use common::{apply, first, lint};

const HEAD: &str = "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n";
const NET: &str = "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n";
const TAIL: &str = "disableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// A complete, clean YAML request (11 lines; `network:` is line 5; anything appended starts on line 12).
fn ok_yaml() -> String {
    format!("{HEAD}{NET}{TAIL}")
}

/// The clean YAML request with `extra` appended (starting on line 12).
fn plus(extra: &str) -> String {
    format!("{}{extra}", ok_yaml())
}

/// A complete, clean JSON request (9 lines; `"network"` is line 6).
fn ok_json() -> String {
    "{\n  \"name\": \"prod-east\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.35\",\n  \"network\": {\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\n}\n".to_string()
}

/// The clean JSON request with `member` (`"key": value`) inserted as line 7.
fn json_plus(member: &str) -> String {
    ok_json().replace("  \"disableOidcInfoPublication\"", &format!("  {member},\n  \"disableOidcInfoPublication\""))
}

/// (code, line, column, end line, end column, message) of every finding.
type Found = (&'static str, usize, usize, usize, usize, String);

fn found_in(f: &FileResult) -> Vec<Found> {
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (d.rule.code, s.line, s.column, e.line, e.column, d.message.clone())
        })
        .collect()
}

fn all(path: &str, text: &str) -> Vec<Found> {
    found_in(&lint(path, text))
}

fn codes(path: &str, text: &str) -> Vec<&'static str> {
    all(path, text).into_iter().map(|f| f.0).collect()
}

/// The only finding of the file, which must be of `code`: (line, column, end line, end column, message).
fn only(path: &str, text: &str, code: &str) -> (usize, usize, usize, usize, String) {
    let got = all(path, text);
    assert_eq!(got.len(), 1, "expected exactly one finding in {path}, got {got:#?}");
    let g = got.into_iter().next().unwrap();
    assert_eq!(g.0, code, "{g:?}");
    (g.1, g.2, g.3, g.4, g.5)
}

/// Apply the fix of the only finding (of `code`, with `applicability`) and return the
/// fixed text, which must lint clean.
fn fixed_clean(path: &str, text: &str, code: &str, applicability: Applicability) -> String {
    let f = lint(path, text);
    assert_eq!(f.diagnostics.len(), 1, "{:#?}", f.diagnostics);
    let d = first(&f, code);
    assert_eq!(d.fix.as_ref().map(|x| x.applicability), Some(applicability));
    let out = apply(text, d);
    assert_eq!(all(path, &out), [], "{out}");
    out
}

fn acceptance(name: &str) -> String {
    std::fs::read_to_string(format!("/work/shared/acceptance/cases/{name}")).unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// Acceptance samples
// ---------------------------------------------------------------------------------------

#[test]
fn acceptance_samples() {
    // Inlined copies of /work/shared/acceptance/cases, so the test stands alone.
    let ok_json = ok_json().replace("prod-east", "staging-west").replace("US-EAST-04A", "US-WEST-09B").replace("v1.35", "v1.36");
    assert_eq!(all("ok.json", &ok_json), []);
    let ok_yaml = ok_yaml().replace("prod-east", "staging-west").replace("US-EAST-04A", "US-WEST-09B").replace("v1.35", "v1.36");
    assert_eq!(all("ok.yaml", &ok_yaml), []);
    // zones.json: CKS102 on line 3.
    let zones = ok_json.replace("\"zone\"", "\"zones\"");
    assert_eq!(only("zones.json", &zones, "CKS102"), (3, 3, 3, 10, "unknown field `zones` in a create-cluster request".into()));
    // num.yaml: CKS104 on line 4.
    let num = ok_yaml.replace("version: v1.36", "version: 1.36");
    assert_eq!(
        only("num.yaml", &num, "CKS104"),
        (4, 10, 4, 14, "`version` must be a string, but YAML read `1.36` as the number 1.36".into())
    );
    // The files themselves, when present, say the same.
    for (file, code, line) in
        [("zones.json", "CKS102", 3), ("num.yaml", "CKS104", 4), ("dup.json", "CKS002", 3), ("broken.json", "CKS001", 2)]
    {
        let text = acceptance(file);
        if text.is_empty() {
            continue;
        }
        let got = all(file, &text);
        assert!(got.iter().any(|f| f.0 == code && f.1 == line), "{file}: {got:#?}");
    }
    for file in ["ok.json", "ok.yaml"] {
        let text = acceptance(file);
        if !text.is_empty() {
            assert_eq!(all(file, &text), [], "{file}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// CKS101 missing-field
// ---------------------------------------------------------------------------------------

#[test]
fn missing_top_level_field_points_at_the_documents_first_token() {
    // YAML with a leading comment: the first key, not the comment.
    let text = format!("# prod cluster\n{}", ok_yaml().replace("zone: US-EAST-04A\n", ""));
    assert_eq!(only("a.yaml", &text, "CKS101"), (2, 1, 2, 5, "missing required field `zone`".into()));
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS101");
    assert_eq!(d.pointer, "/zone");
    assert_eq!(d.help.as_deref(), Some("add `zone`: the Availability Zone of the cluster, uppercase (for example US-EAST-04A)"));
    // JSON: the document's first token, the `{`.
    let text = ok_json().replace("  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n", "");
    assert_eq!(only("a.json", &text, "CKS101"), (1, 1, 1, 2, "missing required field `vpcId`".into()));
    // Every missing field is its own finding, all at the `{`.
    let text = "{\"version\": \"v1.35\"}";
    let got: Vec<(usize, usize, String)> = all("a.json", text).into_iter().filter(|f| f.0 == "CKS101").map(|f| (f.1, f.2, f.5)).collect();
    assert_eq!(
        got,
        [
            (1, 1, "missing required field `name`".to_string()),
            (1, 1, "missing required field `zone`".to_string()),
            (1, 1, "missing required field `vpcId`".to_string()),
            (1, 1, "missing required field `network`".to_string()),
        ]
    );
    // An empty mapping: its `{`.
    let got: Vec<(usize, usize, usize)> = all("a.json", "{}").into_iter().filter(|f| f.0 == "CKS101").map(|f| (f.1, f.2, f.4)).collect();
    assert_eq!(got, [(1, 1, 2); 5]);
}

#[test]
fn missing_nested_field_points_at_the_parents_key() {
    let text = ok_yaml().replace("  serviceCidrName: service cidr\n", "");
    assert_eq!(only("a.yaml", &text, "CKS101"), (5, 1, 5, 8, "missing required field `network.serviceCidrName`".into()));
    let f = lint("a.yaml", &text);
    assert_eq!(first(&f, "CKS101").pointer, "/network/serviceCidrName");
    assert_eq!(first(&f, "CKS101").help.as_deref(), Some("add `serviceCidrName`: the VPC prefix for Service IPs"));
    let text = ok_json().replace("\"serviceCidrName\": \"service cidr\", ", "");
    assert_eq!(only("a.json", &text, "CKS101"), (6, 3, 6, 12, "missing required field `network.serviceCidrName`".into()));
}

#[test]
fn oidc_webhook_and_tailscale_blocks_need_their_required_fields() {
    let base = ok_yaml();
    // oidc without issuerUrl / without clientId: on the `oidc` key.
    let text = format!("{base}oidc:\n  clientId: kube\n");
    assert_eq!(only("a.yaml", &text, "CKS101"), (12, 1, 12, 5, "missing required field `oidc.issuerUrl`".into()));
    assert_eq!(
        first(&lint("a.yaml", &text), "CKS101").help.as_deref(),
        Some("add `issuerUrl`: the issuer URL: absolute https, no user info, query or fragment")
    );
    let text = format!("{base}oidc:\n  issuerUrl: https://issuer.example.com\n");
    assert_eq!(only("a.yaml", &text, "CKS101"), (12, 1, 12, 5, "missing required field `oidc.clientId`".into()));
    // Webhooks without server.
    let text = format!("{base}authzWebhook: {{}}\n");
    assert_eq!(only("a.yaml", &text, "CKS101"), (12, 1, 12, 13, "missing required field `authzWebhook.server`".into()));
    let text = json_plus("\"authnWebhook\": {}");
    assert_eq!(only("a.json", &text, "CKS101"), (7, 3, 7, 17, "missing required field `authnWebhook.server`".into()));
    assert_eq!(
        first(&lint("a.json", &text), "CKS101").help.as_deref(),
        Some("add `server`: the webhook server URL: an absolute https URL without query parameters")
    );
    // tailscale without clientId (with OIDC publication on, so CKS304 stays quiet).
    let text = ok_yaml().replace("disableOidcInfoPublication: true\n", "") + "tailscale: {}\n";
    let got: Vec<Found> = all("a.yaml", &text).into_iter().filter(|f| f.0 == "CKS101").collect();
    assert_eq!(got, [("CKS101", 11, 1, 11, 10, "missing required field `tailscale.clientId`".into())]);
    // Absent blocks require nothing.
    assert_eq!(all("a.yaml", &base), []);
}

#[test]
fn a_misspelled_required_field_is_reported_once_as_unknown() {
    for (from, to) in [("vpcId:", "vpcID:"), ("zone:", "zones:"), ("vpcId:", "vpc-id:"), ("  podCidrName:", "  podCidrNames:")] {
        let text = ok_yaml().replace(from, to);
        assert_eq!(codes("a.yaml", &text), ["CKS102"], "{to}");
    }
}

#[test]
fn a_null_required_field_is_missing_not_null() {
    let text = ok_yaml().replace("zone: US-EAST-04A", "zone: null");
    assert_eq!(only("a.yaml", &text, "CKS101"), (2, 7, 2, 11, "required field `zone` is null".into()));
    assert_eq!(
        first(&lint("a.yaml", &text), "CKS101").help.as_deref(),
        Some("the API reads null as unset; give `zone` a value (a string)")
    );
    // An empty YAML value: no value text, so the key.
    let text = ok_yaml().replace("zone: US-EAST-04A", "zone:");
    assert_eq!(only("a.yaml", &text, "CKS101"), (2, 1, 2, 5, "required field `zone` is null".into()));
    let text = ok_json().replace("\"US-EAST-04A\"", "null");
    assert_eq!(only("a.json", &text, "CKS101"), (3, 11, 3, 15, "required field `zone` is null".into()));
}

// ---------------------------------------------------------------------------------------
// CKS102 unknown-field
// ---------------------------------------------------------------------------------------

#[test]
fn did_you_mean_with_a_rename_fix() {
    // Same letters, other case: a safe rename.
    let text = ok_yaml().replace("vpcId:", "vpcID:");
    assert_eq!(only("a.yaml", &text, "CKS102"), (3, 1, 3, 6, "unknown field `vpcID` in a create-cluster request".into()));
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS102");
    assert_eq!(d.help.as_deref(), Some("did you mean `vpcId`?"));
    assert_eq!(d.pointer, "/vpcID");
    assert_eq!(d.fix.as_ref().unwrap().message, "rename `vpcID` to `vpcId`");
    assert_eq!(fixed_clean("a.yaml", &text, "CKS102", Applicability::Safe), ok_yaml());
    // JSON: the key's quotes stay.
    let text = ok_json().replace("\"vpcId\"", "\"vpcID\"");
    assert_eq!(only("a.json", &text, "CKS102"), (4, 3, 4, 10, "unknown field `vpcID` in a create-cluster request".into()));
    assert_eq!(fixed_clean("a.json", &text, "CKS102", Applicability::Safe), ok_json());
    // A near miss of a required field that is not set: the key stands for it (no CKS101),
    // and the rename is safe because the value is a valid zone.
    let text = ok_yaml().replace("zone:", "zones:");
    assert_eq!(only("a.yaml", &text, "CKS102"), (2, 1, 2, 6, "unknown field `zones` in a create-cluster request".into()));
    assert_eq!(
        first(&lint("a.yaml", &text), "CKS102").help.as_deref(),
        Some("did you mean `zone`? the request does not set this required field")
    );
    assert_eq!(fixed_clean("a.yaml", &text, "CKS102", Applicability::Safe), ok_yaml());
    // The same near miss beside the field itself: no rename (it would set `zone` twice).
    let text = ok_yaml().replace("zone:", "zones: US-EAST-04A\nzone:");
    let f = lint("a.yaml", &text);
    assert_eq!(first(&f, "CKS102").help.as_deref(), Some("did you mean `zone`? the request sets it already; remove `zones`"));
    let fix = first(&f, "CKS102").fix.clone().unwrap();
    assert_eq!((fix.applicability, fix.message.as_str()), (Applicability::Unsafe, "remove `zones`"));
    assert_eq!(apply(&text, first(&f, "CKS102")), ok_yaml());
    // A near miss of an optional field: offered, not safe.
    let text = plus("publc: false\n");
    assert_eq!(first(&lint("a.yaml", &text), "CKS102").help.as_deref(), Some("did you mean `public`?"));
    assert_eq!(fixed_clean("a.yaml", &text, "CKS102", Applicability::Unsafe), plus("public: false\n"));
    // Nested.
    let text = ok_yaml().replace("  podCidrName:", "  podCidrNames:");
    assert_eq!(only("a.yaml", &text, "CKS102"), (6, 3, 6, 15, "unknown field `podCidrNames` in `network`".into()));
    assert_eq!(fixed_clean("a.yaml", &text, "CKS102", Applicability::Safe), ok_yaml());
}

#[test]
fn a_known_field_at_the_wrong_level_says_where_it_belongs() {
    let text = plus("podCidrName: pods\n");
    assert_eq!(
        only("a.yaml", &text, "CKS102"),
        (12, 1, 12, 12, "unknown field `podCidrName` in a create-cluster request: `podCidrName` belongs under `network`".into())
    );
    assert_eq!(
        first(&lint("a.yaml", &text), "CKS102").help.as_deref(),
        Some("`podCidrName` belongs under `network`: move it into the `network` mapping")
    );
    let text = json_plus("\"podCidrName\": \"pods\"");
    assert_eq!(
        only("a.json", &text, "CKS102"),
        (7, 3, 7, 16, "unknown field `podCidrName` in a create-cluster request: `podCidrName` belongs under `network`".into())
    );
    let text = plus("issuerUrl: https://issuer.example.com\n");
    assert_eq!(
        only("a.yaml", &text, "CKS102").4,
        "unknown field `issuerUrl` in a create-cluster request: `issuerUrl` belongs under `oidc`"
    );
    // A top-level field inside a block.
    let text = ok_yaml().replace("  podCidrName: pod cidr\n", "  podCidrName: pod cidr\n  name: x\n");
    assert_eq!(only("a.yaml", &text, "CKS102"), (7, 3, 7, 7, "unknown field `name` in `network`: `name` belongs at the top level".into()));
    assert_eq!(
        first(&lint("a.yaml", &text), "CKS102").help.as_deref(),
        Some("`name` belongs at the top level of the request, not under `network`")
    );
}

#[test]
fn unknown_field_without_a_suggestion_lists_the_settable_fields() {
    let text = plus("foo: bar\n");
    assert_eq!(only("a.yaml", &text, "CKS102"), (12, 1, 12, 4, "unknown field `foo` in a create-cluster request".into()));
    let help = first(&lint("a.yaml", &text), "CKS102").help.clone().unwrap();
    // Briefly: the required fields first, then how many more.
    assert_eq!(
        help,
        "the API does not define this field (it is rejected or silently dropped); fields here: `name`, `zone`, `vpcId`, `version`, `network` and 10 more"
    );
    // Output-only fields are neither listed nor suggested: renaming to one trades this
    // error for CKS203/CKS204.
    for field in ["`id`", "`status`", "`createdAt`", "`updatedAt`", "`apiServerEndpoint`", "`isUpgradeable`"] {
        assert!(!help.contains(field), "{help}");
    }
    for key in ["x", "statu", "a"] {
        let f = lint("a.yaml", &plus(&format!("{key}: 1\n")));
        let d = first(&f, "CKS102");
        assert!(d.fix.is_none() && d.help.as_deref().is_some_and(|h| h.starts_with("the API does not define")), "{key}: {d:#?}");
    }
    let text = plus("tailscale:\n  clientId: abc\n  tailnet: x\n").replace("disableOidcInfoPublication: true\n", "");
    let f = lint("a.yaml", &text);
    // (Tailscale needs OIDC publication, so CKS302 informs too.)
    assert_eq!(codes("a.yaml", &text), ["CKS302", "CKS102"]);
    let got: Vec<Found> = found_in(&f).into_iter().filter(|d| d.0 == "CKS102").collect();
    assert_eq!(got, [("CKS102", 13, 3, 13, 10, "unknown field `tailnet` in `tailscale`".into())]);
    assert_eq!(
        first(&f, "CKS102").help.as_deref(),
        Some("the API does not define this field (it is rejected or silently dropped); fields here: `clientId`")
    );
}

#[test]
fn unknown_field_columns_with_multibyte_text_crlf_and_bom() {
    let text = "name: prod-east\n# ü\nzöne: US-EAST-04A\n".to_string() + &ok_yaml().replace("name: prod-east\nzone: US-EAST-04A\n", "");
    assert_eq!(only("a.yaml", &text, "CKS102"), (3, 1, 3, 5, "unknown field `zöne` in a create-cluster request".into()));
    // The rename replaces exactly the key's bytes.
    assert_eq!(
        fixed_clean("a.yaml", &text, "CKS102", Applicability::Safe),
        "name: prod-east\n# ü\nzone: US-EAST-04A\n".to_string() + &ok_yaml()[34..]
    );
    let text = ok_json().replace("\"prod-east\",", "\"prod-east\", \"dëscription\": \"ü\",");
    assert_eq!(only("a.json", &text, "CKS102"), (2, 24, 2, 37, "unknown field `dëscription` in a create-cluster request".into()));
    // CRLF and a BOM.
    let text = format!("\u{feff}{}", ok_json().replace("\"zone\"", "\"zones\"").replace('\n', "\r\n"));
    assert_eq!(only("a.json", &text, "CKS102"), (3, 3, 3, 10, "unknown field `zones` in a create-cluster request".into()));
    let text = ok_yaml().replace("  serviceCidrName:", "  serviceCidrname:").replace('\n', "\r\n");
    assert_eq!(only("a.yaml", &text, "CKS102"), (7, 3, 7, 18, "unknown field `serviceCidrname` in `network`".into()));
    assert_eq!(fixed_clean("a.yaml", &text, "CKS102", Applicability::Safe), ok_yaml().replace('\n', "\r\n"));
}

// ---------------------------------------------------------------------------------------
// CKS103 non-canonical-field-name
// ---------------------------------------------------------------------------------------

#[test]
fn proto_names_are_a_warning_with_a_safe_rename() {
    let text = ok_yaml().replace("vpcId:", "vpc_id:");
    assert_eq!(only("a.yaml", &text, "CKS103"), (3, 1, 3, 7, "`vpc_id` is the protobuf field name; the JSON name is `vpcId`".into()));
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS103");
    assert_eq!(d.severity, ckslint::Severity::Warning);
    assert_eq!(d.pointer, "/vpc_id");
    assert_eq!(d.help.as_deref(), Some("the API accepts both, but tools and docs use `vpcId`"));
    assert_eq!(fixed_clean("a.yaml", &text, "CKS103", Applicability::Safe), ok_yaml());
    let text = ok_json().replace("\"vpcId\"", "\"vpc_id\"");
    assert_eq!(only("a.json", &text, "CKS103"), (4, 3, 4, 11, "`vpc_id` is the protobuf field name; the JSON name is `vpcId`".into()));
    assert_eq!(fixed_clean("a.json", &text, "CKS103", Applicability::Safe), ok_json());
    // Nested proto names.
    let text = ok_yaml().replace("  podCidrName:", "  pod_cidr_name:");
    assert_eq!(
        only("a.yaml", &text, "CKS103"),
        (6, 3, 6, 16, "`pod_cidr_name` is the protobuf field name; the JSON name is `podCidrName`".into())
    );
}

#[test]
fn a_proto_name_counts_as_the_field_for_every_other_rule() {
    // No CKS101 for vpcId, no CKS102 for vpc_id.
    assert_eq!(codes("a.yaml", &ok_yaml().replace("vpcId:", "vpc_id:")), ["CKS103"]);
    // The field rules read it: a VPC name instead of its ID.
    let text = ok_yaml().replace("vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50", "vpc_id: my-vpc");
    let f = lint("a.yaml", &text);
    assert_eq!(f.diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>(), ["CKS103", "CKS209"]);
    assert_eq!(first(&f, "CKS209").pointer, "/vpc_id");
    // Its type is checked too.
    let text = ok_yaml().replace("  podCidrName: pod cidr", "  pod_cidr_name: 7");
    let got: Vec<Found> = all("a.yaml", &text);
    assert_eq!(got.iter().map(|f| f.0).collect::<Vec<_>>(), ["CKS103", "CKS104"]);
    assert_eq!(got[1].5, "`network.podCidrName` must be a string, but YAML read `7` as the number 7");
}

// ---------------------------------------------------------------------------------------
// CKS104 wrong-type
// ---------------------------------------------------------------------------------------

#[test]
fn yaml_numbers_where_strings_belong_say_how_they_were_read() {
    let text = ok_yaml().replace("version: v1.35", "version: 1.30");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (4, 10, 4, 14, "`version` must be a string, but YAML read `1.30` as the number 1.3".into())
    );
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS104");
    assert_eq!(d.pointer, "/version");
    assert_eq!(d.help.as_deref(), Some("write the version as \"v1.30\""));
    // The remedy is certain: the string the API wants, which the version rule then judges
    // (v1.30 is well formed, but older than the supported set).
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe));
    let out = apply(&text, d);
    assert_eq!(out, ok_yaml().replace("version: v1.35", "version: \"v1.30\""));
    assert_eq!(codes("a.yaml", &out), ["CKS206"]);
    // Other readings.
    let cases = [
        ("0x1F", "`network.podCidrName` must be a string, but YAML read `0x1F` as the number 31"),
        ("0o755", "`network.podCidrName` must be a string, but YAML read `0o755` as the number 493"),
        ("08", "`network.podCidrName` must be a string, but YAML read `08` as the number 8"),
        (".inf", "`network.podCidrName` must be a string, but YAML read `.inf` as infinity, which JSON cannot represent"),
        ("true", "`network.podCidrName` must be a string, but YAML read `true` as a boolean"),
    ];
    for (value, message) in cases {
        let text = ok_yaml().replace("podCidrName: pod cidr", &format!("podCidrName: {value}"));
        let (line, col, _, end, got) = only("a.yaml", &text, "CKS104");
        assert_eq!((line, col, end, got.as_str()), (6, 16, 16 + value.len(), message), "{value}");
    }
    // A list item.
    let text = ok_yaml().replace("    - internal lb cidr", "    - .nan");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (9, 7, 9, 11, "`network.internalLbCidrNames[0]` must be a string, but YAML read `.nan` as NaN, which JSON cannot represent".into())
    );
}

#[test]
fn json_wrong_types() {
    let text = ok_json().replace("\"v1.35\"", "1.30");
    assert_eq!(only("a.json", &text, "CKS104"), (5, 14, 5, 18, "`version` must be a string, found a number".into()));
    let f = lint("a.json", &text);
    assert_eq!(first(&f, "CKS104").help.as_deref(), Some("write the version as \"v1.30\""));
    assert_eq!(apply(&text, first(&f, "CKS104")), ok_json().replace("\"v1.35\"", "\"v1.30\""));
    // A number JSON cannot hold as a float is still a wrong type.
    let text = ok_json().replace("\"v1.35\"", "1e400");
    assert_eq!(only("a.json", &text, "CKS104"), (5, 14, 5, 19, "`version` must be a string, but `1e400` is not a JSON number".into()));
}

#[test]
fn booleans_given_as_strings() {
    let text = plus("public: \"true\"\n");
    assert_eq!(only("a.yaml", &text, "CKS104"), (12, 9, 12, 15, "`public` must be a boolean, found the string \"true\"".into()));
    let f = lint("a.yaml", &text);
    assert_eq!(first(&f, "CKS104").help.as_deref(), Some("drop the quotes: true"));
    let out = apply(&text, first(&f, "CKS104"));
    assert_eq!(out, plus("public: true\n"));
    assert_eq!(codes("a.yaml", &out), ["CKS301"]);
    let text = json_plus("\"public\": \"false\"");
    assert_eq!(only("a.json", &text, "CKS104"), (7, 13, 7, 20, "`public` must be a boolean, found the string \"false\"".into()));
    assert_eq!(fixed_clean("a.json", &text, "CKS104", Applicability::Safe), json_plus("\"public\": false"));
    // YAML 1.1 booleans read as strings by YAML 1.2.
    let text = plus("public: no\n");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (12, 9, 12, 11, "`public` must be a boolean, but YAML 1.2 reads `no` as the string \"no\"".into())
    );
    assert_eq!(fixed_clean("a.yaml", &text, "CKS104", Applicability::Safe), plus("public: false\n"));
    // Other strings: no fix.
    let text = plus("public: maybe\n");
    assert_eq!(only("a.yaml", &text, "CKS104").4, "`public` must be a boolean, found the string \"maybe\"");
    assert!(first(&lint("a.yaml", &text), "CKS104").fix.is_none());
    assert_eq!(only("a.yaml", &plus("public: 1\n"), "CKS104").4, "`public` must be a boolean, found an integer");
}

#[test]
fn mappings_and_lists_of_the_wrong_shape() {
    let text = plus("kubelet: []\n");
    assert_eq!(only("a.yaml", &text, "CKS104"), (12, 10, 12, 12, "`kubelet` must be a mapping, found an array".into()));
    assert_eq!(first(&lint("a.yaml", &text), "CKS104").help.as_deref(), Some("write a mapping"));
    let text = json_plus("\"kubelet\": []");
    assert_eq!(only("a.json", &text, "CKS104"), (7, 14, 7, 16, "`kubelet` must be a mapping, found an array".into()));
    let text = ok_yaml().replace(NET, "network: pods\n");
    assert_eq!(only("a.yaml", &text, "CKS104"), (5, 10, 5, 14, "`network` must be a mapping, found the string \"pods\"".into()));
    let text = ok_yaml().replace("  internalLbCidrNames:\n    - internal lb cidr\n", "  internalLbCidrNames: lb\n");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (8, 24, 8, 26, "`network.internalLbCidrNames` must be a list, found the string \"lb\"".into())
    );
    let text = plus("additionalServerSans: x.example.com\n");
    assert_eq!(only("a.yaml", &text, "CKS104").4, "`additionalServerSans` must be a list, found the string \"x.example.com\"");
}

#[test]
fn integers() {
    let range = |start: &str, end: &str| {
        ok_yaml().replace(
            "    - internal lb cidr\n",
            &format!("    - internal lb cidr\n  serviceNodePortRange:\n    start: {start}\n    end: {end}\n"),
        )
    };
    let text = range("\"30000\"", "32767");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (11, 12, 11, 19, "`network.serviceNodePortRange.start` must be an integer, found the string \"30000\"".into())
    );
    assert_eq!(fixed_clean("a.yaml", &text, "CKS104", Applicability::Safe), range("30000", "32767"));
    let text = range("30000", "32767.5");
    assert_eq!(
        only("a.yaml", &text, "CKS104"),
        (12, 10, 12, 17, "`network.serviceNodePortRange.end` must be an integer, found 32767.5".into())
    );
    assert!(first(&lint("a.yaml", &text), "CKS104").fix.is_none());
}

#[test]
fn values_used_through_an_alias_get_no_text_edit() {
    // The span is the `*alias` where the value is used; quoting it would change the value.
    let text = format!("x: &a [1, 2]\n{}additionalServerSans: *a\n", ok_yaml());
    let f = lint("a.yaml", &text);
    let got: Vec<Found> = found_in(&f).into_iter().filter(|d| d.0 == "CKS104").collect();
    assert_eq!(
        got,
        [
            ("CKS104", 13, 23, 13, 25, "`additionalServerSans[0]` must be a string, found an integer".into()),
            ("CKS104", 13, 23, 13, 25, "`additionalServerSans[1]` must be a string, found an integer".into()),
        ]
    );
    assert!(f.diagnostics.iter().all(|d| d.fix.is_none()), "{:#?}", f.diagnostics);
    let text = format!("x: &v 1.30\n{}", ok_yaml().replace("version: v1.35", "version: *v"));
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS104");
    assert_eq!(d.message, "`version` must be a string, found a number");
    assert!(d.fix.is_none());
}

// ---------------------------------------------------------------------------------------
// CKS105 blank-value
// ---------------------------------------------------------------------------------------

#[test]
fn blank_values() {
    let text = ok_yaml().replace("zone: US-EAST-04A", "zone: \"  \"");
    assert_eq!(only("a.yaml", &text, "CKS105"), (2, 7, 2, 11, "`zone` is blank".into()));
    let f = lint("a.yaml", &text);
    assert_eq!(first(&f, "CKS105").pointer, "/zone");
    assert_eq!(first(&f, "CKS105").help.as_deref(), Some("give `zone` a value, or remove it if it is optional"));
    let text = ok_json().replace("\"US-EAST-04A\"", "\"\"");
    assert_eq!(only("a.json", &text, "CKS105"), (3, 11, 3, 13, "`zone` is empty".into()));
    // Nested and list items.
    let text = ok_yaml().replace("podCidrName: pod cidr", "podCidrName: ''");
    assert_eq!(only("a.yaml", &text, "CKS105"), (6, 16, 6, 18, "`network.podCidrName` is empty".into()));
    let text = ok_yaml().replace("    - internal lb cidr", "    - \"\"");
    assert_eq!(only("a.yaml", &text, "CKS105"), (9, 7, 9, 9, "`network.internalLbCidrNames[0]` is empty".into()));
    assert_eq!(first(&lint("a.yaml", &text), "CKS105").help.as_deref(), Some("remove the empty entry, or give it a value"));
    // After multi-byte text on the same line, with CRLF.
    let text = "{\"name\": \"prod-east\", \"zone\": \"\\t\"}".to_string();
    let got: Vec<Found> = all("a.json", &text).into_iter().filter(|f| f.0 == "CKS105").collect();
    assert_eq!(got, [("CKS105", 1, 31, 1, 35, "`zone` is blank".into())]);
    let text = ok_yaml().replace("zone: US-EAST-04A", "# ünïcødé\nzone: \"\u{3000}\"").replace('\n', "\r\n");
    assert_eq!(only("a.yaml", &text, "CKS105"), (3, 7, 3, 10, "`zone` is blank".into()));
}

#[test]
fn a_blank_value_is_not_also_another_rule() {
    // Blank zone, name and vpcId speak once, as CKS105.
    for (from, to) in [
        ("zone: US-EAST-04A", "zone: \"\""),
        ("name: prod-east", "name: \" \""),
        ("vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50", "vpcId: \"\""),
    ] {
        let text = ok_yaml().replace(from, to);
        assert_eq!(codes("a.yaml", &text), ["CKS105"], "{to}");
    }
}

// ---------------------------------------------------------------------------------------
// CKS106 null-value
// ---------------------------------------------------------------------------------------

#[test]
fn null_optional_fields() {
    let text = plus("public: null\n");
    assert_eq!(only("a.yaml", &text, "CKS106"), (12, 9, 12, 13, "`public` is null".into()));
    let f = lint("a.yaml", &text);
    let d = first(&f, "CKS106");
    assert_eq!(d.severity, ckslint::Severity::Warning);
    assert_eq!(d.pointer, "/public");
    assert_eq!(d.help.as_deref(), Some("the API reads null as unset; remove the field, or give it a value"));
    assert_eq!(d.fix.as_ref().unwrap().message, "remove `public`");
    assert_eq!(fixed_clean("a.yaml", &text, "CKS106", Applicability::Safe), ok_yaml());
    assert_eq!(fixed_clean("a.yaml", &plus("public: ~\n"), "CKS106", Applicability::Safe), ok_yaml());
    // A whole block.
    assert_eq!(fixed_clean("a.yaml", &plus("oidc: null\n"), "CKS106", Applicability::Safe), ok_yaml());
    // JSON.
    let text = json_plus("\"public\": null");
    assert_eq!(only("a.json", &text, "CKS106"), (7, 13, 7, 17, "`public` is null".into()));
    assert_eq!(fixed_clean("a.json", &text, "CKS106", Applicability::Safe), ok_json());
    // An empty YAML value: no value text, so the key.
    assert_eq!(only("a.yaml", &plus("public:\n"), "CKS106"), (12, 1, 12, 7, "`public` is null".into()));
    // Nested.
    let text = ok_yaml().replace("    - internal lb cidr\n", "    - internal lb cidr\n  serviceNodePortRange: null\n");
    assert_eq!(only("a.yaml", &text, "CKS106"), (10, 25, 10, 29, "`network.serviceNodePortRange` is null".into()));
}

// ---------------------------------------------------------------------------------------
// Rendered output
// ---------------------------------------------------------------------------------------

#[test]
fn structure_snapshot() {
    let yaml = format!(
        "# prod\n{}public: \"true\"\nkubelet: []\nzones: x\npodCidrName: pods\noidc:\n  clientId: kube\nsharedStorageClusterId: null\n",
        ok_yaml()
            .replace("zone: US-EAST-04A\n", "")
            .replace("vpcId:", "vpc_id:")
            .replace("version: v1.35", "version: 1.30")
            .replace("podCidrName: pod cidr", "podCidrName: \" \"")
    );
    let json = ok_json().replace("\"vpcId\"", "\"vpcID\"");
    let rendered: Vec<String> = [("structure.yaml", yaml.as_str()), ("structure.json", json.as_str())]
        .iter()
        .map(|(p, t)| ckslint::output::human::render_plain(&lint(p, t)))
        .collect();
    insta::assert_snapshot!(rendered.join("\n"));
}
