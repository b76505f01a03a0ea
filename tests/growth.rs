//! Growth tests (issue 18): every shape that once cost more than linear time or memory,
//! at 10,000 and 40,000 items. Each asserts exact finding counts and that the work done —
//! heap allocations and peak live heap, counted by this binary's allocator, so the
//! figures are deterministic — grows at most linearly: 4× the items, at most 4.4× the
//! allocations and the peak. No wall-time assertion; a return to a quadratic loop that
//! does not allocate is caught by `tests/robustness.rs`'s hang guard on the same shapes.

use ckslint::lint::{FileResult, MAX_PER_RULE};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Mutex;
#[path = "common/counting.rs"]
mod counting;
use counting::{ALLOCS, LIVE, PEAK};

/// The counters are global: one measurement at a time.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

struct Cost {
    allocs: usize,
    peak: usize,
}

/// Lint `text` (and render it in every format) under the counters.
fn measure(name: &str, text: &str) -> (FileResult, Cost) {
    let settings = ckslint::Settings::default();
    let before_live = LIVE.load(Relaxed);
    PEAK.store(before_live, Relaxed);
    let allocs = ALLOCS.load(Relaxed);
    let f = ckslint::lint_str(name, text, &settings);
    let mut out = String::new();
    ckslint::output::human::render_file(&f, ckslint::output::human::Style::PLAIN, &mut out);
    let cost = Cost { allocs: ALLOCS.load(Relaxed) - allocs, peak: PEAK.load(Relaxed) - before_live };
    (f, cost)
}

/// Findings of `code`: listed ones, plus those counted behind the overflow finding.
fn total(f: &FileResult, code: &str) -> usize {
    let of: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == code).collect();
    assert!(of.len() <= MAX_PER_RULE + 1, "{code}: {} listed", of.len());
    of.iter().map(|d| d.omitted.max(1)).sum()
}

/// Build the shape at 10,000 and 40,000 items, check the counts, and the growth.
fn grows_linearly(name: &str, shape: impl Fn(usize) -> String, code: &str, expected: impl Fn(usize) -> usize) {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small, cs) = measure(name, &shape(10_000));
    let (large, cl) = measure(name, &shape(40_000));
    assert_eq!(total(&small, code), expected(10_000), "{name} at 10,000: {code} findings");
    assert_eq!(total(&large, code), expected(40_000), "{name} at 40,000: {code} findings");
    let listed = large.diagnostics.iter().filter(|d| d.rule.code == code).count();
    assert_eq!(listed, MAX_PER_RULE + 1, "{name}: the first {MAX_PER_RULE} listed, then one that counts the rest");
    let overflow = large.diagnostics.iter().find(|d| d.rule.code == code && d.omitted > 0).expect("an overflow finding");
    assert_eq!(overflow.omitted, expected(40_000) - MAX_PER_RULE, "{name}");
    let ratio = |a: usize, b: usize| b as f64 / a.max(1) as f64;
    assert!(
        cl.allocs as f64 <= 4.4 * cs.allocs as f64,
        "{name}: allocations {} → {} (×{:.2})",
        cs.allocs,
        cl.allocs,
        ratio(cs.allocs, cl.allocs)
    );
    assert!(cl.peak as f64 <= 4.4 * cs.peak as f64, "{name}: peak heap {} → {} (×{:.2})", cs.peak, cl.peak, ratio(cs.peak, cl.peak));
}

const HEAD_JSON: &str =
    "\"name\": \"big\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\"";
const HEAD_YAML: &str = "name: big\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n";

fn json_request(network_lbs: &str, extra: &str) -> String {
    format!("{{{HEAD_JSON}, \"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [{network_lbs}]}}{extra}}}")
}

fn list(n: usize, item: impl Fn(usize) -> String) -> String {
    (0..n).map(item).collect::<Vec<_>>().join(",\n ")
}

#[test]
fn distinct_sans() {
    // Each SAN a URL: an invalid-san finding with a fix, and a distinct host for the
    // duplicate check (which compared every entry with every earlier one: quadratic).
    grows_linearly(
        "sans.json",
        |n| json_request("\"lb\"", &format!(", \"additionalServerSans\": [{}]", list(n, |i| format!("\"https://api{i}.example.com\"")))),
        "CKS222",
        |n| n,
    );
}

