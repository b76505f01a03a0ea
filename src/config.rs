//! `.ckslint.yaml`: discovery, validation with spans, and what it changes in a run
//! (SPEC §5). Also inline `# ckslint:` suppressions (CKS901, CKS902).
//!
//! Precedence, from weakest to strongest: built-in defaults; the file's `select`,
//! `ignore` and `severity`; then the command line — `--select` replaces the file's
//! `select`, `--ignore` adds to the file's `ignore`. `supported-versions` replaces the
//! built-in set; `known-zones` adds to the built-in list.

use crate::diagnostic::{Diagnostic, Severity};
use crate::lint::{FileResult, Settings};
use crate::registry::{self, Example, Rule, RULES};
use crate::rules::suppression::{SUPPRESSION_WITHOUT_REASON, UNUSED_SUPPRESSION};
use crate::source::{self, Format, Member, Node, NodeKind, Span};
use globset::{GlobBuilder, GlobMatcher};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Names of the configuration file, looked up from the current directory upward.
pub const CONFIG_NAMES: [&str; 2] = [".ckslint.yaml", ".ckslint.yml"];

/// Problems in the configuration file itself. Not part of the rule catalogue: a bad
/// configuration stops the run (exit 2) instead of being a finding.
pub static INVALID_CONFIGURATION: Rule = Rule {
    code: "config",
    name: "invalid-configuration",
    severity: Severity::Error,
    summary: "the configuration file has a mistake",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: true,
};

/// Command-line inputs that bear on configuration.
#[derive(Clone, Debug, Default)]
pub struct ConfigArgs {
    pub config: Option<PathBuf>,
    pub isolated: bool,
    pub select: Vec<String>,
    pub ignore: Vec<String>,
}

/// A glob with the text it came from, matched against paths relative to the config file.
#[derive(Clone, Debug)]
struct Pattern {
    text: String,
    matcher: GlobMatcher,
    /// A pattern without `/` also matches the file name alone (`*.json`).
    basename: bool,
}

impl Pattern {
    fn new(text: &str) -> Result<Pattern, String> {
        let t = text.trim_start_matches("./");
        let glob = GlobBuilder::new(t).literal_separator(true).build().map_err(|e| e.kind().to_string())?;
        // `dir/` or `dir` should also cover everything below it.
        Ok(Pattern { text: text.to_string(), matcher: glob.compile_matcher(), basename: !t.contains('/') })
    }

    fn matches(&self, rel: &str) -> bool {
        if self.matcher.is_match(rel) {
            return true;
        }
        if self.basename {
            if let Some(name) = rel.rsplit('/').next() {
                if self.matcher.is_match(name) {
                    return true;
                }
            }
        }
        // A directory pattern covers its contents.
        let t = self.text.trim_start_matches("./").trim_end_matches('/');
        !t.contains(['*', '?', '[', '{']) && (rel == t || rel.starts_with(&format!("{t}/")))
    }
}

/// One `suppress:` entry.
#[derive(Debug)]
struct SuppressEntry {
    path: Pattern,
    pointer: String,
    rules: Vec<&'static Rule>,
    reason: Option<String>,
    /// Where the entry is in the config file.
    span: Span,
    used: AtomicUsize,
}

/// One `per-file-ignores:` entry.
#[derive(Debug)]
struct PerFileIgnore {
    pattern: Pattern,
    rules: Vec<&'static Rule>,
    span: Span,
    used: AtomicUsize,
}

/// A loaded configuration, ready for a run.
#[derive(Debug, Default)]
pub struct RunConfig {
    /// Rule levels and aging data, with command-line flags applied last.
    pub settings: Settings,
    /// The configuration file used, if any.
    pub file: Option<PathBuf>,
    /// The directory paths in the file are relative to (the file's directory).
    base: PathBuf,
    cwd: PathBuf,
    exclude: Vec<Pattern>,
    per_file_ignores: Vec<PerFileIgnore>,
    suppress: Vec<SuppressEntry>,
    /// The configuration file's text and path as shown, for findings about it.
    text: String,
    display: String,
}

impl Clone for RunConfig {
    fn clone(&self) -> Self {
        // Usage counters are per run; a clone is a fresh configuration.
        RunConfig {
            settings: self.settings.clone(),
            file: self.file.clone(),
            base: self.base.clone(),
            cwd: self.cwd.clone(),
            exclude: self.exclude.clone(),
            per_file_ignores: Vec::new(),
            suppress: Vec::new(),
            text: self.text.clone(),
            display: self.display.clone(),
        }
    }
}

