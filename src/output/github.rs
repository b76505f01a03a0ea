//! `--format github`: one GitHub Actions workflow command per finding, so findings
//! show up as annotations on the pull request's changed lines.

use crate::diagnostic::Severity;
use crate::lint::FileResult;
use std::fmt::Write;

/// Escape a command's message (data): `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(files: &[FileResult], out: &mut String) {
    for file in files {
        render_file(file, out);
    }
}

/// One workflow command per finding of one file.
pub fn render_file(file: &FileResult, out: &mut String) {
    for d in &file.diagnostics {
        let (start, end) = file.positions(d.span);
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(h) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(h);
        }
        let _ = writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&file.path),
            start.line,
            start.column,
            end.line,
            end.column,
            escape_property(&format!("{} {}", d.rule.code, d.rule.name)),
            escape_data(&message)
        );
    }
}
