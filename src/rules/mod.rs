//! The rule catalogue, one module per area. Each rule's declaration (code, name,
//! severity, docs) lives next to its implementation.

pub mod aliases;
pub mod audit;
pub mod auth;
pub mod cross;
pub mod identity;
pub mod input;
pub mod kubelet;
pub mod network;
pub mod plan;
pub mod posture;
pub mod sans;
pub mod similarity;
pub mod structure;
pub mod suppression;
pub mod terraform;

/// `s.trim()`, without the Unicode scan when `s` starts and ends with a visible ASCII
/// character (nearly every value; this runs for every list item).
#[inline]
pub fn trim(s: &str) -> &str {
    match (s.as_bytes().first(), s.as_bytes().last()) {
        (Some(a), Some(b)) if a.is_ascii_graphic() && b.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// `s.trim().is_empty()`, at once for a string that starts with a visible ASCII character.
#[inline]
pub fn is_blank(s: &str) -> bool {
    match s.as_bytes().first() {
        Some(a) if a.is_ascii_graphic() => false,
        _ => s.trim().is_empty(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn trim_and_blank_agree_with_std() {
        for s in ["", " ", "a", " a", "a ", "\u{a0}a\u{a0}", "\u{2003}", "lb", "a b", "\ta\n", "é", "aé", "éa"] {
            assert_eq!(super::trim(s), s.trim(), "{s:?}");
            assert_eq!(super::is_blank(s), s.trim().is_empty(), "{s:?}");
        }
    }
}
