//! Network rules (CKS21x): the VPC prefix names of the overlay network and the NodePort range.
//!
//! Prefix names are free-form (CoreWeave's own examples are `pod cidr`, `service cidr`):
//! no rule here applies a DNS pattern to them.

use crate::diagnostic::{Edit, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::rules::identity::remove_item_edit;
use crate::source::{content_span, pointer_push, Member, Node, NodeKind, Span};
use std::hash::BuildHasher;
use std::net::IpAddr;

/// Everything of a valid request before `network`, for examples.
macro_rules! head {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n"
    };
}
/// Everything after `network`, for examples.
macro_rules! tail {
    () => {
        "disableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

pub static CIDR_INSTEAD_OF_PREFIX_NAME: Rule = Rule {
    code: "CKS210",
    name: "cidr-instead-of-prefix-name",
    severity: Severity::Error,
    summary: "a prefix-name field holds a CIDR or IP",
    what: "Flags a CIDR (`10.0.0.0/13`) or an IP address given in `network.podCidrName`, `serviceCidrName`, \
`internalLbCidrNames`, or their IPv6 counterparts, where the *name* of a VPC prefix belongs. Names themselves are \
free-form (`pod cidr` with a space is fine) and are not checked against any pattern.",
    why: "These fields name prefixes defined on the cluster's VPC (`vpcPrefixes[].name`); the CIDR is the prefix's \
value, set on the VPC. A CIDR here names no prefix, so the create fails with a prefix that does not exist.",
    bad: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: 10.0.0.0/13\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n",
        tail!()
    )),
    good: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n",
        tail!()
    )),
    fix: None,
    implemented: true,
};

pub static PREFIX_NAME_REUSED: Rule = Rule {
    code: "CKS211",
    name: "prefix-name-reused",
    severity: Severity::Error,
    summary: "pod = service name, an LB name repeats either, or repeats in the list",
    what: "Flags a VPC prefix name used twice among the pod, service and internal load-balancer prefixes (IPv4 and \
IPv6 alike): the pod and service prefix being the same, a load-balancer prefix repeating either of them, or a \
name repeated within a load-balancer list. The finding points at the later use, with a label on the first.",
    why: "Pods, Services and internal load balancers each need their own address range; one prefix cannot serve two \
of them without overlapping addresses. The Terraform provider also requires the load-balancer lists to be unique. \
How the server reacts is not documented (the rule is inferred), but a shared prefix is almost certainly a mistake.",
    bad: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: pod cidr\n  internalLbCidrNames:\n    - internal lb cidr\n",
        tail!()
    )),
    good: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n",
        tail!()
    )),
    fix: Some("remove a name repeated within the same load-balancer list"),
    implemented: true,
};

pub static EMPTY_LB_PREFIX_LIST: Rule = Rule {
    code: "CKS212",
    name: "empty-lb-prefix-list",
    severity: Severity::Error,
    summary: "`internalLbCidrNames` is `[]` (proto3 reads that as unset)",
    what: "Flags `network.internalLbCidrNames: []` and `network.internalLbCidrNamesV6: []`.",
    why: "The API is protobuf: in proto3 JSON an empty list is the same as no list, so `[]` reads as the required \
field being unset. Internal load balancers need at least one VPC prefix.",
    bad: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames: []\n",
        tail!()
    )),
    good: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames: [internal lb cidr]\n",
        tail!()
    )),
    fix: None,
    implemented: true,
};

pub static INCOMPLETE_IPV6_NETWORK: Rule = Rule {
    code: "CKS213",
    name: "incomplete-ipv6-network",
    severity: Severity::Error,
    summary: "some but not all of `podCidrNameV6`, `serviceCidrNameV6`, `internalLbCidrNamesV6`",
    what: "Flags a `network` that sets some but not all of the three IPv6 fields `podCidrNameV6`, \
`serviceCidrNameV6` and `internalLbCidrNamesV6`. The finding points at the `network` key, names the missing \
fields and labels the ones present.",
    why: "Dual-stack networking needs an IPv6 range for each of Pods, Services and internal load balancers; the \
Terraform provider requires the three to be set together. A partial set is rejected or leaves the cluster \
single-stack.",
    bad: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n  podCidrNameV6: pod cidr v6\n",
        tail!()
    )),
    good: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n  podCidrNameV6: pod cidr v6\n  serviceCidrNameV6: service cidr v6\n  internalLbCidrNamesV6:\n    - internal lb cidr v6\n",
        tail!()
    )),
    fix: None,
    implemented: true,
};

