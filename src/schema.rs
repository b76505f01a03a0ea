//! The embedded request JSON Schema and the structure pass (CKS101–CKS106, CKS007).
//!
//! The tree is converted to `serde_json` (proto spellings such as `vpc_id` become the
//! JSON names, reported as CKS103) and validated with the embedded draft 2020-12 schema,
//! built once per process. Each error's instance path is walked back through the span
//! tree to the narrowest node: a missing field to its parent's key (the document's first
//! key at the root), an unknown field to that key, a wrong type to the value. Only
//! `required`, `additionalProperties` and `type` errors become findings here; the domain
//! constraints the schema also states for editors (patterns, lengths, formats, enums) are
//! reported by the field rules, with better messages.

use crate::diagnostic::{Applicability, Fix};
use crate::lint::Ctx;
use crate::registry::Rule;
use crate::rules::aliases;
use crate::rules::structure::{BLANK_VALUE, MISSING_FIELD, NON_CANONICAL_FIELD_NAME, NULL_VALUE, UNKNOWN_FIELD, WRONG_TYPE};
use crate::source::{pointer_push, snake_to_camel, Format, Member, Node, NodeKind, Span, Style};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

/// The create-cluster request schema (draft 2020-12), as shipped.
pub static REQUEST_SCHEMA: &str = include_str!("../schema/request.schema.json");

/// JSON type of a schema property, as far as messages need it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Boolean,
    Integer,
    Object,
    Array,
    Any,
}

impl Kind {
    fn article(self) -> &'static str {
        match self {
            Kind::String => "a string",
            Kind::Boolean => "a boolean",
            Kind::Integer => "an integer",
            Kind::Object => "a mapping",
            Kind::Array => "a list",
            Kind::Any => "a value",
        }
    }
}

/// What the schema says about one property.
#[derive(Clone, Debug)]
pub struct Prop {
    pub kind: Kind,
    /// `minLength` ≥ 1: a blank string is CKS105.
    pub non_blank: bool,
    pub item_kind: Option<Kind>,
    pub item_non_blank: bool,
    /// First sentence of the description, for help text.
    pub about: String,
    /// `readOnly`: output-only, never a did-you-mean suggestion.
    pub read_only: bool,
    /// An object whose members the schema does not constrain (`type`, `minProperties` of
    /// at most 1 and annotations only: `kubelet`): the validator is shown its first member
    /// alone, which it judges the same, so 400,000 options are not converted.
    pub open_object: bool,
    /// For an object property the schema describes: its shape's dotted path (a key of
    /// [`Table::shape`]), so passes descend without building the path.
    pub child: Option<String>,
}

/// An object of the schema: its properties (in schema order) and required names.
#[derive(Clone, Debug, Default)]
pub struct Shape {
    pub props: Vec<(String, Prop)>,
    pub required: Vec<String>,
}

impl Shape {
    pub fn prop(&self, name: &str) -> Option<&Prop> {
        self.props.iter().find(|(n, _)| n == name).map(|(_, p)| p)
    }
}

/// Shapes by dotted path ("" = the request, "network", "oidc", ...). A handful of
/// entries: a linear scan beats hashing.
pub struct Table {
    pub shapes: Vec<(String, Shape)>,
}

impl Table {
    pub fn shape(&self, path: &str) -> Option<&Shape> {
        self.shapes.iter().find(|(p, _)| p == path).map(|(_, s)| s)
    }
    /// Every object path where a property of this name is defined.
    pub fn homes_of(&self, name: &str) -> Vec<&str> {
        let mut v: Vec<&str> = self.shapes.iter().filter(|(_, s)| s.prop(name).is_some()).map(|(p, _)| p.as_str()).collect();
        v.sort();
        v
    }
}

static SCHEMA_VALUE: LazyLock<Value> = LazyLock::new(|| serde_json::from_str(REQUEST_SCHEMA).unwrap_or(Value::Bool(true)));

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut shapes = HashMap::new();
    collect_shapes(&SCHEMA_VALUE, &SCHEMA_VALUE, "", &mut shapes);
    let mut shapes: Vec<(String, Shape)> = shapes.into_iter().collect();
    shapes.sort_by_key(|(p, _)| p.len());
    Table { shapes }
});

/// The request schema's validator, generated from `schema/request.schema.json` when the
/// crate is built (jsonschema's `validator` macro): no schema is compiled, and the schema
/// is not checked against the 2020-12 meta-schema, at run time. A test
/// (`generated_validator_agrees_with_runtime`) holds it to a validator built at run time.
#[jsonschema::validator(path = "schema/request.schema.json", draft = Draft202012, pattern_options = { engine = regex })]
struct RequestValidator;

/// The schema's object table (built once).
pub fn table() -> &'static Table {
    &TABLE
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str).and_then(|r| r.strip_prefix("#/$defs/")) {
        Some(name) => root.get("$defs").and_then(|d| d.get(name)).unwrap_or(node),
        None => node,
    }
}

fn kind_of(v: &Value) -> Kind {
    match v.get("type").and_then(Value::as_str) {
        Some("string") => Kind::String,
        Some("boolean") => Kind::Boolean,
        Some("integer") => Kind::Integer,
        Some("object") => Kind::Object,
        Some("array") => Kind::Array,
        _ => Kind::Any,
    }
}

/// See [`Prop::open_object`].
fn is_open_object(p: &Value) -> bool {
    let Some(o) = p.as_object() else { return false };
    kind_of(p) == Kind::Object
        && o.iter().all(|(k, v)| match k.as_str() {
            "type" | "description" | "examples" | "title" | "$comment" => true,
            "minProperties" => v.as_u64().is_some_and(|n| n <= 1),
            _ => false,
        })
}

fn collect_shapes(root: &Value, node: &Value, path: &str, out: &mut HashMap<String, Shape>) {
    let node = resolve(root, node);
    let Some(props) = node.get("properties").and_then(Value::as_object) else { return };
    let required = node
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(|v| v.as_str().map(String::from)).collect())
        .unwrap_or_default();
    let mut shape = Shape { props: Vec::new(), required };
    for (name, p) in props {
        let p = resolve(root, p);
        let items = p.get("items").map(|i| resolve(root, i));
        let about =
            p.get("description").and_then(Value::as_str).unwrap_or("").split(". ").next().unwrap_or("").trim_end_matches('.').to_string();
        shape.props.push((
            name.clone(),
            Prop {
                kind: kind_of(p),
                non_blank: p.get("minLength").and_then(Value::as_u64).unwrap_or(0) > 0,
                item_kind: items.map(kind_of),
                item_non_blank: items.and_then(|i| i.get("minLength")).and_then(Value::as_u64).unwrap_or(0) > 0,
                about,
                read_only: p.get("readOnly").and_then(Value::as_bool).unwrap_or(false),
                open_object: is_open_object(p),
                child: None,
            },
        ));
        let child = if path.is_empty() { name.clone() } else { format!("{path}.{name}") };
        collect_shapes(root, p, &child, out);
        if kind_of(p) == Kind::Object && out.contains_key(&child) {
            if let Some((_, prop)) = shape.props.last_mut() {
                prop.child = Some(child);
            }
        }
    }
    out.insert(path.to_string(), shape);
}

