//! Names people bring from GKE, EKS, AKS, Terraform, Pulumi and Crossplane: one CKS102
//! per misnamed field, naming the CKS field, with a rename that is safe only when the
//! value fits the field; no CKS101 for a field such a key stands for (SPEC §4).

use ckslint::rules::aliases::{self, Source, Via};
use ckslint::Applicability;

mod common;
use common::{apply, lint};

const AUDIT: &str = "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=";

/// (code, line, column, end line, end column, message, help, fix applicability and message).
type Row = (&'static str, usize, usize, usize, usize, String, String, Option<(Applicability, String)>);

fn rows(path: &str, text: &str) -> Vec<Row> {
    let f = lint(path, text);
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (
                d.rule.code,
                s.line,
                s.column,
                e.line,
                e.column,
                d.message.clone(),
                d.help.clone().unwrap_or_default(),
                d.fix.as_ref().map(|x| (x.applicability, x.message.clone())),
            )
        })
        .collect()
}

fn row(code: &'static str, at: (usize, usize, usize, usize), message: &str, help: &str, fix: Option<(Applicability, &str)>) -> Row {
    (code, at.0, at.1, at.2, at.3, message.into(), help.into(), fix.map(|(a, m)| (a, m.to_string())))
}

const SAFE: Applicability = Applicability::Safe;
const UNSAFE: Applicability = Applicability::Unsafe;

/// Apply every fix of `code` (one at a time, back to front) and return the text.
fn apply_all(path: &str, text: &str, code: &str) -> String {
    let f = lint(path, text);
    let mut ds: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == code && d.fix.is_some()).collect();
    ds.sort_by_key(|d| std::cmp::Reverse(d.span.start));
    let mut out = text.to_string();
    for d in ds {
        out = apply(&out, d);
    }
    out
}

#[test]
fn the_issues_request_written_from_memory_of_gke_and_eks() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/invalid-other-clouds.yaml")).unwrap();
    let got: Vec<Row> = rows("invalid-other-clouds.yaml", &text).into_iter().filter(|r| r.0.starts_with("CKS1")).collect();
    assert_eq!(
        got,
        [
            row(
                "CKS102",
                (5, 1, 5, 7),
                "unknown field `region` in a create-cluster request: the API calls this `zone`",
                "`region` is the eksctl name; rename it to `zone`; zones are uppercase: `US-EAST-04A`",
                Some((UNSAFE, "rename `region` to `zone`")),
            ),
            row(
                "CKS102",
                (7, 1, 7, 18),
                "unknown field `kubernetesVersion` in a create-cluster request: the API calls this `version`",
                "`kubernetesVersion` is the AKS name; rename it to `version`; write the version as \"v1.30\"",
                Some((UNSAFE, "rename `kubernetesVersion` to `version`")),
            ),
            row(
                "CKS101",
                (8, 1, 8, 8),
                "missing required field `network.internalLbCidrNames`",
                "add `internalLbCidrNames`: VPC prefixes for internal load balancers (append-only after create)",
                None,
            ),
            row(
                "CKS102",
                (9, 3, 9, 10),
                "unknown field `podCidr` in `network`: the API calls this `podCidrName`",
                "`podCidr` is the AKS name; rename it to `podCidrName`; it holds the name of a VPC prefix, not a CIDR",
                Some((UNSAFE, "rename `podCidr` to `podCidrName`")),
            ),
        ]
    );
    // No CKS101 for `zone`, `version` or `network.podCidrName`: the keys above speak for them.
    let all = rows("invalid-other-clouds.yaml", &text);
    assert!(!all.iter().any(|r| r.0 == "CKS101" && r.5 != "missing required field `network.internalLbCidrNames`"), "{all:#?}");
    // Applying the renames turns the value problems into the field rules' own findings.
    let renamed = apply_all("invalid-other-clouds.yaml", &text, "CKS102");
    assert!(
        renamed.contains("\nzone: us-east-04a\n")
            && renamed.contains("\nversion: 1.30\n")
            && renamed.contains("  podCidrName: 10.0.0.0/16\n")
    );
    let codes: Vec<&str> = rows("r.yaml", &renamed).iter().map(|r| r.0).filter(|c| !c.starts_with("CKS3")).collect();
    assert_eq!(codes, ["CKS201", "CKS207", "CKS209", "CKS104", "CKS101", "CKS210", "CKS210", "CKS241"]);
}

