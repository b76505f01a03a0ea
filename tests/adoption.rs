//! The adoption and CI surface on the real binary: `completions`, `man`, `--exit-zero`,
//! `--statistics`, `--output-file` (issue 19).

use clap::CommandFactory;

/// The binary's clap definitions themselves (the CLI is a module of the binary, not of the
/// library), so the tests below compare the scripts with the real surface.
#[allow(dead_code)]
#[path = "../src/cli/args.rs"]
mod args;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");
const TESTDATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata");

fn run_in(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().expect("run ckslint")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("utf-8 output")
}

/// A temporary copy of the bundled testdata/.
fn testdata() -> tempfile::TempDir {
    let d = tempfile::tempdir().expect("tempdir");
    for e in std::fs::read_dir(TESTDATA).expect("testdata") {
        let e = e.expect("entry");
        std::fs::copy(e.path(), d.path().join(e.file_name())).expect("copy");
    }
    d
}

/// Every subcommand's name and every long flag, from the clap definitions themselves.
fn surface() -> (Vec<String>, Vec<String>) {
    let cmd = args::Cli::command();
    let mut subs = Vec::new();
    let mut flags = Vec::new();
    for sub in cmd.get_subcommands() {
        subs.push(sub.get_name().to_string());
        for a in sub.get_arguments() {
            if let Some(l) = a.get_long() {
                flags.push(l.to_string());
            }
        }
    }
    flags.sort();
    flags.dedup();
    (subs, flags)
}

#[test]
fn the_surface_lists_the_adoption_commands_and_flags() {
    let (subs, flags) = surface();
    for s in ["check", "rules", "explain", "schema", "completions", "man"] {
        assert!(subs.iter().any(|x| x == s), "no subcommand {s} in {subs:?}");
    }
    for f in ["exit-zero", "statistics", "output-file", "format", "deny-warnings"] {
        assert!(flags.iter().any(|x| x == f), "no flag --{f} in {flags:?}");
    }
}

#[test]
fn completion_scripts_name_every_subcommand_and_flag() {
    let (subs, flags) = surface();
    let dir = tempfile::tempdir().expect("tempdir");
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run_in(dir.path(), &["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}: {}", text(&out.stderr));
        let script = text(&out.stdout);
        assert!(script.len() > 500, "{shell}: a script of {} bytes", script.len());
        for s in &subs {
            assert!(script.contains(s.as_str()), "{shell} completion lacks subcommand {s}");
        }
        for f in &flags {
            // fish names long flags `-l NAME`, every other shell `--NAME`.
            let spelled = if shell == "fish" { format!("-l {f}") } else { format!("--{f}") };
            assert!(script.contains(&spelled), "{shell} completion lacks {spelled}");
        }
    }
    let bad = run_in(dir.path(), &["completions", "tcsh"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("invalid value 'tcsh'"), "{}", text(&bad.stderr));
}

#[test]
fn bash_completion_is_valid_bash() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_in(dir.path(), &["completions", "bash"]);
    let script = dir.path().join("ckslint.bash");
    std::fs::write(&script, &out.stdout).expect("write");
    let Ok(check) = Command::new("bash").arg("-n").arg(&script).output() else { return };
    assert!(check.status.success(), "bash -n: {}", text(&check.stderr));
}

