//! The part of an HCL file the loader reads: structures, and expressions reduced to what
//! [`super::hcl::Converter`] and the configuration's checks look at (literals, arrays,
//! objects, templates, `var.NAME`-style traversals, function calls). Spans are byte
//! offsets into the text that was parsed.
//!
//! Two parsers build it: [`super::scan`], fast, for the plain HCL nearly every
//! configuration is written in (it gives up on anything else), and `hcl-edit`, for
//! everything, lowered here ([`lower`]). Both give equal trees where the fast one answers
//! (tests in `scan.rs` compare them).

use crate::source::{Number, Span};
use hcl_edit::expr::{Expression, ObjectKey, TraversalOperator, UnaryOperator};
use hcl_edit::template::Element;
use std::borrow::Cow;

/// A body: attributes and blocks, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Body<'a> {
    pub structures: Vec<Structure<'a>>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Structure<'a> {
    Attribute(Attribute<'a>),
    Block(Block<'a>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Attribute<'a> {
    pub key: Cow<'a, str>,
    pub key_span: Span,
    pub value: Expr<'a>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Block<'a> {
    pub ident: Cow<'a, str>,
    pub ident_span: Span,
    /// Labels (quoted or bare) with their spans (quotes included).
    pub labels: Vec<(Cow<'a, str>, Span)>,
    pub body: Body<'a>,
    /// From the identifier to the closing brace.
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Expr<'a> {
    pub span: Span,
    pub kind: Kind<'a>,
}

/// A piece of a string template.
#[derive(Clone, Debug, PartialEq)]
pub enum Part<'a> {
    Literal(Cow<'a, str>),
    /// `${path.module}` or `${path.root}`.
    PathModule,
    /// Any other interpolation or directive.
    Other,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind<'a> {
    Null,
    Bool(bool),
    /// A number, a negated one included.
    Number(Number),
    String(Cow<'a, str>),
    /// A quoted string with interpolations or directives.
    Template(Vec<Part<'a>>),
    /// A heredoc: its text (indentation stripped for `<<-`) when made only of literal
    /// parts, else `None`.
    Heredoc(Option<String>),
    Array(Vec<Expr<'a>>),
    /// Members: the key (`None` when computed), its span and the value.
    Object(Vec<(Option<Cow<'a, str>>, Span, Expr<'a>)>),
    Paren(Box<Expr<'a>>),
    /// `root.a.b`: the root variable's name (`None` when the root is another expression)
    /// and each operator's attribute name (`None` for an index or splat).
    Traversal {
        root: Option<Cow<'a, str>>,
        ops: Vec<Option<Cow<'a, str>>>,
    },
    Call {
        name: Cow<'a, str>,
        namespaced: bool,
        args: Vec<Expr<'a>>,
    },
    /// A bare variable, an operation, a conditional, a `for` expression.
    Other,
}

impl<'a> Body<'a> {
    pub fn iter(&self) -> impl Iterator<Item = &Structure<'a>> {
        self.structures.iter()
    }

    /// The blocks named `ident`.
    pub fn blocks<'b>(&'b self, ident: &'b str) -> impl Iterator<Item = &'b Block<'a>> + 'b {
        self.structures.iter().filter_map(move |s| match s {
            Structure::Block(b) if b.ident == ident => Some(b),
            _ => None,
        })
    }

    pub fn attributes(&self) -> impl Iterator<Item = &Attribute<'a>> {
        self.structures.iter().filter_map(|s| match s {
            Structure::Attribute(a) => Some(a),
            _ => None,
        })
    }

    /// The attribute `key` (a body defines each at most once).
    pub fn attribute(&self, key: &str) -> Option<&Attribute<'a>> {
        self.attributes().find(|a| a.key == key)
    }
}

impl Block<'_> {
    pub fn label(&self, i: usize) -> Option<&str> {
        self.labels.get(i).map(|(l, _)| l.as_ref())
    }
}

fn own(s: &str) -> Cow<'static, str> {
    Cow::Owned(s.to_string())
}

fn span(x: &dyn hcl_edit::Span) -> Span {
    x.span().map_or(Span::empty(0), |r| Span::new(r.start, r.end))
}

/// `hcl-edit`'s tree as the loader's.
pub fn lower(body: &hcl_edit::structure::Body) -> Body<'static> {
    let structures = body
        .iter()
        .map(|s| match s {
            hcl_edit::structure::Structure::Attribute(a) => {
                Structure::Attribute(Attribute { key: own(a.key.as_str()), key_span: span(&a.key), value: lower_expr(&a.value) })
            }
            hcl_edit::structure::Structure::Block(b) => Structure::Block(Block {
                ident: own(b.ident.as_str()),
                ident_span: span(&b.ident),
                labels: b.labels.iter().map(|l| (own(l.as_str()), span(l))).collect(),
                body: lower(&b.body),
                span: span(b),
            }),
        })
        .collect();
    Body { structures }
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

fn is_path_module(e: &Expression) -> bool {
    match e {
        Expression::Traversal(t) => {
            matches!(&t.expr, Expression::Variable(v) if v.as_str() == "path")
                && matches!(t.operators.as_slice(), [op] if matches!(op.value(), TraversalOperator::GetAttr(a) if a.as_str() == "module" || a.as_str() == "root"))
        }
        _ => false,
    }
}

pub fn lower_expr(e: &Expression) -> Expr<'static> {
    let kind = match e {
        Expression::Null(_) => Kind::Null,
        Expression::Bool(b) => Kind::Bool(*b.value()),
        Expression::Number(n) => Kind::Number(number(n.value())),
        Expression::String(s) => Kind::String(Cow::Owned(s.value().clone())),
        Expression::Array(items) => Kind::Array(items.iter().map(lower_expr).collect()),
        Expression::Object(obj) => Kind::Object(
            obj.iter()
                .map(|(k, v)| {
                    let key = match k {
                        ObjectKey::Ident(id) => Some(own(id.as_str())),
                        ObjectKey::Expression(Expression::String(s)) => Some(Cow::Owned(s.value().clone())),
                        ObjectKey::Expression(_) => None,
                    };
                    (key, span(k), lower_expr(v.expr()))
                })
                .collect(),
        ),
        Expression::StringTemplate(t) => Kind::Template(
            t.iter()
                .map(|el| match el {
                    Element::Literal(l) => Part::Literal(Cow::Owned(l.value().clone())),
                    Element::Interpolation(i) if is_path_module(&i.expr) => Part::PathModule,
                    _ => Part::Other,
                })
                .collect(),
        ),
        Expression::HeredocTemplate(h) => Kind::Heredoc(literal_template(&h.template).map(|t| dedent(&t, h.indent()))),
        Expression::Parenthesis(p) => Kind::Paren(Box::new(lower_expr(p.inner()))),
        Expression::UnaryOp(op) if *op.operator.value() == UnaryOperator::Neg => match &op.expr {
            Expression::Number(n) => {
                let n = number(n.value());
                Kind::Number(Number::new(n.int().and_then(|i| i.checked_neg()), -n.float()))
            }
            _ => Kind::Other,
        },
        Expression::Traversal(t) => Kind::Traversal {
            root: match &t.expr {
                Expression::Variable(v) => Some(own(v.as_str())),
                _ => None,
            },
            ops: t
                .operators
                .iter()
                .map(|o| match o.value() {
                    TraversalOperator::GetAttr(n) => Some(own(n.as_str())),
                    _ => None,
                })
                .collect(),
        },
        Expression::FuncCall(call) => Kind::Call {
            name: own(call.name.name.as_str()),
            namespaced: call.name.is_namespaced(),
            args: call.args.iter().map(lower_expr).collect(),
        },
        _ => Kind::Other,
    };
    Expr { span: span(e), kind }
}
