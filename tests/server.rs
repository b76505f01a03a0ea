//! `ckslint server` as a real process over stdio: exact framing on stdout, nothing on
//! stderr by default, exit codes, garbage on stdin.

use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::{Command, Stdio};

fn frame(v: &Value) -> Vec<u8> {
    let body = v.to_string();
    format!("Content-Length: {}\r\n\r\n{}", body.len(), body).into_bytes()
}

/// Parse stdout strictly: every byte belongs to a `Content-Length` frame.
fn frames(mut bytes: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").expect("a header ends with CRLF CRLF");
        let header = std::str::from_utf8(&bytes[..end]).unwrap();
        let n: usize = header.strip_prefix("Content-Length: ").unwrap_or_else(|| panic!("unexpected header {header:?}")).parse().unwrap();
        let body = &bytes[end + 4..end + 4 + n];
        let v: Value =
            serde_json::from_slice(body).unwrap_or_else(|e| panic!("frame is not JSON ({e}): {:?}", String::from_utf8_lossy(body)));
        assert_eq!(v["jsonrpc"], "2.0");
        out.push(v);
        bytes = &bytes[end + 4 + n..];
    }
    out
}

/// The complete frames at the start of `bytes`.
fn complete_frames(mut bytes: &[u8]) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(end) = bytes.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = String::from_utf8_lossy(&bytes[..end]).to_string();
        let Some(n) = header.strip_prefix("Content-Length: ").and_then(|n| n.parse::<usize>().ok()) else { break };
        if bytes.len() < end + 4 + n {
            break;
        }
        out.extend(serde_json::from_slice(&bytes[end + 4..end + 4 + n]).ok());
        bytes = &bytes[end + 4 + n..];
    }
    out
}

/// Run the server with this stdin; (exit code, frames on stdout, stderr).
fn serve(input: &[u8]) -> (i32, Vec<Value>, String) {
    serve_then(input, None, b"")
}

/// Write `first`; when `wait` is given, wait until the response with that id is on
/// stdout (as a client waits for the answer to `shutdown` before `exit`), then write
/// `then` and close stdin.
fn serve_then(first: &[u8], wait: Option<i64>, then: &[u8]) -> (i32, Vec<Value>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_ckslint"))
        .arg("server")
        .env_remove("CKSLINT_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let (first, then) = (first.to_vec(), then.to_vec());
    let (seen_tx, seen_rx) = std::sync::mpsc::channel::<()>();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&first);
        let _ = stdin.flush();
        if wait.is_some() {
            let _ = seen_rx.recv_timeout(std::time::Duration::from_secs(60));
        }
        let _ = stdin.write_all(&then);
    });
    let mut stdout = child.stdout.take().unwrap();
    let mut out = Vec::new();
    let mut buf = [0u8; 65536];
    let mut signalled = false;
    loop {
        let n = stdout.read(&mut buf).unwrap();
        if n == 0 {
            break;
        }
        out.extend_from_slice(&buf[..n]);
        if let (Some(id), false) = (wait, signalled) {
            if complete_frames(&out).iter().any(|f| f["id"] == id && f.get("method").is_none()) {
                signalled = true;
                let _ = seen_tx.send(());
            }
        }
    }
    drop(seen_tx);
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    writer.join().unwrap();
    (status.code().unwrap_or(-1), frames(&out), err)
}

const REQUEST: &str = "name: Prod-East\nzone: US-EAST-04A\nvpcId: vpc-1\nversion: v1.35\n";

fn init(id: i64) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {"processId": null, "rootUri": null, "capabilities": {}}})
}

