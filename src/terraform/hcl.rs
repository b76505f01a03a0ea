//! HCL native syntax: a file's body ([`super::ast`], from the fast parser [`super::scan`]
//! or `hcl-edit`) becomes span trees of static values (SPEC §6). Expressions that are not
//! statically known become [`NodeKind::Unknown`]; references to `var.NAME` and file
//! functions are recorded so the caller can resolve them.

use super::ast::{Block, Body, Expr, Kind, Part, Structure};
use crate::source::{Member, Node, NodeKind, Span, Style};

/// A parse failure: message and byte offset (into the text given to [`parse`]).
#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parse HCL text (without a BOM): plain HCL with the fast parser, anything else (and
/// every error) with `hcl-edit`. `hcl-edit` limits nesting itself; a panic inside it
/// (never seen, but the input is untrusted) is a syntax error too.
pub fn parse(text: &str) -> Result<Body<'_>, SyntaxError> {
    if let Some(body) = super::scan::parse(text) {
        return Ok(body);
    }
    match std::panic::catch_unwind(|| hcl_edit::parser::parse_body(text)) {
        Ok(Ok(body)) => Ok(super::ast::lower(&body)),
        Ok(Err(e)) => {
            let line = e.line().trim_end();
            let msg = e.message().trim();
            let message = if msg.is_empty() { format!("invalid HCL near `{line}`") } else { format!("invalid HCL: {msg}") };
            Err(SyntaxError { message, offset: e.location().offset().min(text.len()) })
        }
        Err(_) => Err(SyntaxError { message: "invalid HCL (the parser gave up)".into(), offset: 0 }),
    }
}

/// A span of the parsed text, moved by `base`.
pub fn at(s: Span, base: usize) -> Span {
    Span::new(s.start + base, s.end + base)
}

/// Why a value is not statically known, for the few cases a finding explains.
#[derive(Clone, Debug)]
pub enum FileUse {
    /// `filebase64(P)` or `base64encode(file(P))`: the file's bytes, base64-encoded.
    Base64(String),
    /// `file(P)`: the file's text.
    Text(String),
    /// A file function whose path is not a literal.
    Dynamic,
}

/// A reference the converter met, for the caller to resolve or explain.
#[derive(Clone, Debug)]
pub enum Reference {
    /// `var.NAME`, at `span`.
    Var { name: String, span: Span },
    /// A file function call at `span`.
    File { call: FileUse, span: Span },
}

/// Converts expressions to nodes. `base` is where the text starts in the combined source;
/// `var` resolves `var.NAME` (already converted, spans wherever its value is written).
pub struct Converter<'a> {
    pub base: usize,
    pub var: &'a dyn Fn(&str) -> Option<Node>,
    /// References met, in order.
    pub refs: Vec<Reference>,
}

impl<'a> Converter<'a> {
    pub fn new(base: usize, var: &'a dyn Fn(&str) -> Option<Node>) -> Self {
        Converter { base, var, refs: Vec::new() }
    }

    fn span(&self, s: Span) -> Span {
        at(s, self.base)
    }

    fn unknown(&self, e: &Expr<'_>) -> Node {
        Node::new(self.span(e.span), NodeKind::Unknown, Style::Flow)
    }

