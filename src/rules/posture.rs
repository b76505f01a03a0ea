//! Security posture rules (CKS3xx): valid requests whose settings deserve a second look.

use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::{pointer_push, Node};

/// A complete, valid request used by the examples below.
macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n"
    };
}
macro_rules! audit {
    () => {
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

pub static PUBLIC_API_SERVER: Rule = Rule {
    code: "CKS301",
    name: "public-api-server",
    severity: Severity::Warning,
    summary: "`public: true`",
    what: "Flags `public: true`, which makes the cluster's api-server reachable from the whole Internet.",
    why: "A public control plane is exposed to credential stuffing, token leaks and every future api-server \
vulnerability. Most clusters are reached over the VPC, a VPN or Tailscale. When public access is intended \
(and fronted by an allow-list), say so with a suppression and a reason.",
    bad: Example::yaml(concat!(base!(), "public: true\ndisableOidcInfoPublication: true\n", audit!())),
    good: Example::yaml(concat!(base!(), "public: false\ndisableOidcInfoPublication: true\n", audit!())),
    fix: Some("write `public: false` (a suggestion: exposure is the author's decision)"),
    implemented: true,
};

pub static OIDC_DISCOVERY_PUBLISHED: Rule = Rule {
    code: "CKS302",
    name: "oidc-discovery-published",
    severity: Severity::Info,
    summary: "`disableOidcInfoPublication` is not `true`",
    what: "Notes that the cluster's service-account OIDC discovery document and signing keys will be published \
at `oidc.cks.coreweave.com/id/<CLUSTER-ID>` because `disableOidcInfoPublication` is absent or false.",
    why: "Publication lets outside systems (cloud IAM federation, Tailscale) trust the cluster's service-account \
tokens, and it exposes the cluster's OIDC configuration and public keys to the Internet. Decide explicitly: set \
`disableOidcInfoPublication: true` unless something needs the published issuer.",
    bad: Example::yaml(concat!(base!(), audit!())),
    good: Example::yaml(concat!(base!(), "disableOidcInfoPublication: true\n", audit!())),
    fix: Some("where it is set to `false`, write `true` (a suggestion: the author decides)"),
    implemented: true,
};

pub static NO_AUDIT_POLICY: Rule = Rule {
    code: "CKS303",
    name: "no-audit-policy",
    severity: Severity::Info,
    summary: "no `auditPolicy`",
    what: "Notes a request without an `auditPolicy`.",
    why: "Without an audit policy the api-server keeps no record of who did what, which is what incident \
response and most compliance regimes ask for first. A minimal policy logs everything at `Metadata` level.",
    bad: Example::yaml(concat!(base!(), "disableOidcInfoPublication: true\n")),
    good: Example::yaml(concat!(base!(), "disableOidcInfoPublication: true\n", audit!())),
    fix: None,
    implemented: true,
};

pub static TAILSCALE_NEEDS_OIDC_DISCOVERY: Rule = Rule {
    code: "CKS304",
    name: "tailscale-needs-oidc-discovery",
    severity: Severity::Warning,
    summary: "`tailscale` with `disableOidcInfoPublication: true`",
    what: "Flags a request that configures `tailscale` while turning off the publication of the cluster's \
OIDC discovery document.",
    why: "The Tailscale integration authenticates the cluster through a federated identity that trusts the \
cluster's service-account issuer (`https://oidc.cks.coreweave.com/id/<CLUSTER-ID>`); with publication disabled, \
Tailscale cannot fetch the issuer's keys. This conflict is inferred from the Terraform provider's Tailscale \
example and CoreWeave's docs, not stated by the API reference.",
    bad: Example::yaml(concat!(base!(), "disableOidcInfoPublication: true\ntailscale:\n  clientId: kMxpRx6CNTRL\n", audit!())),
    good: Example::yaml(concat!(base!(), "disableOidcInfoPublication: false\ntailscale:\n  clientId: kMxpRx6CNTRL\n", audit!())),
    fix: Some("write `disableOidcInfoPublication: false` (a suggestion: or remove `tailscale`)"),
    implemented: true,
};

/// Run every posture rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    if let Some(m) = root.get("public") {
        if m.value.as_bool() == Some(true) {
            let fix = flip(ctx, &m.value, "false");
            let d =
                ctx.report(&PUBLIC_API_SERVER, m.value.span(), pointer_push("", &m.key), "the api-server is reachable from the Internet");
            d.help("set `public: false` and reach the cluster through the VPC, a VPN or Tailscale; if public access is intended, suppress this finding with a reason");
            if let Some(f) = fix {
                d.fix(f);
            }
        }
    }
    let publication = root.get("disableOidcInfoPublication");
    let disabled = publication.and_then(|m| m.value.as_bool());
    // A syntax that cannot set the field (Terraform: the provider has no such attribute)
    // gets no advice to set it.
    let settable = ctx.capabilities().can_set("disableOidcInfoPublication");
    match (publication, disabled) {
        (None, _) if !settable => {}
        (_, Some(true)) => {}
        (Some(m), Some(false)) => {
            let fix = flip(ctx, &m.value, "true");
            let d = ctx.report(
                &OIDC_DISCOVERY_PUBLISHED,
                m.value.span(),
                pointer_push("", &m.key),
                "the cluster's OIDC discovery document and keys will be published",
            );
            d.help("set `disableOidcInfoPublication: true` unless an outside system must trust this cluster's service-account tokens");
            if let Some(f) = fix {
                d.fix(f);
            }
        }
        (None, _) => {
            ctx.report(
                &OIDC_DISCOVERY_PUBLISHED,
                ctx.document_start,
                "",
                "the cluster's OIDC discovery document and keys will be published (the default)",
            )
            .help("add `disableOidcInfoPublication: true` unless an outside system must trust this cluster's service-account tokens");
        }
        _ => {} // a wrong type is CKS104; null is CKS106
    }
    if root.get("auditPolicy").is_none() {
        ctx.report(&NO_AUDIT_POLICY, ctx.document_start, "", "the request sets no audit policy")
            .help("add `auditPolicy`: a base64-encoded audit.k8s.io/v1 Policy (a single rule `- level: Metadata` is a good start)");
    }
    if let (Some(t), Some(m)) = (root.get("tailscale"), publication) {
        if m.value.as_bool() == Some(true) {
            let fix = flip(ctx, &m.value, "false");
            let d = ctx.report(
                &TAILSCALE_NEEDS_OIDC_DISCOVERY,
                m.value.span(),
                pointer_push("", &m.key),
                "the Tailscale integration needs the cluster's published OIDC issuer, but publication is disabled",
            );
            d.label(t.key_span(), "`tailscale` is configured here").help("set `disableOidcInfoPublication: false`, or remove `tailscale`");
            if let Some(f) = fix {
                d.fix(f);
            }
        }
    }
}

/// A suggested fix writing the boolean `to` over `node`, when its text is the other
/// boolean literal (not a YAML alias or a YAML 1.1 spelling). A setting is the author's
/// decision, so never applied automatically.
fn flip(ctx: &Ctx, node: &Node, to: &str) -> Option<Fix> {
    let from = if to == "true" { "false" } else { "true" };
    (ctx.text(node.span()) == from).then(|| Fix::replace(Applicability::Unsafe, format!("write `{to}`"), node.span(), to))
}