#[test]
fn a_gke_request() {
    let text = format!(
        "name: train\nlocation: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\ninitialClusterVersion: v1.35\nclusterIpv4Cidr: 10.0.0.0/14\nmasterAuthorizedNetworksConfig:\n  enabled: true\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\nauditPolicy: {AUDIT}\n"
    );
    assert_eq!(
        rows("gke.yaml", &text),
        [
            row(
                "CKS102",
                (2, 1, 2, 9),
                "unknown field `location` in a create-cluster request: the API calls this `zone`",
                "`location` is the GKE and AKS name; rename it to `zone`",
                Some((SAFE, "rename `location` to `zone`")),
            ),
            row(
                "CKS102",
                (4, 1, 4, 22),
                "unknown field `initialClusterVersion` in a create-cluster request: the API calls this `version`",
                "`initialClusterVersion` is the GKE name; rename it to `version`",
                Some((SAFE, "rename `initialClusterVersion` to `version`")),
            ),
            row(
                "CKS102",
                (5, 1, 5, 16),
                "unknown field `clusterIpv4Cidr` in a create-cluster request: the API calls this `network.podCidrName`",
                "`clusterIpv4Cidr` is the GKE name; move it under `network` as `podCidrName`; it holds the name of a VPC prefix, not a CIDR",
                None,
            ),
            row(
                "CKS102",
                (6, 1, 6, 31),
                "unknown field `masterAuthorizedNetworksConfig` in a create-cluster request: CKS has no such setting",
                "`masterAuthorizedNetworksConfig` is the GKE name; CKS has no allow-list of networks for the api-server: it is reachable only from inside the VPC unless `public: true`",
                None,
            ),
        ]
    );
    // The safe renames leave exactly the two findings without a rename.
    let fixed = apply_all("gke.yaml", &text, "CKS102");
    assert!(fixed.starts_with("name: train\nzone: US-EAST-04A\n") && fixed.contains("\nversion: v1.35\n"), "{fixed}");
    let left: Vec<String> = rows("gke.yaml", &fixed).into_iter().map(|r| r.5).collect();
    assert_eq!(
        left,
        [
            "unknown field `clusterIpv4Cidr` in a create-cluster request: the API calls this `network.podCidrName`",
            "unknown field `masterAuthorizedNetworksConfig` in a create-cluster request: CKS has no such setting"
        ]
    );
}

#[test]
fn an_eks_request_in_json() {
    let text = format!(
        "{{\n  \"name\": \"train\",\n  \"region\": \"US-EAST-04A\",\n  \"version\": \"v1.35\",\n  \"resourcesVpcConfig\": {{\"subnetIds\": [\"subnet-1\"]}},\n  \"kubernetesNetworkConfig\": {{\"serviceIpv4Cidr\": \"10.100.0.0/16\"}},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"{AUDIT}\"\n}}\n"
    );
    assert_eq!(
        rows("eks.json", &text),
        [
            row(
                "CKS102",
                (3, 3, 3, 11),
                "unknown field `region` in a create-cluster request: the API calls this `zone`",
                "`region` is the eksctl name; rename it to `zone`",
                Some((SAFE, "rename `region` to `zone`")),
            ),
            row(
                "CKS102",
                (5, 3, 5, 23),
                "unknown field `resourcesVpcConfig` in a create-cluster request: the API calls this `vpcId`",
                "`resourcesVpcConfig` is the EKS name; set this instead: `vpcId`; CKS takes the VPC's ID (a UUID) in `vpcId`, and the VPC prefixes by name under `network`; subnets and security groups are not set here",
                None,
            ),
            row(
                "CKS102",
                (6, 3, 6, 28),
                "unknown field `kubernetesNetworkConfig` in a create-cluster request: the API calls this `network`",
                "`kubernetesNetworkConfig` is the EKS name; rename it to `network`; the fields inside have CKS names too: `podCidrName`, `serviceCidrName` and `internalLbCidrNames`, each the name of a VPC prefix",
                Some((UNSAFE, "rename `kubernetesNetworkConfig` to `network`")),
            ),
        ]
    );
    // The JSON rename keeps the quotes; once renamed, the mapping's own keys are judged.
    let f = lint("eks.json", &text);
    let renamed = apply(&text, f.diagnostics.iter().find(|d| d.message.contains("`region`")).unwrap());
    assert!(renamed.contains("\"zone\": \"US-EAST-04A\""), "{renamed}");
    let renamed = apply(&text, f.diagnostics.iter().find(|d| d.message.contains("kubernetesNetworkConfig")).unwrap());
    let messages: Vec<String> = rows("eks.json", &renamed).into_iter().map(|r| r.5).collect();
    assert!(
        messages.contains(&"unknown field `serviceIpv4Cidr` in `network`: the API calls this `serviceCidrName`".to_string()),
        "{messages:#?}"
    );
}

