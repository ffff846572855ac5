//! Every kind of load error, with its exact rendered message: file, line,
//! column, field path and text. Each case edits one spot of the valid
//! document `common::VALID` (35 lines) so positions are realistic.

mod common;

use common::{Scenario, VALID};
use orbitai_scenario::{LoadErrorKind, load};

/// Loads `VALID` with `from` replaced by `to` (which must occur once).
fn error_after(from: &str, to: &str) -> (String, LoadErrorKind) {
    assert_eq!(VALID.matches(from).count(), 1, "ambiguous edit {from:?}");
    let text = VALID.replacen(from, to, 1);
    let err = load::<Scenario>(&text, "scenarios/x.ron").expect_err("edit must break the document");
    (err.to_string(), err.kind)
}

fn check(from: &str, to: &str, expected: &str, kind: LoadErrorKind) {
    assert_eq!(
        error_after(from, to),
        (expected.to_owned(), kind),
        "editing {from:?} to {to:?}"
    );
}

#[test]
fn the_valid_document_loads() {
    let scenario: Scenario = load(VALID, "scenarios/x.ron").unwrap();
    assert_eq!(scenario.name, "two (2) craft, [test] \"quoted\"");
    assert_eq!(
        scenario.spacecraft[0].sensors.photodiodes[1].bias,
        Some(0.1)
    );
    assert_eq!(scenario.models["scw }"].c, 1.0);
}

#[test]
fn wrong_type() {
    check(
        "bias: Some(0.1)",
        "bias: Some(\"a\")",
        "scenarios/x.ron:13:52: spacecraft[0].sensors.photodiodes[1].bias: expected float, found `\"a\"`",
        LoadErrorKind::InvalidValue,
    );
    // With implicit_some the same value can be written without `Some`.
    check(
        "bias: Some(0.1)",
        "bias: (x: 1)",
        "scenarios/x.ron:13:47: spacecraft[0].sensors.photodiodes[1].bias: expected float, found `(`",
        LoadErrorKind::InvalidValue,
    );
    check(
        "repeats: 2",
        "repeats: 2.5",
        "scenarios/x.ron:7:14: repeats: expected integer, found `2.5`",
        LoadErrorKind::InvalidValue,
    );
    check(
        "name: \"two",
        "name: 7, x: \"two",
        "scenarios/x.ron:4:11: name: expected string, found `7`",
        LoadErrorKind::InvalidValue,
    );
}

#[test]
fn wrong_type_inside_enum_variants() {
    // Struct variant: the variant name is a path segment, as in serde_path_to_error.
    check(
        "axis: (0.0, 0.0, 1.0)",
        "axis: (0.0, 0.0, true)",
        "scenarios/x.ron:22:59: spacecraft[0].attitude[1].mode.Nadir.axis[2]: expected float, found `true`",
        LoadErrorKind::InvalidValue,
    );
    // Tuple variant.
    check(
        "Uniform(0.0, 0.02)",
        "Uniform(0.0, \"x\")",
        "scenarios/x.ron:16:47: spacecraft[0].sensors.photodiodes[2].dropout.Uniform[1]: expected float, found `\"x\"`",
        LoadErrorKind::InvalidValue,
    );
    // Newtype variant.
    check(
        "Spin(0.1)",
        "Spin([0.1])",
        "scenarios/x.ron:24:42: spacecraft[0].attitude[3].mode.Spin: expected float, found `[`",
        LoadErrorKind::InvalidValue,
    );
    // Newtype variant holding a struct, written with unwrap_variant_newtypes.
    check(
        "q: (1.0, 0.0, 0.0, 0.0)",
        "q: [1.0, 0.0, 0.0, 0.0]",
        "scenarios/x.ron:23:49: spacecraft[0].attitude[2].mode.Inertial.q: expected opening `(`, found `[`",
        LoadErrorKind::InvalidValue,
    );
    // A fixed-size array of the wrong length.
    check(
        "axis: (0.0, 0.0, 1.0)",
        "axis: (0.0, 1.0)",
        "scenarios/x.ron:22:48: spacecraft[0].attitude[1].mode.Nadir.axis: expected an array of length 3 but found 2 elements instead",
        LoadErrorKind::InvalidValue,
    );
}

