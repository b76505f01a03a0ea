//! Which files a run lints (SPEC §2): named paths always; under a directory, request
//! files only, skipping hidden entries and `.gitignore`d paths.

use ckslint::paths::without_dot_slash;
pub use ckslint::paths::{display_path, io_reason};
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

/// A file's display form ([`display_path`]) and, where it is not the path's text (a path
/// that is not UTF-8, or has backslashes), the path itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileName {
    display: Box<str>,
    raw: Option<Box<Path>>,
}

impl FileName {
    #[cfg(test)]
    pub fn new(p: &Path) -> Self {
        match display_in_place(p) {
            Some(d) => FileName { display: d.into(), raw: None },
            None => FileName { display: display_path(p).into(), raw: Some(p.into()) },
        }
    }

    pub fn path(&self) -> &Path {
        self.raw.as_deref().unwrap_or_else(|| Path::new(&*self.display))
    }

    pub fn display(&self) -> &str {
        &self.display
    }
}

/// The display form of `p` as a slice of its text, when that names the same file (a UTF-8
/// path without backslashes: only a leading `./` goes).
fn display_in_place(p: &Path) -> Option<&str> {
    p.to_str().filter(|s| !s.contains('\\')).map(without_dot_slash)
}

/// Whether a syntax claims the file's extension (`.json`, `.yaml`, `.yml`).
fn is_lintable_extension(p: &Path) -> bool {
    p.extension().is_some_and(|e| ckslint::source::syntax::is_lintable_extension(e.as_encoded_bytes()))
}

/// The inputs of a run, sorted by display path, in a compact form: a run keeps this list
/// until its end, so a file costs 16 bytes and its name, not an allocation per path.
/// Files share the text of their directory (the display form up to the last `/`).
#[derive(Debug, Default)]
pub struct Inputs {
    heads: Vec<Head>,
    /// Directory heads already in `heads`.
    dirs: std::collections::HashMap<Box<str>, u32>,
    /// The files' names (the display form after the head), one after another.
    names: String,
    slots: Vec<Slot>,
}

/// What a file's display form starts with.
#[derive(Debug)]
enum Head {
    /// A directory's display form with its trailing `/` (or nothing): the path of a file
    /// is its display form.
    Dir(Box<str>),
    /// A whole path whose display form differs from its text (not UTF-8, or with
    /// backslashes); the slot's name is empty.
    Path { display: Box<str>, path: Box<Path> },
    /// Standard input, shown as this.
    Stdin(Box<str>),
}

#[derive(Clone, Copy, Debug)]
struct Slot {
    head: u32,
    start: u32,
    len: u32,
    named: bool,
}

impl Inputs {
    pub fn len(&self) -> usize {
        self.slots.len()
    }

    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    /// Input number `i` (in output order).
    pub fn get(&self, i: usize) -> Input {
        let slot = self.slots[i];
        let (head, name) = self.parts(slot);
        let file =
            |display: String, raw: Option<Box<Path>>| Input::File { name: FileName { display: display.into(), raw }, named: slot.named };
        match &self.heads[slot.head as usize] {
            Head::Dir(_) => file(format!("{head}{name}"), None),
            Head::Path { display, path } => file(display.to_string(), Some(path.clone())),
            Head::Stdin(d) => Input::Stdin(d.to_string()),
        }
    }

    /// The display form of input number `i`.
    pub fn display(&self, i: usize) -> String {
        let (head, name) = self.parts(self.slots[i]);
        format!("{head}{name}")
    }

    /// Compare the display form of input number `i` with `other`.
    pub fn cmp_display(&self, i: usize, other: &str) -> std::cmp::Ordering {
        let (head, name) = self.parts(self.slots[i]);
        cmp_joined((head, name), (other, ""))
    }

    fn parts(&self, slot: Slot) -> (&str, &str) {
        let head = match &self.heads[slot.head as usize] {
            Head::Dir(d) => d,
            Head::Path { display, .. } => display,
            Head::Stdin(d) => d,
        };
        (head, &self.names[slot.start as usize..(slot.start + slot.len) as usize])
    }

    fn push_head(&mut self, head: Head) -> u32 {
        self.heads.push(head);
        u32::try_from(self.heads.len() - 1).unwrap_or(u32::MAX)
    }

    fn push(&mut self, head: u32, name: &str, named: bool) {
        match (u32::try_from(self.names.len()), u32::try_from(name.len())) {
            (Ok(start), Ok(len)) => {
                self.names.push_str(name);
                self.slots.push(Slot { head, start, len, named });
            }
            _ => {
                // Past 4 GiB of names: the file gets a head of its own.
                let (dir, _) = self.parts(Slot { head, start: 0, len: 0, named });
                let display = format!("{dir}{name}");
                let path = Path::new(&display).into();
                let head = self.push_head(Head::Path { display: display.into(), path });
                self.push_whole(head, named);
            }
        }
    }