#[test]
fn an_aks_request_with_values_that_do_not_fit_yet() {
    let text = format!(
        "name: train\nlocation: us-east-04a\nkubernetesVersion: \"1.35\"\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nnetwork:\n  podCidr: 10.244.0.0/16\n  serviceCidr: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\nauditPolicy: {AUDIT}\n"
    );
    assert_eq!(
        rows("aks.yaml", &text),
        [
            row(
                "CKS102",
                (2, 1, 2, 9),
                "unknown field `location` in a create-cluster request: the API calls this `zone`",
                "`location` is the GKE and AKS name; rename it to `zone`; zones are uppercase: `US-EAST-04A`",
                Some((UNSAFE, "rename `location` to `zone`")),
            ),
            row(
                "CKS102",
                (3, 1, 3, 18),
                "unknown field `kubernetesVersion` in a create-cluster request: the API calls this `version`",
                "`kubernetesVersion` is the AKS name; rename it to `version`; write the version as \"v1.35\"",
                Some((UNSAFE, "rename `kubernetesVersion` to `version`")),
            ),
            row(
                "CKS102",
                (6, 3, 6, 10),
                "unknown field `podCidr` in `network`: the API calls this `podCidrName`",
                "`podCidr` is the AKS name; rename it to `podCidrName`; it holds the name of a VPC prefix, not a CIDR",
                Some((UNSAFE, "rename `podCidr` to `podCidrName`")),
            ),
            row(
                "CKS102",
                (7, 3, 7, 14),
                "unknown field `serviceCidr` in `network`: the API calls this `serviceCidrName`",
                "`serviceCidr` is the AKS name; rename it to `serviceCidrName`; it holds the name of a VPC prefix, not a CIDR",
                Some((UNSAFE, "rename `serviceCidr` to `serviceCidrName`")),
            ),
        ]
    );
}

#[test]
fn terraform_pulumi_and_crossplane_spellings_of_this_api() {
    let text = format!(
        "{{\n  \"name\": \"train\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpc_id\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"kubernetes_version\": \"v1.35\",\n  \"pod_cidr_name\": \"pods\",\n  \"network\": {{\"serviceCidrName\": \"services\", \"internalLbCidrNames\": [\"lb\"], \"nodePortRange\": {{\"start\": 30000, \"end\": 32767}}, \"internalLbCidrNamesV6s\": [\"v6\"]}},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"{AUDIT}\"\n}}\n"
    );
    let got: Vec<(&str, usize, String, String)> = rows("tf.json", &text).into_iter().map(|r| (r.0, r.1, r.5, r.6)).collect();
    assert_eq!(
        got,
        [
            (
                "CKS103",
                4,
                "`vpc_id` is the protobuf field name; the JSON name is `vpcId`".to_string(),
                "the API accepts both, but tools and docs use `vpcId`".to_string()
            ),
            (
                "CKS102",
                5,
                "unknown field `kubernetes_version` in a create-cluster request: the API calls this `version`".into(),
                "`kubernetes_version` is the Terraform name; rename it to `version`".into()
            ),
            // Flat, as in Terraform: where the API wants it, and no CKS101 for it.
            (
                "CKS102",
                6,
                "unknown field `pod_cidr_name` in a create-cluster request: `pod_cidr_name` belongs under `network`".into(),
                "`podCidrName` belongs under `network`: move `pod_cidr_name` into the `network` mapping as `podCidrName`".into()
            ),
            (
                "CKS102",
                7,
                "unknown field `nodePortRange` in `network`: the API calls this `serviceNodePortRange`".into(),
                "`nodePortRange` is the Pulumi and Crossplane name; rename it to `serviceNodePortRange`".into()
            ),
            (
                "CKS102",
                7,
                "unknown field `internalLbCidrNamesV6s` in `network`: the API calls this `internalLbCidrNamesV6`".into(),
                "`internalLbCidrNamesV6s` is the Pulumi name; rename it to `internalLbCidrNamesV6`".into()
            ),
        ]
    );
}

#[test]
fn prefix_and_containment_matches_stand_for_a_missing_field() {
    let head = format!("name: train\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\ndisableOidcInfoPublication: true\nauditPolicy: {AUDIT}\n");
    // `internalLbCidr` is a prefix of `internalLbCidrNames` (and of `…V6`, which contains it).
    let text = format!("{head}network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidr: [lb]\n");
    assert_eq!(
        rows("p.yaml", &text),
        [row(
            "CKS102",
            (10, 3, 10, 17),
            "unknown field `internalLbCidr` in `network`",
            "did you mean `internalLbCidrNames`? the request does not set this required field",
            Some((SAFE, "rename `internalLbCidr` to `internalLbCidrNames`")),
        )]
    );
    assert_eq!(rows("p.yaml", &apply_all("p.yaml", &text, "CKS102")), []);
    // The value does not fit: the same finding, a suggestion, and why.
    let text = format!("{head}network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidr: [10.0.0.0/24]\n");
    assert_eq!(
        rows("p.yaml", &text),
        [row(
            "CKS102",
            (10, 3, 10, 17),
            "unknown field `internalLbCidr` in `network`",
            "did you mean `internalLbCidrNames`? the request does not set this required field; it holds names of VPC prefixes, not CIDRs",
            Some((UNSAFE, "rename `internalLbCidr` to `internalLbCidrNames`")),
        )]
    );
    // The key contains the field: `clusterZone` → `zone`.
    let text = format!("{head}network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n")
        .replace("zone: US-EAST-04A", "clusterZone: US-EAST-04A");
    assert_eq!(
        rows("p.yaml", &text),
        [row(
            "CKS102",
            (2, 1, 2, 12),
            "unknown field `clusterZone` in a create-cluster request",
            "did you mean `zone`? the request does not set this required field",
            Some((SAFE, "rename `clusterZone` to `zone`")),
        )]
    );
}