/// Run the structure rules on one request mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let table = table();
    // Converting and validating is most of a large file's cost: only for rules that are on.
    let structure = [&BLANK_VALUE, &MISSING_FIELD, &NULL_VALUE, &UNKNOWN_FIELD, &WRONG_TYPE, &NON_CANONICAL_FIELD_NAME];
    if !structure.iter().any(|r| ctx.enabled(r)) && !ctx.enabled(&crate::rules::input::DUPLICATE_KEY) {
        if ctx.format == Format::Yaml && ctx.enabled(&crate::rules::input::YAML_AMBIGUOUS_SCALAR) {
            ambiguous_scalars(ctx, root, Some(""), &mut String::new(), false);
        }
        return;
    }
    // Members a schema object does not define are not converted (every schema object is
    // closed: `additionalProperties: false`); they are collected here, by object, in
    // document order, and reported as the validator would have (CKS102).
    let mut unknowns: Vec<(Vec<Seg>, Vec<usize>)> = Vec::new();
    let mut mistyped: Vec<(Vec<Seg>, Vec<usize>)> = Vec::new();
    let value = convert(ctx, root, Some(""), &mut String::new(), &mut Vec::new(), &mut (&mut unknowns, &mut mistyped));
    let problems = validate(&value);
    for (path, indices) in &mistyped {
        mistyped_items(ctx, root, path, indices, table);
    }
    if !problems.is_empty() || !unknowns.is_empty() {
        let problems = problems.as_slice();
        // Unknown keys first: one that stands for a missing required field (`region` for
        // `zone`) claims it, and the field gets no CKS101 of its own.
        let mut claimed: HashSet<String> = HashSet::new();
        let mut claimers: Vec<(String, usize)> = Vec::new();
        for (path, indices) in &unknowns {
            let Some(parent) = locate(root, path) else { continue };
            let members = parent.node.as_object().unwrap_or(&[]);
            for member in indices.iter().filter_map(|&i| members.get(i)) {
                if let Some(field) = unknown(ctx, root, &parent, member, table) {
                    claimers.push((field.clone(), ctx.diagnostics.len().wrapping_sub(1)));
                    claimed.insert(field);
                }
            }
        }
        for problem in problems {
            if let Problem::Unknown(path, names) = problem {
                let Some(parent) = locate(root, path) else { continue };
                // Looked up by key: an object with thousands of unknown keys stays linear.
                let by_key: HashMap<&str, &Member> = parent.node.as_object().unwrap_or(&[]).iter().map(|m| (m.key.as_str(), m)).collect();
                for member in names.iter().filter_map(|name| by_key.get(name.as_str())) {
                    if let Some(field) = unknown(ctx, root, &parent, member, table) {
                        claimers.push((field.clone(), ctx.diagnostics.len().wrapping_sub(1)));
                        claimed.insert(field);
                    }
                }
            }
        }
        // Two keys standing for one field (`region` and `location`): renaming both would
        // set it twice, so neither rename is safe.
        if claimers.len() > claimed.len() {
            let mut claims: HashMap<&str, usize> = HashMap::new();
            for (field, _) in &claimers {
                *claims.entry(field.as_str()).or_default() += 1;
            }
            for (field, index) in &claimers {
                if claims.get(field.as_str()).is_some_and(|&n| n > 1) {
                    if let Some(fix) = ctx.diagnostics.get_mut(*index).and_then(|d| d.fix.as_mut()) {
                        fix.applicability = Applicability::Unsafe;
                    }
                }
            }
        }
        for problem in problems {
            match problem {
                Problem::Missing(path, name) => missing(ctx, root, path, name, table, &claimed),
                Problem::Unknown(..) => {}
                // A value not known until apply is present, of no known type.
                Problem::Type(path) if locate(root, path).is_some_and(|f| f.node.is_unknown()) => {}
                Problem::Type(path) => wrong_type(ctx, root, path, table),
            }
        }
    }
    blanks(ctx, root, table);
    if ctx.format == Format::Yaml {
        ambiguous_scalars(ctx, root, Some(""), &mut String::new(), false);
    }
}

/// The validator's problems with a converted document ([`problems`]; none when it is
/// valid). They depend on its structure alone — keys, nesting, list lengths and the JSON
/// type of each value — never on a string's or number's value: the schema has no
/// conditionals, and the errors of its value constraints (patterns, formats, lengths,
/// bounds, enums of the right type) are not acted on. So the documents of a stream that
/// share a structure are validated once per thread (`skeleton` is the key; a key is a
/// few hundred bytes, since lists of strings and `kubelet` reach the validator cut
/// down), and the rest cost a walk of the converted value
/// (`validation_by_structure_is_validation`).
fn validate(value: &Value) -> std::rc::Rc<Vec<Problem>> {
    use std::cell::RefCell;
    use std::rc::Rc;
    const MAX_KEY: usize = 4096;
    const MAX_ENTRIES: usize = 256;
    thread_local! {
        static SEEN: RefCell<HashMap<Vec<u8>, Rc<Vec<Problem>>, hashbrown::DefaultHashBuilder>> = RefCell::new(HashMap::default());
    }
    let run = |value: &Value| {
        if RequestValidator::is_valid(value) {
            Vec::new()
        } else {
            problems(RequestValidator::iter_errors(value))
        }
    };
    let mut key = Vec::with_capacity(512);
    if !skeleton(value, &mut key, MAX_KEY) {
        return Rc::new(run(value));
    }
    SEEN.with(|seen| {
        if let Some(p) = seen.borrow().get(&key) {
            return Rc::clone(p);
        }
        let p = Rc::new(run(value));
        let mut seen = seen.borrow_mut();
        if seen.len() >= MAX_ENTRIES {
            seen.clear();
        }
        seen.insert(key, Rc::clone(&p));
        p
    })
}

/// The structure of `value` as bytes (what [`validate`] depends on): a tag per value,
/// keys with their length. `false` once it is longer than `max` (or has a key of 256
/// bytes or more: such a document is validated as it is).
fn skeleton(value: &Value, out: &mut Vec<u8>, max: usize) -> bool {
    match value {
        Value::Null => out.push(b'0'),
        Value::Bool(_) => out.push(b'b'),
        Value::Number(n) if n.is_i64() || n.is_u64() => out.push(b'i'),
        Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => out.push(b'w'),
        Value::Number(_) => out.push(b'f'),
        Value::String(_) => out.push(b's'),
        Value::Array(items) => {
            out.push(b'[');
            for item in items {
                if !skeleton(item, out, max) {
                    return false;
                }
            }
            out.push(b']');
        }
        Value::Object(members) => {
            out.push(b'{');
            for (k, v) in members {
                let Ok(len) = u8::try_from(k.len()) else { return false };
                out.push(len);
                out.extend_from_slice(k.as_bytes());
                if !skeleton(v, out, max) {
                    return false;
                }
            }
            out.push(b'}');
        }
    }
    out.len() <= max
}

/// What the structure rules take from a schema error.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Problem {
    Missing(Vec<Seg>, String),
    Unknown(Vec<Seg>, Vec<String>),
    Type(Vec<Seg>),
}

