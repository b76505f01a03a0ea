//! Generated documentation stays in step with the registry: the README's rule table and
//! docs/rules.md are generated from the rule declarations. Regenerate with
//! `UPDATE_DOCS=1 cargo test --test docs`.

use ckslint::registry::RULES;
use std::path::PathBuf;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const AREAS: &[(&str, &str)] = &[
    ("CKS0", "Input"),
    ("CKS1", "Structure (embedded JSON Schema)"),
    ("CKS20", "Identity and placement"),
    ("CKS21", "Network"),
    ("CKS22", "Server certificate"),
    ("CKS23", "Audit policy"),
    ("CKS24", "Kubelet"),
    ("CKS25", "Authentication"),
    ("CKS3", "Security posture"),
    ("CKS4", "Across documents"),
    ("CKS5", "Terraform"),
    ("CKS9", "Suppressions"),
];

fn rules_table() -> String {
    let mut s = String::new();
    for (prefix, title) in AREAS {
        s.push_str(&format!("\n#### {title}\n\n| code | name | default | fires when | fix |\n|---|---|---|---|---|\n"));
        for r in RULES.iter().filter(|r| r.code.starts_with(prefix)) {
            let fix = if r.fix.is_some() { "yes" } else { "" };
            let status = if r.implemented { "" } else { " *(not yet implemented)*" };
            s.push_str(&format!(
                "| {} | `{}` | {} | {}{} | {} |\n",
                r.code,
                r.name,
                r.severity,
                r.summary.replace('|', "\\|"),
                status,
                fix
            ));
        }
    }
    s
}

fn rules_doc() -> String {
    let mut s = String::from("# ckslint rules\n\nGenerated from the rule declarations (`UPDATE_DOCS=1 cargo test --test docs`); `ckslint explain CODE` prints the same text.\n");
    for r in RULES {
        s.push_str("\n---\n\n```text\n");
        s.push_str(&ckslint::docs::explain_text(r));
        s.push_str("```\n");
    }
    s
}

fn check_or_update(path: PathBuf, expected: String) {
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != expected {
        if std::env::var_os("UPDATE_DOCS").is_some() {
            std::fs::write(&path, expected).expect("write docs");
        } else {
            panic!("{} is out of date; run `UPDATE_DOCS=1 cargo test --test docs`", path.display());
        }
    }
}

#[test]
fn readme_rule_table_is_current() {
    let path = root().join("README.md");
    let readme = std::fs::read_to_string(&path).expect("README.md");
    let (start, end) = ("<!-- rules-table -->", "<!-- /rules-table -->");
    let head = readme.split(start).next().expect("marker");
    let tail = readme.split(end).nth(1).unwrap_or("\n");
    let expected = format!("{head}{start}\n{}{end}{tail}", rules_table());
    check_or_update(path, expected);
}

#[test]
fn rules_doc_is_current() {
    check_or_update(root().join("docs/rules.md"), rules_doc());
}
