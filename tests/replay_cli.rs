//! `orbitai replay` on the real OPS-SAT flight files (from `../shared/opssat-flight`;
//! without them the flight tests say so and return) and on bad input.

mod common;
use common::{orbitai, scratch};

use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

const GRID_HEADER: &str = "algorithm,dimension,TP,FN,FP,TN,sensitivity,specificity,precision,neg_predictive_value,accuracy_biased,accuracy_balanced,f1_score";

fn flight_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/opssat-flight");
    if dir.is_dir() {
        Some(dir)
    } else {
        println!("../shared/opssat-flight absent: skipping the flight replay test");
        None
    }
}

/// A directory of links to the flight files whose names pass `keep`.
fn subset(flight: &Path, name: &str, keep: impl Fn(&str) -> bool) -> PathBuf {
    let dir = scratch(name);
    for entry in fs::read_dir(flight).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        if file.ends_with(".csv") && keep(&file) {
            symlink(&path, dir.join(&file)).unwrap();
        }
    }
    dir
}

/// Runs a replay of `input` into a fresh `OUT`; returns OUT and stdout.
fn replay(input: &Path, name: &str) -> (PathBuf, String) {
    let out = scratch(name);
    let output = orbitai(&[
        "replay",
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out, String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The model files of a directory, by name.
fn models(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (
                path.file_name().unwrap().to_str().unwrap().to_owned(),
                fs::read_to_string(&path).unwrap(),
            )
        })
        .collect();
    files.sort();
    files
}

fn grid_balanced_accuracy(out: &Path, algorithm: &str, dimension: &str) -> f64 {
    let grid = fs::read_to_string(out.join("metrics_grid.csv")).unwrap();
    let row = grid
        .lines()
        .find(|l| l.starts_with(&format!("{algorithm},{dimension},")))
        .unwrap_or_else(|| panic!("no {algorithm} {dimension}D row"));
    row.split(',').nth(11).unwrap().parse().unwrap()
}

#[test]
fn full_replay_writes_every_output_and_its_checkpoints_chain() {
    let Some(flight) = flight_dir() else { return };
    let (out, stdout) = replay(&flight, "full");
    assert!(stdout.contains("Replayed 14 runs (14 from training logs, 0 from telemetry) in 2 campaign(s): 8167 samples."), "{stdout}");
    // Every telemetry sample that has a logged twin agrees with it.
    assert!(
        stdout.contains("8025 samples compared, 0 differ."),
        "{stdout}"
    );

    let finals = models(&out.join("models"));
    assert_eq!(finals.len(), 32);
    assert!(finals.iter().any(|(name, _)| name == "arow_3D.json"));
    let runs: Vec<String> = {
        let mut r: Vec<String> = fs::read_dir(out.join("runs"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_str().unwrap().to_owned())
            .collect();
        r.sort();
        r
    };
    assert_eq!(runs.len(), 14);
    assert_eq!(runs[0], "mochi-2021-04-16_18-28-31");
    // The last run's checkpoint is the final state.
    assert_eq!(
        models(&out.join("runs").join(&runs[13]).join("models")),
        finals
    );

    // The April campaign alone gives the models as they stood after April:
    // the full replay's April checkpoint, byte for byte.
    let april = subset(&flight, "april-logs", |f| {
        f.starts_with("training_mochi-2021-04")
    });
    let (april_out, _) = replay(&april, "april-out");
    assert_eq!(
        models(&april_out.join("models")),
        models(&out.join("runs").join(&runs[5]).join("models"))
    );
    // The mission's published figure for AROW on [pd6, pd6², pd6³].
    let arow3 = grid_balanced_accuracy(&april_out, "arow", "3");
    assert!((arow3 - 0.891).abs() < 5e-4, "AROW 3D after April: {arow3}");

    let grid = fs::read_to_string(out.join("metrics_grid.csv")).unwrap();
    assert_eq!(grid.lines().next(), Some(GRID_HEADER));
    assert_eq!(grid.lines().count(), 33);
    assert!(!grid.contains("NaN"));
    let progressive = fs::read_to_string(out.join("metrics_progressive.csv")).unwrap();
    assert_eq!(progressive.lines().count(), 1 + 15 * 32);
    let all_arow3 = progressive
        .lines()
        .find(|l| l.starts_with("all,arow,3,"))
        .unwrap();
    assert!(all_arow3.starts_with("all,arow,3,8167,"), "{all_arow3}");
}

#[test]
fn telemetry_alone_trains_the_same_models_as_the_logs() {
    let Some(flight) = flight_dir() else { return };
    let logs = subset(&flight, "april-logs-2", |f| {
        f.starts_with("training_mochi-2021-04")
    });
    let data = subset(&flight, "april-data", |f| f.starts_with("data_2021-04"));
    let (from_logs, _) = replay(&logs, "from-logs");
    let (from_data, stdout) = replay(&data, "from-data");
    assert!(
        stdout.contains("Replayed 6 runs (0 from training logs, 6 from telemetry)"),
        "{stdout}"
    );
    assert_eq!(
        models(&from_data.join("models")),
        models(&from_logs.join("models"))
    );
    assert!(
        from_data
            .join("runs/data_2021-04-16_17-17-36/models/arow_3D.json")
            .is_file()
    );
}

#[test]
fn the_truncated_may_file_is_reported_not_fatal() {
    let Some(flight) = flight_dir() else { return };
    let dir = subset(&flight, "truncated", |f| f.contains("2021-05-15"));
    let out = scratch("truncated-out");
    let output = orbitai(&[
        "replay",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("data_2021-05-15_14-41-50.csv: covers 397 of the"),
        "{stderr}"
    );
}

#[test]
fn bad_input_is_named_and_never_panics() {
    let empty = scratch("empty");
    let output = orbitai(&[
        "replay",
        empty.to_str().unwrap(),
        "--out",
        scratch("o1").to_str().unwrap(),
    ]);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("no flight files"), "{stderr}");

    // A short row and a non-numeric field in a log: skipped and reported.
    let dir = scratch("badrows");
    let row = "1618593464649,0.010000,0.000000,0.670000,0.560000,0.000000,0.650000,1,0.020360,0.003920,0.005090,0.007120,0.004960,0.002480,0.002760,0.004000,0.002520,0.001860,0.002470,0.002580,0.006690,0.002880,0.003060,0.003430,0.005910,0.002050,0.003580,0.003010,0.003080,0.001810,0.001360,0.002160,0.001380,0.001790,0.001950,0.002190,0.001220,0.001770,0.001990,0.002080";
    let text = format!(
        "{row}\n1618593469673,0.01\n{}\n",
        row.replace("0.670000", "abc")
            .replace("1618593464649", "1618593474678")
    );
    fs::write(dir.join("training_mochi-2021-04-16_18-28-31.csv"), text).unwrap();
    fs::write(dir.join("notes.txt"), "hello").unwrap();
    let out = scratch("badrows-out");
    let output = orbitai(&[
        "replay",
        dir.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(stderr.contains("training_mochi-2021-04-16_18-28-31.csv: skipped 2 malformed row(s); first at line 2: expected 40 fields, got 2"), "{stderr}");
    assert!(
        stderr.contains("notes.txt: not a flight file, ignored"),
        "{stderr}"
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("1 samples."));

    // A telemetry file whose header is not the flight one: an error naming file and line.
    let dir = scratch("badheader");
    fs::write(
        dir.join("data_2021-04-16_17-17-36.csv"),
        "time,pd1,pd2\n1,2,3\n",
    )
    .unwrap();
    let output = orbitai(&[
        "replay",
        dir.to_str().unwrap(),
        "--out",
        scratch("o3").to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success());
    assert!(
        stderr.contains("data_2021-04-16_17-17-36.csv:1: unknown header"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
