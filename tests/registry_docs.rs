//! Every rule's documentation is complete, and its examples are true: the bad example
//! fires the rule, the good example does not.

use ckslint::registry::RULES;

#[test]
fn every_implemented_rule_is_documented() {
    for r in RULES.iter().filter(|r| r.implemented) {
        assert!(!r.what.trim().is_empty(), "{} has no `what`", r.code);
        assert!(!r.why.trim().is_empty(), "{} has no `why`", r.code);
        assert!(!r.bad.is_none(), "{} has no bad example", r.code);
        assert!(!r.good.is_none(), "{} has no good example", r.code);
        assert!(!r.summary.ends_with('.'), "{} summary ends with a period", r.code);
    }
}

#[test]
fn bad_examples_fire_and_good_examples_do_not() {
    let mut failures = Vec::new();
    for r in RULES.iter().filter(|r| r.implemented && !r.bad.is_none()) {
        let bad = &ckslint::lint_texts(&[(r.bad.path, r.bad.text)])[0];
        if !bad.diagnostics.iter().any(|d| d.rule.code == r.code) {
            let got: Vec<_> = bad.diagnostics.iter().map(|d| d.rule.code).collect();
            failures.push(format!("{}: bad example does not fire (got {got:?})", r.code));
        }
        let good = &ckslint::lint_texts(&[(r.good.path, r.good.text)])[0];
        if let Some(d) = good.diagnostics.iter().find(|d| d.rule.code == r.code) {
            failures.push(format!("{}: good example fires: {}", r.code, d.message));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn good_examples_are_clean_requests() {
    // A good example shows the corrected file: no errors from any rule.
    let mut failures = Vec::new();
    for r in RULES.iter().filter(|r| r.implemented && !r.good.is_none()) {
        let good = &ckslint::lint_texts(&[(r.good.path, r.good.text)])[0];
        let errors: Vec<_> = good
            .diagnostics
            .iter()
            .filter(|d| d.severity == ckslint::Severity::Error)
            .map(|d| format!("{} {}", d.rule.code, d.message))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{}: good example has errors: {errors:?}", r.code));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn messages_are_lower_case_without_trailing_period() {
    let mut failures = Vec::new();
    for r in RULES.iter().filter(|r| r.implemented && !r.bad.is_none()) {
        for f in ckslint::lint_texts(&[(r.bad.path, r.bad.text)]) {
            for d in &f.diagnostics {
                let first = d.message.chars().next().unwrap_or('a');
                if first.is_uppercase() || d.message.ends_with('.') {
                    failures.push(format!("{}: {:?}", d.rule.code, d.message));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
