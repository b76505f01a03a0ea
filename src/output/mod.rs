//! Reporters: every output format consumes the same [`crate::Diagnostic`]s.

pub mod concise;
pub mod github;
pub mod human;
pub mod json;
pub mod sarif;

use crate::diagnostic::{Applicability, Diagnostic, Severity};
use crate::lint::FileResult;

/// Totals over a run, shared by every format's summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub documents: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub fixable: usize,
}

impl Summary {
    pub fn add(&mut self, file: &FileResult) {
        self.files += 1;
        self.documents += file.documents;
        for d in &file.diagnostics {
            self.count(d);
        }
    }

    /// Count one finding (of a file already counted); the finding that stands for the
    /// unlisted findings of a rule past its cap counts as all of them.
    pub fn count(&mut self, d: &Diagnostic) {
        let n = d.omitted.max(1);
        match d.severity {
            Severity::Error => self.errors += n,
            Severity::Warning => self.warnings += n,
            Severity::Info => self.infos += n,
        }
        if d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe) {
            self.fixable += 1;
        }
    }

    /// Add the totals of another part of the run.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.documents += other.documents;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.fixable += other.fixable;
    }

    /// Count `new` instead of `old` (the same file reported again with more findings).
    pub fn replace(&mut self, old: &FileResult, new: &FileResult) {
        let mut before = Summary::default();
        before.add(old);
        let mut after = Summary::default();
        after.add(new);
        self.files = (self.files + after.files).saturating_sub(before.files);
        self.documents = (self.documents + after.documents).saturating_sub(before.documents);
        self.errors = (self.errors + after.errors).saturating_sub(before.errors);
        self.warnings = (self.warnings + after.warnings).saturating_sub(before.warnings);
        self.infos = (self.infos + after.infos).saturating_sub(before.infos);
        self.fixable = (self.fixable + after.fixable).saturating_sub(before.fixable);
    }

    pub fn of(files: &[FileResult]) -> Summary {
        let mut s = Summary::default();
        for f in files {
            s.add(f);
        }
        s
    }

    /// "2 errors, 1 warning and 0 infos in 3 files" style line.
    pub fn line(&self) -> String {
        fn plural(n: usize, one: &str) -> String {
            if n == 1 {
                format!("{n} {one}")
            } else {
                format!("{n} {one}s")
            }
        }
        let checked = format!("{} checked", plural(self.files, "file"));
        if self.errors + self.warnings + self.infos == 0 {
            return format!("All clear: no problems found ({checked}).");
        }
        let mut s = format!(
            "Found {}, {} and {} ({checked})",
            plural(self.errors, "error"),
            plural(self.warnings, "warning"),
            plural(self.infos, "info")
        );
        if self.fixable > 0 {
            s.push_str(&format!("; {} fixable with `ckslint check --fix`", self.fixable));
        }
        s.push('.');
        s
    }
}