#[test]
fn man_page_documents_every_subcommand_and_flag() {
    let (subs, flags) = surface();
    let dir = tempfile::tempdir().expect("tempdir");
    let out = run_in(dir.path(), &["man"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let page = text(&out.stdout);
    assert!(page.starts_with(".ie \\n(.g .ds Aq \\(aq") || page.contains(".TH ckslint 1"), "{}", &page[..200.min(page.len())]);
    assert!(page.contains(".TH ckslint 1"), "no title line");
    for s in subs.iter().filter(|s| *s != "help") {
        assert!(page.contains(&format!(".SH \"CKSLINT {}\"", s.to_uppercase())), "man page lacks a section for {s}");
    }
    for f in &flags {
        let spelled = format!("\\fB\\-\\-{}\\fR", f.replace('-', "\\-"));
        assert!(page.contains(&spelled), "man page lacks {spelled}");
    }
    // A flag's help is there, escaped for roff; a switch lists no values, an option does.
    assert!(page.contains("\\fB\\-\\-exit\\-zero\\fR\nFindings never fail the run (exit 0); tool errors still exit 2\n"), "{page}");
    assert!(
        page.contains("\\fB\\-\\-format\\fR \\fIFORMAT\\fR\nOutput format [possible values: human, concise, json, sarif, github]\n"),
        "{page}"
    );
    assert!(page.contains("\\fB\\-\\-output\\-file\\fR \\fIFILE\\fR\nWrite the report in \\-\\-format to FILE"), "{page}");
}

#[test]
fn exit_zero_never_fails_on_findings_but_still_on_trouble() {
    let d = testdata();
    let plain = run_in(d.path(), &["check", "--isolated", "invalid-typos.yaml"]);
    assert_eq!(plain.status.code(), Some(1));
    let zero = run_in(d.path(), &["check", "--isolated", "--exit-zero", "invalid-typos.yaml"]);
    assert_eq!(zero.status.code(), Some(0));
    // The report is the same: only the exit code changes.
    assert_eq!(text(&zero.stdout), text(&plain.stdout));
    let warned = run_in(d.path(), &["check", "--isolated", "--exit-zero", "--deny-warnings", "invalid-typos.yaml"]);
    assert_eq!(warned.status.code(), Some(0));
    let missing = run_in(d.path(), &["check", "--isolated", "--exit-zero", "no-such-file.yaml"]);
    assert_eq!(missing.status.code(), Some(2), "{}", text(&missing.stderr));
    std::fs::write(d.path().join(".ckslint.yaml"), "selec: [CKS]\n").expect("write");
    let bad_config = run_in(d.path(), &["check", "--exit-zero", "invalid-typos.yaml"]);
    assert_eq!(bad_config.status.code(), Some(2));
}

/// (code, count, fixable) per rule from the JSON report of the same run.
fn counts_from_json(dir: &Path, paths: &[&str]) -> Vec<(String, usize, usize)> {
    let mut args = vec!["check", "--isolated", "--format", "json"];
    args.extend(paths);
    let out = run_in(dir, &args);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json report");
    let mut m: std::collections::BTreeMap<String, (usize, usize)> = Default::default();
    for d in v["diagnostics"].as_array().expect("diagnostics") {
        let e = m.entry(d["code"].as_str().expect("code").to_string()).or_default();
        e.0 += 1;
        if d["fix"]["applicability"] == "safe" {
            e.1 += 1;
        }
    }
    let mut rows: Vec<_> = m.into_iter().map(|(c, (n, f))| (c, n, f)).collect();
    rows.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    rows
}

#[test]
fn statistics_count_every_rule_sorted_by_count() {
    let d = testdata();
    let files = ["invalid-typos.yaml", "invalid-auth.json", "invalid-response.json", "full.yaml"];
    let expected = counts_from_json(d.path(), &files);
    assert!(expected.len() >= 3, "{expected:?}");
    let mut args = vec!["check", "--isolated", "--statistics"];
    args.extend(files);
    let out = run_in(d.path(), &args);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), expected.len(), "{stdout}");
    for (line, (code, count, fixable)) in lines.iter().zip(&expected) {
        let rule = ckslint::registry::find(code).expect("a rule");
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[0], count.to_string(), "{line}");
        assert_eq!(words[1], code, "{line}");
        assert_eq!(words[2], rule.name, "{line}");
        if *fixable > 0 {
            assert_eq!(&words[3..], [format!("[{fixable}").as_str(), "fixable]"], "{line}");
        } else {
            assert_eq!(words.len(), 3, "{line}");
        }
    }
    // The summary goes to stderr, so stdout is only the table.
    assert!(text(&out.stderr).starts_with("Found "), "{}", text(&out.stderr));
    let json = run_in(d.path(), &[&["check", "--isolated", "--statistics", "--format", "json"][..], &files].concat());
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("statistics json");
    assert_eq!(v["version"], 1);
    let rows: Vec<(String, usize, usize)> = v["statistics"]
        .as_array()
        .expect("statistics")
        .iter()
        .map(|r| {
            (
                r["code"].as_str().expect("code").to_string(),
                r["count"].as_u64().expect("count") as usize,
                r["fixable"].as_u64().expect("fixable") as usize,
            )
        })
        .collect();
    assert_eq!(rows, expected);
    assert_eq!(v["summary"]["files"], 4);
    let sarif = run_in(d.path(), &["check", "--isolated", "--statistics", "--format", "sarif", "full.yaml"]);
    assert_eq!(sarif.status.code(), Some(2));
    assert!(text(&sarif.stderr).contains("--statistics has no SARIF form"), "{}", text(&sarif.stderr));
}

