//! Span-keeping document trees for JSON and YAML.
//!
//! Both loaders produce the same [`Node`] tree: every key and value keeps its byte
//! span into the file *as read* (a leading BOM included), so every diagnostic can
//! point at the exact character.

pub mod edit;
pub mod json;
pub mod lines;
pub mod syntax;
pub mod yaml;

pub use lines::LineIndex;
pub use syntax::{Capabilities, Editor, Syntax};

use crate::diagnostic::Diagnostic;
use std::hash::BuildHasher;

/// Default size limit for one input file (SPEC §1).
pub const MAX_FILE_SIZE: usize = 16 * 1024 * 1024;
/// Maximum nesting depth of mappings and sequences (SPEC §1).
pub const MAX_DEPTH: usize = 128;
/// Maximum number of nodes that alias expansion may add to one document.
pub const ALIAS_NODE_BUDGET: usize = 10_000;

/// A half-open byte range `[start, end)` into the file as read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }
    pub const fn empty(at: usize) -> Self {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A [`Span`] in 8 bytes, as every node and member keeps it: a file is at most
/// [`MAX_FILE_SIZE`] bytes (with the files it reads values from, still far below 4 GiB).
/// An offset past `u32::MAX` is kept as `u32::MAX`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Narrow {
    start: u32,
    end: u32,
}

impl Narrow {
    fn of(span: Span) -> Self {
        let narrow = |at: usize| u32::try_from(at).unwrap_or(u32::MAX);
        Narrow { start: narrow(span.start), end: narrow(span.end) }
    }
    fn span(self) -> Span {
        Span::new(self.start as usize, self.end as usize)
    }
}

/// How a scalar or collection was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// JSON text (strings are always double quoted).
    Json,
    /// YAML plain (unquoted) scalar, or a block collection.
    Plain,
    SingleQuoted,
    DoubleQuoted,
    /// YAML `|` block scalar.
    Literal,
    /// YAML `>` block scalar.
    Folded,
    /// YAML flow collection (`[...]`, `{...}`).
    Flow,
}

impl Style {
    /// Whether a string value written in this style appears byte for byte in the file
    /// between the span's quotes, so offsets inside the string map to file offsets.
    pub fn is_verbatim_string(self) -> bool {
        matches!(self, Style::Plain | Style::SingleQuoted | Style::DoubleQuoted | Style::Json)
    }
}

/// A number as parsed: an integer when the text is one that fits in i64, else its float
/// value. 16 bytes (a list of millions of numbers is one of the largest trees a file
/// within the size limit makes); read it through [`Number::int`] and [`Number::float`].
#[derive(Clone, Copy, Debug)]
pub enum Number {
    /// An integer; its float value is `i as f64`.
    Int(i64),
    /// The integer written `-0`, whose float value keeps the sign.
    NegZero,
    /// Any other number (a fraction, an exponent, an integer out of the i64 range, `.inf`).
    Float(f64),
}

impl Number {
    pub fn from_i64(v: i64) -> Self {
        Number::Int(v)
    }
    pub fn from_f64(v: f64) -> Self {
        Number::Float(v)
    }
    /// The number of an integer value `int` (when the text is one that fits in i64) and
    /// its float value `float`.
    pub fn new(int: Option<i64>, float: f64) -> Self {
        match int {
            Some(0) if float.is_sign_negative() => Number::NegZero,
            Some(i) => Number::Int(i),
            None => Number::Float(float),
        }
    }
    /// The value, if the text is an integer that fits in i64.
    pub fn int(&self) -> Option<i64> {
        match *self {
            Number::Int(i) => Some(i),
            Number::NegZero => Some(0),
            Number::Float(_) => None,
        }
    }
    /// The value as a float (an integer converted).
    pub fn float(&self) -> f64 {
        match *self {
            Number::Int(i) => i as f64,
            Number::NegZero => -0.0,
            Number::Float(f) => f,
        }
    }
    /// Integral value, if the number is an integer (including `3.0`-style floats that are whole).
    pub fn as_integer(&self) -> Option<i64> {
        self.int()
    }
}

