//! Kubelet override rules (CKS24x). The KubeletConfiguration field table is data:
//! `schema/kubelet-fields.json`, parsed once.

use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::rules::similarity;
use crate::source::{pointer_push, snake_to_camel, Member, Node, NodeKind, Span, Style};
use std::collections::HashMap;
use std::sync::LazyLock;

mod validation;

macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

pub static UNKNOWN_KUBELET_OPTION: Rule = Rule {
    code: "CKS240",
    name: "unknown-kubelet-option",
    severity: Severity::Warning,
    summary: "not a KubeletConfiguration field (stored but ignored by CKS); did-you-mean; snake_case hint",
    what: "Checks every key under `kubelet` (and inside its structured options) against the KubeletConfiguration \
field list. It suggests the field you probably meant (`maxPodz` → `maxPods`), explains snake_case keys \
(`max_pods` → `maxPods`, with a fix) and flags `kind`/`apiVersion`, which do not belong in overrides.",
    why: "CKS stores unknown kubelet options and ignores them: a misspelled key is accepted by the API and has no \
effect at all. Nothing else will tell you.",
    bad: Example::yaml(concat!(base!(), "kubelet:\n  maxPodz: 256\n")),
    good: Example::yaml(concat!(base!(), "kubelet:\n  maxPods: 256\n")),
    fix: Some("rename a snake_case or wrongly-cased key to its KubeletConfiguration name"),
    implemented: true,
};

pub static KUBELET_OPTION_TYPE: Rule = Rule {
    code: "CKS241",
    name: "kubelet-option-type",
    severity: Severity::Error,
    summary: "wrong JSON type for the option (durations are strings like `\"1m30s\"`)",
    what: "Checks the JSON type of every known kubelet option: booleans, int32 and int64 integers (with their \
ranges), numbers, strings, lists, maps, nested objects, and Go duration strings (`\"90s\"`, `\"1m30s\"`, \
`\"100ms\"`). A quoted integer or boolean where the kubelet wants a number or a boolean (`maxPods: \"250\"`, \
`failSwapOn: \"false\"`) gets a safe fix that removes the quotes; only a plain decimal integer within the field's \
range, or exactly `true`/`false`, is fixed.",
    why: "The kubelet decodes its configuration strictly: a number where a duration string belongs, or a quoted \
number where an integer belongs, makes the node's kubelet fail to start after the reboot that applies the override.",
    bad: Example::yaml(concat!(base!(), "kubelet:\n  shutdownGracePeriod: 60\n")),
    good: Example::yaml(concat!(base!(), "kubelet:\n  shutdownGracePeriod: 60s\n")),
    fix: Some("unquote a quoted integer or boolean (`\"250\"` → `250`); other type errors need a human"),
    implemented: true,
};

