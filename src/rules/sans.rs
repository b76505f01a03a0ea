//! Server certificate SAN rules (CKS22x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static TOO_MANY_SANS: Rule = Rule {
    code: "CKS220",
    name: "too-many-sans",
    severity: Severity::Error,
    summary: "more than 10 `additionalServerSans`; span on the excess",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static DUPLICATE_SAN: Rule = Rule {
    code: "CKS221",
    name: "duplicate-san",
    severity: Severity::Error,
    summary: "a SAN repeats (DNS names compare case-insensitively); label: first one",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_SAN: Rule = Rule {
    code: "CKS222",
    name: "invalid-san",
    severity: Severity::Error,
    summary: "not a DNS name (leading `*.` allowed), IPv4 or IPv6 address",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every sans rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
