//! A strict RFC 8259 JSON parser that keeps byte spans for every key and value.
//!
//! No comments, no trailing commas, no single quotes, no leading zeros, no NaN, no
//! control characters in strings. Duplicate keys are reported (CKS002) with a label on
//! the first occurrence, and parsing goes on. Nesting deeper than [`MAX_DEPTH`] stops
//! with CKS006, so recursion is bounded.

use super::{Document, Member, Node, NodeKind, Number, Parsed, Span, Style, MAX_DEPTH};
use crate::diagnostic::Diagnostic;
use crate::rules::input::{DUPLICATE_KEY, INPUT_LIMIT, SYNTAX_ERROR};

struct Fail {
    at: Span,
    message: String,
    help: Option<String>,
    limit: bool,
}

struct Parser<'a> {
    src: &'a str,
    bytes: &'a [u8],
    pos: usize,
    duplicates: Vec<Diagnostic>,
    /// Duplicate keys past the per-document cap: how many, and the first one's span.
    unlisted: (usize, Span),
    /// Validate only: strings are not decoded, numbers not converted, containers stay
    /// empty ([`scan`]). The same errors, nothing allocated.
    skip: bool,
    /// A root array's items are parsed and dropped ([`parse_request`]).
    drop_root_items: bool,
}

type Result<T> = std::result::Result<T, Fail>;

/// Parse one JSON document. The file's BOM, if any, is skipped; spans still count it.
pub fn parse(source: &str) -> Parsed {
    parse_with(source, false)
}

/// Parse a file that should hold one request: a root that is an array is parsed through
/// (every error and duplicate key found) but its items are not kept — the document is
/// reported as not a mapping, and 16 MiB of `[1,1,...]` would be 8 million nodes.
pub fn parse_request(source: &str) -> Parsed {
    parse_with(source, true)
}

fn parse_with(source: &str, drop_root_items: bool) -> Parsed {
    let mut p = Parser::new(source, super::bom_len(source), false);
    p.drop_root_items = drop_root_items;
    let mut parsed = Parsed::default();
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        // Empty input: no document. The driver reports CKS005.
        return parsed;
    }
    let start = p.pos;
    let result = p.value(0).and_then(|v| {
        p.skip_ws();
        if p.pos < p.bytes.len() {
            Err(p.fail_here("unexpected content after the end of the JSON document", Some("a request file holds exactly one JSON object")))
        } else {
            Ok(v)
        }
    });
    parsed.diagnostics.append(&mut p.duplicates);
    if p.unlisted.0 > 0 {
        parsed.diagnostics.push(crate::lint::overflow_finding(&DUPLICATE_KEY, 0, p.unlisted.1, String::new(), p.unlisted.0));
    }
    match result {
        Ok(root) => {
            let first = Span::new(start, start + 1);
            parsed.documents.push(Document { index: 0, root: Some(root), start: first, label: None });
        }
        Err(f) => parsed.diagnostics.push(f.finding()),
    }
    parsed
}

impl Fail {
    fn finding(self) -> Diagnostic {
        let rule = if self.limit { &INPUT_LIMIT } else { &SYNTAX_ERROR };
        let mut d = Diagnostic::new(rule, 0, self.at, "", self.message);
        d.help = self.help;
        d
    }
}

/// A JSON value located in a text [`scan`] validated, not yet built into nodes. A
/// Terraform plan is megabytes of resources of which a few are read: those are built
/// ([`Raw::build`]), the rest only walked past, so memory stays that of the text.
#[derive(Clone, Copy, Debug)]
pub struct Raw<'a> {
    src: &'a str,
    /// The value's span (quotes and brackets included).
    pub span: Span,
    /// Its nesting depth, as [`parse`] counts it (the root is 0).
    depth: usize,
}

/// One member of a [`Raw`] object: the key decoded, the value located.
#[derive(Clone, Debug)]
pub struct RawMember<'a> {
    pub key: String,
    pub key_span: Span,
    pub value: Raw<'a>,
}