/// Why the configuration could not be used, as data for the front-end to report (the
/// CLI prints it; a language server publishes the findings on the file).
#[derive(Debug)]
pub struct ConfigError {
    /// One line, lower case: what went wrong (with the file's name where there is one).
    pub message: String,
    /// The configuration file (path as shown and text) with a span-annotated finding per
    /// problem in it, when its content is at fault.
    pub file: Option<Box<FileResult>>,
}

/// Collects every problem of a configuration file before giving up.
struct Problems<'a> {
    text: &'a str,
    list: Vec<Diagnostic>,
}

impl Problems<'_> {
    fn add(&mut self, span: Span, pointer: &str, message: impl Into<String>, help: Option<String>) {
        let mut d = Diagnostic::new(&INVALID_CONFIGURATION, 0, span, pointer, message);
        d.help = help;
        self.list.push(d);
    }
    fn text(&self, span: Span) -> &str {
        self.text.get(span.start..span.end).unwrap_or("")
    }
}

const KEYS: [&str; 8] = ["select", "ignore", "severity", "supported-versions", "known-zones", "exclude", "per-file-ignores", "suppress"];

/// The nearest configuration file from `dir` upward.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut d = Some(dir);
    while let Some(here) = d {
        for name in CONFIG_NAMES {
            let p = here.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
        d = here.parent();
    }
    None
}

/// How to show the configuration file: relative to the current directory when it is
/// there or above it (`../.ckslint.yaml`), else as given.
fn display_of(path: &Path, cwd: &Path) -> String {
    if let Ok(rel) = path.strip_prefix(cwd) {
        return crate::paths::display_path(rel);
    }
    if let (Some(dir), Some(name)) = (path.parent(), path.file_name()) {
        if let Ok(down) = cwd.strip_prefix(dir) {
            let ups = down.components().count();
            return format!("{}{}", "../".repeat(ups), name.to_string_lossy());
        }
    }
    crate::paths::display_path(path)
}

/// The configuration file for documents in `dir`: the one `--config` names, none with
/// `--isolated`, else the nearest from `dir` upward.
fn config_path(args: &ConfigArgs, cwd: &Path, dir: &Path) -> Option<PathBuf> {
    match (&args.config, args.isolated) {
        (Some(p), _) => Some(if p.is_absolute() { p.clone() } else { cwd.join(p) }),
        (None, true) => None,
        (None, false) => discover(dir),
    }
}

/// A configuration as loaded once and shared (a load error is shared too).
pub type Loaded = std::sync::Arc<Result<RunConfig, ConfigError>>;

/// Settings resolved per document: the nearest `.ckslint.yaml` from the document's own
/// directory upward, each file loaded once and shared by every directory below it, the
/// lookup cached by directory. A language server holds one for a session (several
/// workspace folders resolve to their own files) and calls [`SettingsIndex::invalidate`]
/// when a configuration file is created, changed or deleted. `check` resolves once, from
/// the current directory ([`RunConfig::load`], SPEC §5); where a document has no nearer
/// file the two agree.
#[derive(Debug)]
pub struct SettingsIndex {
    args: ConfigArgs,
    cwd: PathBuf,
    /// Directory → the configuration file found from it (`None`: none).
    dirs: std::sync::Mutex<std::collections::HashMap<PathBuf, Option<PathBuf>>>,
    /// Configuration file (`None`: defaults) → what loading it gave.
    configs: std::sync::Mutex<std::collections::HashMap<Option<PathBuf>, Loaded>>,
}

impl SettingsIndex {
    /// An index applying `args` (the overrides: command-line flags or editor settings) on
    /// top of each file; relative paths are taken from `cwd`.
    pub fn new(args: ConfigArgs, cwd: &Path) -> Self {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        SettingsIndex { args, cwd, dirs: Default::default(), configs: Default::default() }
    }

    /// The configuration for the document at `path` (relative to the index's `cwd` or
    /// absolute; it need not exist, an unsaved buffer has a path too).
    pub fn for_path(&self, path: &Path) -> Loaded {
        let abs = crate::paths::normalize(&self.cwd.join(path));
        let dir = abs.parent().map(Path::to_path_buf).unwrap_or_else(|| self.cwd.clone());
        self.for_dir(&dir)
    }

