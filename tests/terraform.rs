//! Terraform configurations (SPEC §6, issue 14): values read statically, findings with
//! exact positions in the file that holds the text, the CKS5xx rules, file-read safety.

use ckslint::lint::{lint_bytes, FileResult, Settings};
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

fn lint_file(path: &str) -> FileResult {
    lint_bytes(path, &std::fs::read(path).unwrap(), &Settings::default())
}

/// (code, line, column) of every finding of a result.
fn found(f: &FileResult) -> Vec<(&'static str, usize, usize)> {
    f.diagnostics
        .iter()
        .map(|d| {
            let (s, _) = f.positions(d.span);
            (d.rule.code, s.line, s.column)
        })
        .collect()
}

fn messages(f: &FileResult, code: &str) -> Vec<String> {
    f.diagnostics.iter().filter(|d| d.rule.code == code).map(|d| d.message.clone()).collect()
}

const UNKNOWN: &str = r#"resource "coreweave_cks_cluster" "x" {
  for_each               = var.clusters
  name                   = each.value.name
  zone                   = "${var.region}-A"
  vpc_id                 = coreweave_networking_vpc.v.id
  version                = var.big ? "v1.35" : "v1.34"
  public                 = local.public
  pod_cidr_name          = local.pod
  service_cidr_name      = upper("x")
  internal_lb_cidr_names = [for n in var.lbs : n]
  audit_policy           = local.policy
  kubelet                = jsonencode(local.k)
  oidc = {
    issuer_url = "https://${var.idp}/"
    client_id  = count.index
  }
}
"#;

#[test]
fn values_not_statically_known_give_no_finding_and_are_not_missing() {
    // References, interpolations, conditionals, for expressions, other functions,
    // count/for_each values and variables without a value: nothing fires, nothing is missing.
    let dir = tempfile::tempdir().unwrap();
    let f = lint_file(&write(dir.path(), "main.tf", UNKNOWN));
    assert_eq!(found(&f), vec![], "{:#?}", f.diagnostics);
    assert_eq!(f.documents, 1);
    assert_eq!(f.label(0), Some("coreweave_cks_cluster.x"));
}

const LITERAL: &str = r#"variable "name" {
  default = "Prod_East"
}

resource "coreweave_cks_cluster" "a" {
  name                   = var.name
  zone                   = "us-east-04a"
  vpc_id                 = "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50"
  version                = "1.35"
  pod_cidr_name          = "10.0.0.0/16"
  service_cidr_name      = "services"
  internal_lb_cidr_names = ["lb"]
  audit_policy           = "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo="
  kubelet                = <<EOT
{"maxPodz": 10}
EOT
}

resource "coreweave_cks_cluster" "b" {
  name                   = "b"
  zone                   = "US-EAST-04A"
  vpc_id                 = "3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50"
  version                = "v1.35"
  pod_cidr_name          = "pods"
  service_cidr_name      = "services"
  internal_lb_cidr_names = ["lb"]
  audit_policy           = "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo="
  kubelet                = "{\"maxPodz\": 10}"
  id                     = "abc"
  vpcId                  = "x"
  oidc {
    issuer_url   = "https://idp.example.com"
    client_id    = "k"
    signing_algs = ["SIGNING_ALGORITHM_ES256", "RS256"]
  }
}
"#;

