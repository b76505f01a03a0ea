//! The per-file pipeline: read → parse with spans → schema pass → rule passes →
//! severity and selection → sort. No stage reaches back.

use crate::data;
use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{self, Rule, RULES};
use crate::rules;
use crate::source::lines::Position;
use crate::source::{self, Capabilities, Document, Editor, Format, LineIndex, Node, NodeKind, Span};

/// Everything a lint run needs to know besides the file: which rules run at which
/// severity, and the data that ages (supported versions, known zones).
#[derive(Clone, Debug)]
pub struct Settings {
    /// Per rule, by index in [`RULES`]: `None` = off.
    pub levels: Vec<Option<Severity>>,
    /// Supported Kubernetes versions (`v1.35`).
    pub supported_versions: Vec<String>,
    /// Known availability zones (built-in list plus configured additions).
    pub known_zones: Vec<String>,
    /// Largest file linted, in bytes.
    pub max_file_size: usize,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            levels: RULES.iter().map(|r| Some(r.severity)).collect(),
            supported_versions: data::builtin().supported_versions.clone(),
            known_zones: data::builtin().known_zones.clone(),
            max_file_size: source::MAX_FILE_SIZE,
        }
    }
}

impl Settings {
    pub fn level(&self, rule: &Rule) -> Option<Severity> {
        self.levels.get(registry::index_of(rule)).copied().flatten()
    }
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.level(rule).is_some()
    }
}

/// Most findings of one rule listed for one file (all its documents together). The rest
/// are counted and stand behind one finding of the same rule that says how many were not
/// listed ([`Diagnostic::omitted`]), so a file holding 500,000 repeats of one mistake, or
/// a stream of 60,000 documents holding the same one each, costs what a file holding a
/// thousand does, in every output format (README "Bounded cost").
pub const MAX_PER_RULE: usize = 1000;

/// A stream of at least this many documents is read and linted a document at a time, on
/// every thread of the pool ([`lint_stream`]).
pub const STREAM_DOCUMENTS: usize = 256;

/// What the per-file cap has counted so far in a file: carried from one document's
/// [`Ctx`] to the next ([`Ctx::with_tally`], [`Ctx::into_tally`]), then turned into the
/// findings that count the rest ([`Tally::finish`]).
#[derive(Debug, Default)]
pub struct Tally {
    /// Per rule (index in [`RULES`]): findings reported in the file so far, listed or not.
    counts: Vec<usize>,
    /// Per rule past the cap: where its first unlisted finding was.
    overflow: Vec<Overflow>,
    /// Which of [`PASSES`] have a rule on: the same for every document of the file (its
    /// settings do not change), so worked out for its first.
    passes: Option<[bool; PASSES.len()]>,
}

#[derive(Debug)]
struct Overflow {
    rule: usize,
    document: usize,
    span: Span,
    pointer: String,
    /// Documents holding unlisted findings, and the last of them.
    documents: usize,
    last: usize,
}

impl Tally {
    /// For each rule past its cap, the one finding that says how many were not listed
    /// (localized by the file's syntax).
    pub fn finish(self, format: Format) -> Vec<Diagnostic> {
        let syntax = format.syntax();
        self.overflow
            .into_iter()
            .map(|o| {
                let mut d = overflow_finding(RULES[o.rule], o.document, o.span, o.pointer, self.counts[o.rule] - MAX_PER_RULE);
                d.omitted_documents = o.documents;
                syntax.localize(&mut d);
                d
            })
            .collect()
    }
}

/// What rules see while checking one document.
pub struct Ctx<'a> {
    pub settings: &'a Settings,
    /// The whole file as text (BOM included); spans index into it.
    pub source: &'a str,
    pub format: Format,
    /// 0-based document index.
    pub document: usize,
    /// The document's first token: where findings about the request as a whole point.
    pub document_start: Span,
    pub diagnostics: Vec<Diagnostic>,
    /// The per-file cap's counts, this document's findings included.
    tally: Tally,
    /// Where findings that are not kept (rule off, or past the cap) are written and forgotten.
    spare: Option<Box<Diagnostic>>,
}

impl<'a> Ctx<'a> {
    pub fn new(settings: &'a Settings, source: &'a str, format: Format, document: usize) -> Self {
        Ctx {
            settings,
            source,
            format,
            document,
            document_start: Span::empty(0),
            diagnostics: Vec::new(),
            tally: Tally::default(),
            spare: None,
        }
    }

    /// Continue the per-file cap's counts of the file's earlier documents.
    pub fn with_tally(mut self, tally: Tally) -> Self {
        self.tally = tally;
        self
    }

    /// The per-file cap's counts, for the file's next document.
    pub fn into_tally(&mut self) -> Tally {
        std::mem::take(&mut self.tally)
    }

    /// Whether a rule is on. Rules may skip expensive work when it is off;
    /// reporting a disabled rule is harmless (it is not kept).
    pub fn enabled(&self, rule: &Rule) -> bool {
        self.settings.enabled(rule)
    }

    /// Whether a finding of `rule` reported now would be listed: the rule is on and has
    /// not reached [`MAX_PER_RULE`] in this file. Rules check it before building an
    /// expensive message (a did-you-mean, a fix); a finding reported anyway is counted.
    pub fn wants(&self, rule: &Rule) -> bool {
        let i = registry::index_of(rule);
        self.on(i) && self.tally.counts.get(i).is_none_or(|&n| n < MAX_PER_RULE)
    }

