//! Terraform configurations (SPEC §6): `resource "coreweave_cks_cluster"` declarations in
//! `.tf` and `.tf.json` files, and the Terraform ⇄ API mapping every Terraform form shares.
//! Terraform plans (SPEC §7): [`plan`].

pub mod mapping;
pub mod plan;
