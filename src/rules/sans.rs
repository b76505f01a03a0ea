//! Server certificate SAN rules (CKS22x): `additionalServerSans`.

use crate::diagnostic::{Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::rules::identity::{remove_item_edit, replace_string_edit};
use crate::source::{content_span, pointer_push, sub_span, Node, Span};
use std::net::{IpAddr, Ipv6Addr};
use std::ops::Range;

/// A complete valid request, for examples.
macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

/// Most SANs the API accepts.
pub const MAX_SANS: usize = 10;

pub static TOO_MANY_SANS: Rule = Rule {
    code: "CKS220",
    name: "too-many-sans",
    severity: Severity::Error,
    summary: "more than 10 `additionalServerSans`; span on the excess",
    what: "Flags more than 10 entries in `additionalServerSans`, pointing at the entries from the 11th on. Exactly 10 \
is fine.",
    why: "The API accepts up to 10 additional SANs (the reference says \"up to 10\" and the Terraform provider \
enforces it). A wildcard such as `*.example.com` covers every name one level below it and can replace several \
entries.",
    bad: Example::yaml(concat!(
        base!(),
        "additionalServerSans: [a.example.com, b.example.com, c.example.com, d.example.com, e.example.com, f.example.com, g.example.com, h.example.com, i.example.com, j.example.com, k.example.com]\n"
    )),
    good: Example::yaml(concat!(base!(), "additionalServerSans: [\"*.example.com\"]\n")),
    fix: None,
    implemented: true,
};

pub static DUPLICATE_SAN: Rule = Rule {
    code: "CKS221",
    name: "duplicate-san",
    severity: Severity::Error,
    summary: "a SAN repeats (DNS names compare case-insensitively); label: first one",
    what: "Flags an `additionalServerSans` entry that repeats an earlier one. DNS names compare case-insensitively \
and without a trailing dot; IP addresses compare as addresses, so `::1` and `0:0::1` are the same. An entry that \
would equal an earlier one once its own mistake is fixed (`https://api.example.com` after `api.example.com`) counts \
as a repeat too. The finding points at the later entry, with a label on the first.",
    why: "The API treats the list as a set (the Terraform provider requires unique items), so a repeat is rejected \
or dropped; it also uses up one of the 10 allowed entries.",
    bad: Example::yaml(concat!(base!(), "additionalServerSans:\n  - api.example.com\n  - API.example.com\n")),
    good: Example::yaml(concat!(base!(), "additionalServerSans:\n  - api.example.com\n")),
    fix: Some("remove the repeated entry"),
    implemented: true,
};

pub static INVALID_SAN: Rule = Rule {
    code: "CKS222",
    name: "invalid-san",
    severity: Severity::Error,
    summary: "not a DNS name (leading `*.` allowed), IPv4 or IPv6 address",
    what: "Checks each `additionalServerSans` entry: a DNS name (labels of 1–63 letters, digits and hyphens, not \
starting or ending with a hyphen, 253 characters at most, an optional leading `*.` wildcard label), an IPv4 address \
or an IPv6 address. The message says what is wrong — a URL, a port, a path, a CIDR, brackets around an IPv6 \
address, a space, an underscore, a misplaced wildcard, a long label, an empty entry — and points at the offending \
characters.",
    why: "Each entry becomes a Subject Alternative Name of the api-server's serving certificate. A certificate SAN \
is a bare host name or address: a scheme, port or path can never match a host, so clients connecting by that \
name fail TLS verification.",
    bad: Example::yaml(concat!(base!(), "additionalServerSans:\n  - https://api.example.com\n")),
    good: Example::yaml(concat!(
        base!(),
        "additionalServerSans:\n  - api.example.com\n  - \"*.prod.example.com\"\n  - 10.16.0.10\n  - 2001:db8::10\n"
    )),
    fix: Some("drop a URL's scheme and path, a port, brackets or blanks; remove an empty entry"),
    implemented: true,
};

/// A valid SAN, in the form entries are compared by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum San {
    /// Lowercased, without a trailing dot.
    Dns(String),
    Ip(IpAddr),
}

/// What is wrong with a SAN.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// Byte range of the offending characters in the entry.
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
    /// A valid replacement that keeps the meaning (a safe fix).
    pub fixed: Option<String>,
    /// The entry should be removed (empty).
    pub remove: bool,
}

fn problem(range: Range<usize>, message: impl Into<String>, help: impl Into<String>) -> Problem {
    Problem { range, message: message.into(), help: help.into(), fixed: None, remove: false }
}

/// `fixed` when it is a valid SAN.
fn valid_fix(fixed: &str) -> Option<String> {
    analyze(fixed).is_ok().then(|| fixed.to_string())
}