    /// Whether the rule at index `i` of [`RULES`] is on (one look-up of the rule's index
    /// per call of [`Ctx::wants`] and [`Ctx::report`]: they run for every finding, listed
    /// or not).
    fn on(&self, i: usize) -> bool {
        self.settings.levels.get(i).is_some_and(Option::is_some)
    }

    /// Whether the next finding of `rule` is the first one past the cap: the finding that
    /// stands for the rest and keeps its pointer. Later ones need none.
    pub fn first_unlisted(&self, rule: &Rule) -> bool {
        let i = registry::index_of(rule);
        self.on(i) && self.tally.counts.get(i).is_some_and(|&n| n == MAX_PER_RULE)
    }

    /// Record a finding; the returned diagnostic can take help, labels and a fix. A
    /// finding of a rule that is off, or past the rule's cap, goes to a spare slot that is
    /// overwritten by the next one (counted, never kept).
    pub fn report(&mut self, rule: &'static Rule, span: Span, pointer: impl Into<String>, message: impl Into<String>) -> &mut Diagnostic {
        let i = registry::index_of(rule);
        if self.on(i) {
            let tally = &mut self.tally;
            if tally.counts.is_empty() {
                tally.counts = vec![0; RULES.len()];
            }
            tally.counts[i] += 1;
            if tally.counts[i] <= MAX_PER_RULE {
                self.diagnostics.push(Diagnostic::new(rule, self.document, span, pointer, message));
                let last = self.diagnostics.len() - 1;
                return &mut self.diagnostics[last];
            }
            let document = self.document;
            if tally.counts[i] == MAX_PER_RULE + 1 {
                tally.overflow.push(Overflow { rule: i, document, span, pointer: pointer.into(), documents: 1, last: document });
            } else if let Some(o) = tally.overflow.iter_mut().find(|o| o.rule == i && o.last != document) {
                o.last = document;
                o.documents += 1;
            }
        }
        let spare = self.spare.get_or_insert_with(|| Box::new(Diagnostic::new(rule, self.document, span, "", "")));
        spare.rule = rule;
        spare.span = span;
        spare.help = None;
        spare.labels.clear();
        spare.fix = None;
        spare.embedded = None;
        spare
    }

    /// How many findings of rules that are on were reported in this file so far, listed
    /// or not (a pass that leaves it unchanged found nothing).
    pub fn reported(&self) -> usize {
        self.tally.counts.iter().sum()
    }

    /// Add, for each rule past its cap, the one finding that says how many were not
    /// listed, and start counting afresh: for a caller linting a document on its own (the
    /// lint pipeline carries the counts to the file's next document instead).
    pub fn finish_overflow(&mut self) {
        let findings = std::mem::take(&mut self.tally).finish(self.format);
        self.diagnostics.extend(findings);
    }

    /// The source text of a span.
    pub fn text(&self, span: Span) -> &'a str {
        self.source.get(span.start..span.end).unwrap_or("")
    }

    /// The editor that renders fixes in this document's syntax.
    pub fn editor(&self) -> &'static dyn Editor {
        self.format.syntax().editor()
    }

    /// What this document's syntax can express.
    pub fn capabilities(&self) -> Capabilities {
        self.format.syntax().capabilities()
    }
}

