//! Identity and placement rules CKS201–CKS209 at their edges, in JSON and YAML.

use ckslint::{Applicability, FileResult};

mod common;
use common::{apply, at, cols, first, lint, start};

const NET: &str = "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";
const UUID: &str = "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50";

/// A YAML request with the given (already YAML-written) name, zone, vpcId and version.
fn yaml(name: &str, zone: &str, vpc: &str, version: &str) -> String {
    format!("name: {name}\nzone: {zone}\nvpcId: {vpc}\nversion: {version}\n{NET}")
}

fn name(n: &str) -> String {
    yaml(n, "US-EAST-04A", UUID, "v1.35")
}
fn zone(z: &str) -> String {
    yaml("prod-east", z, UUID, "v1.35")
}
fn version(v: &str) -> String {
    yaml("prod-east", "US-EAST-04A", UUID, v)
}
fn vpc(id: &str) -> String {
    yaml("prod-east", "US-EAST-04A", id, "v1.35")
}

/// A JSON request; `extra` members are appended after the required ones.
fn json(name: &str, extra: &str) -> String {
    format!(
        "{{\n  \"name\": \"{name}\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"{UUID}\",\n  \"version\": \"v1.35\",\n  \"network\": {{\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]}},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"{extra}\n}}\n"
    )
}

fn codes(path: &str, text: &str) -> Vec<&'static str> {
    lint(path, text).diagnostics.iter().map(|d| d.rule.code).collect()
}

/// Apply the fix of the first `code` finding; the result must parse, no longer have
/// that finding, and carry no error the original did not have.
fn fixed(path: &str, text: &str, code: &str) -> (String, Applicability) {
    let before = lint(path, text);
    let d = first(&before, code);
    let out = apply(text, d);
    let after = lint(path, &out);
    let count = |f: &FileResult| f.diagnostics.iter().filter(|d| d.rule.code == code).count();
    assert!(count(&after) < count(&before), "{code} still reported after its fix:\n{out}");
    assert!(!after.diagnostics.iter().any(|d| d.rule.code == "CKS001"), "fix broke the file:\n{out}");
    for d in after.diagnostics.iter().filter(|d| d.severity == ckslint::Severity::Error) {
        assert!(before.diagnostics.iter().any(|b| b.rule.code == d.rule.code), "fix introduced {} {}:\n{out}", d.rule.code, d.message);
    }
    (out, d.fix.as_ref().map(|f| f.applicability).unwrap_or(Applicability::Unsafe))
}

// ---------------------------------------------------------------------------------------
// CKS201 invalid-cluster-name
// ---------------------------------------------------------------------------------------

#[test]
fn name_acceptance_case_points_at_the_uppercase_letter() {
    let t = name("Staging_West");
    assert_eq!(at("a.yaml", &t, "CKS201"), [(1, 7, 1, 8, "cluster name contains an uppercase letter `S`".into())]);
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS201");
    assert_eq!(d.help.as_deref(), Some("use lowercase letters, digits and hyphens: \"staging-west\""));
    assert_eq!(d.pointer, "/name");
    let (out, applicability) = fixed("a.yaml", &t, "CKS201");
    assert_eq!(applicability, Applicability::Unsafe, "replacing `_` is a rename, not just lowercasing");
    assert!(out.starts_with("name: staging-west\n"), "{out}");
}

#[test]
fn name_lowercasing_only_is_a_safe_fix() {
    let (out, applicability) = fixed("a.yaml", &name("Prod-East"), "CKS201");
    assert_eq!(applicability, Applicability::Safe);
    assert!(out.starts_with("name: prod-east\n"));
    // JSON keeps its quotes.
    let t = json("PROD", "");
    assert_eq!(at("a.json", &t, "CKS201"), [(2, 12, 2, 13, "cluster name contains an uppercase letter `P`".into())]);
    let (out, applicability) = fixed("a.json", &t, "CKS201");
    assert_eq!(applicability, Applicability::Safe);
    assert!(out.contains("\"name\": \"prod\","), "{out}");
}

