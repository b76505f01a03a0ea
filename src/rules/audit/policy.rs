//! CKS231–CKS234 on the decoded policy text: parse it with the project's own
//! span-keeping loader, then validate it the way kube-apiserver's audit policy loader
//! does (`pkg/audit/policy/reader.go`, `pkg/apis/audit/validation/validation.go`) and
//! evaluate which rule a request for core `secrets` meets first (`checker.go`).
//!
//! Everything here works on the decoded text alone: spans are offsets into it.

use super::{AUDIT_POLICY_INVALID, AUDIT_POLICY_LOGS_SECRETS, AUDIT_POLICY_SYNTAX, AUDIT_POLICY_UNKNOWN_FIELD};
use crate::registry::Rule;
use crate::rules::similarity::did_you_mean;
use crate::source::{self, content_span, sub_span, Format, LineIndex, Member, Node, NodeKind, Span, Style};

/// A correction inside the decoded text (the caller re-encodes the result).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InnerEdit {
    pub span: Span,
    pub content: String,
    /// What it does, for the fix message: "`level: Metadata`".
    pub what: String,
}

/// One finding about the decoded policy.
#[derive(Debug, Clone)]
pub struct Finding {
    pub rule: &'static Rule,
    pub message: String,
    pub help: Option<String>,
    /// Span inside the decoded text.
    pub span: Span,
    /// Label under the span in the decoded text.
    pub label: String,
    /// A safe correction, when there is exactly one right answer.
    pub edit: Option<InnerEdit>,
}

pub const LEVELS: [&str; 4] = ["None", "Metadata", "Request", "RequestResponse"];
pub const STAGES: [&str; 4] = ["RequestReceived", "ResponseStarted", "ResponseComplete", "Panic"];
const POLICY_FIELDS: [&str; 6] = ["apiVersion", "kind", "metadata", "rules", "omitStages", "omitManagedFields"];
const RULE_FIELDS: [&str; 9] =
    ["level", "users", "userGroups", "verbs", "resources", "namespaces", "nonResourceURLs", "omitStages", "omitManagedFields"];
const GROUP_RESOURCE_FIELDS: [&str; 3] = ["group", "resources", "resourceNames"];
/// Rule fields that narrow what a rule matches: misspelled, the rule matches more.
const RESTRICTING: [&str; 6] = ["users", "userGroups", "verbs", "resources", "namespaces", "nonResourceURLs"];
pub const API_VERSION: &str = "audit.k8s.io/v1";

/// The format the decoded text is read as: JSON when it starts with `{`, else YAML.
pub fn format_of(text: &str) -> Format {
    match text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}').as_bytes().first() {
        Some(b'{') => Format::Json,
        _ => Format::Yaml,
    }
}

/// What the requested Kubernetes version changes in loading and matching a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Options {
    /// `group: "*"` in a rule's `resources` is valid and matches every API group: from
    /// v1.36 (kubernetes/kubernetes#135262, "the `--audit-policy-file` config file now
    /// supports specifying `group: \"*\"`"), and when the version is not known (so that
    /// no valid policy is rejected).
    pub group_wildcard: bool,
}

impl Options {
    /// The options for a request's `version` (`vX.Y`; anything else: the newest behaviour).
    pub fn for_version(version: &str) -> Self {
        let minor = version
            .strip_prefix('v')
            .and_then(|v| v.split_once('.'))
            .and_then(|(a, b)| Some((a.parse::<u32>().ok()?, b.parse::<u32>().ok()?)));
        Options { group_wildcard: minor.is_none_or(|m| m >= (1, 36)) }
    }
}

/// Policies remembered per thread by [`analyze_memo`], and the largest one remembered.
const MEMO_ENTRIES: usize = 16;
const MEMO_MAX_TEXT: usize = 64 * 1024;

type Memo = std::collections::HashMap<Box<str>, [Option<std::rc::Rc<[Finding]>>; 2]>;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// [`analyze`], remembered: a repository's request files usually carry the same policy,
/// and the analysis depends on the decoded text and the [`Options`] alone. Each worker
/// thread keeps up to [`MEMO_ENTRIES`] policies of at most [`MEMO_MAX_TEXT`] bytes
/// (forgetting them all when full), so memory stays bounded whatever the input.
pub fn analyze_memo(text: &str, opts: Options) -> std::rc::Rc<[Finding]> {
    if text.len() > MEMO_MAX_TEXT {
        return analyze(text, opts).into();
    }
    let slot = usize::from(opts.group_wildcard);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(text).and_then(|e| e[slot].clone())) {
        return hit;
    }
    let findings: std::rc::Rc<[Finding]> = analyze(text, opts).into();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_ENTRIES && !m.contains_key(text) {
            m.clear();
        }
        m.entry(text.into()).or_default()[slot] = Some(findings.clone());
    });
    findings
}

