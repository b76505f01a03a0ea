//! YAML loader on saphyr-parser's pull iterator.
//!
//! The tree is built iteratively with an explicit stack (saphyr's recursive loader
//! overflows the stack on `- - - …`, and rayon threads have 2 MiB stacks). Plain
//! scalars are typed with the YAML 1.2 core schema by hand. saphyr's markers count
//! characters; [`Offsets`] turns them into byte offsets into the file as read (a
//! stripped BOM is added back). Anchors and aliases are resolved by cloning, with every
//! cloned node carrying the alias's span (a finding points where the value is used) and
//! a node budget against alias bombs. Merge keys (`<<`) are applied, explicit keys win.
//!
//! Tags: the core tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`, `!!map`,
//! `!!seq`) are honoured; a core tag whose value does not fit (`!!int abc`) is a syntax
//! error. Any other tag (`!!binary`, `!custom`) is ignored and the value is typed as if
//! untagged: the API receives JSON, which has no tags.

mod fast;

use super::{Document, Member, Node, NodeKind, Number, Parsed, Span, Style, ALIAS_NODE_BUDGET, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::rules::input::{DUPLICATE_KEY, INPUT_LIMIT, NON_SCALAR_KEY, SYNTAX_ERROR};
use saphyr_parser::{Event, Parser, ScalarStyle, Tag};
use std::collections::HashMap;

/// Converts saphyr's character indices into byte offsets of the original file.
struct Offsets<'a> {
    text: &'a str,
    base: usize,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'a> Offsets<'a> {
    fn new(text: &'a str, base: usize) -> Self {
        Offsets { text, base, ascii: text.is_ascii(), chars: 0, bytes: 0 }
    }

    /// Byte offset (into the file) of a character index (into `text`). Moves a cursor,
    /// so mostly-increasing queries cost amortised O(1).
    fn byte(&mut self, char_index: usize) -> usize {
        if self.ascii {
            return self.base + char_index.min(self.text.len());
        }
        let b = self.text.as_bytes();
        while self.chars < char_index && self.bytes < b.len() {
            self.bytes += utf8_len(b[self.bytes]);
            self.chars += 1;
        }
        while self.chars > char_index && self.bytes > 0 {
            self.bytes -= 1;
            while self.bytes > 0 && !self.text.is_char_boundary(self.bytes) {
                self.bytes -= 1;
            }
            self.chars -= 1;
        }
        self.base + self.bytes.min(b.len())
    }

    fn span(&mut self, s: &saphyr_parser::Span) -> Span {
        let start = self.byte(s.start.index());
        let end = self.byte(s.end.index());
        Span::new(start, end.max(start))
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0x00..=0x7F => 1,
        0xC0..=0xDF => 2,
        0xE0..=0xEF => 3,
        _ => 4,
    }
}

/// A collection under construction.
enum Frame {
    Seq {
        start: Span,
        flow: bool,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        start: Span,
        flow: bool,
        anchor: usize,
        members: Vec<Member>,
        index: Option<super::KeyIndex>,
        key: Option<(String, Span)>,
        /// The pending key was a mapping or sequence (CKS008): its value is dropped.
        complex: bool,
        merges: Vec<(Span, Node)>,
    },
}

/// Why a document stopped being built.
struct Stop {
    rule: &'static crate::registry::Rule,
    span: Span,
    message: String,
    help: &'static str,
}

struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    budget: usize,
    root: Option<Node>,
    stopped: bool,
    duplicates: Duplicates,
    /// Keys that are mappings or sequences (valid YAML, never a request): their spans.
    complex_keys: Vec<Span>,
    /// The document is an empty plain scalar: `---` with nothing after it.
    empty: bool,
}

/// Duplicate keys of a document: the first [`crate::lint::MAX_PER_RULE`] as (later key
/// span, first key span, key), the rest only counted (a million repeats of one key must
/// not cost a finding each), as the JSON parser does.
#[derive(Default)]
struct Duplicates {
    listed: Vec<(Span, Span, String)>,
    unlisted: usize,
    first_unlisted: Span,
}

impl Duplicates {
    fn push(&mut self, later: Span, first: Span, key: &str) {
        if self.listed.len() < crate::lint::MAX_PER_RULE {
            self.listed.push((later, first, key.to_string()));
        } else {
            if self.unlisted == 0 {
                self.first_unlisted = later;
            }
            self.unlisted += 1;
        }
    }
}

impl Builder {
    fn new() -> Self {
        Builder {
            stack: Vec::new(),
            anchors: HashMap::new(),
            budget: ALIAS_NODE_BUDGET,
            root: None,
            stopped: false,
            duplicates: Duplicates::default(),
            complex_keys: Vec::new(),
            empty: false,
        }
    }
}

pub fn parse(source: &str) -> Parsed {
    if let Some(parsed) = fast::parse(source) {
        return parsed;
    }
    saphyr(source)
}