pub static KUBELET_OPTION_VALUE: Rule = Rule {
    code: "CKS242",
    name: "kubelet-option-value",
    severity: Severity::Error,
    summary: "a value the kubelet rejects: ranges, enums, cross-field rules",
    what: "Runs the kubelet's own configuration validation (`ValidateKubeletConfiguration` in \
`pkg/kubelet/apis/config/validation`) of the Kubernetes `version` the request asks for, on the configuration the \
kubelet would actually validate: the overrides with that version's v1beta1 defaults applied first \
(`SetDefaults_KubeletConfiguration`). So a check between two options runs when only one is written, against the \
other's default, and the message says so (`imageGCLowThresholdPercent` (90) must be less than \
`imageGCHighThresholdPercent` (85, the default)); a zero or empty value that defaulting replaces (`port: 0`, \
`containerRuntimeEndpoint: \"\"`, `topologyManagerPolicy: \"\"`) is accepted; and `\"\"` counts as unset where the \
kubelet reads it so (`systemReservedCgroup: \"\"`). Options that depend on a feature gate are judged against the gate's \
state in that version, changed by the request's own `featureGates`: `cpuCFSQuotaPeriod` (CustomCPUCFSQuotaPeriod), \
`imageMaximumGCAge`, `serverTLSBootstrap`, the shutdown grace periods, `memorySwap`, \
`crashLoopBackOff.maxContainerRestartPeriod` (off by default in v1.34, on from v1.35), the image-pull credential \
policy and allowlist, `memoryReservationPolicy`, `enableSystemLogQuery`, the logging options; and a gate locked in \
that version cannot be set to the other value (`NodeSwap: false` from v1.34). The checks: ranges (ports, \
percentages, `oomScoreAdj`, iptables bits, QPS and bursts, `memoryThrottlingFactor`, the container-log options, \
`nodeLeaseDurationSeconds`), enumerated values, `enforceNodeAllocatable` (valid, not repeated, `none` alone, a \
resource and its `-compressible` twin not together, the reserved cgroups it needs, `cgroupsPerQOS: true`), \
`systemCgroups` without `cgroupRoot`, `reservedSystemCPUs` (syntax, not with a reserved cgroup), \
`registerWithTaints` (qualified key, label value, no `timeAdded`), `reservedMemory` (memory or hugepages, not zero, \
not repeated), `tracing` (sampling rate, endpoint scheme), `logging` (format, `vmodule`), \
`showHiddenMetricsForVersion` (the previous minor only), `podLogsDir`, `runOnce`, eviction signals and quantities. \
The defaults and gate states are declared per supported minor in `schema/kubelet-versions.json`. Deliberate \
differences: CKS applies overrides to its own base configuration, which is not public, so that base is approximated \
by the upstream defaults; host-dependent checks (`failCgroupV1` and `singleProcessOOMKill` on a cgroup v1 host) and \
unknown `featureGates` names are not judged; for v1.36 a gate that was off in v1.35 counts as unknown unless \
`featureGates` sets it, so checks depending on it do not run.",
    why: "The kubelet validates its merged configuration at start-up and refuses to run with an invalid one: the \
cluster's nodes fail after the reboot that applies the override, far from the request that caused it. An error \
here means the kubelet of that version rejects the configuration; no error means it does not (as far as the \
upstream defaults stand in for CKS's base).",
    bad: Example::yaml(concat!(base!(), "kubelet:\n  imageGCHighThresholdPercent: 60\n  imageGCLowThresholdPercent: 80\n")),
    good: Example::yaml(concat!(base!(), "kubelet:\n  imageGCHighThresholdPercent: 85\n  imageGCLowThresholdPercent: 80\n")),
    fix: None,
    implemented: true,
};

pub static MANAGED_KUBELET_OPTION: Rule = Rule {
    code: "CKS243",
    name: "managed-kubelet-option",
    severity: Severity::Warning,
    summary: "overrides a platform-managed option (`staticPodPath`, `tlsCertFile`, `authentication`, `clusterDNS`, ...)",
    what: "Flags overrides of options that CKS sets for its nodes to work: `staticPodPath`, `tlsCertFile`, \
`tlsPrivateKeyFile`, `authentication`, `authorization`, `clusterDNS`, `clusterDomain`, `providerID`, \
`cgroupDriver`, `cgroupRoot`, `containerRuntimeEndpoint`, `registerNode`, `podCIDR`, `address`.",
    why: "Changing how the kubelet authenticates, where it finds the container runtime or which DNS it hands to \
pods can take nodes out of the cluster. CoreWeave publishes no list of protected options: this list is inferred \
from what a managed control plane must own, so the rule is a warning.",
    bad: Example::yaml(concat!(base!(), "kubelet:\n  clusterDNS: [10.0.0.10]\n")),
    good: Example::yaml(concat!(base!(), "kubelet:\n  maxPods: 256\n")),
    fix: None,
    implemented: true,
};

pub static EMPTY_KUBELET: Rule = Rule {
    code: "CKS244",
    name: "empty-kubelet",
    severity: Severity::Warning,
    summary: "`kubelet: {}`",
    what: "Flags an empty `kubelet` mapping.",
    why: "An empty override does nothing, and the Terraform provider rejects it (\"remove the attribute instead\"); \
it is usually a template whose options all rendered away.",
    bad: Example::yaml(concat!(base!(), "kubelet: {}\n")),
    good: Example::yaml(base!()),
    fix: Some("remove `kubelet`"),
    implemented: true,
};

pub static KUBELET_OPTION_TOO_NEW: Rule = Rule {
    code: "CKS245",
    name: "kubelet-option-too-new",
    severity: Severity::Warning,
    summary: "the option does not exist in the requested `version`",
    what: "Compares each kubelet option with the Kubernetes version the request asks for: `userNamespaces` \
appeared in v1.33, `crashLoopBackOff` in v1.32, `tlsCurvePreferences` in v1.36.",
    why: "An option newer than the cluster's kubelet is unknown to it: stored by CKS, ignored by the kubelet.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\n",
        "kubelet:\n  memoryReservationPolicy: TieredReservation\n"
    )),
    good: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\n",
        "kubelet:\n  memoryReservationPolicy: TieredReservation\n"
    )),
    fix: None,
    implemented: true,
};

