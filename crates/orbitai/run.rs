//! Running scenarios: one world each, in parallel (rayon), each one's
//! outputs written under `OUT/<scenario name>/`.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use orbitai_learn::GuestModel;
use orbitai_learn::metrics::Confusion;
use orbitai_scenario::LoadedScenario;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::cancel::CancelToken;
use orbitai_sim::output::{RunFacts, final_grid, overall_progressive, row_names, write_outcome};
use orbitai_sim::output_dir::{AtomicDir, ensure_writable_dir};
use orbitai_sim::progress::{NoProgress, Progress, Unit};
use orbitai_sim::{Keep, SimOutcome, Simulation};
use rayon::prelude::*;

use crate::error::{Error, Result};
use crate::scenarios::ScenarioSource;

/// Ticks between progress reports of one scenario.
const PROGRESS_EVERY: u64 = 10_000;

/// How to run scenarios.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// Output directory: each scenario's files go to `out/<name>/`
    /// (`None`: nothing is written; the results are only returned).
    pub out: Option<&'a Path>,
    /// Worker threads (`None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
    /// Stop every scenario after this many simulated seconds (runs not
    /// reached do not start; a run cut short is reported as incomplete).
    pub max_duration_s: Option<f64>,
    /// Where progress goes (one task per scenario, counting ticks).
    pub progress: &'a dyn Progress,
    /// Raised, stops every scenario at its next check (within
    /// [`orbitai_sim::cancel::CHECK_EVERY_TICKS`] ticks) with
    /// [`orbitai_sim::SimError::Cancelled`]; nothing is written for them.
    pub cancel: Option<&'a CancelToken>,
    /// Run even when the estimated cost is over this machine's budget
    /// ([`crate::budget`]: a decade at 1 ms, a recording that fills the
    /// disk); `false` refuses such runs with [`Error::OverBudget`] before
    /// anything runs.
    pub force: bool,
}

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions {
            out: None,
            threads: None,
            max_duration_s: None,
            progress: &NoProgress,
            cancel: None,
            force: false,
        }
    }
}

impl fmt::Debug for RunOptions<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RunOptions")
            .field("out", &self.out)
            .field("threads", &self.threads)
            .field("max_duration_s", &self.max_duration_s)
            .field("cancel", &self.cancel)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

/// One model's headline metrics after a scenario.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelMetrics {
    /// The experiment it belongs to.
    pub experiment: String,
    /// Algorithm name (`arow`, `scw`, …; a guest learner's name).
    pub algorithm: String,
    /// Feature space name (`1D`, `2D`, `3D`, …).
    pub space: String,
    /// Balanced accuracy of the final model on the ground grid of PD6
    /// elevations (NaN when undefined).
    pub grid_balanced_accuracy: f64,
    /// Predict-then-train confusion over all runs of the experiment.
    pub progressive: Confusion,
}

/// What running one scenario gave.
#[derive(Debug)]
pub struct RunOutcome {
    /// The scenario, as loaded.
    pub scenario: LoadedScenario,
    /// Everything the simulation produced (telemetry and training rows
    /// when the scenario keeps logs, models, per-run reports, curves).
    pub outcome: SimOutcome,
    /// Wall time of the simulation, s.
    pub wall_s: f64,
    /// Where the outputs went (`None` when nothing was written).
    pub dir: Option<PathBuf>,
    /// The files written, in the order written.
    pub files: Vec<PathBuf>,
}

impl RunOutcome {
    /// Per experiment and model (guest learners after the set's models),
    /// the headline metrics.
    pub fn metrics(&self) -> Vec<ModelMetrics> {
        let mut all = Vec::new();
        for experiment in &self.outcome.experiments {
            let progressive = overall_progressive(experiment);
            let spaces = experiment.models.models().iter().map(|m| &m.space);
            let guests = experiment.guests.iter().map(|g| &g.model.space);
            let rows = row_names(experiment)
                .into_iter()
                .zip(spaces.chain(guests))
                .zip(final_grid(experiment))
                .zip(progressive);
            for (((name, space), grid), p) in rows {
                all.push(ModelMetrics {
                    experiment: experiment.name.clone(),
                    algorithm: name.algorithm.to_owned(),
                    space: space.name().to_owned(),
                    grid_balanced_accuracy: grid.balanced_accuracy(),
                    progressive: p,
                });
            }
        }
        all
    }
}

/// Loads and runs one scenario (a file, text, a value, or the bundled
/// default), writing its outputs under `options.out` when given.
pub fn run_scenario(source: impl Into<ScenarioSource>, options: &RunOptions) -> Result<RunOutcome> {
    run_scenario_with(source, options, Vec::new())
}

/// A learner of the user's own and the experiment it joins (`None`: the
/// scenario's only experiment).
#[derive(Debug)]
pub struct Guest {
    /// The experiment's name, or `None` for the only one.
    pub experiment: Option<String>,
    /// The learner.
    pub model: GuestModel,
}

/// As [`run_scenario`], with learners of the user's own trained beside the
/// model set (see [`orbitai_learn::guest`]); their rows follow the set's
/// in every output, and the trained learners come back in
/// `outcome.experiments[..].guests`.
pub fn run_scenario_with(
    source: impl Into<ScenarioSource>,
    options: &RunOptions,
    guests: Vec<Guest>,
) -> Result<RunOutcome> {
    let mut scenario = source.into().load()?;
    limit_duration(std::slice::from_mut(&mut scenario), options)?;
    preflight(std::slice::from_ref(&scenario), options)?;
    in_pool(options, || run_one(scenario, options, guests))?
}