/// Where the documents of a stream are, so that each can be read on its own
/// ([`read_document`]): from a `---` line (or the start of the file) to the next, a
/// comment-only start of the file left out. A `---` line is a document marker wherever it
/// is (YAML forbids one inside any scalar), and anchors belong to their document, so the
/// file read whole has the same documents. `None` for a file with directives (`%`) or
/// `...` lines, which belong to the documents around them: it is read whole.
pub fn document_ranges(source: &str) -> Option<Vec<(usize, usize)>> {
    let bytes = source.as_bytes();
    let (mut out, mut start, mut at, mut first) = (Vec::new(), super::bom_len(source), super::bom_len(source), true);
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        if line.first() == Some(&b'%') || line.starts_with(b"...") {
            return None;
        }
        if line.starts_with(b"---") && matches!(line.get(3), None | Some(b' ' | b'\t' | b'\r')) {
            if at > start && !(first && blank(&source[start..at])) {
                out.push((start, at));
            }
            (start, first) = (at, false);
        }
        at = end + 1;
    }
    if start < bytes.len() && !(first && blank(&source[start..])) {
        out.push((start, bytes.len()));
    }
    Some(out)
}

/// Only blank lines and comments.
fn blank(text: &str) -> bool {
    text.lines().all(|l| {
        let l = l.trim_start();
        l.is_empty() || l.starts_with('#')
    })
}

/// Read the document of `source` at `range` (one of [`document_ranges`]) into `parsed` as
/// its next document: the tree, index and loader findings that [`parse`] gives it in the
/// whole file (the fast path when the document is in its subset, saphyr otherwise; they
/// build the same tree). An empty document is counted ([`Parsed::empty_documents`]).
/// `false` unless the range holds exactly one document.
pub fn read_document(source: &str, range: (usize, usize), parsed: &mut Parsed) -> bool {
    let (from, to) = range;
    let text = &source[from..to];
    let (documents, empty, diagnostics) = (parsed.documents.len(), parsed.empty_documents, parsed.diagnostics.len());
    // `---` (a comment after it at most) and nothing but blank lines and comments: the
    // empty document saphyr reads there, without starting saphyr for it.
    let marker_line = text.split('\n').next().unwrap_or("");
    if let Some(rest) = marker_line.strip_prefix("---") {
        let rest = rest.trim_start_matches([' ', '\t', '\r']);
        if (rest.is_empty() || (rest.starts_with('#') && rest.len() < marker_line.len() - 3)) && blank(&text[marker_line.len()..]) {
            parsed.empty_documents += 1;
            return true;
        }
    }
    // The fast path reads the lines after an exact `---` line.
    let content = if text.starts_with("---") { (text.as_bytes().get(3) == Some(&b'\n')).then_some(from + 4) } else { Some(from) };
    let fast = content.filter(|&c| fast::in_charset(&source.as_bytes()[c..to]) && !blank(&source[c..to]));
    if fast.is_none_or(|c| fast::read(source, c, to, parsed).is_none()) {
        // The fast path read nothing it keeps when it gives up; saphyr reads it all.
        parsed.documents.truncate(documents);
        parsed.diagnostics.truncate(diagnostics);
        parsed.empty_documents = empty;
        saphyr_into(source, from, to, parsed);
    }
    parsed.next_index() == documents + empty + 1
}

/// The loader for any YAML: saphyr's events built into a tree.
fn saphyr(source: &str) -> Parsed {
    let mut parsed = Parsed::default();
    saphyr_into(source, super::bom_len(source), source.len(), &mut parsed);
    parsed
}

