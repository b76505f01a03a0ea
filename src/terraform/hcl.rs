//! HCL native syntax through `hcl-edit`: a file's body becomes span trees of static
//! values (SPEC §6). Expressions that are not statically known become
//! [`NodeKind::Unknown`]; references to `var.NAME` and file functions are recorded so the
//! caller can resolve them.

use crate::source::{Member, Node, NodeKind, Number, Span, Style};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::structure::{Block, Body, Structure};
use hcl_edit::template::Element;

/// A parse failure: message and byte offset (into the text given to [`parse`]).
#[derive(Debug)]
pub struct SyntaxError {
    pub message: String,
    pub offset: usize,
}

/// Parse HCL text (without a BOM). `hcl-edit` limits nesting itself; a panic inside it
/// (never seen, but the input is untrusted) is a syntax error too.
pub fn parse(text: &str) -> Result<Body, SyntaxError> {
    match std::panic::catch_unwind(|| hcl_edit::parser::parse_body(text)) {
        Ok(Ok(body)) => Ok(body),
        Ok(Err(e)) => {
            let line = e.line().trim_end();
            let msg = e.message().trim();
            let message = if msg.is_empty() { format!("invalid HCL near `{line}`") } else { format!("invalid HCL: {msg}") };
            Err(SyntaxError { message, offset: e.location().offset().min(text.len()) })
        }
        Err(_) => Err(SyntaxError { message: "invalid HCL (the parser gave up)".into(), offset: 0 }),
    }
}

