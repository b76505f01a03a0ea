//! First impressions: the README's first command lints `testdata/`. Every bundled example
//! shows exactly what its name says — `valid*` and `multi*` nothing at all, `full*` no
//! error or warning, each `invalid-*` the problems it is named for — and the run as a
//! whole adds nothing across files (no CKS401 between the valid ones).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Codes per file from `ckslint check testdata/ --format json`, in report order.
fn run() -> (BTreeMap<String, Vec<(String, String)>>, serde_json::Value) {
    let out = Command::new(BIN).args(["check", "--isolated", "--format", "json", "testdata/"]).current_dir(root()).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "the invalid examples fail the run");
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut by_file: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for d in j["diagnostics"].as_array().unwrap() {
        by_file
            .entry(d["path"].as_str().unwrap().to_string())
            .or_default()
            .push((d["code"].as_str().unwrap().to_string(), d["severity"].as_str().unwrap().to_string()));
    }
    (by_file, j["summary"].clone())
}

#[test]
fn every_example_shows_what_its_name_says() {
    let (by_file, summary) = run();
    let mut names: Vec<String> = std::fs::read_dir(root().join("testdata"))
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.ends_with(".json") || n.ends_with(".yaml") || n.ends_with(".yml") || n.ends_with(".tf"))
        .collect();
    names.sort();
    assert_eq!(summary["files"].as_u64(), Some(names.len() as u64), "every example is linted");
    for name in &names {
        let got = by_file.get(&format!("testdata/{name}")).cloned().unwrap_or_default();
        let severities: Vec<&str> = got.iter().map(|(_, s)| s.as_str()).collect();
        if name.starts_with("valid") || name.starts_with("multi") {
            assert!(got.is_empty(), "{name} is clean: {got:?}");
        } else if name.starts_with("full") {
            assert!(severities.iter().all(|s| *s == "info"), "{name}: no error or warning: {got:?}");
        } else {
            assert!(name.starts_with("invalid-"), "{name}: name an example valid*, multi*, full* or invalid-*");
            assert!(severities.contains(&"error"), "{name} shows an error: {got:?}");
        }
        assert!(!got.iter().any(|(c, _)| c == "CKS401"), "{name}: no cross-file duplicate: {got:?}");
    }
}

#[test]
fn each_invalid_example_shows_exactly_its_findings() {
    let (by_file, _) = run();
    let codes = |f: &str| -> Vec<String> {
        by_file.get(&format!("testdata/{f}")).map(|v| v.iter().map(|(c, _)| c.clone()).collect()).unwrap_or_default()
    };
    assert_eq!(codes("invalid-syntax.json"), ["CKS001"]);
    assert_eq!(codes("invalid-response.json"), ["CKS004"]);
    assert_eq!(codes("invalid-auth.json"), ["CKS203", "CKS250", "CKS254", "CKS253", "CKS252", "CKS256", "CKS232", "CKS232"]);
    assert_eq!(
        codes("invalid-typos.yaml"),
        [
            "CKS302", "CKS303", "CKS201", "CKS207", "CKS102", "CKS205", "CKS102", "CKS210", "CKS212", "CKS104", "CKS240", "CKS222",
            "CKS221", "CKS221"
        ]
    );
    // The request, written from memory of GKE and EKS: each misnamed field is
    // one CKS102 (no CKS101 for `zone`, `version`, `network.podCidrName`).
    assert_eq!(
        codes("invalid-other-clouds.yaml"),
        ["CKS302", "CKS303", "CKS201", "CKS102", "CKS209", "CKS102", "CKS101", "CKS102", "CKS210", "CKS241"]
    );
    assert_eq!(codes("full.yaml"), ["CKS302"]);
    // Terraform: request rules with Terraform's names, and what only Terraform can get
    // wrong (a block for a nested attribute, a zone other than its VPC's, a prefix the VPC
    // does not define, an algorithm the provider drops).
    assert_eq!(codes("invalid-terraform.tf"), ["CKS303", "CKS201", "CKS205", "CKS505", "CKS506", "CKS501", "CKS503"]);
}
