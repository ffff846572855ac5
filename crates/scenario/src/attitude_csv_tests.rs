//! Unit tests of the attitude CSV reader.

use super::*;

/// The flight header, with its one-column shift (as downlinked).
const FLIGHT_HEADER: &str = "CADC0884,CADC0885,CADC0886,CADC0887,CADC0888,CADC0889,CADC0890,CADC0891,CADC0892,CADC0893,CADC0894,CADC0895,CADC0900,CADC0901,CADC0902,CADC1002,CADC1003,CADC1004,CADC1005,";

/// A synthetic flight-layout row: timestamp, 6 × (pd, flag), 3 zeros, q.
fn flight_row(ms: i64, q: [&str; 4]) -> String {
    format!(
        "{ms},0.1,true,0.2,true,0.3,true,0.4,true,0.5,true,0.6,true,0.0,0.0,0.0,{},{},{},{}",
        q[0], q[1], q[2], q[3]
    )
}

fn err(text: &str) -> AttitudeCsvError {
    parse_attitude_csv(text, 0.3).unwrap_err()
}

#[test]
fn flight_layout_with_the_shifted_header() {
    let text = format!(
        "{FLIGHT_HEADER}\n{}\n{}\n\n{}\n",
        flight_row(1000, ["x", "x", "x", "x"]),
        flight_row(6000, ["0.5", "-0.5", "0.5", "0.5"]),
        flight_row(11000, ["0.0", "0.6", "0.0", "0.8"]),
    );
    let csv = parse_attitude_csv(&text, 0.3).unwrap();
    assert_eq!(
        csv.format,
        AttitudeCsvFormat::FlightTelemetry {
            shifted_header: true
        }
    );
    assert_eq!(
        csv.rows,
        [
            AttitudeRow {
                line: 3,
                unix_ms: 6000,
                q: [0.5, -0.5, 0.5, 0.5]
            },
            AttitudeRow {
                line: 5,
                unix_ms: 11000,
                q: [0.0, 0.6, 0.0, 0.8]
            },
        ]
    );
    assert_eq!(
        csv.skipped,
        [SkippedRow {
            line: 2,
            reason: "CADC1002 missing (\"x\")".into()
        }]
    );
    assert_eq!(csv.duplicates, 0);
}

#[test]
fn flight_layout_with_a_corrected_header_read_by_name() {
    // The header orbitai run writes, and a reordered one: columns by name.
    let header = format!("timestamp,{}", FLIGHT_HEADER.trim_end_matches(','));
    let text = format!("{header}\n{}\n", flight_row(5, ["1", "0", "0", "0"]));
    let csv = parse_attitude_csv(&text, 0.3).unwrap();
    assert_eq!(
        csv.format,
        AttitudeCsvFormat::FlightTelemetry {
            shifted_header: false
        }
    );
    assert_eq!(csv.rows[0].q, [1.0, 0.0, 0.0, 0.0]);
    let text = "CADC1005,CADC1004,CADC1003,CADC1002,timestamp\r\n0.8,0,0.6,0,42\r\n";
    let csv = parse_attitude_csv(text, 0.3).unwrap();
    assert_eq!(csv.rows[0].q, [0.0, 0.6, 0.0, 0.8]);
    assert_eq!(csv.rows[0].unix_ms, 42);
}

#[test]
fn flight_non_numeric_components_are_skipped_and_counted() {
    let text = format!(
        "{FLIGHT_HEADER}\n{}\n{}\n{}\n{}\n",
        flight_row(1000, ["1", "0", "0", "0"]),
        flight_row(2000, ["1", "abc", "0", "0"]),
        flight_row(3000, ["1", "0", "NaN", "0"]),
        flight_row(4000, ["1", "0", "0", ""]),
    );
    let csv = parse_attitude_csv(&text, 0.3).unwrap();
    assert_eq!(csv.rows.len(), 1);
    let reasons: Vec<_> = csv
        .skipped
        .iter()
        .map(|s| format!("{}: {}", s.line, s.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "3: CADC1003 not a finite number (\"abc\")",
            "4: CADC1004 not a finite number (\"NaN\")",
            "5: CADC1005 missing (\"\")",
        ]
    );
}