    /// The configuration for documents in `dir`.
    pub fn for_dir(&self, dir: &Path) -> Loaded {
        let found = {
            let mut dirs = self.dirs.lock().unwrap_or_else(|e| e.into_inner());
            dirs.entry(dir.to_path_buf()).or_insert_with(|| config_path(&self.args, &self.cwd, dir)).clone()
        };
        let mut configs = self.configs.lock().unwrap_or_else(|e| e.into_inner());
        configs.entry(found.clone()).or_insert_with(|| std::sync::Arc::new(RunConfig::load_file(&self.args, &self.cwd, found))).clone()
    }

    /// Forget what was found for `dir` and below, and every configuration file there:
    /// the next lookups read the file system again.
    pub fn invalidate(&self, dir: &Path) {
        let dir = crate::paths::normalize(&self.cwd.join(dir));
        self.dirs.lock().unwrap_or_else(|e| e.into_inner()).retain(|d, _| !d.starts_with(&dir));
        self.configs
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|file, _| !file.as_deref().and_then(Path::parent).is_some_and(|p| p.starts_with(&dir)));
    }
}

impl RunConfig {
    /// No configuration file: every rule at its default severity (`--isolated`).
    pub fn isolated() -> RunConfig {
        RunConfig::default()
    }

    /// Load the configuration for a run started in `cwd`.
    pub fn load(args: &ConfigArgs, cwd: &Path) -> Result<RunConfig, ConfigError> {
        let cwd = std::fs::canonicalize(cwd).unwrap_or_else(|_| cwd.to_path_buf());
        let path = config_path(args, &cwd, &cwd);
        RunConfig::load_file(args, &cwd, path)
    }

