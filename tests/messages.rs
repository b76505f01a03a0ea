//! Message style, held over every diagnostic the project can produce from its own
//! material (as clippy holds its lints): each rule's bad and good examples, every file of
//! `testdata/`, and the shared acceptance cases are linted, and each message, help, label
//! and fix message is checked. Every fix found there is applied and the file linted again.

use ckslint::{Applicability, Diagnostic, FileResult, Severity};
use std::path::PathBuf;

mod common;
use common::apply;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (path, text) of every example and fixture.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for rule in ckslint::RULES {
        for (which, ex) in [("bad", &rule.bad), ("good", &rule.good)] {
            if !ex.is_none() {
                out.push((format!("{}-{which}/{}", rule.code, ex.path), ex.text.to_string()));
            }
        }
    }
    // The shared acceptance cases sit beside the checkout (`../shared`), or at their
    // absolute place when this is a worktree elsewhere.
    let shared = ["../shared/acceptance/cases", "/work/shared/acceptance/cases"]
        .into_iter()
        .find(|d| root().join(d).is_dir())
        .unwrap_or("../shared/acceptance/cases");
    for dir in ["testdata", shared] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else { continue };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for p in paths {
            let name = p.file_name().unwrap().to_string_lossy().to_string();
            if !(name.ends_with(".json") || name.ends_with(".yaml") || name.ends_with(".yml")) || name == "manifest.json" {
                continue;
            }
            if let Ok(text) = std::fs::read_to_string(&p) {
                out.push((format!("{dir}/{name}"), text));
            }
        }
    }
    out
}

fn lint_one(path: &str, text: &str) -> FileResult {
    ckslint::lint_texts(&[(path, text)]).remove(0)
}

/// What is wrong with one piece of text, if anything: `kind` names it in the failure.
fn style(kind: &str, text: &str, period_allowed: bool) -> Option<String> {
    let first_word: String = text.chars().take_while(|c| c.is_alphanumeric()).collect();
    let first = text.chars().next()?;
    // An acronym or identifier kept as written: two capitals at least (`VPC`, `OIDC`,
    // `IPv6`, `CKS`, `YAML`); or a quoted or code-marked start.
    let acronym = first_word.chars().filter(|c| c.is_uppercase()).count() >= 2;
    if first.is_uppercase() && !acronym {
        return Some(format!("{kind} starts with a capital: {text:?}"));
    }
    if !period_allowed && text.ends_with('.') && !text.ends_with("...") {
        return Some(format!("{kind} ends with a period: {text:?}"));
    }
    if text.contains("  ") {
        return Some(format!("{kind} has a doubled space: {text:?}"));
    }
    if text.trim() != text {
        return Some(format!("{kind} has surrounding white space: {text:?}"));
    }
    None
}

fn problems_of(d: &Diagnostic) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(style("message", &d.message, false));
    if let Some(h) = &d.help {
        out.extend(style("help", h, false));
    }
    for l in &d.labels {
        out.extend(style("label", &l.message, false));
    }
    if let Some(f) = &d.fix {
        out.extend(style("fix message", &f.message, false));
    }
    out
}

#[test]
fn every_message_help_label_and_fix_is_in_house_style() {
    let corpus = corpus();
    assert!(corpus.len() > 80, "{}", corpus.len());
    let mut bad = Vec::new();
    let mut codes = std::collections::BTreeSet::new();
    let mut count = 0;
    for (path, text) in &corpus {
        let f = lint_one(path, text);
        for d in &f.diagnostics {
            count += 1;
            codes.insert(d.rule.code);
            for p in problems_of(d) {
                bad.push(format!("{path}: {} {p}", d.rule.code));
            }
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
    // The corpus reaches most of the catalogue: the check means something.
    assert!(count > 100 && codes.len() > 50, "{count} diagnostics, {} codes: {codes:?}", codes.len());
}

#[test]
fn rule_summaries_are_in_house_style() {
    for rule in ckslint::RULES {
        if let Some(p) = style("summary", rule.summary, false) {
            panic!("{}: {p}", rule.code);
        }
        if let Some(fix) = rule.fix {
            if let Some(p) = style("fix", fix, false) {
                panic!("{}: {p}", rule.code);
            }
        }
    }
}

#[test]
fn the_style_check_catches_what_it_claims() {
    assert!(style("m", "vPC prefixes", false).is_none(), "lower-case start passes");
    assert!(style("m", "VPC prefixes for internal load balancers", false).is_none());
    assert!(style("m", "IPv6 prefixes", false).is_none());
    assert!(style("m", "`zone` is lowercase", false).is_none());
    assert!(style("m", "Missing field", false).is_some());
    assert!(style("m", "missing field.", false).is_some());
    assert!(style("m", "missing  field", false).is_some());
    assert!(style("m", "missing field ", false).is_some());
}

/// The help text of a missing field quotes the schema's description without breaking an
/// acronym: "VPC prefixes", never "vPC prefixes".
#[test]
fn descriptions_keep_their_acronyms() {
    let f = lint_one(
        "r.yaml",
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n",
    );
    let helps: Vec<&str> = f.diagnostics.iter().filter_map(|d| d.help.as_deref()).collect();
    assert_eq!(helps, ["add `internalLbCidrNames`: VPC prefixes for internal load balancers (append-only after create)"]);
}

/// Every fix the corpus offers is applied and the file linted again: the finding is
/// gone, the file still parses, and a safe fix never adds an error.
#[test]
fn every_fix_applies_and_relints() {
    let mut fixes = 0;
    let mut safe = 0;
    for (path, text) in corpus() {
        let before = lint_one(&path, &text);
        for d in before.diagnostics.iter().filter(|d| d.fix.is_some()) {
            fixes += 1;
            let fixed = apply(&text, d);
            assert_ne!(fixed, text, "{path}: {} fix changes nothing", d.rule.code);
            let after = lint_one(&path, &fixed);
            let same = |x: &Diagnostic| x.rule.code == d.rule.code && x.pointer == d.pointer && x.message == d.message;
            assert!(!after.diagnostics.iter().any(same), "{path}: {} `{}` survives its fix:\n{fixed}", d.rule.code, d.message);
            assert!(!after.diagnostics.iter().any(|x| x.rule.code == "CKS001"), "{path}: {} fix breaks the syntax:\n{fixed}", d.rule.code);
            if d.fix.as_ref().map(|f| f.applicability) == Some(Applicability::Safe) {
                safe += 1;
                let errors = |r: &FileResult| r.diagnostics.iter().filter(|x| x.severity == Severity::Error).count();
                assert!(
                    errors(&after) <= errors(&before),
                    "{path}: safe {} fix adds an error:\n{fixed}\n{:#?}",
                    d.rule.code,
                    after.diagnostics
                );
            }
        }
    }
    assert!(fixes > 35 && safe > 25, "{fixes} fixes, {safe} safe");
}