/// One field of the table.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct Field {
    kind: String,
    #[serde(default)]
    since: Option<String>,
    #[serde(default)]
    r#enum: Option<Vec<String>>,
    #[serde(default)]
    enum_case_insensitive: bool,
    #[serde(default)]
    managed: bool,
    #[serde(default)]
    fields: Option<Fields>,
}

/// Options by name, hashed with foldhash (looked up for every written option).
type Fields = HashMap<String, Field, hashbrown::DefaultHashBuilder>;

#[derive(Debug, serde::Deserialize)]
struct Table {
    fields: Fields,
}

static TABLE: LazyLock<Table> =
    LazyLock::new(|| serde_json::from_str(include_str!("../../schema/kubelet-fields.json")).unwrap_or(Table { fields: Fields::default() }));

/// Kubernetes minor of a `vX.Y` string.
fn minor(v: &str) -> Option<(u32, u32)> {
    let (a, b) = v.strip_prefix('v')?.split_once('.')?;
    Some((a.parse().ok()?, b.parse().ok()?))
}

/// Nanoseconds of a Go duration string (`"1m30s"`, `"-1.5h"`, `"0"`), or why it is not one.
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let (neg, mut rest) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    if rest == "0" {
        return Ok(0.0);
    }
    if rest.is_empty() {
        return Err("it is empty".into());
    }
    let mut total = 0.0;
    while !rest.is_empty() {
        let num_len = rest.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
        if num_len == 0 {
            return Err(format!("expected a number at `{rest}`"));
        }
        let n: f64 = rest[..num_len].parse().map_err(|_| format!("`{}` is not a number", &rest[..num_len]))?;
        rest = &rest[num_len..];
        let unit_len = rest.bytes().take_while(|b| !(b.is_ascii_digit() || *b == b'.')).count();
        let unit = &rest[..unit_len];
        let scale = match unit {
            "ns" => 1.0,
            "us" | "µs" | "μs" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            "" => return Err("a number needs a unit (ns, us, ms, s, m, h)".into()),
            u => return Err(format!("`{u}` is not a duration unit (ns, us, ms, s, m, h)")),
        };
        total += n * scale;
        rest = &rest[unit_len..];
    }
    Ok(if neg { -total } else { total })
}

/// Kubernetes resource quantity (`100Mi`, `1.5`, `500m`, `1e3`).
fn is_quantity(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let num_len = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    if num_len == 0 || body[..num_len].matches('.').count() > 1 || body[..num_len] == *"." {
        return false;
    }
    let suffix = &body[num_len..];
    matches!(suffix, "" | "Ki" | "Mi" | "Gi" | "Ti" | "Pi" | "Ei" | "n" | "u" | "m" | "k" | "M" | "G" | "T" | "P" | "E")
        || (suffix.len() > 1
            && suffix.starts_with(['e', 'E'])
            && suffix[1..].strip_prefix(['+', '-']).unwrap_or(&suffix[1..]).bytes().all(|b| b.is_ascii_digit())
            && suffix[1..].bytes().any(|b| b.is_ascii_digit())
            && suffix.len() > 1)
}

fn is_percent(s: &str) -> Option<f64> {
    s.strip_suffix('%')?.parse::<f64>().ok()
}

/// `0-3,7,9-11`
fn is_cpuset(s: &str) -> bool {
    !s.trim().is_empty()
        && s.split(',').all(|part| {
            let part = part.trim();
            match part.split_once('-') {
                Some((a, b)) => a.parse::<u32>().ok().zip(b.parse::<u32>().ok()).is_some_and(|(a, b)| a <= b),
                None => part.parse::<u32>().is_ok(),
            }
        })
}

const EVICTION_SIGNALS: [&str; 9] = [
    "memory.available",
    "nodefs.available",
    "nodefs.inodesFree",
    "imagefs.available",
    "imagefs.inodesFree",
    "containerfs.available",
    "containerfs.inodesFree",
    "pid.available",
    "allocatableMemory.available",
];

struct Check<'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    requested: Option<(u32, u32)>,
    version_label: String,
}