#[test]
fn identical_sans() {
    grows_linearly(
        "sans-same.json",
        |n| json_request("\"lb\"", &format!(", \"additionalServerSans\": [{}]", list(n, |_| "\"api.example.com\"".into()))),
        "CKS221",
        |n| n - 1,
    );
}

#[test]
fn identical_sans_yaml_block_list() {
    // A removal fix per repeat looked at every item of the list for a shared span.
    grows_linearly(
        "sans-same.yaml",
        |n| {
            format!(
                "{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nadditionalServerSans:\n{}",
                "  - api.example.com\n".repeat(n)
            )
        },
        "CKS221",
        |n| n - 1,
    );
}

#[test]
fn unknown_top_level_keys_json_and_yaml() {
    grows_linearly(
        "keys.json",
        |n| json_request("\"lb\"", &(0..n).map(|i| format!(",\n \"unknownKey{i:06}\": {i}")).collect::<String>()),
        "CKS102",
        |n| n,
    );
    grows_linearly(
        "keys.yaml",
        |n| {
            format!(
                "{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\n{}",
                (0..n).map(|i| format!("unknownKey{i:06}: {i}\n")).collect::<String>()
            )
        },
        "CKS102",
        |n| n,
    );
}

#[test]
fn unknown_kubelet_options() {
    grows_linearly(
        "kubelet.json",
        |n| json_request("\"lb\"", &format!(", \"kubelet\": {{{}}}", list(n, |i| format!("\"unknownOption{i:06}\": {i}")))),
        "CKS240",
        |n| n,
    );
}

#[test]
fn identical_lb_prefix_names() {
    grows_linearly("lb-same.json", |n| json_request(&list(n, |_| "\"lb\"".into()), ""), "CKS211", |n| n - 1);
}

#[test]
fn repeated_keys() {
    grows_linearly(
        "repeated-key.json",
        |n| {
            json_request(
                "\"lb\"",
                &format!(", \"kubelet\": {{\"featureGates\": {{{}}}}}", list(n, |i| format!("\"Again\": {}", i % 2 == 0))),
            )
        },
        "CKS002",
        |n| n - 1,
    );
}

#[test]
fn documents_in_one_stream() {
    // Not one rule's findings in one document but many documents: two infos each. The cap
    // is per file: 1,000 of each listed, the rest counted behind one finding.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let doc = |i: usize| {
        format!("---\nname: c{i}\n{}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\n", &HEAD_YAML[10..])
    };
    let stream = |n: usize| (0..n).map(doc).collect::<String>();
    let (small, cs) = measure("stream.yaml", &stream(2_500));
    let (large, cl) = measure("stream.yaml", &stream(10_000));
    assert_eq!(small.documents, 2_500);
    assert_eq!(large.documents, 10_000);
    for (f, n) in [(&small, 2_500), (&large, 10_000)] {
        for code in ["CKS302", "CKS303"] {
            let of: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == code).collect();
            assert_eq!(of.len(), MAX_PER_RULE + 1, "{code} at {n}");
            assert_eq!(total(f, code), n, "{code} at {n}");
            // The listed ones are the first documents', the one that counts the rest is at
            // the first unlisted (document 1,000) and knows in how many documents they are.
            assert!(of[..MAX_PER_RULE].iter().enumerate().all(|(i, d)| d.document == i && d.omitted == 0), "{code}");
            let rest = of[MAX_PER_RULE];
            assert_eq!((rest.document, rest.omitted, rest.omitted_documents), (MAX_PER_RULE, n - MAX_PER_RULE, n - MAX_PER_RULE));
            let more = ckslint::lint::thousands(n - MAX_PER_RULE);
            assert!(
                rest.message.starts_with(&format!("{more} more {code} ")) && rest.message.ends_with(" findings in this file, not listed")
            );
        }
        // Every format lists 2,002 findings, whatever the number of documents; the summary
        // counts all of them.
        let mut json = String::new();
        ckslint::output::json::write_file_diagnostics(f, &mut true, &mut json);
        assert_eq!(json.matches("\"code\":").count(), 2 * (MAX_PER_RULE + 1), "{n}");
        let s = ckslint::output::Summary::of(std::slice::from_ref(f));
        assert_eq!(s.infos, 2 * n);
        // The human report groups a rule across the file's documents: ten drawn, one line.
        let human = ckslint::output::human::render_plain(f);
        assert_eq!(human.matches("CKS302").count(), 11, "ten drawn, one line for the rest");
        let more = ckslint::lint::thousands(n - 10);
        let line = format!("… and {more} more CKS302 oidc-discovery-published in stream.yaml ({more} documents), not shown here");
        assert!(human.contains(&line), "{}", &human[human.len().saturating_sub(600)..]);
    }
    assert!(cl.allocs as f64 <= 4.4 * cs.allocs as f64, "allocations {} → {}", cs.allocs, cl.allocs);
    assert!(cl.peak as f64 <= 4.4 * cs.peak as f64, "peak heap {} → {}", cs.peak, cl.peak);
}