    /// A slot for a head that is the whole display form.
    fn push_whole(&mut self, head: u32, named: bool) {
        let start = u32::try_from(self.names.len()).unwrap_or(u32::MAX);
        self.slots.push(Slot { head, start, len: 0, named });
    }

    fn push_stdin(&mut self, display: String) {
        let head = self.push_head(Head::Stdin(display.into()));
        self.push_whole(head, true);
    }

    /// Add the file at `p` unless `keep` (given its display form and whether it was named)
    /// says no.
    fn push_file(&mut self, p: &Path, named: bool, keep: &dyn Fn(&str, bool) -> bool) {
        match display_in_place(p) {
            Some(display) => {
                if !keep(display, named) {
                    return;
                }
                let cut = display.rfind('/').map_or(0, |i| i + 1);
                let (dir, name) = display.split_at(cut);
                // Files come a directory at a time: most share the last file's head.
                let last = self.slots.last().map(|s| s.head as usize);
                let head = match last.map(|h| &self.heads[h]) {
                    Some(Head::Dir(d)) if **d == *dir => self.slots[self.slots.len() - 1].head,
                    _ => match self.dirs.get(dir) {
                        Some(&h) => h,
                        None => {
                            let h = self.push_head(Head::Dir(dir.into()));
                            self.dirs.insert(dir.into(), h);
                            h
                        }
                    },
                };
                self.push(head, name, named);
            }
            None => {
                let display = display_path(p);
                if !keep(&display, named) {
                    return;
                }
                let head = self.push_head(Head::Path { display: display.into(), path: p.into() });
                self.push_whole(head, named);
            }
        }
    }

    /// Sort by display form and drop repeats (a named one is kept, else the first given).
    fn finish(&mut self) {
        let mut slots = std::mem::take(&mut self.slots);
        // Files of one directory share a head: their names decide. A file both named and
        // found by walking is kept as named (always linted); other ties keep the first
        // added (`start` and `head` only grow).
        let by_display = |a: &Slot, b: &Slot| {
            if a.head == b.head {
                self.parts(*a).1.cmp(self.parts(*b).1)
            } else {
                cmp_joined(self.parts(*a), self.parts(*b))
            }
        };
        slots.sort_unstable_by(|a, b| by_display(a, b).then(b.named.cmp(&a.named)).then(a.start.cmp(&b.start)).then(a.head.cmp(&b.head)));
        slots.dedup_by(|b, a| by_display(a, b).is_eq());
        slots.shrink_to_fit();
        self.slots = slots;
        self.names.shrink_to_fit();
        self.dirs = Default::default();
    }
}

/// Compare `a.0 + a.1` with `b.0 + b.1` without joining them.
fn cmp_joined(a: (&str, &str), b: (&str, &str)) -> std::cmp::Ordering {
    if a.0 == b.0 {
        return a.1.cmp(b.1);
    }
    // Compare the heads as far as the shorter goes, then go on with what is left of
    // each (a slice compare: sorting a run's inputs compares often).
    let n = a.0.len().min(b.0.len());
    match a.0.as_bytes()[..n].cmp(&b.0.as_bytes()[..n]) {
        std::cmp::Ordering::Equal => {}
        other => return other,
    }
    // One head is a prefix of the other: the shorter one's name goes on against the
    // rest of the longer head, then its name.
    let (x, y) = (&a.0.as_bytes()[n..], &b.0.as_bytes()[n..]);
    if x.is_empty() {
        cmp_bytes_joined(a.1.as_bytes(), (y, b.1.as_bytes()))
    } else {
        cmp_bytes_joined(b.1.as_bytes(), (x, a.1.as_bytes())).reverse()
    }
}

/// `a` against `b.0 + b.1`.
fn cmp_bytes_joined(a: &[u8], b: (&[u8], &[u8])) -> std::cmp::Ordering {
    let n = a.len().min(b.0.len());
    match a[..n].cmp(&b.0[..n]) {
        std::cmp::Ordering::Equal if n == b.0.len() => a[n..].cmp(b.1),
        std::cmp::Ordering::Equal => std::cmp::Ordering::Less, // `a` ends inside `b.0`
        other => other,
    }
}