#[test]
fn unknown_field_points_at_its_name() {
    check(
        "noise_sigma: 0.0,",
        "noise_sigmaa: 0.0,",
        "scenarios/x.ron:15:25: spacecraft[0].sensors.photodiodes[2].noise_sigmaa: unexpected field named `noise_sigmaa` in `Photodiode`, expected one of `noise_sigma`, `bias`, or `dropout` instead",
        LoadErrorKind::UnknownField,
    );
    check(
        "seed: 42,",
        "seed: 42, typo: [1, 2],",
        "scenarios/x.ron:6:15: typo: unexpected field named `typo` in `Scenario`, expected one of `name`, `duration_s`, `seed`, `repeats`, `spacecraft`, or `models` instead",
        LoadErrorKind::UnknownField,
    );
}

#[test]
fn missing_field_points_at_its_struct() {
    check(
        "(noise_sigma: 0.02, bias",
        "(bias",
        "scenarios/x.ron:13:21: spacecraft[0].sensors.photodiodes[1]: missing field `noise_sigma` in `Photodiode`",
        LoadErrorKind::MissingField,
    );
    check(
        "    name: \"two (2) craft, [test] \\\"quoted\\\"\",\n",
        "",
        "scenarios/x.ron:3:1: missing field `name` in `Scenario`",
        LoadErrorKind::MissingField,
    );
}

#[test]
fn duplicate_field_points_at_the_second() {
    check(
        "seed: 42,",
        "seed: 42, seed: 43,",
        "scenarios/x.ron:6:15: duplicate field `seed` in `Scenario`",
        LoadErrorKind::DuplicateField,
    );
}

#[test]
fn unknown_variant() {
    check(
        "Spin(0.1)",
        "Spinn(0.1)",
        "scenarios/x.ron:24:37: spacecraft[0].attitude[3].mode: unexpected variant named `Spinn` in enum `Mode`, expected one of `Nadir`, `Sun`, `Spin`, or `Inertial` instead",
        LoadErrorKind::UnknownVariant,
    );
    check(
        "mode: Sun",
        "mode: sun",
        "scenarios/x.ron:21:35: spacecraft[0].attitude[0].mode: unexpected variant named `sun` in enum `Mode`, expected one of `Nadir`, `Sun`, `Spin`, or `Inertial` instead",
        LoadErrorKind::UnknownVariant,
    );
}

#[test]
fn out_of_range_numbers() {
    check(
        "repeats: 2",
        "repeats: 300",
        "scenarios/x.ron:7:14: repeats: integer is out of bounds, found `300`",
        LoadErrorKind::InvalidValue,
    );
    // ron points after the sign; the error is placed at the number's start.
    check(
        "repeats: 2",
        "repeats: -1",
        "scenarios/x.ron:7:14: repeats: integer is out of bounds, found `-1`",
        LoadErrorKind::InvalidValue,
    );
    check(
        "window: (10, 20)",
        "window: (10, -20)",
        "scenarios/x.ron:32:42: models[\"arow.3d\"].window[1]: integer is out of bounds, found `-20`",
        LoadErrorKind::InvalidValue,
    );
}

#[test]
fn wrong_struct_name() {
    check(
        "Spacecraft(",
        "Spacecrafts(",
        "scenarios/x.ron:27:9: spacecraft[1]: expected struct `Spacecraft` but found `Spacecrafts`",
        LoadErrorKind::InvalidValue,
    );
}

#[test]
fn syntax_errors_are_placed_where_they_occur() {
    check(
        "seed: 42,",
        "seed: 42",
        "scenarios/x.ron:7:5: expected comma, found `repeats`",
        LoadErrorKind::Syntax,
    );
    check(
        "(noise_sigma: 0.01),",
        "(noise_sigma: 0.01,,),",
        "scenarios/x.ron:12:40: spacecraft[0].sensors.photodiodes[0]: expected identifier, found `,`",
        LoadErrorKind::Syntax,
    );
    check(
        "block ( [ { comment */",
        "block ( [ { comment",
        "scenarios/x.ron:5:25: unclosed block comment",
        LoadErrorKind::Syntax,
    );
    check(
        "\n)\n",
        "\n))\n",
        "scenarios/x.ron:35:2: non-whitespace trailing characters, found `)`",
        LoadErrorKind::Syntax,
    );
    check(
        "\n)\n",
        "\n",
        "scenarios/x.ron:35:1: unexpected end of RON",
        LoadErrorKind::Syntax,
    );
}

