//! `--format json` (version 1, SPEC §3): one object on stdout, nothing else.

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::lint::FileResult;
use crate::source::lines::Position;
use crate::source::Span;

/// Hex sha256 of the embedded request schema, computed when the crate is built
/// (`build.rs`).
pub fn schema_hash() -> &'static str {
    env!("CKSLINT_SCHEMA_SHA256")
}

/// The document header: everything but the diagnostics.
pub fn tool_value() -> serde_json::Value {
    serde_json::json!({
        "name": "ckslint",
        "version": env!("CARGO_PKG_VERSION"),
        "schema": format!("sha256:{}", schema_hash()),
    })
}

/// Write the diagnostics of one file as comma-separated JSON objects (streaming). The
/// writer is hand-made (this is a quarter of a run's output work): the same bytes as
/// `serde_json::to_writer` on the documented shape (`schema/output.schema.json`), which a
/// test holds it to.
pub fn write_file_diagnostics(file: &FileResult, first: &mut bool, out: &mut String) {
    for d in &file.diagnostics {
        if !*first {
            out.push(',');
        }
        *first = false;
        out.push_str("\n    ");
        write_diagnostic(file, d, out);
    }
}

fn write_diagnostic(file: &FileResult, d: &Diagnostic, out: &mut String) {
    let mut w = Obj::new(out);
    w.str("path", &file.path);
    w.uint("document", d.document);
    w.str("code", d.rule.code);
    w.str("rule", d.rule.name);
    w.str("severity", d.severity.as_str());
    w.str("message", &d.message);
    if let Some(help) = &d.help {
        w.str("help", help);
    }
    w.str("pointer", &d.pointer);
    if let Some(resource) = file.label(d.document) {
        w.str("resource", resource);
    }
    let (start, end) = file.positions(d.span);
    w.span(d.span, start, end);
    w.key("labels");
    w.out.push('[');
    for (i, l) in d.labels.iter().enumerate() {
        if i > 0 {
            w.out.push(',');
        }
        let (start, end) = match (&l.path, l.position) {
            (Some(_), Some(p)) => p,
            _ => file.positions(l.span),
        };
        let mut o = Obj::new(w.out);
        o.str("message", &l.message);
        o.span(l.span, start, end);
        if let Some(path) = &l.path {
            o.str("path", path);
        }
        o.close();
    }
    w.out.push(']');
    if let Some(f) = &d.fix {
        w.key("fix");
        let mut o = Obj::new(w.out);
        o.str("applicability", f.applicability.as_str());
        o.str("message", &f.message);
        o.key("edits");
        o.out.push('[');
        for (i, e) in f.edits.iter().enumerate() {
            if i > 0 {
                o.out.push(',');
            }
            let mut x = Obj::new(o.out);
            x.key("span");
            span_value(x.out, e.span);
            x.str("content", &e.content);
            x.close();
        }
        o.out.push(']');
        o.close();
    }
    if let Some(e) = &d.embedded {
        w.key("embedded");
        let (offset, text) = e.excerpt();
        let mut o = Obj::new(w.out);
        o.str("name", &e.name);
        o.str("text", text);
        if offset > 0 || text.len() < e.text.len() {
            o.uint("offset", offset);
        }
        o.str("label", &e.label);
        o.span(e.span, e.start, e.end);
        o.close();
    }
    w.key("url");
    w.out.push_str("\"ckslint explain ");
    escape_into(w.out, d.rule.code);
    w.out.push('"');
    w.close();
}

/// A JSON object being written: members separated by commas, compact like serde_json.
struct Obj<'o> {
    out: &'o mut String,
    empty: bool,
}

impl<'o> Obj<'o> {
    fn new(out: &'o mut String) -> Self {
        out.push('{');
        Obj { out, empty: true }
    }
    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        self.out.push('"');
        self.out.push_str(key);
        self.out.push_str("\":");
    }
    fn str(&mut self, key: &str, value: &str) {
        self.key(key);
        self.out.push('"');
        escape_into(self.out, value);
        self.out.push('"');
    }
    fn uint(&mut self, key: &str, value: usize) {
        self.key(key);
        uint_into(self.out, value);
    }
    /// `span`, `start` and `end`.
    fn span(&mut self, span: Span, start: Position, end: Position) {
        self.key("span");
        span_value(self.out, span);
        self.key("start");
        position_value(self.out, start);
        self.key("end");
        position_value(self.out, end);
    }
    fn close(self) {
        self.out.push('}');
    }
}

fn span_value(out: &mut String, span: Span) {
    let mut o = Obj::new(out);
    o.uint("offset", span.start);
    o.uint("length", span.len());
    o.close();
}

fn position_value(out: &mut String, p: Position) {
    let mut o = Obj::new(out);
    o.uint("line", p.line);
    o.uint("column", p.column);
    o.close();
}

