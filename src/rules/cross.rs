//! Cross-document rules (CKS4xx): checks over every document of a run.

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::lint::{FileResult, Settings};
use crate::registry::{Example, Rule};
use crate::source::lines::Position;
use crate::source::Span;
use std::collections::HashMap;

pub static DUPLICATE_CLUSTER_NAME: Rule = Rule {
    code: "CKS401",
    name: "duplicate-cluster-name",
    severity: Severity::Warning,
    summary: "two linted documents request the same cluster name (labels on both)",
    what: "Collects the `name` of every request document linted in one run — across all files and \
across the documents of a YAML stream — and flags each document whose name another document also requests. \
Each finding labels the other place (file, line and column).",
    why: "Cluster names are unique within an organization: the second create request fails with \
AlreadyExists, usually long after the copy-and-paste that caused it. Two files requesting the same \
name is almost always a cluster definition copied without renaming.",
    bad: Example::yaml(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n---\nname: prod-east\nzone: US-WEST-09B\nvpcId: 4a1d3b0f-2e3c-4d6f-8a8b-1c2d3e4f5061\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n",
    ),
    good: Example::yaml(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n---\nname: prod-west\nzone: US-WEST-09B\nvpcId: 4a1d3b0f-2e3c-4d6f-8a8b-1c2d3e4f5061\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n",
    ),
    fix: None,
    implemented: true,
};

/// The most other places one CKS401 finding labels.
const MAX_LABELS: usize = 5;

/// One document's request for a name, with the positions a label in another file needs.
/// Kept for every document of a run, so in 32 bits a field (files are at most 16 MiB).
#[derive(Clone, Debug)]
struct Place {
    file: u32,
    document: u32,
    span: [u32; 2],
    start: [u32; 2],
    end: [u32; 2],
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl Place {
    fn new(file: usize, document: usize, span: Span, start: Position, end: Position) -> Self {
        Place {
            file: small(file),
            document: small(document),
            span: [small(span.start), small(span.end)],
            start: [small(start.line), small(start.column)],
            end: [small(end.line), small(end.column)],
        }
    }
    fn file(&self) -> usize {
        self.file as usize
    }
    fn document(&self) -> usize {
        self.document as usize
    }
    fn span(&self) -> Span {
        Span::new(self.span[0] as usize, self.span[1] as usize)
    }
    fn positions(&self) -> (Position, Position) {
        let at = |p: [u32; 2]| Position { line: p[0] as usize, column: p[1] as usize };
        (at(self.start), at(self.end))
    }
}

/// Every cluster name requested by a set of documents, with its places: what the CKS401
/// findings are made from. A batch run adds files once; a session (a language server)
/// also replaces and removes them, and learns which files' findings changed.
#[derive(Debug, Default)]
pub struct NameIndex {
    by_name: HashMap<Box<str>, Vec<Place>>,
    /// The names each file requests (filled only once a file is replaced or removed:
    /// a batch run never needs it).
    by_file: Option<HashMap<u32, Vec<Box<str>>>>,
}

impl NameIndex {
    /// Record the names file number `file` (in output order) requests.
    pub fn add(&mut self, file: usize, result: &FileResult) {
        let mut names = Vec::new();
        for n in &result.names {
            let (start, end) = result.positions(n.span);
            let place = Place::new(file, n.document, n.span, start, end);
            match self.by_name.get_mut(n.name.as_str()) {
                Some(places) => places.push(place),
                None => {
                    self.by_name.insert(n.name.as_str().into(), vec![place]);
                }
            }
            if self.by_file.is_some() {
                names.push(n.name.as_str().into());
            }
        }
        if let Some(by_file) = &mut self.by_file {
            by_file.entry(small(file)).or_default().extend(names);
        }
    }

    /// The names each file requests, built on first need.
    fn by_file(&mut self) -> &mut HashMap<u32, Vec<Box<str>>> {
        let by_name = &self.by_name;
        self.by_file.get_or_insert_with(|| {
            let mut m: HashMap<u32, Vec<Box<str>>> = HashMap::new();
            for (name, places) in by_name {
                for p in places {
                    m.entry(p.file).or_default().push(name.clone());
                }
            }
            m
        })
    }

