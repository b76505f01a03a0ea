//! Kubelet override rules (CKS24x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static UNKNOWN_KUBELET_OPTION: Rule = Rule {
    code: "CKS240",
    name: "unknown-kubelet-option",
    severity: Severity::Warning,
    summary: "not a KubeletConfiguration field (stored but ignored by CKS); did-you-mean; snake_case hint",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static KUBELET_OPTION_TYPE: Rule = Rule {
    code: "CKS241",
    name: "kubelet-option-type",
    severity: Severity::Error,
    summary: "wrong JSON type for the option (durations are strings like `\"1m30s\"`)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static KUBELET_OPTION_VALUE: Rule = Rule {
    code: "CKS242",
    name: "kubelet-option-value",
    severity: Severity::Error,
    summary: "a value the kubelet rejects: ranges, enums, cross-field rules",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static MANAGED_KUBELET_OPTION: Rule = Rule {
    code: "CKS243",
    name: "managed-kubelet-option",
    severity: Severity::Warning,
    summary: "overrides a platform-managed option (`staticPodPath`, `tlsCertFile`, `authentication`, `clusterDNS`, ...)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static EMPTY_KUBELET: Rule = Rule {
    code: "CKS244",
    name: "empty-kubelet",
    severity: Severity::Warning,
    summary: "`kubelet: {}`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static KUBELET_OPTION_TOO_NEW: Rule = Rule {
    code: "CKS245",
    name: "kubelet-option-too-new",
    severity: Severity::Warning,
    summary: "the option does not exist in the requested `version`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every kubelet rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
