//! Identity and placement rules (CKS20x): the cluster name, server-assigned and
//! output-only fields, the Kubernetes version, the zone and the resource IDs.
//!
//! This file also holds the small edit helpers the field rules share:
//! [`remove_member_edit`], [`remove_item_edit`] and [`replace_string_edit`].

use crate::diagnostic::{Applicability, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::{content_span, is_proto_name_of, pointer_push, sub_span, Member, Node, Span};
use std::ops::Range;

/// The network block and the two settings that keep the posture rules quiet, for examples.
macro_rules! rest {
    () => {
        "network:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

/// A complete valid request (YAML), for examples.
macro_rules! valid {
    () => {
        concat!("name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n", rest!())
    };
}

/// A complete valid request (JSON) without its closing brace, for examples.
macro_rules! valid_json_open {
    () => {
        "{\n  \"name\": \"prod-east\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.35\",\n  \"network\": {\n    \"podCidrName\": \"pod cidr\",\n    \"serviceCidrName\": \"service cidr\",\n    \"internalLbCidrNames\": [\"internal lb cidr\"]\n  },\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\""
    };
}

pub static INVALID_CLUSTER_NAME: Rule = Rule {
    code: "CKS201",
    name: "invalid-cluster-name",
    severity: Severity::Error,
    summary: "name does not match `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`; span on the first bad character",
    what: "Checks that `name` uses only lowercase letters, digits and hyphens, and starts and ends with a letter or \
digit. The finding points at the first offending character (an uppercase letter, `_`, `.`, a space, a leading or \
trailing hyphen, a non-ASCII character) and the help suggests a valid name: lowercased, with `_`, `.` and spaces \
turned into hyphens, repeated hyphens collapsed, outer hyphens trimmed, cut to 30 characters.",
    why: "The cluster name becomes part of DNS names (the api-server endpoint has the form \
`<org>-<name>.k8s.<zone>.coreweave.com`), so it must be a DNS label. CoreWeave documents \"lowercase letters, \
numbers, hyphens\"; the exact pattern is inferred from that text and the DNS-label rules, not published by the API.",
    bad: Example::yaml(concat!(
        "name: Staging_West\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    good: Example::yaml(concat!(
        "name: staging-west\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    fix: Some("replace the name with the suggestion (safe when only lowercasing was needed; a suggestion otherwise)"),
    implemented: true,
};

pub static CLUSTER_NAME_TOO_LONG: Rule = Rule {
    code: "CKS202",
    name: "cluster-name-too-long",
    severity: Severity::Error,
    summary: "name longer than 30 characters; span on the excess",
    what: "Flags a `name` longer than 30 characters (counted as characters, not bytes) and points at the characters \
beyond the 30th. Exactly 30 is fine.",
    why: "CKS documents a 30-character limit for cluster names (the Terraform provider and CoreWeave's own tooling \
say \"must not be longer than 30 characters\"); a longer name is rejected when the cluster is created.",
    bad: Example::yaml(concat!(
        "name: prod-east-gpu-training-cluster-01\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    good: Example::yaml(concat!(
        "name: prod-east-gpu-training-01\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    fix: None,
    implemented: true,
};

pub static CLIENT_SET_ID: Rule = Rule {
    code: "CKS203",
    name: "client-set-id",
    severity: Severity::Error,
    summary: "`id` is set (the server assigns it)",
    what: "Flags an `id` field in a create request, pointing at the key.",
    why: "The server assigns the cluster ID; the API reference says not to set it on the request. An `id` usually \
means the file was copied from an API response or from an update (PATCH) body, which may carry other output-only \
fields too.",
    bad: Example::json(concat!(valid_json_open!(), ",\n  \"id\": \"81540112-93fc-4d39-af10-fe6c2f4b8824\"\n}\n")),
    good: Example::json(concat!(valid_json_open!(), "\n}\n")),
    fix: Some("remove the `id` member"),
    implemented: true,
};

pub static OUTPUT_ONLY_FIELD: Rule = Rule {
    code: "CKS204",
    name: "output-only-field",
    severity: Severity::Warning,
    summary: "`status`, `createdAt`, `updatedAt`, `apiServerEndpoint`, `isUpgradeable`, `tailscale.tailnetDomain`",
    what: "Flags fields that only appear in API responses: `status`, `createdAt`, `updatedAt`, `apiServerEndpoint` \
and `isUpgradeable` at the top level, and `tailscale.tailnetDomain`. The finding points at the key.",
    why: "These fields are set by the server. Sending them does nothing useful at best; whether the server rejects \
or ignores them on a create is not documented, so this is a warning. Their presence usually means the request was \
built from a response body.",
    bad: Example::yaml(concat!(valid!(), "status: STATUS_RUNNING\n")),
    good: Example::yaml(valid!()),
    fix: Some("remove the output-only member"),
    implemented: true,
};

pub static INVALID_VERSION: Rule = Rule {
    code: "CKS205",
    name: "invalid-version",
    severity: Severity::Error,
    summary: "version not `v<major>.<minor>` (`1.35`, `v1.35.2`, `latest`)",
    what: "Checks that `version` is a Kubernetes minor version written `v<major>.<minor>`, such as `v1.35`. It says \
what is wrong: a missing `v` (`1.35`), an uppercase `V`, a patch number (`v1.35.2`), a pre-release suffix, or a \
word such as `latest`. Only string values are checked: an unquoted YAML `1.35` is a number (CKS104).",
    why: "The API takes the minor version with a leading `v`; CKS applies patch versions itself. Every CoreWeave \
example uses `vX.Y`. Whether the server accepts other spellings is not documented, so the linter asks for the \
documented form.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35.2\n",
        rest!()
    )),
    good: Example::yaml(valid!()),
    fix: Some("add the `v`, lowercase `V`, or drop the patch number (`1.35` → `v1.35`, `v1.35.2` → `v1.35`)"),
    implemented: true,
};

pub static UNSUPPORTED_VERSION: Rule = Rule {
    code: "CKS206",
    name: "unsupported-version",
    severity: Severity::Warning,
    summary: "well-formed but outside the supported set (configurable)",
    what: "Flags a well-formed `version` that is not in the supported set (by default v1.34, v1.35 and v1.36), and \
says whether it is older (deprecated for new clusters) or newer than every supported version. The set is data: \
`supported-versions` in `.ckslint.yaml` replaces it.",
    why: "CKS supports the three latest Kubernetes minors and adds one about every 120 days; older minors cannot be \
used for new clusters. The set ages, which is why this is a warning and why it is configurable.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.31\n",
        rest!()
    )),
    good: Example::yaml(valid!()),
    fix: None,
    implemented: true,
};

pub static INVALID_ZONE: Rule = Rule {
    code: "CKS207",
    name: "invalid-zone",
    severity: Severity::Error,
    summary: "zone not an AZ name: lowercase, blanks, wrong shape",
    what: "Checks that `zone` has the shape of an availability zone name: `US-EAST-04A` (`<GEO>-<DIRECTION>-<NN>\
<LETTER>`) or the older airport style `RNO2A`. A lowercase zone (as it appears in endpoint host names) and \
surrounding blanks get a fix; a region without its zone letter (`US-EAST-04`) and near misses get a did-you-mean.",
    why: "Zone names are uppercase identifiers; the lowercase form is only used inside host names. The server's \
case sensitivity is not documented, so the linter asks for the documented spelling rather than guess.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: us-east-04a\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    good: Example::yaml(valid!()),
    fix: Some("uppercase a lowercase zone, trim blanks"),
    implemented: true,
};

pub static UNKNOWN_ZONE: Rule = Rule {
    code: "CKS208",
    name: "unknown-zone",
    severity: Severity::Warning,
    summary: "well-formed zone missing from the known list (configurable); did-you-mean",
    what: "Flags a well-formed `zone` that is not in the list of known availability zones, with a did-you-mean for \
near misses (`US-EAST-04B` → `US-EAST-04A`). Zones can be added with `known-zones` in `.ckslint.yaml`.",
    why: "A typo in the zone sends the request to a zone that does not exist, or to the wrong one. CoreWeave adds \
zones over time and the built-in list (from CoreWeave's availability pages) is partial, so this is a warning.",
    bad: Example::yaml(concat!(
        "name: prod-east\nzone: US-EAST-04B\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n",
        rest!()
    )),
    good: Example::yaml(valid!()),
    fix: Some("replace the zone with the only close known zone (a suggestion)"),
    implemented: true,
};

pub static INVALID_RESOURCE_ID: Rule = Rule {
    code: "CKS209",
    name: "invalid-resource-id",
    severity: Severity::Error,
    summary: "`vpcId` or `sharedStorageClusterId` is not a UUID (a name given says so)",
    what: "Checks that `vpcId` and `sharedStorageClusterId` are UUIDs (8-4-4-4-12 hexadecimal digits, any case). A \
value that looks like a name says so; braces, a `urn:uuid:` prefix, surrounding blanks and missing hyphens get a \
safe fix.",
    why: "Both fields take IDs, not names: the VPC's ID and the ID of the cluster whose shared storage is joined. \
Passing the name (`my-vpc`, `prod-east`) is the usual mistake, and the API rejects it or finds nothing.",
    bad: Example::yaml(concat!("name: prod-east\nzone: US-EAST-04A\nvpcId: prod-vpc\nversion: v1.35\n", rest!())),
    good: Example::yaml(valid!()),
    fix: Some("strip braces, a `urn:uuid:` prefix or blanks; insert the hyphens of a 32-digit UUID"),
    implemented: true,
};

/// Run every identity rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    check_name(ctx, root);
    check_output_only(ctx, root);
    check_version(ctx, root);
    check_zone(ctx, root);
    for (field, what) in [("vpcId", "VPC"), ("sharedStorageClusterId", "cluster")] {
        if let Some(m) = root.get(field) {
            check_resource_id(ctx, m, field, what);
        }
    }
}

// ---------------------------------------------------------------------------------------
// Shared edit helpers
// ---------------------------------------------------------------------------------------

// The edit helpers live with the editor of JSON and YAML text; rules reach them there
// (or through `ctx.editor()`), these names stay for the rule modules that use them.
pub use crate::source::edit::replace_string as replace_string_edit;
pub use crate::source::edit::{plain_safe, remove_item as remove_item_edit, remove_member_at as remove_member_edit};

/// The span of `range` inside a string node, or the node's content when the range is
/// empty or cannot be mapped to the file.
fn span_in(ctx: &Ctx, node: &Node, range: Range<usize>) -> Span {
    if range.is_empty() {
        return content_span(node, ctx.source);
    }
    sub_span(node, ctx.source, range)
}

/// The byte range of the blanks around `s` to point at: the leading ones if any, else the trailing ones.
fn blank_range(s: &str) -> (Range<usize>, &'static str) {
    let lead = s.len() - s.trim_start().len();
    if lead > 0 {
        (0..lead, "leading")
    } else {
        (s.trim_end().len()..s.len(), "trailing")
    }
}

// ---------------------------------------------------------------------------------------
// CKS201, CKS202: the name
// ---------------------------------------------------------------------------------------

/// Longest cluster name CKS accepts, in characters.
pub const MAX_NAME_CHARS: usize = 30;

/// Whether `name` matches `^[a-z0-9]([-a-z0-9]*[a-z0-9])?$`.
pub fn is_valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
}

/// The first character breaking the name pattern: (byte offset, char, what is wrong).
fn first_bad_name_char(name: &str) -> Option<(usize, char, String)> {
    let last = name.char_indices().last().map_or(0, |(i, _)| i);
    for (i, c) in name.char_indices() {
        let edge = if i == 0 {
            Some("starts")
        } else if i == last {
            Some("ends")
        } else {
            None
        };
        let what = match c {
            'a'..='z' | '0'..='9' => continue,
            '-' => match edge {
                Some(e) => format!("{e} with a hyphen"),
                None => continue,
            },
            'A'..='Z' => format!("contains an uppercase letter `{c}`"),
            '_' => "contains an underscore `_`".to_string(),
            '.' => "contains a dot `.`".to_string(),
            ' ' => match edge {
                Some(e) => format!("{e} with a space"),
                None => "contains a space".to_string(),
            },
            c if c.is_whitespace() => "contains white space".to_string(),
            c if !c.is_ascii() => format!("contains the non-ASCII character `{c}`"),
            c if c.is_ascii_control() => format!("contains the control character `{}`", c.escape_default()),
            c => format!("contains `{c}`"),
        };
        return Some((i, c, what));
    }
    None
}

/// A valid name close to `name`: lowercased, `_` `.` blanks and other separators turned
/// into hyphens, other characters dropped, runs of hyphens that a replacement created
/// collapsed, outer hyphens trimmed, cut to 30 characters. `None` if nothing is left.
pub fn suggest_name(name: &str) -> Option<String> {
    // (char, whether it replaced something)
    let mut out: Vec<(char, bool)> = Vec::with_capacity(name.len());
    for c in name.chars() {
        let (ch, replaced) = match c.to_ascii_lowercase() {
            l @ ('a'..='z' | '0'..='9') => (l, false),
            '-' => ('-', false),
            c if c == '_' || c == '.' || c == '/' || c == ':' || c == '+' || c.is_whitespace() => ('-', true),
            _ => continue,
        };
        if ch == '-' && out.last().is_some_and(|&(prev, prev_replaced)| prev == '-' && (prev_replaced || replaced)) {
            continue;
        }
        out.push((ch, replaced));
    }
    let s: String = out.iter().map(|(c, _)| *c).collect();
    let s = s.trim_matches('-');
    let s: String = s.chars().take(MAX_NAME_CHARS).collect();
    let s = s.trim_end_matches('-').to_string();
    is_valid_name(&s).then_some(s)
}

fn check_name(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("name") else { return };
    let Some(name) = m.value.as_str() else { return };
    if name.trim().is_empty() {
        return; // blank: CKS105
    }
    let pointer = pointer_push("", &m.key);
    if let Some((at, c, what)) = first_bad_name_char(name) {
        let span = span_in(ctx, &m.value, at..at + c.len_utf8());
        let suggestion = suggest_name(name);
        let source = ctx.source;
        let d = ctx.report(&INVALID_CLUSTER_NAME, span, pointer.clone(), format!("cluster name {what}"));
        match suggestion {
            Some(s) => {
                d.help(format!("use lowercase letters, digits and hyphens: \"{s}\""));
                let edit = replace_string_edit(source, &m.value, &s);
                let fix = if s == name.to_lowercase() {
                    Fix { applicability: Applicability::Safe, message: "lowercase the name".into(), edits: vec![edit] }
                } else {
                    Fix { applicability: Applicability::Unsafe, message: format!("rename the cluster to `{s}`"), edits: vec![edit] }
                };
                d.fix(fix);
            }
            None => {
                d.help("use lowercase letters, digits and hyphens, starting and ending with a letter or digit");
            }
        }
    }
    let count = name.chars().count();
    if count > MAX_NAME_CHARS {
        let start = name.char_indices().nth(MAX_NAME_CHARS).map_or(name.len(), |(i, _)| i);
        let span = span_in(ctx, &m.value, start..name.len());
        let excess = count - MAX_NAME_CHARS;
        let s = if excess == 1 { "" } else { "s" };
        let d = ctx.report(&CLUSTER_NAME_TOO_LONG, span, pointer, format!("cluster name is {count} characters, the limit is 30"));
        match suggest_name(name).filter(|_| is_valid_name(name)) {
            Some(short) => d.help(format!("shorten it by {excess} character{s}, for example \"{short}\"")),
            None => d.help(format!("shorten it by {excess} character{s}")),
        };
    }
}

// ---------------------------------------------------------------------------------------
// CKS203, CKS204: fields the server sets
// ---------------------------------------------------------------------------------------

const OUTPUT_ONLY: [&str; 5] = ["status", "createdAt", "updatedAt", "apiServerEndpoint", "isUpgradeable"];

fn removal_fix(source: &str, parent: &Node, index: usize, key: &str) -> Option<Fix> {
    remove_member_edit(source, parent, index).map(|e| Fix::safe(format!("remove `{key}`"), vec![e]))
}

fn check_output_only(ctx: &mut Ctx, root: &Node) {
    let Some(members) = root.as_object() else { return };
    for (i, m) in members.iter().enumerate() {
        let pointer = || pointer_push("", &m.key);
        if m.key == "id" {
            let fix = removal_fix(ctx.source, root, i, &m.key);
            let d = ctx.report(&CLIENT_SET_ID, m.key_span(), pointer(), "`id` is set, but the server assigns the cluster ID");
            d.help("remove `id`: a create request must not carry it (was this copied from a response or an update request?)");
            if let Some(f) = fix {
                d.fix(f);
            }
        } else if let Some(field) = OUTPUT_ONLY.iter().find(|f| m.key == **f || is_proto_name_of(&m.key, f)) {
            report_output_only(ctx, root, i, m, pointer(), field);
        }
    }
    let Some(ts) = root.get("tailscale") else { return };
    let Some(members) = ts.value.as_object() else { return };
    let base = pointer_push("", &ts.key);
    for (i, m) in members.iter().enumerate() {
        if m.key == "tailnetDomain" || is_proto_name_of(&m.key, "tailnetDomain") {
            report_output_only(ctx, &ts.value, i, m, pointer_push(&base, &m.key), "tailscale.tailnetDomain");
        }
    }
}

fn report_output_only(ctx: &mut Ctx, parent: &Node, index: usize, m: &Member, pointer: String, field: &str) {
    let fix = removal_fix(ctx.source, parent, index, &m.key);
    let d = ctx.report(&OUTPUT_ONLY_FIELD, m.key_span(), pointer, format!("`{field}` is output-only: the server sets it"));
    d.help(format!("remove `{}`: only responses carry it", m.key));
    if let Some(f) = fix {
        d.fix(f);
    }
}

// ---------------------------------------------------------------------------------------
// CKS205, CKS206: the version
// ---------------------------------------------------------------------------------------

/// `(major, minor)` of a well-formed `v<major>.<minor>`.
pub fn parse_minor(s: &str) -> Option<(u64, u64)> {
    let rest = s.strip_prefix('v')?;
    let (a, b) = rest.split_once('.')?;
    let num = |x: &str| (!x.is_empty() && x.bytes().all(|c| c.is_ascii_digit())).then(|| x.parse::<u64>().ok()).flatten();
    Some((num(a)?, num(b)?))
}

/// What is wrong with a version string: (range, message, help, fix).
struct Problem {
    range: Range<usize>,
    message: String,
    help: String,
    fix: Option<(Applicability, String, String)>,
}

fn all_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

fn version_problem(s: &str, newest: Option<&str>) -> Option<Problem> {
    if parse_minor(s).is_some() {
        return None;
    }
    let t = s.trim();
    if t.len() != s.len() {
        let (range, side) = blank_range(s);
        let fixed = canonical_version(t).map_or(t.to_string(), |(v, _)| v);
        return Some(Problem {
            range,
            message: format!("version has {side} blanks"),
            help: format!("write `{fixed}`"),
            fix: Some((Applicability::Safe, "trim the version".into(), fixed)),
        });
    }
    if let Some((fixed, safe)) = canonical_version(t) {
        let (prefix, rest) = match t.chars().next() {
            Some(c @ ('v' | 'V')) => (Some(c), &t[1..]),
            _ => (None, t),
        };
        let parts: Vec<&str> = rest.splitn(3, '.').collect();
        let patch_at = prefix.map_or(0, |_| 1) + parts[0].len() + 1 + parts[1].len();
        let (range, message) = if !safe {
            (0..t.len(), format!("version `{t}` is not a minor version"))
        } else if parts.len() == 3 && prefix.is_none() {
            (0..t.len(), format!("version `{t}` is a patch version without the leading `v`"))
        } else if parts.len() == 3 {
            (patch_at..t.len(), format!("version includes the patch number `{}`", &t[patch_at..]))
        } else if prefix == Some('V') {
            (0..1, "version starts with an uppercase `V`".to_string())
        } else {
            (0..t.len(), "version has no leading `v`".to_string())
        };
        let applicability = if safe { Applicability::Safe } else { Applicability::Unsafe };
        return Some(Problem {
            range,
            message,
            help: format!("CKS takes the minor version as `v<major>.<minor>` and applies patches itself: `{fixed}`"),
            fix: Some((applicability, format!("write `{fixed}`"), fixed)),
        });
    }
    let lower = t.to_ascii_lowercase();
    if ["latest", "stable", "default", "newest", "current"].contains(&lower.as_str()) {
        let fix = newest.map(|n| (Applicability::Unsafe, format!("use `{n}`"), n.to_string()));
        let help = match newest {
            Some(n) => format!("name the minor version; the newest supported is `{n}`"),
            None => "name the minor version, e.g. `v1.35`".to_string(),
        };
        return Some(Problem { range: 0..t.len(), message: format!("version `{t}` is not a Kubernetes minor version"), help, fix });
    }
    let bare = t.strip_prefix(['v', 'V']).unwrap_or(t);
    if all_digits(bare) {
        return Some(Problem {
            range: 0..t.len(),
            message: format!("version `{t}` has no minor number"),
            help: "write `v<major>.<minor>`, e.g. `v1.35`".into(),
            fix: None,
        });
    }
    Some(Problem {
        range: 0..t.len(),
        message: format!("version `{t}` is not `v<major>.<minor>`"),
        help: "write the Kubernetes minor version, e.g. `v1.35`".into(),
        fix: None,
    })
}

/// `vX.Y` for `[vV]?X.Y(.Z)?` (safe) and for those followed by a `-`/`+` suffix (not safe).
fn canonical_version(t: &str) -> Option<(String, bool)> {
    let rest = t.strip_prefix(['v', 'V']).unwrap_or(t);
    let (core, suffix) = match rest.find(['-', '+']) {
        Some(i) => (&rest[..i], true),
        None => (rest, false),
    };
    let parts: Vec<&str> = core.split('.').collect();
    if !(2..=3).contains(&parts.len()) || !parts.iter().all(|p| all_digits(p)) {
        return None;
    }
    Some((format!("v{}.{}", parts[0], parts[1]), !suffix))
}

fn check_version(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("version") else { return };
    let Some(v) = m.value.as_str() else { return };
    if v.trim().is_empty() {
        return;
    }
    let pointer = pointer_push("", &m.key);
    let mut supported: Vec<((u64, u64), &str)> =
        ctx.settings.supported_versions.iter().filter_map(|s| parse_minor(s).map(|p| (p, s.as_str()))).collect();
    supported.sort();
    supported.dedup();
    let newest = supported.last().map(|(_, s)| *s);
    if let Some(p) = version_problem(v, newest) {
        let span = span_in(ctx, &m.value, p.range);
        let source = ctx.source;
        let d = ctx.report(&INVALID_VERSION, span, pointer, p.message);
        d.help(p.help);
        if let Some((applicability, message, fixed)) = p.fix {
            d.fix(Fix { applicability, message, edits: vec![replace_string_edit(source, &m.value, &fixed)] });
        }
        return;
    }
    let Some(minor) = parse_minor(v) else { return };
    let (Some(oldest), Some(newest)) = (supported.first(), supported.last()) else { return };
    if supported.iter().any(|(p, _)| *p == minor) {
        return;
    }
    let list = supported.iter().map(|(_, s)| *s).collect::<Vec<_>>().join(", ");
    let (message, help) = if minor < oldest.0 {
        (
            format!("version `{v}` is no longer supported for new clusters (supported: {list})"),
            format!("use `{}` or newer; the supported set is configurable (`supported-versions` in .ckslint.yaml)", oldest.1),
        )
    } else if minor > newest.0 {
        (
            format!("version `{v}` is newer than every supported version (supported: {list})"),
            format!("use `{}` or older; if CKS now offers `{v}`, add it to `supported-versions` in .ckslint.yaml", newest.1),
        )
    } else {
        (
            format!("version `{v}` is not in the supported set ({list})"),
            "use a supported version; the set is configurable (`supported-versions` in .ckslint.yaml)".to_string(),
        )
    };
    let span = content_span(&m.value, ctx.source);
    ctx.report(&UNSUPPORTED_VERSION, span, pointer, message).help(help);
}

// ---------------------------------------------------------------------------------------
// CKS207, CKS208: the zone
// ---------------------------------------------------------------------------------------

/// `^([A-Z]{2}-[A-Z]+-\d{2}[A-Z]|[A-Z]{3}\d[A-Z])$`
pub fn is_zone_shape(z: &str) -> bool {
    let b = z.as_bytes();
    let up = |x: &[u8]| !x.is_empty() && x.iter().all(u8::is_ascii_uppercase);
    if b.len() == 5 && up(&b[..3]) && b[3].is_ascii_digit() && b[4].is_ascii_uppercase() {
        return true;
    }
    let parts: Vec<&[u8]> = b.split(|&c| c == b'-').collect();
    parts.len() == 3
        && parts[0].len() == 2
        && up(parts[0])
        && up(parts[1])
        && parts[2].len() == 3
        && parts[2][0].is_ascii_digit()
        && parts[2][1].is_ascii_digit()
        && parts[2][2].is_ascii_uppercase()
}

/// Known zones close to `z` (at most three): the zones of the same region first, then a
/// region given without its zone letter, then those within two edits.
pub fn zone_suggestions<'a>(z: &str, known: &'a [String]) -> Vec<&'a str> {
    let up = z.trim().to_ascii_uppercase();
    let take = |v: Vec<&'a str>| v.into_iter().take(3).collect::<Vec<_>>();
    if is_zone_shape(&up) {
        let region = &up[..up.len() - 1];
        let same: Vec<&str> =
            known.iter().map(String::as_str).filter(|k| k.len() == up.len() && k.starts_with(region) && *k != up).collect();
        if !same.is_empty() {
            return take(same);
        }
    }
    let region: Vec<&str> = known.iter().map(String::as_str).filter(|k| k.len() == up.len() + 1 && k.starts_with(up.as_str())).collect();
    if !region.is_empty() {
        return take(region);
    }
    let mut scored: Vec<(usize, &str)> =
        known.iter().filter_map(|k| Some((crate::rules::similarity::within(&up, k, 2)?, k.as_str()))).filter(|(d, _)| *d > 0).collect();
    let Some(best) = scored.iter().map(|(d, _)| *d).min() else { return Vec::new() };
    scored.retain(|(d, _)| *d == best);
    take(scored.into_iter().map(|(_, k)| k).collect())
}

