//! Reading recorded attitude quaternions from one CSV text.
//!
//! Two layouts are recognised from the header line:
//!
//! - **Flight telemetry** (`data_<start>.csv`, as downlinked from OPS-SAT
//!   or written by `orbitai run`): the columns `timestamp` (Unix time, ms)
//!   and `CADC1002`..`CADC1005` (the attitude estimate `q0..q3`, scalar
//!   first, TEME → body), found by name among the others. The flight files'
//!   header names the columns shifted left by one (no name for the
//!   timestamp, a trailing comma); such a header is recognised and read
//!   as if `timestamp` came first. A component written `x` (not yet
//!   received), empty or not a finite number makes the row *skipped* and
//!   counted, as the on-board app skipped it.
//! - **Simple**: `time,q0,q1,q2,q3` (any column order, extra columns
//!   ignored). `time` is Unix milliseconds (an integer) or an ISO 8601 UTC
//!   time (`2021-04-16T17:17:44.649Z`, kept to the millisecond, rounded to
//!   the nearest). A component written `x` or left empty skips the row;
//!   any other text that is not a finite number is an error (such files
//!   are written by people or tools, where it is a typo).
//!
//! In both, a row with the wrong number of fields or an unreadable time is
//! an error, as are a zero quaternion, a norm further than the tolerance
//! from 1 (flight rows mix components of different updates, so their norm
//! strays to 0.75..1.28; they are renormalised when used), and a time
//! before the previous row's. A row at the same time as the previous one
//! is dropped and counted as a duplicate. Errors give the 1-based line
//! and character column of the offending field.

use std::fmt;

use orbitai_astro::Epoch;

/// The flight telemetry's quaternion columns, q0..q3 (scalar first), as
/// `orbitai-flight` knows them.
pub use orbitai_flight::telemetry::QUATERNION_COLUMNS as FLIGHT_QUATERNION_COLUMNS;

/// The simple layout's quaternion columns.
const SIMPLE_QUATERNION_COLUMNS: [&str; 4] = ["q0", "q1", "q2", "q3"];

/// The layout a file was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttitudeCsvFormat {
    /// Flight telemetry; `shifted_header` when the header had the flight
    /// files' one-column shift.
    FlightTelemetry {
        /// Whether the header named the columns shifted left by one.
        shifted_header: bool,
    },
    /// `time,q0,q1,q2,q3`.
    Simple,
}

/// One quaternion read from a file.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttitudeRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Time, milliseconds since the Unix epoch (UTC).
    pub unix_ms: i64,
    /// Quaternion as written (not renormalised), scalar first, TEME → body.
    pub q: [f64; 4],
}

/// A row left out, with its 1-based line and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Why, e.g. `CADC1003 missing ("x")`.
    pub reason: String,
}

/// The quaternions of one file.
#[derive(Debug, Clone, PartialEq)]
pub struct AttitudeCsv {
    /// The layout recognised.
    pub format: AttitudeCsvFormat,
    /// The samples, in strictly increasing time.
    pub rows: Vec<AttitudeRow>,
    /// Rows with a missing (or, in flight telemetry, non-numeric) component.
    pub skipped: Vec<SkippedRow>,
    /// Rows dropped because their time equals the previous row's.
    pub duplicates: usize,
}

/// Why a file cannot be read: displayed `LINE:COLUMN: message`, to be
/// prefixed by the file name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct AttitudeCsvError {
    /// 1-based line.
    pub line: usize,
    /// 1-based character column of the field concerned (1 for the line).
    pub column: usize,
    /// What is wrong, naming the column when there is one.
    pub message: String,
}

impl fmt::Display for AttitudeCsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.line, self.column, self.message)
    }
}

/// Column indexes of the fields that matter.
struct Layout {
    format: AttitudeCsvFormat,
    fields: usize,
    time: usize,
    quaternion: [usize; 4],
    names: [&'static str; 5],
}

/// Reads the quaternions of one CSV text (either layout, see the module
/// documentation); `norm_tolerance` is the largest accepted `| |q| − 1 |`.
pub fn parse_attitude_csv(
    text: &str,
    norm_tolerance: f64,
) -> Result<AttitudeCsv, AttitudeCsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.lines().enumerate();
    let header = lines.next().map(|(_, l)| l.trim_end()).unwrap_or("");
    let layout = read_header(header)?;
    let mut out = AttitudeCsv {
        format: layout.format,
        rows: Vec::new(),
        skipped: Vec::new(),
        duplicates: 0,
    };
    for (index, raw) in lines {
        let line = index + 1;
        let raw = raw.trim_end();
        if raw.trim().is_empty() {
            continue;
        }
        let Some((unix_ms, q)) = read_row(raw, line, &layout, norm_tolerance, &mut out.skipped)?
        else {
            continue;
        };
        if let Some(prev) = out.rows.last() {
            if unix_ms == prev.unix_ms {
                out.duplicates += 1;
                continue;
            }
            if unix_ms < prev.unix_ms {
                return Err(AttitudeCsvError {
                    line,
                    column: 1,
                    message: format!(
                        "{}: time {} is before the previous sample's {} (line {}): times must increase",
                        layout.names[0],
                        show_ms(unix_ms),
                        show_ms(prev.unix_ms),
                        prev.line
                    ),
                });
            }
        }
        out.rows.push(AttitudeRow { line, unix_ms, q });
    }
    Ok(out)
}

