//! CKS231–CKS234 on the decoded policy text: parse it with the project's own
//! span-keeping loader, then validate it the way kube-apiserver's audit policy loader
//! does (`pkg/audit/policy/reader.go`, `pkg/apis/audit/validation/validation.go`) and
//! evaluate which rule a request for core `secrets` meets first (`checker.go`).
//!
//! Everything here works on the decoded text alone: spans are offsets into it.

use super::combine::{Combined, Combiner};
use super::{AUDIT_POLICY_INVALID, AUDIT_POLICY_LOGS_SECRETS, AUDIT_POLICY_SYNTAX, AUDIT_POLICY_UNKNOWN_FIELD};
use crate::lint::MAX_PER_RULE;
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

type Memo = std::collections::HashMap<Box<str>, [Option<std::rc::Rc<Analysis>>; 2]>;

thread_local! {
    static MEMO: std::cell::RefCell<Memo> = std::cell::RefCell::new(std::collections::HashMap::new());
}

/// What a lint of the policy needs: the findings to list, how many more there are, and
/// the one combined correction.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// In document order of discovery, at most [`MAX_PER_RULE`] of each rule (the most a
    /// file lists): the first ones.
    pub findings: Vec<Finding>,
    /// Findings of each rule after those, only counted.
    pub unlisted: Vec<(&'static Rule, usize)>,
    /// Every safe correction of the policy (of all findings, listed or not) applied at once.
    pub combined: Option<Combined>,
}

/// [`analyze`] for a lint, remembered: a repository's request files usually carry the
/// same policy, and the analysis depends on the decoded text and the [`Options`] alone.
/// Each worker thread keeps up to [`MEMO_ENTRIES`] policies of at most [`MEMO_MAX_TEXT`]
/// bytes (forgetting them all when full), so memory stays bounded whatever the input.
pub fn analyze_memo(text: &str, opts: Options) -> std::rc::Rc<Analysis> {
    if text.len() > MEMO_MAX_TEXT {
        return analysis(text, opts).into();
    }
    let slot = usize::from(opts.group_wildcard);
    if let Some(hit) = MEMO.with(|m| m.borrow().get(text).and_then(|e| e[slot].clone())) {
        return hit;
    }
    let found: std::rc::Rc<Analysis> = analysis(text, opts).into();
    MEMO.with(|m| {
        let mut m = m.borrow_mut();
        if m.len() >= MEMO_ENTRIES && !m.contains_key(text) {
            m.clear();
        }
        m.entry(text.into()).or_default()[slot] = Some(found.clone());
    });
    found
}

/// The analysis of a decoded policy for a lint: findings past [`MAX_PER_RULE`] of a rule
/// are counted, not built, and the combined correction is encoded as the walk goes on.
pub fn analysis(text: &str, opts: Options) -> Analysis {
    analysis_in(text, opts, CHUNK_BYTES)
}

fn analysis_in(text: &str, opts: Options, chunk_bytes: usize) -> Analysis {
    // Aliased nodes keep their anchor's spans, so a rule reached through an alias can
    // correct text before it: those policies keep every edit until the end.
    let streaming = !text.contains('&');
    let w = walk(text, opts, MAX_PER_RULE, Some(streaming), chunk_bytes);
    let w = if w.fixes.as_ref().is_some_and(Combiner::broken) { walk(text, opts, MAX_PER_RULE, Some(false), chunk_bytes) } else { w };
    let unlisted = RULES.iter().zip(w.unlisted).filter(|(_, n)| *n > 0).map(|(r, n)| (*r, n)).collect();
    Analysis { findings: w.out, unlisted, combined: w.fixes.and_then(Combiner::finish) }
}

/// Analyse a decoded policy: every finding, in document order of discovery.
pub fn analyze(text: &str, opts: Options) -> Vec<Finding> {
    walk(text, opts, usize::MAX, None, CHUNK_BYTES).out
}

/// The audit rules, in the order of the walker's counts.
const RULES: [&Rule; 4] = [&AUDIT_POLICY_SYNTAX, &AUDIT_POLICY_INVALID, &AUDIT_POLICY_UNKNOWN_FIELD, &AUDIT_POLICY_LOGS_SECRETS];

fn slot(rule: &Rule) -> usize {
    RULES.iter().position(|r| std::ptr::eq(*r, rule)).unwrap_or(1)
}

/// Bytes of a policy's rules parsed at a time (see [`RuleChunks`]): below this the
/// policy is parsed whole.
const CHUNK_BYTES: usize = 64 * 1024;

