//! A fast path for the YAML most request files are written in: block mappings and
//! sequences of one-line scalars, comments, nothing else.
//!
//! saphyr's scanner works a character at a time and was a third of a corpus run. This
//! reads such files line by line and builds the same tree, with the same spans and the
//! same duplicate-key findings, as the saphyr loader. The moment a file steps outside
//! the subset it gives up (`None`) and the caller parses the whole file with saphyr, so
//! every error message, and every construct this does not know, stays saphyr's.
//!
//! The subset: ASCII text without tabs, carriage returns or other control characters;
//! no document markers, directives, anchors, aliases, tags, flow mappings, block
//! scalars or multi-line scalars; keys are plain words (`[A-Za-z0-9_][A-Za-z0-9_./-]*`);
//! values are one-line plain scalars, double-quoted scalars without escapes,
//! single-quoted scalars without `''`, or one-line flow sequences of those
//! (`["pods", secrets]`); a sequence item is such a value or a mapping (`- key: value`,
//! the shape of an audit policy's rules).
//! `yaml::tests::fast_path_matches_saphyr` holds both loaders to one result.

use super::super::{insert_member, Member, Node, NodeKind, Parsed, Span, Style};
use super::{finish_document, scalar, Builder, Duplicates};
use saphyr_parser::ScalarStyle;

/// Deeper nesting than this is left to saphyr (and its depth limit).
const MAX_FAST_DEPTH: usize = 32;

enum Kind {
    Map { members: Vec<Member>, index: Option<super::super::KeyIndex>, pending: Option<(String, Span)> },
    Seq { items: Vec<Node> },
}

impl Kind {
    fn map() -> Kind {
        Kind::Map { members: Vec::new(), index: None, pending: None }
    }
    /// The collection a line opens: a sequence for a `- ` line, else a mapping.
    fn opened_by(item: bool) -> Kind {
        if item {
            Kind::Seq { items: Vec::new() }
        } else {
            Kind::map()
        }
    }
}

struct Open {
    indent: usize,
    start: usize,
    kind: Kind,
}

/// The tree of `source`, or `None` when it is not in the subset. A stream of several
/// documents is in the subset when each `---` is a line of its own and no document is
/// empty: 60,000 documents in one file are read line by line too.
pub(super) fn parse(source: &str) -> Option<Parsed> {
    let mut parsed = Parsed::default();
    for (from, to) in ranges(source)? {
        read(source, from, to, &mut parsed)?;
    }
    (!parsed.documents.is_empty()).then_some(parsed)
}

/// Where the documents of a stream in the subset are, `[from, to)` each in order: what
/// [`parse`] reads, so that a caller may read them one at a time ([`read`]). `None` when
/// [`parse`] would give up before reading a document: a byte outside printable ASCII, an
/// empty document after a `---`, a stream ending in `---`.
pub(super) fn ranges(source: &str) -> Option<Vec<(usize, usize)>> {
    let bom = super::super::bom_len(source);
    if !in_charset(&source.as_bytes()[bom..]) {
        return None;
    }
    let mut out = Vec::new();
    let (mut chunk, mut at, mut explicit) = (bom, bom, false);
    loop {
        let end = memchr::memchr(b'\n', &source.as_bytes()[at..]).map_or(source.len(), |i| at + i);
        let last = end >= source.len();
        let separator = &source[at..end] == "---";
        if separator || last {
            let to = if separator { at } else { source.len() };
            if super::blank(&source[chunk..to]) {
                // Comments before the first `---` are no document; an empty one after a
                // `---` is saphyr's business (it reads as an empty scalar).
                if explicit {
                    return None;
                }
            } else {
                out.push((chunk, to));
            }
            if !separator {
                break;
            }
            explicit = true;
            chunk = end + 1;
        }
        if last {
            if separator {
                return None; // a stream ending in `---`: an empty last document
            }
            break;
        }
        at = end + 1;
    }
    Some(out)
}

