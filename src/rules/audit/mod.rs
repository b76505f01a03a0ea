//! Audit policy rules (CKS23x).
//!
//! `auditPolicy` is base64 of a Kubernetes audit Policy (JSON or YAML). The value is
//! decoded once ([`encoding`], CKS230), the decoded text parsed once with the project's
//! own span-keeping loader and validated the way kube-apiserver loads a policy
//! ([`policy`], CKS231–CKS234). Findings about the decoded policy point at the
//! `auditPolicy` value in the file and carry the decoded text as an [`Embedded`] source
//! with the fault underlined inside it.

mod combine;
pub mod encoding;
pub mod policy;

pub use combine::Combined;

use crate::diagnostic::{Edit, Embedded, Fix, Severity};
use crate::lint::Ctx;
use crate::registry::{Example, Rule};
use crate::source::{pointer_push, sub_span, LineIndex, Node, Span, Style};

/// A valid request without `auditPolicy` (11 lines), for the examples.
macro_rules! base {
    () => {
        "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pod cidr\n  serviceCidrName: service cidr\n  internalLbCidrNames:\n    - internal lb cidr\ndisableOidcInfoPublication: true\n"
    };
}

/// base64 of `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n`.
macro_rules! minimal_policy {
    () => {
        "YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo="
    };
}

pub static AUDIT_POLICY_NOT_BASE64: Rule = Rule {
    code: "CKS230",
    name: "audit-policy-not-base64",
    severity: Severity::Error,
    summary: "not standard padded base64; raw YAML/JSON, URL-safe alphabet, line breaks each said so; span on the first bad character",
    what: "Decodes `auditPolicy` as strict standard base64 (RFC 4648 §4: `A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`, padded with `=` \
to a multiple of 4) and says precisely what is wrong when it does not decode: a policy pasted as raw YAML or JSON, a value \
wrapped in an extra pair of quotes, line breaks or spaces (wrapped `base64` output, a YAML `|` block), the URL-safe alphabet \
(`-`, `_`), missing or extra `=` padding, `=` in the middle (two encodings joined), a length no encoding produces, a last \
character no encoder produces, or any other character, named with its position. The finding points at the first bad \
character inside the string (at the whole value when the string is not written verbatim, as in a YAML block scalar or a \
JSON string with escapes).",
    why: "CKS documents `auditPolicy` as base64 of the policy; the Terraform provider's tests send standard padded base64. \
Whether CKS tolerates unpadded, URL-safe or wrapped base64 is unconfirmed, and a policy that does not decode leaves the \
cluster without the audit logging you asked for or fails the request. The most common slips are pasting the YAML itself and \
encoding with `base64` without `-w0`, which wraps lines every 76 characters.",
    bad: Example::yaml(concat!(
        base!(),
        "auditPolicy: |\n  apiVersion: audit.k8s.io/v1\n  kind: Policy\n  rules:\n    - level: Metadata\n"
    )),
    good: Example::yaml(concat!(base!(), "auditPolicy: ", minimal_policy!(), "\n")),
    fix: Some(
        "raw YAML/JSON: replace the value with its base64 encoding; line breaks and spaces: join; URL-safe: translate `-`→`+`, \
`_`→`/`; padding: add or remove `=` (each only when the result decodes)",
    ),
    implemented: true,
};

pub static AUDIT_POLICY_SYNTAX: Rule = Rule {
    code: "CKS231",
    name: "audit-policy-syntax",
    severity: Severity::Error,
    summary: "decoded bytes are not UTF-8 YAML/JSON; shows the decoded text with the fault",
    what: "Reads the decoded `auditPolicy` with the same loader as request files: JSON when it starts with `{`, YAML \
otherwise. Reports bytes that are not UTF-8 text (naming gzip data and UTF-16 text) and the loader's syntax error with its \
line and column inside the decoded text; the output shows the decoded policy with the fault underlined.",
    why: "kube-apiserver cannot load a policy that does not parse. A syntax error hidden inside base64 is invisible in the \
request file and in code review; it only surfaces when the cluster is created.",
    bad: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQogICB2ZXJiczogW2dldF0K\n"
    )),
    good: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQogICAgdmVyYnM6IFtnZXRdCiAgLSBsZXZlbDogTm9uZQo=\n"
    )),
    fix: None,
    implemented: true,
};