/// Walk a policy: whole, or, when it is long and its `rules` end it, its rules a chunk at
/// a time (the same findings, with a tree of a chunk at a time instead of the whole).
fn walk(text: &str, opts: Options, cap: usize, streaming: Option<bool>, chunk_bytes: usize) -> Walker<'_> {
    if text.len() > chunk_bytes {
        if let Some(chunks) = RuleChunks::of(text, chunk_bytes) {
            let header = source::parse(&text[..chunks.items], Format::Yaml);
            let mut w = Walker::new(text, opts, cap, streaming);
            if w.run(&header, Some(&chunks)).is_ok() {
                return w;
            }
        }
    }
    let parsed = source::parse(text, format_of(text));
    let mut w = Walker::new(text, opts, cap, streaming);
    let _whole = w.run(&parsed, None);
    w
}

/// A long YAML policy whose last top-level key is `rules`, a block sequence: where its
/// items start, cut into chunks of about [`CHUNK_BYTES`] at the start of an item (a `-`
/// at the sequence's indentation). A chunk parsed alone gives the same items as the
/// whole text: a multi-line construct cut in two leaves the first chunk unfinished (a
/// syntax error), and any finding of the loader about a chunk sends the policy to the
/// whole parse. Policies with anchors are not cut (an alias may refer to another chunk,
/// and the alias budget is per document).
struct RuleChunks {
    /// Start of the line after `rules:`: the header is the text before it.
    items: usize,
    /// Where the `rules` key starts.
    key: usize,
    chunks: Vec<std::ops::Range<usize>>,
}

/// Nesting inside one rule past which a chunk is left to the whole parse (whose depth
/// limit counts the policy mapping and its `rules` too).
const CHUNK_MAX_DEPTH: usize = 64;

impl RuleChunks {
    fn of(text: &str, chunk_bytes: usize) -> Option<RuleChunks> {
        let bytes = text.as_bytes();
        if format_of(text) != Format::Yaml || text.starts_with('\u{feff}') || memchr::memchr(b'&', bytes).is_some() {
            return None;
        }
        // A carriage return is a line break of its own unless a line feed follows it.
        if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
            return None;
        }
        // Each line with its start, without its line break.
        let mut ends = memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(text.len()));
        let mut next = 0;
        let mut lines = std::iter::from_fn(move || {
            let end = ends.next()?;
            let (start, line) = (next, &text[next..end]);
            next = end + 1;
            Some((start, line.strip_suffix('\r').unwrap_or(line)))
        });
        // The `rules` key: a top-level key alone on its line (a comment aside).
        let key = loop {
            let (at, line) = lines.next()?;
            if let Some(rest) = line.strip_prefix("rules:") {
                let after = rest.trim_start_matches(' ');
                if rest.is_empty() || (rest.starts_with(' ') && (after.is_empty() || after.starts_with('#'))) {
                    break at;
                }
                return None;
            }
        };
        // Every line after it: blank, a comment, an item at the indentation of the
        // first, or deeper (inside an item). Anything else: `rules` is not last.
        let (mut indent_of_items, mut chunks, mut items) = (None, Vec::new(), None);
        for (at, line) in lines {
            let from = *items.get_or_insert(at);
            let rest = line.trim_start_matches(' ');
            if rest.is_empty() || rest.starts_with('#') {
                continue;
            }
            let indent = line.len() - rest.len();
            let item = rest == "-" || rest.starts_with("- ");
            match indent_of_items {
                Some(c) if indent > c => {}
                Some(c) if indent == c && item => {
                    let from = chunks.last().map_or(from, |r: &std::ops::Range<usize>| r.end);
                    if at - from >= chunk_bytes {
                        chunks.push(from..at);
                    }
                }
                None if item => indent_of_items = Some(indent),
                _ => return None,
            }
        }
        indent_of_items?;
        let items = items?;
        chunks.push(chunks.last().map_or(items, |r| r.end)..text.len());
        Some(RuleChunks { items, key, chunks })
    }
}

/// Move a chunk's tree to its place in the policy text; its depth.
fn shift(node: &mut Node, by: usize) -> usize {
    node.set_span(Span::new(node.span().start + by, node.span().end + by));
    match &mut node.kind {
        NodeKind::Array(items) => 1 + items.iter_mut().map(|n| shift(n, by)).max().unwrap_or(0),
        NodeKind::Object(members) => {
            1 + members
                .iter_mut()
                .map(|m| {
                    m.set_key_span(Span::new(m.key_span().start + by, m.key_span().end + by));
                    shift(&mut m.value, by)
                })
                .max()
                .unwrap_or(0)
        }
        _ => 0,
    }
}

/// The walk of a chunked policy met what it cannot judge alone: walk the whole instead.
struct Whole;