/// Validate `source` as one strict JSON document without building it. `Ok(None)` for
/// empty input; `Err` holds the finding [`parse`] reports for the same text (CKS001 or
/// CKS006; duplicate keys are not looked for: nothing is kept to compare).
pub fn scan(source: &str) -> std::result::Result<Option<Raw<'_>>, Box<Diagnostic>> {
    let mut p = Parser::new(source, super::bom_len(source), true);
    p.skip_ws();
    if p.pos >= p.bytes.len() {
        return Ok(None);
    }
    let start = p.pos;
    let result = p.value(0).and_then(|v| {
        p.skip_ws();
        if p.pos < p.bytes.len() {
            Err(p.fail_here("unexpected content after the end of the JSON document", Some("a request file holds exactly one JSON object")))
        } else {
            Ok(v.span())
        }
    });
    match result {
        Ok(span) => Ok(Some(Raw { src: source, span: Span::new(start, span.end), depth: 0 })),
        Err(f) => Err(Box::new(f.finding())),
    }
}

impl<'a> Raw<'a> {
    pub fn is_object(&self) -> bool {
        self.src.as_bytes().get(self.span.start) == Some(&b'{')
    }

    pub fn is_array(&self) -> bool {
        self.src.as_bytes().get(self.span.start) == Some(&b'[')
    }

    /// An object's members in file order (a repeated key appears each time); empty for
    /// anything else. Values are walked past, not built.
    pub fn members(&self) -> Vec<RawMember<'a>> {
        let mut out = Vec::new();
        if !self.is_object() {
            return out;
        }
        let mut p = Parser::new(self.src, self.span.start + 1, true);
        let depth = self.depth + 1;
        loop {
            p.skip_ws();
            if p.peek() != Some(b'"') {
                return out;
            }
            p.skip = false;
            let Ok((key, key_span)) = p.string() else { return out };
            p.skip = true;
            p.skip_ws();
            p.pos += 1; // `:`
            p.skip_ws();
            let Ok(value) = p.value(depth) else { return out };
            out.push(RawMember { key, key_span, value: Raw { src: self.src, span: value.span(), depth } });
            p.skip_ws();
            if p.peek() != Some(b',') {
                return out;
            }
            p.pos += 1;
        }
    }

    /// The value of `key` (the last one, as [`parse`] keeps it), when this is an object.
    pub fn get(&self, key: &str) -> Option<RawMember<'a>> {
        self.members().into_iter().rev().find(|m| m.key == key)
    }

    /// An array's items; empty for anything else.
    pub fn items(&self) -> Vec<Raw<'a>> {
        let mut out = Vec::new();
        if !self.is_array() {
            return out;
        }
        let mut p = Parser::new(self.src, self.span.start + 1, true);
        let depth = self.depth + 1;
        loop {
            p.skip_ws();
            if p.peek() == Some(b']') {
                return out;
            }
            let Ok(value) = p.value(depth) else { return out };
            out.push(Raw { src: self.src, span: value.span(), depth });
            p.skip_ws();
            if p.peek() != Some(b',') {
                return out;
            }
            p.pos += 1;
        }
    }

    /// The value built into nodes, spans on the whole text, with the findings of its
    /// duplicate keys.
    pub fn build(&self) -> (Node, Vec<Diagnostic>) {
        let mut p = Parser::new(self.src, self.span.start, false);
        let node = p.value(self.depth).unwrap_or_else(|f| Node::new(f.at, NodeKind::Null, Style::Json));
        let mut diagnostics = std::mem::take(&mut p.duplicates);
        if p.unlisted.0 > 0 {
            diagnostics.push(crate::lint::overflow_finding(&DUPLICATE_KEY, 0, p.unlisted.1, String::new(), p.unlisted.0));
        }
        (node, diagnostics)
    }

    /// The string value, decoded, when this is a string.
    pub fn as_string(&self) -> Option<String> {
        if self.src.as_bytes().get(self.span.start) != Some(&b'"') {
            return None;
        }
        let mut p = Parser::new(self.src, self.span.start, false);
        p.string().ok().map(|(s, _)| s)
    }

    /// What [`Node::type_name`] calls this value.
    pub fn type_name(&self) -> &'static str {
        match self.src.as_bytes().get(self.span.start) {
            Some(b'{') => "an object",
            Some(b'[') => "an array",
            Some(b'"') => "a string",
            Some(b't' | b'f') => "a boolean",
            Some(b'n') => "null",
            _ => self.build().0.type_name(),
        }
    }

    pub fn is_null(&self) -> bool {
        self.src.as_bytes().get(self.span.start) == Some(&b'n')
    }
}

impl<'a> Parser<'a> {
    fn new(src: &'a str, pos: usize, skip: bool) -> Self {
        Parser { src, bytes: src.as_bytes(), pos, duplicates: Vec::new(), unlisted: (0, Span::empty(0)), skip, drop_root_items: false }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while let Some(b) = self.peek() {
            if matches!(b, b' ' | b'\t' | b'\n' | b'\r') {
                self.pos += 1;
            } else {
                break;
            }
        }
    }

