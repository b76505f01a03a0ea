//! `--format github`: GitHub Actions workflow commands.

use crate::lint::FileResult;

pub fn render(files: &[FileResult], out: &mut String) {
    let _ = (files, out);
}
