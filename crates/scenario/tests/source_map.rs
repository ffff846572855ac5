//! The source map: where each path's value starts, on nested structs,
//! lists, maps, tuples, every kind of enum variant, comments and strings
//! containing brackets and commas; fallbacks; malformed text; and agreement
//! with the paths of load errors.

mod common;

use common::{Scenario, VALID};
use orbitai_scenario::{FieldPath, Location, SourceMap, load};

fn path(text: &str) -> FieldPath {
    text.parse().unwrap()
}

fn at(line: usize, column: usize) -> Option<Location> {
    Some(Location { line, column })
}

#[test]
fn finds_values_in_the_valid_document() {
    let map = SourceMap::new(VALID);
    let cases = [
        (".", at(3, 1)),
        ("name", at(4, 11)),
        ("duration_s", at(5, 17)),
        // After a block comment holding `( [ {` and a string holding `[`, `(` and `,`.
        ("seed", at(6, 11)),
        ("spacecraft", at(8, 17)),
        ("spacecraft[0]", at(9, 9)),
        ("spacecraft[0].sensors.photodiodes", at(11, 30)),
        ("spacecraft[0].sensors.photodiodes[2]", at(14, 21)),
        (
            "spacecraft[0].sensors.photodiodes[2].noise_sigma",
            at(15, 38),
        ),
        // `Some(…)` is transparent, as in serde: the path names its content.
        ("spacecraft[0].sensors.photodiodes[1].bias", at(13, 52)),
        // Tuple variant: by variant name as serde_path_to_error says, or bare.
        ("spacecraft[0].sensors.photodiodes[2].dropout", at(16, 34)),
        (
            "spacecraft[0].sensors.photodiodes[2].dropout.Uniform",
            at(16, 34),
        ),
        (
            "spacecraft[0].sensors.photodiodes[2].dropout.Uniform[1]",
            at(16, 47),
        ),
        (
            "spacecraft[0].sensors.photodiodes[2].dropout[1]",
            at(16, 47),
        ),
        // Unit variant.
        ("spacecraft[0].attitude[0].mode", at(21, 35)),
        // Struct variant.
        ("spacecraft[0].attitude[1].mode.Nadir.axis", at(22, 48)),
        ("spacecraft[0].attitude[1].mode.Nadir.axis[2]", at(22, 59)),
        ("spacecraft[0].attitude[1].mode.axis[2]", at(22, 59)),
        // Newtype variant holding a struct (unwrap_variant_newtypes).
        ("spacecraft[0].attitude[2].mode.Inertial.q", at(23, 49)),
        ("spacecraft[0].attitude[2].mode.Inertial.q[0]", at(23, 50)),
        // Newtype variant: the enum value starts at the variant name; the
        // variant's path names its payload.
        ("spacecraft[0].attitude[3].mode", at(24, 37)),
        ("spacecraft[0].attitude[3].mode.Spin", at(24, 42)),
        // Named structs.
        ("spacecraft[1]", at(27, 9)),
        (
            "spacecraft[1].sensors.photodiodes[0].noise_sigma",
            at(28, 58),
        ),
        (
            "spacecraft[1].sensors.photodiodes[0].dropout.Normal.sd",
            at(28, 95),
        ),
        // Maps with a string key holding `.` and a raw string key holding `}`.
        ("models[\"arow.3d\"]", at(32, 20)),
        ("models[\"arow.3d\"].window[1]", at(32, 42)),
        ("models[\"scw }\"].c", at(33, 23)),
    ];
    for (text, expected) in cases {
        assert_eq!(map.find(&path(text)), expected, "{text}");
        assert_eq!(Some(map.locate(&path(text))), expected, "{text}");
    }
}

#[test]
fn absent_paths_fall_back_to_the_nearest_ancestor() {
    let map = SourceMap::new(VALID);
    let cases = [
        // A defaulted field: its struct.
        ("spacecraft[0].sensors.photodiodes[0].bias", (12, 21)),
        ("spacecraft[1].attitude", (27, 9)),
        ("spacecraft[5].sensors", (8, 17)),
        ("spacecraft[0].attitude[1].mode.Sun", (22, 36)),
        ("models[\"nope\"].c", (31, 13)),
        ("nonexistent.field[3]", (3, 1)),
        // An index into a struct, a key into a list: not found.
        ("spacecraft[0][1]", (9, 9)),
        ("spacecraft.name", (8, 17)),
    ];
    for (text, (line, column)) in cases {
        assert_eq!(map.find(&path(text)), None, "{text}");
        assert_eq!(map.locate(&path(text)), Location { line, column }, "{text}");
    }
}

#[test]
fn map_keys_are_addressed_as_serde_reports_them() {
    let text = "{1: (x: 2), 0x10: 3, -2: 4, true: 5, Foo: 6, (1, 2): 7, 'c': 8, \"s\": [9]}";
    let map = SourceMap::new(text);
    assert_eq!(map.find(&path("[\"1\"].x")), at(1, 9));
    assert_eq!(map.find(&path("[\"16\"]")), at(1, 19));
    assert_eq!(map.find(&path("[\"-2\"]")), at(1, 26));
    assert_eq!(map.find(&path("true")), at(1, 35));
    assert_eq!(map.find(&path("Foo")), at(1, 43));
    assert_eq!(map.find(&path("s[0]")), at(1, 71));
    // Compound and char keys cannot be addressed; the entry after them can.
    assert_eq!(map.find(&path("[\"?\"]")), None);
}