/// Analyse a decoded policy. Findings come in document order of discovery.
pub fn analyze(text: &str, opts: Options) -> Vec<Finding> {
    let format = format_of(text);
    let parsed = source::parse(text, format);
    let mut w = Walker { text, out: Vec::new(), opts };
    let fatal = parsed.diagnostics.iter().find(|d| d.rule.code == "CKS001" || d.rule.code == "CKS006");
    if let Some(d) = fatal {
        let pos = LineIndex::new(text).position(text, d.span.start);
        let what = match format {
            Format::Json => "JSON",
            _ => "YAML",
        };
        let help = d.help.clone().map_or_else(
            || "correct the policy text, then encode it again with `base64 -w0`".to_string(),
            |h| format!("{h}; then encode the policy again with `base64 -w0`"),
        );
        w.out.push(Finding {
            rule: &AUDIT_POLICY_SYNTAX,
            message: format!("decoded auditPolicy is not valid {what}: {} at line {}, column {}", d.message, pos.line, pos.column),
            help: Some(help),
            span: d.span,
            label: d.message.clone(),
            edit: None,
        });
        return w.out;
    }
    for d in parsed.diagnostics.iter().filter(|d| d.rule.code == "CKS002") {
        let key = text.get(d.span.start..d.span.end).unwrap_or("").trim_matches(['"', '\'']);
        w.out.push(Finding {
            rule: &AUDIT_POLICY_UNKNOWN_FIELD,
            message: format!("auditPolicy repeats the field `{key}`"),
            help: Some(
                "kube-apiserver's strict decoding rejects duplicate fields, then reads the policy leniently with only a warning; \
                 remove one of them"
                    .into(),
            ),
            span: d.span,
            label: "repeated here".into(),
            edit: None,
        });
    }
    let docs: Vec<&source::Document> = parsed.documents.iter().filter(|d| d.root.is_some()).collect();
    let Some(first) = docs.first().and_then(|d| d.root.as_ref()) else {
        w.invalid(
            Span::empty(0),
            "decoded auditPolicy holds no policy (it is empty or only comments)".into(),
            "empty",
            Some("encode the policy file itself: `base64 -w0 policy.yaml`".into()),
        );
        return w.out;
    };
    if let Some(second) = docs.get(1) {
        // The loader (`LoadPolicyFromBytes` → sigs.k8s.io/yaml) decodes the first document
        // and ignores the rest: valid for kube-apiserver, but the rest has no effect.
        w.push(
            &AUDIT_POLICY_UNKNOWN_FIELD,
            second.start,
            format!("decoded auditPolicy holds {} YAML documents; kube-apiserver reads only the first and ignores the rest", docs.len()),
            "ignored from here",
            Some("keep one Policy document (merge the rules into the first); whether CKS accepts several is unconfirmed".into()),
        );
    }
    w.policy(first, docs[0].start);
    w.out
}

/// The three object types of a policy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Object {
    Policy,
    Rule,
    GroupResources,
}

impl Object {
    fn fields(self) -> &'static [&'static str] {
        match self {
            Object::Policy => &POLICY_FIELDS,
            Object::Rule => &RULE_FIELDS,
            Object::GroupResources => &GROUP_RESOURCE_FIELDS,
        }
    }
    fn name(self) -> &'static str {
        match self {
            Object::Policy => "the policy",
            Object::Rule => "a rule",
            Object::GroupResources => "a `resources` entry",
        }
    }
    /// Where a field of this object belongs, for "`level` is ...".
    fn describe(self) -> &'static str {
        match self {
            Object::Policy => "a field of the policy itself (top level)",
            Object::Rule => "a field of each rule (under `rules`)",
            Object::GroupResources => "a field of each `resources` entry of a rule",
        }
    }
}

struct Walker<'a> {
    text: &'a str,
    out: Vec<Finding>,
    opts: Options,
}

/// The member named exactly `key` (kube-apiserver's decoding is case-sensitive and knows
/// no snake_case spellings). With duplicates the last one wins, as in Go.
fn member<'n>(node: &'n Node, key: &str) -> Option<&'n Member> {
    node.as_object()?.iter().rev().find(|m| m.key == key)
}

/// Present and not null.
fn value<'n>(node: &'n Node, key: &str) -> Option<&'n Member> {
    member(node, key).filter(|m| !m.value.is_null())
}