/// Whether `bytes` are all in the subset's alphabet: printable ASCII and `\n`.
pub(super) fn in_charset(bytes: &[u8]) -> bool {
    // Without an early exit within a block, so that the check is vectorised.
    bytes.chunks(64).all(|c| c.iter().fold(true, |ok, &b| ok & (b == b'\n' || (0x20..0x7f).contains(&b))))
}

/// Read the document in `[from, to)` (one of [`ranges`]) into `parsed` as its next
/// document, with its duplicate-key findings. `None` when it is not in the subset.
pub(super) fn read(source: &str, from: usize, to: usize, parsed: &mut Parsed) -> Option<()> {
    let (root, duplicates) = document(source, from, to)?;
    let mut b = Builder::new();
    b.root = Some(root);
    b.duplicates = duplicates;
    finish_document(source, parsed, &mut b, Span::empty(from));
    Some(())
}

/// One document: the lines from `from` to `to`.
fn document(source: &str, from: usize, to: usize) -> Option<(Node, Duplicates)> {
    let source_len = to;
    let mut stack: Vec<Open> = Vec::new();
    let mut root: Option<Node> = None;
    let mut duplicates = Duplicates::default();
    // Indentation of the last line that ended in a scalar: a deeper line after it would
    // continue that scalar (a multi-line plain scalar), which is saphyr's business.
    let mut scalar_line: Option<usize> = None;
    let mut at = from;
    while at < source_len {
        let end = memchr::memchr(b'\n', &source.as_bytes()[at..source_len]).map_or(source_len, |i| at + i);
        let line = &source[at..end];
        let line_start = at;
        at = end + 1;
        let indent = line.len() - line.trim_start_matches(' ').len();
        let rest = &line[indent..];
        if rest.is_empty() || rest.starts_with('#') {
            continue;
        }
        if root.is_some() || rest.starts_with("---") || rest.starts_with("...") || rest.starts_with('%') {
            return None;
        }
        if scalar_line.is_some_and(|n| indent > n) {
            return None;
        }
        let item = rest == "-" || rest.starts_with("- ");
        // A key waiting for its value: a deeper line (or a `- ` at the key's own
        // indentation) opens the value's collection; anything else leaves it null.
        if let Some(Open { indent: k, kind: Kind::Map { pending: Some(_), .. }, .. }) = stack.last() {
            let k = *k;
            if indent > k || (indent == k && item) {
                if stack.len() >= MAX_FAST_DEPTH {
                    return None;
                }
                let kind = Kind::opened_by(item);
                // saphyr starts a sequence at its key's indentation at its first item.
                let start = if indent == k { line_start + indent + 1 + count_spaces(&rest[1..]) } else { line_start + indent };
                stack.push(Open { indent, start, kind });
            } else {
                resolve_null(stack.last_mut()?, &mut duplicates);
            }
        }
        // Close what this line's indentation ends (a sequence at its key's indentation
        // ends at the next key).
        while let Some(top) = stack.last() {
            let ends = top.indent > indent || (top.indent == indent && !item && matches!(top.kind, Kind::Seq { .. }));
            if !ends {
                break;
            }
            let done = stack.pop()?;
            let node = close(done);
            attach(&mut stack, &mut root, &mut duplicates, node)?;
        }
        match stack.last() {
            None => {
                if root.is_some() {
                    return None;
                }
                stack.push(Open { indent, start: line_start + indent, kind: Kind::opened_by(item) });
            }
            Some(top) if top.indent != indent => return None,
            Some(_) => {}
        }
        let content = line_start + indent;
        if item {
            let value_at = content + 1 + count_spaces(&rest[1..]);
            if starts_entry(&source[value_at..end]) {
                // `- key: value`: the item is a mapping whose keys line up with this one.
                if stack.len() >= MAX_FAST_DEPTH {
                    return None;
                }
                stack.push(Open { indent: value_at - line_start, start: value_at, kind: Kind::map() });
                scalar_line = entry(stack.last_mut()?, source, value_at, end, &mut duplicates)?;
            } else {
                let Kind::Seq { items } = &mut stack.last_mut()?.kind else { return None };
                items.push(value(source, value_at, end)?);
                scalar_line = Some(indent);
            }
        } else {
            scalar_line = entry(stack.last_mut()?, source, content, end, &mut duplicates)?;
        }
    }
    if let Some(top) = stack.last_mut() {
        resolve_null(top, &mut duplicates);
    }
    while let Some(done) = stack.pop() {
        let node = close(done);
        attach(&mut stack, &mut root, &mut duplicates, node)?;
    }
    Some((root?, duplicates))
}

