//! Authentication rules CKS250–CKS257 at their edges.

use base64::Engine;

const HEAD: &str = "name: a\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\ndisableOidcInfoPublication: false\n";
const PEM: &str = include_str!("../testdata/ca.pem");

fn lint(text: &str) -> ckslint::FileResult {
    ckslint::lint_texts(&[("a.yaml", text)]).remove(0)
}

/// (code, line, column, end column) for the given code.
fn at(text: &str, code: &str) -> Vec<(usize, usize, usize)> {
    let f = lint(text);
    f.diagnostics
        .iter()
        .filter(|d| d.rule.code == code)
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (s.line, s.column, e.column)
        })
        .collect()
}

fn oidc(body: &str) -> String {
    format!("{HEAD}oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n{body}")
}

fn apply_fix(text: &str, code: &str) -> String {
    let f = lint(text);
    let d = f.diagnostics.iter().find(|d| d.rule.code == code).expect("finding");
    let mut out = text.to_string();
    let mut edits = d.fix.as_ref().expect("fix").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.content);
    }
    out
}

#[test]
fn issuer_url_points_at_the_offending_part() {
    let t = format!("{HEAD}oidc:\n  issuerUrl: http://login.example.com\n  clientId: cks\n");
    assert_eq!(at(&t, "CKS250"), [(8, 14, 18)]);
    let t = format!("{HEAD}oidc:\n  issuerUrl: \"https://lögin.example.com/x?a=b\"\n  clientId: cks\n");
    assert_eq!(at(&t, "CKS250"), [(8, 42, 46)], "query, after a multi-byte character");
    let t = format!("{HEAD}oidc:\n  issuerUrl: https://user:pw@login.example.com\n  clientId: cks\n");
    assert_eq!(at(&t, "CKS250"), [(8, 22, 30)]);
    assert!(at(&oidc(""), "CKS250").is_empty());
}

#[test]
fn cluster_issuer() {
    let t = format!("{HEAD}oidc:\n  issuerUrl: https://OIDC.cks.coreweave.com/id/x\n  clientId: cks\n");
    assert_eq!(at(&t, "CKS251").len(), 1);
}

#[test]
fn signing_algorithms() {
    let t = oidc("  signingAlgorithms: [RS256, SIGNING_ALGORITHM_ES384, HS256, none, XX]\n");
    assert_eq!(at(&t, "CKS252").len(), 4);
    let fixed = apply_fix(&oidc("  signingAlgorithms: [rs256]\n"), "CKS252");
    assert!(fixed.contains("[SIGNING_ALGORITHM_RS256]"));
    assert!(at(&fixed, "CKS252").is_empty());
}

#[test]
fn required_claim_and_system_prefix() {
    assert_eq!(at(&oidc("  requiredClaim: group\n"), "CKS253").len(), 1);
    assert_eq!(at(&oidc("  requiredClaim: =admin\n"), "CKS253").len(), 1);
    assert!(at(&oidc("  requiredClaim: group=admin\n"), "CKS253").is_empty());
    assert!(at(&oidc("  requiredClaim: \"\"\n"), "CKS253").is_empty());
    assert_eq!(at(&oidc("  groupsPrefix: \"system:x\"\n"), "CKS254"), [(10, 18, 25)]);
    assert!(at(&oidc("  usernamePrefix: \"oidc:\"\n"), "CKS254").is_empty());
}

#[test]
fn ca_bundles() {
    let good = base64::engine::general_purpose::STANDARD.encode(PEM);
    assert!(at(&oidc(&format!("  ca: {good}\n")), "CKS255").is_empty());
    // Raw PEM in a block scalar gets a safe fix that encodes it.
    let raw: String = PEM.lines().map(|l| format!("    {l}\n")).collect();
    let t = oidc(&format!("  ca: |\n{raw}"));
    assert_eq!(at(&t, "CKS255").len(), 1);
    let fixed = apply_fix(&t, "CKS255");
    assert!(at(&fixed, "CKS255").is_empty(), "{fixed}");
    let files = ckslint::lint_texts(&[("a.yaml", &fixed)]);
    assert!(files[0].diagnostics.iter().all(|d| d.severity != ckslint::Severity::Error));
    // DER, a private key, not base64.
    let der = base64::engine::general_purpose::STANDARD.encode([0x30u8, 0x82, 0x01, 0x0a]);
    let f = lint(&format!("{HEAD}authzWebhook:\n  server: https://a.example.com\n  ca: {der}\n"));
    assert!(f.diagnostics.iter().any(|d| d.rule.code == "CKS255" && d.message.contains("DER")));
    let key = base64::engine::general_purpose::STANDARD.encode("-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n");
    let f = lint(&format!("{HEAD}authnWebhook:\n  server: https://a.example.com\n  ca: {key}\n"));
    assert!(f.diagnostics.iter().any(|d| d.rule.code == "CKS255" && d.message.contains("private key")));
    let f = lint(&oidc("  ca: not*base64\n"));
    assert!(f.diagnostics.iter().any(|d| d.rule.code == "CKS255" && d.message.contains("not valid base64")));
}

#[test]
fn webhook_servers() {
    let t = format!("{HEAD}authzWebhook:\n  server: https://authz.example.com/x?token=1\n");
    assert_eq!(at(&t, "CKS256"), [(8, 38, 46)]);
    let t = format!("{HEAD}authnWebhook:\n  server: authn.example.com\n");
    assert_eq!(at(&t, "CKS256").len(), 1);
}

#[test]
fn tailscale_client_id_length_edges() {
    let ok = format!("{HEAD}tailscale:\n  clientId: {}\n", "a".repeat(255));
    assert!(at(&ok, "CKS257").is_empty());
    let long = format!("{HEAD}tailscale:\n  clientId: {}\n", "a".repeat(256));
    assert_eq!(at(&long, "CKS257"), [(8, 268, 269)]);
}

#[test]
fn json_request() {
    let text = "{\"name\": \"a\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\",\n\"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]},\n\"oidc\": {\"issuerUrl\": \"https://x.example.com#frag\", \"clientId\": \"c\"}}";
    let f = ckslint::lint_texts(&[("a.json", text)]).remove(0);
    let d = f.diagnostics.iter().find(|d| d.rule.code == "CKS250").expect("CKS250");
    assert_eq!(d.pointer, "/oidc/issuerUrl");
    assert_eq!(&text[d.span.start..d.span.end], "#frag");
}

#[test]
fn auth_snapshot() {
    let t = format!("{HEAD}oidc:\n  issuerUrl: http://login.example.com\n  clientId: cks\n  groupsPrefix: \"system:\"\n  signingAlgorithms: [RS256]\nauthzWebhook:\n  server: https://authz.example.com/?a=b\n");
    insta::assert_snapshot!(ckslint::output::human::render_plain(&lint(&t)));
}
