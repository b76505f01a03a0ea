//! Network rules CKS210–CKS214 at their edges, in JSON and YAML.

use ckslint::Applicability;

mod common;
use common::{apply, at, cols, first, lint, start};

const HEAD: &str = "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n";
const TAIL: &str = "disableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n";

/// A YAML request whose `network` block is `body` (lines indented by two spaces).
/// `network:` is line 5, the first body line is line 6.
fn net(body: &str) -> String {
    format!("{HEAD}network:\n{body}{TAIL}")
}

/// The usual three IPv4 fields, then `more`.
fn v4(pod: &str, service: &str, lbs: &str, more: &str) -> String {
    net(&format!("  podCidrName: {pod}\n  serviceCidrName: {service}\n  internalLbCidrNames: {lbs}\n{more}"))
}

fn json(network: &str) -> String {
    format!(
        "{{\n  \"name\": \"prod-east\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \"version\": \"v1.35\",\n  \"network\": {network},\n  \"disableOidcInfoPublication\": true,\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\n}}\n"
    )
}

fn net_codes(path: &str, text: &str) -> Vec<&'static str> {
    lint(path, text).diagnostics.iter().map(|d| d.rule.code).filter(|c| c.starts_with("CKS21")).collect()
}

/// Apply the fix of the first `code` finding and re-lint: the finding is gone and the file still parses.
fn fixed(path: &str, text: &str, code: &str) -> String {
    let before = lint(path, text);
    let d = first(&before, code);
    assert_eq!(d.fix.as_ref().map(|f| f.applicability), Some(Applicability::Safe));
    let out = apply(text, d);
    let after = lint(path, &out);
    assert!(!after.diagnostics.iter().any(|d| d.rule.code == code || d.rule.code == "CKS001"), "{out}\n{:?}", after.diagnostics);
    out
}

// ---------------------------------------------------------------------------------------
// CKS210 cidr-instead-of-prefix-name
// ---------------------------------------------------------------------------------------

#[test]
fn cidrs_and_addresses_where_names_belong() {
    let t = v4("10.0.0.0/13", "service cidr", "[internal lb cidr]", "");
    assert_eq!(
        at("a.yaml", &t, "CKS210"),
        [(6, 16, 6, 27, "`network.podCidrName` is the CIDR `10.0.0.0/13`, not the name of a VPC prefix".into())]
    );
    let f = lint("a.yaml", &t);
    assert_eq!(
        first(&f, "CKS210").help.as_deref(),
        Some("use the name of a VPC prefix (e.g. \"pod cidr\"), not its CIDR; the CIDR is the prefix's value on the VPC")
    );
    assert_eq!(first(&f, "CKS210").pointer, "/network/podCidrName");
    // An address, and an item of the load-balancer list.
    let t = v4("pod cidr", "10.16.0.1", "[lb, \"10.32.4.0/22\"]", "");
    let got = at("a.yaml", &t, "CKS210");
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].4, "`network.serviceCidrName` is the IP address `10.16.0.1`, not the name of a VPC prefix");
    assert_eq!((got[1].0, got[1].1, got[1].3), (8, 30, 42));
    assert_eq!(got[1].4, "`network.internalLbCidrNames[1]` is the CIDR `10.32.4.0/22`, not the name of a VPC prefix");
    // IPv6.
    let t = v4(
        "pod cidr",
        "service cidr",
        "[lb]",
        "  podCidrNameV6: fd00:10::/56\n  serviceCidrNameV6: svc6\n  internalLbCidrNamesV6: [lb6]\n",
    );
    assert_eq!(at("a.yaml", &t, "CKS210")[0].4, "`network.podCidrNameV6` is the CIDR `fd00:10::/56`, not the name of a VPC prefix");
}