/// The finding that stands for `omitted` findings of `rule` past the cap, at the first of them.
pub fn overflow_finding(rule: &'static Rule, document: usize, span: Span, pointer: String, omitted: usize) -> Diagnostic {
    let mut d = Diagnostic::new(
        rule,
        document,
        span,
        pointer,
        format!(
            "{} more {} {} finding{} in this file, not listed",
            thousands(omitted),
            rule.code,
            rule.name,
            if omitted == 1 { "" } else { "s" }
        ),
    )
    .with_help(format!("ckslint lists the first {} findings of a rule in each file; fix those and run again", thousands(MAX_PER_RULE)));
    d.omitted = omitted;
    d.omitted_documents = 1;
    d
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A cluster name requested by one document, for the cross-document rule (CKS401).
#[derive(Clone, Debug)]
pub struct NameRef {
    pub name: String,
    pub document: usize,
    pub span: Span,
    pub pointer: String,
}

/// The outcome of linting one file.
#[derive(Debug)]
pub struct FileResult {
    /// Path as given (or `--stdin-filename`), `/`-separated.
    pub path: String,
    /// The file as text (lossy where it was not UTF-8; CKS001 then points at the first bad byte).
    pub source: String,
    /// Line starts, built on first use (most files never need them).
    lines: std::sync::OnceLock<LineIndex>,
    pub format: Format,
    pub documents: usize,
    /// Per document (by index), its label when the loader gave one: a Terraform resource
    /// address. Empty when no document has one.
    pub labels: Vec<Option<String>>,
    pub diagnostics: Vec<Diagnostic>,
    pub names: Vec<NameRef>,
    /// With `--diff`: the unified diff of the safe fixes.
    pub diff: Option<String>,
    /// With `--fix`: how many findings the applied fixes removed.
    pub fixed: usize,
    /// With `--fix`: the text after the safe fixes (the result is that text's), for the
    /// front-end to write back.
    pub fixed_source: Option<String>,
    /// Size of the file in bytes.
    pub len: usize,
    /// Findings about text of other files this file's values were read from (the
    /// `terraform.tfvars` holding a bad value, an audit policy named in `filebase64`): one
    /// result per such file, reported in its own place (suppressions apply in it too).
    pub related: Vec<FileResult>,
}

impl FileResult {
    pub fn new(path: &str, source: String, format: Format, documents: usize, diagnostics: Vec<Diagnostic>, names: Vec<NameRef>) -> Self {
        let len = source.len();
        FileResult {
            path: path.to_string(),
            source,
            lines: std::sync::OnceLock::new(),
            format,
            documents,
            labels: Vec::new(),
            diagnostics,
            names,
            diff: None,
            fixed: 0,
            fixed_source: None,
            len,
            related: Vec::new(),
        }
    }

    /// A copy of the text, findings and names (no diff or fixes): what suppressions are
    /// applied to when the result itself must stay unsuppressed.
    pub fn unsuppressed_copy(&self) -> FileResult {
        let mut copy =
            FileResult::new(&self.path, self.source.clone(), self.format, self.documents, self.diagnostics.clone(), self.names.clone());
        copy.labels = self.labels.clone();
        copy
    }

    /// The label of document `document` ([`Document::label`]), if it has one.
    pub fn label(&self, document: usize) -> Option<&str> {
        self.labels.get(document).and_then(|l| l.as_deref())
    }

    pub fn position(&self, offset: usize) -> Position {
        self.line_index().position(&self.source, offset)
    }

    /// The text's line starts (built on first use).
    pub fn line_index(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    pub fn positions(&self, span: Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }
}

/// Lint one file's bytes. Never fails: every problem with the input is a finding.
pub fn lint_bytes(path: &str, bytes: &[u8], settings: &Settings) -> FileResult {
    let format = Format::detect(path, bytes);
    let mut diagnostics = Vec::new();
    if bytes.len() > settings.max_file_size {
        let source = String::new();
        diagnostics.push(
            Diagnostic::new(
                &rules::input::INPUT_LIMIT,
                0,
                Span::empty(0),
                "",
                format!("file is {} bytes, over the limit of {} bytes", bytes.len(), settings.max_file_size),
            )
            .with_help("a create-cluster request is a few kilobytes; check that this is the right file"),
        );
        return finish(path, source, format, 0, diagnostics, Vec::new(), settings);
    }
    let source = match std::str::from_utf8(bytes) {
        Ok(s) => s.to_string(),
        Err(e) => {
            let at = e.valid_up_to();
            let (message, help) = encoding_problem(bytes, at);
            let len = e.error_len().unwrap_or(bytes.len() - at).max(1).min(bytes.len() - at);
            diagnostics.push(Diagnostic::new(&rules::input::SYNTAX_ERROR, 0, Span::new(at, at + len), "", message).with_help(help));
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            // Keep spans valid: only the prefix before the fault is guaranteed to match the file.
            let mut s = lossy;
            let cut = (at + len).min(s.len());
            let cut = (cut..=s.len()).find(|&i| s.is_char_boundary(i)).unwrap_or(s.len());
            s.truncate(cut);
            return finish(path, s, format, 0, diagnostics, Vec::new(), settings);
        }
    };
    lint_str_with_format(path, source, format, settings, false).unwrap_or_else(|| unreachable_result(path, format))
}

/// [`lint_bytes`] taking the bytes: a file that is valid UTF-8 becomes the result's text
/// without a copy (the CLI held a 16 MiB file twice while it was linted).
pub fn lint_owned(path: &str, bytes: Vec<u8>, settings: &Settings) -> FileResult {
    if bytes.len() > settings.max_file_size {
        return lint_bytes(path, &bytes, settings);
    }
    let format = Format::detect(path, &bytes);
    match String::from_utf8(bytes) {
        Ok(source) => lint_str_with_format(path, source, format, settings, false).unwrap_or_else(|| unreachable_result(path, format)),
        Err(e) => lint_bytes(path, e.as_bytes(), settings),
    }
}

/// Lint a file found by walking a directory: `None` when it does not look like a
/// request (SPEC §2 discovery), so a `package.json` or a Helm values file is skipped.
/// Files named `*.cks.json|yaml|yml` are always linted.
pub fn lint_discovered(path: &str, bytes: &[u8], settings: &Settings) -> Option<FileResult> {
    if is_cks_name(path) {
        return Some(lint_bytes(path, bytes, settings));
    }
    let format = Format::detect(path, bytes);
    let syntax = format.syntax();
    if !syntax.may_hold_request(bytes) {
        return None;
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if bytes.len() <= settings.max_file_size => lint_str_with_format(path, text.to_string(), format, settings, true),
        // Unreadable or oversized: lint (and so report) it only if it reads like a request.
        _ => (!syntax.sniffs_requests() || text_looks_like_request(&String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 20)])))
            .then(|| lint_bytes(path, bytes, settings)),
    }
}

/// `*.cks.json`, `*.cks.yaml`, `*.cks.yml`.
pub fn is_cks_name(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    [".cks.json", ".cks.yaml", ".cks.yml"].iter().any(|s| lower.ends_with(s))
}

/// The keys that make a mapping a create-cluster request (discovery's sniff, the
/// response-envelope check).
const REQUEST_KEYS: [&str; 5] = ["name", "zone", "vpcId", "version", "network"];

/// A top-level mapping holding at least three request keys, or a `cluster` key wrapping one.
fn looks_like_request(root: &Node) -> bool {
    let count = |n: &Node| REQUEST_KEYS.iter().filter(|k| n.get(k).is_some()).count();
    if root.as_object().is_none() {
        return false;
    }
    count(root) >= 3 || root.field("cluster").is_some_and(|c| count(c) >= 3)
}

