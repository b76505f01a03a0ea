//! Code actions, hover and completion, from a document's current findings, the rule
//! registry and the embedded request schema.

use super::convert::Text;
use super::engine;
use ckslint::lint::Settings;
use ckslint::registry::{self, RULES};
use ckslint::source::{self, Format, Node, Span};
use ckslint::{Applicability, Diagnostic};
use serde_json::{json, Value};
use std::sync::LazyLock;

pub struct ActionContext<'a> {
    pub uri: &'a str,
    pub version: i32,
    pub text: &'a Text<'a>,
    pub yaml: bool,
    pub document_changes: bool,
}

/// Whether a code action kind was asked for (`only` matches hierarchically:
/// `source.fixAll` asks for `source.fixAll.ckslint`).
fn wanted(only: Option<&Vec<Value>>, kind: &str) -> bool {
    let Some(only) = only else { return true };
    only.iter().filter_map(Value::as_str).any(|o| kind == o || kind.starts_with(&format!("{o}.")))
}

fn workspace_edit(ctx: &ActionContext, edits: Vec<Value>) -> Value {
    if ctx.document_changes {
        json!({"documentChanges": [{"textDocument": {"uri": ctx.uri, "version": ctx.version}, "edits": edits}]})
    } else {
        json!({"changes": {ctx.uri: edits}})
    }
}

fn text_edit(text: &Text, span: Span, new_text: &str) -> Value {
    json!({"range": text.range(span), "newText": new_text})
}

/// Quick fixes for the findings in the requested range (each fix, then "suppress on
/// this line" for YAML), and `source.fixAll.ckslint` with every safe fix.
pub fn code_actions(ctx: &ActionContext, params: &Value, diagnostics: &[(Value, &Diagnostic)]) -> Vec<Value> {
    let only = params["context"]["only"].as_array();
    let range = ctx.text.span(&params["range"]);
    let mut out = Vec::new();
    if wanted(only, "quickfix") {
        let hit: Vec<&(Value, &Diagnostic)> =
            diagnostics.iter().filter(|(_, d)| d.span.start <= range.end && range.start <= d.span.end.max(d.span.start)).collect();
        for (lsp, d) in &hit {
            let Some(fix) = &d.fix else { continue };
            let edits: Vec<Value> = fix.edits.iter().map(|e| text_edit(ctx.text, e.span, &e.content)).collect();
            let safe = fix.applicability == Applicability::Safe;
            let title = if safe {
                format!("{} ({})", fix.message, d.rule.code)
            } else {
                format!("{} ({}, unsafe: review the change)", fix.message, d.rule.code)
            };
            out.push(json!({
                "title": title,
                "kind": "quickfix",
                "diagnostics": [lsp],
                "isPreferred": safe,
                "edit": workspace_edit(ctx, edits),
            }));
        }
        if ctx.yaml {
            let mut done: Vec<(&str, usize)> = Vec::new();
            for (lsp, d) in &hit {
                if d.rule.code.starts_with("CKS9") || !d.rule.code.starts_with("CKS") {
                    continue;
                }
                let line_start = ctx.text.text[..d.span.start.min(ctx.text.text.len())].rfind(['\n', '\r']).map_or(0, |i| i + 1);
                if done.contains(&(d.rule.code, line_start)) {
                    continue;
                }
                done.push((d.rule.code, line_start));
                if let Some((span, new_text)) = suppress_edit(ctx.text.text, line_start, d.rule.code) {
                    out.push(json!({
                        "title": format!("suppress {} on this line", d.rule.code),
                        "kind": "quickfix",
                        "diagnostics": [lsp],
                        "edit": workspace_edit(ctx, vec![text_edit(ctx.text, span, &new_text)]),
                    }));
                }
            }
        }
    }
    if wanted(only, "source.fixAll.ckslint") {
        let all: Vec<Diagnostic> = diagnostics.iter().map(|(_, d)| (*d).clone()).collect();
        if let Some(fixed) = engine::fix_all(ctx.text.text, &all) {
            let (span, new_text) = minimal_edit(ctx.text.text, &fixed);
            out.push(json!({
                "title": "fix all safely fixable ckslint findings",
                "kind": "source.fixAll.ckslint",
                "edit": workspace_edit(ctx, vec![text_edit(ctx.text, span, new_text)]),
            }));
        }
    }
    out
}

