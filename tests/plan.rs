//! Terraform plans (SPEC §7, issue 15): recognition, the cluster documents linted on
//! `change.after`, unknown and sensitive values, the change rules CKS510–CKS512 and
//! hostile plans. Fixtures: tests/fixtures/plan (written by its make.py).

mod common;

use ckslint::FileResult;

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!("{}/tests/fixtures/plan/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn lint(name: &str) -> FileResult {
    common::lint(name, &fixture(name))
}

/// (code, line, column, resource, message) of every finding.
fn findings(f: &FileResult) -> Vec<(String, usize, usize, String, String)> {
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, _) = f.positions(d.span);
            (d.rule.code.to_string(), s.line, s.column, f.label(d.document).unwrap_or("").to_string(), d.message.clone())
        })
        .collect()
}

fn codes(f: &FileResult) -> Vec<&'static str> {
    f.diagnostics.iter().map(|d| d.rule.code).collect()
}

fn bin() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_ckslint"))
}

const CREATE_OK_ADDR: &str = "module.platform.module.cks.coreweave_cks_cluster.this[\"east\"]";

#[test]
fn a_clean_create_two_modules_deep_has_no_findings() {
    let f = lint("create-ok.json");
    assert_eq!(f.documents, 1);
    assert_eq!(f.label(0), Some(CREATE_OK_ADDR));
    assert!(f.diagnostics.is_empty(), "{:#?}", f.diagnostics);
}

#[test]
fn findings_point_into_change_after_pretty_and_minified() {
    let addr = "module.cks.coreweave_cks_cluster.this[0]";
    let pretty = lint("create-findings.json");
    let want = |l1: usize, c1: usize, l2: usize, c2: usize, l3: usize, c3: usize| {
        vec![
            ("CKS201".to_string(), l1, c1, addr.to_string(), "cluster name contains an uppercase letter `P`".to_string()),
            (
                "CKS240".to_string(),
                l2,
                c2,
                addr.to_string(),
                "`maxPod` is not a KubeletConfiguration field; CKS stores it but the kubelet never sees it".to_string(),
            ),
            ("CKS250".to_string(), l3, c3, addr.to_string(), "`oidc.issuer_url` uses `http`, not `https`".to_string()),
        ]
    };
    assert_eq!(findings(&pretty), want(41, 20, 54, 22, 56, 28));
    let min = lint("create-findings.min.json");
    assert_eq!(findings(&min), want(1, 684, 1, 1040, 1, 1096));
    // The spans are the values inside change.after (not planned_values, not after_unknown).
    let text = fixture("create-findings.min.json");
    let after = text.find("\"after\":").expect("after");
    for d in &min.diagnostics {
        assert!(d.span.start > after, "{d:?}");
    }
    assert_eq!(&text[min.diagnostics[0].span.start..min.diagnostics[0].span.end], "P");
    // The document is the resource's index among the cluster entries (terraform_data is not one).
    assert!(min.diagnostics.iter().all(|d| d.document == 0));
}

#[test]
fn unknown_values_are_not_reported_missing_or_wrong() {
    // vpc_id is absent from change.after and `true` in after_unknown; node_port_range and
    // the computed attributes are unknown; list elements are marked `false` (known).
    let f = lint("create-findings.min.json");
    let c = codes(&f);
    assert!(!c.contains(&"CKS101"), "{c:?}");
    assert!(!c.contains(&"CKS104"), "{c:?}");
    // Unknown at a leaf that would be wrong if known: no finding.
    let text = fixture("create-ok.json")
        .replace("\"name\": \"prod-east\"", "\"name\": \"Prod_East\"")
        .replace("\"id\": true,", "\"id\": true, \"name\": true,");
    let g = common::lint("p.json", &text);
    assert!(g.diagnostics.is_empty(), "{:#?}", g.diagnostics);
    // An unknown list element ([false, true]) is skipped, the known one is linted.
    let text = fixture("create-ok.json")
        .replace("\"internal_lb_cidr_names\": [\n            \"lb\"\n          ]", "\"internal_lb_cidr_names\": [\"lb\", \"10.0.0.0/24\"]")
        .replace("\"internal_lb_cidr_names\": [\n            false\n          ]", "\"internal_lb_cidr_names\": [false, true]");
    assert!(text.contains("[\"lb\", \"10.0.0.0/24\"]") && text.contains("[false, true]"));
    let g = common::lint("p.json", &text);
    assert!(g.diagnostics.is_empty(), "{:#?}", g.diagnostics);
    let known = text.replace("[false, true]", "[false, false]");
    let g = common::lint("p.json", &known);
    assert_eq!(codes(&g), ["CKS210"], "{:#?}", g.diagnostics);
}