/// For text that does not parse: does it mention at least three request keys as keys?
fn text_looks_like_request(text: &str) -> bool {
    REQUEST_KEYS
        .iter()
        .filter(|k| {
            text.contains(&format!("{k}:"))
                || text.contains(&format!("{k}\":"))
                || text.contains(&format!("\"{k}\" :"))
                || (**k == "vpcId" && text.contains("vpc_id"))
        })
        .count()
        >= 3
}

fn unreachable_result(path: &str, format: Format) -> FileResult {
    FileResult::new(path, String::new(), format, 0, Vec::new(), Vec::new())
}

fn encoding_problem(bytes: &[u8], at: usize) -> (String, String) {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return ("file is UTF-16 encoded, not UTF-8".into(), "save the file as UTF-8 (for example `iconv -f UTF-16 -t UTF-8`)".into());
    }
    if bytes.iter().take(512).filter(|&&b| b == 0).count() > 0 {
        return (
            format!("file is binary, not UTF-8 text (invalid byte 0x{:02X})", bytes[at]),
            "lint JSON or YAML request files only".into(),
        );
    }
    (format!("file is not valid UTF-8 (invalid byte 0x{:02X})", bytes.get(at).copied().unwrap_or(0)), "save the file as UTF-8".into())
}

/// Lint text whose format is known from its name (or sniffed).
pub fn lint_str(path: &str, text: &str, settings: &Settings) -> FileResult {
    let format = Format::detect(path, text.as_bytes());
    if text.len() > settings.max_file_size {
        return lint_bytes(path, text.as_bytes(), settings);
    }
    lint_str_with_format(path, text.to_string(), format, settings, false).unwrap_or_else(|| unreachable_result(path, format))
}

/// Lint parsed text. With `sniff`, return `None` when no document looks like a request
/// (a file that does not parse is kept if its text reads like one).
fn lint_str_with_format(path: &str, source: String, format: Format, settings: &Settings, sniff: bool) -> Option<FileResult> {
    // A plan is read without building the whole JSON tree (it is megabytes of other
    // resources); only its cluster entries are built.
    if format == Format::Json && crate::terraform::plan::may_be_plan(&source) {
        if let Some(plan) = crate::terraform::plan::from_text(&source) {
            return lint_plan(path, source, plan, settings, sniff);
        }
    }
    if let Some(runs) = lint_stream(&source, format, settings) {
        if sniff && !runs.any_request {
            return None;
        }
        return Some(finish(path, source, format, runs.documents, runs.diagnostics, runs.names, settings));
    }
    let parsed = format.syntax().load(path, &source, settings.max_file_size);
    lint_loaded(path, source, format, parsed, settings, sniff)
}

/// What [`lint_stream`] found, in a run of documents or in the whole stream.
#[derive(Default)]
struct Stream {
    diagnostics: Vec<Diagnostic>,
    names: Vec<NameRef>,
    documents: usize,
    /// A document looked like a request (discovery's sniff).
    any_request: bool,
    /// A document was not empty.
    any_root: bool,
}

/// A stream of at least [`STREAM_DOCUMENTS`] documents that its syntax can read one at a
/// time ([`Syntax::document_ranges`](source::Syntax::document_ranges)): each document is
/// read, linted and dropped before the next, in one run of consecutive documents per
/// thread of the pool. Each run has its own per-file cap (so at most a thousand findings
/// of a rule are built per run); the runs are joined in document order and
/// [`finish`] caps the file as a whole, folding each run's overflow into one. The
/// result is that of [`lint_loaded`] on the whole file (`tests/engine.rs`,
/// `streams_read_a_document_at_a_time`). `None`: not such a stream, or a document that
/// cannot be read alone (the file is then loaded whole).
fn lint_stream(source: &str, format: Format, settings: &Settings) -> Option<Stream> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicBool, Ordering};
    // A file with fewer document markers is loaded whole, without a second look at it.
    memchr::memmem::find_iter(source.as_bytes(), b"---").nth(STREAM_DOCUMENTS - 2)?;
    let syntax = format.syntax();
    let ranges = syntax.document_ranges(source).filter(|r| r.len() >= STREAM_DOCUMENTS)?;
    let per = ranges.len().div_ceil(rayon::current_num_threads().max(1));
    let failed = AtomicBool::new(false);
    let runs: Vec<Option<Stream>> = ranges
        .par_chunks(per)
        .enumerate()
        .map(|(k, run)| {
            let (mut found, mut tally) = (Stream { documents: run.len(), ..Stream::default() }, Tally::default());
            // One `Parsed` for the run's documents, emptied after each.
            let mut parsed = source::Parsed::default();
            for (j, &range) in run.iter().enumerate() {
                parsed.empty_documents = k * per + j;
                if failed.load(Ordering::Relaxed) || !syntax.read_document(source, range, &mut parsed) {
                    failed.store(true, Ordering::Relaxed);
                    return None;
                }
                // A document that does not parse: the file is read whole, and saphyr's
                // reading of the rest after the error is not this.
                if parsed.diagnostics.iter().any(rules::input::stops_reading) {
                    failed.store(true, Ordering::Relaxed);
                    return None;
                }
                fill_key_pointers(&mut parsed);
                found.diagnostics.append(&mut parsed.diagnostics);
                for doc in parsed.documents.drain(..) {
                    found.any_root |= doc.root.is_some();
                    found.any_request |= doc.root.as_ref().is_some_and(looks_like_request);
                    lint_document(source, format, &doc, settings, &mut found.diagnostics, &mut found.names, &mut tally);
                }
            }
            found.diagnostics.extend(tally.finish(format));
            Some(found)
        })
        .collect();
    let runs: Vec<Stream> = runs.into_iter().collect::<Option<_>>()?;
    // Only empty documents: the file is read whole, to say so (CKS005).
    if !runs.iter().any(|r| r.any_root) {
        return None;
    }
    let mut stream = Stream::default();
    stream.names.reserve_exact(runs.iter().map(|r| r.names.len()).sum());
    for run in runs {
        stream.diagnostics.extend(run.diagnostics);
        stream.names.extend(run.names);
        stream.documents += run.documents;
        stream.any_request |= run.any_request;
        stream.any_root |= run.any_root;
    }
    Some(stream)
}

