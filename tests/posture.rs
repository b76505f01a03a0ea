//! Security posture rules CKS301–CKS304.

const BASE: &str = "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n";
const AUDIT: &str = "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// (code, line, column, message) of every finding of the given codes.
fn findings(path: &str, text: &str, codes: &[&str]) -> Vec<(String, usize, usize, String)> {
    let files = ckslint::lint_texts(&[(path, text)]);
    let f = &files[0];
    f.diagnostics
        .iter()
        .filter(|d| codes.contains(&d.rule.code))
        .map(|d| {
            let (s, _) = f.positions(d.span);
            (d.rule.code.to_string(), s.line, s.column, d.message.clone())
        })
        .collect()
}

const POSTURE: &[&str] = &["CKS301", "CKS302", "CKS303", "CKS304"];

#[test]
fn public_true_is_flagged_on_the_value() {
    let text = format!("{BASE}public: true\ndisableOidcInfoPublication: true\n{AUDIT}");
    assert_eq!(findings("a.yaml", &text, POSTURE), [("CKS301".into(), 9, 9, "the api-server is reachable from the Internet".into())]);
    let text = format!("{BASE}public: false\ndisableOidcInfoPublication: true\n{AUDIT}");
    assert!(findings("a.yaml", &text, POSTURE).is_empty());
}

#[test]
fn public_in_json() {
    let text = "{\"name\": \"a\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\",\n \"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]},\n \"público\": 1, \"public\": true, \"disableOidcInfoPublication\": true, \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"}";
    let f = findings("a.json", text, &["CKS301"]);
    assert_eq!(f[0].1, 3);
    assert_eq!(f[0].2, 26, "column counts characters (the byte column is 27)");
}

#[test]
fn oidc_publication_default_and_explicit_false() {
    let absent = format!("{BASE}{AUDIT}");
    assert_eq!(
        findings("a.yaml", &absent, POSTURE),
        [("CKS302".into(), 1, 1, "the cluster's OIDC discovery document and keys will be published (the default)".into())]
    );
    let explicit = format!("{BASE}disableOidcInfoPublication: false\n{AUDIT}");
    assert_eq!(
        findings("a.yaml", &explicit, POSTURE),
        [("CKS302".into(), 9, 29, "the cluster's OIDC discovery document and keys will be published".into())]
    );
    let f = ckslint::lint_texts(&[("a.yaml", &absent)]);
    assert_eq!(f[0].diagnostics.iter().find(|d| d.rule.code == "CKS302").unwrap().severity, ckslint::Severity::Info);
}

#[test]
fn missing_audit_policy_is_an_info_at_the_first_key() {
    let text = format!("# comment\n{BASE}disableOidcInfoPublication: true\n");
    assert_eq!(findings("a.yaml", &text, POSTURE), [("CKS303".into(), 2, 1, "the request sets no audit policy".into())]);
}

#[test]
fn tailscale_with_publication_disabled() {
    let text = format!("{BASE}disableOidcInfoPublication: true\ntailscale:\n  clientId: abc\n{AUDIT}");
    let files = ckslint::lint_texts(&[("a.yaml", &text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS304").expect("CKS304");
    let (s, _) = files[0].positions(d.span);
    assert_eq!((s.line, s.column), (9, 29));
    assert_eq!(d.labels[0].message, "`tailscale` is configured here");
    assert_eq!(files[0].positions(d.labels[0].span).0.line, 10);
    let ok = format!("{BASE}disableOidcInfoPublication: false\ntailscale:\n  clientId: abc\n{AUDIT}");
    assert!(findings("a.yaml", &ok, &["CKS304"]).is_empty());
}

#[test]
fn posture_snapshot() {
    let text = format!("{BASE}public: true\ndisableOidcInfoPublication: true\ntailscale:\n  clientId: abc\n");
    let files = ckslint::lint_texts(&[("posture.yaml", &text)]);
    insta::assert_snapshot!(ckslint::output::human::render_plain(&files[0]));
}