#[test]
fn name_faults_each_say_what_they_are() {
    let cases: [(&str, usize, &str); 8] = [
        ("-abc", 7, "cluster name starts with a hyphen"),
        ("abc-", 10, "cluster name ends with a hyphen"),
        ("prod_east", 11, "cluster name contains an underscore `_`"),
        ("prod.east", 11, "cluster name contains a dot `.`"),
        ("\"prod east\"", 12, "cluster name contains a space"),
        ("\" prod\"", 8, "cluster name starts with a space"),
        ("prod@east", 11, "cluster name contains `@`"),
        ("\"prod\\teast\"", 7, "cluster name contains white space"),
    ];
    for (n, col, message) in cases {
        let got = at("a.yaml", &name(n), "CKS201");
        assert_eq!(got.len(), 1, "{n}: {got:?}");
        assert_eq!((got[0].1, got[0].4.as_str()), (col, message), "{n}");
    }
    // Valid names, including inner double hyphens and digits first.
    for n in ["a", "0", "prod--east", "1-2-3", "a".repeat(30).as_str()] {
        assert!(at("a.yaml", &name(n), "CKS201").is_empty(), "{n}");
    }
}

#[test]
fn name_multibyte_character_is_the_fault_and_columns_count_characters() {
    // `é` is two bytes: the finding covers both, and the column counts it as one.
    let t = name("\"caf\u{e9}-bar\"");
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS201");
    assert_eq!(d.message, "cluster name contains the non-ASCII character `é`");
    assert_eq!(&t[d.span.start..d.span.end], "\u{e9}");
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.column), (1, 11, 12));
    let (out, _) = fixed("a.yaml", &t, "CKS201");
    assert!(out.starts_with("name: \"caf-bar\"\n"), "{out}");
}

#[test]
fn blank_and_non_string_names_belong_to_the_structure_pass() {
    assert!(at("a.yaml", &name("\"\""), "CKS201").is_empty());
    assert!(at("a.yaml", &name("\"   \""), "CKS201").is_empty());
    assert!(codes("a.yaml", &name("\"   \"")).contains(&"CKS105"));
    let c = codes("a.yaml", &name("123"));
    assert!(c.contains(&"CKS104") && !c.contains(&"CKS201") && !c.contains(&"CKS202"), "{c:?}");
}

#[test]
fn name_with_crlf_line_endings() {
    let t = name("Staging_West").replace('\n', "\r\n");
    assert_eq!(at("a.yaml", &t, "CKS201"), [(1, 7, 1, 8, "cluster name contains an uppercase letter `S`".into())]);
    let (out, _) = fixed("a.yaml", &t, "CKS201");
    assert!(out.starts_with("name: staging-west\r\nzone:"), "{out:?}");
}

// ---------------------------------------------------------------------------------------
// CKS202 cluster-name-too-long
// ---------------------------------------------------------------------------------------

#[test]
fn name_of_exactly_30_characters_is_fine_and_31_is_not() {
    assert!(at("a.yaml", &name(&"a".repeat(30)), "CKS202").is_empty());
    let got = at("a.yaml", &name(&"a".repeat(31)), "CKS202");
    assert_eq!(got, [(1, 37, 1, 38, "cluster name is 31 characters, the limit is 30".into())]);
    let got = at("a.yaml", &name(&format!("{}-x", "b".repeat(33))), "CKS202");
    assert_eq!((got[0].1, got[0].3), (37, 42), "span covers characters 31..35");
    let f = lint("a.yaml", &name(&"a".repeat(31)));
    assert_eq!(first(&f, "CKS202").help.as_deref(), Some(&*format!("shorten it by 1 character, for example \"{}\"", "a".repeat(30))));
}

#[test]
fn long_name_counts_characters_not_bytes() {
    // 31 characters, 32 bytes: both rules fire, at different places.
    let n = format!("\u{e9}{}", "a".repeat(30));
    let t = name(&n);
    assert_eq!(at("a.yaml", &t, "CKS201")[0].1, 7);
    assert_eq!(at("a.yaml", &t, "CKS202"), [(1, 37, 1, 38, "cluster name is 31 characters, the limit is 30".into())]);
    // 30 characters with a multi-byte one is not too long.
    let n = format!("\u{e9}{}", "a".repeat(29));
    assert!(at("a.yaml", &name(&n), "CKS202").is_empty());
    // JSON: the span still lands on the 31st character.
    let t = json(&"x".repeat(31), "");
    assert_eq!(cols("a.json", &t, "CKS202"), (42, 43));
}

// ---------------------------------------------------------------------------------------
// CKS203 client-set-id, CKS204 output-only-field
// ---------------------------------------------------------------------------------------

