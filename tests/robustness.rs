//! Hostile and mutated input: linting never panics or hangs, every span lies inside the
//! file on character boundaries, start/end agree with the span, and every output format
//! renders (JSON parses).

use ckslint::lint::FileResult;
use ckslint::output;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

/// xorshift64*: deterministic, dependency-free randomness for mutation tests.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

fn testdata() -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("testdata");
    let mut v: Vec<_> = std::fs::read_dir(dir)
        .expect("testdata")
        .filter_map(|e| e.ok())
        .map(|e| (e.file_name().to_string_lossy().to_string(), std::fs::read(e.path()).expect("read")))
        .collect();
    v.sort();
    v
}

fn mutate(rng: &mut Rng, input: &[u8]) -> Vec<u8> {
    let mut b = input.to_vec();
    let inserts: [&[u8]; 14] =
        [b"[", b"{", b"]", b"}", b"\"", b"'", b"\t", b"&a ", b"*a", b"\xEF\xBB\xBF", b"\n---\n", b"<<: *a\n", b": ", b"\xFF"];
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(b.len() + 1);
        match rng.below(5) {
            0 if !b.is_empty() => {
                let i = rng.below(b.len());
                b[i] ^= 1 << rng.below(8);
            }
            1 => b.truncate(at),
            2 => {
                let ins = inserts[rng.below(inserts.len())];
                b.splice(at..at, ins.iter().copied());
            }
            3 if !b.is_empty() => {
                let end = (at + rng.below(16)).min(b.len());
                b.drain(at.min(end)..end);
            }
            _ => {
                let ins = inserts[rng.below(inserts.len())];
                b.splice(0..0, ins.iter().copied());
            }
        }
    }
    b
}

/// Every invariant a finding must keep, checked against the raw bytes.
fn check_invariants(name: &str, bytes: &[u8], file: &FileResult) {
    let lines = Lines::new(bytes);
    let utf8 = std::str::from_utf8(bytes).ok();
    for d in &file.diagnostics {
        let s = d.span;
        assert!(s.start <= s.end && s.end <= bytes.len(), "{name}: {} span {s:?} outside {} bytes", d.rule.code, bytes.len());
        if let Some(text) = utf8 {
            assert!(
                text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
                "{name}: {} span {s:?} splits a character",
                d.rule.code
            );
        }
        let (start, end) = file.positions(s);
        assert_eq!((start.line, start.column), lines.line_col(s.start), "{name}: {} start", d.rule.code);
        assert_eq!((end.line, end.column), lines.line_col(s.end), "{name}: {} end", d.rule.code);
        for l in d.labels.iter().filter(|l| l.path.is_none()) {
            assert!(l.span.end <= bytes.len(), "{name}: label outside file");
        }
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(e.span.end <= bytes.len(), "{name}: fix edit outside file");
            }
        }
    }
}

/// The reference computation from SPEC §3 (as the acceptance runner does it), with the
/// newline offsets computed once per file so that checking many findings stays linear.
struct Lines<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
    ascii: bool,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines { bytes, newlines: bytes.iter().enumerate().filter(|(_, &b)| b == b'\n').map(|(i, _)| i).collect(), ascii: bytes.is_ascii() }
    }
    fn line_col(&self, offset: usize) -> (usize, usize) {
        let before = self.newlines.partition_point(|&i| i < offset);
        let start = if before == 0 { 0 } else { self.newlines[before - 1] + 1 };
        // ASCII (no BOM, one byte per character): the column is the distance, and a one-line
        // file with thousands of findings stays cheap to check.
        let col = if self.ascii { offset - start + 1 } else { column(&self.bytes[start..offset], start == 0) };
        (before + 1, col)
    }
}

fn column(seg: &[u8], first_line: bool) -> usize {
    let mut seg = seg;
    if first_line {
        seg = seg.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(seg);
    }
    String::from_utf8_lossy(seg).chars().count() + 1
}

fn render_all(files: &[FileResult]) {
    let mut out = String::new();
    output::json::render(files, &mut out);
    serde_json::from_str::<serde_json::Value>(&out).expect("JSON output parses");
    out.clear();
    output::sarif::render(files, &mut out);
    serde_json::from_str::<serde_json::Value>(&out).expect("SARIF output parses");
    out.clear();
    output::concise::render(files, &mut out);
    output::github::render(files, &mut out);
    for f in files {
        output::human::render_file(f, output::human::Style::PLAIN, &mut out);
    }
}

