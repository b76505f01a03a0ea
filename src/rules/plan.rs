//! Change rules of Terraform plans (CKS510–CKS512, SPEC §7): what the apply will do to a
//! cluster, read from `change.actions`, `before`, `after` and `replace_paths`.

use crate::diagnostic::{Diagnostic, Severity};
use crate::registry::{Example, Rule};
use crate::source::{Node, NodeKind, Span};
use crate::terraform::plan::{self, Action, ClusterChange, Step};

macro_rules! plan {
    ($actions:literal, $before:expr, $after:expr, $extra:literal) => {
        concat!(
            "{\n  \"format_version\": \"1.2\",\n  \"resource_changes\": [\n    {\n",
            "      \"address\": \"module.cks.coreweave_cks_cluster.this\",\n",
            "      \"module_address\": \"module.cks\",\n      \"mode\": \"managed\",\n",
            "      \"type\": \"coreweave_cks_cluster\",\n      \"name\": \"this\",\n",
            "      \"change\": {\n        \"actions\": ",
            $actions,
            ",\n        \"before\": ",
            $before,
            ",\n        \"after\": ",
            $after,
            ",\n        \"after_unknown\": {},\n        \"before_sensitive\": {},\n        \"after_sensitive\": {}",
            $extra,
            "\n      }\n    }\n  ]\n}\n"
        )
    };
}

macro_rules! cluster {
    ($zone:literal, $version:literal) => {
        concat!(
            "{\"name\": \"prod-east\", \"zone\": \"",
            $zone,
            "\", \"vpc_id\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"",
            $version,
            "\", \"public\": false, \"pod_cidr_name\": \"pods\", \"service_cidr_name\": \"services\", \"internal_lb_cidr_names\": [\"lb\"], ",
            "\"audit_policy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\", \"oidc\": null, \"kubelet\": null}"
        )
    };
}

pub static CLUSTER_REPLACED: Rule = Rule {
    code: "CKS510",
    name: "cluster-replaced",
    severity: Severity::Error,
    summary: "a plan deletes and re-creates a cluster; says which attributes force it (`replace_paths`), before → after",
    what: "Reports a `coreweave_cks_cluster` whose planned actions are `[\"delete\",\"create\"]` or `[\"create\",\"delete\"]`, naming each attribute of `replace_paths` with its value before and after. Sensitive values are shown as `(sensitive)`.",
    why: "`name`, `zone`, `vpc_id`, `pod_cidr_name`, `service_cidr_name`, the IPv6 prefix names and `shared_storage_cluster_id` are create-only: changing one makes Terraform destroy the cluster and build a new one, with every workload on it. `terraform plan` prints this among hundreds of lines; nothing fails the pipeline.",
    bad: Example::json(plan!("[\"delete\", \"create\"]", cluster!("US-WEST-09B", "v1.35"), cluster!("US-EAST-04A", "v1.35"), ",\n        \"replace_paths\": [[\"zone\"]]")),
    good: Example::json(plan!("[\"no-op\"]", cluster!("US-WEST-09B", "v1.35"), cluster!("US-WEST-09B", "v1.35"), "")),
    fix: None,
    implemented: true,
};

pub static CLUSTER_DELETED: Rule = Rule {
    code: "CKS511",
    name: "cluster-deleted",
    severity: Severity::Warning,
    summary: "a plan deletes a cluster",
    what: "Reports a `coreweave_cks_cluster` whose planned action is `[\"delete\"]`: the resource was removed from the configuration (or `terraform destroy` was planned).",
    why: "Deleting a cluster deletes its control plane and every node pool with it. A removed module call or a renamed resource address deletes a cluster as quietly as an intended teardown does; in CI this should be a decision, not a side effect.",
    bad: Example::json(plan!("[\"delete\"]", cluster!("US-WEST-09B", "v1.35"), "null", "")),
    good: Example::json(plan!("[\"no-op\"]", cluster!("US-WEST-09B", "v1.35"), cluster!("US-WEST-09B", "v1.35"), "")),
    fix: None,
    implemented: true,
};