#[test]
fn literals_defaults_heredocs_and_json_strings_are_linted_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let f = lint_file(&write(dir.path(), "main.tf", LITERAL));
    assert_eq!(
        found(&f),
        vec![
            ("CKS201", 2, 14), // the variable's default, where it is written
            ("CKS207", 7, 29),
            ("CKS205", 9, 29),
            ("CKS210", 10, 29),
            ("CKS240", 15, 2),  // inside the heredoc, on the key
            ("CKS240", 28, 28), // a quoted JSON string: the whole string
            ("CKS502", 29, 3),
            ("CKS102", 30, 3),
            ("CKS501", 31, 3),
            ("CKS503", 34, 21),
            ("CKS252", 34, 48),
        ]
    );
    assert_eq!(f.diagnostics.iter().map(|d| d.document).collect::<Vec<_>>(), vec![0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
    assert_eq!(f.label(1), Some("coreweave_cks_cluster.b"));
    // Terraform names in messages, API pointers kept.
    let cidr = f.diagnostics.iter().find(|d| d.rule.code == "CKS210").unwrap();
    assert!(cidr.message.contains("`pod_cidr_name`"), "{}", cidr.message);
    assert_eq!(cidr.pointer, "/network/podCidrName");
    let vpc = f.diagnostics.iter().find(|d| d.rule.code == "CKS102").unwrap();
    assert_eq!(vpc.message, "`vpcId` is not an attribute of the resource: the provider calls it `vpc_id`");
    assert_eq!(vpc.help.as_deref(), Some("did you mean `vpc_id`? it is set already; remove `vpcId`"));
    assert_eq!(messages(&f, "CKS502"), vec!["`id` is computed by the provider and cannot be set"]);
    // No CKS302 on Terraform (the provider cannot set disableOidcInfoPublication).
    assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS302"));
}

#[test]
fn fixes_are_hcl_edits_that_keep_formatting() {
    let dir = tempfile::tempdir().unwrap();
    let f = lint_file(&write(dir.path(), "main.tf", LITERAL));
    let mut edits: Vec<_> = f
        .diagnostics
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|x| x.applicability == ckslint::Applicability::Safe)
        .flat_map(|x| x.edits.clone())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut text = LITERAL.to_string();
    for e in edits {
        text.replace_range(e.span.start..e.span.end, &e.content);
    }
    assert!(text.contains("  zone                   = \"US-EAST-04A\"\n  vpc_id"));
    assert!(text.contains("  version                = \"v1.35\"\n"));
    assert!(text.contains("  oidc = {\n    issuer_url"));
    assert!(text.contains("[\"SIGNING_ALGORITHM_ES256\", \"SIGNING_ALGORITHM_RS256\"]"));
    // The fixed text parses, and those findings are gone.
    let again = lint_bytes(&dir.path().join("main.tf").to_string_lossy(), text.as_bytes(), &Settings::default());
    let codes: Vec<_> = again.diagnostics.iter().map(|d| d.rule.code).collect();
    assert!(!codes.iter().any(|c| ["CKS001", "CKS205", "CKS207", "CKS501", "CKS252"].contains(c)), "{codes:?}");
}

#[test]
fn tfvars_values_are_reported_in_the_tfvars_file_with_a_label_on_the_use() {
    let mut f = lint_file("tests/fixtures/terraform/tfvars/main.tf");
    ckslint::config::RunConfig::isolated().apply(&mut f);
    assert_eq!(found(&f), vec![("CKS303", 10, 1), ("CKS504", 19, 3), ("CKS240", 19, 41)], "{:#?}", f.diagnostics);
    assert_eq!(f.related.len(), 1);
    let vars = &f.related[0];
    assert_eq!(vars.path, "tests/fixtures/terraform/tfvars/terraform.tfvars");
    assert_eq!(found(vars), vec![("CKS205", 2, 16), ("CKS201", 3, 18)]);
    let d = &vars.diagnostics[0];
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].path.as_deref(), Some("tests/fixtures/terraform/tfvars/main.tf"));
    assert_eq!(d.labels[0].message, "`version` takes this value through `var.k8s_version` here");
    let (start, _) = d.labels[0].position.unwrap();
    assert_eq!((start.line, start.column), (14, 28));
    assert_eq!(vars.label(0), Some("coreweave_cks_cluster.k8s"));
    // CKS301 is suppressed by its `#` comment; CKS504 names the constraint.
    assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS301"));
    assert_eq!(messages(&f, "CKS504"), vec!["`kubelet` needs provider 0.19.0 or newer, but `required_providers` allows only `~> 0.10.1`"]);
}

