//! The two Terraform syntaxes of the loader seam: HCL (`.tf`) and Terraform's JSON
//! syntax (`.tf.json`). Both load each `resource "coreweave_cks_cluster"` as one request
//! document (through [`super::config`]), speak Terraform in messages and fixes, and
//! cannot set what the provider does not expose.

use super::mapping::{self, CLUSTER};
use crate::diagnostic::{Diagnostic, Edit};
use crate::source::syntax::{Capabilities, Editor, Syntax};
use crate::source::{edit, Format, Member, Node, Parsed, Span};

/// `.tf` files (HCL native syntax).
pub const FORMAT: Format = Format::named("terraform");
/// `.tf.json` files (Terraform's JSON syntax).
pub const JSON_FORMAT: Format = Format::named("terraform-json");

pub struct HclSyntax;
pub static HCL: HclSyntax = HclSyntax;

pub struct TfJsonSyntax;
pub static TF_JSON: TfJsonSyntax = TfJsonSyntax;

const CAPABILITIES: Capabilities =
    Capabilities { comments: true, mapped_names: true, yaml_scalars: false, cannot_set: mapping::CANNOT_SET };

/// The cheap test before parsing a discovered file: it names the resource type.
fn mentions_cluster(bytes: &[u8]) -> bool {
    memchr::memmem::find(bytes, b"coreweave_cks_cluster").is_some()
}

/// Messages, help and fix descriptions in Terraform names (`pod_cidr_name`), about the
/// resource rather than a request.
fn speak(d: &mut Diagnostic) {
    d.message = resource_terms(&d.message);
    d.help = d.help.as_deref().map(resource_terms);
    if let Some(f) = &mut d.fix {
        f.message = mapping::speak_terraform(&f.message);
    }
}

fn resource_terms(text: &str) -> String {
    mapping::speak_terraform(text)
        .replace("in a create-cluster request", "in a `coreweave_cks_cluster` resource")
        .replace("the request ", "the resource ")
}

impl Syntax for HclSyntax {
    fn format(&self) -> Format {
        FORMAT
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["tf"]
    }
    fn sniff(&self, _body: &[u8]) -> bool {
        false
    }
    fn parse(&self, source: &str) -> Parsed {
        super::config::load(None, source, 0, false)
    }
    fn load(&self, path: &str, source: &str, max_file_size: usize) -> Parsed {
        super::config::load(Some(path), source, max_file_size, false)
    }
    fn may_hold_request(&self, bytes: &[u8]) -> bool {
        mentions_cluster(bytes)
    }
    fn sniffs_requests(&self) -> bool {
        false
    }
    fn localize(&self, diagnostic: &mut Diagnostic) {
        speak(diagnostic);
    }
    fn comments(&self, source: &str, _parsed: &Parsed) -> Vec<Span> {
        hcl_comments(source)
    }
    fn editor(&self) -> &'static dyn Editor {
        &HclEditor
    }
    fn capabilities(&self) -> Capabilities {
        CAPABILITIES
    }
}

impl Syntax for TfJsonSyntax {
    fn format(&self) -> Format {
        JSON_FORMAT
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["tf.json"]
    }
    fn sniff(&self, _body: &[u8]) -> bool {
        false
    }
    fn parse(&self, source: &str) -> Parsed {
        super::config::load(None, source, 0, true)
    }
    fn load(&self, path: &str, source: &str, max_file_size: usize) -> Parsed {
        super::config::load(Some(path), source, max_file_size, true)
    }
    fn may_hold_request(&self, bytes: &[u8]) -> bool {
        mentions_cluster(bytes)
    }
    fn sniffs_requests(&self) -> bool {
        false
    }
    fn localize(&self, diagnostic: &mut Diagnostic) {
        speak(diagnostic);
    }
    fn comments(&self, _source: &str, _parsed: &Parsed) -> Vec<Span> {
        Vec::new()
    }
    fn editor(&self) -> &'static dyn Editor {
        &TfJsonEditor
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities { comments: false, ..CAPABILITIES }
    }
}

/// The Terraform spelling of the API name `to` (a rename target): `podCidrName` →
/// `pod_cidr_name`, `signingAlgorithms` → `signing_algs`; other names stay.
pub fn tf_name(to: &str) -> &str {
    for a in CLUSTER {
        if a.api.rsplit('/').next() == Some(to) {
            return a.tf;
        }
        if let Some(n) = a.nested.iter().find(|n| n.api == to) {
            return n.tf;
        }
    }
    to
}

/// HCL text: strings are double-quoted with HCL escapes (`$${` and `%%{` keep a
/// template sequence literal), members sit on lines of their own or between commas.
pub struct HclEditor;

/// `s` as an HCL quoted string.
pub fn hcl_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