#[test]
fn safe_fixes_of_many_findings_apply_in_n_log_n() {
    // Choosing non-overlapping edits compared each with every one chosen before.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let text = json_request(&list(40_000, |_| "\"lb\"".into()), "");
    let f = ckslint::lint_str("lb.json", &text, &ckslint::Settings::default());
    let fixed = ckslint::fix::apply_safe_fixes(&f.source, &f.diagnostics).expect("fixes apply");
    let again = ckslint::lint_str("lb.json", &fixed, &ckslint::Settings::default());
    // The listed repeats are removed; the ones past the cap are left for the next run.
    assert_eq!(total(&again, "CKS211"), 40_000 - 1 - MAX_PER_RULE);
}

/// A minified `terraform show -json` plan: `n` `terraform_data` resources and three
/// cluster changes (a bad name, a replacement, a clean create) among them.
fn plan(n: usize) -> String {
    let cluster = |name: &str, zone: &str| {
        format!(
            "{{\"name\":\"{name}\",\"zone\":\"{zone}\",\"vpc_id\":\"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\"version\":\"v1.35\",\"public\":false,\
             \"pod_cidr_name\":\"pods\",\"service_cidr_name\":\"services\",\"internal_lb_cidr_names\":[\"lb\"],\"oidc\":null}}"
        )
    };
    let entry = |i: usize, actions: &str, before: String, after: String, replace: &str| {
        format!(
            "{{\"address\":\"module.cks.coreweave_cks_cluster.this[{i}]\",\"module_address\":\"module.cks\",\"mode\":\"managed\",\
             \"type\":\"coreweave_cks_cluster\",\"name\":\"this\",\"index\":{i},\"change\":{{\"actions\":{actions},\"before\":{before},\
             \"after\":{after},\"after_unknown\":{{\"id\":true}},\"before_sensitive\":{{}},\"after_sensitive\":{{}},\"replace_paths\":{replace}}}}}"
        )
    };
    let mut changes: Vec<String> = (0..n)
        .map(|i| {
            format!(
                "{{\"address\":\"module.app.terraform_data.item[\\\"k{i}\\\"]\",\"mode\":\"managed\",\"type\":\"terraform_data\",\"name\":\"item\",\
                 \"change\":{{\"actions\":[\"create\"],\"before\":null,\"after\":{{\"input\":{{\"name\":\"item-{i}\",\"list\":[1,2,3,4,5,6,7,8]}}}},\
                 \"after_unknown\":{{\"id\":true}}}}}}"
            )
        })
        .collect();
    changes.insert(n / 3, entry(0, "[\"create\"]", "null".into(), cluster("Prod_1", "US-EAST-04A"), "null"));
    changes.insert(
        2 * n / 3,
        entry(1, "[\"delete\",\"create\"]", cluster("prod-2", "US-WEST-09B"), cluster("prod-2", "US-EAST-04A"), "[[\"zone\"]]"),
    );
    changes.push(entry(2, "[\"create\"]", "null".into(), cluster("prod-3", "US-EAST-04A"), "null"));
    format!("{{\"format_version\":\"1.2\",\"terraform_version\":\"1.11.4\",\"resource_changes\":[{}]}}", changes.join(","))
}

