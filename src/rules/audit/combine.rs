//! The one combined correction of a decoded policy, built while the policy is walked.
//!
//! Every safe correction of the decoded text is applied at once, in order of position
//! (edits that overlap an earlier one are dropped), and the result re-encoded. Rather
//! than keeping every edit (500,000 rules with `level: metadata` are 500,000 edits) and
//! the corrected text beside its encoding, the walker says where the rule it walks next
//! starts ([`Combiner::settle`]): no later edit starts before it, so the edits before it
//! are final and are applied and encoded right away. What remains is the encoding and a
//! few names of corrections.

use super::policy::InnerEdit;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use std::collections::HashSet;

/// Corrections a combined fix's message names; the rest are counted.
pub const MAX_NAMED: usize = 5;

/// The combined correction: the corrected text, base64-encoded, and what it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    pub base64: String,
    /// The first [`MAX_NAMED`] distinct corrections, in order of position.
    pub named: Vec<String>,
    /// Distinct corrections applied.
    pub distinct: usize,
    /// Corrections applied.
    pub total: usize,
}

impl Combined {
    /// What the fix does: "re-encode the policy with `level: Metadata` (500,000 corrections)".
    pub fn message(&self) -> String {
        let mut list = self.named.join(", ");
        if self.distinct > MAX_NAMED {
            list.push_str(&format!(" and {} more", crate::lint::thousands(self.distinct - MAX_NAMED)));
        }
        if self.total > self.distinct {
            list.push_str(&format!(" ({} corrections)", crate::lint::thousands(self.total)));
        }
        format!("re-encode the policy with {list}")
    }
}

pub struct Combiner<'t> {
    text: &'t str,
    /// Whether edits are applied as the walk goes on; otherwise all wait for the end.
    streaming: bool,
    /// Edits not yet applied, in order of arrival (sorted by position when settled).
    pending: Vec<InnerEdit>,
    /// No edit may start before this any more (the last [`Combiner::settle`]).
    settled: usize,
    /// An edit started before [`Combiner::settled`]: the streamed result is not exact.
    broken: bool,
    received: bool,
    /// End of the last applied edit: the text is copied up to here.
    at: usize,
    base64: String,
    /// Bytes not yet encoded (base64 encodes three at a time).
    carry: Vec<u8>,
    seen: HashSet<Box<str>>,
    named: Vec<String>,
    total: usize,
}

impl<'t> Combiner<'t> {
    /// `streaming`: apply edits at each [`Combiner::settle`]; without it they wait for
    /// [`Combiner::finish`] (a policy with YAML anchors, whose aliased nodes keep the
    /// spans of the anchor, can edit text before the rule being walked).
    pub fn new(text: &'t str, streaming: bool) -> Self {
        Combiner {
            text,
            streaming,
            pending: Vec::new(),
            settled: 0,
            broken: false,
            received: false,
            at: 0,
            base64: String::new(),
            carry: Vec::new(),
            seen: HashSet::new(),
            named: Vec::new(),
            total: 0,
        }
    }

    pub fn push(&mut self, edit: InnerEdit) {
        self.received = true;
        if edit.span.start < self.settled {
            self.broken = true;
        }
        self.pending.push(edit);
    }

    /// No edit pushed from now on starts before `pos`: apply those that do.
    pub fn settle(&mut self, pos: usize) {
        if !self.streaming || pos <= self.settled {
            return;
        }
        self.settled = pos;
        if self.pending.is_empty() {
            return;
        }
        // Stable: edits at the same place keep their order of arrival.
        self.pending.sort_by_key(|e| (e.span.start, e.span.end));
        let ready = self.pending.partition_point(|e| e.span.start < pos);
        let edits: Vec<InnerEdit> = self.pending.drain(..ready).collect();
        for e in edits {
            self.apply(e);
        }
    }

    /// Whether an edit arrived where an earlier settle said none would (then the result
    /// of a streaming combiner is not the exact one: walk again without streaming).
    pub fn broken(&self) -> bool {
        self.broken
    }