/// Check one SAN entry.
pub fn analyze(s: &str) -> Result<San, Problem> {
    if super::is_blank(s) {
        let mut p = problem(0..s.len(), "empty SAN", "remove the empty entry");
        p.remove = true;
        return Err(p);
    }
    let t = super::trim(s);
    if t.len() != s.len() {
        let lead = s.len() - s.trim_start().len();
        let (range, side) = if lead > 0 { (0..lead, "leading") } else { (s.trim_end().len()..s.len(), "trailing") };
        let fixed = match analyze(t) {
            Ok(_) => Some(t.to_string()),
            Err(p) => p.fixed,
        };
        return Err(Problem { fixed, ..problem(range, format!("SAN has {side} blanks"), format!("write `{t}`")) });
    }
    // An IPv6 address has a `:`, an IPv4 one only digits and dots: most SANs are names.
    let maybe_ip = t.contains(':') || t.bytes().all(|b| b.is_ascii_digit() || b == b'.');
    if let Some(ip) = maybe_ip.then(|| t.parse::<IpAddr>().ok()).flatten() {
        return Ok(San::Ip(ip));
    }
    // A URL, brackets, a path or a port each need one of these: most SANs are plain names.
    if !t.bytes().any(|b| matches!(b, b':' | b'/' | b'[')) {
        return dns(t);
    }
    if let Some(i) = t.find("://") {
        let scheme = &t[..i + 3];
        let rest = &t[i + 3..];
        let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
        let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let authority = &rest[..host_end];
        let host = strip_port(authority);
        let host = host.strip_prefix('[').and_then(|h| h.strip_suffix(']')).unwrap_or(host);
        let tail = &t[t.len() - (rest.len() - authority.len())..];
        let port = &authority[authority.len().min(strip_port(authority).len())..];
        let dropped = [scheme, port, tail].iter().filter(|x| !x.is_empty()).map(|x| format!("`{x}`")).collect::<Vec<_>>().join(" and ");
        let message = format!("a SAN is a host name, not a URL; drop {dropped}");
        let fixed = valid_fix(host);
        let help = match &fixed {
            Some(h) => format!("write the host name only: `{h}`"),
            None => "write the host name only".to_string(),
        };
        return Err(Problem { fixed, ..problem(0..i + 3, message, help) });
    }
    if let Some(inner_end) = t.strip_prefix('[').and_then(|x| x.find(']')) {
        let inner = &t[1..1 + inner_end];
        if inner.parse::<Ipv6Addr>().is_ok() {
            let after = &t[2 + inner_end..];
            let message = if after.is_empty() {
                "an IPv6 SAN is written without brackets".to_string()
            } else {
                format!("an IPv6 SAN is written without brackets and port `{after}`")
            };
            return Err(Problem {
                fixed: Some(inner.to_string()),
                ..problem(0..t.len(), message, format!("write the bare address: `{inner}`"))
            });
        }
    }
    if let Some(slash) = t.find('/') {
        let (before, after) = (&t[..slash], &t[slash + 1..]);
        if before.parse::<IpAddr>().is_ok() && !after.is_empty() && after.bytes().all(|b| b.is_ascii_digit()) {
            return Err(problem(
                slash..t.len(),
                format!("a SAN is a single address, not a CIDR range; drop `/{after}`"),
                "list each address the certificate must cover as its own entry",
            ));
        }
        if let Some(fixed) = valid_fix(strip_port(before)) {
            return Err(Problem {
                fixed: Some(fixed.clone()),
                ..problem(
                    slash.min(strip_port(before).len())..t.len(),
                    format!("a SAN is a host name without a path; drop `{}`", &t[strip_port(before).len()..]),
                    format!("write `{fixed}`"),
                )
            });
        }
    }
    if let Some(colon) = t.find(':') {
        let port = &t[colon + 1..];
        if !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit()) && !t[..colon].contains(':') {
            if let Some(fixed) = valid_fix(&t[..colon]) {
                return Err(Problem {
                    fixed: Some(fixed.clone()),
                    ..problem(
                        colon..t.len(),
                        format!("a SAN has no port; drop `:{port}`"),
                        format!("write the host only: `{fixed}` (the certificate covers every port)"),
                    )
                });
            }
        }
        if t.bytes().all(|b| b.is_ascii_hexdigit() || b == b':' || b == b'.' || b == b'%') || t.matches(':').count() >= 2 {
            return Err(problem(
                0..t.len(),
                format!("`{t}` is not a valid IPv6 address"),
                "write the address in standard form, e.g. `2001:db8::10`",
            ));
        }
    }
    dns(t)
}