#[test]
fn plan_with_thousands_of_resources() {
    // Only the cluster entries of a plan are built into nodes: the rest are walked past,
    // so the peak heap is about the text (lint_str's copy of it) and grows with it, not
    // with a tree of every resource (which was ten times the file).
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let (small_text, large_text) = (plan(10_000), plan(40_000));
    let (small, cs) = measure("plan.json", &small_text);
    let (large, cl) = measure("plan.json", &large_text);
    for f in [&small, &large] {
        assert_eq!(f.format, ckslint::terraform::plan::FORMAT);
        assert_eq!(f.documents, 3);
        let mut codes: Vec<(usize, &str)> = f.diagnostics.iter().map(|d| (d.document, d.rule.code)).collect();
        codes.sort();
        assert_eq!(codes, [(0, "CKS201"), (0, "CKS303"), (1, "CKS303"), (1, "CKS510"), (2, "CKS303")]);
    }
    assert!(cl.allocs as f64 <= 4.4 * cs.allocs as f64, "allocations {} → {}", cs.allocs, cl.allocs);
    assert!(cl.peak as f64 <= 4.4 * cs.peak as f64, "peak heap {} → {}", cs.peak, cl.peak);
    assert!(cl.peak <= 2 * large_text.len(), "peak heap {} for a plan of {} bytes", cl.peak, large_text.len());
}

/// Peak live heap per item of the shapes whose memory is per item, not per finding (the
/// tree, the rules' per-item tables), at 40,000 items: the figures of
/// `python3 bench/shapes.py` divided by the items, without the allocator's or the
/// process's overhead. Each bound is the figure measured when it was set, plus a fifth:
/// a rule that keeps a copy of every item, or a bigger node, fails here.
#[test]
fn peak_heap_per_item() {
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let n = 40_000;
    let lb_yaml = |items: String| format!("{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames:{items}\n");
    // (file, text, bound in bytes per item): measured 108, 101, 107, 97, 2 and 190 when set,
    // with 40-byte nodes and 80-byte members (157, 153, 159, 149, 2 and 253 with 56 and
    // 112); streams read a document at a time: 318 for tiny documents (were 364; most of it
    // is the 3,003 listed findings and the names), 31 for empty ones (were ~150: counted,
    // not kept), 309 for flow mappings (saphyr reads each document).
    let shapes: Vec<(&str, String, usize)> = vec![
        ("lb-block.yaml", lb_yaml("\n".to_string() + &"  - a\n".repeat(n)), 129),
        ("lb-flow.yaml", lb_yaml(format!(" [{}]", vec!["a"; n].join(","))), 122),
        ("lb-same.json", json_request(&list(n, |_| "\"lb\"".into()), ""), 129),
        ("lb.json", json_request(&list(n, |i| format!("\"lb{i:06}\"")), ""), 117),
        // A root that is not a mapping: its items are parsed, not kept.
        ("ones.json", format!("[{}]", vec!["1"; n].join(",")), 3),
        ("keys.json", format!("{{{HEAD_JSON}, {}}}", list(n, |i| format!("\"unknownKey{i:06}\": {i}"))), 227),
        // Tiny documents: each tree dropped once linted, each mapping of one member sized
        // for one (was 448 bytes for its member list alone), findings capped per file.
        ("stream.yaml", (0..n).map(|i| format!("---\nname: c{i}\n")).collect(), 381),
        ("empty-docs.yaml", format!("a: 1\n{}", "---\n".repeat(n)), 38),
        ("flow-docs.yaml", "---\n{name: c}\n".repeat(n), 372),
    ];
    for (name, text, bound) in &shapes {
        let (f, c) = measure(name, text);
        let per_item = c.peak as f64 / n as f64;
        eprintln!("{name}: {} bytes, peak {} = {per_item:.1} per item; {} findings", text.len(), c.peak, f.diagnostics.len());
        assert!(per_item <= *bound as f64, "{name}: peak heap {per_item:.1} bytes per item, over {bound}");
        assert!(f.diagnostics.len() <= 6 * (MAX_PER_RULE + 1), "{name}: {} findings listed", f.diagnostics.len());
    }
}

