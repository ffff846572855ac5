//! `orbitai run`: runs scenario files in parallel (one world each, rayon)
//! and writes each one's outputs under `OUT/<scenario>/`.

use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Args;
use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use orbitai_scenario::LoadedScenario;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::output::{RunFacts, overall_progressive, write_outcome};
use orbitai_sim::{Keep, SimOutcome, Simulation};
use rayon::prelude::*;

use crate::scenarios::{expand, load_all};

/// Arguments of `orbitai run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Scenario files or directories of `*.ron` files; none runs the bundled
    /// default (scenarios/opssat-2021-04.ron).
    #[arg(value_name = "FILE|DIR")]
    pub files: Vec<PathBuf>,
    /// Output directory (one subdirectory per scenario).
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
    /// Worker threads (default: all cores). Outputs do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// No progress bars.
    #[arg(long, short)]
    pub quiet: bool,
    /// Stop every scenario after this many simulated seconds (a quick look;
    /// runs not reached do not start, a run cut short is reported as
    /// incomplete).
    #[arg(long, value_name = "SECONDS")]
    pub max_duration: Option<f64>,
    /// Re-run one member of a sweep alone: the sweep output directory
    /// (needs --member; the sweep file must be unchanged).
    #[arg(
        long,
        value_name = "OUT",
        requires = "member",
        conflicts_with = "files"
    )]
    pub from_sweep: Option<PathBuf>,
    /// The member (job number, as in members.csv) to re-run with
    /// --from-sweep; it writes every output file, as a scenario does.
    #[arg(long, value_name = "JOB", requires = "from_sweep")]
    pub member: Option<u64>,
}

/// Runs `orbitai run`.
pub fn run(args: &RunArgs) -> Result<()> {
    let (mut scenarios, failed) = match (&args.from_sweep, args.member) {
        (Some(dir), Some(job)) => (vec![crate::sweep::member_scenario(dir, job)?], Vec::new()),
        _ => load_all(&expand(&args.files)?),
    };
    if let Some(limit) = args.max_duration {
        if !limit.is_finite() || limit < 0.0 {
            bail!("--max-duration: must be a number of seconds >= 0, got {limit}");
        }
        for s in &mut scenarios {
            s.sim.duration_nanos = s.sim.duration_nanos.min((limit * 1e9) as i64);
        }
    }
    if !failed.is_empty() {
        for failure in &failed {
            eprintln!("{failure}");
        }
        bail!(
            "{} scenario file(s) have problems; nothing was run",
            failed.len()
        );
    }
    let mut names = BTreeSet::new();
    for s in &scenarios {
        if !names.insert(s.sim.name.as_str()) {
            bail!(
                "{}: another scenario is also named {:?}; names must differ (they name the output directories)",
                s.origin,
                s.sim.name
            );
        }
    }
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.threads.unwrap_or(0))
        .build()
        .context("cannot start the worker threads")?;
    let bars = MultiProgress::with_draw_target(if args.quiet || !std::io::stderr().is_terminal() {
        ProgressDrawTarget::hidden()
    } else {
        ProgressDrawTarget::stderr()
    });
    let results: Vec<Result<(SimOutcome, f64)>> = pool.install(|| {
        scenarios
            .par_iter()
            .map(|s| run_one(s, args, &bars))
            .collect()
    });
    let mut errors = 0;
    for (scenario, result) in scenarios.iter().zip(results) {
        match result {
            Ok((outcome, wall)) => print_summary(scenario, &outcome, wall, args),
            Err(error) => {
                errors += 1;
                eprintln!("error: {}: {error:#}", scenario.origin);
            }
        }
    }
    if errors > 0 {
        bail!("{errors} of {} scenario(s) failed", scenarios.len());
    }
    Ok(())
}

