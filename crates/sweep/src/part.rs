//! One member's compact result (`OUT/parts/job-<N>.json`), committed
//! atomically when the member finishes: what `--resume`, `members.csv`,
//! the aggregates and `orbitai merge` are built from.

use std::path::{Path, PathBuf};

use crate::error::{Context, Result, SweepError};
use orbitai_learn::metrics::{Confusion, GridScorer};
use orbitai_scenario::Member;
use orbitai_sim::SimOutcome;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::output::{overall_progressive, sum_over_runs};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Confusion counts (tp, fn, fp, tn).
pub type Counts = [u64; 4];

/// What one member produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemberResult {
    /// Position in the sweep (`cell × members + member`).
    pub job: u64,
    /// Grid cell.
    pub cell: usize,
    /// Monte Carlo member.
    pub member: u32,
    /// The cell's value per grid axis.
    pub grid: Vec<Value>,
    /// The draw per dispersion.
    pub draws: Vec<Value>,
    /// Why the member failed (`None`: it ran).
    pub error: Option<String>,
    /// Ticks simulated.
    pub ticks: u64,
    /// Wall time, s (kept out of `members.csv`, which must not depend on
    /// the machine).
    pub wall_s: f64,
    /// Per experiment.
    pub experiments: Vec<ExperimentResult>,
}

/// One experiment of a member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExperimentResult {
    /// Experiment name.
    pub name: String,
    /// Start of each run, UTC (ISO 8601).
    pub run_starts: Vec<String>,
    /// Per model, in model-set order.
    pub models: Vec<ModelResult>,
}

/// One model of a member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ModelResult {
    /// Algorithm name (`arow`).
    pub algorithm: String,
    /// Feature space (`3D`).
    pub space: String,
    /// Samples it saw (all runs).
    pub samples: u64,
    /// Ground-grid confusion at the end.
    pub grid: Counts,
    /// Predict-then-train confusion over all runs (sample labels).
    pub progressive: Counts,
    /// The same predictions against the true labels.
    pub truth: Counts,
    /// Ground-grid balanced accuracy at the end of each run.
    pub run_grid_ba: Vec<Option<f64>>,
    /// Learning curve: (samples, ground-grid balanced accuracy).
    pub curve: Vec<(u64, Option<f64>)>,
}

/// `Some(x)` for a finite ratio (JSON has no NaN).
pub fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn counts(c: &Confusion) -> Counts {
    [c.tp, c.fn_, c.fp, c.tn]
}

/// A confusion matrix from its counts.
pub fn confusion(c: &Counts) -> Confusion {
    Confusion {
        tp: c[0],
        fn_: c[1],
        fp: c[2],
        tn: c[3],
    }
}

impl MemberResult {
    /// The result of a member that ran.
    pub fn ran(member: &Member, outcome: &SimOutcome, wall_s: f64) -> MemberResult {
        let mut scorer = GridScorer::new();
        let experiments = outcome
            .experiments
            .iter()
            .map(|e| {
                let reports = e.reports();
                let progressive = overall_progressive(e);
                let truth = sum_over_runs(e, |s| &s.truth);
                let models = e
                    .models
                    .models()
                    .iter()
                    .enumerate()
                    .map(|(k, model)| ModelResult {
                        algorithm: model.algorithm.name().to_owned(),
                        space: model.space.name().to_owned(),
                        samples: progressive[k].total(),
                        grid: counts(&scorer.evaluate(model)),
                        progressive: counts(&progressive[k]),
                        truth: counts(&truth[k]),
                        run_grid_ba: reports
                            .iter()
                            .map(|r| finite(r.scores[k].grid.balanced_accuracy()))
                            .collect(),
                        curve: e
                            .curves
                            .get(k)
                            .map(|c| {
                                c.iter()
                                    .map(|p| (p.samples, finite(p.balanced_accuracy)))
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect();
                ExperimentResult {
                    name: e.name.clone(),
                    run_starts: reports.iter().map(|r| r.start.to_string()).collect(),
                    models,
                }
            })
            .collect();
        MemberResult {
            ticks: outcome.ticks,
            experiments,
            ..MemberResult::ran_nothing(member, wall_s)
        }
    }

    /// The result of a member that could not be built or failed to run.
    pub fn failed(member: &Member, error: String, wall_s: f64) -> MemberResult {
        MemberResult {
            error: Some(error),
            ..MemberResult::ran_nothing(member, wall_s)
        }
    }

    /// The member's identity and draws, with no result yet.
    fn ran_nothing(member: &Member, wall_s: f64) -> MemberResult {
        MemberResult {
            job: member.job,
            cell: member.cell,
            member: member.member,
            grid: member.grid.clone(),
            draws: member.draws.clone(),
            error: None,
            ticks: 0,
            wall_s,
            experiments: Vec::new(),
        }
    }
}

impl ModelResult {
    /// `"arow 3D"`.
    pub fn label(&self) -> String {
        format!("{} {}", self.algorithm, self.space)
    }

    /// The first sample count at which the ground-grid balanced accuracy
    /// reached `level` (`None`: never, within the curve).
    pub fn samples_to_reach(&self, level: f64) -> Option<u64> {
        self.curve
            .iter()
            .find(|(_, ba)| ba.is_some_and(|ba| ba >= level))
            .map(|(samples, _)| *samples)
    }
}

/// The directory of the parts in `out`.
pub fn parts_dir(out: &Path) -> PathBuf {
    out.join("parts")
}

/// The file of job `job` in `out`.
pub fn part_path(out: &Path, job: u64) -> PathBuf {
    parts_dir(out).join(format!("job-{job:09}.json"))
}

/// Commits a member's result (atomically).
pub fn write_part(out: &Path, result: &MemberResult) -> Result<()> {
    let path = part_path(out, result.job);
    let mut text = serde_json::to_string(result).expect("JSON of plain values");
    text.push('\n');
    write_atomic(&path, text.as_bytes()).context_with(|| format!("writing {}", path.display()))
}

/// Reads job `job`'s result, if it was committed.
pub fn read_part(out: &Path, job: u64) -> Result<Option<MemberResult>> {
    let path = part_path(out, job);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).context_with(|| format!("reading {}", path.display())),
    };
    let result: MemberResult = serde_json::from_str(&text)
        .context_with(|| format!("{}: not a member result", path.display()))?;
    if result.job != job {
        return Err(SweepError::Corrupt(format!(
            "{}: holds job {} instead of {job}",
            path.display(),
            result.job
        )));
    }
    Ok(Some(result))
}
