//! From the committed parts to the sweep's tables: `members.csv` (one row
//! per member and model), `timing.csv`, and the per-cell, per-model
//! statistics of `aggregate.csv` and `aggregate.json`. Parts are read one
//! at a time in job order, so the files do not depend on the order in
//! which members finished, on threads, shards or resumes.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::{Context, Result, SweepError};
use orbitai_sim::atomic_file::{AtomicFile, write_atomic};
use serde_json::{Value, json};

use super::manifest::Manifest;
use super::part::{MemberResult, ModelResult, confusion, finite, read_part};
use super::stats::{Histogram, Summary};

/// Balanced-accuracy levels whose samples-to-reach are reported.
pub const LEVELS: [f64; 2] = [0.9, 0.95];

/// The metrics summarised per cell and model, in column order.
pub const METRICS: [&str; 6] = [
    "grid_balanced_accuracy",
    "grid_f1",
    "progressive_balanced_accuracy",
    "truth_balanced_accuracy",
    "samples_to_0.9",
    "samples_to_0.95",
];

/// Index in [`METRICS`] of the final ground-grid balanced accuracy.
pub const GRID_BA: usize = 0;
/// Index in [`METRICS`] of the samples to reach 0.95.
pub const TO_095: usize = 5;

/// The share of members whose value is defined (for samples-to-reach: the
/// members that got there).
pub fn reached_fraction(values: &[f64]) -> f64 {
    values.iter().filter(|v| v.is_finite()).count() as f64 / values.len().max(1) as f64
}

/// Everything gathered about one model (experiment + model index) in one cell.
#[derive(Debug, Clone, Default)]
pub struct ModelStats {
    /// Experiment name.
    pub experiment: String,
    /// `arow 3D`.
    pub label: String,
    /// Algorithm and space.
    pub algorithm: String,
    /// Feature space.
    pub space: String,
    /// Per metric of [`METRICS`], one value per member (NaN: undefined or
    /// never reached).
    pub values: [Vec<f64>; 6],
    /// Learning curve: per sample count, the histogram of ground-grid
    /// balanced accuracy over members.
    pub curve: BTreeMap<u64, Histogram>,
}

/// One grid cell.
#[derive(Debug, Clone, Default)]
pub struct CellStats {
    /// Its grid values (JSON).
    pub grid: Vec<Value>,
    /// Members that ran / failed.
    pub ok: usize,
    /// Members that failed.
    pub failed: usize,
    /// Per model, in experiment then model-set order.
    pub models: Vec<ModelStats>,
    /// (job, final grid balanced accuracy of the first model of the 3D
    /// space, or of the first model): to pick a representative member.
    pub headline: Vec<(u64, f64)>,
}

/// What assembling found.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// Per cell.
    pub cells: Vec<CellStats>,
    /// Jobs expected but without a part (an interrupted sweep).
    pub missing: Vec<u64>,
    /// Total wall time of the members found, s.
    pub wall_s: f64,
    /// Total ticks simulated.
    pub ticks: u64,
}

/// Text of a JSON value in a CSV field.
pub fn cell_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    }
}