#[test]
fn audit_policy_files_are_linted_in_their_own_path() {
    let f = lint_file("tests/fixtures/terraform/policy-file/main.tf");
    assert_eq!(found(&f), vec![]);
    let p = &f.related[0];
    assert_eq!(p.path, "tests/fixtures/terraform/policy-file/policies/audit.yaml");
    assert_eq!(found(p), vec![("CKS232", 1, 13), ("CKS234", 4, 12)]);
    assert_eq!(p.diagnostics[0].labels[0].message, "read here as `audit_policy`");
}

#[test]
fn real_examples_match_their_snapshots() {
    for name in ["provider-example", "dual-stack", "design-doc", "tfvars", "policy-file"] {
        let f = lint_file(&format!("tests/fixtures/terraform/{name}/main.tf"));
        let mut out = ckslint::output::human::render_plain(&f);
        for r in &f.related {
            out.push_str(&ckslint::output::human::render_plain(r));
        }
        insta::assert_snapshot!(format!("terraform_{}", name.replace('-', "_")), out);
    }
}

#[test]
fn design_doc_attributes_get_terraform_suggestions_and_no_double_report() {
    let f = lint_file("tests/fixtures/terraform/design-doc/main.tf");
    let unknown: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS102").map(|d| d.help.clone().unwrap_or_default()).collect();
    assert_eq!(
        unknown,
        vec![
            "`kubernetes_version` is the Terraform name; rename it to `version`; write the version as \"v1.32\"",
            "did you mean `vpc_id`? the resource does not set this required field; `vpc_id` takes a string"
        ]
    );
    // `version` and `vpc_id` are named by those findings, not also reported missing.
    assert_eq!(
        messages(&f, "CKS101"),
        vec![
            "missing required field `pod_cidr_name`",
            "missing required field `service_cidr_name`",
            "missing required field `internal_lb_cidr_names`"
        ]
    );
}

fn cluster(extra: &str) -> String {
    format!(
        "resource \"coreweave_cks_cluster\" \"c\" {{\n  name                   = \"c\"\n  zone                   = \"US-EAST-04A\"\n  vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n  version                = \"v1.35\"\n  pod_cidr_name          = \"pods\"\n  service_cidr_name      = \"services\"\n  internal_lb_cidr_names = [\"lb\"]\n{extra}}}\n"
    )
}

#[test]
fn provider_constraints() {
    let dir = tempfile::tempdir().unwrap();
    let body = cluster("  audit_policy = \"x\"\n  tailscale = { client_id = \"t\" }\n  oidc = { issuer_url = \"https://i.example.com\", client_id = \"c\", admin_group_binding = \"g\" }\n");
    for (constraint, expected) in [
        ("~> 0.10.1", vec!["`tailscale` needs provider 0.16.0 or newer, but `required_providers` allows only `~> 0.10.1`"]),
        (">= 0.5, < 0.16", vec!["`tailscale` needs provider 0.16.0 or newer, but `required_providers` allows only `>= 0.5, < 0.16`"]),
        (
            "= 0.4.0",
            vec![
                "`tailscale` needs provider 0.16.0 or newer, but `required_providers` allows only `= 0.4.0`",
                "`oidc.admin_group_binding` needs provider 0.5.0 or newer, but `required_providers` allows only `= 0.4.0`",
            ],
        ),
        ("~> 0.16", vec![]),
    ] {
        let providers = format!("terraform {{\n  required_providers {{\n    coreweave = {{\n      source  = \"coreweave/coreweave\"\n      version = \"{constraint}\"\n    }}\n  }}\n}}\n");
        write(dir.path(), "versions.tf", &providers);
        let f = lint_file(&write(dir.path(), "main.tf", &body));
        let mut got = messages(&f, "CKS504");
        got.sort();
        let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(got, want, "{constraint}");
        if let Some(d) = f.diagnostics.iter().find(|d| d.rule.code == "CKS504") {
            assert!(d.labels[0].path.as_deref().is_some_and(|p| p.ends_with("versions.tf")), "label in versions.tf");
        }
    }
    std::fs::remove_file(dir.path().join("versions.tf")).unwrap();
    let f = lint_file(&write(dir.path(), "main.tf", &body));
    assert_eq!(messages(&f, "CKS504"), Vec::<String>::new(), "no constraint: silent");
}

