//! The command-line front end: parse arguments, run a command, return the exit code.

pub mod args;
pub mod discover;

use crate::diagnostic::Severity;
use crate::lint::{FileResult, Settings};
use crate::output::{self, Summary};
use crate::registry::{self, RULES};
use args::{CheckArgs, Cli, ColorChoice, Command, ListFormat, OutputFormat};
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
        Command::Rules { format } => rules_command(format),
        Command::Explain { rule } => explain(&rule),
        Command::Schema { output } => {
            let text = if output { crate::output::json::OUTPUT_SCHEMA } else { crate::schema::REQUEST_SCHEMA };
            print_stdout(text);
            if !text.ends_with('\n') {
                print_stdout("\n");
            }
            EXIT_OK
        }
    }
}

fn print_stdout(s: &str) {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(s.as_bytes());
    let _ = out.flush();
}

fn error(msg: &str) {
    eprintln!("ckslint: error: {msg}");
}

/// Turn `--select`/`--ignore` into per-rule levels on top of `settings`.
pub fn apply_selection(settings: &mut Settings, select: &[String], ignore: &[String]) -> Result<(), String> {
    let mut problems = Vec::new();
    let mut resolve = |list: &[String]| -> Vec<&'static registry::Rule> {
        let mut v = Vec::new();
        for s in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            match registry::select(s) {
                Some(rules) => v.extend(rules),
                None => problems.push(format!("unknown rule selector `{s}`{}", suggest_rule(s))),
            }
        }
        v
    };
    let selected = resolve(select);
    let ignored = resolve(ignore);
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    if !select.is_empty() {
        for (i, r) in RULES.iter().enumerate() {
            if !selected.iter().any(|s| std::ptr::eq(*s, *r)) {
                settings.levels[i] = None;
            } else if settings.levels[i].is_none() {
                settings.levels[i] = Some(r.severity);
            }
        }
    }
    for r in ignored {
        settings.levels[registry::index_of(r)] = None;
    }
    Ok(())
}

pub fn suggest_rule(s: &str) -> String {
    let best = RULES
        .iter()
        .map(|r| (crate::rules::similarity::distance(&s.to_ascii_lowercase(), r.name), r))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= 3);
    match best {
        Some((_, r)) => format!(" (did you mean `{}` ({})?)", r.name, r.code),
        None => String::new(),
    }
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
        Input::File { path, display, .. } => std::fs::read(path).map_err(|e| format!("{display}: {}", discover::io_reason(&e))),
    }
}

/// Lint one input. `Ok(None)`: a discovered file that is not a request.
fn lint_input(input: &Input, settings: &Settings) -> Result<Option<FileResult>, String> {
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
        if named {
            Some(crate::lint::lint_bytes(path, &bytes, settings))
        } else {
            crate::lint::lint_discovered(path, &bytes, settings)
        }
    }));
    result.map_err(|_| format!("{path}: internal error while linting this file (please report it)"))
}

fn check(args: &CheckArgs) -> u8 {
    let cwd = std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."));
    let config_args = crate::config::ConfigArgs {
        config: args.config.clone(),
        isolated: args.isolated,
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let config = match crate::config::RunConfig::load(&config_args, &cwd) {
        Ok(c) => c,
        Err(e) => {
            let _ = std::io::stderr().write_all(e.rendered.as_bytes());
            return EXIT_TROUBLE;
        }
    };
    let settings = &config.settings;
    let (inputs, mut problems) = discover::collect(&args.paths, args.stdin_filename.as_deref());
    let inputs: Vec<Input> = inputs
        .into_iter()
        .filter(|i| {
            let named = !matches!(i, Input::File { named: false, .. });
            !config.is_excluded(i.display(), named, args.force_exclude)
        })
        .collect();
    let format = args.format.unwrap_or(OutputFormat::Human);
    let results: Vec<Result<Option<FileResult>, String>> = inputs
        .par_iter()
        .map(|i| {
            let mut r = lint_input(i, settings)?;
            if let Some(f) = r.as_mut() {
                if args.fix || args.diff {
                    fix_file(i, f, settings, args.fix)?;
                }
                config.apply(f);
                // Only the human report draws snippets; everything else needs positions only.
                if format != OutputFormat::Human || f.diagnostics.is_empty() {
                    f.release_source();
                }
            }
            Ok(r)
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(Some(f)) => files.push(f),
            Ok(None) => {}
            Err(e) => problems.push(e),
        }
    }
    crate::rules::cross::check(&mut files, settings);
    // Findings about the configuration itself (unused or reason-less entries).
    for extra in config.extra_results() {
        match files.binary_search_by(|f| f.path.as_str().cmp(&extra.path)) {
            Ok(i) => files[i].diagnostics.extend(extra.diagnostics),
            Err(i) => files.insert(i, extra),
        }
    }
    if format == OutputFormat::Human {
        // The cross-document pass may add findings to files whose text was released.
        for f in files.iter_mut().filter(|f| !f.has_source() && !f.diagnostics.is_empty()) {
            let path = inputs.iter().find_map(|i| match i {
                Input::File { path, display, .. } if *display == f.path => Some(path.clone()),
                _ => None,
            });
            if let Some(text) = path.and_then(|p| std::fs::read(p).ok()).and_then(|b| String::from_utf8(b).ok()) {
                f.restore_source(text);
            }
        }
    }
    let summary = Summary::of(&files);
    let mut out = String::new();
    if args.diff {
        for f in &files {
            if let Some(d) = &f.diff {
                out.push_str(d);
            }
        }
    }
    match format {
        OutputFormat::Json => output::json::render(&files, &mut out),
        OutputFormat::Sarif => output::sarif::render(&files, &mut out),
        OutputFormat::Github => output::github::render(&files, &mut out),
        OutputFormat::Concise => {
            output::concise::render(&files, &mut out);
            if !args.quiet {
                eprintln!("{}", summary.line());
            }
        }
        OutputFormat::Human => {
            let style = output::human::Style { color: use_color(args.color), width: terminal_width() };
            for f in &files {
                output::human::render_file(f, style, &mut out);
            }
            if !args.quiet {
                out.push_str(&summary.line());
                out.push('\n');
            }
        }
    }
    print_stdout(&out);
    for p in &problems {
        error(p);
    }
    if !problems.is_empty() {
        return EXIT_TROUBLE;
    }
    exit_code(&summary, args.deny_warnings)
}

fn terminal_width() -> usize {
    std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()).filter(|&w: &usize| w >= 40).unwrap_or(100)
}