#[test]
fn wrongly_typed_list_items() {
    // Each number in a list of strings was a validator error with its own instance path
    // and message: 4,000,000 numbers took 23 s and 2.3 GB.
    grows_linearly(
        "sans-numbers.json",
        |n| json_request("\"lb\"", &format!(", \"additionalServerSans\": [{}]", list(n, |i| i.to_string()))),
        "CKS104",
        |n| n,
    );
    grows_linearly("lb-nulls.json", |n| json_request(&list(n, |_| "null".into()), ""), "CKS106", |n| n);
    // Strings outside the items' `enum` were a validator error each, never acted on
    // (3,000,000 of them: 7 s and 1.7 GB); CKS252 reports them.
    grows_linearly(
        "signing-algs.json",
        |n| {
            json_request(
                "\"lb\"",
                &format!(
                    ", \"oidc\": {{\"issuerUrl\": \"https://issuer.example.com\", \"clientId\": \"c\", \"signingAlgorithms\": [{}]}}",
                    list(n, |_| "\"RS256\"".into())
                ),
            )
        },
        "CKS252",
        |n| n,
    );
    // And their cost per item is the tree's, not a validator error's (about 400 bytes
    // each, held until the pass ended). Bounds: measured 123 and 81 when set (175 and 125
    // with 56-byte nodes), plus a fifth.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let n = 40_000;
    let oidc = |items: String| {
        format!(", \"oidc\": {{\"issuerUrl\": \"https://i.example.com\", \"clientId\": \"c\", \"signingAlgorithms\": [{items}]}}")
    };
    for (name, text, bound) in [
        ("sans-numbers.json", json_request("\"lb\"", &format!(", \"additionalServerSans\": [{}]", list(n, |i| i.to_string()))), 148.0),
        ("signing-algs.json", json_request("\"lb\"", &oidc(list(n, |_| "\"RS256\"".into()))), 97.0),
    ] {
        let (f, c) = measure(name, &text);
        assert!(f.diagnostics.iter().all(|d| d.rule.code != "CKS001"), "{name} parses");
        let per_item = c.peak as f64 / n as f64;
        eprintln!("{name}: peak {} = {per_item:.1} per item", c.peak);
        assert!(per_item <= bound, "{name}: peak heap {per_item:.1} bytes per item, over {bound}");
    }
}

#[test]
fn repeated_keys_yaml() {
    // The YAML loaders built a finding for every repeat (a million repeats of one key:
    // 850 MB); they list the first thousand, as the JSON parser does, and count the rest.
    grows_linearly(
        "repeated-key.yaml",
        |n| {
            format!("{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\n{}", "name: big\n".repeat(n))
        },
        "CKS002",
        |n| n,
    );
    // A flow mapping goes through saphyr, not the line-based fast path.
    grows_linearly(
        "repeated-key-flow.yaml",
        |n| {
            format!(
                "{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nkubelet: {{featureGates: {{{}}}}}\n",
                list(n, |i| format!("Again: {}", i % 2 == 0))
            )
        },
        "CKS002",
        |n| n - 1,
    );
}

#[test]
fn audit_policy_with_many_findings() {
    // Every listed finding of a policy held a copy of the combined fix (the whole policy
    // re-encoded) and the JSON report repeated the whole decoded policy in each of them:
    // a thousand times the policy (500,000 bad levels did not finish; 8 GB). A level in the wrong case has one
    // right answer, so each finding offers the fix.
    use base64::Engine;
    let shape = |n: usize| {
        let policy = format!("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n{}", "- level: metadata\n".repeat(n));
        json_request("\"lb\"", &format!(", \"auditPolicy\": \"{}\"", base64::engine::general_purpose::STANDARD.encode(policy)))
    };
    grows_linearly("audit.json", shape, "CKS232", |n| n);
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let json = |n: usize| {
        let f = ckslint::lint_str("audit.json", &shape(n), &ckslint::Settings::default());
        let mut out = String::new();
        ckslint::output::json::render(std::slice::from_ref(&f), &mut out);
        (f, out)
    };
    let (small, small_out) = json(10_000);
    let (large, large_out) = json(40_000);
    // The same thousand findings listed: a report of about the same size, each carrying
    // an excerpt of the decoded text, not the text.
    assert!(large_out.len() <= small_out.len() * 3 / 2, "JSON report {} → {} bytes", small_out.len(), large_out.len());
    let report: serde_json::Value = serde_json::from_str(&large_out).expect("JSON report");
    let first = report["diagnostics"].as_array().and_then(|d| d.iter().find(|d| d["code"] == "CKS232")).expect("a CKS232");
    let embedded = &first["embedded"];
    let text = embedded["text"].as_str().unwrap_or_default();
    let offset = embedded["offset"].as_u64().expect("an excerpt says where it starts") as usize;
    let start = embedded["span"]["offset"].as_u64().unwrap_or_default() as usize - offset;
    let len = embedded["span"]["length"].as_u64().unwrap_or_default() as usize;
    assert_eq!(&text[start..start + len], "metadata", "the span, relative to the excerpt's offset");
    assert_eq!(embedded["start"], serde_json::json!({"line": 4, "column": 10}));
    assert!(text.len() < 200, "{text:?}");
    // One combined fix corrects them all; a megabyte of it is carried once, not a
    // thousand times.
    let fixes = large.diagnostics.iter().filter(|d| d.fix.is_some()).count();
    assert_eq!(fixes, 1, "the first finding with a correction carries the combined fix");
    let fix = large.diagnostics.iter().find_map(|d| d.fix.as_ref()).expect("a fix");
    assert_eq!(fix.message, "re-encode the policy with `level: Metadata` (40,000 corrections)");
    assert!(small.diagnostics.iter().filter(|d| d.fix.is_some()).count() > 1, "a small policy's findings each offer the fix");
}

