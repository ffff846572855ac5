//! [`Location`]s (line and column) and the conversion between them and
//! byte offsets.

/// A 1-based line and column in a text. Columns count characters (not
/// bytes) from the start of the line, as ron's error positions do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Line number, from 1.
    pub line: usize,
    /// Column number in characters, from 1.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Converts between byte offsets and [`Location`]s of one text.
#[derive(Clone, Debug)]
pub(crate) struct LineIndex {
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { starts }
    }

    /// The location of byte `offset` (clamped to the text).
    pub(crate) fn location(&self, text: &str, offset: usize) -> Location {
        let offset = floor_char_boundary(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        // `get`: never panic, even if given another text than was indexed.
        let column = 1 + text.get(start..offset).map_or(0, |s| s.chars().count());
        Location { line, column }
    }

    /// The byte offset of `location` (clamped to its line and the text).
    pub(crate) fn offset(&self, text: &str, location: Location) -> usize {
        let line = location.line.clamp(1, self.starts.len());
        let start = self.starts[line - 1];
        let line_end = self.starts.get(line).copied().unwrap_or(text.len());
        let chars = location.column.saturating_sub(1);
        let line_text = text.get(start..line_end).unwrap_or("");
        line_text
            .char_indices()
            .nth(chars)
            .map_or(line_end, |(i, _)| start + i)
            .min(text.len())
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_index_round_trips_offsets() {
        let text = "ab\nçd\n\nx";
        let lines = LineIndex::new(text);
        assert_eq!(lines.location(text, 0), Location { line: 1, column: 1 });
        assert_eq!(lines.location(text, 3), Location { line: 2, column: 1 });
        assert_eq!(lines.location(text, 5), Location { line: 2, column: 2 });
        assert_eq!(
            lines.location(text, 4),
            Location { line: 2, column: 1 },
            "inside ç"
        );
        assert_eq!(lines.location(text, 8), Location { line: 4, column: 1 });
        assert_eq!(lines.location(text, 99), Location { line: 4, column: 2 });
        assert_eq!(lines.offset(text, Location { line: 2, column: 2 }), 5);
        assert_eq!(lines.offset(text, Location { line: 2, column: 9 }), 7);
        assert_eq!(lines.offset(text, Location { line: 9, column: 1 }), 8);
        assert_eq!(lines.offset(text, Location { line: 0, column: 0 }), 0);
    }
}
