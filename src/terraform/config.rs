//! One configuration file: its cluster resources, the directory's variables, provider
//! constraint and VPCs. Each resource becomes a request document (through the shared
//! mapping); the Terraform rules (CKS501–CKS507) are checked here, where the
//! directory's facts are at hand; every request rule then runs on the documents.

use super::ast::{Body, Kind};
use super::hcl::{self, Converter, FileUse, Reference};
use super::mapping::{self, CLUSTER};
use super::version::{self, Constraint};
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::rules::similarity;
use crate::rules::terraform as rules;
use crate::source::{self, Document, Elsewhere, Format, Member, Node, NodeKind, Span, ValueUse};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// Meta-arguments every resource may have; not attributes of the provider's schema.
const META: &[&str] = &["count", "for_each", "depends_on", "provider", "lifecycle", "provisioner", "connection", "dynamic"];

/// One file the combined source holds.
#[derive(Clone, Debug)]
struct Segment {
    path: String,
    format: Format,
    start: usize,
    len: usize,
}

/// The texts of the combined source: the file's own, then the others read.
struct Combined {
    text: String,
    segments: Vec<Segment>,
}

impl Combined {
    fn push(&mut self, path: String, text: &str) -> usize {
        let ends = |s: &str| super::ends_with_ignore_case(&path, s);
        let format = if ends(".json") {
            Format::Json
        } else if ends(".yaml") || ends(".yml") {
            Format::Yaml
        } else {
            super::syntax::FORMAT
        };
        self.push_as(path, text, format)
    }

    fn push_as(&mut self, path: String, text: &str, format: Format) -> usize {
        self.text.push('\n');
        let start = self.text.len();
        self.text.push_str(text);
        self.segments.push(Segment { path, format, start, len: text.len() });
        start
    }
}

/// A finding of one of the Terraform rules.
fn report<'a>(
    out: &'a mut Vec<Diagnostic>,
    rule: &'static crate::registry::Rule,
    document: usize,
    span: Span,
    pointer: &str,
    message: String,
) -> &'a mut Diagnostic {
    out.push(Diagnostic::new(rule, document, span, pointer, message));
    let last = out.len() - 1;
    &mut out[last]
}

/// A parsed file of the directory: HCL body or JSON tree, with its base in the combined source.
enum Parsed<'t> {
    Hcl(Body<'t>, usize),
    Json(Node),
}

/// What the directory of the configuration declares.
#[derive(Default)]
struct DirFacts {
    vars: HashMap<String, Node>,
    /// `(constraint text node)` of the coreweave provider.
    constraint: Option<Node>,
    vpcs: HashMap<String, Node>,
}

