//! SARIF, GitHub annotations, --fix and --diff, against the real binary and real validators.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_ckslint");

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(BIN).args(args).current_dir(dir).env("NO_COLOR", "1").stdin(Stdio::null()).output().expect("run ckslint")
}

fn json(out: &Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("not JSON: {e}: {}", String::from_utf8_lossy(&out.stdout)))
}

fn testdata_files() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("testdata"))
        .expect("testdata")
        .filter_map(|e| e.ok())
        .map(|e| format!("testdata/{}", e.file_name().to_string_lossy()))
        .filter(|p| p.ends_with(".json") || p.ends_with(".yaml") || p.ends_with(".yml"))
        .collect();
    v.sort();
    v
}

fn sarif_validator() -> jsonschema::Validator {
    let path = root().join("../shared/reference/sarif-schema-2.1.0.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("the official SARIF schema is read from {}: {e}", path.display()));
    let mut schema: serde_json::Value = serde_json::from_str(&text).expect("SARIF schema JSON");
    // The official schema's `language` patterns have a stray `]` that ECMA-262 reads as a
    // literal but Rust regex engines reject, so the schema would not compile. Escape it in
    // memory; ckslint never emits `language`, so validation is otherwise unchanged.
    fn escape_stray_bracket(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m.iter_mut() {
                    if k == "pattern" && x.as_str() == Some("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}]?$") {
                        *x = serde_json::Value::String("^[a-zA-Z]{2}|^[a-zA-Z]{2}-[a-zA-Z]{2}\\]?$".into());
                    } else {
                        escape_stray_bracket(x);
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter_mut().for_each(escape_stray_bracket),
            _ => {}
        }
    }
    escape_stray_bracket(&mut schema);
    jsonschema::options().build(&schema).expect("SARIF schema compiles")
}

#[test]
fn sarif_validates_against_the_official_schema_and_matches_json() {
    let validator = sarif_validator();
    let files = testdata_files();
    let mut args = vec!["check", "--isolated", "--format", "sarif"];
    args.extend(files.iter().map(String::as_str));
    let sarif_out = run(&root(), &args);
    let sarif = json(&sarif_out);
    let errors: Vec<String> = validator.iter_errors(&sarif).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "SARIF does not validate: {errors:#?}");
    args[3] = "json";
    let json_out = run(&root(), &args);
    assert_eq!(sarif_out.status.code(), json_out.status.code(), "SARIF mode keeps the exit code");
    let j = json(&json_out);
    let from_json: Vec<(String, u64, String)> = j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["start"]["line"].as_u64().unwrap(), d["code"].as_str().unwrap().to_string()))
        .collect();
    let from_sarif: Vec<(String, u64, String)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let loc = &r["locations"][0]["physicalLocation"];
            (
                loc["artifactLocation"]["uri"].as_str().unwrap().to_string(),
                loc["region"]["startLine"].as_u64().unwrap(),
                r["ruleId"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(from_json, from_sarif);
    assert!(!from_json.is_empty(), "testdata has invalid examples");
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), ckslint::RULES.len());
    for r in sarif["runs"][0]["results"].as_array().unwrap() {
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], r["ruleId"]);
    }
}

#[test]
fn sarif_per_file_validates() {
    let validator = sarif_validator();
    for f in testdata_files() {
        let out = run(&root(), &["check", "--isolated", "--format", "sarif", &f]);
        let v = json(&out);
        assert!(validator.is_valid(&v), "{f}: SARIF invalid");
    }
}

#[test]
fn sarif_uri_is_percent_encoded() {
    assert_eq!(ckslint::output::sarif::uri_of("dir with space/a#b.yaml"), "dir%20with%20space/a%23b.yaml");
}

