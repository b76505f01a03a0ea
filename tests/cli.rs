//! The real binary: exit codes, stdin, discovery, formats, rules/explain/schema.

use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

const VALID: &str = "name: staging-west\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";
const VALID_JSON: &str = "{\"name\": \"staging-west\", \"zone\": \"US-WEST-09B\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.36\", \"network\": {\"podCidrName\": \"pods\", \"serviceCidrName\": \"services\", \"internalLbCidrNames\": [\"lb\"]}, \"disableOidcInfoPublication\": true, \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"}\n";

fn run_in(dir: &Path, args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.args(args).current_dir(dir).env("NO_COLOR", "1").env_remove("CLICOLOR_FORCE");
    cmd.stdin(if stdin.is_some() { Stdio::piped() } else { Stdio::null() });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn ckslint");
    if let Some(input) = stdin {
        use std::io::Write;
        child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("write stdin");
    }
    child.wait_with_output().expect("wait")
}

fn json_of(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)))
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["diagnostics"].as_array().expect("diagnostics").iter().map(|d| d["code"].as_str().unwrap_or("").to_string()).collect()
}

/// A new directory `dir` of `n` request files `{prefix}000.json`, … with `text(i)`.
fn requests(dir: &Path, prefix: &str, n: usize, text: impl Fn(usize) -> String) {
    std::fs::create_dir(dir).unwrap();
    for i in 0..n {
        std::fs::write(dir.join(format!("{prefix}{i:03}.json")), text(i)).unwrap();
    }
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

#[test]
fn valid_file_exits_zero() {
    let d = tmp();
    std::fs::write(d.path().join("ok.yaml"), VALID).unwrap();
    std::fs::write(d.path().join("ok.json"), VALID_JSON.replace("staging-west", "staging-east")).unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "ok.json", "ok.yaml"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stdout));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.trim_end(), "All clear: no problems found (2 files checked).");
}

#[test]
fn syntax_error_exits_one_with_position() {
    let d = tmp();
    std::fs::write(d.path().join("bad.json"), "{\"name\": \"a\",\n  \"zone\": }\n").unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "--format", "concise", "bad.json"], None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "bad.json:2:11: error[CKS001] expected a value, found `}`\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "Found 1 error, 0 warnings and 0 infos (1 file checked).\n");
}

#[test]
fn missing_path_exits_two_but_reports_the_others() {
    let d = tmp();
    std::fs::write(d.path().join("bad.json"), "{").unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "nope.json", "bad.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(codes(&json_of(&out)), ["CKS001"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.json: no such file or directory"));
}