#[test]
fn prefix_names_are_free_form() {
    // Spaces, capitals, dots, slashes that are not a CIDR: all fine.
    for name in ["pod cidr", "Pod CIDR (us-east)", "pods.v1", "10.0.0.0/33", "10.0.0", "pod_cidr"] {
        let t = v4(&format!("\"{name}\""), "service cidr", "[lb]", "");
        assert!(net_codes("a.yaml", &t).is_empty(), "{name}: {:?}", net_codes("a.yaml", &t));
    }
}

// ---------------------------------------------------------------------------------------
// CKS211 prefix-name-reused
// ---------------------------------------------------------------------------------------

#[test]
fn pod_and_service_sharing_a_prefix() {
    let t = v4("pods", "pods", "[lb]", "");
    assert_eq!(
        at("a.yaml", &t, "CKS211"),
        [(7, 20, 7, 24, "`network.serviceCidrName` reuses the VPC prefix `pods` of `network.podCidrName`".into())]
    );
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS211");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].message, "`network.podCidrName` uses it here");
    assert_eq!(f.positions(d.labels[0].span).0.line, 6);
    assert!(d.fix.is_none(), "which field is wrong is a decision");
}

#[test]
fn load_balancer_name_repeating_pod_or_service() {
    let t = v4("pods", "services", "[lb, services]", "");
    let got = at("a.yaml", &t, "CKS211");
    assert_eq!(
        got,
        [(8, 29, 8, 37, "`network.internalLbCidrNames[1]` reuses the VPC prefix `services` of `network.serviceCidrName`".into())]
    );
    // The later occurrence in the file is the one reported, whatever the field order.
    let t = net("  internalLbCidrNames: [pods]\n  podCidrName: pods\n  serviceCidrName: s\n");
    let got = at("a.yaml", &t, "CKS211");
    assert_eq!(got[0].4, "`network.podCidrName` reuses the VPC prefix `pods` of `network.internalLbCidrNames[0]`");
}

#[test]
fn repeat_within_a_list_gets_a_removal_fix() {
    let t = net("  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames:\n    - lb a\n    - lb b\n    - lb a\n");
    assert_eq!(at("a.yaml", &t, "CKS211"), [(11, 7, 11, 11, "`lb a` is listed twice in `network.internalLbCidrNames`".into())]);
    let out = fixed("a.yaml", &t, "CKS211");
    assert!(out.contains("  internalLbCidrNames:\n    - lb a\n    - lb b\ndisable"), "{out}");
    // JSON and flow lists.
    let t = json("{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"a\", \"b\", \"a\"]}");
    let out = fixed("a.json", &t, "CKS211");
    assert!(out.contains("\"internalLbCidrNames\": [\"a\", \"b\"]}"), "{out}");
    let t = v4("p", "s", "[a, a]", "");
    let out = fixed("a.yaml", &t, "CKS211");
    assert!(out.contains("internalLbCidrNames: [a]\n"), "{out}");
}

#[test]
fn ipv6_names_reusing_ipv4_or_each_other() {
    let t = v4("pods", "services", "[lb]", "  podCidrNameV6: pods\n  serviceCidrNameV6: services6\n  internalLbCidrNamesV6: [lb6, lb6]\n");
    let got = at("a.yaml", &t, "CKS211");
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].4, "`network.podCidrNameV6` reuses the VPC prefix `pods` of `network.podCidrName`");
    assert_eq!(got[1].4, "`lb6` is listed twice in `network.internalLbCidrNamesV6`");
    // Distinct names: silent.
    let t = v4("pods", "services", "[lb]", "  podCidrNameV6: pods6\n  serviceCidrNameV6: services6\n  internalLbCidrNamesV6: [lb6]\n");
    assert!(net_codes("a.yaml", &t).is_empty());
}

#[test]
fn a_cidr_used_twice_is_only_cidr_instead_of_prefix_name() {
    let t = v4("10.0.0.0/13", "10.0.0.0/13", "[lb]", "");
    assert_eq!(net_codes("a.yaml", &t), ["CKS210", "CKS210"]);
}