/// Lint a Terraform plan (SPEC §7): its cluster documents with every request rule, plus
/// the loader's change-rule findings. Under discovery, a plan that plans no cluster is
/// skipped. Findings never carry fixes (the plan is generated: fix the configuration),
/// and never print a sensitive value.
fn lint_plan(path: &str, source: String, plan: crate::terraform::plan::Loaded, settings: &Settings, sniff: bool) -> Option<FileResult> {
    use crate::terraform::plan;
    if sniff && !plan.plans_cluster {
        return None;
    }
    let mut diagnostics = plan.parsed.diagnostics;
    let mut names = Vec::new();
    let mut own = Vec::new();
    let mut tally = Tally::default();
    for doc in &plan.parsed.documents {
        lint_document(&source, plan::FORMAT, doc, settings, &mut own, &mut names, &mut tally);
    }
    own.extend(tally.finish(plan::FORMAT));
    let cannot_set = plan::FORMAT.syntax().capabilities();
    own.retain(|d| {
        let first = d.pointer.split('/').nth(1).unwrap_or("");
        cannot_set.can_set(first) && d.rule.code != "CKS302"
    });
    // Messages speak Terraform: `pod_cidr_name`, not `network.podCidrName`.
    for d in &mut own {
        d.message = crate::terraform::mapping::speak_terraform(&d.message);
        d.help = d.help.as_deref().map(crate::terraform::mapping::speak_terraform);
    }
    diagnostics.append(&mut own);
    plan::redact(&mut diagnostics, &plan.sensitive);
    let mut source = source;
    plan::mask(&mut source, &plan.sensitive);
    for d in &mut diagnostics {
        d.fix = None;
    }
    let documents = plan.parsed.documents.len();
    let labels = plan.parsed.documents.into_iter().map(|d| d.label).collect();
    let mut result = finish(path, source, plan::FORMAT, documents, diagnostics, names, settings);
    result.labels = labels;
    Some(result)
}

/// Lint documents a loader already produced from `source` (in `format`): what a syntax
/// module or a test holding a hand-built tree calls.
pub fn lint_parsed(path: &str, source: String, format: Format, parsed: source::Parsed, settings: &Settings) -> FileResult {
    lint_loaded(path, source, format, parsed, settings, false).unwrap_or_else(|| unreachable_result(path, format))
}

fn lint_loaded(
    path: &str,
    source: String,
    format: Format,
    mut parsed: source::Parsed,
    settings: &Settings,
    sniff: bool,
) -> Option<FileResult> {
    fill_key_pointers(&mut parsed);
    // A syntax whose every document is a request (a Terraform cluster resource) needs no
    // sniffing: a file without documents declares none, and is neither linted under a
    // directory nor empty input when named.
    let sniffs = format.syntax().sniffs_requests();
    if sniff {
        let any_request = if sniffs {
            parsed.documents.iter().any(|d| d.root.as_ref().is_some_and(looks_like_request))
        } else {
            !parsed.documents.is_empty()
        };
        let failed = parsed.diagnostics.iter().any(rules::input::stops_reading);
        if !(any_request || failed && (!sniffs || text_looks_like_request(&source))) {
            return None;
        }
    }
    let main_len = source.len();
    let source = parsed.text.take().filter(|t| t.len() > main_len).unwrap_or(source);
    let elsewhere = std::mem::take(&mut parsed.elsewhere);
    let uses = std::mem::take(&mut parsed.uses);
    let mut diagnostics = std::mem::take(&mut parsed.diagnostics);
    let mut names = Vec::new();
    let syntax_failed = diagnostics.iter().any(rules::input::stops_reading);
    let documents = parsed.document_count();
    if sniffs && parsed.documents.iter().all(|d| d.root.is_none()) && !syntax_failed {
        let non_blank = source.char_indices().find(|(_, c)| !c.is_whitespace() && *c != '\u{feff}').map(|(i, _)| i);
        let at = non_blank.unwrap_or(source.len());
        let what = if non_blank.is_some() { "file holds no document (only comments or document markers)" } else { "file is empty" };
        diagnostics.push(
            Diagnostic::new(&rules::input::EMPTY_INPUT, 0, Span::empty(at), "", what)
                .with_help("a request file holds one create-cluster request (a mapping with name, zone, vpcId, version and network)"),
        );
    }
    // Each document's tree is dropped once its rules have run: a stream keeps only its
    // findings (capped per file) and names.
    let labelled = parsed.documents.iter().any(|d| d.label.is_some());
    let mut labels: Vec<Option<String>> = Vec::new();
    let mut tally = Tally::default();
    for doc in std::mem::take(&mut parsed.documents) {
        lint_document(&source, format, &doc, settings, &mut diagnostics, &mut names, &mut tally);
        if labelled {
            labels.push(doc.label);
        }
    }
    diagnostics.extend(tally.finish(format));
    names.retain(|n| n.span.end <= main_len);
    if elsewhere.is_empty() {
        let mut result = finish(path, source, format, documents, diagnostics, names, settings);
        result.labels = labels;
        return Some(result);
    }
    let (own, mut related) = split_elsewhere(path, &source, main_len, &elsewhere, &uses, diagnostics, settings);
    let mut text = source;
    text.truncate(main_len);
    let mut result = finish(path, text, format, documents, own, names, settings);
    for r in related.iter_mut() {
        r.labels = labels.clone();
    }
    result.related = related;
    result.labels = labels;
    Some(result)
}

