//! `ckslint completions SHELL` and `ckslint man`: both generated from the clap definitions
//! in `args`, so they name exactly the subcommands and flags `--help` shows.

use super::args::Cli;
use super::{EXIT_OK, EXIT_TROUBLE};
use clap::CommandFactory;
use std::io::Write;

/// The completion script for `shell`.
pub fn completion_script(shell: clap_complete::Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "ckslint", &mut out);
    out
}

/// The manual page in roff: `ckslint(1)` with a section per subcommand.
pub fn man_page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let mut out = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_subcommands_section(&mut out)?;
    // Each subcommand's options, under its own heading (the top-level page alone would
    // list only `--help` and `--version`).
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let name = sub.get_name();
        writeln!(out, ".SH \"{}\"", format!("ckslint {name}").to_uppercase())?;
        if let Some(about) = sub.get_about() {
            writeln!(out, "{}", roff_escape(&about.to_string()))?;
        }
        for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
            writeln!(out, ".TP")?;
            let mut head = String::new();
            if let Some(s) = arg.get_short() {
                head.push_str(&format!("\\fB\\-{s}\\fR, "));
            }
            match arg.get_long() {
                Some(l) => head.push_str(&format!("\\fB\\-\\-{}\\fR", roff_escape(l))),
                None => head.push_str(&format!("\\fI{}\\fR", arg.get_id().as_str().to_uppercase())),
            }
            if arg.get_long().is_some() && arg.get_action().takes_values() {
                let value = arg
                    .get_value_names()
                    .and_then(|v| v.first())
                    .map(|v| v.to_string())
                    .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
                head.push_str(&format!(" \\fI{}\\fR", roff_escape(&value)));
            }
            writeln!(out, "{head}")?;
            let mut help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            let values: Vec<String> =
                arg.get_possible_values().iter().filter(|v| !v.is_hide_set()).map(|v| v.get_name().to_string()).collect();
            if arg.get_action().takes_values() && !values.is_empty() {
                help.push_str(&format!(" [possible values: {}]", values.join(", ")));
            }
            writeln!(out, "{}", roff_escape(&help))?;
        }
    }
    man.render_version_section(&mut out)?;
    Ok(out)
}

/// Text for a roff paragraph: backslashes and hyphens escaped, and a leading `.` or `'`
/// (a roff request) guarded.
fn roff_escape(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    if s.starts_with('.') || s.starts_with('\'') {
        format!("\\&{s}")
    } else {
        s
    }
}

pub fn completions(shell: clap_complete::Shell) -> u8 {
    write_out(&completion_script(shell))
}

pub fn man() -> u8 {
    match man_page() {
        Ok(page) => write_out(&page),
        Err(e) => {
            super::error(&format!("cannot render the manual page: {e}"));
            EXIT_TROUBLE
        }
    }
}

fn write_out(bytes: &[u8]) -> u8 {
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(bytes).and_then(|()| out.flush());
    EXIT_OK
}