    /// Load the configuration file `path` (none: defaults and flags only) for a run whose
    /// paths are shown relative to `cwd` (canonical).
    fn load_file(args: &ConfigArgs, cwd: &Path, path: Option<PathBuf>) -> Result<RunConfig, ConfigError> {
        let cwd = cwd.to_path_buf();
        let mut config = RunConfig { base: cwd.clone(), cwd: cwd.clone(), ..Default::default() };
        let mut file_select: Option<Vec<&'static Rule>> = None;
        let mut file_ignore: Vec<&'static Rule> = Vec::new();
        let mut overrides: Vec<(&'static Rule, Option<Severity>)> = Vec::new();
        if let Some(path) = path {
            let display = display_of(&path, &cwd);
            let text = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                message: format!("cannot read configuration {display}: {}", crate::paths::io_reason(&e)),
                file: None,
            })?;
            config.base = path.parent().map(Path::to_path_buf).unwrap_or_else(|| cwd.clone());
            config.display = display.clone();
            let mut problems = Problems { text: &text, list: Vec::new() };
            let parsed = source::parse(&text, Format::Yaml);
            problems.list.extend(parsed.diagnostics);
            let root = parsed.documents.into_iter().next().and_then(|d| d.root);
            match &root {
                None => {} // an empty configuration changes nothing
                Some(r) if r.as_object().is_none() => problems.add(
                    r.span(),
                    "",
                    format!("the configuration is {}, not a mapping", r.type_name()),
                    Some("write `key: value` pairs, e.g. `ignore: [CKS302]`".into()),
                ),
                Some(r) => read_keys(r, &mut problems, &mut config, &mut file_select, &mut file_ignore, &mut overrides),
            }
            if !problems.list.is_empty() {
                crate::lint::sort(&mut problems.list);
                let n = problems.list.len();
                let message = format!("{display}: {n} problem{} in the configuration; nothing was linted", if n == 1 { "" } else { "s" });
                let file = FileResult::new(&display, text.clone(), Format::Yaml, 1, problems.list, Vec::new());
                return Err(ConfigError { message, file: Some(Box::new(file)) });
            }
            config.text = text;
            config.file = Some(path);
        }
        // Levels: defaults, then select (command line replaces the file's), then ignores
        // (file and command line), then severity overrides.
        let mut cli_problems = Vec::new();
        let mut resolve = |list: &[String]| -> Vec<&'static Rule> {
            let mut v = Vec::new();
            for s in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
                match registry::select(s) {
                    Some(r) => v.extend(r),
                    None => cli_problems.push(format!("unknown rule selector `{s}`{}", registry::suggest_rule(s))),
                }
            }
            v
        };
        let cli_select = resolve(&args.select);
        let cli_ignore = resolve(&args.ignore);
        if !cli_problems.is_empty() {
            return Err(ConfigError { message: cli_problems.join("; "), file: None });
        }
        let select = if !args.select.is_empty() { Some(cli_select) } else { file_select };
        let levels = &mut config.settings.levels;
        if let Some(sel) = select {
            for (i, r) in RULES.iter().enumerate() {
                if !sel.iter().any(|s| std::ptr::eq(*s, *r)) {
                    levels[i] = None;
                }
            }
        }
        for r in file_ignore.iter().chain(cli_ignore.iter()) {
            levels[registry::index_of(r)] = None;
        }
        for (r, sev) in overrides {
            let i = registry::index_of(r);
            if levels[i].is_some() || sev.is_none() {
                levels[i] = sev;
            }
        }
        Ok(config)
    }

    /// Path of `display_path` relative to the configuration file's directory (what a
    /// `suppress:` or `per-file-ignores` path is matched against).
    pub fn relative(&self, display_path: &str) -> String {
        let abs = crate::paths::normalize(&self.cwd.join(display_path));
        match abs.strip_prefix(crate::paths::normalize(&self.base)) {
            Ok(rel) => crate::paths::display_path(rel),
            Err(_) => display_path.to_string(),
        }
    }

    fn path_matches(&self, pattern: &Pattern, display_path: &str) -> bool {
        pattern.matches(&self.relative(display_path)) || pattern.matches(display_path)
    }

    /// Whether a path is excluded. Discovered files honour `exclude` always; named
    /// files only with `--force-exclude`.
    pub fn is_excluded(&self, display_path: &str, named: bool, force_exclude: bool) -> bool {
        if named && !force_exclude {
            return false;
        }
        self.exclude.iter().any(|p| self.path_matches(p, display_path))
    }

    /// Apply per-file ignores and suppressions (configured and inline) to one file's
    /// findings, adding CKS901/CKS902 where due, and count which entries were used.
    /// Needs the file's text (call it before releasing it), and all of the file's
    /// findings, cross-document ones included: apply it once per lint of the file.
    pub fn apply(&self, file: &mut FileResult) {
        self.apply_counting(file, true);
    }

    /// The findings of `file` that suppressions leave (what may be fixed), without
    /// counting any entry as used.
    pub fn unsuppressed(&self, file: &FileResult) -> Vec<crate::Diagnostic> {
        let mut copy = FileResult::new(&file.path, file.source.clone(), file.format, file.documents, file.diagnostics.clone(), Vec::new());
        self.apply_counting(&mut copy, false);
        copy.diagnostics
    }

    /// Apply only the configured suppressions (`per-file-ignores`, `suppress:`), which
    /// need the path but not the text, to findings of the file at `path`.
    pub fn apply_configured(&self, path: &str, diagnostics: &mut Vec<crate::Diagnostic>) {
        self.configured(path, diagnostics, true);
    }

    fn apply_counting(&self, file: &mut FileResult, count: bool) {
        // Inline suppressions, where the syntax has comments; a cheap check keeps the
        // common path fast.
        if file.format.syntax().capabilities().comments && file.source.contains("ckslint:") {
            inline(file, &self.settings);
        }
        let path = std::mem::take(&mut file.path);
        self.configured(&path, &mut file.diagnostics, count);
        file.path = path;
    }

    fn configured(&self, path: &str, diagnostics: &mut Vec<crate::Diagnostic>, count: bool) {
        let n = usize::from(count);
        // Per-file ignores.
        for pfi in &self.per_file_ignores {
            if self.path_matches(&pfi.pattern, path) {
                let before = diagnostics.len();
                diagnostics.retain(|d| !pfi.rules.iter().any(|r| std::ptr::eq(*r, d.rule)));
                pfi.used.fetch_add(n * (1 + before - diagnostics.len()), Ordering::Relaxed);
            }
        }
        // Configured suppressions (by path and JSON pointer).
        for s in &self.suppress {
            if !self.path_matches(&s.path, path) {
                continue;
            }
            let before = diagnostics.len();
            diagnostics.retain(|d| {
                let under = d.pointer == s.pointer || s.pointer.is_empty() || d.pointer.starts_with(&format!("{}/", s.pointer));
                !(under && s.rules.iter().any(|r| std::ptr::eq(*r, d.rule)))
            });
            s.used.fetch_add(n * (before - diagnostics.len()), Ordering::Relaxed);
        }
    }

    /// Findings about the configuration file itself (unused or reason-less `suppress:`
    /// and `per-file-ignores` entries), once every file of the run was linted.
    pub fn extra_results(&self) -> Vec<FileResult> {
        let mut diags = Vec::new();
        for s in &self.suppress {
            if s.used.load(Ordering::Relaxed) == 0 {
                diags.push(
                    Diagnostic::new(
                        &UNUSED_SUPPRESSION,
                        0,
                        s.span,
                        "/suppress",
                        format!("suppression for `{}` at `{}` matched no finding", s.path.text, s.pointer),
                    )
                    .with_help("remove the entry, or fix its path, pointer or rules"),
                );
            }
            if s.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                diags.push(
                    Diagnostic::new(&SUPPRESSION_WITHOUT_REASON, 0, s.span, "/suppress", "suppression gives no reason")
                        .with_help("add `reason:` saying why the finding is acceptable"),
                );
            }
        }
        for p in &self.per_file_ignores {
            if p.used.load(Ordering::Relaxed) == 0 {
                diags.push(
                    Diagnostic::new(
                        &UNUSED_SUPPRESSION,
                        0,
                        p.span,
                        "/per-file-ignores",
                        format!("per-file ignore `{}` matches no linted file", p.pattern.text),
                    )
                    .with_help("remove the entry, or fix its pattern"),
                );
            }
        }
        crate::lint::apply_levels(&mut diags, &self.settings);
        if diags.is_empty() {
            return Vec::new();
        }
        crate::lint::sort(&mut diags);
        vec![FileResult::new(&self.display, self.text.clone(), Format::Yaml, 1, diags, Vec::new())]
    }
}