#[test]
fn a_pipelined_session_is_answered_in_order_with_exact_framing() {
    let dir = tempfile::tempdir().unwrap();
    let uri = format!("file://{}/a.yaml", dir.path().display());
    let mut input = Vec::new();
    input.extend(frame(&init(1)));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": REQUEST}}})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 6}}})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})));
    let (code, frames, err) = serve_then(&input, Some(3), &frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    assert_eq!(code, 0);
    assert_eq!(err, "", "nothing on stderr by default");
    let kinds: Vec<String> =
        frames.iter().map(|f| f["method"].as_str().map(String::from).unwrap_or_else(|| format!("response {}", f["id"]))).collect();
    assert_eq!(kinds, ["response 1", "textDocument/publishDiagnostics", "response 2", "response 3"]);
    assert_eq!(frames[0]["result"]["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(frames[0]["result"]["serverInfo"]["name"], "ckslint");
    let codes: Vec<&str> = frames[1]["params"]["diagnostics"].as_array().unwrap().iter().filter_map(|d| d["code"].as_str()).collect();
    assert!(codes.contains(&"CKS201"), "{codes:?}");
    assert!(frames[2]["result"]["contents"]["value"].as_str().unwrap().contains("CKS201"));
    assert_eq!(frames[3]["result"], Value::Null);
}

#[test]
fn exit_without_shutdown_is_status_1_and_so_is_the_end_of_stdin() {
    let mut input = frame(&init(1));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    let (code, frames, _) = serve(&input);
    assert_eq!((code, frames.len()), (1, 1));
    let (code, frames, _) = serve(&frame(&init(1)));
    assert_eq!((code, frames.len()), (1, 1));
}

#[test]
fn garbage_gets_errors_and_the_server_keeps_serving() {
    let mut input = frame(&init(1));
    input.extend(b"Content-Length: 9\r\n\r\n{not json");
    input.extend(b"Content-Length: 5\r\n\r\n[1,2]");
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "no/such/method"})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    let (code, frames, err) = serve(&input);
    assert_eq!(code, 0);
    assert_eq!(err, "");
    let mut errors: Vec<(Value, i64)> = frames.iter().filter_map(|f| Some((f["id"].clone(), f["error"]["code"].as_i64()?))).collect();
    errors.sort_by_key(|(id, c)| (id.to_string(), *c));
    let mut want = vec![(json!(2), -32601), (Value::Null, -32700), (Value::Null, -32600)];
    want.sort_by_key(|(id, c)| (id.to_string(), *c));
    assert_eq!(errors, want);
    assert!(frames.iter().any(|f| f["id"] == 3 && f["result"].is_null() && f.get("error").is_none()));
}

#[test]
fn server_help_and_bad_arguments() {
    let out = Command::new(env!("CARGO_BIN_EXE_ckslint")).args(["server", "--help"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("Run the language server on stdin/stdout"));
    let out = Command::new(env!("CARGO_BIN_EXE_ckslint")).args(["server", "--port", "1"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unexpected argument `--port`"));
}

#[test]
fn a_terraform_plan_in_the_editor_gets_the_findings_of_check() {
    // The server lints through the same pipeline: a plan opened in the editor is read as a
    // plan (cluster documents, change rules), at the same places as `check` reports.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.json");
    let text = std::fs::read_to_string(format!("{}/tests/fixtures/plan/replace.json", env!("CARGO_MANIFEST_DIR"))).unwrap();
    std::fs::write(&path, &text).unwrap();
    let check = Command::new(env!("CARGO_BIN_EXE_ckslint")).args(["check", "--isolated", "--format", "json"]).arg(&path).output().unwrap();
    let report: Value = serde_json::from_slice(&check.stdout).unwrap();
    let expected: Vec<(String, u64, u64)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (d["code"].as_str().unwrap().to_string(), d["start"]["line"].as_u64().unwrap() - 1, d["start"]["column"].as_u64().unwrap() - 1)
        })
        .collect();
    assert!(expected.iter().any(|(c, _, _)| c == "CKS510"), "{expected:?}");
    std::fs::write(dir.path().join(".ckslint.yaml"), "{}\n").unwrap();
    let uri = format!("file://{}", path.display());
    let mut input = Vec::new();
    input.extend(frame(&init(1)));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "json", "version": 1, "text": text}}})));
    // A hover waits for the document's findings (shutdown alone may be answered first).
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}})));
    input.extend(frame(&json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"})));
    let (code, frames, _) = serve_then(&input, Some(3), &frame(&json!({"jsonrpc": "2.0", "method": "exit"})));
    assert_eq!(code, 0);
    let published = frames.iter().find(|f| f["method"] == "textDocument/publishDiagnostics").expect("diagnostics published");
    let mut got: Vec<(String, u64, u64)> = published["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let s = &d["range"]["start"];
            (d["code"].as_str().unwrap().to_string(), s["line"].as_u64().unwrap(), s["character"].as_u64().unwrap())
        })
        .collect();
    let mut expected = expected;
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
}
