//! Terraform rules (CKS5xx): what only a Terraform configuration can get wrong. The
//! checks live in `src/terraform/config.rs`, next to the loader they need.

use crate::diagnostic::Severity;
use crate::registry::{Example, Rule};

/// A valid cluster resource for the examples (`version` and the closing brace follow).
macro_rules! resource {
    () => {
        "resource \"coreweave_cks_cluster\" \"prod\" {\n  name                   = \"prod-east\"\n  zone                   = \"US-EAST-04A\"\n  vpc_id                 = \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\"\n  version                = \"v1.35\"\n  pod_cidr_name          = \"pod-cidr\"\n  service_cidr_name      = \"service-cidr\"\n  internal_lb_cidr_names = [\"lb-cidr\"]\n  audit_policy           = \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\n"
    };
}

const fn tf(text: &'static str) -> Example {
    Example { path: "main.tf", text }
}

pub static BLOCK_SYNTAX: Rule = Rule {
    code: "CKS501",
    name: "terraform-block-syntax",
    severity: Severity::Error,
    summary: "a nested attribute written as a block (`oidc { … }`; the provider needs `oidc = { … }`); fix inserts ` =`",
    what: "Flags `oidc`, `authn_webhook`, `authz_webhook`, `node_port_range` and `tailscale` written with block syntax \
inside a `coreweave_cks_cluster` resource. The contents are linted all the same.",
    why: "Every nested object of the resource is a single nested *attribute* in the provider's schema, not a block: \
`terraform validate` fails with \"Unsupported block type … Did you mean to define argument \"oidc\"?\". The fix inserts ` =` \
after the name, which keeps the formatting.",
    bad: tf(concat!(resource!(), "  oidc {\n    issuer_url = \"https://idp.example.com\"\n    client_id  = \"kubernetes\"\n  }\n}\n")),
    good: tf(concat!(resource!(), "  oidc = {\n    issuer_url = \"https://idp.example.com\"\n    client_id  = \"kubernetes\"\n  }\n}\n")),
    fix: Some("insert ` =` after the attribute name"),
    implemented: true,
};

pub static COMPUTED_ATTRIBUTE: Rule = Rule {
    code: "CKS502",
    name: "terraform-computed-attribute",
    severity: Severity::Error,
    summary: "`id`, `status`, `api_server_endpoint` or `service_account_oidc_issuer_url` is set (computed by the provider)",
    what: "Flags the computed attributes of `coreweave_cks_cluster` set in a configuration.",
    why: "The provider computes these after the cluster is created; Terraform rejects a configuration that sets them \
(\"Invalid Configuration for Read-Only Attribute\"). They usually come from copying `terraform show` output.",
    bad: tf(concat!(resource!(), "  status = \"STATUS_RUNNING\"\n}\n")),
    good: tf(concat!(resource!(), "}\n")),
    fix: None,
    implemented: true,
};

pub static SIGNING_ALGORITHM_DROPPED: Rule = Rule {
    code: "CKS503",
    name: "signing-algorithm-dropped",
    severity: Severity::Warning,
    summary: "an `oidc.signing_algs` value other than `SIGNING_ALGORITHM_RS256` (the provider drops it silently)",
    what: "Flags each `oidc.signing_algs` value that is a valid API signing algorithm but not `SIGNING_ALGORITHM_RS256` \
(an invalid one is CKS252).",
    why: "The provider converts `signing_algs` with a switch that keeps only `SIGNING_ALGORITHM_RS256`; every other \
value is dropped without an error or warning, so the cluster accepts different tokens than the configuration says.",
    bad: tf(concat!(
        resource!(),
        "  oidc = {\n    issuer_url   = \"https://idp.example.com\"\n    client_id    = \"kubernetes\"\n    signing_algs = [\"SIGNING_ALGORITHM_ES256\"]\n  }\n}\n"
    )),
    good: tf(concat!(
        resource!(),
        "  oidc = {\n    issuer_url   = \"https://idp.example.com\"\n    client_id    = \"kubernetes\"\n    signing_algs = [\"SIGNING_ALGORITHM_RS256\"]\n  }\n}\n"
    )),
    fix: None,
    implemented: true,
};

pub static PROVIDER_TOO_OLD: Rule = Rule {
    code: "CKS504",
    name: "provider-too-old",
    severity: Severity::Error,
    summary: "an attribute that no provider version allowed by `required_providers` supports (`kubelet` needs 0.19.0, \
`tailscale` 0.16.0, `additional_server_sans` 0.12.0, the `*_v6` fields 0.11.0, `node_port_range` 0.7.0, \
`shared_storage_cluster_id` 0.6.0, `oidc.admin_group_binding` 0.5.0)",
    what: "Reads the `coreweave` provider's version constraint from `required_providers` in the configuration's \
directory (`=`, `!=`, `>`, `>=`, `<`, `<=`, `~>`, `,`-joined) and flags each attribute introduced after every version \
the constraint allows. With no constraint it is silent.",
    why: "A provider that predates the attribute rejects it as unsupported, often only on the CI runner that pins the \
old version. Real configurations pin 0.10.1 and 0.11.0, which lack `kubelet`, `tailscale` and `additional_server_sans`.",
    bad: tf(concat!(
        "terraform {\n  required_providers {\n    coreweave = {\n      source  = \"coreweave/coreweave\"\n      version = \"~> 0.10.0\"\n    }\n  }\n}\n\n",
        resource!(),
        "  kubelet = jsonencode({ maxPods = 200 })\n}\n"
    )),
    good: tf(concat!(
        "terraform {\n  required_providers {\n    coreweave = {\n      source  = \"coreweave/coreweave\"\n      version = \">= 0.19.0\"\n    }\n  }\n}\n\n",
        resource!(),
        "  kubelet = jsonencode({ maxPods = 200 })\n}\n"
    )),
    fix: None,
    implemented: true,
};

