//! `ckslint server`: a language server (LSP 3.17 over stdio).
//!
//! One loop on the main thread reads messages in order and owns every document; linting
//! runs on a worker thread (a document over 1 MiB on a thread of its own), so a large
//! document never holds up requests about the others. A result is used only while its
//! document still has the version it was linted at: nothing older than the text is ever
//! published or answered from. Requests that need a document's findings (code actions,
//! hover, completion, pull diagnostics) wait, parked, until the findings of the current
//! version are in.
//!
//! The pipeline itself (configuration, lint, suppressions, CKS401, fixes) is the
//! library's, reached only through [`engine`].

mod convert;
mod engine;
mod features;
#[cfg(test)]
mod tests;
mod transport;

use ckslint::lint::FileResult;
use ckslint::source::lines::{Encoding, PositionIndex};
use ckslint::Diagnostic;
use convert::{DiagnosticOptions, Text};
use crossbeam_channel::{select, unbounded, Receiver, Sender};
use engine::{Config, Configs};
use gen_lsp_types as lsp;
use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

static VERBOSE: AtomicBool = AtomicBool::new(false);

/// A line on stderr, only with `CKSLINT_LOG=debug` (or `--verbose`).
pub fn log(line: &str) {
    if VERBOSE.load(Ordering::Relaxed) {
        eprintln!("ckslint server: {line}");
    }
}

/// `ckslint server [--verbose]`: serve on stdio; the exit code is 0 after
/// `shutdown` + `exit`, 1 on `exit` without `shutdown` or when stdin ends first.
pub fn main(args: &[String]) -> u8 {
    for a in args {
        match a.as_str() {
            "--verbose" | "-v" => VERBOSE.store(true, Ordering::Relaxed),
            "--stdio" => {}
            "-h" | "--help" => {
                println!("Run the language server on stdin/stdout (LSP 3.17)\n\nUsage: ckslint server [--stdio] [--verbose]\n\nLogs go to stderr, only with --verbose or CKSLINT_LOG=debug.");
                return 0;
            }
            other => {
                eprintln!(
                    "ckslint: error: unexpected argument `{other}` for `ckslint server`\n\nUsage: ckslint server [--stdio] [--verbose]"
                );
                return 2;
            }
        }
    }
    if std::env::var("CKSLINT_LOG").is_ok_and(|v| !v.is_empty() && v != "off") {
        VERBOSE.store(true, Ordering::Relaxed);
    }
    let (connection, threads) = transport::connect(std::io::stdin(), std::io::stdout());
    let code = run(connection);
    threads.finish();
    code
}

/// Serve one connection until `exit` (or until the client goes away).
pub fn run(connection: Connection) -> u8 {
    let Some((id, params)) = wait_for_initialize(&connection) else { return 1 };
    let mut server = Server::new(connection, &params);
    let result = server.initialize_result();
    server.send(Message::Response(Response::new_ok(id, result)));
    server.serve()
}

/// Before `initialize`: requests get `ServerNotInitialized`, notifications are dropped
/// (`exit` ends the server).
fn wait_for_initialize(connection: &Connection) -> Option<(RequestId, Value)> {
    for msg in &connection.receiver {
        match msg {
            Message::Request(r) if r.method == "initialize" => return Some((r.id, r.params)),
            Message::Request(r) => {
                let _ =
                    connection.sender.send(Message::Response(Response::new_err(r.id, -32002, "the server is not initialized yet".into())));
            }
            Message::Notification(n) if n.method == "exit" => return None,
            _ => {}
        }
    }
    None
}

/// What linting a version of a document gave.
#[allow(clippy::large_enum_variant)] // one per open document; boxing buys nothing measurable
enum Lint {
    Pending,
    /// `None`: `check` would not lint this document.
    Done(Option<FileResult>),
    Panicked(String),
}