#[test]
fn cluster_replaced_names_the_paths_before_and_after_and_hides_sensitive_values() {
    let f = lint("replace.json");
    let addr = "module.cks.coreweave_cks_cluster.this";
    let d = common::first(&f, "CKS510");
    assert_eq!(
        d.message,
        format!("plan deletes and re-creates cluster `{addr}` because `zone` \"US-WEST-09B\" → \"US-EAST-04A\", `name` \"prod-east\" → \"prod-east-2\", `shared_storage_cluster_id` (sensitive) → (sensitive)")
    );
    assert!(d.help.as_deref().unwrap_or("").starts_with("`name`, `zone`, `vpc_id`, `pod_cidr_name`, `service_cidr_name`"));
    assert_eq!(f.positions(d.span).0.line, 16, "at change.actions");
    let labels: Vec<&str> = d.labels.iter().map(|l| l.message.as_str()).collect();
    assert_eq!(labels, ["`zone` forces replacement", "`name` forces replacement", "`shared_storage_cluster_id` forces replacement"]);
    assert_eq!(f.label(d.document), Some(addr));
    // A request rule on the sensitive value speaks without quoting it.
    let s = common::first(&f, "CKS209");
    assert_eq!(s.message, format!("{} (the value is sensitive and not shown)", s.rule.summary));
    assert!(s.fix.is_none());
    // Nowhere in any report: not in JSON, not in the human snippet.
    for format in ["json", "human", "concise", "github", "sarif"] {
        let out = bin()
            .args(["check", "--isolated", "--color", "never", "--format", format])
            .arg(format!("{}/tests/fixtures/plan/replace.json", env!("CARGO_MANIFEST_DIR")))
            .output()
            .expect("run");
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{format}");
        assert!(text.contains("CKS510"), "{format}: {text}");
        assert!(!text.contains("ss-new") && !text.contains("ss-old"), "{format} printed a sensitive value: {text}");
    }
}

#[test]
fn create_before_destroy_tainted_without_replace_paths() {
    let f = lint("replace-tainted.min.json");
    assert_eq!(
        findings(&f),
        [(
            "CKS510".to_string(),
            1,
            314,
            "coreweave_cks_cluster.main".to_string(),
            "plan creates a new cluster, then deletes cluster `coreweave_cks_cluster.main` because it is tainted".to_string()
        )]
    );
}

#[test]
fn delete_no_op_read_data_and_deposed() {
    let f = lint("delete.json");
    assert_eq!(f.documents, 2, "the data source is not a document");
    assert_eq!(
        findings(&f),
        [(
            "CKS511".to_string(),
            15,
            20,
            "coreweave_cks_cluster.old".to_string(),
            "plan deletes cluster `coreweave_cks_cluster.old`".to_string()
        )]
    );
    assert_eq!(common::first(&f, "CKS511").severity, ckslint::Severity::Warning);
    // A deposed object being deleted is not the cluster itself.
    let deposed = fixture("delete.json").replacen("\"mode\": \"managed\",", "\"mode\": \"managed\", \"deposed\": \"00000001\",", 1);
    assert!(common::lint("p.json", &deposed).diagnostics.is_empty());
}