fn did_you_mean(s: &[&str]) -> String {
    match s {
        [one] => format!("did you mean `{one}`?"),
        many => format!("did you mean one of {}?", many.iter().map(|z| format!("`{z}`")).collect::<Vec<_>>().join(", ")),
    }
}

fn check_zone(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("zone") else { return };
    let Some(z) = m.value.as_str() else { return };
    if z.trim().is_empty() {
        return;
    }
    let pointer = pointer_push("", &m.key);
    let known = &ctx.settings.known_zones;
    let source = ctx.source;
    let t = z.trim();
    let upper = t.to_ascii_uppercase();
    if t.len() != z.len() {
        let (range, side) = blank_range(z);
        let fixed = if !is_zone_shape(t) && is_zone_shape(&upper) { upper.clone() } else { t.to_string() };
        let span = span_in(ctx, &m.value, range);
        ctx.report(&INVALID_ZONE, span, pointer, format!("zone has {side} blanks"))
            .help(format!("write `{fixed}`"))
            .fix(Fix::safe("trim the zone", vec![replace_string_edit(source, &m.value, &fixed)]));
        return;
    }
    if !is_zone_shape(t) && is_zone_shape(&upper) {
        let all_lower = !t.bytes().any(|b| b.is_ascii_uppercase());
        let (range, message) = if all_lower {
            (0..t.len(), "zone is lowercase".to_string())
        } else {
            let at = t.bytes().position(|b| b.is_ascii_lowercase()).unwrap_or(0);
            (at..at + 1, "zone has lowercase letters".to_string())
        };
        let span = span_in(ctx, &m.value, range);
        ctx.report(&INVALID_ZONE, span, pointer, message)
            .help(format!("zone names are uppercase (the lowercase form only appears in host names): `{upper}`"))
            .fix(Fix::safe("uppercase the zone", vec![replace_string_edit(source, &m.value, &upper)]));
        return;
    }
    // A known zone is the common case: no suggestions to compute.
    if is_zone_shape(t) && known.iter().any(|k| k == t) {
        return;
    }
    let suggestions = zone_suggestions(t, known);
    if !is_zone_shape(t) {
        let is_region = !suggestions.is_empty() && suggestions.iter().all(|k| k.len() == upper.len() + 1 && k.starts_with(upper.as_str()));
        let message = if is_region {
            format!("zone `{t}` is a region, not an availability zone")
        } else {
            format!("zone `{t}` is not an availability zone name")
        };
        let help = match (is_region, suggestions.as_slice()) {
            (true, s) => format!("add the zone letter: {}", did_you_mean(s)),
            (false, []) => "availability zone names look like `US-EAST-04A` (or `RNO2A` for older zones)".to_string(),
            (false, s) => format!("{} (zone names look like `US-EAST-04A`)", did_you_mean(s)),
        };
        let span = content_span(&m.value, source);
        let d = ctx.report(&INVALID_ZONE, span, pointer, message);
        d.help(help);
        if let [one] = suggestions.as_slice() {
            d.fix(Fix::unsafe_(format!("use `{one}`"), vec![replace_string_edit(source, &m.value, one)]));
        }
        return;
    }
    let tail = "the built-in list is partial: if the zone is real, add it to `known-zones` in .ckslint.yaml";
    let help = if suggestions.is_empty() { tail.to_string() } else { format!("{}; {tail}", did_you_mean(&suggestions)) };
    let span = content_span(&m.value, source);
    let d = ctx.report(&UNKNOWN_ZONE, span, pointer, format!("zone `{t}` is not a known availability zone"));
    d.help(help);
    if let [one] = suggestions.as_slice() {
        d.fix(Fix::unsafe_(format!("use `{one}`"), vec![replace_string_edit(source, &m.value, one)]));
    }
}