#[test]
fn an_alias_beside_the_field_it_names() {
    let text = format!(
        "name: train\nzone: US-EAST-04A\nregion: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\nauditPolicy: {AUDIT}\n"
    );
    assert_eq!(
        rows("b.yaml", &text),
        [row(
            "CKS102",
            (3, 1, 3, 7),
            "unknown field `region` in a create-cluster request: the API calls this `zone`, which is also set",
            "`region` is the eksctl name; remove it, the request sets `zone` already",
            Some((UNSAFE, "remove `region`")),
        )]
    );
    assert_eq!(rows("b.yaml", &apply_all("b.yaml", &text, "CKS102")), []);
}

/// The table and the lookup are a public API (the Terraform front-end's did-you-mean).
#[test]
fn the_public_lookup() {
    let a = aliases::lookup("location", "").unwrap();
    assert_eq!((a.field, a.sources), (Some("zone"), &[Source::Gke, Source::Aks][..]));
    assert!(a.reference.starts_with("https://"));
    assert_eq!(aliases::lookup("KUBERNETES_VERSION", "").and_then(|a| a.field), Some("version"));
    assert_eq!(aliases::lookup("podCidr", "network").and_then(|a| a.field), Some("network.podCidrName"));
    assert_eq!(aliases::lookup("podCidr", "oidc"), None);
    let known = ["issuerUrl", "clientId", "signingAlgorithms"];
    let s = aliases::suggest("signingAlgs", "oidc", &known).unwrap();
    assert_eq!((s.field.as_deref(), matches!(s.via, Via::Alias(_))), (Some("oidc.signingAlgorithms"), true));
    assert_eq!(aliases::suggest("issuer", "oidc", &known).map(|s| (s.field, s.via)), Some((Some("oidc.issuerUrl".into()), Via::Contains)));
    assert!(aliases::ALIASES.len() >= 30);
}

fn ckslint(args: &[&str]) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ckslint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    String::from_utf8(out.stdout).unwrap()
}

/// `ckslint explain CKS102` documents the aliases and the one-finding behaviour.
#[test]
fn explain_documents_the_alias_behaviour() {
    let text = ckslint(&["explain", "CKS102"]);
    for want in [
        "(`region`, `location` → `zone`;",
        "`kubernetesVersion`, `kubernetes_version`, `initialClusterVersion` → `version`",
        "`src/rules/aliases.rs` names the source of each: GKE, EKS, eksctl, AKS, Terraform, Pulumi, Crossplane",
        "this is the only finding for that field (no CKS101): \"the API calls this `zone`\"",
        "`podCidrName` holds the name of a VPC prefix, not a CIDR",
    ] {
        assert!(text.contains(want), "{want}\n---\n{text}");
    }
}

/// The README's example is what the binary prints for the bundled file.
#[test]
fn the_readme_example_is_real_output() {
    let out = ckslint(&["check", "--isolated", "--color", "never", "testdata/invalid-other-clouds.yaml"]);
    let start = out.find("CKS102 unknown-field\n").unwrap();
    let end = start + out[start..].find("rename `region` to `zone`\n").unwrap() + "rename `region` to `zone`\n".len();
    let block = &out[start..end];
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    assert!(readme.contains(&format!("```text\n{block}```\n")), "README.md should show:\n{block}");
}

/// Two keys that stand for one field: each says so, and neither rename is safe (both
/// applied would set `zone` twice).
#[test]
fn two_keys_for_one_field() {
    let text = format!(
        "name: train\nregion: US-EAST-04A\nlocation: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\nauditPolicy: {AUDIT}\n"
    );
    type Short = (&'static str, usize, Option<(Applicability, String)>);
    let got: Vec<Short> = rows("t.yaml", &text).into_iter().map(|r| (r.0, r.1, r.7)).collect();
    assert_eq!(
        got,
        [
            ("CKS102", 2, Some((UNSAFE, "rename `region` to `zone`".into()))),
            ("CKS102", 3, Some((UNSAFE, "rename `location` to `zone`".into())))
        ]
    );
}
