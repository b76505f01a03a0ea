//! The engine seams syntax modules build on: values not statically known, document
//! labels, keys spelled differently in the file, and the syntax registry.

use ckslint::source::{self, syntax, Format, Member, Node, NodeKind};
use ckslint::{lint, Settings};

const VALID: &str = include_str!("../testdata/valid.yaml");

fn codes(f: &ckslint::FileResult) -> Vec<&'static str> {
    f.diagnostics.iter().map(|d| d.rule.code).collect()
}

/// Parse `text` as YAML and let `edit` change the first document's root.
fn lint_edited(text: &str, edit: impl FnOnce(&mut Node)) -> ckslint::FileResult {
    let mut parsed = source::parse(text, Format::Yaml);
    if let Some(root) = parsed.documents[0].root.as_mut() {
        edit(root);
    }
    lint::lint_parsed("main.tf", text.to_string(), Format::Yaml, parsed, &Settings::default())
}

fn members(node: &mut Node) -> &mut [Member] {
    match &mut node.kind {
        NodeKind::Object(m) => m,
        _ => panic!("not a mapping"),
    }
}

fn set_unknown(root: &mut Node, key: &str) {
    let m = members(root).iter_mut().find(|m| m.key == key).unwrap_or_else(|| panic!("no {key}"));
    m.value.kind = NodeKind::Unknown;
}

#[test]
fn the_valid_request_is_clean_when_hand_fed() {
    assert_eq!(codes(&lint_edited(VALID, |_| {})), Vec::<&str>::new());
}

#[test]
fn an_unknown_value_is_present_but_unchecked() {
    // A wrong version and a zone nobody knows are findings when written out...
    let bad = VALID.replace("v1.36", "v9.99").replace("US-WEST-09B", "NOWHERE");
    let known = codes(&lint_edited(&bad, |_| {}));
    assert_eq!(known, ["CKS207", "CKS206"], "written out");
    // ...and nothing at all once the values are not known until apply.
    let f = lint_edited(&bad, |root| {
        for key in ["version", "zone", "vpcId", "name", "network", "auditPolicy", "disableOidcInfoPublication"] {
            set_unknown(root, key);
        }
    });
    assert_eq!(codes(&f), Vec::<&str>::new(), "{:#?}", f.diagnostics);
}

#[test]
fn an_unknown_value_is_never_missing_nor_of_the_wrong_type() {
    let without_network: String =
        VALID.lines().filter(|l| !l.starts_with("network") && !l.starts_with("  ")).map(|l| format!("{l}\n")).collect();
    assert!(codes(&lint_edited(&without_network, |_| {})).contains(&"CKS101"), "network is required");
    // An unknown list item and an unknown nested field are not type errors either.
    let f = lint_edited(VALID, |root| {
        let network = members(root).iter_mut().find(|m| m.key == "network").unwrap();
        for m in members(&mut network.value) {
            match &mut m.value.kind {
                NodeKind::Array(items) => items[0].kind = NodeKind::Unknown,
                k => *k = NodeKind::Unknown,
            }
        }
    });
    assert_eq!(codes(&f), Vec::<&str>::new(), "{:#?}", f.diagnostics);
}

#[test]
fn a_document_label_reaches_the_file_result() {
    let mut parsed = source::parse(VALID, Format::Yaml);
    parsed.documents[0].label = Some("coreweave_cks_cluster.main".into());
    let f = lint::lint_parsed("main.tf", VALID.to_string(), Format::Yaml, parsed, &Settings::default());
    assert_eq!(f.label(0), Some("coreweave_cks_cluster.main"));
    assert_eq!(f.label(1), None);
    // Loaders of JSON and YAML give none.
    let plain = ckslint::lint_str("a.yaml", VALID, &Settings::default());
    assert!(plain.labels.is_empty() && plain.label(0).is_none());
}

#[test]
fn renames_speak_the_spelling_of_the_file() {
    // `vpc_id` is CKS103 (the proto spelling); a loader that mapped `vpc_id_tf` to that key
    // has the message and fix title name the written form.
    let text = VALID.replace("vpcId:", "vpc_id:");
    let f = lint_edited(&text, |root| {
        let m = members(root).iter_mut().find(|m| m.key == "vpc_id").unwrap();
        m.written = Some("vpc_id_as_written".into());
    });
    let d = f.diagnostics.iter().find(|d| d.rule.code == "CKS103").expect("CKS103");
    assert_eq!(d.fix.as_ref().map(|x| x.message.as_str()), Some("rename `vpc_id_as_written` to `vpcId`"));
    let m = Member::new("zone".into(), source::Span::new(0, 4), Node::new(source::Span::new(6, 7), NodeKind::Null, source::Style::Plain));
    assert_eq!((m.written_key(), m.written.is_none()), ("zone", true));
}