/// The loader's findings that end or change a walk.
fn fatal(parsed: &source::Parsed) -> Option<&crate::diagnostic::Diagnostic> {
    parsed.diagnostics.iter().find(|d| crate::rules::input::stops_reading(d))
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
    /// Findings of one rule built whole; the rest are counted in `unlisted`.
    cap: usize,
    /// Per rule of [`RULES`]: findings built, and findings only counted.
    built: [usize; 4],
    unlisted: [usize; 4],
    /// The combined correction, for a lint (`None`: each finding keeps its own edit).
    fixes: Option<Combiner<'a>>,
    /// The rules were walked a chunk at a time.
    chunked: bool,
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
    /// `streaming`: build the combined correction (applying edits as the walk goes on, or
    /// only at the end).
    fn new(text: &'a str, opts: Options, cap: usize, streaming: Option<bool>) -> Self {
        Walker {
            text,
            out: Vec::new(),
            opts,
            cap,
            built: [0; 4],
            unlisted: [0; 4],
            fixes: streaming.map(|s| Combiner::new(text, s)),
            chunked: false,
        }
    }

    /// Walk a parsed policy: the whole text, or its header with its rules in `chunks`.
    fn run(&mut self, parsed: &source::Parsed, chunks: Option<&RuleChunks>) -> Result<(), Whole> {
        let text = self.text;
        if let Some(chunks) = chunks {
            // The header alone: one mapping ending in the `rules` key, nothing wrong.
            let [doc] = parsed.documents.as_slice() else { return Err(Whole) };
            let rules = doc.root.as_ref().and_then(|r| member(r, "rules"));
            if fatal(parsed).is_some() || !rules.is_some_and(|m| m.key_span().start == chunks.key && m.value.is_null()) {
                return Err(Whole);
            }
        }
        if let Some(d) = fatal(parsed) {
            let pos = LineIndex::new(text).position(text, d.span.start);
            let what = match format_of(text) {
                Format::Json => "JSON",
                _ => "YAML",
            };
            let help = d.help.clone().map_or_else(
                || "correct the policy text, then encode it again with `base64 -w0`".to_string(),
                |h| format!("{h}; then encode the policy again with `base64 -w0`"),
            );
            self.push(
                &AUDIT_POLICY_SYNTAX,
                d.span,
                format!("decoded auditPolicy is not valid {what}: {} at line {}, column {}", d.message, pos.line, pos.column),
                &d.message,
                Some(help),
                None,
            );
            return Ok(());
        }
        for d in parsed.diagnostics.iter().filter(|d| d.rule.code == "CKS002") {
            let key = text.get(d.span.start..d.span.end).unwrap_or("").trim_matches(['"', '\'']);
            self.push(
                &AUDIT_POLICY_UNKNOWN_FIELD,
                d.span,
                format!("auditPolicy repeats the field `{key}`"),
                "repeated here",
                Some(
                    "kube-apiserver's strict decoding rejects duplicate fields, then reads the policy leniently with only a warning; \
                     remove one of them"
                        .into(),
                ),
                None,
            );
        }
        let docs: Vec<&source::Document> = parsed.documents.iter().filter(|d| d.root.is_some()).collect();
        let Some(first) = docs.first().and_then(|d| d.root.as_ref()) else {
            self.invalid(
                Span::empty(0),
                "decoded auditPolicy holds no policy (it is empty or only comments)".into(),
                "empty",
                Some("encode the policy file itself: `base64 -w0 policy.yaml`".into()),
                None,
            );
            return Ok(());
        };
        if let Some(second) = docs.get(1) {
            // The loader (`LoadPolicyFromBytes` → sigs.k8s.io/yaml) decodes the first document
            // and ignores the rest: valid for kube-apiserver, but the rest has no effect.
            self.push(
                &AUDIT_POLICY_UNKNOWN_FIELD,
                second.start,
                format!(
                    "decoded auditPolicy holds {} YAML documents; kube-apiserver reads only the first and ignores the rest",
                    docs.len()
                ),
                "ignored from here",
                Some("keep one Policy document (merge the rules into the first); whether CKS accepts several is unconfirmed".into()),
                None,
            );
        }
        self.policy(first, docs[0].start, chunks)
    }

    /// Whether the next finding of `rule` is built whole (else it is only counted).
    fn builds(&self, rule: &Rule) -> bool {
        self.built[slot(rule)] < self.cap
    }

    /// A finding: built whole while its rule is under the cap, else counted. Its edit goes
    /// to the combined correction either way.
    fn push(&mut self, rule: &'static Rule, span: Span, message: String, label: &str, help: Option<String>, edit: Option<InnerEdit>) {
        if !self.builds(rule) {
            self.count(rule, edit);
            return;
        }
        self.built[slot(rule)] += 1;
        let edit = match (&mut self.fixes, edit) {
            (Some(fixes), Some(e)) => {
                fixes.push(e.clone());
                Some(e)
            }
            (_, e) => e,
        };
        self.out.push(Finding { rule, message, help, span, label: label.to_string(), edit });
    }

    /// A finding past the cap: counted, its edit kept for the combined correction.
    fn count(&mut self, rule: &Rule, edit: Option<InnerEdit>) {
        self.unlisted[slot(rule)] += 1;
        if let (Some(fixes), Some(e)) = (&mut self.fixes, edit) {
            fixes.push(e);
        }
    }

    /// The walk reaches the rule starting at `pos`: no later correction starts before it.
    fn settle(&mut self, pos: usize) {
        if let Some(fixes) = &mut self.fixes {
            fixes.settle(pos);
        }
    }

    fn invalid(&mut self, span: Span, message: String, label: &str, help: Option<String>, edit: Option<InnerEdit>) {
        self.push(&AUDIT_POLICY_INVALID, span, message, label, help, edit)
    }

    /// The narrow span of a value: a string's content, else the node.
    fn value_span(&self, node: &Node) -> Span {
        if node.as_str().is_some() {
            content_span(node, self.text)
        } else {
            node.span()
        }
    }

    /// An edit replacing a string node's value with `new` (a plain-safe word), keeping its quotes.
    fn replace_string(&self, node: &Node, new: &str, what: String) -> Option<InnerEdit> {
        let value = node.as_str()?;
        let raw = self.text.get(node.span().start..node.span().end)?;
        let span = if raw == value && node.style == Style::Plain {
            node.span()
        } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
            Span::new(node.span().start + 1, node.span().end - 1)
        } else {
            return None;
        };
        Some(InnerEdit { span, content: new.to_string(), what })
    }

    /// An edit adding `key: value` as the first member of the root mapping.
    fn insert_first(&self, root: &Node, key: &str, val: &str) -> Option<InnerEdit> {
        let first = root.as_object()?.first()?;
        let at = first.key_span().start;
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
            node.span(),
            format!("auditPolicy `{path}` is {actual}, not {expected}"),
            &format!("expected {expected}"),
            Some(format!("kube-apiserver cannot decode the policy: `{path}` must be {expected}")),
            None,
        );
    }

    /// The string items of a list field; type errors for anything else. Null or absent → empty.
    fn strings<'n>(&mut self, owner: &'n Node, key: &str, path: &str) -> Vec<(usize, &'n Node, &'n str)> {
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
            if !self.builds(&AUDIT_POLICY_UNKNOWN_FIELD) {
                self.count(&AUDIT_POLICY_UNKNOWN_FIELD, None);
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
                m.key_span(),
                format!("auditPolicy{where_} has an unknown field `{}`", m.key),
                "unknown field",
                Some(help),
                None,
            );
        }
    }

    /// Values of an `omitStages` list.
    fn stages(&mut self, owner: &Node, path: &str) {
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
            self.invalid(span, format!("auditPolicy `{p}` `{s}` is not an audit stage"), "not a stage", Some(help), edit);
        }
    }

    fn policy(&mut self, root: &Node, start: Span, chunks: Option<&RuleChunks>) -> Result<(), Whole> {
        let rules = self.head(root, start, chunks.is_some());
        match (chunks, rules) {
            (Some(chunks), _) => self.chunked_rules(chunks)?,
            (None, Some(rules)) => {
                let mut leak = Leak::default();
                for (i, rule) in rules.iter().enumerate() {
                    self.settle(rule.span().start);
                    self.rule(rule, &format!("rules[{i}]"));
                    leak.step(self, rule, i);
                }
                leak.finish(self);
            }
            (None, None) => {}
        }
        Ok(())
    }

    /// The policy's own fields; its rules, when they are to be walked (`chunked`: they
    /// are in chunks, not in `root`).
    fn head<'n>(&mut self, root: &'n Node, start: Span, chunked: bool) -> Option<&'n [Node]> {
        if root.as_object().is_none() {
            self.not_a_mapping(root);
            return None;
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
                    edit,
                );
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
                    self.invalid(span, message, "unknown group version", Some(help), edit);
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
                        edit,
                    );
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
        if chunked {
            return None;
        }
        // rules
        let rules: &[Node] = match value(root, "rules") {
            None => {
                self.invalid(
                    start,
                    "auditPolicy has no `rules`".into(),
                    "no rules",
                    Some("kube-apiserver refuses a policy with 0 rules; add at least one, e.g. `rules: [{level: Metadata}]`".into()),
                    None,
                );
                return None;
            }
            Some(m) => match m.value.as_array() {
                None => {
                    self.type_error(&m.value, "rules", "a list");
                    return None;
                }
                Some([]) => {
                    self.invalid(
                        m.value.span(),
                        "auditPolicy `rules` is empty".into(),
                        "no rules",
                        Some("kube-apiserver refuses a policy with 0 rules; add at least one, e.g. `- level: Metadata`".into()),
                        None,
                    );
                    return None;
                }
                Some(rules) => rules,
            },
        };
        Some(rules)
    }

    /// The rules of a chunked policy, a chunk at a time, each chunk's tree dropped once
    /// walked.
    fn chunked_rules(&mut self, chunks: &RuleChunks) -> Result<(), Whole> {
        let mut leak = Leak::default();
        let mut i = 0;
        for range in &chunks.chunks {
            let mut parsed = source::parse(&self.text[range.clone()], Format::Yaml);
            if fatal(&parsed).is_some() || parsed.diagnostics.iter().any(|d| d.rule.code == "CKS002") {
                return Err(Whole);
            }
            let [doc] = parsed.documents.as_mut_slice() else { return Err(Whole) };
            let Some(root) = doc.root.as_mut() else { return Err(Whole) };
            if shift(root, range.start) > CHUNK_MAX_DEPTH {
                return Err(Whole);
            }
            let Some(items) = root.as_array() else { return Err(Whole) };
            for item in items {
                self.settle(item.span().start);
                self.rule(item, &format!("rules[{i}]"));
                leak.step(self, item, i);
                i += 1;
            }
        }
        leak.finish(self);
        self.chunked = true;
        Ok(())
    }

    fn not_a_mapping(&mut self, root: &Node) {
        // Encoded twice: the decoded text is itself base64 of a policy.
        let twice =
            root.as_str().map(str::trim).and_then(|s| super::encoding::decode(s, false).ok()).and_then(|b| String::from_utf8(b).ok());
        if let Some(inner) = twice.filter(|t| super::encoding::raw_kind(t).is_some()) {
            let _ = inner;
            self.invalid(
                root.span(),
                "decoded auditPolicy is base64 again: the policy was encoded twice".into(),
                "still base64",
                Some("encode the policy file once: `base64 -w0 policy.yaml`".into()),
                None,
            );
            return;
        }
        self.invalid(
            root.span(),
            format!("decoded auditPolicy is {}, not a mapping", kind_name(root)),
            "expected a Policy mapping",
            Some(format!("the policy is a mapping with `apiVersion: {API_VERSION}`, `kind: Policy` and `rules`")),
            None,
        );
    }

    fn rule(&mut self, rule: &Node, path: &str) {
        let Some(members) = rule.as_object() else {
            self.type_error(rule, path, "a mapping");
            return;
        };
        self.unknown_fields(rule, path, Object::Rule);
        let start = members.first().map_or(rule.span(), |m| m.key_span());
        match value(rule, "level") {
            None => {
                self.invalid(
                    start,
                    format!("auditPolicy `{path}` has no `level`"),
                    "no level",
                    Some("every rule needs a `level`: `None`, `Metadata`, `Request` or `RequestResponse`".into()),
                    None,
                );
            }
            Some(m) => match m.value.as_str() {
                None => self.type_error(&m.value, &child(path, "level"), "a string"),
                Some("") => {
                    self.invalid(
                        m.value.span(),
                        format!("auditPolicy `{path}.level` is empty"),
                        "empty level",
                        Some("set `None`, `Metadata`, `Request` or `RequestResponse`".into()),
                        None,
                    );
                }
                Some(v) if LEVELS.contains(&v) => {}
                Some(v) => {
                    let exact = LEVELS.iter().find(|l| l.eq_ignore_ascii_case(v)).copied();
                    let edit = exact.and_then(|l| self.replace_string(&m.value, l, format!("`level: {l}`")));
                    if !self.builds(&AUDIT_POLICY_INVALID) {
                        // Past the cap only the correction is kept (for the combined fix).
                        self.count(&AUDIT_POLICY_INVALID, edit);
                    } else {
                        let near = exact.or_else(|| did_you_mean(v, LEVELS, 3));
                        let help = match near {
                            Some(l) => {
                                format!("did you mean `{l}`? levels are case-sensitive: `None`, `Metadata`, `Request`, `RequestResponse`")
                            }
                            None => "the levels are `None`, `Metadata`, `Request` and `RequestResponse`".into(),
                        };
                        let span = self.value_span(&m.value);
                        let message = format!("auditPolicy `{path}.level` `{v}` is not an audit level");
                        self.invalid(span, message, "not a level", Some(help), edit);
                    }
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
                self.invalid(span, format!("auditPolicy `{p}` `{url}` must be `*` or start with `/`"), "no leading `/`", Some(help), None);
            }
            let head = &url[..url.char_indices().last().map_or(0, |(k, _)| k)];
            if let Some(star) = head.find('*') {
                let span = sub_span(node, self.text, star..star + 1);
                self.invalid(
                    span,
                    format!("auditPolicy `{p}` `{url}` has `*` before its end"),
                    "`*` only as the last character",
                    Some("a `*` may only end the path (`/apis/*`); list the paths separately".into()),
                    None,
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
            let span = member(rule, "nonResourceURLs").map_or(start, |m| m.key_span());
            self.invalid(
                span,
                format!("auditPolicy `{path}` mixes `nonResourceURLs` with {with}"),
                &format!("cannot be combined with {with}"),
                Some("a rule applies to API resources or to non-resource URLs, not both; split it into two rules".into()),
                None,
            );
        }
    }

    fn group_resources(&mut self, gr: &Node, path: &str) {
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
                        self.invalid(at, format!("auditPolicy `{p}` `{g}` includes a version"), "a version", Some(help), edit);
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
                            None,
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
                            edit,
                        );
                    }
                }
            }
        }
        let resources = self.strings(gr, "resources", path);
        let names = self.strings(gr, "resourceNames", path);
        if !names.is_empty() && resources.is_empty() {
            let span = member(gr, "resourceNames").map_or(gr.span(), |m| m.key_span());
            self.invalid(
                span,
                format!("auditPolicy `{path}` has `resourceNames` but no `resources`"),
                "needs `resources`",
                Some("name the resource kinds too, e.g. `resources: [\"configmaps\"]`".into()),
                None,
            );
        }
    }
}

