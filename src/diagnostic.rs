//! Findings as data: every rule, the loader and the schema pass produce [`Diagnostic`]s.

use crate::registry::Rule;
use crate::source::lines::Position;
use crate::source::Span;
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How safe a fix is to apply without review.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// `--fix` applies it.
    Safe,
    /// Shown as a suggestion only; changes meaning or needs a human decision.
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// Replace the bytes of `span` with `content`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub content: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub applicability: Applicability,
    pub message: String,
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn safe(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { applicability: Applicability::Safe, message: message.into(), edits }
    }
    pub fn unsafe_(message: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix { applicability: Applicability::Unsafe, message: message.into(), edits }
    }
    /// One edit replacing `span` with `content`.
    pub fn replace(applicability: Applicability, message: impl Into<String>, span: Span, content: impl Into<String>) -> Self {
        Fix { applicability, message: message.into(), edits: vec![Edit { span, content: content.into() }] }
    }
}

/// A secondary place that matters ("first listed here").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub message: String,
    pub span: Span,
    /// Set when the label points into another file (CKS401).
    pub path: Option<String>,
    /// Line/column of the label when it points into another file (filled by the producer,
    /// since that file's text is not at hand when rendering).
    pub position: Option<(crate::source::lines::Position, crate::source::lines::Position)>,
}

/// Text that is not the file itself but derived from it — the decoded audit policy —
/// shown as its own source with the fault underlined.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Embedded {
    /// A display name, e.g. `auditPolicy (decoded)`.
    pub name: String,
    /// Shared by every finding in the same decoded text (a policy of 9 MiB with a
    /// thousand findings is held once, not a thousand times).
    pub text: std::sync::Arc<str>,
    /// Span inside `text`.
    pub span: Span,
    /// Line and column of the span's ends inside `text` (filled by the producer, which
    /// indexes the text once for all its findings).
    pub start: Position,
    pub end: Position,
    pub label: String,
}

/// Decoded text up to this size is written whole in machine output; longer text is
/// written as an excerpt around the fault ([`Embedded::excerpt`]).
pub const EMBEDDED_WHOLE_LIMIT: usize = 64 * 1024;
/// Bytes of context an excerpt keeps on each side of the fault.
const EXCERPT_CONTEXT: usize = 1024;

impl Embedded {
    /// The text machine output carries, and its byte offset in [`Embedded::text`]: the
    /// whole text (offset 0) up to [`EMBEDDED_WHOLE_LIMIT`]; past it, the lines around
    /// the fault, at most about a kilobyte either side of it, so a thousand findings in
    /// a policy of megabytes do not each repeat the policy.
    pub fn excerpt(&self) -> (usize, &str) {
        let text = &*self.text;
        if text.len() <= EMBEDDED_WHOLE_LIMIT {
            return (0, text);
        }
        let floor = |mut i: usize| {
            i = i.min(text.len());
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            i
        };
        let start = floor(self.span.start);
        let end = floor(self.span.end.max(start).min(start + 4 * EXCERPT_CONTEXT));
        let low = floor(start.saturating_sub(EXCERPT_CONTEXT));
        let high = floor(end + EXCERPT_CONTEXT);
        // Whole lines where they fit in the window: two before the fault, two after.
        let mut from = start;
        for _ in 0..3 {
            match text[low..from].rfind('\n') {
                Some(i) => from = low + i,
                None => {
                    from = low;
                    break;
                }
            }
        }
        if text.as_bytes().get(from) == Some(&b'\n') && from < start {
            from += 1;
        }
        let mut to = end;
        for _ in 0..3 {
            match text[to..high].find('\n') {
                Some(i) => to += i + 1,
                None => {
                    to = high;
                    break;
                }
            }
        }
        let to = to.min(high);
        (from, &text[from..to])
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// 0-based document index within the file.
    pub document: usize,
    /// What is wrong: lower-case, no trailing period.
    pub message: String,
    /// The remedy, if there is one to say.
    pub help: Option<String>,
    /// RFC 6901 pointer of the node within its document.
    pub pointer: String,
    /// Primary span: the narrowest node at fault.
    pub span: Span,
    pub labels: Vec<Label>,
    pub fix: Option<Fix>,
    pub embedded: Option<Box<Embedded>>,
    /// On the one finding that stands for a rule's findings past the per-file cap
    /// ([`crate::lint::MAX_PER_RULE`]): how many were not listed. 0 on every other finding.
    pub omitted: usize,
    /// On that finding: in how many of the file's documents the findings not listed are
    /// (1 in a file of one document). 0 on every other finding.
    pub omitted_documents: usize,
}

impl Diagnostic {
    pub fn new(rule: &'static Rule, document: usize, span: Span, pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity,
            document,
            message: message.into(),
            help: None,
            pointer: pointer.into(),
            span,
            labels: Vec::new(),
            fix: None,
            embedded: None,
            omitted: 0,
            omitted_documents: 0,
        }
    }
    pub fn code(&self) -> &'static str {
        self.rule.code
    }
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
    pub fn with_label(mut self, span: Span, message: impl Into<String>) -> Self {
        self.labels.push(Label { message: message.into(), span, path: None, position: None });
        self
    }
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
    pub fn help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }
    pub fn label(&mut self, span: Span, message: impl Into<String>) -> &mut Self {
        self.labels.push(Label { message: message.into(), span, path: None, position: None });
        self
    }
    pub fn fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }
    pub fn embedded(&mut self, embedded: Embedded) -> &mut Self {
        self.embedded = Some(Box::new(embedded));
        self
    }
}
