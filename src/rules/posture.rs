//! Security posture rules (CKS3xx).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static PUBLIC_API_SERVER: Rule = Rule {
    code: "CKS301",
    name: "public-api-server",
    severity: Severity::Warning,
    summary: "`public: true`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static OIDC_DISCOVERY_PUBLISHED: Rule = Rule {
    code: "CKS302",
    name: "oidc-discovery-published",
    severity: Severity::Info,
    summary: "`disableOidcInfoPublication` is not `true`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static NO_AUDIT_POLICY: Rule = Rule {
    code: "CKS303",
    name: "no-audit-policy",
    severity: Severity::Info,
    summary: "no `auditPolicy`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static TAILSCALE_NEEDS_OIDC_DISCOVERY: Rule = Rule {
    code: "CKS304",
    name: "tailscale-needs-oidc-discovery",
    severity: Severity::Warning,
    summary: "`tailscale` with `disableOidcInfoPublication: true`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every posture rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
