//! `orbitai`: the command-line front end of orbitai-sim.
//!
//! Each subcommand lives in its own module; this file only parses the command
//! line and turns an error into one line on stderr and a non-zero exit.

mod propagate;
mod replay;
mod run;

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
    /// Run the bundled default job (for now: a one-day propagation of the
    /// bundled OPS-SAT TLE, written to out/).
    Run(run::RunArgs),
    /// Propagate a TLE with SGP4 and write position, velocity, Sun direction
    /// and illumination as CSV (TEME frame, km, km/s).
    Propagate(propagate::PropagateArgs),
    /// Replay OPS-SAT flight files (training logs and/or telemetry) through the
    /// OrbitAI model set and write the models and their metrics.
    Replay(replay::ReplayArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Run(args) => run::run(&args),
        Command::Propagate(args) => propagate::run(&args),
        Command::Replay(args) => replay::run(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line: the chain of contexts, outermost first.
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}
