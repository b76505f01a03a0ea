//! The one Terraform ⇄ API mapping (terraform-facts §1–§2): the attributes of
//! `coreweave_cks_cluster` with their API pointers, types, required-ness and the provider
//! version that introduced them; [`to_request`] turns a tree keyed by Terraform names
//! (from HCL, `.tf.json` or a plan's `change.after`) into the request tree every rule
//! reads, keeping every span; [`speak_terraform`] and [`tf_path`] go back for messages.
//!
//! Loaders of every Terraform form share it, so a rename is made once.

use crate::source::{self, Member, Node, NodeKind, Span, Style};

/// The Terraform type of an attribute, as far as the mapping needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TfKind {
    String,
    Bool,
    Int,
    /// A list or set of strings.
    Strings,
    /// A single nested attribute (`oidc = { … }`).
    Object,
    /// JSON text (`kubelet`): mapped to the object it holds.
    JsonText,
}

/// One attribute of the resource (or of a nested attribute).
#[derive(Debug)]
pub struct Attr {
    /// The Terraform name (`pod_cidr_name`).
    pub tf: &'static str,
    /// Where it lands in the request, relative to the parent: `network/podCidrName`
    /// (several tokens for a moved attribute).
    pub api: &'static str,
    pub kind: TfKind,
    pub required: bool,
    /// Provider version that introduced it (`(0, 19, 0)`).
    pub since: (u64, u64, u64),
    /// Nested attributes of an object.
    pub nested: &'static [Attr],
}

const fn attr(tf: &'static str, api: &'static str, kind: TfKind, required: bool, since: (u64, u64, u64)) -> Attr {
    Attr { tf, api, kind, required, since, nested: &[] }
}

const fn object(tf: &'static str, api: &'static str, since: (u64, u64, u64), nested: &'static [Attr]) -> Attr {
    Attr { tf, api, kind: TfKind::Object, required: false, since, nested }
}

const V0_1: (u64, u64, u64) = (0, 1, 0);

static WEBHOOK: &[Attr] = &[attr("server", "server", TfKind::String, true, V0_1), attr("ca", "ca", TfKind::String, false, V0_1)];

static OIDC: &[Attr] = &[
    attr("issuer_url", "issuerUrl", TfKind::String, true, V0_1),
    attr("client_id", "clientId", TfKind::String, true, V0_1),
    attr("username_claim", "usernameClaim", TfKind::String, false, V0_1),
    attr("username_prefix", "usernamePrefix", TfKind::String, false, V0_1),
    attr("groups_claim", "groupsClaim", TfKind::String, false, V0_1),
    attr("groups_prefix", "groupsPrefix", TfKind::String, false, V0_1),
    attr("ca", "ca", TfKind::String, false, V0_1),
    attr("required_claim", "requiredClaim", TfKind::String, false, V0_1),
    attr("signing_algs", "signingAlgorithms", TfKind::Strings, false, V0_1),
    attr("admin_group_binding", "adminGroupBinding", TfKind::String, false, (0, 5, 0)),
];

static NODE_PORT_RANGE: &[Attr] =
    &[attr("start", "start", TfKind::Int, false, (0, 7, 0)), attr("end", "end", TfKind::Int, false, (0, 7, 0))];

static TAILSCALE: &[Attr] = &[attr("client_id", "clientId", TfKind::String, true, (0, 16, 0))];

/// Every settable attribute of `coreweave_cks_cluster` (provider 0.21.0, terraform-facts §1.1).
pub static CLUSTER: &[Attr] = &[
    attr("name", "name", TfKind::String, true, V0_1),
    attr("zone", "zone", TfKind::String, true, V0_1),
    attr("vpc_id", "vpcId", TfKind::String, true, V0_1),
    attr("public", "public", TfKind::Bool, false, V0_1),
    attr("version", "version", TfKind::String, true, V0_1),
    attr("pod_cidr_name", "network/podCidrName", TfKind::String, true, V0_1),
    attr("service_cidr_name", "network/serviceCidrName", TfKind::String, true, V0_1),
    attr("internal_lb_cidr_names", "network/internalLbCidrNames", TfKind::Strings, true, V0_1),
    attr("pod_cidr_name_v6", "network/podCidrNameV6", TfKind::String, false, (0, 11, 0)),
    attr("service_cidr_name_v6", "network/serviceCidrNameV6", TfKind::String, false, (0, 11, 0)),
    attr("internal_lb_cidr_names_v6", "network/internalLbCidrNamesV6", TfKind::Strings, false, (0, 11, 0)),
    object("node_port_range", "network/serviceNodePortRange", (0, 7, 0), NODE_PORT_RANGE),
    attr("audit_policy", "auditPolicy", TfKind::String, false, V0_1),
    object("authn_webhook", "authnWebhook", V0_1, WEBHOOK),
    object("authz_webhook", "authzWebhook", V0_1, WEBHOOK),
    object("oidc", "oidc", V0_1, OIDC),
    attr("shared_storage_cluster_id", "sharedStorageClusterId", TfKind::String, false, (0, 6, 0)),
    attr("additional_server_sans", "additionalServerSans", TfKind::Strings, false, (0, 12, 0)),
    object("tailscale", "tailscale", (0, 16, 0), TAILSCALE),
    attr("kubelet", "kubelet", TfKind::JsonText, false, (0, 19, 0)),
];

