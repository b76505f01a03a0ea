//! How paths are shown and I/O errors worded, for every front-end (the CLI's report, the
//! configuration's messages, the language server's).

use std::path::{Path, PathBuf};

/// `/`-separated display form of a path, without a leading `./`.
pub fn display_path(p: &Path) -> String {
    without_dot_slash(&p.to_string_lossy().replace('\\', "/")).to_string()
}

/// `s` without its leading `./` (repeated).
pub fn without_dot_slash(mut s: &str) -> &str {
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s
}

/// Why an I/O operation failed, in the words of a message (`no such file or directory`).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Resolve `.` and `..` lexically (no file-system access, so it works for paths that
/// do not exist and does not follow symlinks): `a/b/../c` → `a/c`.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_normal_forms() {
        assert_eq!(display_path(Path::new("././a\\b.json")), "a/b.json");
        assert_eq!(without_dot_slash("./x"), "x");
        assert_eq!(normalize(Path::new("a/./b/../c")), PathBuf::from("a/c"));
        assert_eq!(normalize(Path::new("../a")), PathBuf::from("../a"));
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(io_reason(&e), "no such file or directory");
    }
}
