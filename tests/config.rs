//! `.ckslint.yaml` and suppressions through the real binary (SPEC §5): precedence of
//! the file and the flags, discovery, `--isolated`, `--config`, severities, aging data,
//! excludes, per-file ignores, `suppress:` entries, inline directives, CKS901/CKS902 and
//! a broken configuration.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

/// A request with three posture findings and nothing else: CKS302 and CKS303 at 1:1,
/// CKS301 at 10:9.
const LOUD: &str = "name: staging-west
zone: US-WEST-09B
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.36
network:
  podCidrName: pods
  serviceCidrName: services
  internalLbCidrNames:
    - lb
public: true
";

/// A clean request (11 lines); line 12 is free for `public: ...`.
const CLEAN: &str = "name: staging-west
zone: US-WEST-09B
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.36
network:
  podCidrName: pods
  serviceCidrName: services
  internalLbCidrNames:
    - lb
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
";

/// CLEAN with a last line appended (line 12).
fn clean_with(last: &str) -> String {
    format!("{CLEAN}{last}\n")
}

/// CLEAN under another cluster name (so several files of one run do not trip CKS401).
fn named(name: &str, last: &str) -> String {
    clean_with(last).replace("staging-west", name)
}

fn cks302(path: &str) -> String {
    format!("{path}:1:1: info[CKS302] the cluster's OIDC discovery document and keys will be published (the default)")
}

fn cks303(path: &str) -> String {
    format!("{path}:1:1: info[CKS303] the request sets no audit policy")
}

fn cks301(path: &str, line: usize, sev: &str) -> String {
    format!("{path}:{line}:9: {sev}[CKS301] the api-server is reachable from the Internet")
}

fn run_in(dir: &Path, args: &[&str]) -> Output {
    run_stdin(dir, args, None)
}

fn run_stdin(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE").env_remove("COLUMNS");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn ckslint");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

/// `check --format concise ARGS...` in `dir`.
fn concise(dir: &Path, args: &[&str]) -> Output {
    let mut all = vec!["check", "--format", "concise"];
    all.extend_from_slice(args);
    run_in(dir, &all)
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Assert the exit code and the exact concise lines on stdout.
#[track_caller]
fn expect(out: &Output, code: i32, lines: &[String]) {
    let want: String = lines.iter().map(|l| format!("{l}\n")).collect();
    assert_eq!(stdout(out), want, "stderr: {}", stderr(out));
    assert_eq!(out.status.code(), Some(code), "stdout: {}\nstderr: {}", stdout(out), stderr(out));
}

fn write(dir: &Path, rel: &str, text: &str) {
    let p = dir.join(rel);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).expect("mkdir");
    }
    std::fs::write(p, text).expect("write");
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

// ---------------------------------------------------------------------------
// Precedence: file vs flags