#[test]
fn audit_policy_with_distinct_corrections() {
    // Each rule a different correction (`group: Apps17` → `apps17`): the combined fix
    // names each distinct one once (the time of this shape is guarded in
    // tests/robustness.rs, the work that allocates here).
    use base64::Engine;
    let shape = |n: usize| {
        let rules: String = (0..n).map(|i| format!("- level: None\n  resources:\n  - group: Apps{i}\n")).collect();
        let policy = format!("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n{rules}");
        json_request("\"lb\"", &format!(", \"auditPolicy\": \"{}\"", base64::engine::general_purpose::STANDARD.encode(policy)))
    };
    grows_linearly("audit-groups.json", shape, "CKS232", |n| n);
}

#[test]
fn audit_policy_peak_heap_per_rule() {
    // A policy of many rules was parsed into one tree (two nodes and a member per rule,
    // and the rules' list grown by doubling: 220 bytes a rule), each of its findings was
    // built (480 bytes, 500,000 of them), its combined fix held the corrected text beside
    // its encoding and a copy of that: 384 MiB for a 12 MB request. The rules are now
    // parsed a chunk at a time, findings past the cap only counted, the fix encoded as
    // the walk goes on.
    use base64::Engine;
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let n = 40_000;
    let request = |level: &str| {
        let policy = format!("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n{}", format!("- level: {level}\n").repeat(n));
        json_request("\"lb\"", &format!(", \"auditPolicy\": \"{}\"", base64::engine::general_purpose::STANDARD.encode(policy)))
    };
    // (level, CKS232 findings, bound in bytes per rule): measured 131 and 83 (the request
    // is 24 bytes a rule, the decoded policy 18).
    for (level, bad, bound) in [("metadata", n, 157), ("Metadata", 0, 100)] {
        let text = request(level);
        let (f, c) = measure("audit.json", &text);
        let per_rule = c.peak as f64 / n as f64;
        eprintln!("level: {level}: {} bytes, peak {} = {per_rule:.1} per rule", text.len(), c.peak);
        assert_eq!(total(&f, "CKS232"), bad, "level: {level}");
        assert!(f.diagnostics.iter().all(|d| !d.rule.code.starts_with("CKS23") || d.rule.code == "CKS232"), "level: {level}");
        assert!(per_rule <= bound as f64, "level: {level}: peak heap {per_rule:.1} bytes per rule, over {bound}");
    }
}

/// Allocations of linting `text` (rendered in no format) less those of parsing it alone:
/// the rule passes' own work.
fn beyond_parsing(name: &str, text: &str, settings: &ckslint::Settings) -> (usize, usize) {
    let format = ckslint::source::Format::detect(name, text.as_bytes());
    let before = ALLOCS.load(Relaxed);
    let parsed = ckslint::source::parse(text, format);
    let parse = ALLOCS.load(Relaxed) - before;
    drop(parsed);
    let before = ALLOCS.load(Relaxed);
    let f = ckslint::lint_str(name, text, settings);
    let lint = ALLOCS.load(Relaxed) - before;
    drop(f);
    (lint.saturating_sub(parse), parse)
}

