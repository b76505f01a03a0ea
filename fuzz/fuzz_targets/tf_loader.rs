#![no_main]
//! The Terraform configuration loader (SPEC §6): the HCL parse, each
//! `resource "coreweave_cks_cluster"` mapped to a request document, the Terraform rules,
//! then the whole lint of the input as a `.tf` file (fixes diffed) and every output format.
//! The path is in a directory that does not exist, so no other file is ever read.
//! Seeds: the configuration fixtures (`corpus-seeds/tf-*.tf`), so mutations stay HCL-shaped.
use ckslint::output;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let parsed = ckslint::terraform::config::load(None, text, 0, false);
    for d in &parsed.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= text.len(), "{} span outside input", d.rule.code);
        assert!(text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end), "{} span splits a character", d.rule.code);
    }
    let config = ckslint::config::RunConfig::isolated();
    let source = ckslint::pipeline::Source::new("/nonexistent-ckslint-fuzz/main.tf", data);
    let file = ckslint::pipeline::check(&[source], &config, ckslint::pipeline::FixMode::Diff).remove(0);
    for d in &file.diagnostics {
        assert!(d.span.start <= d.span.end && d.span.end <= file.source.len(), "{} span outside input", d.rule.code);
        assert!(file.source.is_char_boundary(d.span.start) && file.source.is_char_boundary(d.span.end), "{} span splits a character", d.rule.code);
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
