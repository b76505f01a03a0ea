//! Helpers shared by the rule test files (`mod common;`). Not every file uses all of them.
#![allow(dead_code)]

use ckslint::{Diagnostic, FileResult};

/// Lint one text as if it were the file `path`.
pub fn lint(path: &str, text: &str) -> FileResult {
    ckslint::lint_texts(&[(path, text)]).remove(0)
}

/// (line, column, end line, end column, message) of every finding of `code`.
pub fn at(path: &str, text: &str, code: &str) -> Vec<(usize, usize, usize, usize, String)> {
    let f = lint(path, text);
    f.diagnostics
        .iter()
        .filter(|d| d.rule.code == code)
        .map(|d| {
            let (s, e) = f.positions(d.span);
            (s.line, s.column, e.line, e.column, d.message.clone())
        })
        .collect()
}

/// (line, column) where the first `code` finding starts.
pub fn start(path: &str, text: &str, code: &str) -> (usize, usize) {
    let g = &at(path, text, code)[0];
    (g.0, g.1)
}

/// (column, end column) of the first `code` finding.
pub fn cols(path: &str, text: &str, code: &str) -> (usize, usize) {
    let g = &at(path, text, code)[0];
    (g.1, g.3)
}

/// The first finding of `code` (the test fails when there is none).
pub fn first<'a>(f: &'a FileResult, code: &str) -> &'a Diagnostic {
    f.diagnostics.iter().find(|d| d.rule.code == code).unwrap_or_else(|| panic!("no {code} in {:#?}", f.diagnostics))
}

/// Apply one diagnostic's fix edits, back to front.
pub fn apply(text: &str, d: &Diagnostic) -> String {
    let mut edits = d.fix.as_ref().expect("a fix").edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = text.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.content);
    }
    out
}
