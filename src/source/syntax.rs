//! The loader seam: one [`Syntax`] per input syntax, found by path and bytes.
//!
//! A syntax turns a file's text into the shared span tree ([`Parsed`]: documents whose
//! keys are API names, plus loader findings), finds its comments (for inline
//! `ckslint:` suppressions), renders replacement text through its [`Editor`], and says
//! what it can express ([`Capabilities`]). Rules see only the tree and the editor, so
//! they stay syntax-agnostic. Adding a syntax (Terraform) is one module implementing
//! [`Syntax`] and one line in [`SYNTAXES`].

use super::{Format, Member, Node, NodeKind, Parsed, Span, Style};
use crate::diagnostic::{Diagnostic, Edit};

/// What a syntax can and cannot express; rules and passes consult it instead of
/// matching on the format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    /// The syntax has comments, so inline `ckslint:` suppressions are read.
    pub comments: bool,
    /// Keys are mapped by the loader from the file's own names ([`Member::written`]).
    pub mapped_names: bool,
    /// Unquoted scalars are read by YAML rules, so YAML 1.1 readings (CKS007) apply and
    /// type messages say how a plain scalar was read.
    pub yaml_scalars: bool,
    /// Top-level request fields (JSON names) the syntax cannot set: rules about them
    /// do not apply to its documents.
    pub cannot_set: &'static [&'static str],
}

impl Capabilities {
    /// Whether a top-level field can be written in this syntax at all.
    pub fn can_set(&self, field: &str) -> bool {
        !self.cannot_set.contains(&field)
    }
}

/// Renders replacement text in one syntax. Every edit keeps the file valid or is `None`.
pub trait Editor: Sync {
    /// Replace the string value `node` with `new`, keeping its quoting where possible.
    fn replace_string(&self, source: &str, node: &Node, new: &str) -> Edit;
    /// Delete member `index` of the mapping `parent`.
    fn remove_member(&self, source: &str, parent: &Node, index: usize) -> Option<Edit>;
    /// Delete item `index` of the sequence `list`.
    fn remove_item(&self, source: &str, list: &Node, index: usize) -> Option<Edit>;
    /// Rename a member's key to `to` (an API name; a syntax with mapped names writes
    /// its own spelling), keeping its quotes.
    fn rename_key(&self, source: &str, member: &Member, to: &str) -> Edit;
}

/// One input syntax: detection, loading, comments, editing.
pub trait Syntax: Sync {
    /// The format this syntax loads.
    fn format(&self) -> Format;
    /// File extensions it claims (lower case, without the dot); discovery lints them.
    fn extensions(&self) -> &'static [&'static str];
    /// Whether text whose extension no syntax claims reads as this syntax (`body` is the
    /// file without a BOM). The default syntax, YAML, is used when none does.
    fn sniff(&self, body: &[u8]) -> bool;
    /// Load the whole file (BOM included; spans index into it).
    fn parse(&self, source: &str) -> Parsed;
    /// Load the file at `path` (as shown; `/`-separated), which may read the files its
    /// values come from (a Terraform configuration's `terraform.tfvars`, the audit policy
    /// named in `filebase64(...)`), each at most `max_file_size` bytes: their text is then
    /// appended to [`Parsed::text`] and described in [`Parsed::elsewhere`]. The default
    /// reads nothing else.
    fn load(&self, path: &str, source: &str, max_file_size: usize) -> Parsed {
        let _ = (path, max_file_size);
        self.parse(source)
    }
    /// Where the documents of a stream are, when each can be read on its own
    /// ([`Syntax::read_document`]) and so linted and dropped before the next is read, on
    /// several threads: a run of 800,000 documents holds one tree per thread, not 800,000.
    /// `None` (the default): [`Syntax::load`] reads the file whole.
    fn document_ranges(&self, source: &str) -> Option<Vec<(usize, usize)>> {
        let _ = source;
        None
    }
    /// Read the document of `source` at `range` (one of [`Syntax::document_ranges`]) into
    /// `into` as its next document (index [`Parsed::next_index`]), with its loader
    /// findings, as [`Syntax::load`] would have read it in the whole file; `into` is the
    /// caller's, reused from one document to the next. `false` when it cannot be read
    /// alone: the caller then loads the whole file.
    fn read_document(&self, source: &str, range: (usize, usize), into: &mut Parsed) -> bool {
        let _ = (source, range, into);
        false
    }
    /// A cheap test on the raw bytes of a file found by walking a directory, before it is
    /// parsed: `false` when it cannot hold a request (a `.tf` file that never names the
    /// cluster resource type). The default keeps every file.
    fn may_hold_request(&self, bytes: &[u8]) -> bool {
        let _ = bytes;
        true
    }
    /// Whether a discovered file's documents must be sniffed for request keys (JSON,
    /// YAML); `false` when the loader yields only documents that are requests (a
    /// Terraform cluster resource), so any document means the file is linted.
    fn sniffs_requests(&self) -> bool {
        true
    }
    /// Rewrite a rule's finding into the file's own terms (Terraform attribute names for
    /// API field names in its message, help and fix message). The default keeps it.
    fn localize(&self, diagnostic: &mut Diagnostic) {
        let _ = diagnostic;
    }
    /// Spans of the comments of `source` (from the comment marker to the `\n` ending its
    /// line, a `\r` before it included), in order, outside every string.
    fn comments(&self, source: &str, parsed: &Parsed) -> Vec<Span>;
    /// The editor that renders fixes in this syntax.
    fn editor(&self) -> &'static dyn Editor;
    fn capabilities(&self) -> Capabilities;
}

