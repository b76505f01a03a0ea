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
}
