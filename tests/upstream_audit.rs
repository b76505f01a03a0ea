//! Kubernetes' own audit policy loading and validation cases, run through CKS231–CKS234.
//!
//! Transcribed from `staging/src/k8s.io/apiserver/pkg/apis/audit/validation/validation_test.go`
//! (`TestValidatePolicy`: valid and invalid rules, each as a one-rule policy),
//! `.../audit/policy/reader_test.go` (loading: group versions, a missing `kind`, unknown
//! fields, zero rules) and `.../audit/policy/checker_test.go`'s matching semantics (first
//! matching rule wins), plus the version-dependent group wildcard (kubernetes/kubernetes#135262,
//! v1.36) and the published policies of GKE (`cluster/gce/gci/configure-helper.sh`,
//! `create-master-audit-policy`) and EKS Anywhere (`pkg/providers/common/config/audit-policy.yaml`),
//! which must not get CKS234.
//!
//! A verdict is "accepted" (no CKS231/CKS232) or "rejected" with the CKS232 message.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;

mod common;
use common::lint;

fn request(version: &str, policy: &str) -> String {
    format!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: {version}\n\
network: {{podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}}\ndisableOidcInfoPublication: true\nauditPolicy: {}\n",
        STANDARD.encode(policy.as_bytes())
    )
}

/// (code, message) of the audit findings.
fn findings(version: &str, policy: &str) -> Vec<(&'static str, String)> {
    lint("a.yaml", &request(version, policy))
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("CKS23"))
        .map(|d| (d.rule.code, d.message.clone()))
        .collect()
}

const HEAD: &str = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n";