fn opt(v: Option<f64>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

/// Writes `members.csv` and `timing.csv` from the parts of `jobs`, and
/// gathers the statistics.
pub fn assemble(out: &Path, manifest: &Manifest, jobs: &[u64]) -> Result<Assembled> {
    let mut members = csv_writer(&out.join("members.csv"))?;
    let mut header = vec!["job".to_owned(), "cell".into(), "member".into()];
    header.extend(manifest.grid_columns.iter().cloned());
    header.extend(manifest.dispersion_columns.iter().cloned());
    header.extend(
        [
            "status",
            "error",
            "experiment",
            "algorithm",
            "space",
            "samples",
        ]
        .map(String::from),
    );
    header.extend(METRICS.iter().map(|m| m.to_string()));
    header.extend(["run_grid_balanced_accuracy", "ticks"].map(String::from));
    members.write_record(&header)?;
    let mut timing = csv_writer(&out.join("timing.csv"))?;
    timing.write_record(["job", "ticks", "wall_s", "ticks_per_s"])?;

    let mut assembled = Assembled {
        cells: (0..manifest.cells).map(|_| CellStats::default()).collect(),
        missing: Vec::new(),
        wall_s: 0.0,
        ticks: 0,
    };
    for &job in jobs {
        let Some(result) = read_part(out, job)? else {
            assembled.missing.push(job);
            continue;
        };
        assembled.wall_s += result.wall_s;
        assembled.ticks += result.ticks;
        timing.write_record([
            job.to_string(),
            result.ticks.to_string(),
            format!("{:.6}", result.wall_s),
            format!("{:.0}", result.ticks as f64 / result.wall_s.max(1e-9)),
        ])?;
        write_member_rows(&mut members, &result)?;
        let cell = assembled.cells.get_mut(result.cell).ok_or_else(|| {
            SweepError::Corrupt(format!("job {job}: cell {} out of range", result.cell))
        })?;
        gather(cell, &result);
    }
    commit(members, "members.csv")?;
    commit(timing, "timing.csv")?;
    Ok(assembled)
}

fn csv_writer(path: &Path) -> Result<csv::Writer<AtomicFile>> {
    let file = AtomicFile::create(path).context_with(|| format!("creating {}", path.display()))?;
    Ok(csv::Writer::from_writer(file))
}

fn commit(writer: csv::Writer<AtomicFile>, name: &str) -> Result<()> {
    let file = writer.into_inner().map_err(|e| SweepError::Io {
        context: format!("writing {name}"),
        source: e.into_error(),
    })?;
    file.commit().context_with(|| format!("writing {name}"))
}

fn write_member_rows(w: &mut csv::Writer<AtomicFile>, r: &MemberResult) -> Result<()> {
    let mut lead = vec![r.job.to_string(), r.cell.to_string(), r.member.to_string()];
    lead.extend(r.grid.iter().map(cell_text));
    lead.extend(r.draws.iter().map(cell_text));
    if let Some(error) = &r.error {
        let mut row = lead;
        row.extend(["failed".to_owned(), error.clone()]);
        row.resize(row.len() + 4 + METRICS.len() + 1, String::new());
        row.push(r.ticks.to_string());
        w.write_record(&row)?;
        return Ok(());
    }
    for e in &r.experiments {
        for m in &e.models {
            let mut row = lead.clone();
            row.extend([
                "ok".to_owned(),
                String::new(),
                e.name.clone(),
                m.algorithm.clone(),
                m.space.clone(),
                m.samples.to_string(),
            ]);
            row.extend(metric_values(m).iter().map(|v| opt(finite(*v))));
            let runs: Vec<String> = m.run_grid_ba.iter().map(|v| opt(*v)).collect();
            row.push(runs.join(";"));
            row.push(r.ticks.to_string());
            w.write_record(&row)?;
        }
    }
    Ok(())
}

/// The [`METRICS`] of one model of one member (NaN when undefined).
fn metric_values(m: &ModelResult) -> [f64; 6] {
    let grid = confusion(&m.grid);
    let reach = |level| m.samples_to_reach(level).map_or(f64::NAN, |s| s as f64);
    [
        grid.balanced_accuracy(),
        grid.f1(),
        confusion(&m.progressive).balanced_accuracy(),
        confusion(&m.truth).balanced_accuracy(),
        reach(LEVELS[0]),
        reach(LEVELS[1]),
    ]
}

fn gather(cell: &mut CellStats, r: &MemberResult) {
    if cell.grid.is_empty() {
        cell.grid = r.grid.clone();
    }
    if r.error.is_some() {
        cell.failed += 1;
        return;
    }
    cell.ok += 1;
    let all: Vec<(&str, &ModelResult)> = r
        .experiments
        .iter()
        .flat_map(|e| e.models.iter().map(move |m| (e.name.as_str(), m)))
        .collect();
    if cell.models.len() < all.len() {
        cell.models.resize_with(all.len(), ModelStats::default);
    }
    for (stats, (experiment, m)) in cell.models.iter_mut().zip(&all) {
        if stats.label.is_empty() {
            stats.experiment = experiment.to_string();
            stats.label = m.label();
            stats.algorithm = m.algorithm.clone();
            stats.space = m.space.clone();
        }
        for (values, v) in stats.values.iter_mut().zip(metric_values(m)) {
            values.push(v);
        }
        for (samples, ba) in &m.curve {
            if let Some(ba) = ba {
                stats.curve.entry(*samples).or_default().add(*ba);
            }
        }
    }
    let headline = all
        .iter()
        .find(|(_, m)| m.algorithm == "arow" && m.space == "3D")
        .or(all.first());
    if let Some((_, m)) = headline {
        let ba = confusion(&m.grid).balanced_accuracy();
        if ba.is_finite() {
            cell.headline.push((r.job, ba));
        }
    }
}

/// Writes `aggregate.csv` and `aggregate.json`.
pub fn write_aggregates(out: &Path, manifest: &Manifest, assembled: &Assembled) -> Result<()> {
    let mut w = csv_writer(&out.join("aggregate.csv"))?;
    let mut header = vec!["cell".to_owned()];
    header.extend(manifest.grid_columns.iter().cloned());
    header.extend(
        [
            "experiment",
            "algorithm",
            "space",
            "metric",
            "n",
            "mean",
            "sd",
            "ci95_low",
            "ci95_high",
            "p05",
            "p50",
            "p95",
            "reached_fraction",
        ]
        .map(String::from),
    );
    w.write_record(&header)?;
    let mut cells_json = Vec::new();
    for (c, cell) in assembled.cells.iter().enumerate() {
        let grid_values = manifest.cell_values(c);
        let mut models_json = Vec::new();
        for m in &cell.models {
            let mut metrics = serde_json::Map::new();
            for (name, values) in METRICS.iter().zip(&m.values) {
                let s = Summary::of(values);
                // For samples-to-reach, the share of members that got there.
                let reached = name
                    .starts_with("samples_to")
                    .then(|| reached_fraction(values));
                let mut row = vec![c.to_string()];
                row.extend(grid_values.iter().map(cell_text));
                row.extend([
                    m.experiment.clone(),
                    m.algorithm.clone(),
                    m.space.clone(),
                    name.to_string(),
                    s.n.to_string(),
                ]);
                row.extend(
                    [
                        s.mean,
                        s.sd,
                        s.ci95_low,
                        s.ci95_high,
                        s.p05,
                        s.p50,
                        s.p95,
                        reached,
                    ]
                    .map(opt),
                );
                w.write_record(&row)?;
                let mut entry = serde_json::to_value(s).expect("plain values");
                if let Some(reached) = reached {
                    entry["reached_fraction"] = json!(reached);
                }
                metrics.insert(name.to_string(), entry);
            }
            models_json.push(json!({
                "experiment": m.experiment,
                "algorithm": m.algorithm,
                "space": m.space,
                "metrics": metrics,
            }));
        }
        let grid: serde_json::Map<String, Value> = manifest
            .grid_columns
            .iter()
            .cloned()
            .zip(grid_values)
            .collect();
        cells_json.push(json!({
            "cell": c,
            "grid": grid,
            "members_ok": cell.ok,
            "members_failed": cell.failed,
            "models": models_json,
        }));
    }
    commit(w, "aggregate.csv")?;
    let doc = json!({
        "sweep": manifest.name,
        "seed": manifest.seed,
        "members_per_cell": manifest.members,
        "jobs": manifest.jobs,
        "missing_jobs": assembled.missing.len(),
        "confidence_interval": "95% of the mean, Student's t",
        "quantiles": "type 7 (linear interpolation)",
        "cells": cells_json,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("plain values");
    text.push('\n');
    write_atomic(&out.join("aggregate.json"), text.as_bytes())
        .context_with(|| "writing aggregate.json".into())?;
    Ok(())
}
