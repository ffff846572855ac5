use super::*;

const NAME: &str = "OPS-SAT";
const L1: &str = "1 44878U 19092F   21039.77310696  .00001255  00000-0  68536-4 0  9991";
const L2: &str = "2 44878  97.4702 225.1898 0012459 255.5028 104.4823 15.16113078 63335";

fn three_line() -> String {
    format!("{NAME}\n{L1}\n{L2}\n")
}

/// Replaces the text at 1-based `column` of `line` and fixes the checksum.
fn edit(line: &str, column: usize, text: &str) -> String {
    let mut s = line.to_owned();
    s.replace_range(column - 1..column - 1 + text.len(), text);
    let sum = checksum(&s[..68]);
    s.replace_range(68..69, &sum.to_string());
    s
}

fn field_error(text: &str) -> (Location, &'static str, String) {
    match parse_str(text, "test.tle") {
        Err(TleError::Field {
            location,
            field,
            message,
        }) => (location, field, message),
        other => panic!("expected a field error, got {other:?}"),
    }
}

#[test]
fn parses_the_bundled_opssat_set() {
    let sets = parse_str(&three_line(), "opssat.tle").unwrap();
    assert_eq!(sets.len(), 1);
    let tle = &sets[0];
    assert_eq!(tle.name(), Some("OPS-SAT"));
    assert_eq!(tle.norad_id(), 44878);
    assert_eq!(tle.epoch().to_iso8601(3), "2021-02-08T18:33:16.441Z");
    assert!((tle.elements().inclination - 97.4702).abs() < 1e-12);
    assert_eq!(tle.line1(), L1);
    assert_eq!(tle.label(), "OPS-SAT (44878)");
}

#[test]
fn two_line_sets_celestrak_names_and_crlf_all_parse() {
    let two = format!("{L1}\n{L2}\n");
    assert_eq!(parse_str(&two, "x").unwrap()[0].name(), None);
    let celestrak = format!("0 OPS-SAT\r\n{L1}\r\n{L2}\r\n\r\n");
    assert_eq!(
        parse_str(&celestrak, "x").unwrap()[0].name(),
        Some("OPS-SAT")
    );
    let many = format!("{}\n{L1}\n{L2}\n", three_line());
    let sets = parse_str(&many, "x").unwrap();
    assert_eq!(sets.len(), 2);
    assert_eq!(sets[1].name(), None);
}

#[test]
fn bad_checksum_names_file_line_column_and_field() {
    let bad = L1.replace("9991", "9990");
    let (location, field, message) = field_error(&format!("{NAME}\n{bad}\n{L2}\n"));
    assert_eq!(location.to_string(), "test.tle:2:69");
    assert_eq!(field, "checksum");
    assert!(message.contains("checksum is 1"), "{message}");
}

#[test]
fn wrong_length_is_reported() {
    let short = &L2[..60];
    let (location, field, message) = field_error(&format!("{L1}\n{short}\n"));
    assert_eq!((location.line, field), (2, "line length"));
    assert!(message.contains("got 60"), "{message}");
}

#[test]
fn wrong_line_number_is_a_structure_error() {
    let err = parse_str(&format!("{L1}\n{}\n", L2.replacen('2', "3", 1)), "t").unwrap_err();
    assert!(matches!(err, TleError::Structure { .. }), "{err}");
    assert!(
        err.to_string().starts_with("t:2: expected TLE line 2"),
        "{err}"
    );
}

#[test]
fn non_numeric_fields_are_named() {
    let cases = [
        (edit(L2, 9, " 97.47O2"), 2, 9, "inclination"),
        (edit(L2, 27, "00124x9"), 2, 27, "eccentricity"),
        (edit(L2, 53, "15.1611307a"), 2, 53, "mean motion"),
        (edit(L1, 54, " 6853x-4"), 1, 54, "BSTAR drag term"),
        (edit(L1, 21, "039.7731069x"), 1, 21, "epoch day"),
        (edit(L2, 9, "197.4702"), 2, 9, "inclination"),
    ];
    for (line, line_no, column, name) in cases {
        let text = if line_no == 1 {
            format!("{line}\n{L2}")
        } else {
            format!("{L1}\n{line}")
        };
        let (location, field, message) = field_error(&text);
        assert_eq!(
            (location.line, location.column, field),
            (line_no, Some(column), name),
            "{message}"
        );
    }
}

#[test]
fn mismatched_catalog_numbers_and_missing_lines_are_errors() {
    let other = edit(L2, 3, "44879");
    let (location, field, _) = field_error(&format!("{L1}\n{other}"));
    assert_eq!((location.line, field), (2, "catalog number"));
    for text in [
        format!("{NAME}\n"),
        format!("{L1}\n"),
        format!("{L2}\n"),
        String::new(),
        "\n\n".into(),
    ] {
        let err = parse_str(&text, "t").unwrap_err();
        assert!(matches!(err, TleError::Structure { .. }), "{text:?}: {err}");
    }
}

#[test]
fn missing_file_is_an_io_error_naming_the_path() {
    let err = read_file(Path::new("/nonexistent/x.tle")).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("/nonexistent/x.tle: cannot read TLE file"),
        "{err}"
    );
}

#[test]
fn checksum_counts_digits_and_minus_signs() {
    assert_eq!(checksum(&L1[..68]), 1);
    assert_eq!(checksum(&L2[..68]), 5);
    assert_eq!(checksum("1-1"), 3);
}