pub static VERSION_STEP: Rule = Rule {
    code: "CKS512",
    name: "version-step",
    severity: Severity::Error,
    summary: "a plan changes `version` down, or up by more than one minor (CKS upgrades one minor at a time)",
    what: "Reports a planned change of a cluster's `version` that goes down (`v1.35` → `v1.34`) or skips a minor version (`v1.33` → `v1.35`).",
    why: "CKS upgrades the control plane one Kubernetes minor version at a time and never downgrades it, so the apply fails part-way, after the other changes of the same plan were made.",
    bad: Example::json(plan!("[\"update\"]", cluster!("US-WEST-09B", "v1.34"), cluster!("US-WEST-09B", "v1.36"), "")),
    good: Example::json(plan!("[\"update\"]", cluster!("US-WEST-09B", "v1.34"), cluster!("US-WEST-09B", "v1.35"), "")),
    fix: None,
    implemented: true,
};

/// The create-only attributes, for the help of CKS510 (terraform-facts §1.3).
const CREATE_ONLY_HELP: &str = "`name`, `zone`, `vpc_id`, `pod_cidr_name`, `service_cidr_name`, `pod_cidr_name_v6`, `service_cidr_name_v6`, `internal_lb_cidr_names_v6` and `shared_storage_cluster_id` are create-only; removing an `internal_lb_cidr_names` entry, shrinking `node_port_range` or a failed cluster also force replacement. Put the previous value back, or move the workloads first if a new cluster is intended";

/// The change rules for one planned cluster change.
pub fn check(source: &str, change: &ClusterChange, out: &mut Vec<Diagnostic>) {
    let at = change.actions.map_or(change.address_span, |a| a.span());
    match change.action {
        Action::Replace { create_first } => replaced(source, change, at, create_first, out),
        Action::Delete => out.push(
            Diagnostic::new(&CLUSTER_DELETED, change.document, at, "", format!("plan deletes cluster `{}`", change.address))
                .with_help("if the deletion is intended, approve it explicitly; if not, restore the resource (or add a `moved` block for a renamed address)")
                .with_label(change.address_span, "this cluster"),
        ),
        _ => {}
    }
    if matches!(change.action, Action::Update | Action::Replace { .. }) {
        version_step(change, out);
    }
}

fn replaced(source: &str, change: &ClusterChange, at: Span, create_first: bool, out: &mut Vec<Diagnostic>) {
    let order = if create_first { "creates a new cluster, then deletes" } else { "deletes and re-creates" };
    let paths = replace_paths(change.replace_paths);
    let mut parts = Vec::new();
    let mut labels = Vec::new();
    for path in paths.iter().take(20) {
        let name = plan::path_text(path);
        let before = shown(plan::at_path(change.before, path), plan::marks(change.before_sensitive, path), false);
        let unknown = unknown_at(change.after_unknown, path);
        let after = shown(plan::at_path(change.after, path), plan::marks(change.after_sensitive, path), unknown);
        parts.push(format!("`{name}` {before} → {after}"));
        if let Some(node) = plan::at_path(change.after, path) {
            labels.push((node.span(), format!("`{name}` forces replacement")));
        }
    }
    let because = if parts.is_empty() {
        match change.action_reason {
            Some("replace_because_tainted") => " because it is tainted".to_string(),
            Some(reason) => format!(" ({})", plan::clip(reason, 60)),
            None => String::new(),
        }
    } else {
        format!(" because {}", parts.join(", "))
    };
    let more = if paths.len() > 20 { format!(" (and {} more)", paths.len() - 20) } else { String::new() };
    let mut d =
        Diagnostic::new(&CLUSTER_REPLACED, change.document, at, "", format!("plan {order} cluster `{}`{because}{more}", change.address))
            .with_help(CREATE_ONLY_HELP);
    for (span, message) in labels {
        d = d.with_label(span, message);
    }
    let _ = source;
    out.push(d);
}