/// Attributes the provider computes (CKS502): never set in a configuration.
pub static COMPUTED: &[&str] = &["id", "status", "api_server_endpoint", "service_account_oidc_issuer_url"];

/// Request fields no Terraform attribute sets: rules about them stay silent (CKS302).
pub static CANNOT_SET: &[&str] = &["disableOidcInfoPublication"];

/// The attribute `tf` among `attrs`.
pub fn find<'a>(attrs: &'a [Attr], tf: &str) -> Option<&'a Attr> {
    attrs.iter().find(|a| a.tf == tf)
}

/// An attribute found in the Terraform tree that the mapping does not place: unknown,
/// computed, or written at the wrong level. `parent` is the Terraform path of the object
/// holding it (`""` at the resource, `oidc`).
#[derive(Clone, Debug)]
pub struct Unplaced {
    pub parent: String,
    pub member: Member,
    pub computed: bool,
}

/// The request tree of one resource, plus what the mapping could not place.
#[derive(Debug)]
pub struct Mapped {
    pub root: Node,
    pub unplaced: Vec<Unplaced>,
}

/// Map a tree keyed by Terraform names onto the request. `header` is the span the
/// synthetic `network` container takes (the resource's header). `source` is the text the
/// spans index; a `kubelet` string holding JSON is parsed into the object it holds (with
/// spans into the string when it is written verbatim there).
pub fn to_request(tf: &Node, header: Span, source: &str) -> Mapped {
    let mut unplaced = Vec::new();
    let mut root: Vec<Member> = Vec::new();
    let mut network: Vec<Member> = Vec::new();
    for m in tf.as_object().unwrap_or(&[]) {
        let Some(a) = find(CLUSTER, &m.key) else {
            unplaced.push(Unplaced { parent: String::new(), member: m.clone(), computed: COMPUTED.contains(&m.key.as_str()) });
            continue;
        };
        let value = map_value(a, &m.value, source, &mut unplaced);
        match a.api.split_once('/') {
            Some((_, key)) => network.push(Member::new(key.into(), m.key_span(), value).with_written(written(m, key))),
            None => root.push(Member::new(a.api.into(), m.key_span(), value).with_written(written(m, a.api))),
        }
    }
    // The network fields are flat in Terraform: a synthetic container holds them, always
    // present (so a missing one is reported by its own name, never as `network`).
    let at = root.iter().position(|m| m.key == "version").map_or(root.len(), |i| i + 1);
    root.insert(at, Member::new("network".into(), header, Node::new(header, NodeKind::Object(network.into()), Style::Flow)));
    Mapped { root: Node::new(tf.span(), NodeKind::Object(root.into()), tf.style), unplaced }
}

/// The Terraform spelling of a member mapped to the API name `api`, when they differ.
fn written(m: &Member, api: &str) -> Option<Box<str>> {
    (m.key != api).then(|| m.key.as_str().into())
}

fn map_value(a: &Attr, value: &Node, source: &str, unplaced: &mut Vec<Unplaced>) -> Node {
    match (a.kind, &value.kind) {
        (TfKind::Object, NodeKind::Object(members)) => {
            let mut out = Vec::with_capacity(members.len());
            for m in members {
                match find(a.nested, &m.key) {
                    Some(n) => out.push(Member::new(n.api.into(), m.key_span(), m.value.clone()).with_written(written(m, n.api))),
                    None => unplaced.push(Unplaced { parent: a.tf.to_string(), member: m.clone(), computed: false }),
                }
            }
            Node::new(value.span(), NodeKind::Object(out.into()), value.style)
        }
        (TfKind::JsonText, NodeKind::String(text)) => json_text(value, text, source).unwrap_or_else(|| value.clone()),
        _ => value.clone(),
    }
}

