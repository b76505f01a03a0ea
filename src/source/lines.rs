//! Byte offset → 1-based line and column (Unicode scalar values, BOM not counted).

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

#[cfg(test)]
mod tests {
    use super::*;

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