#[test]
fn vpc_zone_and_prefixes_are_checked_against_the_referenced_vpc() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "network.tf",
        "resource \"coreweave_networking_vpc\" \"v\" {\n  name = \"v\"\n  zone = \"US-EAST-06A\"\n  vpc_prefixes = [\n    { name = \"pods\", value = \"10.0.0.0/16\" },\n    { name = \"services\", value = \"10.1.0.0/16\" },\n    { name = \"lb-cidr\", value = \"10.2.0.0/16\" },\n  ]\n}\n",
    );
    let text = cluster("")
        .replace("\"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"", "coreweave_networking_vpc.v.id")
        .replace("[\"lb\"]", "[\"lb-cdir\"]");
    let f = lint_file(&write(dir.path(), "main.tf", &text));
    assert_eq!(found(&f), vec![("CKS303", 1, 1), ("CKS505", 3, 28), ("CKS506", 8, 29)], "{:#?}", f.diagnostics);
    let z = f.diagnostics.iter().find(|d| d.rule.code == "CKS505").unwrap();
    assert_eq!(z.labels[0].path.as_deref().map(|p| p.ends_with("network.tf")), Some(true));
    let p = f.diagnostics.iter().find(|d| d.rule.code == "CKS506").unwrap();
    assert!(p.help.as_deref().unwrap().starts_with("did you mean `lb-cidr`?"), "{:?}", p.help);
}

#[test]
fn file_reads_stay_inside_the_tree() {
    let root = tempfile::tempdir().unwrap();
    let repo = root.path().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    write(root.path(), "secret.yaml", "apiVersion: audit.k8s.io/v1\nkind: Policy\nrules: []\n");
    write(&repo, "policies/audit.yaml", "apiVersion: audit.k8s.io/v1beta1\nkind: Policy\nrules:\n  - level: Metadata\n");
    write(&repo, "cfg/big.yaml", &"# padding\n".repeat(2000));
    std::os::unix::fs::symlink(root.path().join("secret.yaml"), repo.join("cfg/link.yaml")).unwrap();
    let settings = Settings { max_file_size: 8192, ..Settings::default() };
    for (call, expected) in [
        ("filebase64(\"/etc/passwd\")", Some("`/etc/passwd` is not read: it is an absolute path")),
        (
            "filebase64(\"${path.module}/../../secret.yaml\")",
            Some("`./../../secret.yaml` is not read: it leaves the directory tree being linted"),
        ),
        (
            "base64encode(file(\"link.yaml\"))",
            Some("`link.yaml` is not read: a symbolic link leads out of the directory tree being linted"),
        ),
        ("filebase64(\"big.yaml\")", Some("`big.yaml` is not read: it is 20000 bytes, over the limit of 8192 bytes")),
        ("filebase64(\"../policies/audit.yaml\")", None),
    ] {
        let text = cluster(&format!("  audit_policy           = {call}\n"));
        let path = write(&repo, "cfg/main.tf", &text);
        let f = lint_bytes(&path, text.as_bytes(), &settings);
        let infos = messages(&f, "CKS507");
        match expected {
            Some(m) => {
                assert_eq!(infos, vec![m.to_string()], "{call}");
                assert_eq!(f.diagnostics[0].severity, ckslint::Severity::Info);
                assert!(f.related.is_empty(), "nothing read: {call}");
                assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS303"), "the policy is set, just not known");
            }
            None => {
                assert_eq!(infos, Vec::<String>::new());
                assert!(f.related[0].path.ends_with("repo/policies/audit.yaml"), "{}", f.related[0].path);
                assert_eq!(found(&f.related[0]), vec![("CKS232", 1, 13)]);
            }
        }
    }
}

