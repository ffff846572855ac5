//! The app's telemetry log, `data_<time>.csv`: one row per 5 s iteration with
//! the latest value of each parameter (`x` when not yet received).
//!
//! The flight header names the columns shifted left by one (the first
//! column, the timestamp, has no name and the line ends with a comma); both
//! that header and a corrected one (`timestamp,CADC0884,…`) are accepted and
//! the columns are always read by position.

use crate::files::{Skipped, split_row};

/// Fields per row: timestamp, 6 × (value, flag), CADC0900..0902, CADC1002..1005.
const FIELDS: usize = 20;

/// The flight header (with its bug).
const FLIGHT_HEADER: &str = "CADC0884,CADC0885,CADC0886,CADC0887,CADC0888,CADC0889,CADC0890,CADC0891,CADC0892,CADC0893,CADC0894,CADC0895,CADC0900,CADC0901,CADC0902,CADC1002,CADC1003,CADC1004,CADC1005,";

/// The attitude quaternion's columns, q0..q3 (scalar first, rotating TEME
/// vectors into the body frame), by their names in a corrected header.
pub const QUATERNION_COLUMNS: [&str; 4] = ["CADC1002", "CADC1003", "CADC1004", "CADC1005"];

/// The names of a telemetry header's columns as the columns really are,
/// and whether the header had the flight app's bug: the names shifted
/// left by one (no name for the timestamp, a trailing comma), which gets
/// its `timestamp` back. Names are trimmed.
pub fn column_names(header: &str) -> (Vec<&str>, bool) {
    let mut names: Vec<&str> = header.split(',').map(str::trim).collect();
    let shifted = names.first() != Some(&"timestamp") && names.last() == Some(&"");
    if shifted {
        names.pop();
        names.insert(0, "timestamp");
    }
    (names, shifted)
}

/// How the header read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Header {
    /// The flight header, shifted by one column.
    FlightShifted,
    /// A header that names the timestamp column first.
    Corrected,
}

/// One telemetry row, values as the text the app read.
#[derive(Debug, Clone, PartialEq)]
pub struct TelemetryRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Unix time of the row, ms.
    pub timestamp_ms: i64,
    /// PD1..PD6 elevation text (`x` when missing), rad.
    pub pd_text: [String; 6],
    /// PD1..PD6 validity flags (`None` when missing or not a boolean).
    pub flags: [Option<bool>; 6],
    /// Attitude quaternion q0..q3 text (`x` when missing; CADC1002..1005).
    pub quaternion_text: [String; 4],
}

/// A parsed telemetry file.
#[derive(Debug)]
pub struct Telemetry {
    /// The header found.
    pub header: Header,
    /// Rows in file order.
    pub rows: Vec<TelemetryRow>,
    /// Malformed rows, skipped.
    pub skipped: Vec<Skipped>,
}

/// Parses a telemetry file's text; an unknown header is an error, given as
/// `<line>: <message>` so that the caller can prefix the path.
pub fn parse(text: &str) -> Result<Telemetry, String> {
    let mut lines = text.lines().enumerate();
    let header = match lines.next().map(|(_, l)| l.trim_end()) {
        Some(FLIGHT_HEADER) => Header::FlightShifted,
        Some(h) if h.starts_with("timestamp,CADC0884,") && h.split(',').count() == FIELDS => {
            Header::Corrected
        }
        Some(h) => {
            return Err(format!(
                "1: unknown header {:?}; expected the flight header starting \"CADC0884,CADC0885,\"",
                h.chars().take(60).collect::<String>()
            ));
        }
        None => return Err("1: empty file (no header)".into()),
    };
    let mut telemetry = Telemetry {
        header,
        rows: Vec::new(),
        skipped: Vec::new(),
    };
    for (index, raw) in lines {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        match parse_row(raw.trim_end(), line) {
            Ok(row) => telemetry.rows.push(row),
            Err(reason) => telemetry.skipped.push(Skipped { line, reason }),
        }
    }
    Ok(telemetry)
}

fn parse_row(raw: &str, line: usize) -> Result<TelemetryRow, String> {
    let (fields, timestamp_ms) = split_row(raw, FIELDS)?;
    let pd_text = std::array::from_fn(|i| fields[1 + 2 * i].to_owned());
    let flags = std::array::from_fn(|i| match fields[2 + 2 * i] {
        "true" => Some(true),
        "false" => Some(false),
        _ => None,
    });
    let quaternion_text = std::array::from_fn(|i| fields[16 + i].to_owned());
    Ok(TelemetryRow {
        line,
        timestamp_ms,
        pd_text,
        flags,
        quaternion_text,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_flight_header_names_its_columns_once_unshifted() {
        let (names, shifted) = column_names(FLIGHT_HEADER);
        assert!(shifted);
        assert_eq!(names.len(), FIELDS);
        assert_eq!(names[0], "timestamp");
        assert_eq!(names[16..], QUATERNION_COLUMNS);
        let corrected = names.join(",");
        assert_eq!(column_names(&corrected), (names.clone(), false));
    }

    const ROW: &str = "1618593464649,0.00548852,false,0.0,false,0.6714748,true,0.55949587,true,0.0,false,0.6531328,true,0.0,0.0,0.0,-0.50691664,0.75584435,0.29629943,-0.28639293";

    #[test]
    fn reads_the_shifted_flight_header_by_position() {
        let text = format!(
            "{FLIGHT_HEADER}\n1618593459598,x,x,x,x,0.6714748,true,0.55949587,true,0.0,false,0.6531328,true,0.0,0.0,x,x,x,x,x\n{ROW}\n"
        );
        let t = parse(&text).unwrap();
        assert_eq!(t.header, Header::FlightShifted);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0].pd_text[0], "x");
        assert_eq!(t.rows[1].pd_text[0], "0.00548852");
        assert_eq!(t.rows[1].pd_text[5], "0.6531328");
        assert_eq!(t.rows[1].flags[2], Some(true));
        assert_eq!(t.rows[0].flags[0], None);
        assert_eq!(t.rows[0].quaternion_text[0], "x");
        assert_eq!(t.rows[1].quaternion_text[0], "-0.50691664");
        assert_eq!(t.rows[1].quaternion_text[3], "-0.28639293");
    }

    #[test]
    fn unknown_header_and_bad_rows_are_reported() {
        assert!(
            parse("time,pd1\n")
                .unwrap_err()
                .starts_with("1: unknown header")
        );
        assert!(parse("").unwrap_err().contains("empty"));
        let text = format!("{FLIGHT_HEADER}\n{ROW}\n1,2,3\nabc{}\n", &ROW[13..]);
        let t = parse(&text).unwrap();
        assert_eq!(t.rows.len(), 1);
        assert_eq!(
            t.skipped[0],
            Skipped {
                line: 3,
                reason: "expected 20 fields, got 3".into()
            }
        );
        assert_eq!(t.skipped[1].line, 4);
        assert!(
            t.skipped[1].reason.starts_with("timestamp"),
            "{:?}",
            t.skipped[1]
        );
    }
}