fn uint_into(out: &mut String, n: usize) {
    // Most numbers here are lines, columns and short lengths: a digit or three.
    if n >= 10 {
        uint_into(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Append `s` with JSON string escapes, as serde_json writes them: `"`, `\\`, and the
/// control characters below U+0020 (short forms where JSON has them, else `\u00XX`).
/// Bytes that need no escape are found eight at a time.
pub fn escape_into(out: &mut String, s: &str) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let bytes = s.as_bytes();
    let mut run = 0; // start of the bytes not yet copied
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
            let zero = |y: u64| y.wrapping_sub(LO) & !y;
            // Bytes below 0x20, equal to `"`, or equal to `\\`; the lowest flag is exact.
            let hits = (x.wrapping_sub(LO * 0x20) & !x | zero(x ^ (LO * b'"' as u64)) | zero(x ^ (LO * b'\\' as u64))) & HI;
            if hits == 0 {
                i += 8;
                continue;
            }
            i += (hits.trailing_zeros() / 8) as usize;
        }
        let b = bytes[i];
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0..=0x1f => "",
            _ => {
                i += 1;
                continue;
            }
        };
        // `i` is at an ASCII byte: a character boundary.
        out.push_str(&s[run..i]);
        if short.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(HEX[(b >> 4) as usize] as char);
            out.push(HEX[(b & 0xf) as usize] as char);
        } else {
            out.push_str(short);
        }
        i += 1;
        run = i;
    }
    out.push_str(&s[run..]);
}

/// The header up to the start of the diagnostics array.
pub fn begin(out: &mut String) {
    out.push_str("{\n  \"version\": 1,\n  \"tool\": ");
    out.push_str(&tool_value().to_string());
    out.push_str(",\n  \"diagnostics\": [");
}

/// Close the diagnostics array and write the summary.
pub fn end(summary: &Summary, out: &mut String) {
    out.push_str("\n  ],\n  \"summary\": ");
    out.push_str(&serde_json::to_string(summary).unwrap_or_else(|_| "{}".into()));
    out.push_str("\n}\n");
}

pub fn render(files: &[FileResult], out: &mut String) {
    begin(out);
    let mut first = true;
    for f in files {
        write_file_diagnostics(f, &mut first, out);
    }
    end(&Summary::of(files), out);
}

