//! Human output: miette's graphical report per finding, then a one-line summary.
//!
//! Guards against miette's limits: a snippet is only drawn when every line it shows is
//! short (miette prints whole lines and panics on a label past column 65,535); otherwise
//! the finding is printed as `path:line:col` with the message.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::FileResult;
use crate::source::LineIndex;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::fmt::{self, Write};

/// Longest line (in bytes) drawn in a snippet.
const MAX_SNIPPET_LINE: usize = 400;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Style {
    pub color: bool,
    pub width: usize,
}

impl Style {
    pub const PLAIN: Style = Style { color: false, width: 100 };
}

/// A named source that borrows the file's text.
struct Named<'a> {
    name: &'a str,
    text: &'a str,
    /// The text's line index, when miette may be given a window of the text instead of all
    /// of it (`None`: the text has a lone `\r`, which miette counts as a line break and the
    /// index does not).
    lines: Option<&'a LineIndex>,
}

impl SourceCode for Named<'_> {
    fn read_span<'a>(&'a self, span: &SourceSpan, before: usize, after: usize) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        // miette finds a span's lines by scanning from the start of the text: once per
        // finding, that made a file with 40,000 findings take a minute. Hand it a few lines
        // around the span instead and shift its answer back (same numbers, same output).
        let (base, base_line) = match self.lines {
            Some(index) => {
                let line = index.position(self.text, span.offset()).line; // 1-based
                let first = line.saturating_sub(before + 2).max(1);
                (index.line_start(first), first - 1)
            }
            None => (0, 0),
        };
        let end = match self.lines {
            Some(index) => {
                let last = index.position(self.text, span.offset() + span.len()).line + after + 2;
                if last >= index.line_count() {
                    self.text.len()
                } else {
                    index.line_start(last + 1)
                }
            }
            None => self.text.len(),
        };
        let window = self.text.get(base..end).unwrap_or(self.text);
        let base = if window.len() == self.text.len() { 0 } else { base };
        let base_line = if base == 0 { 0 } else { base_line };
        let shifted = SourceSpan::new((span.offset() - base).into(), span.len());
        let inner = window.read_span(&shifted, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.to_string(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + base).into(), inner.span().len()),
            inner.line() + base_line,
            inner.column(),
            inner.line_count() + base_line,
        )))
    }
}

/// Whether `text` has a `\r` not followed by `\n`.
fn has_lone_cr(text: &str) -> bool {
    let b = text.as_bytes();
    b.iter().enumerate().any(|(i, &c)| c == b'\r' && b.get(i + 1) != Some(&b'\n'))
}

/// One finding as a miette diagnostic.
struct Report<'a> {
    code: String,
    message: &'a str,
    severity: Severity,
    help: Option<String>,
    source: Option<Named<'a>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Report<'a>>,
}

impl fmt::Debug for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}
impl fmt::Display for Report<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message)
    }
}
impl std::error::Error for Report<'_> {}

impl miette::Diagnostic for Report<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        self.source.as_ref().map(|s| s as &dyn SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        if self.labels.is_empty() {
            None
        } else {
            Some(Box::new(self.labels.iter().cloned()))
        }
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn miette::Diagnostic> + 'b>> {
        if self.related.is_empty() {
            None
        } else {
            Some(Box::new(self.related.iter().map(|r| r as &dyn miette::Diagnostic)))
        }
    }
}

