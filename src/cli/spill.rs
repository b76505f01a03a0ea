//! Rendered output held until the end of a run (the cross-document pass may still add a
//! finding to any file): in memory up to [`Spill::LIMIT`], then in an unlinked temporary
//! file, so a run's memory does not grow with its output. If no temporary file can be
//! made, the output stays in memory: a run never fails for want of one.

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

#[derive(Default)]
pub struct Spill {
    mem: Vec<u8>,
    file: Option<BufWriter<File>>,
    /// A write to the temporary file failed (disk full): [`Spill::reader`] says so.
    broken: Option<io::Error>,
}

impl Spill {
    /// Bytes kept in memory before moving to a temporary file.
    pub const LIMIT: usize = 4 << 20;

    pub fn push(&mut self, text: &str) {
        if self.file.is_none() && self.mem.len() + text.len() > Self::LIMIT {
            if let Some(mut f) = temp_file().map(BufWriter::new) {
                if f.write_all(&self.mem).is_ok() {
                    self.mem = Vec::new();
                    self.file = Some(f);
                }
            }
        }
        match &mut self.file {
            Some(f) => {
                if let Err(e) = f.write_all(text.as_bytes()) {
                    self.broken.get_or_insert(e);
                }
            }
            None => self.mem.extend_from_slice(text.as_bytes()),
        }
    }

    /// Everything pushed, from the start.
    pub fn reader(self) -> io::Result<Box<dyn Read>> {
        if let Some(e) = self.broken {
            return Err(e);
        }
        match self.file {
            None => Ok(Box::new(io::Cursor::new(self.mem))),
            Some(f) => {
                let mut f = f.into_inner().map_err(|e| e.into_error())?;
                f.rewind()?;
                Ok(Box::new(BufReader::with_capacity(1 << 16, f)))
            }
        }
    }
}

/// A new temporary file that is already unlinked where the platform allows it.
fn temp_file() -> Option<File> {
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.subsec_nanos()).unwrap_or(0);
    for attempt in 0..8u32 {
        let path = dir.join(format!(".ckslint-{}-{nanos}-{attempt}.spill", std::process::id()));
        if let Ok(f) = std::fs::OpenOptions::new().read(true).write(true).create_new(true).open(&path) {
            // On Unix the open handle keeps the data; the name goes at once, so nothing is
            // left behind even if the run is killed. (Windows refuses; the file stays.)
            let _ = std::fs::remove_file(&path);
            return Some(f);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_output_stays_in_memory_and_reads_back() {
        let mut s = Spill::default();
        s.push("abc");
        s.push("def");
        assert!(s.file.is_none());
        let mut out = String::new();
        s.reader().unwrap().read_to_string(&mut out).unwrap();
        assert_eq!(out, "abcdef");
    }

    #[test]
    fn large_output_moves_to_a_file_and_reads_back_whole() {
        let mut s = Spill::default();
        let chunk = "x".repeat(1 << 20);
        for i in 0..6 {
            s.push(&chunk);
            s.push(&format!("<{i}>"));
        }
        assert!(s.file.is_some(), "past the limit the output is in a file");
        let mut out = String::new();
        s.reader().unwrap().read_to_string(&mut out).unwrap();
        assert_eq!(out.len(), 6 * (1 << 20) + 6 * 3);
        assert!(out.ends_with("<5>"));
        assert_eq!(&out[1 << 20..(1 << 20) + 3], "<0>");
    }
}