/// `host` without a trailing `:digits` port (IPv6 brackets kept).
fn strip_port(authority: &str) -> &str {
    match authority.rsplit_once(':') {
        Some((h, p)) if p.bytes().all(|b| b.is_ascii_digit()) && (!h.contains(':') || h.ends_with(']')) => h,
        _ => authority,
    }
}

/// A DNS name with an optional leading `*.` wildcard label.
fn dns(t: &str) -> Result<San, Problem> {
    // Most names are well formed: one pass over the bytes says so, and the walk (which
    // finds and explains the first problem) is for the rest.
    let name = t.strip_suffix('.').unwrap_or(t);
    if well_formed(name.as_bytes()) {
        return Ok(San::Dns(name.to_ascii_lowercase()));
    }
    dns_walk(t)
}

fn dns_walk(t: &str) -> Result<San, Problem> {
    let name = t.strip_suffix('.').unwrap_or(t);
    let label_help = "DNS names use letters, digits and hyphens, in labels separated by dots";
    // Labels with their offsets, walked twice without collecting them.
    let labels = || {
        let mut off = 0;
        name.split('.').map(move |label| {
            let at = off;
            off += label.len() + 1;
            (at, label)
        })
    };
    let label_count = name.bytes().filter(|&b| b == b'.').count() + 1;
    for (idx, (off, label)) in labels().enumerate() {
        if label.is_empty() {
            let at = off.min(t.len().saturating_sub(1));
            let what = if off == 0 { "SAN starts with a dot" } else { "SAN has an empty label (two dots in a row)" };
            return Err(problem(at..at + 1, what, label_help));
        }
        if label == "*" {
            if idx == 0 && label_count > 1 {
                continue;
            }
            let message =
                if idx == 0 { "a wildcard SAN needs a domain after `*.`" } else { "a wildcard `*` is only allowed as the first label" };
            return Err(problem(off..off + 1, message, "write a wildcard as `*.example.com`"));
        }
        for (j, c) in label.char_indices() {
            if c.is_ascii_alphanumeric() || c == '-' {
                continue;
            }
            let (message, help) = match c {
                '*' => ("a wildcard `*` must be a whole first label".to_string(), "write a wildcard as `*.example.com`".to_string()),
                '_' => {
                    ("SAN contains an underscore `_`, which DNS host names do not allow".to_string(), "use a hyphen instead".to_string())
                }
                ' ' => ("SAN contains a space".to_string(), "list each name as its own entry, without spaces".to_string()),
                c if c.is_whitespace() => ("SAN contains white space".to_string(), "list each name as its own entry".to_string()),
                c if !c.is_ascii() => (
                    format!("SAN contains the non-ASCII character `{c}`"),
                    "write an internationalized name in its punycode form (`xn--…`)".to_string(),
                ),
                c => (format!("SAN contains `{}`, which is not allowed in a DNS name", c.escape_default()), label_help.to_string()),
            };
            return Err(problem(off + j..off + j + c.len_utf8(), message, help));
        }
        if label.len() > 63 {
            return Err(problem(
                off..off + label.len(),
                format!("DNS label is {} characters, the limit is 63", label.len()),
                "shorten the label",
            ));
        }
        if label.starts_with('-') {
            return Err(problem(off..off + 1, "a DNS label starts with a hyphen", label_help));
        }
        if label.ends_with('-') {
            let at = off + label.len() - 1;
            return Err(problem(at..at + 1, "a DNS label ends with a hyphen", label_help));
        }
    }
    if labels().all(|(_, l)| l.bytes().all(|b| b.is_ascii_digit())) {
        return Err(problem(
            0..t.len(),
            format!("`{t}` is not a valid IPv4 address"),
            "an IPv4 address is four numbers from 0 to 255, e.g. `10.16.0.10`",
        ));
    }
    if name.len() > 253 {
        return Err(problem(253..t.len(), format!("SAN is {} characters, a DNS name allows at most 253", name.len()), "shorten the name"));
    }
    Ok(San::Dns(name.to_ascii_lowercase()))
}

/// Whether `dns` accepts `name` (its trailing dot removed) as it stands: labels of ASCII
/// letters, digits and inner hyphens, 1 to 63 bytes, not all digits, at most 253 bytes
/// (no wildcard: those take the walk).
fn well_formed(name: &[u8]) -> bool {
    if name.is_empty() || name.len() > 253 {
        return false;
    }
    let (mut len, mut prev, mut digits_only) = (0usize, b'.', true);
    for &b in name {
        if b == b'.' {
            if len == 0 || prev == b'-' {
                return false;
            }
            len = 0;
        } else if b.is_ascii_alphanumeric() || b == b'-' {
            if (len == 0 && b == b'-') || len == 63 {
                return false;
            }
            digits_only &= b.is_ascii_digit();
            len += 1;
        } else {
            return false;
        }
        prev = b;
    }
    len > 0 && prev != b'-' && !digits_only
}

