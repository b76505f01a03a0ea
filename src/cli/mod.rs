//! The command-line front end: parse arguments, run a command, return the exit code.

pub mod args;
pub mod completions;
pub mod discover;
mod spill;
pub mod stats;
mod suppressions;

use args::{CheckArgs, Cli, ColorChoice, Command, ListFormat, OutputFormat};
use ckslint::lint::FileResult;
use ckslint::output::{self, Summary};
use ckslint::registry::{self, RULES};
use clap::Parser;
use discover::Input;
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};

/// Exit codes (SPEC §2).
pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_TROUBLE: u8 = 2;

/// Run the CLI with these arguments (the first is the program name).
pub fn run<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { EXIT_TROUBLE } else { EXIT_OK };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Check(a) => check(&a),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man => completions::man(),
        Command::Rules { format } => rules_command(format),
        Command::Explain { rule } => explain(&rule),
        Command::Schema { output } => {
            let text = if output { ckslint::output::json::OUTPUT_SCHEMA } else { ckslint::schema::REQUEST_SCHEMA };
            print_stdout(text);
            if !text.ends_with('\n') {
                print_stdout("\n");
            }
            EXIT_OK
        }
    }
}

/// A configuration error as the CLI prints it: its findings (plain human format), then
/// the one-line reason.
fn render_config_error(e: &ckslint::config::ConfigError) -> String {
    let mut out = String::new();
    if let Some(file) = &e.file {
        output::human::render_file(file, output::human::Style::PLAIN, &mut out);
    }
    out.push_str(&format!("ckslint: error: {}\n", e.message));
    out
}

fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn error(msg: &str) {
    eprintln!("ckslint: error: {msg}");
}

fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && std::io::stdout().is_terminal(),
    }
}

fn read_input(input: &Input) -> Result<Vec<u8>, String> {
    match input {
        Input::Stdin(_) => {
            let mut buf = Vec::new();
            std::io::stdin().lock().read_to_end(&mut buf).map_err(|e| format!("-: cannot read stdin: {e}"))?;
            Ok(buf)
        }
        Input::File { name, .. } => std::fs::read(name.path()).map_err(|e| format!("{}: {}", name.display(), discover::io_reason(&e))),
    }
}

/// Lint one input (pipeline step 1: findings not yet suppressed). `Ok(None)`: a
/// discovered file that is not a request.
fn lint_input(input: &Input, config: &ckslint::config::RunConfig) -> Result<Option<FileResult>, String> {
    let bytes = read_input(input)?;
    let named = !matches!(input, Input::File { named: false, .. });
    let path = input.display();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        // Test hook (debug builds only): prove that a panic in one file's lint is
        // isolated. Release builds compile this out.
        #[cfg(debug_assertions)]
        if std::env::var("CKSLINT_TEST_PANIC_ON").is_ok_and(|p| !p.is_empty() && path.contains(&p)) {
            panic!("test panic requested for {path}");
        }
        // The bytes are given away: a request file's text is not copied.
        ckslint::pipeline::lint_raw_owned(path, bytes, !named, config)
    }));
    result.map_err(|_| format!("{path}: internal error while linting this file (please report it)"))
}

/// One report a run writes: `--format` to stdout (or `--output-file`), and one per
/// `--report FORMAT=FILE`. Each keeps its own rendered fragments until the end of the run.
struct Report {
    format: OutputFormat,
    /// `--statistics`: counts per rule instead of the findings (the main report only).
    statistics: bool,
    style: output::human::Style,
    /// `None`: standard output.
    path: Option<std::path::PathBuf>,
}

impl Report {
    fn render(&self, f: &FileResult, out: &mut String) {
        match self.format {
            _ if self.statistics => {}
            OutputFormat::Json => output::json::write_file_diagnostics(f, &mut true, out),
            OutputFormat::Sarif => output::sarif::write_file_results(f, out),
            OutputFormat::Github => output::github::render_file(f, out),
            OutputFormat::Concise => output::concise::render_file(f, out),
            OutputFormat::Human => output::human::render_file(f, self.style, out),
        }
    }
}