/// Whether every line touched by these spans is short enough to draw. Looks no further
/// than a snippet line's length either side, so it costs the same on a one-line file.
fn drawable(text: &str, spans: &[crate::source::Span]) -> bool {
    spans.iter().all(|s| {
        let (a, b) = (s.start.min(text.len()), s.end.min(text.len()));
        if !text.is_char_boundary(a) || !text.is_char_boundary(b) || s.end > text.len() || b - a > MAX_SNIPPET_LINE {
            return false;
        }
        let bytes = text.as_bytes();
        let lo = a.saturating_sub(MAX_SNIPPET_LINE + 1);
        let start = match bytes[lo..a].iter().rposition(|&c| c == b'\n') {
            Some(i) => lo + i + 1,
            None if lo == 0 => 0,
            None => return false,
        };
        let hi = (b + MAX_SNIPPET_LINE + 1).min(bytes.len());
        let end = match bytes[b..hi].iter().position(|&c| c == b'\n') {
            Some(i) => b + i,
            None if hi == bytes.len() => bytes.len(),
            None => return false,
        };
        end - start <= MAX_SNIPPET_LINE
    })
}

fn build<'a>(file: &'a FileResult, lines: Option<&'a LineIndex>, d: &'a Diagnostic) -> Report<'a> {
    let mut help = d.help.clone();
    let mut notes = Vec::new();
    for l in d.labels.iter().filter(|l| l.path.is_some()) {
        let (start, _) = l.position.unwrap_or_else(|| file.positions(l.span));
        notes.push(format!("{}: {}:{}:{}", l.message, l.path.as_deref().unwrap_or(""), start.line, start.column));
    }
    if let Some(fix) = &d.fix {
        let how = match fix.applicability {
            crate::diagnostic::Applicability::Safe => "fix (applied by --fix)",
            crate::diagnostic::Applicability::Unsafe => "suggested fix (not applied automatically)",
        };
        notes.push(format!("{how}: {}", fix.message));
    }
    if !notes.is_empty() {
        let mut h = help.unwrap_or_default();
        for n in notes {
            if !h.is_empty() {
                h.push('\n');
            }
            h.push_str(&n);
        }
        help = Some(h);
    }
    let local: Vec<_> = d.labels.iter().filter(|l| l.path.is_none()).collect();
    let mut spans = vec![d.span];
    spans.extend(local.iter().map(|l| l.span));
    let hidden = crate::terraform::plan::is_sensitive_finding(d);
    let (source, labels, message_prefix) = if !hidden && drawable(&file.source, &spans) {
        let mut labels = vec![LabeledSpan::new_primary_with_span(None, (d.span.start, d.span.len()))];
        labels.extend(local.iter().map(|l| LabeledSpan::new_with_span(Some(l.message.clone()), (l.span.start, l.span.len()))));
        (Some(Named { name: &file.path, text: &file.source, lines }), labels, None)
    } else {
        let (start, _) = file.positions(d.span);
        // A minified plan is one line of megabytes: show a bounded window around the fault.
        let plan = file.format == crate::terraform::plan::FORMAT;
        // Only for a plan: the window walks the line, a megabyte in a one-line JSON file.
        if let Some(w) = (plan && !hidden).then(|| crate::terraform::plan::window(&file.source, d.span)).flatten() {
            let h = help.get_or_insert_with(String::new);
            if !h.is_empty() {
                h.push('\n');
            }
            h.push_str(&w);
        }
        (None, Vec::new(), Some(format!("{}:{}:{}", file.path, start.line, start.column)))
    };
    let mut related = Vec::new();
    if let Some(e) = &d.embedded {
        if drawable(&e.text, &[e.span]) {
            related.push(Report {
                code: String::new(),
                message: &e.label,
                severity: d.severity,
                help: None,
                source: Some(Named { name: &e.name, text: &e.text, lines: None }),
                labels: vec![LabeledSpan::new_primary_with_span(Some(e.label.clone()), (e.span.start, e.span.len()))],
                related: Vec::new(),
            });
        }
    }
    let mut code = format!("{} {}", d.rule.code, d.rule.name);
    if let Some(p) = message_prefix {
        code = format!("{p}: {code}");
    }
    // A Terraform document leads with the resource address and the attribute path.
    if let Some(resource) = file.label(d.document) {
        code = match crate::terraform::plan::attribute_path(&d.pointer) {
            Some(attr) if !attr.is_empty() => format!("{resource} {attr}: {code}"),
            _ => format!("{resource}: {code}"),
        };
    }
    Report { code, message: &d.message, severity: d.severity, help, source, labels, related }
}