impl Check<'_, '_> {
    fn value_error(&mut self, node: &Node, pointer: &str, message: String, help: Option<String>) {
        let d = self.ctx.report(&KUBELET_OPTION_VALUE, node.span(), pointer, message);
        if let Some(h) = help {
            d.help(h);
        }
    }

    fn type_error(&mut self, node: &Node, pointer: &str, field: &str, expected: &str) {
        self.type_error_in(node, pointer, field, expected, i64::MIN, i64::MAX);
    }

    fn type_error_in(&mut self, node: &Node, pointer: &str, field: &str, expected: &str, min: i64, max: i64) {
        let found = match &node.kind {
            NodeKind::String(s) => format!("the string \"{}\"", s.chars().take(40).collect::<String>()),
            _ => node.type_name().to_string(),
        };
        let help = if expected.contains("duration") {
            "durations are Go duration strings: \"90s\", \"1m30s\", \"100ms\", \"2h\"".to_string()
        } else {
            format!("write {expected}")
        };
        let fix = unquote_fix(node, expected, min, max);
        let d =
            self.ctx.report(&KUBELET_OPTION_TYPE, node.span(), pointer, format!("`{field}` must be {expected}, found {found}")).help(help);
        if let Some(f) = fix {
            d.fix(f);
        }
    }

