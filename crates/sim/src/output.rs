//! Writing a simulation's results: per experiment the flight-layout
//! telemetry files and training log, the models (final and after each
//! run), the grid and progressive metrics, and `summary.json`. Every file is
//! written atomically.

use std::io;
use std::path::{Path, PathBuf};

use orbitai_learn::Model;
use orbitai_learn::metrics::{Confusion, GridScorer};
use serde_json::{Value, json};

use crate::atomic_file::write_atomic;
use crate::experiment::ModelRunScores;
use crate::metrics_csv::{RowName, curve_csv, grid_rows_csv, progressive_csv};
use crate::runner::{ExperimentOutcome, SimOutcome};

/// Facts about a run that are not in the outcome.
#[derive(Debug, Clone)]
pub struct RunFacts {
    /// Scenario name.
    pub scenario: String,
    /// Master seed.
    pub seed: u64,
    /// Run index.
    pub run_index: u64,
    /// Wall time, s (the only field that differs between identical runs).
    pub wall_time_s: f64,
}

/// Writes everything under `dir`: directly when there is one experiment,
/// else one subdirectory per experiment; `summary.json` at the top.
/// Returns the files written, in the order written.
pub fn write_outcome(
    dir: &Path,
    outcome: &SimOutcome,
    facts: &RunFacts,
) -> io::Result<Vec<PathBuf>> {
    let mut files = Files::default();
    let single = outcome.experiments.len() == 1;
    for experiment in &outcome.experiments {
        let target = if single {
            dir.to_path_buf()
        } else {
            dir.join(&experiment.name)
        };
        write_experiment(&target, experiment, &mut files)?;
    }
    let summary = summary_json(outcome, facts);
    let mut text = serde_json::to_string_pretty(&summary).expect("JSON of plain values");
    text.push('\n');
    files.write(&dir.join("summary.json"), text.as_bytes())?;
    Ok(files.0)
}

/// Writes files atomically and remembers their paths.
#[derive(Default)]
struct Files(Vec<PathBuf>);

impl Files {
    fn write(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        write_atomic(path, bytes)?;
        self.0.push(path.to_path_buf());
        Ok(())
    }
}