fn kind_name(node: &Node) -> &'static str {
    match &node.kind {
        NodeKind::Null => "null",
        NodeKind::Bool(_) => "a boolean",
        NodeKind::Number(_) => "a number",
        NodeKind::String(_) => "a string",
        NodeKind::Array(_) => "a list",
        NodeKind::Object(_) => "a mapping",
        NodeKind::Unknown => "a value not known until apply",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Number of items of a list field (0 when absent, null or not a list).
fn list_len(node: &Node, key: &str) -> usize {
    member(node, key).and_then(|m| m.value.as_array()).map_or(0, <[Node]>::len)
}

/// Whether `s` is a DNS-1123 subdomain (what kube-apiserver requires of an API group).
fn is_dns_subdomain(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 253
        && s.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.iter().all(|&c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

impl<'a> Walker<'a> {
    fn push(&mut self, rule: &'static Rule, span: Span, message: String, label: &str, help: Option<String>) -> &mut Finding {
        self.out.push(Finding { rule, message, help, span, label: label.to_string(), edit: None });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }

    fn invalid(&mut self, span: Span, message: String, label: &str, help: Option<String>) -> &mut Finding {
        self.push(&AUDIT_POLICY_INVALID, span, message, label, help)
    }

    /// The narrow span of a value: a string's content, else the node.
    fn value_span(&self, node: &Node) -> Span {
        if node.as_str().is_some() {
            content_span(node, self.text)
        } else {
            node.span
        }
    }

    /// An edit replacing a string node's value with `new` (a plain-safe word), keeping its quotes.
    fn replace_string(&self, node: &Node, new: &str, what: String) -> Option<InnerEdit> {
        let value = node.as_str()?;
        let raw = self.text.get(node.span.start..node.span.end)?;
        let span = if raw == value && node.style == Style::Plain {
            node.span
        } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
            Span::new(node.span.start + 1, node.span.end - 1)
        } else {
            return None;
        };
        Some(InnerEdit { span, content: new.to_string(), what })
    }

    /// An edit adding `key: value` as the first member of the root mapping.
    fn insert_first(&self, root: &Node, key: &str, val: &str) -> Option<InnerEdit> {
        let first = root.as_object()?.first()?;
        let at = first.key_span.start;
        let what = format!("`{key}: {val}`");
        match root.style {
            Style::Json => {
                let open = self.text.get(..at)?.rfind('{')?;
                let gap = self.text.get(open + 1..at)?;
                if !gap.chars().all(char::is_whitespace) {
                    return None;
                }
                Some(InnerEdit { span: Span::empty(at), content: format!("\"{key}\": \"{val}\",{gap}"), what })
            }
            Style::Plain => {
                let line_start = self.text.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
                let indent = self.text.get(line_start..at)?;
                if !indent.chars().all(|c| c == ' ') || self.text.get(..line_start).is_none() {
                    return None;
                }
                Some(InnerEdit { span: Span::empty(line_start), content: format!("{indent}{key}: {val}\n"), what })
            }
            _ => None,
        }
    }

    fn type_error(&mut self, node: &Node, path: &str, expected: &str) {
        let actual = kind_name(node);
        self.invalid(
            node.span,
            format!("auditPolicy `{path}` is {actual}, not {expected}"),
            &format!("expected {expected}"),
            Some(format!("kube-apiserver cannot decode the policy: `{path}` must be {expected}")),
        );
    }

    /// The string items of a list field; type errors for anything else. Null or absent → empty.
    fn strings(&mut self, owner: &'a Node, key: &str, path: &str) -> Vec<(usize, &'a Node, &'a str)> {
        let Some(m) = value(owner, key) else { return Vec::new() };
        let path = child(path, key);
        let Some(items) = m.value.as_array() else {
            self.type_error(&m.value, &path, "a list of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            match item.as_str() {
                Some(s) => out.push((i, item, s)),
                None => self.type_error(item, &format!("{path}[{i}]"), "a string"),
            }
        }
        out
    }

    fn bool_field(&mut self, owner: &Node, key: &str, path: &str) {
        if let Some(m) = value(owner, key) {
            if m.value.as_bool().is_none() {
                self.type_error(&m.value, &child(path, key), "a boolean");
            }
        }
    }

    /// CKS233 for members that `object` does not define.
    fn unknown_fields(&mut self, node: &Node, path: &str, object: Object) {
        let Some(members) = node.as_object() else { return };
        let known = object.fields();
        for m in members {
            if known.contains(&m.key.as_str()) {
                continue;
            }
            let camel = source::snake_to_camel(&m.key);
            let suggestion = known
                .iter()
                .find(|k| k.eq_ignore_ascii_case(&camel))
                .copied()
                .or_else(|| did_you_mean(&m.key, known.iter().copied(), 2.min(m.key.chars().count() / 3).max(1)));
            let elsewhere = [Object::Rule, Object::GroupResources, Object::Policy]
                .into_iter()
                .find(|o| *o != object && o.fields().contains(&m.key.as_str()))
                .map(Object::describe);
            let mut help = match (suggestion, elsewhere) {
                (Some(s), _) => format!("did you mean `{s}`? "),
                (None, Some(e)) => format!("`{}` is {e}. ", m.key),
                (None, None) => {
                    format!("{} has the fields {}. ", object.name(), known.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", "))
                }
            };
            help.push_str("kube-apiserver ignores unknown fields (it only logs a warning)");
            if object == Object::Rule && suggestion.is_some_and(|s| RESTRICTING.contains(&s)) {
                help.push_str(", so this rule matches more requests than intended");
            }
            let where_ = if path.is_empty() { String::new() } else { format!(" `{path}`") };
            self.push(
                &AUDIT_POLICY_UNKNOWN_FIELD,
                m.key_span,
                format!("auditPolicy{where_} has an unknown field `{}`", m.key),
                "unknown field",
                Some(help),
            );
        }
    }

    /// Values of an `omitStages` list.
    fn stages(&mut self, owner: &'a Node, path: &str) {
        for (i, node, s) in self.strings(owner, "omitStages", path) {
            if STAGES.contains(&s) {
                continue;
            }
            let p = format!("{}[{i}]", child(path, "omitStages"));
            let exact = STAGES.iter().find(|v| v.eq_ignore_ascii_case(s)).copied();
            let near = exact.or_else(|| did_you_mean(s, STAGES, 3));
            let help = match near {
                Some(v) => {
                    format!("did you mean `{v}`? the stages are `RequestReceived`, `ResponseStarted`, `ResponseComplete` and `Panic`")
                }
                None => "the stages are `RequestReceived`, `ResponseStarted`, `ResponseComplete` and `Panic`".into(),
            };
            let span = self.value_span(node);
            let edit = exact.and_then(|v| self.replace_string(node, v, format!("`{v}`")));
            self.invalid(span, format!("auditPolicy `{p}` `{s}` is not an audit stage"), "not a stage", Some(help)).edit = edit;
        }
    }

    fn policy(&mut self, root: &'a Node, start: Span) {
        if root.as_object().is_none() {
            self.not_a_mapping(root);
            return;
        }
        self.unknown_fields(root, "", Object::Policy);
        // apiVersion
        match value(root, "apiVersion") {
            None => {
                let edit = self.insert_first(root, "apiVersion", API_VERSION);
                self.invalid(
                    start,
                    "auditPolicy has no `apiVersion`".into(),
                    "no apiVersion",
                    Some(format!("add `apiVersion: {API_VERSION}`")),
                )
                .edit = edit;
            }
            Some(m) => match m.value.as_str() {
                None => self.type_error(&m.value, "apiVersion", "a string"),
                Some(API_VERSION) => {}
                Some(v) => {
                    let removed = matches!(v, "audit.k8s.io/v1beta1" | "audit.k8s.io/v1alpha1");
                    let fixable = removed || v.eq_ignore_ascii_case(API_VERSION) || v == "v1";
                    let message = if removed {
                        format!("auditPolicy `apiVersion` `{v}` is no longer served; kube-apiserver reads only `{API_VERSION}`")
                    } else {
                        format!("auditPolicy `apiVersion` is `{v}`, not `{API_VERSION}`")
                    };
                    let help = if removed {
                        format!("write `apiVersion: {API_VERSION}`; the policy fields are the same")
                    } else {
                        format!("write `apiVersion: {API_VERSION}`")
                    };
                    let span = self.value_span(&m.value);
                    let edit =
                        if fixable { self.replace_string(&m.value, API_VERSION, format!("`apiVersion: {API_VERSION}`")) } else { None };
                    self.invalid(span, message, "unknown group version", Some(help)).edit = edit;
                }
            },
        }
        // kind
        // A missing `kind` is defaulted by the decoder from the target type (`Policy`);
        // a missing `apiVersion` is not ("unknown group version field").
        match value(root, "kind") {
            None => {}
            Some(m) => match m.value.as_str() {
                None => self.type_error(&m.value, "kind", "a string"),
                Some("Policy" | "") => {}
                Some(v) => {
                    let span = self.value_span(&m.value);
                    let edit = if v.eq_ignore_ascii_case("policy") {
                        self.replace_string(&m.value, "Policy", "`kind: Policy`".into())
                    } else {
                        None
                    };
                    self.invalid(
                        span,
                        format!("auditPolicy `kind` is `{v}`, not `Policy`"),
                        "not Policy",
                        Some("write `kind: Policy`".into()),
                    )
                    .edit = edit;
                }
            },
        }
        if let Some(m) = value(root, "metadata") {
            if m.value.as_object().is_none() {
                self.type_error(&m.value, "metadata", "a mapping");
            }
        }
        self.stages(root, "");
        self.bool_field(root, "omitManagedFields", "");
        // rules
        let rules: &[Node] = match value(root, "rules") {
            None => {
                self.invalid(
                    start,
                    "auditPolicy has no `rules`".into(),
                    "no rules",
                    Some("kube-apiserver refuses a policy with 0 rules; add at least one, e.g. `rules: [{level: Metadata}]`".into()),
                );
                return;
            }
            Some(m) => match m.value.as_array() {
                None => {
                    self.type_error(&m.value, "rules", "a list");
                    return;
                }
                Some([]) => {
                    self.invalid(
                        m.value.span,
                        "auditPolicy `rules` is empty".into(),
                        "no rules",
                        Some("kube-apiserver refuses a policy with 0 rules; add at least one, e.g. `- level: Metadata`".into()),
                    );
                    return;
                }
                Some(rules) => rules,
            },
        };
        for (i, rule) in rules.iter().enumerate() {
            self.rule(rule, &format!("rules[{i}]"));
        }
        self.secrets(rules);
    }

    fn not_a_mapping(&mut self, root: &Node) {
        // Encoded twice: the decoded text is itself base64 of a policy.
        let twice =
            root.as_str().map(str::trim).and_then(|s| super::encoding::decode(s, false).ok()).and_then(|b| String::from_utf8(b).ok());
        if let Some(inner) = twice.filter(|t| super::encoding::raw_kind(t).is_some()) {
            let _ = inner;
            self.invalid(
                root.span,
                "decoded auditPolicy is base64 again: the policy was encoded twice".into(),
                "still base64",
                Some("encode the policy file once: `base64 -w0 policy.yaml`".into()),
            );
            return;
        }
        self.invalid(
            root.span,
            format!("decoded auditPolicy is {}, not a mapping", kind_name(root)),
            "expected a Policy mapping",
            Some(format!("the policy is a mapping with `apiVersion: {API_VERSION}`, `kind: Policy` and `rules`")),
        );
    }

    fn rule(&mut self, rule: &'a Node, path: &str) {
        let Some(members) = rule.as_object() else {
            self.type_error(rule, path, "a mapping");
            return;
        };
        self.unknown_fields(rule, path, Object::Rule);
        let start = members.first().map_or(rule.span, |m| m.key_span);
        match value(rule, "level") {
            None => {
                self.invalid(
                    start,
                    format!("auditPolicy `{path}` has no `level`"),
                    "no level",
                    Some("every rule needs a `level`: `None`, `Metadata`, `Request` or `RequestResponse`".into()),
                );
            }
            Some(m) => match m.value.as_str() {
                None => self.type_error(&m.value, &child(path, "level"), "a string"),
                Some("") => {
                    self.invalid(
                        m.value.span,
                        format!("auditPolicy `{path}.level` is empty"),
                        "empty level",
                        Some("set `None`, `Metadata`, `Request` or `RequestResponse`".into()),
                    );
                }
                Some(v) if LEVELS.contains(&v) => {}
                Some(v) => {
                    let exact = LEVELS.iter().find(|l| l.eq_ignore_ascii_case(v)).copied();
                    let near = exact.or_else(|| did_you_mean(v, LEVELS, 3));
                    let help = match near {
                        Some(l) => {
                            format!("did you mean `{l}`? levels are case-sensitive: `None`, `Metadata`, `Request`, `RequestResponse`")
                        }
                        None => "the levels are `None`, `Metadata`, `Request` and `RequestResponse`".into(),
                    };
                    let span = self.value_span(&m.value);
                    let edit = exact.and_then(|l| self.replace_string(&m.value, l, format!("`level: {l}`")));
                    self.invalid(span, format!("auditPolicy `{path}.level` `{v}` is not an audit level"), "not a level", Some(help)).edit =
                        edit;
                }
            },
        }
        for key in ["users", "userGroups", "verbs", "namespaces"] {
            self.strings(rule, key, path);
        }
        // nonResourceURLs
        let urls = self.strings(rule, "nonResourceURLs", path);
        for &(i, node, url) in &urls {
            if url == "*" {
                continue;
            }
            let p = format!("{path}.nonResourceURLs[{i}]");
            if !url.starts_with('/') {
                let help = if url.is_empty() { "write a path such as `/healthz`, or `*`".to_string() } else { format!("write `/{url}`") };
                let span = self.value_span(node);
                self.invalid(span, format!("auditPolicy `{p}` `{url}` must be `*` or start with `/`"), "no leading `/`", Some(help));
            }
            let head = &url[..url.char_indices().last().map_or(0, |(k, _)| k)];
            if let Some(star) = head.find('*') {
                let span = sub_span(node, self.text, star..star + 1);
                self.invalid(
                    span,
                    format!("auditPolicy `{p}` `{url}` has `*` before its end"),
                    "`*` only as the last character",
                    Some("a `*` may only end the path (`/apis/*`); list the paths separately".into()),
                );
            }
        }
        // resources
        let mut resources_len = 0;
        if let Some(m) = value(rule, "resources") {
            let rpath = child(path, "resources");
            match m.value.as_array() {
                None => self.type_error(&m.value, &rpath, "a list"),
                Some(items) => {
                    resources_len = items.len();
                    for (j, gr) in items.iter().enumerate() {
                        self.group_resources(gr, &format!("{rpath}[{j}]"));
                    }
                }
            }
        }
        self.stages(rule, path);
        self.bool_field(rule, "omitManagedFields", path);
        // nonResourceURLs with resources or namespaces
        let namespaces_len = list_len(rule, "namespaces");
        if !urls.is_empty() && (resources_len > 0 || namespaces_len > 0) {
            let with = match (resources_len > 0, namespaces_len > 0) {
                (true, true) => "`resources` and `namespaces`",
                (true, false) => "`resources`",
                _ => "`namespaces`",
            };
            let span = member(rule, "nonResourceURLs").map_or(start, |m| m.key_span);
            self.invalid(
                span,
                format!("auditPolicy `{path}` mixes `nonResourceURLs` with {with}"),
                &format!("cannot be combined with {with}"),
                Some("a rule applies to API resources or to non-resource URLs, not both; split it into two rules".into()),
            );
        }
    }

    fn group_resources(&mut self, gr: &'a Node, path: &str) {
        if gr.as_object().is_none() {
            self.type_error(gr, path, "a mapping");
            return;
        }
        self.unknown_fields(gr, path, Object::GroupResources);
        if let Some(m) = value(gr, "group") {
            match m.value.as_str() {
                None => self.type_error(&m.value, &child(path, "group"), "a string"),
                Some("") => {}
                Some(g) if is_dns_subdomain(g) => {}
                Some("*") if self.opts.group_wildcard => {}
                Some(g) => {
                    let p = child(path, "group");
                    let span = self.value_span(&m.value);
                    if let Some((name, version)) = g.split_once('/') {
                        let core = name.is_empty() || name == "core";
                        let fixed = if core { "" } else { name };
                        let help = if core {
                            "the core group is written `\"\"`, without a version".to_string()
                        } else {
                            format!("write the group alone: `{name}` (rules match every version of a group)")
                        };
                        let edit = if !core && is_dns_subdomain(name) && version.starts_with('v') {
                            self.replace_string(&m.value, fixed, format!("`group: {fixed}`"))
                        } else {
                            None
                        };
                        let at = sub_span(&m.value, self.text, name.len()..g.len());
                        self.invalid(at, format!("auditPolicy `{p}` `{g}` includes a version"), "a version", Some(help)).edit = edit;
                    } else if g == "*" {
                        self.invalid(
                            span,
                            format!("auditPolicy `{p}` is `*`; kube-apiserver accepts a group wildcard from Kubernetes v1.36"),
                            "not a DNS subdomain",
                            Some(
                                "before v1.36 `group` must be `\"\"` (core) or an API group name; request v1.36, or leave `resources` \
                                 out of the rule to match every group"
                                    .into(),
                            ),
                        );
                    } else {
                        let lower = g.to_ascii_lowercase();
                        let fixable = lower != g && is_dns_subdomain(&lower);
                        let help = if fixable {
                            format!("API groups are lowercase: `{lower}`")
                        } else {
                            "an API group is a lowercase DNS subdomain such as `apps` or `rbac.authorization.k8s.io`".to_string()
                        };
                        let edit = if fixable { self.replace_string(&m.value, &lower, format!("`group: {lower}`")) } else { None };
                        let first_bad = g
                            .char_indices()
                            .find(|&(_, c)| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.'))
                            .map(|(k, c)| sub_span(&m.value, self.text, k..k + c.len_utf8()))
                            .unwrap_or(span);
                        self.invalid(
                            first_bad,
                            format!("auditPolicy `{p}` `{g}` is not a lowercase DNS subdomain"),
                            "not an API group",
                            Some(help),
                        )
                        .edit = edit;
                    }
                }
            }
        }
        let resources = self.strings(gr, "resources", path);
        let names = self.strings(gr, "resourceNames", path);
        if !names.is_empty() && resources.is_empty() {
            let span = member(gr, "resourceNames").map_or(gr.span, |m| m.key_span);
            self.invalid(
                span,
                format!("auditPolicy `{path}` has `resourceNames` but no `resources`"),
                "needs `resources`",
                Some("name the resource kinds too, e.g. `resources: [\"configmaps\"]`".into()),
            );
        }
    }

    /// CKS234: for each verb whose request or response carries a Secret's contents, walk
    /// the rules in order as kube-apiserver's policy checker does (`checker.go`,
    /// `LevelAndStages`: the first matching rule decides the level) and find the first rule
    /// that logs those contents for some such request.
    fn secrets(&mut self, rules: &[Node]) {
        let mut decided = [false; BODY_VERBS.len()];
        for (i, rule) in rules.iter().enumerate() {
            let Some(level) = value(rule, "level") else { continue };
            let Some(l) = level.value.as_str().filter(|l| LEVELS.contains(l)) else { continue };
            let (some, all) = secrets_match(rule, self.opts.group_wildcard);
            if !some {
                continue;
            }
            let verbs: Vec<&str> =
                member(rule, "verbs").and_then(|m| m.value.as_array()).map_or(Vec::new(), |a| a.iter().filter_map(Node::as_str).collect());
            let mut leaks = Vec::new();
            for (k, verb) in BODY_VERBS.iter().enumerate() {
                if decided[k] || !(verbs.is_empty() || verbs.contains(verb)) {
                    continue;
                }
                if logs_contents(l, verb) {
                    leaks.push(*verb);
                }
                if all {
                    decided[k] = true;
                }
            }
            if leaks.is_empty() {
                continue;
            }
            let every = leaks.len() == BODY_VERBS.iter().filter(|v| logs_contents(l, v)).count();
            let which = if every {
                String::new()
            } else {
                let list: Vec<String> = leaks.iter().map(|v| format!("`{v}`")).collect();
                format!(" for {}", list.join(", "))
            };
            let span = self.value_span(&level.value);
            self.push(
                &AUDIT_POLICY_LOGS_SECRETS,
                span,
                format!("auditPolicy `rules[{i}]` logs core `secrets` at `{l}`{which}, so secret values reach the audit log"),
                "first rule to log secret contents",
                Some(format!(
                    "add a rule `{{level: Metadata, resources: [{{group: \"\", resources: [\"secrets\"]}}]}}` before `rules[{i}]`"
                )),
            );
            return;
        }
    }
}

/// Verbs on `secrets` whose request or response body holds a Secret: the request body of
/// a write, the response of a read, and the object returned by a delete.
const BODY_VERBS: [&str; 8] = ["create", "update", "patch", "get", "list", "watch", "delete", "deletecollection"];

/// Whether a level records a Secret's contents for a verb: `Request` records request
/// bodies (only writes send a Secret), `RequestResponse` request and response bodies.
fn logs_contents(level: &str, verb: &str) -> bool {
    match level {
        "Request" => matches!(verb, "create" | "update" | "patch"),
        "RequestResponse" => true,
        _ => false,
    }
}

/// Whether a rule matches some requests on core `secrets` (verbs aside), and whether it
/// matches all of them (no user, group or namespace restriction and no resource names).
/// Mirrors `ruleMatches` / `ruleMatchesResource` in `checker.go`.
fn secrets_match(rule: &Node, group_wildcard: bool) -> (bool, bool) {
    let restricted = ["users", "userGroups", "namespaces"].iter().any(|k| list_len(rule, k) > 0);
    let resources: &[Node] = member(rule, "resources").and_then(|m| m.value.as_array()).unwrap_or(&[]);
    if resources.is_empty() {
        // No resources: with namespaces it matches every resource in them; with only
        // non-resource URLs it matches no resource request; otherwise everything.
        if list_len(rule, "namespaces") > 0 {
            return (true, false);
        }
        if list_len(rule, "nonResourceURLs") > 0 {
            return (false, false);
        }
        return (true, !restricted);
    }
    let (mut some, mut all) = (false, false);
    for gr in resources {
        let group = member(gr, "group").and_then(|m| m.value.as_str()).unwrap_or("");
        if !(group.is_empty() || (group_wildcard && group == "*")) {
            continue;
        }
        let names: &[Node] = member(gr, "resources").and_then(|m| m.value.as_array()).unwrap_or(&[]);
        let hits = names.is_empty() || names.iter().filter_map(Node::as_str).any(|r| matches!(r, "secrets" | "*" | "secrets/*"));
        if hits {
            some = true;
            all |= list_len(gr, "resourceNames") == 0;
        }
    }
    (some, some && all && !restricted)
}

#[cfg(test)]
mod tests {
    use super::*;

    const O: Options = Options { group_wildcard: false };

    fn codes(text: &str) -> Vec<(&'static str, String)> {
        analyze(text, Options::default()).into_iter().map(|f| (f.rule.code, f.message)).collect()
    }

    #[test]
    fn valid_policies_are_clean() {
        assert!(codes("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n").is_empty());
        assert!(codes("{\"apiVersion\": \"audit.k8s.io/v1\", \"kind\": \"Policy\", \"rules\": [{\"level\": \"None\"}]}").is_empty());
    }

    #[test]
    fn dns_subdomains() {
        assert!(is_dns_subdomain("apps"));
        assert!(is_dns_subdomain("rbac.authorization.k8s.io"));
        assert!(!is_dns_subdomain("Apps"));
        assert!(!is_dns_subdomain("apps/v1"));
        assert!(!is_dns_subdomain("*"));
        assert!(!is_dns_subdomain("-a"));
        assert!(!is_dns_subdomain("a..b"));
    }

    #[test]
    fn secrets_walk() {
        let f = |t: &str| codes(t).into_iter().filter(|c| c.0 == "CKS234").count();
        let head = "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n";
        assert_eq!(f(&format!("{head}  - level: RequestResponse\n")), 1);
        assert_eq!(
            f(&format!("{head}  - level: Metadata\n    resources: [{{group: \"\", resources: [secrets]}}]\n  - level: RequestResponse\n")),
            0
        );
        assert_eq!(
            f(&format!(
                "{head}  - level: Metadata\n    verbs: [get]\n    resources: [{{group: \"\", resources: [secrets]}}]\n  - level: Request\n"
            )),
            1
        );
        assert_eq!(f(&format!("{head}  - level: None\n    nonResourceURLs: [/healthz]\n  - level: Request\n")), 1);
        assert_eq!(f(&format!("{head}  - level: Request\n    resources: [{{group: apps}}]\n  - level: Metadata\n")), 0);
        assert_eq!(f(&format!("{head}  - level: Request\n    namespaces: [kube-system]\n")), 1);
        assert_eq!(f(&format!("{head}  - level: RequestResponse\n    resources: [{{group: \"\", resources: [\"*\"]}}]\n")), 1);
    }

    #[test]
    fn remembered_analysis_is_the_analysis() {
        let summary =
            |fs: &[Finding]| -> Vec<(&'static str, String, Span)> { fs.iter().map(|f| (f.rule.code, f.message.clone(), f.span)).collect() };
        // More distinct policies than the memo holds, each asked for twice, interleaved with
        // one asked for throughout: every answer equals a fresh analysis.
        let texts: Vec<String> = (0..MEMO_ENTRIES + 5)
            .map(|i| {
                format!(
                    "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: {}\n",
                    if i % 2 == 0 { "Metadata" } else { "Requst" }
                )
            })
            .map(|t| format!("{t}# {}\n", t.len()))
            .enumerate()
            .map(|(i, t)| format!("{t}# policy {i}\n"))
            .collect();
        let common = "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules: []\n";
        for t in texts.iter().chain(texts.iter()) {
            assert_eq!(summary(&analyze_memo(t, O)), summary(&analyze(t, O)));
            assert_eq!(summary(&analyze_memo(common, O)), summary(&analyze(common, O)));
        }
        assert!(!analyze(common, O).is_empty());
        assert!(MEMO.with(|m| m.borrow().len()) <= MEMO_ENTRIES);
        // Larger than the memo keeps: analysed every time, never remembered.
        let big = format!("{}{}", texts[1], "# padding\n".repeat(MEMO_MAX_TEXT / 10 + 1));
        assert_eq!(summary(&analyze_memo(&big, O)), summary(&analyze(&big, O)));
        assert!(MEMO.with(|m| !m.borrow().contains_key(big.as_str())));
    }
}
