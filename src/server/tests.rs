//! In-process protocol tests: the server runs on a thread over memory channels (as
//! ruff's e2e tests do) and a scripted client checks what it answers. Every message the
//! server sends must be consumed by the test (checked when the client is dropped).

use super::*;
use crossbeam_channel::RecvTimeoutError;
use insta::assert_json_snapshot;
use std::collections::VecDeque;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

const VSCODE: &str = include_str!("../../tests/fixtures/lsp/vscode.json");
const NEOVIM: &str = include_str!("../../tests/fixtures/lsp/neovim.json");
const HELIX: &str = include_str!("../../tests/fixtures/lsp/helix.json");

fn caps(fixture: &str) -> Value {
    serde_json::from_str(fixture).unwrap()
}

struct Client {
    conn: Connection,
    server: Option<std::thread::JoinHandle<u8>>,
    next: i32,
    notes: VecDeque<Notification>,
    requests: VecDeque<Request>,
    responses: Vec<Response>,
    dir: tempfile::TempDir,
    init: Value,
    closed: bool,
}

impl Client {
    /// A server initialized with a client-capability fixture, in an empty workspace.
    fn new(fixture: &str) -> Client {
        Client::with(fixture, |_| {})
    }

    fn with(fixture: &str, setup: impl FnOnce(&Path)) -> Client {
        let dir = tempfile::tempdir().unwrap();
        setup(dir.path());
        let (server_side, client_side) = Connection::memory();
        let server = std::thread::spawn(move || run(server_side));
        let mut c = Client {
            conn: client_side,
            server: Some(server),
            next: 0,
            notes: VecDeque::new(),
            requests: VecDeque::new(),
            responses: Vec::new(),
            dir,
            init: Value::Null,
            closed: false,
        };
        let mut params = caps(fixture);
        params["rootUri"] = json!(convert::path_to_uri(c.dir.path()));
        params["workspaceFolders"] = json!([{"uri": convert::path_to_uri(c.dir.path()), "name": "ws"}]);
        c.init = c.request("initialize", params);
        c.notify("initialized", json!({}));
        c
    }

    fn uri(&self, name: &str) -> String {
        convert::path_to_uri(&self.dir.path().join(name))
    }