fn lint(name: &str, bytes: &[u8]) -> FileResult {
    ckslint::lint_bytes(name, bytes, &ckslint::Settings::default())
}

#[test]
fn mutated_testdata_keeps_every_invariant() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let corpus = testdata();
    for round in 0..300 {
        for (name, bytes) in &corpus {
            let m = mutate(&mut rng, bytes);
            let f = lint(name, &m);
            check_invariants(&format!("{name} round {round}"), &m, &f);
            if round % 25 == 0 {
                render_all(std::slice::from_ref(&f));
            }
        }
    }
}

/// A hang guard, not a performance test: each of these inputs lints in milliseconds in a
/// release build (README "Robustness"); a minute means a loop that does not end.
const HANG: Duration = Duration::from_secs(60);

fn assert_reported(name: &str, bytes: &[u8], code: &str) -> FileResult {
    let t = Instant::now();
    let f = lint(name, bytes);
    assert!(t.elapsed() < HANG, "{name} took {:?}", t.elapsed());
    assert!(
        f.diagnostics.iter().any(|d| d.rule.code == code),
        "{name}: expected {code}, got {:?}",
        f.diagnostics.iter().map(|d| d.rule.code).collect::<Vec<_>>()
    );
    check_invariants(name, bytes, &f);
    render_all(std::slice::from_ref(&f));
    f
}

#[test]
fn deep_nesting_is_an_input_limit() {
    assert_reported("deep.json", "[".repeat(500_000).as_bytes(), "CKS006");
    assert_reported("deep.yaml", "[".repeat(500_000).as_bytes(), "CKS006");
    let block: String = (0..200_000).map(|_| "- ").collect();
    assert_reported("block.yaml", block.as_bytes(), "CKS006");
    let mut nested = String::new();
    for i in 0..20_000 {
        nested.push_str(&" ".repeat(i));
        nested.push_str("a:\n");
    }
    assert_reported("map.yaml", nested.as_bytes(), "CKS006");
}

#[test]
fn alias_bomb_is_an_input_limit() {
    let mut s = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        s.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"));
    }
    assert_reported("bomb.yaml", s.as_bytes(), "CKS006");
}

#[test]
fn oversized_and_long_line_files() {
    let big = vec![b' '; 40 * 1024 * 1024];
    let f = assert_reported("big.json", &big, "CKS006");
    assert_eq!(f.diagnostics.len(), 1);
    // A 12 MB single line: a valid-looking JSON request with a huge string; the human
    // renderer must not print it whole or panic.
    let line = format!("{{\"name\": \"{}\"}}", "a".repeat(12_000_000));
    let f = lint("line.json", line.as_bytes());
    check_invariants("line.json", line.as_bytes(), &f);
    let mut out = String::new();
    output::human::render_file(&f, output::human::Style::PLAIN, &mut out);
    assert!(out.len() < 100_000, "human output printed the long line ({} bytes)", out.len());
}

#[test]
fn encodings_and_binary() {
    assert_reported("bad.yaml", b"name: \xFF\xFE oops\n", "CKS001");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("{\"name\": \"x\"}".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    let f = assert_reported("u16.json", &utf16, "CKS001");
    assert!(f.diagnostics[0].message.contains("UTF-16"));
    assert_reported("nul.json", b"{\"name\": \"a\0b\"}", "CKS001");
    let mut rng = Rng(42);
    for i in 0..200 {
        let len = rng.below(4096);
        let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        for name in ["r.json", "r.yaml", "r"] {
            let f = lint(name, &bytes);
            check_invariants(&format!("random {i} {name}"), &bytes, &f);
        }
    }
}

#[test]
fn odd_scalars_never_crash() {
    for src in [
        "{\"maxPods\": 123456789012345678901234567890}",
        "{\"a\": 1e400, \"b\": -1e400}",
        "a: .inf\nb: -.Inf\nc: .nan\n",
        "a: !!str 1.30\nb: !custom x\nc: !!binary aGVsbG8=\n",
        "base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n",
        "? [complex, key]\n: value\n",
        "a: 99999999999999999999999\n",
    ] {
        let name = if src.starts_with('{') { "x.json" } else { "x.yaml" };
        let f = lint(name, src.as_bytes());
        check_invariants(src, src.as_bytes(), &f);
        render_all(std::slice::from_ref(&f));
    }
}

#[test]
fn many_documents_in_one_stream() {
    let doc = "name: a\nzone: US-EAST-04A\n";
    let s: String = (0..20_000).map(|_| format!("---\n{doc}")).collect();
    let mut files = [lint("many.yaml", s.as_bytes())];
    ckslint::rules::cross::check(&mut files, &ckslint::Settings::default());
    let [f] = files;
    check_invariants("many.yaml", s.as_bytes(), &f);
    // Every document is there, each named `a`: CKS401 fires on each, but labels only a
    // few of the 19,999 other places (not N² labels).
    let mut dup: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS401").collect();
    assert_eq!(dup.len(), 20_000);
    dup.sort_by_key(|d| d.document);
    assert_eq!(dup[19_999].document, 19_999);
    assert!(dup.iter().all(|d| d.labels.len() == 5));
    assert_eq!(dup[0].message, "cluster name `a` is requested 20000 times in this run");
    assert_eq!(
        dup[0].help.as_deref(),
        Some("cluster names are unique: rename them, or delete the copies (the labels show 5 of the 19999 other places)")
    );
}

#[test]
fn panic_in_one_file_is_isolated_and_exits_two() {
    let d = tempfile::tempdir().expect("tempdir");
    std::fs::write(d.path().join("a.json"), "{").expect("write");
    std::fs::write(d.path().join("boom.json"), "{}").expect("write");
    let out = Command::new(BIN)
        .args(["check", "--isolated", "--format", "json", "a.json", "boom.json"])
        .current_dir(d.path())
        .env("CKSLINT_TEST_PANIC_ON", "boom")
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["diagnostics"][0]["path"], "a.json");
    assert!(String::from_utf8_lossy(&out.stderr).contains("boom.json: internal error"));
}

