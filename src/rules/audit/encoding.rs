//! CKS230: what exactly is wrong with a value that should be standard, padded base64
//! (RFC 4648 §4), and the corrected text when the intent is clear.
//!
//! The checks run only when strict decoding has failed, in this order: raw YAML/JSON
//! pasted in, a value wrapped in an extra pair of quotes, a character that has no place
//! in base64 at all, then the fixable slips (white space, the URL-safe alphabet, `=`
//! padding), which are reported together with one fix that corrects all of them.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::ops::Range;

/// A CKS230 finding inside the value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte range in the decoded string value: the first bad character (or the whole
    /// value when the whole value is the fault).
    pub range: Range<usize>,
    pub message: String,
    pub help: String,
    /// Corrected base64 text and what the fix does, when the correction is certain.
    pub fix: Option<(String, String)>,
}

/// What kind of text a raw (not encoded) policy is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RawKind {
    Yaml,
    Json,
}

impl RawKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RawKind::Yaml => "YAML",
            RawKind::Json => "JSON",
        }
    }
}

const HELP_ENCODE: &str = "encode the policy file without line wrapping: `base64 -w0 policy.yaml` (GNU) or `base64 -i policy.yaml` (macOS)";

/// Decode `value` as strict standard padded base64, or say what is wrong with it.
/// `block` is set when the value is a YAML block scalar (`|`, `>`), whose line breaks
/// are part of the value.
pub fn decode(value: &str, block: bool) -> Result<Vec<u8>, Problem> {
    match STANDARD.decode(value.as_bytes()) {
        Ok(bytes) => Ok(bytes),
        Err(_) => Err(diagnose(value, block)),
    }
}

/// 1-based character position of a byte offset, for messages.
fn position(s: &str, byte: usize) -> usize {
    s.get(..byte).map_or(byte, |p| p.chars().count()) + 1
}

/// How a character is named in a message.
fn describe(c: char) -> String {
    match c {
        '\n' => "a line break".into(),
        '\r' => "a carriage return".into(),
        '\t' => "a tab".into(),
        ' ' => "a space".into(),
        '\u{a0}' => "a no-break space (U+00A0)".into(),
        '\u{feff}' => "a byte order mark (U+FEFF)".into(),
        c if c.is_control() || c.is_whitespace() => format!("the character U+{:04X}", c as u32),
        '`' => "a backtick".into(),
        c => format!("`{c}`"),
    }
}