#[test]
fn version_steps_down_or_by_more_than_one_minor() {
    let f = lint("update-version.json");
    assert_eq!(
        findings(&f),
        [
            (
                "CKS512".to_string(),
                53,
                22,
                "coreweave_cks_cluster.a".to_string(),
                "plan upgrades cluster `coreweave_cks_cluster.a` from v1.33 to v1.35, more than one minor version at once".to_string()
            ),
            (
                "CKS512".to_string(),
                130,
                22,
                "coreweave_cks_cluster.b".to_string(),
                "plan downgrades cluster `coreweave_cks_cluster.b` from v1.35 to v1.34; CKS never downgrades a cluster".to_string()
            ),
        ]
    );
    let a = &f.diagnostics[0];
    assert_eq!(a.pointer, "/version");
    assert_eq!(a.help.as_deref(), Some("upgrade one minor version per apply: v1.34 first"));
    assert_eq!(a.labels[0].message, "current version");
    assert_eq!(f.positions(a.labels[0].span).0.line, 22, "before.version");
}

#[test]
fn format_versions() {
    let f = lint("format-0.1.json");
    assert_eq!(
        findings(&f),
        [(
            "CKS001".to_string(),
            2,
            21,
            String::new(),
            "unsupported Terraform plan format_version `0.1` (ckslint reads major version 1)".to_string()
        )]
    );
    let f = lint("format-1.0.json");
    assert_eq!(codes(&f), ["CKS201"]);
    let two = fixture("create-ok.json").replace("\"format_version\": \"1.2\"", "\"format_version\": \"2.0\"");
    let g = common::lint("p.json", &two);
    assert_eq!(codes(&g), ["CKS001"]);
    assert!(g.diagnostics[0].message.contains("`2.0`"));
    let num = fixture("create-ok.json").replace("\"format_version\": \"1.2\"", "\"format_version\": 1.2");
    assert_eq!(common::lint("p.json", &num).diagnostics[0].message, "plan format_version is a number, not a string such as \"1.2\"");
}