#[test]
fn errors_in_tiny_documents() {
    let cases = [
        (
            "",
            "x.ron:1:1: expected opening `(` for struct `Scenario`, found end of file",
        ),
        (
            "   \n  ",
            "x.ron:2:3: expected opening `(` for struct `Scenario`, found end of file",
        ),
        ("/* open", "x.ron:1:1: unclosed block comment"),
        ("(name: \"open", "x.ron:1:8: name: expected end of string"),
        // ron's span ends at the culprit for "expected …" errors: here the end.
        (
            "(name: \"a\", duration_s: 1.0, spacecraft: [(sensors: (photodiodes: [])",
            "x.ron:1:70: spacecraft[0]: expected comma, found end of file",
        ),
        (
            "#![enable(nonsense)] ()",
            "x.ron:1:11: no RON extension named `nonsense`",
        ),
    ];
    for (text, expected) in cases {
        let err = load::<Scenario>(text, "x.ron").unwrap_err();
        assert_eq!(err.to_string(), expected, "{text:?}");
    }
}

/// A type whose `Deserialize` impl rejects some strings, like an epoch.
#[derive(Debug, serde::Deserialize)]
#[serde(try_from = "String")]
struct Month(u8);

impl TryFrom<String> for Month {
    type Error = String;
    fn try_from(text: String) -> Result<Self, String> {
        match text.parse() {
            Ok(m @ 1..=12) => Ok(Month(m)),
            _ => Err(format!("invalid month {text:?}")),
        }
    }
}

#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Campaign {
    months: Vec<Month>,
}

#[test]
fn messages_of_deserialize_impls_are_kept() {
    let err = load::<Campaign>("(\n  months: [\"4\", \"13\"],\n)", "c.ron").unwrap_err();
    assert_eq!(
        err.to_string(),
        "c.ron:2:17: months[1]: invalid month \"13\""
    );
    assert_eq!(err.kind, LoadErrorKind::Custom);
    let ok = load::<Campaign>("(months: [\"4\"])", "c.ron").unwrap();
    assert_eq!(ok.months[0].0, 4);
}

#[test]
fn a_byte_order_mark_is_ignored() {
    let text = format!(
        "\u{feff}{}",
        VALID.replacen("repeats: 2", "repeats: 300", 1)
    );
    let err = load::<Scenario>(&text, "x.ron").unwrap_err();
    assert_eq!(
        err.to_string(),
        "x.ron:7:14: repeats: integer is out of bounds, found `300`"
    );
    assert!(load::<Scenario>(&format!("\u{feff}{VALID}"), "x.ron").is_ok());
}

#[test]
fn excessive_nesting_is_an_error_not_a_crash() {
    let text = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let err = load::<serde::de::IgnoredAny>(&text, "deep.ron").unwrap_err();
    assert_eq!(err.kind, LoadErrorKind::Syntax);
    assert!(err.to_string().starts_with("deep.ron:1:"), "{err}");
    assert!(err.to_string().contains("recursion limit"), "{err}");
}

#[test]
fn a_float_for_an_integer_names_the_number() {
    // ron itself says "expected comma, found `.5`" at the `.5`.
    check(
        "repeats: 2",
        "repeats: 2.5",
        "scenarios/x.ron:7:14: repeats: expected integer, found `2.5`",
        LoadErrorKind::InvalidValue,
    );
    check(
        "window: (10, 20)",
        "window: (1e3, 20)",
        "scenarios/x.ron:32:38: models[\"arow.3d\"].window[0]: invalid digit 'e' for base 10 integers, found `1e3`",
        LoadErrorKind::InvalidValue,
    );
    let err = load::<Vec<u32>>("[1, 2.0]", "l.ron").unwrap_err();
    assert_eq!(
        err.to_string(),
        "l.ron:1:5: [1]: expected integer, found `2.0`"
    );
}

#[test]
fn integer_map_keys_are_named_in_decimal() {
    use std::collections::BTreeMap;
    let err = load::<BTreeMap<u32, f64>>("{1: 2.0, 0x10: \"x\"}", "m.ron").unwrap_err();
    assert_eq!(
        err.to_string(),
        "m.ron:1:16: [\"16\"]: expected float, found `\"x\"`"
    );
    let map = orbitai_scenario::SourceMap::new("{1: 2.0, 0x10: \"x\"}");
    assert_eq!(
        map.find(&err.diagnostic.path),
        Some(err.diagnostic.location)
    );
}