#[test]
fn names_compare_exactly() {
    let t = v4("pods", "Pods", "[\"pods \"]", "");
    assert!(at("a.yaml", &t, "CKS211").is_empty());
}

// ---------------------------------------------------------------------------------------
// CKS212 empty-lb-prefix-list
// ---------------------------------------------------------------------------------------

#[test]
fn empty_lists_point_at_the_brackets() {
    let t = v4("pods", "services", "[]", "");
    assert_eq!(at("a.yaml", &t, "CKS212"), [(8, 24, 8, 26, "`network.internalLbCidrNames` is empty; proto3 reads `[]` as unset".into())]);
    let t = json("{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [ ]}");
    assert_eq!(cols("a.json", &t, "CKS212"), (82, 85));
    // The IPv6 list alone: CKS212 speaks, not also CKS213.
    let t = v4("pods", "services", "[lb]", "  internalLbCidrNamesV6: []\n");
    assert_eq!(net_codes("a.yaml", &t), ["CKS212"]);
    // A one-item list is fine.
    assert!(net_codes("a.yaml", &v4("p", "s", "[lb]", "")).is_empty());
}

// ---------------------------------------------------------------------------------------
// CKS213 incomplete-ipv6-network
// ---------------------------------------------------------------------------------------

#[test]
fn partial_ipv6_set_names_the_missing_fields() {
    let t = v4("pods", "services", "[lb]", "  podCidrNameV6: pods6\n");
    assert_eq!(
        at("a.yaml", &t, "CKS213"),
        [(5, 1, 5, 8, "the IPv6 network is incomplete: `serviceCidrNameV6` and `internalLbCidrNamesV6` are missing".into())]
    );
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS213");
    assert_eq!(d.pointer, "/network");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].message, "`podCidrNameV6` set here");
    let t = v4("pods", "services", "[lb]", "  podCidrNameV6: pods6\n  internalLbCidrNamesV6: [lb6]\n");
    assert_eq!(at("a.yaml", &t, "CKS213")[0].4, "the IPv6 network is incomplete: `serviceCidrNameV6` is missing");
    assert_eq!(first(&lint("a.yaml", &t), "CKS213").labels.len(), 2);
    // The proto spelling counts.
    let t = v4("pods", "services", "[lb]", "  pod_cidr_name_v6: pods6\n  service_cidr_name_v6: s6\n  internal_lb_cidr_names_v6: [lb6]\n");
    assert!(at("a.yaml", &t, "CKS213").is_empty());
    // An empty list with the other two set is CKS212 only.
    let t = v4("pods", "services", "[lb]", "  podCidrNameV6: pods6\n  serviceCidrNameV6: s6\n  internalLbCidrNamesV6: []\n");
    assert_eq!(net_codes("a.yaml", &t), ["CKS212"]);
}

#[test]
fn ipv6_in_json() {
    let t = json("{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"], \"serviceCidrNameV6\": \"s6\"}");
    assert_eq!(start("a.json", &t, "CKS213"), (6, 3));
}

// ---------------------------------------------------------------------------------------
// CKS214 invalid-node-port-range
// ---------------------------------------------------------------------------------------

fn ports(body: &str) -> String {
    v4("pods", "services", "[lb]", &format!("  serviceNodePortRange:\n{body}"))
}

#[test]
fn node_port_bounds() {
    assert!(at("a.yaml", &ports("    start: 1\n    end: 65535\n"), "CKS214").is_empty());
    assert!(at("a.yaml", &ports("    start: 30000\n    end: 30000\n"), "CKS214").is_empty());
    assert_eq!(
        at("a.yaml", &ports("    start: 0\n    end: 32767\n"), "CKS214"),
        [(10, 12, 10, 13, "`network.serviceNodePortRange.start` is 0, outside 1–65535".into())]
    );
    assert_eq!(
        at("a.yaml", &ports("    start: 30000\n    end: 65536\n"), "CKS214"),
        [(11, 10, 11, 15, "`network.serviceNodePortRange.end` is 65536, outside 1–65535".into())]
    );
    assert_eq!(at("a.yaml", &ports("    start: -1\n    end: 32767\n"), "CKS214").len(), 1);
}