/// Where a report is written.
type Sink = Box<dyn Write>;

/// The reports of a run, the main one first; every file created (emptied) now, so that a
/// path that cannot be written is exit 2 before any work.
fn open_reports(args: &CheckArgs) -> Result<Vec<(Report, Sink)>, String> {
    let format = args.format.unwrap_or(OutputFormat::Human);
    if args.statistics && format == OutputFormat::Sarif {
        return Err("--statistics has no SARIF form: use --format json for a JSON document, or a text format".into());
    }
    let width = terminal_width();
    // Colour is for a terminal, never for a report file unless asked for.
    let style = |path: &Option<std::path::PathBuf>| output::human::Style {
        color: use_color(args.color) && (path.is_none() || args.color == ColorChoice::Always),
        width,
    };
    let mut wanted = vec![Report { format, statistics: args.statistics, style: style(&args.output_file), path: args.output_file.clone() }];
    for (format, path) in &args.report {
        if wanted.iter().any(|r| r.path.as_ref() == Some(path)) {
            return Err(format!("{}: named by two reports; give each report its own file", path.display()));
        }
        let path = Some(path.clone());
        wanted.push(Report { format: *format, statistics: false, style: style(&path), path });
    }
    // --add-suppressions writes suppressions, not a report.
    if args.add_suppressions {
        wanted.clear();
    }
    let mut reports = Vec::with_capacity(wanted.len());
    for r in wanted {
        let sink: Sink = match &r.path {
            Some(path) => match std::fs::File::create(path) {
                Ok(f) => Box::new(f),
                Err(e) => return Err(format!("{}: cannot write the report: {}", path.display(), discover::io_reason(&e))),
            },
            None => Box::new(std::io::stdout().lock()),
        };
        reports.push((r, sink));
    }
    Ok(reports)
}

