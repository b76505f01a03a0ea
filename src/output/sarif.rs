//! `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, GitLab, Azure).
//!
//! The rule table comes from the registry; each finding is one result with a physical
//! location (relative URI, line/column region counted in Unicode code points, byte
//! offsets), related locations for labels, and `fixes` where a fix exists.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::registry::RULES;
use crate::source::Span;
use serde_json::{json, Value};

fn level(sev: Severity) -> &'static str {
    match sev {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// Percent-encode a relative path for use as a URI reference (keeps `/`).
pub fn uri_of(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn rules_table() -> Value {
    Value::Array(
        RULES
            .iter()
            .map(|r| {
                let mut full = r.what.trim().to_string();
                if full.is_empty() {
                    full = r.summary.to_string();
                }
                json!({
                    "id": r.code,
                    "name": r.name,
                    "shortDescription": {"text": r.summary},
                    "fullDescription": {"text": full},
                    "help": {"text": crate::docs::explain_text(r)},
                    "defaultConfiguration": {"level": level(r.severity)},
                    "properties": {"tags": [area_of(r.code)], "fixable": r.fix.is_some()}
                })
            })
            .collect(),
    )
}

fn area_of(code: &str) -> &'static str {
    match &code[3..5] {
        c if c.starts_with('0') => "input",
        c if c.starts_with('1') => "structure",
        "20" => "identity",
        "21" => "network",
        "22" => "certificate",
        "23" => "audit-policy",
        "24" => "kubelet",
        "25" => "authentication",
        c if c.starts_with('3') => "security",
        c if c.starts_with('4') => "cross-document",
        _ => "suppression",
    }
}

fn region(file: &FileResult, span: Span) -> Value {
    let (start, end) = file.positions(span);
    json!({
        "startLine": start.line,
        "startColumn": start.column,
        "endLine": end.line,
        "endColumn": end.column,
        "byteOffset": span.start,
        "byteLength": span.len(),
    })
}

fn result(file: &FileResult, d: &Diagnostic) -> Value {
    let uri = uri_of(&file.path);
    let mut text = d.message.clone();
    if let Some(h) = &d.help {
        text.push_str(&format!("\nhelp: {h}"));
    }
    let mut r = json!({
        "ruleId": d.rule.code,
        "ruleIndex": crate::registry::index_of(d.rule),
        "level": level(d.severity),
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                "region": region(file, d.span),
            },
            "logicalLocations": [logical(file, d)],
        }],
        "properties": {"document": d.document, "pointer": d.pointer},
    });
    if let Some(resource) = file.label(d.document) {
        r["properties"]["resource"] = json!(resource);
    }
    if !d.labels.is_empty() {
        let related: Vec<Value> = d
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let region = match (&l.path, l.position) {
                    (Some(_), Some((s, e))) => json!({
                        "startLine": s.line, "startColumn": s.column, "endLine": e.line, "endColumn": e.column,
                        "byteOffset": l.span.start, "byteLength": l.span.len(),
                    }),
                    _ => region(file, l.span),
                };
                let luri = uri_of(l.path.as_deref().unwrap_or(&file.path));
                json!({
                    "id": i + 1,
                    "message": {"text": l.message},
                    "physicalLocation": {"artifactLocation": {"uri": luri, "uriBaseId": "%SRCROOT%"}, "region": region},
                })
            })
            .collect();
        r["relatedLocations"] = Value::Array(related);
    }
    if let Some(fix) = &d.fix {
        let replacements: Vec<Value> = fix
            .edits
            .iter()
            .map(|e| {
                json!({
                    "deletedRegion": {"byteOffset": e.span.start, "byteLength": e.span.len()},
                    "insertedContent": {"text": e.content},
                })
            })
            .collect();
        r["fixes"] = json!([{
            "description": {"text": format!("{} ({})", fix.message, match fix.applicability {
                crate::diagnostic::Applicability::Safe => "safe",
                crate::diagnostic::Applicability::Unsafe => "unsafe",
            })},
            "artifactChanges": [{"artifactLocation": {"uri": uri_of(&file.path), "uriBaseId": "%SRCROOT%"}, "replacements": replacements}],
        }]);
    }
    r
}

/// Stands in for the results array while the log's frame is serialized.
const RESULTS: &str = "@@ckslint-results@@";

/// The SARIF log of a run, split around its results: the text up to and including `[`,
/// and from `]` to the end. `artifacts` are the run's files (path, length) in order.
/// Results go between, written per file by [`write_file_results`], so a run streams.
pub fn frame<'a>(artifacts: impl Iterator<Item = (&'a str, usize)>) -> (String, String) {
    let artifacts: Vec<Value> =
        artifacts.map(|(path, len)| json!({"location": {"uri": uri_of(path), "uriBaseId": "%SRCROOT%"}, "length": len})).collect();
    let mut run = json!({
        "tool": {"driver": {
            "name": "ckslint",
            "version": env!("CARGO_PKG_VERSION"),
            "semanticVersion": env!("CARGO_PKG_VERSION"),
            "rules": rules_table(),
        }},
        "columnKind": "unicodeCodePoints",
        "artifacts": artifacts,
        "results": RESULTS,
    });
    if let Ok(cwd) = std::env::current_dir() {
        let mut base = cwd.to_string_lossy().replace('\\', "/");
        if !base.ends_with('/') {
            base.push('/');
        }
        if !base.starts_with('/') {
            base.insert(0, '/');
        }
        run["originalUriBaseIds"] = json!({"%SRCROOT%": {"uri": format!("file://{}", uri_of(&base))}});
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [run],
    });
    let text = serde_json::to_string_pretty(&log).unwrap_or_default();
    let marker = format!("\"{RESULTS}\"");
    match text.find(&marker) {
        Some(at) => (format!("{}[", &text[..at]), format!("]{}\n", &text[at + marker.len()..])),
        None => (String::from("{\"version\": \"2.1.0\", \"runs\": [{\"results\": ["), String::from("]}]}\n")),
    }
}

/// The results of one file: JSON objects separated by commas.
pub fn write_file_results(file: &FileResult, out: &mut String) {
    for (i, d) in file.diagnostics.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&serde_json::to_string(&result(file, d)).unwrap_or_else(|_| "{}".into()));
    }
}

pub fn render(files: &[FileResult], out: &mut String) {
    let (head, tail) = frame(files.iter().map(|f| (f.path.as_str(), f.len)));
    out.push_str(&head);
    let mut first = true;
    for f in files.iter().filter(|f| !f.diagnostics.is_empty()) {
        if !first {
            out.push_str(",\n");
        }
        first = false;
        write_file_results(f, out);
    }
    out.push_str(&tail);
}

/// The finding's logical location: the Terraform resource address when the document has
/// one (`coreweave_cks_cluster.main`), else the document's index; the pointer after it.
fn logical(file: &FileResult, d: &Diagnostic) -> Value {
    let pointer = if d.pointer.is_empty() { String::new() } else { format!(" {}", d.pointer) };
    match file.label(d.document) {
        Some(resource) => json!({"fullyQualifiedName": format!("{resource}{pointer}"), "name": resource, "kind": "resource"}),
        None => json!({"fullyQualifiedName": format!("document {}{pointer}", d.document), "kind": "member"}),
    }
}
