//! The order of the pipeline on the real binary (SPEC §5 "Order"): suppressions apply to
//! every finding, cross-document ones included, before anything is reported or fixed.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

const VALID: &str = "name: staging-west\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().expect("run ckslint")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (path, code) of every finding of a `--format json` run.
fn findings(out: &Output) -> Vec<(String, String)> {
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON ({e}): {}", stdout(out)));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| (d["path"].as_str().unwrap_or("").to_string(), d["code"].as_str().unwrap_or("").to_string()))
        .collect()
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(p, c)| (p.to_string(), c.to_string())).collect()
}

fn write(dir: &Path, path: &str, text: &str) {
    let p = dir.join(path);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(p, text).unwrap();
}

/// The request named `name`, the `name:` line ending with `comment`.
fn named(name: &str, comment: &str) -> String {
    VALID.replace("name: staging-west\n", &format!("name: {name}{comment}\n"))
}

#[test]
fn a_suppressed_finding_is_never_fixed_nor_diffed() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    // Without the comment the rename is the fix (the control).
    write(dir, "plain.yaml", &named("Prod-East", ""));
    let diff = run_in(dir, &["check", "--isolated", "--diff", "plain.yaml"]);
    assert!(stdout(&diff).contains("+name: prod-east\n"), "{}", stdout(&diff));

    let silenced = named("Prod-East", "  # ckslint: ignore[CKS201] legacy name kept");
    write(dir, "a.yaml", &silenced);
    let diff = run_in(dir, &["check", "--isolated", "--diff", "a.yaml"]);
    assert_eq!(diff.status.code(), Some(0));
    assert!(!stdout(&diff).contains("prod-east") && !stdout(&diff).contains("+++"), "{}", stdout(&diff));
    let fix = run_in(dir, &["check", "--isolated", "--fix", "--format", "json", "a.yaml"]);
    assert_eq!(findings(&fix), pairs(&[]), "neither the finding nor an unused-suppression one");
    assert_eq!(std::fs::read_to_string(dir.join("a.yaml")).unwrap(), silenced, "--fix left the file alone");

    // The same through per-file-ignores and suppress:.
    write(dir, ".ckslint.yaml", "per-file-ignores: {\"legacy/**\": [CKS201]}\nsuppress:\n  - path: kept.yaml\n    pointer: /name\n    rules: [CKS201]\n    reason: legacy name kept\n");
    write(dir, "legacy/b.yaml", &named("Prod-East", ""));
    write(dir, "kept.yaml", &named("Prod-West", ""));
    let fix = run_in(dir, &["check", "--fix", "--format", "json", "legacy/b.yaml", "kept.yaml"]);
    assert_eq!(findings(&fix), pairs(&[]), "{}", stdout(&fix));
    assert_eq!(std::fs::read_to_string(dir.join("legacy/b.yaml")).unwrap(), named("Prod-East", ""));
    assert_eq!(std::fs::read_to_string(dir.join("kept.yaml")).unwrap(), named("Prod-West", ""));
    // A finding nobody suppressed is still fixed in the same run.
    write(dir, "c.yaml", &named("Prod-North", ""));
    let fix = run_in(dir, &["check", "--fix", "--format", "json", "kept.yaml", "c.yaml"]);
    assert_eq!(fix.status.code(), Some(0), "{}", stdout(&fix));
    assert_eq!(std::fs::read_to_string(dir.join("c.yaml")).unwrap(), named("prod-north", ""));
    assert_eq!(std::fs::read_to_string(dir.join("kept.yaml")).unwrap(), named("Prod-West", ""));
}

