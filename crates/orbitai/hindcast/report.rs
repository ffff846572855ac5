//! The hindcast's outputs: `hindcast.csv`, `hindcast.json`, a plot per run,
//! the summary page and the printed table.

use std::path::{Path, PathBuf};

use orbitai_sim::atomic_file::write_atomic;
use orbitai_sweep::plots::hindcast_svg;

use super::{Errors, Hindcast, Quartiles, RunFit};
use crate::error::Result;

/// A number for CSV: empty when not finite.
fn field(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// A number for JSON: null when not finite.
fn finite(v: f64) -> serde_json::Value {
    if v.is_finite() {
        serde_json::json!(v)
    } else {
        serde_json::Value::Null
    }
}

fn errors_json(e: &Errors) -> serde_json::Value {
    serde_json::json!({"n": e.n, "median_rad": finite(e.median), "p90_rad": finite(e.p90)})
}

fn quartiles_json(q: &Quartiles) -> serde_json::Value {
    serde_json::json!({"n": q.n, "p25": finite(q.p25), "p75": finite(q.p75)})
}

/// Percent of `part` in `whole` (0 when `whole` is 0).
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

impl RunFit {
    /// Flight rows in a stall, % of the rows.
    pub fn frozen_percent(&self) -> f64 {
        percent(self.frozen, self.rows)
    }

    /// Simulated rows in a stall, % of the rows.
    pub fn frozen_simulated_percent(&self) -> f64 {
        percent(self.frozen_simulated, self.rows)
    }
}

impl Hindcast {
    /// `hindcast.csv`: per run and diode (and `all`), the live rows and
    /// the median and 90th-percentile |error| in rad.
    pub fn csv(&self) -> String {
        let mut text = String::from(
            "run,diode,rows,frozen_rows,frozen_rows_simulated,live_rows,median_abs_error_rad,p90_abs_error_rad,labels_agree,off_flight,off_simulated,off_both,sum_sin2_p25_flight,sum_sin2_p75_flight,sum_sin2_p25_simulated,sum_sin2_p75_simulated\n",
        );
        for r in &self.runs {
            let names = ["PD1", "PD2", "PD3", "PD4", "PD5", "PD6", "all"];
            for (name, e) in names.iter().zip(r.diodes.iter().chain([&r.overall])) {
                let (f, s) = (&r.sum_sin2.flight, &r.sum_sin2.simulated);
                text.push_str(&format!(
                    "{},{name},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\n",
                    r.run,
                    r.rows,
                    r.frozen,
                    r.frozen_simulated,
                    r.live,
                    field(e.median),
                    field(e.p90),
                    r.labels_agree,
                    r.off.0,
                    r.off.1,
                    r.off.2,
                    field(f.p25),
                    field(f.p75),
                    field(s.p25),
                    field(s.p75),
                ));
            }
        }
        text
    }
}

impl Hindcast {
    /// `hindcast.json`: the totals and, per run, the rows, stalls (flight
    /// and simulated), live rows, per-diode and overall errors (rad),
    /// labels, OFF counts and the quartiles of Σ sin².
    pub fn json(&self) -> serde_json::Value {
        let errors = errors_json;
        let sum_sin2 = |s: &super::SumSin2| serde_json::json!({"flight": quartiles_json(&s.flight), "simulated": quartiles_json(&s.simulated)});
        let runs: Vec<serde_json::Value> = self
            .runs
            .iter()
            .map(|r| {
                serde_json::json!({
                    "run": r.run,
                    "rows": r.rows,
                    "frozen_rows": r.frozen,
                    "frozen_rows_simulated": r.frozen_simulated,
                    "live_rows": r.live,
                    "diodes": r.diodes.iter().map(errors).collect::<Vec<_>>(),
                    "overall": errors(&r.overall),
                    "labels_agree": r.labels_agree,
                    "off_flight": r.off.0,
                    "off_simulated": r.off.1,
                    "off_both": r.off.2,
                    "sum_sin2": sum_sin2(&r.sum_sin2),
                })
            })
            .collect();
        serde_json::json!({
            "overall": errors(&self.overall),
            "diodes": self.diodes.iter().map(errors).collect::<Vec<_>>(),
            "sum_sin2": sum_sin2(&self.sum_sin2),
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
                "<tr><td><a href=\"plots/{run}.svg\">{run}</a></td><td>{}</td><td>{:.1} / {:.1}</td><td>{}</td><td>{:.4}</td><td>{:.4}</td><td>{}/{}</td><td>{}/{}/{}</td><td>{:.3}–{:.3} / {:.3}–{:.3}</td></tr>\n",
                r.rows, r.frozen_percent(), r.frozen_simulated_percent(), r.live, r.overall.median, r.overall.p90, r.labels_agree, r.live, r.off.0, r.off.1, r.off.2,
                r.sum_sin2.flight.p25, r.sum_sin2.flight.p75, r.sum_sin2.simulated.p25, r.sum_sin2.simulated.p75,
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
            "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>orbitai hindcast</title>\n<style>body{{font-family:sans-serif;margin:2em}}td,th{{padding:2px 10px;text-align:right}}</style></head><body>\n<h1>Hindcast: the simulator against flight telemetry</h1>\n<p>Each flight run's recorded attitude flown with the OPS-SAT sensor model; |simulated − flight| photodiode elevation on live rows (complete, outside a stall). All runs: {} values, median {:.4} rad, p90 {:.4} rad; Σ sin² interquartile range {:.3}–{:.3} in flight, {:.3}–{:.3} simulated. The flight's stalls are replayed in the simulation.</p>\n<table><tr><th>run</th><th>rows</th><th>frozen % flight / sim</th><th>live</th><th>median rad</th><th>p90 rad</th><th>labels agree</th><th>OFF flight/sim/both</th><th>Σ sin² IQR flight / sim</th></tr>\n{rows}</table>\n{images}</body></html>\n",
            self.overall.n,
            self.overall.median,
            self.overall.p90,
            self.sum_sin2.flight.p25,
            self.sum_sin2.flight.p75,
            self.sum_sin2.simulated.p25,
            self.sum_sin2.simulated.p75,
        );
        put(&mut files, out.join("index.html"), page.as_bytes())?;
        Ok(files)
    }
}

impl std::fmt::Display for Hindcast {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "  run                         rows  frozen % fl/sim  live  median rad  p90 rad  labels agree  OFF fl/sim/both  Σsin² IQR flight | sim"
        )?;
        for r in &self.runs {
            let (a, b) = (&r.sum_sin2.flight, &r.sum_sin2.simulated);
            writeln!(
                f,
                "  {:<26} {:>5}  {:>15}  {:>4}  {:>10.4}  {:>7.4}  {:>12}  {:>15}  {:.3}-{:.3} | {:.3}-{:.3}",
                r.run,
                r.rows,
                format!(
                    "{:.1}/{:.1}",
                    r.frozen_percent(),
                    r.frozen_simulated_percent()
                ),
                r.live,
                r.overall.median,
                r.overall.p90,
                format!("{}/{}", r.labels_agree, r.live),
                format!("{}/{}/{}", r.off.0, r.off.1, r.off.2),
                a.p25,
                a.p75,
                b.p25,
                b.p75,
            )?;
        }
        let worst = self
            .runs
            .iter()
            .map(|r| (r.frozen_percent() - r.frozen_simulated_percent()).abs())
            .fold(0.0, f64::max);
        writeln!(
            f,
            "  all runs: {} live values, median |error| {:.4} rad, p90 {:.4} rad",
            self.overall.n, self.overall.median, self.overall.p90
        )?;
        let (a, b) = (&self.sum_sin2.flight, &self.sum_sin2.simulated);
        writeln!(
            f,
            "  Σ sin² interquartile range: flight {:.3}-{:.3}, simulated {:.3}-{:.3}",
            a.p25, a.p75, b.p25, b.p75
        )?;
        write!(
            f,
            "  frozen rows (flight stalls replayed): simulated within {worst:.1} points of flight in every run"
        )
    }
}
