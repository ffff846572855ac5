//! Validation: every problem reported at once, placed by the source map,
//! sorted by position whatever order they were found in; and the file
//! entry points.

mod common;

use common::{Scenario, VALID};
use orbitai_scenario::{
    Location, Path, Problems, ScenarioFileError, SourceMap, ValidationError, from_file,
    load_and_validate,
};

const BAD: &str = r#"(
    // Fields are in a different order from the one `validate` checks them in.
    models: {"a.b": (c: 0.0, window: (5, 1))},
    spacecraft: [(
        sensors: (photodiodes: [
            (noise_sigma: -0.1, bias: NaN),
            (noise_sigma: 1.0, dropout: Uniform(0.5, 0.1)),
        ]),
        attitude: [
            (at_s: -1.0, mode: Nadir(axis: (1.0, 1.0, 0.0))),
            (at_s: 0.0, mode: Spin(inf)),
            (at_s: 0.0, mode: Inertial(q: (0.5, 0.0, 0.0, 0.0))),
        ],
    )],
    duration_s: -1.0,
    name: "",
)"#;

#[test]
fn every_problem_is_reported_in_file_order() {
    let err = load_and_validate::<Scenario>(BAD, "bad.ron").unwrap_err();
    let expected = "\
bad.ron:1:1: repeats: must be >= 1, got 0
bad.ron:3:25: models[\"a.b\"].c: must be > 0, got 0.0
bad.ron:3:42: models[\"a.b\"].window[1]: must be >= 5, got 1
bad.ron:6:27: spacecraft[0].sensors.photodiodes[0].noise_sigma: must be >= 0, got -0.1
bad.ron:6:39: spacecraft[0].sensors.photodiodes[0].bias: must be finite, got NaN
bad.ron:7:54: spacecraft[0].sensors.photodiodes[1].dropout.Uniform[1]: must be >= 0.5 (the lower bound), got 0.1
bad.ron:10:20: spacecraft[0].attitude[0].at_s: must be >= 0, got -1.0
bad.ron:10:44: spacecraft[0].attitude[0].mode.Nadir.axis: must be a unit vector (norm 1 ± 1e-9), got norm 1.4142135623730951
bad.ron:11:36: spacecraft[0].attitude[1].mode.Spin: must be finite, got inf
bad.ron:12:43: spacecraft[0].attitude[2].mode.Inertial.q: must be a unit vector (norm 1 ± 1e-9), got norm 0.5
bad.ron:15:17: duration_s: must be > 0, got -1.0
bad.ron:16:11: name: must not be blank
bad.ron: 12 problems";
    assert_eq!(err.to_string(), expected);
    assert_eq!(err.problem_count(), 12);
    assert_eq!(err.origin(), "bad.ron");
    let ScenarioFileError::Invalid(err) = err else {
        panic!("not a validation error")
    };
    assert!(
        err.problems
            .windows(2)
            .all(|w| w[0].location <= w[1].location)
    );
}

#[test]
fn problems_at_one_place_keep_the_order_they_were_found_in() {
    let text = "(\n  a: 1,\n)";
    let map = SourceMap::new(text);
    let root = Path::root();
    let mut problems = Problems::new();
    problems.push(&root.field("b"), "second field, absent: placed at the root");
    problems.push(&root.field("a"), "on a");
    problems.push(&root, "about the document");
    problems.push(&root.field("a"), "on a again");
    let err = ValidationError::new("t.ron", &map, problems);
    assert_eq!(
        err.to_string(),
        "t.ron:1:1: b: second field, absent: placed at the root\n\
         t.ron:1:1: about the document\n\
         t.ron:2:6: a: on a\n\
         t.ron:2:6: a: on a again\n\
         t.ron: 4 problems"
    );
    assert_eq!(err.problems[2].location, Location { line: 2, column: 6 });
}

#[test]
fn one_problem_is_singular_and_no_problem_is_ok() {
    let mut problems = Problems::new();
    problems.positive(&Path::root().field("a"), -1);
    let err = problems.into_result("t.ron", "(a: -1)").unwrap_err();
    assert_eq!(
        err.to_string(),
        "t.ron:1:5: a: must be > 0, got -1\nt.ron: 1 problem"
    );
    assert_eq!(Problems::new().into_result("t.ron", "not even RON"), Ok(()));
}

#[test]
fn a_valid_document_passes() {
    let scenario = load_and_validate::<Scenario>(VALID, "v.ron").unwrap();
    assert_eq!(scenario.spacecraft.len(), 2);
}

#[test]
fn load_errors_come_before_validation() {
    let err = load_and_validate::<Scenario>("(name: 1)", "l.ron").unwrap_err();
    assert!(matches!(err, ScenarioFileError::Load(_)));
    assert_eq!(
        err.to_string(),
        "l.ron:1:8: name: expected string, found `1`"
    );
    assert_eq!(err.problem_count(), 1);
}

#[test]
fn files_are_named_in_every_error() {
    let dir = std::env::temp_dir().join(format!("orbitai-scenario-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();

    let good = dir.join("good.ron");
    std::fs::write(&good, VALID).unwrap();
    assert_eq!(from_file::<Scenario>(&good).unwrap().seed, Some(42));

    let bad = dir.join("bad.ron");
    std::fs::write(&bad, BAD).unwrap();
    let err = from_file::<Scenario>(&bad).unwrap_err();
    let origin = bad.display().to_string();
    assert_eq!(err.origin(), origin);
    assert!(
        err.to_string()
            .starts_with(&format!("{origin}:1:1: repeats: ")),
        "{err}"
    );
    assert!(
        err.to_string().ends_with(&format!("{origin}: 12 problems")),
        "{err}"
    );

    let latin1 = dir.join("latin1.ron");
    std::fs::write(&latin1, b"(\n  name: \"caf\xe9\",\n)").unwrap();
    let err = from_file::<Scenario>(&latin1).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "{}:2:13: invalid UTF-8 (byte 15 of the file)",
            latin1.display()
        )
    );

    let missing = dir.join("missing.ron");
    let err = from_file::<Scenario>(&missing).unwrap_err();
    assert!(matches!(err, ScenarioFileError::Read { .. }));
    assert!(
        err.to_string()
            .starts_with(&format!("{}: cannot read: ", missing.display())),
        "{err}"
    );
    assert!(std::error::Error::source(&err).is_some());

    std::fs::remove_dir_all(&dir).unwrap();
}
