//! `recorded_attitude` in scenario files: files resolved into the craft's
//! `Recorded` mode, combined, and every error placed in the scenario.
//! Fixtures (synthetic) in `tests/data/recorded-attitude/`.

use std::path::Path;

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::Quat;
use orbitai_craft::attitude::{AttitudeContext, AttitudeMode, AttitudeModeConfig, QuatSample};
use orbitai_scenario::{LoadedScenario, ScenarioFileError, scenario_from_text};

const TLE: (&str, &str) = (
    "1 44878U 19092F   21039.77310696  .00001255  00000-0  68536-4 0  9991",
    "2 44878  97.4702 225.1898 0012459 255.5028 104.4823 15.16113078 63335",
);

/// A scenario whose spacecraft has `recorded` (RON, the field's value) and
/// whose experiment has `runs`.
fn scenario(recorded: &str, runs: &str) -> String {
    format!(
        r#"Scenario(
    name: "recorded",
    start: "2021-04-16T17:17:00Z",
    duration_s: 120,
    spacecraft: [(
        tle: Lines("{}", "{}"),
        recorded_attitude: {recorded},
    )],
    experiments: [(runs: [{runs}])],
)
"#,
        TLE.0, TLE.1
    )
}

const RUN: &str = r#"(start: "2021-04-16T17:17:40Z", iterations: 4)"#;

fn load(text: &str) -> Result<LoadedScenario, ScenarioFileError> {
    scenario_from_text(
        text,
        "recorded.ron",
        Path::new("tests/data/recorded-attitude"),
    )
}

fn samples(loaded: &LoadedScenario) -> Vec<QuatSample> {
    let entries = &loaded.sim.spacecraft[0].craft.attitude.entries;
    assert_eq!(
        entries.len(),
        1,
        "the recorded attitude replaces the timeline"
    );
    match &entries[0].mode {
        AttitudeModeConfig::Recorded { samples } => samples.clone(),
        other => panic!("not recorded: {other:?}"),
    }
}

fn error_lines(text: &str) -> Vec<String> {
    let err = load(text).unwrap_err().to_string();
    err.lines().map(str::to_owned).collect()
}

