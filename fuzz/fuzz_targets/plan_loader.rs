#![no_main]
//! The Terraform plan reader (SPEC §7): the lazy JSON scan, the cluster entries built from
//! it, the change rules, sensitive masking, and every output format of the whole lint.
//! Seeds: the plan fixtures (`corpus-seeds/plan-*.json`), so mutations stay plan-shaped.
use ckslint::output;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(loaded) = ckslint::terraform::plan::from_text(text) {
        for d in &loaded.parsed.diagnostics {
            assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{}", d.rule.code);
        }
        for s in &loaded.sensitive {
            assert!(s.span.start <= s.span.end && s.span.end <= text.len(), "sensitive span outside input");
        }
    }
    let config = ckslint::config::RunConfig::isolated();
    let source = ckslint::pipeline::Source::new("plan.json", data);
    let file = ckslint::pipeline::check(&[source], &config, ckslint::pipeline::FixMode::Diff).remove(0);
    for d in &file.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= data.len(), "{} span outside input", d.rule.code);
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{} span splits a character", d.rule.code);
        let plan = file.format == ckslint::terraform::plan::FORMAT;
        assert!(!plan || d.fix.is_none(), "{}: a fix on a plan", d.rule.code);
    }
    let files = [file];
    let mut out = String::new();
    output::json::render(&files, &mut out);
    assert!(serde_json::from_str::<serde_json::Value>(&out).is_ok());
    out.clear();
    output::sarif::render(&files, &mut out);
    output::concise::render(&files, &mut out);
    output::github::render(&files, &mut out);
    output::human::render_file(&files[0], output::human::Style::PLAIN, &mut out);
});