    /// Forget file `file`. Returns the other files whose CKS401 findings change (ascending).
    pub fn remove(&mut self, file: usize) -> Vec<usize> {
        let names = self.by_file().remove(&small(file)).unwrap_or_default();
        let mut affected = Vec::new();
        for name in names {
            let Some(places) = self.by_name.get_mut(&name) else { continue };
            let had = places.len();
            places.retain(|p| p.file() != file);
            // Others named alike had a finding (or lose it); a name now unique clears it.
            if had > 1 {
                affected.extend(places.iter().map(Place::file));
            }
            if places.is_empty() {
                self.by_name.remove(&name);
            }
        }
        affected.sort_unstable();
        affected.dedup();
        affected
    }

    /// Record file `file` anew (an edited document). Returns every file whose CKS401
    /// findings may have changed, `file` itself included (ascending).
    pub fn replace(&mut self, file: usize, result: &FileResult) -> Vec<usize> {
        let mut affected = self.remove(file);
        self.by_file();
        self.add(file, result);
        for n in &result.names {
            if let Some(places) = self.by_name.get(n.name.as_str()) {
                if places.len() > 1 {
                    affected.extend(places.iter().map(Place::file));
                }
            }
        }
        affected.push(file);
        affected.sort_unstable();
        affected.dedup();
        affected
    }

    /// The CKS401 findings of the run, each with the number of the file it belongs to,
    /// ordered by file. `path_of` gives a file's path for labels into other files.
    pub fn findings(&self, settings: &Settings, path_of: impl Fn(usize) -> String) -> Vec<(usize, Diagnostic)> {
        let Some(severity) = settings.level(&DUPLICATE_CLUSTER_NAME) else { return Vec::new() };
        let mut out: Vec<(usize, Diagnostic)> = Vec::new();
        for (name, places) in self.by_name.iter().filter(|(_, p)| p.len() > 1) {
            for (i, this) in places.iter().enumerate() {
                out.push((this.file(), finding(name, places, i, severity, &path_of)));
            }
        }
        out.sort_by_key(|(file, _)| *file);
        out
    }