fn write_experiment(
    dir: &Path,
    experiment: &ExperimentOutcome,
    files: &mut Files,
) -> io::Result<()> {
    let recorder = &experiment.recorder;
    for (run, text) in &recorder.telemetry {
        files.write(&dir.join(format!("{run}.csv")), text.as_bytes())?;
    }
    if !recorder.training.is_empty() {
        files.write(&dir.join("training.csv"), recorder.training.as_bytes())?;
    }
    for model in experiment.models.models() {
        files.write(
            &dir.join("models").join(format!("{}.json", model.name())),
            model.to_json().as_bytes(),
        )?;
    }
    for report in experiment.reports() {
        for (name, json) in &report.checkpoint {
            files.write(
                &dir.join("runs")
                    .join(&report.name)
                    .join("models")
                    .join(format!("{name}.json")),
                json.as_bytes(),
            )?;
        }
    }
    for (name, text) in metrics_texts(experiment) {
        files.write(&dir.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// Every model's row name: the set's models, then the guest learners.
pub fn row_names(experiment: &ExperimentOutcome) -> Vec<RowName<'_>> {
    let guests = experiment.guests.iter().map(|g| RowName {
        algorithm: &g.model.name,
        dimension: g.model.space.dimension(),
    });
    experiment
        .models
        .models()
        .iter()
        .map(RowName::from)
        .chain(guests)
        .collect()
}

/// Every model's file-style name (`arow_3D`; a guest's `<name>_<space>`),
/// in row order.
pub fn model_labels(experiment: &ExperimentOutcome) -> Vec<String> {
    let guests = experiment.guests.iter().map(|g| g.model.label());
    experiment
        .models
        .models()
        .iter()
        .map(Model::name)
        .chain(guests)
        .collect()
}

/// Every model's samples trained and updates (`None` for a guest learner,
/// which does not say), in row order.
pub fn model_counts(experiment: &ExperimentOutcome) -> Vec<(u64, Option<u64>)> {
    let models = experiment.models.models().iter();
    let guests = experiment.guests.iter();
    models
        .map(|m| (m.samples_trained, Some(m.updates)))
        .chain(guests.map(|g| (g.model.samples_trained, None)))
        .collect()
}

/// Every model's ground-grid evaluation at the end, in row order.
pub fn final_grid(experiment: &ExperimentOutcome) -> Vec<Confusion> {
    let mut scorer = GridScorer::new();
    let models = experiment
        .models
        .models()
        .iter()
        .map(|m| scorer.evaluate(m));
    let guests = experiment.guests.iter().map(|g| g.grid);
    models.chain(guests).collect()
}

/// The metrics files of an experiment, as (file name, CSV text):
/// `metrics_grid.csv`, `metrics_curve.csv` (when curves were kept) and
/// `metrics_progressive.csv`, guest learners' rows after the set's.
pub fn metrics_texts(experiment: &ExperimentOutcome) -> Vec<(&'static str, String)> {
    let names = row_names(experiment);
    let grid = grid_rows_csv(names.iter().copied().zip(final_grid(experiment)));
    let mut texts = vec![("metrics_grid.csv", grid)];
    if !experiment.curves.is_empty() {
        let curves = names
            .iter()
            .copied()
            .zip(experiment.curves.iter().map(Vec::as_slice));
        texts.push(("metrics_curve.csv", curve_csv(curves)));
    }
    let overall = overall_progressive(experiment);
    let names = &names;
    let rows = experiment
        .reports()
        .iter()
        .flat_map(|r| {
            names
                .iter()
                .zip(&r.scores)
                .map(move |(m, s)| (r.name.as_str(), *m, &s.progressive))
        })
        .chain(names.iter().zip(&overall).map(|(m, c)| ("all", *m, c)));
    texts.push(("metrics_progressive.csv", progressive_csv(rows)));
    texts
}

/// Predict-then-train confusion over all runs, per model.
pub fn overall_progressive(experiment: &ExperimentOutcome) -> Vec<Confusion> {
    sum_over_runs(experiment, |s| &s.progressive)
}

/// Per model, the confusion `pick` takes from each run's scores, summed
/// over all runs (e.g. `|s| &s.truth`: predictions against the true labels).
pub fn sum_over_runs(
    experiment: &ExperimentOutcome,
    pick: impl Fn(&ModelRunScores) -> &Confusion,
) -> Vec<Confusion> {
    let models = experiment.models.models().len() + experiment.guests.len();
    let mut total = vec![Confusion::default(); models];
    for report in experiment.reports() {
        for (t, s) in total.iter_mut().zip(&report.scores) {
            let c = pick(s);
            t.tp += c.tp;
            t.fn_ += c.fn_;
            t.fp += c.fp;
            t.tn += c.tn;
        }
    }
    total
}

/// A ratio for JSON: `null` when undefined.
fn ratio(v: f64) -> Value {
    if v.is_finite() { json!(v) } else { Value::Null }
}

/// The content of `summary.json`.
pub fn summary_json(outcome: &SimOutcome, facts: &RunFacts) -> Value {
    let experiments: Vec<Value> = outcome
        .experiments
        .iter()
        .map(|e| {
            let labels = model_labels(e);
            let runs: Vec<Value> = e
                .reports()
                .iter()
                .map(|r| {
                    json!({
                        "name": r.name,
                        "start": r.start,
                        "mode": r.mode.to_string(),
                        "iterations": r.iterations,
                        "complete": r.complete,
                        "samples": r.samples,
                        "skipped": r.skipped,
                        "camera": r.camera,
                        "models": labels.iter().zip(&r.scores).map(|(m, s)| json!({
                            "model": m,
                            "grid_balanced_accuracy": ratio(s.grid.balanced_accuracy()),
                            "progressive_balanced_accuracy": ratio(s.progressive.balanced_accuracy()),
                            "truth_balanced_accuracy": ratio(s.truth.balanced_accuracy()),
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let overall = overall_progressive(e);
            let counts = model_counts(e);
            let finals = labels
                .iter()
                .zip(counts)
                .zip(final_grid(e))
                .zip(&overall)
                .map(|(((m, (samples, updates)), grid), c)| {
                    json!({
                        "model": m,
                        "samples_trained": samples,
                        "updates": updates,
                        "grid_balanced_accuracy": ratio(grid.balanced_accuracy()),
                        "grid_f1": ratio(grid.f1()),
                        "progressive_balanced_accuracy": ratio(c.balanced_accuracy()),
                    })
                })
                .collect::<Vec<_>>();
            json!({
                "name": e.name,
                "runs": runs,
                "final": finals,
            })
        })
        .collect();
    json!({
        "scenario": facts.scenario,
        "seed": facts.seed,
        "run_index": facts.run_index,
        "ticks": outcome.ticks,
        "wall_time_s": facts.wall_time_s,
        "ticks_per_second": if facts.wall_time_s > 0.0 { json!(outcome.ticks as f64 / facts.wall_time_s) } else { Value::Null },
        "experiments": experiments,
    })
}
