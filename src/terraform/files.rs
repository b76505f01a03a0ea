//! Reading the files a configuration names (`filebase64(…)`, `file(…)`), only inside
//! the tree being linted (SPEC §6, issue 14 item 7): a pull request must not make the
//! linter print a CI runner's secrets.

use std::path::{Component, Path, PathBuf};

/// Why a named file was not read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    Absolute,
    Escapes,
    Symlink,
    TooLarge { size: u64, limit: usize },
    Unreadable(String),
}

impl Refusal {
    /// Lower-case reason for a message.
    pub fn reason(&self) -> String {
        match self {
            Refusal::Absolute => "it is an absolute path".into(),
            Refusal::Escapes => "it leaves the directory tree being linted".into(),
            Refusal::Symlink => "a symbolic link leads out of the directory tree being linted".into(),
            Refusal::TooLarge { size, limit } => format!("it is {size} bytes, over the limit of {limit} bytes"),
            Refusal::Unreadable(e) => format!("it cannot be read ({e})"),
        }
    }
}

/// The root a configuration's files may come from: the nearest ancestor of `dir` (itself
/// included) holding `.git`, `.ckslint.yaml` or `.ckslint.yml`; `dir` when there is none.
pub fn tree_root(dir: &Path) -> PathBuf {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let mut at = Some(start.as_path());
    while let Some(d) = at {
        if [".git", ".ckslint.yaml", ".ckslint.yml"].iter().any(|m| d.join(m).exists()) {
            return d.to_path_buf();
        }
        at = d.parent();
    }
    start
}

/// Read `written` (the path as the configuration writes it, relative to `dir`, the
/// configuration's directory) when it stays inside [`tree_root`] of `dir` and is at most
/// `limit` bytes.
pub fn read_inside(dir: &Path, written: &str, limit: usize) -> Result<Vec<u8>, Refusal> {
    let rel = Path::new(written);
    if rel.is_absolute()
        || written.starts_with('~')
        || written.starts_with('\\')
        || rel.components().any(|c| matches!(c, Component::Prefix(_)))
    {
        return Err(Refusal::Absolute);
    }
    let root = tree_root(dir);
    let base = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    // Lexically first: `..` that climbs above the root is refused whatever exists there.
    let mut lexical = base.clone();
    for c in rel.components() {
        match c {
            Component::ParentDir if !lexical.pop() || !lexical.starts_with(&root) => return Err(Refusal::Escapes),
            Component::ParentDir => {}
            Component::Normal(p) => lexical.push(p),
            _ => {}
        }
    }
    if !lexical.starts_with(&root) {
        return Err(Refusal::Escapes);
    }
    let real = base.join(rel).canonicalize().map_err(|e| Refusal::Unreadable(crate::paths::io_reason(&e)))?;
    if !real.starts_with(&root) {
        return Err(Refusal::Symlink);
    }
    let meta = std::fs::metadata(&real).map_err(|e| Refusal::Unreadable(crate::paths::io_reason(&e)))?;
    if !meta.is_file() {
        return Err(Refusal::Unreadable("not a regular file".into()));
    }
    if meta.len() > limit as u64 {
        return Err(Refusal::TooLarge { size: meta.len(), limit });
    }
    std::fs::read(&real).map_err(|e| Refusal::Unreadable(crate::paths::io_reason(&e)))
}

/// The display path of `written` next to the file displayed as `beside`: `tf/main.tf` and
/// `./audit.yaml` give `tf/audit.yaml` (lexically; `..` folded where it can be).
pub fn display_beside(beside: &str, written: &str) -> String {
    let dir = beside.rsplit_once('/').map_or("", |(d, _)| d);
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    for p in written.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." if parts.last().is_some_and(|l| *l != "..") => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    // An absolute configuration path (`check /srv/infra`) keeps its root.
    let root = if beside.starts_with('/') { "/" } else { "" };
    format!("{root}{}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_paths() {
        assert_eq!(display_beside("tf/main.tf", "./audit.yaml"), "tf/audit.yaml");
        assert_eq!(display_beside("main.tf", "audit.yaml"), "audit.yaml");
        assert_eq!(display_beside("a/b/main.tf", "../p/x.yaml"), "a/p/x.yaml");
        assert_eq!(display_beside("/srv/tf/main.tf", "terraform.tfvars"), "/srv/tf/terraform.tfvars");
    }
}