pub static AUDIT_POLICY_INVALID: Rule = Rule {
    code: "CKS232",
    name: "audit-policy-invalid",
    severity: Severity::Error,
    summary: "the api-server would reject it: apiVersion not `audit.k8s.io/v1`, kind not `Policy`, no rules, bad `level` or stage, bad `nonResourceURLs`, `nonResourceURLs` mixed with `resources`/`namespaces`, group with a version, `resourceNames` without `resources`",
    what: "Loads and validates the decoded policy as kube-apiserver of the requested `version` does \
(`LoadPolicyFromBytes` in `pkg/audit/policy/reader.go`, `ValidatePolicy` in `pkg/apis/audit/validation`): \
`apiVersion` must be `audit.k8s.io/v1` (the removed `v1beta1`/`v1alpha1` are named as such); a missing `kind` is \
defaulted to `Policy` by the decoder and accepted, any other `kind` is rejected; there must be at least one rule; \
each rule needs a `level` of `None`, `Metadata`, `Request` or `RequestResponse` (case-sensitive); stages in \
`omitStages` (top level and per rule) must be `RequestReceived`, `ResponseStarted`, `ResponseComplete` or `Panic`; \
each `nonResourceURLs` entry must be `*` or start with `/` with `*` only as its last character; a rule cannot combine \
`nonResourceURLs` with `resources` or `namespaces`; a `resources[].group` must be `\"\"` (core) or a lowercase DNS \
subdomain (no version such as `apps/v1`) - or, from v1.36 (kubernetes/kubernetes#135262), `*` for every group; and \
`resourceNames` needs `resources`. Only the first YAML document of the decoded text is read, as kube-apiserver \
does; further documents are a CKS233 warning. Fields of the wrong type (a string where a list belongs, a number as a \
level) are reported here too, as are a policy that is not a mapping and a policy encoded twice. Without a \
well-formed `version` the newest behaviour is assumed, so that no valid policy is rejected.",
    why: "kube-apiserver refuses to start with an invalid audit policy, so CKS either rejects the request or the control \
plane fails to come up with it. Many examples on the web still use `audit.k8s.io/v1beta1`, which current api-servers no \
longer read. The group `*` needs v1.36: older api-servers require a DNS subdomain and compare groups exactly. A \
leading wildcard such as `*.k8s.io` is proposed upstream but not accepted.",
    bad: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxYmV0YTEKa2luZDogUG9saWN5CnJ1bGVzOgogIC0gbGV2ZWw6IE1ldGFkYXRhCg==\n"
    )),
    good: Example::yaml(concat!(base!(), "auditPolicy: ", minimal_policy!(), "\n")),
    fix: Some(
        "re-encode the policy with the one right value: `apiVersion: audit.k8s.io/v1` for `v1beta1`/`v1alpha1`, a missing \
`apiVersion` or `kind` added, a level, stage or `kind` in the right case, a group without its version or lowercased",
    ),
    implemented: true,
};

pub static AUDIT_POLICY_UNKNOWN_FIELD: Rule = Rule {
    code: "CKS233",
    name: "audit-policy-unknown-field",
    severity: Severity::Warning,
    summary: "an unknown field in the policy",
    what: "Flags fields the Policy, PolicyRule and GroupResources types do not define (`metadata` is allowed), with a \
did-you-mean (field names are case-sensitive: `nonResourceUrls` is not `nonResourceURLs`) or where the field belongs, \
fields given twice, and YAML documents after the first, which kube-apiserver never reads.",
    why: "kube-apiserver decodes the policy strictly first; when the only problems are unknown or duplicate fields it \
retries leniently and merely logs a warning, so the field is silently ignored. A misspelled `verbs`, `namespaces` or \
`nonResourceURLs` makes the rule match far more requests than intended.",
    bad: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBOb25lCiAgICBub25SZXNvdXJjZVVybHM6IFsiL2hlYWx0aHoqIl0KICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    )),
    good: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBOb25lCiAgICBub25SZXNvdXJjZVVSTHM6IFsiL2hlYWx0aHoqIl0KICAtIGxldmVsOiBNZXRhZGF0YQo=\n"
    )),
    fix: None,
    implemented: true,
};