/// JSON Schema of the `--format json` output (version 1), shipped with the binary.
pub static OUTPUT_SCHEMA: &str = include_str!("../../schema/output.schema.json");

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::lines::Position;
    use serde::Serialize;

    // The serde-derived shape the hand-made writer replaced: the reference it is held to.
    #[derive(Serialize)]
    struct SpanOut {
        offset: usize,
        length: usize,
    }

    impl From<Span> for SpanOut {
        fn from(s: Span) -> Self {
            SpanOut { offset: s.start, length: s.len() }
        }
    }

    #[derive(Serialize)]
    struct LabelOut<'a> {
        message: &'a str,
        span: SpanOut,
        start: Position,
        end: Position,
        #[serde(skip_serializing_if = "Option::is_none")]
        path: Option<&'a str>,
    }

    #[derive(Serialize)]
    struct EditOut<'a> {
        span: SpanOut,
        content: &'a str,
    }

    #[derive(Serialize)]
    struct FixOut<'a> {
        applicability: crate::diagnostic::Applicability,
        message: &'a str,
        edits: Vec<EditOut<'a>>,
    }

    #[derive(Serialize)]
    struct EmbeddedOut<'a> {
        name: &'a str,
        text: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        offset: Option<usize>,
        label: &'a str,
        span: SpanOut,
        start: Position,
        end: Position,
    }

    #[derive(Serialize)]
    struct DiagnosticOut<'a> {
        path: &'a str,
        document: usize,
        code: &'static str,
        rule: &'static str,
        severity: crate::diagnostic::Severity,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        help: Option<&'a str>,
        pointer: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        resource: Option<&'a str>,
        span: SpanOut,
        start: Position,
        end: Position,
        labels: Vec<LabelOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        fix: Option<FixOut<'a>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        embedded: Option<EmbeddedOut<'a>>,
        url: Explain,
    }

    /// `ckslint explain CODE`, written without building a string first.
    struct Explain(&'static str);

    impl Serialize for Explain {
        fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            s.collect_str(&format_args!("ckslint explain {}", self.0))
        }
    }

    fn diagnostic_out<'a>(file: &'a FileResult, d: &'a Diagnostic) -> DiagnosticOut<'a> {
        let (start, end) = file.positions(d.span);
        DiagnosticOut {
            path: &file.path,
            document: d.document,
            code: d.rule.code,
            rule: d.rule.name,
            severity: d.severity,
            message: &d.message,
            help: d.help.as_deref(),
            pointer: &d.pointer,
            resource: file.label(d.document),
            span: d.span.into(),
            start,
            end,
            labels: d
                .labels
                .iter()
                .map(|l| {
                    let (start, end) = match (&l.path, l.position) {
                        (Some(_), Some(p)) => p,
                        _ => file.positions(l.span),
                    };
                    LabelOut { message: &l.message, span: l.span.into(), start, end, path: l.path.as_deref() }
                })
                .collect(),
            fix: d.fix.as_ref().map(|f| FixOut {
                applicability: f.applicability,
                message: &f.message,
                edits: f.edits.iter().map(|e| EditOut { span: e.span.into(), content: &e.content }).collect(),
            }),
            embedded: d.embedded.as_ref().map(|e| {
                let (offset, text) = e.excerpt();
                let offset = (offset > 0 || text.len() < e.text.len()).then_some(offset);
                EmbeddedOut { name: &e.name, text, offset, label: &e.label, span: e.span.into(), start: e.start, end: e.end }
            }),
            url: Explain(d.rule.code),
        }
    }

    fn reference(file: &FileResult) -> String {
        let mut out = String::new();
        let mut first = true;
        for d in &file.diagnostics {
            if !first {
                out.push(',');
            }
            first = false;
            out.push_str("\n    ");
            out.push_str(&serde_json::to_string(&diagnostic_out(file, d)).unwrap());
        }
        out
    }

    #[test]
    fn schema_hash_is_the_sha256_of_the_embedded_schema() {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(crate::schema::REQUEST_SCHEMA.as_bytes());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(schema_hash(), hex);
        assert_eq!(hex.len(), 64);
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 1, 9, 10, 11, 99, 100, 101, 1_000_000, 1_234_567_890, usize::MAX] {
            let mut got = String::new();
            uint_into(&mut got, n);
            assert_eq!(got, n.to_string());
        }
    }

    #[test]
    fn escapes_like_serde_json_at_every_offset() {
        let specials: Vec<char> = (0u8..0x80).map(char::from).chain(['\u{7f}', '\u{80}', '\u{e9}', '\u{2028}', '\u{1f600}', '/']).collect();
        for c in specials {
            for pad in 0..18 {
                for tail in ["", "x", "abcdefghij"] {
                    let s = format!("{}{c}{tail}{c}", "p".repeat(pad));
                    let mut got = String::new();
                    escape_into(&mut got, &s);
                    assert_eq!(format!("\"{got}\""), serde_json::to_string(&s).unwrap(), "{s:?}");
                }
            }
        }
        // A byte just past a control character (borrows in the eight-at-a-time test).
        for s in ["\u{1} !\"\\", "\u{0}\u{1}\u{1f}\u{20}\u{21}\u{22}\u{5c}\u{5d}", "\u{1f}\u{20}\u{20}\u{20}\u{20}\u{20}\u{20}\u{20}\u{22}"]
        {
            let mut got = String::new();
            escape_into(&mut got, s);
            assert_eq!(format!("\"{got}\""), serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }

    #[test]
    fn writes_the_same_bytes_as_serde_json() {
        let settings = crate::lint::Settings::default();
        let mut files: Vec<FileResult> = Vec::new();
        for r in crate::registry::RULES {
            for ex in [r.bad, r.good] {
                if !ex.path.is_empty() {
                    files.push(crate::lint::lint_str(ex.path, ex.text, &settings));
                }
            }
        }
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/testdata")).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            files.push(crate::lint::lint_bytes(&path.to_string_lossy(), &bytes, &settings));
        }
        // Strings that need escapes in every field a diagnostic carries.
        files.push(crate::lint::lint_str(
            "we\"ird\\pa\tth.yaml",
            "name: \"Bad\\u0001\\\"Name\"\nzone: \"us\\tw\"\nnetwork: {pod_cidr_name: \"\\u001f\"}\n",
            &settings,
        ));
        crate::rules::cross::check(&mut files, &settings);
        let (mut fixes, mut labels, mut embedded, mut helpless) = (0, 0, 0, 0);
        for f in &files {
            let mut got = String::new();
            write_file_diagnostics(f, &mut true, &mut got);
            assert_eq!(got, reference(f), "{}", f.path);
            for d in &f.diagnostics {
                fixes += d.fix.is_some() as usize;
                labels += d.labels.iter().any(|l| l.path.is_some()) as usize;
                embedded += d.embedded.is_some() as usize;
                helpless += d.help.is_none() as usize;
            }
        }
        // Every optional part of the shape was written.
        assert!(fixes > 0 && labels > 0 && embedded > 0 && helpless > 0, "{fixes} {labels} {embedded} {helpless}");
    }
}