#[cfg(unix)]
#[test]
fn directory_walks_skip_fifos_and_symlink_loops() {
    let d = tempfile::tempdir().expect("tempdir");
    let p = d.path();
    std::fs::create_dir_all(p.join("x.json")).expect("dir");
    std::os::unix::fs::symlink(p, p.join("loop")).expect("symlink");
    let _ = Command::new("mkfifo").arg(p.join("fifo.json")).status();
    std::fs::write(p.join("a.cks.json"), "{").expect("write");
    let t = Instant::now();
    let out = Command::new(BIN)
        .args(["check", "--isolated", "--format", "concise", "."])
        .current_dir(p)
        .stdin(Stdio::null())
        .output()
        .expect("run");
    assert!(t.elapsed() < HANG);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "a.cks.json:1:2: error[CKS001] unexpected end of file, expected a key in double quotes\n"
    );
}

/// Inputs the fuzzers found interesting (new coverage; see README "Fuzzing"), kept as
/// regression tests: each is linted as JSON and as YAML, keeps every invariant and
/// renders in every format. Crash reproducers go into the same directory.
#[test]
fn fuzz_regressions_keep_every_invariant() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut entries: Vec<_> = std::fs::read_dir(&dir).expect("fuzz/regressions").filter_map(|e| e.ok()).map(|e| e.path()).collect();
    entries.sort();
    assert!(entries.len() >= 50, "expected the committed fuzz corpus in {}", dir.display());
    for path in entries {
        let bytes = std::fs::read(&path).expect("read");
        let stem = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        for ext in ["json", "yaml"] {
            let name = format!("{stem}.{ext}");
            let f = lint(&name, &bytes);
            check_invariants(&name, &bytes, &f);
            render_all(std::slice::from_ref(&f));
        }
    }
}

/// Lint under the hang guard and check the invariants (rendering is timed by the CLI
/// benchmark; here it would only slow the test run).
fn wide(name: &str, bytes: &[u8], code: &str) -> FileResult {
    let t = Instant::now();
    let f = lint(name, bytes);
    assert!(t.elapsed() < HANG, "{name} took {:?}", t.elapsed());
    assert!(f.diagnostics.iter().any(|d| d.rule.code == code), "{name}: expected {code}");
    check_invariants(name, bytes, &f);
    f
}

