//! Suppression hygiene rules (CKS9xx). Suppressions are read in `crate::config`.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    };
}

pub static UNUSED_SUPPRESSION: Rule = Rule {
    code: "CKS901",
    name: "unused-suppression",
    severity: Severity::Warning,
    summary: "an inline or configured suppression matched nothing",
    what: "Flags a `# ckslint: ignore[...]` comment, an `ignore-file` comment, a `suppress:` entry or a \
`per-file-ignores` pattern in `.ckslint.yaml` that silenced nothing in this run. An inline comment is flagged \
where it stands; a configuration entry is flagged in the configuration file.",
    why: "A suppression outlives the finding it was written for: the field is fixed or renamed, the comment \
stays, and later hides a new problem on the same line. Unused suppressions are dead weight at best.",
    bad: Example::yaml(concat!(base!(), "public: false # ckslint: ignore[CKS301] fronted by an allow-list\n")),
    good: Example::yaml(concat!(base!(), "public: true # ckslint: ignore[CKS301] fronted by an allow-list\n")),
    fix: Some("removes an inline comment that matched nothing (a suggestion: the comment may be misplaced rather than stale); unused `suppress:` entries are left to you"),
    implemented: true,
};

pub static SUPPRESSION_WITHOUT_REASON: Rule = Rule {
    code: "CKS902",
    name: "suppression-without-reason",
    severity: Severity::Warning,
    summary: "a suppression gives no reason",
    what: "Flags a suppression — inline comment or `suppress:` entry — that does not say why the finding is \
acceptable. The suppression still applies.",
    why: "The next reader cannot tell a deliberate exception from a silenced mistake. One sentence (\"fronted \
by an allow-list at the edge\") settles it in review.",
    bad: Example::yaml(concat!(base!(), "public: true # ckslint: ignore[CKS301]\n")),
    good: Example::yaml(concat!(base!(), "public: true # ckslint: ignore[CKS301] fronted by an allow-list\n")),
    fix: None,
    implemented: true,
};