/// Whether `text` starts with `key:` (then a space or the end of the line).
fn starts_entry(text: &str) -> bool {
    key_len(text).is_some_and(|n| text[n..] == *":" || text[n..].starts_with(": "))
}

/// One `key: value` or `key:` line of the mapping `top` (the key at `content`). Gives the
/// indentation after which a deeper line would continue a scalar (`None` after `key:`).
fn entry(top: &mut Open, source: &str, content: usize, end: usize, duplicates: &mut Duplicates) -> Option<Option<usize>> {
    let Kind::Map { members, index, pending } = &mut top.kind else { return None };
    let rest = &source[content..end];
    let key_len = key_len(rest)?;
    let key_span = Span::new(content, content + key_len);
    let after = &rest[key_len..];
    if !(after == ":" || after.starts_with(": ")) {
        return None;
    }
    let value_at = key_span.end + 1 + count_spaces(&after[1..]);
    let key = rest[..key_len].to_string();
    if value_at >= end || source.as_bytes()[value_at] == b'#' {
        *pending = Some((key, key_span));
        return Some(None);
    }
    let node = value(source, value_at, end)?;
    if let Some((first, i)) = insert_member(members, index, Member::new(key.into(), key_span, node)) {
        duplicates.push(key_span, first, &members[i].key);
    }
    Some(Some(top.indent))
}

fn count_spaces(s: &str) -> usize {
    s.len() - s.trim_start_matches(' ').len()
}

/// Length of a plain-word key at the start of `rest`.
fn key_len(rest: &str) -> Option<usize> {
    let b = rest.as_bytes();
    if !b.first().is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_') {
        return None;
    }
    Some(b.iter().position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-'))).unwrap_or(b.len()))
}

/// A key left without a value becomes null, as saphyr's loader makes it.
fn resolve_null(top: &mut Open, duplicates: &mut Duplicates) {
    if let Kind::Map { members, index, pending } = &mut top.kind {
        if let Some((key, key_span)) = pending.take() {
            let value = Node::new(Span::empty(key_span.end), NodeKind::Null, Style::Plain);
            if let Some((first, i)) = insert_member(members, index, Member::new(key.into(), key_span, value)) {
                duplicates.push(key_span, first, &members[i].key);
            }
        }
    }
}

fn close(done: Open) -> Node {
    match done.kind {
        Kind::Map { members, .. } => {
            let end = members.last().map_or(done.start, |m| m.value.span().end.max(m.key_span().end));
            Node::new(Span::new(done.start, end.max(done.start)), NodeKind::Object(members.into()), Style::Plain)
        }
        Kind::Seq { items } => {
            let end = items.last().map_or(done.start, |n| n.span().end);
            Node::new(Span::new(done.start, end.max(done.start)), NodeKind::Array(items.into()), Style::Plain)
        }
    }
}

/// Give a finished collection to its parent (the key waiting for it, or the sequence).
fn attach(stack: &mut [Open], root: &mut Option<Node>, duplicates: &mut Duplicates, node: Node) -> Option<()> {
    let Some(parent) = stack.last_mut() else {
        *root = Some(node);
        return Some(());
    };
    match &mut parent.kind {
        Kind::Seq { items } => items.push(node),
        Kind::Map { members, index, pending } => {
            let (key, key_span) = pending.take()?;
            if let Some((first, i)) = insert_member(members, index, Member::new(key.into(), key_span, node)) {
                duplicates.push(key_span, first, &members[i].key);
            }
        }
    }
    Some(())
}