#[test]
fn files_of_both_layouts_combine_into_one_sorted_series() {
    // run-b is listed first: the series is sorted by time; run-b's first
    // row has run-a's last time and, listed first, is the one kept.
    let loaded = load(&scenario(r#"(files: ["run-b.csv", "run-a.csv"])"#, RUN)).unwrap();
    let s = samples(&loaded);
    let times: Vec<i64> = s.iter().map(|s| s.unix_ms).collect();
    assert_eq!(
        times,
        [
            1618593464649,
            1618593469700,
            1618593474751,
            1618593479800,
            1618593484850
        ]
    );
    assert_eq!(s[0].q, [1.0, 0.0, 0.0, 0.0]);
    assert_eq!(s[2].q, [0.0, 0.0, 1.0, 0.0], "first listed file wins a tie");
    assert_eq!(
        loaded.notes,
        [
            "spacecraft[0].recorded_attitude: 5 samples from 2 file(s), \
          2021-04-16T17:17:44.649Z .. 2021-04-16T17:18:04.850Z; 1 row(s) skipped \
          (missing component) [run-a.csv:2]; 1 duplicate time(s) dropped"
        ]
    );
}

#[test]
fn the_recorded_attitude_reproduces_the_samples_and_holds_outside() {
    // A pattern in the file name: run-a.csv then run-b.csv.
    let loaded = load(&scenario(r#"(files: ["run-?.csv"])"#, RUN)).unwrap();
    let s = samples(&loaded);
    assert_eq!(s.len(), 5);
    assert_eq!(s[2].q, [0.77, 0.0, 0.0, 0.77], "run-a listed first now");
    let config = &loaded.sim.spacecraft[0].craft.attitude.entries[0].mode;
    let start = loaded.sim.start;
    let mode = AttitudeMode::new(config, start, "attitude").unwrap();
    let at = |unix_ms: i64| {
        mode.attitude(&AttitudeContext {
            epoch: Epoch::from_unix_millis(unix_ms).unwrap(),
            position_km: Vec3::new(7000.0, 0.0, 0.0),
            velocity_km_s: Vec3::new(0.0, 7.5, 0.0),
            sun_direction: Vec3::x(),
        })
    };
    for sample in &s {
        let expected = Quat::from_scalar_first(sample.q).unwrap().to_scalar_first();
        let got = at(sample.unix_ms).to_scalar_first();
        for c in 0..4 {
            assert!(
                (got[c] - expected[c]).abs() < 1e-15,
                "{got:?} vs {expected:?}"
            );
        }
    }
    // Held before the first and after the last sample.
    assert_eq!(at(s[0].unix_ms - 60_000), at(s[0].unix_ms));
    assert_eq!(at(s[4].unix_ms + 60_000), at(s[4].unix_ms));
    // Between two samples: the same fraction of the rotation (slerp).
    let (a, b) = (at(s[0].unix_ms), at(s[1].unix_ms));
    let t = (s[0].unix_ms + s[1].unix_ms) / 2;
    let u = (t - s[0].unix_ms) as f64 / (s[1].unix_ms - s[0].unix_ms) as f64;
    assert!((a.angle_to(&at(t)) - u * a.angle_to(&b)).abs() < 1e-12);
}

#[test]
fn bad_files_are_placed_at_the_field_with_the_data_line() {
    let text = scenario(
        r#"(files: ["run-a.csv", "missing.csv", "bad-zero.csv", "bad-order.csv", "nothing-*.csv"])"#,
        RUN,
    );
    assert_eq!(
        error_lines(&text),
        [
            "recorded.ron:7:50: spacecraft[0].recorded_attitude.files[1]: \
             tests/data/recorded-attitude/missing.csv: no such file",
            "recorded.ron:7:65: spacecraft[0].recorded_attitude.files[2]: \
             tests/data/recorded-attitude/bad-zero.csv:3:26: q0..q3: zero quaternion ([0.0, 0.0, 0.0, 0.0])",
            "recorded.ron:7:81: spacecraft[0].recorded_attitude.files[3]: \
             tests/data/recorded-attitude/bad-order.csv:3:1: time: time 2021-04-16T17:17:44.649Z is before \
             the previous sample's 2021-04-16T17:17:49.700Z (line 2): times must increase",
            "recorded.ron:7:98: spacecraft[0].recorded_attitude.files[4]: \
             tests/data/recorded-attitude/nothing-*.csv: no file matches",
            "recorded.ron: 4 problems",
        ]
    );
}

#[test]
fn too_few_samples_and_bad_settings_are_refused() {
    assert_eq!(
        error_lines(&scenario(r#"(files: ["one-sample.csv"])"#, RUN)),
        [
            "recorded.ron:7:36: spacecraft[0].recorded_attitude.files: too few samples: 1 in 1 file(s) \
             (1 row(s) skipped for a missing component); at least 2 are needed (a fixed attitude is `InertialHold`)",
            "recorded.ron: 1 problem",
        ]
    );
    assert_eq!(
        error_lines(&scenario(
            r#"(files: [], norm_tolerance: 1.5, max_gap_s: 0)"#,
            RUN
        )),
        [
            "recorded.ron:7:36: spacecraft[0].recorded_attitude.files: must not be empty",
            "recorded.ron:7:56: spacecraft[0].recorded_attitude.norm_tolerance: must be in [0.0, 1.0), got 1.5",
            "recorded.ron:7:72: spacecraft[0].recorded_attitude.max_gap_s: must be > 0, got 0.0",
            "recorded.ron: 3 problems",
        ]
    );
    // A norm of 1.089 (run-a's third row) is too far from 1 for 0.05.
    let lines = error_lines(&scenario(
        r#"(files: ["run-a.csv"], norm_tolerance: 0.05)"#,
        RUN,
    ));
    assert_eq!(
        lines[0],
        "recorded.ron:7:37: spacecraft[0].recorded_attitude.files[0]: \
         tests/data/recorded-attitude/run-a.csv:5:81: CADC1002..CADC1005: quaternion norm 1.088944 \
         is not 1 ± 0.05 ([0.77, 0.0, 0.0, 0.77])"
    );
}

#[test]
fn runs_outside_the_recorded_span_are_refused() {
    let runs = r#"(start: "2021-04-16T17:17:00Z", iterations: 2),
        (start: "2021-04-16T17:17:40Z", iterations: 4),
        (start: "2021-04-16T17:18:00Z", iterations: 9),"#;
    assert_eq!(
        error_lines(&scenario(r#"(files: ["run-a.csv", "run-b.csv"])"#, runs)),
        [
            "recorded.ron:9:27: experiments[0].runs[0]: run 2021-04-16T17:17:00.000Z .. \
             2021-04-16T17:17:05.000Z starts 44.6 s before the first recorded attitude sample \
             (2021-04-16T17:17:44.649Z); at most max_gap_s = 30.0 s is allowed (the attitude would be held)",
            "recorded.ron:11:9: experiments[0].runs[2]: run 2021-04-16T17:18:00.000Z .. \
             2021-04-16T17:18:40.000Z ends 35.1 s after the last recorded attitude sample \
             (2021-04-16T17:18:04.850Z); at most max_gap_s = 30.0 s is allowed (the attitude would be held)",
            "recorded.ron: 2 problems",
        ]
    );
    let gap = r#"(start: "2021-04-16T17:17:45Z", iterations: 2)"#;
    assert_eq!(
        error_lines(&scenario(r#"(files: ["run-a.csv"], max_gap_s: 4.5)"#, gap))[0],
        "recorded.ron:9:27: experiments[0].runs[0]: run 2021-04-16T17:17:45.000Z .. \
         2021-04-16T17:17:50.000Z has no recorded attitude sample for 4.7 s \
         (samples at 2021-04-16T17:17:44.649Z and 2021-04-16T17:17:49.700Z); at most max_gap_s = 4.5 s is allowed"
    );
}

#[test]
fn a_timeline_and_a_recorded_attitude_are_exclusive() {
    let text = scenario(r#"(files: ["run-a.csv"])"#, RUN).replace(
        "        recorded_attitude:",
        "        craft: (attitude: (entries: [(start_s: 0, mode: InertialHold(quaternion: (1, 0, 0, 0)))])),\n        recorded_attitude:",
    );
    assert_eq!(
        error_lines(&text),
        [
            "recorded.ron:8:28: spacecraft[0].recorded_attitude: replaces the attitude timeline, \
             but craft.attitude.entries is also given: keep one of them",
            "recorded.ron: 1 problem",
        ]
    );
}