#[test]
fn simple_layout_with_unix_ms_and_iso_times() {
    let text = "time,q0,q1,q2,q3\n\
                1618593464649,1,0,0,0\n\
                2021-04-16T17:17:49.6494Z,0.5,0.5,0.5,0.5\n\
                2021-04-16T17:17:54.6496Z,x,0.5,0.5,0.5\n\
                2021-04-16T19:17:54+02:00,0,0,0,1\n\
                1618593474000,0,0,0,1\n";
    let csv = parse_attitude_csv(text, 1e-9).unwrap();
    assert_eq!(csv.format, AttitudeCsvFormat::Simple);
    let times: Vec<_> = csv.rows.iter().map(|r| r.unix_ms).collect();
    // 49.6494 rounds down, +02:00 is converted; the last row repeats the
    // previous time and is dropped as a duplicate.
    assert_eq!(times, [1618593464649, 1618593469649, 1618593474000]);
    assert_eq!(csv.duplicates, 1);
    assert_eq!(csv.skipped.len(), 1);
    assert_eq!(csv.skipped[0].line, 4);
    // Columns in any order, extra columns ignored.
    let csv = parse_attitude_csv("note,q3,q2,q1,q0,time\nhi,1,0,0,0,7\n", 0.0).unwrap();
    assert_eq!(csv.rows[0].q, [0.0, 0.0, 0.0, 1.0]);
}

#[test]
fn bad_rows_are_errors_with_line_and_column() {
    let cases = [
        ("", "1:1: unknown header \"\""),
        ("a,b\n1,2\n", "1:1: unknown header \"a,b\""),
        (
            "time,q0,q1,q2,q3,q0\n",
            "1:1: column q0 appears twice in the header",
        ),
        ("q0,q1,q2,q3\n", "1:1: no `time` column in the header"),
        (
            "time,q0,q1,q2,q3\n1,1,0,0\n",
            "2:1: expected 5 fields (as in the header), got 4",
        ),
        (
            "time,q0,q1,q2,q3\n1,1,0,0,0\nyesterday,1,0,0,0\n",
            "3:1: time: expected Unix ms (an integer) or an ISO 8601 UTC time: 'yesterday' is not an ISO 8601 UTC time",
        ),
        (
            "time,q0,q1,q2,q3\n1,1,0,0,0\n2,1,0.5.3,0,0\n",
            "3:5: q1: expected a finite number, got \"0.5.3\"",
        ),
        (
            "time,q0,q1,q2,q3\n1,0,0,0,0\n",
            "2:3: q0..q3: zero quaternion ([0.0, 0.0, 0.0, 0.0])",
        ),
        (
            "time,q0,q1,q2,q3\n1,1,1,1,1\n",
            "2:3: q0..q3: quaternion norm 2.000000 is not 1 ± 0.3",
        ),
        (
            "time,q0,q1,q2,q3\n2000,1,0,0,0\n1000,1,0,0,0\n",
            "3:1: time: time 1970-01-01T00:00:01.000Z is before the previous sample's 1970-01-01T00:00:02.000Z (line 2): times must increase",
        ),
        (
            "time,q0,q1,q2,q3\n9223372036854775807,1,0,0,0\n",
            "2:1: time: time out of range: 9223372036854775807 ms since 1970",
        ),
        (
            "timestamp,CADC1002,CADC1003,CADC1004,CADC1005\n1.5,1,0,0,0\n",
            "2:1: timestamp: expected an integer (Unix ms), got \"1.5\"",
        ),
    ];
    for (text, expected) in cases {
        let got = err(text).to_string();
        assert!(
            got.starts_with(expected),
            "{text:?}:\n got {got}\nwant {expected}"
        );
    }
}

#[test]
fn extreme_times_do_not_panic() {
    let text = "time,q0,q1,q2,q3\n9223372036854,1,0,0,0\n-9223372036854,1,0,0,0\n";
    assert!(err(text).message.contains("is before"));
    let text = "time,q0,q1,q2,q3\n9999-12-31T23:59:59.9999Z,1,0,0,0\n";
    let message = err(text).to_string();
    assert!(
        message.starts_with("2:1: time: expected Unix ms (an integer) or an ISO 8601 UTC time: "),
        "{message}"
    );
    println!("{message}");
}

#[test]
fn flight_norms_within_the_tolerance_are_kept_as_written() {
    // |q| = 1.25 and 0.75, as torn flight samples reach.
    let text = "time,q0,q1,q2,q3\n1,1.25,0,0,0\n2,0,0.75,0,0\n";
    let csv = parse_attitude_csv(text, 0.3).unwrap();
    assert_eq!(csv.rows[0].q, [1.25, 0.0, 0.0, 0.0]);
    assert!(parse_attitude_csv(text, 0.2).is_err());
}
