//! Authentication rules (CKS25x): OIDC, webhooks, CA bundles, Tailscale.

use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::{content_span, pointer_push, sub_span, Member, Node, Style};
use base64::Engine;

macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

/// base64 of a real self-signed EC certificate (CN=ckslint-example-ca), for examples.
macro_rules! ca_b64 {
    () => {
        "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJrRENDQVRlZ0F3SUJBZ0lVYXpZV2tqS0htKzgzRXFMY1BWd1hYMllMMGhvd0NnWUlLb1pJemowRUF3SXcKSFRFYk1Ca0dBMVVFQXd3U1kydHpiR2x1ZEMxbGVHRnRjR3hsTFdOaE1DQVhEVEkyTVRFeU9ERTVORE14TjFvWQpEekl4TWpZeE1UQTBNVGswTXpFM1dqQWRNUnN3R1FZRFZRUUREQkpqYTNOc2FXNTBMV1Y0WVcxd2JHVXRZMkV3CldUQVRCZ2NxaGtqT1BRSUJCZ2dxaGtqT1BRTUJCd05DQUFRMlE0QWNMRGJNcXdTZ3dCakVrWU1aa0hzTnlRLysKSkxBQVhKZ0ZQNzlLZmJVVEplTFZxMGJheVY5VkRFZ3RLYWczYnJ6eUdFQ0ZqUVk1OVVwQkRXekpvMU13VVRBZApCZ05WSFE0RUZnUVVDbGF1bUJ2bUlHNjRBQTZkRFdxdzRHV1VZN0V3SHdZRFZSMGpCQmd3Rm9BVUNsYXVtQnZtCklHNjRBQTZkRFdxdzRHV1VZN0V3RHdZRFZSMFRBUUgvQkFVd0F3RUIvekFLQmdncWhrak9QUVFEQWdOSEFEQkUKQWlCS1ZYL1lqRjE1c0U3ZldLVWI3ZUtPcTdKNjJoSmcvVGdMVUd1Y0xiSG9pZ0lnS05MQ04wNDU1Q3FBS05HVwpjemhnUEs0L2lHWGt0UjJGMi9VZFBjQVNubzA9Ci0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K"
    };
}

pub static OIDC_ISSUER_URL: Rule = Rule {
    code: "CKS250",
    name: "oidc-issuer-url",
    severity: Severity::Error,
    summary: "not an absolute `https` URL, or has userinfo, query or fragment",
    what: "Checks `oidc.issuerUrl` the way kube-apiserver does: an absolute URL with the `https` scheme and a host, \
without user info (`user:pass@`), query (`?…`) or fragment (`#…`). The finding points at the offending part.",
    why: "kube-apiserver refuses to start its OIDC authenticator with such an issuer, and the issuer must equal the \
`iss` claim of every token byte for byte: an `http://` or query-carrying issuer can never match a real provider.",
    bad: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: http://login.example.com\n  clientId: cks\n")),
    good: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n")),
    fix: Some("`http://` → `https://` (a suggestion: check that the provider serves https)"),
    implemented: true,
};

pub static OIDC_ISSUER_IS_CLUSTER_ISSUER: Rule = Rule {
    code: "CKS251",
    name: "oidc-issuer-is-cluster-issuer",
    severity: Severity::Error,
    summary: "issuer under `https://oidc.cks.coreweave.com/`",
    what: "Flags an `oidc.issuerUrl` under `https://oidc.cks.coreweave.com/`, the issuer CKS gives every cluster's \
service accounts.",
    why: "kube-apiserver rejects an external OIDC issuer equal to its own service-account issuer (a \"disallowed \
issuer\"). Tokens from another CKS cluster's service accounts are not a user identity provider; configure your \
identity provider (Okta, Entra ID, Keycloak, ...) here instead. The rejection is inferred from upstream \
kube-apiserver validation.",
    bad: Example::yaml(concat!(
        base!(),
        "oidc:\n  issuerUrl: https://oidc.cks.coreweave.com/id/81540112-93fc-4d39-af10-fe6c2f4b8824\n  clientId: cks\n"
    )),
    good: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n")),
    fix: None,
    implemented: true,
};

