//! `orbitai`: the command-line front end of orbitai-sim.
//!
//! Argument parsing, progress bars, logging and printing over the `orbitai`
//! library, where all the work is done. Each subcommand lives in its own
//! module; this file only parses the command line and turns an error into
//! one line on stderr and a non-zero exit.

mod check;
mod hindcast;
mod interrupt;
mod progress;
mod propagate;
mod regress;
mod replay;
mod run;
mod slurm;
mod stdout;
mod sweep;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// orbitai-sim: simulate on-board learning experiments on spacecraft, such as
/// ESA OPS-SAT's OrbitAI.
#[derive(Debug, Parser)]
#[command(name = "orbitai", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run scenario files (in parallel), or the bundled default scenario,
    /// and write telemetry, training logs, models and metrics.
    Run(run::RunArgs),
    /// Check scenario files without running them: every problem, with file,
    /// line, column and field.
    Check(check::CheckArgs),
    /// Propagate a TLE with SGP4 and write position, velocity, Sun direction
    /// and illumination as CSV (TEME frame, km, km/s).
    Propagate(propagate::PropagateArgs),
    /// Replay OPS-SAT flight files (training logs and/or telemetry) through the
    /// OrbitAI model set and write the models and their metrics.
    Replay(replay::ReplayArgs),
    /// Fly each flight run's recorded attitude with the simulator's sensor
    /// model and compare the simulated photodiodes with the flight's, row by
    /// row: median and p90 |error| per diode, label agreement, OFF counts.
    Hindcast(hindcast::HindcastArgs),
    /// Run a Monte Carlo sweep (dispersions and/or a grid over a base
    /// scenario) in parallel: per-member results, statistics with 95%
    /// confidence intervals, plots; resumable and shardable.
    Sweep(sweep::SweepArgs),
    /// Merge the output directories of shards of one sweep into results
    /// identical to a single run.
    Merge(sweep::MergeArgs),
    /// Where a sweep submitted to Slurm stands: members done and missing
    /// per shard, failed array tasks, and how to resubmit only those.
    SweepStatus(slurm::StatusArgs),
    /// Record regression baselines of scenarios and sweeps: output digests
    /// and headline metrics, a few kB each, to commit.
    Baseline(regress::BaselineArgs),
    /// Re-run what a directory of baselines names and compare: exit 0 if
    /// nothing moved beyond tolerance, 1 on a regression (with a table), 2
    /// if a run failed; JUnit XML for CI.
    Regress(regress::RegressArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // Logs go to stderr; RUST_LOG selects them (default: warnings only).
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    // Only the commands that stop cleanly on the token catch SIGINT and
    // SIGTERM; the others keep the default (the process ends at once).
    let interrupt = match &cli.command {
        Command::Run(_) | Command::Sweep(_) => match interrupt::Interrupt::install() {
            Ok(interrupt) => Some(interrupt),
            Err(error) => {
                eprintln!("error: {error:#}");
                return ExitCode::FAILURE;
            }
        },
        _ => None,
    };
    let token = interrupt.as_ref().map(interrupt::Interrupt::token);
    let result = match cli.command {
        Command::Run(args) => run::run(&args, token),
        Command::Check(args) => check::run(&args),
        Command::Propagate(args) => propagate::run(&args),
        Command::Replay(args) => replay::run(&args),
        Command::Hindcast(args) => hindcast::run(&args),
        Command::Sweep(args) => sweep::run(&args, token),
        Command::Merge(args) => sweep::merge(&args),
        Command::SweepStatus(args) => slurm::status(&args),
        // Their own exit codes (1: a regression; 2: a run failed).
        Command::Baseline(args) => return regress::baseline(&args),
        Command::Regress(args) => return regress::regress(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line: the chain of contexts, outermost first.
            eprintln!("error: {error:#}");
            match interrupt.as_ref().and_then(interrupt::Interrupt::status) {
                Some(status) => ExitCode::from(status),
                None => ExitCode::FAILURE,
            }
        }
    }
}
