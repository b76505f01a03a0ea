//! Cross-document rules (CKS4xx): checks over every document of a run.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::lint::{FileResult, Settings};
use crate::registry::{Example, Rule};
use std::collections::HashMap;

pub static DUPLICATE_CLUSTER_NAME: Rule = Rule {
    code: "CKS401",
    name: "duplicate-cluster-name",
    severity: Severity::Warning,
    summary: "two linted documents request the same cluster name (labels on both)",
    what: "Collects the `name` of every request document linted in one run — across all files and \
across the documents of a YAML stream — and flags each document whose name another document also requests. \
Each finding labels the other place (file, line and column).",
    why: "Cluster names are unique within an organization: the second create request fails with \
AlreadyExists, usually long after the copy-and-paste that caused it. Two files requesting the same \
name is almost always a cluster definition copied without renaming.",
    bad: Example::yaml(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n---\nname: prod-east\nzone: US-WEST-09B\nvpcId: 4a1d3b0f-2e3c-4d6f-8a8b-1c2d3e4f5061\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n",
    ),
    good: Example::yaml(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n---\nname: prod-west\nzone: US-WEST-09B\nvpcId: 4a1d3b0f-2e3c-4d6f-8a8b-1c2d3e4f5061\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n",
    ),
    fix: None,
    implemented: true,
};

/// Add CKS401 findings to the files of one run. Files must be in output order.
/// The most other places one CKS401 finding labels.
const MAX_LABELS: usize = 5;

pub fn check(files: &mut [FileResult], settings: &Settings) {
    if !settings.enabled(&DUPLICATE_CLUSTER_NAME) {
        return;
    }
    // name -> every (file index, name index) requesting it, in order.
    let mut by_name: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (fi, f) in files.iter().enumerate() {
        for (ni, n) in f.names.iter().enumerate() {
            by_name.entry(n.name.as_str()).or_default().push((fi, ni));
        }
    }
    let mut additions: Vec<(usize, Diagnostic)> = Vec::new();
    for places in by_name.values().filter(|p| p.len() > 1) {
        for &(fi, ni) in places {
            let this = &files[fi].names[ni];
            let mut d = Diagnostic::new(
                &DUPLICATE_CLUSTER_NAME,
                this.document,
                this.span,
                this.pointer.clone(),
                format!("cluster name `{}` is requested {} times in this run", this.name, places.len()),
            );
            d.help = Some("cluster names are unique: rename one of them, or delete the copy".into());
            // Label a few of the other places, not all: N copies would otherwise carry N²
            // labels (20,000 documents named alike must not take gigabytes).
            let others = places.len() - 1;
            if others > MAX_LABELS {
                d.help = Some(format!(
                    "cluster names are unique: rename them, or delete the copies (the labels show {MAX_LABELS} of the {others} other places)"
                ));
            }
            for &(ofi, oni) in places.iter().filter(|&&p| p != (fi, ni)).take(MAX_LABELS) {
                let other = &files[ofi].names[oni];
                let path = (ofi != fi).then(|| files[ofi].path.clone());
                let position = path.as_ref().map(|_| files[ofi].positions(other.span));
                let message = if ofi == fi {
                    format!("also requested by document {} of this file", other.document)
                } else {
                    "also requested here".to_string()
                };
                d.labels.push(Label { message, span: other.span, path, position });
            }
            additions.push((fi, d));
        }
    }
    for (fi, mut d) in additions {
        if let Some(sev) = settings.level(d.rule) {
            d.severity = sev;
            files[fi].diagnostics.push(d);
        }
    }
    for f in files.iter_mut() {
        crate::lint::sort(&mut f.diagnostics);
    }
}
