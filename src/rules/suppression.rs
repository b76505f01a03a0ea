//! Suppression hygiene rules (CKS9xx).

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "CKS901",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "an inline or configured suppression matched nothing",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static SUPPRESSION_WITHOUT_REASON: Rule = Rule {
    code: "CKS902",
    name: "suppression-without-reason",
    severity: Severity::Warning,
    summary: "a suppression gives no reason",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};
