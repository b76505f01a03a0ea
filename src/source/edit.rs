//! Edits that remove a mapping member or a list item while keeping the file valid.

use super::{Member, Node, NodeKind, Span, Style};
use crate::diagnostic::Edit;

/// Start of the line holding `at`.
pub(crate) fn line_start(source: &str, at: usize) -> usize {
    source[..at.min(source.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line holding `at`, including its line break.
fn line_end(source: &str, at: usize) -> usize {
    let at = at.min(source.len());
    source[at..].find('\n').map_or(source.len(), |i| at + i + 1)
}

pub(crate) fn only_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Extend `end` over the rest of its line when that is only blanks and a comment.
pub(crate) fn to_line_end(source: &str, end: usize) -> Option<usize> {
    let le = line_end(source, end);
    let rest = source[end..le].trim_end_matches(['\n', '\r']);
    let rest_t = rest.trim_start();
    if rest_t.is_empty() || rest_t.starts_with('#') {
        Some(le)
    } else {
        None
    }
}

/// The span deleting element `index` of a comma-separated flow collection (JSON or YAML
/// flow) whose element spans `span_of` gives and whose own span is `outer`: with the comma
/// before it (or after it, for the first), or everything between the brackets for the only
/// element. `None` when the spans do not nest as expected (aliases, merges).
pub(crate) fn remove_from_flow(span_of: impl Fn(usize) -> Option<Span>, len: usize, outer: Span, index: usize) -> Option<Span> {
    let inside = |s: Span| s.start >= outer.start && s.end <= outer.end && s.start <= s.end;
    let this = span_of(index).filter(|s| inside(*s))?;
    if index > 0 {
        let prev = span_of(index - 1).filter(|p| inside(*p) && p.end <= this.start)?;
        Some(Span::new(prev.end, this.end))
    } else if len > 1 {
        let next = span_of(1).filter(|n| inside(*n) && this.end <= n.start)?;
        Some(Span::new(this.start, next.start))
    } else if outer.len() >= 2 {
        // The only element: leave `{}` / `[]`.
        Some(Span::new(outer.start + 1, outer.end - 1))
    } else {
        Some(this)
    }
}

/// Delete member `index` of the mapping `parent`, leaving a valid file: in JSON and YAML
/// flow mappings with its comma, in YAML block mappings its whole line(s) (nested children
/// and a trailing comment included). `None` when no clean edit exists (aliases, merge
/// keys, a member sharing its line with other content).
pub fn remove_member_at(source: &str, parent: &Node, index: usize) -> Option<Edit> {
    let member = parent.as_object()?.get(index)?;
    remove_member(source, parent, member)
}

/// Delete a member of `parent` (a mapping). `None` when no clean edit exists (aliases,
/// a member sharing its line with other content).
pub fn remove_member(source: &str, parent: &Node, member: &Member) -> Option<Edit> {
    let members = parent.as_object()?;
    let index = members.iter().position(|m| std::ptr::eq(m, member))?;
    let full = |m: &Member| Span::new(m.key_span().start, m.value.span().end.max(m.key_span().end));
    let span = match parent.style {
        // The neighbours' order is checked there: linear however many members are removed.
        Style::Json | Style::Flow => remove_from_flow(|i| members.get(i).map(full), members.len(), parent.span(), index)?,
        _ => {
            if members.iter().any(|m| {
                m.key_span().start >= m.value.span().start && m.key_span().end > m.value.span().start && !m.value.span().is_empty()
            }) {
                return None; // merged or aliased members share spans: no safe text edit
            }
            let start = line_start(source, member.key_span().start);
            if !only_blank(&source[start..member.key_span().start]) {
                return None;
            }
            let end = to_line_end(source, full(member).end)?;
            Span::new(start, end)
        }
    };
    Some(Edit { span, content: String::new() })
}

/// Delete item `index` of `list`.
pub fn remove_item(source: &str, list: &Node, index: usize) -> Option<Edit> {
    let items = list.as_array()?;
    let item = items.get(index)?;
    // Items sharing a span (one node reached twice) have no text of their own. Only the
    // neighbours are looked at, so fixing every item of a long list stays linear.
    let shared = |i: Option<usize>| i.and_then(|i| items.get(i)).is_some_and(|x| x.span() == item.span());
    if shared(index.checked_sub(1)) || shared(index.checked_add(1)) {
        return None;
    }
    let span = match list.style {
        Style::Json | Style::Flow => remove_from_flow(|i| items.get(i).map(|n| n.span()), items.len(), list.span(), index)?,
        _ => {
            let start = line_start(source, item.span().start);
            let before = &source[start..item.span().start];
            // Block sequence: the line must be `  - item`.
            let t = before.trim_start();
            if !(t == "-" || t.starts_with("- ") && only_blank(&t[1..])) || !only_blank(&before[..before.len() - t.len()]) {
                return None;
            }
            Span::new(start, to_line_end(source, item.span().end)?)
        }
    };
    Some(Edit { span, content: String::new() })
}

/// Whether `s` can be written as a YAML plain scalar anywhere (block or flow context)
/// and still read back as the same string, without ambiguity warnings.
pub fn plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) || s.ends_with(' ') || first == ' ' {
        return false;
    }
    if s.chars().any(|c| c.is_control() || ",[]{}#:".contains(c)) {
        return false;
    }
    const YAML11: [&str; 8] = ["y", "n", "yes", "no", "on", "off", "true", "false"];
    if YAML11.iter().any(|w| s.eq_ignore_ascii_case(w)) {
        return false;
    }
    matches!(super::yaml::resolve_plain(s), NodeKind::String(_))
}

/// An edit replacing the string value `node` with `new`, keeping its quoting style where
/// possible (JSON and YAML double-quoted, single-quoted, plain); otherwise the whole node
/// becomes a double-quoted string, which is valid in JSON and YAML alike.
pub fn replace_string(source: &str, node: &Node, new: &str) -> Edit {
    let raw = source.get(node.span().start..node.span().end).unwrap_or("");
    let value = node.as_str().unwrap_or("");
    let wrapped =
        |q: char| raw.len() == value.len() + 2 && raw.starts_with(q) && raw.ends_with(q) && raw.get(1..raw.len() - 1) == Some(value);
    let inner = Span::new(node.span().start + 1, node.span().end.saturating_sub(1));
    match node.style {
        Style::Plain if raw == value && plain_safe(new) => return Edit { span: node.span(), content: new.to_string() },
        Style::Json | Style::DoubleQuoted if wrapped('"') && !new.chars().any(|c| c == '"' || c == '\\' || c.is_control()) => {
            return Edit { span: inner, content: new.to_string() }
        }
        Style::SingleQuoted if wrapped('\'') && !new.chars().any(|c| c == '\'' || c.is_control()) => {
            return Edit { span: inner, content: new.to_string() }
        }
        _ => {}
    }
    let quoted = serde_json::to_string(new).unwrap_or_else(|_| format!("\"{}\"", new.escape_default()));
    let mut span = node.span();
    if matches!(node.style, Style::Literal | Style::Folded) {
        // A block scalar's span runs to the end of its content lines: keep the line break.
        span.end = span.start + raw.trim_end_matches(['\n', '\r']).len();
    }
    Edit { span, content: quoted }
}

/// An edit renaming a key to `to`, keeping its quotes.
pub fn rename_key(source: &str, member: &Member, to: &str) -> Edit {
    let raw = source.get(member.key_span().start..member.key_span().end).unwrap_or("");
    let span = if raw.len() >= 2 && (raw.starts_with('"') || raw.starts_with('\'')) && raw.ends_with(&raw[..1]) {
        Span::new(member.key_span().start + 1, member.key_span().end - 1)
    } else {
        member.key_span()
    };
    Edit { span, content: to.to_string() }
}

/// The mapping that holds `member`, searching from `root`.
pub fn parent_of<'a>(root: &'a Node, member: &Member) -> Option<&'a Node> {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::Object(ms) => {
                if ms.iter().any(|m| std::ptr::eq(m, member)) {
                    return Some(n);
                }
                stack.extend(ms.iter().map(|m| &m.value));
            }
            NodeKind::Array(items) => stack.extend(items.iter()),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::{parse, Format};

    fn apply(src: &str, e: &Edit) -> String {
        let mut s = src.to_string();
        s.replace_range(e.span.start..e.span.end, &e.content);
        s
    }

    fn remove(src: &str, fmt: Format, key: &str) -> String {
        let p = parse(src, fmt);
        let root = p.documents[0].root.as_ref().unwrap();
        let m = root.get(key).unwrap();
        apply(src, &remove_member(src, root, m).unwrap())
    }

    #[test]
    fn json_members() {
        let src = "{\n  \"a\": 1,\n  \"id\": \"x\",\n  \"b\": 2\n}\n";
        assert_eq!(remove(src, Format::Json, "id"), "{\n  \"a\": 1,\n  \"b\": 2\n}\n");
        assert_eq!(remove(src, Format::Json, "b"), "{\n  \"a\": 1,\n  \"id\": \"x\"\n}\n");
        assert_eq!(remove("{\"id\": 1}", Format::Json, "id"), "{}");
    }

    #[test]
    fn yaml_members() {
        let src = "a: 1\nid: x # set by server\nkubelet:\n  maxPods: 1\nb: 2\n";
        assert_eq!(remove(src, Format::Yaml, "id"), "a: 1\nkubelet:\n  maxPods: 1\nb: 2\n");
        assert_eq!(remove(src, Format::Yaml, "kubelet"), "a: 1\nid: x # set by server\nb: 2\n");
        assert_eq!(remove("a: {x: 1, id: 2}\n", Format::Yaml, "a"), "");
    }

    #[test]
    fn items() {
        let src = "s:\n  - a\n  - b\n  - a\n";
        let p = parse(src, Format::Yaml);
        let list = p.documents[0].root.as_ref().unwrap().field("s").unwrap();
        assert_eq!(apply(src, &remove_item(src, list, 2).unwrap()), "s:\n  - a\n  - b\n");
        let src = "{\"s\": [\"a\", \"b\", \"a\"]}";
        let p = parse(src, Format::Json);
        let list = p.documents[0].root.as_ref().unwrap().field("s").unwrap();
        assert_eq!(apply(src, &remove_item(src, list, 2).unwrap()), "{\"s\": [\"a\", \"b\"]}");
        assert_eq!(apply(src, &remove_item(src, list, 0).unwrap()), "{\"s\": [\"b\", \"a\"]}");
    }
}