/// Applies `options.max_duration_s`.
fn limit_duration(scenarios: &mut [LoadedScenario], options: &RunOptions) -> Result<()> {
    if let Some(limit) = options.max_duration_s {
        if !limit.is_finite() || limit < 0.0 {
            return Err(Error::Option(format!(
                "max_duration_s: must be a number of seconds >= 0, got {limit}"
            )));
        }
        for s in scenarios {
            s.sim.duration_nanos = s.sim.duration_nanos.min((limit * 1e9) as i64);
        }
    }
    Ok(())
}

/// Runs `job` on a pool of `options.threads` workers.
fn in_pool<T: Send>(options: &RunOptions, job: impl FnOnce() -> T + Send) -> Result<T> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(options.threads.unwrap_or(0))
        .build()
        .map_err(Error::Threads)?;
    Ok(pool.install(job))
}

/// Runs loaded scenarios in parallel, one world each; returns one result
/// per scenario, in order (a failure of one does not stop the others). The
/// outer error is for what stops all of them: an invalid option, two
/// scenarios with one name, no worker threads.
pub fn run_scenarios(
    mut scenarios: Vec<LoadedScenario>,
    options: &RunOptions,
) -> Result<Vec<Result<RunOutcome>>> {
    limit_duration(&mut scenarios, options)?;
    check_names(&scenarios)?;
    preflight(&scenarios, options)?;
    in_pool(options, || {
        scenarios
            .into_par_iter()
            .map(|s| run_one(s, options, Vec::new()))
            .collect()
    })
}

/// Before anything runs (durations already capped): the output
/// directories, then, unless forced, the cost.
fn preflight(scenarios: &[LoadedScenario], options: &RunOptions) -> Result<()> {
    if let Some(out) = options.out {
        check_output_dirs(out, scenarios)?;
    }
    if options.force {
        return Ok(());
    }
    crate::budget::check_scenarios(
        scenarios,
        &orbitai_scenario::Budget::for_machine(options.out),
    )
}

/// Before anything runs: `out` is a directory that can be written, and no
/// scenario's output directory is taken by a file.
fn check_output_dirs(out: &Path, scenarios: &[LoadedScenario]) -> Result<()> {
    ensure_writable_dir(out)?;
    for s in scenarios {
        let dir = out.join(&s.sim.name);
        if dir.exists() && !dir.is_dir() {
            return Err(Error::Io(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                format!(
                    "{}: {} is a file, not a directory (the scenario's outputs go there)",
                    s.origin,
                    dir.display()
                ),
            )));
        }
    }
    Ok(())
}

/// Refuses two scenarios with one name: names are output directories.
pub fn check_names(scenarios: &[LoadedScenario]) -> Result<()> {
    let mut names = BTreeSet::new();
    for s in scenarios {
        if !names.insert(s.sim.name.as_str()) {
            return Err(Error::NameClash {
                origin: s.origin.clone(),
                name: s.sim.name.clone(),
            });
        }
    }
    Ok(())
}

/// Writes a scenario's outputs under a staging name and puts them in
/// place of `dir` only when all are written: a failure (a full disk) leaves
/// the previous outputs as they were. Returns the files, final names.
fn write_outputs(
    dir: &Path,
    scenario: &LoadedScenario,
    outcome: &SimOutcome,
    wall_s: f64,
) -> std::io::Result<Vec<PathBuf>> {
    let staged = AtomicDir::create(dir)?;
    let facts = RunFacts {
        scenario: scenario.sim.name.clone(),
        seed: scenario.sim.seed,
        run_index: 0,
        wall_time_s: wall_s,
    };
    let mut files = write_outcome(staged.path(), outcome, &facts)?;
    // A sweep member's scenario is JSON (every default filled in).
    let copy = staged.path().join(if scenario.text.starts_with('{') {
        "scenario.json"
    } else {
        "scenario.ron"
    });
    write_atomic(&copy, scenario.text.as_bytes())?;
    files.push(copy);
    let files = files.iter().map(|f| staged.final_path_of(f)).collect();
    staged.commit()?;
    Ok(files)
}

/// Runs one scenario and writes its outputs.
fn run_one(
    scenario: LoadedScenario,
    options: &RunOptions,
    guests: Vec<Guest>,
) -> Result<RunOutcome> {
    let started = Instant::now();
    let keep = if scenario.scenario.outputs.logs {
        Keep::Rows
    } else {
        Keep::ReportsOnly
    };
    let mut sim = Simulation::new(&scenario.sim, keep)?;
    for guest in guests {
        sim.add_guest(guest.experiment.as_deref(), guest.model)?;
    }
    let task = options
        .progress
        .task(&scenario.sim.name, sim.ticks(), Unit::Ticks);
    tracing::info!(scenario = %scenario.sim.name, ticks = sim.ticks(), "running");
    let never = CancelToken::new();
    let cancel = options.cancel.unwrap_or(&never);
    let outcome = sim.run_cancellable(
        PROGRESS_EVERY,
        &mut |done, _| task.set_position(done),
        cancel,
    );
    task.finish();
    let outcome = outcome?;
    let wall_s = started.elapsed().as_secs_f64();
    let mut files = Vec::new();
    let dir = options.out.map(|out| out.join(&scenario.sim.name));
    if let Some(dir) = &dir {
        files = write_outputs(dir, &scenario, &outcome, wall_s).map_err(|source| Error::Write {
            dir: dir.clone(),
            source,
        })?;
    }
    Ok(RunOutcome {
        scenario,
        outcome,
        wall_s,
        dir,
        files,
    })
}