#[test]
fn malformed_files_are_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let truncated = &cluster("")[..120];
    let f = lint_file(&write(dir.path(), "t.tf", truncated));
    assert_eq!(f.diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>(), vec!["CKS001"]);
    let binary = lint_bytes("b.tf", b"resource \"coreweave_cks_cluster\" \x00\xff\xfe", &Settings::default());
    assert_eq!(binary.diagnostics[0].rule.code, "CKS001");
    assert!(binary.diagnostics[0].message.starts_with("file is binary"), "{}", binary.diagnostics[0].message);
    let deep =
        format!("resource \"coreweave_cks_cluster\" \"d\" {{\n  kubelet = jsonencode({}1{})\n}}\n", "{ a = ".repeat(400), " }".repeat(400));
    let f = lint_bytes("d.tf", deep.as_bytes(), &Settings::default());
    assert_eq!(f.diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>(), vec!["CKS001"]);
    let mut many = String::from("resource \"coreweave_cks_cluster\" \"m\" {\n");
    for i in 0..60_000 {
        many.push_str(&format!("  attr_{i} = \"v\"\n"));
    }
    many.push_str("}\n");
    let f = lint_bytes("m.tf", many.as_bytes(), &Settings::default());
    // The per-rule cap lists 1,000 and counts the rest in one more finding.
    let unknown: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS102").collect();
    assert_eq!(unknown.len(), 1001);
    assert_eq!(unknown.iter().map(|d| d.omitted).sum::<usize>(), 59_000);
    let over = lint_bytes("o.tf", many.as_bytes(), &Settings { max_file_size: 1000, ..Settings::default() });
    assert_eq!(over.diagnostics[0].rule.code, "CKS006");
}

#[test]
fn tf_json_clusters() {
    let dir = tempfile::tempdir().unwrap();
    let text = r#"{
  "resource": {
    "coreweave_cks_cluster": {
      "j": {
        "name": "Bad_Name",
        "zone": "${var.zone}",
        "vpc_id": "${coreweave_networking_vpc.v.id}",
        "version": "v1.35",
        "pod_cidr_name": "pods",
        "service_cidr_name": "services",
        "internal_lb_cidr_names": ["lb"],
        "audit_policy": "${filebase64(\"a.yaml\")}"
      }
    }
  }
}
"#;
    let f = lint_file(&write(dir.path(), "main.tf.json", text));
    assert_eq!(found(&f), vec![("CKS201", 5, 18)]);
    assert_eq!(f.label(0), Some("coreweave_cks_cluster.j"));
}

#[test]
fn suppression_comments_with_slashes() {
    let dir = tempfile::tempdir().unwrap();
    let text = cluster(
        "  public = true // ckslint: ignore[CKS301] behind the VPN\n  audit_policy = \"x\" # ckslint: ignore[CKS230] placeholder\n",
    );
    let f = lint_file(&write(dir.path(), "main.tf", &text));
    let mut r = f;
    ckslint::config::RunConfig::isolated().apply(&mut r);
    assert_eq!(found(&r), vec![]);
}

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

