//! Rule documentation, owned by the registry's declarations: the text `ckslint explain`
//! prints (and `docs/rules.md` is generated from), SARIF help, and Markdown for an
//! editor's hover.

use crate::registry::Rule;

/// The rule's documentation as text (also used to generate docs).
pub fn explain_text(r: &Rule) -> String {
    render(r, Markup::Text)
}

/// The rule's documentation as Markdown (an editor's hover, a code description page):
/// the same sections as [`explain_text`], examples in fenced blocks of their syntax.
pub fn explain_markdown(r: &Rule) -> String {
    render(r, Markup::Markdown)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Markup {
    Text,
    Markdown,
}

/// One set of sections, two markups: what differs is only how a heading, a path and an
/// example are written.
fn render(r: &Rule, m: Markup) -> String {
    let md = m == Markup::Markdown;
    let mut s = if md {
        format!("**{}** `{}` — {} (default)\n\n", r.code, r.name, r.severity)
    } else {
        format!("{} {}\n\nSeverity: {} (default)\n", r.code, r.name, r.severity)
    };
    if !r.implemented {
        s.push_str(if md { "*Not yet implemented.*\n\n" } else { "Status: not yet implemented\n" });
    }
    s.push_str(&format!("Fires when: {}\n", r.summary));
    let mut section = |title: &str, body: &str| {
        if md {
            s.push_str(&format!("\n### {title}\n\n{body}\n"));
        } else {
            s.push_str(&format!("\n{title}\n{body}\n"));
        }
    };
    let path = |p: &str| if md { format!("`{p}`") } else { p.to_string() };
    let example = |p: &str, text: &str| {
        if md {
            let lang = crate::source::Format::detect(p, text.as_bytes()).name();
            format!("```{lang}\n{}\n```", text.trim_end_matches('\n'))
        } else {
            text.trim_end_matches('\n').lines().map(|l| format!("    {l}")).collect::<Vec<_>>().join("\n")
        }
    };
    if !r.what.is_empty() {
        section("What it does", r.what.trim());
    }
    if !r.why.is_empty() {
        section("Why it matters", r.why.trim());
    }
    if !r.bad.is_none() {
        section(&format!("Example ({}, fails)", path(r.bad.path)), &example(r.bad.path, r.bad.text));
    }
    if !r.good.is_none() {
        section(&format!("Use instead ({})", path(r.good.path)), &example(r.good.path, r.good.text));
    }
    if let Some(f) = r.fix {
        section("Fix", f);
    }
    let config = if md { "`.ckslint.yaml`" } else { ".ckslint.yaml" };
    s.push_str(&format!("\nSilence it: `--ignore {}`, or in {config} `ignore: [{}]`.\n", r.code, r.code));
    s
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