#[test]
fn duplicate_names_obey_inline_suppressions() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let pair = named("prod-east", "  # ckslint: ignore[CKS401] blue/green pair");
    write(dir, "blue.yaml", &pair);
    write(dir, "green.yaml", &pair);
    let out = run_in(dir, &["check", "--isolated", "--format", "json", "blue.yaml", "green.yaml"]);
    assert_eq!(findings(&out), pairs(&[]), "no CKS401 and no unused CKS901: {}", stdout(&out));
    let human = run_in(dir, &["check", "--isolated", "blue.yaml", "green.yaml"]);
    assert_eq!(stdout(&human), "All clear: no problems found (2 files checked).\n");
    // One side silenced: the other still reports, and its comment is used.
    write(dir, "green.yaml", &named("prod-east", ""));
    let out = run_in(dir, &["check", "--isolated", "--format", "json", "blue.yaml", "green.yaml"]);
    assert_eq!(findings(&out), pairs(&[("green.yaml", "CKS401")]));
    let concise = run_in(dir, &["check", "--isolated", "--format", "concise", "blue.yaml", "green.yaml"]);
    assert_eq!(String::from_utf8_lossy(&concise.stderr), "Found 0 errors, 1 warning and 0 infos (2 files checked).\n");
}

#[test]
fn duplicate_names_obey_per_file_ignores_and_suppress_entries() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    write(dir, ".ckslint.yaml", "per-file-ignores: {\"legacy/**\": [CKS401]}\n");
    write(dir, "legacy/a.yaml", &named("prod-east", ""));
    write(dir, "b.yaml", &named("prod-east", ""));
    let out = run_in(dir, &["check", "--format", "json", "."]);
    assert_eq!(findings(&out), pairs(&[("b.yaml", "CKS401")]), "{}", stdout(&out));

    // A `suppress:` entry used only by CKS401 findings is not reported as unused.
    write(dir, ".ckslint.yaml", "suppress:\n  - path: b.yaml\n    pointer: /name\n    rules: [CKS401]\n    reason: blue/green pair\n");
    let out = run_in(dir, &["check", "--format", "json", "."]);
    assert_eq!(findings(&out), pairs(&[("legacy/a.yaml", "CKS401")]), "{}", stdout(&out));
    // Both silenced: nothing at all, the entry used.
    write(dir, ".ckslint.yaml", "suppress:\n  - path: \"**\"\n    pointer: /name\n    rules: [CKS401]\n    reason: blue/green pair\n");
    let out = run_in(dir, &["check", "--format", "json", "."]);
    assert_eq!(findings(&out), pairs(&[]), "{}", stdout(&out));
    assert_eq!(out.status.code(), Some(0));
    // An entry that silences nothing is still reported.
    write(dir, ".ckslint.yaml", "suppress:\n  - path: nothing.yaml\n    pointer: /name\n    rules: [CKS401]\n    reason: gone\n");
    let out = run_in(dir, &["check", "--format", "json", "."]);
    assert_eq!(findings(&out), pairs(&[(".ckslint.yaml", "CKS901"), ("b.yaml", "CKS401"), ("legacy/a.yaml", "CKS401")]));
}

#[test]
fn the_library_pipeline_applies_the_same_order() {
    let pair = named("prod-east", "  # ckslint: ignore[CKS401] blue/green pair");
    let results = ckslint::lint_texts(&[("blue.yaml", &pair), ("green.yaml", &pair)]);
    let codes: Vec<Vec<&str>> = results.iter().map(|f| f.diagnostics.iter().map(|d| d.rule.code).collect()).collect();
    assert_eq!(codes, [Vec::<&str>::new(), Vec::new()]);
    let one = ckslint::lint_texts(&[("blue.yaml", &pair), ("green.yaml", &named("prod-east", ""))]);
    assert_eq!(one[1].diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>(), ["CKS401"]);
    assert!(one[0].diagnostics.is_empty());
    // Fixes come only from the findings that remain.
    let config = ckslint::config::RunConfig::isolated();
    let silenced = named("Prod-East", "  # ckslint: ignore[CKS201] legacy name kept");
    let plain = named("Prod-East", "");
    let sources =
        [ckslint::pipeline::Source::new("a.yaml", silenced.as_bytes()), ckslint::pipeline::Source::new("b.yaml", plain.as_bytes())];
    let fixed = ckslint::pipeline::check(&sources, &config, ckslint::pipeline::FixMode::Apply);
    assert_eq!(fixed[0].fixed_source, None);
    assert_eq!(fixed[1].fixed_source.as_deref(), Some(named("prod-east", "").as_str()));
    assert_eq!(fixed[1].source, named("prod-east", ""), "the result is that of the fixed text");
}
