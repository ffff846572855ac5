//! Runaway inputs as a user writes them by mistake (a decade at 1 ms, 10⁹
//! members, a grid whose product explodes, a recording that would fill
//! memory and disk): refused by `check`, `run` and `sweep` before anything
//! runs, with the estimate, unless `--force`; and the estimates against
//! what a real run writes.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::{SMALL_SWEEP, edited_sweep, orbitai, scratch};
use orbitai::Cost;
use orbitai::scenario::scenario::load_scenario;

const SHORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron");

/// The short test scenario with each `(from, to)` replacement, in `dir`.
fn edited_scenario(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let assets = concat!(env!("CARGO_MANIFEST_DIR"), "/assets");
    let mut text = fs::read_to_string(SHORT)
        .unwrap()
        .replace("../../assets", assets);
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in the scenario");
        text = text.replace(from, to);
    }
    let file = dir.join(name);
    fs::write(&file, text).unwrap();
    file
}

/// Runs `orbitai args`, expecting a refusal; returns stderr.
fn refused(args: &[&str]) -> String {
    let output = orbitai(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    assert!(stderr.contains("refused:"), "{args:?}: {stderr}");
    assert!(stderr.contains("--force"), "{stderr}");
    stderr
}

/// Bytes of every file under `dir`.
fn bytes_under(dir: &Path) -> f64 {
    common::tree(dir).values().map(|b| b.len() as f64).sum()
}

#[test]
fn a_decade_at_one_millisecond_is_refused_with_its_cost_unless_forced() {
    let dir = scratch("budget-decade");
    let file = edited_scenario(
        &dir,
        "decade.ron",
        &[("duration_s: 1500", "duration_s: 315576000, step_s: 0.001")],
    );
    let file = file.to_str().unwrap();
    let out = dir.join("out");
    for args in [
        vec!["check", file],
        vec!["run", file, "--out", out.to_str().unwrap(), "-q"],
    ] {
        let stderr = refused(&args);
        assert!(stderr.contains("3.2e11 ticks"), "{stderr}");
        assert!(stderr.contains("years of CPU") || stderr.contains("days of CPU"));
    }
    assert!(!out.exists(), "nothing may be written before the refusal");
    // Forced, `check` accepts it with a warning.
    let forced = orbitai(&["check", file, "--force"]);
    assert!(forced.status.success(), "{forced:?}");
    assert!(String::from_utf8_lossy(&forced.stderr).starts_with("warning: "));
    // A cap on the duration brings it within the budget without --force.
    let capped = orbitai(&[
        "run",
        file,
        "--out",
        out.to_str().unwrap(),
        "-q",
        "--max-duration",
        "60",
    ]);
    assert!(capped.status.success(), "{capped:?}");
}

#[test]
fn a_billion_members_and_an_exploding_grid_are_refused() {
    let dir = scratch("budget-sweep");
    let billion = edited_sweep(
        &dir,
        "billion.ron",
        &[("members: 6", "members: 1000000000")],
    );
    let values = format!(
        "values: [{}]",
        (0..300)
            .map(|k| format!("{}.0", k + 1))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // Four axes of 300 values: 8.1e9 cells, each of 6 members.
    let axis = |name: &str, path: &str| format!("(name: {name:?}, path: {path:?}, {values})");
    let grid = [
        axis("a", "spacecraft[0].craft.photodiodes.diodes[0].noise_sigma"),
        axis("b", "spacecraft[0].craft.photodiodes.diodes[1].noise_sigma"),
        axis("c", "spacecraft[0].craft.photodiodes.diodes[2].noise_sigma"),
        axis("d", "spacecraft[0].craft.photodiodes.diodes[3].noise_sigma"),
    ]
    .join(", ");
    let exploding = edited_sweep(
        &dir,
        "grid.ron",
        &[
            ("members: 6", "members: 1"),
            (
                "grid: [(name: \"noise\", path: \"spacecraft[0].craft.photodiodes.diodes[*].noise_sigma\", values: [0.002, 0.02])]",
                &format!("grid: [{grid}]"),
            ),
        ],
    );
    for file in [&billion, &exploding] {
        let file = file.to_str().unwrap();
        let out = dir.join("out");
        let stderr = refused(&["check", file]);
        assert!(stderr.contains("ticks is more than 1.0e11"), "{stderr}");
        assert!(stderr.contains("TB"), "{stderr}");
        refused(&["sweep", file, "--out", out.to_str().unwrap(), "-q"]);
        assert!(!out.exists(), "nothing may be written before the refusal");
    }
}

#[test]
fn a_recording_that_fills_memory_and_disk_is_refused() {
    let dir = scratch("budget-recording");
    // A century at 5 s with one run of four billion iterations: 6.3e8
    // ticks (a few minutes of CPU) but 6.3e8 rows of logs, ~300 GB.
    let file = edited_scenario(
        &dir,
        "century.ron",
        &[
            ("duration_s: 1500", "duration_s: 3155760000, step_s: 5.0"),
            ("iterations: 150", "iterations: 4000000000"),
        ],
    );
    let stderr = refused(&["check", file.to_str().unwrap()]);
    assert!(stderr.contains("GB of memory is more than"), "{stderr}");
    // Without logs the same scenario is cheap (only models and metrics).
    let quiet = edited_scenario(
        &dir,
        "century-nologs.ron",
        &[
            (
                "duration_s: 1500",
                "duration_s: 3155760000, step_s: 5.0, outputs: (logs: false)",
            ),
            ("iterations: 150", "iterations: 4000000000"),
        ],
    );
    let ok = orbitai(&["check", quiet.to_str().unwrap()]);
    assert!(ok.status.success(), "{ok:?}");
}

#[test]
fn estimates_are_within_a_factor_of_two_of_what_a_run_writes() {
    let dir = scratch("budget-estimate");
    let out = dir.join("run");
    let run = orbitai(&["run", SHORT, "--out", out.to_str().unwrap(), "-q"]);
    assert!(run.status.success(), "{run:?}");
    let scenario = load_scenario(Path::new(SHORT)).unwrap();
    let estimate = Cost::of_scenario(&scenario).disk_bytes;
    let actual = bytes_under(&out);
    assert!(
        (0.5..2.0).contains(&(estimate / actual)),
        "scenario: estimated {estimate} B, wrote {actual} B"
    );

    let sweep_out = dir.join("sweep");
    let sweep = orbitai(&[
        "sweep",
        SMALL_SWEEP,
        "--out",
        sweep_out.to_str().unwrap(),
        "-q",
    ]);
    assert!(sweep.status.success(), "{sweep:?}");
    let loaded = orbitai::sweep::Sweep::load(Path::new(SMALL_SWEEP)).unwrap();
    let estimate = Cost::of_sweep(&loaded.loaded).disk_bytes;
    // The per-member files and tables (the plots and report are a fixed
    // few hundred kB whatever the size).
    let members = bytes_under(&sweep_out.join("parts"))
        + fs::metadata(sweep_out.join("members.csv")).unwrap().len() as f64;
    assert!(
        (0.5..2.0).contains(&(estimate / members)),
        "sweep: estimated {estimate} B, wrote {members} B"
    );
}

#[test]
fn a_path_to_an_endless_file_is_refused_not_read_forever() {
    // Found reading the code during the fuzzing (issue 19): the readers
    // read any named file whole, so /dev/zero filled the memory.
    let dir = scratch("budget-endless");
    let scenario = dir.join("zero-tle.ron");
    fs::write(
        &scenario,
        "Scenario(name: \"z\", start: \"2021-04-16T17:17:00Z\", duration_s: 60, \
         spacecraft: [(tle: File(\"/dev/zero\"))], experiments: [])\n",
    )
    .unwrap();
    let sweep = dir.join("zero-base.ron");
    fs::write(
        &sweep,
        "Sweep(name: \"z\", base: \"/dev/zero\", members: 2)\n",
    )
    .unwrap();
    for args in [
        vec!["check", scenario.to_str().unwrap()],
        vec!["check", sweep.to_str().unwrap()],
        vec!["run", "/dev/zero"],
    ] {
        let output = orbitai(&args);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
        assert!(stderr.contains("/dev/zero"), "{stderr}");
        assert!(stderr.contains("more than 64 MiB"), "{stderr}");
    }
}