#[test]
fn unknown_members_past_the_cap_allocate_nothing() {
    // Third round of issue 18: a finding past the cap is only counted (no pointer, no
    // message, no display name), a member the schema does not define is not converted,
    // and `kubelet`'s content is not converted for the validator (nothing in the schema
    // constrains it) — so 30,000 more members past the cap cost under 0.1 allocation each
    // in the rule passes (the vectors that hold their indices grow by doubling). List
    // items are still converted: the validator checks each.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let settings = ckslint::Settings::default();
    let yaml_head = format!("{HEAD_YAML}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\n");
    type Shape<'a> = (&'a str, Box<dyn Fn(usize) -> String + 'a>);
    let shapes: Vec<Shape> = vec![
        ("keys.json", Box::new(|n| json_request("\"lb\"", &(0..n).map(|i| format!(",\n \"unknownKey{i:06}\": {i}")).collect::<String>()))),
        ("keys.yaml", Box::new(|n| format!("{yaml_head}{}", (0..n).map(|i| format!("unknownKey{i:06}: {i}\n")).collect::<String>()))),
        (
            "network-keys.json",
            Box::new(|n| {
                format!(
                    "{{{HEAD_JSON}, \"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"lb\"], {}}}}}",
                    list(n, |i| format!("\"unknownNet{i:06}\": {i}"))
                )
            }),
        ),
        (
            "kubelet.json",
            Box::new(|n| json_request("\"lb\"", &format!(", \"kubelet\": {{{}}}", list(n, |i| format!("\"unknownOption{i:06}\": {i}"))))),
        ),
        (
            "kubelet.yaml",
            Box::new(|n| format!("{yaml_head}kubelet:\n{}", (0..n).map(|i| format!("  unknownOption{i:06}: {i}\n")).collect::<String>())),
        ),
    ];
    for (name, shape) in &shapes {
        let (small, _) = beyond_parsing(name, &shape(10_000), &settings);
        let (large, _) = beyond_parsing(name, &shape(40_000), &settings);
        assert!(large <= small + 3_000, "{name}: rule passes' allocations {small} at 10,000 items, {large} at 40,000");
    }
}

#[test]
fn syntax_only_costs_parsing() {
    // `--select CKS001`: no rule pass runs (issue 18 item 2). Past parsing, a document
    // costs its cluster name for the cross-document rule (two allocations) and nothing else.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut settings = ckslint::Settings::default();
    for (i, level) in settings.levels.iter_mut().enumerate() {
        if ckslint::RULES[i].code != "CKS001" {
            *level = None;
        }
    }
    let doc = |i: usize| {
        format!(
            "---\nname: c{i}\n{}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nkubelet:\n  maxPods: 110\n",
            &HEAD_YAML[10..]
        )
    };
    for n in [2_500, 10_000] {
        let text = (0..n).map(doc).collect::<String>();
        let (beyond, parse) = beyond_parsing("stream.yaml", &text, &settings);
        assert!(beyond <= 2 * n + 200, "{n} documents: {beyond} allocations past parsing's {parse}");
    }
    let keys = json_request("\"lb\"", &(0..40_000).map(|i| format!(",\n \"unknownKey{i:06}\": {i}")).collect::<String>());
    let (beyond, parse) = beyond_parsing("keys.json", &keys, &settings);
    assert!(beyond <= 200, "40,000 unknown keys: {beyond} allocations past parsing's {parse}");
}

#[test]
fn repeated_kubelet_overrides_validate_once() {
    // A stream repeating one clean `kubelet` mapping validates it once (the pass
    // allocated about twenty times a document); the documents' own findings stay exact.
    let _guard = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let settings = ckslint::Settings::default();
    let doc = |i: usize, kubelet: &str| {
        format!(
            "---\nname: c{i}\n{}network:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nkubelet:\n{kubelet}",
            &HEAD_YAML[10..]
        )
    };
    let stream = |n: usize, kubelet: &str| (0..n).map(|i| doc(i, kubelet)).collect::<String>();
    let clean = "  maxPods: 110\n  imageGCHighThresholdPercent: 85\n";
    let (with, _) = beyond_parsing("stream.yaml", &stream(10_000, clean), &settings);
    let (without, _) = beyond_parsing("stream.yaml", &stream(10_000, ""), &settings);
    // `kubelet:` alone is null (CKS106): the same documents without a kubelet pass.
    assert!(with <= without + 2 * 10_000, "10,000 clean kubelet mappings: {with} allocations, {without} without them");
}