impl Editor for HclEditor {
    fn replace_string(&self, source: &str, node: &Node, new: &str) -> Edit {
        let raw = source.get(node.span().start..node.span().end).unwrap_or("");
        let value = node.as_str().unwrap_or("");
        let verbatim =
            raw.len() == value.len() + 2 && raw.starts_with('"') && raw.ends_with('"') && raw.get(1..raw.len() - 1) == Some(value);
        let plain = |s: &str| !s.contains(['"', '\\']) && !s.contains("${") && !s.contains("%{") && !s.chars().any(char::is_control);
        if verbatim && plain(new) && !value.ends_with('$') && !value.ends_with('%') {
            return Edit { span: Span::new(node.span().start + 1, node.span().end - 1), content: new.to_string() };
        }
        // A heredoc's span may end with its line break: keep it.
        let mut span = node.span();
        span.end = span.start + raw.trim_end_matches(['\n', '\r']).len();
        Edit { span, content: hcl_quote(new) }
    }
    fn remove_member(&self, source: &str, parent: &Node, index: usize) -> Option<Edit> {
        let members = parent.as_object()?;
        let m = members.get(index)?;
        let full = |m: &Member| Span::new(m.key_span().start, m.value.span().end.max(m.key_span().end));
        let this = full(m);
        // Alone on its line(s): remove the lines (a trailing comment goes with them).
        let start = edit::line_start(source, this.start);
        if edit::only_blank(&source[start..this.start]) {
            let le = source[this.end..].find('\n').map_or(source.len(), |i| this.end + i + 1);
            let rest = source[this.end..le].trim();
            if rest.is_empty() || rest.starts_with('#') || rest.starts_with("//") {
                return Some(Edit { span: Span::new(start, le), content: String::new() });
            }
        }
        // Between commas inside the object's braces (`{ a = 1, b = 2 }`).
        let inside = parent.span().start <= this.start && this.end <= parent.span().end;
        inside
            .then(|| edit::remove_from_flow(|i| members.get(i).map(full), members.len(), parent.span(), index))
            .flatten()
            .map(|span| Edit { span, content: String::new() })
    }
    fn remove_item(&self, source: &str, list: &Node, index: usize) -> Option<Edit> {
        edit::remove_item(source, list, index)
    }
    fn rename_key(&self, source: &str, member: &Member, to: &str) -> Edit {
        edit::rename_key(source, member, tf_name(to))
    }
}

/// Terraform's JSON syntax: JSON edits, Terraform names.
pub struct TfJsonEditor;

impl Editor for TfJsonEditor {
    fn replace_string(&self, source: &str, node: &Node, new: &str) -> Edit {
        edit::replace_string(source, node, new)
    }
    fn remove_member(&self, source: &str, parent: &Node, index: usize) -> Option<Edit> {
        // The network fields are flat in the file: the synthetic container is not theirs.
        let m = parent.as_object()?.get(index)?;
        (parent.span().start <= m.key_span().start && m.value.span().end <= parent.span().end)
            .then(|| edit::remove_member_at(source, parent, index))
            .flatten()
    }
    fn remove_item(&self, source: &str, list: &Node, index: usize) -> Option<Edit> {
        edit::remove_item(source, list, index)
    }
    fn rename_key(&self, source: &str, member: &Member, to: &str) -> Edit {
        edit::rename_key(source, member, tf_name(to))
    }
}

/// Spans of the `#` and `//` comments of HCL text (to the end of the line, a `\r`
/// included), outside strings, heredocs and `/* */` comments.
pub fn hcl_comments(text: &str) -> Vec<Span> {
    let b = text.as_bytes();
    let eol = |i: usize| memchr::memchr(b'\n', &b[i..]).map_or(b.len(), |n| i + n);
    let mut out = Vec::new();
    let mut i = 0;
    let mut heredoc: Option<&str> = None;
    while i < b.len() {
        if let Some(end) = heredoc {
            // Inside a heredoc: whole lines until the closing delimiter.
            let e = eol(i);
            if text[i..e].trim() == end {
                heredoc = None;
            }
            i = e + 1;
            continue;
        }
        match b[i] {
            b'"' => {
                // A quoted string (templates may nest quotes inside `${ }`: count braces).
                i += 1;
                let mut depth = 0usize;
                while i < b.len() && b[i] != b'\n' {
                    match b[i] {
                        b'\\' => i += 1,
                        b'$' | b'%' if b.get(i + 1) == Some(&b'{') => {
                            depth += 1;
                            i += 1;
                        }
                        b'}' if depth > 0 => depth -= 1,
                        b'"' if depth == 0 => break,
                        _ => {}
                    }
                    i += 1;
                }
                i += 1;
            }
            b'#' => {
                let e = eol(i);
                out.push(Span::new(i, e));
                i = e;
            }
            b'/' if b.get(i + 1) == Some(&b'/') => {
                let e = eol(i);
                out.push(Span::new(i, e));
                i = e;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i = memchr::memmem::find(&b[i + 2..], b"*/").map_or(b.len(), |n| i + 2 + n + 2);
            }
            b'<' if b.get(i + 1) == Some(&b'<') => {
                let mut j = i + 2;
                if b.get(j) == Some(&b'-') {
                    j += 1;
                }
                let k = (j..b.len()).find(|&k| !(b[k].is_ascii_alphanumeric() || b[k] == b'_')).unwrap_or(b.len());
                if k > j {
                    heredoc = Some(&text[j..k]);
                    i = eol(k) + 1;
                } else {
                    i += 2;
                }
            }
            _ => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_outside_strings_and_heredocs() {
        let text = "a = \"x # no // no\" # yes\r\n// top\nb = <<EOT\n# no\nEOT\n/* # no */ c = \"${f(\"#\")}\" # end";
        let got: Vec<&str> = hcl_comments(text).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, ["# yes\r", "// top", "# end"]);
    }

    #[test]
    fn quoting_and_names() {
        assert_eq!(hcl_quote("a\"b\\c${x}%{y}$z"), r#""a\"b\\c$${x}%%{y}$z""#);
        assert_eq!(tf_name("podCidrName"), "pod_cidr_name");
        assert_eq!(tf_name("signingAlgorithms"), "signing_algs");
        assert_eq!(tf_name("version"), "version");
        assert_eq!(tf_name("maxPods"), "maxPods");
    }
}
