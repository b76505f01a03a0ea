//! CKS242 on the *defaulted* kubelet configuration, per Kubernetes minor.
//!
//! The kubelet reads its configuration file, applies the v1beta1 defaults
//! (`pkg/kubelet/apis/config/v1beta1/defaults.go`, `SetDefaults_KubeletConfiguration`) and
//! then runs `ValidateKubeletConfiguration` (`pkg/kubelet/apis/config/validation/validation.go`)
//! against the feature gates it will run with: each gate's default in that minor, changed by
//! the configuration's own `featureGates` (`localFeatureGate.SetFromMap`). CKS applies the
//! overrides to a base configuration that is not public; it is approximated here by the
//! upstream defaults, so a check between two fields runs when only one of them is written,
//! with the other at its default.
//!
//! The defaults and gate states are data: `schema/kubelet-versions.json`, one table per
//! supported minor, parsed once per process. Each check below names the upstream function
//! it mirrors. Checks upstream has that this module does not run, and why:
//! - `validateKubeletOSConfiguration` (`validation_linux.go`): `failCgroupV1: true` and
//!   `singleProcessOOMKill: false` are rejected only on a cgroup v1 host, which the request
//!   does not say.
//! - `draManagerReconcilePeriod` (must be > 0): not in the v1.34–v1.36 field table and its
//!   default is not in the defaults source read; not checked.
//! - `imagepullmanager.ValidateAllowlistImagesPatterns` (the pattern syntax of
//!   `preloadedImagesVerificationAllowlist`): not mirrored; the gate and policy checks around
//!   it are.
//! - `logsapi.Validate`'s "non-default format doesn't honor flag": about command-line flags,
//!   which a configuration file cannot set.
//! - Unknown `featureGates` names ("unrecognized feature gate"): the kubelet's gate registry
//!   spans several packages (kube, apiserver, client-go, component-base); a name missing from
//!   a partial list would be a false reject, so only the gates in the table are judged.

use super::{duration_of, is_cpuset, is_quantity, minor, num, KUBELET_OPTION_TYPE, KUBELET_OPTION_VALUE, TABLE};
use crate::lint::Ctx;
use crate::source::{pointer_push, Member, Node, NodeKind};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::LazyLock;

/// One gate in one minor.
#[derive(Debug, serde::Deserialize)]
pub(super) struct GateSpec {
    /// `None`: not confirmed for this minor.
    pub default: Option<bool>,
    #[serde(default)]
    pub locked: bool,
}

/// One v1beta1 default.
#[derive(Debug, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DefaultSpec {
    pub value: serde_json::Value,
    /// Defaulting also replaces a written zero value (`0`, `""`, `"0s"`): the field is not a
    /// pointer in v1beta1.
    #[serde(default)]
    pub zero_replaced: bool,
}

#[derive(Debug, serde::Deserialize)]
pub(super) struct Minor {
    #[serde(default)]
    #[allow(dead_code)]
    pub source: String,
    // Hashed with foldhash: a stream of 60,000 documents makes a few dozen look-ups in
    // each (a sorted map's string comparisons were a quarter of the validation).
    pub gates: std::collections::HashMap<String, GateSpec, hashbrown::DefaultHashBuilder>,
    pub defaults: std::collections::HashMap<String, DefaultSpec, hashbrown::DefaultHashBuilder>,
}

#[derive(Debug, serde::Deserialize)]
pub(super) struct Versions {
    pub versions: BTreeMap<String, Minor>,
}

pub(super) static VERSIONS: LazyLock<Versions> = LazyLock::new(|| {
    serde_json::from_str(include_str!("../../../schema/kubelet-versions.json")).unwrap_or(Versions { versions: BTreeMap::new() })
});

/// The table for a requested `version`: its own, or (not a supported minor) the newest with
/// no gate state confirmed.
pub(super) fn table_for(version: &str) -> Option<(&'static str, &'static Minor, bool)> {
    let v = &*VERSIONS;
    if let Some((k, m)) = v.versions.get_key_value(version) {
        return Some((k.as_str(), m, true));
    }
    let newest = v.versions.iter().max_by_key(|(k, _)| minor(k))?;
    Some((newest.0.as_str(), newest.1, false))
}

/// Where an effective value came from.
#[derive(Clone, Copy, Debug)]
enum From<'n> {
    /// Written in the override.
    Written(&'n Member),
    /// Not written (or written as the zero value defaulting replaces): the v1beta1 default.
    Default,
    /// Not written, no default: the zero value.
    Unset,
}

#[derive(Clone, Copy, Debug)]
struct V<'n, T> {
    v: T,
    from: From<'n>,
}

impl<'n, T> V<'n, T> {
    fn member(&self) -> Option<&'n Member> {
        match self.from {
            From::Written(m) => Some(m),
            _ => None,
        }
    }
    fn written(&self) -> bool {
        matches!(self.from, From::Written(_))
    }
}

/// A number for messages: `85`, `0.9`.
fn n(v: f64) -> String {
    format!("{v}")
}

/// Nanoseconds for messages, in Go's style where it is short: `2m0s` → `2m`, `100ms`.
fn d(ns: f64) -> String {
    let ms = ns / 1e6;
    if ns == 0.0 {
        "0s".into()
    } else if ns.abs() < 1e9 && ms.fract() == 0.0 {
        format!("{ms}ms")
    } else if (ns / 60e9).fract() == 0.0 && ns.abs() >= 60e9 {
        if (ns / 3600e9).fract() == 0.0 {
            format!("{}h", ns / 3600e9)
        } else {
            format!("{}m", ns / 60e9)
        }
    } else {
        format!("{}s", ns / 1e9)
    }
}

struct Eff<'n, 'c, 'a> {
    ctx: &'c mut Ctx<'a>,
    kubelet: &'n Node,
    /// The `kubelet` member, where a finding with no written field goes.
    whole: &'n Member,
    pointer: &'n str,
    label: &'static str,
    table: &'static Minor,
    exact: bool,
    requested: Option<(u32, u32)>,
    /// Written options newer than the requested version (CKS245's; the kubelet ignores them).
    too_new: Vec<&'n str>,
    /// (span start, span end, pointer) of every CKS24x finding: the most specific one
    /// speaks for a value, once (a hash set, so that many findings stay linear). Built at
    /// the first finding.
    reported: Option<HashSet<(usize, usize, String)>>,
    /// For a wide `kubelet` mapping, its members by key (and by the JSON name of a proto
    /// spelling), so that the few dozen look-ups stay linear in the members.
    index: Option<KeyIndex<'n>>,
}

/// [`Node::get`] by hash: the first member of each exact key, and the first member whose
/// proto spelling names a JSON name (found only when no exact key is).
struct KeyIndex<'n> {
    exact: std::collections::HashMap<&'n str, &'n Member, hashbrown::DefaultHashBuilder>,
    proto: std::collections::HashMap<String, &'n Member, hashbrown::DefaultHashBuilder>,
}