fn read_keys(
    root: &Node,
    p: &mut Problems,
    config: &mut RunConfig,
    select: &mut Option<Vec<&'static Rule>>,
    ignore: &mut Vec<&'static Rule>,
    overrides: &mut Vec<(&'static Rule, Option<Severity>)>,
) {
    for m in root.as_object().unwrap_or(&[]) {
        let ptr = source::pointer_push("", &m.key);
        match m.key.as_str() {
            "select" => *select = Some(rule_list(&m.value, &ptr, p)),
            "ignore" => ignore.extend(rule_list(&m.value, &ptr, p)),
            "severity" => match m.value.as_object() {
                Some(entries) => {
                    for e in entries {
                        let rules = selector(&e.key, e.key_span(), &source::pointer_push(&ptr, &e.key), p);
                        let level = match e.value.as_str() {
                            Some("error") => Some(Some(Severity::Error)),
                            Some("warning") => Some(Some(Severity::Warning)),
                            Some("info") => Some(Some(Severity::Info)),
                            Some("off") => Some(None),
                            _ => {
                                let got = p.text(e.value.span()).to_string();
                                let hint = crate::rules::similarity::did_you_mean(&got, ["error", "warning", "info", "off"], 2)
                                    .map(|s| format!("; did you mean `{s}`?"))
                                    .unwrap_or_default();
                                p.add(
                                    e.value.span(),
                                    &source::pointer_push(&ptr, &e.key),
                                    format!("severity `{got}` is not one of error, warning, info, off{hint}"),
                                    None,
                                );
                                None
                            }
                        };
                        if let Some(level) = level {
                            overrides.extend(rules.into_iter().map(|r| (r, level)));
                        }
                    }
                }
                None => type_problem(m, "a mapping of rule to severity, e.g. `{CKS301: error}`", p),
            },
            "supported-versions" => {
                let versions = string_list(&m.value, &ptr, p);
                let mut out = Vec::new();
                for (v, span) in versions {
                    let ok = v.strip_prefix('v').and_then(|r| r.split_once('.')).is_some_and(|(a, b)| {
                        !a.is_empty() && !b.is_empty() && a.bytes().all(|c| c.is_ascii_digit()) && b.bytes().all(|c| c.is_ascii_digit())
                    });
                    if ok {
                        out.push(v);
                    } else {
                        p.add(
                            span,
                            &ptr,
                            format!("`{v}` is not a version like `v1.35`"),
                            Some("list minor versions with a leading `v`".into()),
                        );
                    }
                }
                if m.value.as_array().is_some() {
                    config.settings.supported_versions = out;
                }
            }
            "known-zones" => {
                for (z, span) in string_list(&m.value, &ptr, p) {
                    if z.trim().is_empty() || z != z.to_uppercase() {
                        p.add(span, &ptr, format!("zone `{z}` must be uppercase, like `US-EAST-04A`"), None);
                    } else if !config.settings.known_zones.contains(&z) {
                        config.settings.known_zones.push(z);
                    }
                }
            }
            "exclude" => {
                for (g, span) in string_list(&m.value, &ptr, p) {
                    match Pattern::new(&g) {
                        Ok(pat) => config.exclude.push(pat),
                        Err(e) => p.add(span, &ptr, format!("bad glob `{g}`: {e}"), None),
                    }
                }
            }
            "per-file-ignores" => match m.value.as_object() {
                Some(entries) => {
                    for e in entries {
                        let eptr = source::pointer_push(&ptr, &e.key);
                        let pattern = Pattern::new(&e.key);
                        if let Err(err) = &pattern {
                            p.add(e.key_span(), &eptr, format!("bad glob `{}`: {err}", e.key), None);
                        }
                        let rules = rule_list(&e.value, &eptr, p);
                        if let Ok(pattern) = pattern {
                            config.per_file_ignores.push(PerFileIgnore { pattern, rules, span: e.key_span(), used: AtomicUsize::new(0) });
                        }
                    }
                }
                None => type_problem(m, "a mapping of glob to rule list, e.g. `{\"sandbox/**\": [CKS301]}`", p),
            },
            "suppress" => match m.value.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        suppress_entry(item, &source::pointer_push(&ptr, &i.to_string()), p, config);
                    }
                }
                None => type_problem(m, "a list of {path, pointer, rules, reason} entries", p),
            },
            other => {
                let hint = crate::rules::similarity::did_you_mean(other, KEYS, 3)
                    .map(|k| format!("did you mean `{k}`?"))
                    .unwrap_or_else(|| format!("known keys: {}", KEYS.join(", ")));
                p.add(m.key_span(), &ptr, format!("unknown configuration key `{other}`"), Some(hint));
            }
        }
    }
}