/// The schema errors the structure rules act on, in the validator's order. A value
/// outside an `enum` that is not even of the schema's `type` there is a type problem:
/// the generated validator reports only the `enum` error for it, where a run-time
/// validator reports both (`generated_validator_agrees_with_runtime`).
fn problems<'a>(errors: impl Iterator<Item = jsonschema::ValidationError<'a>>) -> Vec<Problem> {
    use jsonschema::error::ValidationErrorKind as K;
    let mut out: Vec<Problem> = Vec::new();
    // A document's few problems are compared in place; past 16 they go through a set, so
    // a list of 40,000 wrongly typed items stays linear.
    let mut seen: Option<HashSet<Problem>> = None;
    for err in errors {
        let path: Vec<Seg> = err
            .instance_path()
            .segments()
            .map(|s| match s {
                jsonschema::paths::LocationSegment::Property(p) => Seg::Key(p.to_string()),
                jsonschema::paths::LocationSegment::Index(i) => Seg::Index(i),
            })
            .collect();
        let problem = match err.kind() {
            K::Required { property } => match property.as_str() {
                Some(name) => Problem::Missing(path, name.to_string()),
                None => continue,
            },
            K::AdditionalProperties { unexpected } => Problem::Unknown(path, unexpected.clone()),
            K::Type { .. } => Problem::Type(path),
            K::Enum { .. } => {
                let ty = err
                    .schema_path()
                    .as_str()
                    .strip_suffix("/enum")
                    .and_then(|p| SCHEMA_VALUE.pointer(&format!("{p}/type")))
                    .and_then(Value::as_str);
                match ty {
                    Some(ty) if !is_of_type(err.instance(), ty) => Problem::Type(path),
                    _ => continue,
                }
            }
            _ => continue,
        };
        let new = match &mut seen {
            Some(set) => set.insert(problem.clone()),
            None => !out.contains(&problem),
        };
        if new {
            out.push(problem);
            if seen.is_none() && out.len() > 16 {
                seen = Some(out.iter().cloned().collect());
            }
        }
    }
    out
}

/// Whether `value` is of the JSON Schema type `ty`.
fn is_of_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "null" => value.is_null(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64() || value.as_f64().is_some_and(|f| f.fract() == 0.0),
        _ => true,
    }
}

/// One segment of an instance path, with canonical (JSON) property names.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Seg {
    Key(String),
    Index(usize),
}

/// Where an instance path leads in the span tree.
struct Found<'a> {
    node: &'a Node,
    /// The member through which the node was reached (None for the root and array items).
    member: Option<&'a Member>,
    pointer: String,
    /// Dotted schema path of the node ("" for the root; array indices skipped).
    shape_path: String,
    /// Dotted display path with indices (`network.internalLbCidrNames[2]`).
    display: String,
}

fn locate<'a>(root: &'a Node, path: &[Seg]) -> Option<Found<'a>> {
    let mut f = Found { node: root, member: None, pointer: String::new(), shape_path: String::new(), display: String::new() };
    for seg in path {
        match seg {
            Seg::Key(k) => {
                let m = f.node.get(k)?;
                f.pointer = pointer_push(&f.pointer, &m.key);
                f.shape_path = if f.shape_path.is_empty() { k.clone() } else { format!("{}.{k}", f.shape_path) };
                f.display = if f.display.is_empty() { k.clone() } else { format!("{}.{k}", f.display) };
                f.node = &m.value;
                f.member = Some(m);
            }
            Seg::Index(i) => {
                let item = f.node.as_array()?.get(*i)?;
                f.pointer = pointer_push(&f.pointer, &i.to_string());
                f.display = format!("{}[{i}]", f.display);
                f.node = item;
                f.member = None;
            }
        }
    }
    Some(f)
}

/// The span a finding about a whole node points at: its key when it has one, else the
/// node itself; the document's first token for the root (`{` in JSON, the first key in
/// a block mapping).
fn anchor_span(f: &Found, document_start: Span) -> Span {
    match f.member {
        Some(m) => m.key_span(),
        None if f.pointer.is_empty() => document_start,
        None => f.node.span(),
    }
}

fn join(parent: &str, name: &str) -> String {
    if parent.is_empty() {
        name.to_string()
    } else {
        format!("{parent}.{name}")
    }
}

fn missing(ctx: &mut Ctx, root: &Node, path: &[Seg], name: &str, table: &Table, claimed: &HashSet<String>) {
    let Some(parent) = locate(root, path) else { return };
    let wanted = ctx.wants(&MISSING_FIELD);
    // Past the cap, and nothing claimed: no pointer to build.
    let pointer = if wanted || !claimed.is_empty() || ctx.first_unlisted(&MISSING_FIELD) {
        pointer_push(&parent.pointer, name)
    } else {
        String::new()
    };
    // An unknown key that stands for this very field (`region` for `zone`) is reported
    // as CKS102 with a rename: that finding speaks for the field, once.
    if claimed.contains(&pointer) {
        return;
    }
    let span = anchor_span(&parent, ctx.document_start);
    // Past the cap the finding is only counted (the first unlisted one keeps its place):
    // a stream of 800,000 documents each missing four fields builds no message for them.
    if !wanted {
        let pointer = if ctx.first_unlisted(&MISSING_FIELD) { pointer } else { String::new() };
        ctx.report(&MISSING_FIELD, span, pointer, "");
        return;
    }
    let field = join(&parent.display, name);
    let about = table.shape(&parent.shape_path).and_then(|s| s.prop(name)).map(|p| p.about.as_str()).unwrap_or_default();
    let help = (!about.is_empty()).then(|| format!("add `{name}`: {}", lower_first(about)));
    let d = ctx.report(&MISSING_FIELD, span, pointer, format!("missing required field `{field}`"));
    if let Some(help) = help {
        d.help(help);
    }
}

/// `s` with its first letter lower-cased, unless the first word is an acronym or an
/// identifier kept as written (`VPC prefixes`, `OIDC`, `IPv6`).
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(_) if c.clone().next().is_some_and(|n| n.is_uppercase() || n.is_ascii_digit()) => s.to_string(),
        Some(f) if f.is_ascii() => {
            let mut out = String::with_capacity(s.len());
            out.push(f.to_ascii_lowercase());
            out.push_str(c.as_str());
            out
        }
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// "`region` is the eksctl name", "`location` is the GKE and AKS name".
fn origin(name: &str, alias: &aliases::Alias) -> String {
    let names: Vec<&str> = alias.sources.iter().map(|s| s.as_str()).collect();
    let who = match names.as_slice() {
        [one] => (*one).to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
        [] => "another tool's".to_string(),
    };
    format!("`{name}` is the {who} name")
}

/// Whether `node` is a value the field at `path` (dotted, from the request root) accepts
/// as it stands; when not, the reason when one can be said. A rename to the field is safe
/// only when the value fits.
fn fit(path: &str, prop: &Prop, node: &Node, raw: &str) -> Result<(), Option<String>> {
    let field = path.rsplit('.').next().unwrap_or(path);
    let prefix_name = path.starts_with("network.") && field.contains("CidrName");
    match (&node.kind, prop.kind) {
        (NodeKind::String(s), Kind::String) => {
            let t = s.as_str();
            let ok = match field {
                "zone" if !crate::rules::identity::is_zone_shape(t) => {
                    let up = t.trim().to_ascii_uppercase();
                    return Err(Some(if crate::rules::identity::is_zone_shape(&up) {
                        format!("zones are uppercase: `{up}`")
                    } else {
                        "zones are uppercase Availability Zone names such as `US-EAST-04A`".to_string()
                    }));
                }
                "version" => crate::rules::identity::parse_minor(t).is_some(),
                "name" => crate::rules::identity::is_valid_name(t) && t.chars().count() <= 30,
                "vpcId" | "sharedStorageClusterId" if !crate::rules::identity::is_uuid(t.trim()) => {
                    return Err(Some(format!("`{field}` holds an ID (a UUID), not a name")));
                }
                _ if prefix_name && crate::rules::network::cidr_or_ip(t).is_some() => {
                    return Err(Some("it holds the name of a VPC prefix, not a CIDR".to_string()));
                }
                _ => !(prop.non_blank && t.trim().is_empty()),
            };
            if ok {
                Ok(())
            } else if field == "version" {
                Err(Some(version_hint(raw)))
            } else {
                Err(None)
            }
        }
        (NodeKind::Number(_), Kind::String) if field == "version" => Err(Some(version_hint(raw))),
        (NodeKind::Bool(_), Kind::Boolean) => Ok(()),
        (NodeKind::Number(n), Kind::Integer) if n.int().is_some() => Ok(()),
        (NodeKind::Array(items), Kind::Array) => {
            let strings = prop.item_kind != Some(Kind::String) || items.iter().all(|i| i.as_str().is_some_and(|s| !s.trim().is_empty()));
            if prefix_name && items.iter().any(|i| i.as_str().is_some_and(|s| crate::rules::network::cidr_or_ip(s).is_some())) {
                Err(Some("it holds names of VPC prefixes, not CIDRs".to_string()))
            } else if strings && !items.is_empty() {
                Ok(())
            } else {
                Err(None)
            }
        }
        // A mapping from another API holds that API's field names.
        (NodeKind::Object(_), Kind::Object) => Err(None),
        _ => Err(Some(format!("`{field}` takes {}", prop.kind.article()))),
    }
}