    /// Check one value against its field description. Returns false when the type is wrong.
    fn value(&mut self, field: &str, f: &Field, node: &Node, pointer: &str) -> bool {
        if node.is_null() {
            return true; // null: the API reads it as unset
        }
        let ok = match f.kind.as_str() {
            "bool" => node.as_bool().is_some() || self.bad(node, pointer, field, "a boolean"),
            "int32" => self.integer(node, pointer, field, i32::MIN as i64, i32::MAX as i64, "an int32 integer"),
            "int64" => self.integer(node, pointer, field, i64::MIN, i64::MAX, "an integer"),
            "float" => node.as_number().is_some_and(|n| n.float().is_finite()) || self.bad(node, pointer, field, "a number"),
            "string" => match node.as_str() {
                Some(s) => {
                    self.enum_check(field, f, node, s, pointer);
                    true
                }
                None => self.bad(node, pointer, field, "a string"),
            },
            "duration" => match node.as_str() {
                Some(s) => match parse_duration(s) {
                    Ok(_) => true,
                    Err(why) => {
                        self.ctx
                            .report(&KUBELET_OPTION_TYPE, node.span(), pointer, format!("`{field}` is not a Go duration: {why}"))
                            .help("durations are Go duration strings: \"90s\", \"1m30s\", \"100ms\", \"2h\"");
                        false
                    }
                },
                None => self.bad(node, pointer, field, "a duration string"),
            },
            "string-list" => self.list(node, pointer, field, |n| n.as_str().is_some(), "a list of strings"),
            "int32-list" => self.list(
                node,
                pointer,
                field,
                |n| n.as_number().and_then(|x| x.int()).is_some_and(|i| i32::try_from(i).is_ok()),
                "a list of int32 integers",
            ),
            "map-string" => {
                self.map(node, pointer, field, |n| n.as_str().is_some(), "a mapping of strings (quantities such as \"100Mi\" are strings)")
            }
            "map-bool" => self.map(node, pointer, field, |n| n.as_bool().is_some(), "a mapping of booleans"),
            "map-string-list" => self.map(
                node,
                pointer,
                field,
                |n| n.as_array().is_some_and(|a| a.iter().all(|x| x.as_str().is_some())),
                "a mapping of string lists",
            ),
            "object" => match node.as_object() {
                Some(members) => {
                    if let Some(sub) = &f.fields {
                        self.object(field, sub, members, pointer);
                    }
                    true
                }
                None => self.bad(node, pointer, field, "a mapping"),
            },
            "object-list" => match node.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let p = pointer_push(pointer, &i.to_string());
                        match (item.as_object(), &f.fields) {
                            (Some(members), Some(sub)) => self.object(&format!("{field}[{i}]"), sub, members, &p),
                            (None, _) => {
                                self.bad(item, &p, &format!("{field}[{i}]"), "a mapping");
                            }
                            _ => {}
                        }
                    }
                    true
                }
                None => self.bad(node, pointer, field, "a list of mappings"),
            },
            _ => true,
        };
        ok
    }

    fn bad(&mut self, node: &Node, pointer: &str, field: &str, expected: &str) -> bool {
        self.type_error(node, pointer, field, expected);
        false
    }

    fn integer(&mut self, node: &Node, pointer: &str, field: &str, min: i64, max: i64, expected: &str) -> bool {
        match node.as_number() {
            Some(n) => match n.int() {
                Some(i) if i >= min && i <= max => true,
                Some(i) => {
                    self.ctx
                        .report(
                            &KUBELET_OPTION_TYPE,
                            node.span(),
                            pointer,
                            format!("`{field}` is {i}, outside the {} range {min}..{max}", expected.trim_start_matches("an ")),
                        )
                        .help(format!("use a value from {min} to {max}"));
                    false
                }
                None if n.float().fract() == 0.0 && n.float().is_finite() && n.float().abs() < 9.0e15 => {
                    // 110.0 decodes into an integer field in Go; accept it.
                    true
                }
                None => self.bad(node, pointer, field, expected),
            },
            None => {
                self.type_error_in(node, pointer, field, expected, min, max);
                false
            }
        }
    }

    fn list(&mut self, node: &Node, pointer: &str, field: &str, ok: impl Fn(&Node) -> bool, expected: &str) -> bool {
        match node.as_array() {
            Some(items) => match items.iter().position(|n| !ok(n) && !n.is_null()) {
                Some(i) => self.bad(&items[i], &pointer_push(pointer, &i.to_string()), &format!("{field}[{i}]"), element(expected)),
                None => true,
            },
            None => self.bad(node, pointer, field, expected),
        }
    }

    fn map(&mut self, node: &Node, pointer: &str, field: &str, ok: impl Fn(&Node) -> bool, expected: &str) -> bool {
        match node.as_object() {
            Some(members) => {
                for m in members {
                    if !ok(&m.value) && !m.value.is_null() {
                        self.bad(&m.value, &pointer_push(pointer, &m.key), &format!("{field}.{}", m.key), element(expected));
                        return false;
                    }
                }
                true
            }
            None => self.bad(node, pointer, field, expected),
        }
    }

    fn enum_check(&mut self, field: &str, f: &Field, node: &Node, s: &str, pointer: &str) {
        let Some(values) = &f.r#enum else { return };
        if s.is_empty() && empty_is_unset(field) {
            return;
        }
        let matches =
            if f.enum_case_insensitive { values.iter().any(|v| v.eq_ignore_ascii_case(s)) } else { values.iter().any(|v| v == s) };
        if !matches {
            let list =
                values.iter().map(|v| if v.is_empty() { "\"\"".to_string() } else { format!("`{v}`") }).collect::<Vec<_>>().join(", ");
            let hint = values
                .iter()
                .find(|v| v.eq_ignore_ascii_case(s))
                .map(|v| format!("values are case-sensitive: `{v}`"))
                .unwrap_or_else(|| format!("one of {list}"));
            self.value_error(node, pointer, format!("`{s}` is not a valid `{field}`"), Some(hint));
        }
    }

    /// Keys of a nested option (or of `kubelet` itself).
    fn object(&mut self, path: &str, fields: &Fields, members: &[Member], pointer: &str) {
        for m in members {
            match fields.get(m.key.as_str()) {
                Some(f) => {
                    let p = pointer_push(pointer, &m.key);
                    let display = if path.is_empty() { m.key.to_string() } else { format!("{path}.{}", m.key) };
                    if path.is_empty() {
                        self.top_level(m, f, &p);
                    }
                    self.value(&display, f, &m.value, &p);
                }
                // Past the per-document cap (or off): counted, no pointer to build.
                None if !self.ctx.wants(&UNKNOWN_KUBELET_OPTION) => {
                    let at = if self.ctx.first_unlisted(&UNKNOWN_KUBELET_OPTION) { pointer_push(pointer, &m.key) } else { String::new() };
                    self.ctx.report(&UNKNOWN_KUBELET_OPTION, m.key_span(), at, String::new());
                }
                None => self.unknown(path, fields, m, &pointer_push(pointer, &m.key), members),
            }
        }
    }

    fn top_level(&mut self, m: &Member, f: &Field, pointer: &str) {
        if f.managed {
            self.ctx
                .report(
                    &MANAGED_KUBELET_OPTION,
                    m.key_span(),
                    pointer,
                    format!("`{}` is managed by CKS; overriding it can break the node", m.key),
                )
                .help("remove the override unless CoreWeave support asked for it");
        }
        if let (Some(since), Some(req)) = (f.since.as_deref().and_then(minor), self.requested) {
            if since > req {
                let label = self.version_label.clone();
                self.ctx
                    .report(
                        &KUBELET_OPTION_TOO_NEW,
                        m.key_span(),
                        pointer,
                        format!("`{}` was added in Kubernetes v{}.{}; this cluster requests {label}", m.key, since.0, since.1),
                    )
                    .help(format!("request v{}.{} or later, or remove the option (the older kubelet ignores it)", since.0, since.1));
            }
        }
    }

    fn unknown(&mut self, path: &str, fields: &Fields, m: &Member, pointer: &str, siblings: &[Member]) {
        if !self.ctx.wants(&UNKNOWN_KUBELET_OPTION) {
            // Past the per-document cap (or off): counted, no did-you-mean to compute.
            let at = if self.ctx.first_unlisted(&UNKNOWN_KUBELET_OPTION) { pointer.to_string() } else { String::new() };
            self.ctx.report(&UNKNOWN_KUBELET_OPTION, m.key_span(), at, String::new());
            return;
        }
        let where_ = if path.is_empty() { "a KubeletConfiguration field".to_string() } else { format!("a field of `{path}`") };
        let names = || fields.keys().map(String::as_str);
        if path.is_empty() && (m.key == "kind" || m.key == "apiVersion") {
            self.ctx
                .report(&UNKNOWN_KUBELET_OPTION, m.key_span(), pointer, format!("`{}` does not belong in kubelet overrides", m.key))
                .help("`kubelet` holds KubeletConfiguration fields only; CKS supplies kind and apiVersion itself; remove it");
            return;
        }
        let camel = snake_to_camel(&m.key);
        let exact_ci = names().find(|n| n.eq_ignore_ascii_case(&m.key) || (m.key.contains('_') && n.eq_ignore_ascii_case(&camel)));
        let message = format!("`{}` is not {where_}; CKS stores it but the kubelet never sees it", m.key);
        if let Some(name) = exact_ci {
            let help = if m.key.contains('_') {
                format!("KubeletConfiguration uses camelCase: `{name}`")
            } else {
                format!("field names are case-sensitive: `{name}`")
            };
            let fix = rename(self.ctx, m, name);
            let fixable = !siblings.iter().any(|s| s.key == name) && !self.ctx.text(m.key_span()).starts_with('*');
            let d = self.ctx.report(&UNKNOWN_KUBELET_OPTION, m.key_span(), pointer, message).help(help);
            if fixable {
                d.fix(fix);
            }
            return;
        }
        let max = 2.max(m.key.chars().count() / 4);
        let guess = similarity::did_you_mean(&m.key, names(), max).or_else(|| {
            if camel == m.key {
                None
            } else {
                similarity::did_you_mean(&camel, names(), max)
            }
        });
        let d = self.ctx.report(&UNKNOWN_KUBELET_OPTION, m.key_span(), pointer, message);
        match guess {
            Some(g) => d.help(format!("did you mean `{g}`?")),
            None => d.help("see the KubeletConfiguration reference (kubelet.config.k8s.io/v1beta1) for the option names"),
        };
    }
}

