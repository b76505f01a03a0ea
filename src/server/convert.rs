//! Between the library's findings (byte spans) and the protocol (URIs, positions in the
//! negotiated encoding, LSP diagnostics).

use ckslint::source::lines::{Encoding, PositionIndex, TextPosition};
use ckslint::source::Span;
use ckslint::{Diagnostic, Severity};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// A document's text with its position index.
pub struct Text<'a> {
    pub text: &'a str,
    pub index: &'a PositionIndex,
    pub encoding: Encoding,
}

impl Text<'_> {
    pub fn position(&self, offset: usize) -> Value {
        let p = self.index.position(self.text, offset, self.encoding);
        json!({"line": p.line, "character": p.character})
    }
    pub fn range(&self, span: Span) -> Value {
        json!({"start": self.position(span.start), "end": self.position(span.end)})
    }
    pub fn offset(&self, position: &Value) -> usize {
        let get = |k: &str| position.get(k).and_then(Value::as_u64).unwrap_or(0).min(u32::MAX as u64) as u32;
        self.index.offset(self.text, TextPosition { line: get("line"), character: get("character") }, self.encoding)
    }
    /// A protocol range as a byte span (start ≤ end).
    pub fn span(&self, range: &Value) -> Span {
        let a = self.offset(&range["start"]);
        let b = self.offset(&range["end"]);
        Span::new(a.min(b), a.max(b))
    }
}

/// The file path of a `file:` URI (percent-decoded; `file:///C%3A/x` on Windows too).
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // `file://localhost/x` and `file:///x`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = (bytes[i] == b'%' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        if let Some(b) = hex {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    let s = String::from_utf8(out).ok()?;
    // `/C:/x` → `C:/x` on Windows.
    #[cfg(windows)]
    let s = match s.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() => s[1..].to_string(),
        _ => s,
    };
    Some(PathBuf::from(s))
}

/// A `file:` URI for a path (bytes other than unreserved ones and `/` percent-encoded).
pub fn path_to_uri(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

pub fn severity(s: Severity) -> u8 {
    match s {
        Severity::Error => 1,
        Severity::Warning => 2,
        Severity::Info => 3,
    }
}

/// What the client can show.
#[derive(Clone, Default)]
pub struct DiagnosticOptions {
    pub related_information: bool,
    pub tags: bool,
    /// `ruleDocsUrl` initialization option: a link per rule (`{code}`, `{name}` replaced).
    pub docs_url: Option<String>,
}

/// One finding as an LSP diagnostic. `other` gives the text of another document by
/// the path a label names (CKS401 labels point into other open documents).
pub fn diagnostic<'a>(
    d: &Diagnostic,
    here: &Text,
    uri: &str,
    opts: &DiagnosticOptions,
    other: &dyn Fn(&str) -> Option<(String, Text<'a>)>,
) -> Value {
    let mut message = d.message.clone();
    if let Some(h) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(h);
    }
    let mut v = json!({
        "range": here.range(d.span),
        "severity": severity(d.severity),
        "code": d.rule.code,
        "source": "ckslint",
        "message": message,
    });
    if let Some(url) = &opts.docs_url {
        v["codeDescription"] = json!({"href": url.replace("{code}", d.rule.code).replace("{name}", d.rule.name)});
    }
    if opts.tags && d.rule.code == "CKS901" {
        v["tags"] = json!([1]);
    }
    if opts.related_information && !d.labels.is_empty() {
        let mut related = Vec::new();
        for l in &d.labels {
            match &l.path {
                None => related.push(json!({"location": {"uri": uri, "range": here.range(l.span)}, "message": l.message})),
                Some(p) => {
                    if let Some((u, t)) = other(p) {
                        related.push(json!({"location": {"uri": u, "range": t.range(l.span)}, "message": l.message}));
                    }
                }
            }
        }
        if !related.is_empty() {
            v["relatedInformation"] = Value::Array(related);
        }
    }
    v
}

/// The diagnostic shown when linting a document panicked: the server goes on, the text
/// is untouched.
pub fn internal_error(what: &str) -> Value {
    json!({
        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
        "severity": 1,
        "code": "internal-error",
        "source": "ckslint",
        "message": format!("internal error: ckslint failed while linting this document ({what}); the other documents are unaffected\nhelp: please report this with the file"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_round_trip_with_spaces_and_non_ascii() {
        let p = Path::new("/tmp/my dir/東京 #1.yaml");
        let u = path_to_uri(p);
        assert_eq!(u, "file:///tmp/my%20dir/%E6%9D%B1%E4%BA%AC%20%231.yaml");
        assert_eq!(uri_to_path(&u).as_deref(), Some(p));
        assert_eq!(uri_to_path("file:///a/b%2"), Some(PathBuf::from("/a/b%2")));
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
    }
}
