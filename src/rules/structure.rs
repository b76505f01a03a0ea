//! Structure rules (CKS1xx): reported by the embedded JSON Schema pass.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

pub static MISSING_FIELD: Rule = Rule {
    code: "CKS101",
    name: "missing-field",
    severity: Severity::Error,
    summary:
        "a required field is absent (incl. `oidc.issuerUrl`/`clientId`, webhook `server`, `tailscale.clientId` when their block is present)",
    what: "Reports a required field that is absent: `name`, `zone`, `vpcId`, `version`, `network` and its `podCidrName`, `serviceCidrName`, `internalLbCidrNames`; inside a present block, `oidc.issuerUrl` and `oidc.clientId`, a webhook's `server`, `tailscale.clientId`. A required field set to `null` is reported here too (the API reads null as unset). The finding points at the parent's key (the document's first key for a top-level field). A misspelling of the missing field is reported once, as CKS102 with a rename.",
    why: "The API rejects the request, but only after it was sent; when a whole block is missing (`network`), one finding names it instead of one per child.",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
network:
  podCidrName: pod cidr
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

pub static UNKNOWN_FIELD: Rule = Rule {
    code: "CKS102",
    name: "unknown-field",
    severity: Severity::Error,
    summary: "a field the API does not define; did-you-mean; a known field at the wrong level says where it belongs",
    what: "Reports a field the API does not define, on its key, and says which field you probably meant: \
the same name in another letter case or in snake case (`vpcID` → `vpcId`); a name from another API or tool \
(`region`, `location` → `zone`; `kubernetesVersion`, `kubernetes_version`, `initialClusterVersion` → `version`; \
`clusterIpv4Cidr`, `podCidr` → `network.podCidrName`; `nodePortRange` → `network.serviceNodePortRange`; the table \
in `src/rules/aliases.rs` names the source of each: GKE, EKS, eksctl, AKS, Terraform, Pulumi, Crossplane); a \
field that contains the key or is contained in it (`internalLbCidr` → `internalLbCidrNames`, `clusterZone` → \
`zone`); or a near miss (`zones` → `zone`). When the key stands for a required field that is not set, this is \
the only finding for that field (no CKS101): \"the API calls this `zone`\", with a rename that is safe when the \
value already fits the field and a suggestion otherwise, and the help says what the value needs \
(`clusterIpv4Cidr: 10.0.0.0/14`: `podCidrName` holds the name of a VPC prefix, not a CIDR). A known field at the \
wrong level says where it belongs (`podCidrName` belongs under `network`); another API's setting with no CKS \
equivalent says so (`masterAuthorizedNetworksConfig`). Only when nothing is close does the help list the fields \
of that object, briefly. Output-only fields and `id` have their own rules (CKS203, CKS204); protobuf spellings \
are CKS103.",
    why: "People write these files from memory of GKE, EKS, AKS or Terraform, and their words are predictable. \
Depending on the API gateway, an unknown field is either rejected far from its cause or silently dropped — the \
worst case: `podCidrName` at the top level simply vanishes.",
    bad: Example::yaml("name: prod-east
region: US-EAST-04A
vpcID: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
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
    fix: Some("rename the key to the field it stands for: safe when only the letter case differs, or when it stands for a required field that is not set and its value fits that field; otherwise a suggestion"),
    implemented: true,
};

pub static NON_CANONICAL_FIELD_NAME: Rule = Rule {
    code: "CKS103",
    name: "non-canonical-field-name",
    severity: Severity::Warning,
    summary: "the proto name (`vpc_id`) instead of the JSON name (`vpcId`)",
    what: "Reports a field written with its protobuf name (`vpc_id`, `pod_cidr_name`) instead of its JSON name (`vpcId`). The field is still understood — ckslint treats it as the field it names for every other rule.",
    why: "The API's JSON parser accepts both spellings, but the documentation, the Terraform provider and every other tool use the JSON names; mixing spellings invites duplicates (`vpc_id` and `vpcId` both set).",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpc_id: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: v1.35
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
    fix: Some("rename the key to its JSON name"),
    implemented: true,
};

pub static WRONG_TYPE: Rule = Rule {
    code: "CKS104",
    name: "wrong-type",
    severity: Severity::Error,
    summary: "JSON type mismatch; for YAML, says how the unquoted scalar was read",
    what: "Reports a value of the wrong JSON type, on the value. For unquoted YAML scalars it says how YAML read them: `version: 1.30` is the float 1.3, `public: yes` is the string \"yes\" in YAML 1.2, `0755` is the integer 755.",
    why: "A wrong type is rejected by the API, or worse, converted: `1.30` loses its trailing zero before anything sees it.",
    bad: Example::yaml("name: prod-east
zone: US-EAST-04A
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50
version: 1.30
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
    fix: Some("quote a number or boolean where a string is expected; write `true`/`false` for `yes`/`no`; drop quotes around a boolean or integer"),
    implemented: true,
};

pub static BLANK_VALUE: Rule = Rule {
    code: "CKS105",
    name: "blank-value",
    severity: Severity::Error,
    summary: "empty or whitespace-only string where a value is needed",
    what: "Reports an empty or whitespace-only string where a value is needed: name, zone, vpcId, version, the network prefix names, OIDC issuer and client ID, webhook servers, the Tailscale client ID.",
    why: "A blank value passes a type check but is rejected by the API (the Terraform provider refuses blank values for the same fields).",
    bad: Example::yaml("name: prod-east
zone: \"  \"
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

pub static NULL_VALUE: Rule = Rule {
    code: "CKS106",
    name: "null-value",
    severity: Severity::Warning,
    summary: "`null` (the API reads it as unset)",
    what: "Reports an optional field set to `null`.",
    why: "The API reads `null` as \"unset\", so the line has no effect — usually a template variable that rendered empty. Remove it, or give it the value you meant.",
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
public: null
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
    fix: Some("remove the field"),
    implemented: true,
};

/// A safe fix deleting `member` (found under `root`), when a clean edit exists.
pub fn remove_member_fix(source: &str, root: &crate::source::Node, member: &crate::source::Member) -> Option<crate::diagnostic::Fix> {
    let parent = crate::source::edit::parent_of(root, member)?;
    let edit = crate::source::edit::remove_member(source, parent, member)?;
    Some(crate::diagnostic::Fix::safe(format!("remove `{}`", member.key), vec![edit]))
}
