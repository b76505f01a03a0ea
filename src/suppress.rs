//! Suppressions written for findings (`check --add-suppressions`): for each finding a
//! suppression that silences exactly it. Where the file's syntax has comments, a
//! `# ckslint: ignore[CODE] REASON` at the end of the line where the finding starts (codes
//! merged into a ckslint comment already there), else alone on the line above; where no
//! comment can go (JSON; a line inside a block scalar or a multi-line string; a line
//! holding another comment that is not ours), a `suppress:` entry for the configuration.
//!
//! Every plan is checked before it is handed back: the new text must read as the same
//! documents, and linting it must leave exactly the findings that were there minus the
//! silenced ones; otherwise every finding of the file goes to `suppress:` entries. The
//! library computes text; the front-end writes files.

use crate::config::RunConfig;
use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::source::{self, Node, NodeKind, Span, Style};

/// One `suppress:` entry to add: the finding's file (as shown), pointer and rules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub path: String,
    pub pointer: String,
    pub rules: Vec<&'static str>,
}

/// What to do for one file.
#[derive(Debug, Default)]
pub struct Plan {
    /// The file's text with the new comments, when any were added.
    pub text: Option<String>,
    /// Findings silenced by a comment.
    pub inline: usize,
    /// Findings silenced by a `suppress:` entry (one entry may silence several).
    pub configured: usize,
    pub entries: Vec<Entry>,
    /// The insertions made into the text (offset in the old text, what was inserted).
    edits: Vec<(usize, String)>,
}

/// Whether a finding fails the run (SPEC §2): an error, or a warning with
/// `--deny-warnings`.
pub fn fails(d: &Diagnostic, deny_warnings: bool) -> bool {
    d.severity == Severity::Error || (deny_warnings && d.severity == Severity::Warning)
}

/// Whether a suppression can silence the finding: CKS901 and CKS902 are about
/// suppressions themselves (they are reported after every suppression applied).
pub fn suppressible(d: &Diagnostic) -> bool {
    !d.rule.code.starts_with("CKS9")
}

/// The plan for `targets`, findings of `raw` (the file's findings before any suppression,
/// cross-document ones included). `inline`: comments may be written into the text (the
/// front-end says no when the text is not the file's bytes, e.g. a file not in UTF-8).
pub fn plan(raw: &FileResult, targets: &[&Diagnostic], reason: &str, config: &RunConfig, inline: bool) -> Plan {
    let caps = raw.format.syntax().capabilities();
    if inline && caps.comments {
        if let Some(p) = plan_inline(raw, targets, reason) {
            if verify(raw, targets, &p, config) {
                return p;
            }
        }
    }
    entries_for(&raw.path, targets)
}

/// `suppress:` entries for every target: one per pointer, its rules in code order.
fn entries_for(path: &str, targets: &[&Diagnostic]) -> Plan {
    let mut entries: Vec<Entry> = Vec::new();
    for d in targets {
        match entries.iter_mut().find(|e| e.pointer == d.pointer) {
            Some(e) if e.rules.contains(&d.rule.code) => {}
            Some(e) => e.rules.push(d.rule.code),
            None => entries.push(Entry { path: path.to_string(), pointer: d.pointer.clone(), rules: vec![d.rule.code] }),
        }
    }
    for e in &mut entries {
        e.rules.sort_unstable();
    }
    Plan { text: None, inline: 0, configured: targets.len(), entries, edits: Vec::new() }
}

/// A comment that is a line directive `ckslint: ignore[CODES]` (not file-wide, with a
/// code list): the offset of its closing `]`.
fn directive_close(text: &str, comment: Span) -> Option<usize> {
    let c = &text[comment.start..comment.end];
    let body = c.strip_prefix('#').or_else(|| c.strip_prefix("//"))?;
    let lead = c.len() - body.len();
    let trimmed = body.trim_start();
    let rest = trimmed.strip_prefix("ckslint:")?.trim_start();
    let rest = rest.strip_prefix("ignore")?;
    let inside = rest.strip_prefix('[')?;
    let close = inside.find(']')?;
    if inside[..close].trim().is_empty() {
        return None;
    }
    // Offset of `inside` within the comment.
    let at = lead + (body.len() - trimmed.len()) + (trimmed.len() - inside.len());
    Some(comment.start + at + close)
}

/// Spans of string text, and whether each is a block scalar's content.
fn strings(root: &Node, text: &str, out: &mut Vec<(Span, bool)>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.kind {
            NodeKind::String(_) if matches!(n.style, Style::Literal | Style::Folded) => {
                let start = text[n.span().start..n.span().end].find('\n').map_or(n.span().end, |i| n.span().start + i + 1);
                out.push((Span::new(start, n.span().end), true));
            }
            NodeKind::String(_) => out.push((n.span(), false)),
            NodeKind::Array(items) => stack.extend(items.iter()),
            NodeKind::Object(ms) => {
                for m in ms {
                    out.push((m.key_span(), false));
                    stack.push(&m.value);
                }
            }
            _ => {}
        }
    }
}

