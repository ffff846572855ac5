//! How close the simulator comes to a real flight: each flight telemetry
//! file's recorded attitude is flown with the scenario's sensor model
//! (the bundled OPS-SAT scenario), and the simulated app telemetry is
//! compared with the flight's, row by row.
//!
//! A *live* row is complete (all six photodiodes read, in flight and in
//! simulation) and outside a stall. The pool holds a value about 10 s and
//! the app reads every 5 s, so a row may repeat the one before; a flight
//! row whose six photodiode values equal the two rows before it is the
//! on-board pool frozen (the simulator has no such stalls yet), and says
//! nothing about the sensor model.

use std::path::{Path, PathBuf};

use orbitai_astro::Epoch;
use orbitai_flight::files::{discover, read_text, run_name};
use orbitai_flight::telemetry::{TelemetryRow, parse};
use orbitai_scenario::{RecordedAttitudeSource, TleSource};
use orbitai_sim::RunConfig;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sweep::plots::{Comparison, hindcast_svg};

use crate::error::{Error, Result};
use crate::run::{RunOptions, run_scenario};
use crate::scenarios::{ScenarioSource, default_scenario};

/// PD6 above this (rad, the mission's 1.0472) is "camera OFF".
const OFF_ABOVE_RAD: f64 = orbitai_learn::metrics::GRID_ON_BELOW;

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

impl Errors {
    /// The statistics of `values` (|errors|, rad).
    pub fn of(mut values: Vec<f64>) -> Errors {
        values.sort_by(f64::total_cmp);
        let at = |q: f64| {
            if values.is_empty() {
                f64::NAN
            } else {
                // Nearest rank.
                let k = ((q * values.len() as f64).ceil() as usize).clamp(1, values.len());
                values[k - 1]
            }
        };
        Errors {
            n: values.len(),
            median: at(0.5),
            p90: at(0.9),
        }
    }
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
}

/// Flies every flight telemetry file of `dir` (see the module docs).
pub fn hindcast(dir: &Path, options: &HindcastOptions) -> Result<Hindcast> {
    let files = discover(dir)?;
    let mut runs = Vec::new();
    let mut all: Vec<f64> = Vec::new();
    let mut per_diode: [Vec<f64>; 6] = Default::default();
    for file in &files.telemetry {
        let name = run_name(file);
        if options
            .runs
            .as_ref()
            .is_some_and(|r| !name.contains(r.as_str()))
        {
            continue;
        }
        let (fit, errors) = fly(file, &name, options)?;
        for (k, e) in errors.into_iter().enumerate() {
            all.extend(&e);
            per_diode[k].extend(e);
        }
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
    })
}

/// Flies one file; returns its fit and its live |errors| per diode.
fn fly(file: &Path, name: &str, options: &HindcastOptions) -> Result<(RunFit, [Vec<f64>; 6])> {
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
    let experiment = &mut scenario.experiments[0];
    experiment.sunlit_start = None;
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

/// The six photodiode values of a row, rad (NaN: missing or not a number).
fn values(row: &TelemetryRow) -> [f64; 6] {
    row.pd_text.each_ref().map(|text| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .unwrap_or(f64::NAN)
    })
}

/// Row-by-row comparison of a flight run with its simulation.
fn compare(
    name: &str,
    flight: &[TelemetryRow],
    simulated: &[TelemetryRow],
) -> (RunFit, [Vec<f64>; 6]) {
    let rows = flight.len().min(simulated.len());
    let mut comparison = Comparison {
        time_s: flight[..rows]
            .iter()
            .map(|r| r.timestamp_ms as f64 / 1e3)
            .collect(),
        flight_rad: std::array::from_fn(|_| Vec::with_capacity(rows)),
        simulated_rad: std::array::from_fn(|_| Vec::with_capacity(rows)),
        stalled: Vec::with_capacity(rows),
    };
    let mut errors: [Vec<f64>; 6] = Default::default();
    let (mut frozen, mut live, mut agree) = (0, 0, 0);
    let mut off = (0, 0, 0);
    for k in 0..rows {
        let (f, s) = (values(&flight[k]), values(&simulated[k]));
        for d in 0..6 {
            comparison.flight_rad[d].push(f[d]);
            comparison.simulated_rad[d].push(s[d]);
        }
        // The pool holds a value ~10 s and the app reads every 5 s, so two
        // equal rows in a row are normal; a third is the pool frozen.
        let stalled = k > 1
            && flight[k].pd_text == flight[k - 1].pd_text
            && flight[k].pd_text == flight[k - 2].pd_text;
        comparison.stalled.push(stalled);
        if stalled {
            frozen += 1;
            continue;
        }
        if !f.iter().chain(&s).all(|v| v.is_finite()) {
            continue;
        }
        live += 1;
        for (d, e) in errors.iter_mut().enumerate() {
            e.push((s[d] - f[d]).abs());
        }
        let (f_off, s_off) = (f[5] > OFF_ABOVE_RAD, s[5] > OFF_ABOVE_RAD);
        agree += usize::from(f_off == s_off);
        off.0 += usize::from(f_off);
        off.1 += usize::from(s_off);
        off.2 += usize::from(f_off && s_off);
    }
    let fit = RunFit {
        run: name.to_owned(),
        rows,
        frozen,
        live,
        diodes: std::array::from_fn(|d| Errors::of(errors[d].clone())),
        overall: Errors::of(errors.iter().flatten().copied().collect()),
        labels_agree: agree,
        off,
        comparison,
    };
    (fit, errors)
}

