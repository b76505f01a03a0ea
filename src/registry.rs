//! The one list of rules. `rules`, `explain`, SARIF metadata and the generated docs
//! all read from it.

use crate::diagnostic::Severity;
use crate::rules;

/// A documentation example: a whole file, with a name whose extension gives its format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Example {
    pub path: &'static str,
    pub text: &'static str,
}

impl Example {
    pub const NONE: Example = Example { path: "", text: "" };
    pub const fn yaml(text: &'static str) -> Example {
        Example { path: "example.yaml", text }
    }
    pub const fn json(text: &'static str) -> Example {
        Example { path: "example.json", text }
    }
    pub fn is_none(&self) -> bool {
        self.path.is_empty()
    }
}

/// One rule's declaration.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable code, never reused: `CKS201`.
    pub code: &'static str,
    /// Kebab-case name describing the problem: `invalid-cluster-name`.
    pub name: &'static str,
    /// Default severity.
    pub severity: Severity,
    /// One line: when it fires.
    pub summary: &'static str,
    /// What it does.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A file on which the rule fires.
    pub bad: Example,
    /// The same file corrected; the rule stays silent.
    pub good: Example,
    /// What the automatic fix does, if the rule has one.
    pub fix: Option<&'static str>,
    /// False while the rule is declared but not yet checked; `rules` says so.
    pub implemented: bool,
}

impl Rule {
    /// The numeric part of the code, for ordering.
    pub fn number(&self) -> u32 {
        self.code[3..].parse().unwrap_or(0)
    }
}

/// Every rule, in code order.
pub static RULES: &[&Rule] = &[
    &rules::input::SYNTAX_ERROR,
    &rules::input::DUPLICATE_KEY,
    &rules::input::ROOT_NOT_OBJECT,
    &rules::input::RESPONSE_ENVELOPE,
    &rules::input::EMPTY_INPUT,
    &rules::input::INPUT_LIMIT,
    &rules::input::YAML_AMBIGUOUS_SCALAR,
    &rules::input::NON_SCALAR_KEY,
    &rules::structure::MISSING_FIELD,
    &rules::structure::UNKNOWN_FIELD,
    &rules::structure::NON_CANONICAL_FIELD_NAME,
    &rules::structure::WRONG_TYPE,
    &rules::structure::BLANK_VALUE,
    &rules::structure::NULL_VALUE,
    &rules::identity::INVALID_CLUSTER_NAME,
    &rules::identity::CLUSTER_NAME_TOO_LONG,
    &rules::identity::CLIENT_SET_ID,
    &rules::identity::OUTPUT_ONLY_FIELD,
    &rules::identity::INVALID_VERSION,
    &rules::identity::UNSUPPORTED_VERSION,
    &rules::identity::INVALID_ZONE,
    &rules::identity::UNKNOWN_ZONE,
    &rules::identity::INVALID_RESOURCE_ID,
    &rules::network::CIDR_INSTEAD_OF_PREFIX_NAME,
    &rules::network::PREFIX_NAME_REUSED,
    &rules::network::EMPTY_LB_PREFIX_LIST,
    &rules::network::INCOMPLETE_IPV6_NETWORK,
    &rules::network::INVALID_NODE_PORT_RANGE,
    &rules::sans::TOO_MANY_SANS,
    &rules::sans::DUPLICATE_SAN,
    &rules::sans::INVALID_SAN,
    &rules::audit::AUDIT_POLICY_NOT_BASE64,
    &rules::audit::AUDIT_POLICY_SYNTAX,
    &rules::audit::AUDIT_POLICY_INVALID,
    &rules::audit::AUDIT_POLICY_UNKNOWN_FIELD,
    &rules::audit::AUDIT_POLICY_LOGS_SECRETS,
    &rules::kubelet::UNKNOWN_KUBELET_OPTION,
    &rules::kubelet::KUBELET_OPTION_TYPE,
    &rules::kubelet::KUBELET_OPTION_VALUE,
    &rules::kubelet::MANAGED_KUBELET_OPTION,
    &rules::kubelet::EMPTY_KUBELET,
    &rules::kubelet::KUBELET_OPTION_TOO_NEW,
    &rules::auth::OIDC_ISSUER_URL,
    &rules::auth::OIDC_ISSUER_IS_CLUSTER_ISSUER,
    &rules::auth::INVALID_SIGNING_ALGORITHM,
    &rules::auth::REQUIRED_CLAIM_FORMAT,
    &rules::auth::SYSTEM_PREFIX,
    &rules::auth::INVALID_CA_BUNDLE,
    &rules::auth::WEBHOOK_SERVER_URL,
    &rules::auth::TAILSCALE_CLIENT_ID,
    &rules::posture::PUBLIC_API_SERVER,
    &rules::posture::OIDC_DISCOVERY_PUBLISHED,
    &rules::posture::NO_AUDIT_POLICY,
    &rules::posture::TAILSCALE_NEEDS_OIDC_DISCOVERY,
    &rules::cross::DUPLICATE_CLUSTER_NAME,
    &rules::terraform::BLOCK_SYNTAX,
    &rules::terraform::COMPUTED_ATTRIBUTE,
    &rules::terraform::SIGNING_ALGORITHM_DROPPED,
    &rules::terraform::PROVIDER_TOO_OLD,
    &rules::terraform::VPC_ZONE_MISMATCH,
    &rules::terraform::UNKNOWN_VPC_PREFIX,
    &rules::terraform::FILE_NOT_READ,
    &rules::plan::CLUSTER_REPLACED,
    &rules::plan::CLUSTER_DELETED,
    &rules::plan::VERSION_STEP,
    &rules::suppression::UNUSED_SUPPRESSION,
    &rules::suppression::SUPPRESSION_WITHOUT_REASON,
];