fn handler(style: Style) -> GraphicalReportHandler {
    let theme = if style.color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    GraphicalReportHandler::new_themed(theme).with_links(false).with_width(style.width).with_context_lines(1)
}

/// Findings of one rule drawn in full per file when it has more than [`GROUP_FROM`] in
/// the file (all its documents together); the rest of that rule's findings are one line
/// at the end of the file's report (README "Bounded cost").
pub const SHOWN_PER_RULE: usize = 10;
/// A rule with at most this many findings in a file has all of them drawn.
pub const GROUP_FROM: usize = 20;

/// Render one file's findings.
pub fn render_file(file: &FileResult, style: Style, out: &mut String) {
    let h = handler(style);
    let lines = (!file.diagnostics.is_empty() && !has_lone_cr(&file.source)).then(|| file.line_index());
    // Rule → findings drawn, findings not drawn, documents with findings not drawn; in
    // first-seen order. By rule across the file, not by document: a stream of 60,000
    // documents with two findings each draws 20, not 120,000.
    let mut groups: Vec<(&'static crate::registry::Rule, usize, usize, usize)> = Vec::new();
    let mut index: std::collections::HashMap<&'static str, usize> = std::collections::HashMap::new();
    let mut totals: Vec<usize> = Vec::new();
    let mut last_hidden_document: Vec<Option<usize>> = Vec::new();
    for d in &file.diagnostics {
        let g = *index.entry(d.rule.code).or_insert_with(|| {
            groups.push((d.rule, 0, 0, 0));
            totals.push(0);
            last_hidden_document.push(None);
            groups.len() - 1
        });
        totals[g] += d.omitted.max(1);
    }
    // `documents`: how many documents the `n` hidden findings are in, the first of them
    // `document` (a finding that counts findings not listed knows how many documents).
    let mut hide =
        |groups: &mut Vec<(&'static crate::registry::Rule, usize, usize, usize)>, g: usize, n: usize, document: usize, documents: usize| {
            groups[g].2 += n;
            let shared = usize::from(last_hidden_document[g] == Some(document));
            last_hidden_document[g] = Some(document);
            groups[g].3 += documents.saturating_sub(shared);
        };
    for d in &file.diagnostics {
        let g = index[d.rule.code];
        if d.omitted > 0 {
            hide(&mut groups, g, d.omitted, d.document, d.omitted_documents.max(1));
            continue;
        }
        if totals[g] > GROUP_FROM && groups[g].1 >= SHOWN_PER_RULE {
            hide(&mut groups, g, 1, d.document, 1);
            continue;
        }
        groups[g].1 += 1;
        let report = build(file, lines, d);
        if h.render_report(out, &report).is_err() {
            let (start, _) = file.positions(d.span);
            let _ = writeln!(out, "{}:{}:{}: {}[{}] {}", file.path, start.line, start.column, d.severity, d.rule.code, d.message);
        }
        out.push('\n');
    }
    for (rule, _, hidden, documents) in groups {
        if hidden == 0 {
            continue;
        }
        let place = if file.documents > 1 {
            let n = crate::lint::thousands(documents);
            format!("{} ({n} document{})", file.path, if documents == 1 { "" } else { "s" })
        } else {
            file.path.clone()
        };
        let _ = writeln!(
            out,
            "… and {} more {} {} in {place}, not shown here (`--format concise` lists up to {} per rule and file)\n",
            crate::lint::thousands(hidden),
            rule.code,
            rule.name,
            crate::lint::thousands(crate::lint::MAX_PER_RULE)
        );
    }
}

/// Plain rendering (no colour, width 100) of one file's findings, for tests and snapshots.
pub fn render_plain(file: &FileResult) -> String {
    let mut out = String::new();
    render_file(file, Style::PLAIN, &mut out);
    out
}
