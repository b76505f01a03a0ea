//! Input rules (CKS0xx): reported by the loaders and the lint driver.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

/// Whether a loader finding means the text was not read (a syntax error, or a limit that
/// stopped the reader): what is after it is not the file's.
pub fn stops_reading(d: &crate::diagnostic::Diagnostic) -> bool {
    matches!(d.rule.code, "CKS001" | "CKS006")
}

pub static SYNTAX_ERROR: Rule = Rule {
    code: "CKS001",
    name: "syntax-error",
    severity: Severity::Error,
    summary: "not valid JSON/YAML, or not UTF-8; span at the fault",
    what: "Reports input that is not valid JSON or YAML, or not UTF-8, at the exact place the parser stopped: an unclosed bracket, a trailing comma, a comment in JSON, a tab used for YAML indentation, a UTF-16 file. JSON is read strictly (RFC 8259).",
    why: "Nothing else can be checked in a file that does not parse, and the API's own error for a malformed body says little about where the problem is.",
    bad: Example::json("{
  \"name\": \"prod-east\",
  \"zone\": \"US-EAST-04A\",
  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",
  \"version\": \"v1.35\",
  \"network\": {\"podCidrName\": \"pod cidr\",, \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},
  \"disableOidcInfoPublication\": true,
  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"
}
"),
    good: Example::json("{
  \"name\": \"prod-east\",
  \"zone\": \"US-EAST-04A\",
  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",
  \"version\": \"v1.35\",
  \"network\": {\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},
  \"disableOidcInfoPublication\": true,
  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"
}
"),
    fix: None,
    implemented: true,
};

pub static DUPLICATE_KEY: Rule = Rule {
    code: "CKS002",
    name: "duplicate-key",
    severity: Severity::Error,
    summary: "a key appears twice in one mapping (label: first one)",
    what: "Reports a key that appears twice in one mapping, pointing at the second and labelling the first.",
    why: "Parsers disagree on which value wins (most keep the last, protobuf's JSON parser rejects the body), so a duplicate key means the request does not say what it seems to say.",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
version: v1.34
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    good: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    fix: None,
    implemented: true,
};

pub static ROOT_NOT_OBJECT: Rule = Rule {
    code: "CKS003",
    name: "root-not-object",
    severity: Severity::Error,
    summary: "a document is not a mapping",
    what: "Reports a document that is not a mapping: a list, a string, a number, `null`.",
    why: "A create-cluster request is a single JSON object; anything else is rejected before any field is read.",
    bad: Example::yaml(
        "- name: prod-east
  zone: US-EAST-04A
",
    ),
    good: Example::yaml(
        "name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
",
    ),
    fix: None,
    implemented: true,
};

pub static RESPONSE_ENVELOPE: Rule = Rule {
    code: "CKS004",
    name: "response-envelope",
    severity: Severity::Error,
    summary: "the document is an API response (`{\"cluster\": {...}}`)",
    what: "Reports a document shaped like an API *response*: a `cluster` key wrapping the cluster object.",
    why: "Copying the output of a GET into a create request is a common shortcut; the wrapper (and the output-only fields inside it) make the request invalid.",
    bad: Example::json("{\"cluster\": {
  \"name\": \"prod-east\",
  \"zone\": \"US-EAST-04A\",
  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",
  \"version\": \"v1.35\",
  \"network\": {\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},
  \"disableOidcInfoPublication\": true,
  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"
}}
"),
    good: Example::json("{
  \"name\": \"prod-east\",
  \"zone\": \"US-EAST-04A\",
  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",
  \"version\": \"v1.35\",
  \"network\": {\"podCidrName\": \"pod cidr\", \"serviceCidrName\": \"service cidr\", \"internalLbCidrNames\": [\"internal lb cidr\"]},
  \"disableOidcInfoPublication\": true,
  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"
}
"),
    fix: None,
    implemented: true,
};

pub static EMPTY_INPUT: Rule = Rule {
    code: "CKS005",
    name: "empty-input",
    severity: Severity::Error,
    summary: "the file holds no document",
    what: "Reports a file that holds no document: an empty file, only whitespace, or only comments and document markers.",
    why: "An empty request file is almost always a mistake (a failed template render or a truncated write) that would otherwise pass silently.",
    bad: Example::yaml("# TODO: fill in the cluster request
"),
    good: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    fix: None,
    implemented: true,
};

pub static INPUT_LIMIT: Rule = Rule {
    code: "CKS006",
    name: "input-limit",
    severity: Severity::Error,
    summary: "size, depth or alias-expansion limit exceeded",
    what: "Reports input over a limit: more than 16 MiB, nesting deeper than 128 levels, or YAML aliases expanding past a node budget (10,000 nodes per document).",
    why: "Requests are a few kilobytes and a few levels deep. Larger input is a wrong file or a hostile one (a billion-laughs alias bomb); ckslint stops with a clear finding instead of exhausting memory or the stack.",
    bad: Example::yaml("a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
"),
    good: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    fix: None,
    implemented: true,
};

pub static YAML_AMBIGUOUS_SCALAR: Rule = Rule {
    code: "CKS007",
    name: "yaml-ambiguous-scalar",
    severity: Severity::Warning,
    summary: "an unquoted YAML 1.1 boolean/octal/sexagesimal-looking scalar (`yes`, `on`, `0755`) where a string is expected",
    what: "Reports an unquoted YAML scalar that YAML 1.2 (which ckslint and the API's converters use) reads as a string, but that YAML 1.1 tools read as something else: `yes`/`no`/`on`/`off`/`y`/`n` (booleans), `1:30` (a base-60 number), `0b101`, `1_000` — where a string is expected, and anywhere inside `kubelet`.",
    why: "Request files pass through many tools (yq, Ansible, older PyYAML, Helm). Under YAML 1.1 `on` becomes `true` and `1:30` becomes 90, so the value that reaches the API depends on the tool. Quoting makes every reader agree.",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: on
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    good: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: \"on\"
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    fix: Some("quote the scalar"),
    implemented: true,
};

pub static NON_SCALAR_KEY: Rule = Rule {
    code: "CKS008",
    name: "non-scalar-key",
    severity: Severity::Error,
    summary: "a YAML mapping or sequence is used as a key (valid YAML that cannot be a request)",
    what: "Reports a YAML key that is a mapping or a sequence (`? [a, b] : c`, `{a: b}: c`, `? - x`). YAML 1.2 allows it, so it is not a syntax error (CKS001); the member is left out and the rest of the document is linted.",
    why: "The API reads the request as JSON, whose object keys are strings: no converter can turn such a key into a request field, so the file is rejected or the member silently lost on the way.",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
? [a, b]
: c
"),
    good: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
  serviceCidrName: service cidr
  internalLbCidrNames:
    - internal lb cidr
disableOidcInfoPublication: true
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=
"),
    fix: None,
    implemented: true,
};