/// The documents of `source[from..to]` read by saphyr into `parsed` (spans into `source`).
fn saphyr_into(source: &str, from: usize, to: usize, parsed: &mut Parsed) {
    let text = &source[from..to];
    let mut off = Offsets::new(text, from);
    let mut parser = Parser::new_from_str(text).keep_tags(true);
    let mut b = Builder::new();
    let mut in_document = false;
    let mut doc_start = Span::empty(from);
    loop {
        let (event, raw_span) = match parser.next_event() {
            None => break,
            Some(Ok(e)) => e,
            Some(Err(e)) => {
                let at = off.byte(e.marker().index());
                let span = char_span(source, at);
                let (message, help) = explain_scan_error(e.info(), source, at);
                // saphyr bounds flow nesting itself (about 256 levels, before our own check
                // sees the events): that is our depth limit, not a syntax error, and it
                // gets our message, at the bracket that goes past the limit.
                let deep = e.info().contains("recursion limit");
                if deep && b.stopped {
                    break; // already stopped at our own depth limit: one finding
                }
                let d = if deep {
                    let at = deep_flow_bracket(source, doc_start.start, at).unwrap_or(span);
                    Diagnostic::new(&INPUT_LIMIT, parsed.next_index(), at, "", format!("nesting deeper than {MAX_DEPTH} levels"))
                        .with_help("a create-cluster request nests a few levels; this input is not a request")
                } else {
                    let mut d = Diagnostic::new(&SYNTAX_ERROR, parsed.next_index(), span, "", message);
                    d.help = help;
                    d
                };
                parsed.diagnostics.push(d);
                break;
            }
        };
        let span = off.span(&raw_span);
        match event {
            Event::StreamStart | Event::Nothing => {}
            Event::StreamEnd => break,
            Event::DocumentStart(_) => {
                in_document = true;
                b = Builder::new();
                doc_start = span;
            }
            Event::DocumentEnd => {
                if in_document {
                    finish_document(source, parsed, &mut b, doc_start);
                }
                in_document = false;
            }
            _ if b.stopped => {}
            Event::Scalar(value, style, anchor, tag) => {
                let span = match style {
                    ScalarStyle::Literal | ScalarStyle::Folded => block_span(source, span),
                    ScalarStyle::SingleQuoted | ScalarStyle::DoubleQuoted => quoted_span(source, span),
                    ScalarStyle::Plain => span,
                };
                let node = match scalar(&value, style, tag.as_deref(), span) {
                    Ok(n) => n,
                    Err(message) => {
                        stop(
                            parsed,
                            &mut b,
                            Stop { rule: &SYNTAX_ERROR, span, message, help: "remove the tag, or give a value of that type" },
                        );
                        continue;
                    }
                };
                if anchor > 0 {
                    b.anchors.insert(anchor, node.clone());
                }
                b.empty = b.stack.is_empty() && value.is_empty() && style == ScalarStyle::Plain && tag.is_none() && anchor == 0;
                if let Err(s) = push(&mut b, node, source) {
                    stop(parsed, &mut b, s);
                }
            }
            Event::SequenceStart(anchor, _) | Event::MappingStart(anchor, _) => {
                if b.stack.len() >= MAX_DEPTH {
                    let s = Stop {
                        rule: &INPUT_LIMIT,
                        span: char_span(source, span.start),
                        message: format!("nesting deeper than {MAX_DEPTH} levels"),
                        help: "a create-cluster request nests a few levels; this input is not a request",
                    };
                    stop(parsed, &mut b, s);
                    continue;
                }
                let flow = source.as_bytes().get(span.start).is_some_and(|c| *c == b'[' || *c == b'{');
                let start = if flow { Span::new(span.start, span.start + 1) } else { Span::empty(span.start) };
                b.stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Frame::Seq { start, flow, anchor, items: Vec::new() }
                } else {
                    Frame::Map { start, flow, anchor, members: Vec::new(), index: None, key: None, complex: false, merges: Vec::new() }
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = b.stack.pop() else { continue };
                let (node, anchor) = match frame {
                    Frame::Seq { start, flow, anchor, items } => {
                        let end = if flow { flow_end(source, span, b']') } else { items.last().map_or(start.end, |n| n.span().end) };
                        let style = if flow { Style::Flow } else { Style::Plain };
                        (Node::new(Span::new(start.start, end.max(start.start)), NodeKind::Array(items.into()), style), anchor)
                    }
                    Frame::Map { start, flow, anchor, mut members, merges, .. } => {
                        let end = if flow {
                            flow_end(source, span, b'}')
                        } else {
                            members.last().map_or(start.end, |m| m.value.span().end.max(m.key_span().end))
                        };
                        apply_merges(&mut members, merges);
                        let style = if flow { Style::Flow } else { Style::Plain };
                        (Node::new(Span::new(start.start, end.max(start.start)), NodeKind::Object(members.into()), style), anchor)
                    }
                };
                if anchor > 0 {
                    b.anchors.insert(anchor, node.clone());
                }
                if let Err(s) = push(&mut b, node, source) {
                    stop(parsed, &mut b, s);
                }
            }
            Event::Alias(id) => {
                let Some(target) = b.anchors.get(&id) else {
                    stop(
                        parsed,
                        &mut b,
                        Stop {
                            rule: &SYNTAX_ERROR,
                            span,
                            message: "alias refers to an unknown anchor".into(),
                            help: "define the anchor (`&name`) before using it",
                        },
                    );
                    continue;
                };
                let count = count_nodes(target);
                if count > b.budget {
                    let s = Stop {
                        rule: &INPUT_LIMIT,
                        span,
                        message: format!("alias expansion exceeds the node budget of {ALIAS_NODE_BUDGET} nodes"),
                        help: "a create-cluster request needs no large aliases; write the values out",
                    };
                    stop(parsed, &mut b, s);
                    continue;
                }
                b.budget -= count;
                let node = respan(target, span);
                if let Err(s) = push(&mut b, node, source) {
                    stop(parsed, &mut b, s);
                }
            }
        }
    }
    if in_document && (b.root.is_some() || b.stopped) {
        finish_document(source, parsed, &mut b, doc_start);
    }
}

