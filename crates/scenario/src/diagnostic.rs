//! [`Diagnostic`]: one message placed in a file, rendered
//! `FILE:LINE:COL: PATH: message`.

use std::fmt;

use crate::location::Location;
use crate::path::FieldPath;

/// One message about a document, located by file, position and field path.
///
/// Displays on one line as `FILE:LINE:COL: PATH: message`, the format
/// compilers use, so editors and terminals can jump to it. The `PATH: `
/// part is left out when the path is the root (a message about the whole
/// document, or a syntax error before any field).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file name (or another label) the text came from.
    pub origin: String,
    /// Where in the text the message applies.
    pub location: Location,
    /// The field path the message is about.
    pub path: FieldPath,
    /// What is wrong, without location or path.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: ", self.origin, self.location)?;
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_with_and_without_path() {
        let mut d = Diagnostic {
            origin: "s.ron".into(),
            location: Location { line: 3, column: 7 },
            path: "a[1].b".parse().unwrap(),
            message: "must be > 0, got 0.0".into(),
        };
        assert_eq!(d.to_string(), "s.ron:3:7: a[1].b: must be > 0, got 0.0");
        d.path = FieldPath::root();
        assert_eq!(d.to_string(), "s.ron:3:7: must be > 0, got 0.0");
    }
}