/// Whether `""` means "not set" for an enumerated option: v1beta1 defaulting replaces it
/// (`SetDefaults_KubeletConfiguration`), or the kubelet reads it as unset (`tlsMinVersion`:
/// Go's default; `imagePullCredentialsVerificationPolicy`: `len() > 0` is "set"; a taint's
/// `effect`: `CheckTaintValidation` checks it only when non-empty).
fn empty_is_unset(field: &str) -> bool {
    let zero_replaced = validation::VERSIONS.versions.values().any(|t| t.defaults.get(field).is_some_and(|d| d.zero_replaced));
    zero_replaced
        || matches!(field, "tlsMinVersion" | "imagePullCredentialsVerificationPolicy")
        || (field.starts_with("registerWithTaints[") && field.ends_with("].effect"))
}

/// The one certain repair of a quoted scalar where the kubelet wants a number or a
/// boolean: `"250"` → `250`, `'true'` → `true`. Only for a quoted string whose text is
/// exactly a decimal integer in range or `true`/`false`.
fn unquote_fix(node: &Node, expected: &str, min: i64, max: i64) -> Option<Fix> {
    if !matches!(node.style, Style::SingleQuoted | Style::DoubleQuoted | Style::Json) {
        return None;
    }
    let s = node.as_str()?;
    let literal = if expected.contains("integer") {
        let digits = s.strip_prefix('-').unwrap_or(s);
        let plain = !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0'));
        let v: i64 = s.parse().ok().filter(|_| plain)?;
        let (min, max) = if expected.contains("int32") { (min.max(i32::MIN.into()), max.min(i32::MAX.into())) } else { (min, max) };
        (min..=max).contains(&v).then(|| v.to_string())?
    } else if expected == "a boolean" {
        matches!(s, "true" | "false").then(|| s.to_string())?
    } else {
        return None;
    };
    Some(Fix::replace(Applicability::Safe, format!("write `{literal}` without quotes"), node.span(), literal))
}

