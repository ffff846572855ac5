//! `orbitai check`: validates scenario files without running them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

/// Arguments of `orbitai check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario or sweep files, or directories of `*.ron` files.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `orbitai check`: every problem of every file (scenarios and
/// sweeps), then a verdict.
pub fn run(args: &CheckArgs) -> Result<()> {
    let report = orbitai::check(&args.files)?;
    for sweep in &report.sweeps {
        println!(
            "{}: ok (sweep of {}: {} cell(s) × {} members = {} simulations)",
            sweep.origin,
            sweep.base.origin,
            sweep.cells(),
            sweep.sweep.members,
            sweep.jobs()
        );
    }
    for scenario in &report.scenarios {
        let s = &scenario.sim;
        let ticks = s.duration_nanos / s.step_nanos + 1;
        println!(
            "{}: ok ({ticks} ticks, {} spacecraft, {} experiment(s))",
            scenario.origin,
            s.spacecraft.len(),
            s.experiments.len()
        );
        for note in &scenario.notes {
            println!("  {note}");
        }
    }
    for failure in &report.failed {
        eprintln!("{failure}");
    }
    if !report.ok() {
        bail!(
            "{} of {} file(s) have problems ({} in all)",
            report.failed.len(),
            report.files,
            report.problem_count()
        );
    }
    Ok(())
}