/// The flow bracket between `from` and `to` at which flow nesting first goes deeper than
/// [`MAX_DEPTH`] (quoted scalars and comments skipped; block nesting is not counted).
fn deep_flow_bracket(source: &str, from: usize, to: usize) -> Option<Span> {
    let b = source.as_bytes();
    let (mut depth, mut i) = (0usize, from.min(b.len()));
    while i < to.min(b.len()) {
        match b[i] {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(Span::new(i, i + 1));
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            q @ (b'"' | b'\'') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    i += if q == b'"' && b[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'#' if i == 0 || b[i - 1].is_ascii_whitespace() => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// saphyr's span of a block scalar covers its content lines and the line break after
/// them; widen it to start at the `|`/`>` header and end after the last content character.
fn block_span(source: &str, span: Span) -> Span {
    let start = source[..span.start.min(source.len())].rfind(['|', '>']).unwrap_or(span.start);
    let content = &source[span.start.min(source.len())..span.end.min(source.len())];
    let end = span.start + content.trim_end().len();
    Span::new(start, end.max(start + 1).min(source.len()))
}

/// saphyr's span of a quoted scalar runs on over the spaces and the comment after the
/// closing quote; end it at the quote.
fn quoted_span(source: &str, span: Span) -> Span {
    let b = source.as_bytes();
    let Some(&quote) = b.get(span.start) else { return span };
    let mut i = span.start + 1;
    while i < span.end.min(b.len()) {
        match b[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && b.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Span::new(span.start, i + 1),
            _ => i += 1,
        }
    }
    span
}

fn finish_document(source: &str, parsed: &mut Parsed, b: &mut Builder, doc_start: Span) {
    let index = parsed.next_index();
    for span in b.complex_keys.drain(..) {
        parsed.diagnostics.push(
            Diagnostic::new(&NON_SCALAR_KEY, index, span, "", "a mapping or sequence is used as a key; a request's keys are strings")
                .with_help("valid YAML, but the API reads JSON, whose keys are strings: write the key as a plain name"),
        );
    }
    let duplicates = std::mem::take(&mut b.duplicates);
    for (later, first, key) in duplicates.listed {
        parsed.diagnostics.push(
            Diagnostic::new(&DUPLICATE_KEY, index, later, "", format!("duplicate key `{key}`"))
                .with_label(first, "first defined here")
                .with_help("remove one of them; YAML parsers disagree on which one wins"),
        );
    }
    if duplicates.unlisted > 0 {
        parsed.diagnostics.push(crate::lint::overflow_finding(
            &DUPLICATE_KEY,
            index,
            duplicates.first_unlisted,
            String::new(),
            duplicates.unlisted,
        ));
    }
    let root = if b.stopped { None } else { b.root.take() };
    // An empty document (`---` and nothing, or only comments) parses as an empty plain scalar.
    let root = root.filter(|_| !b.empty);
    let start = match &root {
        Some(r) => match r.as_object().and_then(|m| m.first()) {
            Some(first) => first.key_span(),
            None => first_char(source, r.span()),
        },
        None => doc_start,
    };
    if root.is_some() {
        parsed.documents.push(Document { index, root, start, label: None });
    } else {
        parsed.empty_documents += 1;
    }
    *b = Builder::new();
}

fn stop(parsed: &mut Parsed, b: &mut Builder, s: Stop) {
    let mut d = Diagnostic::new(s.rule, parsed.next_index(), s.span, "", s.message);
    d.help = Some(s.help.to_string());
    parsed.diagnostics.push(d);
    b.stopped = true;
    b.stack.clear();
    b.anchors.clear();
}

/// Attach a finished node to its parent, or make it the document's root.
fn push(b: &mut Builder, node: Node, source: &str) -> Result<(), Stop> {
    let Some(top) = b.stack.last_mut() else {
        b.root = Some(node);
        return Ok(());
    };
    match top {
        Frame::Seq { items, .. } => items.push(node),
        Frame::Map { members, index, key, complex, merges, .. } => match key.take() {
            None => {
                let text = match &node.kind {
                    NodeKind::String(s) => s.to_string(),
                    NodeKind::Null if node.span().is_empty() => String::new(),
                    NodeKind::Array(_) | NodeKind::Object(_) => {
                        // Valid YAML (`? [a, b] : c`), but no request can hold it: a finding
                        // about the request (CKS008), and the member is left out.
                        b.complex_keys.push(key_span_of(source, node.span()));
                        *complex = true;
                        String::new()
                    }
                    _ => source.get(node.span().start..node.span().end).map(scalar_text).unwrap_or_default(),
                };
                *key = Some((text, node.span()));
            }
            Some(_) if std::mem::take(complex) => {}
            Some((k, key_span)) => {
                let is_merge = k == "<<" && source.get(key_span.start..key_span.end) == Some("<<");
                if is_merge {
                    merges.push((key_span, node));
                    return Ok(());
                }
                let mut value = node;
                if value.is_null() && value.span().is_empty() {
                    value.set_span(Span::empty(key_span.end));
                }
                if let Some((first, at)) = super::insert_member(members, index, Member::new(k.into(), key_span, value)) {
                    b.duplicates.push(key_span, first, &members[at].key);
                }
            }
        },
    }
    Ok(())
}

/// The text of a tagged or plain scalar key without its tag (`!!str 1` → `1`).
fn scalar_text(raw: &str) -> String {
    let raw = raw.trim();
    if raw.starts_with('!') {
        return raw.split_once(char::is_whitespace).map_or("", |(_, v)| v).trim().to_string();
    }
    raw.to_string()
}

/// Where a flow collection ends: just after its closing bracket. The end event's span can
/// run on over trailing blanks and a comment (`{} # none`); a finding about the
/// collection must stop at the bracket.
fn flow_end(source: &str, event: Span, bracket: u8) -> usize {
    let bytes = source.as_bytes();
    let (from, to) = (event.start.min(bytes.len()), event.end.min(bytes.len()));
    match bytes[from..to].iter().position(|&c| c == bracket) {
        Some(i) => from + i + 1,
        None => event.end,
    }
}

/// Merge keys: members of the merged mappings that are not set explicitly, in order.
fn apply_merges(members: &mut Vec<Member>, merges: Vec<(Span, Node)>) {
    for (_merge_key, source) in merges {
        let sources: Vec<&Node> = match &source.kind {
            NodeKind::Object(_) => vec![&source],
            NodeKind::Array(items) => items.iter().filter(|n| n.as_object().is_some()).collect(),
            _ => Vec::new(),
        };
        // Keys already present, hashed: merging a large mapping into another stays linear.
        let mut present: std::collections::HashSet<super::Text> = members.iter().map(|m| m.key.clone()).collect();
        for src in sources {
            for m in src.as_object().unwrap_or(&[]) {
                if present.insert(m.key.clone()) {
                    members.push(m.clone());
                }
            }
        }
    }
}

fn count_nodes(node: &Node) -> usize {
    let mut n = 0;
    let mut stack = vec![node];
    while let Some(x) = stack.pop() {
        n += 1;
        match &x.kind {
            NodeKind::Array(items) => stack.extend(items.iter()),
            NodeKind::Object(members) => stack.extend(members.iter().map(|m| &m.value)),
            _ => {}
        }
    }
    n
}

/// A copy of `node` whose every span is `span` (the alias's).
fn respan(node: &Node, span: Span) -> Node {
    let mut copy = node.clone();
    let mut stack = vec![&mut copy];
    while let Some(x) = stack.pop() {
        x.set_span(span);
        match &mut x.kind {
            NodeKind::Array(items) => stack.extend(items.iter_mut()),
            NodeKind::Object(members) => {
                for m in members.iter_mut() {
                    m.set_key_span(span);
                    stack.push(&mut m.value);
                }
            }
            _ => {}
        }
    }
    copy
}

fn char_span(source: &str, at: usize) -> Span {
    let at = at.min(source.len());
    match source[at..].chars().next() {
        Some(c) => Span::new(at, at + c.len_utf8()),
        None => Span::empty(at),
    }
}

/// Type one scalar with the YAML 1.2 core schema (or its core tag).
fn scalar(value: &str, style: ScalarStyle, tag: Option<&Tag>, span: Span) -> Result<Node, String> {
    let node_style = match style {
        ScalarStyle::Plain => Style::Plain,
        ScalarStyle::SingleQuoted => Style::SingleQuoted,
        ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
        ScalarStyle::Literal => Style::Literal,
        ScalarStyle::Folded => Style::Folded,
    };
    let core = tag.filter(|t| t.is_yaml_core_schema()).map(|t| t.suffix.as_str());
    let kind = match core {
        Some("str") => NodeKind::String(value.into()),
        Some("null") => match resolve_plain(value) {
            NodeKind::Null => NodeKind::Null,
            _ if value.is_empty() => NodeKind::Null,
            _ => return Err(format!("`{value}` is tagged !!null but is not null")),
        },
        Some("bool") => match resolve_plain(value) {
            k @ NodeKind::Bool(_) => k,
            _ => return Err(format!("`{value}` is tagged !!bool but is not true or false")),
        },
        Some("int") => match resolve_plain(value) {
            k @ NodeKind::Number(n) if n.int().is_some() => k,
            NodeKind::Number(n) if n.float().fract() == 0.0 && is_int_text(value) => NodeKind::Number(n),
            _ => return Err(format!("`{value}` is tagged !!int but is not an integer")),
        },
        Some("float") => match resolve_plain(value) {
            NodeKind::Number(n) => NodeKind::Number(Number::Float(n.float())),
            _ => return Err(format!("`{value}` is tagged !!float but is not a number")),
        },
        _ if style == ScalarStyle::Plain => resolve_plain(value),
        _ => NodeKind::String(value.into()),
    };
    Ok(Node::new(span, kind, node_style))
}

fn is_int_text(s: &str) -> bool {
    let d = s.strip_prefix(['-', '+']).unwrap_or(s);
    !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit())
}

/// YAML 1.2 core schema resolution of a plain scalar.
pub fn resolve_plain(s: &str) -> NodeKind {
    match s {
        "" | "~" | "null" | "Null" | "NULL" => return NodeKind::Null,
        "true" | "True" | "TRUE" => return NodeKind::Bool(true),
        "false" | "False" | "FALSE" => return NodeKind::Bool(false),
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => return NodeKind::Number(Number::from_f64(f64::INFINITY)),
        "-.inf" | "-.Inf" | "-.INF" => return NodeKind::Number(Number::from_f64(f64::NEG_INFINITY)),
        ".nan" | ".NaN" | ".NAN" => return NodeKind::Number(Number::from_f64(f64::NAN)),
        _ => {}
    }
    let bytes = s.as_bytes();
    let first = bytes[0];
    if !(first.is_ascii_digit() || first == b'-' || first == b'+' || first == b'.') {
        return NodeKind::String(s.into());
    }
    if let Some(oct) = s.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return int_or_big(i64::from_str_radix(oct, 8).ok(), s);
        }
        return NodeKind::String(s.into());
    }
    if let Some(hex) = s.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return int_or_big(i64::from_str_radix(hex, 16).ok(), s);
        }
        return NodeKind::String(s.into());
    }
    if is_int_text(s) {
        return match s.parse::<i64>() {
            Ok(i) => NodeKind::Number(Number::from_i64(i)),
            Err(_) => NodeKind::Number(Number::from_f64(s.parse::<f64>().unwrap_or(f64::INFINITY))),
        };
    }
    if is_float_text(s) {
        if let Ok(f) = s.parse::<f64>() {
            return NodeKind::Number(Number::from_f64(f));
        }
    }
    NodeKind::String(s.into())
}