/// What one element of a list or map kind must be: "a list of strings" → "a string".
fn element(expected: &str) -> &str {
    match expected {
        "a list of strings" => "a string",
        "a list of int32 integers" => "an int32 integer",
        "a mapping of booleans" => "a boolean",
        "a mapping of string lists" => "a list of strings",
        "a mapping of strings (quantities such as \"100Mi\" are strings)" => "a string (quantities such as \"100Mi\" are strings)",
        other => other,
    }
}

/// Rename a key, keeping its quotes.
fn rename(ctx: &Ctx, m: &Member, to: &str) -> Fix {
    let raw = ctx.text(m.key_span());
    let span = if raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\'')) {
        Span::new(m.key_span().start + 1, m.key_span().end - 1)
    } else {
        m.key_span()
    };
    Fix::replace(Applicability::Safe, format!("rename `{}` to `{to}`", m.key), span, to)
}

fn num(n: &Node) -> Option<f64> {
    n.as_number().map(|x| x.float()).filter(|f| f.is_finite())
}

fn duration_of(n: &Node) -> Option<f64> {
    n.as_str().and_then(|s| parse_duration(s).ok())
}

/// Run every kubelet rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("kubelet") else { return };
    let Some(members) = m.value.as_object() else { return }; // not a mapping: CKS104
    if members.is_empty() {
        let pointer = pointer_push("", &m.key);
        let fix = crate::rules::structure::remove_member_fix(ctx.source, root, m);
        let d = ctx.report(&EMPTY_KUBELET, m.value.span(), pointer, "`kubelet` is empty");
        d.help("an empty override changes nothing; remove it, or add the options you meant to set");
        if let Some(f) = fix {
            d.fix(f);
        }
        return;
    }
    let version = root.field("version").and_then(Node::as_str).unwrap_or("");
    let text = ctx.source.get(m.key_span().start..m.value.span().end).unwrap_or("");
    if clean::seen(ctx, m, text, version) {
        return;
    }
    let before = ctx.reported();
    let pointer = pointer_push("", &m.key);
    let requested = minor(version);
    let mut check = Check { ctx, requested, version_label: version.to_string() };
    check.object("", &TABLE.fields, members, &pointer);
    validation::validate(check.ctx, m, &pointer, version);
    if ctx.reported() == before {
        clean::remember(ctx, m, text, version);
    }
}

/// The last `kubelet` mapping found clean, per thread: a stream of generated documents
/// repeats its overrides, and 60,000 validations of the same few options were most of
/// the kubelet pass. A mapping is skipped only when everything the checks read is the
/// same as that one's: its text, its tree (values, styles, keys; not the offsets), the
/// requested version and every rule's level. A clean mapping has no finding to shift.
mod clean {
    use super::Member;
    use crate::lint::Ctx;
    use crate::source::{Node, NodeKind};
    use std::cell::RefCell;

    /// Past this size a mapping is not kept (copying it would cost more than it saves);
    /// one with a YAML alias (`*name`) neither: its nodes may read text outside it.
    fn keepable(text: &str) -> bool {
        text.len() <= 4096 && !text.contains('*')
    }

    struct Clean {
        levels: Vec<Option<crate::diagnostic::Severity>>,
        version: String,
        text: String,
        member: Member,
    }

    thread_local! {
        static LAST: RefCell<Option<Clean>> = const { RefCell::new(None) };
    }

    pub(super) fn seen(ctx: &Ctx, m: &Member, text: &str, version: &str) -> bool {
        if !keepable(text) {
            return false;
        }
        LAST.with_borrow(|last| {
            last.as_ref()
                .is_some_and(|c| c.text == text && c.version == version && c.levels == ctx.settings.levels && same_member(&c.member, m))
        })
    }

