//! Two-line element sets: parsing 2-line and 3-line (named) sets from text or
//! a file, with every field checked and errors that name the source, line,
//! column and field.
//!
//! The `sgp4` crate does the final decoding; this module validates each field
//! first so that a bad TLE is reported as, e.g.,
//! `assets/tle/x.tle:3:9: inclination: expected a number, got "97.47O2"`
//! rather than as a character range.

use std::fmt;
use std::path::Path;

use thiserror::Error;

use crate::time::Epoch;

/// Where in the input a TLE problem was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// The file path, or a label such as `--tle` for text that came from
    /// elsewhere.
    pub source: String,
    /// 1-based line number within the source.
    pub line: usize,
    /// 1-based column of the offending field, when one field is at fault.
    pub column: Option<usize>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.source, self.line)?;
        if let Some(column) = self.column {
            write!(f, ":{column}")?;
        }
        Ok(())
    }
}

/// An error reading or parsing a TLE.
#[derive(Debug, Error)]
pub enum TleError {
    /// One field of a TLE line is malformed.
    #[error("{location}: {field}: {message}")]
    Field {
        /// Where the field is.
        location: Location,
        /// The field's name (e.g. `checksum`, `inclination`).
        field: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// The lines do not form TLE sets (missing line 2, stray text, no TLE).
    #[error("{location}: {message}")]
    Structure {
        /// Where the problem was noticed.
        location: Location,
        /// What is wrong.
        message: String,
    },
    /// The file could not be read.
    #[error("{path}: cannot read TLE file: {source}")]
    Io {
        /// The file path.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
}

/// A parsed and validated two-line element set (optionally named).
#[derive(Debug, Clone)]
pub struct Tle {
    line1: String,
    line2: String,
    elements: sgp4::Elements,
    epoch: Epoch,
}

impl Tle {
    /// Parses one set from its two lines (and an optional name line).
    /// `source` labels the text in error messages; `first_line` is the
    /// 1-based line number of `line1` in that source.
    pub fn from_lines(
        name: Option<&str>,
        line1: &str,
        line2: &str,
        source: &str,
        first_line: usize,
    ) -> Result<Tle, TleError> {
        let line1 = line1.trim_end();
        let line2 = line2.trim_end();
        let at = |line_offset: usize, column: Option<usize>| Location {
            source: source.to_owned(),
            line: first_line + line_offset,
            column,
        };
        check_line(line1, b'1', &LINE1_FIELDS, &|c| at(0, c))?;
        check_line(line2, b'2', &LINE2_FIELDS, &|c| at(1, c))?;
        if line1[2..7] != line2[2..7] {
            return Err(TleError::Field {
                location: at(1, Some(3)),
                field: "catalog number",
                message: format!(
                    "line 2 has {:?} but line 1 has {:?}",
                    &line2[2..7],
                    &line1[2..7]
                ),
            });
        }
        let name = name.map(clean_name).filter(|n| !n.is_empty());
        let elements = sgp4::Elements::from_tle(name, line1.as_bytes(), line2.as_bytes())
            .map_err(|e| sgp4_parse_error(&e, &|c| at(0, c)))?;
        let epoch_nanos = elements
            .datetime
            .and_utc()
            .timestamp_nanos_opt()
            .ok_or_else(|| TleError::Field {
                location: at(0, Some(19)),
                field: "epoch",
                message: "epoch out of range".into(),
            })?;
        Ok(Tle {
            line1: line1.to_owned(),
            line2: line2.to_owned(),
            elements,
            epoch: Epoch::from_unix_nanos(epoch_nanos),
        })
    }

    /// The satellite name of a 3-line set, if any.
    pub fn name(&self) -> Option<&str> {
        self.elements.object_name.as_deref()
    }

    /// The NORAD catalogue number.
    pub fn norad_id(&self) -> u64 {
        self.elements.norad_id
    }

    /// A label for messages: the name if there is one, else the NORAD id.
    pub fn label(&self) -> String {
        match self.name() {
            Some(name) => format!("{name} ({})", self.norad_id()),
            None => format!("NORAD {}", self.norad_id()),
        }
    }

    /// The element set's epoch (UTC), to the nanosecond as `sgp4` decodes it.
    pub fn epoch(&self) -> Epoch {
        self.epoch
    }

    /// Line 1 as given (trailing white space removed).
    pub fn line1(&self) -> &str {
        &self.line1
    }

    /// Line 2 as given (trailing white space removed).
    pub fn line2(&self) -> &str {
        &self.line2
    }

    /// The decoded elements (degrees, revolutions per day, as in the TLE).
    pub fn elements(&self) -> &sgp4::Elements {
        &self.elements
    }
}

/// Parses every TLE set in `text`: 2-line sets, 3-line sets (a name line
/// first; a leading `0 ` as in CelesTrak's 3LE format is removed) or a mix.
/// Blank lines are ignored. `source` labels the text in error messages.
pub fn parse_str(text: &str, source: &str) -> Result<Vec<Tle>, TleError> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty())
        .collect();
    let location = |line: usize| Location {
        source: source.to_owned(),
        line,
        column: None,
    };
    let mut sets = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let (number, line) = lines[i];
        let (name, first) = if is_data_line(line, b'1') {
            (None, i)
        } else if is_data_line(line, b'2') {
            return Err(TleError::Structure {
                location: location(number),
                message: "TLE line 2 without a line 1 before it".into(),
            });
        } else {
            (Some(line), i + 1)
        };
        let Some(&(number1, line1)) = lines.get(first) else {
            return Err(TleError::Structure {
                location: location(number),
                message: format!("name line {line:?} is not followed by a TLE line 1"),
            });
        };
        if !is_data_line(line1, b'1') {
            return Err(TleError::Structure {
                location: location(number1),
                message: format!("expected TLE line 1 (starting with \"1 \"), got {line1:?}"),
            });
        }
        let line2 = match lines.get(first + 1) {
            Some(&(number2, line2)) if number2 == number1 + 1 && is_data_line(line2, b'2') => line2,
            Some(&(number2, line2)) => {
                return Err(TleError::Structure {
                    location: location(number2),
                    message: format!("expected TLE line 2 (starting with \"2 \"), got {line2:?}"),
                });
            }
            None => {
                return Err(TleError::Structure {
                    location: location(number1),
                    message: "TLE line 1 is not followed by a line 2".into(),
                });
            }
        };
        sets.push(Tle::from_lines(name, line1, line2, source, number1)?);
        i = first + 2;
    }
    if sets.is_empty() {
        return Err(TleError::Structure {
            location: location(1),
            message: "no TLE found (expected two lines starting with \"1 \" and \"2 \")".into(),
        });
    }
    Ok(sets)
}