/// Objects with tens of thousands of keys and lists with tens of thousands of items, in
/// JSON and YAML. Each once took time quadratic in its size (key lookups by scan in the
/// JSON parser and the unknown-field pass, the reused-name pass, the removal fixes): 40,000
/// repeated list items took 15 s in a release build. Now every one is linear; the guard
/// catches a return to quadratic (minutes in a debug build).
#[test]
fn wide_objects_and_long_lists_stay_linear() {
    const N: usize = 40_000;
    let head = "\"name\": \"big\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\"";
    let net =
        |lbs: String| format!("\"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [{lbs}]}}");
    // Findings of a rule, listed or counted behind the one finding that stands for those
    // past the per-document cap; never more than the cap listed.
    let count = |f: &FileResult, code: &str| {
        let of: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == code).collect();
        assert!(of.len() <= ckslint::lint::MAX_PER_RULE + 1, "{code}: {} listed", of.len());
        of.iter().map(|d| d.omitted.max(1)).sum::<usize>()
    };

    // The same list item N times: N-1 reused names, each with a removal fix.
    let same = vec!["\"lb\""; N].join(", ");
    let text = format!("{{{head}, {}}}", net(same));
    for name in ["dup-items.json", "dup-items.yaml"] {
        let f = wide(name, text.as_bytes(), "CKS211");
        assert_eq!(count(&f, "CKS211"), N - 1, "{name}");
        assert!(f.diagnostics.iter().filter(|d| d.rule.code == "CKS211" && d.omitted == 0).all(|d| d.fix.is_some()), "{name}");
    }

    // N unknown top-level fields.
    let unknown: String = (0..N).map(|i| format!(", \"extra{i:05}\": 1")).collect();
    let text = format!("{{{head}, {}{unknown}}}", net("\"lb\"".into()));
    for name in ["wide.json", "wide.yaml"] {
        let f = wide(name, text.as_bytes(), "CKS102");
        assert_eq!(count(&f, "CKS102"), N, "{name}");
    }

    // N list items of the wrong type: N type findings.
    let numbers: String = (0..N).map(|i| i.to_string()).collect::<Vec<_>>().join(", ");
    let text = format!("{{{head}, {}, \"additionalServerSans\": [{numbers}]}}", net("\"lb\"".into()));
    for name in ["wrong-types.json", "wrong-types.yaml"] {
        let f = wide(name, text.as_bytes(), "CKS104");
        assert_eq!(count(&f, "CKS104"), N, "{name}");
    }

    // The same key N times in one object: N-1 duplicate keys, each labelling the first.
    let repeated: String = (0..N).map(|i| format!(", \"again\": {i}")).collect();
    let text = format!("{{{head}, {}, \"kubelet\": {{\"featureGates\": {{\"A\": true{repeated}}}}}}}", net("\"lb\"".into()));
    for name in ["repeated-key.json", "repeated-key.yaml"] {
        let f = wide(name, text.as_bytes(), "CKS002");
        assert_eq!(count(&f, "CKS002"), N - 1, "{name}");
    }

    // A YAML merge of a mapping (as large as the alias budget allows) into a wide mapping.
    let keys = |p: &str, n: usize| (0..n).map(|i| format!("  {p}{i}: true\n")).collect::<String>();
    let text = format!(
        "name: big\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\nx-gates: &g\n{}kubelet:\n  featureGates:\n    <<: *g\n{}",
        keys("A", 4_000),
        keys("  B", N)
    );
    let f = wide("merge.yaml", text.as_bytes(), "CKS102");
    check_invariants("merge.yaml", text.as_bytes(), &f);
}

/// An audit policy whose rules each need a different correction (`group: Apps17` →
/// `apps17`): the combined fix named each distinct correction once by a scan of those
/// seen so far, quadratic (250,000 of them took 61 s in a release build, 100,000 took 60 s
/// here). Enough of them that a return to quadratic takes minutes here.
#[test]
fn audit_policy_with_many_distinct_corrections_stays_linear() {
    use base64::Engine;
    const N: usize = 200_000;
    let rules: String = (0..N).map(|i| format!("- level: None\n  resources:\n  - group: Apps{i}\n")).collect();
    let policy = format!("apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n{rules}");
    let text = format!(
        "{{\"name\": \"big\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\", \
         \"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [\"lb\"]}}, \"auditPolicy\": \"{}\"}}",
        base64::engine::general_purpose::STANDARD.encode(policy)
    );
    let f = wide("groups.json", text.as_bytes(), "CKS232");
    let of: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS232").collect();
    assert_eq!(of.iter().map(|d| d.omitted.max(1)).sum::<usize>(), N);
    let fix = of.iter().find_map(|d| d.fix.as_ref()).expect("the combined fix");
    assert_eq!(
        fix.message,
        "re-encode the policy with `group: apps0`, `group: apps1`, `group: apps2`, `group: apps3`, `group: apps4` and 199,995 more"
    );
}