/// Give each finding back to the file holding its text: those in another file's part of
/// `combined` become that file's result (spans into it, a label on where this file uses
/// the value); labels pointing into another file say which and where. A fix whose edits
/// leave this file is dropped (fixes write this file only).
fn split_elsewhere(
    path: &str,
    combined: &str,
    main_len: usize,
    elsewhere: &[source::Elsewhere],
    uses: &[source::ValueUse],
    diagnostics: Vec<Diagnostic>,
    settings: &Settings,
) -> (Vec<Diagnostic>, Vec<FileResult>) {
    let text_of = |e: &source::Elsewhere| combined.get(e.start..e.start + e.len).unwrap_or("");
    let lines: Vec<LineIndex> = elsewhere.iter().map(|e| LineIndex::new(text_of(e))).collect();
    let main_text = combined.get(..main_len).unwrap_or("");
    let main_lines = LineIndex::new(main_text);
    let local = |e: &source::Elsewhere, s: Span| Span::new(s.start - e.start, s.end - e.start);
    let relabel = |d: &mut Diagnostic| {
        for l in d.labels.iter_mut().filter(|l| l.path.is_none()) {
            if let Some((i, e)) = elsewhere.iter().enumerate().find(|(_, e)| e.contains(l.span)) {
                let s = local(e, l.span);
                l.position = Some((lines[i].position(text_of(e), s.start), lines[i].position(text_of(e), s.end)));
                l.span = s;
                l.path = Some(e.path.clone());
            }
        }
    };
    let mut own = Vec::new();
    let mut others: Vec<Vec<Diagnostic>> = vec![Vec::new(); elsewhere.len()];
    for mut d in diagnostics {
        let at = elsewhere.iter().position(|e| e.contains(d.span));
        let Some(i) = at else {
            if d.fix.as_ref().is_some_and(|f| f.edits.iter().any(|e| e.span.end > main_len)) {
                d.fix = None;
            }
            relabel(&mut d);
            own.push(d);
            continue;
        };
        let e = &elsewhere[i];
        let value = d.span;
        d.span = local(e, d.span);
        d.fix = None;
        // Labels in the same file stay local to it; labels elsewhere say where.
        for l in d.labels.iter_mut().filter(|l| l.path.is_none() && e.contains(l.span)) {
            l.span = local(e, l.span);
            l.path = Some(String::new());
        }
        relabel(&mut d);
        for l in d.labels.iter_mut().filter(|l| l.path.as_deref() == Some("")) {
            l.path = None;
        }
        if let Some(u) = uses.iter().find(|u| u.value.start <= value.start && value.end <= u.value.end) {
            let position = (main_lines.position(main_text, u.at.start), main_lines.position(main_text, u.at.end));
            d.labels.push(crate::diagnostic::Label {
                message: u.message.clone(),
                span: u.at,
                path: Some(path.to_string()),
                position: Some(position),
            });
        }
        others[i].push(d);
    }
    let related = elsewhere
        .iter()
        .zip(others)
        .filter(|(_, ds)| !ds.is_empty())
        .map(|(e, ds)| finish(&e.path, text_of(e).to_string(), e.format, 0, ds, Vec::new(), settings))
        .collect();
    (own, related)
}

fn lint_document(
    source: &str,
    format: Format,
    doc: &Document,
    settings: &Settings,
    out: &mut Vec<Diagnostic>,
    names: &mut Vec<NameRef>,
    tally: &mut Tally,
) {
    let Some(root) = &doc.root else { return };
    let mut ctx = Ctx::new(settings, source, format, doc.index).with_tally(std::mem::take(tally));
    ctx.document_start = doc.start;
    check_request(&mut ctx, doc, root, names);
    *tally = ctx.into_tally();
    out.append(&mut ctx.diagnostics);
}

/// The rules over one document's root: what [`lint_document`] runs with the file's counts.
fn check_request(ctx: &mut Ctx, doc: &Document, root: &Node, names: &mut Vec<NameRef>) {
    match &root.kind {
        NodeKind::Object(_) => {}
        _ => {
            ctx.report(&rules::input::ROOT_NOT_OBJECT, root.span(), "", format!("document is {}, not a mapping", root.type_name()))
                .help("a create-cluster request is a mapping with name, zone, vpcId, version and network");
            return;
        }
    }
    if let Some(envelope) = response_envelope(root) {
        ctx.report(
            &rules::input::RESPONSE_ENVELOPE,
            envelope.key_span(),
            "/cluster",
            "document is an API response (`{\"cluster\": {...}}`), not a create request",
        )
        .help("send the cluster object itself, without the `cluster` wrapper, and drop output-only fields such as `id` and `status`");
        return;
    }
    if let Some(m) = root.get("name") {
        if let Some(name) = m.value.as_str() {
            names.push(NameRef {
                name: name.to_string(),
                document: doc.index,
                span: m.value.span(),
                pointer: crate::source::pointer_push("", &m.key),
            });
        }
    }
    check_document(ctx, root);
    let syntax = ctx.format.syntax();
    for d in &mut ctx.diagnostics {
        syntax.localize(d);
    }
}

