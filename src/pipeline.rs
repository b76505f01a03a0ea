//! The one lint pipeline every front-end calls (SPEC §5 "Order"):
//!
//! 1. **lint** each document's text (parse, request sniff for discovered files, every
//!    rule, severities and selection) — [`lint_raw`];
//! 2. **fix** (with `--fix`/`--diff`): the safe fixes of the findings that *remain once
//!    suppressions apply*, then lint the fixed text again — [`fix_step`];
//! 3. **cross-document** findings (CKS401) from the names of every document of the run;
//! 4. **suppress**: inline comments, `per-file-ignores` and `suppress:` over *all*
//!    findings of a file, cross-document ones included, then sort — [`finish`].
//!
//! [`check`] runs the four steps over documents held in memory (tests, embedding, the
//! fuzz targets, the language server). The batch CLI runs the same steps a batch at a
//! time (it streams its report and lints the few files with cross-document findings
//! again); it calls these functions and re-implements none of them.

use crate::config::RunConfig;
use crate::diagnostic::Diagnostic;
use crate::lint::{self, FileResult};

/// What to do with safe fixes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum FixMode {
    /// Report findings only.
    #[default]
    Off,
    /// Record the unified diff of the fixes ([`FileResult::diff`]).
    Diff,
    /// Apply the fixes: [`FileResult::fixed_source`] holds the new text (for the front-end
    /// to write, or not) and the result is that of the fixed text.
    Apply,
}

/// One document to lint: its path (as shown; it also picks the syntax) and its bytes,
/// however they were obtained (disk, stdin, an editor buffer).
#[derive(Clone, Copy, Debug)]
pub struct Source<'a> {
    pub path: &'a str,
    pub bytes: &'a [u8],
    /// Found by walking a directory: `None` comes back when it is not a request file.
    pub discovered: bool,
}

impl<'a> Source<'a> {
    pub fn new(path: &'a str, bytes: &'a [u8]) -> Self {
        Source { path, bytes, discovered: false }
    }
}

/// Step 1: lint one document, findings not yet suppressed. `None`: a discovered file
/// that is not a request.
pub fn lint_raw(source: Source, config: &RunConfig) -> Option<FileResult> {
    if source.discovered {
        lint::lint_discovered(source.path, source.bytes, &config.settings)
    } else {
        Some(lint::lint_bytes(source.path, source.bytes, &config.settings))
    }
}

/// [`lint_raw`] of bytes the caller gives away (read from disk or stdin): a named file
/// that is valid UTF-8 is linted without a copy of its text.
pub fn lint_raw_owned(path: &str, bytes: Vec<u8>, discovered: bool, config: &RunConfig) -> Option<FileResult> {
    if discovered {
        lint::lint_discovered(path, &bytes, &config.settings)
    } else {
        Some(lint::lint_owned(path, bytes, &config.settings))
    }
}

/// Step 2: apply (or diff) the safe fixes of the findings that suppressions leave. With
/// [`FixMode::Apply`] the result becomes that of the fixed text (still unsuppressed),
/// `fixed_source` the text and `fixed` how many findings the fixes removed.
pub fn fix_step(file: &mut FileResult, config: &RunConfig, mode: FixMode) {
    if mode == FixMode::Off || !file.diagnostics.iter().any(|d| d.fix.is_some()) {
        return;
    }
    let remaining = config.unsuppressed(file);
    let Some(fixed) = crate::fix::apply_safe_fixes(&file.source, &remaining) else { return };
    match mode {
        FixMode::Off => {}
        FixMode::Diff => file.diff = Some(crate::fix::unified_diff(&file.path, &file.source, &fixed)),
        FixMode::Apply => {
            let before = file.diagnostics.len();
            let mut after = lint::lint_bytes(&file.path, fixed.as_bytes(), &config.settings);
            after.fixed = before.saturating_sub(after.diagnostics.len());
            after.fixed_source = Some(fixed);
            *file = after;
        }
    }
}

/// Step 4: add a file's cross-document findings, then apply every suppression to all
/// of its findings (adding CKS901/CKS902 where due) and sort. Call it once per result
/// of [`lint_raw`]/[`fix_step`].
pub fn finish(file: &mut FileResult, cross: Vec<Diagnostic>, config: &RunConfig) {
    if !cross.is_empty() {
        file.diagnostics.extend(cross);
        lint::sort(&mut file.diagnostics);
    }
    config.apply(file);
    // Findings in the files its values came from: each file's own suppressions.
    for r in &mut file.related {
        config.apply(r);
    }
    file.related.retain(|r| !r.diagnostics.is_empty());
}

/// Every step over documents held in memory, in their order: per-file results with
/// severities, selection, cross-document findings and every suppression applied, fixes
/// computed from the findings that remain. Discovered documents that are not requests
/// are left out. Findings about the configuration itself (unused `suppress:` entries)
/// come from [`RunConfig::extra_results`] once the run's documents are all checked.
pub fn check(sources: &[Source], config: &RunConfig, fix: FixMode) -> Vec<FileResult> {
    let mut files: Vec<FileResult> = sources
        .iter()
        .filter_map(|s| {
            let mut f = lint_raw(*s, config)?;
            fix_step(&mut f, config, fix);
            Some(f)
        })
        .collect();
    let mut cross: Vec<Vec<Diagnostic>> = files.iter().map(|_| Vec::new()).collect();
    let mut index = crate::rules::cross::NameIndex::default();
    for (i, f) in files.iter().enumerate() {
        index.add(i, f);
    }
    for (i, d) in index.findings(&config.settings, |i| files[i].path.clone()) {
        cross[i].push(d);
    }
    for (f, c) in files.iter_mut().zip(cross) {
        finish(f, c, config);
    }
    files
}
