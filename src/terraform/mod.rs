//! Terraform configurations (SPEC §6): `resource "coreweave_cks_cluster"` declarations in
//! `.tf` and `.tf.json` files, and the Terraform ⇄ API mapping every Terraform form shares.
//! Terraform plans (SPEC §7): [`plan`].

pub mod ast;
pub mod config;
pub mod files;
pub mod hcl;
pub mod mapping;
pub mod plan;
pub mod scan;
pub mod syntax;
pub mod version;

use crate::diagnostic::{Edit, Fix};
use crate::source::Span;

/// Whether a path is a variables file (read as a value source, never linted on its own).
pub fn is_tfvars_path(path: &str) -> bool {
    ends_with_ignore_case(path, ".tfvars") || ends_with_ignore_case(path, ".tfvars.json")
}

/// `text` ends with `suffix`, ASCII case ignored.
pub(crate) fn ends_with_ignore_case(text: &str, suffix: &str) -> bool {
    text.len() >= suffix.len() && text.as_bytes()[text.len() - suffix.len()..].eq_ignore_ascii_case(suffix.as_bytes())
}

/// ` =` inserted after a nested attribute written as a block (CKS501).
pub(crate) fn block_fix(ident: Span) -> Fix {
    Fix::safe("write it as an attribute: insert ` =`", vec![Edit { span: Span::empty(ident.end), content: " =".into() }])
}
