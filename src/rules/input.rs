//! Input rules (CKS0xx): reported by the loaders and the lint driver.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

pub static SYNTAX_ERROR: Rule = Rule {
    code: "CKS001",
    name: "syntax-error",
    severity: Severity::Error,
    summary: "not valid JSON/YAML, or not UTF-8; span at the fault",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static DUPLICATE_KEY: Rule = Rule {
    code: "CKS002",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "a key appears twice in one mapping (label: first one)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static ROOT_NOT_OBJECT: Rule = Rule {
    code: "CKS003",
    name: "root-not-object",
    severity: Severity::Error,
    summary: "a document is not a mapping",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static RESPONSE_ENVELOPE: Rule = Rule {
    code: "CKS004",
    name: "response-envelope",
    severity: Severity::Error,
    summary: "the document is an API response (`{\"cluster\": {...}}`)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static EMPTY_INPUT: Rule = Rule {
    code: "CKS005",
    name: "empty-input",
    severity: Severity::Error,
    summary: "the file holds no document",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static INPUT_LIMIT: Rule = Rule {
    code: "CKS006",
    name: "input-limit",
    severity: Severity::Error,
    summary: "size, depth or alias-expansion limit exceeded",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static YAML_AMBIGUOUS_SCALAR: Rule = Rule {
    code: "CKS007",
    name: "yaml-ambiguous-scalar",
    severity: Severity::Warning,
    summary: "an unquoted YAML 1.1 boolean/octal/sexagesimal-looking scalar (`yes`, `on`, `0755`) where a string is expected",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};
