//! The sweep's pictures and its one-page report: per grid cell, learning
//! curves and final balanced-accuracy distributions per feature space, the
//! photodiode and illumination trace of a representative member, and
//! `report.html` tying them to the aggregate table; plus the summary
//! printed at the end of `orbitai sweep` and `orbitai merge`.

use std::fmt::Write as _;
use std::path::Path;

use crate::error::{Context, Result};
use orbitai_astro::Epoch;
use orbitai_learn::metrics::GRID_ON_BELOW;
use orbitai_scenario::LoadedSweep;
use orbitai_sim::Simulation;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::{Keep, SimConfig};

use super::aggregate::{Assembled, CellStats, GRID_BA, TO_095, cell_text, reached_fraction};
use super::manifest::Manifest;
use super::part::read_part;
use super::plots::{CurveBand, Trace, final_accuracy_svg, learning_curves_svg, trace_svg};
use super::stats::Summary;

/// Length of the representative trace, s (about one OPS-SAT orbit).
const TRACE_S: f64 = 95.0 * 60.0;

/// Writes `plots/` and `report.html`. `sweep` (when available) re-runs the
/// representative member for its trace.
pub fn write(
    out: &Path,
    manifest: &Manifest,
    assembled: &Assembled,
    sweep: Option<&LoadedSweep>,
) -> Result<()> {
    let plots = out.join("plots");
    let mut html = String::new();
    let _ = write!(
        html,
        "<!doctype html><meta charset=\"utf-8\"><title>{0}</title>\
         <style>body{{font-family:sans-serif;max-width:1100px;margin:auto}}\
         img{{width:100%}}td,th{{padding:2px 8px;text-align:right}}</style>\
         <h1>Sweep {0}</h1><p>{1} member(s) per cell, {2} cell(s), seed {3}; \
         tables: <a href=\"aggregate.csv\">aggregate.csv</a>, \
         <a href=\"members.csv\">members.csv</a>.</p>",
        escape(&manifest.name),
        manifest.members,
        manifest.cells,
        manifest.seed
    );
    for (c, cell) in assembled.cells.iter().enumerate() {
        let label = cell_label(manifest, c);
        let _ = write!(
            html,
            "<h2>Cell {c}{}</h2><p>{} member(s) ran, {} failed.</p>",
            escape(&label),
            cell.ok,
            cell.failed
        );
        html.push_str(&table(cell));
        for space in spaces(cell) {
            let curves = format!("cell{c}-curves-{space}.svg");
            let bands = bands(cell, &space);
            let title = format!(
                "Learning curves, {space} models{label}, {} members",
                cell.ok
            );
            if !bands.is_empty()
                && learning_curves_svg(&plots.join(&curves), &title, &bands).is_ok()
            {
                let _ = write!(html, "<img src=\"plots/{curves}\" alt=\"{curves}\">");
            }
            let finals = format!("cell{c}-final-{space}.svg");
            let per_model: Vec<(String, Vec<f64>)> = cell
                .models
                .iter()
                .filter(|m| m.space == space)
                .map(|m| (m.label.clone(), m.values[GRID_BA].clone()))
                .collect();
            let title = format!("Final balanced accuracy, {space} models{label}");
            if final_accuracy_svg(&plots.join(&finals), &title, &per_model).is_ok() {
                let _ = write!(html, "<img src=\"plots/{finals}\" alt=\"{finals}\">");
            }
        }
    }
    if let Some(sweep) = sweep
        && let Some((job, trace)) = representative_trace(out, sweep, assembled)?
    {
        let title = format!("Member {job} (median arow 3D), first run");
        trace_svg(&plots.join("trace.svg"), &title, &trace)
            .context_with(|| "writing plots/trace.svg".into())?;
        let _ = write!(
            html,
            "<h2>A representative member</h2><p>Job {job}: the median final ground-grid \
             balanced accuracy of arow 3D in cell 0; photodiodes and illumination over the \
             first {:.0} min of its first run.</p><img src=\"plots/trace.svg\" alt=\"trace\">",
            TRACE_S / 60.0
        );
    }
    write_atomic(&out.join("report.html"), html.as_bytes())
        .context_with(|| "writing report.html".into())
}

/// ` (axis = value, …)` for a grid cell, empty without a grid.
pub fn cell_label(manifest: &Manifest, c: usize) -> String {
    let values = manifest.cell_values(c);
    if values.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = manifest
        .grid_columns
        .iter()
        .zip(&values)
        .map(|(name, v)| format!("{} = {}", short(name), cell_text(v)))
        .collect();
    format!(" ({})", parts.join(", "))
}

/// The last two segments of a long path, for titles.
fn short(path: &str) -> &str {
    let mut cut = path.len();
    for _ in 0..2 {
        match path[..cut].rfind('.') {
            Some(k) => cut = k,
            None => return path,
        }
    }
    &path[cut + 1..]
}

