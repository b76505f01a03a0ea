//! Positions in a text.
//!
//! [`LineIndex`] is what every report shows: byte offset → 1-based line and column in
//! Unicode scalar values, lines split at `\n`, a leading BOM not counted.
//!
//! [`PositionIndex`] is the position service for editors: 0-based lines split the way
//! the Language Server Protocol splits them (`\n`, `\r\n` and a lone `\r`; never U+2028,
//! U+2029 or NEL), columns counted in the [`Encoding`] the client negotiated, both
//! directions (offset → position and position → offset), over the text exactly as the
//! client holds it (a BOM is a character like any other).

use super::Span;

/// Line starts of one file, built once and shared by every diagnostic of that file.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    ascii: bool,
    /// Non-ASCII text only: the number of characters before every [`CHECKPOINT`]th byte,
    /// so a column costs at most one block's scan however long its line is (a minified
    /// 16 MiB file is one line).
    chars_before: Vec<usize>,
}

const CHECKPOINT: usize = 1024;

/// A 1-based line and column. `column` counts Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl LineIndex {
    pub fn new(source: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', source.as_bytes()).map(|i| i + 1));
        let ascii = source.is_ascii();
        let mut chars_before = Vec::new();
        if !ascii {
            let mut n = 0;
            for block in source.as_bytes().chunks(CHECKPOINT) {
                chars_before.push(n);
                n += block.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
            }
        }
        LineIndex { starts, ascii, chars_before }
    }

    /// Characters (UTF-8 scalar starts) in `source[..offset]`.
    fn chars_to(&self, source: &str, offset: usize) -> usize {
        let block = offset / CHECKPOINT;
        let base = self.chars_before.get(block).copied().unwrap_or(0);
        let from = (block * CHECKPOINT).min(offset);
        base + source.as_bytes()[from..offset].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    /// Number of lines (a trailing newline does not start a counted line of text,
    /// but the position after it is still line `n + 1`).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Byte offset where the (1-based) line starts.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(0)
    }

    /// Position of a byte offset. Offsets past the end are clamped; an offset inside a
    /// multi-byte character counts as that character.
    pub fn position(&self, source: &str, offset: usize) -> Position {
        let offset = offset.min(source.len());
        let line_idx = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let mut start = self.starts[line_idx];
        if start == 0 && source.starts_with('\u{feff}') && offset >= 3 {
            start = 3;
        }
        let column = if self.ascii {
            offset.saturating_sub(start) + 1
        } else {
            // Count UTF-8 scalar starts (bytes that are not continuation bytes).
            self.chars_to(source, offset) - self.chars_to(source, start.min(offset)) + 1
        };
        Position { line: line_idx + 1, column }
    }

    pub fn span_positions(&self, source: &str, span: Span) -> (Position, Position) {
        (self.position(source, span.start), self.position(source, span.end))
    }
}

/// How a column counts the characters before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Unicode scalar values (what reports show; LSP `utf-32`).
    Scalar,
    /// UTF-16 code units (LSP `utf-16`, the protocol's default).
    Utf16,
    /// UTF-8 bytes (LSP `utf-8`).
    Utf8,
}

/// A 0-based line and column, the column counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextPosition {
    pub line: u32,
    pub character: u32,
}

/// Line starts of a text under the LSP's line-break rules, with per-block character
/// counts so that a column on a long non-ASCII line (a minified 16 MiB file is one
/// line) costs at most one block's scan.
#[derive(Clone, Debug)]
pub struct PositionIndex {
    /// Byte offset of every line's first byte.
    starts: Vec<usize>,
    ascii: bool,
    /// Non-ASCII text only: (scalars, UTF-16 units) in the text before every
    /// [`CHECKPOINT`]th byte.
    before: Vec<(usize, usize)>,
}