/// `v<major>.<minor>` for a version written `1.30`, `v1.30.2` or `"1.30"`.
fn version_text(raw: &str) -> Option<String> {
    let t = raw.trim().trim_matches(['"', '\'']);
    let rest = t.strip_prefix(['v', 'V']).unwrap_or(t);
    let parts: Vec<&str> = rest.split('.').collect();
    ((2..=3).contains(&parts.len()) && parts.iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())))
        .then(|| format!("v{}.{}", parts[0], parts[1]))
}

/// How to write a version given as `raw` (`1.30` → `"v1.30"`).
fn version_hint(raw: &str) -> String {
    match version_text(raw) {
        Some(v) => format!("write the version as \"{v}\""),
        None => "the version is `v<major>.<minor>`, such as \"v1.35\"".to_string(),
    }
}

/// At most five field names (required ones first), then how many more.
fn brief_list(shape: Option<&Shape>) -> String {
    let Some(shape) = shape else { return String::new() };
    let settable: Vec<&str> = shape.props.iter().filter(|(_, p)| !p.read_only).map(|(n, _)| n.as_str()).collect();
    let mut names: Vec<&str> = shape.required.iter().map(String::as_str).filter(|r| settable.contains(r)).collect();
    names.extend(settable.iter().filter(|n| !shape.required.iter().any(|r| r == *n)));
    let shown = if names.len() <= 6 { names.len() } else { 5 };
    let list = names[..shown].iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
    match names.len() - shown {
        0 => list,
        more => format!("{list} and {more} more"),
    }
}

/// CKS102 for one unknown key. Returns the pointer of the missing required field the key
/// stands for, if it stands for one (that field then gets no CKS101).
fn unknown(ctx: &mut Ctx, root: &Node, parent: &Found, member: &Member, table: &Table) -> Option<String> {
    if !ctx.wants(&UNKNOWN_FIELD) {
        // Past the cap (or off): counted, no did-you-mean to compute (the first unlisted
        // one keeps its pointer: it stands for the rest).
        let at = if ctx.first_unlisted(&UNKNOWN_FIELD) { pointer_push(&parent.pointer, &member.key) } else { String::new() };
        ctx.report(&UNKNOWN_FIELD, member.key_span(), at, String::new());
        return None;
    }
    let name = member.key.as_str();
    let pointer = pointer_push(&parent.pointer, &member.key);
    let here = table.shape(&parent.shape_path);
    let where_ = if parent.display.is_empty() { "a create-cluster request".to_string() } else { format!("`{}`", parent.display) };
    let base = format!("unknown field `{name}` in {where_}");
    let siblings = parent.node.as_object().unwrap_or(&[]);
    let is_set = |field: &str| siblings.iter().any(|m| m.key == field || snake_to_camel(&m.key) == field);
    let missing_required = |field: &str| here.is_some_and(|s| s.required.iter().any(|r| r == field)) && !is_set(field);
    let claim = |field: &str| missing_required(field).then(|| pointer_push(&parent.pointer, field));
    // Exact match ignoring case: a safe rename (output-only fields too: renaming to one
    // trades this finding for CKS203/CKS204, which say what to do).
    let known: Vec<&str> = here.map(|s| s.props.iter().map(|(n, _)| n.as_str()).collect()).unwrap_or_default();
    let camel = snake_to_camel(name);
    if let Some(k) = known.iter().find(|k| k.eq_ignore_ascii_case(name) || k.eq_ignore_ascii_case(&camel)) {
        let fix = rename_fix(ctx, member, k, Applicability::Safe);
        ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, base).help(format!("did you mean `{k}`?")).fix(fix);
        return claim(k);
    }
    // A known field of another object: say where it belongs (Terraform's flat
    // `pod_cidr_name` too).
    let homes: Vec<&str> =
        table.homes_of(&camel).into_iter().chain(table.homes_of(name)).filter(|h| *h != parent.shape_path && !h.contains('.')).collect();
    if let Some(home) = homes.first() {
        let json = if table.shape(home).is_some_and(|s| s.prop(name).is_some()) { name.to_string() } else { camel.clone() };
        let help = if home.is_empty() {
            format!("`{json}` belongs at the top level of the request, not under `{}`", parent.display)
        } else if json == name {
            format!("`{json}` belongs under `{home}`: move it into the `{home}` mapping")
        } else {
            format!("`{json}` belongs under `{home}`: move `{name}` into the `{home}` mapping as `{json}`")
        };
        let msg = if home.is_empty() { format!("`{name}` belongs at the top level") } else { format!("`{name}` belongs under `{home}`") };
        ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, format!("{base}: {msg}")).help(help);
        return stands_for(root, table, home, &json);
    }
    // Suggest and list only fields a request may set: renaming to an output-only field
    // trades this finding for CKS203/CKS204.
    let settable: Vec<&str> =
        here.map(|s| s.props.iter().filter(|(_, p)| !p.read_only).map(|(n, _)| n.as_str()).collect()).unwrap_or_default();
    let Some(suggestion) = aliases::suggest(name, &parent.shape_path, &settable) else {
        ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, base)
            .help(format!("the API does not define this field (it is rejected or silently dropped); fields here: {}", brief_list(here)));
        return None;
    };
    let alias = match suggestion.via {
        aliases::Via::Alias(a) => Some(a),
        _ => None,
    };
    let note = alias.and_then(|a| a.note);
    let (Some(target), Some(level), Some(path)) = (suggestion.name(), suggestion.level(), suggestion.field.as_deref()) else {
        // Another API's setting with no CKS equivalent.
        let who = alias.map(|a| origin(name, a)).unwrap_or_default();
        let d = ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, format!("{base}: CKS has no such setting"));
        d.help(match note {
            Some(n) => format!("{who}; {n}"),
            None => who,
        });
        return None;
    };
    let tail = |reason: Option<&str>| reason.map(|r| format!("; {r}")).unwrap_or_default();
    if level != parent.shape_path {
        // An alias for a field of another object (`clusterIpv4Cidr` at the top level).
        let who = alias.map(|a| format!("{}; ", origin(name, a))).unwrap_or_default();
        let place = if level.is_empty() { "at the top level".to_string() } else { format!("under `{level}`") };
        ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, format!("{base}: the API calls this `{path}`"))
            .help(format!("{who}move it {place} as `{target}`{}", tail(note)));
        return stands_for(root, table, level, target);
    }
    if is_set(target) {
        // Removing the duplicate is the remedy, but which of the two values is meant is the
        // author's call: a suggestion.
        let fix =
            crate::source::edit::remove_member(ctx.source, parent.node, member).map(|e| Fix::unsafe_(format!("remove `{name}`"), vec![e]));
        let (msg, help) = match alias {
            Some(a) => (
                format!("{base}: the API calls this `{target}`, which is also set"),
                format!("{}; remove it, the request sets `{target}` already", origin(name, a)),
            ),
            None => (base, format!("did you mean `{target}`? the request sets it already; remove `{name}`")),
        };
        let d = ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, msg);
        d.help(help);
        if let Some(f) = fix {
            d.fix(f);
        }
        return None;
    }
    let prop = here.and_then(|s| s.prop(target));
    let fits = prop.map(|p| fit(path, p, &member.value, ctx.text(member.value.span())));
    let reason = note.map(str::to_string).or_else(|| fits.clone().and_then(Result::err).flatten());
    let stands_in = missing_required(target);
    let safe = fits == Some(Ok(())) && note.is_none() && (alias.is_some() || stands_in);
    let kind_fits = match (&member.value.kind, prop.map(|p| p.kind)) {
        (_, Some(Kind::Any)) | (_, None) => true,
        (NodeKind::String(_), Some(k)) => k == Kind::String,
        (NodeKind::Object(_), Some(k)) => k == Kind::Object,
        (NodeKind::Array(_), Some(k)) => k == Kind::Array,
        (NodeKind::Bool(_), Some(k)) => k == Kind::Boolean,
        (NodeKind::Number(_), Some(k)) => k == Kind::Integer || (k == Kind::String && target == "version"),
        _ => false,
    };
    let (msg, help) = match alias {
        Some(a) => {
            let verb = if kind_fits { "rename it to" } else { "set this instead:" };
            (format!("{base}: the API calls this `{target}`"), format!("{}; {verb} `{target}`{}", origin(name, a), tail(reason.as_deref())))
        }
        None if stands_in => {
            (base, format!("did you mean `{target}`? the request does not set this required field{}", tail(reason.as_deref())))
        }
        None => (base, format!("did you mean `{target}`?{}", reason.map(|r| format!(" ({r})")).unwrap_or_default())),
    };
    let applicability = if safe { Applicability::Safe } else { Applicability::Unsafe };
    let fix = kind_fits.then(|| rename_fix(ctx, member, target, applicability));
    let d = ctx.report(&UNKNOWN_FIELD, member.key_span(), pointer, msg);
    d.help(help);
    if let Some(f) = fix {
        d.fix(f);
    }
    stands_in.then(|| pointer_push(&parent.pointer, target))
}