pub static AUDIT_POLICY_LOGS_SECRETS: Rule = Rule {
    code: "CKS234",
    name: "audit-policy-logs-secrets",
    severity: Severity::Warning,
    summary: "the first rule matching core `secrets` logs at `Request` or `RequestResponse`",
    what: "Follows kube-apiserver's policy checker (`pkg/audit/policy/checker.go`: the first matching rule decides the \
level) for requests on core `secrets`, verb by verb, and counts what each level records: `Request` records the \
request body, which holds a Secret only for `create`, `update` and `patch`; `RequestResponse` also records the \
response, which holds it for `get`, `list`, `watch`, `delete` and `deletecollection` too; `None` and `Metadata` record \
no body. A rule can match secrets requests when it has no `resources` (and is not limited to `nonResourceURLs`), or a \
`resources` entry with group `\"\"` (or `*` from v1.36) whose `resources` is empty or lists `secrets`, `*` or \
`secrets/*`; its `verbs` limit the verbs it decides. A rule limited by `users`, `userGroups`, `namespaces` or \
`resourceNames` matches only some requests, so the walk goes on past it. The rule warns at the first rule that \
logs a Secret's contents for some verb, naming the verbs when not all of them; so published policies such as GKE's \
and EKS Anywhere's, whose only early `Request` rules cover reads or `deletecollection`, do not warn.",
    why: "At `Request` and `RequestResponse` the audit log records request (and response) bodies, so the contents of every \
Secret written or read end up in the audit log, readable by anyone with access to it. Log secrets at `Metadata` in a rule \
placed before the catch-all rules.",
    bad: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBSZXF1ZXN0UmVzcG9uc2UK\n"
    )),
    good: Example::yaml(concat!(
        base!(),
        "auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQogICAgcmVzb3VyY2VzOgogICAgICAtIGdyb3VwOiAiIgogICAgICAgIHJlc291cmNlczogW3NlY3JldHNdCiAgLSBsZXZlbDogUmVxdWVzdFJlc3BvbnNlCg==\n"
    )),
    fix: None,
    implemented: true,
};

/// Bytes of copies of the combined fix the findings of one policy may carry between
/// them (the first finding with a correction always carries it).
const FIX_COPIES_BUDGET: usize = 1 << 20;

/// Name of the embedded source in the output.
pub const EMBEDDED_NAME: &str = "auditPolicy (decoded)";

/// Run every audit rule on one document's root mapping.
pub fn check(ctx: &mut Ctx, root: &Node) {
    let Some(m) = root.get("auditPolicy") else { return };
    let Some(value) = m.value.as_str() else { return }; // other types: CKS104
    if value.trim().is_empty() {
        return; // CKS105
    }
    let pointer = pointer_push("", &m.key);
    let node = &m.value;
    let block = matches!(node.style, Style::Literal | Style::Folded);
    let bytes = match encoding::decode(value, block) {
        Ok(bytes) => bytes,
        Err(problem) => {
            let span = sub_span(node, ctx.source, problem.range.clone());
            let fix = problem.fix.map(|(b64, what)| Fix::safe(what, vec![replace_value(node, ctx.source, b64)]));
            let d = ctx.report(&AUDIT_POLICY_NOT_BASE64, span, pointer, problem.message);
            d.help(problem.help);
            if let Some(fix) = fix {
                d.fix(fix);
            }
            return;
        }
    };
    let later = [&AUDIT_POLICY_SYNTAX, &AUDIT_POLICY_INVALID, &AUDIT_POLICY_UNKNOWN_FIELD, &AUDIT_POLICY_LOGS_SECRETS];
    if !later.iter().any(|r| ctx.enabled(r)) {
        return;
    }
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            not_text(ctx, node, &pointer, e.as_bytes(), e.utf8_error());
            return;
        }
    };
    let version = root.field("version").and_then(Node::as_str).unwrap_or("");
    let mut analysis = policy::analyze_memo(&text, policy::Options::for_version(version));
    if analysis.findings.is_empty() && analysis.unlisted.is_empty() {
        return;
    }
    // Shared by the findings' excerpts.
    let text: std::sync::Arc<str> = text.into();
    // One combined correction of the decoded text, offered by every finding that has one
    // (fixes of one value overlap, so `--fix` applies one of them: all corrections at once).
    let combined = match std::rc::Rc::get_mut(&mut analysis) {
        Some(a) => a.combined.take(),
        None => analysis.combined.clone(),
    };
    let mut combined = combined.map(|c| Fix::safe(c.message(), vec![replace_value(node, ctx.source, c.base64)]));
    let primary = node.span();
    let mut fix_budget = FIX_COPIES_BUDGET;
    // Lines of the decoded text, indexed once for all its findings.
    let mut lines: Option<LineIndex> = None;
    for f in analysis.findings.iter() {
        // Past the rule's cap a finding is only counted: build nothing for it.
        if !ctx.wants(f.rule) {
            let at = if ctx.first_unlisted(f.rule) { pointer.clone() } else { String::new() };
            ctx.report(f.rule, primary, at, "");
            continue;
        }
        let has_edit = f.edit.is_some();
        let d = ctx.report(f.rule, primary, pointer.clone(), f.message.clone());
        if let Some(help) = &f.help {
            d.help(help.clone());
        }
        let (start, end) = lines.get_or_insert_with(|| LineIndex::new(&text)).span_positions(&text, f.span);
        d.embedded(Embedded { name: EMBEDDED_NAME.to_string(), text: text.clone(), span: f.span, start, end, label: f.label.clone() });
        if has_edit {
            if let Some(fix) = &combined {
                // Every finding with a correction offers the one combined fix, while
                // their copies of it stay small; a policy of megabytes offers it on the
                // first such finding only (a thousand copies of a 12 MB value would be
                // a 12 GB report).
                let size = fix.edits.iter().map(|e| e.content.len()).sum::<usize>() + fix.message.len();
                if fix_budget == FIX_COPIES_BUDGET || size <= fix_budget {
                    fix_budget = fix_budget.saturating_sub(size);
                    // The last copy the budget allows is the fix itself.
                    let fix = if size > fix_budget { combined.take() } else { combined.clone() };
                    if let Some(fix) = fix {
                        d.fix(fix);
                    }
                }
            }
        }
    }
    // The findings the analysis only counted: past the cap of the file too.
    for &(rule, n) in &analysis.unlisted {
        for _ in 0..n {
            let at = if ctx.first_unlisted(rule) { pointer.clone() } else { String::new() };
            ctx.report(rule, primary, at, "");
        }
    }
}