    fn write(&self, name: &str, text: &str) {
        let p = self.dir.path().join(name);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    /// A value with the workspace's URI and path replaced by `WS`, for snapshots.
    fn redact(&self, v: &Value) -> Value {
        let uri = convert::path_to_uri(self.dir.path());
        let text = v.to_string().replace(&uri, "file:///WS").replace(&self.dir.path().to_string_lossy().to_string(), "/WS");
        serde_json::from_str(&text).unwrap()
    }

    fn notify(&self, method: &str, params: Value) {
        self.conn.sender.send(Message::Notification(Notification::new(method.into(), params))).unwrap();
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next += 1;
        let id = RequestId::from(self.next);
        self.conn.sender.send(Message::Request(Request::new(id.clone(), method.into(), params))).unwrap();
        id
    }

    fn pump(&mut self) {
        match self.conn.receiver.recv_timeout(WAIT) {
            Ok(Message::Notification(n)) => self.notes.push_back(n),
            Ok(Message::Request(r)) => self.requests.push_back(r),
            Ok(Message::Response(r)) => self.responses.push(r),
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server within {WAIT:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server hung up"),
        }
    }

    fn response(&mut self, id: &RequestId) -> Response {
        loop {
            if let Some(i) = self.responses.iter().position(|r| r.id == *id) {
                return self.responses.remove(i);
            }
            self.pump();
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params);
        match self.response(&id).response_result {
            Ok(v) => v,
            Err(e) => panic!("{method} failed: {e:?}"),
        }
    }

    fn notification(&mut self, method: &str) -> Value {
        loop {
            if let Some(i) = self.notes.iter().position(|n| n.method == method) {
                return self.notes.remove(i).unwrap().params;
            }
            self.pump();
        }
    }

    /// The next publishDiagnostics for `uri` (others stay queued).
    fn diagnostics(&mut self, uri: &str) -> Value {
        loop {
            if let Some(i) = self.notes.iter().position(|n| n.method == "textDocument/publishDiagnostics" && n.params["uri"] == uri) {
                return self.notes.remove(i).unwrap().params;
            }
            self.pump();
        }
    }

    fn open(&mut self, name: &str, text: &str) -> String {
        let uri = self.uri(name);
        let language = if name.ends_with(".json") { "json" } else { "yaml" };
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}));
        uri
    }

    fn change(&self, uri: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": [{"text": text}]}),
        );
    }

    fn pull(&mut self, uri: &str) -> Value {
        self.request("textDocument/diagnostic", json!({"textDocument": {"uri": uri}}))
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(method, json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": character}}))
    }

    fn actions(&mut self, uri: &str, range: Value, only: Option<Value>) -> Value {
        let mut context = json!({"diagnostics": []});
        if let Some(o) = only {
            context["only"] = o;
        }
        self.request("textDocument/codeAction", json!({"textDocument": {"uri": uri}, "range": range, "context": context}))
    }

    /// `shutdown` then `exit`; the server's exit code.
    fn shutdown(&mut self) -> u8 {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        self.closed = true;
        self.server.take().unwrap().join().unwrap()
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        if std::thread::panicking() {
            return;
        }
        if !self.closed {
            assert_eq!(self.shutdown(), 0);
        }
        let left: Vec<String> = self.notes.iter().map(|n| format!("{} {}", n.method, n.params)).collect();
        assert!(left.is_empty(), "server messages left unread: {left:#?}");
        let left: Vec<String> = self.requests.iter().map(|r| r.method.clone()).collect();
        // registerCapability is the only server request that a test may ignore.
        assert!(left.iter().all(|m| m == "client/registerCapability"), "server requests left unread: {left:?}");
    }
}

/// Apply LSP text edits (positions in `encoding`) to a text.
fn apply(text: &str, edits: &[Value], encoding: Encoding) -> String {
    let index = PositionIndex::new(text);
    let t = Text { text, index: &index, encoding };
    let mut spans: Vec<(Span, String)> = edits.iter().map(|e| (t.span(&e["range"]), e["newText"].as_str().unwrap().to_string())).collect();
    spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
    let mut out = text.to_string();
    for (s, new) in spans {
        out.replace_range(s.start..s.end, &new);
    }
    out
}

use ckslint::source::Span;

fn edits_of(action: &Value, uri: &str) -> Vec<Value> {
    let e = &action["edit"];
    if let Some(dc) = e["documentChanges"].as_array() {
        return dc[0]["edits"].as_array().unwrap().clone();
    }
    e["changes"][uri].as_array().unwrap().clone()
}

const REQUEST: &str = "name: Prod-East\nzone: US-EAST-04A\nvpcId: vpc-0123456789abcdef0\nversion: v1.35\nnetwork:\n  podCidrName: pods\n  serviceCidrName: services\n  internalLbCidrNames: [lb]\n";

/// Line of the first occurrence of `needle`.
fn line_of(text: &str, needle: &str) -> u32 {
    text[..text.find(needle).unwrap()].matches('\n').count() as u32
}

