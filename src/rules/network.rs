//! Network rules (CKS21x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static CIDR_INSTEAD_OF_PREFIX_NAME: Rule = Rule {
    code: "CKS210",
    name: "cidr-instead-of-prefix-name",
    severity: Severity::Error,
    summary: "a prefix-name field holds a CIDR or IP",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static PREFIX_NAME_REUSED: Rule = Rule {
    code: "CKS211",
    name: "prefix-name-reused",
    severity: Severity::Error,
    summary: "pod = service name, an LB name repeats either, or repeats in the list",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static EMPTY_LB_PREFIX_LIST: Rule = Rule {
    code: "CKS212",
    name: "empty-lb-prefix-list",
    severity: Severity::Error,
    summary: "`internalLbCidrNames` is `[]` (proto3 reads that as unset)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INCOMPLETE_IPV6_NETWORK: Rule = Rule {
    code: "CKS213",
    name: "incomplete-ipv6-network",
    severity: Severity::Error,
    summary: "some but not all of `podCidrNameV6`, `serviceCidrNameV6`, `internalLbCidrNamesV6`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_NODE_PORT_RANGE: Rule = Rule {
    code: "CKS214",
    name: "invalid-node-port-range",
    severity: Severity::Error,
    summary: "`serviceNodePortRange` outside 1–65535 or start > end",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every network rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