    /// The CKS401 findings of one file (a session republishing it), in document order.
    pub fn findings_of(&self, file: usize, settings: &Settings, path_of: impl Fn(usize) -> String) -> Vec<Diagnostic> {
        let Some(severity) = settings.level(&DUPLICATE_CLUSTER_NAME) else { return Vec::new() };
        let mut names: Vec<&str> = match &self.by_file {
            Some(by_file) => by_file.get(&small(file)).map(|v| v.iter().map(|n| &**n).collect()).unwrap_or_default(),
            None => self.by_name.iter().filter(|(_, p)| p.iter().any(|p| p.file() == file)).map(|(n, _)| &**n).collect(),
        };
        names.sort_unstable();
        names.dedup();
        let mut out = Vec::new();
        for name in names {
            let Some(places) = self.by_name.get(name).filter(|p| p.len() > 1) else { continue };
            for i in (0..places.len()).filter(|&i| places[i].file() == file) {
                out.push(finding(name, places, i, severity, &path_of));
            }
        }
        crate::lint::sort(&mut out);
        out
    }
}

/// The finding of the `i`th of `places` requesting `name`.
fn finding(name: &str, places: &[Place], i: usize, severity: Severity, path_of: &impl Fn(usize) -> String) -> Diagnostic {
    let this = &places[i];
    let mut d = Diagnostic::new(
        &DUPLICATE_CLUSTER_NAME,
        this.document(),
        this.span(),
        "/name",
        format!("cluster name `{name}` is requested {} times in this run", places.len()),
    );
    d.severity = severity;
    // Label a few of the other places, not all: N copies would otherwise carry N²
    // labels (20,000 documents named alike must not take gigabytes).
    let others = places.len() - 1;
    d.help = Some(if others > MAX_LABELS {
        format!("cluster names are unique: rename them, or delete the copies (the labels show {MAX_LABELS} of the {others} other places)")
    } else {
        "cluster names are unique: rename one of them, or delete the copy".into()
    });
    for (_, other) in places.iter().enumerate().filter(|&(j, _)| j != i).take(MAX_LABELS) {
        let elsewhere = other.file != this.file;
        d.labels.push(Label {
            message: if elsewhere {
                "also requested here".to_string()
            } else {
                format!("also requested by document {} of this file", other.document())
            },
            span: other.span(),
            path: elsewhere.then(|| path_of(other.file())),
            position: elsewhere.then_some(other.positions()),
        });
    }
    d
}

/// Add CKS401 findings to the files of one run, held in output order (suppressions not
/// applied: [`crate::pipeline::check`] runs the whole order).
pub fn check(files: &mut [FileResult], settings: &Settings) {
    let mut index = NameIndex::default();
    for (i, f) in files.iter().enumerate() {
        index.add(i, f);
    }
    let findings = index.findings(settings, |i| files[i].path.clone());
    // Each file sorted once, however many findings it gains (20,000 documents of one
    // file once sorted it 20,000 times).
    let mut touched: Vec<usize> = findings.iter().map(|(i, _)| *i).collect();
    touched.sort_unstable();
    touched.dedup();
    for (i, d) in findings {
        files[i].diagnostics.push(d);
    }
    for i in touched {
        crate::lint::sort(&mut files[i].diagnostics);
    }
}

/// What a run keeps of the names its files request while it lints them: a 64-bit hash per
/// document and the file's number, 16 bytes, however long the name. Only files whose hash
/// is shared can take part in a CKS401 finding; the run lints those again for their exact
/// names and places ([`NameIndex`]), so a hash collision costs time, never a wrong finding.
#[derive(Debug, Default)]
pub struct NameHashes(Vec<(u64, u32)>);

/// The hash of a requested name: the same in every run (SipHash with fixed keys).
pub fn name_hash(name: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::hash::DefaultHasher::new();
    name.hash(&mut h);
    h.finish()
}

/// The name hashes of the documents of `result`.
pub fn name_hashes(result: &FileResult) -> Vec<u64> {
    result.names.iter().map(|n| name_hash(&n.name)).collect()
}

impl NameHashes {
    /// Record the name hashes of file number `file` (in output order).
    pub fn insert(&mut self, file: usize, hashes: &[u64]) {
        let file = small(file);
        self.0.extend(hashes.iter().map(|&h| (h, file)));
    }

    /// The files (by number, ascending, each once) with a name hash that another document
    /// of the run shares: every file a CKS401 finding can be about.
    pub fn candidates(mut self) -> Vec<usize> {
        self.0.sort_unstable();
        let mut files: Vec<usize> = Vec::new();
        for run in self.0.chunk_by(|a, b| a.0 == b.0).filter(|r| r.len() > 1) {
            files.extend(run.iter().map(|&(_, f)| f as usize));
        }
        files.sort_unstable();
        files.dedup();
        files
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidates_are_the_files_whose_hash_is_shared() {
        let mut h = NameHashes::default();
        h.insert(0, &[1, 2]);
        h.insert(1, &[3]);
        h.insert(2, &[2]);
        h.insert(3, &[5, 5]);
        h.insert(4, &[]);
        h.insert(5, &[2, 6]);
        assert_eq!(h.candidates(), [0, 2, 3, 5]);
        assert!(NameHashes::default().candidates().is_empty());
    }

    #[test]
    fn name_hashes_are_stable_and_tell_names_apart() {
        assert_eq!(name_hash("prod-east"), name_hash(&String::from("prod-east")));
        assert_ne!(name_hash("prod-east"), name_hash("prod-west"));
        assert_ne!(name_hash(""), name_hash("a"));
    }
}
