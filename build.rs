//! Build-time work: the sha256 of the embedded request schema, which every JSON report
//! carries. Hashing it at run time was a quarter of a one-file run's instructions.

use sha2::{Digest, Sha256};

fn main() {
    const SCHEMA: &str = "schema/request.schema.json";
    println!("cargo:rerun-if-changed={SCHEMA}");
    let text = std::fs::read(SCHEMA).unwrap_or_else(|e| panic!("cannot read {SCHEMA}: {e}"));
    let hex: String = Sha256::digest(&text).iter().map(|b| format!("{b:02x}")).collect();
    println!("cargo:rustc-env=CKSLINT_SCHEMA_SHA256={hex}");
}