/// A rule pass over one request mapping, and every rule it reports.
type Pass = (fn(&mut Ctx, &Node), &'static [&'static Rule]);

/// The rule passes after the schema pass, in order. A pass runs only when one of its
/// rules is on (`--select CKS001` costs little more than parsing); `tests` below hold
/// each list to the rules of its module's code range.
static PASSES: [Pass; 7] = {
    use rules::{audit, auth, identity as id, kubelet as kl, network as net, posture as po, sans};
    [
        (
            id::check,
            &[
                &id::INVALID_CLUSTER_NAME,
                &id::CLUSTER_NAME_TOO_LONG,
                &id::CLIENT_SET_ID,
                &id::OUTPUT_ONLY_FIELD,
                &id::INVALID_VERSION,
                &id::UNSUPPORTED_VERSION,
                &id::INVALID_ZONE,
                &id::UNKNOWN_ZONE,
                &id::INVALID_RESOURCE_ID,
            ],
        ),
        (
            net::check,
            &[
                &net::CIDR_INSTEAD_OF_PREFIX_NAME,
                &net::PREFIX_NAME_REUSED,
                &net::EMPTY_LB_PREFIX_LIST,
                &net::INCOMPLETE_IPV6_NETWORK,
                &net::INVALID_NODE_PORT_RANGE,
            ],
        ),
        (sans::check, &[&sans::TOO_MANY_SANS, &sans::DUPLICATE_SAN, &sans::INVALID_SAN]),
        (
            audit::check,
            &[
                &audit::AUDIT_POLICY_NOT_BASE64,
                &audit::AUDIT_POLICY_SYNTAX,
                &audit::AUDIT_POLICY_INVALID,
                &audit::AUDIT_POLICY_UNKNOWN_FIELD,
                &audit::AUDIT_POLICY_LOGS_SECRETS,
            ],
        ),
        (
            kl::check,
            &[
                &kl::UNKNOWN_KUBELET_OPTION,
                &kl::KUBELET_OPTION_TYPE,
                &kl::KUBELET_OPTION_VALUE,
                &kl::MANAGED_KUBELET_OPTION,
                &kl::EMPTY_KUBELET,
                &kl::KUBELET_OPTION_TOO_NEW,
            ],
        ),
        (
            auth::check,
            &[
                &auth::OIDC_ISSUER_URL,
                &auth::OIDC_ISSUER_IS_CLUSTER_ISSUER,
                &auth::INVALID_SIGNING_ALGORITHM,
                &auth::REQUIRED_CLAIM_FORMAT,
                &auth::SYSTEM_PREFIX,
                &auth::INVALID_CA_BUNDLE,
                &auth::WEBHOOK_SERVER_URL,
                &auth::TAILSCALE_CLIENT_ID,
            ],
        ),
        (po::check, &[&po::PUBLIC_API_SERVER, &po::OIDC_DISCOVERY_PUBLISHED, &po::NO_AUDIT_POLICY, &po::TAILSCALE_NEEDS_OIDC_DISCOVERY]),
    ]
};

/// Every rule pass over one request mapping.
pub fn check_document(ctx: &mut Ctx, root: &Node) {
    crate::schema::check(ctx, root);
    let settings = ctx.settings;
    let on = *ctx.tally.passes.get_or_insert_with(|| std::array::from_fn(|i| PASSES[i].1.iter().any(|r| settings.enabled(r))));
    for ((pass, _), on) in PASSES.iter().zip(on) {
        if on {
            pass(ctx, root);
        }
    }
    // The most specific rule speaks for a node, once: where a kubelet option has the wrong
    // type (a YAML 1.1 boolean such as `on` read as a string where a boolean belongs),
    // CKS241 says so and the generic "quote it" of CKS007 would advise the opposite.
    let typed: std::collections::HashSet<Span> =
        ctx.diagnostics.iter().filter(|d| std::ptr::eq(d.rule, &rules::kubelet::KUBELET_OPTION_TYPE)).map(|d| d.span).collect();
    if !typed.is_empty() {
        ctx.diagnostics.retain(|d| !(std::ptr::eq(d.rule, &rules::input::YAML_AMBIGUOUS_SCALAR) && typed.contains(&d.span)));
    }
}

/// `{"cluster": {...}}` and nothing that belongs to a request beside it.
fn response_envelope(root: &Node) -> Option<&crate::source::Member> {
    let members = root.as_object()?;
    let cluster = members.iter().find(|m| m.key == "cluster")?;
    cluster.value.as_object()?;
    if members.iter().any(|m| REQUEST_KEYS.contains(&m.key.as_str())) {
        return None;
    }
    Some(cluster)
}

fn finish(
    path: &str,
    source: String,
    format: Format,
    documents: usize,
    mut diagnostics: Vec<Diagnostic>,
    names: Vec<NameRef>,
    settings: &Settings,
) -> FileResult {
    apply_levels(&mut diagnostics, settings);
    sort(&mut diagnostics);
    cap(&mut diagnostics);
    FileResult::new(path, source, format, documents, diagnostics, names)
}