// ---------------------------------------------------------------------------------------
// CKS209: resource IDs
// ---------------------------------------------------------------------------------------

/// 8-4-4-4-12 hexadecimal digits, any case.
pub fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36 && b.iter().enumerate().all(|(i, c)| if matches!(i, 8 | 13 | 18 | 23) { *c == b'-' } else { c.is_ascii_hexdigit() })
}

/// What is wrong with an ID: (range, extra label range, message, help, safe replacement).
struct IdProblem {
    range: Range<usize>,
    closing: Option<Range<usize>>,
    message: String,
    help: String,
    fixed: Option<String>,
}

fn id_problem(s: &str, field: &str, what: &str) -> Option<IdProblem> {
    if is_uuid(s) {
        return None;
    }
    let help = format!("copy the {what}'s ID, a UUID such as `81540112-93fc-4d39-af10-fe6c2f4b8824`");
    let plain =
        |range, message: String, fixed: Option<String>| Some(IdProblem { range, closing: None, message, help: help.clone(), fixed });
    let t = s.trim();
    if t.len() != s.len() {
        let (range, side) = blank_range(s);
        let fixed = id_problem(t, field, what).and_then(|p| p.fixed).unwrap_or_else(|| t.to_string());
        return plain(range, format!("`{field}` has {side} blanks"), Some(fixed));
    }
    if let Some(inner) = t.strip_prefix('{').and_then(|x| x.strip_suffix('}')) {
        if is_uuid(inner) {
            return Some(IdProblem {
                range: 0..1,
                closing: Some(t.len() - 1..t.len()),
                message: format!("`{field}` is a UUID wrapped in braces"),
                help: format!("write the bare UUID: `{inner}`"),
                fixed: Some(inner.to_string()),
            });
        }
    }
    if t.len() > 9 && t.get(..9).is_some_and(|p| p.eq_ignore_ascii_case("urn:uuid:")) && is_uuid(&t[9..]) {
        return Some(IdProblem {
            range: 0..9,
            closing: None,
            message: format!("`{field}` has a `urn:uuid:` prefix"),
            help: format!("write the bare UUID: `{}`", &t[9..]),
            fixed: Some(t[9..].to_string()),
        });
    }
    if t.len() == 32 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        let h = format!("{}-{}-{}-{}-{}", &t[..8], &t[8..12], &t[12..16], &t[16..20], &t[20..]);
        return Some(IdProblem {
            range: 0..t.len(),
            closing: None,
            message: format!("`{field}` is a UUID without its hyphens"),
            help: format!("write it in the 8-4-4-4-12 form: `{h}`"),
            fixed: Some(h),
        });
    }
    if t.len() == 36 && t.bytes().enumerate().all(|(i, c)| (c == b'-') == matches!(i, 8 | 13 | 18 | 23)) {
        if let Some((i, c)) = t.char_indices().find(|(_, c)| *c != '-' && !c.is_ascii_hexdigit()) {
            return plain(i..i + c.len_utf8(), format!("`{field}` is not a UUID: `{c}` is not a hexadecimal digit"), None);
        }
    }
    let hexish = t.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-') && t.contains('-');
    if hexish && t.split('-').count() >= 3 {
        let got = t.split('-').map(|g| g.len().to_string()).collect::<Vec<_>>().join("-");
        return plain(0..t.len(), format!("`{field}` is not a UUID: expected 8-4-4-4-12 hexadecimal digits, got {got}"), None);
    }
    let name_like = t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ' '));
    if name_like {
        let help = format!(
            "copy the {what}'s ID (a UUID such as `81540112-93fc-4d39-af10-fe6c2f4b8824`) from the console or the API, where it \
             is listed next to the name"
        );
        return Some(IdProblem {
            range: 0..t.len(),
            closing: None,
            message: format!("`{field}` is not a UUID: this looks like a {what} name; the API wants the {what} ID"),
            help,
            fixed: None,
        });
    }
    plain(0..t.len(), format!("`{field}` is not a UUID"), None)
}