/// Valid YAML that cannot be a request (SPEC §1): a mapping or sequence used as a key is
/// CKS008 at the key, not a syntax error, and the rest of the document is still linted.
#[test]
fn collection_keys_are_a_finding_about_the_request() {
    let head = "name: big\nzone: US-EAST-04A\nvpcId: 3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\nversion: v1.35\nnetwork:\n  podCidrName: p\n  serviceCidrName: s\n  internalLbCidrNames: [lb]\n";
    // (key text as written, its span's text, line, column)
    for (tail, key) in [
        ("? [a, b]\n: c\n", "[a, b]"),
        ("{a: b}: c\n", "{a: b}"),
        ("? - x\n  - y\n: z\n", "- x\n  - y"),
        ("[q]: 1\n", "[q]"),
        ("? {x: [1, 2]}\n", "{x: [1, 2]}"),
    ] {
        let text = format!("{head}{tail}unknownField: 1\n");
        let f = lint("keys.yaml", text.as_bytes());
        let codes: Vec<_> = f.diagnostics.iter().map(|d| d.rule.code).collect();
        assert!(!codes.contains(&"CKS001"), "{tail:?}: {codes:?}");
        let d = f.diagnostics.iter().find(|d| d.rule.code == "CKS008").unwrap_or_else(|| panic!("{tail:?}: {codes:?}"));
        assert_eq!(d.message, "a mapping or sequence is used as a key; a request's keys are strings", "{tail:?}");
        assert_eq!(&text[d.span.start..d.span.end], key, "{tail:?}");
        assert_eq!(f.position(d.span.start).line, 9, "{tail:?}");
        // The member is left out; the rest of the document is linted as usual.
        assert!(f.diagnostics.iter().any(|d| d.rule.code == "CKS102" && d.message.contains("`unknownField`")), "{tail:?}: {codes:?}");
        check_invariants("keys.yaml", text.as_bytes(), &f);
    }
}

/// Flow nesting past the limit is ckslint's own CKS006 message at the bracket past the
/// limit — also past saphyr's own recursion limit (about 256), which it hits first.
#[test]
fn deep_flow_nesting_reports_the_depth_limit() {
    for (open, close) in [("[", "]"), ("{x: ", "}")] {
        for depth in [129usize, 200, 257, 300, 1000] {
            let text = format!("a: {}1{}\n", open.repeat(depth), close.repeat(depth));
            let f = lint("deep.yaml", text.as_bytes());
            let found: Vec<_> = f.diagnostics.iter().map(|d| (d.rule.code, d.message.as_str())).collect();
            assert_eq!(found, [("CKS006", "nesting deeper than 128 levels")], "{open} × {depth}");
            let d = &f.diagnostics[0];
            assert_eq!(&text[d.span.start..d.span.end], &open[..1], "{open} × {depth}");
            check_invariants("deep.yaml", text.as_bytes(), &f);
        }
    }
}

/// Past the per-file cap, findings of one rule are counted behind one finding, in
/// every format; the human report draws the first ten and says how many more there are.
#[test]
fn findings_past_the_cap_are_counted_not_listed() {
    let n = 5_000;
    let items = vec!["\"lb\""; n].join(", ");
    let text = format!("{{\"name\": \"big\", \"zone\": \"US-EAST-04A\", \"vpcId\": \"3f0c2a9e-1d2b-4c5e-9f7a-0b1c2d3e4f50\", \"version\": \"v1.35\", \"network\": {{\"podCidrName\": \"p\", \"serviceCidrName\": \"s\", \"internalLbCidrNames\": [{items}]}}}}");
    let f = lint("lb.json", text.as_bytes());
    let of: Vec<_> = f.diagnostics.iter().filter(|d| d.rule.code == "CKS211").collect();
    assert_eq!(of.len(), ckslint::lint::MAX_PER_RULE + 1);
    let last = of.iter().find(|d| d.omitted > 0).expect("the overflow finding");
    assert_eq!(last.omitted, n - 1 - ckslint::lint::MAX_PER_RULE);
    assert_eq!(last.message, "3,999 more CKS211 prefix-name-reused findings in this file, not listed");
    assert_eq!(last.pointer, "/network/internalLbCidrNames/1001");
    // Every format's summary counts all of them.
    let s = output::Summary::of(std::slice::from_ref(&f));
    assert_eq!(s.errors, n - 1);
    let mut human = String::new();
    output::human::render_file(&f, output::human::Style::PLAIN, &mut human);
    assert_eq!(human.matches("CKS211 prefix-name-reused").count(), 11, "ten drawn, one line for the rest");
    assert!(human.contains("… and 4,989 more CKS211 prefix-name-reused in lb.json, not shown here"), "{}", &human[human.len() - 400..]);
    check_invariants("lb.json", text.as_bytes(), &f);
}