/// The JSON object held by a string node (`kubelet`), or `None` when the text is not a
/// JSON object (the string then stays, and the type check says what it should be). Spans
/// point into the string when its text appears verbatim at the node; else at the node.
pub fn json_text(node: &Node, text: &str, source: &str) -> Option<Node> {
    let parsed = source::json::parse(text);
    if parsed.diagnostics.iter().any(|d| d.severity == crate::diagnostic::Severity::Error) {
        return None;
    }
    let mut root = parsed.documents.into_iter().next()?.root?;
    root.as_object()?;
    let raw = source.get(node.span().start..node.span().end).unwrap_or("");
    match raw.find(text).filter(|_| !text.is_empty()) {
        Some(at) if raw[at + text.len()..].find(text).is_none() => shift(&mut root, node.span().start + at),
        _ => flatten(&mut root, node.span()),
    }
    Some(root)
}

/// Move every span of a tree by `by` bytes.
pub fn shift(node: &mut Node, by: usize) {
    let mv = |s: Span| Span::new(s.start + by, s.end + by);
    node.set_span(mv(node.span()));
    match &mut node.kind {
        NodeKind::Object(members) => {
            for m in members {
                m.set_key_span(mv(m.key_span()));
                shift(&mut m.value, by);
            }
        }
        NodeKind::Array(items) => items.iter_mut().for_each(|i| shift(i, by)),
        _ => {}
    }
}

/// Give every node of a tree one span (text that cannot be mapped byte for byte).
fn flatten(node: &mut Node, span: Span) {
    node.set_span(span);
    node.style = Style::Flow;
    match &mut node.kind {
        NodeKind::Object(members) => {
            for m in members {
                m.set_key_span(span);
                flatten(&mut m.value, span);
            }
        }
        NodeKind::Array(items) => items.iter_mut().for_each(|i| flatten(i, span)),
        _ => {}
    }
}

/// The Terraform path of a request pointer: `/network/podCidrName` → `pod_cidr_name`,
/// `/oidc/signingAlgorithms/1` → `oidc.signing_algs[1]`, `/kubelet/maxPods` →
/// `kubelet.maxPods`. `None` for a field Terraform cannot set.
pub fn tf_path(pointer: &str) -> Option<String> {
    let tokens: Vec<&str> = pointer.split('/').skip(1).collect();
    if tokens.is_empty() {
        return Some(String::new());
    }
    let (attr, rest) = if tokens[0] == "network" {
        let key = *tokens.get(1)?;
        let a = CLUSTER.iter().find(|a| a.api.strip_prefix("network/") == Some(key))?;
        (a, &tokens[2..])
    } else {
        (CLUSTER.iter().find(|a| a.api == tokens[0])?, &tokens[1..])
    };
    let mut out = attr.tf.to_string();
    let mut nested = attr.nested;
    for t in rest {
        if t.parse::<usize>().is_ok() {
            out.push_str(&format!("[{t}]"));
        } else if let Some(n) = nested.iter().find(|n| n.api == *t) {
            out.push('.');
            out.push_str(n.tf);
            nested = n.nested;
        } else {
            out.push('.');
            out.push_str(t);
            nested = &[];
        }
    }
    Some(out)
}

/// API names as they appear in messages, longest first, with their Terraform spelling.
fn replacements() -> &'static [(String, String)] {
    static TABLE: std::sync::OnceLock<Vec<(String, String)>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut v: Vec<(String, String)> = Vec::new();
        for a in CLUSTER {
            let dotted = a.api.replace('/', ".");
            if dotted != a.tf {
                v.push((dotted.clone(), a.tf.to_string()));
            }
            if let Some(short) = a.api.strip_prefix("network/") {
                v.push((short.to_string(), a.tf.to_string()));
            }
            for n in a.nested {
                v.push((format!("{dotted}.{}", n.api), format!("{}.{}", a.tf, n.tf)));
                if n.api != n.tf {
                    v.push((n.api.to_string(), n.tf.to_string()));
                }
            }
        }
        v.push(("apiServerEndpoint".into(), "api_server_endpoint".into()));
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        v.dedup_by(|a, b| a.0 == b.0);
        v
    })
}

