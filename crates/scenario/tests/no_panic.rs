//! Nothing panics on any input: arbitrary strings, RON-like token soup and
//! random mutations of a valid document go through `load`,
//! `load_and_validate` and `SourceMap`, and every location they report
//! lies inside the text.

mod common;

use common::{Scenario, VALID};
use orbitai_scenario::{FieldPath, Location, SourceMap, load, load_and_validate};
use proptest::prelude::*;

/// Pieces of RON syntax, to build text that gets deep into the parsers.
const PIECES: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "'",
    "\\",
    "r#",
    "r\"",
    "b'",
    "#![enable(",
    "#",
    "!",
    "/*",
    "*/",
    "//",
    "\n",
    "\r\n",
    " ",
    "\t",
    "name",
    "x",
    "Some",
    "Nadir",
    "Uniform",
    "1",
    "-",
    "+",
    ".",
    "e",
    "0x",
    "1_0",
    "inf",
    "NaN",
    "true",
    "é",
    "\u{2028}",
    "\u{feff}",
];

fn ron_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(PIECES), 0..80).prop_map(|p| p.concat())
}

#[derive(Clone, Debug)]
enum Mutation {
    Delete { at: usize, len: usize },
    Insert { at: usize, piece: String },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    let at = 0..VALID.len() + 1;
    prop_oneof![
        (at.clone(), 1usize..40).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (at.clone(), ron_soup()).prop_map(|(at, piece)| Mutation::Insert { at, piece }),
        (at.clone(), 1usize..200).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        at.prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn floor_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn apply(text: &str, mutation: &Mutation) -> String {
    let clamp = |at: usize| floor_boundary(text, at);
    match mutation {
        Mutation::Delete { at, len } => {
            format!(
                "{}{}",
                &text[..clamp(*at)],
                &text[clamp(at + len).max(clamp(*at))..]
            )
        }
        Mutation::Insert { at, piece } => {
            format!("{}{piece}{}", &text[..clamp(*at)], &text[clamp(*at)..])
        }
        Mutation::Duplicate { at, len } => {
            let (a, b) = (clamp(*at), clamp(at + len).max(clamp(*at)));
            format!("{}{}{}", &text[..b], &text[a..b], &text[b..])
        }
        Mutation::Truncate { at } => text[..clamp(*at)].to_owned(),
    }
}

/// Whether `location` is a position in `text` (or just after its end).
fn inside(text: &str, location: Location) -> bool {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.split('\n').collect();
    location.line >= 1
        && location.line <= lines.len()
        && location.column >= 1
        && location.column <= lines[location.line - 1].chars().count() + 1
}

/// Runs everything on `text`; panics (failing the property) only if a
/// reported location is outside the text.
fn exercise(text: &str) {
    let map = SourceMap::new(text);
    let mut paths: Vec<FieldPath> = [
        ".",
        "name",
        "spacecraft[0].sensors.photodiodes[2].dropout.Uniform[1]",
        "spacecraft[0].attitude[1].mode.Nadir.axis[2]",
        "models[\"arow.3d\"].window",
        "x[3].y[\"?\"]",
    ]
    .iter()
    .map(|p| p.parse().unwrap())
    .collect();
    match load::<Scenario>(text, "p.ron") {
        Ok(_) => {}
        Err(err) => {
            assert!(inside(text, err.diagnostic.location), "{err}");
            paths.push(err.diagnostic.path);
        }
    }
    for path in &paths {
        assert!(inside(text, map.locate(path)), "{path}");
        if let Some(location) = map.find(path) {
            assert!(inside(text, location), "{path}");
        }
    }
    if let Err(err) = load::<serde::de::IgnoredAny>(text, "p.ron") {
        assert!(inside(text, err.diagnostic.location), "{err}");
    }
    if let Err(err) = load::<ron::Value>(text, "p.ron") {
        assert!(inside(text, err.diagnostic.location), "{err}");
    }
    if let Err(orbitai_scenario::ScenarioFileError::Invalid(err)) =
        load_and_validate::<Scenario>(text, "p.ron")
    {
        assert!(
            err.problems.iter().all(|p| inside(text, p.location)),
            "{err}"
        );
    }
}

proptest! {
    // PROPTEST_CASES=50000 for a long hunt; 512 keeps `cargo test` quick.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(512)
    ))]

    #[test]
    fn arbitrary_strings(text in any::<String>()) {
        exercise(&text);
    }

    #[test]
    fn ron_like_token_soup(text in ron_soup()) {
        exercise(&text);
    }

    #[test]
    fn mutations_of_a_valid_document(mutations in proptest::collection::vec(mutation(), 1..4)) {
        let mut text = VALID.to_owned();
        for m in &mutations {
            text = apply(&text, m);
        }
        exercise(&text);
    }
}

#[test]
fn the_mutation_harness_can_break_the_document() {
    // Guards against a harness that silently never reaches the parsers.
    let text = apply(
        VALID,
        &Mutation::Delete {
            at: VALID.find("seed").unwrap(),
            len: 6,
        },
    );
    assert!(load::<Scenario>(&text, "p.ron").is_err());
    exercise(&text);
}
