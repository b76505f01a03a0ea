//! Terraform version constraints (`required_providers { coreweave = { version = "…" } }`):
//! `=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, a bare version, and `,`-joined lists.

/// A version `major.minor.patch` (missing parts are 0; a pre-release tag is ignored).
pub type Version = (u64, u64, u64);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
    /// `~> X.Y` allows `>= X.Y, < (X+1).0`; `~> X.Y.Z` allows `>= X.Y.Z, < X.(Y+1).0`.
    Pessimistic(usize),
}

/// A parsed constraint: every part must hold.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Constraint {
    parts: Vec<(Op, Version)>,
}

fn parse_version(s: &str) -> Option<(Version, usize)> {
    let s = s.trim().trim_start_matches('v');
    let core = s.split(['-', '+']).next()?;
    let nums: Vec<&str> = core.split('.').collect();
    if nums.is_empty() || nums.len() > 3 || nums.iter().any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let get = |i: usize| nums.get(i).map_or(Some(0), |n| n.parse().ok());
    Some(((get(0)?, get(1)?, get(2)?), nums.len()))
}

impl Constraint {
    /// Parse a constraint string; `None` when any part is not understood.
    pub fn parse(text: &str) -> Option<Constraint> {
        let mut parts = Vec::new();
        for raw in text.split(',') {
            let p = raw.trim();
            if p.is_empty() {
                return None;
            }
            let (op, rest) = if let Some(r) = p.strip_prefix("~>") {
                (None, r)
            } else if let Some(r) = p.strip_prefix(">=") {
                (Some(Op::Ge), r)
            } else if let Some(r) = p.strip_prefix("<=") {
                (Some(Op::Le), r)
            } else if let Some(r) = p.strip_prefix("!=") {
                (Some(Op::Ne), r)
            } else if let Some(r) = p.strip_prefix('>') {
                (Some(Op::Gt), r)
            } else if let Some(r) = p.strip_prefix('<') {
                (Some(Op::Lt), r)
            } else if let Some(r) = p.strip_prefix('=') {
                (Some(Op::Eq), r)
            } else {
                (Some(Op::Eq), p)
            };
            let (v, n) = parse_version(rest)?;
            parts.push((op.unwrap_or(Op::Pessimistic(n)), v));
        }
        Some(Constraint { parts })
    }

    fn allows(&self, v: Version) -> bool {
        self.parts.iter().all(|&(op, c)| match op {
            Op::Eq => v == c,
            Op::Ne => v != c,
            Op::Gt => v > c,
            Op::Ge => v >= c,
            Op::Lt => v < c,
            Op::Le => v <= c,
            Op::Pessimistic(n) => {
                let upper = if n <= 2 { (c.0 + 1, 0, 0) } else { (c.0, c.1 + 1, 0) };
                v >= c && v < upper
            }
        })
    }

    /// Whether some version the constraint allows is at least `since`. Versions allowed
    /// form intervals whose ends are the constraint's own versions, so testing those
    /// ends, just past them, and "unbounded above" is enough.
    pub fn allows_at_least(&self, since: Version) -> bool {
        let ends = self.parts.iter().flat_map(|&(_, c)| [c, (c.0, c.1, c.2 + 1)]);
        std::iter::once(since).chain(ends).any(|p| p >= since && self.allows(p))
    }
}

/// `0.19.0` as text.
pub fn show(v: Version) -> String {
    format!("{}.{}.{}", v.0, v.1, v.2)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allows(c: &str, v: Version) -> bool {
        Constraint::parse(c).unwrap().allows_at_least(v)
    }

    #[test]
    fn constraints() {
        assert!(!allows("0.10.1", (0, 19, 0)));
        assert!(allows("0.19.0", (0, 19, 0)));
        assert!(allows(">= 0.10", (0, 19, 0)));
        assert!(!allows("~> 0.10.0", (0, 11, 0)), "~> 0.10.0 is < 0.11.0");
        assert!(allows("~> 0.10", (0, 19, 0)), "~> 0.10 is < 1.0.0");
        assert!(!allows(">= 0.5, < 0.11", (0, 11, 0)));
        assert!(allows(">= 0.5, < 0.11", (0, 7, 0)));
        assert!(!allows("= 0.6.2", (0, 7, 0)));
        assert!(allows("!= 0.7.0", (0, 7, 0)));
        assert!(!allows("<= 0.11.0", (0, 12, 0)));
        assert!(allows("<= 0.11.0", (0, 11, 0)));
        assert!(Constraint::parse("latest").is_none());
        assert!(Constraint::parse(">= 1.0,").is_none());
    }
}