/// Runs one scenario and writes its outputs; returns the outcome and wall time.
fn run_one(
    scenario: &LoadedScenario,
    args: &RunArgs,
    bars: &MultiProgress,
) -> Result<(SimOutcome, f64)> {
    let started = Instant::now();
    let keep = if scenario.scenario.outputs.logs {
        Keep::Rows
    } else {
        Keep::ReportsOnly
    };
    let sim = Simulation::new(&scenario.sim, keep)?;
    let bar = bars.add(ProgressBar::new(sim.ticks()));
    bar.set_style(
        ProgressStyle::with_template(
            "{prefix:>20} [{bar:40}] {percent:>3}% {pos}/{len} ticks, ETA {eta}",
        )
        .expect("valid template")
        .progress_chars("=> "),
    );
    bar.set_prefix(scenario.sim.name.clone());
    tracing::info!(scenario = %scenario.sim.name, ticks = sim.ticks(), "running");
    let outcome = sim.run(10_000, &mut |done, _| bar.set_position(done))?;
    bar.finish_and_clear();
    let wall = started.elapsed().as_secs_f64();
    let dir = args.out.join(&scenario.sim.name);
    let facts = RunFacts {
        scenario: scenario.sim.name.clone(),
        seed: scenario.sim.seed,
        run_index: 0,
        wall_time_s: wall,
    };
    write_outcome(&dir, &outcome, &facts).with_context(|| format!("writing {}", dir.display()))?;
    // A sweep member's scenario is JSON (every default filled in).
    let copy = if scenario.text.starts_with('{') {
        "scenario.json"
    } else {
        "scenario.ron"
    };
    write_atomic(&dir.join(copy), scenario.text.as_bytes())?;
    Ok((outcome, wall))
}

fn print_summary(scenario: &LoadedScenario, outcome: &SimOutcome, wall: f64, args: &RunArgs) {
    let mut out = String::new();
    let dir = args.out.join(&scenario.sim.name);
    outln!(
        out,
        "{}: {} ticks in {wall:.2} s ({:.0} ticks/s) -> {}",
        scenario.sim.name,
        outcome.ticks,
        outcome.ticks as f64 / wall.max(1e-9),
        dir.display()
    );
    for experiment in &outcome.experiments {
        let reports = experiment.reports();
        let samples: u32 = reports.iter().map(|r| r.samples).sum();
        outln!(
            out,
            "  experiment {}: {} run(s), {samples} samples",
            experiment.name,
            reports.len()
        );
        let on: u64 = reports
            .iter()
            .map(|r| {
                r.scores
                    .first()
                    .map_or(0, |s| s.progressive.tp + s.progressive.fn_)
            })
            .sum();
        if samples > 0 && (on == 0 || on == u64::from(samples)) {
            let label = if on == 0 { "OFF" } else { "ON" };
            outln!(
                out,
                "  note: every sample was labelled {label}: with this attitude the Sun never crossed the labeler's\n        threshold above the camera face, so balanced accuracies say little. An attitude that\n        crosses it gives both labels, e.g. the one OPS-SAT flew, as a recorded attitude\n        (see the comment in scenarios/opssat-2021-04.ron)"
            );
        }
        let models = experiment.models.models();
        let progressive = overall_progressive(experiment);
        outln!(
            out,
            "    {:<6} {:>4}  {:>13}  {:>13}",
            "model",
            "dim",
            "grid bal.acc",
            "progr. bal.acc"
        );
        for (model, p) in models.iter().zip(&progressive) {
            let grid = orbitai_learn::metrics::grid_evaluation(model).balanced_accuracy();
            outln!(
                out,
                "    {:<6} {:>4}  {:>13}  {:>13}",
                model.algorithm.name(),
                model.space.name(),
                fmt_ratio(grid),
                fmt_ratio(p.balanced_accuracy())
            );
        }
    }
    crate::stdout::print(&out);
}

/// A ratio with three decimals, or `-` when undefined.
fn fmt_ratio(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "-".into()
    }
}
