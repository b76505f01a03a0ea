//! Terraform plans (SPEC §7): the JSON of `terraform show -json plan.out`.
//!
//! A plan is recognised by its top-level object (`format_version` plus `resource_changes`
//! or `planned_values`). Each `resource_changes` entry of type `coreweave_cks_cluster`
//! (`mode: managed`) is one document, in file order; one whose actions create or update it
//! is linted on `change.after`, mapped onto the request through the shared Terraform mapping ([`mapping::to_request`]).
//! Every path `change.after_unknown` marks becomes [`NodeKind::Unknown`]; `null`s (an
//! attribute left unset) and the attributes the provider computes are dropped. Spans stay
//! on the plan text, so every finding points at the value inside `change.after`. The
//! change rules (CKS510–CKS512, [`crate::rules::plan`]) read `actions`, `before`, `after`
//! and `replace_paths`. Values marked by `after_sensitive`/`before_sensitive` are never
//! printed ([`redact`]).

use crate::diagnostic::Diagnostic;
use crate::rules;
use crate::source::json::Raw;
use crate::source::{self, Document, Format, Member, Node, NodeKind, Parsed, Span, Style};
use crate::terraform::mapping;

/// The Terraform path of a request pointer (`/network/podCidrName` → `pod_cidr_name`), from
/// the shared mapping.
pub fn attribute_path(pointer: &str) -> Option<String> {
    mapping::tf_path(pointer)
}

/// The syntax name of a plan; it has no extension of its own (a plan is a `.json` file, or
/// stdin), so it is chosen by content after the JSON parse ([`is_plan`]).
pub const FORMAT: Format = Format::named("terraform-plan");

/// The resource type linted.
pub const CLUSTER_TYPE: &str = "coreweave_cks_cluster";

/// The `format_version` major this reader understands.
pub const SUPPORTED_MAJOR: u64 = 1;

/// Deepest `after_unknown`/`after_sensitive` walk (the JSON parser caps nesting already;
/// this guards a hand-built tree).
const MAX_MASK_DEPTH: usize = 256;

/// Whether a JSON document is a Terraform plan: a top-level object with `format_version`
/// and `resource_changes` or `planned_values`.
pub fn is_plan(root: &Raw) -> bool {
    is_plan_members(&root.members())
}

fn is_plan_members(top: &[source::json::RawMember]) -> bool {
    let has = |k: &str| top.iter().any(|m| m.key == k);
    has("format_version") && (has("resource_changes") || has("planned_values"))
}

/// What a planned change does to the cluster.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    /// `["delete","create"]` or `["create","delete"]`.
    Replace {
        create_first: bool,
    },
    Delete,
    NoOp,
    Read,
    /// Anything else (a future action name, a malformed list).
    Other,
}

impl Action {
    fn from_names(names: &[&str]) -> Action {
        match names {
            ["create"] => Action::Create,
            ["update"] => Action::Update,
            ["delete", "create"] => Action::Replace { create_first: false },
            ["create", "delete"] => Action::Replace { create_first: true },
            ["delete"] => Action::Delete,
            ["no-op"] => Action::NoOp,
            ["read"] => Action::Read,
            _ => Action::Other,
        }
    }
    /// Whether the apply leaves a cluster built from `change.after` (linted).
    pub fn lints_after(self) -> bool {
        matches!(self, Action::Create | Action::Update | Action::Replace { .. })
    }
}

/// One planned `coreweave_cks_cluster` change, as read from the plan.
#[derive(Debug)]
pub struct ClusterChange<'a> {
    /// 0-based index among the cluster entries of the file (the document index).
    pub document: usize,
    /// Absolute address: `module.cks.coreweave_cks_cluster.this["east"]`.
    pub address: String,
    /// The entry's `address` value (where findings about the change point).
    pub address_span: Span,
    pub action: Action,
    /// The `change.actions` node.
    pub actions: Option<&'a Node>,
    pub action_reason: Option<&'a str>,
    pub before: Option<&'a Node>,
    pub after: Option<&'a Node>,
    pub after_unknown: Option<&'a Node>,
    pub before_sensitive: Option<&'a Node>,
    pub after_sensitive: Option<&'a Node>,
    pub replace_paths: Option<&'a Node>,
}