impl<'n> KeyIndex<'n> {
    /// Past this many members a look-up scans more than hashing costs.
    const WIDE: usize = 32;

    fn of(members: &'n [Member]) -> Self {
        let mut index = KeyIndex { exact: Default::default(), proto: Default::default() };
        for m in members {
            index.exact.entry(m.key.as_str()).or_insert(m);
            if m.key.contains('_') {
                let camel = crate::source::snake_to_camel(&m.key);
                if crate::source::is_proto_name_of(&m.key, &camel) {
                    index.proto.entry(camel).or_insert(m);
                }
            }
        }
        index
    }

    fn get(&self, k: &str) -> Option<&'n Member> {
        self.exact.get(k).or_else(|| self.proto.get(k)).copied()
    }
}

impl<'n> Eff<'n, '_, '_> {
    /// A written, non-null member whose field exists in the requested version (a newer one
    /// is CKS245's and ignored by the kubelet).
    fn get(&self, k: &str) -> Option<&'n Member> {
        let m = match &self.index {
            Some(index) => index.get(k),
            None => self.kubelet.get(k),
        };
        let m = m.filter(|m| !m.value.is_null())?;
        if self.too_new.contains(&k) {
            return None;
        }
        Some(m)
    }

    fn default(&self, k: &str) -> Option<&'static DefaultSpec> {
        self.table.defaults.get(k)
    }

    /// A numeric field after defaulting; `None` when written with the wrong type (CKS241).
    /// The default is looked up only when it is needed (not written, or a written zero).
    fn num(&self, k: &str) -> Option<V<'n, f64>> {
        match self.get(k) {
            Some(m) => {
                let v = num(&m.value)?;
                match self.default(k).filter(|d| v == 0.0 && d.zero_replaced) {
                    Some(d) => Some(V { v: d.value.as_f64().unwrap_or(0.0), from: From::Default }),
                    None => Some(V { v, from: From::Written(m) }),
                }
            }
            None => Some(match self.default(k).and_then(|d| d.value.as_f64()) {
                Some(v) => V { v, from: From::Default },
                None => V { v: 0.0, from: From::Unset },
            }),
        }
    }

    fn string(&self, k: &str) -> Option<V<'n, &'n str>> {
        match self.get(k) {
            Some(m) => {
                let v = m.value.as_str()?;
                match self.default(k).filter(|d| v.is_empty() && d.zero_replaced) {
                    Some(d) => Some(V { v: d.value.as_str().unwrap_or(""), from: From::Default }),
                    None => Some(V { v, from: From::Written(m) }),
                }
            }
            None => Some(match self.default(k).and_then(|d| d.value.as_str()) {
                Some(v) => V { v, from: From::Default },
                None => V { v: "", from: From::Unset },
            }),
        }
    }

    fn boolean(&self, k: &str) -> Option<V<'n, bool>> {
        match self.get(k) {
            Some(m) => Some(V { v: m.value.as_bool()?, from: From::Written(m) }),
            None => Some(match self.default(k).and_then(|d| d.value.as_bool()) {
                Some(v) => V { v, from: From::Default },
                None => V { v: false, from: From::Unset },
            }),
        }
    }

    /// A duration field in nanoseconds after defaulting.
    fn dur(&self, k: &str) -> Option<V<'n, f64>> {
        let dflt = |d: &DefaultSpec| d.value.as_str().and_then(|s| super::parse_duration(s).ok());
        match self.get(k) {
            Some(m) => {
                let v = duration_of(&m.value)?;
                match self.default(k).filter(|d| v == 0.0 && d.zero_replaced) {
                    Some(d) => Some(V { v: dflt(d).unwrap_or(0.0), from: From::Default }),
                    None => Some(V { v, from: From::Written(m) }),
                }
            }
            None => Some(match self.default(k).and_then(dflt) {
                Some(v) => V { v, from: From::Default },
                None => V { v: 0.0, from: From::Unset },
            }),
        }
    }

    /// The state of a feature gate: the request's `featureGates`, else the minor's default
    /// (when confirmed). `None`: unknown, so checks that depend on it do not run.
    fn gate(&self, name: &str) -> Option<bool> {
        let written = self.get("featureGates").and_then(|m| m.value.as_object()).and_then(|gs| gs.iter().rev().find(|g| g.key == name));
        if let Some(g) = written {
            return g.value.as_bool();
        }
        if !self.exact {
            return None;
        }
        self.table.gates.get(name).and_then(|g| g.default)
    }

    /// Why a gate is off, for help texts.
    fn gate_off_reason(&self, name: &str) -> String {
        let written = self.get("featureGates").and_then(|m| m.value.as_object()).is_some_and(|gs| gs.iter().any(|g| g.key == name));
        if written {
            format!("feature gate `{name}` is turned off in `featureGates`")
        } else {
            format!("feature gate `{name}` is off by default in {}", self.label)
        }
    }

    /// Whether a finding may go on this node; remembers that one does.
    fn claim(&mut self, span: crate::source::Span, pointer: &str) -> bool {
        let ctx = &*self.ctx;
        let reported = self.reported.get_or_insert_with(|| {
            ctx.diagnostics
                .iter()
                .filter(|d| d.rule.code.starts_with("CKS24"))
                .map(|d| (d.span.start, d.span.end, d.pointer.clone()))
                .collect()
        });
        reported.insert((span.start, span.end, pointer.to_string()))
    }

    fn report_at(&mut self, node: &Node, pointer: String, message: String, help: String) {
        if !self.claim(node.span(), &pointer) {
            return;
        }
        self.ctx.report(&KUBELET_OPTION_VALUE, node.span(), pointer, message).help(help);
    }

    /// Report on the first written member of `at` (its value), else on `kubelet` itself.
    fn report(&mut self, at: &[Option<&'n Member>], message: String, help: String, label: Option<(Option<&'n Member>, &str)>) {
        let target = at.iter().flatten().next().copied();
        let (node, pointer) = match target {
            Some(m) => (&m.value, pointer_push(self.pointer, &m.key)),
            None => (&self.whole.value, self.pointer.to_string()),
        };
        if !self.claim(node.span(), &pointer) {
            return;
        }
        let d = self.ctx.report(&KUBELET_OPTION_VALUE, node.span(), pointer, message);
        d.help(help);
        if let Some((Some(m), text)) = label {
            if target.is_none_or(|t| !std::ptr::eq(t, m)) {
                d.label(m.value.span(), text.to_string());
            }
        }
    }
}

/// "`85`" for a written value, "85, the default" for a default.
fn show<T>(v: &V<T>, text: String) -> String {
    match v.from {
        From::Written(_) => text,
        From::Default => format!("{text}, the default"),
        From::Unset => format!("{text}, unset"),
    }
}

/// Kubernetes `IsQualifiedName`: `[prefix/]name`, the name 1–63 characters of
/// `[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?`, the prefix a DNS subdomain.
fn is_qualified_name(s: &str) -> bool {
    let (prefix, name) = match s.rsplit_once('/') {
        Some((p, n)) => (Some(p), n),
        None => (None, s),
    };
    if let Some(p) = prefix {
        if p.is_empty() || !is_dns_subdomain(p) {
            return false;
        }
    }
    !name.is_empty() && name.len() <= 63 && is_label_chars(name)
}