    pub(super) fn remember(ctx: &Ctx, m: &Member, text: &str, version: &str) {
        if !keepable(text) {
            return;
        }
        LAST.with_borrow_mut(|last| {
            *last = Some(Clean {
                levels: ctx.settings.levels.clone(),
                version: version.to_string(),
                text: text.to_string(),
                member: m.clone(),
            });
        });
    }

    fn same_member(a: &Member, b: &Member) -> bool {
        a.key == b.key && a.written == b.written && same(&a.value, &b.value)
    }

    /// Equal but for spans.
    pub(super) fn same(a: &Node, b: &Node) -> bool {
        a.style == b.style
            && match (&a.kind, &b.kind) {
                (NodeKind::Null, NodeKind::Null) | (NodeKind::Unknown, NodeKind::Unknown) => true,
                (NodeKind::Bool(x), NodeKind::Bool(y)) => x == y,
                (NodeKind::Number(x), NodeKind::Number(y)) => x.int() == y.int() && x.float().to_bits() == y.float().to_bits(),
                (NodeKind::String(x), NodeKind::String(y)) => x == y,
                (NodeKind::Array(x), NodeKind::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
                (NodeKind::Object(x), NodeKind::Object(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same_member(p, q)),
                _ => false,
            }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_repeated_clean_mapping_is_skipped_and_others_are_not() {
        // The same text under another version, or with a finding, is checked again.
        let doc = |version: &str, kubelet: &str| {
            format!(
                "---\nname: c\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: {version}\n\
                 network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nkubelet:\n{kubelet}"
            )
        };
        let new_option = "  maxPods: 110\n  userNamespaces:\n    idsPerPod: 65536\n";
        let bad = "  maxPods: -1\n";
        let stream = [
            doc("v1.35", new_option),
            doc("v1.35", new_option),
            doc("v1.32", new_option),
            doc("v1.35", bad),
            doc("v1.35", bad),
            doc("v1.35", new_option),
        ]
        .concat();
        let f = crate::lint::lint_str("stream.yaml", &stream, &crate::lint::Settings::default());
        let kubelet: Vec<(usize, &str)> =
            f.diagnostics.iter().filter(|d| d.rule.code.starts_with("CKS24")).map(|d| (d.document, d.rule.code)).collect();
        assert_eq!(kubelet, [(2, "CKS245"), (3, "CKS242"), (4, "CKS242")]);
        // Equal but for offsets.
        let a = crate::source::parse("{\"a\": [1, \"x\"]}", crate::source::Format::Json);
        let b = crate::source::parse("{ \"a\": [1,  \"x\"] }", crate::source::Format::Json);
        let c = crate::source::parse("{\"a\": [1, \"y\"]}", crate::source::Format::Json);
        let root = |p: &crate::source::Parsed| p.documents[0].root.clone().unwrap();
        assert!(clean::same(&root(&a), &root(&b)));
        assert!(!clean::same(&root(&a), &root(&c)));
    }

    #[test]
    fn table_loads() {
        assert!(TABLE.fields.len() >= 125);
        assert!(TABLE.fields["maxPods"].kind == "int32");
        assert!(TABLE.fields["clusterDNS"].managed);
        assert_eq!(TABLE.fields["userNamespaces"].since.as_deref(), Some("v1.33"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1m30s"), Ok(90e9));
        assert_eq!(parse_duration("100ms"), Ok(1e8));
        assert_eq!(parse_duration("0"), Ok(0.0));
        assert_eq!(parse_duration("-1.5h"), Ok(-5400e9));
        assert!(parse_duration("90").is_err());
        assert!(parse_duration("1d").is_err());
        assert!(parse_duration("").is_err());
        assert!(parse_duration("s").is_err());
    }

    #[test]
    fn quantities_and_cpusets() {
        for q in ["100Mi", "1.5", "500m", "1e3", "2Gi", "0"] {
            assert!(is_quantity(q), "{q}");
        }
        for q in ["100MB", "abc", "", "1.2.3", "Mi"] {
            assert!(!is_quantity(q), "{q}");
        }
        assert!(is_cpuset("0-3,7"));
        assert!(!is_cpuset("3-1"));
        assert!(!is_cpuset("a"));
    }
}