#[test]
fn tuples_newtypes_options_and_raw_identifiers() {
    let text = "(a: Some((b: 1)), t: (1, (2, 3)), r#type: Fixed(4), n: Wrap([5]), u: ())";
    let map = SourceMap::new(text);
    assert_eq!(map.find(&path("a")), at(1, 10));
    assert_eq!(map.find(&path("a.b")), at(1, 14));
    assert_eq!(map.find(&path("t[1][0]")), at(1, 27));
    assert_eq!(map.find(&path("type")), at(1, 43));
    assert_eq!(map.find(&path("type.Fixed")), at(1, 49));
    // A named one-element `(…)` is read as a newtype first: `n[0]` is the 5.
    assert_eq!(map.find(&path("n")), at(1, 56));
    assert_eq!(map.find(&path("n[0]")), at(1, 62));
    assert_eq!(map.find(&path("u")), at(1, 70));
    // `Some` is transparent, also nested and with an index inside.
    let map = SourceMap::new("(o: Some(Some([7, 8])))");
    assert_eq!(map.find(&path("o")), at(1, 15));
    assert_eq!(map.find(&path("o[1]")), at(1, 19));
}

#[test]
fn columns_count_characters_and_lines_count_newlines() {
    let text = "(\r\n  é: \"ü→\", /* ä */ x: 1,\r\n\ty: 2)";
    let map = SourceMap::new(text);
    assert_eq!(map.find(&path("é")), at(2, 6));
    assert_eq!(map.find(&path("x")), at(2, 23));
    assert_eq!(map.find(&path("y")), at(3, 5));
}

#[test]
fn attributes_and_comments_before_the_value_are_skipped() {
    let text = "// c (\n#![enable(implicit_some)]\n/* ] */ #![enable(unwrap_newtypes)]\n(a: 1)";
    let map = SourceMap::new(text);
    assert_eq!(map.find(&path(".")), at(4, 1));
    assert_eq!(map.find(&path("a")), at(4, 5));
}

#[test]
fn malformed_text_gives_a_partial_map() {
    let map = SourceMap::new("(a: [1, 2");
    assert_eq!(map.find(&path("a[1]")), at(1, 9));
    let map = SourceMap::new("(a: [1, 2), b: 3)");
    assert_eq!(map.find(&path("a[1]")), at(1, 9));
    let map = SourceMap::new("(a: 1,, : b: 2 ] c: \"unterminated");
    assert_eq!(map.find(&path("a")), at(1, 5));
    assert_eq!(map.find(&path("c")), at(1, 21));
    let map = SourceMap::new("");
    assert_eq!(map.find(&path(".")), None);
    assert_eq!(map.locate(&path("a.b")), Location { line: 1, column: 1 });
    let map = SourceMap::new("  \n  // only a comment");
    assert_eq!(
        map.locate(&path("a")),
        Location {
            line: 2,
            column: 20
        }
    );
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let depth = 200_000;
    let text = format!("{}1{}", "Some(".repeat(depth), ")".repeat(depth));
    let map = SourceMap::new(&text);
    // Transparent `Some`s all the way down to the 1.
    assert_eq!(map.find(&path(".")), at(1, 5 * depth + 1));
    assert_eq!(map.find(&path("x")), None);
    let unclosed = "[{".repeat(depth);
    let map = SourceMap::new(&unclosed);
    assert_eq!(map.find(&path("[0]")), at(1, 2));
    assert_eq!(map.locate(&path("[0].a")), Location { line: 1, column: 2 });
}

/// Every number in the valid document, replaced by a string, makes `load`
/// fail at that number with a path that the source map resolves to the
/// same place: both kinds of error address values the same way, through
/// structs, lists, maps, tuples, `Some` and every kind of enum variant.
#[test]
fn load_error_paths_resolve_to_the_load_error_location() {
    let numbers: Vec<usize> = VALID
        .char_indices()
        .filter(|&(i, c)| {
            c.is_ascii_digit()
                && !VALID[..i].ends_with(|p: char| p.is_alphanumeric() || p == '.' || p == '-')
                && VALID[..i]
                    .rfind('\n')
                    .is_none_or(|nl| !VALID[nl..i].contains("//"))
        })
        .map(|(i, _)| i)
        .filter(|&i| {
            !VALID[..i].ends_with("(2")
                && !VALID[i..].starts_with("2) craft")
                && !VALID[i..].starts_with("3d")
        })
        .collect();
    assert!(numbers.len() >= 25, "{}", numbers.len());
    for start in numbers {
        let len = VALID[start..]
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
            .unwrap();
        let text = format!("{}\"x\"{}", &VALID[..start], &VALID[start + len..]);
        let err = load::<Scenario>(&text, "x.ron").unwrap_err();
        let line = 1 + VALID[..start].matches('\n').count();
        let column = 1 + start - VALID[..start].rfind('\n').map_or(0, |nl| nl + 1);
        let expected = Location { line, column };
        let d = &err.diagnostic;
        assert_eq!(d.location, expected, "{}", d);
        assert_eq!(SourceMap::new(&text).find(&d.path), Some(expected), "{}", d);
    }
}
