//! Command-line surface (SPEC §2).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(name = "ckslint", version, about = "Lint CoreWeave Kubernetes Service create-cluster request files (JSON/YAML), offline.")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Lint files and directories (default: .); "-" reads stdin
    Check(CheckArgs),
    /// List every rule: code, name, default severity, summary
    Rules {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// Show a rule's documentation: what, why, bad and good example
    Explain {
        /// A rule code (CKS201) or name (invalid-cluster-name)
        rule: String,
    },
    /// Print the embedded request JSON Schema (for editors)
    Schema {
        /// Print the JSON Schema of `check --format json` output instead
        #[arg(long)]
        output: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions {
        /// The shell to complete for
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff, for man(1)); from the same definitions as --help
    Man,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Concise,
    Json,
    Sarif,
    Github,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

#[derive(Args, Debug, Default, Clone)]
pub struct CheckArgs {
    /// Files or directories to lint; "-" reads stdin
    pub paths: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// Path used for stdin: format detection, configuration and output
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// Rules to run: codes, code prefixes (CKS2) or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub select: Vec<String>,
    /// Rules to skip: codes, code prefixes or names, comma-separated
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub ignore: Vec<String>,
    /// Configuration file (default: the nearest .ckslint.yaml upward)
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every configuration file
    #[arg(long)]
    pub isolated: bool,
    /// Apply the configured `exclude` to paths named on the command line too
    #[arg(long)]
    pub force_exclude: bool,
    /// Warnings fail the run too
    #[arg(long)]
    pub deny_warnings: bool,
    /// Apply safe fixes in place
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,
    /// Print a unified diff of the safe fixes; write nothing
    #[arg(long)]
    pub diff: bool,
    /// When to use colour
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print only findings (no summary line)
    #[arg(long, short)]
    pub quiet: bool,
    /// Findings never fail the run (exit 0); tool errors still exit 2
    #[arg(long)]
    pub exit_zero: bool,
    /// Print how many findings each rule reported (count, code, name, fixable) instead of the findings
    #[arg(long)]
    pub statistics: bool,
    /// Write the report in --format to FILE instead of stdout (the summary line goes to stderr)
    #[arg(long, value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Also write the report in FORMAT to FILE (repeatable: --report sarif=ckslint.sarif --report json=ckslint.json)
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_report)]
    pub report: Vec<(OutputFormat, PathBuf)>,
    /// Suppress every finding that fails the run: comments in YAML, suppress: entries in .ckslint.yaml for JSON
    #[arg(long, conflicts_with_all = ["fix", "diff", "statistics", "report", "output_file", "format"])]
    pub add_suppressions: bool,
    /// The reason written with --add-suppressions (default: "added by ckslint --add-suppressions on <today>")
    #[arg(long, value_name = "TEXT", requires = "add_suppressions", value_parser = parse_reason)]
    pub reason: Option<String>,
}

/// `--reason`: one line of text (a suppression without a reason is itself reported).
fn parse_reason(s: &str) -> Result<String, String> {
    if s.trim().is_empty() {
        return Err("the reason is empty (CKS902 reports a suppression that gives none)".into());
    }
    if s.contains(['\n', '\r']) {
        return Err("the reason must be one line".into());
    }
    Ok(s.trim().to_string())
}

/// `FORMAT=FILE` of `--report`: a format of `--format`, then the file to write.
fn parse_report(s: &str) -> Result<(OutputFormat, PathBuf), String> {
    let formats = || {
        OutputFormat::value_variants()
            .iter()
            .filter_map(|v| v.to_possible_value())
            .map(|v| v.get_name().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let Some((format, file)) = s.split_once('=') else {
        return Err(format!("expected FORMAT=FILE (FORMAT one of {}), e.g. sarif=ckslint.sarif", formats()));
    };
    let format = OutputFormat::from_str(format, false).map_err(|_| format!("unknown format `{format}` (one of {})", formats()))?;
    if file.is_empty() {
        return Err("no FILE after `=`".into());
    }
    Ok((format, PathBuf::from(file)))
}
