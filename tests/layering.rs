//! The direction of the layers: the front-ends (`src/main.rs`, `src/cli/`, `src/server/`)
//! are the binary's modules and use the library; no library module names them, and the
//! library never prints (front-ends own stdout and stderr).

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The library's source files, as paths relative to `src/` with `/` separators.
fn library_files() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut out: Vec<(String, String)> = files
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{rel}: {e}"));
            (rel, text)
        })
        .filter(|(rel, _)| !(rel == "main.rs" || rel.starts_with("cli/") || rel.starts_with("server/")))
        .collect();
    out.sort();
    out
}

/// The code of a file without its comments and string literals' contents would be more
/// exact; names of the front-ends never appear in the library's prose either, so the
/// text is checked line by line, doc comments included.
fn offending_lines(text: &str, needles: &[&str]) -> Vec<(usize, String)> {
    text.lines().enumerate().filter(|(_, l)| needles.iter().any(|n| l.contains(n))).map(|(i, l)| (i + 1, l.trim().to_string())).collect()
}

#[test]
fn no_library_module_names_a_front_end() {
    let files = library_files();
    assert!(files.iter().any(|(f, _)| f == "lib.rs") && files.iter().any(|(f, _)| f == "pipeline.rs"), "src/ was read");
    let needles = ["crate::cli", "crate::server", "ckslint::cli", "ckslint::server", "mod cli", "mod server"];
    let mut bad = Vec::new();
    for (file, text) in &files {
        for (line, l) in offending_lines(text, &needles) {
            bad.push(format!("src/{file}:{line}: {l}"));
        }
    }
    assert!(bad.is_empty(), "the library names a front-end:\n{}", bad.join("\n"));
}

#[test]
fn the_library_never_prints() {
    let needles = ["println!", "print!(", "eprintln!", "eprint!(", "std::io::stdout", "std::io::stderr", "dbg!("];
    let mut bad = Vec::new();
    for (file, text) in library_files() {
        // Unit tests may print.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        for (line, l) in offending_lines(code, &needles) {
            bad.push(format!("src/{file}:{line}: {l}"));
        }
    }
    assert!(bad.is_empty(), "the library prints:\n{}", bad.join("\n"));
}

#[test]
fn the_front_ends_are_modules_of_the_binary() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let main = std::fs::read_to_string(root.join("main.rs")).expect("src/main.rs");
    let lib = std::fs::read_to_string(root.join("lib.rs")).expect("src/lib.rs");
    assert!(main.lines().any(|l| l.trim() == "mod cli;"), "src/main.rs declares `mod cli;`");
    assert!(!lib.lines().any(|l| l.trim_start().starts_with("pub mod cli") || l.trim_start().starts_with("mod cli")));
}