/// CKS234: for each verb whose request or response carries a Secret's contents, walk
/// the rules in order as kube-apiserver's policy checker does (`checker.go`,
/// `LevelAndStages`: the first matching rule decides the level) and find the first rule
/// that logs those contents for some such request. Fed one rule at a time; the finding
/// is reported after those of the rules.
#[derive(Default)]
struct Leak {
    decided: [bool; BODY_VERBS.len()],
    found: Option<(Span, String, String)>,
}

impl Leak {
    fn step(&mut self, w: &Walker, rule: &Node, i: usize) {
        // Found, or every verb decided (a catch-all rule): no later rule can leak.
        if self.found.is_some() || self.decided.iter().all(|&d| d) {
            return;
        }
        let Some(level) = value(rule, "level") else { return };
        let Some(l) = level.value.as_str().filter(|l| LEVELS.contains(l)) else { return };
        let (some, all) = secrets_match(rule, w.opts.group_wildcard);
        if !some {
            return;
        }
        let verbs: Vec<&str> =
            member(rule, "verbs").and_then(|m| m.value.as_array()).map_or(Vec::new(), |a| a.iter().filter_map(Node::as_str).collect());
        let mut leaks = Vec::new();
        for (k, verb) in BODY_VERBS.iter().enumerate() {
            if self.decided[k] || !(verbs.is_empty() || verbs.contains(verb)) {
                continue;
            }
            if logs_contents(l, verb) {
                leaks.push(*verb);
            }
            if all {
                self.decided[k] = true;
            }
        }
        if leaks.is_empty() {
            return;
        }
        let every = leaks.len() == BODY_VERBS.iter().filter(|v| logs_contents(l, v)).count();
        let which = if every {
            String::new()
        } else {
            let list: Vec<String> = leaks.iter().map(|v| format!("`{v}`")).collect();
            format!(" for {}", list.join(", "))
        };
        self.found = Some((
            w.value_span(&level.value),
            format!("auditPolicy `rules[{i}]` logs core `secrets` at `{l}`{which}, so secret values reach the audit log"),
            format!("add a rule `{{level: Metadata, resources: [{{group: \"\", resources: [\"secrets\"]}}]}}` before `rules[{i}]`"),
        ));
    }

