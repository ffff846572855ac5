//! How close the simulator comes to a real flight: each flight telemetry
//! file's recorded attitude is flown with the scenario's sensor model
//! (the bundled OPS-SAT scenario), and the simulated app telemetry is
//! compared with the flight's, row by row.
//!
//! The pool holds a value about 10 s and the app reads every 5 s, so a row
//! may repeat the one before; a row whose six photodiode values equal the
//! two rows before it is a *stall* (the app's view of the pool frozen). The
//! flight's stalls are replayed: each becomes a scheduled stall of the
//! simulated app (freezing what froze in flight: the photodiodes, with q0,
//! or everything), and the scenario's random stalls are switched off, so
//! the frozen rows of flight and simulation can be compared run by run.
//! The loop's timing is the scenario's (random delays, as in flight).
//!
//! A *live* row is complete (all six photodiodes read, in flight and in
//! simulation) and in a stall in neither: the errors, labels and Σ sin²
//! are computed on live rows.

use std::path::{Path, PathBuf};

use orbitai_astro::Epoch;
use orbitai_flight::files::{discover, read_text, run_name};
use orbitai_flight::telemetry::parse;
use orbitai_scenario::{RecordedAttitudeSource, TleSource};
use orbitai_sim::RunConfig;
use orbitai_sim::stall::Stalls;
use orbitai_sweep::plots::Comparison;

use crate::error::{Error, Result};
use crate::run::{RunOptions, run_scenario};
use crate::scenarios::{ScenarioSource, default_scenario};

mod compare;
mod report;

use compare::{compare, flight_stalls};

/// How to hindcast.
#[derive(Debug, Clone, Default)]
pub struct HindcastOptions {
    /// A TLE file for the orbit (default: the bundled scenario's).
    pub tle: Option<PathBuf>,
    /// Only the runs whose name contains this text (`2021-04`).
    pub runs: Option<String>,
}

/// |simulated − flight| statistics of some live rows, rad.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Errors {
    /// Values compared.
    pub n: usize,
    /// Median |error|, rad (NaN when `n` is 0).
    pub median: f64,
    /// 90th percentile |error|, rad (NaN when `n` is 0).
    pub p90: f64,
}

/// The value at quantile `q` of `sorted` by nearest rank (NaN if empty).
fn nearest_rank(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let k = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[k - 1]
}

impl Errors {
    /// The statistics of `values` (|errors|, rad).
    pub fn of(mut values: Vec<f64>) -> Errors {
        values.sort_by(f64::total_cmp);
        Errors {
            n: values.len(),
            median: nearest_rank(&values, 0.5),
            p90: nearest_rank(&values, 0.9),
        }
    }
}

/// The interquartile range of some values (nearest rank; NaN when `n` is
/// 0).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Quartiles {
    /// Values.
    pub n: usize,
    /// 25th percentile.
    pub p25: f64,
    /// 75th percentile.
    pub p75: f64,
}

impl Quartiles {
    /// The quartiles of `values`.
    pub fn of(mut values: Vec<f64>) -> Quartiles {
        values.sort_by(f64::total_cmp);
        Quartiles {
            n: values.len(),
            p25: nearest_rank(&values, 0.25),
            p75: nearest_rank(&values, 0.75),
        }
    }
}

/// Σ sin²(PD1..PD6) of live rows, flight and simulated: 1 for six ideal
/// cosine-law diodes on a cube in full sun, whatever the attitude; its
/// spread is the sensors' (noise, gains, albedo, refresh skew).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SumSin2 {
    /// In flight.
    pub flight: Quartiles,
    /// Simulated.
    pub simulated: Quartiles,
}

/// One flight run against its simulation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunFit {
    /// `data_2021-04-16_17-17-36`.
    pub run: String,
    /// Rows compared (the shorter of the two files).
    pub rows: usize,
    /// Flight rows in a stall (six values equal to the two rows before).
    pub frozen: usize,
    /// Simulated rows in a stall, likewise.
    pub frozen_simulated: usize,
    /// Live rows.
    pub live: usize,
    /// Per diode PD1..PD6, on live rows.
    pub diodes: [Errors; 6],
    /// All six diodes together.
    pub overall: Errors,
    /// Live rows where flight and simulation give the same label (PD6
    /// above 60°: OFF).
    pub labels_agree: usize,
    /// Live rows labelled OFF in flight, in simulation, in both.
    pub off: (usize, usize, usize),
    /// Σ sin² of the live rows.
    pub sum_sin2: SumSin2,
    /// The rows themselves, for plots.
    pub comparison: Comparison,
}