#[test]
fn bad_usage_exits_two() {
    let d = tmp();
    let out = run_in(d.path(), &["check", "--format", "xml"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = run_in(d.path(), &["check", "--isolated", "--select", "CKS999"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown rule selector `CKS999`"));
    let out = run_in(d.path(), &["explain", "invalid-clustr-name"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("did you mean `invalid-cluster-name`"));
}

#[test]
fn stdin_uses_stdin_filename_for_format_and_path() {
    let d = tmp();
    let out =
        run_in(d.path(), &["check", "--isolated", "--format", "json", "--stdin-filename", "clusters/x.json", "-"], Some("{\"a\": 1,}"));
    assert_eq!(out.status.code(), Some(1));
    let v = json_of(&out);
    assert_eq!(v["diagnostics"][0]["path"], "clusters/x.json");
    assert_eq!(v["diagnostics"][0]["code"], "CKS001");
    assert_eq!(v["diagnostics"][0]["message"], "trailing comma before `}`");
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "-"], Some(VALID_JSON));
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(json_of(&out)["summary"]["files"], 1);
}

#[test]
fn discovery_skips_non_requests_hidden_and_ignored() {
    let d = tmp();
    let p = d.path();
    std::fs::create_dir_all(p.join("clusters")).unwrap();
    std::fs::create_dir_all(p.join(".hidden")).unwrap();
    std::fs::create_dir_all(p.join("ignored")).unwrap();
    std::fs::create_dir_all(p.join("dir.json")).unwrap();
    std::fs::write(p.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(p.join("package.json"), "{\"name\": \"x\", \"version\": \"1.0.0\", \"private\": true}").unwrap();
    std::fs::write(p.join("clusters/a.json"), "{\"name\": \"a\", \"zone\": \"US-EAST-04A\", \"version\": \"v1.35\",}").unwrap();
    std::fs::write(p.join("clusters/ok.yaml"), VALID).unwrap();
    std::fs::write(p.join("clusters/values.yaml"), "replicas: 3\nimage: nginx\n").unwrap();
    std::fs::write(p.join("clusters/odd.cks.yaml"), "replicas: [\n").unwrap();
    std::fs::write(p.join(".hidden/x.json"), "{").unwrap();
    std::fs::write(p.join("ignored/x.cks.json"), "{").unwrap();
    std::fs::write(p.join("dir.json/y.txt"), "{").unwrap();
    let out = run_in(p, &["check", "--isolated", "--format", "json"], None);
    let v = json_of(&out);
    let paths: Vec<_> = v["diagnostics"].as_array().unwrap().iter().map(|d| d["path"].as_str().unwrap().to_string()).collect();
    assert_eq!(paths, ["clusters/a.json", "clusters/odd.cks.yaml"], "{v}");
    assert_eq!(v["summary"]["files"], 3);
    assert_eq!(out.status.code(), Some(1));
}

#[cfg(unix)]
#[test]
fn named_fifo_is_an_error_not_a_hang() {
    let d = tmp();
    let fifo = d.path().join("pipe.json");
    let ok = Command::new("mkfifo").arg(&fifo).status().map(|s| s.success()).unwrap_or(false);
    if !ok {
        return;
    }
    let out = run_in(d.path(), &["check", "--isolated", "pipe.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    // Under a directory, a FIFO is skipped.
    let out = run_in(d.path(), &["check", "--isolated", "."], None);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn json_spans_agree_with_line_and_column() {
    let d = tmp();
    let text = "\u{feff}{\r\n  \"naïve\": 1,\r\n  \"naïve\": [1,,]\r\n}";
    std::fs::write(d.path().join("x.json"), text).unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "x.json"], None);
    let v = json_of(&out);
    let bytes = text.as_bytes();
    for diag in v["diagnostics"].as_array().unwrap() {
        let off = diag["span"]["offset"].as_u64().unwrap() as usize;
        let len = diag["span"]["length"].as_u64().unwrap() as usize;
        for (key, at) in [("start", off), ("end", off + len)] {
            let before = &bytes[..at];
            let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let mut seg = &before[line_start..];
            if line_start == 0 {
                seg = seg.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(seg);
            }
            let col = String::from_utf8_lossy(seg).chars().count() + 1;
            assert_eq!(diag[key]["line"], line, "{diag}");
            assert_eq!(diag[key]["column"], col, "{diag}");
        }
    }
    assert_eq!(v["diagnostics"][0]["code"], "CKS001");
    assert_eq!(v["diagnostics"][0]["start"]["line"], 3);
    assert_eq!(v["diagnostics"][0]["start"]["column"], 15);
}

#[test]
fn rules_lists_every_code() {
    let d = tmp();
    let out = run_in(d.path(), &["rules", "--format", "json"], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), ckslint::RULES.len());
    assert_eq!(list[0]["code"], "CKS001");
    assert_eq!(list[0]["name"], "syntax-error");
    assert_eq!(list.last().unwrap()["code"], "CKS902");
    let text = run_in(d.path(), &["rules"], None);
    assert!(String::from_utf8_lossy(&text.stdout).lines().count() >= 56);
}

#[test]
fn explain_by_code_and_name() {
    let d = tmp();
    let a = run_in(d.path(), &["explain", "CKS401"], None);
    let b = run_in(d.path(), &["explain", "duplicate-cluster-name"], None);
    assert_eq!(a.status.code(), Some(0));
    assert_eq!(a.stdout, b.stdout);
    let s = String::from_utf8_lossy(&a.stdout);
    assert!(s.starts_with("CKS401 duplicate-cluster-name\n"), "{s}");
    assert!(s.contains("Why it matters"));
}

#[test]
fn schema_commands_print_json_schemas() {
    let d = tmp();
    let out = run_in(d.path(), &["schema"], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    assert!(v["$schema"].as_str().unwrap().contains("2020-12"));
    let out = run_in(d.path(), &["schema", "--output"], None);
    let v = json_of(&out);
    assert!(v["$schema"].as_str().unwrap().contains("2020-12"));
}

#[test]
fn cross_document_duplicate_names_label_the_other_file() {
    let d = tmp();
    std::fs::write(d.path().join("a.json"), VALID_JSON).unwrap();
    std::fs::write(d.path().join("b.json"), VALID_JSON).unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "a.json", "b.json"], None);
    assert_eq!(out.status.code(), Some(0));
    let v = json_of(&out);
    let d401: Vec<_> = v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "CKS401").collect();
    assert_eq!(d401.len(), 2);
    assert_eq!(d401[0]["path"], "a.json");
    assert_eq!(d401[0]["labels"][0]["path"], "b.json");
    assert_eq!(d401[0]["labels"][0]["start"]["line"], 1);
    assert_eq!(d401[0]["labels"][0]["start"]["column"], 10);
    assert_eq!(d401[1]["labels"][0]["path"], "a.json");
    let deny = run_in(d.path(), &["check", "--isolated", "--deny-warnings", "a.json", "b.json"], None);
    assert_eq!(deny.status.code(), Some(1));
}

/// A run of more files than one parallel batch (256): findings stream out batch by
/// batch, and a duplicate name found late still lands in the earlier file's report.
#[test]
fn duplicate_names_across_batches_reach_both_files_in_every_format() {
    let d = tmp();
    requests(&d.path().join("many"), "r", 600, |i| {
        let name = if i == 3 || i == 590 { "dup".to_string() } else { format!("c-{i}") };
        // Every 7th file also has a finding of its own (a zone in lowercase).
        let text = VALID_JSON.replace("staging-west", &name);
        if i % 7 == 0 {
            text.replace("US-WEST-09B", "us-west-09b")
        } else {
            text
        }
    });
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "many"], None);
    assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    let diags = v["diagnostics"].as_array().unwrap();
    let paths: Vec<&str> = diags.iter().map(|d| d["path"].as_str().unwrap()).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "diagnostics stay in path order");
    let dup: Vec<_> = diags.iter().filter(|d| d["code"] == "CKS401").collect();
    assert_eq!(dup.len(), 2);
    assert_eq!(dup[0]["path"], "many/r003.json");
    assert_eq!(dup[0]["labels"][0]["path"], "many/r590.json");
    assert_eq!(dup[1]["path"], "many/r590.json");
    assert_eq!(dup[1]["labels"][0]["path"], "many/r003.json");
    assert_eq!(dup[1]["start"]["column"], 10);
    let zones = diags.iter().filter(|d| d["code"] == "CKS207").count();
    assert_eq!(zones, (0..600).filter(|i| i % 7 == 0).count());
    assert_eq!(v["summary"]["files"], 600);
    assert_eq!(v["summary"]["warnings"].as_u64().unwrap() + v["summary"]["errors"].as_u64().unwrap(), diags.len() as u64);

    // The same findings, in the same order, in the line formats.
    let concise = run_in(d.path(), &["check", "--isolated", "--format", "concise", "many"], None);
    let lines: Vec<String> = String::from_utf8(concise.stdout).unwrap().lines().map(String::from).collect();
    assert_eq!(lines.len(), diags.len());
    for (line, d) in lines.iter().zip(diags) {
        let head = format!("{}:{}:{}: ", d["path"].as_str().unwrap(), d["start"]["line"], d["start"]["column"]);
        assert!(line.starts_with(&head) && line.contains(d["code"].as_str().unwrap()), "{line} vs {head}");
    }
    let sarif = run_in(d.path(), &["check", "--isolated", "--format", "sarif", "many"], None);
    let s = json_of(&sarif);
    assert_eq!(s["runs"][0]["results"].as_array().unwrap().len(), diags.len());
    assert_eq!(s["runs"][0]["artifacts"].as_array().unwrap().len(), 600);
    let human = run_in(d.path(), &["check", "--isolated", "many/r003.json", "many/r590.json", "many/r001.json"], None);
    let h = String::from_utf8(human.stdout).unwrap();
    assert_eq!(h.matches("cluster name `dup` is requested 2 times in this run").count(), 2, "{h}");
    assert!(h.contains("many/r003.json:1:10"), "the snippet of the re-linted file is drawn: {h}");
}