pub static INVALID_SIGNING_ALGORITHM: Rule = Rule {
    code: "CKS252",
    name: "invalid-signing-algorithm",
    severity: Severity::Error,
    summary: "not `SIGNING_ALGORITHM_<RS|ES|PS><256|384|512>`; `RS256` gets a fix",
    what: "Checks each `oidc.signingAlgorithms` entry against the proto enum names `SIGNING_ALGORITHM_RS256` … \
`SIGNING_ALGORITHM_PS512`. The Kubernetes spelling (`RS256`) gets a safe fix to the enum name; symmetric (`HS256`) \
and unsigned (`none`) algorithms are rejected.",
    why: "The API takes proto enum names: the Terraform provider silently drops any other string, so `RS256` ends up \
as \"no algorithm configured\". kube-apiserver accepts only asymmetric algorithms. Only `SIGNING_ALGORITHM_RS256` \
is confirmed in CoreWeave's documentation; the other eight follow kube-apiserver's list.",
    bad: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  signingAlgorithms: [RS256]\n")),
    good: Example::yaml(concat!(
        base!(),
        "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  signingAlgorithms: [SIGNING_ALGORITHM_RS256]\n"
    )),
    fix: Some("write the proto enum name (`RS256` → `SIGNING_ALGORITHM_RS256`)"),
    implemented: true,
};

pub static REQUIRED_CLAIM_FORMAT: Rule = Rule {
    code: "CKS253",
    name: "required-claim-format",
    severity: Severity::Error,
    summary: "`requiredClaim` not `key=value`",
    what: "Checks that `oidc.requiredClaim` is a single `key=value` pair (an empty string means unset).",
    why: "kube-apiserver's `--oidc-required-claim` takes `key=value`; a bare claim name, an empty key or a \
comma-separated list is rejected or never matches a token. Whether CKS accepts several pairs is unconfirmed, so \
the rule asks for one.",
    bad: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  requiredClaim: group\n")),
    good: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  requiredClaim: group=admin\n")),
    fix: None,
    implemented: true,
};

pub static SYSTEM_PREFIX: Rule = Rule {
    code: "CKS254",
    name: "system-prefix",
    severity: Severity::Error,
    summary: "`usernamePrefix`/`groupsPrefix` starts with `system:`",
    what: "Flags an OIDC `usernamePrefix` or `groupsPrefix` that starts with `system:`.",
    why: "The `system:` namespace belongs to Kubernetes itself (`system:masters`, `system:nodes`, ...). Mapping \
external identities into it lets whoever controls the identity provider mint cluster-admin and node identities.",
    bad: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  groupsPrefix: \"system:\"\n")),
    good: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  groupsPrefix: \"oidc:\"\n")),
    fix: None,
    implemented: true,
};

pub static INVALID_CA_BUNDLE: Rule = Rule {
    code: "CKS255",
    name: "invalid-ca-bundle",
    severity: Severity::Error,
    summary: "a `ca` is not base64 of PEM with a `CERTIFICATE` block (raw PEM gets a fix)",
    what: "Decodes `oidc.ca`, `authnWebhook.ca` and `authzWebhook.ca` (standard padded base64) and checks for at \
least one PEM `CERTIFICATE` block whose body decodes. It tells apart raw PEM pasted without encoding (with a safe fix \
that encodes it), base64 of DER, a private key, and text that is not base64.",
    why: "A bad CA bundle makes the api-server unable to verify the identity provider or webhook: every login or \
webhook call fails after the cluster is created. A pasted private key is also a secret leaked into the request.",
    bad: Example::yaml(concat!(
        base!(),
        "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  ca: |\n    -----BEGIN CERTIFICATE-----\n    MIIBkjCCATigAwIBAgIU\n    -----END CERTIFICATE-----\n"
    )),
    good: Example::yaml(concat!(base!(), "oidc:\n  issuerUrl: https://login.example.com\n  clientId: cks\n  ca: ", ca_b64!(), "\n")),
    fix: Some("base64-encode raw PEM text"),
    implemented: true,
};

