//! The replay as a library: the 14 flight runs without writing anything,
//! the files written when asked, and located errors. Reads the flight data
//! from `../shared/opssat-flight` and says so when it is absent.

use std::path::{Path, PathBuf};

use orbitai_flight::{CampaignSplit, FlightError, ReplayOptions, Source, replay};
use orbitai_learn::Profile;
use orbitai_learn::metrics::grid_evaluation;

fn flight_dir() -> Option<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/opssat-flight");
    if dir.is_dir() {
        Some(dir)
    } else {
        eprintln!("skipped: ../shared/opssat-flight is absent");
        None
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orbitai-flight-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn grid_ba(outcome: &orbitai_flight::ReplayOutcome, name: &str) -> f64 {
    let model = outcome
        .replay
        .models
        .models()
        .iter()
        .find(|m| m.name() == name)
        .unwrap();
    grid_evaluation(model).balanced_accuracy()
}

#[test]
fn the_flight_runs_replay_without_writing_anything() {
    let Some(dir) = flight_dir() else { return };
    let outcome = replay(&dir, &ReplayOptions::default()).unwrap();
    assert!(outcome.out.is_none());
    assert_eq!(outcome.runs.len(), 14);
    assert!(
        outcome
            .runs
            .iter()
            .all(|r| matches!(r.source, Source::Log(_)))
    );
    assert_eq!(
        outcome.runs.iter().map(|r| r.samples.len()).sum::<usize>(),
        8167
    );
    assert_eq!(outcome.runs.iter().map(|r| r.campaign).max(), Some(1));
    let compared: usize = outcome.agreements.iter().map(|(_, a)| a.matched).sum();
    let differing: usize = outcome.agreements.iter().map(|(_, a)| a.differing).sum();
    assert_eq!((compared, differing), (8025, 0));
    // One progressive entry per run and one over all, 32 models each.
    assert_eq!(outcome.replay.progressive.len(), 15);
    assert_eq!(outcome.replay.progressive[14].0, "all");
    assert!(
        outcome
            .replay
            .progressive
            .iter()
            .all(|(_, c)| c.len() == 32)
    );
    let text = outcome.to_string();
    assert!(text.starts_with("Replayed 14 runs (14 from training logs, 0 from telemetry)"));
    assert!(!text.contains("Wrote"), "nothing was written: {text}");
    // The paper profile is another model set.
    let paper = ReplayOptions {
        profile: Profile::Paper,
        ..ReplayOptions::default()
    };
    let paper = replay(&dir, &paper).unwrap();
    assert_ne!(grid_ba(&outcome, "pa_3D"), grid_ba(&paper, "pa_3D"));
    // Without de-duplication the cumulative logs repeat their rows.
    let none = ReplayOptions {
        campaign_split: CampaignSplit::None,
        ..ReplayOptions::default()
    };
    let none = replay(&dir, &none).unwrap();
    assert!(none.runs.iter().map(|r| r.samples.len()).sum::<usize>() > 8167);
}

#[test]
fn with_an_output_directory_every_file_is_written() {
    let Some(dir) = flight_dir() else { return };
    let out = scratch("out");
    let options = ReplayOptions {
        out: Some(out.clone()),
        ..ReplayOptions::default()
    };
    let outcome = replay(&dir, &options).unwrap();
    for file in [
        "metrics_grid.csv",
        "metrics_progressive.csv",
        "models/arow_3D.json",
    ] {
        assert!(out.join(file).is_file(), "{file}");
    }
    let first = &outcome.runs[0].name;
    assert!(
        out.join("runs")
            .join(first)
            .join("models/arow_3D.json")
            .is_file()
    );
    assert!(outcome.to_string().contains("Wrote "));
    std::fs::remove_dir_all(&out).ok();
}

#[test]
fn bad_directories_are_errors_naming_them() {
    let missing = scratch("missing");
    let error = replay(&missing, &ReplayOptions::default()).unwrap_err();
    assert!(matches!(error, FlightError::Directory { .. }), "{error:?}");
    assert!(
        error.to_string().contains(&*missing.to_string_lossy()),
        "{error}"
    );
    let empty = scratch("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let error = replay(&empty, &ReplayOptions::default()).unwrap_err();
    assert!(error.to_string().contains("no flight files"), "{error}");
    let header = scratch("header");
    std::fs::create_dir_all(&header).unwrap();
    std::fs::write(header.join("data_2021-04-16_17-17-36.csv"), "a,b\n1,2\n").unwrap();
    let error = replay(&header, &ReplayOptions::default()).unwrap_err();
    assert_eq!(error.to_string(), "reading telemetry");
    let cause = std::error::Error::source(&error).unwrap().to_string();
    assert!(
        cause.contains("data_2021-04-16_17-17-36.csv:1: unknown header"),
        "{cause}"
    );
    for d in [empty, header] {
        std::fs::remove_dir_all(d).ok();
    }
}
