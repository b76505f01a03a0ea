//! Edits that remove a mapping member or a list item while keeping the file valid.

use super::{Member, Node, NodeKind, Span, Style};
use crate::diagnostic::Edit;

/// Start of the line holding `at`.
fn line_start(source: &str, at: usize) -> usize {
    source[..at.min(source.len())].rfind('\n').map_or(0, |i| i + 1)
}

/// End of the line holding `at`, including its line break.
fn line_end(source: &str, at: usize) -> usize {
    let at = at.min(source.len());
    source[at..].find('\n').map_or(source.len(), |i| at + i + 1)
}

fn only_blank(s: &str) -> bool {
    s.bytes().all(|b| b == b' ' || b == b'\t')
}

/// Extend `end` over the rest of its line when that is only blanks and a comment.
fn to_line_end(source: &str, end: usize) -> Option<usize> {
    let le = line_end(source, end);
    let rest = source[end..le].trim_end_matches(['\n', '\r']);
    let rest_t = rest.trim_start();
    if rest_t.is_empty() || rest_t.starts_with('#') {
        Some(le)
    } else {
        None
    }
}

/// An edit deleting `elements[index]` (whose spans are `spans`) from a comma-separated
/// flow collection (JSON or YAML flow).
fn remove_from_flow(spans: &[Span], index: usize) -> Option<Span> {
    let this = spans.get(index)?;
    if let Some(next) = spans.get(index + 1) {
        Some(Span::new(this.start, next.start))
    } else if index > 0 {
        Some(Span::new(spans[index - 1].end, this.end))
    } else {
        Some(*this)
    }
}

/// Delete a member of `parent` (a mapping). `None` when no clean edit exists (aliases,
/// a member sharing its line with other content).
pub fn remove_member(source: &str, parent: &Node, member: &Member) -> Option<Edit> {
    let members = parent.as_object()?;
    let index = members.iter().position(|m| std::ptr::eq(m, member))?;
    let full = |m: &Member| Span::new(m.key_span.start, m.value.span.end.max(m.key_span.end));
    if members.iter().any(|m| m.key_span.start >= m.value.span.start && m.key_span.end > m.value.span.start && !m.value.span.is_empty()) {
        return None; // merged or aliased members share spans: no safe text edit
    }
    let span = match parent.style {
        Style::Json | Style::Flow => {
            let spans: Vec<Span> = members.iter().map(full).collect();
            remove_from_flow(&spans, index)?
        }
        _ => {
            let start = line_start(source, member.key_span.start);
            if !only_blank(&source[start..member.key_span.start]) {
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
    if items.iter().enumerate().any(|(i, x)| i != index && x.span == item.span) {
        return None;
    }
    let span = match list.style {
        Style::Json | Style::Flow => {
            let spans: Vec<Span> = items.iter().map(|n| n.span).collect();
            remove_from_flow(&spans, index)?
        }
        _ => {
            let start = line_start(source, item.span.start);
            let before = &source[start..item.span.start];
            // Block sequence: the line must be `  - item`.
            let t = before.trim_start();
            if !(t == "-" || t.starts_with("- ") && only_blank(&t[1..])) || !only_blank(&before[..before.len() - t.len()]) {
                return None;
            }
            Span::new(start, to_line_end(source, item.span.end)?)
        }
    };
    Some(Edit { span, content: String::new() })
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