pub static WEBHOOK_SERVER_URL: Rule = Rule {
    code: "CKS256",
    name: "webhook-server-url",
    severity: Severity::Error,
    summary: "a webhook `server` not an absolute `https` URL, or has a query",
    what: "Checks `authnWebhook.server` and `authzWebhook.server`: an absolute `https` URL with a host, without \
user info, query parameters or fragment.",
    why: "The api-server calls webhooks with credentials and request data; the upstream webhook configuration \
requires https and forbids query parameters. Whether CKS enforces this itself is unconfirmed; the api-server will.",
    bad: Example::yaml(concat!(base!(), "authzWebhook:\n  server: https://authz.example.com/authorize?token=abc\n")),
    good: Example::yaml(concat!(base!(), "authzWebhook:\n  server: https://authz.example.com/authorize\n")),
    fix: Some("remove a query, fragment or user info; write `https` for `http` (suggestions: the server may need what they carried)"),
    implemented: true,
};

pub static TAILSCALE_CLIENT_ID: Rule = Rule {
    code: "CKS257",
    name: "tailscale-client-id",
    severity: Severity::Error,
    summary: "`tailscale.clientId` longer than 255 characters",
    what: "Flags a `tailscale.clientId` longer than 255 characters, pointing at the characters beyond the limit.",
    why: "The API rejects longer client IDs (the Terraform provider enforces the same limit); a value that long is \
usually a pasted secret or token rather than the federated-identity client ID.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: false\n",
        "tailscale:\n  clientId: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n"
    )),
    good: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: false\n",
        "tailscale:\n  clientId: kMxpRx6CNTRL\n"
    )),
    fix: None,
    implemented: true,
};

/// What is wrong with a URL that must be absolute https: (byte range in the value, message, help).
pub fn url_problem(url: &str, forbid_query_only: bool) -> Option<(std::ops::Range<usize>, String, String)> {
    let _ = forbid_query_only;
    let Some(scheme_end) = url.find("://") else {
        return Some((0..url.len(), "is not an absolute URL".into(), "write the full URL, starting with `https://`".into()));
    };
    let scheme = &url[..scheme_end];
    if !scheme.eq_ignore_ascii_case("https") {
        return Some((0..scheme_end, format!("uses `{scheme}`, not `https`"), "the api-server only talks to https endpoints".into()));
    }
    let rest_start = scheme_end + 3;
    let rest = &url[rest_start..];
    let authority_len = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..authority_len];
    if let Some(at) = authority.rfind('@') {
        return Some((
            rest_start..rest_start + at + 1,
            "contains user info".into(),
            "remove `user:password@`; credentials do not belong in the URL".into(),
        ));
    }
    let host = match authority.rsplit_once(':') {
        Some((h, port)) if !authority.starts_with('[') || h.ends_with(']') => {
            if port.parse::<u16>().map_or(true, |p| p == 0) {
                let s = rest_start + h.len() + 1;
                return Some((s..s + port.len(), format!("has an invalid port `{port}`"), "use a port from 1 to 65535, or none".into()));
            }
            h
        }
        _ => authority,
    };
    if host.is_empty() {
        return Some((rest_start..rest_start, "has no host".into(), "write `https://host/path`".into()));
    }
    if host.contains(char::is_whitespace) || url.contains(char::is_whitespace) {
        let at = url.find(char::is_whitespace).unwrap_or(0);
        return Some((at..at + 1, "contains white space".into(), "remove the spaces".into()));
    }
    if let Some(q) = url.find('?') {
        let end = url.find('#').filter(|h| *h > q).unwrap_or(url.len());
        return Some((q..end, "has a query".into(), "remove the `?…` part".into()));
    }
    if let Some(h) = url.find('#') {
        return Some((h..url.len(), "has a fragment".into(), "remove the `#…` part".into()));
    }
    None
}