/// Reads and parses every TLE set in a file (see [`parse_str`]).
pub fn read_file(path: &Path) -> Result<Vec<Tle>, TleError> {
    let label = path.display().to_string();
    let text = crate::input::read_text(path).map_err(|source| TleError::Io {
        path: label.clone(),
        source,
    })?;
    parse_str(&text, &label)
}

/// Whether `line` looks like TLE data line `number` ('1' or '2'), as opposed
/// to a name line.
fn is_data_line(line: &str, number: u8) -> bool {
    let b = line.as_bytes();
    b.len() >= 2 && b[0] == number && b[1] == b' '
}

/// Removes CelesTrak's `0 ` prefix and surrounding blanks from a name line.
fn clean_name(name: &str) -> String {
    let name = name.trim();
    name.strip_prefix("0 ").unwrap_or(name).trim().to_owned()
}

/// How a TLE field's text must read.
#[derive(Clone, Copy)]
enum Kind {
    /// The line number itself ('1' or '2').
    LineNumber,
    /// Five-character catalogue number (digits, or Alpha-5: a letter then digits).
    Catalog,
    /// U, C or S (a blank is tolerated, as in old element sets).
    Classification,
    /// Free text (international designator).
    Text,
    /// Non-negative integer, possibly blank-padded (blank allowed if `optional`).
    Integer { optional: bool },
    /// Decimal number with an explicit point, optional sign, in [min, max].
    Decimal { min: f64, max: f64 },
    /// Assumed leading decimal point with exponent, e.g. ` 68536-4` or `-11606-4`.
    AssumedDecimalExponent,
    /// Digits with an assumed leading decimal point (eccentricity).
    AssumedDecimal,
    /// The modulo-10 checksum of the first 68 characters.
    Checksum,
}