fn check(args: &CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let config_args = ckslint::config::ConfigArgs {
        config: args.config.clone(),
        isolated: args.isolated,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let config = match ckslint::config::RunConfig::load(&config_args, &cwd) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::io::stderr().write_all(render_config_error(&e).as_bytes());
            return EXIT_TROUBLE;
        }
    };
    let settings = &config.settings;
    let (reports, sinks): (Vec<Report>, Vec<Sink>) = match open_reports(args) {
        Ok(r) => r.into_iter().unzip(),
        Err(e) => {
            error(&e);
            return EXIT_TROUBLE;
        }
    };
    let keep = |display: &str, named: bool| !config.is_excluded(display, named, args.force_exclude);
    let (inputs, problems) = discover::collect(&args.paths, args.stdin_filename.as_deref(), &keep);
    let reason = args.reason.clone().unwrap_or_else(|| format!("added by ckslint --add-suppressions on {}", suppressions::today()));
    if args.add_suppressions && (0..inputs.len()).any(|i| matches!(inputs.get(i), Input::Stdin(_))) {
        error("cannot add suppressions to standard input: name the files");
        return EXIT_TROUBLE;
    }
    // --add-suppressions: suppress what fails the run in the file's report (`raw`: its
    // findings before suppression), writing comments now.
    let add = |input: &Input, raw: &FileResult, f: &FileResult, covered: &[ckslint::suppress::Entry]| {
        suppressions::add_for_file(input, raw, f, &config, &reason, args.deny_warnings, covered).map(Some)
    };
    // Each report's fragments of one file, in the order of `reports`.
    let render_all = |f: &FileResult| -> Vec<String> {
        reports
            .iter()
            .map(|r| {
                let mut fragment = String::with_capacity(if r.statistics { 0 } else { f.diagnostics.len() * 512 });
                r.render(f, &mut fragment);
                fragment
            })
            .collect()
    };
    // `--statistics` counts what the report shows: each file as rendered, then as
    // rendered again with its cross-document findings, and the run's extra results.
    let tally_of = |f: &FileResult| {
        let mut t = stats::Tally::default();
        if args.statistics {
            t.add(f);
        }
        t
    };

    // Lint in parallel, a batch at a time in output order; render each file at once and
    // keep only what the end of the run needs (its place, its names, its counts).
    let mut run = Run {
        problems,
        entries: Vec::with_capacity(inputs.len()),
        spills: reports.iter().map(|_| (spill::Spill::default(), Vec::with_capacity(inputs.len()))).collect(),
        ..Run::default()
    };
    let mut pending: Vec<Result<Option<Linted>, String>> = Vec::new();
    for start in (0..inputs.len()).step_by(BATCH) {
        let batch = start..inputs.len().min(start + BATCH);
        let lint_one = |i: usize| -> Result<Option<Linted>, String> {
            let input = &inputs.get(i);
            let Some(mut f) = lint_input(input, &config)? else { return Ok(None) };
            if args.fix || args.diff {
                fix_file(input, &mut f, &config, args.fix)?;
            }
            // Standard input cannot be read twice: keep its unsuppressed result whole, for
            // the cross-document findings it may gain.
            let kept = matches!(input, Input::Stdin(_)).then(|| f.unsuppressed_copy());
            let raw = args.add_suppressions.then(|| f.unsuppressed_copy());
            ckslint::pipeline::finish(&mut f, Vec::new(), &config);
            let added = match &raw {
                Some(raw) => add(input, raw, &f, &[])?,
                None => None,
            };
            let fragments = render_all(&f);
            let mut counts = Summary::default();
            counts.add(&f);
            let mut tally = tally_of(&f);
            // Findings in the files its values came from (a tfvars file): reported in
            // their own sorted place once the run's files are known.
            let related = std::mem::take(&mut f.related);
            for r in &related {
                r.diagnostics.iter().for_each(|d| counts.count(d));
                tally.merge(&tally_of(r));
            }
            let names = ckslint::rules::cross::name_hashes(&f);
            let diff = f.diff.take();
            let len = f.len;
            Ok(Some(Linted { input: i, fragments, counts, tally, names, diff, len, kept, added, related }))
        };
        // One file (an editor or a pre-commit hook on one file) is not worth starting threads.
        if batch.len() == 1 && pending.is_empty() {
            pending = batch.map(lint_one).collect();
            continue;
        }
        // The previous batch is merged (a sequential step) while this one is linted.
        let done = std::mem::take(&mut pending);
        let (linted, ()) = rayon::join(|| batch.into_par_iter().map(lint_one).collect(), || merge(&mut run, done));
        pending = linted;
    }
    merge(&mut run, pending);
    let Run { spills, entries, names, mut summary, mut tally, diffs, mut problems, mut stdin, mut added, related } = run;
    let path_of = |e: &Entry| inputs.display(e.input as usize);
    // Lint an entry's file again (a run keeps only its place and counts), suppressions
    // not yet applied. Not for standard input, which cannot be read twice: its result is
    // kept whole in `stdin`.
    let relint = |e: &Entry| -> Result<Option<FileResult>, String> { lint_input(&inputs.get(e.input as usize), &config) };

    // Findings only the whole run can give: duplicate names across files, and those about
    // the configuration itself (unused or reason-less entries). Only files whose name
    // hash another document shares can have a duplicate name: they are linted again for
    // their exact names and places.
    let mut index = ckslint::rules::cross::NameIndex::default();
    let candidates = names.candidates();
    let is_stdin = |i: usize| stdin.as_ref().is_some_and(|(s, _)| *s == i);
    let again = |&i: &usize| (!is_stdin(i)).then(|| relint(&entries[i]));
    // A batch at a time, like the run itself: thousands of copies of one request must not
    // hold thousands of trees. One file is not worth starting threads (a one-file run
    // never starts any).
    for batch in candidates.chunks(BATCH) {
        let relinted: Vec<_> = if batch.len() > 1 { batch.par_iter().map(again).collect() } else { batch.iter().map(again).collect() };
        for (&i, r) in batch.iter().zip(relinted) {
            match r {
                None => stdin.iter().for_each(|(_, f)| index.add(i, f)),
                Some(Ok(Some(f))) => index.add(i, &f),
                Some(Ok(None)) => problems.push(format!("{}: no longer a request file", path_of(&entries[i]))),
                Some(Err(p)) => problems.push(p),
            }
        }
    }
    // The configured suppressions (by path) apply to them now, so that an entry used
    // only by them is not reported unused; inline ones when their file is linted again.
    let mut additions: std::collections::BTreeMap<usize, Vec<ckslint::Diagnostic>> = Default::default();
    for (i, d) in index.findings(settings, |i| path_of(&entries[i])) {
        additions.entry(i).or_default().push(d);
    }
    additions.retain(|&i, added| {
        config.apply_configured(&path_of(&entries[i]), added);
        !added.is_empty()
    });
    let mut extras: Vec<FileResult> = Vec::new();
    let mut extras_failing = 0;
    for extra in config.extra_results() {
        match entries.binary_search_by(|e| inputs.cmp_display(e.input as usize, &extra.path)) {
            Ok(i) => {
                extra.diagnostics.iter().for_each(|d| summary.count(d));
                additions.entry(i).or_default().extend(extra.diagnostics);
            }
            Err(_) => {
                summary.add(&extra);
                tally.merge(&tally_of(&extra));
                extras_failing += extra.diagnostics.iter().filter(|d| ckslint::suppress::fails(d, args.deny_warnings)).count();
                extras.push(extra);
            }
        }
    }
    // Findings in files read for values (a .tfvars file) are reported there; no
    // suppression is written for them.
    extras_failing += related.iter().flat_map(|r| &r.diagnostics).filter(|d| ckslint::suppress::fails(d, args.deny_warnings)).count();
    extras.extend(related);
    extras.sort_by(|a, b| a.path.cmp(&b.path));

    // Write the reports: the spilled files in order, re-rendering the few that gained
    // findings, with the run's extra files in their sorted places.
    let mut outs: Vec<Out> = reports.iter().zip(sinks).map(|(r, sink)| Out::new(r.format, sink)).collect();
    if let Some(out) = outs.first_mut() {
        out.text(&diffs);
    }
    let mut sarif_files: Option<Vec<(String, usize)>> = None;
    for (r, out) in reports.iter().zip(&mut outs).filter(|(r, _)| !r.statistics) {
        match r.format {
            OutputFormat::Json => {
                let mut head = String::new();
                output::json::begin(&mut head);
                out.text(&head);
            }
            OutputFormat::Sarif => {
                let all = sarif_files.get_or_insert_with(|| {
                    let mut all: Vec<(String, usize)> = entries.iter().map(|e| (path_of(e), e.len as usize)).collect();
                    all.extend(extras.iter().map(|f| (f.path.clone(), f.len)));
                    all.sort_by(|a, b| a.0.cmp(&b.0));
                    all.dedup_by(|a, b| a.0 == b.0);
                    all
                });
                let (head, tail) = output::sarif::frame(all.iter().map(|(p, n)| (p.as_str(), *n)));
                out.text(&head);
                out.tail = tail;
            }
            _ => {}
        }
    }
    let mut readers = Vec::with_capacity(spills.len());
    for (spill, lengths) in spills {
        match spill.reader() {
            Ok(r) => readers.push((r, lengths)),
            Err(e) => {
                error(&format!("cannot read back the report from its temporary file: {e}"));
                return EXIT_TROUBLE;
            }
        }
    }
    let write_all = |outs: &mut [Out], fragments: &[String]| outs.iter_mut().zip(fragments).for_each(|(o, s)| o.fragment(s));
    let mut extras = extras.into_iter().peekable();
    for (i, e) in entries.iter().enumerate() {
        while let Some(x) = extras.next_if(|x| inputs.cmp_display(e.input as usize, &x.path).is_gt()) {
            write_all(&mut outs, &render_all(&x));
        }
        let Some(cross) = additions.remove(&i) else {
            for (out, (reader, lengths)) in outs.iter_mut().zip(&mut readers) {
                out.copy(reader, lengths[i]);
            }
            continue;
        };
        for (reader, lengths) in &mut readers {
            let _ = std::io::copy(&mut reader.by_ref().take(lengths[i]), &mut std::io::sink());
        }
        // Lint the file again (it was dropped once rendered) and add the run's findings.
        let f = match stdin.take_if(|(s, _)| *s == i) {
            Some((_, f)) => Ok(Some(*f)),
            None => relint(e),
        };
        match f {
            Ok(Some(mut f)) => {
                // The file's counts as first reported give way to those with its
                // cross-document findings, every suppression applied to both.
                let mut first = f.unsuppressed_copy();
                ckslint::pipeline::finish(&mut first, Vec::new(), &config);
                let raw = args.add_suppressions.then(|| {
                    let mut raw = f.unsuppressed_copy();
                    raw.diagnostics.extend(cross.iter().cloned());
                    ckslint::lint::sort(&mut raw.diagnostics);
                    raw
                });
                ckslint::pipeline::finish(&mut f, cross, &config);
                if let Some(raw) = &raw {
                    let covered = added.get(&i).map_or(&[][..], |a| &a.entries[..]);
                    match add(&inputs.get(e.input as usize), raw, &f, covered) {
                        Ok(Some(a)) => added.entry(i).or_default().merge(a),
                        Ok(None) => {}
                        Err(p) => problems.push(p),
                    }
                }
                summary.replace(&first, &f);
                if args.statistics {
                    tally.replace(&first, &f);
                }
                write_all(&mut outs, &render_all(&f));
            }
            Ok(None) => problems.push(format!("{}: no longer a request file", path_of(e))),
            Err(p) => problems.push(p),
        }
    }
    for x in extras {
        write_all(&mut outs, &render_all(&x));
    }
    for (r, out) in reports.iter().zip(&mut outs) {
        let main = std::ptr::eq(r, &reports[0]);
        let summary_line = main && !args.quiet;
        match r.format {
            OutputFormat::Json if r.statistics => out.text(&tally.json(&summary)),
            _ if r.statistics => {
                out.text(&tally.text());
                if summary_line {
                    out.flush();
                    eprintln!("{}", summary.line());
                }
            }
            OutputFormat::Json => {
                let mut end = String::new();
                output::json::end(&summary, &mut end);
                out.text(&end);
            }
            OutputFormat::Sarif => {
                let tail = std::mem::take(&mut out.tail);
                out.text(&tail);
            }
            // The summary line ends a human report on standard output; written to a file,
            // the report is the findings and the line goes to stderr (as for concise).
            OutputFormat::Human if summary_line && r.path.is_none() => out.text(&format!("{}\n", summary.line())),
            OutputFormat::Human | OutputFormat::Concise if summary_line => {
                out.flush();
                eprintln!("{}", summary.line());
            }
            _ => {}
        }
        out.flush();
        if let (true, Some(path)) = (out.failed, &r.path) {
            problems.push(format!("{}: cannot write the report", path.display()));
        }
    }
    if args.add_suppressions {
        return finish_suppressions(&added, &extras_failing, &inputs, &entries, &config, &config_args, &reason, problems, args);
    }
    finish(&problems, &summary, args)
}