/// Load a configuration file's text: one request document per cluster resource, the
/// Terraform rules' findings, and (with a `path`) the directory's values. With `path`
/// `None`, no other file is read (the text stands alone).
pub fn load(path: Option<&str>, source: &str, max_file_size: usize, json: bool) -> source::Parsed {
    let display = path.unwrap_or("");
    let bom = source::bom_len(source);
    let mut combined = Combined {
        text: source.to_string(),
        segments: vec![Segment { path: display.to_string(), format: super::syntax::FORMAT, start: 0, len: source.len() }],
    };
    let failed = |d: Vec<Diagnostic>| source::Parsed { diagnostics: d, ..Default::default() };
    let main = if json {
        let parsed = source::json::parse(source);
        if !parsed.diagnostics.is_empty() {
            return failed(parsed.diagnostics);
        }
        match parsed.documents.into_iter().next().and_then(|d| d.root) {
            Some(root) => Parsed::Json(root),
            None => return source::Parsed::default(),
        }
    } else {
        match hcl::parse(&source[bom..]) {
            Ok(body) => Parsed::Hcl(body, bom),
            Err(e) => {
                let at = (e.offset + bom).min(source.len());
                let end = source[at..].chars().next().map_or(at, |c| at + c.len_utf8());
                let d = Diagnostic::new(&crate::rules::input::SYNTAX_ERROR, 0, Span::new(at, end), "", e.message)
                    .with_help("fix the HCL syntax (`terraform fmt` and `terraform validate` point at it too)");
                return failed(vec![d]);
            }
        }
    };
    if cluster_count(&main) == 0 {
        return source::Parsed::default();
    }
    let dir = path.map(dir_of);
    // The directory's other files that can hold values, all read first: their trees
    // borrow the texts.
    let mut texts: Vec<(String, bool, String)> = Vec::new();
    for (p, shown) in dir.as_deref().map(|d| siblings(d, display)).unwrap_or_default() {
        let Some(bytes) = read_limited(&p, max_file_size) else { continue };
        let Ok(text) = String::from_utf8(bytes) else { continue };
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("").to_ascii_lowercase();
        let interesting =
            super::is_tfvars_path(&name) || ["variable", "required_providers", "coreweave_networking_vpc"].iter().any(|k| text.contains(k));
        if interesting {
            texts.push((shown, name.ends_with(".json"), text));
        }
    }
    let mut others: Vec<Parsed> = Vec::new();
    for (shown, is_json, text) in &texts {
        if *is_json {
            let parsed = source::json::parse(text);
            if let Some(mut root) = parsed.documents.into_iter().next().and_then(|d| d.root) {
                let start = combined.push(shown.clone(), text);
                mapping::shift(&mut root, start);
                others.push(Parsed::Json(root));
            }
        } else {
            let b = source::bom_len(text);
            if let Ok(body) = hcl::parse(&text[b..]) {
                let start = combined.push(shown.clone(), text);
                others.push(Parsed::Hcl(body, start + b));
            }
        }
    }
    let facts = dir_facts(&main, &others, &combined.segments);
    let mut diagnostics = Vec::new();
    let mut uses = Vec::new();
    let mut documents = Vec::new();
    let here = dir.clone().unwrap_or_else(|| PathBuf::from("."));
    match &main {
        Parsed::Hcl(body, base) => {
            for block in hcl::blocks(body, "resource") {
                let l = hcl::labels(block);
                if l.first() != Some(&"coreweave_cks_cluster") {
                    continue;
                }
                let index = documents.len();
                let name = l.get(1).copied().unwrap_or("").to_string();
                let header = hcl_header(block, *base);
                let var = |n: &str| facts.vars.get(n).cloned();
                let mut conv = Converter::new(*base, &var);
                let (mut tree, blocks) = conv.body(&block.body, header, &["kubelet"]);
                strip_meta(&mut tree);
                for b in &blocks {
                    if !b.labelled && mapping::find(CLUSTER, &b.name).is_some_and(|a| a.kind == mapping::TfKind::Object) {
                        report(
                            &mut diagnostics,
                            &rules::BLOCK_SYNTAX,
                            index,
                            b.ident,
                            &format!("/{}", mapping::find(CLUSTER, &b.name).map_or("", |a| a.api)),
                            format!("`{}` is a nested attribute, written here as a block", b.name),
                        )
                        .help(format!("write `{} = {{ … }}`: the provider rejects the block form (\"Unsupported block type\")", b.name))
                        .fix(super::block_fix(b.ident));
                    }
                }
                let vpc = vpc_reference(&block.body);
                let refs = std::mem::take(&mut conv.refs);
                let audit_call = block.body.attribute("audit_policy").map(|a| hcl::at(a.value.span, *base));
                let mut ctx = DocCtx {
                    combined: &mut combined,
                    out: &mut diagnostics,
                    uses: &mut uses,
                    index,
                    path: display,
                    dir: dir.as_deref(),
                    here: &here,
                    max_file_size,
                };
                ctx.file_refs(&refs, audit_call, &tree);
                ctx.var_uses(&refs, &facts, &tree);
                let root = lint_cluster(&mut ctx, &tree, header, &facts, vpc.as_deref());
                documents.push(Document { index, root: Some(root), start: header, label: Some(format!("coreweave_cks_cluster.{name}")) });
            }
        }
        Parsed::Json(root) => {
            for (name, body, header) in json_clusters(root) {
                let index = documents.len();
                let mut tree = json_values(body, &facts);
                strip_meta(&mut tree);
                let mut ctx = DocCtx {
                    combined: &mut combined,
                    out: &mut diagnostics,
                    uses: &mut uses,
                    index,
                    path: display,
                    dir: dir.as_deref(),
                    here: &here,
                    max_file_size,
                };
                let vpc = body.field("vpc_id").and_then(|v| v.as_str()).and_then(json_vpc_reference);
                let root = lint_cluster(&mut ctx, &tree, header, &facts, vpc.as_deref());
                documents.push(Document { index, root: Some(root), start: header, label: Some(format!("coreweave_cks_cluster.{name}")) });
            }
        }
    }
    let elsewhere: Vec<Elsewhere> = combined
        .segments
        .iter()
        .skip(1)
        .map(|s| Elsewhere { path: s.path.clone(), format: s.format, start: s.start, len: s.len })
        .collect();
    let text = (!elsewhere.is_empty()).then_some(combined.text);
    source::Parsed { documents, diagnostics, text, elsewhere, uses, empty_documents: 0 }
}