/// A sensitive value inside a linted `change.after`: findings that print it are redacted.
#[derive(Clone, Debug)]
pub struct Sensitive {
    pub document: usize,
    pub span: Span,
    /// The string values inside it (what a message could quote).
    pub texts: Vec<String>,
}

/// The documents of a plan and what the loader found.
#[derive(Debug, Default)]
pub struct Loaded {
    pub parsed: Parsed,
    /// Sensitive values of the linted documents, for [`redact`].
    pub sensitive: Vec<Sensitive>,
    /// Whether the plan has at least one `coreweave_cks_cluster` entry (discovery).
    pub plans_cluster: bool,
}

fn field<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    node.as_object()?.iter().find(|m| m.key == key).map(|m| &m.value)
}

fn member<'a>(node: &'a Node, key: &str) -> Option<&'a Member> {
    node.as_object()?.iter().find(|m| m.key == key)
}

fn syntax(document: usize, span: Span, pointer: &str, message: String, help: &str) -> Diagnostic {
    Diagnostic::new(&rules::input::SYNTAX_ERROR, document, span, pointer, message).with_help(help)
}

/// Read a plan (`root` is the file's only JSON document, validated and not built) into
/// cluster documents, plus the change-rule findings and the findings about a malformed
/// plan. Only the `coreweave_cks_cluster` entries are built into nodes: the thousands of
/// other resources of a plan are walked past, so memory stays that of the text.
pub fn load(source: &str, root: &Raw) -> Loaded {
    load_members(source, root.members())
}

fn load_members(source: &str, top: Vec<source::json::RawMember>) -> Loaded {
    let mut out = Loaded::default();
    let diags = &mut out.parsed.diagnostics;
    let last = |key: &str| top.iter().rev().find(|m| m.key == key);
    // format_version: "Reject any input which reports an unsupported major version."
    if let Some(raw) = last("format_version") {
        let m = Member::new(raw.key.as_str().into(), raw.key_span, raw.value.build().0);
        match m.value.as_str() {
            Some(v) => {
                let major = v.split('.').next().and_then(|s| s.parse::<u64>().ok());
                if major != Some(SUPPORTED_MAJOR) {
                    diags.push(syntax(
                        0,
                        m.value.span(),
                        "",
                        format!(
                            "unsupported Terraform plan format_version `{}` (ckslint reads major version {SUPPORTED_MAJOR})",
                            clip(v, 20)
                        ),
                        "write the plan with Terraform 1.0 or newer: `terraform show -json plan.out`",
                    ));
                    out.plans_cluster = source.contains(CLUSTER_TYPE);
                    return out;
                }
            }
            None => {
                diags.push(syntax(
                    0,
                    m.value.span(),
                    "",
                    format!("plan format_version is {}, not a string such as \"1.2\"", m.value.type_name()),
                    "lint the output of `terraform show -json plan.out` unchanged",
                ));
                out.plans_cluster = source.contains(CLUSTER_TYPE);
                return out;
            }
        }
    }
    let Some(changes) = last("resource_changes") else {
        // Only planned_values: it cannot tell unknown values from unset ones (TFJSON-DOC),
        // so nothing is linted from it.
        out.plans_cluster = planned_values_hold_cluster(last("planned_values").map(|m| m.value), 0);
        return out;
    };
    if !changes.value.is_array() {
        diags.push(syntax(
            0,
            changes.value.span,
            "",
            format!("plan resource_changes is {}, not an array", changes.value.type_name()),
            "lint the output of `terraform show -json plan.out` unchanged",
        ));
        out.plans_cluster = source.contains(CLUSTER_TYPE);
        return out;
    };
    let mut document = 0;
    for raw in changes.value.items() {
        // Only a cluster entry is built: its `type` is read from the entry's members.
        if raw.get("type").and_then(|t| t.value.as_string()).as_deref() != Some(CLUSTER_TYPE) {
            continue;
        }
        let (entry, duplicates) = raw.build();
        diags.extend(duplicates.into_iter().map(|mut d| {
            d.document = document;
            d
        }));
        let Some(change) = read_entry(&entry, document, diags) else { continue };
        out.plans_cluster = true;
        document += 1;
        rules::plan::check(source, &change, diags);
        if let (Some(before), Some(mask)) = (change.before, change.before_sensitive) {
            collect_sensitive(before, mask, change.document, 0, &mut out.sensitive);
        }
        let mut doc = Document { index: change.document, root: None, start: change.address_span, label: Some(change.address.clone()) };
        if change.action.lints_after() {
            match change.after {
                Some(after) if after.as_object().is_some() => {
                    let mut tree = after.clone();
                    if let Some(mask) = change.after_unknown {
                        mark_unknown(&mut tree, mask, 0);
                    }
                    drop_unset(&mut tree);
                    if let Some(mask) = change.after_sensitive {
                        collect_sensitive(&tree, mask, change.document, 0, &mut out.sensitive);
                    }
                    doc.root = Some(mapping::to_request(&tree, after.span(), source).root);
                }
                Some(other) if !other.is_null() => diags.push(syntax(
                    change.document,
                    other.span(),
                    "",
                    format!("change.after of `{}` is {}, not an object", change.address, other.type_name()),
                    "lint the output of `terraform show -json plan.out` unchanged",
                )),
                _ => {}
            }
        }
        out.parsed.documents.push(doc);
    }
    out
}