#[test]
fn initialize_negotiates_the_encoding_per_client() {
    let mut vs = Client::new(VSCODE);
    let mut nv = Client::new(NEOVIM);
    let mut hx = Client::new(HELIX);
    assert_eq!(vs.init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(nv.init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(hx.init["capabilities"]["positionEncoding"], "utf-8");
    // VS Code asks for pull diagnostics and watches files for us; Neovim does neither.
    assert!(vs.init["capabilities"]["diagnosticProvider"].is_object());
    assert!(nv.init["capabilities"]["diagnosticProvider"].is_null());
    assert_json_snapshot!("initialize_vscode", vs.redact(&vs.init));
    let reg = loop {
        if let Some(r) = vs.requests.pop_front() {
            break r;
        }
        vs.pump();
    };
    assert_eq!(reg.method, "client/registerCapability");
    assert_json_snapshot!("register_watchers", reg.params);
    // No registration for a client without dynamic watched-file registration.
    let _ = nv.shutdown();
    assert!(nv.requests.is_empty());
    let _ = hx.shutdown();
}

#[test]
fn diagnostics_of_a_yaml_request_in_utf16_and_utf8() {
    let text = "# 😀 東京 e\u{301}\nname: \"prod😀east\"\nzone: US-EAST-04A\nvpcId: vpc-1\nversion: v1.35\n";
    for (fixture, name) in [(NEOVIM, "utf8"), (HELIX, "helix")] {
        let mut c = Client::new(fixture);
        let uri = c.open("a.yaml", text);
        let d = c.diagnostics(&uri);
        let name_line = d["diagnostics"].as_array().unwrap().iter().find(|x| x["code"] == "CKS201").unwrap().clone();
        // `name: "prod` is 11 bytes; the emoji is 4.
        assert_eq!(name_line["range"], json!({"start": {"line": 1, "character": 11}, "end": {"line": 1, "character": 15}}), "{name}");
        assert_eq!(d["version"], 1);
    }
    // The same finding in UTF-16 units: the emoji counts 2.
    let mut c = Client::new(VSCODE);
    let uri = c.open("a.yaml", text);
    let d = c.pull(&uri);
    let f = d["items"].as_array().unwrap().iter().find(|x| x["code"] == "CKS201").unwrap().clone();
    // The emoji is 2 UTF-16 units.
    assert_eq!(f["range"], json!({"start": {"line": 1, "character": 11}, "end": {"line": 1, "character": 13}}));
    assert_json_snapshot!("pull_diagnostics_yaml", c.redact(&d));
}

#[test]
fn crlf_and_bom_positions() {
    let text = "\u{feff}name: Prod_East\r\nzone: US-EAST-04A\r\nvpcId: vpc-1\r\nversion: v9.99\r\n";
    let mut c = Client::new(NEOVIM);
    let uri = c.open("crlf.yaml", text);
    let d = c.diagnostics(&uri);
    let find = |code: &str| d["diagnostics"].as_array().unwrap().iter().find(|x| x["code"] == code).unwrap()["range"].clone();
    // The BOM is three bytes of line 0 in UTF-8.
    assert_eq!(find("CKS201"), json!({"start": {"line": 0, "character": 9}, "end": {"line": 0, "character": 10}}));
    // After two CRLF breaks; `version: ` is 9 bytes.
    assert_eq!(find("CKS206")["start"], json!({"line": 3, "character": 9}), "{d:#}");
}

#[test]
fn documents_check_would_not_lint_get_no_diagnostics_and_close_clears() {
    let mut c = Client::new(NEOVIM);
    let helm = c.open("values.yaml", "replicaCount: 2\nimage:\n  repository: nginx\n");
    assert_eq!(c.diagnostics(&helm)["diagnostics"], json!([]));
    let uri = c.open("a.yaml", REQUEST);
    assert!(!c.diagnostics(&uri)["diagnostics"].as_array().unwrap().is_empty());
    c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}}));
    assert_eq!(c.diagnostics(&uri), json!({"uri": uri, "diagnostics": []}));
    // A `*.cks.yaml` file is always linted, even when it does not look like a request.
    let named = c.open("x.cks.yaml", "replicaCount: 2\n");
    assert!(!c.diagnostics(&named)["diagnostics"].as_array().unwrap().is_empty());
}

