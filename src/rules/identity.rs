//! Identity and placement rules (CKS20x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static INVALID_CLUSTER_NAME: Rule = Rule {
    code: "CKS201",
    name: "invalid-cluster-name",
    severity: Severity::Error,
    summary: "name does not match `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`; span on the first bad character",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static CLUSTER_NAME_TOO_LONG: Rule = Rule {
    code: "CKS202",
    name: "cluster-name-too-long",
    severity: Severity::Error,
    summary: "name longer than 30 characters; span on the excess",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static CLIENT_SET_ID: Rule = Rule {
    code: "CKS203",
    name: "client-set-id",
    severity: Severity::Error,
    summary: "`id` is set (the server assigns it)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static OUTPUT_ONLY_FIELD: Rule = Rule {
    code: "CKS204",
    name: "output-only-field",
    severity: Severity::Warning,
    summary: "`status`, `createdAt`, `updatedAt`, `apiServerEndpoint`, `isUpgradeable`, `tailscale.tailnetDomain`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_VERSION: Rule = Rule {
    code: "CKS205",
    name: "invalid-version",
    severity: Severity::Error,
    summary: "version not `v<major>.<minor>` (`1.35`, `v1.35.2`, `latest`)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static UNSUPPORTED_VERSION: Rule = Rule {
    code: "CKS206",
    name: "unsupported-version",
    severity: Severity::Warning,
    summary: "well-formed but outside the supported set (configurable)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_ZONE: Rule = Rule {
    code: "CKS207",
    name: "invalid-zone",
    severity: Severity::Error,
    summary: "zone not an AZ name: lowercase, blanks, wrong shape",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static UNKNOWN_ZONE: Rule = Rule {
    code: "CKS208",
    name: "unknown-zone",
    severity: Severity::Warning,
    summary: "well-formed zone missing from the known list (configurable); did-you-mean",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_RESOURCE_ID: Rule = Rule {
    code: "CKS209",
    name: "invalid-resource-id",
    severity: Severity::Error,
    summary: "`vpcId` or `sharedStorageClusterId` is not a UUID (a name given says so)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every identity rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