/// A field of a TLE line: 1-based inclusive columns, name, kind.
type Field = (usize, usize, &'static str, Kind);

/// Line 1 layout (CelesTrak / Space-Track documentation).
const LINE1_FIELDS: [Field; 12] = [
    (1, 1, "line number", Kind::LineNumber),
    (3, 7, "catalog number", Kind::Catalog),
    (8, 8, "classification", Kind::Classification),
    (10, 17, "international designator", Kind::Text),
    (19, 20, "epoch year", Kind::Integer { optional: false }),
    (
        21,
        32,
        "epoch day",
        Kind::Decimal {
            min: 1.0,
            max: 367.0,
        },
    ),
    (
        34,
        43,
        "mean motion first derivative",
        Kind::Decimal {
            min: -1.0,
            max: 1.0,
        },
    ),
    (
        45,
        52,
        "mean motion second derivative",
        Kind::AssumedDecimalExponent,
    ),
    (54, 61, "BSTAR drag term", Kind::AssumedDecimalExponent),
    (63, 63, "ephemeris type", Kind::Integer { optional: true }),
    (
        65,
        68,
        "element set number",
        Kind::Integer { optional: true },
    ),
    (69, 69, "checksum", Kind::Checksum),
];

/// Line 2 layout.
const LINE2_FIELDS: [Field; 10] = [
    (1, 1, "line number", Kind::LineNumber),
    (3, 7, "catalog number", Kind::Catalog),
    (
        9,
        16,
        "inclination",
        Kind::Decimal {
            min: 0.0,
            max: 180.0,
        },
    ),
    (
        18,
        25,
        "right ascension of the ascending node",
        Kind::Decimal {
            min: 0.0,
            max: 360.0,
        },
    ),
    (27, 33, "eccentricity", Kind::AssumedDecimal),
    (
        35,
        42,
        "argument of perigee",
        Kind::Decimal {
            min: 0.0,
            max: 360.0,
        },
    ),
    (
        44,
        51,
        "mean anomaly",
        Kind::Decimal {
            min: 0.0,
            max: 360.0,
        },
    ),
    (
        53,
        63,
        "mean motion",
        Kind::Decimal {
            min: 0.0,
            max: 20.0,
        },
    ),
    (
        64,
        68,
        "revolution number",
        Kind::Integer { optional: true },
    ),
    (69, 69, "checksum", Kind::Checksum),
];

/// Checks length, character set and every field of one TLE line.
fn check_line(
    line: &str,
    number: u8,
    fields: &[Field],
    at: &dyn Fn(Option<usize>) -> Location,
) -> Result<(), TleError> {
    let field_error = |column: usize, field: &'static str, message: String| TleError::Field {
        location: at(Some(column)),
        field,
        message,
    };
    if let Some(pos) = line.find(|c: char| !c.is_ascii() || c.is_ascii_control()) {
        return Err(field_error(
            pos + 1,
            "line",
            "contains a non-ASCII or control character".into(),
        ));
    }
    if line.len() != 69 {
        return Err(field_error(
            1,
            "line length",
            format!(
                "TLE line {} must be 69 characters long, got {}",
                number as char,
                line.len()
            ),
        ));
    }
    for &(first, last, name, kind) in fields {
        let text = &line[first - 1..last];
        check_field(line, text, number, kind).map_err(|m| field_error(first, name, m))?;
    }
    Ok(())
}

