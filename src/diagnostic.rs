//! Findings as data: every rule, the loader and the schema pass produce [`Diagnostic`]s.

use crate::registry::Rule;
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
    pub text: String,
    /// Span inside `text`.
    pub span: Span,
    pub label: String,
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
