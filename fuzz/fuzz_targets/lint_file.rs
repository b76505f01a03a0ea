#![no_main]
//! The whole lint of one file (both formats; audit-policy decoding included) and every
//! output format rendered from it.
use ckslint::output;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let config = ckslint::config::RunConfig::isolated();
    for name in ["f.json", "f.yaml"] {
        // The library pipeline every front-end calls (fixes from the findings that remain).
        let source = ckslint::pipeline::Source::new(name, data);
        let file = ckslint::pipeline::check(&[source], &config, ckslint::pipeline::FixMode::Diff).remove(0);
        let text = std::str::from_utf8(data).ok();
        for d in &file.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= data.len(), "{} span outside input", d.rule.code);
            if let Some(t) = text {
                assert!(t.is_char_boundary(d.span.start) && t.is_char_boundary(d.span.end), "{} span splits a character", d.rule.code);
            }
            for l in d.labels.iter().filter(|l| l.path.is_none()) {
                assert!(l.span.start <= l.span.end && l.span.end <= data.len(), "{} label outside input", d.rule.code);
            }
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
    }
});