fn check_resource_id(ctx: &mut Ctx, m: &Member, field: &str, what: &str) {
    let Some(s) = m.value.as_str() else { return };
    if s.trim().is_empty() {
        return;
    }
    let Some(p) = id_problem(s, field, what) else { return };
    let span = span_in(ctx, &m.value, p.range);
    let closing = p.closing.map(|r| sub_span(&m.value, ctx.source, r));
    let source = ctx.source;
    let d = ctx.report(&INVALID_RESOURCE_ID, span, pointer_push("", &m.key), p.message);
    d.help(p.help);
    if let Some(c) = closing.filter(|c| *c != m.value.span()) {
        d.label(c, "closing brace");
    }
    if let Some(fixed) = p.fixed.filter(|f| is_uuid(f)) {
        d.fix(Fix::safe(format!("write `{fixed}`"), vec![replace_string_edit(source, &m.value, &fixed)]));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(is_valid_name("a"));
        assert!(is_valid_name("a--b"));
        assert!(!is_valid_name("-a"));
        assert_eq!(suggest_name("Staging_West").as_deref(), Some("staging-west"));
        assert_eq!(suggest_name("Prod--East").as_deref(), Some("prod--east"));
        assert_eq!(suggest_name("a - b").as_deref(), Some("a-b"));
        assert_eq!(suggest_name("_x_").as_deref(), Some("x"));
        assert_eq!(suggest_name("ü"), None);
        assert_eq!(suggest_name(&"a".repeat(40)).map(|s| s.len()), Some(30));
        assert_eq!(first_bad_name_char("Staging").map(|(i, _, w)| (i, w)), Some((0, "contains an uppercase letter `S`".into())));
        assert_eq!(first_bad_name_char("ab-").map(|(i, _, w)| (i, w)), Some((2, "ends with a hyphen".into())));
    }

    #[test]
    fn versions() {
        assert_eq!(parse_minor("v1.35"), Some((1, 35)));
        assert_eq!(parse_minor("v1.35.2"), None);
        assert_eq!(canonical_version("1.35.2"), Some(("v1.35".into(), true)));
        assert_eq!(canonical_version("v1.35.0-rc.1"), Some(("v1.35".into(), false)));
        assert_eq!(canonical_version("latest"), None);
    }

    #[test]
    fn zones() {
        assert!(is_zone_shape("US-EAST-04A"));
        assert!(is_zone_shape("RNO2A"));
        assert!(!is_zone_shape("US-EAST-4A"));
        assert!(!is_zone_shape("us-east-04a"));
        let known: Vec<String> = ["US-EAST-04A", "US-EAST-02B", "US-EAST-14A"].iter().map(|s| s.to_string()).collect();
        assert_eq!(zone_suggestions("US-EAST-04B", &known), ["US-EAST-04A"]);
        assert_eq!(zone_suggestions("US-EAST-04", &known), ["US-EAST-04A"]);
        assert_eq!(zone_suggestions("US_EAST_04A", &known), ["US-EAST-04A"]);
    }

    #[test]
    fn uuids() {
        assert!(is_uuid("3F0C2A9E-1d2b-4c5e-9f7a-0b1c2d3e4f50"));
        assert!(!is_uuid("3f0c2a9e1d2b4c5e9f7a0b1c2d3e4f50"));
    }

    fn root(src: &str, format: crate::source::Format) -> Node {
        crate::source::parse(src, format).documents.remove(0).root.unwrap()
    }

    fn apply(src: &str, e: Option<crate::diagnostic::Edit>) -> String {
        let e = e.unwrap();
        let mut s = src.to_string();
        s.replace_range(e.span.start..e.span.end, &e.content);
        s
    }

    #[test]
    fn member_removal() {
        #[allow(non_snake_case)]
        let (Json, Yaml) = (crate::source::Format::Json, crate::source::Format::Yaml);
        let src = "{\n  \"a\": 1,\n  \"id\": 2,\n  \"b\": 3\n}\n";
        let r = root(src, Json);
        assert_eq!(apply(src, remove_member_edit(src, &r, 0)), "{\n  \"id\": 2,\n  \"b\": 3\n}\n");
        assert_eq!(apply(src, remove_member_edit(src, &r, 1)), "{\n  \"a\": 1,\n  \"b\": 3\n}\n");
        assert_eq!(apply(src, remove_member_edit(src, &r, 2)), "{\n  \"a\": 1,\n  \"id\": 2\n}\n");
        let src = "{ \"id\": 2 }";
        assert_eq!(apply(src, remove_member_edit(src, &root(src, Json), 0)), "{}");
        let src = "a: {x: 1, id: 2}\n";
        let r = root(src, Yaml);
        let flow = r.field("a").unwrap();
        assert_eq!(apply(src, remove_member_edit(src, flow, 1)), "a: {x: 1}\n");
        let src = "a: 1\nid: 2 # note\nb:\n  c: 3\n";
        let r = root(src, Yaml);
        assert_eq!(apply(src, remove_member_edit(src, &r, 1)), "a: 1\nb:\n  c: 3\n");
        assert_eq!(apply(src, remove_member_edit(src, &r, 2)), "a: 1\nid: 2 # note\n");
        assert!(remove_member_edit(src, &r, 9).is_none());
    }

    #[test]
    fn item_removal_never_overlaps_for_later_items() {
        #[allow(non_snake_case)]
        let (Json, Yaml) = (crate::source::Format::Json, crate::source::Format::Yaml);
        let src = "[\"a\", \"b\", \"c\"]";
        let r = root(src, Json);
        let e1 = remove_item_edit(src, &r, 1).unwrap();
        let e2 = remove_item_edit(src, &r, 2).unwrap();
        assert!(e1.span.end <= e2.span.start);
        assert_eq!(apply(src, Some(e1)), "[\"a\", \"c\"]");
        assert_eq!(apply(src, remove_item_edit(src, &r, 0)), "[\"b\", \"c\"]");
        let src = "s: [a, b]\nt:\n  - a\n  - b\n";
        let r = root(src, Yaml);
        assert_eq!(apply(src, remove_item_edit(src, r.field("s").unwrap(), 1)), "s: [a]\nt:\n  - a\n  - b\n");
        assert_eq!(apply(src, remove_item_edit(src, r.field("t").unwrap(), 0)), "s: [a, b]\nt:\n  - b\n");
    }

    #[test]
    fn string_replacement_keeps_the_style() {
        #[allow(non_snake_case)]
        let (Json, Yaml) = (crate::source::Format::Json, crate::source::Format::Yaml);
        let src = "a: Plain\nb: 'single'\nc: \"double\"\nd: |\n  block\ne: x\n";
        let r = root(src, Yaml);
        let rep = |k: &str, new: &str| apply(src, Some(replace_string_edit(src, r.field(k).unwrap(), new)));
        assert!(rep("a", "plain").starts_with("a: plain\n"));
        assert!(rep("a", "*.x").starts_with("a: \"*.x\"\n"));
        assert!(rep("a", "1e3").starts_with("a: \"1e3\"\n"));
        assert!(rep("b", "x").contains("b: 'x'\n"));
        assert!(rep("c", "x").contains("c: \"x\"\n"));
        assert!(rep("d", "x").contains("d: \"x\"\ne: x\n"), "{}", rep("d", "x"));
        let src = "{\"a\": \"x\"}";
        let r = root(src, Json);
        assert_eq!(apply(src, Some(replace_string_edit(src, r.field("a").unwrap(), "q\""))), "{\"a\": \"q\\\"\"}");
    }

    #[test]
    fn plain_scalars() {
        assert!(plain_safe("prod-east"));
        assert!(!plain_safe("*.example.com"));
        assert!(!plain_safe("1e3"));
        assert!(!plain_safe("yes"));
        assert!(!plain_safe("a: b"));
    }
}