fn type_problem(m: &Member, want: &str, p: &mut Problems) {
    p.add(m.value.span(), &source::pointer_push("", &m.key), format!("`{}` must be {want}, found {}", m.key, m.value.type_name()), None);
}

/// A list of strings (a single string is accepted as a one-item list).
fn string_list(node: &Node, ptr: &str, p: &mut Problems) -> Vec<(String, Span)> {
    match &node.kind {
        NodeKind::String(s) => vec![(s.to_string(), node.span())],
        NodeKind::Array(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, n)| match &n.kind {
                NodeKind::String(s) => Some((s.to_string(), n.span())),
                _ => {
                    p.add(
                        n.span(),
                        &source::pointer_push(ptr, &i.to_string()),
                        format!("expected a string, found {}", n.type_name()),
                        None,
                    );
                    None
                }
            })
            .collect(),
        _ => {
            p.add(node.span(), ptr, format!("expected a list of strings, found {}", node.type_name()), None);
            Vec::new()
        }
    }
}

fn selector(s: &str, span: Span, ptr: &str, p: &mut Problems) -> Vec<&'static Rule> {
    match registry::select(s.trim()) {
        Some(r) => r,
        None => {
            p.add(
                span,
                ptr,
                format!("unknown rule `{s}`"),
                Some(format!("use a code (CKS301), a prefix (CKS3) or a name (public-api-server){}", registry::suggest_rule(s))),
            );
            Vec::new()
        }
    }
}

fn rule_list(node: &Node, ptr: &str, p: &mut Problems) -> Vec<&'static Rule> {
    let mut out = Vec::new();
    for (s, span) in string_list(node, ptr, p) {
        out.extend(selector(&s, span, ptr, p));
    }
    out
}