/// Standard input cannot be read twice: a duplicate name inside a stream from stdin is
/// still reported.
#[test]
fn duplicate_names_within_stdin() {
    let d = tmp();
    let yaml = "name: twin\nzone: US-WEST-09B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.36\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\n";
    let stream = format!("{yaml}---\n{yaml}");
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "--stdin-filename", "s.yaml", "-"], Some(&stream));
    let v = json_of(&out);
    let dup: Vec<_> = v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "CKS401").collect();
    assert_eq!(dup.len(), 2, "{v}");
    assert_eq!(dup[0]["path"], "s.yaml");
    assert_eq!(dup[0]["labels"][0]["message"], "also requested by document 1 of this file");
    assert_eq!(dup[1]["start"]["line"], 11);
}

/// Standard input and a file requesting the same name: both reports carry CKS401, and
/// standard input (read once) keeps its own findings.
#[test]
fn duplicate_name_between_stdin_and_a_file() {
    let d = tmp();
    std::fs::write(d.path().join("b.json"), VALID_JSON).unwrap();
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "--stdin-filename", "a.json", "-", "b.json"], Some(VALID_JSON));
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    let dup: Vec<_> = v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "CKS401").collect();
    assert_eq!(dup.len(), 2, "{v}");
    assert_eq!((dup[0]["path"].as_str(), dup[0]["labels"][0]["path"].as_str()), (Some("a.json"), Some("b.json")));
    assert_eq!((dup[1]["path"].as_str(), dup[1]["labels"][0]["path"].as_str()), (Some("b.json"), Some("a.json")));
    assert_eq!(v["summary"]["files"], 2);
}

/// Hundreds of copies of one request (more than a parallel batch): every copy gets its
/// CKS401 with the count and five labels into other files, in path order.
#[test]
fn many_copies_of_one_request_each_get_their_finding() {
    let d = tmp();
    requests(&d.path().join("copies"), "c", 300, |_| VALID_JSON.to_string());
    let out = run_in(d.path(), &["check", "--isolated", "--format", "json", "copies"], None);
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v = json_of(&out);
    let dup: Vec<_> = v["diagnostics"].as_array().unwrap().iter().filter(|d| d["code"] == "CKS401").collect();
    assert_eq!(dup.len(), 300);
    for (i, d) in dup.iter().enumerate() {
        assert_eq!(d["path"], format!("copies/c{i:03}.json"));
        assert_eq!(d["message"], "cluster name `staging-west` is requested 300 times in this run");
        let labels = d["labels"].as_array().unwrap();
        assert_eq!(labels.len(), 5);
        assert!(labels.iter().all(|l| l["path"] != d["path"] && l["start"]["line"] == 1 && l["start"]["column"] == 10), "{d}");
    }
    assert_eq!(v["summary"]["warnings"], 300);
}