/// Comments for the targets, grouped by the line each finding starts on. `None` when no
/// target can take one.
fn plan_inline(raw: &FileResult, targets: &[&Diagnostic], reason: &str) -> Option<Plan> {
    let text = raw.source.as_str();
    let syntax = raw.format.syntax();
    let parsed = syntax.parse(text);
    let mut spans = Vec::new();
    for d in &parsed.documents {
        if let Some(r) = &d.root {
            strings(r, text, &mut spans);
        }
    }
    // Inside a string: strictly within a span, or anywhere in a block scalar's content
    // (its ends included: a line there is content).
    let inside = |at: usize| spans.iter().any(|&(s, block)| (s.start < at && at < s.end) || (block && s.start <= at && at <= s.end));
    let comments = syntax.comments(text, &parsed);
    let bom = if text.starts_with('\u{feff}') { '\u{feff}'.len_utf8() } else { 0 };
    let line_start = |at: usize| text[..at].rfind('\n').map_or(bom, |i| i + 1).max(bom.min(at));
    let line_end = |at: usize| {
        let end = text[at..].find('\n').map_or(text.len(), |i| at + i);
        if end > at && text.as_bytes()[end - 1] == b'\r' {
            end - 1
        } else {
            end
        }
    };
    // Group the targets by the start of their line, codes in order.
    let mut lines: std::collections::BTreeMap<usize, (Vec<&'static str>, Vec<&Diagnostic>)> = Default::default();
    for d in targets {
        let at = d.span.start.min(text.len());
        let e = lines.entry(line_start(at)).or_default();
        if !e.0.contains(&d.rule.code) {
            e.0.push(d.rule.code);
        }
        e.1.push(d);
    }
    let mut edits: Vec<(usize, String)> = Vec::new();
    let mut rest: Vec<&Diagnostic> = Vec::new();
    let mut inline = 0;
    for (start, (mut codes, ds)) in lines {
        codes.sort_unstable();
        let end = line_end(start);
        let line = &text[start..end];
        // A comment that starts on this line (after code), and one alone on the line above.
        let own = comments.iter().find(|c| c.start >= start && c.start < end && !text[start..c.start].trim().is_empty());
        let above = (start > bom)
            .then(|| line_start(start - 1))
            .and_then(|prev| comments.iter().find(|c| c.start >= prev && c.start < start && text[prev..c.start].trim().is_empty()));
        let list = codes.join(", ");
        let merge = |c: &Span| directive_close(text, *c);
        if let Some(close) = own.and_then(merge).or_else(|| above.and_then(merge)) {
            edits.push((close, format!(", {list}")));
        } else if own.is_none() && !line.trim().is_empty() && !inside(end) && !inside(start) {
            edits.push((end, format!("  # ckslint: ignore[{list}] {reason}")));
        } else if !inside(start) && !line.trim().is_empty() {
            let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
            let eol = if text[end..].starts_with("\r\n") { "\r\n" } else { "\n" };
            edits.push((start, format!("{indent}# ckslint: ignore[{list}] {reason}{eol}")));
        } else {
            rest.extend(ds);
            continue;
        }
        inline += ds.len();
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = text.to_string();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    for (at, s) in &edits {
        out.insert_str(*at, s);
    }
    let mut p = entries_for(&raw.path, &rest);
    p.text = Some(out);
    p.inline = inline;
    p.edits = edits;
    Some(p)
}

/// Where an offset of the old text is in the new one (every edit is an insertion, and
/// one at an offset moves what starts there).
fn shift(edits: &[(usize, String)], at: usize) -> usize {
    at + edits.iter().filter(|(e, _)| *e <= at).map(|(_, s)| s.len()).sum::<usize>()
}

/// The plan keeps the documents as they were and silences exactly its findings.
fn verify(raw: &FileResult, targets: &[&Diagnostic], plan: &Plan, config: &RunConfig) -> bool {
    let Some(new_text) = &plan.text else { return true };
    let syntax = raw.format.syntax();
    let (a, b) = (syntax.parse(&raw.source), syntax.parse(new_text));
    let values = |p: &source::Parsed, text: &str| -> Vec<Option<serde_json::Value>> {
        p.documents.iter().map(|d| d.root.as_ref().map(|r| r.to_json(text))).collect()
    };
    if values(&a, &raw.source) != values(&b, new_text) {
        return false;
    }
    // Lint the new text; the cross-document findings come along, moved with their text.
    let mut after = crate::lint::lint_bytes(&raw.path, new_text.as_bytes(), &config.settings);
    let cross: Vec<Diagnostic> = raw
        .diagnostics
        .iter()
        .filter(|d| std::ptr::eq(d.rule, &crate::rules::cross::DUPLICATE_CLUSTER_NAME))
        .map(|d| {
            let mut d = d.clone();
            d.span = Span::new(shift(&plan.edits, d.span.start), shift(&plan.edits, d.span.end));
            d
        })
        .collect();
    after.diagnostics.extend(cross);
    crate::lint::sort(&mut after.diagnostics);
    let key = |d: &Diagnostic| (d.rule.code, d.document, d.pointer.clone(), d.message.clone(), d.severity);
    let mut expected: Vec<_> = config.unsuppressed(raw).iter().map(key).collect();
    // The findings left for `suppress:` entries are still there: only the others go.
    let configured: Vec<_> = plan.entries.iter().collect();
    for t in targets {
        let k = key(t);
        let by_entry = configured.iter().any(|e| e.pointer == t.pointer && e.rules.contains(&t.rule.code));
        if !by_entry {
            if let Some(i) = expected.iter().position(|e| *e == k) {
                expected.remove(i);
            }
        }
    }
    let mut actual: Vec<_> = config.unsuppressed(&after).iter().map(key).collect();
    expected.sort();
    actual.sort();
    expected == actual
}

/// Append `entries` to the configuration file's text (`None`: no file yet), keeping its
/// text and comments: items added after the last item of an existing block `suppress:`
/// list (or inside a flow one), else a `suppress:` key added at the end.
pub fn append_entries(text: Option<&str>, entries: &[(String, String, Vec<&'static str>)], reason: &str) -> Result<String, String> {
    let text = text.unwrap_or("");
    let item = |indent: &str, (path, pointer, rules): &(String, String, Vec<&'static str>)| {
        format!(
            "{indent}- path: {}\n{indent}  pointer: {}\n{indent}  rules: [{}]\n{indent}  reason: {}\n",
            quote(path),
            quote(pointer),
            rules.join(", "),
            quote(reason)
        )
    };
    let parsed = source::parse(text, source::Format::Yaml);
    let root = parsed.documents.first().and_then(|d| d.root.as_ref());
    let eol_fixed = |t: &str| if t.is_empty() || t.ends_with('\n') { t.to_string() } else { format!("{t}\n") };
    let Some(member) = root.and_then(|r| r.get("suppress")) else {
        if root.is_some_and(|r| r.as_object().is_none()) {
            return Err("the configuration is not a mapping".into());
        }
        let mut out = eol_fixed(text);
        out.push_str("suppress:\n");
        entries.iter().for_each(|e| out.push_str(&item("  ", e)));
        return Ok(out);
    };
    let value = &member.value;
    match (&value.kind, value.style) {
        (NodeKind::Array(items), Style::Flow) => {
            // `[...]`: flow mappings before the closing bracket.
            let close = text[..value.span().end].rfind(']').ok_or("cannot find the end of `suppress: [...]`")?;
            let sep = if items.is_empty() { "" } else { ", " };
            let added: Vec<String> = entries
                .iter()
                .map(|(path, pointer, rules)| {
                    format!(
                        "{{path: {}, pointer: {}, rules: [{}], reason: {}}}",
                        quote(path),
                        quote(pointer),
                        rules.join(", "),
                        quote(reason)
                    )
                })
                .collect();
            let mut out = text.to_string();
            out.insert_str(close, &format!("{sep}{}", added.join(", ")));
            Ok(out)
        }
        (NodeKind::Array(items), _) if !items.is_empty() => {
            // A block list: new items at its end, at its items' indentation.
            let first = items[0].span().start;
            let ls = text[..first].rfind('\n').map_or(0, |i| i + 1);
            let dash = text[ls..first].rfind('-').map(|i| ls + i).ok_or("cannot find the `-` of the first suppression")?;
            let indent = &text[ls..dash];
            if !indent.chars().all(|c| c == ' ') {
                return Err("cannot tell the indentation of the `suppress:` list".into());
            }
            let last_end = items[items.len() - 1].span().end;
            let at = text[last_end..].find('\n').map_or(text.len(), |i| last_end + i + 1);
            let mut out = text[..at].to_string();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            entries.iter().for_each(|e| out.push_str(&item(indent, e)));
            out.push_str(&text[at..]);
            Ok(out)
        }
        (NodeKind::Null, _) => {
            // `suppress:` with nothing after it: the items on the next lines.
            let at = text[member.key_span().end..].find('\n').map_or(text.len(), |i| member.key_span().end + i + 1);
            let mut out = text[..at].to_string();
            if !out.ends_with('\n') {
                out.push('\n');
            }
            entries.iter().for_each(|e| out.push_str(&item("  ", e)));
            out.push_str(&text[at..]);
            Ok(out)
        }
        _ => Err(format!("`suppress` is {}, not a list", value.type_name())),
    }
}

/// A YAML double-quoted scalar.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\"")))
}

/// A file path as a `suppress:` path glob matching only itself.
pub fn glob_literal(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '*' | '?' | '[' | ']' | '{' | '}' => {
                out.push('[');
                out.push(c);
                out.push(']');
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shift_moves_past_insertions_at_or_before() {
        let edits = vec![(2, "  # x".to_string()), (3, "# y\n".to_string())];
        assert_eq!(shift(&edits, 0), 0);
        assert_eq!(shift(&edits, 2), 7);
        assert_eq!(shift(&edits, 3), 12);
        assert_eq!(shift(&edits, 4), 13);
    }

    #[test]
    fn directive_close_finds_the_bracket() {
        let t = "a: 1  # ckslint: ignore[CKS201] why\n";
        let at = t.find('#').unwrap();
        assert_eq!(directive_close(t, Span::new(at, t.len() - 1)), Some(t.find(']').unwrap()));
        let t = "a: 1  # ckslint: ignore-file[CKS201] why\n";
        assert_eq!(directive_close(t, Span::new(6, t.len() - 1)), None);
        let t = "a: 1  # ckslint: ignore[] why\n";
        assert_eq!(directive_close(t, Span::new(6, t.len() - 1)), None);
    }

    /// A finding starting inside a block scalar's content, and one on a line holding
    /// only a comment's worth of text: no comment can go there, an entry does.
    #[test]
    fn a_line_inside_a_block_scalar_takes_no_comment() {
        let text = "name: a\nnote: |\n  first\n  second\n";
        let raw = crate::lint_str("x.yaml", text, &crate::Settings::default());
        let at = text.find("second").unwrap();
        let d = Diagnostic::new(&crate::rules::cross::DUPLICATE_CLUSTER_NAME, 0, Span::new(at, at + 6), "/note", "test");
        let p = plan(&raw, &[&d], "why", &RunConfig::isolated(), true);
        assert_eq!(p.text, None);
        assert_eq!((p.inline, p.configured), (0, 1));
        assert_eq!(p.entries, [Entry { path: "x.yaml".into(), pointer: "/note".into(), rules: vec!["CKS401"] }]);
        // The header line takes one at its end.
        let at = text.find('|').unwrap();
        let d = Diagnostic::new(&crate::rules::cross::DUPLICATE_CLUSTER_NAME, 0, Span::new(at, at + 1), "/note", "test");
        let mut raw = crate::lint_str("x.yaml", text, &crate::Settings::default());
        raw.diagnostics.push(d.clone());
        let p = plan(&raw, &[&d], "why", &RunConfig::isolated(), true);
        assert_eq!(p.text.as_deref(), Some("name: a\nnote: |  # ckslint: ignore[CKS401] why\n  first\n  second\n"));
    }

    #[test]
    fn entries_join_flow_lists_empty_keys_and_files_without_a_final_newline() {
        let rows = vec![("a.json".to_string(), "/id".to_string(), vec!["CKS203"])];
        let flow = append_entries(Some("suppress: []  # none yet\n"), &rows, "why").unwrap();
        assert_eq!(flow, "suppress: [{path: \"a.json\", pointer: \"/id\", rules: [CKS203], reason: \"why\"}]  # none yet\n");
        let empty = append_entries(Some("suppress:\nignore: [CKS302]\n"), &rows, "why").unwrap();
        assert_eq!(
            empty,
            "suppress:\n  - path: \"a.json\"\n    pointer: \"/id\"\n    rules: [CKS203]\n    reason: \"why\"\nignore: [CKS302]\n"
        );
        let bare = append_entries(Some("ignore: [CKS302]"), &rows, "why").unwrap();
        assert_eq!(
            bare,
            "ignore: [CKS302]\nsuppress:\n  - path: \"a.json\"\n    pointer: \"/id\"\n    rules: [CKS203]\n    reason: \"why\"\n"
        );
        assert_eq!(append_entries(None, &rows, "why").unwrap(), bare.replace("ignore: [CKS302]\n", ""));
        assert_eq!(append_entries(Some("suppress: 3\n"), &rows, "why"), Err("`suppress` is an integer, not a list".into()));
    }

    #[test]
    fn glob_literal_escapes_metacharacters() {
        assert_eq!(glob_literal("a/b[1]*.json"), "a/b[[]1[]][*].json");
    }
}