/// Whether JSON text may be a plan (worth [`from_text`]): it names `format_version`.
pub fn may_be_plan(source: &str) -> bool {
    source.contains("\"format_version\"")
}

/// Read JSON text as a plan when it is one: `None` for any other JSON. Text that does not
/// parse is a plan's (its JSON syntax error, nothing built) when it names
/// `format_version` and a `coreweave_cks_cluster` — a truncated plan — and `None`
/// otherwise (the JSON syntax reports it).
pub fn from_text(source: &str) -> Option<Loaded> {
    match source::json::scan(source) {
        Ok(Some(root)) => {
            let top = root.members();
            is_plan_members(&top).then(|| load_members(source, top))
        }
        Ok(None) => None,
        Err(error) if may_be_plan(source) && source.contains(CLUSTER_TYPE) => {
            let mut out = Loaded { plans_cluster: true, ..Loaded::default() };
            out.parsed.diagnostics.push(*error);
            Some(out)
        }
        Err(_) => None,
    }
}

/// The plan syntax: never chosen by extension or sniffing (a plan is JSON), only by
/// [`from_json`]; listed so that its documents get its capabilities and editor.
pub struct PlanSyntax;
pub static PLAN: PlanSyntax = PlanSyntax;

impl source::Syntax for PlanSyntax {
    fn format(&self) -> Format {
        FORMAT
    }
    fn extensions(&self) -> &'static [&'static str] {
        &[]
    }
    fn sniff(&self, _body: &[u8]) -> bool {
        false
    }
    fn parse(&self, text: &str) -> Parsed {
        match from_text(text) {
            Some(loaded) => loaded.parsed,
            None => source::json::parse(text),
        }
    }
    fn comments(&self, _source: &str, _parsed: &Parsed) -> Vec<Span> {
        Vec::new()
    }
    fn editor(&self) -> &'static dyn source::Editor {
        &source::syntax::JsonYamlEditor
    }
    fn capabilities(&self) -> source::Capabilities {
        source::Capabilities { comments: false, mapped_names: true, yaml_scalars: false, cannot_set: mapping::CANNOT_SET }
    }
}

/// Whether `planned_values` (or a module in it) holds a `coreweave_cks_cluster`; read
/// without building it.
fn planned_values_hold_cluster(node: Option<Raw>, depth: usize) -> bool {
    let Some(node) = node else { return false };
    if depth > 64 {
        return false;
    }
    let module = node.get("root_module").map_or(node, |m| m.value);
    let here = module.get("resources").is_some_and(|rs| {
        rs.value.items().iter().any(|r| r.get("type").and_then(|t| t.value.as_string()).as_deref() == Some(CLUSTER_TYPE))
    });
    here || module
        .get("child_modules")
        .is_some_and(|cs| cs.value.items().into_iter().any(|c| planned_values_hold_cluster(Some(c), depth + 1)))
}