#[test]
fn reversed_range_labels_the_other_bound() {
    let t = ports("    start: 32767\n    end: 30000\n");
    assert_eq!(
        at("a.yaml", &t, "CKS214"),
        [(10, 12, 10, 17, "`network.serviceNodePortRange.start` (32767) is greater than `end` (30000)".into())]
    );
    let f = lint("a.yaml", &t);
    let d = first(&f, "CKS214");
    assert_eq!(d.labels[0].message, "`end` is here");
    assert_eq!(f.positions(d.labels[0].span).0.line, 11);
    // The swap is a suggestion (either bound may be the typo); applied, the range is valid.
    let fix = d.fix.as_ref().expect("a swap fix");
    assert_eq!((fix.applicability, fix.message.as_str()), (Applicability::Unsafe, "swap them: start 30000, end 32767"));
    let out = apply(&t, d);
    assert!(out.contains("    start: 30000\n    end: 32767\n"), "{out}");
    assert!(at("a.yaml", &out, "CKS214").is_empty());
    // JSON keeps its layout too.
    let j = json(
        r#"{"podCidrName": "pods", "serviceCidrName": "services", "internalLbCidrNames": ["lb"], "serviceNodePortRange": {"start": 32767, "end": 30000}}"#,
    );
    let f = lint("a.json", &j);
    let out = apply(&j, first(&f, "CKS214"));
    assert!(out.contains(r#""serviceNodePortRange": {"start": 30000, "end": 32767}"#), "{out}");
    assert!(at("a.json", &out, "CKS214").is_empty());
}

#[test]
fn missing_bounds_and_non_integers() {
    assert_eq!(at("a.yaml", &ports("    start: 30000\n"), "CKS214"), [(9, 3, 9, 23, "`network.serviceNodePortRange` has no `end`".into())]);
    let t = v4("pods", "services", "[lb]", "  serviceNodePortRange: {}\n");
    assert_eq!(at("a.yaml", &t, "CKS214")[0].4, "`network.serviceNodePortRange` has no `start` or `end`");
    // A string is a type error (CKS104), not a range error.
    let t = ports("    start: \"30000\"\n    end: 32767\n");
    let c: Vec<_> = lint("a.yaml", &t).diagnostics.iter().map(|d| d.rule.code).collect();
    assert!(c.contains(&"CKS104") && !c.contains(&"CKS214"), "{c:?}");
    // JSON with CRLF.
    let t = json("{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"],\r\n    \"serviceNodePortRange\": {\"start\": 40000, \"end\": 0}}")
        .replace('\n', "\r\n")
        .replace("\r\r\n", "\r\n");
    assert_eq!(at("a.json", &t, "CKS214"), [(7, 53, 7, 54, "`network.serviceNodePortRange.end` is 0, outside 1–65535".into())]);
}

#[test]
fn full_valid_network_is_silent() {
    let t = v4(
        "pod cidr",
        "service cidr",
        "[internal lb cidr, internal lb cidr 2]",
        "  podCidrNameV6: pod cidr v6\n  serviceCidrNameV6: service cidr v6\n  internalLbCidrNamesV6: [internal lb cidr v6]\n  serviceNodePortRange: {start: 30000, end: 32767}\n",
    );
    assert!(net_codes("a.yaml", &t).is_empty());
}

#[test]
fn network_snapshot() {
    let t = v4(
        "10.0.0.0/13",
        "pods",
        "[pods, lb, lb]",
        "  podCidrNameV6: pods6\n  internalLbCidrNamesV6: []\n  serviceNodePortRange:\n    start: 32767\n    end: 30000\n",
    );
    let f = ckslint::lint_texts(&[("network.yaml", &t)]).remove(0);
    insta::assert_snapshot!(ckslint::output::human::render_plain(&f));
}