/// Run every sans rule on one document's root mapping.
/// SANs seen so far and where: a short list is searched, a long one hashed.
enum Seen {
    Few(Vec<(San, usize)>),
    Many(hashbrown::HashMap<San, usize>),
}

impl Seen {
    fn new(len: usize) -> Self {
        if len <= 32 {
            Seen::Few(Vec::with_capacity(len))
        } else {
            Seen::Many(hashbrown::HashMap::with_capacity(len))
        }
    }
    fn get(&self, k: &San) -> Option<&usize> {
        match self {
            Seen::Few(v) => v.iter().find(|(x, _)| x == k).map(|(_, i)| i),
            Seen::Many(m) => m.get(k),
        }
    }
    fn insert(&mut self, k: San, i: usize) {
        match self {
            Seen::Few(v) => v.push((k, i)),
            Seen::Many(m) => {
                m.insert(k, i);
            }
        }
    }
}

pub fn check(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("additionalServerSans") else { return };
    let Some(items) = m.value.as_array() else { return };
    let pointer = pointer_push("", &m.key);
    if items.len() > MAX_SANS {
        let n = items.len();
        let span = Span::new(items[MAX_SANS].span().start, items[n - 1].span().end);
        let extra = n - MAX_SANS;
        ctx.report(
            &TOO_MANY_SANS,
            span,
            pointer_push(&pointer, &MAX_SANS.to_string()),
            format!("{n} additionalServerSans, the API allows at most 10"),
        )
        .help(format!(
            "remove {extra} entr{}; a wildcard such as `*.example.com` covers every name one level below it",
            if extra == 1 { "y" } else { "ies" }
        ));
    }
    if !ctx.enabled(&DUPLICATE_SAN) && !ctx.enabled(&INVALID_SAN) {
        return;
    }
    // Entries seen, by the form they compare by: a list of 500,000 SANs stays linear
    // (hashed), a usual list of a few compares directly (hashing costs more there).
    let mut seen = Seen::new(items.len());
    for (i, item) in items.iter().enumerate() {
        let Some(s) = item.as_str() else { continue }; // not a string: CKS104
        let result = analyze(s);
        let key = match &result {
            Ok(k) => Some(k.clone()),
            Err(p) => p.fixed.as_deref().and_then(|f| analyze(f).ok()),
        };
        if let Some(k) = key {
            if let Some(&first) = seen.get(&k) {
                if !ctx.wants(&DUPLICATE_SAN) {
                    // Counted, not listed: no message, label or fix to build (the first
                    // unlisted one keeps its pointer: it stands for the rest).
                    let at = if ctx.first_unlisted(&DUPLICATE_SAN) { pointer_push(&pointer, &i.to_string()) } else { String::new() };
                    ctx.report(&DUPLICATE_SAN, item.span(), at, String::new());
                    continue;
                }
                let first_node = &items[first];
                let first_s = first_node.as_str().unwrap_or("");
                let bare = |x: &str| x.strip_suffix('.').unwrap_or(x).to_ascii_lowercase();
                let message = if first_s == s {
                    format!("`{s}` is listed twice")
                } else if bare(first_s) == bare(s) {
                    format!("`{s}` repeats `{first_s}`")
                } else {
                    let what = if matches!(k, San::Ip(_)) { "address" } else { "host" };
                    format!("`{s}` repeats `{first_s}` (the same {what})")
                };
                let help = match k {
                    San::Dns(_) => "remove the repeated entry; DNS names compare case-insensitively",
                    San::Ip(_) => "remove the repeated entry; addresses compare by value",
                };
                let span = content_span(item, ctx.source);
                let first_span = content_span(first_node, ctx.source);
                let fix = remove_item_edit(ctx.source, &m.value, i);
                let d = ctx.report(&DUPLICATE_SAN, span, pointer_push(&pointer, &i.to_string()), message);
                d.label(first_span, "first listed here").help(help);
                if let Some(e) = fix {
                    d.fix(Fix::safe("remove the repeated SAN", vec![e]));
                }
                continue;
            }
            seen.insert(k, i);
        }
        let Err(p) = result else { continue };
        if !ctx.wants(&INVALID_SAN) {
            let at = if ctx.first_unlisted(&INVALID_SAN) { pointer_push(&pointer, &i.to_string()) } else { String::new() };
            ctx.report(&INVALID_SAN, item.span(), at, String::new());
            continue;
        }
        let span = if p.range.is_empty() { item.span() } else { sub_span(item, ctx.source, p.range.clone()) };
        let fix = if p.remove {
            remove_item_edit(ctx.source, &m.value, i).map(|e| Fix::safe("remove the empty entry", vec![e]))
        } else {
            p.fixed.as_deref().map(|f| Fix::safe(format!("write `{f}`"), vec![replace_string_edit(ctx.source, item, f)]))
        };
        let d = ctx.report(&INVALID_SAN, span, pointer_push(&pointer, &i.to_string()), p.message);
        d.help(p.help);
        if let Some(f) = fix {
            d.fix(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_one_pass_check_agrees_with_the_walk() {
        let long = format!("{}.com", "a".repeat(63));
        let too_long = format!("{}.com", "a".repeat(64));
        let huge = vec!["abcdefghi"; 26].join(".");
        for name in [
            "api.example.com",
            "a",
            "a-b.c",
            "-a.com",
            "a-.com",
            "a..b",
            ".a",
            "1.2.3",
            "1.2.3a",
            "x_y.com",
            "A.COM",
            "*.a.com",
            "a.*",
            "é.com",
            &long,
            &too_long,
            &huge,
            "a b",
            "",
        ] {
            // The walk accepts a name without a wildcard exactly when the one pass does.
            let walk = matches!(dns_walk(name), Ok(San::Dns(_))) && !name.contains('*');
            assert_eq!(well_formed(name.as_bytes()), walk, "{name:?}");
            if walk {
                assert_eq!(dns(name).ok(), dns_walk(name).ok(), "{name:?}");
            }
        }
    }

    fn msg(s: &str) -> String {
        analyze(s).err().map(|p| p.message).unwrap_or_default()
    }

    #[test]
    fn valid_forms() {
        for ok in ["api.example.com", "*.example.com", "API.Example.COM.", "10.16.0.10", "2001:db8::10", "::1", "localhost", "a-b.c"] {
            assert!(analyze(ok).is_ok(), "{ok}: {:?}", analyze(ok));
        }
        assert_eq!(analyze("0:0::1"), analyze("::1"));
        assert_eq!(analyze("API.example.com."), analyze("api.example.com"));
    }

    #[test]
    fn problems() {
        assert_eq!(msg("https://x.example.com"), "a SAN is a host name, not a URL; drop `https://`");
        assert_eq!(analyze("https://x.example.com:6443/a").unwrap_err().fixed.as_deref(), Some("x.example.com"));
        assert_eq!(msg("https://x.example.com:6443/a"), "a SAN is a host name, not a URL; drop `https://` and `:6443` and `/a`");
        assert_eq!(msg("a.example.com:443"), "a SAN has no port; drop `:443`");
        assert_eq!(analyze("a.example.com:443").unwrap_err().range, 13..17);
        assert_eq!(msg("a.*.com"), "a wildcard `*` is only allowed as the first label");
        assert_eq!(msg("f*.example.com"), "a wildcard `*` must be a whole first label");
        assert_eq!(msg("a_b.com"), "SAN contains an underscore `_`, which DNS host names do not allow");
        assert_eq!(msg(""), "empty SAN");
        assert_eq!(msg("  "), "empty SAN");
        assert_eq!(msg("a b"), "SAN contains a space");
        assert_eq!(msg("10.0.0.0/24"), "a SAN is a single address, not a CIDR range; drop `/24`");
        assert_eq!(msg("10.0.0.256"), "`10.0.0.256` is not a valid IPv4 address");
        assert_eq!(msg("2001:db8::g"), "`2001:db8::g` is not a valid IPv6 address");
        assert_eq!(analyze("[2001:db8::1]:443").unwrap_err().fixed.as_deref(), Some("2001:db8::1"));
        assert_eq!(analyze(" a.example.com").unwrap_err().fixed.as_deref(), Some("a.example.com"));
        assert!(msg(&format!("{}.com", "a".repeat(64))).contains("64 characters"));
        assert!(analyze(&format!("{}.com", "a".repeat(63))).is_ok());
        assert_eq!(msg("-a.com"), "a DNS label starts with a hyphen");
        assert_eq!(msg("a..com"), "SAN has an empty label (two dots in a row)");
        assert_eq!(msg("*"), "a wildcard SAN needs a domain after `*.`");
        assert_eq!(analyze("a.example.com/x").unwrap_err().fixed.as_deref(), Some("a.example.com"));
    }
}