#[test]
fn id_in_json_points_at_the_key_and_is_removed_cleanly() {
    // Last member (the acceptance case): the comma before it goes too.
    let t = json("prod-east", ",\n  \"id\": \"123\"");
    assert_eq!(at("a.json", &t, "CKS203"), [(9, 3, 9, 7, "`id` is set, but the server assigns the cluster ID".into())]);
    let (out, applicability) = fixed("a.json", &t, "CKS203");
    assert_eq!(applicability, Applicability::Safe);
    assert_eq!(out, json("prod-east", ""));
    // First member.
    let t = format!("{{\n  \"id\": \"x\",{}", &json("prod-east", "")[1..]);
    let (out, _) = fixed("a.json", &t, "CKS203");
    assert_eq!(out, json("prod-east", ""));
    // Only member (not a request, but the edit must stay valid).
    let f = lint("a.json", "{\"id\": 1}");
    let d = first(&f, "CKS203");
    assert_eq!(apply("{\"id\": 1}", d), "{}");
}

#[test]
fn id_in_yaml_removes_the_whole_line_with_its_comment() {
    let t = format!("id: 81540112-93fc-4d39-af10-fe6c2f4b8824 # from the response\n{}", name("prod-east"));
    assert_eq!(start("a.yaml", &t, "CKS203"), (1, 1));
    let (out, _) = fixed("a.yaml", &t, "CKS203");
    assert_eq!(out, name("prod-east"));
    let crlf = t.replace('\n', "\r\n");
    let (out, _) = fixed("a.yaml", &crlf, "CKS203");
    assert_eq!(out, name("prod-east").replace('\n', "\r\n"));
    assert!(!codes("a.yaml", &t).contains(&"CKS102"), "id is CKS203, not also an unknown field");
}

#[test]
fn output_only_fields_are_warnings_on_the_key() {
    let t = format!(
        "{}status: STATUS_RUNNING\ncreatedAt: \"2026-01-01T00:00:00Z\"\napiServerEndpoint: a74af4-22df2adc.k8s.us-east-04a.coreweave.com\nisUpgradeable: false\nupdatedAt: \"2026-01-01T00:00:00Z\"\n",
        name("prod-east")
    );
    let got = at("a.yaml", &t, "CKS204");
    let lines: Vec<(usize, usize, usize)> = got.iter().map(|g| (g.0, g.1, g.3)).collect();
    assert_eq!(lines, [(12, 1, 7), (13, 1, 10), (14, 1, 18), (15, 1, 14), (16, 1, 10)]);
    assert_eq!(got[0].4, "`status` is output-only: the server sets it");
    assert_eq!(got[1].4, "`createdAt` is output-only: the server sets it");
    let f = lint("a.yaml", &t);
    assert!(f.diagnostics.iter().filter(|d| d.rule.code == "CKS204").all(|d| d.severity == ckslint::Severity::Warning));
    // All five removals apply together and leave the plain request.
    let out = ckslint::fix::apply_safe_fixes(&t, &f.diagnostics).expect("fixes");
    assert_eq!(out, name("prod-east"));
}

#[test]
fn output_only_field_in_proto_spelling() {
    // `created_at` is also CKS103 (spelling); CKS204 names the field by its JSON name and removes it.
    let t = format!("{}created_at: \"2026-01-01T00:00:00Z\"\n", name("prod-east"));
    let got = at("a.yaml", &t, "CKS204");
    assert_eq!(got, [(12, 1, 12, 11, "`createdAt` is output-only: the server sets it".into())]);
    let (out, _) = fixed("a.yaml", &t, "CKS204");
    assert_eq!(out, name("prod-east"));
}

#[test]
fn consecutive_output_only_fields_in_json_are_removed_together() {
    let t = json("prod-east", ",\n  \"status\": \"STATUS_RUNNING\",\n  \"id\": \"x\",\n  \"isUpgradeable\": true");
    let f = lint("a.json", &t);
    let out = ckslint::fix::apply_safe_fixes(&t, &f.diagnostics).expect("fixes");
    assert_eq!(out, json("prod-east", ""));
}