/// An edit replacing the whole `auditPolicy` value with `b64`: inside its quotes when
/// the value is written verbatim, else the node itself with a double-quoted string.
fn replace_value(node: &Node, source: &str, b64: String) -> Edit {
    let span = node.span();
    let raw = source.get(span.start..span.end).unwrap_or("");
    let value = node.as_str().unwrap_or("");
    if node.style.is_verbatim_string() {
        if raw == value && node.style == Style::Plain {
            return Edit { span, content: b64 };
        }
        if raw.len() == value.len() + 2 && raw.get(1..raw.len() - 1) == Some(value) {
            return Edit { span: Span::new(span.start + 1, span.end - 1), content: b64 };
        }
    }
    Edit { span, content: format!("\"{b64}\"") }
}

/// CKS231 for decoded bytes that are not UTF-8 text.
fn not_text(ctx: &mut Ctx, node: &Node, pointer: &str, bytes: &[u8], e: std::str::Utf8Error) {
    let at = e.valid_up_to();
    let bad = bytes.get(at).copied().unwrap_or(0);
    let binary = bytes.iter().take(512).any(|&b| b == 0);
    let (message, help) = if bytes.starts_with(&[0x1f, 0x8b]) {
        (
            "decoded auditPolicy is gzip-compressed data, not YAML or JSON".to_string(),
            "encode the plain policy file: `base64 -w0 policy.yaml`".to_string(),
        )
    } else if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        ("decoded auditPolicy is UTF-16 text, not UTF-8".to_string(), "save the policy as UTF-8, then encode it again".to_string())
    } else if binary {
        (
            format!("decoded auditPolicy is binary data, not YAML or JSON text (invalid byte 0x{bad:02X} at byte {})", at + 1),
            "encode the policy file itself: `base64 -w0 policy.yaml`".to_string(),
        )
    } else {
        let lossy = String::from_utf8_lossy(bytes).into_owned();
        let pos = LineIndex::new(&lossy).position(&lossy, at);
        (
            format!("decoded auditPolicy is not UTF-8 text: invalid byte 0x{bad:02X} at line {}, column {}", pos.line, pos.column),
            "save the policy as UTF-8, then encode it again with `base64 -w0`".to_string(),
        )
    };
    let textual = !binary && !bytes.starts_with(&[0x1f, 0x8b]) && !bytes.starts_with(&[0xff, 0xfe]) && !bytes.starts_with(&[0xfe, 0xff]);
    let d = ctx.report(&AUDIT_POLICY_SYNTAX, node.span(), pointer.to_string(), message);
    d.help(help);
    if textual {
        // The prefix before the fault is unchanged by the lossy conversion; the bad
        // sequence becomes U+FFFD (3 bytes).
        let lossy = String::from_utf8_lossy(bytes).into_owned();
        let end = (at + 3).min(lossy.len());
        let span = Span::new(at, end);
        let (start, end) = LineIndex::new(&lossy).span_positions(&lossy, span);
        d.embedded(Embedded { name: EMBEDDED_NAME.to_string(), text: lossy.into(), span, start, end, label: "not UTF-8".to_string() });
    }
}