#[test]
fn statistics_of_a_clean_run_is_empty_and_exits_zero() {
    let d = testdata();
    let out = run_in(d.path(), &["check", "--isolated", "--statistics", "valid.yaml"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(text(&out.stderr), "All clear: no problems found (1 file checked).\n");
}

#[test]
fn output_file_gets_the_report_and_stdout_stays_empty() {
    let d = testdata();
    for format in ["json", "sarif", "concise", "github"] {
        let direct = run_in(d.path(), &["check", "--isolated", "--format", format, "invalid-typos.yaml", "valid.json"]);
        let file = format!("report.{format}");
        let out =
            run_in(d.path(), &["check", "--isolated", "--format", format, "--output-file", &file, "invalid-typos.yaml", "valid.json"]);
        assert_eq!(out.status.code(), direct.status.code(), "{format}");
        assert_eq!(text(&out.stdout), "", "{format}");
        assert_eq!(std::fs::read(d.path().join(&file)).expect("report written"), direct.stdout, "{format}");
    }
    // Human: the findings to the file, the summary line to stderr.
    let direct = run_in(d.path(), &["check", "--isolated", "invalid-typos.yaml"]);
    let out = run_in(d.path(), &["check", "--isolated", "--output-file", "report.txt", "invalid-typos.yaml"]);
    let direct = text(&direct.stdout);
    let (findings, summary) = direct.trim_end().rsplit_once('\n').expect("a summary line");
    assert_eq!(text(&std::fs::read(d.path().join("report.txt")).expect("report")).trim_end(), findings.trim_end());
    assert_eq!(text(&out.stderr), format!("{summary}\n"));
    assert_eq!(out.status.code(), Some(1));
    // An existing report is replaced, not appended to.
    let again = run_in(d.path(), &["check", "--isolated", "--output-file", "report.txt", "valid.yaml"]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(text(&std::fs::read(d.path().join("report.txt")).expect("report")), "");
}

#[test]
fn output_file_that_cannot_be_written_exits_two_before_linting() {
    let d = testdata();
    let out = run_in(d.path(), &["check", "--isolated", "--output-file", "no-such-dir/report.json", "valid.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.starts_with("ckslint: error: no-such-dir/report.json: cannot write the report"), "{stderr}");
}

const VALID: &str = "name: staging-west\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// The valid request named `name`, the `name:` line ending with `comment`.
fn named(name: &str, comment: &str) -> String {
    VALID.replace("name: staging-west\n", &format!("name: {name}{comment}\n"))
}

#[test]
fn statistics_count_cross_document_findings_after_suppression() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    std::fs::write(dir.join("a.yaml"), named("prod-east", "")).expect("write");
    std::fs::write(dir.join("b.yaml"), named("prod-east", "")).expect("write");
    std::fs::write(dir.join("c.yaml"), named("prod-east", "  # ckslint: ignore[CKS401] blue/green pair")).expect("write");
    let files = ["a.yaml", "b.yaml", "c.yaml"];
    // The JSON report shows CKS401 on a.yaml and b.yaml only: c.yaml's is suppressed.
    assert_eq!(counts_from_json(dir, &files), [("CKS401".to_string(), 2, 0)]);
    let out = run_in(dir, &[&["check", "--isolated", "--statistics"][..], &files].concat());
    assert_eq!(text(&out.stdout), "2  CKS401  duplicate-cluster-name\n");
    assert_eq!(text(&out.stderr), "Found 0 errors, 2 warnings and 0 infos (3 files checked).\n");
    assert_eq!(out.status.code(), Some(0));
    // A configured severity and a `suppress:` entry apply to the counts too.
    std::fs::write(
        dir.join(".ckslint.yaml"),
        "severity: {CKS401: error}\nsuppress:\n  - path: b.yaml\n    pointer: /name\n    rules: [CKS401]\n    reason: blue/green pair\n",
    )
    .expect("write");
    let out = run_in(dir, &[&["check", "--statistics", "--format", "json"][..], &files].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("statistics json");
    assert_eq!(v["statistics"], serde_json::json!([{"code": "CKS401", "name": "duplicate-cluster-name", "count": 1, "fixable": 0}]));
    assert_eq!(v["summary"]["errors"], 1);
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn one_run_prints_human_output_and_writes_sarif_and_json() {
    let d = testdata();
    let files = ["invalid-typos.yaml", "invalid-auth.json", "valid.yaml"];
    let run = |format: &str| run_in(d.path(), &[&["check", "--isolated", "--format", format][..], &files].concat());
    let (human, sarif, json, concise) = (run("human"), run("sarif"), run("json"), run("concise"));
    let out = run_in(
        d.path(),
        &[
            &["check", "--isolated", "--report", "sarif=ckslint.sarif", "--report", "json=ckslint.json", "--report", "concise=c.txt"][..],
            &files,
        ]
        .concat(),
    );
    // Standard output is exactly the human report; each file exactly what that format
    // prints; the exit code is the run's.
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), text(&human.stdout));
    assert_eq!(text(&out.stderr), "");
    let written = |p: &str| text(&std::fs::read(d.path().join(p)).unwrap_or_else(|e| panic!("{p}: {e}")));
    assert_eq!(written("ckslint.sarif"), text(&sarif.stdout));
    assert_eq!(written("ckslint.json"), text(&json.stdout));
    // A concise report file holds the findings; the summary line is the main report's.
    assert_eq!(written("c.txt"), text(&concise.stdout));
    serde_json::from_str::<serde_json::Value>(&written("ckslint.sarif")).expect("SARIF is JSON");
    // With --output-file the main report goes to its file too, and with --statistics the
    // main report is the counts while the report files keep every finding.
    let out = run_in(
        d.path(),
        &[
            &["check", "--isolated", "--statistics", "--format", "json", "--output-file", "stats.json", "--report", "json=all.json"][..],
            &files,
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(written("all.json"), text(&json.stdout));
    let stats: serde_json::Value = serde_json::from_str(&written("stats.json")).expect("statistics json");
    assert!(stats["statistics"].as_array().is_some_and(|a| !a.is_empty()), "{stats}");
    // --exit-zero and the reports: still written, exit 0.
    let out = run_in(d.path(), &[&["check", "--isolated", "--exit-zero", "--quiet", "--report", "github=gh.txt"][..], &files].concat());
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(written("gh.txt"), text(&run("github").stdout));
}

#[test]
fn bad_report_arguments_exit_two_before_linting() {
    let d = testdata();
    let cases: [(&[&str], &str); 5] = [
        (&["--report", "sarif"], "expected FORMAT=FILE (FORMAT one of human, concise, json, sarif, github), e.g. sarif=ckslint.sarif"),
        (&["--report", "xml=out.xml"], "unknown format `xml` (one of human, concise, json, sarif, github)"),
        (&["--report", "json="], "no FILE after `=`"),
        (
            &["--report", "json=a.json", "--report", "sarif=a.json"],
            "ckslint: error: a.json: named by two reports; give each report its own file\n",
        ),
        (
            &["--output-file", "a.json", "--report", "sarif=a.json"],
            "ckslint: error: a.json: named by two reports; give each report its own file\n",
        ),
    ];
    for (flags, message) in cases {
        let out = run_in(d.path(), &[&["check", "--isolated"][..], flags, &["invalid-typos.yaml"]].concat());
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert_eq!(text(&out.stdout), "", "{flags:?}");
        assert!(text(&out.stderr).contains(message), "{flags:?}: {}", text(&out.stderr));
    }
    // A report that cannot be created: exit 2, nothing linted, no other report written.
    let out = run_in(
        d.path(),
        &["check", "--isolated", "--report", "json=ok.json", "--report", "sarif=no-such-dir/x.sarif", "invalid-typos.yaml"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).starts_with("ckslint: error: no-such-dir/x.sarif: cannot write the report: "), "{}", text(&out.stderr));
}

/// The Action's `ckslint check` step (the last `run: |` script of action.yml), run the way
/// GitHub runs a composite step's bash script, with the real binary on PATH.
fn run_action_step(dir: &Path, paths: &str, args: &str, sarif: &str) -> (Option<i32>, String, String) {
    let action = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/action.yml")).expect("action.yml");
    let (_, script) = action.rsplit_once("      run: |\n").expect("a run: | script");
    let script: String = script.lines().map(|l| format!("{}\n", l.strip_prefix("        ").unwrap_or(l))).collect();
    let output_file = dir.join("github-output");
    std::fs::write(&output_file, "").expect("write");
    let bin_dir = Path::new(BIN).parent().expect("bin dir");
    let path = format!("{}:{}", bin_dir.display(), std::env::var("PATH").unwrap_or_default());
    let out = Command::new("bash")
        .args(["--noprofile", "--norc", "-eo", "pipefail", "-c", &script])
        .current_dir(dir)
        .env("PATH", path)
        .env("NO_COLOR", "1")
        .env("GITHUB_OUTPUT", &output_file)
        .env("CKSLINT_PATHS", paths)
        .env("CKSLINT_ARGS", args)
        .env("CKSLINT_SARIF", sarif)
        .output()
        .expect("bash");
    (out.status.code(), text(&out.stdout), std::fs::read_to_string(&output_file).expect("github output"))
}

#[test]
fn the_action_step_annotates_and_writes_sarif_in_one_run() {
    let d = testdata();
    let github = run_in(d.path(), &["check", "--format", "github", "--isolated", "valid.yaml", "invalid-typos.yaml"]);
    let sarif = run_in(d.path(), &["check", "--format", "sarif", "--isolated", "valid.yaml", "invalid-typos.yaml"]);
    let (code, stdout, outputs) = run_action_step(d.path(), "valid.yaml\ninvalid-typos.yaml", "--isolated", "ckslint.sarif");
    assert_eq!(code, Some(1));
    assert_eq!(stdout, text(&github.stdout));
    assert_eq!(outputs, "exit-code=1\n");
    assert_eq!(std::fs::read(d.path().join("ckslint.sarif")).expect("sarif written"), sarif.stdout);
    // No SARIF asked for, clean paths: exit 0 and no file.
    std::fs::remove_file(d.path().join("ckslint.sarif")).expect("remove");
    let (code, stdout, outputs) = run_action_step(d.path(), "valid.yaml valid.json", "--isolated --deny-warnings", "");
    assert_eq!((code, stdout.as_str(), outputs.as_str()), (Some(0), "", "exit-code=0\n"));
    assert!(!d.path().join("ckslint.sarif").exists());
    // A tool error is exit 2.
    let (code, _, outputs) = run_action_step(d.path(), "no-such.yaml", "", "");
    assert_eq!((code, outputs.as_str()), (Some(2), "exit-code=2\n"));
}

/// Today's date as the default reason writes it (UTC), from `date`.
fn today() -> String {
    let out = Command::new("date").args(["-u", "+%Y-%m-%d"]).output().expect("date");
    text(&out.stdout).trim().to_string()
}

/// Every file of a directory and its bytes.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .expect("dir")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_file())
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("read")))
        .collect()
}

/// (path, line, code) of every finding of a `--format json` run.
fn located(dir: &Path, args: &[&str]) -> Vec<(String, u64, String)> {
    let out = run_in(dir, &[&["check", "--format", "json"][..], args].concat());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", text(&out.stdout)));
    v["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap_or("").to_string(),
                d["start"]["line"].as_u64().unwrap_or(0),
                d["code"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

#[test]
fn add_suppressions_on_the_bundled_testdata_then_check_passes_and_cks901_follows_a_fix() {
    let d = testdata();
    let dir = d.path();
    let before = snapshot(dir);
    assert_eq!(run_in(dir, &["check"]).status.code(), Some(1));
    let out = run_in(dir, &["check", "--add-suppressions"]);
    assert_eq!(
        text(&out.stdout),
        "invalid-auth.json: added 8 suppressions (8 in .ckslint.yaml)\n\
         invalid-other-clouds.yaml: added 8 suppressions (8 as comments)\n\
         invalid-response.json: added 1 suppression (1 in .ckslint.yaml)\n\
         invalid-syntax.json: added 1 suppression (1 in .ckslint.yaml)\n\
         invalid-terraform.tf: added 5 suppressions (5 as comments)\n\
         invalid-typos.yaml: added 11 suppressions (11 as comments)\n\
         Added 34 suppressions in 6 files.\n"
    );
    assert_eq!(text(&out.stderr), "");
    assert_eq!(out.status.code(), Some(0));
    let after = snapshot(dir);
    let reason = format!("added by ckslint --add-suppressions on {}", today());
    // JSON files are untouched; YAML and Terraform files differ only by comments at line
    // ends, the rest of every line byte for byte.
    for (name, old) in &before {
        let new = &after[name];
        if !name.ends_with(".yaml") && !name.ends_with(".tf") {
            assert_eq!(new, old, "{name} changed");
            continue;
        }
        let (old, new) = (text(old), text(new));
        assert_eq!(old.lines().count(), new.lines().count(), "{name}");
        for (o, n) in old.lines().zip(new.lines()) {
            if o != n {
                let tail = n.strip_prefix(o).unwrap_or_else(|| panic!("{name}: `{n}` does not keep `{o}`"));
                let (codes, why) = tail.strip_prefix("  # ckslint: ignore[").and_then(|t| t.split_once("] ")).expect("a directive");
                assert!(codes.split(", ").all(|c| c.starts_with("CKS")), "{n}");
                assert_eq!(why, reason);
            }
        }
    }
    assert_eq!(text(&after[".ckslint.yaml"]).matches(&format!("    reason: \"{reason}\"\n")).count(), 9);
    assert!(text(&after[".ckslint.yaml"]).starts_with(
        "suppress:\n  - path: \"invalid-auth.json\"\n    pointer: \"/id\"\n    rules: [CKS203]\n    reason: \"added by ckslint --add-suppressions on "
    ));
    // The next run passes; another --add-suppressions adds nothing and changes nothing.
    let check = run_in(dir, &["check"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let again = run_in(dir, &["check", "--add-suppressions"]);
    assert_eq!(text(&again.stdout), "Added 0 suppressions in 0 files.\n");
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(snapshot(dir), after);
    // Fix one problem in YAML and one in JSON: CKS901 on exactly those suppressions.
    let typos = text(&after["invalid-typos.yaml"]).replace("name: Prod_East", "name: prod-east");
    std::fs::write(dir.join("invalid-typos.yaml"), typos).expect("write");
    let auth = text(&after["invalid-auth.json"]);
    let id_line = auth.lines().position(|l| l.trim_start().starts_with("\"id\"")).expect("an id line");
    let auth: String = auth.lines().enumerate().filter(|(i, _)| *i != id_line).map(|(_, l)| format!("{l}\n")).collect();
    std::fs::write(dir.join("invalid-auth.json"), auth).expect("write");
    let found = located(dir, &[]);
    let unused: Vec<_> = found.iter().filter(|f| f.2 == "CKS901").cloned().collect();
    assert_eq!(
        unused,
        [(".ckslint.yaml".to_string(), 2, "CKS901".to_string()), ("invalid-typos.yaml".to_string(), 3, "CKS901".to_string())]
    );
    // Warnings (CKS240, CKS503) and infos do not fail the run, so they were left alone.
    assert_eq!(
        found.iter().filter(|f| !["CKS901", "CKS302", "CKS303", "CKS240", "CKS503"].contains(&f.2.as_str())).count(),
        0,
        "{found:?}"
    );
}

#[test]
fn comments_go_where_a_comment_can_go_and_merge_into_ckslint_comments() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    // CKS303 (no audit policy, at the document's first line) fails the run here, so the
    // first line has two findings.
    std::fs::write(dir.join("strict.yaml"), "severity: {CKS303: error}\n").expect("write");
    let request = "name: \"Prod #East\"\n\
                   zone: us-east-04a # owned by team-a\n\
                   vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\n\
                   version: \"1.36\n  \"\n\
                   network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\n\
                   disableOidcInfoPublication: true\n";
    std::fs::write(dir.join("a.yaml"), request).expect("write");
    let merged = "name: Prod-East  # ckslint: ignore[CKS201] legacy name\r\nzone: US-EAST-04A\r\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\r\nversion: v1.36\r\nnetwork:\r\n  podCidrName: pods\r\n  serviceCidrName: services\r\n  internalLbCidrNames:\r\n    - lb\r\ndisableOidcInfoPublication: true\r\n";
    std::fs::write(dir.join("b.yaml"), merged).expect("write");
    let above = merged.replace(
        "name: Prod-East  # ckslint: ignore[CKS201] legacy name\r\n",
        "# ckslint: ignore[CKS201] legacy name\r\nname: Prod-East\r\n",
    );
    std::fs::write(dir.join("c.yaml"), &above).expect("write");
    let out =
        run_in(dir, &["check", "--config", "strict.yaml", "--add-suppressions", "--reason", "known debt", "a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(
        text(&out.stdout),
        "a.yaml: added 4 suppressions (4 as comments)\n\
         b.yaml: added 1 suppression (1 as comments)\n\
         c.yaml: added 1 suppression (1 as comments)\n\
         Added 6 suppressions in 3 files.\n"
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // A `#` inside a quoted string is text: the comment goes at the end. A line with
    // another comment, or one whose end is inside a string, gets the comment above.
    assert_eq!(
        text(&std::fs::read(dir.join("a.yaml")).expect("read")),
        "name: \"Prod #East\"  # ckslint: ignore[CKS201, CKS303] known debt\n\
         # ckslint: ignore[CKS207] known debt\n\
         zone: us-east-04a # owned by team-a\n\
         vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\n\
         # ckslint: ignore[CKS205] known debt\n\
         version: \"1.36\n  \"\n\
         network:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\n\
         disableOidcInfoPublication: true\n"
    );
    // Codes join the ckslint comment already on the line, or alone above it; CRLF kept.
    assert_eq!(
        text(&std::fs::read(dir.join("b.yaml")).expect("read")),
        merged.replace("ignore[CKS201] legacy name", "ignore[CKS201, CKS303] legacy name")
    );
    assert_eq!(
        text(&std::fs::read(dir.join("c.yaml")).expect("read")),
        above.replace("ignore[CKS201] legacy", "ignore[CKS201, CKS303] legacy")
    );
    let check = run_in(dir, &["check", "--config", "strict.yaml", "a.yaml", "b.yaml", "c.yaml"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn json_findings_become_entries_in_the_existing_configuration_its_text_kept() {
    let d = testdata();
    let dir = d.path();
    let config = "# team configuration\nignore: [CKS302]  # noisy for us\nsuppress:\n  - path: invalid-auth.json\n    pointer: /id\n    rules: [CKS203]\n    reason: assigned by an old tool\n# keep this comment\n";
    std::fs::write(dir.join(".ckslint.yaml"), config).expect("write");
    let out = run_in(dir, &["check", "--add-suppressions", "--reason", "adopted", "invalid-auth.json", "invalid-response.json"]);
    assert_eq!(
        text(&out.stdout),
        "invalid-auth.json: added 7 suppressions (7 in .ckslint.yaml)\n\
         invalid-response.json: added 1 suppression (1 in .ckslint.yaml)\n\
         Added 8 suppressions in 2 files.\n"
    );
    assert_eq!(out.status.code(), Some(0));
    let entry = |path: &str, pointer: &str, code: &str| {
        format!("  - path: \"{path}\"\n    pointer: \"{pointer}\"\n    rules: [{code}]\n    reason: \"adopted\"\n")
    };
    let added: String = [
        entry("invalid-auth.json", "/oidc/issuerUrl", "CKS250"),
        entry("invalid-auth.json", "/oidc/usernamePrefix", "CKS254"),
        entry("invalid-auth.json", "/oidc/requiredClaim", "CKS253"),
        entry("invalid-auth.json", "/oidc/signingAlgorithms/0", "CKS252"),
        entry("invalid-auth.json", "/authnWebhook/server", "CKS256"),
        entry("invalid-auth.json", "/auditPolicy", "CKS232"),
        entry("invalid-response.json", "/cluster", "CKS004"),
    ]
    .concat();
    let expected = config.replace("# keep this comment\n", &format!("{added}# keep this comment\n"));
    assert_eq!(text(&std::fs::read(dir.join(".ckslint.yaml")).expect("read")), expected);
    let check = run_in(dir, &["check", "invalid-auth.json", "invalid-response.json"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
}

#[test]
fn cross_document_findings_are_suppressed_too() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    std::fs::write(dir.join("a.yaml"), named("prod-east", "")).expect("write");
    std::fs::write(dir.join("b.yaml"), named("prod-east", "")).expect("write");
    // CKS401 is a warning: it fails the run with --deny-warnings.
    assert_eq!(run_in(dir, &["check", "--deny-warnings", "a.yaml", "b.yaml"]).status.code(), Some(1));
    let out = run_in(dir, &["check", "--deny-warnings", "--add-suppressions", "--reason", "blue/green", "a.yaml", "b.yaml"]);
    assert_eq!(
        text(&out.stdout),
        "a.yaml: added 1 suppression (1 as comments)\nb.yaml: added 1 suppression (1 as comments)\nAdded 2 suppressions in 2 files.\n"
    );
    assert_eq!(out.status.code(), Some(0));
    for f in ["a.yaml", "b.yaml"] {
        assert_eq!(text(&std::fs::read(dir.join(f)).expect("read")), named("prod-east", "  # ckslint: ignore[CKS401] blue/green"));
    }
    assert_eq!(run_in(dir, &["check", "--deny-warnings", "a.yaml", "b.yaml"]).status.code(), Some(0));
    // Without --deny-warnings nothing fails, so nothing is added.
    let out = run_in(dir, &["check", "--add-suppressions", "a.yaml", "b.yaml"]);
    assert_eq!(text(&out.stdout), "Added 0 suppressions in 0 files.\n");
}

#[test]
fn add_suppressions_exit_codes() {
    let d = testdata();
    let dir = d.path();
    // JSON findings need a configuration file, which --isolated rules out: exit 2, and
    // the YAML comments are still written.
    let out = run_in(dir, &["check", "--isolated", "--add-suppressions", "--reason", "x", "invalid-auth.json", "invalid-typos.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "ckslint: error: 7 finding(s) need `suppress:` entries, but --isolated uses no configuration file: run without it\n"
    );
    assert!(!dir.join(".ckslint.yaml").exists());
    assert!(text(&std::fs::read(dir.join("invalid-typos.yaml")).expect("read")).contains("name: Prod_East  # ckslint: ignore[CKS201] x\n"));
    for (args, message) in [
        (&["--add-suppressions", "--format", "json"][..], "cannot be used with"),
        (&["--add-suppressions", "--fix"][..], "cannot be used with"),
        (&["--reason", "why"][..], "--add-suppressions"),
        (&["--add-suppressions", "--reason", " "][..], "the reason is empty"),
    ] {
        let out = run_in(dir, &[&["check"][..], args, &["valid.yaml"]].concat());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(text(&out.stderr).contains(message), "{args:?}: {}", text(&out.stderr));
    }
    let mut stdin = Command::new(BIN);
    stdin.args(["check", "--add-suppressions", "-"]).current_dir(dir).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let out = stdin.output().expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stderr), "ckslint: error: cannot add suppressions to standard input: name the files\n");
    // A finding no suppression can silence (CKS901, failing with --deny-warnings) is left:
    // exit 1, or 0 with --exit-zero.
    std::fs::write(dir.join("v.yaml"), named("prod-east", "  # ckslint: ignore[CKS201] old")).expect("write");
    let out = run_in(dir, &["check", "--isolated", "--deny-warnings", "--add-suppressions", "v.yaml"]);
    assert_eq!(
        text(&out.stdout),
        "Added 0 suppressions in 0 files.\n1 finding that fail the run cannot be suppressed (CKS901/CKS902 are about suppressions themselves): fix them\n"
    );
    assert_eq!(out.status.code(), Some(1));
    let out = run_in(dir, &["check", "--isolated", "--deny-warnings", "--add-suppressions", "--exit-zero", "v.yaml"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn terraform_files_take_comments_too() {
    let d = tempfile::tempdir().expect("tempdir");
    let dir = d.path();
    let tf = "# Production cluster.\n\
              resource \"coreweave_cks_cluster\" \"prod\" {\n  \
              name                   = \"Prod_East\"\n  \
              zone                   = \"us-east-04a\" // owned by team-a\n  \
              version                = \"v1.35\"\n  \
              vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n  \
              public                 = false // ckslint: ignore[CKS301] behind the edge allow-list\n  \
              pod_cidr_name          = \"pods\"\n  \
              service_cidr_name      = \"services\"\n  \
              internal_lb_cidr_names = [\"lb\"]\n\
              }\n";
    std::fs::write(dir.join("main.tf"), tf).expect("write");
    std::fs::write(dir.join("strict.yaml"), "severity: {CKS303: error}\n").expect("write");
    let before = located(dir, &["--config", "strict.yaml", "main.tf"]);
    assert!(before.iter().any(|f| f.2 == "CKS201") && before.iter().any(|f| f.2 == "CKS207"), "{before:?}");
    let out = run_in(dir, &["check", "--config", "strict.yaml", "--add-suppressions", "--reason", "debt", "main.tf"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = text(&std::fs::read(dir.join("main.tf")).expect("read"));
    // End of line in HCL too; a line with another comment gets the comment above it.
    assert!(after.contains("\n  name                   = \"Prod_East\"  # ckslint: ignore[CKS201] debt\n"), "{after}");
    assert!(
        after.contains("\n  # ckslint: ignore[CKS207] debt\n  zone                   = \"us-east-04a\" // owned by team-a\n"),
        "{after}"
    );
    // Every line of the file is kept, byte for byte, before any comment added to it.
    let mut new_lines = after.lines().filter(|l| !l.trim_start().starts_with("# ckslint: ignore["));
    for old in tf.lines() {
        let new = new_lines.next().expect("a line");
        assert!(new == old || new.strip_prefix(old).is_some_and(|t| t.starts_with("  # ckslint: ignore[")), "`{old}` became `{new}`");
    }
    assert_eq!(new_lines.next(), None);
    let check = run_in(dir, &["check", "--config", "strict.yaml", "main.tf"]);
    assert_eq!(check.status.code(), Some(0), "{}", text(&check.stdout));
    let again = run_in(dir, &["check", "--config", "strict.yaml", "--add-suppressions", "main.tf"]);
    assert_eq!(text(&again.stdout), "Added 0 suppressions in 0 files.\n");
    assert_eq!(text(&std::fs::read(dir.join("main.tf")).expect("read")), after);
}