/// One edit that turns `old` into `new`: the changed middle, common ends kept.
fn minimal_edit<'a>(old: &str, new: &'a str) -> (Span, &'a str) {
    let mut pre = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old.bytes().rev().zip(new.bytes().rev()).take(max_suf).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    (Span::new(pre, old.len() - suf), &new[pre..new.len() - suf])
}

/// The edit that silences `code` on the line starting at `line_start`: into an existing
/// `# ckslint: ignore[...]` on the line, else a comment at the end of a line without one,
/// else a comment alone on the line above (which applies to the next line).
fn suppress_edit(text: &str, line_start: usize, code: &str) -> Option<(Span, String)> {
    let rest = &text[line_start..];
    let line_len = rest.find(['\n', '\r']).unwrap_or(rest.len());
    let line = &rest[..line_len];
    if let Some(at) = line.find("ckslint: ignore[") {
        let open = line_start + at + "ckslint: ignore[".len();
        let inside = &text[open..line_start + line_len];
        let sep = if inside.starts_with(']') { "" } else { ", " };
        return Some((Span::empty(open), format!("{code}{sep}")));
    }
    let directive = format!("# ckslint: ignore[{code}] TODO: say why");
    if !line.contains('#') {
        let end = line_start + line.trim_end().len();
        return Some((Span::empty(end), format!("  {directive}")));
    }
    let indent: String = line.chars().take_while(|c| *c == ' ').collect();
    let eol = if rest[line_len..].starts_with("\r\n") { "\r\n" } else { "\n" };
    Some((Span::empty(line_start), format!("{indent}{directive}{eol}")))
}

fn markdown(value: String) -> Value {
    json!({"kind": "markdown", "value": value})
}

/// Rule documentation as Markdown (the explain text, whose examples are indented).
fn rule_markdown(rule: &registry::Rule) -> String {
    let text = engine::rule_docs(rule);
    let mut lines = text.lines();
    let title = lines.next().unwrap_or("");
    format!("**{title}**\n{}", lines.collect::<Vec<_>>().join("\n"))
}

/// The rule code under `offset` inside a `ckslint: ignore[...]` comment.
fn code_in_directive(text: &str, offset: usize) -> Option<(&'static registry::Rule, Span)> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let line_end = text[offset..].find(['\n', '\r']).map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let open = line.find("ckslint:").and_then(|c| line[c..].find('[').map(|b| c + b + 1))?;
    let close = line[open..].find(']').map_or(line.len(), |i| open + i);
    let at = offset - line_start;
    if at < open || at > close {
        return None;
    }
    let mut start = open;
    for part in line[open..close].split(',') {
        let end = start + part.len();
        if at >= start && at <= end {
            let lead = part.len() - part.trim_start().len();
            let code = part.trim();
            let rule = registry::find(code)?;
            let s = line_start + start + lead;
            return Some((rule, Span::new(s, s + code.len())));
        }
        start = end + 1;
    }
    None
}

/// The member whose key is under `offset`, with the dotted schema path of its parent
/// (`""` for the request, `"network"`, ...); the `{"cluster": …}` envelope is skipped.
fn key_at(root: &Node, offset: usize) -> Option<(String, String, Span)> {
    let mut node = root;
    let mut path: Vec<String> = Vec::new();
    if let Some(c) = root.field("cluster") {
        if c.as_object().is_some() && (c.span().start <= offset && offset <= c.span().end) {
            node = c;
        }
    }
    loop {
        let members = node.as_object()?;
        let m = members.iter().find(|m| m.key_span().start <= offset && offset <= m.key_span().end);
        if let Some(m) = m {
            return Some((path.join("."), m.key.to_string(), m.key_span()));
        }
        let inner =
            members.iter().find(|m| m.value.span().start <= offset && offset <= m.value.span().end && m.value.as_object().is_some())?;
        path.push(json_name(&inner.key));
        node = &inner.value;
    }
}

/// The API (camelCase) name of a key as written (`vpc_id` → `vpcId`).
fn json_name(key: &str) -> String {
    if key.contains('_') {
        source::snake_to_camel(key)
    } else {
        key.to_string()
    }
}

/// Hover: the rule's documentation on a code in a suppression comment or on a
/// finding; the field's description on a request key.
pub fn hover(text: &Text, format: Format, diagnostics: &[Diagnostic], offset: usize) -> Option<Value> {
    if let Some((rule, span)) = code_in_directive(text.text, offset) {
        return Some(json!({"contents": markdown(rule_markdown(rule)), "range": text.range(span)}));
    }
    let mut rules: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.span.start <= offset && offset <= d.span.end).collect();
    rules.dedup_by(|a, b| std::ptr::eq(a.rule, b.rule));
    if let Some(first) = rules.first() {
        let docs: Vec<String> = rules.iter().filter(|d| d.rule.code.starts_with("CKS")).map(|d| rule_markdown(d.rule)).collect();
        if !docs.is_empty() {
            return Some(json!({"contents": markdown(docs.join("\n\n---\n\n")), "range": text.range(first.span)}));
        }
    }
    let parsed = source::parse(text.text, format);
    let doc = parsed.documents.iter().find(|d| d.root.as_ref().is_some_and(|r| r.span().start <= offset && offset <= r.span().end))?;
    let (parent, key, span) = key_at(doc.root.as_ref()?, offset)?;
    let name = json_name(&key);
    let shape = ckslint::schema::table().shape(&parent)?;
    let prop = shape.prop(&name)?;
    let at = if parent.is_empty() { name.clone() } else { format!("{parent}.{name}") };
    let mut value = format!("**`{at}`** ({})", kind_name(prop.kind));
    if shape.required.contains(&name) {
        value.push_str(", required");
    }
    if prop.read_only {
        value.push_str(", output only");
    }
    if !prop.about.is_empty() {
        value.push_str(&format!("\n\n{}", prop.about));
    }
    let values = enum_values(&at);
    if !values.is_empty() {
        value.push_str(&format!("\n\nOne of: {}", values.iter().map(|v| format!("`{v}`")).collect::<Vec<_>>().join(", ")));
    }
    Some(json!({"contents": markdown(value), "range": text.range(span)}))
}