/// The pointer of `field` in the object at `level` (a top-level object, or the request
/// itself) when that object is written and lacks this required field: an unknown key
/// elsewhere that names it (`pod_cidr_name` at the top level) then speaks for it.
fn stands_for(root: &Node, table: &Table, level: &str, field: &str) -> Option<String> {
    let required = table.shape(level).is_some_and(|s| s.required.iter().any(|r| r == field));
    let (object, pointer) = if level.is_empty() {
        (root, String::new())
    } else {
        let m = root.as_object()?.iter().find(|m| m.key == level || snake_to_camel(&m.key) == level)?;
        (&m.value, pointer_push("", &m.key))
    };
    let set = object.as_object()?.iter().any(|m| m.key == field || snake_to_camel(&m.key) == field);
    (required && !set).then(|| pointer_push(&pointer, field))
}

/// Replace a key's text, keeping its quotes (in the syntax's editor).
fn rename_fix(ctx: &Ctx, member: &Member, to: &str, applicability: Applicability) -> Fix {
    let edit = ctx.editor().rename_key(ctx.source, member, to);
    Fix::replace(applicability, format!("rename `{}` to `{to}`", member.written_key()), edit.span, edit.content)
}

/// Expected kind at a path.
fn expected_kind(table: &Table, found: &Found, path: &[Seg]) -> Option<(Kind, bool)> {
    match path.last()? {
        Seg::Key(k) => {
            let parent = found.shape_path.rsplit_once('.').map_or("", |(p, _)| p);
            let p = table.shape(parent)?.prop(k)?;
            Some((p.kind, p.non_blank))
        }
        Seg::Index(_) => {
            let (parent, name) = found.shape_path.rsplit_once('.').unwrap_or(("", found.shape_path.as_str()));
            let p = table.shape(parent)?.prop(name)?;
            Some((p.item_kind?, p.item_non_blank))
        }
    }
}

fn wrong_type(ctx: &mut Ctx, root: &Node, path: &[Seg], table: &Table) {
    let Some(found) = locate(root, path) else { return };
    let Some((kind, _)) = expected_kind(table, &found, path) else { return };
    let node = found.node;
    let field = if found.display.is_empty() { "the request".to_string() } else { format!("`{}`", found.display) };
    if node.is_null() {
        let required = match path.last() {
            Some(Seg::Key(k)) => {
                let parent = found.shape_path.rsplit_once('.').map_or("", |(p, _)| p);
                table.shape(parent).is_some_and(|s| s.required.iter().any(|r| r == k))
            }
            _ => false,
        };
        let span = if node.span().is_empty() { found.member.map_or(node.span(), |m| m.key_span()) } else { node.span() };
        if required {
            ctx.report(&MISSING_FIELD, span, found.pointer.clone(), format!("required field {field} is null"))
                .help(format!("the API reads null as unset; give {field} a value ({})", kind.article()));
        } else {
            let fix = found.member.and_then(|m| crate::rules::structure::remove_member_fix(ctx.source, root, m));
            let d = ctx.report(&NULL_VALUE, span, found.pointer.clone(), format!("{field} is null"));
            d.help("the API reads null as unset; remove the field, or give it a value");
            if let Some(f) = fix {
                d.fix(f);
            }
        }
        return;
    }
    let raw = ctx.text(node.span());
    // Used through an alias, the span is the `*alias`: neither the scalar's text to
    // explain nor a place to edit (quoting `*a` would replace the aliased value).
    let aliased = ctx.format == Format::Yaml && raw.starts_with('*');
    let yaml_plain = ctx.format == Format::Yaml && node.style == Style::Plain && !aliased;
    let version = version_text(raw).filter(|_| found.pointer == "/version" && !aliased);
    let (message, help, fix): (String, String, Option<Fix>) = match (&node.kind, kind) {
        (NodeKind::Number(n), Kind::String) if yaml_plain => {
            let read = if n.float().is_nan() {
                "NaN, which JSON cannot represent".to_string()
            } else if n.float().is_infinite() {
                "infinity, which JSON cannot represent".to_string()
            } else if let Some(i) = n.int() {
                format!("the number {i}")
            } else {
                format!("the number {}", n.float())
            };
            let octal = if raw.len() > 1 && raw.starts_with('0') && raw.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
                format!(" (YAML 1.1 tools read it as octal {})", i64::from_str_radix(&raw[1..], 8).unwrap_or(0))
            } else {
                String::new()
            };
            (
                format!("{field} must be a string, but YAML read `{raw}` as {read}{octal}"),
                format!("quote it: \"{raw}\""),
                Some(Fix::replace(Applicability::Safe, format!("quote `{raw}`"), node.span(), format!("\"{raw}\""))),
            )
        }
        (NodeKind::Bool(_), Kind::String) if yaml_plain => (
            format!("{field} must be a string, but YAML read `{raw}` as a boolean"),
            format!("quote it: \"{raw}\""),
            Some(Fix::replace(Applicability::Safe, format!("quote `{raw}`"), node.span(), format!("\"{raw}\""))),
        ),
        (NodeKind::String(s), Kind::Boolean) if yaml_plain => {
            let b = matches!(s.as_str(), "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "y" | "Y");
            let nb = matches!(s.as_str(), "no" | "No" | "NO" | "off" | "Off" | "OFF" | "n" | "N");
            if b || nb {
                let v = if b { "true" } else { "false" };
                (
                    format!("{field} must be a boolean, but YAML 1.2 reads `{raw}` as the string \"{s}\""),
                    format!("write `{v}`"),
                    Some(Fix::replace(Applicability::Safe, format!("write `{v}`"), node.span(), v)),
                )
            } else {
                (format!("{field} must be a boolean, found the string \"{s}\""), "write `true` or `false`".into(), None)
            }
        }
        (NodeKind::String(s), Kind::Boolean) if s == "true" || s == "false" => (
            format!("{field} must be a boolean, found the string \"{s}\""),
            format!("drop the quotes: {s}"),
            Some(Fix::replace(Applicability::Safe, "drop the quotes", node.span(), s.clone())),
        ),
        (NodeKind::String(s), Kind::Integer) if s.trim().parse::<i64>().is_ok() => (
            format!("{field} must be an integer, found the string \"{s}\""),
            format!("drop the quotes: {}", s.trim()),
            Some(Fix::replace(Applicability::Safe, "drop the quotes", node.span(), s.trim().to_string())),
        ),
        (NodeKind::Number(n), Kind::Integer) => {
            (format!("{field} must be an integer, found {}", n.float()), "write a whole number".into(), None)
        }
        (NodeKind::Number(n), _) if n.float().is_nan() || n.float().is_infinite() => {
            (format!("{field} must be {}, but `{raw}` is not a JSON number", kind.article()), format!("write {}", kind.article()), None)
        }
        (NodeKind::String(s), _) => {
            (format!("{field} must be {}, found the string \"{}\"", kind.article(), truncate(s)), format!("write {}", kind.article()), None)
        }
        (_, _) => (format!("{field} must be {}, found {}", kind.article(), node.type_name()), format!("write {}", kind.article()), None),
    };
    // `version: 1.30`: the certain remedy is the string the API wants, "v1.30".
    let (help, fix) = match version.filter(|_| matches!(node.kind, NodeKind::Number(_))) {
        Some(v) => (
            format!("write the version as \"{v}\""),
            Some(Fix::replace(Applicability::Safe, format!("write \"{v}\""), node.span(), format!("\"{v}\""))),
        ),
        None => (help, fix),
    };
    let d = ctx.report(&WRONG_TYPE, node.span(), found.pointer.clone(), message);
    d.help(help);
    if let Some(f) = fix.filter(|_| !aliased) {
        d.fix(f);
    }
}