fn cluster_count(main: &Parsed) -> usize {
    match main {
        Parsed::Hcl(body, _) => hcl::blocks(body, "resource").filter(|b| hcl::labels(b).first() == Some(&"coreweave_cks_cluster")).count(),
        Parsed::Json(root) => json_clusters(root).len(),
    }
}

/// `resource "coreweave_cks_cluster" "NAME"`: the span of the header (up to the labels).
fn hcl_header(block: &super::ast::Block, base: usize) -> Span {
    let ident = hcl::at(block.ident_span, base);
    let end = block.labels.last().map_or(ident.end, |(_, l)| hcl::at(*l, base).end);
    Span::new(ident.start, end)
}

fn strip_meta(tree: &mut Node) {
    if let NodeKind::Object(ms) = &mut tree.kind {
        source::edit_list(ms, |ms| ms.retain(|m| !META.contains(&m.key.as_str())));
    }
}

/// `vpc_id = coreweave_networking_vpc.NAME.id`: NAME.
fn vpc_reference(body: &Body) -> Option<String> {
    let a = body.attribute("vpc_id")?;
    let Kind::Traversal { root: Some(root), ops } = &a.value.kind else { return None };
    if root != "coreweave_networking_vpc" {
        return None;
    }
    match ops.as_slice() {
        [Some(n), Some(id)] if id == "id" => Some(n.to_string()),
        _ => None,
    }
}

fn json_vpc_reference(s: &str) -> Option<String> {
    let inner = s.strip_prefix("${coreweave_networking_vpc.")?.strip_suffix(".id}")?;
    (!inner.is_empty() && inner.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')).then(|| inner.to_string())
}

/// A file's bytes when it holds at most `limit` bytes (one open, the size from the handle).
fn read_limited(p: &Path, limit: usize) -> Option<Vec<u8>> {
    use std::io::Read;
    let f = std::fs::File::open(p).ok()?;
    let len = f.metadata().ok()?.len();
    if len > limit as u64 {
        return None;
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).ok()?.saturating_add(1));
    // A file that grows while it is read stops at the limit, and is left out.
    f.take(limit as u64 + 1).read_to_end(&mut bytes).ok()?;
    (bytes.len() <= limit).then_some(bytes)
}