/// The feature spaces of a cell's models, in model order.
fn spaces(cell: &CellStats) -> Vec<String> {
    let mut spaces: Vec<String> = Vec::new();
    for m in &cell.models {
        if !spaces.contains(&m.space) {
            spaces.push(m.space.clone());
        }
    }
    spaces
}

/// Learning-curve bands of the models of `space`, at the sample counts
/// that at least half the members reached (later points rest on few
/// members and would mislead).
fn bands(cell: &CellStats, space: &str) -> Vec<CurveBand> {
    let enough = (cell.ok as u64).div_ceil(2).max(1);
    cell.models
        .iter()
        .filter(|m| m.space == space && !m.curve.is_empty())
        .map(|m| {
            let mut band = CurveBand {
                model: m.label.clone(),
                samples: Vec::new(),
                p05: Vec::new(),
                p50: Vec::new(),
                p95: Vec::new(),
            };
            for (samples, histogram) in m.curve.iter().filter(|(_, h)| h.total() >= enough) {
                let (Some(p05), Some(p50), Some(p95)) = (
                    histogram.quantile(0.05),
                    histogram.quantile(0.5),
                    histogram.quantile(0.95),
                ) else {
                    continue;
                };
                band.samples.push(*samples);
                band.p05.push(p05);
                band.p50.push(p50);
                band.p95.push(p95);
            }
            band
        })
        .filter(|b| !b.samples.is_empty())
        .collect()
}

/// The aggregate of a cell as an HTML table (grid balanced accuracy and
/// samples to 0.95).
fn table(cell: &CellStats) -> String {
    let mut t = String::from(
        "<table><tr><th>model</th><th>n</th><th>grid bal. acc. mean</th><th>95% CI</th>\
         <th>p05</th><th>p50</th><th>p95</th><th>samples to 0.95 (median)</th><th>reached</th></tr>",
    );
    let f = |v: Option<f64>| v.map_or("–".into(), |x| format!("{x:.3}"));
    for m in &cell.models {
        let s = Summary::of(&m.values[GRID_BA]);
        let reach = Summary::of(&m.values[TO_095]);
        let reached = reached_fraction(&m.values[TO_095]);
        let _ = write!(
            t,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{} – {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.0}%</td></tr>",
            escape(&m.label),
            s.n,
            f(s.mean),
            f(s.ci95_low),
            f(s.ci95_high),
            f(s.p05),
            f(s.p50),
            f(s.p95),
            reach.p50.map_or("–".into(), |x| format!("{x:.0}")),
            100.0 * reached
        );
    }
    t.push_str("</table>");
    t
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Re-runs cell 0's median member (by final arow 3D grid balanced
/// accuracy) and records its first run's photodiodes and illumination.
fn representative_trace(
    out: &Path,
    sweep: &LoadedSweep,
    assembled: &Assembled,
) -> Result<Option<(u64, Trace)>> {
    let Some(cell) = assembled.cells.first() else {
        return Ok(None);
    };
    let mut ranked = cell.headline.clone();
    if ranked.is_empty() {
        return Ok(None);
    }
    ranked.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let job = ranked[(ranked.len() - 1) / 2].0;
    let Some(result) = read_part(out, job)? else {
        return Ok(None);
    };
    let first_run = result
        .experiments
        .first()
        .and_then(|e| e.run_starts.first())
        .and_then(|s| Epoch::parse_iso8601(s).ok());
    let member = sweep.member(job);
    let (Some(start), Ok(config)) = (first_run, &member.config) else {
        return Ok(None);
    };
    Ok(trace(config, start)?.map(|t| (job, t)))
}

/// The first spacecraft's readings from `from` for [`TRACE_S`].
fn trace(config: &SimConfig, from: Epoch) -> Result<Option<Trace>> {
    let mut sim = Simulation::new(config, Keep::ReportsOnly)?;
    let end = from.add_seconds(TRACE_S);
    let mut trace = Trace {
        time_s: Vec::new(),
        photodiodes_rad: Default::default(),
        illumination: Vec::new(),
        labels_on: Vec::new(),
    };
    for _ in 0..sim.ticks() {
        sim.step()?;
        let Some(probe) = sim.probe().into_iter().next() else {
            return Ok(None);
        };
        if probe.epoch < from {
            continue;
        }
        if probe.epoch > end || probe.photodiodes.len() < 6 {
            break;
        }
        trace.time_s.push(probe.epoch.seconds_since(from));
        for (k, pd) in probe.photodiodes.iter().take(6).enumerate() {
            trace.photodiodes_rad[k].push(pd.unwrap_or(f64::NAN));
        }
        trace.illumination.push(probe.illumination);
        // The app's labeler: OFF when the Sun is more than 60° above the
        // camera face (PD6).
        trace
            .labels_on
            .push(probe.photodiodes[5].is_none_or(|pd6| pd6 <= GRID_ON_BELOW));
    }
    Ok((!trace.time_s.is_empty()).then_some(trace))
}