fn suppress_entry(item: &Node, ptr: &str, p: &mut Problems, config: &mut RunConfig) {
    let Some(members) = item.as_object() else {
        p.add(
            item.span(),
            ptr,
            format!("a suppression must be a mapping with path, pointer, rules and reason, found {}", item.type_name()),
            None,
        );
        return;
    };
    let span = members.first().map_or(item.span(), |m| Span::new(m.key_span().start, item.span().end.max(m.key_span().end)));
    let mut path = None;
    let mut pointer = None;
    let mut rules = Vec::new();
    let mut reason = None;
    for m in members {
        let mptr = source::pointer_push(ptr, &m.key);
        match (m.key.as_str(), &m.value.kind) {
            ("path", NodeKind::String(s)) => match Pattern::new(s) {
                Ok(pat) => path = Some(pat),
                Err(e) => p.add(m.value.span(), &mptr, format!("bad path glob `{s}`: {e}"), None),
            },
            ("pointer", NodeKind::String(s)) => {
                if s.is_empty() || s.starts_with('/') {
                    pointer = Some(s.to_string());
                } else {
                    p.add(
                        m.value.span(),
                        &mptr,
                        format!("`{s}` is not a JSON pointer"),
                        Some(format!("a pointer starts with `/`: \"/{s}\"")),
                    );
                }
            }
            ("rules", _) => rules = rule_list(&m.value, &mptr, p),
            ("reason", NodeKind::String(s)) => reason = Some(s.to_string()),
            ("reason", NodeKind::Null) => {}
            ("path" | "pointer" | "reason", _) => {
                p.add(m.value.span(), &mptr, format!("`{}` must be a string, found {}", m.key, m.value.type_name()), None)
            }
            (other, _) => {
                let hint = crate::rules::similarity::did_you_mean(other, ["path", "pointer", "rules", "reason"], 2)
                    .map(|k| format!("did you mean `{k}`?"));
                p.add(m.key_span(), &mptr, format!("unknown suppression key `{other}`"), hint);
            }
        }
    }
    for (name, present) in [("path", path.is_some()), ("pointer", pointer.is_some()), ("rules", !rules.is_empty())] {
        if !present && !members.iter().any(|m| m.key == name) {
            p.add(members.first().map_or(item.span(), |m| m.key_span()), ptr, format!("suppression lacks `{name}`"), None);
        }
    }
    if let (Some(path), Some(pointer)) = (path, pointer) {
        if !rules.is_empty() {
            config.suppress.push(SuppressEntry { path, pointer, rules, reason, span, used: AtomicUsize::new(0) });
        }
    }
}

/// An inline directive: `# ckslint: ignore[CODES] reason` or `ignore-file[...]`.
struct Directive {
    /// Span of the comment text from `#`.
    span: Span,
    /// 1-based line the directive applies to (`None` for the whole file).
    line: Option<usize>,
    rules: Vec<&'static Rule>,
    /// Selectors in the list that name no rule.
    unknown: Vec<String>,
    has_reason: bool,
    used: usize,
}

/// The directive in the comment `span` (`# ...` or `// ...`), if it is one.
fn parse_directive(text: &str, span: Span, line: usize) -> Option<Directive> {
    let (at, end) = (span.start, span.end);
    let comment = text.get(at..end)?;
    let body = comment.strip_prefix('#').or_else(|| comment.strip_prefix("//"))?.trim_end_matches('\r').trim_start();
    let rest = body.strip_prefix("ckslint:")?.trim_start();
    let (file_wide, rest) = if let Some(r) = rest.strip_prefix("ignore-file") {
        (true, r)
    } else if let Some(r) = rest.strip_prefix("ignore") {
        (false, r)
    } else {
        return None;
    };
    let (codes, reason) = match rest.strip_prefix('[') {
        Some(r) => match r.split_once(']') {
            Some((codes, reason)) => (codes, reason),
            None => (r, ""),
        },
        None => ("", rest),
    };
    let mut unknown = Vec::new();
    let rules: Vec<&'static Rule> = if codes.trim().is_empty() {
        RULES.to_vec()
    } else {
        let mut v = Vec::new();
        for c in codes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            match registry::select(c) {
                Some(r) => v.extend(r),
                None => unknown.push(c.to_string()),
            }
        }
        v
    };
    Some(Directive {
        span: Span::new(at, end),
        line: if file_wide { None } else { Some(line) },
        rules,
        unknown,
        has_reason: !reason.trim().is_empty(),
        used: 0,
    })
}