/// The one-line scalar starting at `at` (the line ends at `end`).
fn value(source: &str, at: usize, end: usize) -> Option<Node> {
    let text = &source[at..end];
    let first = *text.as_bytes().first()?;
    let (len, style, content) = match first {
        b'"' | b'\'' => {
            let close = memchr::memchr(first, &text.as_bytes()[1..])? + 1;
            let content = &text[1..close];
            if (first == b'"' && memchr::memchr(b'\\', content.as_bytes()).is_some())
                || (first == b'\'' && text[close + 1..].starts_with('\''))
            {
                return None;
            }
            let after = text[close + 1..].trim_start_matches(' ');
            if !(after.is_empty() || (after.starts_with('#') && text[close + 1..].starts_with(' '))) {
                return None;
            }
            let style = if first == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
            (close + 1, style, content)
        }
        b'[' => return flow_sequence(source, at, end),
        b'-' if text.as_bytes().get(1).is_some_and(|c| *c != b' ') => plain(text)?,
        b'-' | b'?' | b':' | b',' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'%' | b'@' | b'`' => return None,
        _ => plain(text)?,
    };
    scalar(content, style, None, Span::new(at, at + len)).ok()
}

/// A one-line flow sequence of quoted scalars and plain words: `["pods", secrets]`.
fn flow_sequence(source: &str, at: usize, end: usize) -> Option<Node> {
    let b = source.as_bytes();
    let mut i = at + 1;
    let mut items = Vec::new();
    let skip = |mut i: usize| {
        while i < end && b[i] == b' ' {
            i += 1;
        }
        i
    };
    i = skip(i);
    if b.get(i) != Some(&b']') {
        loop {
            let item_start = i;
            let item_end = match *b.get(i).filter(|_| i < end)? {
                q @ (b'"' | b'\'') => {
                    let close = i + 1 + source[i + 1..end].find(q as char)?;
                    let content = &source[i + 1..close];
                    if content.contains(['\\', '\'']) || content.contains('"') {
                        return None;
                    }
                    let style = if q == b'"' { ScalarStyle::DoubleQuoted } else { ScalarStyle::SingleQuoted };
                    items.push(scalar(content, style, None, Span::new(item_start, close + 1)).ok()?);
                    close + 1
                }
                _ => {
                    let n = b[i..end]
                        .iter()
                        .position(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'/' | b'-')))
                        .unwrap_or(end - i);
                    if n == 0 || b[i] == b'-' {
                        return None;
                    }
                    items.push(scalar(&source[i..i + n], ScalarStyle::Plain, None, Span::new(i, i + n)).ok()?);
                    i + n
                }
            };
            i = skip(item_end);
            match b.get(i).filter(|_| i < end)? {
                b',' => {
                    i = skip(i + 1);
                    if b.get(i).is_none_or(|c| !(*c == b'"' || *c == b'\'' || c.is_ascii_alphanumeric() || *c == b'_')) || i >= end {
                        return None;
                    }
                }
                b']' => break,
                _ => return None,
            }
        }
    }
    let close = i + 1;
    let after = &source[close..end];
    let trimmed = after.trim_start_matches(' ');
    if !(trimmed.is_empty() || (trimmed.starts_with('#') && after.starts_with(' '))) {
        return None;
    }
    Some(Node::new(Span::new(at, close), NodeKind::Array(items.into()), Style::Flow))
}

/// A one-line plain scalar: up to a ` #` comment, without trailing spaces, with no `: `
/// (or final `:`) that would make it a key.
fn plain(text: &str) -> Option<(usize, ScalarStyle, &str)> {
    // `find(" #")` and `contains(": ")`, a byte search each (this runs for most lines).
    let bytes = text.as_bytes();
    let body = match memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes[i - 1] == b' ') {
        Some(i) => &text[..i - 1],
        None => text,
    };
    let body = body.trim_end_matches(' ');
    let key_like = memchr::memchr_iter(b':', body.as_bytes()).any(|i| body.as_bytes().get(i + 1) == Some(&b' '));
    if body.is_empty() || key_like || body.ends_with(':') {
        return None;
    }
    Some((body.len(), ScalarStyle::Plain, body))
}