#[test]
fn syntaxes_are_found_by_extension_then_content() {
    assert_eq!(syntax::for_path("a/b.JSON", b"x: 1").format(), Format::Json);
    assert_eq!(syntax::for_path("a.yml", b"{}").format(), Format::Yaml);
    assert_eq!(syntax::for_path("-", b"\xEF\xBB\xBF [1]").format(), Format::Json);
    assert_eq!(syntax::for_path("-", b"a: 1").format(), Format::Yaml);
    assert_eq!(Format::Json.syntax().format(), Format::Json);
    assert_eq!(Format::Yaml.name(), "yaml");
    assert!(Format::Yaml.syntax().capabilities().comments && !Format::Json.syntax().capabilities().comments);
    assert!(Format::Json.syntax().capabilities().can_set("disableOidcInfoPublication"));
}

#[test]
fn the_editor_renders_in_the_file_syntax() {
    let text = "{\"a\": \"x\", \"b\": [1, 2]}";
    let parsed = source::parse(text, Format::Json);
    let root = parsed.documents[0].root.as_ref().unwrap();
    let editor = Format::Json.syntax().editor();
    let apply = |e: ckslint::Edit| {
        let mut s = text.to_string();
        s.replace_range(e.span.start..e.span.end, &e.content);
        s
    };
    assert_eq!(apply(editor.replace_string(text, root.field("a").unwrap(), "y")), "{\"a\": \"y\", \"b\": [1, 2]}");
    assert_eq!(apply(editor.remove_member(text, root, 0).unwrap()), "{\"b\": [1, 2]}");
    assert_eq!(apply(editor.remove_item(text, root.field("b").unwrap(), 1).unwrap()), "{\"a\": \"x\", \"b\": [1]}");
    assert_eq!(apply(editor.rename_key(text, root.get("a").unwrap(), "c")), "{\"c\": \"x\", \"b\": [1, 2]}");
    // The only member of a flow mapping leaves `{}` whatever the spacing.
    let one = "{ \"id\": 2 }";
    let r = source::parse(one, Format::Json).documents.remove(0).root.unwrap();
    let e = editor.remove_member(one, &r, 0).unwrap();
    let mut s = one.to_string();
    s.replace_range(e.span.start..e.span.end, &e.content);
    assert_eq!(s, "{}");
}

// Settings resolved per document (what a server with several folders holds).
#[test]
fn settings_come_from_the_nearest_file_above_each_document() {
    use ckslint::config::{ConfigArgs, SettingsIndex};
    use ckslint::rules::posture::PUBLIC_API_SERVER as RULE;
    let d = tempfile::tempdir().unwrap();
    let root = d.path();
    std::fs::create_dir_all(root.join("team/deep")).unwrap();
    std::fs::create_dir_all(root.join("other")).unwrap();
    std::fs::write(root.join(".ckslint.yaml"), format!("ignore: [{}]\n", RULE.code)).unwrap();
    std::fs::write(root.join("team/.ckslint.yaml"), "ignore: []\n").unwrap();
    let index = SettingsIndex::new(ConfigArgs::default(), root);
    let enabled = |p: &str| {
        index.for_path(std::path::Path::new(p)).as_ref().as_ref().map(|c| c.settings.enabled(&RULE)).map_err(|e| e.message.clone())
    };
    assert_eq!(enabled("a.yaml"), Ok(false));
    assert_eq!(enabled("other/b.yaml"), Ok(false));
    assert_eq!(enabled("team/deep/c.yaml"), Ok(true), "the nearer file wins");
    // One file is loaded once for every directory below it.
    assert!(std::sync::Arc::ptr_eq(&index.for_path("a.yaml".as_ref()), &index.for_path("other/x.yaml".as_ref())));

    // A changed file is read again once its directory is invalidated; a broken one is an
    // error as data: the message and the span-annotated findings on the file.
    std::fs::write(root.join("team/.ckslint.yaml"), "ignore: [CKS9999]\n").unwrap();
    assert_eq!(enabled("team/deep/c.yaml"), Ok(true), "cached until invalidated");
    index.invalidate(&root.join("team"));
    let loaded = index.for_path("team/deep/c.yaml".as_ref());
    let err = loaded.as_ref().as_ref().expect_err("a bad selector");
    assert_eq!(err.message, "team/.ckslint.yaml: 1 problem in the configuration; nothing was linted");
    let file = err.file.as_ref().expect("the file's findings");
    let (start, _) = file.positions(file.diagnostics[0].span);
    assert_eq!((file.path.as_str(), start.line, start.column), ("team/.ckslint.yaml", 1, 10));
    assert!(file.diagnostics[0].message.starts_with("unknown rule `CKS9999`"), "{}", file.diagnostics[0].message);
    // Deleted: the documents fall back to the file above.
    std::fs::remove_file(root.join("team/.ckslint.yaml")).unwrap();
    index.invalidate(&root.join("team"));
    assert_eq!(enabled("team/deep/c.yaml"), Ok(false));
    assert_eq!(enabled("a.yaml"), Ok(false));
    // `--isolated` overrides hold for every document.
    let isolated = SettingsIndex::new(ConfigArgs { isolated: true, ..Default::default() }, root);
    assert!(isolated.for_path("a.yaml".as_ref()).as_ref().as_ref().is_ok_and(|c| c.settings.enabled(&RULE) && c.file.is_none()));
}

