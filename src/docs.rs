//! Rule documentation, owned by the registry's declarations: the text `ckslint explain`
//! prints (and `docs/rules.md` is generated from), SARIF help, and Markdown for an
//! editor's hover.

use crate::registry::Rule;

/// The rule's documentation as text (also used to generate docs).
pub fn explain_text(r: &Rule) -> String {
    let mut s = format!("{} {}\n\nSeverity: {} (default)\n", r.code, r.name, r.severity);
    if !r.implemented {
        s.push_str("Status: not yet implemented\n");
    }
    s.push_str(&format!("Fires when: {}\n", r.summary));
    if !r.what.is_empty() {
        s.push_str(&format!("\nWhat it does\n{}\n", r.what.trim()));
    }
    if !r.why.is_empty() {
        s.push_str(&format!("\nWhy it matters\n{}\n", r.why.trim()));
    }
    if !r.bad.is_none() {
        s.push_str(&format!("\nExample ({}, fails)\n{}\n", r.bad.path, indent(r.bad.text)));
    }
    if !r.good.is_none() {
        s.push_str(&format!("\nUse instead ({})\n{}\n", r.good.path, indent(r.good.text)));
    }
    if let Some(f) = r.fix {
        s.push_str(&format!("\nFix\n{f}\n"));
    }
    s.push_str(&format!("\nSilence it: `--ignore {}`, or in .ckslint.yaml `ignore: [{}]`.\n", r.code, r.code));
    s
}

/// The rule's documentation as Markdown (an editor's hover, a code description page):
/// the same sections as [`explain_text`], examples in fenced blocks of their syntax.
pub fn explain_markdown(r: &Rule) -> String {
    let mut s = format!("**{}** `{}` — {} (default)\n\n", r.code, r.name, r.severity);
    if !r.implemented {
        s.push_str("*Not yet implemented.*\n\n");
    }
    s.push_str(&format!("Fires when: {}\n", r.summary));
    if !r.what.is_empty() {
        s.push_str(&format!("\n### What it does\n\n{}\n", r.what.trim()));
    }
    if !r.why.is_empty() {
        s.push_str(&format!("\n### Why it matters\n\n{}\n", r.why.trim()));
    }
    let fence = |path: &str, text: &str| {
        let lang = crate::source::Format::detect(path, text.as_bytes()).name();
        format!("```{lang}\n{}\n```", text.trim_end_matches('\n'))
    };
    if !r.bad.is_none() {
        s.push_str(&format!("\n### Example (`{}`, fails)\n\n{}\n", r.bad.path, fence(r.bad.path, r.bad.text)));
    }
    if !r.good.is_none() {
        s.push_str(&format!("\n### Use instead (`{}`)\n\n{}\n", r.good.path, fence(r.good.path, r.good.text)));
    }
    if let Some(f) = r.fix {
        s.push_str(&format!("\n### Fix\n\n{f}\n"));
    }
    s.push_str(&format!("\nSilence it: `--ignore {}`, or in `.ckslint.yaml` `ignore: [{}]`.\n", r.code, r.code));
    s
}

fn indent(text: &str) -> String {
    text.trim_end_matches('\n').lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_has_the_sections_and_fenced_examples() {
        let r = &crate::rules::cross::DUPLICATE_CLUSTER_NAME;
        let md = explain_markdown(r);
        assert!(md.starts_with("**CKS401** `duplicate-cluster-name` — warning (default)\n\n"), "{md}");
        assert!(md.contains("\n### Example (`") && md.contains("```yaml\nname: prod-east\n"), "{md}");
        assert!(explain_text(r).starts_with("CKS401 duplicate-cluster-name\n\nSeverity: warning (default)\n"));
    }
}