#[test]
fn hostile_plans_give_diagnostics() {
    let ok = fixture("create-ok.json");
    // Truncated anywhere: a diagnostic, never a panic.
    for cut in (0..ok.len()).step_by(97) {
        let f = common::lint("p.json", &ok[..cut]);
        assert!(cut == 0 || !f.diagnostics.is_empty(), "cut at {cut}");
    }
    // Wrong types where objects or arrays are expected.
    let cases = [
        ("\"resource_changes\": [", "\"resource_changes\": 7, \"x\": [", "plan resource_changes is an integer, not an array"),
        (
            "\"change\": {",
            "\"change\": [], \"y\": {",
            "change of `module.platform.module.cks.coreweave_cks_cluster.this[\"east\"]` is an array, not an object",
        ),
        (
            "\"actions\": [\n          \"create\"\n        ]",
            "\"actions\": \"create\"",
            "change.actions of `module.platform.module.cks.coreweave_cks_cluster.this[\"east\"]` is a string, not an array of action names",
        ),
        (
            "\"before\": null,\n        \"after\": {",
            "\"before\": null,\n        \"after\": 3, \"z\": {",
            "change.after of `module.platform.module.cks.coreweave_cks_cluster.this[\"east\"]` is an integer, not an object",
        ),
    ];
    for (from, to, message) in cases {
        assert!(ok.contains(from), "{from}");
        let f = common::lint("p.json", &ok.replacen(from, to, 1));
        let messages: Vec<&str> = f.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert!(messages.contains(&message), "{messages:?}");
    }
    // after_unknown and after_sensitive of the wrong shape are ignored, not trusted.
    for mask in ["\"after_unknown\": \"yes\"", "\"after_unknown\": [true]", "\"after_sensitive\": 5"] {
        let text = ok.replacen("\"after_unknown\": {", &format!("{mask}, \"w\": {{"), 1);
        let f = common::lint("p.json", &text);
        assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS001"), "{mask}: {:#?}", f.diagnostics);
    }
    // 10,000-deep after_unknown: the depth limit speaks (CKS006), quickly.
    let deep = format!("{}true{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let text = ok.replacen("\"after_unknown\": {", &format!("\"after_unknown\": {deep}, \"w\": {{"), 1);
    let f = common::lint("p.json", &text);
    assert!(f.diagnostics.iter().any(|d| d.rule.code == "CKS006" || d.rule.code == "CKS001"), "{:#?}", f.diagnostics);
}

#[test]
fn json_output_carries_the_resource_address() {
    let out = bin()
        .args(["check", "--isolated", "--format", "json"])
        .arg(format!("{}/tests/fixtures/plan/create-findings.min.json", env!("CARGO_MANIFEST_DIR")))
        .output()
        .expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let d = &v["diagnostics"][0];
    assert_eq!(d["resource"], "module.cks.coreweave_cks_cluster.this[0]");
    assert_eq!(d["code"], "CKS201");
    assert_eq!(d["start"]["line"], 1);
    assert_eq!(d["start"]["column"], 684);
}

#[test]
fn stdin_is_sniffed_as_a_plan() {
    use std::io::Write;
    let mut child = bin()
        .args(["check", "--isolated", "--format", "concise", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("run");
    child.stdin.take().expect("stdin").write_all(fixture("replace-tainted.min.json").as_bytes()).expect("write");
    let out = child.wait_with_output().expect("wait");
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(text.starts_with("-:1:314: error[CKS510]") || text.contains(":1:314:"), "{text}");
}

#[test]
fn human_output_of_a_minified_plan_leads_with_the_address_and_shows_a_window() {
    let f = lint("create-findings.min.json");
    let out = ckslint::output::human::render_plain(&f);
    let first = out.lines().find(|l| l.contains("CKS201")).expect("CKS201 line");
    assert!(first.contains("module.cks.coreweave_cks_cluster.this[0] name: create-findings.min.json:1:684: CKS201"), "{first}");
    assert!(out.contains("`oidc.issuerUrl`") || out.contains("oidc.issuer_url"), "{out}");
    assert!(
        out.contains("        …\":null,\"after\":{\"name\":\"Prod_East\",\"zone\":\"US-EAS…\n                                   ^\n"),
        "{out}"
    );
    let longest = out.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    assert!(longest < 200, "a line of {longest} characters:\n{out}");
}

#[test]
fn discovery_lints_a_plan_only_when_it_plans_a_cluster() {
    let dir = tempfile::tempdir().expect("tmp");
    std::fs::write(dir.path().join("plan.json"), fixture("replace.json")).expect("write");
    std::fs::write(dir.path().join("other.json"), fixture("no-cluster.json")).expect("write");
    let out = bin().args(["check", "--isolated", "--format", "json"]).arg(dir.path()).output().expect("run");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(v["summary"]["files"], 1, "{v}");
    let paths: Vec<&str> = v["diagnostics"].as_array().expect("list").iter().filter_map(|d| d["path"].as_str()).collect();
    assert!(paths.iter().all(|p| p.ends_with("plan.json")), "{paths:?}");
    // Named on the command line, a plan without a cluster is linted (and clean).
    let out = bin().args(["check", "--isolated"]).arg(dir.path().join("other.json")).output().expect("run");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn a_real_terraform_plan_is_read_when_terraform_is_installed() {
    // terraform_data needs no provider download; the suite passes without terraform.
    let Ok(version) = std::process::Command::new("terraform").arg("version").output() else { return };
    if !version.status.success() {
        return;
    }
    let dir = tempfile::tempdir().expect("tmp");
    let main = r#"
resource "terraform_data" "vpc" {}
module "cks" {
  source = "./modules/cks"
  vpc_id = terraform_data.vpc.id
}
"#;
    let module = r#"
variable "vpc_id" { type = string }
resource "terraform_data" "cluster" {
  input = { name = "demo", vpc_id = var.vpc_id, kubelet = jsonencode({ maxPods = 256 }), lbs = ["a"] }
}
"#;
    std::fs::create_dir_all(dir.path().join("modules/cks")).expect("mkdir");
    std::fs::write(dir.path().join("main.tf"), main).expect("write");
    std::fs::write(dir.path().join("modules/cks/main.tf"), module).expect("write");
    let tf =
        |args: &[&str]| std::process::Command::new("terraform").args(args).current_dir(dir.path()).env("TF_IN_AUTOMATION", "1").output();
    let Ok(init) = tf(&["init", "-backend=false", "-input=false"]) else { return };
    if !init.status.success() {
        return;
    }
    let plan = tf(&["plan", "-out", "plan.out", "-input=false"]).expect("plan");
    assert!(plan.status.success(), "{}", String::from_utf8_lossy(&plan.stderr));
    let show = tf(&["show", "-json", "plan.out"]).expect("show");
    assert!(show.status.success());
    let json = String::from_utf8(show.stdout).expect("utf8");
    // Rewrite the resource type so the reader treats the real plan's entry as a cluster.
    let real = json.replace("\"type\":\"terraform_data\",\"name\":\"cluster\"", "\"type\":\"coreweave_cks_cluster\",\"name\":\"cluster\"");
    assert_ne!(real, json, "the real plan has the documented entry shape");
    let loaded = ckslint::terraform::plan::from_text(&real).expect("a plan");
    assert!(loaded.plans_cluster);
    assert_eq!(loaded.parsed.documents.len(), 1);
    assert_eq!(loaded.parsed.documents[0].label.as_deref(), Some("module.cks.terraform_data.cluster"));
}

#[test]
fn hostile_plans_exact_diagnostics() {
    let t = fixture("create-findings.min.json");
    let row = |f: &FileResult| findings(f).into_iter().map(|(c, l, col, r, m)| format!("{c} {l}:{col} [{r}] {m}")).collect::<Vec<_>>();
    // Truncated in the middle of a string: the JSON syntax error, still read as a plan.
    let f = common::lint("p.json", &t[..t.len() / 2]);
    assert_eq!(f.format, ckslint::terraform::plan::FORMAT);
    assert_eq!(row(&f), ["CKS001 1:935 [] string is not closed"]);
    // 10,000-deep after_unknown: the depth limit, where it is passed.
    let deep = format!("\"after_unknown\":{}true{},\"w\":{{", "{\"a\":".repeat(10_000), "}".repeat(10_000));
    let f = common::lint("p.json", &t.replacen("\"after_unknown\":{", &deep, 1));
    assert_eq!(row(&f), ["CKS006 1:975 [] nesting deeper than 128 levels"]);
    // Another format_version major.
    let f = common::lint("p.json", &t.replacen("\"format_version\":\"1.2\"", "\"format_version\":\"2.0\"", 1));
    assert_eq!(row(&f), ["CKS001 1:19 [] unsupported Terraform plan format_version `2.0` (ckslint reads major version 1)"]);
    // An object where the array of changes belongs.
    let at = t.find("\"resource_changes\":[").expect("resource_changes");
    let end = t.rfind("]").expect("]");
    let obj = format!("{}\"resource_changes\":{{\"a\":1}}{}", &t[..at], &t[end + 1..]);
    let f = common::lint("p.json", &obj);
    assert_eq!(row(&f), ["CKS001 1:109 [] plan resource_changes is an object, not an array"]);
    // A 3,000,000-character cluster name: one finding of bounded length, and the human
    // report never prints the line.
    let huge = t.replacen("\"after\":{\"name\":\"Prod_East\"", &format!("\"after\":{{\"name\":\"{}\"", "x".repeat(3_000_000)), 1);
    let f = common::lint("p.json", &huge);
    let rows = row(&f);
    assert_eq!(rows[0], "CKS202 1:714 [module.cks.coreweave_cks_cluster.this[0]] cluster name is 3000000 characters, the limit is 30");
    assert!(rows.iter().all(|r| r.len() < 200), "{rows:?}");
    let out = ckslint::output::human::render_plain(&f);
    assert!(out.lines().all(|l| l.chars().count() < 200), "a long line in\n{}", &out[..out.len().min(2000)]);
    // A 5,000,000-character address of another resource is walked past: the cluster's
    // findings only.
    let other = format!("{{\"type\":\"terraform_data\",\"address\":\"{}\"}},", "y".repeat(5_000_000));
    let f = common::lint("p.json", &t.replacen("\"resource_changes\":[", &format!("\"resource_changes\":[{other}"), 1));
    assert_eq!(row(&f)[0], "CKS201 1:5000723 [module.cks.coreweave_cks_cluster.this[0]] cluster name contains an uppercase letter `P`");
}