    /// The static value of an expression, or `Unknown`. `json_ok`: `jsonencode(X)` stands
    /// for `X` (the attribute holds JSON text that the mapping reads as the object).
    pub fn expr(&mut self, e: &Expr<'_>, json_ok: bool) -> Node {
        let span = self.span(e.span);
        match &e.kind {
            Kind::Null => Node::new(span, NodeKind::Null, Style::Json),
            Kind::Bool(b) => Node::new(span, NodeKind::Bool(*b), Style::Json),
            Kind::Number(n) => Node::new(span, NodeKind::Number(*n), Style::Json),
            Kind::String(s) => Node::new(span, NodeKind::String(s.as_ref().into()), Style::DoubleQuoted),
            Kind::Array(items) => {
                let items: Vec<Node> = items.iter().map(|i| self.expr(i, false)).collect();
                Node::new(span, NodeKind::Array(items.into()), Style::Flow)
            }
            Kind::Object(obj) => {
                let mut members: Vec<Member> = Vec::with_capacity(obj.len());
                for (k, kspan, v) in obj {
                    let Some(key) = k else { return self.unknown(e) }; // a computed key
                    let value = self.expr(v, false);
                    members.push(Member::new(key.as_ref().into(), self.span(*kspan), value));
                }
                Node::new(span, NodeKind::Object(members.into()), Style::Flow)
            }
            Kind::Template(parts) => match literal_template(parts) {
                Some(text) => Node::new(span, NodeKind::String(text.into()), Style::DoubleQuoted),
                None => self.unknown(e),
            },
            Kind::Heredoc(Some(text)) => Node::new(span, NodeKind::String(text.as_str().into()), Style::Literal),
            Kind::Paren(inner) => self.expr(inner, json_ok),
            Kind::Traversal { root: Some(root), ops } if root == "var" => {
                if let [Some(name)] = ops.as_slice() {
                    self.refs.push(Reference::Var { name: name.to_string(), span });
                    // The value's spans stay where it is written (a tfvars file).
                    if let Some(v) = (self.var)(name) {
                        return v;
                    }
                }
                self.unknown(e)
            }
            Kind::Call { name, namespaced, args } => {
                if *namespaced {
                    return self.unknown(e);
                }
                match (name.as_ref(), args.as_slice()) {
                    ("jsonencode", [arg]) if json_ok => {
                        let inner = self.expr(arg, false);
                        if inner.is_unknown() {
                            return self.unknown(e);
                        }
                        inner
                    }
                    ("filebase64", [arg]) => {
                        let call = path_arg(arg).map_or(FileUse::Dynamic, FileUse::Base64);
                        self.refs.push(Reference::File { call, span });
                        self.unknown(e)
                    }
                    ("base64encode", [Expr { kind: Kind::Call { name: inner, args: inner_args, .. }, .. }])
                        if inner == "file" && inner_args.len() == 1 =>
                    {
                        let call = inner_args.first().and_then(path_arg).map_or(FileUse::Dynamic, FileUse::Base64);
                        self.refs.push(Reference::File { call, span });
                        self.unknown(e)
                    }
                    ("file", [arg]) => {
                        let call = path_arg(arg).map_or(FileUse::Dynamic, FileUse::Text);
                        self.refs.push(Reference::File { call, span });
                        self.unknown(e)
                    }
                    _ => self.unknown(e),
                }
            }
            _ => self.unknown(e),
        }
    }

    /// A body as an object: attributes, and nested blocks as objects (CKS501 reports the
    /// block form; the contents are linted either way). Returns the blocks met.
    pub fn body(&mut self, body: &Body<'_>, span: Span, json_keys: &[&str]) -> (Node, Vec<BlockUse>) {
        let mut members = Vec::new();
        let mut blocks = Vec::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let value = self.expr(&a.value, json_keys.contains(&a.key.as_ref()));
                    members.push(Member::new(a.key.as_ref().into(), self.span(a.key_span), value));
                }
                Structure::Block(b) => {
                    let key_span = self.span(b.ident_span);
                    let (value, _) = self.body(&b.body, self.span(b.span), &[]);
                    blocks.push(BlockUse { name: b.ident.to_string(), ident: key_span, labelled: !b.labels.is_empty() });
                    if b.labels.is_empty() {
                        members.push(Member::new(b.ident.as_ref().into(), key_span, value));
                    }
                }
            }
        }
        (Node::new(span, NodeKind::Object(members.into()), Style::Flow), blocks)
    }
}

/// A nested block met in a resource body.
#[derive(Clone, Debug)]
pub struct BlockUse {
    pub name: String,
    /// Span of the block's identifier.
    pub ident: Span,
    pub labelled: bool,
}

/// The text of a template made only of literal parts.
fn literal_template(parts: &[Part<'_>]) -> Option<String> {
    let mut out = String::new();
    for p in parts {
        match p {
            Part::Literal(l) => out.push_str(l),
            _ => return None,
        }
    }
    Some(out)
}

/// A file path written as a literal or as `"${path.module}/…"`: relative to the module's
/// directory (an absolute path stays absolute, and is refused later).
fn path_arg(e: &Expr<'_>) -> Option<String> {
    match &e.kind {
        Kind::String(s) => Some(s.to_string()),
        Kind::Template(parts) => match parts.as_slice() {
            [Part::PathModule, rest @ ..] => {
                let mut out = String::from(".");
                for p in rest {
                    match p {
                        Part::Literal(l) => out.push_str(l),
                        _ => return None,
                    }
                }
                Some(out)
            }
            _ => literal_template(parts),
        },
        Kind::Paren(p) => path_arg(p),
        _ => None,
    }
}

/// The labels of a block as strings.
pub fn labels<'b>(b: &'b Block<'_>) -> Vec<&'b str> {
    b.labels.iter().map(|(l, _)| l.as_ref()).collect()
}

/// The `resource`/`variable`/`terraform` blocks of a body.
pub fn blocks<'b, 'a>(body: &'b Body<'a>, ident: &'b str) -> impl Iterator<Item = &'b Block<'a>> + 'b {
    body.blocks(ident)
}
