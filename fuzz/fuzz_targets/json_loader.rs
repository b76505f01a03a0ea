#![no_main]
//! The strict JSON loader: never panics; every span lies inside the input.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let parsed = ckslint::source::parse(text, ckslint::source::Format::Json);
        for d in &parsed.diagnostics {
            assert!(d.span.end <= text.len() && text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end));
        }
    }
});