struct Doc {
    version: i32,
    text: Arc<str>,
    index: PositionIndex,
    language: String,
    path: Option<PathBuf>,
    /// The path findings carry (the file path, or the URI for an unsaved buffer).
    display: String,
    config: Arc<Config>,
    lint: Lint,
    /// CKS401 findings from the other open documents.
    cross: Vec<Diagnostic>,
}

impl Doc {
    fn text(&self, encoding: Encoding) -> Text<'_> {
        Text { text: &self.text, index: &self.index, encoding }
    }
    fn result(&self) -> Option<&FileResult> {
        match &self.lint {
            Lint::Done(Some(r)) => Some(r),
            _ => None,
        }
    }
    /// Own findings and CKS401 findings, in report order.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        // The pipeline's last step: CKS401 joins the document's own findings, then every
        // suppression applies to all of them (a silenced CKS401 is not shown).
        let Some(r) = self.result() else { return Vec::new() };
        let mut file = r.unsuppressed_copy();
        ckslint::pipeline::finish(&mut file, self.cross.clone(), &self.config.run);
        file.diagnostics
    }
}

struct Job {
    uri: String,
    version: i32,
    display: String,
    text: Arc<str>,
    config: Arc<Config>,
}

struct Done {
    uri: String,
    version: i32,
    outcome: Result<Option<FileResult>, String>,
}

/// The latest version of every open document, shared with the workers so that they
/// skip jobs already outdated.
type Latest = Arc<Mutex<HashMap<String, i32>>>;

fn lint_job(job: &Job, latest: &Latest) -> Option<Done> {
    let current = latest.lock().ok().and_then(|m| m.get(&job.uri).copied());
    if current != Some(job.version) {
        return None;
    }
    let outcome = catch_unwind(AssertUnwindSafe(|| engine::lint(&job.display, &job.text, &job.config))).map_err(|p| {
        p.downcast_ref::<&str>().map(|s| s.to_string()).or_else(|| p.downcast_ref::<String>().cloned()).unwrap_or_else(|| "a panic".into())
    });
    Some(Done { uri: job.uri.clone(), version: job.version, outcome })
}

/// A text this large is linted on a thread of its own.
const LARGE: usize = 1 << 20;

struct Workers {
    small: Sender<Job>,
    done: Sender<Done>,
    latest: Latest,
}

impl Workers {
    fn start() -> (Workers, Receiver<Done>) {
        let (small, jobs) = unbounded::<Job>();
        let (done, results) = unbounded::<Done>();
        let latest: Latest = Arc::default();
        let (l, d) = (latest.clone(), done.clone());
        std::thread::spawn(move || {
            for job in jobs {
                if let Some(r) = lint_job(&job, &l) {
                    if d.send(r).is_err() {
                        break;
                    }
                }
            }
        });
        (Workers { small, done, latest }, results)
    }

    fn submit(&self, job: Job) {
        if let Ok(mut m) = self.latest.lock() {
            m.insert(job.uri.clone(), job.version);
        }
        if job.text.len() >= LARGE {
            let (l, d) = (self.latest.clone(), self.done.clone());
            std::thread::spawn(move || {
                if let Some(r) = lint_job(&job, &l) {
                    let _ = d.send(r);
                }
            });
        } else {
            let _ = self.small.send(job);
        }
    }

    fn forget(&self, uri: &str) {
        if let Ok(mut m) = self.latest.lock() {
            m.remove(uri);
        }
    }
}

/// A request waiting for the findings of its document's current version.
struct Parked {
    id: RequestId,
    method: String,
    params: Value,
    uri: String,
}

struct Server {
    sender: Sender<Message>,
    receiver: Receiver<Message>,
    encoding: Encoding,
    pull: bool,
    refresh: bool,
    watch: bool,
    document_changes: bool,
    options: DiagnosticOptions,
    roots: Vec<PathBuf>,
    docs: BTreeMap<String, Doc>,
    configs: Configs,
    /// Configuration files whose problems are shown, with the summary last shown.
    config_problems: HashMap<PathBuf, String>,
    workers: Workers,
    results: Receiver<Done>,
    parked: Vec<Parked>,
    shutdown: bool,
    /// `shutdown` arrived while requests were parked: answered once they are.
    shutdown_reply: Option<RequestId>,
    next_id: i32,
}