/// One `resource_changes` entry, when it is a managed `coreweave_cks_cluster` (not a
/// deposed object). A malformed cluster entry is a finding and `None`.
fn read_entry<'a>(entry: &'a Node, document: usize, diags: &mut Vec<Diagnostic>) -> Option<ClusterChange<'a>> {
    let help = "lint the output of `terraform show -json plan.out` unchanged";
    if field(entry, "type").and_then(Node::as_str) != Some(CLUSTER_TYPE) {
        return None;
    }
    if field(entry, "mode").and_then(Node::as_str).is_some_and(|m| m != "managed") || field(entry, "deposed").is_some() {
        return None;
    }
    let (address, address_span) = match member(entry, "address") {
        Some(m) => match m.value.as_str() {
            Some(a) => (a.to_string(), m.value.span()),
            None => {
                diags.push(syntax(
                    document,
                    m.value.span(),
                    "",
                    format!("resource address is {}, not a string", m.value.type_name()),
                    help,
                ));
                return None;
            }
        },
        None => (format!("{CLUSTER_TYPE}.{}", field(entry, "name").and_then(Node::as_str).unwrap_or("?")), entry.span()),
    };
    let Some(change) = member(entry, "change") else {
        diags.push(syntax(document, address_span, "", format!("resource change `{address}` has no `change` object"), help));
        return None;
    };
    if change.value.as_object().is_none() {
        diags.push(syntax(
            document,
            change.value.span(),
            "",
            format!("change of `{address}` is {}, not an object", change.value.type_name()),
            help,
        ));
        return None;
    }
    let c = &change.value;
    let actions = field(c, "actions");
    let names: Option<Vec<&str>> = actions.and_then(Node::as_array).map(|a| a.iter().map(|n| n.as_str().unwrap_or("?")).collect());
    let action = match &names {
        Some(n) => Action::from_names(n),
        None => {
            let at = actions.map_or(change.key_span(), |a| a.span());
            let what = actions.map_or("missing".to_string(), |a| a.type_name().to_string());
            diags.push(syntax(document, at, "", format!("change.actions of `{address}` is {what}, not an array of action names"), help));
            return None;
        }
    };
    let present = |key: &str| field(c, key).filter(|n| !n.is_null());
    Some(ClusterChange {
        document,
        address,
        address_span,
        action,
        actions,
        action_reason: field(entry, "action_reason").and_then(Node::as_str),
        before: present("before"),
        after: present("after"),
        after_unknown: present("after_unknown"),
        before_sensitive: present("before_sensitive"),
        after_sensitive: present("after_sensitive"),
        replace_paths: present("replace_paths"),
    })
}

/// Replace every value `mask` marks `true` with [`NodeKind::Unknown`] (adding the member
/// when `after` omits it, as Terraform does for an unknown attribute). Arrays in the mask
/// hold one entry per element (`false` for a known one).
fn mark_unknown(node: &mut Node, mask: &Node, depth: usize) {
    if depth > MAX_MASK_DEPTH {
        return;
    }
    match (&mut node.kind, &mask.kind) {
        (NodeKind::Object(list), NodeKind::Object(marks)) => {
            let mut members = std::mem::take(list).into_vec();
            for mark in marks {
                let i = members.iter().position(|m| m.key == mark.key);
                match (&mark.value.kind, i) {
                    (NodeKind::Bool(true), Some(i)) => {
                        let at = members[i].value.span();
                        members[i].value = Node::new(at, NodeKind::Unknown, Style::Json);
                    }
                    (NodeKind::Bool(true), None) => {
                        let value = Node::new(mark.value.span(), NodeKind::Unknown, Style::Json);
                        members.push(Member::new(mark.key.clone(), mark.key_span(), value));
                    }
                    (NodeKind::Object(_) | NodeKind::Array(_), Some(i)) => mark_unknown(&mut members[i].value, &mark.value, depth + 1),
                    _ => {}
                }
            }
            *list = members.into_boxed_slice();
        }
        (NodeKind::Array(items), NodeKind::Array(marks)) => {
            for (item, mark) in items.iter_mut().zip(marks) {
                match &mark.kind {
                    NodeKind::Bool(true) => *item = Node::new(item.span(), NodeKind::Unknown, Style::Json),
                    NodeKind::Object(_) | NodeKind::Array(_) => mark_unknown(item, mark, depth + 1),
                    _ => {}
                }
            }
        }
        (_, NodeKind::Bool(true)) => *node = Node::new(node.span(), NodeKind::Unknown, Style::Json),
        _ => {}
    }
}

