//! Which files a run lints (SPEC §2): named paths always; under a directory, request
//! files only, skipping hidden entries and `.gitignore`d paths.

use std::path::{Path, PathBuf};

/// One input of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input, shown as this path.
    Stdin(String),
    /// A file. `named` is true when it was given on the command line (always linted).
    File { name: FileName, named: bool },
}

impl Input {
    pub fn display(&self) -> &str {
        match self {
            Input::Stdin(d) => d,
            Input::File { name, .. } => name.display(),
        }
    }
}

/// A file's path and its display form ([`display_path`]) in one allocation where they
/// share their text (a UTF-8 path without backslashes: the display form is the path
/// without its leading `./`). A run keeps one per file, so this is most of a 100,000-file
/// run's memory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    /// The path's text, or the display form when `raw` holds the path.
    text: Box<str>,
    /// Where the display form starts in `text`.
    from: u32,
    raw: Option<Box<Path>>,
}

impl FileName {
    pub fn new(p: &Path) -> Self {
        if let Some(s) = p.to_str().filter(|s| !s.contains('\\')) {
            if let Ok(from) = u32::try_from(s.len() - without_dot_slash(s).len()) {
                return FileName { text: s.into(), from, raw: None };
            }
        }
        FileName { text: display_path(p).into(), from: 0, raw: Some(p.into()) }
    }

    pub fn path(&self) -> &Path {
        self.raw.as_deref().unwrap_or_else(|| Path::new(&*self.text))
    }

    pub fn display(&self) -> &str {
        &self.text[self.from as usize..]
    }
}

/// `/`-separated display form of a path, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    without_dot_slash(&p.to_string_lossy().replace('\\', "/")).to_string()
}

/// `s` without its leading `./` (repeated).
fn without_dot_slash(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s
}

fn is_lintable_extension(p: &Path) -> bool {
    matches!(p.extension().and_then(|e| e.to_str()).map(|e| e.to_ascii_lowercase()).as_deref(), Some("json" | "yaml" | "yml"))
}

/// Expand the command-line paths. Problems with named paths (missing, unreadable,
/// not a regular file) are returned as messages; the run goes on and exits 2.
pub fn collect(paths: &[PathBuf], stdin_name: Option<&str>) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin(stdin_name.map(|s| s.replace('\\', "/")).unwrap_or_else(|| "-".to_string())));
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                errors.push(format!("{}: {}", display_path(p), io_reason(&e)));
                continue;
            }
        };
        if meta.is_dir() {
            walk(p, &mut inputs, &mut errors);
        } else if meta.is_file() {
            inputs.push(Input::File { name: FileName::new(p), named: true });
        } else {
            errors.push(format!("{}: not a regular file (a FIFO, socket or device is not linted)", display_path(p)));
        }
    }
    // Stable order: named and walked files sorted by display path; stdin keeps its place first.
    inputs.sort_by(|a, b| a.display().cmp(b.display()));
    inputs.dedup_by(|a, b| a.display() == b.display());
    inputs.shrink_to_fit();
    (inputs, errors)
}

fn walk(root: &Path, inputs: &mut Vec<Input>, errors: &mut Vec<String>) {
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .git_global(false)
        .require_git(false)
        .parents(true)
        .ignore(false)
        .follow_links(false)
        .build();
    for entry in walker {
        match entry {
            Ok(e) => {
                let is_file = e.file_type().is_some_and(|t| t.is_file());
                if is_file && is_lintable_extension(e.path()) {
                    inputs.push(Input::File { name: FileName::new(e.path()), named: false });
                }
            }
            Err(e) => {
                // A loop or an unreadable directory: say so, keep walking.
                let msg = e.to_string();
                if !msg.contains("File system loop") {
                    errors.push(msg);
                }
            }
        }
    }
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_keep_the_path_and_show_the_display_form() {
        for (path, display, shared) in [
            ("a/b.json", "a/b.json", true),
            ("./a/b.json", "a/b.json", true),
            ("././c.yaml", "c.yaml", true),
            ("/abs/d.yml", "/abs/d.yml", true),
            ("dir\\e.json", "dir/e.json", false),
        ] {
            let n = FileName::new(Path::new(path));
            assert_eq!(n.path(), Path::new(path), "{path}");
            assert_eq!(n.display(), display, "{path}");
            assert_eq!(n.display(), display_path(Path::new(path)), "{path}");
            assert_eq!(n.raw.is_none(), shared, "{path}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_path_that_is_not_utf8_is_kept_as_is() {
        use std::os::unix::ffi::OsStrExt;
        let p = Path::new(std::ffi::OsStr::from_bytes(b"./x\xff.json"));
        let n = FileName::new(p);
        assert_eq!(n.path(), p);
        assert_eq!(n.display(), "x\u{fffd}.json");
    }
}
