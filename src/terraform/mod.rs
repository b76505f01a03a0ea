//! Terraform configurations (SPEC §6): `resource "coreweave_cks_cluster"` declarations in
//! `.tf` and `.tf.json` files, and the Terraform ⇄ API mapping every Terraform form shares.
//! Terraform plans (SPEC §7): [`plan`].

pub mod config;
pub mod files;
pub mod hcl;
pub mod mapping;
pub mod plan;
pub mod syntax;
pub mod version;

use crate::diagnostic::{Edit, Fix};
use crate::source::Span;

/// Whether a path is a variables file (read as a value source, never linted on its own).
pub fn is_tfvars_path(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.ends_with(".tfvars") || lower.ends_with(".tfvars.json")
}

/// ` =` inserted after a nested attribute written as a block (CKS501).
pub(crate) fn block_fix(ident: Span) -> Fix {
    Fix::safe("write it as an attribute: insert ` =`", vec![Edit { span: Span::empty(ident.end), content: " =".into() }])
}