fn is_std(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '+' || c == '/'
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// The value is a policy written out instead of encoded.
pub fn raw_kind(value: &str) -> Option<RawKind> {
    let t = value.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.starts_with('{') {
        return Some(RawKind::Json);
    }
    let key = |k: &str| t.strip_prefix(k).is_some_and(|r| r.trim_start_matches([' ', '\t']).starts_with(':'));
    if ["apiVersion", "kind", "rules", "\"apiVersion\"", "'apiVersion'"].iter().any(|k| key(k)) || t.starts_with("---") {
        return Some(RawKind::Yaml);
    }
    // Base64 never holds `:`; a mapping always does.
    if !value.contains(':') {
        return None;
    }
    let parsed = crate::source::parse(value, crate::source::Format::Yaml);
    let mapping = parsed.documents.first().and_then(|d| d.root.as_ref()).is_some_and(|r| r.as_object().is_some());
    mapping.then_some(RawKind::Yaml)
}

fn diagnose(value: &str, block: bool) -> Problem {
    if let Some(kind) = raw_kind(value) {
        return Problem {
            range: 0..value.len(),
            message: format!("auditPolicy holds raw {}, not base64", kind.as_str()),
            help: format!("the API takes the policy base64-encoded: {HELP_ENCODE}"),
            fix: Some((STANDARD.encode(value.as_bytes()), "base64-encode the policy".into())),
        };
    }
    // An extra pair of quotes around valid base64 (`'"YWJj"'`).
    let mut chars = value.chars();
    if let (Some(first), Some(last)) = (chars.next(), chars.next_back()) {
        if (first == '"' || first == '\'') && first == last && value.len() >= 2 {
            let inner = &value[1..value.len() - 1];
            if !inner.is_empty() && STANDARD.decode(inner.as_bytes()).is_ok() {
                return Problem {
                    range: 0..1,
                    message: format!("auditPolicy is wrapped in an extra pair of quotes ({})", describe(first)),
                    help: "the quotes become part of the value; quote the base64 once".into(),
                    fix: Some((inner.to_string(), "remove the extra quotes".into())),
                };
            }
        }
    }
    // A character with no place in base64 at all: nothing to fix automatically.
    if let Some((i, c)) = value.char_indices().find(|&(_, c)| !(is_std(c) || is_space(c) || c == '-' || c == '_' || c == '=')) {
        return Problem {
            range: i..i + c.len_utf8(),
            message: format!("auditPolicy contains {} at position {}, which is not a base64 character", describe(c), position(value, i)),
            help: format!("standard base64 uses only `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/` and trailing `=` padding; {HELP_ENCODE}"),
            fix: None,
        };
    }
    slips(value, block)
}

/// One slip found in a value made only of base64 characters, white space, `-`/`_` and `=`.
struct Slip {
    range: Range<usize>,
    message: String,
    /// How it reads after "it also ..." when another slip comes first.
    also: String,
    help: String,
    /// What the fix does about it; `None` when it cannot be corrected.
    action: Option<&'static str>,
}

/// Only base64 characters, white space, `-`/`_` and `=` remain.
fn slips(value: &str, block: bool) -> Problem {
    // Kept characters (white space dropped, URL-safe translated) with their byte offsets.
    let kept: Vec<(usize, char)> = value
        .char_indices()
        .filter(|&(_, c)| !is_space(c))
        .map(|(i, c)| {
            (
                i,
                match c {
                    '-' => '+',
                    '_' => '/',
                    c => c,
                },
            )
        })
        .collect();
    let end_of = |k: usize| kept.get(k).map_or(value.len(), |&(i, c)| i + c.len_utf8());
    let body: String = kept.iter().map(|&(_, c)| c).collect();
    let core_len = body.trim_end_matches('=').len();
    if core_len == 0 {
        return Problem {
            range: 0..value.len(),
            message: "auditPolicy holds no base64 data".into(),
            help: format!("set it to the encoded policy: {HELP_ENCODE}"),
            fix: None,
        };
    }
    let mut found: Vec<Slip> = Vec::new();
    if let Some(slip) = space_slip(value, block) {
        found.push(slip);
    }
    if let Some(i) = value.find(['-', '_']) {
        let c = &value[i..i + 1];
        found.push(Slip {
            range: i..i + 1,
            message: format!("auditPolicy uses the URL-safe base64 alphabet (`{c}` at position {})", position(value, i)),
            also: "uses the URL-safe alphabet".into(),
            help: "the API takes standard base64, with `+` and `/` where base64url has `-` and `_`".into(),
            action: Some("translate `-` to `+` and `_` to `/`"),
        });
    }
    let needed = (4 - core_len % 4) % 4;
    let have = body.len() - core_len;
    let corrected = format!("{}{}", &body[..core_len], "=".repeat(needed));
    if let Some(k) = body[..core_len].find('=') {
        let i = kept[k].0;
        found.push(Slip {
            range: i..i + 1,
            message: format!("auditPolicy has `=` padding in the middle, at position {}", position(value, i)),
            also: "has `=` padding in the middle".into(),
            help: format!("`=` may only end the value; are two encoded values joined together? {HELP_ENCODE}"),
            action: None,
        });
    } else if core_len % 4 == 1 {
        let i = kept[core_len - 1].0;
        found.push(Slip {
            range: i..end_of(core_len - 1),
            message: format!("auditPolicy has {core_len} base64 characters, a length no encoding produces (one is missing or extra)"),
            also: format!("has {core_len} base64 characters, a length no encoding produces"),
            help: format!("the value was cut or edited; encode the policy again: {HELP_ENCODE}"),
            action: None,
        });
    } else {
        if have != needed {
            let rem = core_len % 4;
            let (from, message, also, action) = if have < needed {
                let what = if have == 0 { "lacks its `=` padding" } else { "has too little `=` padding" };
                (core_len - rem, format!("auditPolicy {what}"), "lacks `=` padding", "add the `=` padding")
            } else {
                let what = if needed == 0 { "ends with `=` padding it does not need" } else { "has too much `=` padding" };
                (core_len + needed, format!("auditPolicy {what}"), "has extra `=` padding", "remove the extra `=`")
            };
            found.push(Slip {
                range: kept[from].0..end_of(body.len() - 1),
                message,
                also: also.into(),
                help: "standard base64 pads the value with `=` to a multiple of 4 characters".into(),
                action: Some(action),
            });
        }
        if let Err(base64::DecodeError::InvalidLastSymbol { offset, .. }) = STANDARD.decode(corrected.as_bytes()) {
            let i = kept.get(offset).map_or(0, |&(i, _)| i);
            let shown = value[i..].chars().next().unwrap_or(' ');
            found.push(Slip {
                range: i..i + shown.len_utf8(),
                message: format!(
                    "auditPolicy ends in `{shown}` at position {}, which no encoder produces there: the value is cut or altered",
                    position(value, i)
                ),
                also: format!("ends in `{shown}`, which no encoder produces there"),
                help: format!("encode the policy again: {HELP_ENCODE}"),
                action: None,
            });
        }
    }
    found.sort_by_key(|s| s.range.start);
    let Some(first) = found.first() else {
        return Problem { range: 0..value.len(), message: "auditPolicy is not valid base64".into(), help: HELP_ENCODE.into(), fix: None };
    };
    let mut message = first.message.clone();
    for (k, other) in found.iter().skip(1).enumerate() {
        message.push_str(if k == 0 { "; it also " } else { " and " });
        message.push_str(&other.also);
    }
    let actions: Option<Vec<&str>> = found.iter().map(|s| s.action).collect();
    let fix = match actions {
        Some(actions) if STANDARD.decode(corrected.as_bytes()).is_ok() => Some((corrected, actions.join(", "))),
        _ => None,
    };
    Problem { range: first.range.clone(), message, help: first.help.clone(), fix }
}

/// White space inside or around the value.
fn space_slip(value: &str, block: bool) -> Option<Slip> {
    let first = value.find(is_space)?;
    let trimmed_end = value.trim_end_matches(is_space);
    let trimmed_start = value.trim_start_matches(is_space);
    let inner = trimmed_start.trim_end_matches(is_space).contains(is_space);
    let line_break = value.contains('\n');
    let char_at = |i: usize| value[i..].chars().next().unwrap_or(' ');
    let (at, message, action) = if !inner && trimmed_start.len() == value.len() {
        let at = trimmed_end.len();
        (
            at,
            format!("auditPolicy ends with {}", describe(char_at(at))),
            if line_break { "remove the line break" } else { "remove the trailing space" },
        )
    } else if !inner && trimmed_end.len() == value.len() {
        (
            first,
            format!("auditPolicy starts with {}", describe(char_at(first))),
            if line_break { "remove the line break" } else { "remove the leading space" },
        )
    } else if line_break {
        let at = value.find(['\r', '\n']).unwrap_or(first);
        (at, format!("auditPolicy is split over several lines (a line break at position {})", position(value, at)), "join the lines")
    } else {
        (
            first,
            format!("auditPolicy contains {} at position {}", describe(char_at(first)), position(value, first)),
            "remove the white space",
        )
    };
    let help = if block {
        "a YAML block scalar (`|` or `>`) keeps its line breaks in the value; write the base64 on one line".to_string()
    } else {
        format!("base64 must be one unbroken line; {HELP_ENCODE}")
    };
    Some(Slip {
        range: at..at + char_at(at).len_utf8(),
        message,
        also: if line_break { "contains line breaks".into() } else { "contains white space".into() },
        help,
        action: Some(action),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problem(s: &str) -> Problem {
        match decode(s, false) {
            Ok(_) => panic!("{s:?} decoded"),
            Err(p) => p,
        }
    }

    #[test]
    fn strict_base64_decodes() {
        assert_eq!(decode("YWJj", false).unwrap(), b"abc");
        assert_eq!(decode("YWI=", false).unwrap(), b"ab");
    }

    #[test]
    fn each_problem_is_named() {
        let p = problem("not*base64");
        assert_eq!(p.range, 3..4);
        assert!(p.message.contains("`*` at position 4"), "{}", p.message);
        assert!(p.fix.is_none());

        let p = problem("YWJj-ZGVm");
        assert_eq!(p.range, 4..5);
        assert!(p.message.starts_with("auditPolicy uses the URL-safe base64 alphabet (`-` at position 5)"), "{}", p.message);
        assert!(p.message.contains("it also has 9 base64 characters"), "{}", p.message);
        assert!(p.fix.is_none());

        let p = problem("YWJj-ZGVmZA");
        assert_eq!(p.range, 4..5);
        assert_eq!(p.fix.unwrap().0, "YWJj+ZGVmZA=");

        let p = problem("YWJjZA");
        assert!(p.message.contains("lacks its `=` padding"), "{}", p.message);
        assert_eq!(p.range, 4..6);
        assert_eq!(p.fix.unwrap().0, "YWJjZA==");

        let p = problem("YWJj=");
        assert!(p.message.contains("does not need"), "{}", p.message);
        assert_eq!(p.fix.unwrap().0, "YWJj");

        let p = problem("YWJj\nZGVm\n");
        assert!(p.message.contains("several lines"), "{}", p.message);
        assert_eq!(p.range, 4..5);
        assert_eq!(p.fix.unwrap().0, "YWJjZGVm");

        let p = problem("YWJjZGVm\n");
        assert_eq!(p.message, "auditPolicy ends with a line break");
        assert_eq!(p.range, 8..9);

        let p = problem("YQ==Yg==");
        assert!(p.message.contains("in the middle"), "{}", p.message);
        assert!(p.fix.is_none());

        let p = problem("YWJjZ");
        assert!(p.message.contains("5 base64 characters"), "{}", p.message);

        let p = problem("aGVsbG9=");
        assert!(p.message.contains("ends in `9`"), "{}", p.message);
        assert_eq!(p.range, 6..7);

        let p = problem("apiVersion: audit.k8s.io/v1\nkind: Policy\n");
        assert_eq!(p.message, "auditPolicy holds raw YAML, not base64");
        let p = problem("{\"apiVersion\": \"audit.k8s.io/v1\"}");
        assert_eq!(p.message, "auditPolicy holds raw JSON, not base64");

        let p = problem("\"YWJj\"");
        assert!(p.message.contains("extra pair of quotes"), "{}", p.message);
        assert_eq!(p.fix.unwrap().0, "YWJj");

        let p = problem("YWJj_ZGVm\nZA");
        assert!(p.message.starts_with("auditPolicy uses the URL-safe"), "{}", p.message);
        assert!(p.message.contains("it also lacks `=` padding and contains line breaks"), "{}", p.message);
        assert_eq!(p.fix.unwrap().0, "YWJj/ZGVmZA=");

        let p = problem("é*");
        assert_eq!(p.range, 0..2);
        assert!(p.message.contains("`é` at position 1"), "{}", p.message);
    }
}