fn check_url(ctx: &mut Ctx, rule: &'static Rule, m: &Member, pointer: &str, field: &str) {
    let Some(url) = m.value.as_str() else { return };
    if url.trim().is_empty() {
        return; // blank: CKS105
    }
    if let Some((range, what, help)) = url_problem(url, true) {
        let span = sub_span(&m.value, ctx.source, range.clone());
        let d = ctx.report(rule, if span.is_empty() { m.value.span() } else { span }, pointer, format!("`{field}` {what}"));
        d.help(help);
        if what.starts_with("uses `http`") && span != m.value.span() {
            d.fix(Fix::replace(Applicability::Unsafe, "use https", span, "https"));
        }
        // The API rejects a query, a fragment or user info: removing it is the remedy, but
        // the server may need what it carried, so the fix is a suggestion.
        let part = match what.as_str() {
            "has a query" => Some("the query"),
            "has a fragment" => Some("the fragment"),
            "contains user info" => Some("the user info"),
            _ => None,
        };
        if let Some(part) = part.filter(|_| !span.is_empty() && span != m.value.span()) {
            d.fix(Fix::replace(Applicability::Unsafe, format!("remove {part}"), span, ""));
        }
    }
}

/// CA bundle problems: (message, help, optional replacement text for a safe fix).
fn ca_problem(value: &str) -> Option<(String, String, bool)> {
    let trimmed = value.trim();
    if trimmed.starts_with("-----BEGIN") {
        let private = trimmed.contains("PRIVATE KEY");
        if private {
            return Some((
                "`ca` holds a private key, not a CA certificate".into(),
                "never paste private keys into a request; use the CA's certificate (base64 of its PEM)".into(),
                false,
            ));
        }
        return Some(("`ca` is raw PEM, not base64-encoded PEM".into(), "encode it: `base64 -w0 ca.crt`".into(), true));
    }
    let decoded = match base64::engine::general_purpose::STANDARD.decode(trimmed.as_bytes()) {
        Ok(d) => d,
        Err(e) => {
            return Some((
                format!("`ca` is not valid base64: {}", describe_b64(&e)),
                "set it to the output of `base64 -w0 ca.crt`".into(),
                false,
            ))
        }
    };
    if decoded.first() == Some(&0x30) {
        return Some((
            "`ca` is base64 of a DER certificate, not of PEM text".into(),
            "convert first: `openssl x509 -inform der -in ca.der | base64 -w0`".into(),
            false,
        ));
    }
    let Ok(text) = std::str::from_utf8(&decoded) else {
        return Some(("`ca` decodes to binary data, not PEM text".into(), "set it to the output of `base64 -w0 ca.crt`".into(), false));
    };
    if text.contains("PRIVATE KEY-----") {
        return Some((
            "`ca` decodes to a private key, not a CA certificate".into(),
            "never send private keys; use the CA's certificate".into(),
            false,
        ));
    }
    let mut found = false;
    let mut rest = text;
    while let Some(b) = rest.find("-----BEGIN CERTIFICATE-----") {
        let after = &rest[b + 27..];
        let Some(e) = after.find("-----END CERTIFICATE-----") else {
            return Some((
                "`ca` has a certificate without its `-----END CERTIFICATE-----` line".into(),
                "encode the whole PEM file".into(),
                false,
            ));
        };
        let body: String = after[..e].chars().filter(|c| !c.is_whitespace()).collect();
        if base64::engine::general_purpose::STANDARD.decode(body.as_bytes()).is_err() {
            return Some((
                "`ca` holds a certificate whose body is not valid base64".into(),
                "the PEM file is damaged; export the certificate again".into(),
                false,
            ));
        }
        found = true;
        rest = &after[e + 25..];
    }
    if !found {
        return Some((
            "`ca` decodes to text without a `-----BEGIN CERTIFICATE-----` block".into(),
            "encode the CA certificate's PEM file: `base64 -w0 ca.crt`".into(),
            false,
        ));
    }
    None
}

/// Offset of the first bad character of a base64 decode error, and a description.
fn describe_b64(e: &base64::DecodeError) -> String {
    match e {
        base64::DecodeError::InvalidByte(at, b) => {
            format!("invalid character `{}` at position {}", char::from(*b).escape_default(), at + 1)
        }
        base64::DecodeError::InvalidLength(_) => "its length is not a multiple of 4 (missing padding?)".into(),
        base64::DecodeError::InvalidLastSymbol { offset, .. } => format!("the last symbol (position {}) is not canonical", offset + 1),
        base64::DecodeError::InvalidPadding => "the `=` padding is wrong".into(),
    }
}