#[test]
fn tailnet_domain_is_output_only() {
    let t = format!(
        "{}disableOidcInfoPublication: false\ntailscale:\n  clientId: abc\n  tailnetDomain: tail1234.ts.net\n",
        yaml("prod-east", "US-EAST-04A", UUID, "v1.35").replace("disableOidcInfoPublication: true\n", "")
    );
    let got = at("a.yaml", &t, "CKS204");
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].4, "`tailscale.tailnetDomain` is output-only: the server sets it");
    let (out, _) = fixed("a.yaml", &t, "CKS204");
    assert!(out.ends_with("tailscale:\n  clientId: abc\n"), "{out}");
}

// ---------------------------------------------------------------------------------------
// CKS205 invalid-version, CKS206 unsupported-version
// ---------------------------------------------------------------------------------------

#[test]
fn version_spellings_and_their_fixes() {
    // (value as written, column, end column, message, fixed value, safe)
    let cases: [(&str, usize, usize, &str, &str, bool); 6] = [
        ("\"1.35\"", 11, 15, "version has no leading `v`", "\"v1.35\"", true),
        ("v1.35.2", 15, 17, "version includes the patch number `.2`", "v1.35", true),
        ("V1.35", 10, 11, "version starts with an uppercase `V`", "v1.35", true),
        ("1.35.2", 10, 16, "version `1.35.2` is a patch version without the leading `v`", "v1.35", true),
        ("v1.35.0-rc.1", 10, 22, "version `v1.35.0-rc.1` is not a minor version", "v1.35", false),
        ("latest", 10, 16, "version `latest` is not a Kubernetes minor version", "v1.36", false),
    ];
    for (v, col, end, message, want, safe) in cases {
        let t = version(v);
        assert_eq!(at("a.yaml", &t, "CKS205"), [(4, col, 4, end, message.to_string())], "{v}");
        let (out, applicability) = fixed("a.yaml", &t, "CKS205");
        assert_eq!(applicability == Applicability::Safe, safe, "{v}");
        assert!(out.contains(&format!("\nversion: {want}\n")), "{v}: {out}");
    }
    assert_eq!(at("a.yaml", &version("v1"), "CKS205")[0].4, "version `v1` has no minor number");
    assert_eq!(at("a.yaml", &version("kubernetes"), "CKS205")[0].4, "version `kubernetes` is not `v<major>.<minor>`");
    let (out, _) = fixed("a.yaml", &version("\" v1.35\""), "CKS205");
    assert!(out.contains("\nversion: \"v1.35\"\n"), "{out}");
}

#[test]
fn version_in_json_keeps_quotes() {
    let t = json("prod-east", "").replace("\"v1.35\"", "\"1.35\"");
    assert_eq!(at("a.json", &t, "CKS205")[0].1, 15);
    let (out, _) = fixed("a.json", &t, "CKS205");
    assert!(out.contains("\"version\": \"v1.35\""));
}

#[test]
fn a_yaml_float_version_is_a_type_error_only() {
    let c = codes("a.yaml", &version("1.30"));
    assert!(c.contains(&"CKS104") && !c.contains(&"CKS205") && !c.contains(&"CKS206"), "{c:?}");
    assert!(!codes("a.yaml", &version("\"\"")).contains(&"CKS205"));
}

#[test]
fn unsupported_versions_say_older_or_newer() {
    for v in ["v1.34", "v1.35", "v1.36"] {
        assert!(at("a.yaml", &version(v), "CKS206").is_empty(), "{v}");
    }
    let got = at("a.yaml", &version("v1.31"), "CKS206");
    assert_eq!(got, [(4, 10, 4, 15, "version `v1.31` is no longer supported for new clusters (supported: v1.34, v1.35, v1.36)".into())]);
    let got = at("a.yaml", &version("v1.40"), "CKS206");
    assert_eq!(got[0].4, "version `v1.40` is newer than every supported version (supported: v1.34, v1.35, v1.36)");
    let f = lint("a.yaml", &version("v1.31"));
    assert!(first(&f, "CKS206").help.as_deref().unwrap_or("").contains("supported-versions"));
    assert_eq!(first(&f, "CKS206").severity, ckslint::Severity::Warning);
    // The set is data: a configured set replaces it.
    let settings = ckslint::Settings { supported_versions: vec!["v1.30".into(), "v1.32".into()], ..Default::default() };
    let f = ckslint::lint_str("a.yaml", &version("v1.31"), &settings);
    assert_eq!(first(&f, "CKS206").message, "version `v1.31` is not in the supported set (v1.30, v1.32)");
    let f = ckslint::lint_str("a.yaml", &version("v1.30"), &settings);
    assert!(!f.diagnostics.iter().any(|d| d.rule.code == "CKS206"));
}