// The CKS401 index of a session: documents added, replaced and removed one at a time.
#[test]
fn the_duplicate_name_index_follows_edits() {
    use ckslint::rules::cross::NameIndex;
    let settings = Settings::default();
    let req = |name: &str| VALID.replace("staging-west", name);
    let results = ckslint::lint_texts(&[("a.yaml", &req("x")), ("b.yaml", &req("x")), ("c.yaml", &req("y"))]);
    let paths = ["a.yaml", "b.yaml", "c.yaml"];
    let path_of = |i: usize| paths[i].to_string();
    let mut index = NameIndex::default();
    for (i, f) in results.iter().enumerate() {
        index.add(i, f);
    }
    let count = |index: &NameIndex, i: usize| index.findings_of(i, &settings, path_of).len();
    assert_eq!([count(&index, 0), count(&index, 1), count(&index, 2)], [1, 1, 0]);
    let all = index.findings(&settings, path_of);
    assert_eq!(all.iter().map(|(i, _)| *i).collect::<Vec<_>>(), [0, 1]);
    assert_eq!(index.findings_of(0, &settings, path_of), vec![all[0].1.clone()], "one file's findings are those of the run");

    // c is renamed to x: all three are now duplicates, and all three changed.
    let renamed = ckslint::lint_str("c.yaml", &req("x"), &settings);
    assert_eq!(index.replace(2, &renamed), [0, 1, 2]);
    assert_eq!([count(&index, 0), count(&index, 1), count(&index, 2)], [1, 1, 1]);
    assert!(index.findings_of(2, &settings, path_of)[0].message.contains("requested 3 times"));
    // a is closed: b and c change.
    assert_eq!(index.remove(0), [1, 2]);
    assert_eq!([count(&index, 0), count(&index, 1), count(&index, 2)], [0, 1, 1]);
    // b renamed to something unique: b and c (which loses its finding) change.
    let unique = ckslint::lint_str("b.yaml", &req("z"), &settings);
    assert_eq!(index.replace(1, &unique), [1, 2]);
    assert_eq!([count(&index, 1), count(&index, 2)], [0, 0]);
    // Removing a file nobody shares a name with changes nobody else.
    assert_eq!(index.remove(1), Vec::<usize>::new());
}

/// The CKS901 finding of one unused inline comment in `text`, linted in memory.
fn unused_comment(text: &str) -> ckslint::Diagnostic {
    let config = ckslint::config::RunConfig::isolated();
    let files = ckslint::pipeline::check(&[ckslint::pipeline::Source::new("a.yaml", text.as_bytes())], &config, Default::default());
    let mut unused = files[0].diagnostics.iter().filter(|d| d.rule.code == "CKS901");
    let d = unused.next().expect("a CKS901 finding").clone();
    assert!(unused.next().is_none());
    d
}

fn without(text: &str, d: &ckslint::Diagnostic) -> String {
    let fix = d.fix.as_ref().expect("a fix");
    assert_eq!(fix.applicability, ckslint::diagnostic::Applicability::Unsafe);
    assert_eq!(fix.message, "remove the suppression comment");
    let [edit] = fix.edits.as_slice() else { panic!("one edit") };
    format!("{}{}{}", &text[..edit.span.start], edit.content, &text[edit.span.end..])
}