/// The configuration's directory on disk.
fn dir_of(path: &str) -> PathBuf {
    match Path::new(path).parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The other files of the directory that can hold values: `.tf`, `.tf.json` and the
/// variables files Terraform loads automatically, in Terraform's order (later wins).
fn siblings(dir: &Path, path: &str) -> Vec<(PathBuf, String)> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let own = Path::new(path).file_name().map(|n| n.to_os_string());
    let mut tf = Vec::new();
    let mut vars = Vec::new();
    let mut auto = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name();
        let Some(n) = name.to_str() else { continue };
        if Some(&name) == own.as_ref() || n.starts_with('.') || !e.file_type().is_ok_and(|t| t.is_file()) {
            continue;
        }
        let lower = n.to_ascii_lowercase();
        if lower.ends_with(".tf") || lower.ends_with(".tf.json") {
            tf.push(n.to_string());
        } else if lower == "terraform.tfvars" || lower == "terraform.tfvars.json" {
            vars.push(n.to_string());
        } else if lower.ends_with(".auto.tfvars") || lower.ends_with(".auto.tfvars.json") {
            auto.push(n.to_string());
        }
    }
    tf.sort();
    vars.sort_by_key(|n| n.ends_with(".json")); // terraform.tfvars, then its .json form
    auto.sort();
    tf.into_iter().chain(vars).chain(auto).map(|n| (dir.join(&n), super::files::display_beside(path, &n))).collect()
}