    /// Span of the character at `at` (empty at the end of input).
    fn char_span(&self, at: usize) -> Span {
        match self.src.get(at..).and_then(|s| s.chars().next()) {
            Some(c) => Span::new(at, at + c.len_utf8()),
            None => Span::empty(at.min(self.bytes.len())),
        }
    }

    fn fail_at(&self, at: usize, message: impl Into<String>, help: Option<&str>) -> Fail {
        Fail { at: self.char_span(at), message: message.into(), help: help.map(str::to_string), limit: false }
    }

    fn fail_here(&self, message: impl Into<String>, help: Option<&str>) -> Fail {
        self.fail_at(self.pos, message, help)
    }

    /// An "expected X" failure that says what was found instead.
    fn unexpected(&self, expected: &str) -> Fail {
        let rest = &self.src[self.pos.min(self.src.len())..];
        match rest.chars().next() {
            None => Fail {
                at: Span::empty(self.bytes.len()),
                message: format!("unexpected end of file, expected {expected}"),
                help: Some("the file is truncated or a bracket is not closed".into()),
                limit: false,
            },
            Some(c) => {
                let (what, help) = match c {
                    '/' | '#' => ("a comment".to_string(), Some("JSON does not allow comments; remove it, or use YAML")),
                    '\'' => ("a single quote".to_string(), Some("JSON strings use double quotes")),
                    '}' | ']' if expected.contains("value") || expected.contains("key") => {
                        (format!("`{c}`"), Some("remove the trailing comma, or supply the missing value"))
                    }
                    c if c.is_control() => (format!("control character U+{:04X}", c as u32), None),
                    c => (format!("`{c}`"), None),
                };
                let help = help.or_else(|| {
                    if rest.starts_with("NaN") || rest.starts_with("Infinity") || rest.starts_with("-Infinity") {
                        Some("JSON has no NaN or Infinity")
                    } else if rest.starts_with("True") || rest.starts_with("False") || rest.starts_with("None") || rest.starts_with("Null")
                    {
                        Some("JSON literals are lowercase: true, false, null")
                    } else if c.is_alphabetic() && expected.contains("key") {
                        Some("JSON object keys must be double-quoted strings")
                    } else if c.is_alphabetic() {
                        Some("strings must be in double quotes")
                    } else {
                        None
                    }
                });
                self.fail_here(format!("expected {expected}, found {what}"), help)
            }
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node> {
        match self.peek() {
            Some(b'{') => self.object(depth + 1),
            Some(b'[') => self.array(depth + 1),
            Some(b'"') => {
                let (s, span) = self.string()?;
                Ok(Node::new(span, NodeKind::String(s.into()), Style::Json))
            }
            Some(b't') => self.literal("true", NodeKind::Bool(true)),
            Some(b'f') => self.literal("false", NodeKind::Bool(false)),
            Some(b'n') => self.literal("null", NodeKind::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => Err(self.unexpected("a value")),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<()> {
        if depth > MAX_DEPTH {
            return Err(Fail {
                at: self.char_span(self.pos),
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                help: Some("a create-cluster request nests a few levels; this input is not a request".into()),
                limit: true,
            });
        }
        Ok(())
    }

    fn literal(&mut self, word: &str, kind: NodeKind) -> Result<Node> {
        let start = self.pos;
        if self.src[start..].starts_with(word) {
            let end = start + word.len();
            if self.bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
                return Err(self.unexpected("a value"));
            }
            self.pos = end;
            Ok(Node::new(Span::new(start, end), kind, Style::Json))
        } else {
            Err(self.unexpected("a value"))
        }
    }

    fn number(&mut self) -> Result<Node> {
        let start = self.pos;
        let b = self.bytes;
        let mut i = start;
        if b.get(i) == Some(&b'-') {
            i += 1;
        }
        match b.get(i) {
            Some(b'0') => {
                i += 1;
                if b.get(i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.fail_at(
                        i - 1,
                        "numbers in JSON cannot have leading zeros",
                        Some("write the number without leading zeros, or quote it as a string"),
                    ));
                }
            }
            Some(b'1'..=b'9') => {
                while b.get(i).is_some_and(u8::is_ascii_digit) {
                    i += 1;
                }
            }
            _ => {
                self.pos = i;
                return Err(self.unexpected("a digit"));
            }
        }
        let mut integral = true;
        if b.get(i) == Some(&b'.') {
            integral = false;
            i += 1;
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                self.pos = i;
                return Err(self.unexpected("a digit after the decimal point"));
            }
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        if matches!(b.get(i), Some(b'e' | b'E')) {
            integral = false;
            i += 1;
            if matches!(b.get(i), Some(b'+' | b'-')) {
                i += 1;
            }
            if !b.get(i).is_some_and(u8::is_ascii_digit) {
                self.pos = i;
                return Err(self.unexpected("a digit in the exponent"));
            }
            while b.get(i).is_some_and(u8::is_ascii_digit) {
                i += 1;
            }
        }
        let text = &self.src[start..i];
        self.pos = i;
        if self.skip {
            return Ok(Node::new(Span::new(start, i), NodeKind::Null, Style::Json));
        }
        // An integer of up to 15 digits is exact as an f64: no float parse for it.
        if integral && text.len() <= 15 {
            let (neg, digits) = text.strip_prefix('-').map_or((false, text), |d| (true, d));
            let v = digits.bytes().fold(0i64, |v, d| v * 10 + i64::from(d - b'0'));
            let (v, float) = if neg { (-v, -(v as f64)) } else { (v, v as f64) };
            return Ok(Node::new(Span::new(start, i), NodeKind::Number(Number::new(Some(v), float)), Style::Json));
        }
        let float: f64 = text.parse().unwrap_or(f64::NAN);
        let int = if integral { text.parse::<i64>().ok() } else { None };
        Ok(Node::new(Span::new(start, i), NodeKind::Number(Number::new(int, float)), Style::Json))
    }

    /// A string token; returns the decoded text and the span including quotes.
    fn string(&mut self) -> Result<(String, Span)> {
        let start = self.pos;
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run_start = self.pos;
        loop {
            let Some(b) = self.peek() else {
                return Err(Fail {
                    at: Span::new(start, start + 1),
                    message: "string is not closed".into(),
                    help: Some("add the closing `\"`".into()),
                    limit: false,
                });
            };
            match b {
                b'"' => {
                    if !self.skip {
                        if out.is_empty() {
                            // No escape: one allocation of the exact length.
                            out = self.src[run_start..self.pos].to_owned();
                        } else {
                            out.push_str(&self.src[run_start..self.pos]);
                        }
                    }
                    self.pos += 1;
                    return Ok((out, Span::new(start, self.pos)));
                }
                b'\\' => {
                    if !self.skip {
                        out.push_str(&self.src[run_start..self.pos]);
                    }
                    self.escape(&mut out)?;
                    run_start = self.pos;
                }
                0x00..=0x1F => {
                    let help = if b == b'\n' || b == b'\r' {
                        "a string cannot span lines in JSON; close the quote, or write the line break as \\n"
                    } else {
                        "escape control characters (\\t, \\n, \\u0000)"
                    };
                    return Err(self.fail_here(format!("control character U+{b:04X} inside a string"), Some(help)));
                }
                // Skip to the next byte that ends the run (quote, backslash or control).
                _ => {
                    let rest = &self.bytes[self.pos..];
                    self.pos += rest.iter().position(|&c| c == b'"' || c == b'\\' || c < 0x20).unwrap_or(rest.len());
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<()> {
        let at = self.pos;
        self.pos += 1; // backslash
        let Some(e) = self.peek() else {
            return Err(self.unexpected("an escape character"));
        };
        self.pos += 1;
        let c = match e {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let hi = self.hex4(at)?;
                if (0xD800..0xDC00).contains(&hi) {
                    if self.src[self.pos..].starts_with("\\u") {
                        self.pos += 2;
                        let lo = self.hex4(at)?;
                        if (0xDC00..0xE000).contains(&lo) {
                            let cp = 0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00);
                            char::from_u32(cp).unwrap_or('\u{fffd}')
                        } else {
                            '\u{fffd}'
                        }
                    } else {
                        '\u{fffd}'
                    }
                } else {
                    char::from_u32(hi).unwrap_or('\u{fffd}')
                }
            }
            _ => {
                // The escaped character may be several bytes long: end the span after it.
                let escaped = self.src[at + 1..].chars().next().unwrap_or(' ');
                let end = (at + 1 + self.src[at + 1..].chars().next().map_or(1, char::len_utf8)).min(self.bytes.len());
                return Err(Fail {
                    at: Span::new(at, end),
                    message: format!("invalid escape `\\{escaped}` in string"),
                    help: Some("valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX; write a literal backslash as \\\\".into()),
                    limit: false,
                });
            }
        };
        if !self.skip {
            out.push(c);
        }
        Ok(())
    }

    fn hex4(&mut self, esc_at: usize) -> Result<u32> {
        let digits = self.src.get(self.pos..self.pos + 4).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        match digits {
            Some(h) => {
                self.pos += 4;
                Ok(u32::from_str_radix(h, 16).unwrap_or(0xFFFD))
            }
            None => Err(Fail {
                at: Span::new(esc_at, self.pos.min(self.bytes.len())),
                message: "`\\u` escape needs four hex digits".into(),
                help: None,
                limit: false,
            }),
        }
    }

    fn object(&mut self, depth: usize) -> Result<Node> {
        self.check_depth(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut members: Vec<Member> = Vec::new();
        let mut index = None;
        self.skip_ws();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(Node::new(Span::new(start, self.pos), NodeKind::Object(members.into()), Style::Json));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let (key, key_span) = self.string()?;
            self.skip_ws();
            if self.peek() != Some(b':') {
                return Err(self.unexpected("`:` after the key"));
            }
            self.pos += 1;
            self.skip_ws();
            let value = self.value(depth)?;
            if self.skip {
                // Validation only: nothing kept, so no duplicate to find.
            } else if let Some((first, at)) = super::insert_member(&mut members, &mut index, Member::new(key.into(), key_span, value)) {
                if self.duplicates.len() >= crate::lint::MAX_PER_RULE {
                    if self.unlisted.0 == 0 {
                        self.unlisted.1 = key_span;
                    }
                    self.unlisted.0 += 1;
                } else {
                    self.duplicates.push(
                        Diagnostic::new(&DUPLICATE_KEY, 0, key_span, "", format!("duplicate key `{}`", members[at].key))
                            .with_label(first, "first defined here")
                            .with_help("remove one of them; parsers disagree on which one wins"),
                    );
                }
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b'}') {
                        return Err(self.fail_at(
                            comma,
                            "trailing comma before `}`",
                            Some("JSON does not allow a comma after the last member; remove it"),
                        ));
                    }
                }
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(Node::new(Span::new(start, self.pos), NodeKind::Object(members.into()), Style::Json));
                }
                _ => return Err(self.unexpected("`,` or `}`")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node> {
        self.check_depth(depth)?;
        let start = self.pos;
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(Node::new(Span::new(start, self.pos), NodeKind::Array(items.into()), Style::Json));
        }
        loop {
            self.skip_ws();
            let item = self.value(depth)?;
            // The root is at depth 0, its items at 1.
            let dropped = self.drop_root_items && depth == 1;
            if !(self.skip || dropped) {
                items.push(item);
            }
            self.skip_ws();
            match self.peek() {
                Some(b',') => {
                    let comma = self.pos;
                    self.pos += 1;
                    self.skip_ws();
                    if self.peek() == Some(b']') {
                        return Err(self.fail_at(
                            comma,
                            "trailing comma before `]`",
                            Some("JSON does not allow a comma after the last item; remove it"),
                        ));
                    }
                }
                Some(b']') => {
                    self.pos += 1;
                    return Ok(Node::new(Span::new(start, self.pos), NodeKind::Array(items.into()), Style::Json));
                }
                _ => return Err(self.unexpected("`,` or `]`")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(src: &str) -> (String, Span) {
        let p = parse(src);
        let d = p.diagnostics.iter().find(|d| d.rule.code == "CKS001" || d.rule.code == "CKS006").expect("an error");
        (d.message.clone(), d.span)
    }

    #[test]
    fn parses_with_spans() {
        let src = "\u{feff}{\"a\": [1, -2.5e3, \"x\\n\"], \"b\": null}";
        let p = parse(src);
        assert!(p.diagnostics.is_empty());
        let root = p.documents[0].root.as_ref().unwrap();
        assert_eq!(root.span(), Span::new(3, src.len()));
        let a = root.get("a").unwrap();
        assert_eq!(a.key_span(), Span::new(4, 7));
        let items = a.value.as_array().unwrap();
        assert_eq!(items[0].as_number().unwrap().int(), Some(1));
        assert_eq!(items[1].as_number().unwrap().float(), -2500.0);
        assert_eq!(items[2].as_str(), Some("x\n"));
        assert!(root.field("b").unwrap().is_null());
    }

    #[test]
    fn strictness() {
        assert!(err("{\"a\": 1,}").0.contains("trailing comma"));
        assert!(err("[1,]").0.contains("trailing comma"));
        assert!(err("{a: 1}").0.contains("expected a key"));
        assert!(err("{\"a\": 01}").0.contains("leading zeros"));
        assert!(err("{\"a\": NaN}").0.contains("expected a value"));
        assert!(err("{\"a\": 'x'}").0.contains("single quote"));
        assert!(err("// c\n{}").0.contains("comment"));
        assert!(err("{\"a\": \"x\ny\"}").0.contains("control character"));
        assert!(err("{\"a\": \"\\q\"}").0.contains("invalid escape"));
        // A multi-byte escaped character: the span ends after it (found by fuzzing).
        let text = "\"\\\u{7a3}\u{76b}";
        let p = parse(text);
        let d = &p.diagnostics[0];
        assert_eq!(d.message, "invalid escape `\\\u{7a3}` in string");
        assert_eq!((d.span.start, d.span.end), (1, 4));
        assert!(err("{} {}").0.contains("after the end"));
        assert_eq!(err("{\"a\": ").1, Span::empty(6));
        assert_eq!(err("{\"name\": \"a\",\n  \"zone\": }").1, Span::new(24, 25));
    }

    #[test]
    fn depth_limit_is_input_limit() {
        let deep = "[".repeat(500_000);
        let p = parse(&deep);
        assert_eq!(p.diagnostics[0].rule.code, "CKS006");
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).diagnostics.is_empty());
    }

    #[test]
    fn scan_fails_exactly_where_parse_does() {
        let text = "\u{feff}{\"a\": [1, -2.5e3, \"x\\n\\u00e9\"], \"b\": {\"c\": null, \"d\": true}, \"é\": \"\\ud83d\\ude00\"}";
        for cut in 0..=text.len() {
            let Some(prefix) = text.get(..cut) else { continue };
            let parsed = parse(prefix);
            match scan(prefix) {
                Ok(None) => assert!(parsed.documents.is_empty() && parsed.diagnostics.is_empty(), "{prefix:?}"),
                Ok(Some(raw)) => assert_eq!(raw.build().0, *parsed.documents[0].root.as_ref().unwrap(), "{prefix:?}"),
                Err(d) => {
                    let p = &parsed.diagnostics[0];
                    assert_eq!((d.rule.code, &d.message, d.span, &d.help), (p.rule.code, &p.message, p.span, &p.help), "{prefix:?}");
                }
            }
        }
        for bad in ["{\"a\": 1,}", "{\"a\": 01}", "{\"a\": \"\\q\"}", "{} {}", "{\"a\": \"x\ny\"}", &"[".repeat(200)] {
            let d = scan(bad).expect_err(bad);
            assert_eq!(d.message, parse(bad).diagnostics[0].message, "{bad}");
        }
    }

    #[test]
    fn raw_values_are_read_on_demand() {
        let text = "{\"k\": [1, {\"x\": \"y\"}], \"s\": \"a\\\"b\", \"k\": {\"a\": 1, \"a\": 2}}";
        let root = scan(text).unwrap().unwrap();
        let keys: Vec<String> = root.members().into_iter().map(|m| m.key).collect();
        assert_eq!(keys, ["k", "s", "k"]);
        assert_eq!(root.get("s").unwrap().value.as_string().as_deref(), Some("a\"b"));
        // The last of a repeated key, as parse keeps it; its own duplicates are found when built.
        let k = root.get("k").unwrap().value;
        assert_eq!((k.is_object(), k.type_name()), (true, "an object"));
        let (node, duplicates) = k.build();
        assert_eq!(node.span(), Span::new(41, text.len() - 1));
        assert_eq!(duplicates[0].message, "duplicate key `a`");
        let first = root.members()[0].value;
        assert_eq!(first.items().iter().map(|i| i.span).collect::<Vec<_>>(), [Span::new(7, 8), Span::new(10, 20)]);
        assert_eq!(first.items()[1].get("x").unwrap().value.as_string().as_deref(), Some("y"));
        assert!(first.members().is_empty() && root.items().is_empty());
    }

    #[test]
    fn duplicate_keys_label_the_first() {
        let p = parse("{\"a\": 1, \"a\": 2}");
        let d = &p.diagnostics[0];
        assert_eq!(d.rule.code, "CKS002");
        assert_eq!(d.span, Span::new(9, 12));
        assert_eq!(d.labels[0].span, Span::new(1, 4));
        let root = p.documents[0].root.as_ref().unwrap();
        assert_eq!(root.as_object().unwrap().len(), 1);
    }
}