pub static INVALID_NODE_PORT_RANGE: Rule = Rule {
    code: "CKS214",
    name: "invalid-node-port-range",
    severity: Severity::Error,
    summary: "`serviceNodePortRange` outside 1–65535 or start > end",
    what: "Checks `network.serviceNodePortRange`: `start` and `end` are both given, each within 1–65535, and \
`start` is not greater than `end`.",
    why: "The range becomes the api-server's `--service-node-port-range`; a port outside 1–65535 or a reversed range \
is rejected. In proto3 a missing bound reads as 0, which is not a port. The range can be widened later but not \
narrowed, so it is worth getting right at create time.",
    bad: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n  serviceNodePortRange:\n    start: 32767\n    end: 30000\n",
        tail!()
    )),
    good: Example::yaml(concat!(
        head!(),
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\n  serviceNodePortRange:\n    start: 30000\n    end: 32767\n",
        tail!()
    )),
    fix: Some("swaps `start` and `end` when they are reversed (a suggestion: either bound may be the typo)"),
    implemented: true,
};

/// The prefix-name fields: (JSON name, is a list, example name for help).
const PREFIX_FIELDS: [(&str, bool, &str); 6] = [
    ("podCidrName", false, "pod cidr"),
    ("serviceCidrName", false, "service cidr"),
    ("internalLbCidrNames", true, "internal lb cidr"),
    ("podCidrNameV6", false, "pod cidr v6"),
    ("serviceCidrNameV6", false, "service cidr v6"),
    ("internalLbCidrNamesV6", true, "internal lb cidr v6"),
];

const V6_FIELDS: [&str; 3] = ["podCidrNameV6", "serviceCidrNameV6", "internalLbCidrNamesV6"];

/// One use of a prefix name: 24 bytes, one per list item (1,500,000 items of a 16 MiB
/// file), so the field, its key and the list are read back from the member.
struct Use<'a> {
    /// A string node.
    node: &'a Node,
    /// The field's member (its key as written for the pointer; for a list, the list).
    member: &'a Member,
    /// For list items: the index; [`Use::NOT_AN_ITEM`] for a single name.
    index: u32,
    /// Index of the field in [`PREFIX_FIELDS`].
    field: u8,
}

impl<'a> Use<'a> {
    const NOT_AN_ITEM: u32 = u32::MAX;
    fn name(&self) -> &'a str {
        self.node.as_str().unwrap_or("")
    }
    /// JSON name of the field.
    fn field(&self) -> &'static str {
        PREFIX_FIELDS[usize::from(self.field)].0
    }
    /// For list items: the list and the index.
    fn item(&self) -> Option<(&'a Node, usize)> {
        (self.index != Self::NOT_AN_ITEM).then_some((&self.member.value, self.index as usize))
    }
}

/// Display and pointer are only needed for a finding: made then, not for every use.
impl Use<'_> {
    /// `network.internalLbCidrNames[1]`
    fn display(&self) -> String {
        match self.item() {
            Some((_, i)) => format!("network.{}[{i}]", self.field()),
            None => format!("network.{}", self.field()),
        }
    }
    /// Below `base`, the pointer of the `network` member.
    fn pointer(&self, base: &str) -> String {
        let field = pointer_push(base, &self.member.key);
        match self.item() {
            Some((_, i)) => pointer_push(&field, &i.to_string()),
            None => field,
        }
    }
}

/// "a CIDR" / "an IP address" when the text parses as one.
pub fn cidr_or_ip(s: &str) -> Option<&'static str> {
    let t = super::trim(s);
    // An IPv4 address has a `.`, an IPv6 one a `:`: most prefix names have neither.
    if !t.bytes().any(|b| b == b'.' || b == b':') {
        return None;
    }
    if t.parse::<IpAddr>().is_ok() {
        return Some("the IP address");
    }
    let (addr, len) = t.split_once('/')?;
    let ip = addr.trim().parse::<IpAddr>().ok()?;
    let len: u8 = len.trim().parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    (len <= max).then_some("the CIDR")
}