#[test]
fn file_select_and_ignore_apply() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    expect(&concise(d.path(), &["--isolated", "a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
    write(d.path(), ".ckslint.yaml", "select: [CKS3]\nignore: [CKS302]\n");
    let out = concise(d.path(), &["a.yaml"]);
    expect(&out, 0, &[cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
    assert_eq!(stderr(&out), "Found 0 errors, 1 warning and 1 info (1 file checked).\n");
}

#[test]
fn cli_select_replaces_the_file_select() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "select: [CKS303]\n");
    expect(&concise(d.path(), &["a.yaml"]), 0, &[cks303("a.yaml")]);
    // The file selects only CKS303; the command line selects CKS301 instead (by name).
    expect(&concise(d.path(), &["--select", "public-api-server", "a.yaml"]), 0, &[cks301("a.yaml", 10, "warning")]);
    // A prefix on the command line.
    expect(&concise(d.path(), &["--select", "CKS30"]), 0, &[cks302("a.yaml"), cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
}

#[test]
fn cli_ignore_adds_to_the_file_ignore() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "ignore: [CKS302]\n");
    expect(&concise(d.path(), &["a.yaml"]), 0, &[cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
    // Both the file's CKS302 and the command line's CKS303 are ignored.
    expect(&concise(d.path(), &["--ignore", "CKS303", "a.yaml"]), 0, &[cks301("a.yaml", 10, "warning")]);
    // `--select` replaces the file's `select`, not its `ignore`: CKS302 stays ignored.
    expect(&concise(d.path(), &["--select", "CKS302,CKS301", "a.yaml"]), 0, &[cks301("a.yaml", 10, "warning")]);
}

#[test]
fn unknown_selector_on_the_command_line_exits_two() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    let out = concise(d.path(), &["--isolated", "--ignore", "public-api-servr", "a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    assert_eq!(stderr(&out), "ckslint: error: unknown rule selector `public-api-servr` (did you mean `public-api-server` (CKS301)?)\n");
}

// ---------------------------------------------------------------------------
// Finding the file: discovery, --isolated, --config

#[test]
fn config_is_discovered_upward_from_a_subdirectory() {
    let d = tmp();
    write(d.path(), ".ckslint.yaml", "ignore: [CKS302, CKS303]\n");
    write(d.path(), "sub/deeper/a.yaml", LOUD);
    let deeper = d.path().join("sub/deeper");
    expect(&concise(&deeper, &["a.yaml"]), 0, &[cks301("a.yaml", 10, "warning")]);
    // The nearest file wins; files are not merged.
    write(d.path(), "sub/.ckslint.yml", "ignore: [CKS301]\n");
    expect(&concise(&deeper, &["a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml")]);
    // In one directory `.ckslint.yaml` is preferred over `.ckslint.yml`.
    write(d.path(), "sub/.ckslint.yaml", "ignore: [CKS303]\n");
    expect(&concise(&deeper, &["a.yaml"]), 0, &[cks302("a.yaml"), cks301("a.yaml", 10, "warning")]);
}

#[test]
fn findings_about_a_discovered_config_show_its_path_relative_to_the_current_directory() {
    let d = tmp();
    write(d.path(), ".ckslint.yaml", "ignore: [CKS302, CKS303]\nper-file-ignores:\n  \"nothing/**\": [CKS301]\n");
    write(d.path(), "sub/a.yaml", LOUD);
    expect(
        &concise(&d.path().join("sub"), &["a.yaml"]),
        0,
        &[
            "../.ckslint.yaml:3:3: warning[CKS901] per-file ignore `nothing/**` matches no linted file".to_string(),
            cks301("a.yaml", 10, "warning"),
        ],
    );
}

#[test]
fn isolated_ignores_the_config_even_a_broken_one() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "ignore: [CKS301]\n");
    expect(&concise(d.path(), &["--isolated", "a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
    write(d.path(), ".ckslint.yaml", "ignroe: [CKS999]\n");
    assert_eq!(concise(d.path(), &["a.yaml"]).status.code(), Some(2));
    expect(&concise(d.path(), &["--isolated", "a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
}

#[test]
fn config_flag_names_the_file() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "ignore: [CKS301]\n");
    write(d.path(), "conf/strict.yaml", "ignore: [CKS302]\nseverity: {CKS303: error}\n");
    // The named file replaces the discovered one entirely.
    expect(
        &concise(d.path(), &["--config", "conf/strict.yaml", "a.yaml"]),
        1,
        &["a.yaml:1:1: error[CKS303] the request sets no audit policy".to_string(), cks301("a.yaml", 10, "warning")],
    );
    // Relative to the current directory.
    let conf = d.path().join("conf");
    expect(
        &concise(&conf, &["--config", "strict.yaml", "../a.yaml"]),
        1,
        &["../a.yaml:1:1: error[CKS303] the request sets no audit policy".to_string(), cks301("../a.yaml", 10, "warning")],
    );
}

#[test]
fn missing_config_file_exits_two_and_lints_nothing() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    for format in ["concise", "json"] {
        let out = run_in(d.path(), &["check", "--format", format, "--config", "nope.yaml", "a.yaml"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stdout(&out), "");
        assert_eq!(stderr(&out), "ckslint: error: cannot read configuration nope.yaml: no such file or directory\n");
    }
}

// ---------------------------------------------------------------------------
// What the file changes

#[test]
fn severity_overrides() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    // `error` on a warning fails the run; `off` removes the finding.
    write(d.path(), ".ckslint.yaml", "severity:\n  CKS301: error\n  CKS303: off\n");
    let out = concise(d.path(), &["a.yaml"]);
    expect(&out, 1, &[cks302("a.yaml"), cks301("a.yaml", 10, "error")]);
    assert_eq!(stderr(&out), "Found 1 error, 0 warnings and 1 info (1 file checked).\n");
    // A name and a prefix work as keys; `info` never fails the run, even denying warnings.
    write(d.path(), ".ckslint.yaml", "severity: {public-api-server: info, CKS30: info}\n");
    expect(
        &concise(d.path(), &["--deny-warnings", "a.yaml"]),
        0,
        &[cks302("a.yaml"), cks303("a.yaml"), "a.yaml:10:9: info[CKS301] the api-server is reachable from the Internet".to_string()],
    );
    // `warning` on an info fails the run only with --deny-warnings.
    write(d.path(), ".ckslint.yaml", "severity: {CKS303: warning}\nignore: [CKS301, CKS302]\n");
    let warn = ["a.yaml:1:1: warning[CKS303] the request sets no audit policy".to_string()];
    expect(&concise(d.path(), &["a.yaml"]), 0, &warn);
    expect(&concise(d.path(), &["--deny-warnings", "a.yaml"]), 1, &warn);
}

#[test]
fn severity_does_not_re_enable_an_ignored_rule() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "ignore: [CKS301]\nseverity: {CKS301: error}\n");
    expect(&concise(d.path(), &["a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml")]);
    write(d.path(), ".ckslint.yaml", "severity: {CKS301: error}\n");
    expect(&concise(d.path(), &["--ignore", "CKS301", "a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml")]);
}

#[test]
fn supported_versions_replace_the_built_in_set() {
    let d = tmp();
    write(d.path(), "new.yaml", &named("new", "").replace("v1.36", "v1.38"));
    write(d.path(), "old.yaml", &named("old", ""));
    expect(
        &concise(d.path(), &["--isolated", "new.yaml", "old.yaml"]),
        0,
        &["new.yaml:4:10: warning[CKS206] version `v1.38` is newer than every supported version (supported: v1.34, v1.35, v1.36)"
            .to_string()],
    );
    write(d.path(), ".ckslint.yaml", "supported-versions: [v1.37, v1.38]\n");
    expect(
        &concise(d.path(), &["new.yaml", "old.yaml"]),
        0,
        &["old.yaml:4:10: warning[CKS206] version `v1.36` is no longer supported for new clusters (supported: v1.37, v1.38)".to_string()],
    );
}

#[test]
fn known_zones_are_added_to_the_built_in_list() {
    let d = tmp();
    write(d.path(), "new.yaml", &named("new", "").replace("US-WEST-09B", "US-EAST-99A"));
    write(d.path(), "old.yaml", &named("old", ""));
    expect(
        &concise(d.path(), &["--isolated", "new.yaml", "old.yaml"]),
        0,
        &["new.yaml:2:7: warning[CKS208] zone `US-EAST-99A` is not a known availability zone".to_string()],
    );
    // US-WEST-09B (built in) stays known.
    write(d.path(), ".ckslint.yaml", "known-zones: [US-EAST-99A]\n");
    expect(&concise(d.path(), &["new.yaml", "old.yaml"]), 0, &[]);
}

// ---------------------------------------------------------------------------
// exclude and per-file-ignores

fn exclude_tree(root: &Path) {
    write(root, ".ckslint.yaml", "exclude: [\"legacy/**\"]\n");
    write(root, "legacy/a.yaml", &named("a1", "public: true"));
    write(root, "legacy/x/b.yaml", &named("a2", "public: true"));
    write(root, "clusters/c.yaml", &named("a3", "public: true"));
}

#[test]
fn exclude_applies_to_discovered_files() {
    let d = tmp();
    exclude_tree(d.path());
    let out = concise(d.path(), &[]);
    expect(&out, 0, &[cks301("clusters/c.yaml", 12, "warning")]);
    assert_eq!(stderr(&out), "Found 0 errors, 1 warning and 0 infos (1 file checked).\n");
    // A named directory is walked: its files are discovered, so still excluded.
    expect(&concise(d.path(), &["legacy", "clusters"]), 0, &[cks301("clusters/c.yaml", 12, "warning")]);
}

#[test]
fn exclude_applies_to_named_files_only_with_force_exclude() {
    let d = tmp();
    exclude_tree(d.path());
    let named_files = ["legacy/a.yaml", "legacy/x/b.yaml", "clusters/c.yaml"];
    let mut args = named_files.to_vec();
    expect(
        &concise(d.path(), &args),
        0,
        &[cks301("clusters/c.yaml", 12, "warning"), cks301("legacy/a.yaml", 12, "warning"), cks301("legacy/x/b.yaml", 12, "warning")],
    );
    args.insert(0, "--force-exclude");
    let out = concise(d.path(), &args);
    expect(&out, 0, &[cks301("clusters/c.yaml", 12, "warning")]);
    assert_eq!(stderr(&out), "Found 0 errors, 1 warning and 0 infos (1 file checked).\n");
    // `./` in front of a named path changes nothing.
    expect(&concise(d.path(), &["--force-exclude", "./legacy/a.yaml"]), 0, &[]);
}

#[test]
fn force_exclude_matches_paths_relative_to_the_config_file_from_a_subdirectory() {
    let d = tmp();
    exclude_tree(d.path());
    let clusters = d.path().join("clusters");
    expect(&concise(&clusters, &["--force-exclude", "../legacy/a.yaml", "c.yaml"]), 0, &[cks301("c.yaml", 12, "warning")]);
    let legacy = d.path().join("legacy");
    expect(&concise(&legacy, &["--force-exclude", "a.yaml", "x/b.yaml"]), 0, &[]);
}

#[test]
fn per_file_ignores() {
    let d = tmp();
    write(d.path(), ".ckslint.yaml", "per-file-ignores:\n  \"sandbox/**\": [CKS301]\n  \"*.json\": [CKS3]\n");
    write(d.path(), "sandbox/s.yaml", &named("s", "public: true"));
    write(d.path(), "clusters/c.yaml", &named("c", "public: true"));
    expect(
        &concise(d.path(), &[]),
        0,
        &[
            ".ckslint.yaml:3:3: warning[CKS901] per-file ignore `*.json` matches no linted file".to_string(),
            cks301("clusters/c.yaml", 12, "warning"),
        ],
    );
    // A pattern without `/` matches the file name in any directory.
    let json = "{\"name\": \"j\", \"zone\": \"US-WEST-09B\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.36\", \
\"network\": {\"podCidrName\": \"pods\", \"serviceCidrName\": \"services\", \"internalLbCidrNames\": [\"lb\"]}, \"public\": true}\n";
    write(d.path(), "clusters/j.json", json);
    expect(&concise(d.path(), &[]), 0, &[cks301("clusters/c.yaml", 12, "warning")]);
    // The path given on stdin counts.
    let out = run_stdin(
        d.path(),
        &["check", "--format", "concise", "--stdin-filename", "sandbox/x.yaml", "-"],
        Some(&named("x", "public: true")),
    );
    expect(&out, 0, &[".ckslint.yaml:3:3: warning[CKS901] per-file ignore `*.json` matches no linted file".to_string()]);
}

// ---------------------------------------------------------------------------
// suppress: entries (by path and JSON pointer)

const PROD_JSON: &str = r#"{
  "name": "prod-east",
  "zone": "US-EAST-04A",
  "vpcId": "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50",
  "version": "v1.35",
  "network": {"podCidrName": "pods", "serviceCidrName": "services", "internalLbCidrNames": ["lb"]},
  "disableOidcInfoPublication": true,
  "auditPolicy": "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=",
  "public": true,
  "additionalServerSans": ["a.example.com", "A.example.com"]
}
"#;

const SUPPRESS: &str = "suppress:
  - path: clusters/prod.json
    pointer: /public
    rules: [CKS301]
    reason: fronted by an allow-list at the edge
  - path: clusters/prod.json
    pointer: /additionalServerSans
    rules: [duplicate-san]
  - path: clusters/*.json
    pointer: /zone
    rules: [CKS208]
    reason: stale
";

#[test]
fn json_findings_are_suppressed_by_path_and_pointer() {
    let d = tmp();
    write(d.path(), "clusters/prod.json", PROD_JSON);
    expect(
        &concise(d.path(), &["--isolated", "clusters/prod.json"]),
        1,
        &[
            cks301("clusters/prod.json", 9, "warning").replace(":9:9:", ":9:13:"),
            "clusters/prod.json:10:46: error[CKS221] `A.example.com` repeats `a.example.com`".to_string(),
        ],
    );
    write(d.path(), ".ckslint.yaml", SUPPRESS);
    // The pointer covers the node and everything below it (`/additionalServerSans/1`).
    // The entry without a reason still applies (CKS902); the `/zone` entry is unused (CKS901).
    let unused_and_reasonless = [
        ".ckslint.yaml:6:5: warning[CKS902] suppression gives no reason".to_string(),
        ".ckslint.yaml:9:5: warning[CKS901] suppression for `clusters/*.json` at `/zone` matched no finding".to_string(),
    ];
    expect(&concise(d.path(), &["clusters/prod.json"]), 0, &unused_and_reasonless);
    // Paths are relative to the configuration file, wherever the run starts.
    let clusters = d.path().join("clusters");
    let out = concise(&clusters, &["prod.json"]);
    expect(&out, 0, &unused_and_reasonless.map(|l| format!("../{l}")));
}

#[test]
fn configured_suppression_findings_in_json_output() {
    let d = tmp();
    write(d.path(), "clusters/prod.json", PROD_JSON);
    write(d.path(), ".ckslint.yaml", SUPPRESS);
    let out = run_in(d.path(), &["check", "--format", "json", "clusters/prod.json"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let diags = v["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 2, "{v}");
    let unused = &diags[1];
    assert_eq!(unused["path"], ".ckslint.yaml");
    assert_eq!(unused["code"], "CKS901");
    assert_eq!(unused["rule"], "unused-suppression");
    assert_eq!(unused["severity"], "warning");
    assert_eq!(unused["pointer"], "/suppress");
    assert_eq!(unused["help"], "remove the entry, or fix its path, pointer or rules");
    // The span covers the whole entry, from `path` to the end of its last value.
    let start = SUPPRESS.find("path: clusters/*.json").expect("entry");
    assert_eq!(unused["span"]["offset"], start);
    assert_eq!(unused["span"]["length"], SUPPRESS.trim_end().len() - start);
    assert_eq!(unused["start"], serde_json::json!({"line": 9, "column": 5}));
    assert_eq!(unused["end"], serde_json::json!({"line": 12, "column": 18}));
    assert_eq!(diags[0]["code"], "CKS902");
    assert_eq!(diags[0]["help"], "add `reason:` saying why the finding is acceptable");
}

#[test]
fn suppression_findings_follow_their_own_levels() {
    let d = tmp();
    write(d.path(), "clusters/prod.json", PROD_JSON);
    write(d.path(), ".ckslint.yaml", &format!("{SUPPRESS}severity: {{CKS902: error}}\nignore: [CKS901]\n"));
    expect(&concise(d.path(), &["clusters/prod.json"]), 1, &[".ckslint.yaml:6:5: error[CKS902] suppression gives no reason".to_string()]);
}

// ---------------------------------------------------------------------------
// Inline directives (YAML)

#[test]
fn inline_directive_at_the_end_of_the_line() {
    let d = tmp();
    write(d.path(), "a.yaml", &clean_with("public: true # ckslint: ignore[CKS301] fronted by an allow-list"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    // By name, by prefix, in a list with another code; no space after `#` or `:`.
    for directive in [
        "# ckslint: ignore[public-api-server] fronted",
        "# ckslint: ignore[CKS3] fronted",
        "# ckslint: ignore[CKS302, CKS301] fronted",
        "#ckslint:ignore[CKS301] fronted",
    ] {
        write(d.path(), "a.yaml", &clean_with(&format!("public: true {directive}")));
        expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    }
    // Another code does not cover the finding, and the directive is unused.
    write(d.path(), "a.yaml", &clean_with("public: true # ckslint: ignore[CKS302] fronted"));
    expect(
        &concise(d.path(), &["a.yaml"]),
        0,
        &[cks301("a.yaml", 12, "warning"), "a.yaml:12:14: warning[CKS901] suppression comment matched no finding".to_string()],
    );
}

#[test]
fn inline_directive_alone_on_the_line_above() {
    let d = tmp();
    write(d.path(), "a.yaml", &clean_with("# ckslint: ignore[CKS301] fronted by an allow-list\npublic: true"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    // Indented like the key it covers.
    write(d.path(), "a.yaml", &clean_with("  # ckslint: ignore[CKS301] fronted\npublic: true"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    // Two lines above (a blank line between) is too far.
    write(d.path(), "a.yaml", &clean_with("# ckslint: ignore[CKS301] fronted\n\npublic: true"));
    expect(
        &concise(d.path(), &["a.yaml"]),
        0,
        &["a.yaml:12:1: warning[CKS901] suppression comment matched no finding".to_string(), cks301("a.yaml", 14, "warning")],
    );
    // A finding that starts on another line (CKS302 at 1:1) is not covered.
    write(d.path(), "a.yaml", &LOUD.replace("public: true", "# ckslint: ignore[CKS302] published on purpose\npublic: true"));
    expect(
        &concise(d.path(), &["a.yaml"]),
        0,
        &[
            cks302("a.yaml"),
            cks303("a.yaml"),
            "a.yaml:10:1: warning[CKS901] suppression comment matched no finding".to_string(),
            cks301("a.yaml", 11, "warning"),
        ],
    );
}

#[test]
fn inline_directive_on_the_first_line_covers_root_findings() {
    let d = tmp();
    write(d.path(), "a.yaml", &LOUD.replacen("name: staging-west", "name: staging-west # ckslint: ignore[CKS302,CKS303] internal", 1));
    expect(&concise(d.path(), &["a.yaml"]), 0, &[cks301("a.yaml", 10, "warning")]);
}

#[test]
fn inline_directives_with_crlf_line_endings() {
    let d = tmp();
    let text = clean_with("# ckslint: ignore[CKS301] fronted\npublic: true").replace('\n', "\r\n");
    write(d.path(), "a.yaml", &text);
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    let text = clean_with("public: true # ckslint: ignore[CKS301]").replace('\n', "\r\n");
    write(d.path(), "a.yaml", &text);
    expect(&concise(d.path(), &["a.yaml"]), 0, &["a.yaml:12:14: warning[CKS902] suppression comment gives no reason".to_string()]);
}

#[test]
fn ignore_file_directive_anywhere() {
    let d = tmp();
    for text in [
        format!("# ckslint: ignore-file[CKS302, CKS303] internal cluster\n{LOUD}"),
        format!("{LOUD}# ckslint: ignore-file[CKS302, CKS303] internal cluster\n"),
        LOUD.replace("    - lb", "    - lb # ckslint: ignore-file[CKS302, CKS303] internal cluster"),
    ] {
        write(d.path(), "a.yaml", &text);
        let line = if text.starts_with('#') { 11 } else { 10 };
        expect(&concise(d.path(), &["a.yaml"]), 0, &[cks301("a.yaml", line, "warning")]);
    }
    // It covers every document of a stream.
    let doc2 = LOUD.replace("staging-west", "staging-east");
    write(d.path(), "a.yaml", &format!("# ckslint: ignore-file[CKS3] sandbox\n{LOUD}---\n{doc2}"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
}

#[test]
fn inline_directives_are_not_read_from_json() {
    let d = tmp();
    // A `#` in a JSON string is text, never a directive.
    let json = PROD_JSON.replace("\"public\": true", "\"public\": true, \"x\": \"# ckslint: ignore-file[CKS3] no\"");
    write(d.path(), "p.json", &json);
    let out = concise(d.path(), &["--isolated", "--select", "CKS301", "p.json"]);
    expect(&out, 0, &[cks301("p.json", 9, "warning").replace(":9:9:", ":9:13:")]);
}

#[test]
fn hash_inside_quoted_strings_and_block_scalars_is_not_a_directive() {
    let d = tmp();
    let text = r#"name: "Prod # ckslint: ignore-file[CKS201] not a comment"
zone: US-WEST-09B
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.36
network:
  podCidrName: 'pods # ckslint: ignore-file[CKS301] quoted'
  serviceCidrName: services
  internalLbCidrNames:
    - lb
disableOidcInfoPublication: true
auditPolicy: |
  # ckslint: ignore-file[CKS230] inside a block scalar
  apiVersion: audit.k8s.io/v1
public: true
"#;
    write(d.path(), "a.yaml", text);
    expect(
        &concise(d.path(), &["a.yaml"]),
        1,
        &[
            "a.yaml:1:8: error[CKS201] cluster name contains an uppercase letter `P`".to_string(),
            "a.yaml:1:38: error[CKS202] cluster name is 49 characters, the limit is 30".to_string(),
            "a.yaml:11:14: error[CKS230] auditPolicy holds raw YAML, not base64".to_string(),
            cks301("a.yaml", 14, "warning"),
        ],
    );
    // A folded block scalar: a `#` line inside is content too.
    let text = CLEAN.replace("auditPolicy: ", "auditPolicy: >-\n  ") + "  # ckslint: ignore-file[CKS230] content\npublic: true\n";
    write(d.path(), "a.yaml", &text);
    let out = concise(d.path(), &["--select", "CKS230,CKS301,CKS9", "a.yaml"]);
    let lines = stdout(&out);
    assert!(lines.starts_with("a.yaml:11:14: error[CKS230] "), "{lines}");
    assert!(lines.ends_with(&format!("{}\n", cks301("a.yaml", 14, "warning"))), "{lines}");
    assert!(!lines.contains("CKS901"), "{lines}");
}

#[test]
fn comment_after_a_block_scalar_header_is_a_directive() {
    let d = tmp();
    // `| # ...` is a real YAML comment on the header line, not part of the scalar.
    let raw = "auditPolicy: | # ckslint: ignore[CKS230] kept raw for review\n  apiVersion: audit.k8s.io/v1\n";
    let text = CLEAN.lines().filter(|l| !l.starts_with("auditPolicy")).map(|l| format!("{l}\n")).collect::<String>() + raw;
    write(d.path(), "a.yaml", &text);
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    // After the block ends, a comment is a comment again.
    let text = text + "# ckslint: ignore[CKS301] fronted\npublic: true\n";
    write(d.path(), "a.yaml", &text);
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
}

// ---------------------------------------------------------------------------
// CKS901 and CKS902 for inline directives

#[test]
fn unused_inline_suppression() {
    let d = tmp();
    write(d.path(), "a.yaml", &clean_with("public: false # ckslint: ignore[CKS301] fronted by an allow-list"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &["a.yaml:12:15: warning[CKS901] suppression comment matched no finding".to_string()]);
    write(d.path(), "a.yaml", &clean_with("# ckslint: ignore-file[CKS301] nothing public here\npublic: false"));
    expect(&concise(d.path(), &["a.yaml"]), 0, &["a.yaml:12:1: warning[CKS901] suppression comment matched no finding".to_string()]);
    // An unknown code is said so, with a did-you-mean for a misspelt name.
    write(d.path(), "a.yaml", &clean_with("public: true # ckslint: ignore[public-api-servr] fronted"));
    let out = run_in(d.path(), &["check", "--format", "json", "a.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    // Sorted by position: the CKS301 at 12:9 comes before the directive at 12:14.
    assert_eq!(v["diagnostics"][0]["code"], "CKS301");
    let d0 = &v["diagnostics"][1];
    assert_eq!(d0["code"], "CKS901");
    assert_eq!(d0["message"], "suppression comment names unknown rule `public-api-servr`");
    assert_eq!(
        d0["help"],
        "use a code (CKS301), a prefix (CKS3) or a name (public-api-server) (did you mean `public-api-server` (CKS301)?)"
    );
    assert_eq!(d0["start"], serde_json::json!({"line": 12, "column": 14}));
    assert_eq!(d0["end"], serde_json::json!({"line": 12, "column": 57}));
    assert_eq!(v["diagnostics"].as_array().map(Vec::len), Some(2));
}

#[test]
fn inline_suppression_without_reason_still_applies() {
    let d = tmp();
    write(d.path(), "a.yaml", &clean_with("public: true # ckslint: ignore[CKS301]"));
    let out = concise(d.path(), &["a.yaml"]);
    expect(&out, 0, &["a.yaml:12:14: warning[CKS902] suppression comment gives no reason".to_string()]);
    // Whitespace is no reason either; `--deny-warnings` makes it fail the run.
    write(d.path(), "a.yaml", &clean_with("# ckslint: ignore-file[CKS301]   \npublic: true"));
    expect(
        &concise(d.path(), &["--deny-warnings", "a.yaml"]),
        1,
        &["a.yaml:12:1: warning[CKS902] suppression comment gives no reason".to_string()],
    );
    // Both at once: unused and without a reason.
    write(d.path(), "a.yaml", &clean_with("public: false # ckslint: ignore[CKS301]"));
    expect(
        &concise(d.path(), &["a.yaml"]),
        0,
        &[
            "a.yaml:12:15: warning[CKS901] suppression comment matched no finding".to_string(),
            "a.yaml:12:15: warning[CKS902] suppression comment gives no reason".to_string(),
        ],
    );
}

#[test]
fn suppression_rules_can_be_turned_off() {
    let d = tmp();
    write(d.path(), "a.yaml", &clean_with("public: false # ckslint: ignore[CKS301]"));
    write(d.path(), ".ckslint.yaml", "ignore: [CKS9]\n");
    expect(&concise(d.path(), &["a.yaml"]), 0, &[]);
    write(d.path(), ".ckslint.yaml", "severity: {unused-suppression: error}\n");
    expect(
        &concise(d.path(), &["a.yaml"]),
        1,
        &[
            "a.yaml:12:15: error[CKS901] suppression comment matched no finding".to_string(),
            "a.yaml:12:15: warning[CKS902] suppression comment gives no reason".to_string(),
        ],
    );
}

// ---------------------------------------------------------------------------
// A broken configuration

const BROKEN: &str = "selct: [CKS3]
ignore: [CKS999, public-api-servr]
severity:
  CKS301: fatal
  CKS302: of
exclude: [\"legacy/[abc\"]
per-file-ignores:
  \"sandbox/{a\": [CKS301]
supported-versions: [\"1.36\"]
suppress:
  - path: clusters/prod.json
    pointer: public
    reson: fronted
";

#[test]
fn broken_config_reports_every_mistake_and_exits_two() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", BROKEN);
    for format in ["human", "json", "concise"] {
        let out = run_in(d.path(), &["check", "--format", format, "a.yaml"]);
        assert_eq!(out.status.code(), Some(2));
        assert_eq!(stdout(&out), "", "nothing is linted");
        let err = stderr(&out);
        for (position, message) in [
            ("1:1", "unknown configuration key `selct`"),
            ("2:10", "unknown rule `CKS999`"),
            ("2:18", "unknown rule `public-api-servr`"),
            ("4:11", "severity `fatal` is not one of error, warning, info, off"),
            ("5:11", "severity `of` is not one of error, warning, info, off; did you mean `off`?"),
            ("6:11", "bad glob `legacy/[abc`: unclosed character class; missing ']'"),
            ("8:3", "bad glob `sandbox/{a`: unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)"),
            ("9:22", "`1.36` is not a version like `v1.35`"),
            ("12:14", "`public` is not a JSON pointer"),
            ("13:5", "unknown suppression key `reson`"),
            ("11:5", "suppression lacks `rules`"),
        ] {
            let block = format!("  × {message}\n   ╭─[.ckslint.yaml:{position}]");
            let block_wide = format!("  × {message}\n    ╭─[.ckslint.yaml:{position}]");
            assert!(err.contains(&block) || err.contains(&block_wide), "missing `{message}` at {position} in:\n{err}");
        }
        assert!(err.contains("help: did you mean `select`?"), "{err}");
        assert!(err.contains("help: did you mean `reason`?"), "{err}");
        assert!(err.contains("help: a pointer starts with `/`: \"/public\""), "{err}");
        assert!(err.ends_with("ckslint: error: .ckslint.yaml: 11 problems in the configuration; nothing was linted\n"), "{err}");
    }
}

#[test]
fn broken_config_rendering() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", BROKEN);
    let out = run_in(d.path(), &["check", "a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    insta::assert_snapshot!(stderr(&out));
}

#[test]
fn config_with_a_yaml_syntax_error_or_wrong_shape_exits_two() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "ignore: [CKS301\n");
    let out = concise(d.path(), &["a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(stdout(&out), "");
    let err = stderr(&out);
    assert!(err.starts_with("CKS001 syntax-error\n"), "{err}");
    assert!(err.ends_with("ckslint: error: .ckslint.yaml: 1 problem in the configuration; nothing was linted\n"), "{err}");
    // A duplicate key is a mistake too (which one would win?).
    write(d.path(), ".ckslint.yaml", "ignore: [CKS301]\nignore: [CKS302]\n");
    let out = concise(d.path(), &["a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("  × duplicate key `ignore`\n   ╭─[.ckslint.yaml:2:1]"), "{}", stderr(&out));
    // Not a mapping; wrong value types.
    write(d.path(), ".ckslint.yaml", "- CKS301\n");
    let out = concise(d.path(), &["a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("  × the configuration is an array, not a mapping\n"), "{}", stderr(&out));
    write(d.path(), ".ckslint.yaml", "severity: [CKS301]\nignore: 3\nper-file-ignores: x\n");
    let out = concise(d.path(), &["a.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("  × `severity` must be a mapping of rule to severity, e.g. `{CKS301: error}`, found an array\n"), "{err}");
    assert!(err.contains("  × expected a list of strings, found an integer\n"), "{err}");
    assert!(err.ends_with("ckslint: error: .ckslint.yaml: 3 problems in the configuration; nothing was linted\n"), "{err}");
}

#[test]
fn empty_config_changes_nothing() {
    let d = tmp();
    write(d.path(), "a.yaml", LOUD);
    write(d.path(), ".ckslint.yaml", "# nothing yet\n");
    expect(&concise(d.path(), &["a.yaml"]), 0, &[cks302("a.yaml"), cks303("a.yaml"), cks301("a.yaml", 10, "warning")]);
}