/// Rewrite a message or help text about a request into Terraform terms: every API field
/// name (a whole word) becomes its Terraform name (`network.podCidrName` →
/// `pod_cidr_name`, `vpcId` → `vpc_id`, `oidc.signingAlgorithms` → `oidc.signing_algs`).
pub fn speak_terraform(text: &str) -> String {
    let table = replacements();
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    'outer: while i < bytes.len() {
        if (i == 0 || !word(bytes[i - 1])) && word(bytes[i]) {
            for (api, tf) in table {
                if text[i..].starts_with(api.as_str()) && bytes.get(i + api.len()).is_none_or(|&b| !word(b)) {
                    out.push_str(tf);
                    i += api.len();
                    continue 'outer;
                }
            }
        }
        let ch = text[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// Terraform names of the attributes allowed in the object at `parent` (`""` for the
/// resource, `oidc`): did-you-mean candidates.
pub fn names_at(parent: &str) -> Vec<&'static str> {
    if parent.is_empty() {
        return CLUSTER.iter().map(|a| a.tf).collect();
    }
    find(CLUSTER, parent).map(|a| a.nested.iter().map(|n| n.tf).collect()).unwrap_or_default()
}

/// Names seen in other tools or the API for a Terraform attribute, and which attribute
/// they mean (SPEC §6: `vpcId` → `vpc_id`, `kubernetes_version` → `version`, `region` →
/// `zone`). Every API JSON name of an attribute counts too.
pub fn alias(parent: &str, written: &str) -> Option<&'static str> {
    const TOP: &[(&str, &str)] = &[
        ("kubernetes_version", "version"),
        ("kubernetesVersion", "version"),
        ("k8s_version", "version"),
        ("cluster_version", "version"),
        ("region", "zone"),
        ("location", "zone"),
        ("availability_zone", "zone"),
        ("cluster_name", "name"),
        ("vpc", "vpc_id"),
        ("pod_cidr", "pod_cidr_name"),
        ("service_cidr", "service_cidr_name"),
        ("internal_lb_cidr_name", "internal_lb_cidr_names"),
        ("lb_cidr_names", "internal_lb_cidr_names"),
        ("service_node_port_range", "node_port_range"),
        ("network", "pod_cidr_name"),
    ];
    let attrs: &[Attr] = if parent.is_empty() { CLUSTER } else { find(CLUSTER, parent).map_or(&[], |a| a.nested) };
    if parent.is_empty() {
        if let Some((_, to)) = TOP.iter().find(|(from, _)| *from == written) {
            return Some(to);
        }
    }
    if parent == "oidc" && (written == "signing_algorithms" || written == "signingAlgorithms") {
        return Some("signing_algs");
    }
    let camel = written.rsplit('/').next().unwrap_or(written);
    attrs.iter().find(|a| a.api.rsplit('/').next() == Some(camel) || source::snake_to_camel(a.tf) == camel).map(|a| a.tf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_back_to_terraform() {
        assert_eq!(tf_path("/network/podCidrName").as_deref(), Some("pod_cidr_name"));
        assert_eq!(tf_path("/network/serviceNodePortRange/start").as_deref(), Some("node_port_range.start"));
        assert_eq!(tf_path("/oidc/signingAlgorithms/1").as_deref(), Some("oidc.signing_algs[1]"));
        assert_eq!(tf_path("/kubelet/maxPods").as_deref(), Some("kubelet.maxPods"));
        assert_eq!(tf_path("/vpcId").as_deref(), Some("vpc_id"));
        assert_eq!(tf_path("/disableOidcInfoPublication"), None);
    }

    #[test]
    fn messages_speak_terraform() {
        assert_eq!(speak_terraform("`network.podCidrName` is required"), "`pod_cidr_name` is required");
        assert_eq!(speak_terraform("`podCidrName` and `serviceCidrName` repeat"), "`pod_cidr_name` and `service_cidr_name` repeat");
        assert_eq!(speak_terraform("set `vpcId`; `oidc.signingAlgorithms[0]`"), "set `vpc_id`; `oidc.signing_algs[0]`");
        assert_eq!(speak_terraform("`oidc.issuerUrl` must be https"), "`oidc.issuer_url` must be https");
        assert_eq!(speak_terraform("xvpcId vpcIds"), "xvpcId vpcIds", "whole words only");
        assert_eq!(speak_terraform("é `auditPolicy`"), "é `audit_policy`");
    }

    #[test]
    fn aliases() {
        assert_eq!(alias("", "kubernetes_version"), Some("version"));
        assert_eq!(alias("", "region"), Some("zone"));
        assert_eq!(alias("", "vpcId"), Some("vpc_id"));
        assert_eq!(alias("", "podCidrName"), Some("pod_cidr_name"));
        assert_eq!(alias("oidc", "issuerUrl"), Some("issuer_url"));
        assert_eq!(alias("", "nothing"), None);
    }
}