fn kind_name(k: ckslint::schema::Kind) -> &'static str {
    use ckslint::schema::Kind;
    match k {
        Kind::String => "string",
        Kind::Boolean => "boolean",
        Kind::Integer => "integer",
        Kind::Object => "mapping",
        Kind::Array => "list",
        Kind::Any => "any",
    }
}

static SCHEMA: LazyLock<Value> = LazyLock::new(|| serde_json::from_str(ckslint::schema::REQUEST_SCHEMA).unwrap_or(Value::Null));

fn resolve(v: &Value) -> &Value {
    match v.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => &SCHEMA["$defs"][name],
        None => v,
    }
}

/// The `enum` of a property (or of its items), by dotted path.
fn enum_values(path: &str) -> Vec<String> {
    let mut v = &*SCHEMA;
    for part in path.split('.') {
        v = resolve(&resolve(v)["properties"][part]);
    }
    let e = v.get("enum").or_else(|| resolve(&v["items"]).get("enum"));
    e.and_then(Value::as_array).map(|a| a.iter().filter_map(|x| x.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// Where the cursor is, for completion.
#[derive(Debug, PartialEq)]
enum Place {
    /// A key of the object at this dotted path.
    Key(String),
    /// The value (or a list item) of the property at this dotted path.
    Value(String),
    /// Inside `ckslint: ignore[`.
    RuleCode,
}

fn yaml_key(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix("- ").unwrap_or(t);
    let (k, rest) = t.split_once(':')?;
    if !(rest.is_empty() || rest.starts_with(' ')) {
        return None;
    }
    let k = k.trim().trim_matches(['"', '\'']);
    (!k.is_empty() && !k.starts_with('#')).then_some(k)
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The YAML place of `offset` from indentation alone (the text being typed rarely
/// parses).
fn yaml_place(text: &str, offset: usize) -> Option<Place> {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let mut want = indent_of(before);
    let trimmed = before.trim_start();
    let mut item = false;
    if let Some(rest) = trimmed.strip_prefix("- ").or((trimmed == "-").then_some("")) {
        item = true;
        want += 2;
        let _ = rest;
    }
    let mut parents: Vec<String> = Vec::new();
    let mut in_item = false;
    for line in text[..line_start].lines().rev() {
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if line.starts_with("---") || line.starts_with("...") {
            break;
        }
        let ind = indent_of(line);
        if t.starts_with("- ") || t == "-" {
            if ind < want {
                if parents.is_empty() {
                    in_item = true;
                }
                want = ind + 1;
            }
            continue;
        }
        if ind < want {
            let k = yaml_key(line)?;
            let after = line.split_once(':').map_or("", |(_, r)| r).trim();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with('&') || after.starts_with('|') || after.starts_with('>')) {
                return None; // a scalar cannot hold the cursor's line
            }
            parents.push(json_name(k));
            want = ind;
            if ind == 0 {
                break;
            }
        }
    }
    parents.reverse();
    if parents.first().is_some_and(|p| p == "cluster") && ckslint::schema::table().shape("").is_some_and(|s| s.prop("cluster").is_none()) {
        parents.remove(0);
    }
    let path = parents.join(".");
    let join = |k: &str| if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
    // `key: |` on the cursor's line: a value.
    let content = trimmed.strip_prefix("- ").unwrap_or(trimmed);
    if let Some((k, _)) = content.split_once(": ").or_else(|| content.strip_suffix(':').map(|k| (k, ""))) {
        if !k.contains(' ') || k.starts_with(['"', '\'']) {
            return Some(Place::Value(join(&json_name(k.trim().trim_matches(['"', '\''])))));
        }
    }
    if item || in_item {
        // A list item's value: the list's own property.
        return if item && !content.contains(':') { Some(Place::Value(path)) } else { None };
    }
    Some(Place::Key(path))
}

/// The JSON place of `offset`, from a scan of the text before it; `quoted` when the
/// cursor is inside an open string.
fn json_place(text: &str, offset: usize) -> Option<(Place, bool)> {
    struct Frame {
        object: bool,
        key: Option<String>,
        expect_key: bool,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let mut path: Vec<String> = Vec::new();
    let bytes = &text.as_bytes()[..offset];
    let mut i = 0;
    let mut quoted = false;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                if let Some(f) = stack.last() {
                    path.push(f.key.clone().unwrap_or_default());
                }
                stack.push(Frame { object: bytes[i] == b'{', key: None, expect_key: bytes[i] == b'{' });
            }
            b'}' | b']' if stack.pop().is_some() && !stack.is_empty() => {
                path.pop();
            }
            b',' => {
                if let Some(f) = stack.last_mut() {
                    if f.object {
                        f.expect_key = true;
                        f.key = None;
                    }
                }
            }
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    quoted = true;
                    break;
                }
                if let Some(f) = stack.last_mut() {
                    if f.object && f.expect_key {
                        f.key = Some(String::from_utf8_lossy(&bytes[start..j]).into_owned());
                        f.expect_key = false;
                    }
                }
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    let top = stack.last()?;
    let mut keys: Vec<String> = path.clone();
    if keys.first().is_some_and(|k| k == "cluster") {
        keys.remove(0);
    }
    let here = keys.join(".");
    if top.object && top.expect_key {
        return Some((Place::Key(here), quoted));
    }
    let prop = if top.object { top.key.clone()? } else { path.last().cloned().unwrap_or_default() };
    if !top.object {
        // An array item: the array's property is the last path element.
        keys.pop();
    }
    let parent = keys.join(".");
    let full = if parent.is_empty() { prop } else { format!("{parent}.{prop}") };
    Some((Place::Value(full), quoted))
}

fn in_directive(text: &str, offset: usize) -> bool {
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let Some(c) = before.rfind("ckslint:") else { return false };
    let rest = before[c + "ckslint:".len()..].trim_start();
    let rest = rest.strip_prefix("ignore-file").or_else(|| rest.strip_prefix("ignore"));
    rest.and_then(|r| r.strip_prefix('[')).is_some_and(|r| !r.contains(']'))
}

/// Completion: rule codes inside a suppression comment, field names valid at the
/// cursor, enum values (signing algorithms, supported versions, known zones).
pub fn completion(text: &str, format: Format, offset: usize, settings: &Settings) -> Value {
    let place = if in_directive(text, offset) {
        Some((Place::RuleCode, false))
    } else {
        match format {
            Format::Json => json_place(text, offset),
            _ => yaml_place(text, offset).map(|p| (p, false)),
        }
    };
    let mut items = Vec::new();
    let quote = |s: &str, quoted: bool| if quoted || format == Format::Yaml { s.to_string() } else { format!("\"{s}\"") };
    match place {
        Some((Place::RuleCode, _)) => {
            for r in RULES.iter().filter(|r| r.implemented) {
                items.push(json!({"label": r.code, "kind": 21, "detail": r.name, "documentation": r.summary}));
            }
        }
        Some((Place::Key(path), quoted)) => {
            if let Some(shape) = ckslint::schema::table().shape(&path) {
                for (name, prop) in shape.props.iter().filter(|(_, p)| !p.read_only) {
                    let insert = match format {
                        Format::Json if quoted => name.clone(),
                        Format::Json => format!("\"{name}\": "),
                        _ => format!("{name}: "),
                    };
                    items.push(json!({"label": name, "kind": 10, "detail": kind_name(prop.kind), "documentation": prop.about, "insertText": insert}));
                }
            }
        }
        Some((Place::Value(path), quoted)) => {
            let leaf = path.rsplit('.').next().unwrap_or("");
            let values: Vec<String> = match leaf {
                "version" if !path.contains('.') => settings.supported_versions.clone(),
                "zone" if !path.contains('.') => settings.known_zones.clone(),
                _ => enum_values(&path),
            };
            for v in values {
                items.push(json!({"label": v, "kind": 12, "insertText": quote(&v, quoted)}));
            }
        }
        None => {}
    }
    json!({"isIncomplete": false, "items": items})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, usize) {
        let o = text.find('|').unwrap();
        (text.replacen('|', "", 1), o)
    }

    #[test]
    fn yaml_places_from_indentation() {
        let cases = [
            ("name: a\n|", Place::Key("".into())),
            ("name: a\nnetwork:\n  |", Place::Key("network".into())),
            ("network:\n  podCidrName: x\n  |\n", Place::Key("network".into())),
            ("oidc:\n  signingAlgorithms:\n    - |", Place::Value("oidc.signingAlgorithms".into())),
            ("version: |", Place::Value("version".into())),
            ("cluster:\n  oidc:\n    |", Place::Key("oidc".into())),
            ("network:\n  pod_cidr_name: |", Place::Value("network.podCidrName".into())),
        ];
        for (t, want) in cases {
            let (text, o) = at(t);
            assert_eq!(yaml_place(&text, o), Some(want), "{t:?}");
        }
    }

    #[test]
    fn json_places_from_a_scan() {
        let cases = [
            ("{\"name\": \"a\", |", Place::Key("".into()), false),
            ("{\"network\": {\"|", Place::Key("network".into()), true),
            ("{\"version\": \"|", Place::Value("version".into()), true),
            ("{\"oidc\": {\"signingAlgorithms\": [\"a\", |", Place::Value("oidc.signingAlgorithms".into()), false),
            ("{\"cluster\": {\"oidc\": {|", Place::Key("oidc".into()), false),
        ];
        for (t, want, q) in cases {
            let (text, o) = at(t);
            assert_eq!(json_place(&text, o), Some((want, q)), "{t:?}");
        }
    }

    #[test]
    fn suppress_edits() {
        let t = "name: Prod\nzone: x  # ckslint: ignore[CKS210] why\nvpcId: v # note\r\nk: 1\n";
        assert_eq!(suppress_edit(t, 0, "CKS201"), Some((Span::empty(10), "  # ckslint: ignore[CKS201] TODO: say why".into())));
        let z = t.find("zone").unwrap();
        let open = t.find("ignore[").unwrap() + 7;
        assert_eq!(suppress_edit(t, z, "CKS201"), Some((Span::empty(open), "CKS201, ".into())));
        let v = t.find("vpcId").unwrap();
        assert_eq!(suppress_edit(t, v, "CKS201"), Some((Span::empty(v), "# ckslint: ignore[CKS201] TODO: say why\r\n".into())));
    }

    #[test]
    fn minimal_edits_keep_common_ends() {
        assert_eq!(minimal_edit("name: Prod-East\n", "name: prod-east\n"), (Span::new(6, 12), "prod-e"));
        assert_eq!(minimal_edit("aé", "aè"), (Span::new(1, 3), "è"));
        assert_eq!(minimal_edit("abc", "abc"), (Span::new(3, 3), ""));
    }
}
