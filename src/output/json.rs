//! `--format json` (version 1, SPEC §3): one object on stdout, nothing else.

use super::Summary;
use crate::diagnostic::Diagnostic;
use crate::lint::FileResult;
use crate::source::lines::Position;
use crate::source::{LineIndex, Span};
use serde::Serialize;

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

/// Hex sha256 of the embedded request schema, computed once.
pub fn schema_hash() -> &'static str {
    use sha2::{Digest, Sha256};
    static HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        let digest = Sha256::digest(crate::schema::REQUEST_SCHEMA.as_bytes());
        digest.iter().map(|b| format!("{b:02x}")).collect()
    });
    &HASH
}

/// The document header: everything but the diagnostics.
pub fn tool_value() -> serde_json::Value {
    serde_json::json!({
        "name": "ckslint",
        "version": env!("CARGO_PKG_VERSION"),
        "schema": format!("sha256:{}", schema_hash()),
    })
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
            let idx = LineIndex::new(&e.text);
            let (start, end) = idx.span_positions(&e.text, e.span);
            EmbeddedOut { name: &e.name, text: &e.text, label: &e.label, span: e.span.into(), start, end }
        }),
        url: Explain(d.rule.code),
    }
}

/// Write the diagnostics of one file as comma-separated JSON objects (streaming).
pub fn write_file_diagnostics(file: &FileResult, first: &mut bool, out: &mut String) {
    for d in &file.diagnostics {
        if !*first {
            out.push(',');
        }
        *first = false;
        out.push_str("\n    ");
        let mut buf = Vec::with_capacity(512);
        match serde_json::to_writer(&mut buf, &diagnostic_out(file, d)).map(|()| String::from_utf8(buf)) {
            Ok(Ok(text)) => out.push_str(&text),
            _ => out.push_str("null"),
        }
    }
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
