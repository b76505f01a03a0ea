//! `check --statistics`: how many findings each rule reported, instead of the findings.

use ckslint::diagnostic::{Applicability, Diagnostic};
use ckslint::lint::FileResult;
use ckslint::registry::{self, Rule, RULES};

/// Findings per rule over a run, indexed like [`RULES`]: (count, safely fixable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    counts: Vec<(usize, usize)>,
}

impl Tally {
    pub fn count(&mut self, d: &Diagnostic) {
        if self.counts.is_empty() {
            self.counts = vec![(0, 0); RULES.len()];
        }
        let Some(c) = self.counts.get_mut(registry::index_of(d.rule)) else { return };
        c.0 += 1;
        if d.fix.as_ref().is_some_and(|f| f.applicability == Applicability::Safe) {
            c.1 += 1;
        }
    }

    /// Count every finding of a file.
    pub fn add(&mut self, file: &FileResult) {
        file.diagnostics.iter().for_each(|d| self.count(d));
    }

    /// Count `new` instead of `old` (the same file reported again with more findings).
    pub fn replace(&mut self, old: &FileResult, new: &FileResult) {
        let mut before = Tally::default();
        before.add(old);
        self.add(new);
        for (a, b) in self.counts.iter_mut().zip(&before.counts) {
            a.0 = a.0.saturating_sub(b.0);
            a.1 = a.1.saturating_sub(b.1);
        }
    }

    pub fn merge(&mut self, other: &Tally) {
        if other.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            self.counts = other.counts.clone();
            return;
        }
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            a.0 += b.0;
            a.1 += b.1;
        }
    }

    /// The rules that reported something: most findings first, then by code.
    pub fn rows(&self) -> Vec<(&'static Rule, usize, usize)> {
        let mut rows: Vec<_> = RULES.iter().zip(&self.counts).filter(|(_, c)| c.0 > 0).map(|(r, c)| (*r, c.0, c.1)).collect();
        rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.code.cmp(b.0.code)));
        rows
    }

    /// One line per rule: count, code, name, and how many `--fix` can fix.
    pub fn text(&self) -> String {
        let rows = self.rows();
        let count_width = rows.iter().map(|r| r.1.to_string().len()).max().unwrap_or(1);
        let name_width = rows.iter().map(|r| r.0.name.len()).max().unwrap_or(0);
        let mut out = String::new();
        for (rule, count, fixable) in rows {
            let fix = if fixable > 0 { format!("  [{fixable} fixable]") } else { String::new() };
            let line = format!("{count:>count_width$}  {}  {:<name_width$}{fix}", rule.code, rule.name);
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }

    /// The statistics as a JSON document (`--statistics --format json`).
    pub fn json(&self, summary: &ckslint::output::Summary) -> String {
        let rows: Vec<_> = self
            .rows()
            .into_iter()
            .map(|(r, count, fixable)| {
                serde_json::json!({
                    "code": r.code,
                    "name": r.name,
                    "count": count,
                    "fixable": fixable,
                })
            })
            .collect();
        let doc = serde_json::json!({ "version": 1, "statistics": rows, "summary": summary });
        let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
        s.push('\n');
        s
    }
}