/// Recognises the layout from the header line.
fn read_header(header: &str) -> Result<Layout, AttitudeCsvError> {
    let (unshifted, shifted) = orbitai_flight::telemetry::column_names(header);
    let mut names: Vec<&str> = header.split(',').map(str::trim).collect();
    let flight = FLIGHT_QUATERNION_COLUMNS.iter().all(|q| names.contains(q));
    let simple = SIMPLE_QUATERNION_COLUMNS.iter().all(|q| names.contains(q));
    let fail = |message: String| AttitudeCsvError {
        line: 1,
        column: 1,
        message,
    };
    let (format, time_name, q_names) = if flight {
        // The flight bug (no name for the timestamp, a trailing comma) is
        // undone as the replay undoes it.
        names = unshifted;
        (
            AttitudeCsvFormat::FlightTelemetry {
                shifted_header: shifted,
            },
            "timestamp",
            FLIGHT_QUATERNION_COLUMNS,
        )
    } else if simple {
        (AttitudeCsvFormat::Simple, "time", SIMPLE_QUATERNION_COLUMNS)
    } else {
        let shown: String = header.chars().take(80).collect();
        return Err(fail(format!(
            "unknown header {shown:?}: expected `time,q0,q1,q2,q3` or a flight telemetry header (`timestamp,…,CADC1002,CADC1003,CADC1004,CADC1005`)"
        )));
    };
    let find = |name: &str| {
        let mut hits = names.iter().enumerate().filter(|(_, n)| **n == name);
        match (hits.next(), hits.next()) {
            (Some((i, _)), None) => Ok(i),
            (Some(_), Some(_)) => Err(fail(format!("column {name} appears twice in the header"))),
            (None, _) => Err(fail(format!("no `{name}` column in the header"))),
        }
    };
    let time = find(time_name)?;
    let mut quaternion = [0; 4];
    for (slot, name) in quaternion.iter_mut().zip(q_names) {
        *slot = find(name)?;
    }
    Ok(Layout {
        format,
        fields: names.len(),
        time,
        quaternion,
        names: [time_name, q_names[0], q_names[1], q_names[2], q_names[3]],
    })
}

/// Reads one data row: `Ok(None)` when it is skipped (recorded in
/// `skipped`), an error when it is unreadable or its quaternion is bad.
fn read_row(
    raw: &str,
    line: usize,
    layout: &Layout,
    norm_tolerance: f64,
    skipped: &mut Vec<SkippedRow>,
) -> Result<Option<(i64, [f64; 4])>, AttitudeCsvError> {
    // Each field with its 1-based character column.
    let mut fields = Vec::with_capacity(layout.fields);
    let mut column = 1;
    for field in raw.split(',') {
        fields.push((field.trim(), column));
        column += field.chars().count() + 1;
    }
    if fields.len() != layout.fields {
        return Err(AttitudeCsvError {
            line,
            column: 1,
            message: format!(
                "expected {} fields (as in the header), got {}",
                layout.fields,
                fields.len()
            ),
        });
    }
    let at = |i: usize, message: String| {
        let (_, column) = fields[i];
        AttitudeCsvError {
            line,
            column,
            message,
        }
    };
    let (time_text, _) = fields[layout.time];
    let unix_ms = read_time(time_text, layout.format)
        .map_err(|reason| at(layout.time, format!("{}: {reason}", layout.names[0])))?;
    let mut q = [0.0; 4];
    for (k, &i) in layout.quaternion.iter().enumerate() {
        let name = layout.names[1 + k];
        let (text, _) = fields[i];
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => q[k] = v,
            _ if text.is_empty() || text == "x" => {
                skipped.push(SkippedRow {
                    line,
                    reason: format!("{name} missing ({text:?})"),
                });
                return Ok(None);
            }
            _ if matches!(layout.format, AttitudeCsvFormat::FlightTelemetry { .. }) => {
                skipped.push(SkippedRow {
                    line,
                    reason: format!("{name} not a finite number ({text:?})"),
                });
                return Ok(None);
            }
            _ => {
                return Err(at(
                    i,
                    format!("{name}: expected a finite number, got {text:?}"),
                ));
            }
        }
    }
    let norm = q.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm == 0.0 || (norm - 1.0).abs() > norm_tolerance {
        let what = if norm == 0.0 {
            "zero quaternion".to_owned()
        } else {
            format!("quaternion norm {norm:.6} is not 1 ± {norm_tolerance:?}")
        };
        return Err(at(
            layout.quaternion[0],
            format!("{}..{}: {what} ({:?})", layout.names[1], layout.names[4], q),
        ));
    }
    Ok(Some((unix_ms, q)))
}

/// A time field: Unix ms (integer) or, in the simple layout, ISO 8601 UTC.
fn read_time(text: &str, format: AttitudeCsvFormat) -> Result<i64, String> {
    if let Ok(ms) = text.parse::<i64>() {
        // Within the range of `Epoch`, so that later differences cannot overflow.
        return match Epoch::from_unix_millis(ms) {
            Ok(_) => Ok(ms),
            Err(e) => Err(e.to_string()),
        };
    }
    match format {
        AttitudeCsvFormat::FlightTelemetry { .. } => {
            Err(format!("expected an integer (Unix ms), got {text:?}"))
        }
        AttitudeCsvFormat::Simple => {
            let epoch = Epoch::parse_iso8601(text).map_err(|e| {
                format!("expected Unix ms (an integer) or an ISO 8601 UTC time: {e}")
            })?;
            let nanos = epoch.unix_nanos();
            Ok(nanos.div_euclid(1_000_000) + i64::from(nanos.rem_euclid(1_000_000) >= 500_000))
        }
    }
}

/// A Unix-ms time as ISO 8601 (or the raw number when out of range).
pub(crate) fn show_ms(unix_ms: i64) -> String {
    match Epoch::from_unix_millis(unix_ms) {
        Ok(epoch) => epoch.to_iso8601(3),
        Err(_) => format!("{unix_ms} ms"),
    }
}

#[cfg(test)]
#[path = "attitude_csv_tests.rs"]
mod tests;
