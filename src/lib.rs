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

pub use diagnostic::{Applicability, Diagnostic, Edit, Fix, Label, Severity};
pub use lint::{lint_bytes, lint_str, FileResult, Settings};
pub use registry::{Rule, RULES};