fn int_or_big(v: Option<i64>, s: &str) -> NodeKind {
    match v {
        Some(i) => NodeKind::Number(Number::from_i64(i)),
        None => NodeKind::Number(Number::from_f64(
            u128::from_str_radix(&s[2..], if s.starts_with("0o") { 8 } else { 16 }).map_or(f64::INFINITY, |v| v as f64),
        )),
    }
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float_text(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
        i += 1;
    }
    let int_start = i;
    while i < b.len() && b[i].is_ascii_digit() {
        i += 1;
    }
    let int_digits = i - int_start;
    let mut frac_digits = 0;
    if i < b.len() && b[i] == b'.' {
        i += 1;
        let f = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        frac_digits = i - f;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let e = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == e {
            return false;
        }
    }
    i == b.len()
}

/// Our wording for saphyr's scanner messages, plus a hint where the cause is common.
fn explain_scan_error(info: &str, source: &str, at: usize) -> (String, Option<String>) {
    let mut msg = info.trim().trim_end_matches('.').to_string();
    if let Some(first) = msg.get(..1) {
        msg = first.to_lowercase() + &msg[1..];
    }
    let line_start = source[..at.min(source.len())].rfind('\n').map_or(0, |i| i + 1);
    let line = &source[line_start..source[line_start..].find('\n').map_or(source.len(), |i| line_start + i)];
    let help = if info.contains("tab") || line.starts_with('\t') {
        Some("YAML indentation must use spaces, not tabs".to_string())
    } else if info.contains("quoted") {
        Some("close the quote; inside double quotes escape `\"` as `\\\"`".to_string())
    } else if info.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted".to_string())
    } else if info.contains("indentation") || info.contains("block") {
        Some("check the indentation: items of one mapping or list must line up".to_string())
    } else {
        None
    };
    (msg, help)
}