/// The end of an `--add-suppressions` run: the `suppress:` entries written, what was
/// added per file, the exit code (1 when findings that fail the run are left).
#[allow(clippy::too_many_arguments)]
fn finish_suppressions(
    added: &std::collections::BTreeMap<usize, suppressions::Added>,
    extras_failing: &usize,
    inputs: &discover::Inputs,
    entries: &[Entry],
    config: &ckslint::config::RunConfig,
    config_args: &ckslint::config::ConfigArgs,
    reason: &str,
    mut problems: Vec<String>,
    args: &CheckArgs,
) -> u8 {
    let wanted: Vec<ckslint::suppress::Entry> = added.values().flat_map(|a| a.entries.iter().cloned()).collect();
    let mut shown = None;
    let mut configured_ok = true;
    if !wanted.is_empty() {
        match suppressions::write_entries(&wanted, config, config_args, reason) {
            Ok(s) => shown = Some(s),
            Err(p) => {
                configured_ok = false;
                problems.push(p);
            }
        }
    }
    let mut rows: Vec<(String, suppressions::Added)> = Vec::new();
    for (&i, a) in added {
        let mut a = suppressions::Added { inline: a.inline, configured: a.configured, remaining: a.remaining, entries: Vec::new() };
        if !configured_ok {
            a.remaining += a.configured;
            a.configured = 0;
        }
        rows.push((inputs.display(entries[i].input as usize), a));
    }
    let remaining: usize = rows.iter().map(|r| r.1.remaining).sum::<usize>() + extras_failing;
    let listed: Vec<(String, &suppressions::Added)> = rows.iter().map(|(p, a)| (p.clone(), a)).collect();
    let mut text = suppressions::report(&listed, shown.as_deref());
    if *extras_failing > 0 {
        text.push_str(&format!(
            "{extras_failing} finding(s) in the configuration or in files read for values (.tfvars) fail the run: fix them there\n"
        ));
    }
    print_stdout(&text);
    for p in &problems {
        error(p);
    }
    if !problems.is_empty() {
        EXIT_TROUBLE
    } else if remaining > 0 && !args.exit_zero {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

/// Report the run's problems; the exit code (SPEC §2): 2 on a problem, then 1 when
/// findings fail the run (never with `--exit-zero`).
fn finish(problems: &[String], summary: &Summary, args: &CheckArgs) -> u8 {
    for p in problems {
        error(p);
    }
    if !problems.is_empty() {
        EXIT_TROUBLE
    } else if args.exit_zero {
        EXIT_OK
    } else {
        exit_code(summary, args.deny_warnings)
    }
}

/// What a run keeps as its batches are merged.
#[derive(Default)]
struct Run {
    /// Per report: its rendered fragments, and each entry's fragment length.
    spills: Vec<(spill::Spill, Vec<u64>)>,
    entries: Vec<Entry>,
    names: ckslint::rules::cross::NameHashes,
    /// The entry of standard input, and its result (it cannot be read twice).
    stdin: Option<(usize, Box<FileResult>)>,
    summary: Summary,
    tally: stats::Tally,
    diffs: String,
    problems: Vec<String>,
    /// `--add-suppressions`: what was added, per entry.
    added: std::collections::BTreeMap<usize, suppressions::Added>,
    /// Results for the files linted files read values from (their findings only).
    related: Vec<FileResult>,
}

/// Add one linted batch to the run, in order.
fn merge(run: &mut Run, linted: Vec<Result<Option<Linted>, String>>) {
    for r in linted {
        match r {
            Ok(Some(l)) => {
                run.summary.merge(&l.counts);
                run.tally.merge(&l.tally);
                run.names.insert(run.entries.len(), &l.names);
                if let Some(f) = l.kept {
                    run.stdin = Some((run.entries.len(), Box::new(f)));
                }
                if let Some(d) = l.diff {
                    run.diffs.push_str(&d);
                }
                run.related.extend(l.related);
                for ((spill, lengths), fragment) in run.spills.iter_mut().zip(&l.fragments) {
                    spill.push(fragment);
                    lengths.push(fragment.len() as u64);
                }
                if let Some(a) = l.added {
                    run.added.insert(run.entries.len(), a);
                }
                run.entries.push(Entry { input: small(l.input), len: small(l.len) });
            }
            Ok(None) => {}
            Err(e) => run.problems.push(e),
        }
    }
}

/// Files linted per parallel batch: each batch is rendered and dropped before the next,
/// so memory stays flat however many files a run has.
const BATCH: usize = 256;

/// One linted file as a worker hands it back.
struct Linted {
    input: usize,
    /// Its rendered report, one per report of the run.
    fragments: Vec<String>,
    counts: Summary,
    tally: stats::Tally,
    names: Vec<u64>,
    diff: Option<String>,
    len: usize,
    kept: Option<FileResult>,
    added: Option<suppressions::Added>,
    related: Vec<FileResult>,
}

/// What the run keeps of one linted request file once its report is rendered: 8 bytes
/// (its name is in the run's inputs, its name hashes in the run's `names`, the length of
/// its rendered report in each report's spill).
struct Entry {
    /// Index into the run's inputs.
    input: u32,
    /// Size of the file (SARIF lists it; request files are linted up to 16 MiB, and a
    /// size past 4 GiB is listed as 4 GiB).
    len: u32,
}

/// `n` in 32 bits, saturating (a run's input numbers always fit).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A report on its way to stdout or its file: fragments of JSON arrays get their commas
/// here.
struct Out {
    w: std::io::BufWriter<Sink>,
    /// Fragments are items of a JSON array (JSON, SARIF) and need separating commas.
    array: bool,
    written_item: bool,
    tail: String,
    /// A write failed (ignored for stdout, a closed pipe; exit 2 for a report file).
    failed: bool,
}

impl Out {
    fn new(format: OutputFormat, sink: Sink) -> Self {
        Out {
            w: std::io::BufWriter::with_capacity(1 << 16, sink),
            array: matches!(format, OutputFormat::Json | OutputFormat::Sarif),
            written_item: false,
            tail: String::new(),
            failed: false,
        }
    }

    /// Text outside the per-file fragments.
    fn text(&mut self, s: &str) {
        self.failed |= self.w.write_all(s.as_bytes()).is_err();
    }

    fn separate(&mut self, len: u64) {
        if self.array && len > 0 {
            if self.written_item {
                self.text(",");
            }
            self.written_item = true;
        }
    }

    fn fragment(&mut self, s: &str) {
        self.separate(s.len() as u64);
        self.text(s);
    }

    /// Copy the next `len` bytes of the spill.
    fn copy(&mut self, from: &mut dyn Read, len: u64) {
        self.separate(len);
        self.failed |= std::io::copy(&mut from.take(len), &mut self.w).is_err();
    }

    fn flush(&mut self) {
        self.failed |= self.w.flush().is_err();
    }
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w: &usize| w >= 40).unwrap_or(100)
}

/// `--fix`: apply the safe fixes of the findings suppressions leave, write the file
/// atomically, lint it again. `--diff`: record the diff only (pipeline step 2).
fn fix_file(input: &Input, file: &mut FileResult, config: &ckslint::config::RunConfig, write: bool) -> Result<(), String> {
    let mode = if write { ckslint::pipeline::FixMode::Apply } else { ckslint::pipeline::FixMode::Diff };
    ckslint::pipeline::fix_step(file, config, mode);
    let Some(fixed) = file.fixed_source.take() else { return Ok(()) };
    match input {
        Input::File { name, .. } => ckslint::fix::write_atomically(name.path(), fixed.as_bytes())
            .map_err(|e| format!("{}: cannot write fixes: {e}", name.display())),
        Input::Stdin(_) => {
            // Nothing to write back to: print the fixed text is the job of a formatter,
            // not a linter. Report what remains after fixing.
            file.fixed = 0;
            Ok(())
        }
    }
}

/// 1 when findings fail the run (errors; warnings too with `--deny-warnings`).
pub fn exit_code(summary: &Summary, deny_warnings: bool) -> u8 {
    if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    }
}

