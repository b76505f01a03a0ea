//! Terraform configurations (SPEC §6): `resource "coreweave_cks_cluster"` declarations in
//! `.tf` and `.tf.json` files, and the Terraform ⇄ API mapping every Terraform form shares.

pub mod mapping;