impl Hindcast {
    /// `hindcast.csv`: per run and diode (and `all`), the live rows and
    /// the median and 90th-percentile |error| in rad.
    pub fn csv(&self) -> String {
        let mut text = String::from(
            "run,diode,rows,frozen_rows,live_rows,median_abs_error_rad,p90_abs_error_rad,labels_agree,off_flight,off_simulated,off_both\n",
        );
        let field = |v: f64| {
            if v.is_finite() {
                format!("{v}")
            } else {
                String::new()
            }
        };
        for r in &self.runs {
            let names = ["PD1", "PD2", "PD3", "PD4", "PD5", "PD6", "all"];
            for (name, e) in names.iter().zip(r.diodes.iter().chain([&r.overall])) {
                text.push_str(&format!(
                    "{},{name},{},{},{},{},{},{},{},{},{}\n",
                    r.run,
                    r.rows,
                    r.frozen,
                    r.live,
                    field(e.median),
                    field(e.p90),
                    r.labels_agree,
                    r.off.0,
                    r.off.1,
                    r.off.2
                ));
            }
        }
        text
    }
}

impl Hindcast {
    /// `hindcast.json`: the totals and, per run, the rows, stalls, live
    /// rows, per-diode and overall errors (rad), labels and OFF counts.
    pub fn json(&self) -> serde_json::Value {
        let errors = |e: &Errors| {
            let finite = |v: f64| {
                if v.is_finite() {
                    serde_json::json!(v)
                } else {
                    serde_json::Value::Null
                }
            };
            serde_json::json!({"n": e.n, "median_rad": finite(e.median), "p90_rad": finite(e.p90)})
        };
        let runs: Vec<serde_json::Value> = self
            .runs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "run": r.run,
                    "rows": r.rows,
                    "frozen_rows": r.frozen,
                    "live_rows": r.live,
                    "diodes": r.diodes.iter().map(errors).collect::<Vec<_>>(),
                    "overall": errors(&r.overall),
                    "labels_agree": r.labels_agree,
                    "off_flight": r.off.0,
                    "off_simulated": r.off.1,
                    "off_both": r.off.2,
                })
            })
            .collect();
        serde_json::json!({
            "overall": errors(&self.overall),
            "diodes": self.diodes.iter().map(errors).collect::<Vec<_>>(),
            "runs": runs,
        })
    }

    /// Writes `hindcast.csv`, `hindcast.json`, `plots/<run>.svg` and the
    /// summary page `index.html` under `out`; returns the files written.
    pub fn write(&self, out: &Path) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        let put = |files: &mut Vec<PathBuf>, path: PathBuf, bytes: &[u8]| -> Result<()> {
            write_atomic(&path, bytes)?;
            files.push(path);
            Ok(())
        };
        put(&mut files, out.join("hindcast.csv"), self.csv().as_bytes())?;
        let mut json = serde_json::to_string_pretty(&self.json()).expect("JSON of plain values");
        json.push('\n');
        put(&mut files, out.join("hindcast.json"), json.as_bytes())?;
        let mut rows = String::new();
        for r in &self.runs {
            let svg = out.join("plots").join(format!("{}.svg", r.run));
            let title = format!(
                "{}: flight against simulation (median {:.3} rad, p90 {:.3} rad)",
                r.run, r.overall.median, r.overall.p90
            );
            hindcast_svg(&svg, &title, &r.comparison)?;
            files.push(svg);
            rows.push_str(&format!(
                "<tr><td><a href=\"plots/{run}.svg\">{run}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{:.4}</td><td>{:.4}</td><td>{}/{}</td><td>{}/{}/{}</td></tr>\n",
                r.rows, r.frozen, r.live, r.overall.median, r.overall.p90, r.labels_agree, r.live, r.off.0, r.off.1, r.off.2,
                run = r.run,
            ));
        }
        let images: String = self
            .runs
            .iter()
            .map(|r| {
                format!(
                    "<h2>{0}</h2>\n<img src=\"plots/{0}.svg\" alt=\"{0}\" width=\"1200\">\n",
                    r.run
                )
            })
            .collect();
        let page = format!(
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>orbitai hindcast</title>\n<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:2px 10px;text-align:right}}</style></head><body>\n<h1>Hindcast: the simulator against flight telemetry</h1>\n<p>Each flight run's recorded attitude flown with the OPS-SAT sensor model; |simulated − flight| photodiode elevation on live rows (complete, outside a stall). All runs: {} values, median {:.4} rad, p90 {:.4} rad.</p>\n<table><tr><th>run</th><th>rows</th><th>frozen</th><th>live</th><th>median rad</th><th>p90 rad</th><th>labels agree</th><th>OFF flight/sim/both</th></tr>\n{rows}</table>\n{images}</body></html>\n",
            self.overall.n, self.overall.median, self.overall.p90
        );
        put(&mut files, out.join("index.html"), page.as_bytes())?;
        Ok(files)
    }
}

impl std::fmt::Display for Hindcast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "  run                         rows  frozen  live  median rad  p90 rad  labels agree  OFF flight/sim/both"
        )?;
        for r in &self.runs {
            writeln!(
                f,
                "  {:<26} {:>5}  {:>6}  {:>4}  {:>10.4}  {:>7.4}  {:>12}  {}/{}/{}",
                r.run,
                r.rows,
                r.frozen,
                r.live,
                r.overall.median,
                r.overall.p90,
                format!("{}/{}", r.labels_agree, r.live),
                r.off.0,
                r.off.1,
                r.off.2
            )?;
        }
        write!(
            f,
            "  all runs: {} live values, median |error| {:.4} rad, p90 {:.4} rad",
            self.overall.n, self.overall.median, self.overall.p90
        )
    }
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