/// Variables (defaults, then variables files in load order), the provider constraint and
/// the VPCs of the directory.
fn dir_facts(main: &Parsed, others: &[Parsed], segments: &[Segment]) -> DirFacts {
    let mut facts = DirFacts::default();
    let none = |_: &str| None;
    let all: Vec<&Parsed> = std::iter::once(main).chain(others.iter()).collect();
    let is_vars =
        |base: usize| segments.iter().find(|s| s.start <= base && base <= s.start + s.len).is_some_and(|s| super::is_tfvars_path(&s.path));
    // Defaults and declarations first.
    for p in &all {
        match p {
            Parsed::Hcl(body, base) if !is_vars(*base) => {
                for b in hcl::blocks(body, "variable") {
                    let Some(name) = hcl::labels(b).first().map(|s| s.to_string()) else { continue };
                    if let Some(d) = b.body.attribute("default") {
                        let mut c = Converter::new(*base, &none);
                        let v = c.expr(&d.value, false);
                        facts.vars.insert(name, v);
                    }
                }
                for t in hcl::blocks(body, "terraform") {
                    for rp in t.body.blocks("required_providers") {
                        for a in rp.body.attributes() {
                            let mut c = Converter::new(*base, &none);
                            let v = c.expr(&a.value, false);
                            let is_cw = a.key == "coreweave"
                                || v.field("source").and_then(|s| s.as_str()).is_some_and(|s| s.ends_with("coreweave/coreweave"));
                            if is_cw {
                                if let Some(version) = v.field("version") {
                                    facts.constraint = Some(version.clone());
                                }
                            }
                        }
                    }
                }
            }
            Parsed::Json(root) if !is_vars(root.span().start) => {
                if let Some(vs) = root.field("variable").and_then(|v| v.as_object()) {
                    for m in vs {
                        if let Some(d) = m.value.field("default") {
                            facts.vars.insert(m.key.to_string(), d.clone());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    // The VPCs, whose values may come from variables too (defaults: the variables
    // files are read after).
    let DirFacts { vars, vpcs, .. } = &mut facts;
    let var = |n: &str| vars.get(n).cloned();
    for p in &all {
        if let Parsed::Hcl(body, base) = p {
            if is_vars(*base) {
                continue;
            }
            for b in hcl::blocks(body, "resource") {
                let l = hcl::labels(b);
                if l.first() == Some(&"coreweave_networking_vpc") {
                    if let Some(n) = l.get(1) {
                        let mut c = Converter::new(*base, &var);
                        let (tree, _) = c.body(&b.body, hcl::at(b.span, *base), &[]);
                        vpcs.insert(n.to_string(), tree);
                    }
                }
            }
        }
    }
    // Then the variables files, in load order.
    for p in &all {
        match p {
            Parsed::Hcl(body, base) if is_vars(*base) => {
                for a in body.attributes() {
                    let mut c = Converter::new(*base, &none);
                    facts.vars.insert(a.key.to_string(), c.expr(&a.value, false));
                }
            }
            Parsed::Json(root) if is_vars(root.span().start) => {
                for m in root.as_object().unwrap_or(&[]) {
                    facts.vars.insert(m.key.to_string(), m.value.clone());
                }
            }
            _ => {}
        }
    }
    facts
}

/// `{"resource": {"coreweave_cks_cluster": {"NAME": {…}}}}` (also with arrays of such
/// objects, as Terraform's JSON syntax allows): name, body, header span (the name key).
fn json_clusters(root: &Node) -> Vec<(String, &Node, Span)> {
    let mut out = Vec::new();
    let resources: Vec<&Node> = match root.field("resource") {
        Some(n) if n.as_array().is_some() => n.as_array().unwrap_or(&[]).iter().collect(),
        Some(n) => vec![n],
        None => Vec::new(),
    };
    for r in resources {
        let typed: Vec<&Node> = match r.field("coreweave_cks_cluster") {
            Some(n) if n.as_array().is_some() => n.as_array().unwrap_or(&[]).iter().collect(),
            Some(n) => vec![n],
            None => continue,
        };
        for t in typed {
            for m in t.as_object().unwrap_or(&[]) {
                let body = match m.value.as_array() {
                    Some([one]) => one,
                    _ => &m.value,
                };
                if body.as_object().is_some() {
                    out.push((m.key.to_string(), body, m.key_span()));
                }
            }
        }
    }
    out
}

/// Terraform's JSON syntax: strings are templates. `"${var.NAME}"` is the variable;
/// any other `${…}` or `%{…}` is not statically known.
fn json_values(node: &Node, facts: &DirFacts) -> Node {
    match &node.kind {
        NodeKind::String(s) if s.contains("${") || s.contains("%{") => {
            let var = s
                .strip_prefix("${var.")
                .and_then(|r| r.strip_suffix('}'))
                .filter(|n| n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
            match var.and_then(|n| facts.vars.get(n)) {
                Some(v) => v.clone(),
                None => Node::new(node.span(), NodeKind::Unknown, node.style),
            }
        }
        NodeKind::Object(ms) => {
            let members = ms
                .iter()
                .filter(|m| !META.contains(&m.key.as_str()) && m.key != "//")
                .map(|m| Member::new(m.key.clone(), m.key_span(), json_values(&m.value, facts)))
                .collect();
            Node::new(node.span(), NodeKind::Object(members), node.style)
        }
        NodeKind::Array(items) => {
            Node::new(node.span(), NodeKind::Array(items.iter().map(|i| json_values(i, facts)).collect()), node.style)
        }
        _ => node.clone(),
    }
}

/// What one document's checks need.
struct DocCtx<'a> {
    combined: &'a mut Combined,
    out: &'a mut Vec<Diagnostic>,
    uses: &'a mut Vec<ValueUse>,
    index: usize,
    /// The file's display path.
    path: &'a str,
    /// Its directory on disk: `None` when the text stands alone (no file is read).
    dir: Option<&'a Path>,
    /// Where the CKS507 help says files are read from.
    here: &'a Path,
    max_file_size: usize,
}

impl DocCtx<'_> {
    /// Values that came through `var.NAME` from another file: labels on the use.
    fn var_uses(&mut self, refs: &[Reference], facts: &DirFacts, tree: &Node) {
        let main_len = self.combined.segments.first().map_or(0, |s| s.len);
        for r in refs {
            if let Reference::Var { name, span } = r {
                if let Some(v) = facts.vars.get(name).filter(|v| v.span().start > main_len) {
                    let attr = tree
                        .as_object()
                        .unwrap_or(&[])
                        .iter()
                        .find(|m| m.value.span() == v.span())
                        .map_or(String::new(), |m| format!("`{}` ", m.key));
                    self.uses.push(ValueUse {
                        value: v.span(),
                        at: *span,
                        message: format!("{attr}takes this value through `var.{name}` here"),
                    });
                }
            }
        }
    }

    /// File functions: refused paths get CKS507; the audit policy file is read and linted.
    fn file_refs(&mut self, refs: &[Reference], audit: Option<Span>, tree: &Node) {
        for r in refs {
            let Reference::File { call, span } = r else { continue };
            let written = match call {
                FileUse::Base64(p) | FileUse::Text(p) => p,
                FileUse::Dynamic => continue,
            };
            let for_audit = audit == Some(*span) && matches!(call, FileUse::Base64(_));
            let Some(dir) = self.dir else { continue };
            let _ = self.here;
            match super::files::read_inside(dir, written, self.max_file_size) {
                Err(refusal) => {
                    report(self.out, &rules::FILE_NOT_READ, self.index, *span, "", format!("`{written}` is not read: {}", refusal.reason()))
                        .help("ckslint reads only files inside the directory tree being linted (up to the nearest `.git` or `.ckslint.yaml`); the value is not statically known");
                }
                Ok(bytes) if for_audit => {
                    let shown = super::files::display_beside(self.path, written);
                    let version = tree.field("version").and_then(Node::as_str).unwrap_or("");
                    self.audit_file(&shown, bytes, *span, version);
                }
                Ok(_) => {}
            }
        }
    }

    /// Lint a policy file named in `filebase64(…)`: findings inside it, in its own path.
    fn audit_file(&mut self, shown: &str, bytes: Vec<u8>, call: Span, version: &str) {
        use crate::rules::audit;
        let text = match String::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                report(
                    self.out,
                    &audit::AUDIT_POLICY_SYNTAX,
                    self.index,
                    call,
                    "/auditPolicy",
                    format!("`{shown}` is not UTF-8 text (invalid byte at offset {})", e.utf8_error().valid_up_to()),
                )
                .help("save the policy as UTF-8 YAML or JSON");
                return;
            }
        };
        let format = if audit::policy::format_of(&text) == Format::Json { Format::Json } else { Format::Yaml };
        let start = self.combined.push_as(shown.to_string(), &text, format);
        self.uses.push(ValueUse { value: Span::new(start, start + text.len()), at: call, message: "read here as `audit_policy`".into() });
        for f in audit::policy::analyze(&text, audit::policy::Options::for_version(version)) {
            let span = Span::new(f.span.start + start, f.span.end + start);
            let d = report(self.out, f.rule, self.index, span, "/auditPolicy", mapping::speak_terraform(&f.message));
            if let Some(h) = &f.help {
                d.help(mapping::speak_terraform(h));
            }
        }
    }
}

/// Map one cluster resource (`tree` keyed by Terraform names) onto the request, with
/// the Terraform rules' findings; what the mapping cannot place stays in the tree under
/// its own name, for the structure pass to report (CKS102 with a did-you-mean), except
/// computed attributes (CKS502).
fn lint_cluster(cx: &mut DocCtx, tree: &Node, header: Span, facts: &DirFacts, vpc: Option<&str>) -> Node {
    let index = cx.index;
    let mapped = mapping::to_request(tree, header, &cx.combined.text);
    let mut root = mapped.root;
    for u in mapped.unplaced {
        let key = u.member.key.to_string();
        if u.computed {
            report(
                cx.out,
                &rules::COMPUTED_ATTRIBUTE,
                index,
                u.member.key_span(),
                "",
                format!("`{key}` is computed by the provider and cannot be set"),
            )
            .help(format!("remove `{key}`: the provider sets it once the cluster exists"));
            continue;
        }
        // An attribute written with its API name (`vpcId`, `podCidrName`): the provider's
        // name is certain. Other unknown names go to the structure pass, whose aliases
        // know the names of other tools (`kubernetes_version`, `region`).
        if let Some(tf) = api_spelling(&u.parent, &key) {
            let at = if u.parent.is_empty() { key.clone() } else { format!("{}.{key}", u.parent) };
            let taken = if u.parent.is_empty() { tree.get(tf).is_some() } else { tree.field(&u.parent).and_then(|p| p.get(tf)).is_some() };
            let d = report(
                cx.out,
                &crate::rules::structure::UNKNOWN_FIELD,
                index,
                u.member.key_span(),
                "",
                format!("`{at}` is not an attribute of the resource: the provider calls it `{tf}`"),
            );
            if taken {
                d.help(format!("did you mean `{tf}`? it is set already; remove `{key}`"));
            } else {
                d.help(format!("did you mean `{tf}`?"));
                d.fix(Fix::safe(format!("rename `{key}` to `{tf}`"), vec![Edit { span: u.member.key_span(), content: tf.to_string() }]));
            }
            continue;
        }
        place(&mut root, &u.parent, u.member);
    }
    signing_algs(cx, tree);
    provider_version(cx, tree, facts);
    if let Some(v) = vpc.and_then(|v| facts.vpcs.get(v).map(|n| (v, n))) {
        vpc_checks(cx, tree, v.0, v.1);
    }
    root
}

/// The Terraform attribute whose API name is `key` in the object at `parent`.
fn api_spelling(parent: &str, key: &str) -> Option<&'static str> {
    let attrs: &[mapping::Attr] = if parent.is_empty() { CLUSTER } else { mapping::find(CLUSTER, parent).map_or(&[], |a| a.nested) };
    attrs.iter().find(|a| a.tf != key && (a.api.rsplit('/').next() == Some(key) || source::snake_to_camel(a.tf) == key)).map(|a| a.tf)
}

/// Put a member the mapping did not place into the request object standing for the
/// Terraform object `parent` (`""` the resource, `oidc`, `node_port_range`).
fn place(root: &mut Node, parent: &str, member: Member) {
    let mut node = root;
    if !parent.is_empty() {
        let Some(a) = mapping::find(CLUSTER, parent) else { return };
        for token in a.api.split('/') {
            let NodeKind::Object(ms) = &mut node.kind else { return };
            let Some(m) = ms.iter_mut().find(|m| m.key == token) else { return };
            node = &mut m.value;
        }
    }
    if let NodeKind::Object(ms) = &mut node.kind {
        source::edit_list(ms, |ms| ms.push(member));
    }
}

/// CKS503: `signing_algs` values the provider drops (only `SIGNING_ALGORITHM_RS256` is sent).
fn signing_algs(cx: &mut DocCtx, tree: &Node) {
    let Some(algs) = tree.field("oidc").and_then(|o| o.field("signing_algs")).and_then(|a| a.as_array()) else { return };
    for (i, a) in algs.iter().enumerate() {
        let Some(s) = a.as_str() else { continue };
        if s == "SIGNING_ALGORITHM_RS256" {
            continue;
        }
        // A value that is no signing algorithm at all is CKS252's finding.
        let valid = s
            .strip_prefix("SIGNING_ALGORITHM_")
            .is_some_and(|rest| rest.len() == 5 && ["RS", "ES", "PS"].contains(&&rest[..2]) && ["256", "384", "512"].contains(&&rest[2..]));
        if !valid {
            continue;
        }
        report(
            cx.out,
            &rules::SIGNING_ALGORITHM_DROPPED,
            cx.index,
            a.span(),
            &format!("/oidc/signingAlgorithms/{i}"),
            format!("the provider drops `{s}` from `oidc.signing_algs` without a word: only `SIGNING_ALGORITHM_RS256` is sent"),
        )
        .help("use `SIGNING_ALGORITHM_RS256`, or set the algorithm through the API until the provider passes others on");
    }
}

/// CKS504: attributes newer than every provider version `required_providers` allows.
fn provider_version(cx: &mut DocCtx, tree: &Node, facts: &DirFacts) {
    let Some(cnode) = &facts.constraint else { return };
    let Some(text) = cnode.as_str() else { return };
    let Some(constraint) = Constraint::parse(text) else { return };
    let mut check = |key: &str, key_span: Span, since: version::Version, pointer: &dyn Fn() -> String| {
        if !constraint.allows_at_least(since) {
            let d = report(
                cx.out,
                &rules::PROVIDER_TOO_OLD,
                cx.index,
                key_span,
                &pointer(),
                format!("`{key}` needs provider 0.{}.{} or newer, but `required_providers` allows only `{text}`", since.1, since.2),
            );
            d.help(format!(
                "raise the coreweave provider's version constraint to allow {} or newer, or remove `{key}`",
                version::show(since)
            ));
            d.label(cnode.span(), "the provider version constraint");
        }
    };
    for m in tree.as_object().unwrap_or(&[]) {
        let Some(a) = mapping::find(CLUSTER, &m.key) else { continue };
        check(&m.key, m.key_span(), a.since, &|| format!("/{}", a.api));
        if let Some(inner) = m.value.as_object() {
            for n in inner {
                if let Some(na) = mapping::find(a.nested, &n.key) {
                    if na.since > a.since {
                        check(&format!("{}.{}", m.key, n.key), n.key_span(), na.since, &|| format!("/{}/{}", a.api, na.api));
                    }
                }
            }
        }
    }
}

/// CKS505 and CKS506 against the VPC resource `vpc_id` references.
fn vpc_checks(cx: &mut DocCtx, tree: &Node, vpc_name: &str, vpc: &Node) {
    if let (Some(zone), Some(vz)) = (tree.field("zone"), vpc.field("zone")) {
        if let (Some(a), Some(b)) = (zone.as_str(), vz.as_str()) {
            if a != b {
                report(
                    cx.out,
                    &rules::VPC_ZONE_MISMATCH,
                    cx.index,
                    zone.span(),
                    "/zone",
                    format!("the cluster's zone `{a}` is not the zone `{b}` of `coreweave_networking_vpc.{vpc_name}`"),
                )
                .help(format!("a cluster must be in its VPC's zone: set `zone = \"{b}\"` (or move the VPC)"))
                .label(vz.span(), "the VPC's zone");
            }
        }
    }
    let Some(prefixes) = vpc.field("vpc_prefixes").and_then(|p| p.as_array()) else { return };
    let mut defined: Vec<&str> = Vec::new();
    for p in prefixes {
        match p.field("name").and_then(|n| n.as_str()) {
            Some(n) => defined.push(n),
            None => return, // a name not statically known: nothing to compare with
        }
    }
    let fields = [
        ("pod_cidr_name", "/network/podCidrName"),
        ("service_cidr_name", "/network/serviceCidrName"),
        ("internal_lb_cidr_names", "/network/internalLbCidrNames"),
        ("pod_cidr_name_v6", "/network/podCidrNameV6"),
        ("service_cidr_name_v6", "/network/serviceCidrNameV6"),
        ("internal_lb_cidr_names_v6", "/network/internalLbCidrNamesV6"),
    ];
    for (tf, pointer) in fields {
        let Some(v) = tree.field(tf) else { continue };
        let values: Vec<(String, &Node)> = match &v.kind {
            NodeKind::String(_) => vec![(pointer.to_string(), v)],
            NodeKind::Array(items) => items.iter().enumerate().map(|(i, n)| (format!("{pointer}/{i}"), n)).collect(),
            _ => continue,
        };
        for (ptr, n) in values {
            let Some(s) = n.as_str() else { continue };
            if defined.contains(&s) || s.trim().is_empty() {
                continue;
            }
            // A CIDR is CKS210's finding.
            let ip = |t: &str| t.parse::<std::net::IpAddr>().is_ok();
            if ip(s) || s.split_once('/').is_some_and(|(a, b)| ip(a) && b.parse::<u8>().is_ok()) {
                continue;
            }
            let d = report(
                cx.out,
                &rules::UNKNOWN_VPC_PREFIX,
                cx.index,
                n.span(),
                &ptr,
                format!("`{tf}` names `{s}`, which `coreweave_networking_vpc.{vpc_name}` does not define in `vpc_prefixes`"),
            );
            match similarity::did_you_mean(s, defined.iter().copied(), 3) {
                Some(m) => {
                    let m = m.to_string();
                    d.help(format!("did you mean `{m}`? the VPC's prefixes are: {}", defined.join(", ")));
                    if source::Style::DoubleQuoted == n.style {
                        d.fix(Fix::unsafe_(format!("use `{m}`"), vec![Edit { span: n.span(), content: format!("\"{m}\"") }]));
                    }
                }
                None => {
                    d.help(format!("the VPC's prefixes are: {}", defined.join(", ")));
                }
            }
            d.label(vpc.span(), "the VPC");
        }
    }
}