// ---------------------------------------------------------------------------------------
// CKS207 invalid-zone, CKS208 unknown-zone
// ---------------------------------------------------------------------------------------

#[test]
fn lowercase_zone_gets_a_safe_uppercase_fix() {
    let t = zone("us-east-04a");
    assert_eq!(at("a.yaml", &t, "CKS207"), [(2, 7, 2, 18, "zone is lowercase".into())]);
    let (out, applicability) = fixed("a.yaml", &t, "CKS207");
    assert_eq!(applicability, Applicability::Safe);
    assert!(out.contains("\nzone: US-EAST-04A\n"));
    assert!(!codes("a.yaml", &out).contains(&"CKS208"));
    // Mixed case points at the first lowercase letter.
    assert_eq!(at("a.yaml", &zone("US-East-04A"), "CKS207"), [(2, 11, 2, 12, "zone has lowercase letters".into())]);
    assert_eq!(at("a.yaml", &zone("rno2a"), "CKS207")[0].4, "zone is lowercase");
}

#[test]
fn zone_with_blanks_is_trimmed() {
    let t = zone("\" US-EAST-04A\"");
    assert_eq!(at("a.yaml", &t, "CKS207"), [(2, 8, 2, 9, "zone has leading blanks".into())]);
    let (out, _) = fixed("a.yaml", &t, "CKS207");
    assert!(out.contains("\nzone: \"US-EAST-04A\"\n"), "{out}");
    let (out, _) = fixed("a.yaml", &zone("\"us-east-04a  \""), "CKS207");
    assert!(out.contains("\nzone: \"US-EAST-04A\"\n"), "trim and uppercase at once: {out}");
}

#[test]
fn malformed_zones_suggest_known_ones() {
    let f = lint("a.yaml", &zone("US-EAST-04"));
    let d = first(&f, "CKS207");
    assert_eq!(d.message, "zone `US-EAST-04` is a region, not an availability zone");
    assert_eq!(d.help.as_deref(), Some("add the zone letter: did you mean `US-EAST-04A`?"));
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Unsafe));
    let f = lint("a.yaml", &zone("US_EAST_04A"));
    assert_eq!(first(&f, "CKS207").message, "zone `US_EAST_04A` is not an availability zone name");
    assert!(first(&f, "CKS207").help.as_deref().unwrap_or("").starts_with("did you mean `US-EAST-04A`?"));
    let f = lint("a.yaml", &zone("LAS1"));
    assert_eq!(first(&f, "CKS207").help.as_deref(), Some("availability zone names look like `US-EAST-04A` (or `RNO2A` for older zones)"));
    assert!(first(&f, "CKS207").fix.is_none());
    // Only one rule speaks for the zone.
    assert!(!codes("a.yaml", &zone("US-EAST-04")).contains(&"CKS208"));
}

#[test]
fn unknown_zone_is_a_warning_with_did_you_mean() {
    let f = lint("a.yaml", &zone("US-EAST-04B"));
    let d = first(&f, "CKS208");
    assert_eq!(d.severity, ckslint::Severity::Warning);
    assert_eq!(d.message, "zone `US-EAST-04B` is not a known availability zone");
    let help = d.help.as_deref().unwrap_or("");
    assert!(help.starts_with("did you mean `US-EAST-04A`?"), "{help}");
    assert!(help.contains("`known-zones` in .ckslint.yaml"), "{help}");
    let (s, e) = f.positions(d.span);
    assert_eq!((s.line, s.column, e.column), (2, 7, 18));
    // Known zones of both shapes pass; a configured zone passes.
    for z in ["US-EAST-04A", "RNO2A", "EU-SOUTH-03B"] {
        assert!(at("a.yaml", &zone(z), "CKS208").is_empty(), "{z}");
    }
    let mut settings = ckslint::Settings::default();
    settings.known_zones.push("US-EAST-99A".into());
    let f = ckslint::lint_str("a.yaml", &zone("US-EAST-99A"), &settings);
    assert!(!f.diagnostics.iter().any(|d| d.rule.code == "CKS208"));
    assert!(codes("a.yaml", &zone("US-EAST-99A")).contains(&"CKS208"));
}