/// Drop what a plan holds for an unset attribute: `null` members (at every level) and the
/// computed attributes at the top. A `node_port_range` of `{0, 0}` is "unset" to the
/// provider (terraform-facts §1.3) and is dropped too.
fn drop_unset(root: &mut Node) {
    if let NodeKind::Object(members) = &mut root.kind {
        source::edit_list(members, |members| {
            members.retain(|m| !mapping::COMPUTED.contains(&m.key.as_str()));
            members.retain(|m| {
                !(m.key == "node_port_range"
                    && ["start", "end"].iter().all(|k| {
                        m.value.as_object().is_some_and(|_| field(&m.value, k).and_then(Node::as_number).and_then(|n| n.int()) == Some(0))
                    }))
            });
        });
    }
    let mut stack = vec![root];
    while let Some(node) = stack.pop() {
        match &mut node.kind {
            NodeKind::Object(members) => {
                source::edit_list(members, |members| members.retain(|m| !m.value.is_null()));
                stack.extend(members.iter_mut().map(|m| &mut m.value));
            }
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            _ => {}
        }
    }
}

/// Record the values `mask` marks sensitive (`true`, at any level).
fn collect_sensitive(node: &Node, mask: &Node, document: usize, depth: usize, out: &mut Vec<Sensitive>) {
    if depth > MAX_MASK_DEPTH {
        return;
    }
    match (&node.kind, &mask.kind) {
        (_, NodeKind::Bool(true)) => {
            let mut texts = Vec::new();
            strings_of(node, &mut texts);
            out.push(Sensitive { document, span: node.span(), texts });
        }
        (NodeKind::Object(members), NodeKind::Object(marks)) => {
            for mark in marks {
                if let Some(m) = members.iter().find(|m| m.key == mark.key) {
                    collect_sensitive(&m.value, &mark.value, document, depth + 1, out);
                }
            }
        }
        (NodeKind::Array(items), NodeKind::Array(marks)) => {
            for (item, mark) in items.iter().zip(marks) {
                collect_sensitive(item, mark, document, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn strings_of(node: &Node, out: &mut Vec<String>) {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::String(s) if !s.is_empty() => out.push(s.to_string()),
            NodeKind::Array(items) => stack.extend(items.iter()),
            NodeKind::Object(ms) => stack.extend(ms.iter().map(|m| &m.value)),
            _ => {}
        }
    }
}

/// Whether `mask` (an `after_sensitive`/`before_sensitive` value) marks `path` sensitive:
/// `true` at the path or at any value holding it.
pub fn marks(mask: Option<&Node>, path: &[Step]) -> bool {
    let Some(mut at) = mask else { return false };
    for step in path {
        if at.as_bool() == Some(true) {
            return true;
        }
        let next = match step {
            Step::Key(k) => field(at, k),
            Step::Index(i) => at.as_array().and_then(|a| a.get(*i)),
        };
        match next {
            Some(n) => at = n,
            None => return false,
        }
    }
    at.as_bool() == Some(true)
}

/// One step of a `replace_paths` path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// The value at `path`.
pub fn at_path<'a>(node: Option<&'a Node>, path: &[Step]) -> Option<&'a Node> {
    let mut at = node?;
    for step in path {
        at = match step {
            Step::Key(k) => field(at, k)?,
            Step::Index(i) => at.as_array()?.get(*i)?,
        };
    }
    Some(at)
}

/// A path in Terraform's notation: `node_port_range.start`, `internal_lb_cidr_names[1]`.
pub fn path_text(path: &[Step]) -> String {
    let mut out = String::new();
    for step in path {
        match step {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// At most `max` characters of `s`, with `…` when cut.
pub fn clip(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_string(),
    }
}

/// Overwrite the text of every sensitive value in `source` with `*`s (one character of
/// the same UTF-8 length per character, so byte offsets and columns stay right): no
/// snippet, window or label of any report can show it.
pub fn mask(source: &mut String, sensitive: &[Sensitive]) {
    if sensitive.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(source).into_bytes();
    for s in sensitive {
        let (a, b) = (s.span.start.min(bytes.len()), s.span.end.min(bytes.len()));
        let Ok(text) = std::str::from_utf8(&bytes[a..b]) else { continue };
        let masked: String = text
            .chars()
            .map(|c| match c {
                '"' | ',' | ':' | '[' | ']' | '{' | '}' | ' ' | '\n' | '\r' | '\t' => c,
                c => match c.len_utf8() {
                    1 => '*',
                    2 => '\u{00B7}',
                    3 => '\u{2022}',
                    _ => '\u{1F512}',
                },
            })
            .collect();
        bytes[a..b].copy_from_slice(masked.as_bytes());
    }
    *source = String::from_utf8(bytes).unwrap_or_default();
}

/// The help of a finding on a sensitive value; reporters draw no snippet for it.
pub const SENSITIVE_HELP: &str = "the value is marked sensitive in the plan (after_sensitive); look it up in the configuration";

/// Whether a finding is about a sensitive value (its source text must not be shown).
pub fn is_sensitive_finding(d: &Diagnostic) -> bool {
    d.help.as_deref() == Some(SENSITIVE_HELP)
}

/// Replace every sensitive value a finding could print with `(sensitive)`, and drop the
/// fixes of findings on a sensitive value (a fix would write it back).
pub fn redact(diagnostics: &mut [Diagnostic], sensitive: &[Sensitive]) {
    if sensitive.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        let mine: Vec<&Sensitive> = sensitive.iter().filter(|s| s.document == d.document).collect();
        if mine.is_empty() {
            continue;
        }
        if mine.iter().any(|s| s.span.start <= d.span.start && d.span.end <= s.span.end) {
            // The finding is about a sensitive value: its message may quote part of it.
            d.message = format!("{} (the value is sensitive and not shown)", d.rule.summary);
            d.help = Some(SENSITIVE_HELP.to_string());
            d.labels.clear();
            d.fix = None;
            d.embedded = None;
            continue;
        }
        for s in &mine {
            for t in &s.texts {
                let hide = |text: &mut String| {
                    if text.contains(t.as_str()) {
                        *text = text.replace(t.as_str(), "(sensitive)");
                    }
                };
                hide(&mut d.message);
                if let Some(h) = d.help.as_mut() {
                    hide(h);
                }
                for l in &mut d.labels {
                    hide(&mut l.message);
                }
            }
        }
    }
}

/// A bounded window (at most [`WINDOW`] characters either side) of the line around
/// `span`, with a caret line under the fault: how a finding in a one-line plan is shown.
/// `None` when the span is not on a char boundary of `text`.
pub fn window(text: &str, span: Span) -> Option<String> {
    let (a, b) = (span.start.min(text.len()), span.end.min(text.len()));
    if !text.is_char_boundary(a) || !text.is_char_boundary(b) {
        return None;
    }
    let before = &text[..a];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let lo = before[line_start..].char_indices().rev().nth(WINDOW - 1).map_or(line_start, |(i, _)| line_start + i);
    let rest = &text[a..];
    let line_end = rest.find(['\n', '\r']).map_or(text.len(), |i| a + i);
    let fault_end = b.min(line_end).max(a);
    let fault_end = text[a..fault_end].char_indices().nth(WINDOW).map_or(fault_end, |(i, _)| a + i);
    let hi = text[fault_end..line_end].char_indices().nth(WINDOW).map_or(line_end, |(i, _)| fault_end + i);
    let lead = if lo > line_start { "…" } else { "" };
    let tail = if hi < line_end { "…" } else { "" };
    let shown_fault = text[a..fault_end].chars().count().clamp(1, WINDOW);
    let pad = lead.chars().count() + text[lo..a].chars().count();
    let clean = |s: &str| s.replace('\t', " ");
    Some(format!("  {lead}{}{}{tail}\n  {}{}", clean(&text[lo..a]), clean(&text[a..hi]), " ".repeat(pad), "^".repeat(shown_fault)))
}

/// Characters of context shown either side of a fault in a long line.
pub const WINDOW: usize = 24;

/// The pointer-free source text of a span (for tests and messages).
pub fn text(source: &str, span: Span) -> &str {
    source.get(span.start..span.end).unwrap_or("")
}