fn get<'a>(v: &'a Value, path: &[&str]) -> &'a Value {
    let mut v = v;
    for k in path {
        v = v.get(k).unwrap_or(&Value::Null);
    }
    v
}

impl Server {
    fn new(connection: Connection, params: &Value) -> Server {
        let caps = &params["capabilities"];
        let offered: Vec<&str> = get(caps, &["general", "positionEncodings"])
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let encoding = if offered.contains(&"utf-8") { Encoding::Utf8 } else { Encoding::Utf16 };
        let truthy = |p: &[&str]| get(caps, p).as_bool().unwrap_or(false);
        let pull = get(caps, &["textDocument", "diagnostic"]).is_object();
        let options = DiagnosticOptions {
            related_information: truthy(&["textDocument", "publishDiagnostics", "relatedInformation"]) || pull,
            tags: get(caps, &["textDocument", "publishDiagnostics", "tagSupport"]).is_object() || pull,
            docs_url: get(params, &["initializationOptions", "ruleDocsUrl"]).as_str().map(String::from),
        };
        let mut roots: Vec<PathBuf> = params["workspaceFolders"]
            .as_array()
            .map(|a| a.iter().filter_map(|f| f["uri"].as_str().and_then(convert::uri_to_path)).collect())
            .unwrap_or_default();
        if roots.is_empty() {
            if let Some(p) = params["rootUri"].as_str().and_then(convert::uri_to_path) {
                roots.push(p);
            }
        }
        let (workers, results) = Workers::start();
        log(&format!("initialize: encoding {encoding:?}, pull diagnostics {pull}, roots {roots:?}"));
        Server {
            sender: connection.sender,
            receiver: connection.receiver,
            encoding,
            pull,
            refresh: truthy(&["workspace", "diagnostics", "refreshSupport"]),
            watch: truthy(&["workspace", "didChangeWatchedFiles", "dynamicRegistration"]),
            document_changes: truthy(&["workspace", "workspaceEdit", "documentChanges"]),
            options,
            roots,
            docs: BTreeMap::new(),
            configs: Configs::default(),
            config_problems: HashMap::new(),
            workers,
            results,
            parked: Vec::new(),
            shutdown: false,
            shutdown_reply: None,
            next_id: 0,
        }
    }

    fn initialize_result(&self) -> Value {
        let encoding = match self.encoding {
            Encoding::Utf8 => "utf-8",
            _ => "utf-16",
        };
        let mut caps = json!({
            "positionEncoding": encoding,
            "textDocumentSync": {"openClose": true, "change": 2, "save": {"includeText": false}},
            "codeActionProvider": {"codeActionKinds": ["quickfix", "source.fixAll.ckslint"]},
            "hoverProvider": true,
            "completionProvider": {"triggerCharacters": ["[", ",", "\"", ":"]},
            "workspace": {"workspaceFolders": {"supported": true, "changeNotifications": true}},
        });
        if self.pull {
            caps["diagnosticProvider"] = json!({"identifier": "ckslint", "interFileDependencies": true, "workspaceDiagnostics": false});
        }
        json!({"capabilities": caps, "serverInfo": {"name": "ckslint", "version": env!("CARGO_PKG_VERSION")}})
    }

    fn send(&self, msg: Message) {
        let _ = self.sender.send(msg);
    }

    fn notify(&self, method: &str, params: Value) {
        self.send(Message::Notification(Notification::new(method.into(), params)));
    }

    fn request(&mut self, method: &str, params: Value) {
        self.next_id += 1;
        let id = RequestId::from(format!("ckslint-{}", self.next_id));
        self.send(Message::Request(Request::new(id, method.into(), params)));
    }