// ---------------------------------------------------------------------------------------
// CKS209 invalid-resource-id
// ---------------------------------------------------------------------------------------

#[test]
fn names_given_for_ids_say_so() {
    let got = at("a.yaml", &vpc("prod-vpc"), "CKS209");
    assert_eq!(got, [(3, 8, 3, 16, "`vpcId` is not a UUID: this looks like a VPC name; the API wants the VPC ID".into())]);
    let t = format!("{}sharedStorageClusterId: prod-east\n", vpc(UUID));
    let got = at("a.yaml", &t, "CKS209");
    assert_eq!(got[0].4, "`sharedStorageClusterId` is not a UUID: this looks like a cluster name; the API wants the cluster ID");
    // The proto spelling is the same field (CKS103 reports the spelling).
    let t = vpc("vpc-abc123").replace("vpcId:", "vpc_id:");
    let f = lint("a.yaml", &t);
    assert_eq!(first(&f, "CKS209").pointer, "/vpc_id");
}

#[test]
fn id_wrappers_and_missing_hyphens_are_fixed() {
    // (value, column, end column, message, fix)
    let cases: [(String, usize, usize, &str); 4] = [
        (format!("\"{{{UUID}}}\""), 9, 10, "`vpcId` is a UUID wrapped in braces"),
        (format!("urn:uuid:{UUID}"), 8, 17, "`vpcId` has a `urn:uuid:` prefix"),
        (UUID.replace('-', ""), 8, 40, "`vpcId` is a UUID without its hyphens"),
        (format!("\"{UUID} \""), 45, 46, "`vpcId` has trailing blanks"),
    ];
    for (v, col, end, message) in cases {
        let t = vpc(&v);
        assert_eq!(at("a.yaml", &t, "CKS209"), [(3, col, 3, end, message.to_string())], "{v}");
        let (out, applicability) = fixed("a.yaml", &t, "CKS209");
        assert_eq!(applicability, Applicability::Safe);
        assert!(out.contains(UUID), "{out}");
    }
    let f = lint("a.yaml", &vpc(&format!("\"{{{UUID}}}\"")));
    assert_eq!(first(&f, "CKS209").labels.len(), 1, "label on the closing brace");
}

#[test]
fn malformed_uuids() {
    assert!(at("a.yaml", &vpc(&UUID.to_uppercase()), "CKS209").is_empty(), "case-insensitive");
    let got = at("a.yaml", &vpc(&UUID[..35]), "CKS209");
    assert_eq!(got[0].4, "`vpcId` is not a UUID: expected 8-4-4-4-12 hexadecimal digits, got 8-4-4-4-11");
    let bad = UUID.replace("9f7a", "9g7a");
    let got = at("a.yaml", &vpc(&bad), "CKS209");
    assert_eq!(got, [(3, 28, 3, 29, "`vpcId` is not a UUID: `g` is not a hexadecimal digit".into())]);
    assert!(at("a.yaml", &vpc("\"\""), "CKS209").is_empty(), "blank is CKS105");
    // JSON
    let t = json("prod-east", "").replace(UUID, "my-vpc");
    assert_eq!(start("a.json", &t, "CKS209"), (4, 13));
}

// ---------------------------------------------------------------------------------------
// Whole files
// ---------------------------------------------------------------------------------------

#[test]
fn valid_requests_are_silent() {
    let mut c = codes("a.yaml", &name("prod-east"));
    c.retain(|c| c.starts_with("CKS2"));
    assert!(c.is_empty(), "{c:?}");
    let mut c = codes("a.json", &json("prod-east", ",\n  \"sharedStorageClusterId\": \"81540112-93fc-4d39-af10-fe6c2f4b8824\""));
    c.retain(|c| c.starts_with("CKS2"));
    assert!(c.is_empty(), "{c:?}");
}

#[test]
fn identity_snapshot() {
    let t = format!(
        "id: 81540112-93fc-4d39-af10-fe6c2f4b8824\nname: Staging_West-gpu-training-cluster\nzone: us-east-04a\nvpcId: prod-vpc\nversion: v1.35.2\n{NET}status: STATUS_RUNNING\n"
    );
    let f = ckslint::lint_texts(&[("identity.yaml", &t)]).remove(0);
    insta::assert_snapshot!(ckslint::output::human::render_plain(&f));
}
