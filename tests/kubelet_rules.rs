//! Kubelet override rules CKS240–CKS245 at their edges.

const HEAD: &str = "name: a\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\ndisableOidcInfoPublication: true\nkubelet:\n";

/// (code, line, column) of kubelet findings for a `kubelet:` body (lines start at 8).
fn k(body: &str) -> Vec<(String, usize, usize)> {
    let text = format!("{HEAD}{body}");
    let files = ckslint::lint_texts(&[("k.yaml", &text)]);
    files[0]
        .diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("CKS24"))
        .map(|d| {
            let (s, _) = files[0].positions(d.span);
            (d.rule.code.to_string(), s.line, s.column)
        })
        .collect()
}

fn codes(body: &str) -> Vec<String> {
    k(body).into_iter().map(|c| c.0).collect()
}

#[test]
fn unknown_options_suggest_the_right_name() {
    let text = format!("{HEAD}  maxPodz: 110\n");
    let files = ckslint::lint_texts(&[("k.yaml", &text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS240").expect("CKS240");
    assert_eq!(d.help.as_deref(), Some("did you mean `maxPods`?"));
    assert_eq!(files[0].positions(d.span).0.line, 8);
    assert_eq!(d.severity, ckslint::Severity::Warning);
}

#[test]
fn snake_case_gets_a_rename_fix() {
    let text = format!("{HEAD}  max_pods: 110\n");
    let files = ckslint::lint_texts(&[("k.yaml", &text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS240").expect("CKS240");
    assert_eq!(d.help.as_deref(), Some("KubeletConfiguration uses camelCase: `maxPods`"));
    let fix = d.fix.as_ref().expect("fix");
    let mut fixed = text.clone();
    for e in fix.edits.iter().rev() {
        fixed.replace_range(e.span.start..e.span.end, &e.content);
    }
    assert!(fixed.contains("  maxPods: 110\n"));
    assert!(codes(&fixed[HEAD.len()..]).is_empty());
}

#[test]
fn int32_bounds_and_types() {
    assert!(codes("  maxPods: 2147483647\n").is_empty());
    assert_eq!(k("  maxPods: 2147483648\n"), [("CKS241".into(), 8, 12)]);
    assert_eq!(codes("  maxPods: \"110\"\n"), ["CKS241"]);
    assert_eq!(codes("  maxPods: -1\n"), ["CKS242"]);
    assert!(codes("  maxPods: 0\n").is_empty());
}

#[test]
fn durations_are_strings() {
    assert!(codes("  shutdownGracePeriod: 1m30s\n").is_empty());
    assert_eq!(codes("  shutdownGracePeriod: 90\n"), ["CKS241"]);
    assert_eq!(codes("  shutdownGracePeriod: 90x\n"), ["CKS241"]);
    assert_eq!(codes("  shutdownGracePeriod: 500ms\n"), ["CKS242"]);
    assert_eq!(codes("  shutdownGracePeriod: 30s\n  shutdownGracePeriodCriticalPods: 1m\n"), ["CKS242"]);
}

#[test]
fn ports_and_percentages_at_their_edges() {
    assert_eq!(codes("  port: -1\n"), ["CKS242"]);
    assert!(codes("  port: 0\n").is_empty(), "defaulting replaces 0 with 10250 before validation");
    assert!(codes("  port: 65535\n  readOnlyPort: 0\n").is_empty());
    assert!(codes("  imageGCHighThresholdPercent: 100\n  imageGCLowThresholdPercent: 0\n").is_empty());
    assert_eq!(codes("  imageGCHighThresholdPercent: 101\n"), ["CKS242"]);
    assert_eq!(k("  imageGCHighThresholdPercent: 80\n  imageGCLowThresholdPercent: 80\n"), [("CKS242".into(), 9, 31)]);
}

#[test]
fn cross_field_rules_label_the_other_option() {
    let text = format!("{HEAD}  serializeImagePulls: true\n  maxParallelImagePulls: 4\n");
    let files = ckslint::lint_texts(&[("k.yaml", &text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS242").expect("CKS242");
    assert_eq!(d.message, "`maxParallelImagePulls: 4` needs `serializeImagePulls: false`");
    assert_eq!(files[0].positions(d.labels[0].span).0.line, 8);
}

#[test]
fn enums_evictions_and_cpusets() {
    assert_eq!(codes("  topologyManagerPolicy: best_effort\n"), ["CKS242"]);
    assert!(codes("  cpuManagerPolicy: None\n").is_empty(), "compared case-insensitively");
    assert_eq!(codes("  evictionHard: {memory.available: 10Gb}\n"), ["CKS242"]);
    assert!(codes("  evictionHard: {memory.available: 500Mi, nodefs.available: \"10%\"}\n").is_empty());
    assert_eq!(codes("  reservedSystemCPUs: 0-a\n"), ["CKS242"]);
    assert_eq!(codes("  enforceNodeAllocatable: [pods, none]\n"), ["CKS242"]);
}

#[test]
fn managed_too_new_and_empty() {
    assert_eq!(codes("  staticPodPath: /etc/x\n"), ["CKS243"]);
    assert_eq!(codes("  tlsCurvePreferences: [23]\n"), ["CKS245"]);
    let text = HEAD.replace("kubelet:\n", "kubelet: {}\n");
    let files = ckslint::lint_texts(&[("k.yaml", &text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS244").expect("CKS244");
    let e = &d.fix.as_ref().unwrap().edits[0];
    let mut fixed = text.clone();
    fixed.replace_range(e.span.start..e.span.end, &e.content);
    assert!(!fixed.contains("kubelet"));
}

#[test]
fn json_and_multibyte_before_the_fault() {
    let text = "{\"name\": \"é-ü\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\", \"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]}, \"kubelet\": {\"maxPods\": true}}";
    let files = ckslint::lint_texts(&[("k.json", text)]);
    let d = files[0].diagnostics.iter().find(|d| d.rule.code == "CKS241").expect("CKS241");
    assert_eq!(d.message, "`maxPods` must be an int32 integer, found a boolean");
    let col = files[0].positions(d.span).0.column;
    assert_eq!(col, text[..d.span.start].chars().count() + 1);
    assert_eq!(d.pointer, "/kubelet/maxPods");
}

#[test]
fn kubelet_snapshot() {
    let text = format!("{HEAD}  maxPodz: 110\n  shutdownGracePeriod: 60\n  imageGCHighThresholdPercent: 60\n  imageGCLowThresholdPercent: 80\n  clusterDNS: [10.0.0.10]\n");
    let files = ckslint::lint_texts(&[("kubelet.yaml", &text)]);
    insta::assert_snapshot!(ckslint::output::human::render_plain(&files[0]));
}