/// Expand the command-line paths into the run's inputs, keeping those `keep` accepts
/// (given a display form and whether the path was named). Problems with named paths
/// (missing, unreadable, not a regular file) are returned as messages; the run goes on and
/// exits 2.
pub fn collect(paths: &[PathBuf], stdin_name: Option<&str>, keep: &dyn Fn(&str, bool) -> bool) -> (Inputs, Vec<String>) {
    let mut inputs = Inputs::default();
    let mut errors = Vec::new();
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    for p in paths {
        if p.as_os_str() == "-" {
            let display = stdin_name.map(|s| s.replace('\\', "/")).unwrap_or_else(|| "-".to_string());
            if keep(&display, true) {
                inputs.push_stdin(display);
            }
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
            walk(p, &mut inputs, &mut errors, keep);
        } else if meta.is_file() {
            inputs.push_file(p, true, keep);
        } else {
            errors.push(format!("{}: not a regular file (a FIFO, socket or device is not linted)", display_path(p)));
        }
    }
    // Stable order: named and walked files (and standard input) sorted by display path.
    inputs.finish();
    (inputs, errors)
}

fn walk(root: &Path, inputs: &mut Inputs, errors: &mut Vec<String>, keep: &dyn Fn(&str, bool) -> bool) {
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
                    inputs.push_file(e.path(), false, keep);
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
            let same_file = if shared { Path::new(display) } else { Path::new(path) };
            assert_eq!(n.path(), same_file, "{path}");
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

#[cfg(test)]
mod inputs_tests {
    use super::*;

    fn inputs(paths: &[&str], keep: &dyn Fn(&str, bool) -> bool) -> Inputs {
        let mut inputs = Inputs::default();
        for (k, p) in paths.iter().enumerate() {
            if *p == "-" {
                inputs.push_stdin("-".into());
            } else {
                inputs.push_file(Path::new(p), k % 2 == 0, keep);
            }
        }
        inputs.finish();
        inputs
    }

    #[test]
    fn inputs_sort_by_the_whole_display_form_and_drop_repeats() {
        // A directory's files are not together in path order: `a-c` sorts between `a/b`'s
        // head and name only if heads and names are compared as one string.
        let paths = [
            "./a/x.json",
            "a-b.json",
            "a/y.json",
            "a/xa/z.json",
            "b.yaml",
            "./a/x.json",
            "a/x.json",
            "-",
            "/abs/q.yml",
            "dir\\e.json",
            "a.json",
        ];
        let got = inputs(&paths, &|_, _| true);
        let mut want: Vec<String> = paths.iter().map(|p| if *p == "-" { "-".to_string() } else { display_path(Path::new(p)) }).collect();
        want.sort();
        want.dedup();
        let shown: Vec<String> = (0..got.len()).map(|i| got.display(i)).collect();
        assert_eq!(shown, want);
        for (i, w) in want.iter().enumerate() {
            assert_eq!(got.get(i).display(), w);
            assert!(got.cmp_display(i, w).is_eq());
            assert!(got.cmp_display(i, &format!("{w}0")).is_lt());
        }
        // Of repeated paths, a named one is kept, whatever the order they came in.
        for order in [[false, true], [true, false]] {
            let mut both = Inputs::default();
            for named in order {
                both.push_file(Path::new("./a/x.json"), named, &|_, _| true);
            }
            both.finish();
            assert_eq!(both.len(), 1);
            assert_eq!(both.get(0), Input::File { name: FileName::new(Path::new("a/x.json")), named: true });
        }
        assert_eq!(got.get(shown.iter().position(|s| s == "-").unwrap()), Input::Stdin("-".into()));
        let Input::File { name, .. } = got.get(shown.iter().position(|s| s == "dir/e.json").unwrap()) else { panic!() };
        assert_eq!(name.path(), Path::new("dir\\e.json"));
    }

    #[test]
    fn joined_comparison_is_the_comparison_of_the_joined_strings() {
        let parts = ["", "a", "a/", "a/b", "ab", "b", "a-", "a/b/", "/"];
        for a0 in parts {
            for a1 in parts {
                for b0 in parts {
                    for b1 in parts {
                        let want = format!("{a0}{a1}").cmp(&format!("{b0}{b1}"));
                        assert_eq!(cmp_joined((a0, a1), (b0, b1)), want, "{a0:?}+{a1:?} vs {b0:?}+{b1:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn inputs_keep_only_what_the_filter_accepts() {
        let got = inputs(&["keep/a.json", "skip/b.json", "keep/c.json"], &|d, named| d.starts_with("keep/") && named);
        assert_eq!((0..got.len()).map(|i| got.display(i)).collect::<Vec<_>>(), ["keep/a.json", "keep/c.json"]);
        assert!(inputs(&[], &|_, _| true).is_empty());
    }
}
