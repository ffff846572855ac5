//! `orbitai run` and `orbitai check` as a user runs them.

mod common;
use common::{orbitai, scratch, tree};

use std::collections::BTreeMap;
use std::fs;
use std::process::Output;

const SHORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron");

fn ok(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// FNV-1a over the output tree: a stable fingerprint for the golden test.
fn fingerprint(files: &BTreeMap<String, Vec<u8>>) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for (name, bytes) in files {
        for b in name.as_bytes().iter().chain(bytes) {
            hash ^= u64::from(*b);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    hash
}

#[test]
fn a_short_scenario_writes_every_output() {
    let out = scratch("short");
    let stdout = ok(&orbitai(&[
        "run",
        SHORT,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    assert!(stdout.contains("short-tumbling: 1501 ticks"), "{stdout}");
    let dir = out.join("short-tumbling");
    for file in [
        "data_2021-04-16_17-17-36.csv",
        "data_2021-04-16_17-35-00.csv",
        "training.csv",
        "metrics_grid.csv",
        "metrics_progressive.csv",
        "summary.json",
        "scenario.ron",
        "models/arow_3D.json",
        "runs/data_2021-04-16_17-17-36/models/arow_3D.json",
    ] {
        assert!(dir.join(file).is_file(), "missing {file}");
    }
    let data = fs::read_to_string(dir.join("data_2021-04-16_17-17-36.csv")).unwrap();
    assert!(data.starts_with("timestamp,CADC0884,CADC0885,"));
    assert_eq!(data.lines().count(), 151);
    let summary = fs::read_to_string(dir.join("summary.json")).unwrap();
    assert!(summary.contains("\"ticks_per_second\""));
    assert!(
        summary.contains("\"complete\": false"),
        "the second run is cut by the end of the simulation"
    );
    assert_eq!(
        fs::read_to_string(dir.join("scenario.ron")).unwrap(),
        fs::read_to_string(SHORT).unwrap()
    );
    // Both labels occur: the tumble sweeps the Sun over the camera face.
    let training = fs::read_to_string(dir.join("training.csv")).unwrap();
    assert!(training.lines().any(|l| l.split(',').nth(7) == Some("0")));
    assert!(training.lines().any(|l| l.split(',').nth(7) == Some("1")));
}

#[test]
fn a_run_with_only_one_label_says_so_and_how_to_get_both() {
    // Nadir pointing (the default attitude) keeps the camera face from the
    // Sun: every sample is ON, which the summary must point out.
    let dir = scratch("one-label");
    let nadir = dir.join("nadir.ron");
    let tle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/tle/opssat-2021-02-08.tle"
    );
    fs::write(
        &nadir,
        format!(
            r#"Scenario(name: "nadir", start: "2021-04-16T17:17:00Z", duration_s: 600,
                spacecraft: [(tle: File("{tle}"))],
                experiments: [(runs: [(start: "2021-04-16T17:17:36Z", iterations: 100)])])"#
        ),
    )
    .unwrap();
    let out = dir.join("out");
    let run = |file: &str| {
        ok(&orbitai(&[
            "run",
            file,
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]))
    };
    let stdout = run(nadir.to_str().unwrap());
    assert!(
        stdout.contains("note: every sample was labelled ON"),
        "{stdout}"
    );
    assert!(stdout.contains("as a recorded attitude"), "{stdout}");
    // The tumble gives both labels: no note.
    let stdout = run(SHORT);
    assert!(!stdout.contains("every sample was labelled"), "{stdout}");
}

#[test]
fn outputs_do_not_depend_on_the_thread_count() {
    let second = scratch("second-scenario").join("other.ron");
    fs::write(
        &second,
        fs::read_to_string(SHORT)
            .unwrap()
            .replace("short-tumbling", "other")
            .replace("seed: 99", "seed: 7")
            .replace(
                "../../assets",
                concat!(env!("CARGO_MANIFEST_DIR"), "/assets"),
            ),
    )
    .unwrap();
    let one = scratch("threads-1");
    let two = scratch("threads-2");
    ok(&orbitai(&[
        "run",
        SHORT,
        second.to_str().unwrap(),
        "--out",
        one.to_str().unwrap(),
        "--threads",
        "1",
        "--quiet",
    ]));
    ok(&orbitai(&[
        "run",
        SHORT,
        second.to_str().unwrap(),
        "--out",
        two.to_str().unwrap(),
        "--threads",
        "2",
        "--quiet",
    ]));
    let (a, b) = (tree(&one), tree(&two));
    assert!(a.len() > 20, "{}", a.len());
    assert_eq!(a, b);
    // And the two scenarios (different seeds) differ.
    assert_ne!(
        a.get("short-tumbling/data_2021-04-16_17-17-36.csv"),
        a.get("other/data_2021-04-16_17-17-36.csv")
    );
}

/// The outputs of the short scenario, fingerprinted. When a change alters
/// the simulation on purpose, update the constant and say why in the commit.
#[test]
fn golden_regression_of_a_short_scenario() {
    let out = scratch("golden");
    ok(&orbitai(&[
        "run",
        SHORT,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    let files = tree(&out.join("short-tumbling"));
    let print = fingerprint(&files);
    println!("fingerprint {print:#018x} over {} files", files.len());
    assert_eq!(print, GOLDEN, "outputs changed: fingerprint {print:#018x}");
}

const GOLDEN: u64 = 0xce95_14c4_224d_1e49;

#[test]
fn the_replay_of_a_runs_telemetry_trains_the_same_models() {
    let out = scratch("agree");
    ok(&orbitai(&[
        "run",
        SHORT,
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ]));
    let dir = out.join("short-tumbling");
    // Only the telemetry files: the replay must rebuild the samples itself.
    let data = scratch("agree-data");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path
            .file_name()
            .unwrap()
            .to_str()
            .unwrap()
            .starts_with("data_")
        {
            fs::copy(&path, data.join(path.file_name().unwrap())).unwrap();
        }
    }
    let replayed = scratch("agree-replay");
    ok(&orbitai(&[
        "replay",
        data.to_str().unwrap(),
        "--out",
        replayed.to_str().unwrap(),
    ]));
    let simulated = tree(&dir.join("models"));
    assert_eq!(simulated.len(), 32);
    assert_eq!(tree(&replayed.join("models")), simulated);
}

#[test]
fn check_reports_every_problem_with_file_line_and_field() {
    let dir = scratch("check");
    let bad = dir.join("bad.ron");
    fs::write(
        &bad,
        "Scenario(\n    name: \"bad\",\n    start: \"2021-04-16T17:17:00Z\",\n    duration_s: -5,\n    step_s: 0.0,\n    spacecraft: [(tle: File(\"missing.tle\"), orbit_node_spacing_s: 45)],\n    experiments: [(interval_s: 0.0, runs: [(start: \"2021-04-20T00:00:00Z\", iterations: 0)])],\n)\n",
    )
    .unwrap();
    let output = orbitai(&["check", bad.to_str().unwrap()]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for needle in [
        "bad.ron:4:17: duration_s: must be >= 0",
        "bad.ron:5:13: step_s: must be >= 0.001",
        "bad.ron:6:67: spacecraft[0].orbit_node_spacing_s: must be in [0, 30] s, got 45.0",
        "experiments[0].interval_s: must be >= 0.001",
        "experiments[0].runs[0].iterations: must be > 0",
        "experiments[0].runs[0].start: 2021-04-20T00:00:00.000Z is outside the simulated span",
    ] {
        assert!(stderr.contains(needle), "lacks {needle:?}:\n{stderr}");
    }
    assert!(!stderr.contains("panicked"));

    let unknown = dir.join("unknown.ron");
    fs::write(
        &unknown,
        fs::read_to_string(SHORT)
            .unwrap()
            .replace("seed: 99", "seed: 99,\n    sede: 1"),
    )
    .unwrap();
    let output = orbitai(&["check", unknown.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("unknown.ron:8:5: sede: unexpected field named `sede`"),
        "{stderr}"
    );

    let missing_tle = dir.join("tle.ron");
    fs::write(
        &missing_tle,
        fs::read_to_string(SHORT)
            .unwrap()
            .replace("opssat-2021-02-08.tle", "nope.tle"),
    )
    .unwrap();
    let output = orbitai(&["check", missing_tle.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("spacecraft[0].tle:") && stderr.contains("nope.tle: cannot read TLE file"),
        "{stderr}"
    );

    // A run refuses to start when a file has problems, and writes nothing.
    let out = scratch("check-out");
    let output = orbitai(&["run", bad.to_str().unwrap(), "--out", out.to_str().unwrap()]);
    assert!(!output.status.success());
    assert_eq!(fs::read_dir(&out).unwrap().count(), 0);
}

#[test]
fn check_accepts_every_bundled_scenario() {
    let stdout = ok(&orbitai(&[
        "check",
        concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"),
    ]));
    assert!(stdout.contains("opssat-2021-04.ron: ok"), "{stdout}");
}

/// The orbit interpolated between SGP4 nodes (the default) against SGP4 at
/// every tick: on the short scenario (a spin, so the attitude does not
/// follow the orbit) the ~2 mm difference moves no reading across a
/// quantisation step, and every output is the same.
#[test]
fn orbit_interpolation_changes_no_output_of_the_short_scenario() {
    let dir = scratch("interpolation");
    let tle = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/assets/tle/opssat-2021-02-08.tle"
    );
    let text = fs::read_to_string(SHORT).unwrap();
    let relative = "tle: File(\"../../assets/tle/opssat-2021-02-08.tle\"),";
    assert!(text.contains(relative));
    let mut outputs = Vec::new();
    for (name, extra) in [("nodes", ""), ("direct", " orbit_node_spacing_s: 0.0,")] {
        let file = dir.join(format!("{name}.ron"));
        fs::write(
            &file,
            text.replace(relative, &format!("tle: File({tle:?}),{extra}")),
        )
        .unwrap();
        let out = dir.join(name);
        ok(&orbitai(&[
            "run",
            file.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--quiet",
        ]));
        let mut files = tree(&out.join("short-tumbling"));
        files.remove("scenario.ron");
        outputs.push(files);
    }
    assert!(outputs[0].len() > 20, "{}", outputs[0].len());
    assert_eq!(outputs[0], outputs[1]);
}
