//! Growth of a Terraform tree (issue 14 item 8): a tree of N module directories and one of
//! 4N (each a `main.tf` with a cluster and a VPC, a `variables.tf` and a
//! `terraform.tfvars`, one module in 50 with three mistakes) give exactly 4× the findings,
//! and the work — heap allocations and peak live heap, counted by this binary's
//! allocator, so the figures are deterministic — grows at most linearly (4× the modules,
//! at most 4.4×). The real binary gives the same counts. No wall-time assertion.

use ckslint::lint::FileResult;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::Ordering::Relaxed;

#[path = "common/counting.rs"]
mod counting;
use counting::{ALLOCS, LIVE, PEAK};

const ZONES: [&str; 4] = ["US-EAST-04A", "US-EAST-06A", "US-WEST-09B", "US-CENTRAL-02A"];

/// The module `i` of bench/gen_tf_corpus.py's shape (a fixed `maxPods` instead of a random one).
fn module(dir: &Path, i: usize) {
    let bad = i % 50 == 7;
    let name = if bad { format!("Cluster-{i}") } else { format!("cluster-{i}") };
    let version = if bad { "1.35" } else { "v1.35" };
    let kubelet = if bad { "maxPodz" } else { "maxPods" };
    let zone = ZONES[i % ZONES.len()];
    let pods = 100 + i % 150;
    let main = format!(
        r#"terraform {{
  required_providers {{
    coreweave = {{
      source  = "coreweave/coreweave"
      version = ">= 0.19.0"
    }}
  }}
}}

resource "coreweave_networking_vpc" "vpc" {{
  name = "vpc-{i}"
  zone = var.zone
  vpc_prefixes = [
    {{ name = "pod-cidr", value = "10.0.0.0/13" }},
    {{ name = "service-cidr", value = "10.16.0.0/22" }},
    {{ name = "lb-cidr", value = "10.32.4.0/22" }},
  ]
}}

resource "coreweave_cks_cluster" "c{i}" {{
  name                   = var.cluster_name
  zone                   = var.zone
  vpc_id                 = coreweave_networking_vpc.vpc.id
  version                = var.k8s_version
  public                 = false
  pod_cidr_name          = "pod-cidr"
  service_cidr_name      = "service-cidr"
  internal_lb_cidr_names = ["lb-cidr"]
  audit_policy           = "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo="
  kubelet                = jsonencode({{ {kubelet} = {pods} }})
  oidc = {{
    issuer_url   = "https://idp{i}.example.com"
    client_id    = "kubernetes"
    signing_algs = ["SIGNING_ALGORITHM_RS256"]
  }}
}}
"#
    );
    let variables = format!(
        "variable \"cluster_name\" {{\n  type    = string\n  default = \"cluster-{i}\"\n}}\n\nvariable \"zone\" {{\n  type    = string\n  default = \"{zone}\"\n}}\n\nvariable \"k8s_version\" {{\n  type    = string\n  default = \"v1.35\"\n}}\n"
    );
    let tfvars = format!("cluster_name = \"{name}\"\nk8s_version  = \"{version}\"\n");
    let d = dir.join(format!("m{i:05}"));
    std::fs::create_dir_all(&d).unwrap();
    std::fs::write(d.join("main.tf"), main).unwrap();
    std::fs::write(d.join("variables.tf"), variables).unwrap();
    std::fs::write(d.join("terraform.tfvars"), tfvars).unwrap();
}

fn tree(modules: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..modules {
        module(dir.path(), i);
    }
    dir
}

/// Findings per (code, file name), the tfvars files' included.
fn counts(files: &[FileResult]) -> BTreeMap<(String, String), usize> {
    let mut out = BTreeMap::new();
    for f in files.iter().flat_map(|f| std::iter::once(f).chain(f.related.iter())) {
        let name = f.path.rsplit('/').next().unwrap_or("").to_string();
        for d in &f.diagnostics {
            *out.entry((d.rule.code.to_string(), name.clone())).or_insert(0) += 1;
        }
    }
    out
}

/// Every step of a run over the tree's `.tf` files, found as a walk finds them, under the
/// counters: (results, allocations, peak live heap).
fn run(dir: &Path) -> (Vec<FileResult>, usize, usize) {
    let mut paths: Vec<String> = Vec::new();
    for m in std::fs::read_dir(dir).unwrap() {
        for f in std::fs::read_dir(m.unwrap().path()).unwrap() {
            let p = f.unwrap().path();
            if p.extension().is_some_and(|e| e == "tf") {
                paths.push(p.to_str().unwrap().to_string());
            }
        }
    }
    paths.sort();
    let texts: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    let config = ckslint::config::RunConfig::isolated();
    let before_live = LIVE.load(Relaxed);
    PEAK.store(before_live, Relaxed);
    let allocs = ALLOCS.load(Relaxed);
    let sources: Vec<ckslint::pipeline::Source> =
        paths.iter().zip(&texts).map(|(p, t)| ckslint::pipeline::Source { path: p, bytes: t, discovered: true }).collect();
    let files = ckslint::pipeline::check(&sources, &config, Default::default());
    let mut out = String::new();
    for f in &files {
        ckslint::output::human::render_file(f, ckslint::output::human::Style::PLAIN, &mut out);
    }
    (files, ALLOCS.load(Relaxed) - allocs, PEAK.load(Relaxed) - before_live)
}

#[test]
fn a_tree_four_times_larger_gives_four_times_the_findings_for_at_most_linear_work() {
    let (small_dir, large_dir) = (tree(250), tree(1000));
    let (small, small_allocs, small_peak) = run(small_dir.path());
    let (large, large_allocs, large_peak) = run(large_dir.path());
    // Every main.tf is linted, no variables.tf (no cluster there).
    assert_eq!((small.len(), large.len()), (250, 1000));
    // One module in 50 (5 of 250): an uppercase name and a version without its `v`, found
    // where the tfvars file writes them, and a misspelled kubelet option in main.tf.
    let want = |n: usize| {
        BTreeMap::from([
            (("CKS201".to_string(), "terraform.tfvars".to_string()), n),
            (("CKS205".to_string(), "terraform.tfvars".to_string()), n),
            (("CKS240".to_string(), "main.tf".to_string()), n),
        ])
    };
    assert_eq!(counts(&small), want(5));
    assert_eq!(counts(&large), want(20));
    eprintln!("allocations {small_allocs} -> {large_allocs}, peak {small_peak} -> {large_peak}");
    assert!(large_allocs * 10 <= small_allocs * 44, "allocations: {small_allocs} for 250 modules, {large_allocs} for 1,000");
    assert!(large_peak * 10 <= small_peak * 44, "peak heap: {small_peak} bytes for 250 modules, {large_peak} for 1,000");

    // The real binary walks the trees itself and says the same.
    for (dir, modules, each) in [(&small_dir, 250, 5), (&large_dir, 1000, 20)] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_ckslint"))
            .args(["check", "--isolated", "--format", "json"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", String::from_utf8_lossy(&out.stderr));
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let summary = &report["summary"];
        assert_eq!(summary["files"], modules, "{summary}");
        assert_eq!(summary["documents"], modules, "{summary}");
        assert_eq!(summary["errors"], 2 * each, "{summary}");
        assert_eq!(summary["warnings"], each, "{summary}");
        assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(3 * each));
    }
}