/// Find a rule by code (`CKS201`, case-insensitive) or name (`invalid-cluster-name`).
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// Index of a rule in [`RULES`].
pub fn index_of(rule: &Rule) -> usize {
    // Called several times for every finding reported, listed or not (`Ctx::wants`,
    // `Ctx::report`, `Settings::level`): a table by the code's three digits, checked
    // against the address (a rule outside the registry, such as the configuration's,
    // falls back to a binary search by address and then to 0).
    static BY_NUMBER: std::sync::LazyLock<Vec<u8>> = std::sync::LazyLock::new(|| {
        let mut v = vec![u8::MAX; 1000];
        for (i, r) in RULES.iter().enumerate() {
            if let (Some(n), Ok(i)) = (code_number(r.code), u8::try_from(i)) {
                v[n] = i;
            }
        }
        v
    });
    if let Some(&i) = code_number(rule.code).and_then(|n| BY_NUMBER.get(n)) {
        if let Some(r) = RULES.get(usize::from(i)) {
            if std::ptr::eq(*r, rule) {
                return usize::from(i);
            }
        }
    }
    static BY_ADDRESS: std::sync::LazyLock<Vec<(usize, usize)>> = std::sync::LazyLock::new(|| {
        let mut v: Vec<(usize, usize)> = RULES.iter().enumerate().map(|(i, r)| (std::ptr::from_ref::<Rule>(r) as usize, i)).collect();
        v.sort_unstable();
        v
    });
    let at = std::ptr::from_ref(rule) as usize;
    BY_ADDRESS.binary_search_by_key(&at, |&(a, _)| a).map_or(0, |k| BY_ADDRESS[k].1)
}

/// `CKS201` → 201; `None` for a code not of that shape.
#[inline]
fn code_number(code: &str) -> Option<usize> {
    match code.as_bytes() {
        [b'C', b'K', b'S', a @ b'0'..=b'9', b @ b'0'..=b'9', c @ b'0'..=b'9'] => {
            Some(usize::from(a - b'0') * 100 + usize::from(b - b'0') * 10 + usize::from(c - b'0'))
        }
        _ => None,
    }
}

/// Rules matched by a selector: a full code, a code prefix (`CKS2`, `CKS`), or a name.
/// Returns `None` when the selector matches no rule.
pub fn select(selector: &str) -> Option<Vec<&'static Rule>> {
    let s = selector.trim();
    if let Some(rule) = find(s) {
        return Some(vec![rule]);
    }
    let upper = s.to_ascii_uppercase();
    if upper.starts_with("CKS") && upper[3..].chars().all(|c| c.is_ascii_digit()) {
        let v: Vec<_> = RULES.iter().copied().filter(|r| r.code.starts_with(&upper)).collect();
        if !v.is_empty() {
            return Some(v);
        }
    }
    None
}

/// ` (did you mean `name` (CODE)?)` for a selector close to a rule's name, else "".
pub fn suggest_rule(s: &str) -> String {
    let best = RULES
        .iter()
        .map(|r| (crate::rules::similarity::distance(&s.to_ascii_lowercase(), r.name), r))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, _)| *d <= 3);
    match best {
        Some((_, r)) => format!(" (did you mean `{}` ({})?)", r.name, r.code),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_sorted_and_well_formed() {
        let mut prev = 0;
        let mut names = std::collections::HashSet::new();
        for r in RULES {
            assert!(r.code.len() == 6 && r.code.starts_with("CKS"), "{}", r.code);
            assert!(r.number() > prev, "{} out of order", r.code);
            prev = r.number();
            assert!(names.insert(r.name), "duplicate name {}", r.name);
            assert!(r.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'));
        }
    }

    #[test]
    fn index_of_every_rule_and_one_outside() {
        for (i, r) in RULES.iter().enumerate() {
            assert_eq!(index_of(r), i, "{}", r.code);
        }
        // The configuration's rule is not in the registry (code `config`).
        assert_eq!(index_of(&crate::config::INVALID_CONFIGURATION), 0);
        assert_eq!(code_number("CKS201"), Some(201));
        assert_eq!(code_number("CKS2"), None);
        assert_eq!(code_number("config"), None);
    }

    #[test]
    fn selectors() {
        assert_eq!(select("CKS201").unwrap()[0].name, "invalid-cluster-name");
        assert_eq!(select("invalid-cluster-name").unwrap()[0].code, "CKS201");
        assert!(select("CKS2").unwrap().iter().all(|r| r.code.starts_with("CKS2")));
        assert_eq!(select("CKS").unwrap().len(), RULES.len());
        assert!(select("CKS999").is_none());
        assert!(select("nope").is_none());
    }
}