fn check_ca(ctx: &mut Ctx, m: &Member, pointer: &str, field: &str) {
    let Some(value) = m.value.as_str() else { return };
    if value.trim().is_empty() {
        return;
    }
    let Some((message, help, encode)) = ca_problem(value) else { return };
    let message = message.replacen("`ca`", &format!("`{field}`"), 1);
    let span = match (&m.value.style, encode) {
        (Style::Literal | Style::Folded, _) => m.value.span(),
        _ => content_span(&m.value, ctx.source),
    };
    let d = ctx.report(&INVALID_CA_BUNDLE, span, pointer, message);
    d.help(help);
    if encode {
        let pem = if value.ends_with('\n') { value.to_string() } else { format!("{value}\n") };
        let b64 = base64::engine::general_purpose::STANDARD.encode(pem.as_bytes());
        d.fix(Fix::replace(Applicability::Safe, "base64-encode the PEM", m.value.span(), format!("\"{b64}\"")));
    }
}

const ALGS: [&str; 9] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384", "PS512"];

/// Run every authentication rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    if let Some(oidc) = root.get("oidc") {
        let base = pointer_push("", &oidc.key);
        if let Some(m) = oidc.value.get("issuerUrl") {
            let p = pointer_push(&base, &m.key);
            check_url(ctx, &OIDC_ISSUER_URL, m, &p, "oidc.issuerUrl");
            if let Some(url) = m.value.as_str() {
                let lower = url.to_ascii_lowercase();
                if lower.starts_with("https://oidc.cks.coreweave.com/") || lower == "https://oidc.cks.coreweave.com" {
                    ctx.report(
                        &OIDC_ISSUER_IS_CLUSTER_ISSUER,
                        m.value.span(),
                        p,
                        "`oidc.issuerUrl` is a CKS cluster's own service-account issuer",
                    )
                    .help("kube-apiserver rejects its own service-account issuer here; set the URL of your identity provider");
                }
            }
        }
        if let Some(m) = oidc.value.get("signingAlgorithms") {
            for (i, item) in m.value.as_array().unwrap_or(&[]).iter().enumerate() {
                let Some(s) = item.as_str() else { continue };
                let p = pointer_push(&pointer_push(&base, &m.key), &i.to_string());
                let bare = s.strip_prefix("SIGNING_ALGORITHM_").unwrap_or(s);
                if s.starts_with("SIGNING_ALGORITHM_") && ALGS.contains(&bare) {
                    continue;
                }
                let upper = bare.to_ascii_uppercase();
                if ALGS.contains(&upper.as_str()) {
                    let fixed = format!("SIGNING_ALGORITHM_{upper}");
                    let span = content_span(item, ctx.source);
                    ctx.report(&INVALID_SIGNING_ALGORITHM, item.span(), p, format!("`{s}` is not a signing algorithm name of the API"))
                        .help(format!("the API takes proto enum names: `{fixed}`"))
                        .fix(Fix::replace(Applicability::Safe, format!("write `{fixed}`"), span, fixed));
                } else if upper.starts_with("HS") || upper == "NONE" {
                    ctx.report(
                        &INVALID_SIGNING_ALGORITHM,
                        item.span(),
                        p,
                        format!("`{s}` is not allowed: kube-apiserver accepts only asymmetric signing algorithms"),
                    )
                    .help("use `SIGNING_ALGORITHM_RS256` (or ES/PS 256/384/512) and the provider's public keys");
                } else {
                    ctx.report(&INVALID_SIGNING_ALGORITHM, item.span(), p, format!("`{s}` is not a signing algorithm"))
                        .help("one of SIGNING_ALGORITHM_RS256, _RS384, _RS512, _ES256, _ES384, _ES512, _PS256, _PS384, _PS512");
                }
            }
        }
        if let Some(m) = oidc.value.get("requiredClaim") {
            if let Some(s) = m.value.as_str().filter(|s| !s.is_empty()) {
                let p = pointer_push(&base, &m.key);
                let problem = match s.split_once('=') {
                    None => Some(("has no `=`", "write `claim=value`, e.g. `group=admin`")),
                    Some((k, _)) if k.trim().is_empty() => Some(("has an empty claim name", "write `claim=value`, e.g. `group=admin`")),
                    Some((k, v)) if k != k.trim() || v != v.trim() => {
                        Some(("has spaces around `=`", "the claim name and value are compared exactly; remove the spaces"))
                    }
                    Some((_, v)) if v.contains(',') && v.contains('=') => {
                        Some(("lists several claims", "only one `claim=value` pair is supported"))
                    }
                    _ => None,
                };
                if let Some((what, help)) = problem {
                    ctx.report(&REQUIRED_CLAIM_FORMAT, m.value.span(), p, format!("`oidc.requiredClaim` `{s}` {what}")).help(help);
                }
            }
        }
        for key in ["usernamePrefix", "groupsPrefix"] {
            if let Some(m) = oidc.value.get(key) {
                if let Some(s) = m.value.as_str() {
                    if s.starts_with("system:") {
                        let span = sub_span(&m.value, ctx.source, 0..7);
                        ctx.report(
                            &SYSTEM_PREFIX,
                            span,
                            pointer_push(&base, &m.key),
                            format!("`oidc.{key}` starts with `system:`, which is reserved for Kubernetes"),
                        )
                        .help("use a prefix of your own, such as `oidc:`");
                    }
                }
            }
        }
        if let Some(m) = oidc.value.get("ca") {
            check_ca(ctx, m, &pointer_push(&base, &m.key), "oidc.ca");
        }
    }
    for hook in ["authnWebhook", "authzWebhook"] {
        let Some(w) = root.get(hook) else { continue };
        let base = pointer_push("", &w.key);
        if let Some(m) = w.value.get("server") {
            check_url(ctx, &WEBHOOK_SERVER_URL, m, &pointer_push(&base, &m.key), &format!("{hook}.server"));
        }
        if let Some(m) = w.value.get("ca") {
            check_ca(ctx, m, &pointer_push(&base, &m.key), &format!("{hook}.ca"));
        }
    }
    if let Some(t) = root.get("tailscale") {
        if let Some(m) = t.value.get("clientId") {
            if let Some(s) = m.value.as_str() {
                let n = s.chars().count();
                if n > 255 {
                    let cut = s.char_indices().nth(255).map_or(s.len(), |(i, _)| i);
                    let span = sub_span(&m.value, ctx.source, cut..s.len());
                    ctx.report(
                        &TAILSCALE_CLIENT_ID,
                        span,
                        pointer_push(&pointer_push("", &t.key), &m.key),
                        format!("`tailscale.clientId` is {n} characters long; the limit is 255"),
                    )
                    .help("use the federated-identity client ID, not a secret or token");
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(url_problem("https://login.example.com/realms/x", true).is_none());
        assert!(url_problem("https://login.example.com:8443", true).is_none());
        assert_eq!(url_problem("http://a", true).unwrap().0, 0..4);
        assert_eq!(url_problem("https://u:p@a", true).unwrap().0, 8..12);
        assert_eq!(url_problem("https://a/b?x=1", true).unwrap().0, 11..15);
        assert_eq!(url_problem("https://a/b#f", true).unwrap().0, 11..13);
        assert!(url_problem("login.example.com", true).is_some());
        assert!(url_problem("https://", true).is_some());
        assert!(url_problem("https://a:0", true).is_some());
    }

    #[test]
    fn ca_bundles() {
        let good = base64::engine::general_purpose::STANDARD.encode("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        assert!(ca_problem(&good).is_none());
        assert!(ca_problem("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----").unwrap().2);
        assert!(ca_problem("-----BEGIN PRIVATE KEY-----\nx\n").unwrap().0.contains("private key"));
        assert!(ca_problem("MIIB").unwrap().0.contains("DER") || ca_problem("MIIB").is_some());
        assert!(ca_problem("not base64!").unwrap().0.contains("not valid base64"));
        let no_cert = base64::engine::general_purpose::STANDARD.encode("hello");
        assert!(ca_problem(&no_cert).unwrap().0.contains("without"));
    }
}
