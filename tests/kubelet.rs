//! Kubelet override rules CKS240–CKS245: exact codes, positions, messages and fixes at
//! the edges (boundary values, multi-byte text before the fault, CRLF, JSON and YAML).

use ckslint::{Applicability, Diagnostic, FileResult, Severity};

mod common;
use common::lint;

/// A request that passes every rule; the `kubelet:` body starts on line 9.
const HEAD: &str = "name: prod-east\n\
zone: US-EAST-04A\n\
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\n\
version: v1.35\n\
network: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\n\
disableOidcInfoPublication: true\n\
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n\
kubelet:\n";

/// The same request in JSON on one line, with `kubelet` last; `{kubelet}` is spliced in.
fn json(kubelet: &str) -> String {
    format!(
        "{{\"name\": \"prod-east\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \
\"version\": \"v1.35\", \"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]}}, \
\"disableOidcInfoPublication\": true, \
\"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\", \
\"kubelet\": {kubelet}}}\n"
    )
}

fn yaml(body: &str) -> String {
    format!("{HEAD}{body}")
}

/// (code, start line, start column, end line, end column) of every CKS24x finding.
type Found = (&'static str, usize, usize, usize, usize);

fn found_in(file: &FileResult) -> Vec<Found> {
    file.diagnostics
        .iter()
        .filter(|d| d.rule.code.starts_with("CKS24"))
        .map(|d| {
            let (s, e) = file.positions(d.span);
            (d.rule.code, s.line, s.column, e.line, e.column)
        })
        .collect()
}

/// Kubelet findings of a YAML request with this `kubelet:` body.
fn k(body: &str) -> Vec<Found> {
    found_in(&lint("k.yaml", &yaml(body)))
}

/// The single finding with this code.
fn one<'f>(file: &'f FileResult, code: &str) -> &'f Diagnostic {
    let all: Vec<&Diagnostic> = file.diagnostics.iter().filter(|d| d.rule.code == code).collect();
    assert_eq!(all.len(), 1, "expected one {code}, got {:#?}", file.diagnostics);
    all[0]
}

/// (line, column) where a diagnostic starts.
fn at(file: &FileResult, d: &Diagnostic) -> (usize, usize) {
    let (s, _) = file.positions(d.span);
    (s.line, s.column)
}

/// Apply a diagnostic's fix edits back to front.
fn apply(text: &str, d: &Diagnostic) -> String {
    let fix = d.fix.as_ref().unwrap_or_else(|| panic!("{} has no fix: {}", d.rule.code, d.message));
    let mut edits = fix.edits.clone();
    edits.sort_by_key(|e| e.span.start);
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.span.start..e.span.end, &e.content);
    }
    out
}

/// Every diagnostic code of a file.
fn all_codes(file: &FileResult) -> Vec<&'static str> {
    file.diagnostics.iter().map(|d| d.rule.code).collect()
}

// ---------------------------------------------------------------------------------------
// CKS240 unknown-kubelet-option

#[test]
fn clean_overrides_raise_nothing() {
    let text = yaml(
        "  maxPods: 256\n  podPidsLimit: 4096\n  shutdownGracePeriod: 1m30s\n  shutdownGracePeriodCriticalPods: 30s\n  \
featureGates: {InPlacePodVerticalScaling: true}\n  evictionHard: {memory.available: 500Mi, nodefs.available: \"10%\"}\n  \
systemReserved: {cpu: 500m, memory: 1Gi}\n  topologyManagerPolicy: single-numa-node\n  cpuManagerPolicy: static\n",
    );
    assert_eq!(all_codes(&lint("k.yaml", &text)), Vec::<&str>::new());
    let j = json(r#"{"maxPods": 256, "imageGCHighThresholdPercent": 85, "imageGCLowThresholdPercent": 80}"#);
    assert_eq!(all_codes(&lint("k.json", &j)), Vec::<&str>::new());
}

#[test]
fn misspelled_option_suggests_the_field() {
    let file = lint("k.yaml", &yaml("  maxPodz: 256\n"));
    let d = one(&file, "CKS240");
    assert_eq!(found_in(&file), [("CKS240", 9, 3, 9, 10)]);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.message, "`maxPodz` is not a KubeletConfiguration field; CKS stores it but the kubelet never sees it");
    assert_eq!(d.help.as_deref(), Some("did you mean `maxPods`?"));
    assert_eq!(d.pointer, "/kubelet/maxPodz");
    assert!(d.fix.is_none(), "a guess is not a safe rename");
}

#[test]
fn option_far_from_every_field_points_at_the_reference() {
    let file = lint("k.yaml", &yaml("  enableTheFluxCapacitor: true\n"));
    let d = one(&file, "CKS240");
    assert_eq!(d.help.as_deref(), Some("see the KubeletConfiguration reference (kubelet.config.k8s.io/v1beta1) for the option names"));
    assert!(d.fix.is_none());
}