/// The items of the list at `path` (a list of strings) that are not strings: each a
/// CKS104 (CKS106 for a null) as the validator's type error would have made it; past the
/// rule's cap, only counted.
fn mistyped_items(ctx: &mut Ctx, root: &Node, path: &[Seg], indices: &[usize], table: &Table) {
    let Some(list) = locate(root, path) else { return };
    let items = list.node.as_array().unwrap_or(&[]);
    let mut at: Vec<Seg> = path.to_vec();
    for &i in indices {
        let Some(item) = items.get(i) else { continue };
        let rule: &'static Rule = if item.is_null() { &NULL_VALUE } else { &WRONG_TYPE };
        if ctx.wants(rule) {
            at.push(Seg::Index(i));
            wrong_type(ctx, root, &at, table);
            at.pop();
        } else {
            let pointer = if ctx.first_unlisted(rule) { format!("{}/{i}", list.pointer) } else { String::new() };
            ctx.report(rule, item.span(), pointer, "");
        }
    }
}

fn truncate(s: &str) -> String {
    if s.chars().count() > 40 {
        format!("{}…", s.chars().take(40).collect::<String>())
    } else {
        s.to_string()
    }
}

/// CKS105: blank strings where a value is needed (every property with `minLength`).
fn blanks(ctx: &mut Ctx, root: &Node, table: &Table) {
    let mut work: Vec<(&Node, String, String)> = vec![(root, String::new(), String::new())];
    while let Some((node, shape_path, pointer)) = work.pop() {
        let Some(shape) = table.shape(&shape_path) else { continue };
        for (name, prop) in &shape.props {
            // Only what can be blank, or hold what can: one look-up of the member each.
            if !(prop.non_blank || prop.item_non_blank || prop.child.is_some()) {
                continue;
            }
            let Some(m) = node.get(name) else { continue };
            match &m.value.kind {
                NodeKind::String(s) if prop.non_blank && crate::rules::is_blank(s) => {
                    let field = join(&shape_path, name);
                    let what = if s.is_empty() { "empty" } else { "blank" };
                    ctx.report(&BLANK_VALUE, m.value.span(), pointer_push(&pointer, &m.key), format!("`{field}` is {what}"))
                        .help(format!("give `{field}` a value, or remove it if it is optional"));
                }
                NodeKind::Object(_) if prop.child.is_some() => {
                    work.push((&m.value, join(&shape_path, name), pointer_push(&pointer, &m.key)))
                }
                NodeKind::Array(items) if prop.item_non_blank => {
                    for (i, item) in items.iter().enumerate() {
                        if item.as_str().is_some_and(crate::rules::is_blank) {
                            let field = join(&shape_path, name);
                            let what = if item.as_str() == Some("") { "empty" } else { "blank" };
                            let ptr = pointer_push(&pointer_push(&pointer, &m.key), &i.to_string());
                            ctx.report(&BLANK_VALUE, item.span(), ptr, format!("`{field}[{i}]` is {what}"))
                                .help("remove the empty entry, or give it a value");
                        }
                    }
                }
                _ => {}
            }
        }
    }
}

/// Convert to JSON for the validator; proto spellings become JSON names (CKS103).
/// `shape` is the schema path of an object node, `None` inside free-form values;
/// `pointer` is a reused buffer holding the node's pointer.
/// Members a schema object does not define, and items of a list of strings that are not
/// strings: (path of the object or list, indices), in document order.
type Unconverted<'u> = (&'u mut Vec<(Vec<Seg>, Vec<usize>)>, &'u mut Vec<(Vec<Seg>, Vec<usize>)>);