/// (name, version, policy, None = accepted | Some(CKS232 message)).
type Case = (&'static str, &'static str, String, Option<&'static str>);

fn one_rule(rule: &str) -> String {
    format!("{HEAD}{rule}")
}

fn cases() -> Vec<Case> {
    let valid_rules = [
        ("Defaulting rule", "  - level: Metadata\n"),
        ("Matching non-humans", "  - level: None\n    userGroups: [\"system:serviceaccounts\", \"system:nodes\"]\n"),
        (
            "Specific request",
            "  - level: RequestResponse\n    verbs: [get]\n    resources: [{group: rbac.authorization.k8s.io, resources: [roles, rolebindings]}]\n    namespaces: [kube-system]\n",
        ),
        (
            "Some non-resource URLs",
            "  - level: Metadata\n    userGroups: [developers]\n    nonResourceURLs: [\"/logs*\", \"/healthz*\", \"/metrics\", \"*\"]\n",
        ),
        ("Omit RequestReceived stage", "  - level: Metadata\n    omitStages: [RequestReceived]\n"),
    ];
    let mut out: Vec<Case> = Vec::new();
    for (name, rule) in valid_rules {
        out.push((name, "v1.35", one_rule(rule), None));
    }
    out.push(("Multiple rules", "v1.35", format!("{HEAD}{}", valid_rules.iter().map(|r| r.1).collect::<String>()), None));
    out.push((
        "Policy with omitStages",
        "v1.35",
        format!("apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\n{}", "rules:\n  - level: None\n"),
        None,
    ));
    let invalid_rules: [(&str, &str, &str); 11] = [
        ("Empty rule (missing Level)", "  - {}\n", "auditPolicy `rules[0]` has no `level`"),
        (
            "Missing level",
            "  - verbs: [get]\n    resources: [{resources: [secrets]}]\n    namespaces: [kube-system]\n",
            "auditPolicy `rules[0]` has no `level`",
        ),
        ("Invalid Level", "  - level: FooBar\n", "auditPolicy `rules[0].level` `FooBar` is not an audit level"),
        (
            "NonResourceURLs + Namespaces",
            "  - level: Metadata\n    namespaces: [default]\n    nonResourceURLs: [\"/logs*\"]\n",
            "auditPolicy `rules[0]` mixes `nonResourceURLs` with `namespaces`",
        ),
        (
            "NonResourceURLs + ResourceKinds",
            "  - level: Metadata\n    resources: [{resources: [secrets]}]\n    nonResourceURLs: [\"/logs*\"]\n",
            "auditPolicy `rules[0]` mixes `nonResourceURLs` with `resources`",
        ),
        (
            "invalid group name",
            "  - level: Metadata\n    resources: [{group: rbac.authorization.k8s.io/v1beta1, resources: [roles]}]\n",
            "auditPolicy `rules[0].resources[0].group` `rbac.authorization.k8s.io/v1beta1` includes a version",
        ),
        (
            "invalid non-resource URLs",
            "  - level: Metadata\n    nonResourceURLs: [logs, \"/healthz*\"]\n",
            "auditPolicy `rules[0].nonResourceURLs[0]` `logs` must be `*` or start with `/`",
        ),
        (
            "empty non-resource URLs",
            "  - level: Metadata\n    nonResourceURLs: [\"\", \"/healthz*\"]\n",
            "auditPolicy `rules[0].nonResourceURLs[0]` `` must be `*` or start with `/`",
        ),
        (
            "invalid non-resource URLs with multi \"*\"",
            "  - level: Metadata\n    nonResourceURLs: [\"/logs/*/*\", /metrics]\n",
            "auditPolicy `rules[0].nonResourceURLs[0]` `/logs/*/*` has `*` before its end",
        ),
        (
            "invalid non-resrouce URLs with \"*\" not in the end",
            "  - level: Metadata\n    nonResourceURLs: [\"/logs/*.log\", /metrics]\n",
            "auditPolicy `rules[0].nonResourceURLs[0]` `/logs/*.log` has `*` before its end",
        ),
        (
            "ResourceNames without Resources",
            "  - level: Metadata\n    verbs: [get]\n    resources: [{resourceNames: [leader]}]\n    namespaces: [kube-system]\n",
            "auditPolicy `rules[0].resources[0]` has `resourceNames` but no `resources`",
        ),
    ];
    for (name, rule, message) in invalid_rules {
        out.push((name, "v1.35", one_rule(rule), Some(message)));
    }
    out.push((
        "invalid omitStages in rule",
        "v1.35",
        one_rule("  - level: Metadata\n    omitStages: [foo]\n"),
        Some("auditPolicy `rules[0].omitStages[0]` `foo` is not an audit stage"),
    ));
    out.push((
        "Multiple rules, the last one empty",
        "v1.35",
        format!("{HEAD}{}  - {{}}\n", valid_rules.iter().map(|r| r.1).collect::<String>()),
        Some("auditPolicy `rules[5]` has no `level`"),
    ));
    out.push((
        "invalid omitStages in policy",
        "v1.35",
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [foo]\nrules:\n  - level: Metadata\n".into(),
        Some("auditPolicy `omitStages[0]` `foo` is not an audit stage"),
    ));
    // reader_test.go
    let pattern = "apiVersion: audit.k8s.io/{version}\nkind: Policy\nrules:\n  - level: None\n    nonResourceURLs:\n      - /healthz*\n      - /version\n  - level: RequestResponse\n    users: [\"tim\"]\n    userGroups: [\"testers\", \"developers\"]\n    verbs: [\"patch\", \"delete\", \"create\"]\n    resources:\n      - group: \"\"\n      - group: \"rbac.authorization.k8s.io\"\n        resources: [\"clusterroles\", \"clusterrolebindings\"]\n    namespaces: [\"default\", \"kube-system\"]\n  - level: Metadata\n";
    out.push(("TestParser", "v1.35", pattern.replace("{version}", "v1"), None));
    out.push((
        "TestParsePolicyWithNoVersionOrKind",
        "v1.35",
        pattern.split_once("rules:\n").map(|(_, r)| format!("rules:\n{r}")).unwrap_or_default(),
        Some("auditPolicy has no `apiVersion`"),
    ));
    out.push(("no kind: defaulted by the decoder", "v1.35", pattern.replace("{version}", "v1").replace("kind: Policy\n", ""), None));
    out.push((
        "TestParsePolicyWithUnknownField (a warning, not a rejection)",
        "v1.35",
        "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n- level: None\n  resources:\n  - group: coordination.k8s.io\n    resources:\n    - \"leases\"\n    verbs: [\"watch\", \"get\", \"list\"] # invalid indentation on verbs\n".into(),
        None,
    ));
    out.push((
        "TestPolicyCntCheck policyWithNoRule",
        "v1.35",
        "apiVersion: audit.k8s.io/v1\nkind: Policy".into(),
        Some("auditPolicy has no `rules`"),
    ));
    out.push((
        "TestPolicyCntCheck emptyPolicyFile (as a comment only: an empty value is CKS105's)",
        "v1.35",
        "# no policy\n".into(),
        Some("decoded auditPolicy holds no policy (it is empty or only comments)"),
    ));
    out.push(("only the first document is read", "v1.35", format!("{}---\nkind: Nonsense\n", one_rule("  - level: Metadata\n")), None));
    // The group wildcard (kubernetes/kubernetes#135262, in v1.36).
    let star = one_rule("  - level: None\n    resources: [{group: \"*\", resources: [\"*/status\"]}]\n  - level: Metadata\n");
    out.push(("group \"*\" in v1.36", "v1.36", star.clone(), None));
    out.push((
        "group \"*\" before v1.36",
        "v1.35",
        star,
        Some("auditPolicy `rules[0].resources[0].group` is `*`; kube-apiserver accepts a group wildcard from Kubernetes v1.36"),
    ));
    out.push((
        "a leading wildcard group is not accepted (kubernetes/kubernetes#135779 is not merged)",
        "v1.36",
        one_rule("  - level: None\n    resources: [{group: \"*.k8s.io\"}]\n"),
        Some("auditPolicy `rules[0].resources[0].group` `*.k8s.io` is not a lowercase DNS subdomain"),
    ));
    out
}

#[test]
fn upstream_audit_validation_cases() {
    let cases = cases();
    let mut failures = Vec::new();
    for (name, version, policy, expected) in &cases {
        let found = findings(version, policy);
        let rejections: Vec<&(&str, String)> = found.iter().filter(|f| matches!(f.0, "CKS231" | "CKS232")).collect();
        let ok = match expected {
            None => rejections.is_empty(),
            Some(message) => rejections.iter().any(|f| f.0 == "CKS232" && f.1 == *message),
        };
        if !ok {
            failures.push(format!("{name} ({version}): expected {expected:?}, found {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases disagree:\n{}", failures.len(), cases.len(), failures.join("\n"));
    let accepted = cases.iter().filter(|c| c.3.is_none()).count();
    assert!(accepted >= 10 && cases.len() - accepted >= 15, "{accepted} accepted of {}", cases.len());
}

/// The rules of EKS Anywhere's published policy in order (comments dropped), and GKE's
/// differs from it only in listing `serviceaccounts/token` with the secrets.
fn eks_anywhere_rules() -> String {
    let known = "      - group: \"\"\n      - group: admissionregistration.k8s.io\n      - group: apiextensions.k8s.io\n      - group: apps\n      - group: batch\n      - group: rbac.authorization.k8s.io\n      - group: storage.k8s.io\n";
    let rules = r#"  - level: RequestResponse
    namespaces: [kube-system]
    verbs: [update, patch, delete]
    resources:
      - group: ""
        resources: [configmaps]
        resourceNames: [aws-auth]
    omitStages: [RequestReceived]
  - level: None
    users: ["system:kube-proxy"]
    verbs: [watch]
    resources:
      - group: ""
        resources: [endpoints, services, services/status]
  - level: None
    users: [kubelet]
    verbs: [get]
    resources:
      - group: ""
        resources: [nodes, nodes/status]
  - level: None
    userGroups: ["system:nodes"]
    verbs: [get]
    resources:
      - group: ""
        resources: [nodes, nodes/status]
  - level: None
    users: ["system:kube-controller-manager", "system:kube-scheduler", "system:serviceaccount:kube-system:endpoint-controller"]
    verbs: [get, update]
    namespaces: [kube-system]
    resources:
      - group: ""
        resources: [endpoints]
  - level: None
    users: ["system:apiserver"]
    verbs: [get]
    resources:
      - group: ""
        resources: [namespaces, namespaces/status, namespaces/finalize]
  - level: None
    users: ["system:kube-controller-manager"]
    verbs: [get, list]
    resources:
      - group: metrics.k8s.io
  - level: None
    nonResourceURLs: ["/healthz*", /version, "/swagger*"]
  - level: None
    resources:
      - group: ""
        resources: [events]
  - level: Request
    users: [kubelet, "system:node-problem-detector", "system:serviceaccount:kube-system:node-problem-detector"]
    verbs: [update, patch]
    resources:
      - group: ""
        resources: [nodes/status, pods/status]
    omitStages: [RequestReceived]
  - level: Request
    userGroups: ["system:nodes"]
    verbs: [update, patch]
    resources:
      - group: ""
        resources: [nodes/status, pods/status]
    omitStages: [RequestReceived]
  - level: Request
    users: ["system:serviceaccount:kube-system:namespace-controller"]
    verbs: [deletecollection]
    omitStages: [RequestReceived]
  - level: Metadata
    resources:
      - group: ""
        resources: [secrets, configmaps]
      - group: authentication.k8s.io
        resources: [tokenreviews]
    omitStages: [RequestReceived]
  - level: Request
    resources:
      - group: ""
        resources: [serviceaccounts/token]
  - level: Request
    verbs: [get, list, watch]
    resources:
KNOWN    omitStages: [RequestReceived]
  - level: RequestResponse
    resources:
KNOWN    omitStages: [RequestReceived]
  - level: Metadata
    omitStages: [RequestReceived]
"#;
    rules.replace("KNOWN", known)
}

#[test]
fn published_policies_do_not_log_secrets() {
    let eksa = eks_anywhere_rules();
    for version in ["v1.34", "v1.35", "v1.36"] {
        assert_eq!(findings(version, &format!("{HEAD}{eksa}")), vec![], "EKS Anywhere rules, {version}");
        let gke = eksa.replace("resources: [secrets, configmaps]", "resources: [secrets, configmaps, serviceaccounts/token]");
        assert_eq!(findings(version, &format!("{HEAD}{gke}")), vec![], "GKE rules, {version}");
    }
    // EKS Anywhere publishes it as `audit.k8s.io/v1beta1`: rejected for that, never CKS234.
    let published = findings("v1.35", &format!("apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n{eksa}"));
    assert_eq!(published.iter().map(|f| f.0).collect::<Vec<_>>(), ["CKS232"]);
    // Without the Metadata rule for secrets, the catch-all RequestResponse of known APIs logs them.
    let unguarded = eksa.replace("resources: [secrets, configmaps]", "resources: [configmaps]");
    assert_eq!(
        findings("v1.35", &format!("{HEAD}{unguarded}")),
        [(
            "CKS234",
            "auditPolicy `rules[15]` logs core `secrets` at `RequestResponse` for `create`, `update`, `patch`, `delete`, `deletecollection`, so secret values reach the audit log"
                .to_string()
        )]
    );
}

#[test]
fn what_each_level_records_per_verb() {
    let secrets = |rules: &str| -> Vec<String> {
        findings("v1.35", &format!("{HEAD}{rules}")).into_iter().filter(|f| f.0 == "CKS234").map(|f| f.1).collect()
    };
    // Request records request bodies: reads and deletes send none.
    assert_eq!(secrets("  - level: Request\n    verbs: [get, list, watch, delete, deletecollection]\n"), Vec::<String>::new());
    assert_eq!(
        secrets("  - level: Request\n    verbs: [get, update]\n"),
        ["auditPolicy `rules[0]` logs core `secrets` at `Request` for `update`, so secret values reach the audit log"]
    );
    // RequestResponse records responses too: a read returns the Secret.
    assert_eq!(
        secrets("  - level: RequestResponse\n    verbs: [get]\n"),
        ["auditPolicy `rules[0]` logs core `secrets` at `RequestResponse` for `get`, so secret values reach the audit log"]
    );
    // The first matching rule wins: a Metadata rule for writes leaves reads to the next rule.
    assert_eq!(
        secrets("  - level: Metadata\n    verbs: [create, update, patch]\n  - level: RequestResponse\n"),
        ["auditPolicy `rules[1]` logs core `secrets` at `RequestResponse` for `get`, `list`, `watch`, `delete`, `deletecollection`, so secret values reach the audit log"]
    );
    // A non-resource rule never matches a resource request; `group: "*"` (v1.36) matches core.
    // ... and an unrestricted Request rule decides every verb: reads end up logged without bodies.
    assert_eq!(
        secrets("  - level: Metadata\n    verbs: [create, update, patch]\n  - level: Request\n  - level: RequestResponse\n"),
        Vec::<String>::new()
    );
    assert_eq!(secrets("  - level: RequestResponse\n    nonResourceURLs: [\"*\"]\n"), Vec::<String>::new());
    let star = "  - level: Metadata\n    resources: [{group: \"*\", resources: [secrets]}]\n  - level: RequestResponse\n";
    assert!(findings("v1.36", &format!("{HEAD}{star}")).is_empty());
}