fn rules_command(format: ListFormat) -> u8 {
    let mut out = String::new();
    match format {
        ListFormat::Json => {
            let v: Vec<_> = RULES
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code,
                        "name": r.name,
                        "severity": r.severity,
                        "summary": r.summary,
                        "fixable": r.fix.is_some(),
                        "implemented": r.implemented,
                        "url": format!("ckslint explain {}", r.code),
                    })
                })
                .collect();
            out = serde_json::to_string_pretty(&v).unwrap_or_default();
            out.push('\n');
        }
        ListFormat::Text => {
            for r in RULES {
                let status = if r.implemented { "" } else { "  (not yet implemented)" };
                let fix = if r.fix.is_some() { " [fix]" } else { "" };
                out.push_str(&format!("{}  {:<32} {:<7}  {}{}{}\n", r.code, r.name, r.severity.as_str(), r.summary, fix, status));
            }
        }
    }
    print_stdout(&out);
    EXIT_OK
}

fn explain(which: &str) -> u8 {
    match registry::find(which) {
        Some(r) => {
            print_stdout(&ckslint::docs::explain_text(r));
            EXIT_OK
        }
        None => {
            error(&format!("no rule `{which}`{}; `ckslint rules` lists them", registry::suggest_rule(which)));
            EXIT_TROUBLE
        }
    }
}