/// `--fix`: apply safe fixes, write atomically, re-lint. `--diff`: record the diff only.
fn fix_file(input: &Input, file: &mut FileResult, settings: &Settings, write: bool) -> Result<(), String> {
    let Some(fixed) = crate::fix::apply_safe_fixes(&file.source, &file.diagnostics) else {
        return Ok(());
    };
    if !write {
        file.diff = Some(crate::fix::unified_diff(&file.path, &file.source, &fixed));
        return Ok(());
    }
    match input {
        Input::File { path, display, .. } => {
            crate::fix::write_atomically(path, fixed.as_bytes()).map_err(|e| format!("{display}: cannot write fixes: {e}"))?;
            let fixed_count = file.diagnostics.len();
            *file = crate::lint::lint_bytes(&file.path, fixed.as_bytes(), settings);
            file.fixed = fixed_count.saturating_sub(file.diagnostics.len());
        }
        Input::Stdin(_) => {
            // Nothing to write back to: print the fixed text is the job of a formatter,
            // not a linter. Report what remains after fixing.
            *file = crate::lint::lint_bytes(&file.path, fixed.as_bytes(), settings);
        }
    }
    Ok(())
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

/// The rule's documentation as text (also used to generate docs).
pub fn explain_text(r: &registry::Rule) -> String {
    let mut s = format!("{} {}\n\nSeverity: {} (default)\n", r.code, r.name, r.severity);
    if !r.implemented {
        s.push_str("Status: not yet implemented\n");
    }
    s.push_str(&format!("Fires when: {}\n", r.summary));
    if !r.what.is_empty() {
        s.push_str(&format!("\nWhat it does\n{}\n", r.what.trim()));
    }
    if !r.why.is_empty() {
        s.push_str(&format!("\nWhy it matters\n{}\n", r.why.trim()));
    }
    if !r.bad.is_none() {
        s.push_str(&format!("\nExample ({}, fails)\n{}\n", r.bad.path, indent(r.bad.text)));
    }
    if !r.good.is_none() {
        s.push_str(&format!("\nUse instead ({})\n{}\n", r.good.path, indent(r.good.text)));
    }
    if let Some(f) = r.fix {
        s.push_str(&format!("\nFix\n{f}\n"));
    }
    s.push_str(&format!("\nSilence it: `--ignore {}`, or in .ckslint.yaml `ignore: [{}]`.\n", r.code, r.code));
    s
}

fn indent(text: &str) -> String {
    text.trim_end_matches('\n').lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

fn explain(which: &str) -> u8 {
    match registry::find(which) {
        Some(r) => {
            print_stdout(&explain_text(r));
            EXIT_OK
        }
        None => {
            error(&format!("no rule `{which}`{}; `ckslint rules` lists them", suggest_rule(which)));
            EXIT_TROUBLE
        }
    }
}

/// Severity counts as an ordering helper for callers.
pub fn fails(sev: Severity, deny_warnings: bool) -> bool {
    sev == Severity::Error || (deny_warnings && sev == Severity::Warning)
}
