//! `path:line:col: severity[CODE] message` — one line per finding, for quickfix lists and grep.

use crate::lint::FileResult;
use std::fmt::Write;

pub fn render(files: &[FileResult], out: &mut String) {
    for file in files {
        render_file(file, out);
    }
}

pub fn render_file(file: &FileResult, out: &mut String) {
    for d in &file.diagnostics {
        let (start, _) = file.positions(d.span);
        let message = d.message.replace(['\n', '\r'], " ");
        let _ = writeln!(out, "{}:{}:{}: {}[{}] {}", file.path, start.line, start.column, d.severity, d.rule.code, message);
    }
}