/// Scalars and UTF-16 units in a byte range, counted per byte so that a range may start
/// or end inside a character: a scalar per byte that is not a continuation byte, one
/// more UTF-16 unit per lead byte of a 4-byte sequence (a surrogate pair).
fn count_units(bytes: &[u8]) -> (usize, usize) {
    let mut scalars = 0;
    let mut astral = 0;
    for &b in bytes {
        scalars += usize::from((b & 0xC0) != 0x80);
        astral += usize::from(b >= 0xF0);
    }
    (scalars, scalars + astral)
}

impl PositionIndex {
    pub fn new(text: &str) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one break: the line starts after the `\n`.
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue;
            }
            starts.push(i + 1);
        }
        let ascii = text.is_ascii();
        let mut before = Vec::new();
        if !ascii {
            let (mut s, mut u) = (0, 0);
            for block in bytes.chunks(CHECKPOINT) {
                before.push((s, u));
                let (bs, bu) = count_units(block);
                s += bs;
                u += bu;
            }
        }
        PositionIndex { starts, ascii, before }
    }

    /// Number of lines (an empty text, or a text ending in a line break, still has a
    /// last, empty line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// (scalars, UTF-16 units) in `text[..offset]`.
    fn units_to(&self, text: &str, offset: usize) -> (usize, usize) {
        let block = offset / CHECKPOINT;
        let (s, u) = self.before.get(block).copied().unwrap_or((0, 0));
        let from = (block * CHECKPOINT).min(offset);
        let (bs, bu) = count_units(&text.as_bytes()[from..offset]);
        (s + bs, u + bu)
    }

    /// Byte range of a 0-based line without its line break; `None` past the last line.
    fn line_range(&self, text: &str, line: usize) -> Option<(usize, usize)> {
        let start = *self.starts.get(line)?;
        let mut end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        if end > start && line + 1 < self.starts.len() {
            // Drop the break: `\n`, `\r` or `\r\n`.
            if bytes[end - 1] == b'\n' {
                end -= 1;
            }
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
        }
        Some((start, end))
    }

    /// Position of a byte offset. An offset past the end is the end; an offset inside a
    /// character, or between the `\r` and `\n` of a break, is where that starts.
    pub fn position(&self, text: &str, offset: usize, encoding: Encoding) -> TextPosition {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.starts[line];
        if let Some((_, end)) = self.line_range(text, line) {
            offset = offset.min(end);
        }
        let character = if self.ascii || encoding == Encoding::Utf8 {
            offset - start
        } else {
            let (s0, u0) = self.units_to(text, start);
            let (s1, u1) = self.units_to(text, offset);
            match encoding {
                Encoding::Scalar => s1 - s0,
                _ => u1 - u0,
            }
        };
        TextPosition { line: line as u32, character: character as u32 }
    }

    /// Byte offset of a position. A line past the last is the end of the text; a column
    /// past the end of its line is the end of the line (the LSP's rule); a column inside
    /// a character (a UTF-8 byte or the second half of a surrogate pair) is that
    /// character's start.
    pub fn offset(&self, text: &str, position: TextPosition, encoding: Encoding) -> usize {
        let Some((start, end)) = self.line_range(text, position.line as usize) else {
            return text.len();
        };
        let want = position.character as usize;
        if self.ascii || encoding == Encoding::Utf8 {
            let mut o = (start + want).min(end);
            while !text.is_char_boundary(o) {
                o -= 1;
            }
            return o;
        }
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            let w = match encoding {
                Encoding::Scalar => 1,
                _ => c.len_utf16(),
            };
            if units + w > want {
                return start + i;
            }
            units += w;
        }
        end
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    /// Every (offset, position) pair of a text, computed the slow, obvious way.
    fn brute(text: &str, enc: Encoding) -> Vec<(usize, TextPosition)> {
        let mut out = Vec::new();
        let (mut line, mut col) = (0u32, 0u32);
        let mut it = text.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            out.push((i, TextPosition { line, character: col }));
            match c {
                '\r' if matches!(it.peek(), Some((_, '\n'))) => {
                    let (j, _) = it.next().unwrap();
                    out.push((j, TextPosition { line, character: col }));
                    line += 1;
                    col = 0;
                }
                '\n' | '\r' => {
                    line += 1;
                    col = 0;
                }
                _ => {
                    col += match enc {
                        Encoding::Scalar => 1,
                        Encoding::Utf16 => c.len_utf16() as u32,
                        Encoding::Utf8 => c.len_utf8() as u32,
                    }
                }
            }
        }
        out.push((text.len(), TextPosition { line, character: col }));
        out
    }

    const ALL: [Encoding; 3] = [Encoding::Scalar, Encoding::Utf16, Encoding::Utf8];

    fn pos(line: u32, character: u32) -> TextPosition {
        TextPosition { line, character }
    }

    #[test]
    fn emoji_is_two_utf16_units_and_four_bytes() {
        let t = "name: \"😀x\"\n";
        let idx = PositionIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(idx.position(t, x, Encoding::Scalar), pos(0, 8));
        assert_eq!(idx.position(t, x, Encoding::Utf16), pos(0, 9));
        assert_eq!(idx.position(t, x, Encoding::Utf8), pos(0, 11));
        for enc in ALL {
            let p = idx.position(t, x, enc);
            assert_eq!(idx.offset(t, p, enc), x, "{enc:?}");
        }
        // Inside the emoji: its start, both ways.
        assert_eq!(idx.position(t, 8, Encoding::Utf16), pos(0, 7));
        assert_eq!(idx.offset(t, pos(0, 8), Encoding::Utf16), 7);
        assert_eq!(idx.offset(t, pos(0, 9), Encoding::Utf8), 7);
    }

    #[test]
    fn cjk_and_combining_marks() {
        // 東京 (3 bytes, 1 unit each); e + U+0301 is two scalars, two units, three bytes.
        let t = "zone: 東京\nname: e\u{301}x\n";
        let idx = PositionIndex::new(t);
        let x = t.find('x').unwrap();
        assert_eq!(idx.position(t, x, Encoding::Scalar), pos(1, 8));
        assert_eq!(idx.position(t, x, Encoding::Utf16), pos(1, 8));
        assert_eq!(idx.position(t, x, Encoding::Utf8), pos(1, 9));
        assert_eq!(idx.position(t, t.find('京').unwrap(), Encoding::Utf16), pos(0, 7));
        assert_eq!(idx.position(t, t.find('京').unwrap(), Encoding::Utf8), pos(0, 9));
        assert_eq!(idx.offset(t, pos(0, 7), Encoding::Utf16), t.find('京').unwrap());
    }

    #[test]
    fn crlf_and_lone_cr_break_lines_and_u2028_does_not() {
        let t = "a: 1\r\nb: \"x\u{2028}y\"\rc: 2\n";
        let idx = PositionIndex::new(t);
        assert_eq!(idx.line_count(), 4);
        let y = t.find('y').unwrap();
        assert_eq!(idx.position(t, y, Encoding::Utf16), pos(1, 6));
        assert_eq!(idx.position(t, y, Encoding::Utf8), pos(1, 8));
        assert_eq!(idx.position(t, t.find('c').unwrap(), Encoding::Utf16), pos(2, 0));
        // The `\r` of `\r\n` and the `\n` after it are both the end of line 0.
        assert_eq!(idx.position(t, 4, Encoding::Utf16), pos(0, 4));
        assert_eq!(idx.position(t, 5, Encoding::Utf16), pos(0, 4));
        // A column past the end of a line is the end of that line, not the next line.
        assert_eq!(idx.offset(t, pos(0, 99), Encoding::Utf16), 4);
        // A line past the end is the end of the text.
        assert_eq!(idx.offset(t, pos(9, 0), Encoding::Utf16), t.len());
        assert_eq!(idx.position(t, t.len(), Encoding::Utf16), pos(3, 0));
    }

    #[test]
    fn a_bom_is_one_character_of_the_first_line() {
        let t = "\u{feff}name: x\n";
        let idx = PositionIndex::new(t);
        assert_eq!(idx.position(t, 3, Encoding::Utf16), pos(0, 1));
        assert_eq!(idx.position(t, 3, Encoding::Utf8), pos(0, 3));
        assert_eq!(idx.offset(t, pos(0, 1), Encoding::Utf16), 3);
        // The report view skips it: the same offset is column 1 there.
        assert_eq!(LineIndex::new(t).position(t, 3), Position { line: 1, column: 1 });
    }

    #[test]
    fn empty_text() {
        let idx = PositionIndex::new("");
        assert_eq!(idx.line_count(), 1);
        assert_eq!(idx.position("", 5, Encoding::Utf16), pos(0, 0));
        assert_eq!(idx.offset("", pos(0, 3), Encoding::Utf16), 0);
    }

    #[test]
    fn both_directions_agree_with_counting_on_mixed_text() {
        let mut t = String::from("\u{feff}");
        for i in 0..3000 {
            t.push_str(match i % 13 {
                0 => "😀",
                1 => "東",
                2 => "e\u{301}",
                3 => "\r\n",
                4 => "\u{2028}",
                5 => "\r",
                6 => "\n",
                7 => "é",
                _ => "ab",
            });
        }
        // And one long line, longer than a checkpoint block.
        t.push_str(&"x😀é".repeat(2000));
        let idx = PositionIndex::new(&t);
        for enc in ALL {
            for (off, want) in brute(&t, enc) {
                assert_eq!(idx.position(&t, off, enc), want, "{enc:?} offset {off}");
                let back = idx.offset(&t, want, enc);
                // Both bytes of `\r\n` map to the same position, which maps back to the `\r`.
                let expect = if t.as_bytes().get(off) == Some(&b'\n') && off > 0 && t.as_bytes()[off - 1] == b'\r' { off - 1 } else { off };
                assert_eq!(back, expect, "{enc:?} {want:?}");
            }
        }
    }

    #[test]
    fn scalar_positions_match_the_report_view_on_lf_text_without_bom() {
        let t = "a: é😀\nb: 東京 x\n";
        let lines = LineIndex::new(t);
        let idx = PositionIndex::new(t);
        for (off, _) in t.char_indices() {
            let p = lines.position(t, off);
            let q = idx.position(t, off, Encoding::Scalar);
            assert_eq!((q.line as usize + 1, q.character as usize + 1), (p.line, p.column), "offset {off}");
        }
    }

    #[test]
    fn positions_count_scalars_and_skip_bom() {
        let src = "\u{feff}a: é\nbb: 1\r\n";
        let idx = LineIndex::new(src);
        assert_eq!(idx.position(src, 3), Position { line: 1, column: 1 });
        assert_eq!(idx.position(src, 6), Position { line: 1, column: 4 });
        assert_eq!(idx.position(src, 8), Position { line: 1, column: 5 });
        assert_eq!(idx.position(src, 9), Position { line: 2, column: 1 });
        assert_eq!(idx.position(src, 13), Position { line: 2, column: 5 });
    }

    #[test]
    fn columns_on_a_long_non_ascii_line_agree_with_counting() {
        let src: String = (0..5000)
            .map(|i| {
                if i % 7 == 0 {
                    "é"
                } else if i % 11 == 0 {
                    "💡"
                } else {
                    "a"
                }
            })
            .collect();
        let src = format!("\u{feff}{src}\nx");
        let idx = LineIndex::new(&src);
        for (offset, _) in src.char_indices().step_by(37) {
            let line_start = if offset < src.len() - 1 { 3 } else { src.len() - 1 };
            if offset < line_start {
                continue;
            }
            let want = src[line_start..offset].chars().count() + 1;
            assert_eq!(idx.position(&src, offset).column, want, "offset {offset}");
        }
    }
}
