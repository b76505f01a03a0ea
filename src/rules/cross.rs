//! Cross-document rules (CKS4xx).

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

pub static DUPLICATE_CLUSTER_NAME: Rule = Rule {
    code: "CKS401",
    name: "duplicate-cluster-name",
    severity: Severity::Warning,
    summary: "two linted documents request the same cluster name (labels on both)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};