/// Run every network rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let Some(nm) = root.get("network") else { return };
    let net = &nm.value;
    if net.as_object().is_none() {
        return;
    }
    let base = pointer_push("", &nm.key);
    let mut uses: Vec<Use> = Vec::new();
    for (f, (field, is_list, example)) in PREFIX_FIELDS.into_iter().enumerate() {
        let Some(m) = net.get(field) else { continue };
        let f = f as u8;
        match (&m.value.kind, is_list) {
            (NodeKind::String(_), false) => uses.push(Use { node: &m.value, member: m, index: Use::NOT_AN_ITEM, field: f }),
            (NodeKind::Array(items), true) => {
                if items.is_empty() {
                    ctx.report(
                        &EMPTY_LB_PREFIX_LIST,
                        m.value.span(),
                        pointer_push(&base, &m.key),
                        format!("`network.{field}` is empty; proto3 reads `[]` as unset"),
                    )
                    .help(format!("list at least one VPC prefix name for internal load balancers, e.g. [\"{example}\"]"));
                }
                uses.reserve_exact(items.len());
                for (i, item) in items.iter().enumerate() {
                    if let NodeKind::String(_) = &item.kind {
                        uses.push(Use { node: item, member: m, index: u32::try_from(i).unwrap_or(u32::MAX - 1), field: f });
                    }
                }
            }
            _ => {}
        }
    }
    // CKS210, and the names left for CKS211 (by index in `uses`: 4 bytes a name).
    let mut names: Vec<u32> = Vec::with_capacity(uses.len());
    for (i, u) in uses.iter().enumerate() {
        if super::is_blank(u.name()) {
            continue; // blank: CKS105
        }
        if let Some(what) = cidr_or_ip(u.name()) {
            let example = PREFIX_FIELDS[usize::from(u.field)].2;
            let span = content_span(u.node, ctx.source);
            ctx.report(
                &CIDR_INSTEAD_OF_PREFIX_NAME,
                span,
                u.pointer(&base),
                format!("`{}` is {what} `{}`, not the name of a VPC prefix", u.display(), u.name().trim()),
            )
            .help(format!("use the name of a VPC prefix (e.g. \"{example}\"), not its CIDR; the CIDR is the prefix's value on the VPC"));
            continue;
        }
        names.push(i as u32);
    }
    reused(ctx, &uses, names, &base);
    ipv6_completeness(ctx, nm, &base);
    node_port_range(ctx, net, &base);
}

/// CKS211: a name used a second time, reported at the later use (in file order).
fn reused(ctx: &mut Ctx, uses: &[Use], mut names: Vec<u32>, base: &str) {
    // In file order (the fields are read in order, so this is nearly sorted already);
    // the first use of a name is the one met first, each later one a repeat. Grouped by
    // a hash of the name, not a sort by it: 1,500,000 repeats of one name spent 40% of
    // the run comparing names.
    let of = |i: &u32| &uses[*i as usize];
    names.sort_unstable_by_key(|&i| (uses[i as usize].node.span().start, i));
    // The table holds each distinct name's first use as its 4-byte index in `uses`.
    let hasher = hashbrown::DefaultHashBuilder::default();
    let mut first_of: hashbrown::HashTable<u32> = hashbrown::HashTable::with_capacity(names.len().min(1 << 20));
    for i in names {
        let u = of(&i);
        let h = hasher.hash_one(u.name());
        let first = match first_of.find(h, |j| of(j).name() == u.name()) {
            Some(j) => of(j),
            None => {
                first_of.insert_unique(h, i, |j| hasher.hash_one(of(j).name()));
                continue;
            }
        };
        if !ctx.wants(&PREFIX_NAME_REUSED) {
            // Past the cap: counted, no message, label or fix to build.
            let pointer = if ctx.first_unlisted(&PREFIX_NAME_REUSED) { u.pointer(base) } else { String::new() };
            ctx.report(&PREFIX_NAME_REUSED, u.node.span(), pointer, String::new());
            continue;
        }
        let same_list = matches!((first.item(), u.item()), (Some((a, _)), Some((b, _))) if std::ptr::eq(a, b));
        let span = content_span(u.node, ctx.source);
        let first_span = content_span(first.node, ctx.source);
        if same_list {
            let fix = u.item().and_then(|(list, i)| remove_item_edit(ctx.source, list, i));
            let d = ctx.report(
                &PREFIX_NAME_REUSED,
                span,
                u.pointer(base),
                format!("`{}` is listed twice in `network.{}`", u.name(), u.field()),
            );
            d.label(first_span, "first listed here").help("remove the repeated name; each prefix is listed once");
            if let Some(e) = fix {
                d.fix(Fix::safe(format!("remove the repeated `{}`", u.name()), vec![e]));
            }
        } else {
            ctx.report(
                &PREFIX_NAME_REUSED,
                span,
                u.pointer(base),
                format!("`{}` reuses the VPC prefix `{}` of `{}`", u.display(), u.name(), first.display()),
            )
            .label(first_span, format!("`{}` uses it here", first.display()))
            .help("give pods, services and internal load balancers a VPC prefix each");
        }
    }
}

