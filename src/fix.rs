//! Applying fixes: edits from spans, non-overlapping, back to front.

use crate::diagnostic::{Applicability, Diagnostic};

/// Apply every safe fix whose edits do not overlap an earlier-chosen one.
/// Returns the new text, or `None` when nothing applies.
pub fn apply_safe_fixes(source: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    let mut edits: Vec<&crate::diagnostic::Edit> = Vec::new();
    // Chosen edits' ranges (an empty insertion counts as one byte), by start: an overlap
    // test is a lookup of the neighbours, so thousands of fixes stay n log n.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let range = |e: &crate::diagnostic::Edit| (e.span.start, e.span.end.max(e.span.start + 1));
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        if fix.applicability != Applicability::Safe {
            continue;
        }
        let overlaps = fix.edits.iter().any(|e| {
            let (start, end) = range(e);
            taken.range(..end).next_back().is_some_and(|(&s, &t)| s < end && start < t)
        });
        let in_bounds = fix
            .edits
            .iter()
            .all(|e| e.span.end <= source.len() && source.is_char_boundary(e.span.start) && source.is_char_boundary(e.span.end));
        if !overlaps && in_bounds {
            for e in &fix.edits {
                let (start, end) = range(e);
                let slot = taken.entry(start).or_insert(end);
                *slot = (*slot).max(end);
            }
            edits.extend(fix.edits.iter());
        }
    }
    if edits.is_empty() {
        return None;
    }
    edits.sort_by_key(|e| std::cmp::Reverse((e.span.start, e.span.end)));
    let mut out = source.to_string();
    for e in edits {
        out.replace_range(e.span.start..e.span.end, &e.content);
    }
    (out != source).then_some(out)
}

/// A unified diff of `old` → `new` for `path` (3 lines of context).
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let mut out = diff.unified_diff().context_radius(3).header(&format!("a/{path}"), &format!("b/{path}")).to_string();
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out
}

/// Replace `path` with `bytes` atomically: write a temporary file beside it, keep the
/// original permissions, then rename over it.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(std::path::Path::new("."));
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.ckslint-{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            std::fs::set_permissions(&tmp, meta.permissions())?;
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