fn convert(ctx: &mut Ctx, node: &Node, shape: Option<&str>, pointer: &mut String, segs: &mut Vec<Seg>, left: &mut Unconverted) -> Value {
    match &node.kind {
        NodeKind::Object(members) => {
            let here = shape.and_then(|s| table().shape(s));
            let mut map = serde_json::Map::new();
            let mut unknown_here: Vec<usize> = Vec::new();
            for (index, m) in members.iter().enumerate() {
                let mut key = m.key.as_str();
                let mut renamed = String::new();
                if let Some(shape_def) = here {
                    if m.key.contains('_') && shape_def.prop(&m.key).is_none() {
                        let camel = snake_to_camel(&m.key);
                        if shape_def.prop(&camel).is_some() {
                            let fix = rename_fix(ctx, m, &camel, Applicability::Safe);
                            ctx.report(
                                &NON_CANONICAL_FIELD_NAME,
                                m.key_span(),
                                pointer_push(pointer, &m.key),
                                format!("`{}` is the protobuf field name; the JSON name is `{camel}`", m.key),
                            )
                            .help(format!("the API accepts both, but tools and docs use `{camel}`"))
                            .fix(fix);
                            renamed = camel;
                        }
                    }
                }
                if !renamed.is_empty() {
                    key = renamed.as_str();
                }
                // One look-up of the member's property (a scan of the object's few).
                let prop = here.and_then(|h| h.prop(key));
                if here.is_some() && prop.is_none() {
                    unknown_here.push(index);
                    continue;
                }
                let child_shape = prop.and_then(|p| p.child.as_deref());
                let v = match &m.value.kind {
                    NodeKind::Object(_) if child_shape.is_some() => {
                        let len = pointer.len();
                        push_token(pointer, &m.key);
                        segs.push(Seg::Key(key.to_string()));
                        let v = convert(ctx, &m.value, child_shape, pointer, segs, left);
                        segs.pop();
                        pointer.truncate(len);
                        v
                    }
                    // A list of strings: items of another type are reported from here
                    // (`mistyped_items`), and the validator sees the first string item
                    // alone (an empty list would fail `minItems`, and make every document
                    // of a stream take the validator's slow path for nothing). Nothing
                    // it could say about the items or the list's length is acted on
                    // (`problems`: an item's `enum`, `minLength`, `uniqueItems` and the
                    // item counts are the domain rules' business), and an error of its
                    // for each of four million numbers, or three million strings
                    // outside an `enum`, cost a path and a message each.
                    NodeKind::Array(items) if prop.is_some_and(|p| p.kind == Kind::Array && p.item_kind == Some(Kind::String)) => {
                        let wrong: Vec<usize> = items
                            .iter()
                            .enumerate()
                            // Not known until apply: no type to check, nothing to report.
                            .filter(|(_, item)| !matches!(item.kind, NodeKind::String(_) | NodeKind::Unknown))
                            .map(|(i, _)| i)
                            .collect();
                        if !wrong.is_empty() {
                            let mut path = segs.clone();
                            path.push(Seg::Key(key.to_string()));
                            left.1.push((path, wrong));
                        }
                        Value::Array(items.iter().find_map(|i| i.as_str()).map(|s| Value::String(s.to_string())).into_iter().collect())
                    }
                    NodeKind::Object(inner) if child_shape.is_none() && prop.is_some_and(|p| p.open_object) => {
                        let mut first = serde_json::Map::new();
                        if let Some(f) = inner.first() {
                            first.insert(f.key.to_string(), stand_in(&f.value, ctx.source));
                        }
                        Value::Object(first)
                    }
                    _ => stand_in(&m.value, ctx.source),
                };
                if let serde_json::map::Entry::Vacant(slot) = map.entry(key) {
                    slot.insert(v);
                } else if let Some(first) = members.iter().find(|o| o.key != m.key && (o.key == key || snake_to_camel(&o.key) == key)) {
                    // `vpc_id` and `vpcId` in one mapping set one field twice (protojson rejects it).
                    ctx.report(
                        &crate::rules::input::DUPLICATE_KEY,
                        m.key_span(),
                        pointer_push(pointer, &m.key),
                        format!("duplicate key `{}`: `{}` sets the same field", m.key, first.key),
                    )
                    .label(first.key_span(), "first defined here")
                    .help(format!("keep one of them, spelled `{key}`; the API rejects a field set twice"));
                }
            }
            if !unknown_here.is_empty() {
                left.0.push((segs.clone(), unknown_here));
            }
            Value::Object(map)
        }
        _ => stand_in(node, ctx.source),
    }
}

/// A non-finite number (`.inf`, `.nan`, `1e400`) has no JSON form: stand in `null`, which
/// no typed field accepts, so the type check reports it (from the node's source text)
/// even where a string is expected.
fn stand_in(node: &Node, source: &str) -> Value {
    match &node.kind {
        NodeKind::Number(n) if n.int().is_none() && !n.float().is_finite() => Value::Null,
        NodeKind::Array(items) => Value::Array(items.iter().map(|i| stand_in(i, source)).collect()),
        _ => node.to_json(source),
    }
}

/// Append one pointer token in place (see [`pointer_push`]).
fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    if token.contains(['~', '/']) {
        pointer.push_str(&token.replace('~', "~0").replace('/', "~1"));
    } else {
        pointer.push_str(token);
    }
}

/// A plain YAML scalar that YAML 1.1 tools would read as something else.
pub fn yaml11_reading(s: &str) -> Option<&'static str> {
    match s {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" => return Some("the boolean true"),
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" => return Some("the boolean false"),
        _ => {}
    }
    let body = s.strip_prefix(['-', '+']).unwrap_or(s);
    if body.len() > 2 && body.starts_with("0b") && body[2..].bytes().all(|b| b == b'0' || b == b'1' || b == b'_') {
        return Some("a binary number");
    }
    let digitish = |t: &str| !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit() || b == b'_') && t.as_bytes()[0].is_ascii_digit();
    if body.contains(':') {
        let mut parts = body.split(':');
        let first = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let last_ok = |t: &str| {
            let (int, frac) = t.split_once('.').unwrap_or((t, "0"));
            !int.is_empty()
                && int.len() <= 2
                && int.bytes().all(|b| b.is_ascii_digit())
                && int.parse::<u8>().is_ok_and(|v| v < 60)
                && frac.bytes().all(|b| b.is_ascii_digit() || b == b'_')
        };
        if digitish(first) && !rest.is_empty() && rest.iter().all(|t| last_ok(t)) {
            return Some("a sexagesimal (base 60) number");
        }
        return None;
    }
    if body.contains('_')
        && digitish(body.split('.').next().unwrap_or(""))
        && body.split('.').nth(1).is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_'))
    {
        return Some("a number");
    }
    None
}

/// CKS007: plain scalars read as strings by YAML 1.2 that YAML 1.1 tools type
/// differently, where a string is expected (and anywhere inside `kubelet`).
/// `shape`: the schema path of an object node, `None` inside free-form values.
fn ambiguous_scalars(ctx: &mut Ctx, node: &Node, shape: Option<&str>, pointer: &mut String, string_expected: bool) {
    match &node.kind {
        NodeKind::String(_) => check_ambiguous(ctx, node, pointer, string_expected),
        NodeKind::Object(members) => {
            let here = shape.and_then(|s| table().shape(s));
            for m in members {
                let camel;
                let key = match here {
                    Some(h) if h.prop(&m.key).is_none() && m.key.contains('_') => {
                        camel = snake_to_camel(&m.key);
                        camel.as_str()
                    }
                    _ => m.key.as_str(),
                };
                let prop = here.and_then(|h| h.prop(key));
                // Inside free-form values (kubelet) every string position counts.
                let free = shape.is_none() || (here.is_some() && key == "kubelet");
                let expects_string =
                    free || prop.is_some_and(|p| p.kind == Kind::String || (p.kind == Kind::Array && p.item_kind == Some(Kind::String)));
                match &m.value.kind {
                    NodeKind::String(_) => {
                        if expects_string && m.value.style == Style::Plain && yaml11_reading(m.value.as_str().unwrap_or("")).is_some() {
                            check_ambiguous(ctx, &m.value, &pointer_push(pointer, &m.key), true);
                        }
                        continue;
                    }
                    NodeKind::Object(_) | NodeKind::Array(_) => {}
                    _ => continue,
                }
                let child_shape = if free { None } else { prop.and_then(|p| p.child.as_deref()) };
                if !free && child_shape.is_none() && matches!(m.value.kind, NodeKind::Object(_)) {
                    continue; // an object the schema does not describe: a type error elsewhere
                }
                let len = pointer.len();
                push_token(pointer, &m.key);
                ambiguous_scalars(ctx, &m.value, child_shape, pointer, expects_string);
                pointer.truncate(len);
            }
        }
        NodeKind::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if matches!(item.kind, NodeKind::String(_))
                    && !(string_expected && item.style == Style::Plain && yaml11_reading(item.as_str().unwrap_or("")).is_some())
                {
                    continue;
                }
                let len = pointer.len();
                push_token(pointer, &i.to_string());
                ambiguous_scalars(ctx, item, shape, pointer, string_expected);
                pointer.truncate(len);
            }
        }
        _ => {}
    }
}