    fn reply(&self, id: RequestId, result: Value) {
        self.send(Message::Response(Response::new_ok(id, result)));
    }

    fn error(&self, id: RequestId, code: i32, message: &str) {
        self.send(Message::Response(Response::new_err(id, code, message.into())));
    }

    fn serve(&mut self) -> u8 {
        loop {
            let receiver = self.receiver.clone();
            let results = self.results.clone();
            select! {
                recv(receiver) -> msg => {
                    let Ok(msg) = msg else { return 1 };
                    if let Message::Notification(n) = &msg {
                        if n.method == "exit" {
                            return if self.shutdown { 0 } else { 1 };
                        }
                    }
                    self.guarded(msg);
                }
                recv(results) -> done => {
                    if let Ok(done) = done {
                        let _ = catch_unwind(AssertUnwindSafe(|| self.finished(done)));
                    }
                }
            }
        }
    }

    /// Handle one message; a panic becomes an internal-error response and the server
    /// goes on.
    fn guarded(&mut self, msg: Message) {
        let id = match &msg {
            Message::Request(r) => Some(r.id.clone()),
            _ => None,
        };
        if catch_unwind(AssertUnwindSafe(|| self.handle(msg))).is_err() {
            if let Some(id) = id {
                self.error(id, -32603, "internal error while handling the request");
            }
        }
    }

    fn handle(&mut self, msg: Message) {
        match msg {
            Message::Request(r) => {
                if self.shutdown {
                    return self.error(r.id, -32600, "the server is shutting down");
                }
                self.on_request(r);
            }
            Message::Notification(n) => {
                if !self.shutdown {
                    self.on_notification(n);
                }
            }
            Message::Response(_) => {} // registerCapability / refresh answers
        }
    }

    fn on_request(&mut self, r: Request) {
        match r.method.as_str() {
            "shutdown" => {
                self.shutdown = true;
                // Requests already received are answered first.
                if self.parked.is_empty() {
                    self.reply(r.id, Value::Null);
                } else {
                    self.shutdown_reply = Some(r.id);
                }
            }
            "initialize" => self.error(r.id, -32600, "initialize was already received"),
            "textDocument/codeAction" | "textDocument/hover" | "textDocument/completion" | "textDocument/diagnostic" => {
                let Some(uri) = r.params["textDocument"]["uri"].as_str().map(String::from) else {
                    return self.error(r.id, -32602, "invalid params: no textDocument.uri");
                };
                if !self.docs.contains_key(&uri) {
                    return self.answer_unknown(r.id, &r.method);
                }
                self.parked.push(Parked { id: r.id, method: r.method, params: r.params, uri: uri.clone() });
                self.run_parked(&uri);
            }
            _ => self.error(r.id, -32601, &format!("method not found: {}", r.method)),
        }
    }