#[test]
fn an_unused_suppression_comment_can_be_removed() {
    // At the end of a line: the comment and the blanks before it go, the value stays.
    let text = VALID.replacen("zone: US-WEST-09B", "zone: US-WEST-09B  # ckslint: ignore[CKS205] old zone", 1);
    assert_ne!(text, VALID, "the fixture has the zone line");
    let d = unused_comment(&text);
    assert_eq!(without(&text, &d), VALID);
    // Alone on its line: the whole line goes.
    let text = VALID.replacen("zone: US-WEST-09B", "# ckslint: ignore[CKS205] old zone\nzone: US-WEST-09B", 1);
    let d = unused_comment(&text);
    assert_eq!(without(&text, &d), VALID);
    // Removed, the file is clean again.
    let config = ckslint::config::RunConfig::isolated();
    let fixed = without(&text, &d);
    let files = ckslint::pipeline::check(&[ckslint::pipeline::Source::new("a.yaml", fixed.as_bytes())], &config, Default::default());
    assert!(!files[0].diagnostics.iter().any(|d| d.rule.code == "CKS901"));
}

/// A long YAML stream is read, linted and dropped a document at a time on every thread
/// (`lint::lint_stream`): its findings, document count and names must be exactly those of
/// the file loaded whole (`lint_parsed`), however many threads split it, with findings
/// over the per-file cap only in some runs, across run boundaries, or in every document.
#[test]
fn streams_read_a_document_at_a_time() {
    let clean = |i: usize| {
        format!(
            "name: c{i}\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\ndisableOidcInfoPublication: true\nauditPolicy: YXBpVmVyc2lvbjogYXVkaXQuazhzLmlvL3YxCmtpbmQ6IFBvbGljeQpydWxlczoKLSBsZXZlbDogTWV0YWRhdGEK\n"
        )
    };
    let bad = |i: usize| {
        format!("name: C_{i}\nzone: us-east-04a\nvpcId: nope\nversion: 1.35\nzone: US-EAST-04A\nnetwork:\n  internalLbCidrNames: [lb, lb]\nkubelet:\n  maxpods: 110\n")
    };
    let n = 3_000;
    let streams: Vec<(&str, String)> = vec![
        ("all clean", (0..n).map(|i| format!("---\n{}", clean(i))).collect()),
        ("every document bad", (0..n).map(|i| format!("---\n{}", bad(i))).collect()),
        ("second half bad", (0..n).map(|i| format!("---\n{}", if i < n / 2 { clean(i) } else { bad(i) })).collect()),
        ("a few bad, one name repeated", (0..n).map(|i| format!("---\n{}", if i % 700 == 3 { bad(i) } else { clean(i % 1500) })).collect()),
        ("tiny documents", (0..n).map(|i| format!("---\nname: c{}\n", i % 10)).collect()),
        ("comments first, no leading marker, all clean", format!("# a stream\n{}", (0..n).map(clean).collect::<Vec<_>>().join("---\n"))),
    ];
    let settings = Settings::default();
    for (what, text) in &streams {
        let whole = lint::lint_parsed("s.yaml", text.clone(), Format::Yaml, source::parse(text, Format::Yaml), &settings);
        assert_eq!(whole.documents, n, "{what}");
        for threads in [1, 2, 3, 8] {
            let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
            let streamed = pool.install(|| ckslint::lint_str("s.yaml", text, &settings));
            assert_eq!(streamed.documents, whole.documents, "{what}, {threads} threads");
            let show = |d: &ckslint::Diagnostic| {
                format!(
                    "{} {:?} doc {} {:?} {:?} {:?} {:?} {:?} omitted {} in {} docs, {:?} {:?}",
                    d.rule.code,
                    d.severity,
                    d.document,
                    d.span,
                    d.pointer,
                    d.message,
                    d.help,
                    d.labels,
                    d.omitted,
                    d.omitted_documents,
                    d.fix,
                    d.embedded,
                )
            };
            let (a, b): (Vec<String>, Vec<String>) =
                (streamed.diagnostics.iter().map(show).collect(), whole.diagnostics.iter().map(show).collect());
            if let Some(i) = (0..a.len().max(b.len())).find(|&i| a.get(i) != b.get(i)) {
                panic!("{what}, {threads} threads: finding {i} of {} / {}:\n{:?}\n{:?}", a.len(), b.len(), a.get(i), b.get(i));
            }
            assert_eq!(format!("{:?}", streamed.names), format!("{:?}", whole.names), "{what}, {threads} threads");
        }
        assert_eq!(whole.diagnostics.is_empty(), what.contains("clean"), "{what}: {:?}", codes(&whole));
    }
    // Over the cap in every document: one finding stands for the rest, once per file.
    let every = ckslint::lint_str("s.yaml", &streams[1].1, &settings);
    let over: Vec<_> = every.diagnostics.iter().filter(|d| d.omitted > 0).map(|d| (d.rule.code, d.omitted, d.omitted_documents)).collect();
    assert!(over.contains(&("CKS201", 2_000, 2_000)), "{over:?}");
}