macro_rules! vpc {
    ($zone:literal) => {
        concat!(
            "resource \"coreweave_networking_vpc\" \"main\" {\n  name = \"prod\"\n  zone = \"",
            $zone,
            "\"\n  vpc_prefixes = [\n    { name = \"pod-cidr\", value = \"10.0.0.0/16\" },\n    { name = \"service-cidr\", value = \"10.1.0.0/16\" },\n    { name = \"lb-cidr\", value = \"10.2.0.0/16\" },\n  ]\n}\n\n"
        )
    };
}

macro_rules! cluster_on_vpc {
    ($zone:literal, $pod:literal) => {
        concat!(
            "resource \"coreweave_cks_cluster\" \"prod\" {\n  name                   = \"prod-east\"\n  zone                   = \"",
            $zone,
            "\"\n  vpc_id                 = coreweave_networking_vpc.main.id\n  version                = \"v1.35\"\n  pod_cidr_name          = \"",
            $pod,
            "\"\n  service_cidr_name      = \"service-cidr\"\n  internal_lb_cidr_names = [\"lb-cidr\"]\n  audit_policy           = \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\n}\n"
        )
    };
}

pub static VPC_ZONE_MISMATCH: Rule = Rule {
    code: "CKS505",
    name: "vpc-zone-mismatch",
    severity: Severity::Error,
    summary: "the cluster's `zone` differs from the `zone` of the `coreweave_networking_vpc` that `vpc_id` references (labels on both)",
    what: "When `vpc_id = coreweave_networking_vpc.NAME.id` names a VPC declared in the same directory and both zones \
are statically known, flags a cluster zone that is not the VPC's.",
    why: "A cluster must be in its VPC's availability zone; the API rejects the create only at apply time, after the \
VPC has been created.",
    bad: tf(concat!(vpc!("US-EAST-04A"), cluster_on_vpc!("US-EAST-06A", "pod-cidr"))),
    good: tf(concat!(vpc!("US-EAST-04A"), cluster_on_vpc!("US-EAST-04A", "pod-cidr"))),
    fix: None,
    implemented: true,
};

pub static UNKNOWN_VPC_PREFIX: Rule = Rule {
    code: "CKS506",
    name: "unknown-vpc-prefix",
    severity: Severity::Error,
    summary: "a `*_cidr_name(s)` value names no `vpc_prefixes[].name` of the referenced VPC; did-you-mean",
    what: "When `vpc_id` references a `coreweave_networking_vpc` of the same directory whose `vpc_prefixes` names are \
all statically known, flags each `pod_cidr_name`, `service_cidr_name`, `internal_lb_cidr_names` (and `_v6`) value that \
is not one of them, with the closest name.",
    why: "The cluster's networks are named prefixes of its VPC; a name the VPC does not define fails the create at \
apply time.",
    bad: tf(concat!(vpc!("US-EAST-04A"), cluster_on_vpc!("US-EAST-04A", "pods-cidr"))),
    good: tf(concat!(vpc!("US-EAST-04A"), cluster_on_vpc!("US-EAST-04A", "pod-cidr"))),
    fix: Some("use the closest prefix name (unsafe: check it is the intended network)"),
    implemented: true,
};

pub static FILE_NOT_READ: Rule = Rule {
    code: "CKS507",
    name: "terraform-file-not-read",
    severity: Severity::Info,
    summary: "a file named in `filebase64`/`file` is outside the tree being linted (absolute, `..` out, a symlink out, too large): not read",
    what: "Says why the file a `filebase64(…)` or `file(…)` call names was not read: an absolute path, a `..` that \
leaves the tree being linted (the configuration's directory up to the nearest `.git` or `.ckslint.yaml`), a symbolic \
link leading out of it, a file over the size limit, or a file that cannot be read. The value is then not statically \
known: no other rule checks it.",
    why: "Findings quote decoded file contents (CKS231 shows the policy text). A pull request could point \
`filebase64` at a CI runner's secrets and have the linter print them into a public log; files outside the \
checked-out tree are never read.",
    bad: tf(concat!(resource!(), "  kubelet = jsonencode({ maxPods = 200 })\n  oidc = {\n    issuer_url = \"https://idp.example.com\"\n    client_id  = \"kubernetes\"\n    ca         = filebase64(\"/etc/ssl/ca.pem\")\n  }\n}\n")),
    good: tf(concat!(resource!(), "  kubelet = jsonencode({ maxPods = 200 })\n}\n")),
    fix: None,
    implemented: true,
};