impl PartialEq for Number {
    fn eq(&self, other: &Self) -> bool {
        self.int() == other.int() && self.float() == other.float()
    }
}

/// The text of a string value or a key: a `String` without its spare capacity (a
/// `Box<str>`, 16 bytes), read and compared like one.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Box<str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&*self.0, f)
    }
}

impl std::fmt::Display for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(&*self.0, f)
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(s.into_boxed_str())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(s.into())
    }
}

impl From<Box<str>> for Text {
    fn from(s: Box<str>) -> Self {
        Text(s)
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Self {
        Text(s.into())
    }
}

impl From<&Text> for String {
    fn from(s: &Text) -> Self {
        s.0.to_string()
    }
}

impl From<Text> for String {
    fn from(s: Text) -> Self {
        s.0.into_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Text> for str {
    fn eq(&self, other: &Text) -> bool {
        *self == *other.0
    }
}

impl PartialEq<Text> for &str {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

impl PartialEq<Text> for String {
    fn eq(&self, other: &Text) -> bool {
        **self == *other.0
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Member {
    /// The key in API terms (the JSON or proto name rules look up).
    pub key: Text,
    /// The key's span ([`Member::key_span`]).
    key_at: Narrow,
    pub value: Node,
    /// The key as spelled in the file, when a loader mapped it to `key` (a Terraform
    /// attribute `pod_cidr_name` loaded as `podCidrName`); `None` when `key` is the spelling.
    /// Messages and renames speak the file's language through [`Member::written_key`].
    pub written: Option<Box<str>>,
}

impl Member {
    /// A member whose key is spelled in the file as it is named.
    pub fn new(key: Text, key_span: Span, value: Node) -> Self {
        Member { key, key_at: Narrow::of(key_span), value, written: None }
    }
    /// The member with the key's spelling in the file ([`Member::written`]).
    pub fn with_written(mut self, written: Option<Box<str>>) -> Self {
        self.written = written;
        self
    }
    /// The key's span.
    pub fn key_span(&self) -> Span {
        self.key_at.span()
    }
    pub fn set_key_span(&mut self, span: Span) {
        self.key_at = Narrow::of(span);
    }
    /// The key as the file spells it.
    pub fn written_key(&self) -> &str {
        self.written.as_deref().unwrap_or(&self.key)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Null,
    Bool(bool),
    Number(Number),
    String(Text),
    /// Built as a `Vec` while parsing, boxed when closed (no spare capacity, 8 bytes less).
    Array(Box<[Node]>),
    Object(Box<[Member]>),
    /// A value that is not statically known (a Terraform reference or function call,
    /// resolved only at apply time). Every rule skips it; the structure pass counts the
    /// member as present (never "missing") but does not check its type or content.
    Unknown,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value's span ([`Node::span`]).
    at: Narrow,
    pub kind: NodeKind,
    pub style: Style,
}

impl Node {
    pub fn new(span: Span, kind: NodeKind, style: Style) -> Self {
        Node { at: Narrow::of(span), kind, style }
    }
    /// The value's span. For a node reached through a YAML alias, the alias's span.
    pub fn span(&self) -> Span {
        self.at.span()
    }
    pub fn set_span(&mut self, span: Span) {
        self.at = Narrow::of(span);
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            NodeKind::String(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            NodeKind::Bool(b) => Some(b),
            _ => None,
        }
    }
    pub fn as_number(&self) -> Option<Number> {
        match self.kind {
            NodeKind::Number(n) => Some(n),
            _ => None,
        }
    }
    pub fn as_array(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Array(a) => Some(a),
            _ => None,
        }
    }
    pub fn as_object(&self) -> Option<&[Member]> {
        match &self.kind {
            NodeKind::Object(m) => Some(m),
            _ => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
    }
    /// Whether the value is not statically known ([`NodeKind::Unknown`]).
    pub fn is_unknown(&self) -> bool {
        matches!(self.kind, NodeKind::Unknown)
    }
    /// The member named `json_name`, also found under its proto (snake_case) spelling:
    /// `get("vpcId")` finds `vpc_id` too. The exact spelling wins when both exist.
    pub fn get(&self, json_name: &str) -> Option<&Member> {
        // One pass: the exact spelling returns at once; a proto spelling (always longer)
        // is remembered until the end.
        let mut proto = None;
        for m in self.as_object()? {
            if m.key.len() == json_name.len() {
                if m.key == json_name {
                    return Some(m);
                }
            } else if proto.is_none() && is_proto_name_of(&m.key, json_name) {
                proto = Some(m);
            }
        }
        proto
    }
    /// The value of [`Node::get`].
    pub fn field(&self, json_name: &str) -> Option<&Node> {
        self.get(json_name).map(|m| &m.value)
    }
    /// A short description of the JSON type, for messages: "a string", "an object", ...
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Null => "null",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Number(n) if n.int().is_some() => "an integer",
            NodeKind::Number(_) => "a number",
            NodeKind::String(_) => "a string",
            NodeKind::Array(_) => "an array",
            NodeKind::Object(_) => "an object",
            NodeKind::Unknown => "a value not known until apply",
        }
    }
    /// Convert to a `serde_json::Value`. Non-finite floats (YAML `.inf`, `.nan`) have no
    /// JSON form and become their source text as a string, so a type check still fails.
    pub fn to_json(&self, source: &str) -> serde_json::Value {
        use serde_json::Value;
        match &self.kind {
            NodeKind::Null | NodeKind::Unknown => Value::Null,
            NodeKind::Bool(b) => Value::Bool(*b),
            NodeKind::Number(n) => match n.int() {
                Some(i) => Value::from(i),
                None => serde_json::Number::from_f64(n.float())
                    .map(Value::Number)
                    .unwrap_or_else(|| Value::String(source.get(self.span().start..self.span().end).unwrap_or("").to_string())),
            },
            NodeKind::String(s) => Value::String(s.into()),
            NodeKind::Array(items) => Value::Array(items.iter().map(|n| n.to_json(source)).collect()),
            NodeKind::Object(members) => {
                let mut map = serde_json::Map::with_capacity(members.len());
                for m in members {
                    map.insert(m.key.to_string(), m.value.to_json(source));
                }
                Value::Object(map)
            }
        }
    }
}

/// Edit a closed array's items or object's members as a `Vec` (a loader that changes a
/// tree after parsing: a member added or dropped), boxed again after.
pub fn edit_list<T>(list: &mut Box<[T]>, edit: impl FnOnce(&mut Vec<T>)) {
    let mut items = std::mem::take(list).into_vec();
    edit(&mut items);
    *list = items.into_boxed_slice();
}

/// Whether `key` is the protobuf field name (snake_case) of the JSON name `json_name`
/// (lowerCamelCase): `vpc_id` for `vpcId`, `pod_cidr_name_v6` for `podCidrNameV6`.
/// Add a member to an object being parsed. A repeated key replaces the earlier member in
/// its place (the last value wins, as in most parsers) and gives back the first key's span
/// and the position. Past 16 members lookups go through a hash index, so an object with a
/// million keys still parses in linear time.
pub(crate) fn insert_member(members: &mut Vec<Member>, index: &mut Option<KeyIndex>, member: Member) -> Option<(Span, usize)> {
    let existing = match index {
        // One hash of the key: found, or its slot taken for the member pushed below.
        Some(map) => map.insert(members, &member.key, members.len()),
        None => members.iter().position(|m| m.key == member.key),
    };
    if let Some(i) = existing {
        let first = members[i].key_span();
        members[i] = member;
        return Some((first, i));
    }
    // A member is 80 bytes and `Vec` starts at four: a mapping of one member (a stream
    // of 100,000 `name: c1` documents) would hold 320. Room for one first, then doubling.
    if members.capacity() == 0 {
        members.reserve_exact(1);
    }
    members.push(member);
    if members.len() > 16 && index.is_none() {
        *index = Some(KeyIndex::of(members));
    }
    None
}

/// The positions of a large mapping's keys, by key: a hash table of indices into the
/// members (no copy of the key), each with its key's 32-bit hash (foldhash, seeded per
/// process), so that growing the table rehashes no key and a key is hashed once.
pub(crate) struct KeyIndex {
    hasher: hashbrown::DefaultHashBuilder,
    /// (member index, key hash).
    table: hashbrown::HashTable<(u32, u32)>,
}

impl KeyIndex {
    fn of(members: &[Member]) -> KeyIndex {
        let mut index =
            KeyIndex { hasher: hashbrown::DefaultHashBuilder::default(), table: hashbrown::HashTable::with_capacity(members.len() * 2) };
        for (i, m) in members.iter().enumerate() {
            index.insert(members, &m.key, i);
        }
        index
    }

    /// The table's hash of a 32-bit key hash: the same bits in both halves, so both the
    /// bucket (low bits) and the tag (top bits) come from the stored hash.
    fn widen(h: u32) -> u64 {
        (u64::from(h) << 32) | u64::from(h)
    }

    /// The index of the member keyed `key`, or `None` after recording `key` at `at` (the
    /// place of the member about to be pushed).
    fn insert(&mut self, members: &[Member], key: &str, at: usize) -> Option<usize> {
        let h = self.hasher.hash_one(key) as u32;
        let found = self.table.entry(Self::widen(h), |&(i, hi)| hi == h && members[i as usize].key == key, |&(_, hi)| Self::widen(hi));
        match found {
            hashbrown::hash_table::Entry::Occupied(e) => Some(e.get().0 as usize),
            hashbrown::hash_table::Entry::Vacant(e) => {
                e.insert((u32::try_from(at).unwrap_or(u32::MAX), h));
                None
            }
        }
    }
}

#[inline]
pub fn is_proto_name_of(key: &str, json_name: &str) -> bool {
    // Cheap tests first: this runs for most members of most looked-up objects.
    key.len() > json_name.len()
        && key.as_bytes().first() == json_name.as_bytes().first()
        && proto_spelling(key.as_bytes(), json_name.as_bytes())
}

/// Byte by byte, without allocating: `_x` in the key matches `X` in the JSON name. (A key
/// without `_` fails where it first differs: it is longer than the name.)
fn proto_spelling(key: &[u8], json_name: &[u8]) -> bool {
    let mut expected = json_name.iter();
    let mut upper_next = false;
    for &c in key {
        if c == b'_' {
            if upper_next {
                return false;
            }
            upper_next = true;
            continue;
        }
        let want = if upper_next { c.to_ascii_uppercase() } else { c };
        upper_next = false;
        if expected.next() != Some(&want) {
            return false;
        }
    }
    !upper_next && expected.next().is_none()
}

/// lowerCamelCase form of a snake_case name (`max_pods` → `maxPods`).
pub fn snake_to_camel(key: &str) -> String {
    let mut out = String::with_capacity(key.len());
    let mut upper = false;
    for c in key.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Append one RFC 6901 reference token to a pointer.
pub fn pointer_push(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    out.push('/');
    if !token.contains(['~', '/']) {
        out.push_str(token);
        return out;
    }
    for c in token.chars() {
        match c {
            '~' => out.push_str("~0"),
            '/' => out.push_str("~1"),
            c => out.push(c),
        }
    }
    out
}

/// One document of a file: a request (or, for bad input, something else).
#[derive(Clone, Debug)]
pub struct Document {
    /// 0-based index in the stream.
    pub index: usize,
    /// The root node. `None` for an empty YAML document (`---` with nothing after it).
    pub root: Option<Node>,
    /// Span of the document's first token (or its start), for findings about the whole document.
    pub start: Span,
    /// What the document is called in its file when that is not just its place: a
    /// Terraform resource address (`coreweave_cks_cluster.main`). Reporters show it
    /// (JSON `"resource"`, a SARIF logical location, the human header).
    pub label: Option<String>,
}

/// What a loader produces: the documents it could read, plus input findings
/// (CKS001 syntax errors, CKS002 duplicate keys, CKS006 limits, CKS007 ambiguous scalars).
#[derive(Debug, Default)]
pub struct Parsed {
    pub documents: Vec<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// With values read from other files ([`Syntax::load`]): the file's text followed by
    /// theirs, which the documents' spans index into; `None` when every span is in the file.
    pub text: Option<String>,
    /// The other files whose text [`Parsed::text`] holds after the file's own.
    pub elsewhere: Vec<Elsewhere>,
    /// Where the file uses a value written in another file (a label on findings about it).
    pub uses: Vec<ValueUse>,
    /// Documents with nothing in them (`---` and nothing, or only comments): counted, not
    /// kept, so a stream of three million `---` lines holds no document for each. Their
    /// indices are taken: [`Parsed::next_index`].
    pub empty_documents: usize,
}

impl Parsed {
    /// The 0-based index of the next document read, empty ones counted.
    pub fn next_index(&self) -> usize {
        self.documents.len() + self.empty_documents
    }
    /// How many documents the file holds, empty ones included.
    pub fn document_count(&self) -> usize {
        self.next_index()
    }
}

/// Another file's text inside [`Parsed::text`]: findings whose span falls in it are
/// reported in that file (its `path`), with spans into it.
#[derive(Clone, Debug)]
pub struct Elsewhere {
    /// Display path (`/`-separated, beside the file's own display path).
    pub path: String,
    /// The syntax of that file (for its inline suppressions).
    pub format: Format,
    /// Where its text starts in [`Parsed::text`], and its length.
    pub start: usize,
    pub len: usize,
}

impl Elsewhere {
    pub fn contains(&self, span: Span) -> bool {
        span.start >= self.start && span.end <= self.start + self.len
    }
}

/// A value written in another file and used in this one (`var.k8s_version` taking the
/// value of `terraform.tfvars`): findings inside `value` get a label on `at`.
#[derive(Clone, Debug)]
pub struct ValueUse {
    /// Span of the value in [`Parsed::text`].
    pub value: Span,
    /// Span of the use in the file.
    pub at: Span,
    pub message: String,
}

/// Input syntax of a file: the name of one [`Syntax`] of [`syntax::SYNTAXES`]. A new
/// syntax adds a constant here and a loader module; nothing matches on the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Format(&'static str);

#[allow(non_upper_case_globals)]
impl Format {
    pub const Json: Format = Format("json");
    pub const Yaml: Format = Format("yaml");

    /// A format by its syntax's name (for a loader module declared outside this file).
    pub const fn named(name: &'static str) -> Format {
        Format(name)
    }

    /// The syntax's name (`json`, `yaml`).
    pub fn name(self) -> &'static str {
        self.0
    }

    /// The loader and editor of this format.
    pub fn syntax(self) -> &'static dyn Syntax {
        syntax::by_format(self)
    }

    /// Format by extension (`.json`; `.yaml`/`.yml`), otherwise sniffed: the first
    /// non-blank byte `{` or `[` means JSON.
    pub fn detect(path: &str, bytes: &[u8]) -> Format {
        syntax::for_path(path, bytes).format()
    }
}

/// Parse `source` (the whole file as text, BOM included) in the given format.
pub fn parse(source: &str, format: Format) -> Parsed {
    format.syntax().parse(source)
}

/// Length in bytes of a leading UTF-8 BOM (0 or 3).
pub fn bom_len(source: &str) -> usize {
    if source.starts_with('\u{feff}') {
        3
    } else {
        0
    }
}

/// Span of the bytes `range` of a string node's *decoded* value, when the value
/// appears verbatim in the file (no escapes, single line); otherwise the whole node.
/// Use it to point at the offending characters inside a string.
pub fn sub_span(node: &Node, source: &str, range: std::ops::Range<usize>) -> Span {
    let whole = node.span();
    let Some(value) = node.as_str() else { return whole };
    let Some(raw) = source.get(whole.start..whole.end) else { return whole };
    let base = if raw == value {
        whole.start
    } else if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
        whole.start + 1
    } else {
        return whole;
    };
    if range.start > range.end || range.end > value.len() || !value.is_char_boundary(range.start) || !value.is_char_boundary(range.end) {
        return whole;
    }
    Span::new(base + range.start, base + range.end)
}

/// Span of the string's content without its quotes, when it appears verbatim; else the node.
pub fn content_span(node: &Node, source: &str) -> Span {
    let len = node.as_str().map_or(0, str::len);
    sub_span(node, source, 0..len)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn proto_names() {
        assert!(is_proto_name_of("vpc_id", "vpcId"));
        assert!(is_proto_name_of("pod_cidr_name_v6", "podCidrNameV6"));
        assert!(is_proto_name_of("internal_lb_cidr_names", "internalLbCidrNames"));
        assert!(!is_proto_name_of("vpcId", "vpcId"));
        assert!(!is_proto_name_of("vpc__id", "vpcId"));
        assert!(!is_proto_name_of("vpc_id_", "vpcId"));
        assert!(!is_proto_name_of("zone_", "zone"));
        assert!(!is_proto_name_of("vpcIdx", "vpcId"), "longer, no underscore");
        assert!(!is_proto_name_of("vpc_\u{ef}d", "vpcId"), "not ASCII");
        assert!(is_proto_name_of("disable_oidc_info_publication", "disableOidcInfoPublication"));
        assert_eq!(snake_to_camel("max_pods"), "maxPods");
        assert_eq!(pointer_push("/a", "b/c~d"), "/a/b~1c~0d");
    }

    #[test]
    fn tree_items_are_small() {
        // Lists of millions of scalars are the largest trees a file within the limits
        // makes: every byte here is megabytes there (was 24, 56 and 112).
        assert_eq!(std::mem::size_of::<Number>(), 16);
        assert_eq!(std::mem::size_of::<Node>(), 40);
        assert_eq!(std::mem::size_of::<Member>(), 80);
    }

    #[test]
    fn numbers_and_spans_read_as_parsed() {
        let n = |text: &str| json::parse(text).documents[0].root.as_ref().and_then(Node::as_number).unwrap();
        assert_eq!((n("7").int(), n("7").float()), (Some(7), 7.0));
        assert_eq!((n("-0").int(), n("-0").float().to_bits()), (Some(0), (-0.0f64).to_bits()));
        assert_eq!((n("0").int(), n("0").float().to_bits()), (Some(0), 0.0f64.to_bits()));
        assert_eq!((n("1.5").int(), n("1.5").float()), (None, 1.5));
        assert_eq!(n("99999999999999999999").int(), None);
        assert_eq!(n("-9223372036854775808").int(), Some(i64::MIN));
        let mut node = Node::new(Span::new(3, 9), NodeKind::Null, Style::Json);
        assert_eq!(node.span(), Span::new(3, 9));
        node.set_span(Span::new(MAX_FILE_SIZE, MAX_FILE_SIZE + 1));
        assert_eq!(node.span(), Span::new(MAX_FILE_SIZE, MAX_FILE_SIZE + 1));
        let mut m = Member::new("k".into(), Span::new(1, 2), node);
        m.set_key_span(Span::new(4, 5));
        assert_eq!((m.key_span(), m.key == "k", m.written_key()), (Span::new(4, 5), true, "k"));
    }
}