/// CKS213: some but not all IPv6 fields. `null` and `[]` count as unset (`[]` is CKS212's).
fn ipv6_completeness(ctx: &mut Ctx, nm: &Member, base: &str) {
    let net = &nm.value;
    let present: Vec<&Member> = V6_FIELDS.iter().filter_map(|f| net.get(f)).filter(|m| !m.value.is_null()).collect();
    let set: Vec<&Member> = present.iter().copied().filter(|m| m.value.as_array().is_none_or(|a| !a.is_empty())).collect();
    if set.is_empty() || present.len() == V6_FIELDS.len() {
        return;
    }
    let missing: Vec<&str> =
        V6_FIELDS.iter().copied().filter(|f| !present.iter().any(|m| m.key == *f || crate::source::is_proto_name_of(&m.key, f))).collect();
    if missing.is_empty() {
        return;
    }
    let list = match missing.as_slice() {
        [one] => format!("`{one}` is missing"),
        [a, b] => format!("`{a}` and `{b}` are missing"),
        _ => String::new(),
    };
    let d = ctx.report(&INCOMPLETE_IPV6_NETWORK, nm.key_span(), base.to_string(), format!("the IPv6 network is incomplete: {list}"));
    for m in &set {
        d.label(m.key_span(), format!("`{}` set here", m.key));
    }
    d.help("set all three of `podCidrNameV6`, `serviceCidrNameV6` and `internalLbCidrNamesV6`, or none of them");
}

fn int_of(n: &Node) -> Option<i64> {
    let num = n.as_number()?;
    num.int().or_else(|| (num.float().fract() == 0.0 && num.float().abs() < 1e15).then_some(num.float() as i64))
}

/// CKS214.
fn node_port_range(ctx: &mut Ctx, net: &Node, base: &str) {
    let Some(rm) = net.get("serviceNodePortRange") else { return };
    if rm.value.as_object().is_none() {
        return;
    }
    let rp = pointer_push(base, &rm.key);
    let bound = |name: &str| rm.value.get(name).filter(|m| !m.value.is_null());
    let (start, end) = (bound("start"), bound("end"));
    let missing: Vec<&str> = [("start", start.is_none()), ("end", end.is_none())].iter().filter(|(_, m)| *m).map(|(n, _)| *n).collect();
    if !missing.is_empty() {
        let what = missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" or ");
        ctx.report(&INVALID_NODE_PORT_RANGE, rm.key_span(), rp.clone(), format!("`network.serviceNodePortRange` has no {what}"))
            .help("set both `start` and `end` (an unset bound reads as 0); the Kubernetes default is 30000–32767");
    }
    let mut ok = Vec::new();
    for m in [start, end].into_iter().flatten() {
        let Some(v) = int_of(&m.value) else { continue }; // not an integer: CKS104
        if !(1..=65535).contains(&v) {
            ctx.report(
                &INVALID_NODE_PORT_RANGE,
                m.value.span(),
                pointer_push(&rp, &m.key),
                format!("`network.serviceNodePortRange.{}` is {v}, outside 1–65535", m.key),
            )
            .help("a port is a number from 1 to 65535; the Kubernetes default range is 30000–32767");
        } else {
            ok.push((m, v));
        }
    }
    if let [(s, sv), (e, ev)] = ok.as_slice() {
        if sv > ev {
            let e_span: Span = e.value.span();
            ctx.report(
                &INVALID_NODE_PORT_RANGE,
                s.value.span(),
                pointer_push(&rp, &s.key),
                format!("`network.serviceNodePortRange.start` ({sv}) is greater than `end` ({ev})"),
            )
            .label(e_span, "`end` is here")
            .help("`start` is the lowest port of the range and `end` the highest; the Kubernetes default is 30000–32767");
            // The two numbers as written, swapped: a suggestion, since either bound may be
            // the typo rather than their order.
            let text = |span: Span| ctx.source.get(span.start..span.end).map(str::trim);
            if let (Some(a), Some(b)) = (text(s.value.span()), text(e_span)) {
                if a.parse::<i64>() == Ok(*sv) && b.parse::<i64>() == Ok(*ev) {
                    let edits = vec![Edit { span: s.value.span(), content: b.to_string() }, Edit { span: e_span, content: a.to_string() }];
                    if let Some(d) = ctx.diagnostics.last_mut() {
                        d.fix(Fix::unsafe_(format!("swap them: start {ev}, end {sv}"), edits));
                    }
                }
            }
        }
    }
}
