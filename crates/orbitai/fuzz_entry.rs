//! Entry points for fuzzing the readers of user input: one function per
//! cargo-fuzz target in `fuzz/fuzz_targets/`, each taking arbitrary bytes.
//!
//! Every reader must return (an error for bad input), never panic, hang or
//! exhaust memory. The targets in `fuzz/` are thin libFuzzer wrappers around
//! these functions, and `tests/fuzz_corpus.rs` replays the committed corpus
//! and regressions through the same functions on stable Rust.
//!
//! Text readers get the bytes as lossy UTF-8. The scenario and sweep readers
//! resolve relative paths (TLE files, recorded attitudes, a sweep's base)
//! from this repository's `scenarios/` and `scenarios/sweeps/`, so that the
//! seeds built from the bundled files reach validation and resolution.

use std::borrow::Cow;
use std::path::Path;

use crate::astro::{Propagator, PropagatorMode, tle};

/// Where scenario inputs resolve relative paths: the bundled `scenarios/`.
const SCENARIO_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");

/// Where sweep inputs resolve their base scenario: `scenarios/sweeps/`.
const SWEEP_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/sweeps");

/// The names of the fuzz targets, one per function of this module (and the
/// directories under `fuzz/corpus/` and `fuzz/regressions/`).
pub const TARGETS: [&str; 7] = [
    "scenario",
    "sweep",
    "tle",
    "flight_telemetry",
    "training_log",
    "attitude_csv",
    "model_file",
];

/// Runs the entry function of the target named `target` (one of
/// [`TARGETS`]) on `data`; `false` if there is no such target.
pub fn run(target: &str, data: &[u8]) -> bool {
    match target {
        "scenario" => scenario(data),
        "sweep" => sweep(data),
        "tle" => tle(data),
        "flight_telemetry" => flight_telemetry(data),
        "training_log" => training_log(data),
        "attitude_csv" => attitude_csv(data),
        "model_file" => model_file(data),
        _ => return false,
    }
    true
}

fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Feeds arbitrary bytes to the scenario reader and validator
/// ([`scenario::scenario_from_text`](crate::scenario::scenario_from_text):
/// RON parsing, validation, resolution of TLE files, recorded attitudes and
/// spacecraft configuration); must return, never panic.
pub fn scenario(data: &[u8]) {
    let _ = crate::scenario::scenario_from_text(&text(data), "fuzz.ron", Path::new(SCENARIO_DIR));
}

/// Feeds arbitrary bytes to the sweep reader
/// ([`sweep::Sweep::from_text`](crate::sweep::Sweep::from_text): the sweep
/// file, its base scenario, path patterns, values and the trial member);
/// must return, never panic.
pub fn sweep(data: &[u8]) {
    let _ = crate::sweep::Sweep::from_text(&text(data), "fuzz-sweep.ron", Path::new(SWEEP_DIR));
}

/// Feeds arbitrary bytes to the TLE reader
/// ([`astro::tle::parse_str`](crate::astro::tle::parse_str)), and every set
/// it accepts to the SGP4 propagator (both modes, at the TLE's epoch); must
/// return, never panic.
pub fn tle(data: &[u8]) {
    let Ok(sets) = tle::parse_str(&text(data), "fuzz.tle") else {
        return;
    };
    for set in &sets {
        for mode in [PropagatorMode::Afspc, PropagatorMode::Wgs84] {
            if let Ok(propagator) = Propagator::new(set, mode) {
                let _ = propagator.state_at(propagator.tle_epoch());
            }
        }
    }
}

/// Feeds arbitrary bytes to the flight telemetry reader
/// ([`flight::telemetry::parse`](crate::flight::telemetry::parse),
/// `data_*.csv`); must return, never panic.
pub fn flight_telemetry(data: &[u8]) {
    let _ = crate::flight::telemetry::parse(&text(data));
}

/// Feeds arbitrary bytes to the flight training-log reader
/// ([`flight::training_log::parse`](crate::flight::training_log::parse),
/// `training_mochi-*.csv`); must return, never panic.
pub fn training_log(data: &[u8]) {
    let _ = crate::flight::training_log::parse(&text(data));
}

/// Feeds arbitrary bytes to the recorded-attitude CSV reader
/// ([`scenario::parse_attitude_csv`](crate::scenario::parse_attitude_csv),
/// with the scenario field's default norm tolerance 0.3); must return,
/// never panic.
pub fn attitude_csv(data: &[u8]) {
    let _ = crate::scenario::parse_attitude_csv(&text(data), 0.3);
}

/// Feeds arbitrary bytes to the model-file loader
/// ([`learn::Model::from_json`](crate::learn::Model::from_json)), and a
/// model it accepts back to [`to_json`](crate::learn::Model::to_json); must
/// return, never panic.
pub fn model_file(data: &[u8]) {
    if let Ok(model) = crate::learn::Model::from_json(&text(data)) {
        let _ = model.to_json();
    }
}