    fn finish(self, w: &mut Walker) {
        if let Some((span, message, help)) = self.found {
            w.push(&AUDIT_POLICY_LOGS_SECRETS, span, message, "first rule to log secret contents", Some(help), None);
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

    type Full = (&'static str, String, Option<String>, Span, String, Option<InnerEdit>);

    fn full(fs: &[Finding]) -> Vec<Full> {
        fs.iter().map(|f| (f.rule.code, f.message.clone(), f.help.clone(), f.span, f.label.clone(), f.edit.clone())).collect()
    }

    /// The combined correction as it was computed before it was streamed: every edit of
    /// every finding, sorted by place, overlaps dropped, then encoded.
    fn combined_reference(text: &str, fs: &[Finding]) -> Option<String> {
        use base64::Engine;
        let mut edits: Vec<&InnerEdit> = fs.iter().filter_map(|f| f.edit.as_ref()).collect();
        if edits.is_empty() {
            return None;
        }
        edits.sort_by_key(|e| (e.span.start, e.span.end));
        let (mut out, mut at) = (String::new(), 0);
        for e in edits {
            if e.span.start < at || e.span.end > text.len() || !text.is_char_boundary(e.span.start) || !text.is_char_boundary(e.span.end) {
                continue;
            }
            out.push_str(&text[at..e.span.start]);
            out.push_str(&e.content);
            at = e.span.end;
        }
        out.push_str(&text[at..]);
        Some(base64::engine::general_purpose::STANDARD.encode(out))
    }

    /// Policies that are cut into chunks (`true`) or must be parsed whole (`false`).
    fn shapes() -> Vec<(String, bool)> {
        let head = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";
        let deep = format!("rules:\n- level: None\n  users: {}{}\n", "[".repeat(130), "]".repeat(130));
        let bad = |s: &str| (s.to_string(), false);
        let ok = |s: &str| (format!("{head}{s}"), true);
        vec![
            ok("rules:\n- level: metadata\n- level: Request\n  omitStages: [requestreceived]\n- level: RequestResponse\n  resources:\n  - group: Apps\n    resources: [secrets]\n"),
            ok("rules: # the rules\n  - level: None\n    users: [a]\n  # a comment\n\n  - level: metadata\n    omitStages:\n      - responsestarted\n# the end\n"),
            ("kind: policy\napiVersion: audit.k8s.io/v1beta1\nomitStages: [panic]\nrules:\n- level: metadata\n- level: none\n".into(), true),
            ok("rules:\n- level: |\n    Metadata\n- level: >-\n    metadata\n- level: 'metadata'\n- level: \"request\"\n"),
            ok("rules:\n- level: \"meta\n- data\"\n- level: x\n"),
            ok("rules:\n- level: None\n  level: metadata\n- level: None\n"),
            ("apiVersion: audit.k8s.io/v1\r\nkind: Policy\r\nrules:\r\n- level: metadata\r\n\r\n- level: None\r\n  verbs: [get]\r\n".into(), true),
            ok("rules:\n- level: [\n- level: None\n"),
            ok(&deep),
            ok("rules:\n- level: None\n- level: Metadata\n  users: \"a\n    b\"\n- level: none\n"),
            ok("rules:\n- level: None\n  nonResourceURLs: [healthz, /a*b]\n  namespaces: [x]\n- level: None\n  resources: [{group: apps/v1, resourceNames: [x]}]\n"),
            ok("rules:\n- levl: None\n  level: None\n- Level: Metadata\n- level: None\n  omit_stages: [Panic]\n"),
            ok("rules:\n-\n- level: None\n- - level: None\n- level: 5\n"),
            ok("rules:\n- level: Meta\n    data\n- level: None\n"),
            ok("rules:\n- level: Metadata\n  verbs: [get]\n  resources: [{group: \"\", resources: [secrets]}]\n- level: Request\n- level: RequestResponse\n"),
            ("kind: Policy\nkind: Policy\napiVersion: audit.k8s.io/v1\nrules:\n- level: metadata\n".into(), true),
            ("rules:\n- level: metadata\napiVersion: audit.k8s.io/v1\n".into(), false),
            bad("rules:\n  - level: None\nomitStages: [x]\n"),
            bad("x: &r {level: metadata}\nrules:\n- *r\n- level: metadata\n"),
            bad("apiVersion: audit.k8s.io/v1\nrules:\n- level: None\n---\nkind: x\n"),
            bad("rules: [{level: metadata}]\n"),
            bad("{\"rules\": [{\"level\": \"metadata\"}]}"),
            bad("rules:\n- level: None\r- level: metadata\n"),
            bad("\u{feff}rules:\n- level: None\n"),
            bad("rules:\n"),
            bad("rules:#x\n- level: None\n"),
            ok("rules:\n- level: None\n- level:\tNone\n"),
        ]
    }

    #[test]
    fn chunked_rules_are_the_whole_policy() {
        let mut whole_after_all = Vec::new();
        for (k, (text, chunked)) in shapes().into_iter().enumerate() {
            assert_eq!(RuleChunks::of(&text, 1).is_some(), chunked, "{text:?} cut into chunks");
            if chunked && !walk(&text, O, usize::MAX, None, 1).chunked {
                whole_after_all.push(k);
            }
            for opts in [O, Options::default()] {
                let whole = walk(&text, opts, usize::MAX, None, usize::MAX).out;
                for chunk_bytes in [1, 20, 60] {
                    assert_eq!(
                        full(&walk(&text, opts, usize::MAX, None, chunk_bytes).out),
                        full(&whole),
                        "{text:?} in chunks of {chunk_bytes}"
                    );
                    let a = analysis_in(&text, opts, chunk_bytes);
                    assert_eq!(full(&a.findings), full(&whole), "{text:?}");
                    assert!(a.unlisted.is_empty());
                    assert_eq!(a.combined.map(|c| c.base64), combined_reference(&text, &whole), "{text:?}");
                }
            }
        }
        // A string cut by a chunk, a repeated field in a rule, syntax errors, deep nesting.
        assert_eq!(whole_after_all, [4, 5, 7, 8, 26]);
    }

    #[test]
    fn chunked_rules_are_the_whole_policy_on_generated_policies() {
        // Policies put together from pieces (rules of every shape, comments, blank lines,
        // multi-line scalars, strings and lists cut over lines, stray lines), each walked
        // whole and in chunks of several sizes.
        let heads = [
            "apiVersion: audit.k8s.io/v1\nkind: Policy\n",
            "kind: policy\napiVersion: audit.k8s.io/v1beta1\n# a comment\n",
            "omitStages: [requestreceived]\n",
            "",
        ];
        let rules = ["rules:\n", "rules: # the rules\n", "rules:   \n"];
        let pieces = [
            "- level: metadata\n",
            "- level: None\n",
            "- level: RequestResponse\n  resources:\n  - group: \"\"\n    resources: [secrets]\n",
            "- level: Request\n  verbs: [create,\n    update]\n",
            "- level: Metadata\n  users: \"a\n    b\"\n",
            "- level: |\n    Metadata\n",
            "- level: Meta\n    data\n",
            "-\n",
            "- levl: None\n",
            "- level: None\n  level: None\n",
            "- level: None\n  omitStages:\n  - panic\n",
            "- {level: metadata, verbs: [get]}\n",
            "- level: \"request\n",
            "- level: None\n  resources: [{group: Apps, resources: [pods]}]\n",
            "# a comment\n",
            "\n",
            "   \n",
            "  # indented comment\n",
            "kind: Policy\n",
            "---\n",
            "- - level: None\n",
            "- level: 'none'\n",
            "- level: None\r\n",
            "    - level: None\n",
        ];
        let indents = ["", "  "];
        let mut next = crate::testing::picker();
        let mut chunked = 0;
        for _ in 0..1500 {
            let indent = indents[next(indents.len())];
            let mut text = format!("{}{}", heads[next(heads.len())], rules[next(rules.len())]);
            for _ in 0..1 + next(10) {
                let piece = pieces[next(pieces.len())];
                let indented: String =
                    piece.split_inclusive('\n').map(|l| if l.trim().is_empty() { l.to_string() } else { format!("{indent}{l}") }).collect();
                text.push_str(&indented);
            }
            let whole = full(&walk(&text, O, usize::MAX, None, usize::MAX).out);
            for chunk_bytes in [1, 7, 30] {
                let w = walk(&text, O, usize::MAX, None, chunk_bytes);
                chunked += usize::from(w.chunked);
                assert_eq!(full(&w.out), whole, "{text:?} in chunks of {chunk_bytes}");
                let a = analysis_in(&text, O, chunk_bytes);
                let all = walk(&text, O, usize::MAX, None, usize::MAX).out;
                assert_eq!(a.combined.map(|c| c.base64), combined_reference(&text, &all), "{text:?}");
            }
        }
        // A third are walked in chunks (1,449 of 4,500); the rest fall back to the whole parse.
        assert!(chunked > 1000, "{chunked} chunked walks");
    }

    #[test]
    fn past_the_cap_findings_are_counted() {
        let mut text = "kind: policy\nrules:\n".to_string();
        for i in 0..40 {
            text.push_str(if i % 3 == 0 { "- level: metadata\n" } else { "- level: None\n  usrs: [a]\n  omitStages: [panic]\n" });
        }
        let all = analyze(&text, O);
        for (chunk_bytes, streaming) in [(1, true), (usize::MAX, true), (usize::MAX, false), (50, true)] {
            let w = walk(&text, O, 3, Some(streaming), chunk_bytes);
            for (k, rule) in RULES.iter().enumerate() {
                let of: Vec<Finding> = all.iter().filter(|f| std::ptr::eq(f.rule, *rule)).cloned().collect();
                let built: Vec<Finding> = w.out.iter().filter(|f| std::ptr::eq(f.rule, *rule)).cloned().collect();
                assert_eq!(full(&built), full(&of[..of.len().min(3)]), "{}", rule.code);
                assert_eq!(w.unlisted[k], of.len().saturating_sub(3), "{}", rule.code);
            }
            let combined = w.fixes.and_then(Combiner::finish).expect("a combined fix");
            assert_eq!(Some(combined.base64), combined_reference(&text, &all));
            assert_eq!((combined.total, combined.distinct), (2 + 14 + 26, 4));
            assert_eq!(combined.named, ["`apiVersion: audit.k8s.io/v1`", "`kind: Policy`", "`level: Metadata`", "`Panic`"]);
        }
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
            assert_eq!(summary(&analyze_memo(t, O).findings), summary(&analyze(t, O)));
            assert_eq!(summary(&analyze_memo(common, O).findings), summary(&analyze(common, O)));
        }
        assert!(!analyze(common, O).is_empty());
        assert!(MEMO.with(|m| m.borrow().len()) <= MEMO_ENTRIES);
        // Larger than the memo keeps: analysed every time, never remembered.
        let big = format!("{}{}", texts[1], "# padding\n".repeat(MEMO_MAX_TEXT / 10 + 1));
        assert_eq!(summary(&analyze_memo(&big, O).findings), summary(&analyze(&big, O)));
        assert!(MEMO.with(|m| !m.borrow().contains_key(big.as_str())));
    }
}