fn check_ambiguous(ctx: &mut Ctx, node: &Node, pointer: &str, string_expected: bool) {
    match &node.kind {
        NodeKind::String(s) if string_expected && node.style == Style::Plain => {
            if let Some(reading) = yaml11_reading(s) {
                if ctx.text(node.span()) == s {
                    ctx.report(
                        &crate::rules::input::YAML_AMBIGUOUS_SCALAR,
                        node.span(),
                        pointer,
                        format!("unquoted `{s}` is a string in YAML 1.2 but {reading} in YAML 1.1"),
                    )
                    .help(format!("quote it so every YAML tool reads the same value: \"{s}\""))
                    .fix(Fix::replace(Applicability::Safe, format!("quote `{s}`"), node.span(), format!("\"{s}\"")));
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_compiles_and_tables_are_built() {
        let t = table();
        assert!(t.shape("").unwrap().required.contains(&"network".to_string()));
        assert!(t.shape("network").unwrap().prop("podCidrName").unwrap().non_blank);
        assert_eq!(t.homes_of("podCidrName"), ["network"]);
        assert!(t.shape("network.serviceNodePortRange").is_some());
    }

    /// Every instance the tests can find, and mutations of them: for each node of
    /// `testdata/full.json`, the node replaced by a value of each JSON type, each member
    /// removed, and an unknown member added to each object.
    fn instances() -> Vec<Value> {
        let mut out = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut texts: Vec<(String, String)> = Vec::new();
        for rule in crate::registry::RULES {
            for ex in [&rule.bad, &rule.good] {
                if !ex.is_none() {
                    texts.push((ex.path.to_string(), ex.text.to_string()));
                }
            }
        }
        for dir in ["testdata", "fuzz/regressions", "../shared/acceptance/cases"] {
            let Ok(entries) = std::fs::read_dir(root.join(dir)) else { continue };
            for e in entries.flatten() {
                let path = e.path();
                if let Ok(text) = std::fs::read_to_string(&path) {
                    texts.push((path.display().to_string(), text));
                }
            }
        }
        for (path, text) in &texts {
            for format in [Format::detect(path, text.as_bytes())] {
                for doc in crate::source::parse(text, format).documents {
                    if let Some(r) = doc.root {
                        out.push(r.to_json(text));
                    }
                }
            }
        }
        let full: Value = serde_json::from_str(&std::fs::read_to_string(root.join("testdata/full.json")).unwrap()).unwrap();
        let others = [
            Value::Null,
            Value::Bool(true),
            serde_json::json!(7),
            serde_json::json!(1.5),
            serde_json::json!("x"),
            serde_json::json!([]),
            serde_json::json!({}),
        ];
        fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
            match v {
                Value::Object(m) => m.iter().for_each(|(k, c)| pointers(c, format!("{at}/{k}"), out)),
                Value::Array(a) => a.iter().enumerate().for_each(|(i, c)| pointers(c, format!("{at}/{i}"), out)),
                _ => {}
            }
            out.push(at);
        }
        let mut all = Vec::new();
        pointers(&full, String::new(), &mut all);
        for p in &all {
            for o in &others {
                let mut v = full.clone();
                *v.pointer_mut(p).unwrap() = o.clone();
                out.push(v);
            }
            if let Some((parent, key)) = p.rsplit_once('/') {
                let mut v = full.clone();
                if let Some(Value::Object(m)) = v.pointer_mut(parent) {
                    m.remove(key);
                    out.push(v);
                }
            }
            let mut v = full.clone();
            if let Some(Value::Object(m)) = v.pointer_mut(p) {
                m.insert("notAField".into(), Value::Null);
                out.push(v);
            }
        }
        out
    }

    #[test]
    fn generated_validator_agrees_with_runtime() {
        let runtime = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .with_pattern_options(jsonschema::PatternOptions::regex())
            .build(&SCHEMA_VALUE)
            .expect("the request schema compiles at run time too");
        let instances = instances();
        assert!(instances.len() > 400, "{}", instances.len());
        let mut invalid = 0;
        for v in &instances {
            let want = problems(runtime.iter_errors(v));
            assert_eq!(problems(RequestValidator::iter_errors(v)), want, "{v}");
            assert_eq!(RequestValidator::is_valid(v), runtime.is_valid(v), "{v}");
            invalid += usize::from(!want.is_empty());
        }
        assert!(invalid > 250, "{invalid}");
    }

    /// [`validate`] caches by structure: that is only right if every document of one
    /// structure has the same problems. Each instance, and twins of it with every string
    /// and number replaced (empty, pattern-breaking, huge; other numbers of the same
    /// kind), give the validator's own answer, first seen or cached.
    #[test]
    fn validation_by_structure_is_validation() {
        fn twin(v: &Value, which: usize) -> Value {
            match v {
                Value::String(_) => {
                    Value::String(["", "x", "NOT A NAME!", &"a".repeat(300), "US-EAST-04A", "v1.35"][which % 6].to_string())
                }
                Value::Number(n) if n.is_i64() || n.is_u64() => Value::from([0i64, -1, 1 << 40, 110][which % 4]),
                Value::Number(n) if n.as_f64().is_some_and(|f| f.fract() == 0.0) => Value::from([0.0, 2.0, -8.0][which % 3]),
                Value::Number(_) => Value::from([0.5, -1.25, 7.125][which % 3]),
                Value::Bool(b) => Value::Bool(*b ^ which.is_multiple_of(2)),
                Value::Array(items) => Value::Array(items.iter().enumerate().map(|(i, x)| twin(x, which + i)).collect()),
                Value::Object(m) => Value::Object(m.iter().enumerate().map(|(i, (k, x))| (k.clone(), twin(x, which + i))).collect()),
                Value::Null => Value::Null,
            }
        }
        let instances = instances();
        let mut checked = 0;
        for v in &instances {
            let want = if RequestValidator::is_valid(v) { Vec::new() } else { problems(RequestValidator::iter_errors(v)) };
            for which in 0..6 {
                let t = twin(v, which);
                let direct = if RequestValidator::is_valid(&t) { Vec::new() } else { problems(RequestValidator::iter_errors(&t)) };
                assert_eq!(direct, want, "{v} vs {t}");
                assert_eq!(*validate(&t), want, "{t}");
                checked += 1;
            }
            assert_eq!(*validate(v), want, "{v}");
        }
        assert!(checked > 2_400, "{checked}");
    }

    #[test]
    fn yaml11_readings() {
        assert_eq!(yaml11_reading("yes"), Some("the boolean true"));
        assert_eq!(yaml11_reading("OFF"), Some("the boolean false"));
        assert_eq!(yaml11_reading("1:30"), Some("a sexagesimal (base 60) number"));
        assert_eq!(yaml11_reading("0b101"), Some("a binary number"));
        assert_eq!(yaml11_reading("1_000"), Some("a number"));
        assert_eq!(yaml11_reading("10.0.0.0:80"), None);
        assert_eq!(yaml11_reading("pods"), None);
        assert_eq!(yaml11_reading("Norway"), None);
    }
}
