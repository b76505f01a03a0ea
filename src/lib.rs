//! ckslint: lint CoreWeave Kubernetes Service create-cluster requests offline.
//!
//! The library is a pure engine: [`lint::lint_bytes`] turns a file into findings;
//! the binary (`src/main.rs`, `src/cli/`) reads files, walks directories and prints.

pub mod cli;
pub mod config;
pub mod data;
pub mod diagnostic;
pub mod fix;
pub mod lint;
pub mod output;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod source;
pub mod terraform;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use lint::{lint_bytes, lint_str, FileResult, Settings};
pub use registry::{Rule, RULES};

/// Lint in-memory files the way `ckslint check --isolated` does: every rule at its
/// default severity, inline suppressions, then the cross-document pass. For tests,
/// docs and embedding.
pub fn lint_texts(files: &[(&str, &str)]) -> Vec<FileResult> {
    let config = config::RunConfig::load(&config::ConfigArgs { isolated: true, ..Default::default() }, std::path::Path::new("."))
        .unwrap_or_default();
    let mut results: Vec<FileResult> = files
        .iter()
        .map(|(path, text)| {
            let mut r = lint::lint_bytes(path, text.as_bytes(), &config.settings);
            config.apply(&mut r);
            r
        })
        .collect();
    rules::cross::check(&mut results, &config.settings);
    results
}
