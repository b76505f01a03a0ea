//! LSP base protocol over stdio: `Content-Length` framing, read and written by two
//! threads. Unlike `lsp_server::Connection::stdio`, a frame that is not JSON, or JSON
//! that is not a JSON-RPC message, gets an error response and the reader goes on; only
//! the end of stdin (or `exit`) stops it. Nothing but frames is ever written to stdout.

use crossbeam_channel::{bounded, Sender};
use lsp_server::{Connection, Message};
use serde_json::{json, Value};
use std::io::{self, BufRead, Read, Write};
use std::sync::{Arc, Mutex};
use std::thread;

/// Frames read from `input` become messages; `output` gets the server's messages.
pub fn connect<R, W>(input: R, output: W) -> (Connection, Threads)
where
    R: Read + Send + 'static,
    W: Write + Send + 'static,
{
    let out = Arc::new(Mutex::new(output));
    let (to_client, from_server) = bounded::<Message>(16);
    let (to_server, from_client) = bounded::<Message>(16);
    let out_w = out.clone();
    let writer = thread::spawn(move || {
        for msg in from_server {
            let Ok(mut w) = out_w.lock() else { break };
            if msg.write(&mut *w).and_then(|_| w.flush()).is_err() {
                break;
            }
        }
    });
    let reader = thread::spawn(move || read_loop(io::BufReader::new(input), &to_server, &out));
    (Connection { sender: to_client, receiver: from_client }, Threads { reader, writer })
}

pub struct Threads {
    reader: thread::JoinHandle<()>,
    writer: thread::JoinHandle<()>,
}

impl Threads {
    /// Wait for the writer to flush (the reader may still be blocked on stdin; it is
    /// left to end with the process).
    pub fn finish(self) {
        let _ = self.writer.join();
        drop(self.reader);
    }
}

fn write_raw<W: Write>(out: &Mutex<W>, value: &Value) {
    let text = value.to_string();
    if let Ok(mut w) = out.lock() {
        let _ = write!(w, "Content-Length: {}\r\n\r\n{}", text.len(), text);
        let _ = w.flush();
    }
}

fn error_response(id: Value, code: i32, message: &str) -> Value {
    json!({"jsonrpc": "2.0", "id": id, "error": {"code": code, "message": message}})
}

/// One frame's body; `Ok(None)` at the end of the input; `Err` for a broken header
/// (the frame is skipped).
fn read_frame(r: &mut impl BufRead) -> io::Result<Option<Result<Vec<u8>, String>>> {
    let mut size: Option<Result<usize, String>> = None;
    let mut line = String::new();
    let mut any = false;
    loop {
        line.clear();
        if r.read_line(&mut line)? == 0 {
            return Ok(if any { Some(Err("the input ended inside a header".into())) } else { None });
        }
        let l = line.trim_end_matches(['\r', '\n']);
        if l.is_empty() {
            if !any {
                continue; // stray blank lines between frames
            }
            break;
        }
        any = true;
        if let Some((name, value)) = l.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                size = Some(value.trim().parse::<usize>().map_err(|_| format!("bad Content-Length `{}`", value.trim())));
            }
        } else {
            size = Some(Err(format!("malformed header line `{l}`")));
        }
    }
    match size {
        Some(Ok(n)) => {
            let mut body = vec![0; n];
            r.read_exact(&mut body)?;
            Ok(Some(Ok(body)))
        }
        Some(Err(e)) => Ok(Some(Err(e))),
        None => Ok(Some(Err("no Content-Length header".into()))),
    }
}

fn read_loop<W: Write>(mut r: impl BufRead, to_server: &Sender<Message>, out: &Mutex<W>) {
    loop {
        let body = match read_frame(&mut r) {
            Ok(None) | Err(_) => return,
            Ok(Some(Err(why))) => {
                super::log(&format!("bad frame: {why}"));
                write_raw(out, &error_response(Value::Null, -32700, &format!("parse error: {why}")));
                continue;
            }
            Ok(Some(Ok(body))) => body,
        };
        let value: Value = match serde_json::from_slice(&body) {
            Ok(v) => v,
            Err(e) => {
                write_raw(out, &error_response(Value::Null, -32700, &format!("parse error: {e}")));
                continue;
            }
        };
        let msg = match parse_message(&value) {
            Some(m) => m,
            None => {
                let id = match value.get("id") {
                    Some(id @ (Value::Number(_) | Value::String(_))) => id.clone(),
                    _ => Value::Null,
                };
                // A reply from the client that we cannot read needs no answer.
                if value.get("method").is_none() && (value.get("result").is_some() || value.get("error").is_some()) {
                    continue;
                }
                write_raw(out, &error_response(id, -32600, "invalid request: not a JSON-RPC 2.0 request, notification or response"));
                continue;
            }
        };
        let exit = matches!(&msg, Message::Notification(n) if n.method == "exit");
        if to_server.send(msg).is_err() || exit {
            return;
        }
    }
}

/// A JSON-RPC message, or `None` when the value is not one (a batch, a number as
/// method, a request without `method`, ...).
fn parse_message(value: &Value) -> Option<Message> {
    let obj = value.as_object()?;
    if let Some(m) = obj.get("method") {
        m.as_str()?;
        if let Some(id) = obj.get("id") {
            if !(id.is_number() && id.as_i64().is_some_and(|n| i32::try_from(n).is_ok()) || id.is_string()) {
                return None;
            }
        }
    }
    serde_json::from_value(value.clone()).ok()
}

/// For tests: split a byte stream into frame bodies (exact framing checked).
#[cfg(test)]
pub fn frames(mut bytes: &[u8]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    while !bytes.is_empty() {
        let header_end = bytes.windows(4).position(|w| w == b"\r\n\r\n").ok_or("no header end")?;
        let header = std::str::from_utf8(&bytes[..header_end]).map_err(|e| e.to_string())?;
        let n: usize =
            header.strip_prefix("Content-Length: ").ok_or(format!("bad header {header:?}"))?.parse().map_err(|_| "bad length")?;
        let body = &bytes[header_end + 4..header_end + 4 + n];
        out.push(serde_json::from_slice(body).map_err(|e| e.to_string())?);
        bytes = &bytes[header_end + 4 + n..];
    }
    Ok(out)
}