/// Kubernetes `IsValidLabelValue`: empty, or at most 63 characters like a qualified name's name.
fn is_label_value(s: &str) -> bool {
    s.is_empty() || (s.len() <= 63 && is_label_chars(s))
}

fn is_label_chars(s: &str) -> bool {
    let b = s.as_bytes();
    b.first().is_some_and(u8::is_ascii_alphanumeric)
        && b.last().is_some_and(u8::is_ascii_alphanumeric)
        && b.iter().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn is_dns_subdomain(s: &str) -> bool {
    s.len() <= 253
        && s.split('.').all(|l| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Whether a quantity string is zero (`0`, `0Mi`, `0.0`).
fn quantity_is_zero(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let len = body.bytes().take_while(|b| b.is_ascii_digit() || *b == b'.').count();
    body[..len].parse::<f64>().is_ok_and(|v| v == 0.0)
}

/// The scheme Go's `url.Parse` finds, lowercased ("" when none).
fn url_scheme(s: &str) -> String {
    match s.split_once(':') {
        Some((scheme, _))
            if scheme.as_bytes().first().is_some_and(u8::is_ascii_alphabetic)
                && scheme.bytes().all(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.')) =>
        {
            scheme.to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

/// Run the kubelet's configuration validation of the requested version on the defaulted
/// overrides. `whole` is the `kubelet` member.
pub(super) fn validate(ctx: &mut Ctx, whole: &Member, pointer: &str, version: &str) {
    let Some((label, table, exact)) = table_for(version) else { return };
    let requested = minor(version);
    let too_new = match (requested, whole.value.as_object()) {
        (Some(req), Some(members)) => members
            .iter()
            .filter(|m| TABLE.fields.get(m.key.as_str()).and_then(|f| f.since.as_deref()).and_then(minor).is_some_and(|since| since > req))
            .map(|m| m.key.as_str())
            .collect(),
        _ => Vec::new(),
    };
    let index = whole.value.as_object().filter(|m| m.len() > KeyIndex::WIDE).map(KeyIndex::of);
    let mut e = Eff { ctx, kubelet: &whole.value, whole, pointer, label, table, exact, requested, too_new, reported: None, index };
    feature_gates(&mut e);
    numbers(&mut e);
    images(&mut e);
    cgroups(&mut e);
    shutdown(&mut e);
    gated_options(&mut e);
    enforce_node_allocatable(&mut e);
    taints(&mut e);
    reserved(&mut e);
    logging_and_tracing(&mut e);
    logs_and_misc(&mut e);
}

/// `localFeatureGate.SetFromMap(kc.FeatureGates)` (component-base `featuregate`): a locked
/// gate cannot be set to the other value.
fn feature_gates(e: &mut Eff) {
    let Some(m) = e.get("featureGates") else { return };
    let Some(gates) = m.value.as_object() else { return };
    // As in Go's map, the last of repeated names counts.
    let mut last: BTreeMap<&str, &Member> = BTreeMap::new();
    for g in gates {
        if e.table.gates.contains_key(g.key.as_str()) {
            last.insert(g.key.as_str(), g);
        }
    }
    let mut known: Vec<&Member> = last.into_values().collect();
    known.sort_by_key(|g| g.key_span().start);
    for g in known {
        let (Some(v), Some(spec)) = (g.value.as_bool(), e.table.gates.get(g.key.as_str())) else { continue };
        if let (true, Some(dflt)) = (spec.locked, spec.default) {
            if v != dflt {
                let label = e.label;
                e.report_at(
                    &g.value,
                    pointer_push(&pointer_push(e.pointer, &m.key), &g.key),
                    format!("cannot set feature gate `{}` to {v}, feature is locked to {dflt}", g.key),
                    format!("the gate is locked in {label}; remove it from `featureGates`"),
                );
            }
        }
    }
}

/// The range checks of `ValidateKubeletConfiguration`, on defaulted values.
fn numbers(e: &mut Eff) {
    let ranges: [(&str, f64, f64, &str); 17] = [
        ("maxPods", 0.0, f64::MAX, "must not be negative"),
        ("podsPerCore", 0.0, f64::MAX, "must not be negative"),
        ("maxOpenFiles", 0.0, f64::MAX, "must not be negative"),
        ("kubeAPIQPS", 0.0, f64::MAX, "must not be negative"),
        ("kubeAPIBurst", 0.0, f64::MAX, "must not be negative"),
        ("eventRecordQPS", 0.0, f64::MAX, "must not be negative"),
        ("eventBurst", 0.0, f64::MAX, "must not be negative"),
        ("registryPullQPS", 0.0, f64::MAX, "must not be negative"),
        ("registryBurst", 0.0, f64::MAX, "must not be negative"),
        ("imageGCHighThresholdPercent", 0.0, 100.0, "must be between 0 and 100"),
        ("imageGCLowThresholdPercent", 0.0, 100.0, "must be between 0 and 100"),
        ("port", 1.0, 65535.0, "must be between 1 and 65535"),
        ("readOnlyPort", 0.0, 65535.0, "must be 0 (off) or between 1 and 65535"),
        ("healthzPort", 0.0, 65535.0, "must be 0 (off) or between 1 and 65535"),
        ("oomScoreAdj", -1000.0, 1000.0, "must be between -1000 and 1000"),
        ("nodeStatusMaxImages", -1.0, f64::MAX, "must be -1 (no limit) or more"),
        ("nodeLeaseDurationSeconds", 1.0, f64::MAX, "must be greater than 0"),
    ];
    for (k, lo, hi, what) in ranges {
        // An unwritten field has its default, which is in range: nothing to look up.
        if e.get(k).is_none() {
            continue;
        }
        let Some(v) = e.num(k) else { continue };
        if v.v < lo || v.v > hi {
            let help = if k == "nodeLeaseDurationSeconds" {
                "the default is 40".to_string()
            } else {
                format!("the kubelet refuses to start with `{k}: {}`", n(v.v))
            };
            e.report(&[v.member()], format!("`{k}` is {}; it {what}", n(v.v)), help, None);
        }
    }
    for k in ["iptablesMasqueradeBit", "iptablesDropBit"] {
        if e.get(k).is_none() {
            continue;
        }
        let Some(v) = e.num(k) else { continue };
        if !(0.0..=31.0).contains(&v.v) {
            e.report(&[v.member()], format!("`{k}` is {}; it must be between 0 and 31", n(v.v)), "a bit of a 32-bit mark".into(), None);
        }
    }
    let gc_written = e.get("imageGCLowThresholdPercent").is_some() || e.get("imageGCHighThresholdPercent").is_some();
    if let (true, Some(lo), Some(hi)) = (gc_written, e.num("imageGCLowThresholdPercent"), e.num("imageGCHighThresholdPercent")) {
        let in_range = |x: f64| (0.0..=100.0).contains(&x);
        if lo.v >= hi.v && in_range(lo.v) && in_range(hi.v) && (lo.written() || hi.written()) {
            e.report(
                &[lo.member(), hi.member()],
                format!(
                    "`imageGCLowThresholdPercent` ({}) must be less than `imageGCHighThresholdPercent` ({})",
                    show(&lo, n(lo.v)),
                    show(&hi, n(hi.v))
                ),
                "garbage collection runs from the high threshold down to the low one".into(),
                Some((hi.member(), "high threshold here")),
            );
        }
    }
    if let Some(m) = e.get("maxParallelImagePulls") {
        if let Some(v) = num(&m.value) {
            if v < 1.0 {
                e.report(
                    &[Some(m)],
                    format!("`maxParallelImagePulls` is {}; it must be at least 1", n(v)),
                    "leave it unset for no limit".into(),
                    None,
                );
            } else if v > 1.0 {
                // SetDefaults: serializeImagePulls defaults to false when maxParallelImagePulls >= 2.
                if let Some(s) = e.get("serializeImagePulls").filter(|s| s.value.as_bool() == Some(true)) {
                    e.report(
                        &[Some(m)],
                        format!("`maxParallelImagePulls: {}` needs `serializeImagePulls: false`", n(v)),
                        "serial pulls allow one pull at a time".into(),
                        Some((Some(s), "serial pulls set here")),
                    );
                }
            }
        }
    }
    if let Some(v) = e.get("runOnce").and(e.boolean("runOnce")).filter(|v| v.v) {
        e.report(
            &[v.member()],
            "`runOnce: true` is rejected by the kubelet".into(),
            "a cluster node's kubelet runs continuously; remove `runOnce`".into(),
            None,
        );
    }
    if let Some(v) =
        e.get("memoryThrottlingFactor").and(e.num("memoryThrottlingFactor")).filter(|v| v.written() && (v.v <= 0.0 || v.v > 1.0))
    {
        e.report(
            &[v.member()],
            format!("`memoryThrottlingFactor` is {}; it must be greater than 0 and at most 1", n(v.v)),
            "the default is 0.9".into(),
            None,
        );
    }
}

/// Image garbage collection ages and the gates around them.
fn images(e: &mut Eff) {
    if e.get("imageMinimumGCAge").is_none() && e.get("imageMaximumGCAge").is_none() {
        return;
    }
    let (Some(min), Some(max)) = (e.dur("imageMinimumGCAge"), e.dur("imageMaximumGCAge")) else { return };
    for v in [min, max] {
        if v.v < 0.0 {
            if let Some(m) = v.member() {
                e.report(&[Some(m)], format!("`{}` must not be negative", m.key), "use a positive duration or 0".into(), None);
            }
        }
    }
    if max.v != 0.0 && e.gate("ImageMaximumGCAge") == Some(false) {
        let why = e.gate_off_reason("ImageMaximumGCAge");
        e.report(
            &[max.member()],
            "feature gate `ImageMaximumGCAge` is required for `imageMaximumGCAge`".into(),
            format!("{why}; enable it or remove `imageMaximumGCAge`"),
            None,
        );
    }
    if max.v > 0.0 && max.v <= min.v && min.v >= 0.0 {
        e.report(
            &[max.member(), min.member()],
            format!("`imageMaximumGCAge` ({}) must be greater than `imageMinimumGCAge` ({})", show(&max, d(max.v)), show(&min, d(min.v))),
            "or 0 to turn the maximum age off".into(),
            Some((min.member(), "minimum age here")),
        );
    }
}

/// `systemCgroups` without `cgroupRoot`, `reservedSystemCPUs`, `cgroupsPerQOS`.
fn cgroups(e: &mut Eff) {
    if let (Some(_), Some(sys), Some(root)) = (e.get("systemCgroups"), e.string("systemCgroups"), e.string("cgroupRoot")) {
        if !sys.v.is_empty() && root.v.is_empty() {
            e.report(
                &[sys.member()],
                "`systemCgroups` was specified and `cgroupRoot` was not".into(),
                "set `cgroupRoot` too (CKS's own base value is not public; the upstream default is unset)".into(),
                None,
            );
        }
    }
    if let Some(cpus) = e.get("reservedSystemCPUs").and(e.string("reservedSystemCPUs")).filter(|v| !v.v.is_empty()) {
        if !is_cpuset(cpus.v) {
            e.report(
                &[cpus.member()],
                format!("`reservedSystemCPUs` `{}` is not a CPU list", cpus.v),
                "write CPU ids and ranges: \"0-1\" or \"0,2,4-5\"".into(),
                None,
            );
        } else {
            let other = ["systemReservedCgroup", "kubeReservedCgroup"]
                .into_iter()
                .filter_map(|k| e.string(k))
                .find(|v| !v.v.is_empty())
                .and_then(|v| v.member());
            if let Some(o) = other {
                e.report(
                    &[cpus.member()],
                    format!("`reservedSystemCPUs` cannot be combined with `{}`", o.key),
                    "reserve CPUs one way".into(),
                    Some((Some(o), "set here")),
                );
            }
        }
    }
}

/// The graceful node shutdown checks, under `GracefulNodeShutdown` and
/// `GracefulNodeShutdownBasedOnPodPriority`.
fn shutdown(e: &mut Eff) {
    if ["shutdownGracePeriod", "shutdownGracePeriodCriticalPods", "shutdownGracePeriodByPodPriority"].iter().all(|k| e.get(k).is_none()) {
        return;
    }
    let (Some(grace), Some(critical)) = (e.dur("shutdownGracePeriod"), e.dur("shutdownGracePeriodCriticalPods")) else { return };
    let gate = e.gate("GracefulNodeShutdown");
    if gate == Some(true) {
        for v in [grace, critical] {
            if let Some(m) = v.member() {
                if v.v < 0.0 {
                    e.report(&[Some(m)], format!("`{}` must not be negative", m.key), "use a positive duration or 0".into(), None);
                } else if v.v > 0.0 && v.v < 1e9 {
                    e.report(
                        &[Some(m)],
                        format!("`{}` must be 0 or at least 1s", m.key),
                        "use a whole number of seconds, e.g. \"30s\"".into(),
                        None,
                    );
                }
            }
        }
        if critical.v > grace.v && critical.v >= 1e9 {
            e.report(
                &[critical.member(), grace.member()],
                format!(
                    "`shutdownGracePeriodCriticalPods` ({}) must not exceed `shutdownGracePeriod` ({})",
                    show(&critical, d(critical.v)),
                    show(&grace, d(grace.v))
                ),
                "critical pods get a share of the total shutdown grace period".into(),
                Some((grace.member(), "total grace period here")),
            );
        }
    } else if gate == Some(false) && (grace.v > 0.0 || critical.v > 0.0) {
        let why = e.gate_off_reason("GracefulNodeShutdown");
        e.report(
            &[grace.member(), critical.member()],
            "`shutdownGracePeriod` and `shutdownGracePeriodCriticalPods` require feature gate `GracefulNodeShutdown`".into(),
            format!("{why}; enable it or remove the shutdown grace periods"),
            None,
        );
    }
    let by_prio = e.get("shutdownGracePeriodByPodPriority").filter(|m| m.value.as_array().is_some_and(|a| !a.is_empty()));
    let Some(by_prio) = by_prio else { return };
    match e.gate("GracefulNodeShutdownBasedOnPodPriority") {
        Some(true) => {
            for v in [grace, critical] {
                if let Some(m) = v.member().filter(|_| v.v > 0.0) {
                    e.ctx
                        .report(
                            &KUBELET_OPTION_VALUE,
                            m.value.span(),
                            pointer_push(e.pointer, &m.key),
                            format!("`{}` cannot be combined with `shutdownGracePeriodByPodPriority`", m.key),
                        )
                        .help("use one way of configuring graceful node shutdown")
                        .label(by_prio.key_span(), "priority-based periods here");
                }
            }
        }
        Some(false) => {
            let why = e.gate_off_reason("GracefulNodeShutdownBasedOnPodPriority");
            e.report(
                &[Some(by_prio)],
                "`shutdownGracePeriodByPodPriority` requires feature gate `GracefulNodeShutdownBasedOnPodPriority`".into(),
                format!("{why}; enable it or remove `shutdownGracePeriodByPodPriority`"),
                None,
            );
        }
        None => {}
    }
}

/// Options whose validity depends on a gate: `cpuCFSQuotaPeriod`, `serverTLSBootstrap`,
/// `memorySwap`, `crashLoopBackOff`, the image-pull credential policy, `memoryReservationPolicy`,
/// `enableSystemLogQuery`.
fn gated_options(e: &mut Eff) {
    // CPUCFSQuotaPeriod (Go constant; the gate's name is CustomCPUCFSQuotaPeriod).
    if let Some(p) = e.get("cpuCFSQuotaPeriod").and(e.dur("cpuCFSQuotaPeriod")).filter(|p| p.written()) {
        match e.gate("CustomCPUCFSQuotaPeriod") {
            Some(false) if p.v != 100e6 => {
                let why = e.gate_off_reason("CustomCPUCFSQuotaPeriod");
                e.report(
                    &[p.member()],
                    format!("`cpuCFSQuotaPeriod` ({}) requires feature gate `CustomCPUCFSQuotaPeriod`", d(p.v)),
                    format!("{why}; only the default 100ms is allowed without it"),
                    None,
                );
            }
            Some(true) if !(1e6..=1e9).contains(&p.v) => {
                e.report(
                    &[p.member()],
                    format!("`cpuCFSQuotaPeriod` ({}) must be between 1ms and 1s, inclusive", d(p.v)),
                    "the default is 100ms".into(),
                    None,
                );
            }
            _ => {}
        }
    }
    if let Some(b) = e.get("serverTLSBootstrap").and(e.boolean("serverTLSBootstrap")).filter(|b| b.v) {
        if e.gate("RotateKubeletServerCertificate") == Some(false) {
            let why = e.gate_off_reason("RotateKubeletServerCertificate");
            e.report(
                &[b.member()],
                "`serverTLSBootstrap: true` requires feature gate `RotateKubeletServerCertificate`".into(),
                format!("{why}; enable it or remove `serverTLSBootstrap`"),
                None,
            );
        }
    }
    if let Some(m) = e.get("memorySwap") {
        let behavior = m.value.get("swapBehavior").and_then(|b| b.value.as_str()).unwrap_or("");
        if !behavior.is_empty() && e.gate("NodeSwap") == Some(false) {
            let why = e.gate_off_reason("NodeSwap");
            e.report(
                &[Some(m)],
                "`memorySwap.swapBehavior` cannot be set when feature gate `NodeSwap` is disabled".into(),
                format!("{why}; remove `memorySwap`"),
                None,
            );
        }
    }
    if let Some(m) = e.get("crashLoopBackOff") {
        if let Some(p) = m.value.get("maxContainerRestartPeriod").filter(|p| !p.value.is_null()) {
            let pp = pointer_push(&pointer_push(e.pointer, &m.key), &p.key);
            match e.gate("KubeletCrashLoopBackOffMax") {
                Some(true) | None => {
                    if duration_of(&p.value).is_some_and(|v| !(1e9..=300e9).contains(&v)) {
                        e.report_at(
                            &p.value,
                            pp,
                            "`crashLoopBackOff.maxContainerRestartPeriod` must be between 1s and 300s".into(),
                            "the kubelet's back-off ceiling is at most 5 minutes".into(),
                        );
                    }
                }
                Some(false) => {
                    let why = e.gate_off_reason("KubeletCrashLoopBackOffMax");
                    e.report_at(
                        &p.value,
                        pp,
                        "`crashLoopBackOff.maxContainerRestartPeriod` must not be set: feature gate `KubeletCrashLoopBackOffMax` is not enabled"
                            .into(),
                        format!("{why}; enable it or remove `crashLoopBackOff`"),
                    );
                }
            }
        }
    }
    let policy = e.string("imagePullCredentialsVerificationPolicy");
    let allow = e.get("preloadedImagesVerificationAllowlist").filter(|m| m.value.as_array().is_some_and(|a| !a.is_empty()));
    let pull_written = allow.is_some() || e.get("imagePullCredentialsVerificationPolicy").is_some();
    match e.gate("KubeletEnsureSecretPulledImages").filter(|_| pull_written) {
        Some(true) => {
            // SetDefaults: the policy defaults to NeverVerifyPreloadedImages with the gate on.
            let p = policy.map(|p| if p.v.is_empty() { "NeverVerifyPreloadedImages" } else { p.v }).unwrap_or("");
            if let Some(a) = allow {
                if p != "NeverVerifyAllowlistedImages" {
                    e.report(
                        &[Some(a)],
                        "`preloadedImagesVerificationAllowlist` needs `imagePullCredentialsVerificationPolicy: NeverVerifyAllowlistedImages`"
                            .into(),
                        format!("the policy is `{p}`; set it to `NeverVerifyAllowlistedImages` or remove the allowlist"),
                        policy.and_then(|p| p.member()).map(|m| (Some(m), "policy here")),
                    );
                }
            }
        }
        Some(false) => {
            let why = e.gate_off_reason("KubeletEnsureSecretPulledImages");
            if let Some(p) = policy.filter(|p| !p.v.is_empty()) {
                e.report(
                    &[p.member()],
                    "`imagePullCredentialsVerificationPolicy` must not be set if feature gate `KubeletEnsureSecretPulledImages` is not enabled"
                        .into(),
                    format!("{why}; enable it or remove the option"),
                    None,
                );
            }
            if let Some(a) = allow {
                e.report(
                    &[Some(a)],
                    "`preloadedImagesVerificationAllowlist` must not be set if feature gate `KubeletEnsureSecretPulledImages` is not enabled"
                        .into(),
                    format!("{why}; enable it or remove the option"),
                    None,
                );
            }
        }
        None => {}
    }
    if let Some(p) = e.get("memoryReservationPolicy").and(e.string("memoryReservationPolicy")).filter(|p| p.v == "TieredReservation") {
        if e.gate("MemoryQoS") == Some(false) {
            let why = e.gate_off_reason("MemoryQoS");
            e.report(
                &[p.member()],
                "`memoryReservationPolicy` `TieredReservation` requires feature gate `MemoryQoS`".into(),
                format!("{why}; enable it or use `None`"),
                None,
            );
        }
    }
    if let Some(q) = e.get("enableSystemLogQuery").and(e.boolean("enableSystemLogQuery")).filter(|q| q.v) {
        if e.gate("NodeLogQuery") == Some(false) {
            let why = e.gate_off_reason("NodeLogQuery");
            e.report(
                &[q.member()],
                "feature gate `NodeLogQuery` is required for `enableSystemLogQuery`".into(),
                format!("{why}; enable it or remove `enableSystemLogQuery`"),
                None,
            );
        }
        if let Some(h) = e.boolean("enableSystemLogHandler").filter(|h| !h.v) {
            e.report(
                &[q.member()],
                "`enableSystemLogHandler` is required for `enableSystemLogQuery`".into(),
                "the log query is served by the system log handler; remove `enableSystemLogHandler: false`".into(),
                Some((h.member(), "handler turned off here")),
            );
        }
    }
}

/// `enforceNodeAllocatable`, on its default `[pods]` when not written.
fn enforce_node_allocatable(e: &mut Eff) {
    const ALLOWED: [&str; 6] =
        ["pods", "system-reserved", "system-reserved-compressible", "kube-reserved", "kube-reserved-compressible", "none"];
    let written = e.get("enforceNodeAllocatable");
    let items: Vec<(Option<&Node>, &str)> = match written.map(|m| m.value.as_array()) {
        Some(Some(items)) => items.iter().filter_map(|i| i.as_str().map(|s| (Some(i), s))).collect(),
        Some(None) => return, // wrong type: CKS241
        None => vec![(None, "pods")],
    };
    let ptr = written.map(|m| pointer_push(e.pointer, &m.key));
    let item_ptr = |i: usize| ptr.as_deref().map(|p| pointer_push(p, &i.to_string())).unwrap_or_default();
    // The mutually exclusive pairs.
    for (a, b) in [("system-reserved", "system-reserved-compressible"), ("kube-reserved", "kube-reserved-compressible")] {
        if items.iter().any(|(_, s)| *s == a) {
            if let Some((i, (Some(node), _))) = items.iter().enumerate().find(|(_, (_, s))| *s == b) {
                e.report_at(
                    node,
                    item_ptr(i),
                    format!("both `{a}` and `{b}` cannot be specified together in `enforceNodeAllocatable`"),
                    format!("`{b}` enforces the CPU part of `{a}`; keep one of them"),
                );
            }
        }
    }
    let qos = e.get("cgroupsPerQOS").and(e.boolean("cgroupsPerQOS"));
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    for (i, &(node, s)) in items.iter().enumerate() {
        if !seen.insert(s) {
            if let Some(node) = node {
                e.report_at(node, item_ptr(i), format!("`{s}` is listed twice in `enforceNodeAllocatable`"), "remove the repeat".into());
            }
            continue;
        }
        if !ALLOWED.contains(&s) {
            if let Some(node) = node {
                e.report_at(
                    node,
                    item_ptr(i),
                    format!("`{s}` is not a valid `enforceNodeAllocatable` entry"),
                    format!("one of {}", ALLOWED.join(", ")),
                );
            }
            continue;
        }
        if s == "none" {
            if items.len() > 1 {
                if let Some(node) = node {
                    e.report_at(
                        node,
                        item_ptr(i),
                        "`none` must be the only `enforceNodeAllocatable` entry".into(),
                        "remove `none`, or the other entries".into(),
                    );
                }
            }
            continue;
        }
        let needed = if s.starts_with("system-reserved") {
            Some("systemReservedCgroup")
        } else if s.starts_with("kube-reserved") {
            Some("kubeReservedCgroup")
        } else {
            None
        };
        if let Some(k) = needed {
            if e.string(k).is_some_and(|v| v.v.is_empty()) {
                if let Some(node) = node {
                    e.report_at(
                        node,
                        item_ptr(i),
                        format!("`{s}` in `enforceNodeAllocatable` needs `{k}`"),
                        format!("set `{k}` to the cgroup to enforce, or drop `{s}`"),
                    );
                }
            }
        }
        if let Some(q) = qos.filter(|q| !q.v) {
            let default = if node.is_none() { " (the default)" } else { "" };
            e.report(
                &[q.member()],
                format!("`cgroupsPerQOS` must be true when `{s}` is in `enforceNodeAllocatable`{default}"),
                "node allocatable is enforced through the QoS cgroup hierarchy; remove `cgroupsPerQOS: false`".into(),
                None,
            );
        }
    }
}

/// `registerWithTaints`: `utiltaints.CheckTaintValidation` and `timeAdded`.
fn taints(e: &mut Eff) {
    let Some(m) = e.get("registerWithTaints") else { return };
    let Some(items) = m.value.as_array() else { return };
    let base = pointer_push(e.pointer, &m.key);
    for (i, t) in items.iter().enumerate() {
        if t.as_object().is_none() {
            continue;
        }
        let p = pointer_push(&base, &i.to_string());
        let field = |k: &str| t.get(k).filter(|f| !f.value.is_null());
        match field("key").map(|k| (k, k.value.as_str())) {
            Some((k, Some(key))) if !is_qualified_name(key) => e.report_at(
                &k.value,
                pointer_push(&p, "key"),
                format!("invalid taint: `registerWithTaints[{i}].key` `{key}` is not a qualified name"),
                "a name of letters, digits, `-`, `_` and `.` (at most 63), optionally after a DNS prefix and `/`".into(),
            ),
            None => e.report_at(
                t,
                p.clone(),
                format!("invalid taint: `registerWithTaints[{i}]` has no `key`"),
                "every taint needs a `key`".into(),
            ),
            _ => {}
        }
        if let Some(v) = field("value") {
            if let Some(s) = v.value.as_str().filter(|s| !is_label_value(s)) {
                e.report_at(
                    &v.value,
                    pointer_push(&p, "value"),
                    format!("invalid taint: `registerWithTaints[{i}].value` `{s}` is not a valid label value"),
                    "at most 63 letters, digits, `-`, `_` and `.`, beginning and ending with a letter or digit".into(),
                );
            }
        }
        if let Some(tm) = field("timeAdded") {
            e.report_at(
                &tm.value,
                pointer_push(&p, "timeAdded"),
                format!("`registerWithTaints[{i}].timeAdded` must not be set"),
                "the kubelet sets the time itself; remove `timeAdded`".into(),
            );
        }
    }
}

/// `validateReservedMemoryConfiguration` and the reserved quantities.
fn reserved(e: &mut Eff) {
    for k in ["systemReserved", "kubeReserved"] {
        let Some(m) = e.get(k) else { continue };
        for x in m.value.as_object().unwrap_or(&[]) {
            if let Some(v) = x.value.as_str().filter(|v| !is_quantity(v)) {
                e.report_at(
                    &x.value,
                    pointer_push(&pointer_push(e.pointer, &m.key), &x.key),
                    format!("`{v}` is not a resource quantity"),
                    "write a quantity such as \"500m\" (CPU) or \"1Gi\" (memory)".into(),
                );
            }
        }
    }
    let Some(m) = e.get("reservedMemory") else { return };
    let Some(items) = m.value.as_array() else { return };
    let base = pointer_push(e.pointer, &m.key);
    let mut seen: BTreeSet<(i64, &str)> = BTreeSet::new();
    for (i, r) in items.iter().enumerate() {
        let numa = r.field("numaNode").and_then(|n| n.as_number()).and_then(|n| n.int()).unwrap_or(0);
        let Some(limits) = r.field("limits").and_then(Node::as_object) else { continue };
        let lp = pointer_push(&pointer_push(&base, &i.to_string()), "limits");
        for l in limits {
            let p = pointer_push(&lp, &l.key);
            if l.key != "memory" && !l.key.starts_with("hugepages-") {
                e.report_at(
                    &l.value,
                    p.clone(),
                    format!(
                        "the limit type `{}` for NUMA node {numa} is not supported, only `memory` and `hugepages-<size>` are accepted",
                        l.key
                    ),
                    "reserve `memory` or a huge page size such as `hugepages-2Mi`".into(),
                );
            }
            match l.value.as_str() {
                Some(q) if !is_quantity(q) => {
                    e.report_at(&l.value, p.clone(), format!("`{q}` is not a resource quantity"), "write a quantity such as \"1Gi\"".into())
                }
                Some(q) if quantity_is_zero(q) => e.report_at(
                    &l.value,
                    p.clone(),
                    format!("reserved memory may not be zero for NUMA node {numa} and resource `{}`", l.key),
                    "remove the entry, or reserve a positive amount".into(),
                ),
                _ => {}
            }
            if !seen.insert((numa, l.key.as_str())) {
                e.report_at(
                    &l.value,
                    p,
                    format!("the reserved memory has a duplicate value for NUMA node {numa} and resource `{}`", l.key),
                    "list each NUMA node and resource once".into(),
                );
            }
        }
    }
}

/// `logsapi.Validate` (component-base logs/api/v1) and `tracingapi.ValidateTracingConfiguration`.
fn logging_and_tracing(e: &mut Eff) {
    if let Some(m) = e.get("logging") {
        let lp = pointer_push(e.pointer, &m.key);
        let format = m.value.get("format").filter(|f| !f.value.is_null());
        let fmt = format.and_then(|f| f.value.as_str()).map(|s| if s.is_empty() { "text" } else { s }).unwrap_or("text");
        if let Some(f) = format {
            if f.value.as_str().is_some() {
                if fmt != "text" && fmt != "json" {
                    e.report_at(
                        &f.value,
                        pointer_push(&lp, "format"),
                        format!("`logging.format` `{fmt}` is not a supported log format"),
                        "the kubelet's formats are `text` and `json`".into(),
                    );
                } else if fmt == "json" && e.gate("LoggingBetaOptions") == Some(false) {
                    let why = e.gate_off_reason("LoggingBetaOptions");
                    e.report_at(
                        &f.value,
                        pointer_push(&lp, "format"),
                        "log format `json` is disabled, see feature gate `LoggingBetaOptions`".into(),
                        format!("{why}; enable it or use `text`"),
                    );
                }
            }
        }
        if let Some(v) = m.value.get("verbosity").and_then(|v| v.value.as_number().and_then(|n| n.int()).map(|i| (v, i))) {
            if v.1 < 0 {
                e.ctx
                    .report(
                        &KUBELET_OPTION_TYPE,
                        v.0.value.span(),
                        pointer_push(&lp, "verbosity"),
                        "`logging.verbosity` must not be negative",
                    )
                    .help("verbosity is an unsigned number; 0 is the least verbose");
            }
        }
        if let Some(vm) = m.value.get("vmodule").and_then(|v| v.value.as_array().map(|a| (v, a))) {
            let vp = pointer_push(&lp, "vmodule");
            if !vm.1.is_empty() && fmt != "text" {
                e.report_at(
                    &vm.0.value,
                    vp.clone(),
                    "`logging.vmodule` is only supported for the text log format".into(),
                    format!("the format is `{fmt}`; remove `vmodule` or use `text`"),
                );
            }
            for (i, item) in vm.1.iter().enumerate() {
                let pattern = item.field("filePattern").and_then(Node::as_str);
                let ip = pointer_push(&vp, &i.to_string());
                match pattern {
                    None | Some("") if item.as_object().is_some() => e.report_at(
                        item,
                        ip,
                        format!("`logging.vmodule[{i}].filePattern` must not be empty"),
                        "name the source files, e.g. `filePattern: \"kubelet*\"`".into(),
                    ),
                    Some(s) if s.contains(['=', ',']) => e.report_at(
                        item,
                        ip,
                        format!("`logging.vmodule[{i}].filePattern` `{s}` must not contain `=` or `,`"),
                        "give the pattern and the verbosity as separate fields".into(),
                    ),
                    _ => {}
                }
            }
        }
        if let Some(opts) = m.value.get("options") {
            for f in ["text", "json"] {
                let Some(o) = opts.value.get(f) else { continue };
                for (k, on) in [
                    ("splitStream", o.value.field("splitStream").and_then(Node::as_bool) == Some(true)),
                    (
                        "infoBufferSize",
                        o.value.field("infoBufferSize").is_some_and(|b| match &b.kind {
                            NodeKind::String(s) => !quantity_is_zero(s),
                            NodeKind::Number(x) => x.float() != 0.0,
                            _ => false,
                        }),
                    ),
                ] {
                    if on && e.gate("LoggingAlphaOptions") == Some(false) {
                        let why = e.gate_off_reason("LoggingAlphaOptions");
                        if let Some(node) = o.value.get(k) {
                            e.report_at(
                                &node.value,
                                pointer_push(&pointer_push(&pointer_push(&lp, "options"), f), k),
                                format!("`logging.options.{f}.{k}` needs feature gate `LoggingAlphaOptions`"),
                                format!("{why}; enable it or remove `{k}`"),
                            );
                        }
                    }
                }
            }
        }
    }
    if let Some(m) = e.get("tracing") {
        let tp = pointer_push(e.pointer, &m.key);
        if let Some(r) = m.value.get("samplingRatePerMillion") {
            if let Some(v) = r.value.as_number().and_then(|x| x.int()) {
                if !(0..=1_000_000).contains(&v) {
                    e.report_at(
                        &r.value,
                        pointer_push(&tp, "samplingRatePerMillion"),
                        format!("`tracing.samplingRatePerMillion` is {v}; it must be between 0 and 1000000"),
                        "the rate is spans sampled per million".into(),
                    );
                }
            }
        }
        if let Some(ep) = m.value.get("endpoint") {
            if let Some(s) = ep.value.as_str() {
                let full = if s.contains("//") { s.to_string() } else { format!("dns://{s}") };
                let scheme = url_scheme(&full);
                if !matches!(scheme.as_str(), "dns" | "unix" | "unix-abstract") {
                    let message = if scheme.is_empty() {
                        format!("`tracing.endpoint` `{s}` is not a valid endpoint URL")
                    } else {
                        format!("`tracing.endpoint` has the unsupported scheme `{scheme}`")
                    };
                    e.report_at(
                        &ep.value,
                        pointer_push(&tp, "endpoint"),
                        message,
                        "write `host:port` (dns), `unix:///path` or `unix-abstract:name`".into(),
                    );
                }
            }
        }
    }
}

/// Container log options, `podLogsDir`, `showHiddenMetricsForVersion`, eviction signals.
fn logs_and_misc(e: &mut Eff) {
    if let Some(v) = e.get("containerLogMaxFiles").and(e.num("containerLogMaxFiles")).filter(|v| v.v <= 1.0 && v.written()) {
        e.report(
            &[v.member()],
            format!("`containerLogMaxFiles` is {}; it must be at least 2", n(v.v)),
            "the kubelet keeps the current log file plus rotated ones".into(),
            None,
        );
    }
    if let Some(v) = e.get("containerLogMaxWorkers").and(e.num("containerLogMaxWorkers")).filter(|v| v.v < 1.0 && v.written()) {
        e.report(&[v.member()], format!("`containerLogMaxWorkers` is {}; it must be at least 1", n(v.v)), "the default is 1".into(), None);
    }
    if let Some(v) = e.get("containerLogMonitorInterval").and(e.dur("containerLogMonitorInterval")).filter(|v| v.v < 3e9 && v.written()) {
        e.report(
            &[v.member()],
            format!("`containerLogMonitorInterval` is {}s; it must be at least 3s", v.v / 1e9),
            "the default is 10s".into(),
            None,
        );
    }
    if let Some(v) = e.get("podLogsDir").and(e.string("podLogsDir")).filter(|v| v.written()) {
        let s = v.v;
        let clean = s.starts_with('/')
            && s.is_ascii()
            && !s.contains("//")
            && !s.split('/').any(|c| c == "." || c == "..")
            && (s == "/" || !s.ends_with('/'));
        if !clean {
            e.report(
                &[v.member()],
                format!("`podLogsDir` `{s}` must be an absolute, clean ASCII path"),
                "for example \"/var/log/pods\"".into(),
                None,
            );
        }
    }
    if let (Some(v), Some((major, minor_n))) =
        (e.string("showHiddenMetricsForVersion").filter(|v| v.written() && !v.v.is_empty()), e.requested)
    {
        let want = format!("{major}.{}", minor_n.saturating_sub(1));
        if v.v != want {
            let label = e.label;
            e.report(
                &[v.member()],
                format!(
                    "`showHiddenMetricsForVersion` must be omitted or have the value `{want}`; only the previous minor version is allowed"
                ),
                format!("this cluster requests {label}"),
                None,
            );
        }
    }
    for k in ["evictionHard", "evictionSoft", "evictionMinimumReclaim", "evictionSoftGracePeriod"] {
        let Some(m) = e.get(k) else { continue };
        let Some(entries) = m.value.as_object() else { continue };
        for x in entries {
            let p = pointer_push(&pointer_push(e.pointer, &m.key), &x.key);
            if !super::EVICTION_SIGNALS.contains(&x.key.as_str()) {
                let hint = crate::rules::similarity::did_you_mean(&x.key, super::EVICTION_SIGNALS, 3)
                    .map(|s| format!("did you mean `{s}`?"))
                    .unwrap_or_else(|| format!("signals: {}", super::EVICTION_SIGNALS.join(", ")));
                e.ctx.report(&KUBELET_OPTION_VALUE, x.key_span(), p, format!("`{}` is not an eviction signal", x.key)).help(hint);
                continue;
            }
            let Some(v) = x.value.as_str() else { continue };
            let ok = if k == "evictionSoftGracePeriod" {
                super::parse_duration(v).is_ok()
            } else {
                is_quantity(v) || super::is_percent(v).is_some_and(|p| (0.0..=100.0).contains(&p))
            };
            if !ok {
                let want = if k == "evictionSoftGracePeriod" {
                    "a duration such as \"1m30s\""
                } else {
                    "a quantity such as \"500Mi\" or a percentage such as \"10%\""
                };
                e.ctx
                    .report(&KUBELET_OPTION_VALUE, x.value.span(), p, format!("`{v}` is not a valid threshold for `{}`", x.key))
                    .help(format!("write {want}"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_supported_version_has_a_table() {
        for v in &crate::data::builtin().supported_versions {
            let (label, _, exact) = table_for(v).expect("table");
            assert!(exact, "{v}");
            assert_eq!(label, v);
        }
        let (label, _, exact) = table_for("v9.99").expect("newest");
        assert!(!exact);
        assert_eq!(label, "v1.36");
    }

    #[test]
    fn tables_hold_what_the_checks_read() {
        let t = &VERSIONS.versions["v1.34"];
        assert_eq!(t.gates["KubeletCrashLoopBackOffMax"].default, Some(false));
        assert!(t.gates["NodeSwap"].locked);
        assert_eq!(t.defaults["imageGCHighThresholdPercent"].value, serde_json::json!(85));
        assert!(t.defaults["port"].zero_replaced);
        assert!(!t.defaults["containerLogMaxFiles"].zero_replaced);
        let t = &VERSIONS.versions["v1.35"];
        assert_eq!(t.gates["KubeletCrashLoopBackOffMax"].default, Some(true));
        assert!(t.gates["ImageMaximumGCAge"].locked);
        assert_eq!(VERSIONS.versions["v1.36"].gates["MemoryQoS"].default, None);
    }

    #[test]
    fn names_and_durations() {
        assert!(is_qualified_name("node.example.com/gpu"));
        assert!(is_qualified_name("dedicated"));
        assert!(!is_qualified_name("-bad"));
        assert!(!is_qualified_name("a/b/c"));
        assert!(!is_qualified_name("Example.com/x"));
        assert!(is_label_value(""));
        assert!(!is_label_value("a b"));
        assert_eq!(d(120e9), "2m");
        assert_eq!(d(100e6), "100ms");
        assert_eq!(d(90e9), "90s");
        assert_eq!(d(7200e9), "2h");
        assert_eq!(url_scheme("dns://otel:4317"), "dns");
        assert_eq!(url_scheme("HTTP://x"), "http");
        assert_eq!(url_scheme("//x"), "");
        assert!(quantity_is_zero("0Mi"));
        assert!(!quantity_is_zero("1Gi"));
    }
}
