//! The server's one seam with the library's pipeline: configuration for a document,
//! linting a text (discovery rules, exclusion, suppressions), the cross-document CKS401
//! pass, safe fixes and rule documentation. Everything here is a call into the library;
//! no step of the pipeline is done again in the server. When the engine's single entry
//! point lands, this module is what changes.

use ckslint::config::{self, ConfigArgs, RunConfig};
use ckslint::lint::FileResult;
use ckslint::rules::cross::{NameIndex, DUPLICATE_CLUSTER_NAME};
use ckslint::{Diagnostic, Rule};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

/// A configuration file that could not be used.
#[derive(Debug)]
pub struct ConfigProblem {
    pub path: PathBuf,
    /// The file's text as read, for positions (empty when it could not be read).
    pub text: String,
    /// Findings with spans in `text`; empty when the problem has no place in the file.
    pub problems: Vec<Diagnostic>,
    /// One line for `window/showMessage`.
    pub summary: String,
}

/// The settings a document is linted with.
#[derive(Debug)]
pub struct Config {
    pub run: RunConfig,
    /// The configuration file found (also when it was bad and defaults are used).
    pub file: Option<PathBuf>,
    stamp: Option<(SystemTime, u64)>,
    pub problem: Option<ConfigProblem>,
}

fn stamp(path: &Path) -> Option<(SystemTime, u64)> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok()?, m.len()))
}

fn defaults() -> RunConfig {
    RunConfig::load(&ConfigArgs { isolated: true, ..Default::default() }, Path::new(".")).unwrap_or_default()
}

/// Configurations by directory: the nearest `.ckslint.yaml` above each directory,
/// reloaded when the file's modification time or size changes (checked before every
/// lint, so no file watcher is needed) or when [`Configs::forget`] is called.
#[derive(Default)]
pub struct Configs {
    by_dir: HashMap<PathBuf, Arc<Config>>,
    none: Option<Arc<Config>>,
}

impl Configs {
    /// The configuration for a document in `dir` (`None`: a document without a path,
    /// linted with the defaults). The flag says whether it was (re)loaded just now.
    pub fn for_dir(&mut self, dir: Option<&Path>) -> (Arc<Config>, bool) {
        let Some(dir) = dir else {
            if let Some(c) = &self.none {
                return (c.clone(), false);
            }
            let c = Arc::new(Config { run: defaults(), file: None, stamp: None, problem: None });
            self.none = Some(c.clone());
            return (c, true);
        };
        let file = config::discover(dir);
        let now = file.as_deref().and_then(stamp);
        if let Some(c) = self.by_dir.get(dir) {
            if c.file == file && c.stamp == now {
                return (c.clone(), false);
            }
        }
        let c = Arc::new(load(dir, file, now));
        self.by_dir.insert(dir.to_path_buf(), c.clone());
        (c, true)
    }

    /// Drop every cached configuration (a watched configuration file changed).
    pub fn forget(&mut self) {
        self.by_dir.clear();
    }
}

fn load(dir: &Path, file: Option<PathBuf>, stamp: Option<(SystemTime, u64)>) -> Config {
    match RunConfig::load(&ConfigArgs::default(), dir) {
        Ok(run) => Config { run, file, stamp, problem: None },
        Err(e) => {
            let path = file.clone().unwrap_or_else(|| dir.join(config::CONFIG_NAMES[0]));
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let summary = e.message;
            let problems = e.file.map(|f| f.diagnostics).unwrap_or_default();
            let problem = ConfigProblem { path, text, problems, summary };
            Config { run: defaults(), file, stamp, problem: Some(problem) }
        }
    }
}

/// Lint one document's text the way `check` lints a discovered file: `None` when
/// `check` would not lint it (not a request, or excluded by the configuration).
pub fn lint(path: &str, text: &str, config: &Config) -> Option<FileResult> {
    #[cfg(test)]
    if text.contains("ckslint-test-panic") {
        panic!("deliberate panic for a test");
    }
    if config.run.is_excluded(path, false, false) {
        return None;
    }
    // Step 1 of the pipeline; its suppression step runs when the findings are shown, once
    // CKS401 has joined them (`Doc::diagnostics`).
    ckslint::pipeline::lint_raw(ckslint::pipeline::Source { path, bytes: text.as_bytes(), discovered: true }, &config.run)
}

/// CKS401 across documents: for each document (by its index in `docs`), the findings
/// it gets, each document's own settings deciding whether and how it is reported.
pub fn cross(docs: &[(&FileResult, &Config)]) -> Vec<(usize, Diagnostic)> {
    let mut index = NameIndex::default();
    for (i, (r, _)) in docs.iter().enumerate() {
        index.add(i, r);
    }
    let mut out = Vec::new();
    // One pass per distinct configuration; each keeps the findings of its own documents.
    let mut seen: Vec<*const Config> = Vec::new();
    for (_, c) in docs {
        let key = *c as *const Config;
        if seen.contains(&key) {
            continue;
        }
        seen.push(key);
        for (i, d) in index.findings(&c.run.settings, |i| docs[i].0.path.clone()) {
            if std::ptr::eq(docs[i].1, *c) {
                out.push((i, d));
            }
        }
    }
    out
}

/// Whether CKS401 can fire at all under these settings.
pub fn cross_enabled(config: &Config) -> bool {
    config.run.settings.level(&DUPLICATE_CLUSTER_NAME).is_some()
}

/// The text with every safe fix applied (`None`: nothing to fix).
pub fn fix_all(source: &str, diagnostics: &[Diagnostic]) -> Option<String> {
    ckslint::fix::apply_safe_fixes(source, diagnostics)
}

/// A rule's documentation, as `ckslint explain` prints it.
pub fn rule_docs(rule: &Rule) -> String {
    ckslint::docs::explain_text(rule)
}