/// Every syntax, in detection order. The last one is the default.
pub static SYNTAXES: &[&dyn Syntax] =
    &[&crate::terraform::syntax::HCL, &crate::terraform::syntax::TF_JSON, &JSON, &crate::terraform::plan::PLAN, &YAML];

/// The syntax of `format`.
pub fn by_format(format: Format) -> &'static dyn Syntax {
    SYNTAXES.iter().copied().find(|s| s.format() == format).unwrap_or(&YAML)
}

/// The syntax a file is read as: by extension, otherwise sniffed from its bytes, and YAML
/// when nothing claims it.
pub fn for_path(path: &str, bytes: &[u8]) -> &'static dyn Syntax {
    if let Some(s) = by_extension(path) {
        return s;
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    SYNTAXES.iter().copied().find(|s| s.sniff(body)).unwrap_or(&YAML)
}

/// The syntax claiming the file's extension, if any. An extension may have several parts
/// (`tf.json`): the first syntax, in detection order, whose extension ends the name wins.
pub fn by_extension(path: &str) -> Option<&'static dyn Syntax> {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let claims = |ext: &str| {
        name.len() > ext.len() + 1 && {
            let at = name.len() - ext.len();
            name.is_char_boundary(at) && name[at..].eq_ignore_ascii_case(ext) && name.as_bytes()[at - 1] == b'.'
        }
    };
    SYNTAXES.iter().copied().find(|s| s.extensions().iter().any(|e| claims(e)))
}

/// Whether some syntax claims files with this extension (directory discovery).
pub fn is_lintable_extension(ext: &[u8]) -> bool {
    SYNTAXES.iter().any(|s| s.extensions().iter().any(|e| e.as_bytes().eq_ignore_ascii_case(ext)))
}

/// The editor for JSON and YAML text: edits that are valid in both where they can be.
pub struct JsonYamlEditor;

impl Editor for JsonYamlEditor {
    fn replace_string(&self, source: &str, node: &Node, new: &str) -> Edit {
        super::edit::replace_string(source, node, new)
    }
    fn remove_member(&self, source: &str, parent: &Node, index: usize) -> Option<Edit> {
        super::edit::remove_member_at(source, parent, index)
    }
    fn remove_item(&self, source: &str, list: &Node, index: usize) -> Option<Edit> {
        super::edit::remove_item(source, list, index)
    }
    fn rename_key(&self, source: &str, member: &Member, to: &str) -> Edit {
        super::edit::rename_key(source, member, to)
    }
}

pub struct JsonSyntax;
pub static JSON: JsonSyntax = JsonSyntax;

impl Syntax for JsonSyntax {
    fn format(&self) -> Format {
        Format::Json
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }
    fn sniff(&self, body: &[u8]) -> bool {
        matches!(body.iter().find(|b| !b.is_ascii_whitespace()), Some(b'{') | Some(b'['))
    }
    fn parse(&self, source: &str) -> Parsed {
        super::json::parse(source)
    }
    /// A file linted as a request: a root array's items are not kept (it is reported as
    /// not a mapping).
    fn load(&self, _path: &str, source: &str, _max_file_size: usize) -> Parsed {
        super::json::parse_request(source)
    }
    fn comments(&self, _source: &str, _parsed: &Parsed) -> Vec<Span> {
        Vec::new()
    }
    fn editor(&self) -> &'static dyn Editor {
        &JsonYamlEditor
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities { comments: false, mapped_names: false, yaml_scalars: false, cannot_set: &[] }
    }
}