#[test]
fn results_follow_versions_and_incremental_changes() {
    let mut c = Client::new(NEOVIM);
    let uri = c.open("a.yaml", REQUEST);
    let first = c.diagnostics(&uri);
    assert!(first["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "CKS201"));
    // Rename the cluster with a ranged edit (line 0, `Prod-East` → `prod-east`).
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [
            {"range": {"start": {"line": 0, "character": 6}, "end": {"line": 0, "character": 15}}, "text": "prod-east"}
        ]}),
    );
    let second = c.diagnostics(&uri);
    assert_eq!(second["version"], 2);
    assert!(!second["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "CKS201"), "{second:#}");
    // Many changes in a row: the last publish is of the last version, and none is of a
    // version older than one published before it.
    for v in 3..=12 {
        let name = if v % 2 == 0 { "prod-east" } else { "Prod-East" };
        c.change(&uri, v, &REQUEST.replace("Prod-East", name));
    }
    let mut last = 2;
    loop {
        let d = c.diagnostics(&uri);
        let v = d["version"].as_i64().unwrap();
        assert!(v > last, "version {v} published after {last}");
        last = v;
        if v == 12 {
            assert!(!d["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "CKS201"));
            break;
        }
    }
}

#[test]
fn code_actions_quickfix_suppress_and_fix_all() {
    let mut c = Client::new(VSCODE);
    let uri = c.open("a.yaml", REQUEST);
    let line = line_of(REQUEST, "name:");
    let actions = c.actions(&uri, json!({"start": {"line": line, "character": 6}, "end": {"line": line, "character": 6}}), None);
    assert_json_snapshot!("code_actions_yaml", c.redact(&actions));
    let list = actions.as_array().unwrap();
    let fix = list.iter().find(|a| a["kind"] == "quickfix" && a["title"].as_str().unwrap().contains("CKS201")).unwrap();
    assert!(apply(REQUEST, &edits_of(fix, &uri), Encoding::Utf16).starts_with("name: prod-east\n"));
    let suppress = list.iter().find(|a| a["title"] == "suppress CKS201 on this line").unwrap();
    let suppressed = apply(REQUEST, &edits_of(suppress, &uri), Encoding::Utf16);
    assert!(suppressed.starts_with("name: Prod-East  # ckslint: ignore[CKS201] TODO: say why\n"));
    // After the edit the finding is gone and the suppression is used (no CKS901).
    c.change(&uri, 2, &suppressed);
    let d = c.pull(&uri);
    let codes: Vec<&str> = d["items"].as_array().unwrap().iter().filter_map(|x| x["code"].as_str()).collect();
    assert!(!codes.contains(&"CKS201") && !codes.contains(&"CKS901"), "{codes:?}");
    // fixAll with `only: ["source.fixAll"]` (hierarchical) applies the safe fixes,
    // exactly as the library's fixer does.
    c.change(&uri, 3, REQUEST);
    let all =
        c.actions(&uri, json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}), Some(json!(["source.fixAll"])));
    let all = all.as_array().unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["kind"], "source.fixAll.ckslint");
    let fixed = apply(REQUEST, &edits_of(&all[0], &uri), Encoding::Utf16);
    let lib = ckslint::lint_texts(&[("a.yaml", REQUEST)]);
    assert_eq!(Some(fixed), ckslint::fix::apply_safe_fixes(REQUEST, &lib[0].diagnostics));
    // `only: ["refactor"]` gets nothing.
    assert_eq!(
        c.actions(&uri, json!({"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}), Some(json!(["refactor"]))),
        json!([])
    );
}

#[test]
fn json_request_diagnostics_and_actions() {
    let text = "{\n  \"name\": \"Prod-東京\",\n  \"zone\": \"US-EAST-04A\",\n  \"vpcId\": \"vpc-1\",\n  \"version\": \"v1.35\"\n}\n";
    let mut c = Client::new(HELIX);
    let uri = c.open("a.json", text);
    let d = c.diagnostics(&uri);
    assert_json_snapshot!("publish_diagnostics_json", c.redact(&d["diagnostics"]));
    let actions =
        c.actions(&uri, json!({"start": {"line": 1, "character": 12}, "end": {"line": 1, "character": 12}}), Some(json!(["quickfix"])));
    // No suppression comment in JSON.
    assert!(actions.as_array().unwrap().iter().all(|a| !a["title"].as_str().unwrap().starts_with("suppress")));
}

#[test]
fn hover_on_a_finding_a_suppression_code_and_a_key() {
    let text = "name: Prod-East\nzone: US-EAST-04A  # ckslint: ignore[CKS210, CKS301] legacy\nvpcId: vpc-1\nversion: v1.35\nnetwork:\n  podCidrName: pods\n";
    let mut c = Client::new(NEOVIM);
    let uri = c.open("a.yaml", text);
    let _ = c.diagnostics(&uri);
    let on_finding = c.at("textDocument/hover", &uri, 0, 6);
    assert!(on_finding["contents"]["value"].as_str().unwrap().starts_with("**CKS201"), "{on_finding:#}");
    let col = text.lines().nth(1).unwrap().find("CKS301").unwrap() as u32 + 2;
    let on_code = c.at("textDocument/hover", &uri, 1, col);
    assert_json_snapshot!("hover_suppression_code", on_code);
    let on_key = c.at("textDocument/hover", &uri, 5, 4);
    assert_json_snapshot!("hover_key", on_key);
    assert_eq!(c.at("textDocument/hover", &uri, 3, 12), Value::Null);
}

#[test]
fn completion_of_fields_values_and_rule_codes() {
    let mut c = Client::new(NEOVIM);
    let text =
        "name: prod\nzone: US-EAST-04A\nvpcId: vpc-1\nversion: \noidc:\n  signingAlgorithms:\n    - \nnetwork:\n  \n# ckslint: ignore[\n";
    let uri = c.open("a.cks.yaml", text);
    let _ = c.diagnostics(&uri);
    let labels =
        |v: &Value| -> Vec<String> { v["items"].as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap().to_string()).collect() };
    let versions = c.at("textDocument/completion", &uri, 3, 9);
    assert_eq!(labels(&versions), ckslint::lint::Settings::default().supported_versions);
    let algs = c.at("textDocument/completion", &uri, 6, 6);
    assert!(labels(&algs).contains(&"SIGNING_ALGORITHM_RS256".to_string()), "{algs:#}");
    let network = c.at("textDocument/completion", &uri, 8, 2);
    assert_json_snapshot!("completion_network_keys", labels(&network));
    let codes = c.at("textDocument/completion", &uri, 9, 18);
    assert!(labels(&codes).contains(&"CKS201".to_string()));
    let zones = c.at("textDocument/completion", &uri, 1, 6);
    assert!(labels(&zones).contains(&"US-EAST-04A".to_string()));
}

#[test]
fn cks401_across_open_documents() {
    let mut c = Client::new(NEOVIM);
    let a = c.open("a.yaml", &REQUEST.replace("Prod-East", "prod-east"));
    let first = c.diagnostics(&a);
    assert!(!first["diagnostics"].as_array().unwrap().iter().any(|d| d["code"] == "CKS401"));
    let b = c.open("b.yaml", &REQUEST.replace("Prod-East", "prod-east"));
    let db = c.diagnostics(&b);
    let da = c.diagnostics(&a);
    let dup = |d: &Value| d["diagnostics"].as_array().unwrap().iter().find(|x| x["code"] == "CKS401").cloned();
    let in_b = dup(&db).unwrap();
    assert_eq!(in_b["relatedInformation"][0]["location"]["uri"], a);
    assert!(dup(&da).is_some());
    // Renaming b removes the finding from both.
    c.change(&b, 2, &REQUEST.replace("Prod-East", "prod-west"));
    assert!(dup(&c.diagnostics(&b)).is_none());
    assert!(dup(&c.diagnostics(&a)).is_none());
}

#[test]
fn configuration_is_found_reloaded_by_mtime_and_by_watch_and_bad_config_is_reported() {
    let mut c = Client::with(NEOVIM, |d| std::fs::write(d.join(".ckslint.yaml"), "ignore: [CKS201]\n").unwrap());
    let sub = "clusters/east/a.yaml";
    let uri = c.open(sub, REQUEST);
    let codes = |d: &Value| -> Vec<String> {
        d["diagnostics"].as_array().unwrap().iter().map(|x| x["code"].as_str().unwrap().to_string()).collect()
    };
    assert!(!codes(&c.diagnostics(&uri)).contains(&"CKS201".to_string()));
    // Changed on disk, no notification (Neovim on Linux): seen at the next change.
    std::thread::sleep(Duration::from_millis(20));
    c.write(".ckslint.yaml", "ignore: [CKS210]\nselect: [CKS201, CKS210]\n");
    c.change(&uri, 2, REQUEST);
    assert!(codes(&c.diagnostics(&uri)).contains(&"CKS201".to_string()));
    // A bad configuration: a diagnostic on the file, a message, and defaults meanwhile.
    c.write(".ckslint.yaml", "ignore: [CKS999]\nbogus: 1\n");
    c.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": c.uri(".ckslint.yaml"), "type": 2}]}));
    let cfg = c.diagnostics(&c.uri(".ckslint.yaml"));
    assert_json_snapshot!("bad_config_diagnostics", c.redact(&cfg["diagnostics"]));
    let msg = c.notification("window/showMessage");
    assert_eq!(msg["type"], 1);
    assert!(msg["message"].as_str().unwrap().contains("default settings"), "{msg}");
    assert!(codes(&c.diagnostics(&uri)).contains(&"CKS201".to_string()));
    // Fixed: the config's diagnostics are cleared.
    c.write(".ckslint.yaml", "ignore: [CKS201]\n");
    c.notify("textDocument/didSave", json!({"textDocument": {"uri": c.uri(".ckslint.yaml")}}));
    assert_eq!(c.diagnostics(&c.uri(".ckslint.yaml"))["diagnostics"], json!([]));
    assert!(!codes(&c.diagnostics(&uri)).contains(&"CKS201".to_string()));
}

#[test]
fn a_panic_while_linting_is_an_internal_error_diagnostic_and_the_server_goes_on() {
    let mut c = Client::new(NEOVIM);
    let bad = c.open("bad.yaml", &format!("{REQUEST}# ckslint-test-panic\n"));
    let d = c.diagnostics(&bad);
    assert_eq!(d["diagnostics"][0]["code"], "internal-error");
    let good = c.open("good.yaml", REQUEST);
    assert!(!c.diagnostics(&good)["diagnostics"].as_array().unwrap().is_empty());
    // Requests about the broken document are still answered.
    assert_eq!(c.at("textDocument/hover", &bad, 0, 1), Value::Null);
}

#[test]
fn unknown_methods_requests_after_shutdown_and_before_initialize() {
    let mut c = Client::new(NEOVIM);
    let id = c.send_request("ckslint/unknown", json!({}));
    let r = c.response(&id);
    assert_eq!(r.response_result.unwrap_err().code, -32601);
    // Unknown notifications are ignored; the server still answers.
    c.notify("$/unknownNotification", json!({}));
    c.request("shutdown", Value::Null);
    let id = c.send_request("textDocument/hover", json!({"textDocument": {"uri": "file:///x"}, "position": {"line": 0, "character": 0}}));
    assert_eq!(c.response(&id).response_result.unwrap_err().code, -32600);
    c.notify("exit", Value::Null);
    c.closed = true;
    assert_eq!(c.server.take().unwrap().join().unwrap(), 0);

    // Before initialize: ServerNotInitialized; `exit` without `shutdown` is status 1.
    let (server_side, client_side) = Connection::memory();
    let server = std::thread::spawn(move || run(server_side));
    client_side.sender.send(Message::Request(Request::new(RequestId::from(1), "textDocument/hover".into(), json!({})))).unwrap();
    match client_side.receiver.recv_timeout(WAIT).unwrap() {
        Message::Response(r) => assert_eq!(r.response_result.unwrap_err().code, -32002),
        other => panic!("{other:?}"),
    }
    client_side.sender.send(Message::Notification(Notification::new("exit".into(), Value::Null))).unwrap();
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn a_16_mib_document_does_not_hold_up_requests_about_others() {
    let mut c = Client::new(NEOVIM);
    // A request followed by a 16 MiB comment.
    let mut big = REQUEST.replace("Prod-East", "Big-One");
    while big.len() < 16 * 1024 * 1024 - 100 {
        big.push_str("# padding padding padding padding padding padding padding padding padding padding\n");
    }
    let small = c.open("small.yaml", REQUEST);
    let _ = c.diagnostics(&small);
    let big_uri = c.open("big.yaml", &big);
    let hover = c.send_request("textDocument/hover", json!({"textDocument": {"uri": small}, "position": {"line": 0, "character": 6}}));
    // The hover about the small document is answered before the big one's findings.
    loop {
        c.pump();
        if c.responses.iter().any(|r| r.id == hover) {
            break;
        }
        assert!(!c.notes.iter().any(|n| n.params["uri"] == big_uri), "the big document's findings came first");
    }
    let _ = c.response(&hover);
    let d = c.diagnostics(&big_uri);
    assert!(d["diagnostics"].as_array().unwrap().iter().any(|x| x["code"] == "CKS201"));
}

#[test]
fn unsaved_buffers_are_linted_from_their_text() {
    let mut c = Client::new(NEOVIM);
    let uri = "untitled:Untitled-1";
    c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": REQUEST}}));
    let d = c.diagnostics(uri);
    assert!(d["diagnostics"].as_array().unwrap().iter().any(|x| x["code"] == "CKS201"));
}

/// Output shared with the test.
#[derive(Clone, Default)]
struct Shared(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Shared {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn frame(body: &str) -> String {
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body)
}

#[test]
fn garbage_on_the_wire_gets_error_responses_and_the_server_goes_on() {
    let init = r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}"#;
    let mut input = frame(init);
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#));
    input.push_str(&frame("{not json"));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":7,"method":5}"#));
    input.push_str(&frame(r#"[1,2]"#));
    input.push_str("Content-Length: abc\r\n\r\n");
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":2,"method":"nope/nope"}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","id":3,"method":"shutdown"}"#));
    input.push_str(&frame(r#"{"jsonrpc":"2.0","method":"exit"}"#));
    let out = Shared::default();
    let (conn, threads) = transport::connect(std::io::Cursor::new(input.into_bytes()), out.clone());
    assert_eq!(run(conn), 0);
    threads.finish();
    let bytes = out.0.lock().unwrap().clone();
    let frames = transport::frames(&bytes).unwrap();
    // Errors about unreadable frames are written by the reader as it meets them, so
    // their order relative to the server's answers is not fixed: compare as a set.
    let mut summary: Vec<Value> = frames
        .iter()
        .map(|f| json!({"id": f["id"], "error": f["error"]["code"], "result": if f.get("result").is_some() { json!("…") } else { Value::Null }}))
        .collect();
    summary.sort_by_key(|v| v.to_string());
    assert_json_snapshot!("garbage_on_the_wire", summary);
}

#[test]
fn unused_suppression_is_tagged_unnecessary_and_rule_links_come_from_the_init_option() {
    let mut params = caps(HELIX);
    params["initializationOptions"] = json!({"ruleDocsUrl": "https://docs.example.com/ckslint/rules#{code}-{name}"});
    let mut c = Client::new(&params.to_string());
    let text = REQUEST
        .replace("Prod-East", "prod-east")
        .replace("zone: US-EAST-04A", "zone: US-EAST-04A  # ckslint: ignore[CKS201] kept for a test");
    let uri = c.open("a.yaml", &text);
    let d = c.diagnostics(&uri);
    let unused = d["diagnostics"].as_array().unwrap().iter().find(|x| x["code"] == "CKS901").unwrap_or_else(|| panic!("{d:#}")).clone();
    assert_eq!(unused["tags"], json!([1]));
    assert_eq!(unused["codeDescription"]["href"], "https://docs.example.com/ckslint/rules#CKS901-unused-suppression");
    // Without the option there is no link.
    let mut plain = Client::new(HELIX);
    let uri = plain.open("a.yaml", &text);
    let d = plain.diagnostics(&uri);
    assert!(d["diagnostics"].as_array().unwrap().iter().all(|x| x.get("codeDescription").is_none()));
}