fn replace_paths(node: Option<&Node>) -> Vec<Vec<Step>> {
    let Some(list) = node.and_then(Node::as_array) else { return Vec::new() };
    list.iter()
        .filter_map(|p| {
            p.as_array()?
                .iter()
                .map(|s| match &s.kind {
                    NodeKind::String(k) => Some(Step::Key(k.to_string())),
                    NodeKind::Number(n) => n.int().and_then(|i| usize::try_from(i).ok()).map(Step::Index),
                    _ => None,
                })
                .collect::<Option<Vec<Step>>>()
        })
        .collect()
}

fn unknown_at(mask: Option<&Node>, path: &[Step]) -> bool {
    plan::marks(mask, path)
}

/// A value as shown in a message: bounded, and never a sensitive one.
fn shown(node: Option<&Node>, sensitive: bool, unknown: bool) -> String {
    if sensitive {
        return "(sensitive)".into();
    }
    if unknown {
        return "(known after apply)".into();
    }
    match node {
        None => "null".into(),
        Some(n) => match &n.kind {
            NodeKind::String(s) => format!("\"{}\"", plan::clip(s, 60)),
            NodeKind::Null => "null".into(),
            NodeKind::Bool(b) => b.to_string(),
            NodeKind::Number(num) => num.int().map_or(num.float().to_string(), |i| i.to_string()),
            NodeKind::Array(items) => {
                let inner: Vec<String> = items.iter().take(5).map(|i| shown(Some(i), false, false)).collect();
                let more = if items.len() > 5 { ", …" } else { "" };
                format!("[{}{more}]", inner.join(", "))
            }
            NodeKind::Object(_) => "{…}".into(),
            NodeKind::Unknown => "(known after apply)".into(),
        },
    }
}

/// `v1.35` → (1, 35).
fn minor(v: &str) -> Option<(u64, u64)> {
    let rest = v.strip_prefix('v').unwrap_or(v);
    let mut it = rest.split('.');
    let major = it.next()?.parse().ok()?;
    let minor = it.next()?.parse().ok()?;
    Some((major, minor))
}

fn version_step(change: &ClusterChange, out: &mut Vec<Diagnostic>) {
    let path = [Step::Key("version".into())];
    let (Some(before), Some(after)) = (plan::at_path(change.before, &path), plan::at_path(change.after, &path)) else { return };
    if unknown_at(change.after_unknown, &path) {
        return;
    }
    let (Some(b), Some(a)) = (before.as_str(), after.as_str()) else { return };
    let (Some(bv), Some(av)) = (minor(b), minor(a)) else { return };
    let hidden = plan::marks(change.after_sensitive, &path) || plan::marks(change.before_sensitive, &path);
    let (bs, as_) = if hidden { ("(sensitive)".to_string(), "(sensitive)".to_string()) } else { (plan::clip(b, 20), plan::clip(a, 20)) };
    let message = if av < bv {
        format!("plan downgrades cluster `{}` from {bs} to {as_}; CKS never downgrades a cluster", change.address)
    } else if av.0 != bv.0 || av.1 > bv.1 + 1 {
        format!("plan upgrades cluster `{}` from {bs} to {as_}, more than one minor version at once", change.address)
    } else {
        return;
    };
    let help = if av < bv || hidden {
        "keep the current version (CKS upgrades one minor version at a time and cannot go back)".to_string()
    } else {
        format!("upgrade one minor version per apply: v{}.{} first", bv.0, bv.1 + 1)
    };
    out.push(
        Diagnostic::new(&VERSION_STEP, change.document, after.span(), "/version", message)
            .with_help(help)
            .with_label(before.span(), "current version"),
    );
}