pub struct YamlSyntax;
pub static YAML: YamlSyntax = YamlSyntax;

impl Syntax for YamlSyntax {
    fn format(&self) -> Format {
        Format::Yaml
    }
    fn extensions(&self) -> &'static [&'static str] {
        &["yaml", "yml"]
    }
    fn sniff(&self, _body: &[u8]) -> bool {
        true
    }
    fn parse(&self, source: &str) -> Parsed {
        super::yaml::parse(source)
    }
    fn document_ranges(&self, source: &str) -> Option<Vec<(usize, usize)>> {
        super::yaml::document_ranges(source)
    }
    fn read_document(&self, source: &str, range: (usize, usize), into: &mut Parsed) -> bool {
        super::yaml::read_document(source, range, into)
    }
    fn comments(&self, source: &str, parsed: &Parsed) -> Vec<Span> {
        let mut strings = Vec::new();
        for d in &parsed.documents {
            if let Some(r) = &d.root {
                string_spans(source, r, &mut strings);
            }
        }
        hash_comments(source, &strings)
    }
    fn editor(&self) -> &'static dyn Editor {
        &JsonYamlEditor
    }
    fn capabilities(&self) -> Capabilities {
        Capabilities { comments: true, mapped_names: false, yaml_scalars: true, cannot_set: &[] }
    }
}

/// Comments starting with `#` (at the start of a line or after a blank) outside every
/// span of `strings` (sorted or not), each to the end of its line.
pub fn hash_comments(text: &str, strings: &[Span]) -> Vec<Span> {
    let b = text.as_bytes();
    // Sorted by start, with the furthest end so far: `at` is inside a string when one
    // starting at or before it ends after it (linear in comments and strings).
    let mut strings = strings.to_vec();
    strings.sort_unstable();
    let mut reach = Vec::with_capacity(strings.len());
    let mut furthest = 0;
    for s in &strings {
        furthest = furthest.max(s.end);
        reach.push(furthest);
    }
    let inside = |at: usize| {
        let k = strings.partition_point(|s| s.start <= at);
        k > 0 && at < reach[k - 1]
    };
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = text[i..].find('#') {
        let at = i + rel;
        i = at + 1;
        let preceded = at == 0 || matches!(b[at - 1], b' ' | b'\t' | b'\n' | b'\r');
        if preceded && !inside(at) {
            out.push(Span::new(at, text[at..].find('\n').map_or(text.len(), |n| at + n)));
        }
    }
    out
}

/// Spans holding string text (keys and string values) in which a `#` is not a comment.
pub fn string_spans(text: &str, root: &Node, out: &mut Vec<Span>) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        match &n.kind {
            // A block scalar's span starts at its `|`/`>` header, and a comment may
            // follow the header on its line: the content starts on the next line.
            NodeKind::String(_) if matches!(n.style, Style::Literal | Style::Folded) => {
                let start = text[n.span().start..n.span().end].find('\n').map_or(n.span().end, |i| n.span().start + i + 1);
                out.push(Span::new(start, n.span().end));
            }
            NodeKind::String(_) => out.push(n.span()),
            NodeKind::Array(items) => stack.extend(items.iter()),
            NodeKind::Object(ms) => {
                for m in ms {
                    out.push(m.key_span());
                    stack.push(&m.value);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detection_by_extension_then_content() {
        assert_eq!(Format::detect("a.JSON", b"x: 1"), Format::Json);
        assert_eq!(Format::detect("a.yml", b"{}"), Format::Yaml);
        assert_eq!(Format::detect("dir.json/a", b"\xEF\xBB\xBF  [1]"), Format::Json);
        assert_eq!(Format::detect("-", b"a: 1"), Format::Yaml);
        assert_eq!(Format::detect("a.txt", b""), Format::Yaml);
        assert!(is_lintable_extension(b"YmL") && is_lintable_extension(b"tf") && !is_lintable_extension(b"tfvars"));
        assert_eq!(Format::detect("a/main.TF.json", b"{}").name(), "terraform-json");
        assert_eq!(Format::detect("main.tf", b"{}").name(), "terraform");
        assert_eq!(Format::detect("x.tfvars", b"a = 1").name(), "yaml");
    }

    #[test]
    fn comments_inside_strings_are_not_comments() {
        let text = "a: \"x # not\"\nb: |\n  # not\nc: 1 # yes\r\n#top\n";
        let parsed = YAML.parse(text);
        let got: Vec<&str> = YAML.comments(text, &parsed).iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, ["# yes\r", "#top"]);
        assert!(JSON.comments("{}", &JSON.parse("{}")).is_empty());
    }
}