/// The text to delete to remove the comment at `comment`: its whole line when the comment
/// stands alone on it, else the comment and the blanks before it. `None` when the comment
/// does not end its line (never the case for `#`/`//` comments, checked anyway).
fn comment_removal(text: &str, comment: Span) -> Option<Span> {
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    let rest = &text[comment.end..];
    let line_end = comment.end + rest.find('\n').unwrap_or(rest.len());
    if !text[comment.end..line_end].trim_end_matches('\r').is_empty() {
        return None;
    }
    let before = &text[line_start..comment.start];
    if before.trim().is_empty() {
        // The whole line, its line break included.
        let end = if line_end < text.len() { line_end + 1 } else { line_end };
        let start = if end == line_end && line_start > 0 { line_start - 1 } else { line_start };
        return Some(Span::new(start, end));
    }
    let start = comment.start - (before.len() - before.trim_end().len());
    Some(Span::new(start, comment.end))
}

/// Inline suppressions in one file whose syntax has comments.
fn inline(file: &mut FileResult, settings: &Settings) {
    let text = file.source.clone();
    let syntax = file.format.syntax();
    let parsed = syntax.parse(&text);
    let mut directives = Vec::new();
    for comment in syntax.comments(&text, &parsed) {
        let at = comment.start;
        let (pos, _) = file.positions(Span::empty(at));
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        let alone = text[line_start..at].trim().is_empty();
        let target = if alone { pos.line + 1 } else { pos.line };
        // Alone on its line: applies to the next line; otherwise to its own line.
        if let Some(d) = parse_directive(&text, comment, target) {
            directives.push(d);
        }
    }
    if directives.is_empty() {
        return;
    }
    let positions: Vec<usize> = file.diagnostics.iter().map(|d| file.positions(d.span).0.line).collect();
    let mut keep = Vec::with_capacity(file.diagnostics.len());
    for (d, line) in std::mem::take(&mut file.diagnostics).into_iter().zip(positions) {
        let hit = directives.iter_mut().find(|x| x.line.is_none_or(|l| l == line) && x.rules.iter().any(|r| std::ptr::eq(*r, d.rule)));
        match hit {
            Some(x) => x.used += 1,
            None => keep.push(d),
        }
    }
    for x in &directives {
        for u in &x.unknown {
            keep.push(
                Diagnostic::new(&UNUSED_SUPPRESSION, 0, x.span, "", format!("suppression comment names unknown rule `{u}`"))
                    .with_help(format!("use a code (CKS301), a prefix (CKS3) or a name (public-api-server){}", registry::suggest_rule(u))),
            );
        }
        if x.used == 0 && x.unknown.is_empty() {
            let mut d = Diagnostic::new(&UNUSED_SUPPRESSION, 0, x.span, "", "suppression comment matched no finding")
                .with_help("remove the comment, or check its rule codes and placement (end of the line where the finding starts, or alone on the line above)");
            if let Some(span) = comment_removal(&text, x.span) {
                // A suggestion: the comment may be meant for a finding of a rule that is
                // off in this run, or misplaced rather than stale.
                d = d.with_fix(crate::diagnostic::Fix::replace(
                    crate::diagnostic::Applicability::Unsafe,
                    "remove the suppression comment",
                    span,
                    "",
                ));
            }
            keep.push(d);
        }
        if !x.has_reason {
            keep.push(
                Diagnostic::new(&SUPPRESSION_WITHOUT_REASON, 0, x.span, "", "suppression comment gives no reason")
                    .with_help("say why after the rule list: `# ckslint: ignore[CKS301] fronted by an allow-list`"),
            );
        }
    }
    crate::lint::apply_levels(&mut keep, settings);
    crate::lint::sort(&mut keep);
    file.diagnostics = keep;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns() {
        let p = Pattern::new("legacy/**").unwrap();
        assert!(p.matches("legacy/a.yaml"));
        assert!(p.matches("legacy/x/b.yaml"));
        assert!(!p.matches("new/legacy.yaml"));
        let p = Pattern::new("*.json").unwrap();
        assert!(p.matches("a.json") && p.matches("dir/a.json"));
        let p = Pattern::new("sandbox").unwrap();
        assert!(p.matches("sandbox/a.yaml"));
        assert!(Pattern::new("a[").is_err());
    }
}