#[test]
fn github_annotations_escape_as_github_requires() {
    use ckslint::output::github::{escape_data, escape_property};
    assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
    assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
    let d = tempfile::tempdir().unwrap();
    std::fs::write(d.path().join("x,y.json"), "{\"a\": 1,\n}").unwrap();
    let out = run(d.path(), &["check", "--isolated", "--format", "github", "x,y.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "::error file=x%2Cy.json,line=1,col=8,endLine=1,endColumn=9,title=CKS001 syntax-error::trailing comma before `}`%0Ahelp: JSON does not allow a comma after the last member; remove it\n"
    );
}

/// `--diff` writes nothing; `--fix` removes exactly the findings that had safe fixes,
/// and the fixed file lints without new findings.
#[test]
fn fix_and_diff_on_every_fixture() {
    for f in testdata_files() {
        let before = run(&root(), &["check", "--isolated", "--format", "json", &f]);
        let bj = json(&before);
        let diags = bj["diagnostics"].as_array().unwrap().clone();
        let fixable: Vec<_> = diags.iter().filter(|d| d["fix"]["applicability"] == "safe").collect();
        let d = tempfile::tempdir().unwrap();
        let name = Path::new(&f).file_name().unwrap().to_string_lossy().to_string();
        let original = std::fs::read(root().join(&f)).unwrap();
        std::fs::write(d.path().join(&name), &original).unwrap();

        let diff = run(d.path(), &["check", "--isolated", "--diff", "--format", "concise", &name]);
        assert_eq!(std::fs::read(d.path().join(&name)).unwrap(), original, "{f}: --diff wrote the file");
        let diff_text = String::from_utf8_lossy(&diff.stdout).to_string();
        if fixable.is_empty() {
            assert!(!diff_text.contains("+++ "), "{f}: diff without fixes: {diff_text}");
            continue;
        }
        assert!(diff_text.contains(&format!("--- a/{name}")), "{f}: {diff_text}");

        let fixed = run(d.path(), &["check", "--isolated", "--fix", "--format", "json", &name]);
        let after = json(&fixed);
        let fixed_text = std::fs::read_to_string(d.path().join(&name)).unwrap();
        assert_ne!(fixed_text.as_bytes(), &original[..], "{f}: --fix changed nothing");
        // Code, pointer and message: one node may carry several findings of one rule.
        let key = |d: &serde_json::Value| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["pointer"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        };
        let remaining: Vec<_> = after["diagnostics"].as_array().unwrap().iter().map(key).collect();
        for d in &fixable {
            assert!(!remaining.contains(&key(d)), "{f}: fixed finding {:?} is still reported", key(d));
        }
        // Everything not fixed is still reported; a fix may reveal a new warning (writing
        // `public: true` for `public: yes` reveals CKS301) but never a new error.
        let expected_left: Vec<_> = diags.iter().filter(|d| d["fix"]["applicability"] != "safe").map(key).collect();
        for k in &expected_left {
            assert!(remaining.contains(k), "{f}: {k:?} disappeared without a fix");
        }
        for d in after["diagnostics"].as_array().unwrap() {
            if !expected_left.contains(&key(d)) {
                assert_ne!(d["severity"], "error", "{f}: fixing introduced an error {d}\n{fixed_text}");
            }
        }
    }
}

/// `ckslint schema --output` describes what `--format json` really prints.
#[test]
fn json_output_validates_against_the_shipped_output_schema() {
    let schema_out = run(&root(), &["schema", "--output"]);
    let schema = json(&schema_out);
    let validator = jsonschema::options().build(&schema).expect("output schema compiles");
    let mut args = vec!["check", "--isolated", "--format", "json"];
    let files = testdata_files();
    args.extend(files.iter().map(String::as_str));
    let out = json(&run(&root(), &args));
    let errors: Vec<String> = validator.iter_errors(&out).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // And the schema is strict enough to catch a broken document.
    let mut broken = out.clone();
    broken["diagnostics"] = serde_json::json!([{"path": "x", "code": "E1"}]);
    assert!(!validator.is_valid(&broken));
}
