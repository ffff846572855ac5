//! orbitai-sim as a library: everything the `orbitai` command does, for
//! programs of your own (and for the Python front). Re-exports the crates
//! below it and offers one entry point per command.
//!
//! Units and frames throughout: km, km/s, seconds, radians, UTC; positions,
//! velocities and the Sun direction in TEME of date; quaternions scalar
//! first, rotating inertial vectors into the body frame.
//!
//! # Run a scenario
//!
//! A file, RON text, a [`Scenario`] value, or the bundled default; with
//! `out: None` nothing is written and the results are only returned.
//!
//! ```
//! use orbitai::{RunOptions, ScenarioSource, run_scenario};
//!
//! let options = RunOptions {
//!     max_duration_s: Some(2.0 * 3600.0), // a quick look: the first two hours
//!     ..RunOptions::default()
//! };
//! let run = run_scenario("scenarios/tumbling.ron", &options)?;
//! let arow_3d = run
//!     .metrics()
//!     .into_iter()
//!     .find(|m| m.algorithm == "arow" && m.space == "3D")
//!     .expect("the OrbitAI model set has AROW on [pd6, pd6², pd6³]");
//! assert!((0.0..=1.0).contains(&arow_3d.grid_balanced_accuracy));
//! assert!(run.files.is_empty());
//! println!("{run}"); // the headline `orbitai run` prints
//!
//! // The bundled OPS-SAT scenario, written under OUT/<name>/.
//! let out = std::env::temp_dir().join(format!("orbitai-doc-run-{}", std::process::id()));
//! let options = RunOptions { out: Some(&out), ..options };
//! let run = run_scenario(ScenarioSource::Default, &options)?;
//! assert!(run.files.iter().any(|f| f.ends_with("metrics_grid.csv")));
//! # std::fs::remove_dir_all(&out).ok();
//! # Ok::<(), orbitai::Error>(())
//! ```
//!
//! # Check files
//!
//! ```
//! let report = orbitai::check(&["scenarios".into()])?;
//! assert!(report.ok(), "{:?}", report.failed);
//! assert!(report.scenarios.len() >= 5);
//! # Ok::<(), orbitai::Error>(())
//! ```
//!
//! # Propagate a TLE
//!
//! ```
//! use orbitai::astro::Epoch;
//! use orbitai::propagate::{Request, write_csv};
//!
//! let tle = orbitai::propagate::read_tle("assets/tle/opssat-2021-02-08.tle".as_ref(), None)?;
//! let start = Epoch::parse_iso8601("2021-04-16T18:28:31Z").expect("an ISO 8601 time");
//! let request = Request::new(tle, start, 5400.0, 60.0)?; // one orbit, every minute
//! let mut csv = Vec::new();
//! let summary = write_csv(&request, &mut csv)?;
//! assert_eq!(summary.rows, 91);
//! assert!(summary.sunlit_rows > 0); // April: a dawn-dusk orbit out of eclipse season
//! let text = String::from_utf8(csv).expect("UTF-8");
//! assert!(text.starts_with(orbitai::propagate::HEADER));
//! assert_eq!(text.lines().count(), 92);
//! # Ok::<(), orbitai::Error>(())
//! ```
//!
//! # Replay the flight files
//!
//! The 14 flight runs, through the model set with the flight numerics; with
//! `out: None` nothing is written.
//!
//! ```
//! use orbitai::flight::ReplayOptions;
//!
//! let dir = std::path::Path::new("../shared/opssat-flight");
//! # if !dir.is_dir() { eprintln!("skipped: {} is absent", dir.display()); return Ok(()); }
//! let replay = orbitai::replay(dir, &ReplayOptions::default())?;
//! assert_eq!(replay.runs.len(), 14);
//! let arow_3d = replay.replay.models.models().iter()
//!     .find(|m| m.name() == "arow_3D")
//!     .expect("AROW on [pd6, pd6², pd6³]");
//! let grid = orbitai::learn::metrics::grid_evaluation(arow_3d).balanced_accuracy();
//! assert!(grid > 0.5, "{grid}");
//! # Ok::<(), orbitai::Error>(())
//! ```
//!
//! # Sweep, in shards, and merge
//!
//! ```
//! use orbitai::sweep::{RunOptions, Shard};
//!
//! let dir = std::env::temp_dir().join(format!("orbitai-doc-sweep-{}", std::process::id()));
//! let mut shards = Vec::new();
//! for index in 0..2 {
//!     let out = dir.join(format!("shard-{index}"));
//!     let shard = Some(Shard { index, count: 2 });
//!     let options = RunOptions { out: Some(&out), shard, ..RunOptions::default() };
//!     let outcome = orbitai::sweep("tests/data/small-sweep.ron", &options)?;
//!     assert_eq!(outcome.ran, 6);
//!     shards.push(out);
//! }
//! let merged = orbitai::merge(&shards, &dir.join("all"), false)?;
//! assert_eq!(merged.copied, 12);
//! assert!(merged.sweep.assembled.missing.is_empty());
//! assert!(dir.join("all/aggregate.csv").is_file());
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), orbitai::Error>(())
//! ```

pub mod budget;
mod check;
mod error;
/// Entry points of the fuzz targets (`fuzz/`): arbitrary bytes to each reader of user input.
pub mod fuzz_entry;
pub mod hindcast;
pub mod propagate;
pub mod regress;
mod run;
mod run_summary;
mod scenarios;

use std::path::{Path, PathBuf};

pub use orbitai_astro as astro;
pub use orbitai_craft as craft;
pub use orbitai_flight as flight;
pub use orbitai_learn as learn;
pub use orbitai_scenario as scenario;
pub use orbitai_sim as sim;
pub use orbitai_sim::progress;
pub use orbitai_sweep as sweep;

pub use check::{CheckReport, check};
pub use error::{Error, Result};
pub use orbitai_scenario::{
    Budget, Cost, LoadedScenario, LoadedSweep, Scenario, ScenarioFileError,
};
pub use orbitai_sim::CancelToken;
pub use run::{
    Guest, ModelMetrics, RunOptions, RunOutcome, check_names, run_scenario, run_scenario_with,
    run_scenarios,
};
pub use scenarios::{ScenarioSource, default_scenario, expand, load_all};

/// An error and its causes on one line, joined by ": " (as the command
/// prints them).
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Loads and runs a sweep file (see [`sweep::Sweep`] to load once and run
/// several times); the outputs go to `options.out` (default
/// `out/<sweep name>`).
pub fn sweep(file: impl AsRef<Path>, options: &sweep::RunOptions) -> Result<sweep::SweepOutcome> {
    Ok(sweep::Sweep::load(file.as_ref())?.run(options)?)
}

/// Replays the OPS-SAT flight files of `dir` (training logs and/or
/// telemetry) through the OrbitAI model set; see [`flight::replay`].
pub fn replay(
    dir: impl AsRef<Path>,
    options: &flight::ReplayOptions,
) -> Result<flight::ReplayOutcome> {
    Ok(flight::replay(dir.as_ref(), options)?)
}

/// Merges the output directories of shards of one sweep into `out`, with
/// results identical to a single run; members in none of them are refused
/// unless `partial`.
pub fn merge(dirs: &[PathBuf], out: &Path, partial: bool) -> Result<sweep::MergeOutcome> {
    Ok(sweep::merge(dirs, out, partial)?)
}
