//! Structure rules (CKS1xx): reported by the embedded JSON Schema pass.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

pub static MISSING_FIELD: Rule = Rule {
    code: "CKS101",
    name: "missing-field",
    severity: Severity::Error,
    summary:
        "a required field is absent (incl. `oidc.issuerUrl`/`clientId`, webhook `server`, `tailscale.clientId` when their block is present)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static UNKNOWN_FIELD: Rule = Rule {
    code: "CKS102",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "a field the API does not define; did-you-mean; a known field at the wrong level says where it belongs",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static NON_CANONICAL_FIELD_NAME: Rule = Rule {
    code: "CKS103",
    name: "non-canonical-field-name",
    severity: Severity::Warning,
    summary: "the proto name (`vpc_id`) instead of the JSON name (`vpcId`)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static WRONG_TYPE: Rule = Rule {
    code: "CKS104",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "JSON type mismatch; for YAML, says how the unquoted scalar was read",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static BLANK_VALUE: Rule = Rule {
    code: "CKS105",
    name: "blank-value",
    severity: Severity::Error,
    summary: "empty or whitespace-only string where a value is needed",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};

pub static NULL_VALUE: Rule = Rule {
    code: "CKS106",
    name: "null-value",
    severity: Severity::Warning,
    summary: "`null` (the API reads it as unset)",
    what: "",
    why: "",
    bad: Example::NONE,
    good: Example::NONE,
    fix: None,
    implemented: false,
};