    /// A request about a document that is not open.
    fn answer_unknown(&self, id: RequestId, method: &str) {
        let result = match method {
            "textDocument/diagnostic" => json!({"kind": "full", "items": []}),
            "textDocument/codeAction" => json!([]),
            _ => Value::Null,
        };
        self.reply(id, result);
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            "initialized" => {
                if self.watch {
                    let params = json!({"registrations": [{
                        "id": "ckslint-config",
                        "method": "workspace/didChangeWatchedFiles",
                        "registerOptions": {"watchers": [{"globPattern": "**/.ckslint.{yaml,yml}"}]},
                    }]});
                    self.request("client/registerCapability", params);
                }
            }
            "textDocument/didOpen" => match serde_json::from_value::<lsp::DidOpenTextDocumentParams>(n.params) {
                Ok(p) => {
                    let item = p.text_document;
                    let language =
                        serde_json::to_value(&item.language_id).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
                    self.open(item.uri.0, item.version, item.text, language);
                }
                Err(e) => log(&format!("didOpen: {e}")),
            },
            "textDocument/didChange" => match serde_json::from_value::<lsp::DidChangeTextDocumentParams>(n.params) {
                Ok(p) => self.change(p),
                Err(e) => log(&format!("didChange: {e}")),
            },
            "textDocument/didClose" => {
                if let Some(uri) = n.params["textDocument"]["uri"].as_str() {
                    self.close(uri);
                }
            }
            "textDocument/didSave" => {
                let saved = n.params["textDocument"]["uri"].as_str().unwrap_or("");
                if is_config_uri(saved) {
                    self.config_changed();
                }
            }
            "workspace/didChangeWatchedFiles" => {
                let any = n.params["changes"].as_array().is_some_and(|c| c.iter().any(|e| e["uri"].as_str().is_some_and(is_config_uri)));
                if any {
                    self.config_changed();
                }
            }
            "workspace/didChangeWorkspaceFolders" => {
                let ev = &n.params["event"];
                for r in ev["removed"].as_array().into_iter().flatten() {
                    if let Some(p) = r["uri"].as_str().and_then(convert::uri_to_path) {
                        self.roots.retain(|x| *x != p);
                    }
                }
                for a in ev["added"].as_array().into_iter().flatten() {
                    if let Some(p) = a["uri"].as_str().and_then(convert::uri_to_path) {
                        self.roots.push(p);
                    }
                }
            }
            "$/cancelRequest" => {
                let id = match &n.params["id"] {
                    Value::Number(x) => x.as_i64().and_then(|x| i32::try_from(x).ok()).map(RequestId::from),
                    Value::String(s) => Some(RequestId::from(s.clone())),
                    _ => None,
                };
                if let Some(id) = id {
                    if let Some(i) = self.parked.iter().position(|p| p.id == id) {
                        let p = self.parked.remove(i);
                        self.error(p.id, -32800, "request cancelled");
                        self.maybe_reply_shutdown();
                    }
                }
            }
            _ => log(&format!("ignored notification {}", n.method)),
        }
    }

    fn dir_of(&self, path: Option<&Path>) -> Option<PathBuf> {
        match path {
            Some(p) => p.parent().map(Path::to_path_buf),
            None => self.roots.first().cloned(),
        }
    }

    fn open(&mut self, uri: String, version: i32, text: String, language: String) {
        let path = convert::uri_to_path(&uri);
        let display = match &path {
            Some(p) => p.to_string_lossy().replace('\\', "/"),
            None => untitled_display(&uri, &language),
        };
        let dir = self.dir_of(path.as_deref());
        let (config, reloaded) = self.configs.for_dir(dir.as_deref());
        let text: Arc<str> = text.into();
        let doc = Doc {
            version,
            index: PositionIndex::new(&text),
            text,
            language,
            path,
            display,
            config: config.clone(),
            lint: Lint::Pending,
            cross: Vec::new(),
        };
        self.docs.insert(uri.clone(), doc);
        self.schedule(&uri);
        if reloaded {
            self.config_loaded(&config, Some(&uri));
        }
    }

    fn change(&mut self, p: lsp::DidChangeTextDocumentParams) {
        let uri = p.text_document.text_document_identifier.uri.0;
        let encoding = self.encoding;
        let Some(doc) = self.docs.get_mut(&uri) else {
            // VS Code sends changes for documents it never opened (search and replace).
            return log(&format!("didChange for {uri}, which is not open"));
        };
        if p.text_document.version < doc.version {
            return log(&format!("didChange for {uri}: version {} is older than {}", p.text_document.version, doc.version));
        }
        let mut text = doc.text.to_string();
        for change in p.content_changes {
            match change {
                lsp::TextDocumentContentChangeEvent::TextDocumentContentChangeWholeDocument(w) => text = w.text,
                lsp::TextDocumentContentChangeEvent::TextDocumentContentChangePartial(c) => {
                    let index = PositionIndex::new(&text);
                    let t = Text { text: &text, index: &index, encoding };
                    let range = serde_json::to_value(c.range).unwrap_or(Value::Null);
                    let span = t.span(&range);
                    text.replace_range(span.start..span.end, &c.text);
                }
            }
        }
        doc.version = p.text_document.version;
        doc.index = PositionIndex::new(&text);
        doc.text = text.into();
        let path = doc.path.clone();
        let dir = self.dir_of(path.as_deref());
        let (config, reloaded) = self.configs.for_dir(dir.as_deref());
        if let Some(doc) = self.docs.get_mut(&uri) {
            doc.config = config.clone();
        }
        self.schedule(&uri);
        if reloaded {
            self.config_loaded(&config, Some(&uri));
        }
    }

    fn close(&mut self, uri: &str) {
        if self.docs.remove(uri).is_none() {
            return;
        }
        self.workers.forget(uri);
        for p in std::mem::take(&mut self.parked) {
            if p.uri == uri {
                self.answer_unknown(p.id, &p.method);
            } else {
                self.parked.push(p);
            }
        }
        self.notify("textDocument/publishDiagnostics", json!({"uri": uri, "diagnostics": []}));
        self.maybe_reply_shutdown();
        self.update_cross(None);
    }

    /// Lint the document's current text.
    fn schedule(&mut self, uri: &str) {
        let Some(doc) = self.docs.get_mut(uri) else { return };
        doc.lint = Lint::Pending;
        let job = Job {
            uri: uri.to_string(),
            version: doc.version,
            display: doc.display.clone(),
            text: doc.text.clone(),
            config: doc.config.clone(),
        };
        self.workers.submit(job);
    }

    /// A configuration was (re)loaded for `by` (a document being linted): show its
    /// problems, and relint the other documents, which may use it too.
    fn config_loaded(&mut self, config: &Config, by: Option<&str>) {
        self.report_config(config);
        let others: Vec<String> = self.docs.keys().filter(|u| Some(u.as_str()) != by).cloned().collect();
        for uri in others {
            self.refresh_config(&uri);
        }
    }

    /// Check a document's configuration again (modification time); relint when it
    /// changed.
    fn refresh_config(&mut self, uri: &str) {
        let Some(doc) = self.docs.get(uri) else { return };
        let dir = self.dir_of(doc.path.as_deref());
        let (config, reloaded) = self.configs.for_dir(dir.as_deref());
        let same = Arc::ptr_eq(&doc.config, &config);
        if reloaded {
            self.report_config(&config);
        }
        if !same {
            if let Some(doc) = self.docs.get_mut(uri) {
                doc.config = config;
            }
            self.schedule(uri);
        }
    }

    /// Publish a configuration file's problems (or clear them) and say so once.
    fn report_config(&mut self, config: &Config) {
        match &config.problem {
            Some(p) => {
                let index = PositionIndex::new(&p.text);
                let t = Text { text: &p.text, index: &index, encoding: self.encoding };
                let uri = convert::path_to_uri(&p.path);
                let mut diags: Vec<Value> =
                    p.problems.iter().map(|d| convert::diagnostic(d, &t, &uri, &self.options, &|_: &str| None)).collect();
                if diags.is_empty() {
                    diags.push(json!({
                        "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                        "severity": 1, "code": "config", "source": "ckslint", "message": p.summary,
                    }));
                }
                self.notify("textDocument/publishDiagnostics", json!({"uri": uri, "diagnostics": diags}));
                if self.config_problems.get(&p.path) != Some(&p.summary) {
                    self.config_problems.insert(p.path.clone(), p.summary.clone());
                    let message = format!("ckslint: {}; linting with the default settings until it is fixed", p.summary);
                    self.notify("window/showMessage", json!({"type": 1, "message": message}));
                }
            }
            None => {
                if let Some(f) = &config.file {
                    if self.config_problems.remove(f).is_some() {
                        self.notify("textDocument/publishDiagnostics", json!({"uri": convert::path_to_uri(f), "diagnostics": []}));
                    }
                }
            }
        }
    }

    /// A configuration file changed (watched-file event or a save): reload everything.
    fn config_changed(&mut self) {
        self.configs.forget();
        let uris: Vec<String> = self.docs.keys().cloned().collect();
        let mut reported = Vec::new();
        for uri in uris {
            let Some(doc) = self.docs.get(&uri) else { continue };
            let dir = self.dir_of(doc.path.as_deref());
            let (config, _) = self.configs.for_dir(dir.as_deref());
            if !reported.iter().any(|c| Arc::ptr_eq(c, &config)) {
                self.report_config(&config);
                reported.push(config.clone());
            }
            if let Some(doc) = self.docs.get_mut(&uri) {
                doc.config = config;
            }
            self.schedule(&uri);
        }
        // A fixed file nobody has open any more still needs its problems cleared.
        let stale: Vec<PathBuf> =
            self.config_problems.keys().filter(|p| !reported.iter().any(|c| c.file.as_ref() == Some(*p))).cloned().collect();
        for p in stale {
            self.config_problems.remove(&p);
            self.notify("textDocument/publishDiagnostics", json!({"uri": convert::path_to_uri(&p), "diagnostics": []}));
        }
        if self.pull && self.refresh {
            self.request("workspace/diagnostic/refresh", Value::Null);
        }
    }

    /// A worker finished a lint.
    fn finished(&mut self, done: Done) {
        let Some(doc) = self.docs.get_mut(&done.uri) else { return };
        if doc.version != done.version {
            return; // outdated: a newer version is on its way
        }
        doc.lint = match done.outcome {
            Ok(r) => Lint::Done(r),
            Err(why) => Lint::Panicked(why),
        };
        self.update_cross(Some(&done.uri));
        self.run_parked(&done.uri);
    }

    /// Recompute CKS401 across the open documents whose findings are in; publish the
    /// documents whose CKS401 findings changed, and `linted` (just linted) always.
    fn update_cross(&mut self, linted: Option<&str>) {
        let uris: Vec<String> = self.docs.iter().filter(|(_, d)| d.result().is_some()).map(|(u, _)| u.clone()).collect();
        let any_enabled = self.docs.values().any(|d| engine::cross_enabled(&d.config));
        let mut fresh: HashMap<String, Vec<Diagnostic>> = HashMap::new();
        if any_enabled && uris.len() > 1 {
            let pairs: Vec<(&FileResult, &Config)> =
                uris.iter().filter_map(|u| self.docs.get(u)).filter_map(|d| Some((d.result()?, &*d.config))).collect();
            for (i, d) in engine::cross(&pairs) {
                fresh.entry(uris[i].clone()).or_default().push(d);
            }
        }
        let mut changed = Vec::new();
        for (uri, doc) in self.docs.iter_mut() {
            let new = fresh.remove(uri).unwrap_or_default();
            if new != doc.cross {
                doc.cross = new;
                if Some(uri.as_str()) != linted && !matches!(doc.lint, Lint::Pending) {
                    changed.push(uri.clone());
                }
            }
        }
        if let Some(u) = linted {
            self.publish(u);
        }
        for u in &changed {
            self.publish(u);
        }
        if !changed.is_empty() && self.pull && self.refresh {
            self.request("workspace/diagnostic/refresh", Value::Null);
        }
    }

    fn lsp_diagnostics(&self, uri: &str) -> Vec<Value> {
        let Some(doc) = self.docs.get(uri) else { return Vec::new() };
        if let Lint::Panicked(why) = &doc.lint {
            return vec![convert::internal_error(why)];
        }
        let here = doc.text(self.encoding);
        let other = |path: &str| -> Option<(String, Text<'_>)> {
            self.docs.iter().find(|(_, d)| d.display == path).map(|(u, d)| (u.clone(), d.text(self.encoding)))
        };
        doc.diagnostics().iter().map(|d| convert::diagnostic(d, &here, uri, &self.options, &other)).collect()
    }

    fn publish(&self, uri: &str) {
        if self.pull {
            return;
        }
        let Some(doc) = self.docs.get(uri) else { return };
        let diagnostics = self.lsp_diagnostics(uri);
        self.notify("textDocument/publishDiagnostics", json!({"uri": uri, "version": doc.version, "diagnostics": diagnostics}));
    }

    /// Answer the parked requests about `uri` if its current version's findings are in.
    fn run_parked(&mut self, uri: &str) {
        if self.docs.get(uri).is_none_or(|d| matches!(d.lint, Lint::Pending)) {
            return;
        }
        let mut keep = Vec::new();
        for p in std::mem::take(&mut self.parked) {
            if p.uri != uri {
                keep.push(p);
                continue;
            }
            let id = p.id.clone();
            match catch_unwind(AssertUnwindSafe(|| self.answer(&p))) {
                Ok(Ok(v)) => self.reply(id, v),
                Ok(Err(e)) => self.error(id, -32602, &e),
                Err(_) => self.error(id, -32603, "internal error while handling the request"),
            }
        }
        self.parked.extend(keep);
        self.maybe_reply_shutdown();
    }

    fn maybe_reply_shutdown(&mut self) {
        if self.parked.is_empty() {
            if let Some(id) = self.shutdown_reply.take() {
                self.reply(id, Value::Null);
            }
        }
    }

    fn answer(&self, p: &Parked) -> Result<Value, String> {
        let Some(doc) = self.docs.get(&p.uri) else { return Ok(Value::Null) };
        let text = doc.text(self.encoding);
        Ok(match p.method.as_str() {
            "textDocument/diagnostic" => json!({"kind": "full", "items": self.lsp_diagnostics(&p.uri)}),
            "textDocument/codeAction" => {
                let diagnostics = doc.diagnostics();
                let Some(result) = doc.result() else { return Ok(json!([])) };
                let lsp: Vec<(Value, &Diagnostic)> = {
                    let all = self.lsp_diagnostics(&p.uri);
                    all.into_iter().zip(diagnostics.iter()).collect()
                };
                let ctx = features::ActionContext {
                    uri: &p.uri,
                    version: doc.version,
                    text: &text,
                    yaml: result.format == ckslint::source::Format::Yaml,
                    document_changes: self.document_changes,
                };
                Value::Array(features::code_actions(&ctx, &p.params, &lsp))
            }
            "textDocument/hover" => {
                let Some(result) = doc.result() else { return Ok(Value::Null) };
                let offset = text.offset(&p.params["position"]);
                features::hover(&text, result.format, &doc.diagnostics(), offset).unwrap_or(Value::Null)
            }
            "textDocument/completion" => {
                let format = match doc.result() {
                    Some(r) => r.format,
                    None if doc.language == "json" || doc.display.ends_with(".json") => ckslint::source::Format::Json,
                    None => ckslint::source::Format::Yaml,
                };
                // Only documents `check` lints, and empty ones (a request being started).
                if doc.result().is_none() && !doc.text.trim().is_empty() {
                    return Ok(Value::Null);
                }
                let offset = text.offset(&p.params["position"]);
                features::completion(&doc.text, format, offset, &doc.config.run.settings)
            }
            other => return Err(format!("unexpected parked request {other}")),
        })
    }
}

fn is_config_uri(uri: &str) -> bool {
    ckslint::config::CONFIG_NAMES.iter().any(|n| uri.ends_with(&format!("/{n}")))
}

/// The path an unsaved buffer's findings carry: its URI, with the extension of its
/// language so that the format is known.
fn untitled_display(uri: &str, language: &str) -> String {
    match language {
        "json" | "jsonc" if !uri.ends_with(".json") => format!("{uri}.json"),
        "yaml" if !uri.ends_with(".yaml") && !uri.ends_with(".yml") => format!("{uri}.yaml"),
        _ => uri.to_string(),
    }
}
