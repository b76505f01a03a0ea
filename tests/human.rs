//! Snapshots of the rendered human output (no colour, width 100, no hyperlinks) for the
//! input rules and the report layout; each rule family snapshots its own diagnostics.

fn render(path: &str, text: &str) -> String {
    let files = ckslint::lint_texts(&[(path, text)]);
    ckslint::output::human::render_plain(&files[0])
}

#[test]
fn syntax_error_points_where_the_parser_stopped() {
    insta::assert_snapshot!(render("broken.json", "{\"name\": \"a\",\n  \"zone\": }\n"));
}

#[test]
fn trailing_comma_after_multibyte_text() {
    insta::assert_snapshot!(render("comma.json", "{\"name\": \"naïve-ñ\",\n \"zone\": \"ZÜ\",\n}\n"));
}

#[test]
fn duplicate_key_labels_the_first() {
    insta::assert_snapshot!(render("dup.json", "{\n  \"name\": \"a\",\n  \"name\": \"b\"\n}\n"));
}

#[test]
fn utf16_file() {
    let bytes: Vec<u8> = [0xFF, 0xFE].into_iter().chain("{}".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let f = ckslint::lint_bytes("u16.json", &bytes, &ckslint::Settings::default());
    insta::assert_snapshot!(ckslint::output::human::render_plain(&f));
}

#[test]
fn long_lines_fall_back_to_a_location() {
    let text = format!("{{\"a\": \"{}\", \"b\": 1,}}", "x".repeat(2000));
    insta::assert_snapshot!(render("long.json", &text));
}

#[test]
fn summary_lines() {
    use ckslint::output::Summary;
    let s = Summary { files: 3, documents: 4, errors: 1, warnings: 2, infos: 0, fixable: 1 };
    assert_eq!(s.line(), "Found 1 error, 2 warnings and 0 infos (3 files checked); 1 fixable with `ckslint check --fix`.");
    let s = Summary { files: 1, ..Default::default() };
    assert_eq!(s.line(), "All clear: no problems found (1 file checked).");
}