/// Checks one field's text against its kind; returns what is wrong.
fn check_field(line: &str, text: &str, number: u8, kind: Kind) -> Result<(), String> {
    let trimmed = text.trim();
    let bad = |what: &str| Err(format!("expected {what}, got {text:?}"));
    match kind {
        Kind::LineNumber if text.as_bytes() == [number] => Ok(()),
        Kind::LineNumber => bad(&format!("line number {}", number as char)),
        Kind::Catalog => {
            let b = trimmed.as_bytes();
            let alpha5 =
                b.len() == 5 && b[0].is_ascii_uppercase() && b[1..].iter().all(u8::is_ascii_digit);
            if (!b.is_empty() && b.iter().all(u8::is_ascii_digit)) || alpha5 {
                Ok(())
            } else {
                bad("a catalog number (digits or Alpha-5)")
            }
        }
        Kind::Classification if matches!(text, "U" | "C" | "S" | " ") => Ok(()),
        Kind::Classification => bad("U, C or S"),
        Kind::Text => Ok(()),
        Kind::Integer { optional } if trimmed.is_empty() && optional => Ok(()),
        Kind::Integer { .. }
            if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(())
        }
        Kind::Integer { .. } => bad("an integer"),
        Kind::Decimal { min, max } => match trimmed.parse::<f64>() {
            Ok(v) if v.is_finite() && (min..=max).contains(&v) => Ok(()),
            Ok(v) => Err(format!("{v} is outside [{min}, {max}]")),
            Err(_) => bad("a number"),
        },
        Kind::AssumedDecimalExponent => {
            // [sign] mantissa digits, then exponent sign and one digit.
            let b = trimmed.as_bytes();
            let body = b
                .strip_prefix(b"-")
                .or_else(|| b.strip_prefix(b"+"))
                .unwrap_or(b);
            let ok = body.len() >= 3
                && body[..body.len() - 2].iter().all(u8::is_ascii_digit)
                && matches!(body[body.len() - 2], b'-' | b'+')
                && body[body.len() - 1].is_ascii_digit();
            if ok {
                Ok(())
            } else {
                bad("a number with assumed decimal point such as \" 68536-4\"")
            }
        }
        Kind::AssumedDecimal
            if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit()) =>
        {
            Ok(())
        }
        Kind::AssumedDecimal => bad("digits with an assumed leading decimal point"),
        Kind::Checksum => {
            let expected = checksum(&line[..68]);
            match text.parse::<u32>() {
                Ok(found) if found == expected => Ok(()),
                _ => Err(format!("is {text:?} but the line's checksum is {expected}")),
            }
        }
    }
}

/// The TLE checksum: sum of all digits, plus 1 per minus sign, modulo 10.
pub fn checksum(text: &str) -> u32 {
    text.bytes()
        .map(|b| match b {
            b'0'..=b'9' => u32::from(b - b'0'),
            b'-' => 1,
            _ => 0,
        })
        .sum::<u32>()
        % 10
}

/// Turns an `sgp4` parse error (only reachable for inputs our own checks
/// let through) into a located error; its message carries the character
/// range, which is mapped back to the field name.
fn sgp4_parse_error(error: &sgp4::TleError, at: &dyn Fn(Option<usize>) -> Location) -> TleError {
    let text = error.to_string();
    let line2 = text.contains("line 2");
    let start = text
        .split("between characters ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse::<usize>().ok());
    let fields: &[Field] = if line2 { &LINE2_FIELDS } else { &LINE1_FIELDS };
    let field = start
        .and_then(|s| {
            fields
                .iter()
                .find(|(first, last, ..)| (first - 1..*last).contains(&s))
        })
        .map_or("TLE", |f| f.2);
    let location = at(start.map(|s| s + 1));
    let location = Location {
        line: location.line + usize::from(line2),
        ..location
    };
    TleError::Field {
        location,
        field,
        message: text,
    }
}

#[cfg(test)]
mod tests;
