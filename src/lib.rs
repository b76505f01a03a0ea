//! ckslint: lint CoreWeave Kubernetes Service create-cluster requests offline.
//!
//! The library is the engine and what every front-end shares: [`pipeline`] turns
//! documents into findings, [`config`] resolves settings, [`output`] renders reports.
//! The front-ends live in the binary (`src/main.rs`, `src/cli/`, `src/server/`), so no
//! library module can name them (tests/layering.rs holds that too).

pub mod config;
pub mod data;
pub mod diagnostic;
pub mod docs;
pub mod fix;
pub mod lint;
pub mod output;
pub mod paths;
pub mod pipeline;
pub mod registry;
pub mod rules;
pub mod schema;
pub mod source;
pub mod suppress;
pub mod terraform;

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use lint::{lint_bytes, lint_str, FileResult, Settings};
pub use registry::{Rule, RULES};

/// Lint in-memory files the way `ckslint check --isolated` does: every rule at its
/// default severity, the cross-document pass, then inline suppressions over every
/// finding ([`pipeline::check`]). For tests, docs and embedding.
pub fn lint_texts(files: &[(&str, &str)]) -> Vec<FileResult> {
    let config = config::RunConfig::isolated();
    let sources: Vec<pipeline::Source> = files.iter().map(|(path, text)| pipeline::Source::new(path, text.as_bytes())).collect();
    pipeline::check(&sources, &config, pipeline::FixMode::Off)
}

/// What the unit tests share.
#[cfg(test)]
pub(crate) mod testing {
    /// A fixed-seed xorshift picker for generated test cases: each call gives an index
    /// below `n`, the same sequence on every run.
    pub(crate) fn picker() -> impl FnMut(usize) -> usize {
        let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
        move |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        }
    }
}
