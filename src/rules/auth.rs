//! Authentication rules (CKS25x).

use crate::diagnostic::Severity;
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::Node;

pub static OIDC_ISSUER_URL: Rule = Rule {
    code: "CKS250",
    name: "oidc-issuer-url",
    severity: Severity::Error,
    summary: "not an absolute `https` URL, or has userinfo, query or fragment",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static OIDC_ISSUER_IS_CLUSTER_ISSUER: Rule = Rule {
    code: "CKS251",
    name: "oidc-issuer-is-cluster-issuer",
    severity: Severity::Error,
    summary: "issuer under `https://oidc.cks.coreweave.com/`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_SIGNING_ALGORITHM: Rule = Rule {
    code: "CKS252",
    name: "invalid-signing-algorithm",
    severity: Severity::Error,
    summary: "not `SIGNING_ALGORITHM_<RS|ES|PS><256|384|512>`; `RS256` gets a fix",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static REQUIRED_CLAIM_FORMAT: Rule = Rule {
    code: "CKS253",
    name: "required-claim-format",
    severity: Severity::Error,
    summary: "`requiredClaim` not `key=value`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static SYSTEM_PREFIX: Rule = Rule {
    code: "CKS254",
    name: "system-prefix",
    severity: Severity::Error,
    summary: "`usernamePrefix`/`groupsPrefix` starts with `system:`",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INVALID_CA_BUNDLE: Rule = Rule {
    code: "CKS255",
    name: "invalid-ca-bundle",
    severity: Severity::Error,
    summary: "a `ca` is not base64 of PEM with a `CERTIFICATE` block (raw PEM gets a fix)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static WEBHOOK_SERVER_URL: Rule = Rule {
    code: "CKS256",
    name: "webhook-server-url",
    severity: Severity::Error,
    summary: "a webhook `server` not an absolute `https` URL, or has a query",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static TAILSCALE_CLIENT_ID: Rule = Rule {
    code: "CKS257",
    name: "tailscale-client-id",
    severity: Severity::Error,
    summary: "`tailscale.clientId` longer than 255 characters",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

/// Run every auth rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let _ = (ctx, root);
}