    fn apply(&mut self, e: InnerEdit) {
        let text = self.text;
        let (start, end) = (e.span.start, e.span.end);
        if start < self.at || end > text.len() || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            return;
        }
        self.emit(&text.as_bytes()[self.at..start]);
        self.emit(e.content.as_bytes());
        self.at = end;
        self.total += 1;
        if !self.seen.contains(e.what.as_str()) {
            if self.named.len() < MAX_NAMED {
                self.named.push(e.what.clone());
            }
            self.seen.insert(e.what.into_boxed_str());
        }
    }

    /// Encode `bytes` after what came before, three bytes at a time.
    fn emit(&mut self, mut bytes: &[u8]) {
        if bytes.is_empty() {
            return;
        }
        if self.base64.capacity() == 0 {
            self.base64.reserve(self.text.len().div_ceil(3) * 4 + 64);
        }
        if !self.carry.is_empty() {
            let take = (3 - self.carry.len()).min(bytes.len());
            self.carry.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.carry.len() < 3 {
                return;
            }
            STANDARD.encode_string(&self.carry, &mut self.base64);
            self.carry.clear();
        }
        let whole = bytes.len() / 3 * 3;
        STANDARD.encode_string(&bytes[..whole], &mut self.base64);
        self.carry.extend_from_slice(&bytes[whole..]);
    }

    /// The combined correction, `None` when no edit was pushed.
    pub fn finish(mut self) -> Option<Combined> {
        if !self.received {
            return None;
        }
        self.streaming = true;
        self.settle(usize::MAX);
        let rest = &self.text.as_bytes()[self.at..];
        self.emit(rest);
        let carry = std::mem::take(&mut self.carry);
        STANDARD.encode_string(&carry, &mut self.base64);
        Some(Combined { base64: self.base64, named: self.named, distinct: self.seen.len(), total: self.total })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::Span;

    fn edit(start: usize, end: usize, content: &str) -> InnerEdit {
        InnerEdit { span: Span::new(start, end), content: content.into(), what: format!("`{content}`") }
    }

    /// What the combined text was before: every edit sorted by place, overlaps dropped.
    fn reference(text: &str, edits: &[InnerEdit]) -> String {
        let mut sorted: Vec<&InnerEdit> = edits.iter().collect();
        sorted.sort_by_key(|e| (e.span.start, e.span.end));
        let (mut out, mut at) = (String::new(), 0);
        for e in sorted {
            if e.span.start < at || e.span.end > text.len() {
                continue;
            }
            out.push_str(&text[at..e.span.start]);
            out.push_str(&e.content);
            at = e.span.end;
        }
        out.push_str(&text[at..]);
        out
    }

    #[test]
    fn streamed_equals_sorted() {
        let text = "abcdefghijklmnopqrstuvwxyz0123456789";
        let edits = [edit(30, 32, "XY"), edit(2, 4, "Q"), edit(2, 4, "R"), edit(3, 6, "S"), edit(10, 10, "++"), edit(10, 12, "--")];
        for streaming in [false, true] {
            let mut c = Combiner::new(text, streaming);
            c.push(edits[0].clone());
            c.push(edits[1].clone());
            c.push(edits[2].clone());
            c.push(edits[3].clone());
            c.settle(8);
            c.push(edits[4].clone());
            c.push(edits[5].clone());
            c.settle(20);
            assert!(!c.broken());
            let got = c.finish().expect("a combined fix");
            assert_eq!(got.base64, STANDARD.encode(reference(text, &edits)), "streaming {streaming}");
            assert_eq!(got.total, 4);
            assert_eq!(got.named, ["`Q`", "`++`", "`--`", "`XY`"]);
        }
        let mut late = Combiner::new(text, true);
        late.settle(10);
        late.push(edit(2, 3, "x"));
        assert!(late.broken());
        assert_eq!(Combiner::new(text, true).finish(), None);
    }

    #[test]
    fn every_length_encodes_as_a_whole() {
        let text = "0123456789abcdef";
        for cut in 0..text.len() {
            for len in 0..4 {
                let e = edit(cut, cut, &"z".repeat(len));
                let mut c = Combiner::new(text, true);
                c.push(e.clone());
                let got = c.finish().expect("a combined fix").base64;
                assert_eq!(got, STANDARD.encode(reference(text, &[e])));
            }
        }
    }
}