/// Span of something `hcl-edit` parsed, moved by `base`.
pub fn span_of(x: &dyn hcl_edit::Span, base: usize) -> Span {
    x.span().map_or(Span::empty(base), |r| Span::new(r.start + base, r.end + base))
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

    fn span(&self, x: &dyn hcl_edit::Span) -> Span {
        span_of(x, self.base)
    }

    fn unknown(&self, e: &Expression) -> Node {
        Node::new(self.span(e), NodeKind::Unknown, Style::Flow)
    }

    /// The static value of an expression, or `Unknown`. `json_ok`: `jsonencode(X)` stands
    /// for `X` (the attribute holds JSON text that the mapping reads as the object).
    pub fn expr(&mut self, e: &Expression, json_ok: bool) -> Node {
        let span = self.span(e);
        match e {
            Expression::Null(_) => Node::new(span, NodeKind::Null, Style::Json),
            Expression::Bool(b) => Node::new(span, NodeKind::Bool(*b.value()), Style::Json),
            Expression::Number(n) => Node::new(span, NodeKind::Number(number(n.value())), Style::Json),
            Expression::String(s) => Node::new(span, NodeKind::String(s.value().clone()), Style::DoubleQuoted),
            Expression::Array(items) => {
                let items: Vec<Node> = items.iter().map(|i| self.expr(i, false)).collect();
                Node::new(span, NodeKind::Array(items), Style::Flow)
            }
            Expression::Object(obj) => {
                let mut members: Vec<Member> = Vec::with_capacity(obj.len());
                for (k, v) in obj.iter() {
                    let key = match k {
                        ObjectKey::Ident(id) => id.as_str().to_string(),
                        ObjectKey::Expression(Expression::String(s)) => s.value().clone(),
                        ObjectKey::Expression(_) => return self.unknown(e), // a computed key
                    };
                    let value = self.expr(v.expr(), false);
                    members.push(Member::new(key, self.span(k), value));
                }
                Node::new(span, NodeKind::Object(members), Style::Flow)
            }
            Expression::StringTemplate(t) => match literal_template(t) {
                Some(text) => Node::new(span, NodeKind::String(text), Style::DoubleQuoted),
                None => self.unknown(e),
            },
            Expression::HeredocTemplate(h) => match literal_template(&h.template) {
                Some(text) => Node::new(span, NodeKind::String(dedent(&text, h.indent())), Style::Literal),
                None => self.unknown(e),
            },
            Expression::Parenthesis(p) => self.expr(p.inner(), json_ok),
            Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Neg => match &op.expr {
                Expression::Number(n) => {
                    let n = number(n.value());
                    let neg = Number { int: n.int.and_then(|i| i.checked_neg()), float: -n.float };
                    Node::new(span, NodeKind::Number(neg), Style::Json)
                }
                _ => self.unknown(e),
            },
            Expression::Traversal(t) => {
                if let (Expression::Variable(root), [op]) = (&t.expr, t.operators.as_slice()) {
                    if root.as_str() == "var" {
                        if let TraversalOperator::GetAttr(name) = op.value() {
                            self.refs.push(Reference::Var { name: name.as_str().to_string(), span });
                            // The value's spans stay where it is written (a tfvars file).
                            if let Some(v) = (self.var)(name.as_str()) {
                                return v;
                            }
                        }
                    }
                }
                self.unknown(e)
            }
            Expression::FuncCall(call) => {
                let name = call.name.name.as_str();
                let args: Vec<&Expression> = call.args.iter().collect();
                if call.name.is_namespaced() {
                    return self.unknown(e);
                }
                match (name, args.as_slice()) {
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
                    ("base64encode", [Expression::FuncCall(inner)]) if inner.name.name.as_str() == "file" && inner.args.len() == 1 => {
                        let call = inner.args.iter().next().and_then(path_arg).map_or(FileUse::Dynamic, FileUse::Base64);
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
    pub fn body(&mut self, body: &Body, span: Span, json_keys: &[&str]) -> (Node, Vec<BlockUse>) {
        let mut members = Vec::new();
        let mut blocks = Vec::new();
        for s in body.iter() {
            match s {
                Structure::Attribute(a) => {
                    let key = a.key.as_str().to_string();
                    let value = self.expr(&a.value, json_keys.contains(&key.as_str()));
                    members.push(Member::new(key, self.span(&a.key), value));
                }
                Structure::Block(b) => {
                    let key = b.ident.as_str().to_string();
                    let key_span = self.span(&b.ident);
                    let (value, _) = self.body(&b.body, self.span(b), &[]);
                    blocks.push(BlockUse { name: key.clone(), ident: key_span, labelled: !b.labels.is_empty() });
                    if b.labels.is_empty() {
                        members.push(Member::new(key, key_span, value));
                    }
                }
            }
        }
        (Node::new(span, NodeKind::Object(members), Style::Flow), blocks)
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

fn number(n: &hcl_edit::Number) -> Number {
    match n.as_i64() {
        Some(i) => Number::from_i64(i),
        None => Number::from_f64(n.as_f64().unwrap_or(f64::NAN)),
    }
}

/// The text of a template made only of literal parts.
fn literal_template(t: &hcl_edit::template::Template) -> Option<String> {
    let mut out = String::new();
    for el in t.iter() {
        match el {
            Element::Literal(l) => out.push_str(l.value()),
            _ => return None,
        }
    }
    Some(out)
}

/// `<<-` heredocs strip the common indentation (hcl-edit keeps the raw text).
fn dedent(text: &str, indent: Option<usize>) -> String {
    let Some(n) = indent else { return text.to_string() };
    text.split_inclusive('\n').map(|l| if l.len() >= n && l[..n].trim().is_empty() { &l[n..] } else { l.trim_start() }).collect()
}

/// A file path written as a literal or as `"${path.module}/…"`: relative to the module's
/// directory (an absolute path stays absolute, and is refused later).
fn path_arg(e: &Expression) -> Option<String> {
    match e {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => {
            let parts: Vec<&Element> = t.iter().collect();
            match parts.as_slice() {
                [Element::Interpolation(i), rest @ ..] if is_path_module(&i.expr) => {
                    let mut out = String::from(".");
                    for p in rest {
                        out.push_str(p.as_literal()?.value());
                    }
                    Some(out)
                }
                _ => literal_template(t),
            }
        }
        Expression::Parenthesis(p) => path_arg(p.inner()),
        _ => None,
    }
}

fn is_path_module(e: &Expression) -> bool {
    match e {
        Expression::Traversal(t) => {
            matches!(&t.expr, Expression::Variable(v) if v.as_str() == "path")
                && matches!(t.operators.as_slice(), [op] if matches!(op.value(), TraversalOperator::GetAttr(a) if a.as_str() == "module" || a.as_str() == "root"))
        }
        _ => false,
    }
}

/// The labels of a block as strings.
pub fn labels(b: &Block) -> Vec<&str> {
    b.labels.iter().map(|l| l.as_str()).collect()
}

/// The `resource`/`variable`/`terraform` blocks of a body.
pub fn blocks<'b>(body: &'b Body, ident: &'b str) -> impl Iterator<Item = &'b Block> + 'b {
    body.iter().filter_map(|s| s.as_block()).filter(move |b| b.ident.as_str() == ident)
}
