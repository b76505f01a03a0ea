//! Audit policy rules (CKS23x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static AUDIT_POLICY_NOT_BASE64: Rule = Rule {
    code: "CKS230",
    name: "audit-policy-not-base64",
    severity: Severity::Error,
    summary: "not standard padded base64; raw YAML/JSON, URL-safe alphabet, line breaks each said so; span on the first bad character",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static AUDIT_POLICY_SYNTAX: Rule = Rule {
    code: "CKS231",
    name: "audit-policy-syntax",
    severity: Severity::Error,
    summary: "decoded bytes are not UTF-8 YAML/JSON; shows the decoded text with the fault",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static AUDIT_POLICY_INVALID: Rule = Rule {
    code: "CKS232",
    name: "audit-policy-invalid",
    severity: Severity::Error,
    summary: "the api-server would reject it: apiVersion not `audit.k8s.io/v1`, kind not `Policy`, no rules, bad `level` or stage, bad `nonResourceURLs`, `nonResourceURLs` mixed with `resources`/`namespaces`, group with a version, `resourceNames` without `resources`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static AUDIT_POLICY_UNKNOWN_FIELD: Rule = Rule {
    code: "CKS233",
    name: "audit-policy-unknown-field",
    severity: Severity::Warning,
    summary: "an unknown field in the policy",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static AUDIT_POLICY_LOGS_SECRETS: Rule = Rule {
    code: "CKS234",
    name: "audit-policy-logs-secrets",
    severity: Severity::Warning,
    summary: "the first rule matching core `secrets` logs at `Request` or `RequestResponse`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every audit rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