fn run(args: &[&str]) -> (i32, String) {
    let out = std::process::Command::new(BIN).args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn cli_reports_tfvars_findings_in_their_file_in_sorted_place_with_the_resource() {
    // Directory discovery: only main.tf declares a cluster (network.tf, variables.tf and
    // the tfvars file are value sources), and the tfvars findings follow it.
    let (code, out) = run(&["check", "--isolated", "--format", "json", "tests/fixtures/terraform/tfvars"]);
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["summary"]["files"], 1);
    assert_eq!(v["summary"]["documents"], 1);
    let rows: Vec<(String, String, u64, u64, String)> = v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().rsplit('/').next().unwrap().to_string(),
                d["code"].as_str().unwrap().to_string(),
                d["start"]["line"].as_u64().unwrap(),
                d["start"]["column"].as_u64().unwrap(),
                d["resource"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let r = "coreweave_cks_cluster.k8s".to_string();
    assert_eq!(
        rows,
        vec![
            ("main.tf".into(), "CKS303".into(), 10, 1, r.clone()),
            ("main.tf".into(), "CKS504".into(), 19, 3, r.clone()),
            ("main.tf".into(), "CKS240".into(), 19, 41, r.clone()),
            ("terraform.tfvars".into(), "CKS205".into(), 2, 16, r.clone()),
            ("terraform.tfvars".into(), "CKS201".into(), 3, 18, r.clone()),
        ]
    );
    let label = &v["diagnostics"][3]["labels"][0];
    assert_eq!(label["path"], "tests/fixtures/terraform/tfvars/main.tf");
    assert_eq!((label["start"]["line"].as_u64(), label["start"]["column"].as_u64()), (Some(14), Some(28)));
    // SARIF names the resource as the logical location.
    let (_, sarif) = run(&["check", "--isolated", "--format", "sarif", "tests/fixtures/terraform/tfvars/main.tf"]);
    let s: serde_json::Value = serde_json::from_str(&sarif).unwrap();
    let logical = &s["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0];
    assert_eq!(logical["name"], "coreweave_cks_cluster.k8s");
    assert_eq!(logical["kind"], "resource");
    // Human output leads with the address.
    let (_, human) = run(&["check", "--isolated", "--color", "never", "tests/fixtures/terraform/tfvars/main.tf"]);
    assert!(human.contains("coreweave_cks_cluster.k8s version: CKS205 invalid-version"), "{human}");
}

#[test]
fn stdin_filename_main_tf_is_read_as_terraform() {
    let text = cluster("").replace("name                   = \"c\"", "name                   = \"Bad\"");
    let mut child = std::process::Command::new(BIN)
        .args(["check", "--isolated", "--format", "concise", "--stdin-filename", "main.tf", "-"])
        .current_dir(tempfile::tempdir().unwrap().path())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(text.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "main.tf:1:1: info[CKS303] the resource sets no audit policy\nmain.tf:2:29: error[CKS201] cluster name contains an uppercase letter `B`\n"
    );
}

/// `cluster("")` with the attribute `attr` written as `value` (`None`: left out) and
/// `meta` lines (`count`, `for_each`) first; the exact (code, line, column) of the file.
fn one_value(attr: &str, value: Option<&str>, meta: &str) -> Vec<(&'static str, usize, usize)> {
    let base = cluster("");
    let mut text = String::new();
    for line in base.lines() {
        if line.starts_with(&format!("  {attr} ")) {
            if let Some(v) = value {
                text.push_str(&format!("  {attr:<22} = {v}\n"));
            }
        } else {
            text.push_str(line);
            text.push('\n');
        }
        if line.starts_with("resource ") {
            text.push_str(meta);
        }
    }
    assert_ne!(text, base, "{attr} is not in the base cluster");
    let dir = tempfile::tempdir().unwrap();
    let f = lint_file(&write(dir.path(), "main.tf", &text));
    assert_eq!(f.documents, 1, "{text}");
    found(&f)
}

/// What the base cluster alone gives: the audit-policy note, on the resource.
const BASE: (&str, usize, usize) = ("CKS303", 1, 1);

#[test]
fn a_reference_to_another_resources_attribute_is_not_linted_nor_missing() {
    let reference = |attr, expr| one_value(attr, Some(expr), "");
    assert_eq!(reference("name", "coreweave_networking_vpc.v.name"), vec![BASE]);
    assert_eq!(reference("vpc_id", "coreweave_networking_vpc.v.id"), vec![BASE]);
    // Controls: the literals fire where the reference stood, the attributes left out are missing.
    assert_eq!(reference("name", "\"Bad_Name\""), vec![BASE, ("CKS201", 2, 29)]);
    assert_eq!(reference("vpc_id", "\"not-a-uuid\""), vec![BASE, ("CKS209", 4, 29)]);
    assert_eq!(one_value("name", None, ""), vec![("CKS101", 1, 1), BASE]);
    assert_eq!(one_value("vpc_id", None, ""), vec![("CKS101", 1, 1), BASE]);
}

#[test]
fn an_interpolation_is_not_linted_nor_missing() {
    // Lowercase around the interpolation, which a literal zone may not be.
    assert_eq!(one_value("zone", Some("\"${var.region}-a\""), ""), vec![BASE]);
    assert_eq!(one_value("name", Some("\"Prod-${var.env}\""), ""), vec![BASE]);
    assert_eq!(one_value("zone", Some("\"us-east-04a\""), ""), vec![BASE, ("CKS207", 3, 29)]);
    assert_eq!(one_value("name", Some("\"Prod-east\""), ""), vec![BASE, ("CKS201", 2, 29)]);
    assert_eq!(one_value("zone", None, ""), vec![("CKS101", 1, 1), BASE]);
}

#[test]
fn a_conditional_is_not_linted_nor_missing() {
    // Not even when both branches would fire: which one applies is not known.
    assert_eq!(one_value("version", Some("var.new ? \"v1.35\" : \"1.34\""), ""), vec![BASE]);
    assert_eq!(one_value("version", Some("var.new ? \"1.34\" : \"1.33\""), ""), vec![BASE]);
    assert_eq!(one_value("version", Some("\"1.34\""), ""), vec![BASE, ("CKS205", 5, 29)]);
    assert_eq!(one_value("version", None, ""), vec![("CKS101", 1, 1), BASE]);
}

#[test]
fn a_for_expression_is_not_linted_nor_missing() {
    // It may be empty or yield anything: neither CKS212 (empty) nor a type finding.
    let lbs = |v| one_value("internal_lb_cidr_names", v, "");
    assert_eq!(lbs(Some("[for n in var.lbs : upper(n)]")), vec![BASE]);
    assert_eq!(lbs(Some("[for n in [] : n]")), vec![BASE]);
    assert_eq!(lbs(Some("[]")), vec![BASE, ("CKS212", 8, 28)]);
    assert_eq!(lbs(Some("\"lb\"")), vec![BASE, ("CKS104", 8, 28)]);
    assert_eq!(lbs(None), vec![("CKS101", 1, 1), BASE]);
}

#[test]
fn count_index_and_each_value_are_not_linted_nor_missing() {
    // The meta-argument line comes first, so the attributes are one line lower.
    let count = "  count                  = 2\n";
    let each = "  for_each               = var.clusters\n";
    assert_eq!(one_value("name", Some("count.index"), count), vec![BASE]);
    assert_eq!(one_value("name", Some("each.value.name"), each), vec![BASE]);
    assert_eq!(one_value("service_cidr_name", Some("each.key"), each), vec![BASE]);
    assert_eq!(one_value("internal_lb_cidr_names", Some("[\"lb\", each.value]"), each), vec![BASE]);
    // Controls: a number where count.index stood is a type finding; literals fire as usual.
    assert_eq!(one_value("name", Some("3"), count), vec![BASE, ("CKS104", 3, 28)]);
    assert_eq!(one_value("name", Some("\"Bad\""), each), vec![BASE, ("CKS201", 3, 29)]);
    assert_eq!(one_value("name", None, count), vec![("CKS101", 1, 1), BASE]);
    assert_eq!(one_value("service_cidr_name", None, each), vec![("CKS101", 1, 1), BASE]);
}

/// A file with a CRLF line, a tab, trailing blanks, a comment after a fixed value, odd
/// spacing before a block's brace and no final newline: the bytes fixes must not touch.
const FIXABLE: &str = "# prod cluster\r\nresource \"coreweave_cks_cluster\" \"c\" {\n  name                   = \"Prod\" # keep this comment\n  zone                   = \"US-EAST-04A\"\n  vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n\t# tabbed, trailing blanks   \n  version                = \"1.34\"\n  pod_cidr_name          = \"pods\"\n  service_cidr_name      = \"services\"\n  internal_lb_cidr_names = [\"lb\"]\n\n  oidc   {\n    issuer_url = \"https://idp.example.com\"\n    client_id  = \"k\"\n  }\n}";

fn run_in(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(BIN).args(args).current_dir(dir).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

#[test]
fn cli_diff_shows_the_hcl_fixes_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", FIXABLE);
    let (code, out, err) = run_in(dir.path(), &["check", "--isolated", "--diff", "--format", "concise", "main.tf"]);
    assert_eq!(code, 1, "{err}");
    assert_eq!(
        out,
        "--- a/main.tf\n+++ b/main.tf\n@@ -1,15 +1,15 @@\n # prod cluster\r\n resource \"coreweave_cks_cluster\" \"c\" {\n-  name                   = \"Prod\" # keep this comment\n+  name                   = \"prod\" # keep this comment\n   zone                   = \"US-EAST-04A\"\n   vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n \t# tabbed, trailing blanks   \n-  version                = \"1.34\"\n+  version                = \"v1.34\"\n   pod_cidr_name          = \"pods\"\n   service_cidr_name      = \"services\"\n   internal_lb_cidr_names = [\"lb\"]\n \n-  oidc   {\n+  oidc =   {\n     issuer_url = \"https://idp.example.com\"\n     client_id  = \"k\"\n   }\n\
main.tf:2:1: info[CKS303] the resource sets no audit policy\n\
main.tf:3:29: error[CKS201] cluster name contains an uppercase letter `P`\n\
main.tf:7:29: error[CKS205] version has no leading `v`\n\
main.tf:12:3: error[CKS501] `oidc` is a nested attribute, written here as a block\n"
    );
    assert_eq!(err, "Found 3 errors, 0 warnings and 1 info (1 file checked); 3 fixable with `ckslint check --fix`.\n");
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), FIXABLE, "--diff wrote the file");
}