/// The first character of `span` (empty for an empty span), never splitting a character.
/// The span of a collection used as a key, without the blanks and line break a block
/// collection's span can end with (at least its first character).
fn key_span_of(source: &str, span: Span) -> Span {
    let text = source.get(span.start..span.end).unwrap_or("");
    let end = span.start + text.trim_end().len();
    if end > span.start {
        Span::new(span.start, end)
    } else {
        first_char(source, span)
    }
}

fn first_char(source: &str, span: Span) -> Span {
    let len = source.get(span.start..span.end).and_then(|t| t.chars().next()).map_or(0, char::len_utf8);
    Span::new(span.start, span.start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root(src: &str) -> Node {
        let p = parse(src);
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics.iter().map(|d| &d.message).collect::<Vec<_>>());
        p.documents[0].root.clone().expect("root")
    }

    #[test]
    fn spans_are_bytes_of_the_file() {
        let src = "\u{feff}é: 'ü'\nkey: \"v\"\nn: 1.30\n";
        let r = root(src);
        let m = r.as_object().unwrap();
        assert_eq!(m[0].key_span(), Span::new(3, 5));
        assert_eq!(m[0].value.span(), Span::new(7, 11));
        assert_eq!(&src[m[1].value.span().start..m[1].value.span().end], "\"v\"");
        assert_eq!(m[2].value.as_number().unwrap().float(), 1.3);
    }

    #[test]
    fn quoted_spans_end_at_the_closing_quote() {
        // The fast path takes the first; the anchor sends the others to saphyr, whose
        // token runs on over the spaces and the comment after the quote.
        for src in ["a: \"x\"  # c\n", "a: \"x\"  # c \"y\"\nb: &k 1\n", "a: 'x''s'  # c\nb: &k 1\n", "a: \"x\\\"\"  # c\nb: &k 1\n"] {
            let r = root(src);
            let v = r.field("a").unwrap();
            assert_eq!(&src[v.span().start..v.span().end], src[3..].split("  #").next().unwrap(), "{src}");
        }
        assert!(fast::parse("a: \"x\"  # c\n").is_some());
    }

    #[test]
    fn core_schema_typing() {
        let r = root("a: yes\nb: True\nc: 0755\nd: 0o17\ne: 0x1F\nf: ~\ng:\nh: '1'\ni: !!str 1.30\nj: 99999999999999999999\nk: .inf\n");
        assert_eq!(r.field("a").unwrap().as_str(), Some("yes"));
        assert_eq!(r.field("b").unwrap().as_bool(), Some(true));
        assert_eq!(r.field("c").unwrap().as_number().unwrap().int(), Some(755));
        assert_eq!(r.field("d").unwrap().as_number().unwrap().int(), Some(15));
        assert_eq!(r.field("e").unwrap().as_number().unwrap().int(), Some(31));
        assert!(r.field("f").unwrap().is_null());
        assert!(r.field("g").unwrap().is_null());
        assert_eq!(r.field("h").unwrap().as_str(), Some("1"));
        assert_eq!(r.field("i").unwrap().as_str(), Some("1.30"));
        assert_eq!(r.field("j").unwrap().as_number().unwrap().int(), None);
        assert!(r.field("k").unwrap().as_number().unwrap().float().is_infinite());
    }

    #[test]
    fn aliases_merge_keys_and_duplicates() {
        let src = "base: &b {x: 1, y: 2}\nm:\n  <<: *b\n  y: 3\nc: *b\nc: 4\n";
        let p = parse(src);
        assert_eq!(p.diagnostics.len(), 1);
        assert_eq!(p.diagnostics[0].rule.code, "CKS002");
        assert_eq!(p.diagnostics[0].span, Span::new(47, 48));
        assert_eq!(p.diagnostics[0].labels[0].span, Span::new(41, 42));
        let r = p.documents[0].root.as_ref().unwrap();
        let m = r.field("m").unwrap();
        assert_eq!(m.field("y").unwrap().as_number().unwrap().int(), Some(3));
        assert_eq!(m.field("x").unwrap().as_number().unwrap().int(), Some(1));
        assert_eq!(m.get("x").unwrap().key_span(), Span::new(31, 33));
    }

    #[test]
    fn documents_and_empty_documents() {
        // An empty document is counted, not kept: its index is taken.
        let p = parse("a: 1\n---\n---\nb: 2\n");
        assert_eq!((p.documents.len(), p.empty_documents, p.document_count()), (2, 1, 3));
        assert_eq!(p.documents.iter().map(|d| d.index).collect::<Vec<_>>(), [0, 2]);
        assert!(p.documents.iter().all(|d| d.root.is_some()));
        let p = parse("# nothing\n");
        assert_eq!((p.documents.len(), p.document_count()), (0, 0));
        // Read a document at a time: the same documents, indices and counts.
        let text = "# c\n---\na: 1\n---\n---\nb: {x: 1}\n--- # e\n\n# x\n--- # c\nc: 3\n";
        let ranges = document_ranges(text).unwrap();
        assert_eq!(
            ranges.iter().map(|&(f, t)| &text[f..t]).collect::<Vec<_>>(),
            ["---\na: 1\n", "---\n", "---\nb: {x: 1}\n", "--- # e\n\n# x\n", "--- # c\nc: 3\n"]
        );
        let whole = parse(text);
        let mut one = Parsed::default();
        for &r in &ranges {
            assert!(read_document(text, r, &mut one));
        }
        assert_eq!((one.documents.len(), one.empty_documents), (3, 2));
        assert_eq!((whole.documents.len(), whole.empty_documents), (3, 2));
        assert_eq!(one.documents.len(), whole.documents.len());
        for (a, b) in one.documents.iter().zip(&whole.documents) {
            assert_eq!((a.index, &a.root, a.start), (b.index, &b.root, b.start));
        }
        assert_eq!(document_ranges("%YAML 1.2\n---\na: 1\n"), None);
        assert_eq!(document_ranges("a: 1\n...\n"), None);
    }

    #[test]
    fn limits() {
        let deep = "- ".repeat(300);
        assert_eq!(parse(&deep).diagnostics[0].rule.code, "CKS006");
        let ok = "- ".repeat(100);
        assert!(parse(&ok).diagnostics.is_empty());
    }

    /// Both loaders' results, when the fast path takes the file; `None` when it declines.
    fn both(src: &str) -> Option<(String, String)> {
        let fast = fast::parse(src)?;
        let show = |p: &Parsed| format!("{:#?}\n{:#?}", p.documents, p.diagnostics);
        Some((show(&fast), show(&saphyr(src))))
    }

    fn assert_same(src: &str) -> bool {
        match both(src) {
            Some((fast, slow)) => {
                if fast != slow {
                    let at = fast.lines().zip(slow.lines()).position(|(a, b)| a != b).unwrap_or(0);
                    let near = |t: &str| t.lines().skip(at.saturating_sub(12)).take(16).collect::<Vec<_>>().join("\n");
                    panic!("fast path differs from saphyr on:\n{src:?}\n--- fast\n{}\n--- saphyr\n{}", near(&fast), near(&slow));
                }
                true
            }
            None => false,
        }
    }

    const REQUEST: &str = "# a request\nname: \"cluster-1\"\nzone: US-EAST-04A\nvpcId: '3f0c2a9e'\nversion: v1.35\nnetwork:\n  podCidrName: pod-cidr   # a comment\n  serviceCidrName: \"service cidr\"\n  internalLbCidrNames:\n    - \"internal-lb-cidr\"\n    - other # c\npublic: false\nkubelet:\n  maxPods: 220\n  featureGates:\n    A: true\noidc:\nsans:\n- a.example.com\n- 'b'\nlast: ~\n";

    #[test]
    fn fast_path_takes_the_common_shapes() {
        for src in [
            REQUEST,
            "a: 1\n",
            "\u{feff}a: 1\nb:\n",
            "- a\n- \"b\"\n",
            "a:\n  b:\n    c: d\ne: f\n",
            "a:\n  b:\nc: 1\n",
            "a:\n- x\n- y\nb: 2\n",
            "a: 1\na: 2\nb:\nb:\nc:\n  x: 1\nc:\n  - 2\n",
            "x: 10.0.0.0/8\ny: https://a.example.com:443/p#f\nz: a#b\nw: 0o17\nv: -1\nu: .5\n",
            "a: \"quoted: with # inside\" # and a comment\n",
            "  a: 1\n  b: 2\n",
            "a:\n\n  # comment\n  b: 1\n",
            "yes: no\ntrue: 1\n1: a\nnull: b\n",
            "a: [1, 2]\nb: []\nc: [ \"x\" , 'y',z ] # c\n",
            "- a: 1\n  b:\n  - x\n- c: [d]\n  e:\n    f: g\n-  h: i\n",
            "rules:\n- level: Metadata\n  resources:\n  - group: \"\"\n    resources: [\"pods\"]\n- level: None\n",
            // Streams: each `---` a line of its own, no empty document.
            "---\na: 1\n",
            "a: 1\n---\nb: 2\n",
            "# c\n---\na: 1\n---\n# d\nb:\n  - x\n",
            "---\na: 1\na: 2\n---\nb: 1\nb: 2\n",
        ] {
            assert!(assert_same(src), "the fast path declined:\n{src}");
        }
    }

    #[test]
    fn fast_path_declines_the_rest() {
        for src in [
            "a: |\n  x\n",
            "a: >\n  x\n",
            "a: {b: 1}\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: 1\n---\nb: 2\n---\n",
            "---\n---\na: 1\n",
            "--- # c\na: 1\n",
            "a: 1\n...\n",
            "%YAML 1.2\n---\na: 1\n",
            "a: \"multi\n  line\"\n",
            "a: plain\n  continued\n",
            "- x\n  continued\n",
            "a: \"esc\\n\"\n",
            "a: 'it''s'\n",
            "a:\tb\n",
            "a: 1\r\nb: 2\r\n",
            "\"a\": 1\n",
            "a b: 1\n",
            "a: b: c\n",
            "- - a\n",
            "-\n",
            "a: é\n",
            "<<: {}\n",
            "? a\n: b\n",
            "a: 1\n  b: 2\n",
            "a:\n  - 1\n  b: 2\n",
            "# only a comment\n",
            "",
            "scalar\n",
            "a: \"x\"y\n",
            "a: 1\n- b\n",
            "a: [1, [2]]\n",
            "a: [a b]\n",
            "a: [a,]\n",
            "a: [1,\n  2]\n",
            "a: [\"x\\\"y\"]\n",
            "a: [-1]\n",
            "a: [1] x\n",
            "- a: 1\n   b: 2\n",
        ] {
            assert!(both(src).is_none(), "the fast path took:\n{src}");
        }
    }

    /// Every YAML text the tests know, and thousands of line-level mutations of them:
    /// wherever the fast path answers, it answers exactly as saphyr does.
    #[test]
    fn fast_path_matches_saphyr() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<String> = vec![REQUEST.to_string()];
        for rule in crate::registry::RULES {
            for ex in [&rule.bad, &rule.good] {
                if ex.path.ends_with(".yaml") {
                    texts.push(ex.text.to_string());
                }
            }
        }
        for dir in ["testdata", "fuzz/regressions", "../shared/acceptance/cases"] {
            for e in std::fs::read_dir(root.join(dir)).into_iter().flatten().flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        // The audit policies inside the examples, decoded.
        use base64::Engine;
        let policies: Vec<String> = texts
            .iter()
            .filter_map(|t| t.lines().find_map(|l| l.strip_prefix("auditPolicy: ")))
            .filter_map(|b| base64::engine::general_purpose::STANDARD.decode(b.trim().trim_matches('"')).ok())
            .filter_map(|b| String::from_utf8(b).ok())
            .collect();
        assert!(policies.len() >= 5, "{}", policies.len());
        texts.extend(policies);
        let mut taken = 0;
        for t in &texts {
            taken += usize::from(assert_same(t));
        }
        assert!(taken >= 40, "{taken} of {} texts taken", texts.len());
        // Deterministic mutations: re-indent, comment, blank, duplicate, drop or rewrite lines.
        let pieces = [
            "",
            " ",
            "  ",
            "#",
            " # c",
            "-",
            "- ",
            ":",
            ": ",
            "\"",
            "'",
            "x",
            "1",
            "~",
            "null",
            "true",
            "a: 1",
            "- b",
            "k:",
            "\"q\"",
            "'s'",
            "x: \"a\"  ",
            "y: 'b' # c",
            "10.0.0.0/8",
            "a:b",
            "-1",
            "- - c",
            "- k: v",
            "a: b#c # d",
            "a: b : c",
            "a: b: c",
            "a: x #",
            "a: #",
            "a: b:c:",
            "a: \"x#\" # y",
        ];
        // The plain-scalar edges on their own as well (comments, `: ` inside values).
        for edge in ["a: b#c # d\n", "a: b : c\n", "a: x #\nb: 1\n", "a: #\n", "a: b:c:\n", "a: 'x # y'  # z\n", "a: b ## c\n"] {
            assert_same(edge);
        }
        let mut next = crate::testing::picker();
        let mut mutated_taken = 0;
        for round in 0..20000 {
            let base = &texts[round % texts.len()];
            let mut lines: Vec<String> = base.lines().map(str::to_string).collect();
            if lines.is_empty() {
                continue;
            }
            for _ in 0..1 + next(3) {
                let i = next(lines.len());
                match next(8) {
                    0 => lines[i] = format!("{}{}", " ".repeat(next(3)), lines[i]),
                    1 => lines[i] = lines[i].trim_start_matches(' ').to_string(),
                    2 => lines.insert(i, pieces[next(pieces.len())].to_string()),
                    3 => {
                        let l = lines[i].clone();
                        lines.insert(i, l);
                    }
                    4 => {
                        lines.remove(i);
                        if lines.is_empty() {
                            lines.push("a: 1".into());
                        }
                    }
                    5 => {
                        let indent = lines[i].len() - lines[i].trim_start().len();
                        lines[i] = format!("{}{}", &lines[i][..indent], pieces[next(pieces.len())]);
                    }
                    6 => lines[i].push_str(pieces[next(pieces.len())]),
                    _ => {
                        let at = next(lines[i].len() + 1);
                        if lines[i].is_char_boundary(at) {
                            lines[i].insert_str(at, pieces[next(pieces.len())]);
                        }
                    }
                }
            }
            let text = lines.join("\n") + if next(2) == 0 { "\n" } else { "" };
            mutated_taken += usize::from(assert_same(&text));
        }
        assert!(mutated_taken > 2000, "{mutated_taken}");
    }
}