/// Drop findings of rules that are off and apply configured severities.
pub fn apply_levels(diagnostics: &mut Vec<Diagnostic>, settings: &Settings) {
    diagnostics.retain_mut(|d| match settings.level(d.rule) {
        Some(sev) => {
            d.severity = sev;
            true
        }
        None => false,
    });
}

/// Sort by document, offset, code; drop exact repeats.
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics
        .sort_by(|a, b| (a.document, a.span.start, a.rule.code, a.span.end).cmp(&(b.document, b.span.start, b.rule.code, b.span.end)));
    diagnostics.dedup_by(|a, b| a.document == b.document && a.span == b.span && a.rule.code == b.rule.code && a.message == b.message);
}

/// At most [`MAX_PER_RULE`] findings of a rule per file (sorted input, so the first in
/// file order), for findings made outside [`Ctx`] (the loaders): the rest fold into one
/// [`overflow_finding`], or into the one a rule pass already made.
pub fn cap(diagnostics: &mut Vec<Diagnostic>) {
    if diagnostics.len() <= MAX_PER_RULE {
        return;
    }
    /// Per rule: listed so far, index in `kept` of its overflow finding, the last
    /// document with an unlisted finding.
    #[derive(Clone, Copy, Default)]
    struct Seen {
        listed: usize,
        overflow: Option<usize>,
        last: Option<usize>,
    }
    let mut seen: Vec<Seen> = vec![Seen::default(); RULES.len()];
    let mut kept: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len().min(4 * MAX_PER_RULE));
    for d in diagnostics.drain(..) {
        let entry = &mut seen[registry::index_of(d.rule)];
        if d.omitted > 0 {
            let new_documents = d.omitted_documents - usize::from(entry.last == Some(d.document)).min(d.omitted_documents);
            entry.last = Some(d.document);
            match entry.overflow {
                Some(at) => {
                    kept[at].omitted += d.omitted;
                    kept[at].omitted_documents += new_documents;
                }
                None => {
                    entry.overflow = Some(kept.len());
                    kept.push(d);
                }
            }
            continue;
        }
        entry.listed += 1;
        if entry.listed <= MAX_PER_RULE {
            kept.push(d);
            continue;
        }
        let new_document = entry.last != Some(d.document);
        entry.last = Some(d.document);
        match entry.overflow {
            Some(at) => {
                kept[at].omitted += 1;
                kept[at].omitted_documents += usize::from(new_document);
            }
            None => {
                entry.overflow = Some(kept.len());
                let severity = d.severity;
                let mut o = overflow_finding(d.rule, d.document, d.span, d.pointer, 1);
                o.severity = severity;
                kept.push(o);
            }
        }
    }
    // The count is in the message too: say it once the final number is known.
    for d in kept.iter_mut().filter(|d| d.omitted > 0) {
        let fresh = overflow_finding(d.rule, d.document, d.span, std::mem::take(&mut d.pointer), d.omitted);
        d.message = fresh.message;
        d.pointer = fresh.pointer;
    }
    *diagnostics = kept;
}

/// Loader findings about a key (duplicate keys) get the pointer of that key's member.
fn fill_key_pointers(parsed: &mut source::Parsed) {
    for d in parsed.diagnostics.iter_mut().filter(|d| d.pointer.is_empty() && d.rule.code == "CKS002") {
        // Documents are in index order; empty ones are not kept (`Parsed::empty_documents`).
        let doc = parsed.documents.binary_search_by_key(&d.document, |doc| doc.index).ok().map(|i| &parsed.documents[i]);
        if let Some(root) = doc.and_then(|doc| doc.root.as_ref()) {
            if let Some(p) = pointer_of_key(root, d.span) {
                d.pointer = p;
            }
        }
    }
}

/// The pointer of the member whose key has this span (iterative; trees are depth-capped).
pub fn pointer_of_key(root: &Node, key_span: Span) -> Option<String> {
    let mut stack: Vec<(&Node, String)> = vec![(root, String::new())];
    while let Some((node, ptr)) = stack.pop() {
        match &node.kind {
            NodeKind::Object(members) => {
                for m in members {
                    let p = source::pointer_push(&ptr, &m.key);
                    if m.key_span() == key_span {
                        return Some(p);
                    }
                    stack.push((&m.value, p));
                }
            }
            NodeKind::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    stack.push((item, source::pointer_push(&ptr, &i.to_string())));
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pass is skipped when none of its listed rules is on: each list must hold exactly
    /// the registry's rules of its module's code range, or a rule added to a module would
    /// never run under a `--select` of it alone.
    #[test]
    fn every_pass_lists_the_rules_of_its_code_range() {
        let ranges = [200..=209, 210..=219, 220..=229, 230..=239, 240..=249, 250..=259, 300..=309];
        for ((_, listed), range) in PASSES.iter().zip(ranges.iter()) {
            let want: Vec<&str> = RULES.iter().filter(|r| range.contains(&r.number())).map(|r| r.code).collect();
            let have: Vec<&str> = listed.iter().map(|r| r.code).collect();
            assert_eq!(have, want, "{range:?}");
        }
        for r in RULES.iter().filter(|r| (200..400).contains(&r.number()) && r.code != "CKS401") {
            assert!(ranges.iter().any(|range| range.contains(&r.number())), "{} is in no pass's range", r.code);
        }
    }
}
