//! `orbitai hindcast` on the OPS-SAT flight telemetry (skipped, saying
//! so, when `../shared/opssat-flight` is absent).

mod common;
use common::{orbitai, scratch};

use std::fs;
use std::path::Path;

const FLIGHT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/opssat-flight");

/// The `all runs:` line's median and p90, rad.
fn overall(stdout: &str) -> (f64, f64) {
    let line = stdout
        .lines()
        .find(|l| l.contains("all runs:"))
        .expect("the total line");
    let number = |after: &str| {
        let rest = &line[line.find(after).expect(after) + after.len()..];
        rest.split_whitespace()
            .next()
            .unwrap()
            .parse::<f64>()
            .unwrap()
    };
    (number("median |error| "), number("p90 "))
}

#[test]
fn the_fourteen_flight_runs_are_flown_and_compared() {
    if !Path::new(FLIGHT).is_dir() {
        eprintln!("skipped: {FLIGHT} is absent (the OPS-SAT flight files)");
        return;
    }
    let out = scratch("hindcast");
    let done = orbitai(&["hindcast", FLIGHT, "--out", out.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&done.stdout).into_owned();
    assert!(
        done.status.success(),
        "{}",
        String::from_utf8_lossy(&done.stderr)
    );
    let runs: Vec<&str> = stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("data_"))
        .collect();
    assert_eq!(runs.len(), 14, "{stdout}");
    let (median, p90) = overall(&stdout);
    // As measured when the command was written (0.0222 and 0.2830 rad;
    // 0.0220 and 0.2811 with the flight's stalls replayed): the sensor
    // model, the recorded attitude and the orbit together.
    assert!((0.015..0.030).contains(&median), "{stdout}");
    assert!((0.20..0.35).contains(&p90), "{stdout}");
    let csv = fs::read_to_string(out.join("hindcast.csv")).unwrap();
    assert_eq!(csv.lines().count(), 1 + 14 * 7);
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let totals: Vec<Vec<&str>> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[1] == "all")
        .collect();
    let number = |row: &[&str], name: &str| row[column(name)].parse::<f64>().unwrap();
    // The pool's stalls: six runs hold most of them, and replayed in the
    // simulation they freeze as many rows there (within 5 points per run).
    let frozen = |row: &[&str], name: &str| 100.0 * number(row, name) / number(row, "rows");
    assert_eq!(
        totals
            .iter()
            .filter(|r| frozen(r, "frozen_rows") > 20.0)
            .count(),
        6,
        "{csv}"
    );
    for row in &totals {
        let (f, s) = (
            frozen(row, "frozen_rows"),
            frozen(row, "frozen_rows_simulated"),
        );
        assert!(
            (f - s).abs() < 5.0,
            "{}: {f:.1} % frozen in flight, {s:.1} % simulated",
            row[0]
        );
        // Σ sin² quartiles are there, and plausible (a cube in sunlight: ~1).
        for name in ["sum_sin2_p25_flight", "sum_sin2_p75_simulated"] {
            assert!((0.2..1.2).contains(&number(row, name)), "{} {name}", row[0]);
        }
    }
    assert!(
        stdout.contains("Σ sin² interquartile range: flight 0.8"),
        "{stdout}"
    );

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(out.join("hindcast.json")).unwrap()).unwrap();
    assert_eq!(json["runs"].as_array().unwrap().len(), 14);
    let json_median = json["overall"]["median_rad"].as_f64().unwrap();
    assert!(
        (json_median - median).abs() < 1e-4,
        "{json_median} against {median}"
    );
    let svgs = fs::read_dir(out.join("plots")).unwrap().count();
    assert_eq!(svgs, 14);
    let page = fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(page.matches("<img src=\"plots/data_").count(), 14);
    let svg = fs::read_to_string(out.join("plots/data_2021-04-16_18-47-19.svg")).unwrap();
    assert!(svg.contains("pool stalled") && svg.contains("simulated"));

    let april = orbitai(&["hindcast", FLIGHT, "--runs", "2021-04"]);
    let april = String::from_utf8_lossy(&april.stdout).into_owned();
    assert_eq!(
        april
            .lines()
            .filter(|l| l.trim_start().starts_with("data_"))
            .count(),
        6
    );
    fs::remove_dir_all(&out).ok();
}

#[test]
fn bad_directories_and_filters_are_errors() {
    let empty = scratch("hindcast-empty");
    let none = orbitai(&["hindcast", empty.to_str().unwrap()]);
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains(empty.to_str().unwrap()));
    if Path::new(FLIGHT).is_dir() {
        let nothing = orbitai(&["hindcast", FLIGHT, "--runs", "1999"]);
        assert!(!nothing.status.success());
        assert!(String::from_utf8_lossy(&nothing.stderr).contains("whose name contains \"1999\""));
    }
}