#[test]
fn snake_case_option_is_renamed_by_a_safe_fix() {
    let text = yaml("  max_pods: 256\n  image_gc_high_threshold_percent: 85\n");
    let file = lint("k.yaml", &text);
    assert_eq!(found_in(&file), [("CKS240", 9, 3, 9, 11), ("CKS240", 10, 3, 10, 34)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.help.as_deref(), Some("KubeletConfiguration uses camelCase: `maxPods`"));
    let fix = d.fix.as_ref().expect("fix");
    assert_eq!(fix.applicability, Applicability::Safe);
    assert_eq!(fix.message, "rename `max_pods` to `maxPods`");
    let second = &file.diagnostics[1];
    assert_eq!(second.help.as_deref(), Some("KubeletConfiguration uses camelCase: `imageGCHighThresholdPercent`"));
    // Both fixes together (as --fix applies them): a clean request.
    let once = apply(&text, second);
    let twice = apply(&once, d);
    assert!(twice.ends_with("kubelet:\n  maxPods: 256\n  imageGCHighThresholdPercent: 85\n"), "{twice}");
    assert_eq!(all_codes(&lint("k.yaml", &twice)), Vec::<&str>::new());
}

#[test]
fn snake_case_option_still_gets_its_value_checked() {
    // `max_pods` counts as `maxPods` for the value rules, like `vpc_id` elsewhere.
    assert_eq!(k("  max_pods: -1\n"), [("CKS240", 9, 3, 9, 11), ("CKS242", 9, 13, 9, 15)]);
}

#[test]
fn wrongly_cased_option_is_renamed() {
    let text = yaml("  MaxPods: 3\n");
    let file = lint("k.yaml", &text);
    let d = one(&file, "CKS240");
    assert_eq!(d.help.as_deref(), Some("field names are case-sensitive: `maxPods`"));
    assert_eq!(all_codes(&lint("k.yaml", &apply(&text, d))), Vec::<&str>::new());
}

#[test]
fn rename_keeps_yaml_quotes() {
    for (key, renamed) in [("'max_pods'", "'maxPods'"), ("\"max_pods\"", "\"maxPods\"")] {
        let text = yaml(&format!("  {key}: 3\n"));
        let file = lint("k.yaml", &text);
        let d = one(&file, "CKS240");
        assert_eq!(at(&file, d), (9, 3));
        let fixed = apply(&text, d);
        assert!(fixed.ends_with(&format!("  {renamed}: 3\n")), "{fixed}");
        assert_eq!(all_codes(&lint("k.yaml", &fixed)), Vec::<&str>::new());
    }
}

#[test]
fn json_rename_keeps_quotes_and_replaces_escapes() {
    for key in [r#""max_pods""#, r#""max\u005fpods""#] {
        let text = json(&format!("{{{key}: 3}}"));
        let file = lint("k.json", &text);
        let d = one(&file, "CKS240");
        assert_eq!(d.pointer, "/kubelet/max_pods");
        let col = text.find(key).expect("key") + 1;
        assert_eq!(at(&file, d), (1, col));
        let fixed = apply(&text, d);
        assert!(fixed.contains(r#""kubelet": {"maxPods": 3}"#), "{fixed}");
        assert_eq!(all_codes(&lint("k.json", &fixed)), Vec::<&str>::new());
    }
}

#[test]
fn no_rename_fix_when_the_right_name_is_already_there() {
    // Renaming would make a duplicate key (CKS002, an error): the finding stays, without a fix.
    let file = lint("k.yaml", &yaml("  maxPods: 1\n  max_pods: 2\n"));
    let d = one(&file, "CKS240");
    assert_eq!(at(&file, d), (10, 3));
    assert_eq!(d.help.as_deref(), Some("KubeletConfiguration uses camelCase: `maxPods`"));
    assert!(d.fix.is_none());
    let file = lint("k.json", &json(r#"{"max_pods": 1, "maxPods": 2}"#));
    assert!(one(&file, "CKS240").fix.is_none());
}

#[test]
fn no_rename_fix_through_an_alias() {
    // The keys come from an anchored mapping; findings point where it is used, and a rename
    // there would overwrite the alias itself.
    let text = "x-kubelet: &k {max_pods: 2}\nname: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\n\
version: v1.35\nnetwork: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\nkubelet: *k\n";
    let file = lint("k.yaml", text);
    let d = one(&file, "CKS240");
    assert_eq!(found_in(&file), [("CKS240", 7, 10, 7, 12)]);
    assert_eq!(d.pointer, "/kubelet/max_pods");
    assert!(d.fix.is_none());
}

#[test]
fn merged_keys_point_at_the_alias_and_each_value_is_checked() {
    let text = "x-kubelet: &k {port: -1, oomScoreAdj: 2000, max_pods: 1}\nname: prod-east\nzone: US-EAST-04A\n\
vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\n\
kubelet: {<<: *k, runOnce: true}\n";
    let file = lint("k.yaml", text);
    // Two values share the alias's span; both are still reported.
    assert_eq!(found_in(&file), [("CKS240", 7, 15, 7, 17), ("CKS242", 7, 15, 7, 17), ("CKS242", 7, 15, 7, 17), ("CKS242", 7, 28, 7, 32)]);
    let pointers: Vec<&str> = file.diagnostics.iter().filter(|d| d.rule.code.starts_with("CKS24")).map(|d| d.pointer.as_str()).collect();
    assert_eq!(pointers, ["/kubelet/max_pods", "/kubelet/port", "/kubelet/oomScoreAdj", "/kubelet/runOnce"]);
    assert!(file.diagnostics.iter().all(|d| d.fix.is_none() || d.rule.code != "CKS240"));
}

#[test]
fn kind_and_api_version_do_not_belong() {
    let file = lint("k.yaml", &yaml("  kind: KubeletConfiguration\n  apiVersion: kubelet.config.k8s.io/v1beta1\n"));
    assert_eq!(found_in(&file), [("CKS240", 9, 3, 9, 7), ("CKS240", 10, 3, 10, 13)]);
    assert_eq!(file.diagnostics[0].message, "`kind` does not belong in kubelet overrides");
    assert_eq!(file.diagnostics[1].message, "`apiVersion` does not belong in kubelet overrides");
    assert!(file.diagnostics[1].help.as_deref().is_some_and(|h| h.contains("CKS supplies kind and apiVersion")));
}

#[test]
fn nested_fields_are_checked_too() {
    let text = yaml("  authentication:\n    x509: {clientCaFile: /etc/ca.crt}\n");
    let file = lint("k.yaml", &text);
    assert_eq!(found_in(&file), [("CKS243", 9, 3, 9, 17), ("CKS240", 10, 12, 10, 24)]);
    let d = one(&file, "CKS240");
    assert_eq!(d.message, "`clientCaFile` is not a field of `authentication.x509`; CKS stores it but the kubelet never sees it");
    assert_eq!(d.pointer, "/kubelet/authentication/x509/clientCaFile");
    assert_eq!(d.help.as_deref(), Some("field names are case-sensitive: `clientCAFile`"));
    let fixed = apply(&text, d);
    assert!(fixed.contains("x509: {clientCAFile: /etc/ca.crt}"));
    assert_eq!(found_in(&lint("k.yaml", &fixed)), [("CKS243", 9, 3, 9, 17)]);

    let file = lint("k.yaml", &yaml("  authorization: {mode: Webhook, webhok: {}}\n"));
    let d = one(&file, "CKS240");
    assert_eq!(d.message, "`webhok` is not a field of `authorization`; CKS stores it but the kubelet never sees it");
    assert_eq!(d.help.as_deref(), Some("did you mean `webhook`?"));
    assert_eq!(at(&file, d), (9, 34));
}

#[test]
fn fields_of_list_items_are_checked() {
    let file = lint("k.yaml", &yaml("  shutdownGracePeriodByPodPriority:\n    - priority: 1\n      shutdownGracePeriodSecond: 10\n"));
    let d = one(&file, "CKS240");
    assert_eq!(at(&file, d), (11, 7));
    assert_eq!(d.pointer, "/kubelet/shutdownGracePeriodByPodPriority/0/shutdownGracePeriodSecond");
    assert_eq!(d.help.as_deref(), Some("did you mean `shutdownGracePeriodSeconds`?"));
}

#[test]
fn crlf_positions_and_fix() {
    let text = yaml("  featureGates: {A: true}\n  max_pods: 1\n  maxPodz: 2\n").replace('\n', "\r\n");
    let file = lint("k.yaml", &text);
    assert_eq!(found_in(&file), [("CKS240", 10, 3, 10, 11), ("CKS240", 11, 3, 11, 10)]);
    let fixed = apply(&text, &file.diagnostics[0]);
    assert!(fixed.ends_with("\r\n  maxPods: 1\r\n  maxPodz: 2\r\n"), "{fixed:?}");
    assert_eq!(found_in(&lint("k.yaml", &fixed)), [("CKS240", 11, 3, 11, 10)]);
}

#[test]
fn multibyte_text_before_the_fault_counts_as_one_column_each() {
    // Columns count Unicode scalar values: `Ünïcödé` is 7 columns, 11 bytes.
    let text = yaml("  # ✓ ünïcödé\n  featureGates: {Ünïcödé: true, max_pods: false}\n");
    let file = lint("k.yaml", &text);
    // `max_pods` is not a feature-gate problem (any gate name is allowed): no finding.
    assert_eq!(found_in(&file), []);
    let text = "name: prod-east\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\n\
network: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}\ndisableOidcInfoPublication: true\n\
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\n\
kubelet: {featureGates: {Ünïcödé: true}, maxPodz: 1, port: -1}\n";
    let file = lint("k.yaml", text);
    assert_eq!(found_in(&file), [("CKS240", 8, 42, 8, 49), ("CKS242", 8, 60, 8, 62)]);
}

#[test]
fn bom_is_not_a_column() {
    let text = format!("\u{feff}{}", json(r#"{"maxPodz": 1}"#));
    let file = lint("k.json", &text);
    let d = one(&file, "CKS240");
    // The span counts the BOM's 3 bytes; the column does not count the BOM.
    let byte = text.find("\"maxPodz\"").expect("key");
    assert_eq!(d.span.start, byte);
    assert_eq!(at(&file, d), (1, text[3..byte].chars().count() + 1));
}

// ---------------------------------------------------------------------------------------
// CKS241 kubelet-option-type

#[test]
fn int32_boundaries() {
    assert_eq!(k("  maxPods: 2147483647\n"), []);
    assert_eq!(k("  maxPods: 2147483648\n"), [("CKS241", 9, 12, 9, 22)]);
    assert_eq!(k("  oomScoreAdj: -1000\n"), []);
    let file = lint("k.yaml", &yaml("  maxPods: -2147483649\n"));
    // One finding for the value: the type error, not also "must not be negative".
    assert_eq!(found_in(&file), [("CKS241", 9, 12, 9, 23)]);
    assert_eq!(file.diagnostics[0].message, "`maxPods` is -2147483649, outside the int32 integer range -2147483648..2147483647");
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("use a value from -2147483648 to 2147483647"));
    assert_eq!(file.diagnostics[0].severity, Severity::Error);
}

#[test]
fn out_of_int32_range_is_reported_once() {
    // Both also outside the port range: the type error speaks for the value.
    assert_eq!(k("  port: 3000000000\n"), [("CKS241", 9, 9, 9, 19)]);
    let file = lint("k.yaml", &yaml("  port: 1e20\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 9, 9, 13)]);
    assert_eq!(file.diagnostics[0].message, "`port` must be an int32 integer, found a number");
}

#[test]
fn integers_written_as_floats() {
    assert_eq!(k("  maxPods: 110.0\n"), [], "110.0 decodes into an int32");
    let file = lint("k.yaml", &yaml("  maxPods: 1.5\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 12, 9, 15)]);
    assert_eq!(file.diagnostics[0].message, "`maxPods` must be an int32 integer, found a number");
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("write an int32 integer"));
    assert_eq!(found_in(&lint("k.json", &json(r#"{"maxPods": 1e3}"#))), []);
}

#[test]
fn quoted_numbers_are_strings() {
    let file = lint("k.yaml", &yaml("  maxPods: \"110\"\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 12, 9, 17)]);
    assert_eq!(file.diagnostics[0].message, "`maxPods` must be an int32 integer, found the string \"110\"");
}

#[test]
fn int64_boundaries() {
    assert_eq!(k("  podPidsLimit: 9223372036854775807\n"), []);
    assert_eq!(k("  podPidsLimit: -1\n"), []);
    let file = lint("k.yaml", &yaml("  podPidsLimit: 9223372036854775808\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 17, 9, 36)]);
    assert_eq!(file.diagnostics[0].message, "`podPidsLimit` must be an integer, found a number");
}

#[test]
fn booleans_in_json() {
    let text = format!("{{\"name\": \"é-ü\", {}", &json(r#"{"maxPods": true}"#)[1..]);
    let file = lint("k.json", &text);
    let d = one(&file, "CKS241");
    assert_eq!(d.message, "`maxPods` must be an int32 integer, found a boolean");
    assert_eq!(d.pointer, "/kubelet/maxPods");
    let byte = text.find("true}").expect("value");
    // `é` and `ü` are two bytes each and one column each.
    assert_eq!(at(&file, d), (1, byte + 1 - 2));
}

#[test]
fn durations_are_go_duration_strings() {
    for ok in ["1m30s", "90s", "100ms", "1h", "0", "0s", "1.5s", "1µs", "1μs", "300ns", "2h45m"] {
        assert_eq!(k(&format!("  syncFrequency: \"{ok}\"\n")), [], "{ok}");
    }
    let file = lint("k.yaml", &yaml("  shutdownGracePeriod: 60\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 24, 9, 26)]);
    assert_eq!(file.diagnostics[0].message, "`shutdownGracePeriod` must be a duration string, found an integer");
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("durations are Go duration strings: \"90s\", \"1m30s\", \"100ms\", \"2h\""));
    let cases = [
        ("90", "a number needs a unit (ns, us, ms, s, m, h)"),
        ("1d", "`d` is not a duration unit (ns, us, ms, s, m, h)"),
        ("1.5.5s", "`1.5.5` is not a number"),
        ("s", "expected a number at `s`"),
        ("", "it is empty"),
        ("1e3s", "`e` is not a duration unit (ns, us, ms, s, m, h)"),
    ];
    for (bad, why) in cases {
        let file = lint("k.yaml", &yaml(&format!("  syncFrequency: \"{bad}\"\n")));
        assert_eq!(found_in(&file), [("CKS241", 9, 18, 9, 20 + bad.chars().count())], "{bad}");
        assert_eq!(file.diagnostics[0].message, format!("`syncFrequency` is not a Go duration: {why}"), "{bad}");
    }
}

#[test]
fn list_and_map_elements_name_the_element_type() {
    let file = lint("k.yaml", &yaml("  tlsCipherSuites: [é, 1]\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 24, 9, 25)]);
    assert_eq!(file.diagnostics[0].message, "`tlsCipherSuites[1]` must be a string, found an integer");
    assert_eq!(file.diagnostics[0].pointer, "/kubelet/tlsCipherSuites/1");

    let file = lint("k.yaml", &yaml("  featureGates: {Äö: \"true\"}\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 22, 9, 28)]);
    assert_eq!(file.diagnostics[0].message, "`featureGates.Äö` must be a boolean, found the string \"true\"");

    let file = lint("k.yaml", &yaml("  evictionHard: {memory.available: 500}\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 36, 9, 39)]);
    assert_eq!(
        file.diagnostics[0].message,
        "`evictionHard.memory.available` must be a string (quantities such as \"100Mi\" are strings), found an integer"
    );

    let file = lint("k.yaml", &yaml("  tlsCurvePreferences: [23, x]\n").replace("v1.35", "v1.36"));
    assert_eq!(found_in(&file), [("CKS241", 9, 29, 9, 30)]);
    assert_eq!(file.diagnostics[0].message, "`tlsCurvePreferences[1]` must be an int32 integer, found the string \"x\"");

    let file = lint("k.yaml", &yaml("  reservedMemory: [{numaNode: 0, limits: {memory: 1Gi}}, 3]\n"));
    assert_eq!(found_in(&file), [("CKS241", 9, 58, 9, 59)]);
    assert_eq!(file.diagnostics[0].message, "`reservedMemory[1]` must be a mapping, found an integer");

    let file = lint("k.yaml", &yaml("  tlsCipherSuites: TLS_AES_128_GCM_SHA256\n"));
    assert_eq!(file.diagnostics[0].message, "`tlsCipherSuites` must be a list of strings, found the string \"TLS_AES_128_GCM_SHA256\"");
}

#[test]
fn nested_durations_and_nulls() {
    assert_eq!(k("  authentication: {webhook: {cacheTTL: 2}}\n"), [("CKS243", 9, 3, 9, 17), ("CKS241", 9, 40, 9, 41)]);
    assert_eq!(k("  maxPods: null\n"), [], "null reads as unset");
}

// ---------------------------------------------------------------------------------------
// CKS242 kubelet-option-value

#[test]
fn ranges_at_their_edges() {
    let good = [
        "port: 1",
        "port: 65535",
        // Defaulting replaces a written 0 before validation (v1beta1 `port` is not a pointer).
        "port: 0",
        "nodeLeaseDurationSeconds: 0",
        "readOnlyPort: 0",
        "healthzPort: 65535",
        "oomScoreAdj: 1000",
        "oomScoreAdj: -1000",
        "iptablesMasqueradeBit: 0",
        "iptablesDropBit: 31",
        "nodeStatusMaxImages: -1",
        "maxPods: 0",
        "nodeLeaseDurationSeconds: 1",
        "memoryThrottlingFactor: 1",
        "memoryThrottlingFactor: 0.0001",
        "containerLogMaxFiles: 2",
        "containerLogMaxWorkers: 1",
        "containerLogMonitorInterval: 3s",
        "imageGCHighThresholdPercent: 100",
        "imageGCLowThresholdPercent: 0",
        "maxParallelImagePulls: 1",
        "runOnce: false",
    ];
    for g in good {
        assert_eq!(k(&format!("  {g}\n")), [], "{g}");
    }
    let bad = [
        ("port: -1", "`port` is -1; it must be between 1 and 65535"),
        ("port: 65536", "`port` is 65536; it must be between 1 and 65535"),
        ("readOnlyPort: -1", "`readOnlyPort` is -1; it must be 0 (off) or between 1 and 65535"),
        ("healthzPort: 65536", "`healthzPort` is 65536; it must be 0 (off) or between 1 and 65535"),
        ("oomScoreAdj: 1001", "`oomScoreAdj` is 1001; it must be between -1000 and 1000"),
        ("oomScoreAdj: -1001", "`oomScoreAdj` is -1001; it must be between -1000 and 1000"),
        ("iptablesMasqueradeBit: 32", "`iptablesMasqueradeBit` is 32; it must be between 0 and 31"),
        ("iptablesDropBit: -1", "`iptablesDropBit` is -1; it must be between 0 and 31"),
        ("nodeStatusMaxImages: -2", "`nodeStatusMaxImages` is -2; it must be -1 (no limit) or more"),
        ("maxPods: -1", "`maxPods` is -1; it must not be negative"),
        ("kubeAPIBurst: -1", "`kubeAPIBurst` is -1; it must not be negative"),
        ("nodeLeaseDurationSeconds: -1", "`nodeLeaseDurationSeconds` is -1; it must be greater than 0"),
        ("memoryThrottlingFactor: 0", "`memoryThrottlingFactor` is 0; it must be greater than 0 and at most 1"),
        ("memoryThrottlingFactor: 1.01", "`memoryThrottlingFactor` is 1.01; it must be greater than 0 and at most 1"),
        ("containerLogMaxFiles: 1", "`containerLogMaxFiles` is 1; it must be at least 2"),
        ("containerLogMaxWorkers: 0", "`containerLogMaxWorkers` is 0; it must be at least 1"),
        ("containerLogMonitorInterval: 2999ms", "`containerLogMonitorInterval` is 2.999s; it must be at least 3s"),
        ("imageGCHighThresholdPercent: 101", "`imageGCHighThresholdPercent` is 101; it must be between 0 and 100"),
        ("imageGCLowThresholdPercent: -1", "`imageGCLowThresholdPercent` is -1; it must be between 0 and 100"),
        ("maxParallelImagePulls: 0", "`maxParallelImagePulls` is 0; it must be at least 1"),
        ("runOnce: true", "`runOnce: true` is rejected by the kubelet"),
    ];
    for (b, message) in bad {
        let file = lint("k.yaml", &yaml(&format!("  {b}\n")));
        let (key, value) = b.split_once(": ").expect("pair");
        let col = 2 + key.len() + 3;
        assert_eq!(found_in(&file), [("CKS242", 9, col, 9, col + value.len())], "{b}");
        let d = &file.diagnostics[0];
        assert_eq!(d.message, message);
        assert_eq!(d.severity, Severity::Error);
        assert_eq!(d.pointer, format!("/kubelet/{key}"));
    }
}

#[test]
fn gc_thresholds_low_below_high() {
    let text = yaml("  imageGCHighThresholdPercent: 80\n  imageGCLowThresholdPercent: 80\n");
    let file = lint("k.yaml", &text);
    assert_eq!(found_in(&file), [("CKS242", 10, 31, 10, 33)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "`imageGCLowThresholdPercent` (80) must be less than `imageGCHighThresholdPercent` (80)");
    assert_eq!(d.labels.len(), 1);
    assert_eq!(d.labels[0].message, "high threshold here");
    let (s, _) = file.positions(d.labels[0].span);
    assert_eq!((s.line, s.column), (9, 32));
    assert_eq!(k("  imageGCHighThresholdPercent: 80\n  imageGCLowThresholdPercent: 79\n"), []);
    // An out-of-range value is reported once, by the range check.
    assert_eq!(k("  imageGCHighThresholdPercent: 80\n  imageGCLowThresholdPercent: 180\n"), [("CKS242", 10, 31, 10, 34)]);
}

#[test]
fn shutdown_grace_periods() {
    assert_eq!(k("  shutdownGracePeriod: 1s\n  shutdownGracePeriodCriticalPods: 1s\n"), []);
    assert_eq!(k("  shutdownGracePeriod: \"0\"\n"), []);
    let file = lint("k.yaml", &yaml("  shutdownGracePeriod: 999ms\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 24, 9, 29)]);
    assert_eq!(file.diagnostics[0].message, "`shutdownGracePeriod` must be 0 or at least 1s");

    let file = lint("k.yaml", &yaml("  shutdownGracePeriod: 30s\n  shutdownGracePeriodCriticalPods: 31s\n"));
    assert_eq!(found_in(&file), [("CKS242", 10, 36, 10, 39)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "`shutdownGracePeriodCriticalPods` (31s) must not exceed `shutdownGracePeriod` (30s)");
    assert_eq!(d.labels[0].message, "total grace period here");
    assert_eq!(file.positions(d.labels[0].span).0.line, 9);

    // A negative period is one finding, not two.
    let file = lint("k.yaml", &yaml("  shutdownGracePeriod: -1s\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 24, 9, 27)]);

    let file = lint(
        "k.yaml",
        &yaml("  shutdownGracePeriod: 30s\n  shutdownGracePeriodByPodPriority: [{priority: 1, shutdownGracePeriodSeconds: 10}]\n"),
    );
    assert_eq!(found_in(&file), [("CKS242", 9, 24, 9, 27)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "`shutdownGracePeriod` cannot be combined with `shutdownGracePeriodByPodPriority`");
    let (s, _) = file.positions(d.labels[0].span);
    assert_eq!((s.line, s.column), (10, 3));
    assert_eq!(k("  shutdownGracePeriod: 0s\n  shutdownGracePeriodByPodPriority: [{priority: 1, shutdownGracePeriodSeconds: 10}]\n"), []);
}

#[test]
fn image_gc_ages() {
    assert_eq!(k("  imageMinimumGCAge: 2m\n  imageMaximumGCAge: 0s\n"), []);
    assert_eq!(k("  imageMinimumGCAge: 2m\n  imageMaximumGCAge: 121s\n"), []);
    let file = lint("k.yaml", &yaml("  imageMinimumGCAge: 2m\n  imageMaximumGCAge: 120s\n"));
    assert_eq!(found_in(&file), [("CKS242", 10, 22, 10, 26)]);
    assert_eq!(file.diagnostics[0].message, "`imageMaximumGCAge` (2m) must be greater than `imageMinimumGCAge` (2m)");
    assert_eq!(file.diagnostics[0].labels[0].message, "minimum age here");
    assert_eq!(k("  imageMinimumGCAge: -1s\n"), [("CKS242", 9, 22, 9, 25)]);
}

#[test]
fn parallel_image_pulls() {
    assert_eq!(k("  maxParallelImagePulls: 4\n"), [], "serializeImagePulls defaults to false when this is > 1");
    assert_eq!(k("  maxParallelImagePulls: 1\n  serializeImagePulls: true\n"), []);
    assert_eq!(k("  maxParallelImagePulls: 2\n  serializeImagePulls: false\n"), []);
    let file = lint("k.yaml", &yaml("  maxParallelImagePulls: 2\n  serializeImagePulls: true\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 26, 9, 27)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "`maxParallelImagePulls: 2` needs `serializeImagePulls: false`");
    let (s, _) = file.positions(d.labels[0].span);
    assert_eq!((s.line, s.column, d.labels[0].message.as_str()), (10, 24, "serial pulls set here"));
}

#[test]
fn enumerated_values() {
    let file = lint("k.yaml", &yaml("  topologyManagerPolicy: best_effort\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 26, 9, 37)]);
    assert_eq!(file.diagnostics[0].message, "`best_effort` is not a valid `topologyManagerPolicy`");
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("one of `none`, `best-effort`, `restricted`, `single-numa-node`"));
    let file = lint("k.yaml", &yaml("  hairpinMode: Promiscuous-Bridge\n"));
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("values are case-sensitive: `promiscuous-bridge`"));
    let file = lint("k.yaml", &yaml("  memorySwap: {swapBehavior: limitedSwap}\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 30, 9, 41)]);
    assert_eq!(file.diagnostics[0].message, "`limitedSwap` is not a valid `memorySwap.swapBehavior`");
    assert_eq!(file.diagnostics[0].pointer, "/kubelet/memorySwap/swapBehavior");
    // Documented sets whose capitals are not confirmed: compared case-insensitively.
    assert_eq!(k("  cpuManagerPolicy: None\n  memoryManagerPolicy: static\n"), []);
    assert_eq!(k("  memorySwap: {swapBehavior: \"\"}\n"), []);
}

#[test]
fn eviction_thresholds() {
    assert_eq!(k("  evictionHard: {memory.available: \"1e3\", imagefs.available: 15%, pid.available: \"10.5%\"}\n"), []);
    let file = lint("k.yaml", &yaml("  evictionSoft: {memory.avaliable: 1Gi}\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 18, 9, 34)]);
    assert_eq!(file.diagnostics[0].message, "`memory.avaliable` is not an eviction signal");
    assert_eq!(file.diagnostics[0].help.as_deref(), Some("did you mean `memory.available`?"));
    for bad in ["10Gb", "101%", "1e+", "1e", "-"] {
        let file = lint("k.yaml", &yaml(&format!("  evictionHard: {{memory.available: \"{bad}\"}}\n")));
        assert_eq!(found_in(&file), [("CKS242", 9, 36, 9, 38 + bad.len())], "{bad}");
        assert_eq!(file.diagnostics[0].message, format!("`{bad}` is not a valid threshold for `memory.available`"));
    }
    assert_eq!(k("  evictionSoftGracePeriod: {memory.available: 1m30s}\n"), []);
    assert_eq!(k("  evictionSoftGracePeriod: {memory.available: 1m30x}\n"), [("CKS242", 9, 47, 9, 52)]);
}

#[test]
fn reserved_resources_and_cpus() {
    let file = lint("k.yaml", &yaml("  systemReserved: {cpu: 500m, memory: 1GB}\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 39, 9, 42)]);
    assert_eq!(file.diagnostics[0].message, "`1GB` is not a resource quantity");
    assert_eq!(file.diagnostics[0].pointer, "/kubelet/systemReserved/memory");
    assert_eq!(k("  reservedSystemCPUs: 0-1,4\n"), []);
    assert_eq!(k("  reservedSystemCPUs: 3-1\n"), [("CKS242", 9, 23, 9, 26)]);
    let file = lint("k.yaml", &yaml("  reservedSystemCPUs: 0-1\n  systemReservedCgroup: /sys\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 23, 9, 26)]);
    assert_eq!(file.diagnostics[0].message, "`reservedSystemCPUs` cannot be combined with `systemReservedCgroup`");
    assert_eq!(file.positions(file.diagnostics[0].labels[0].span).0.line, 10);
}

#[test]
fn enforce_node_allocatable_entries() {
    assert_eq!(k("  enforceNodeAllocatable: [pods, kube-reserved]\n  kubeReservedCgroup: /kube\n"), []);
    assert_eq!(k("  enforceNodeAllocatable: [none]\n"), []);
    let file = lint(
        "k.yaml",
        &yaml("  enforceNodeAllocatable: [pods, pods, system-reserved, kube-reserved-compressible, bogus]\n  kubeReservedCgroup: /kube\n"),
    );
    assert_eq!(found_in(&file), [("CKS242", 9, 34, 9, 38), ("CKS242", 9, 40, 9, 55), ("CKS242", 9, 85, 9, 90)]);
    let messages: Vec<&str> = file.diagnostics.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "`pods` is listed twice in `enforceNodeAllocatable`",
            "`system-reserved` in `enforceNodeAllocatable` needs `systemReservedCgroup`",
            "`bogus` is not a valid `enforceNodeAllocatable` entry",
        ]
    );
    assert_eq!(file.diagnostics[2].pointer, "/kubelet/enforceNodeAllocatable/4");
    assert_eq!(k("  enforceNodeAllocatable: [pods, none]\n"), [("CKS242", 9, 34, 9, 38)]);
}

#[test]
fn pod_logs_dir_and_restart_period() {
    assert_eq!(k("  podLogsDir: /var/log/pods\n"), []);
    for bad in ["var/log", "/var/log/", "/var/../log", "/var//log", "/vär/log"] {
        let file = lint("k.yaml", &yaml(&format!("  podLogsDir: \"{bad}\"\n")));
        assert_eq!(found_in(&file), [("CKS242", 9, 15, 9, 17 + bad.chars().count())], "{bad}");
        assert_eq!(file.diagnostics[0].message, format!("`podLogsDir` `{bad}` must be an absolute, clean ASCII path"));
    }
    assert_eq!(k("  crashLoopBackOff: {maxContainerRestartPeriod: 300s}\n"), []);
    assert_eq!(k("  crashLoopBackOff: {maxContainerRestartPeriod: 1s}\n"), []);
    for bad in ["301s", "999ms"] {
        let file = lint("k.yaml", &yaml(&format!("  crashLoopBackOff: {{maxContainerRestartPeriod: {bad}}}\n")));
        assert_eq!(found_in(&file), [("CKS242", 9, 49, 9, 49 + bad.len())], "{bad}");
        assert_eq!(file.diagnostics[0].message, "`crashLoopBackOff.maxContainerRestartPeriod` must be between 1s and 300s");
    }
}

#[test]
fn cross_field_rules_in_json_with_crlf() {
    let text = "{\r\n  \"name\": \"prod-east\",\r\n  \"zone\": \"US-EAST-04A\",\r\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\r\n  \
\"version\": \"v1.35\",\r\n  \"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]},\r\n  \
\"disableOidcInfoPublication\": true,\r\n  \"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\",\r\n  \
\"kubelet\": {\r\n    \"imageGCHighThresholdPercent\": 60,\r\n    \"imageGCLowThresholdPercent\": 80\r\n  }\r\n}\r\n";
    let file = lint("k.json", text);
    assert_eq!(all_codes(&file), ["CKS242"]);
    assert_eq!(found_in(&file), [("CKS242", 11, 35, 11, 37)]);
    let (s, e) = file.positions(file.diagnostics[0].labels[0].span);
    assert_eq!((s.line, s.column, e.column), (10, 36, 38));
}

// ---------------------------------------------------------------------------------------
// CKS243 managed-kubelet-option

#[test]
fn managed_options_are_flagged_on_the_key() {
    let managed = [
        ("staticPodPath", "/etc/kubernetes/manifests"),
        ("tlsCertFile", "/x.crt"),
        ("tlsPrivateKeyFile", "/x.key"),
        ("authentication", "{anonymous: {enabled: false}}"),
        ("authorization", "{mode: Webhook}"),
        ("clusterDNS", "[10.0.0.10]"),
        ("clusterDomain", "cluster.local"),
        ("providerID", "x"),
        ("cgroupDriver", "systemd"),
        ("cgroupRoot", "/"),
        ("containerRuntimeEndpoint", "unix:///run/containerd/containerd.sock"),
        ("registerNode", "true"),
        ("podCIDR", "10.0.0.0/24"),
        ("address", "0.0.0.0"),
    ];
    for (key, value) in managed {
        let file = lint("k.yaml", &yaml(&format!("  {key}: {value}\n")));
        assert_eq!(found_in(&file), [("CKS243", 9, 3, 9, 3 + key.len())], "{key}");
        let d = &file.diagnostics[0];
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.message, format!("`{key}` is managed by CKS; overriding it can break the node"));
        assert_eq!(d.help.as_deref(), Some("remove the override unless CoreWeave support asked for it"));
    }
    let text = json(r#"{"maxPods": 256, "clusterDNS": ["10.0.0.10"]}"#);
    let file = lint("k.json", &text);
    let d = one(&file, "CKS243");
    assert_eq!(d.pointer, "/kubelet/clusterDNS");
    assert_eq!(&text[d.span.start..d.span.end], "\"clusterDNS\"");
}

#[test]
fn managed_option_with_a_bad_value_gets_both_findings_on_different_nodes() {
    assert_eq!(k("  systemCgroups: /system.slice\n  cgroupRoot: \"\"\n"), [("CKS242", 9, 18, 9, 31), ("CKS243", 10, 3, 10, 13)]);
    // An empty endpoint is replaced by the default (`unix:///run/containerd/containerd.sock`)
    // before validation; a blank one is not empty, so validation passes it too.
    assert_eq!(k("  containerRuntimeEndpoint: \"\"\n"), [("CKS243", 9, 3, 9, 27)]);
    assert_eq!(k("  containerRuntimeEndpoint: \" \"\n"), [("CKS243", 9, 3, 9, 27)]);
    assert_eq!(k("  cgroupDriver: 1\n"), [("CKS243", 9, 3, 9, 15), ("CKS241", 9, 17, 9, 18)]);
}

// ---------------------------------------------------------------------------------------
// CKS244 empty-kubelet

/// The CKS244 fix removes the member and leaves a clean, parseable request.
fn assert_empty_removed(path: &str, text: &str, line: usize, column: usize) {
    let file = lint(path, text);
    let d = one(&file, "CKS244");
    assert_eq!(found_in(&file), [("CKS244", line, column, line, column + 2)], "{text:?}");
    assert_eq!(d.message, "`kubelet` is empty");
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(d.pointer, "/kubelet");
    let fix = d.fix.as_ref().expect("fix");
    assert_eq!((fix.applicability, fix.message.as_str()), (Applicability::Safe, "remove `kubelet`"));
    let fixed = apply(text, d);
    assert!(!fixed.contains("kubelet"), "{fixed:?}");
    assert_eq!(all_codes(&lint(path, &fixed)), Vec::<&str>::new(), "{fixed:?}");
}

#[test]
fn empty_kubelet_is_removed_in_yaml() {
    let last = HEAD.replace("kubelet:\n", "kubelet: {}\n");
    assert_empty_removed("k.yaml", &last, 8, 10);
    assert_empty_removed("k.yaml", &last.replace('\n', "\r\n"), 8, 10);
    let first = format!("kubelet: {{}}\n{}", HEAD.replace("kubelet:\n", ""));
    assert_empty_removed("k.yaml", &first, 1, 10);
    let middle = HEAD.replace("kubelet:\n", "").replace("version: v1.35\n", "version: v1.35\nkubelet: {}\n");
    assert_empty_removed("k.yaml", &middle, 5, 10);
    let flow = "{name: prod-east, kubelet: {}, zone: US-EAST-04A, vpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50, version: v1.35, \
network: {podCidrName: p, serviceCidrName: s, internalLbCidrNames: [l]}, disableOidcInfoPublication: true, \
auditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=}\n";
    assert_empty_removed("k.yaml", flow, 1, 28);
}

#[test]
fn empty_kubelet_is_removed_in_json() {
    let last = json("{}");
    let col = last.find("{}").expect("{}") + 1;
    assert_empty_removed("k.json", &last, 1, col);
    let first = last.replace(", \"kubelet\": {}", "").replacen("{\"name\"", "{\"kubelet\": {}, \"name\"", 1);
    assert_empty_removed("k.json", &first, 1, 13);
    let middle = last.replace(", \"kubelet\": {}", "").replace("\"zone\"", "\"kubelet\": {}, \"zone\"");
    let col = middle.find("{}").expect("{}") + 1;
    assert_empty_removed("k.json", &middle, 1, col);
    let pretty = "{\r\n  \"name\": \"prod-east\",\r\n  \"kubelet\": {},\r\n  \"zone\": \"US-EAST-04A\",\r\n  \
\"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\r\n  \"version\": \"v1.35\",\r\n  \
\"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]},\r\n  \
\"disableOidcInfoPublication\": true,\r\n  \
\"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\"\r\n}\r\n";
    assert_empty_removed("k.json", pretty, 3, 14);
}

#[test]
fn empty_kubelet_before_a_comment() {
    let text = HEAD.replace("kubelet:\n", "kubelet: {} # nothing yet\n");
    let file = lint("k.yaml", &text);
    let fixed = apply(&text, one(&file, "CKS244"));
    assert!(!fixed.contains("kubelet") && !fixed.contains("nothing yet"), "{fixed:?}");
    assert_eq!(all_codes(&lint("k.yaml", &fixed)), Vec::<&str>::new());
}

#[test]
fn empty_kubelet_span_stops_at_the_brace() {
    let file = lint("k.yaml", &HEAD.replace("kubelet:\n", "kubelet: {} # nothing yet\n"));
    assert_eq!(found_in(&file), [("CKS244", 8, 10, 8, 12)]);
}

#[test]
fn null_or_non_mapping_kubelet_is_not_empty_kubelet() {
    // `kubelet:` with nothing is null (CKS106); an array or string is a type error (CKS104).
    let file = lint("k.yaml", HEAD);
    assert_eq!(all_codes(&file), ["CKS106"]);
    for v in ["[]", "\"{maxPods: 3}\"", "0"] {
        let file = lint("k.yaml", &HEAD.replace("kubelet:\n", &format!("kubelet: {v}\n")));
        assert_eq!(all_codes(&file), ["CKS104"], "{v}");
    }
}

// ---------------------------------------------------------------------------------------
// CKS245 kubelet-option-too-new

/// Kubelet findings of a request asking for `version` with this flow-style kubelet.
fn at_version(version: &str, kubelet: &str) -> FileResult {
    lint("k.yaml", &HEAD.replace("version: v1.35", &format!("version: {version}")).replace("kubelet:\n", &format!("kubelet: {kubelet}\n")))
}

#[test]
fn options_newer_than_the_requested_version() {
    let cases = [
        ("crashLoopBackOff: {}", "v1.31", "v1.32"),
        ("singleProcessOOMKill: true", "v1.31", "v1.32"),
        ("userNamespaces: {idsPerPod: 65536}", "v1.32", "v1.33"),
        ("mergeDefaultEvictionSettings: true", "v1.32", "v1.33"),
        ("memoryReservationPolicy: TieredReservation", "v1.35", "v1.36"),
        ("tlsCurvePreferences: [23]", "v1.35", "v1.36"),
    ];
    for (option, too_old, since) in cases {
        let key = option.split_once(':').expect("key").0;
        let file = at_version(too_old, &format!("{{{option}}}"));
        assert_eq!(found_in(&file), [("CKS245", 8, 11, 8, 11 + key.len())], "{option} at {too_old}");
        let d = one(&file, "CKS245");
        assert_eq!(d.severity, Severity::Warning);
        assert_eq!(d.message, format!("`{key}` was added in Kubernetes {since}; this cluster requests {too_old}"));
        assert_eq!(
            d.help.as_deref(),
            Some(format!("request {since} or later, or remove the option (the older kubelet ignores it)").as_str())
        );
        assert_eq!(found_in(&at_version(since, &format!("{{{option}}}"))), [], "{option} at {since}");
    }
}

#[test]
fn no_version_comparison_without_a_well_formed_version() {
    for version in ["1.31", "v1.31.2", "latest", "\"\""] {
        let file = at_version(version, "{userNamespaces: {}}");
        assert_eq!(found_in(&file), [], "{version}");
    }
    let text = HEAD.replace("version: v1.35\n", "").replace("kubelet:\n", "kubelet: {userNamespaces: {}}\n");
    assert_eq!(found_in(&lint("k.yaml", &text)), []);
}

#[test]
fn each_document_uses_its_own_version() {
    let doc = |version: &str| HEAD.replace("v1.35", version).replace("kubelet:\n", "kubelet:\n  userNamespaces: {}\n");
    let text = format!("{}---\n{}", doc("v1.35"), doc("v1.32"));
    let file = lint("k.yaml", &text);
    let kubelet: Vec<&Diagnostic> = file.diagnostics.iter().filter(|d| d.rule.code.starts_with("CKS24")).collect();
    assert_eq!(kubelet.len(), 1);
    assert_eq!((kubelet[0].rule.code, kubelet[0].document), ("CKS245", 1));
    assert_eq!(at(&file, kubelet[0]), (19, 3));
}

// ---------------------------------------------------------------------------------------
// Snapshots of the rendered findings, one per rule family

fn render(path: &str, text: &str) -> String {
    ckslint::output::human::render_plain(&lint(path, text))
}

#[test]
fn snapshot_unknown_options() {
    insta::assert_snapshot!(render(
        "kubelet.yaml",
        &yaml("  maxPodz: 256\n  max_pods: 256\n  kind: KubeletConfiguration\n  authorization:\n    webhok: {}\n")
    ));
}

#[test]
fn snapshot_option_types() {
    insta::assert_snapshot!(render(
        "kubelet.yaml",
        &yaml("  shutdownGracePeriod: 60\n  syncFrequency: 1d\n  maxPods: \"110\"\n  port: 3000000000\n  tlsCipherSuites: [é, 1]\n")
    ));
}

#[test]
fn snapshot_option_values() {
    insta::assert_snapshot!(render(
        "kubelet.json",
        "{\n  \"name\": \"prod-east\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\",\n  \
\"version\": \"v1.35\",\n  \"network\": {\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"l\"]},\n  \
\"disableOidcInfoPublication\": true,\n  \
\"auditPolicy\": \"YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKICAtIGxldmVsOiBNZXRhZGF0YQo=\",\n  \
\"kubelet\": {\n    \"port\": -1,\n    \"serializeImagePulls\": true,\n    \"maxParallelImagePulls\": 4,\n    \
\"evictionHard\": {\"memory.avaliable\": \"1Gi\"},\n    \"enforceNodeAllocatable\": [\"pods\", \"none\"]\n  }\n}\n"
    ));
}

#[test]
fn snapshot_managed_empty_and_too_new() {
    let managed_and_new = HEAD.replace("kubelet:\n", "kubelet:\n  clusterDNS: [10.0.0.10]\n  memoryReservationPolicy: TieredReservation\n");
    let empty = HEAD.replace("kubelet:\n", "kubelet: {}\n");
    insta::assert_snapshot!(format!("{}\n{}", render("managed.yaml", &managed_and_new), render("empty.yaml", &empty)));
}

/// `on` where a boolean belongs: CKS241 speaks for the value, not also CKS007 (whose
/// "quote it" would make it a string for good).
#[test]
fn yaml11_boolean_for_a_feature_gate_is_one_type_finding() {
    let file = lint("k.yaml", &HEAD.replace("kubelet:\n", "kubelet:\n  featureGates:\n    Foo: on\n"));
    assert_eq!(all_codes(&file), ["CKS241"]);
    // Where a string belongs, the ambiguity finding stays.
    let file = lint("k.yaml", &HEAD.replace("kubelet:\n", "kubelet:\n  cpuManagerPolicy: on\n"));
    assert!(all_codes(&file).contains(&"CKS007"), "{:?}", all_codes(&file));
}

// ---------------------------------------------------------------------------------------
// The defaulted configuration of the requested version (CKS242) and the unquote fix (CKS241)

#[test]
fn quoted_integers_and_booleans_are_unquoted_by_a_safe_fix() {
    for (body, fixed) in [
        ("  maxPods: \"250\"\n", "  maxPods: 250\n"),
        ("  podPidsLimit: '-1'\n", "  podPidsLimit: -1\n"),
        ("  failSwapOn: 'false'\n", "  failSwapOn: false\n"),
        ("  featureGates: {NodeLogQuery: \"true\"}\n", "  featureGates: {NodeLogQuery: true}\n"),
    ] {
        let text = yaml(body);
        let file = lint("k.yaml", &text);
        let d = one(&file, "CKS241");
        let fix = d.fix.as_ref().expect("fix");
        assert_eq!(fix.applicability, Applicability::Safe, "{body}");
        let out = apply(&text, d);
        assert_eq!(out, yaml(fixed));
        assert_eq!(found_in(&lint("k.yaml", &out)), [], "{body} re-linted");
    }
    // JSON: the quotes go, the rest of the line stays.
    let text = json("{\"maxPods\": \"250\", \"cgroupsPerQOS\": \"true\"}");
    let file = lint("k.json", &text);
    let mut out = text.clone();
    let mut ds: Vec<&Diagnostic> = file.diagnostics.iter().filter(|d| d.rule.code == "CKS241").collect();
    assert_eq!(ds.len(), 2);
    ds.sort_by_key(|d| std::cmp::Reverse(d.span.start));
    for d in ds {
        out = apply(&out, d);
    }
    assert!(out.contains("\"kubelet\": {\"maxPods\": 250, \"cgroupsPerQOS\": true}"), "{out}");
    assert_eq!(found_in(&lint("k.json", &out)), []);
    // Not certain: no fix (exponent, leading zero, out of int32 range, other spellings).
    for body in
        ["  maxPods: \"1e3\"\n", "  maxPods: \"0250\"\n", "  maxPods: \"3000000000\"\n", "  maxPods: \" 25\"\n", "  failSwapOn: \"True\"\n"]
    {
        let file = lint("k.yaml", &yaml(body));
        assert!(one(&file, "CKS241").fix.is_none(), "{body}");
    }
}

#[test]
fn cross_field_checks_use_the_default_of_the_other_side() {
    let file = lint("k.yaml", &yaml("  imageGCLowThresholdPercent: 90\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 31, 9, 33)]);
    let d = &file.diagnostics[0];
    assert_eq!(d.message, "`imageGCLowThresholdPercent` (90) must be less than `imageGCHighThresholdPercent` (85, the default)");
    assert!(d.labels.is_empty(), "nothing written to point at");
    assert_eq!(k("  imageGCLowThresholdPercent: 84\n"), []);
    let file = lint("k.yaml", &yaml("  imageMaximumGCAge: 90s\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 22, 9, 25)]);
    assert_eq!(file.diagnostics[0].message, "`imageMaximumGCAge` (90s) must be greater than `imageMinimumGCAge` (2m, the default)");
    // A written zero that defaulting replaces is the default: 0s → 2m.
    assert_eq!(k("  imageMinimumGCAge: 0s\n  imageMaximumGCAge: 3m\n"), []);
}

#[test]
fn empty_strings_are_unset_where_the_kubelet_reads_them_so() {
    assert_eq!(k("  enforceNodeAllocatable: [pods, system-reserved]\n  systemReservedCgroup: \"\"\n"), [("CKS242", 9, 34, 9, 49)]);
    assert_eq!(k("  enforceNodeAllocatable: [pods, system-reserved]\n  systemReservedCgroup: /system.slice\n"), []);
    for body in [
        "  topologyManagerPolicy: \"\"\n",
        "  hairpinMode: \"\"\n",
        "  cpuManagerPolicy: \"\"\n",
        "  podLogsDir: \"\"\n",
        "  tlsMinVersion: \"\"\n",
    ] {
        assert_eq!(k(body), [], "{body}");
    }
}

#[test]
fn feature_gates_by_version() {
    let block_at = |version: &str, body: &str| lint("k.yaml", &yaml(body).replace("version: v1.35", &format!("version: {version}")));
    // crashLoopBackOff needs KubeletCrashLoopBackOffMax: off by default in v1.34, on in v1.35.
    let body = "  crashLoopBackOff: {maxContainerRestartPeriod: 100s}\n";
    let file = block_at("v1.34", body);
    let d = one(&file, "CKS242");
    assert_eq!(at(&file, d), (9, 49));
    assert_eq!(d.pointer, "/kubelet/crashLoopBackOff/maxContainerRestartPeriod");
    assert_eq!(
        d.help.as_deref(),
        Some("feature gate `KubeletCrashLoopBackOffMax` is off by default in v1.34; enable it or remove `crashLoopBackOff`")
    );
    assert!(block_at("v1.35", body).diagnostics.iter().all(|d| d.rule.code != "CKS242"));
    // Turned off by the request itself.
    let file = block_at("v1.35", &format!("  featureGates: {{KubeletCrashLoopBackOffMax: false}}\n{body}"));
    assert_eq!(
        one(&file, "CKS242").help.as_deref(),
        Some("feature gate `KubeletCrashLoopBackOffMax` is turned off in `featureGates`; enable it or remove `crashLoopBackOff`")
    );
    // A locked gate: the finding is on the value.
    let file = block_at("v1.35", "  featureGates: {ImageMaximumGCAge: false, NodeSwap: true}\n");
    let d = one(&file, "CKS242");
    assert_eq!(at(&file, d), (9, 37));
    assert_eq!(d.message, "cannot set feature gate `ImageMaximumGCAge` to false, feature is locked to true");
    // Not locked in v1.34 (beta then).
    assert!(block_at("v1.34", "  featureGates: {ImageMaximumGCAge: false}\n").diagnostics.iter().all(|d| d.rule.code != "CKS242"));
    // Without a known version, gate defaults are unknown: nothing gate-dependent fires.
    assert!(block_at("v2", body).diagnostics.iter().all(|d| d.rule.code != "CKS242"));
}

#[test]
fn cgroups_per_qos_with_the_default_enforcement() {
    let file = lint("k.yaml", &yaml("  cgroupsPerQOS: false\n"));
    assert_eq!(found_in(&file), [("CKS242", 9, 18, 9, 23)]);
    assert_eq!(file.diagnostics[0].message, "`cgroupsPerQOS` must be true when `pods` is in `enforceNodeAllocatable` (the default)");
    assert_eq!(k("  cgroupsPerQOS: false\n  enforceNodeAllocatable: []\n"), []);
}

#[test]
fn many_entries_give_exact_counts() {
    // Repeated gate names count once, the last one (as in Go's map); repeated entries of a
    // list are each reported, on their own node.
    for n in [10_000usize, 40_000] {
        let gates: String = (0..n).map(|i| format!("NodeSwap: {}, ", i % 2 == 0)).collect();
        let file = lint("k.yaml", &yaml(&format!("  featureGates: {{{gates}NodeSwap: false}}\n")));
        assert_eq!(file.diagnostics.iter().filter(|d| d.rule.code == "CKS242").count(), 1, "{n}");
        let items = vec!["bogus"; n].join(", ");
        let file = lint("k.yaml", &yaml(&format!("  enforceNodeAllocatable: [{items}]\n")));
        // At most MAX_PER_RULE are listed; one more finding counts the rest (`omitted`).
        let found: Vec<_> = file.diagnostics.iter().filter(|d| d.rule.code == "CKS242").collect();
        let cap = ckslint::lint::MAX_PER_RULE;
        assert_eq!(found.len(), cap + 1, "{n}");
        assert_eq!(found.iter().map(|d| d.omitted.max(1)).sum::<usize>(), n, "{n}");
        assert_eq!(found.iter().filter(|d| d.omitted == 0 && d.message.contains("listed twice")).count(), cap - 1);
        assert_eq!(found.iter().filter(|d| d.omitted > 0).map(|d| d.omitted).collect::<Vec<_>>(), [n - cap]);
    }
}