#[test]
fn cli_fix_rewrites_only_the_fixed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "main.tf", FIXABLE);
    let (code, out, err) = run_in(dir.path(), &["check", "--isolated", "--fix", "--format", "concise", "main.tf"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, "main.tf:2:1: info[CKS303] the resource sets no audit policy\n");
    let expected = FIXABLE.replacen("\"Prod\" # keep", "\"prod\" # keep", 1).replacen("= \"1.34\"", "= \"v1.34\"", 1).replacen(
        "  oidc   {",
        "  oidc =   {",
        1,
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("main.tf")).unwrap(),
        "# prod cluster\r\nresource \"coreweave_cks_cluster\" \"c\" {\n  name                   = \"prod\" # keep this comment\n  zone                   = \"US-EAST-04A\"\n  vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n\t# tabbed, trailing blanks   \n  version                = \"v1.34\"\n  pod_cidr_name          = \"pods\"\n  service_cidr_name      = \"services\"\n  internal_lb_cidr_names = [\"lb\"]\n\n  oidc =   {\n    issuer_url = \"https://idp.example.com\"\n    client_id  = \"k\"\n  }\n}"
    );
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), expected);
    // Fixed once: a second --fix changes nothing.
    let (code, _, _) = run_in(dir.path(), &["check", "--isolated", "--fix", "--format", "concise", "main.tf"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(dir.path().join("main.tf")).unwrap(), expected);
}