/// What a hindcast found.
#[derive(Debug, Clone)]
pub struct Hindcast {
    /// Per run, in name order.
    pub runs: Vec<RunFit>,
    /// Every live value of every run and diode.
    pub overall: Errors,
    /// Per diode over all runs.
    pub diodes: [Errors; 6],
    /// Σ sin² of every live row of every run.
    pub sum_sin2: SumSin2,
}

/// Flies every flight telemetry file of `dir` (see the module docs).
pub fn hindcast(dir: &Path, options: &HindcastOptions) -> Result<Hindcast> {
    let files = discover(dir)?;
    let mut runs = Vec::new();
    let mut all: Vec<f64> = Vec::new();
    let mut per_diode: [Vec<f64>; 6] = Default::default();
    let mut sums: (Vec<f64>, Vec<f64>) = Default::default();
    for file in &files.telemetry {
        let name = run_name(file);
        if options
            .runs
            .as_ref()
            .is_some_and(|r| !name.contains(r.as_str()))
        {
            continue;
        }
        let (fit, live) = fly(file, &name, options)?;
        for (k, e) in live.errors.into_iter().enumerate() {
            all.extend(&e);
            per_diode[k].extend(e);
        }
        sums.0.extend(live.sum_sin2.0);
        sums.1.extend(live.sum_sin2.1);
        runs.push(fit);
    }
    if runs.is_empty() {
        return Err(Error::Option(format!(
            "{}: no flight telemetry file (data_*.csv){}",
            dir.display(),
            options
                .runs
                .as_ref()
                .map(|r| format!(" whose name contains {r:?}"))
                .unwrap_or_default()
        )));
    }
    Ok(Hindcast {
        runs,
        overall: Errors::of(all),
        diodes: per_diode.map(Errors::of),
        sum_sin2: SumSin2 {
            flight: Quartiles::of(sums.0),
            simulated: Quartiles::of(sums.1),
        },
    })
}

/// Flies one file; returns its fit and its live values.
fn fly(file: &Path, name: &str, options: &HindcastOptions) -> Result<(RunFit, compare::Live)> {
    let read =
        |text: &str| parse(text).map_err(|e| Error::Option(format!("{}:{e}", file.display())));
    let flight = read(&read_text(file)?)?.rows;
    let first = flight
        .first()
        .ok_or_else(|| Error::Option(format!("{}: no telemetry rows", file.display())))?;
    let start = Epoch::from_unix_millis(first.timestamp_ms)
        .map_err(|e| Error::Option(format!("{}:{}: {e}", file.display(), first.line)))?;
    let mut scenario = default_scenario()?.scenario;
    scenario.name = name.to_owned();
    scenario.start = start.add_seconds(-30.0);
    scenario.duration_s = 30.0 + 5.0 * flight.len() as f64 + 30.0;
    let absolute = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
    let craft = &mut scenario.spacecraft[0];
    craft.recorded_attitude = Some(RecordedAttitudeSource {
        files: vec![absolute.display().to_string()],
        norm_tolerance: 0.3,
        // Stalls leave long gaps in the recorded attitude.
        max_gap_s: 1e9,
    });
    if let Some(tle) = &options.tle {
        let tle = std::path::absolute(tle).unwrap_or_else(|_| tle.clone());
        craft.tle = TleSource::File(tle.display().to_string());
    }
    let sim_start = scenario.start;
    let experiment = &mut scenario.experiments[0];
    experiment.sunlit_start = None;
    experiment.stalls = Stalls {
        random: Vec::new(),
        scheduled: flight_stalls(&flight, sim_start),
    };
    experiment.runs = vec![RunConfig {
        start,
        iterations: flight.len() as u32,
        mode: None,
    }];
    scenario.outputs.logs = true;
    let base = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios"));
    let source = ScenarioSource::Value {
        scenario: Box::new(scenario),
        base,
    };
    let run = run_scenario(source, &RunOptions::default())?;
    let recorder = &run.outcome.experiments[0].recorder;
    let text = recorder
        .telemetry
        .first()
        .map(|t| t.1.as_str())
        .unwrap_or("");
    let simulated = read(text)?.rows;
    Ok(compare(name, &flight, &simulated))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_statistics() {
        let e = Errors::of(vec![0.5, 0.1, 0.2, 0.4, 0.3, 0.6, 0.7, 0.8, 0.9, 1.0]);
        assert_eq!((e.n, e.median, e.p90), (10, 0.5, 0.9));
        let none = Errors::of(Vec::new());
        assert!(none.median.is_nan() && none.n == 0);
    }
}
