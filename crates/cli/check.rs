//! `orbitai check`: validates scenario files without running them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;
use orbitai::Cost;

/// Arguments of `orbitai check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario or sweep files, or directories of `*.ron` files.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub files: Vec<PathBuf>,
    /// Accept files whose estimated cost is over this machine's budget
    /// (they are reported, not refused).
    #[arg(long)]
    pub force: bool,
}

/// Runs `orbitai check`: every problem of every file (scenarios and
/// sweeps), then a verdict.
pub fn run(args: &CheckArgs) -> Result<()> {
    let report = orbitai::check(&args.files)?;
    let mut over = Vec::new();
    for sweep in &report.sweeps {
        println!(
            "{}: ok (sweep of {}: {} cell(s) × {} members = {} simulations)",
            sweep.origin,
            sweep.base.origin,
            sweep.cells(),
            sweep.sweep.members,
            sweep.jobs()
        );
        println!("  estimated: {}", Cost::of_sweep(sweep));
        let out = std::path::Path::new("out").join(&sweep.sweep.name);
        let budget = orbitai::Budget::for_machine(Some(&out));
        if let Err(error) = orbitai::budget::check_sweep(sweep, 1.0, &budget) {
            over.push(error);
        }
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
        println!("  estimated: {}", Cost::of_scenario(scenario));
        for note in &scenario.notes {
            println!("  {note}");
        }
        let budget = orbitai::Budget::for_machine(Some(std::path::Path::new("out")));
        let one = std::slice::from_ref(scenario);
        if let Err(error) = orbitai::budget::check_scenarios(one, &budget) {
            over.push(error);
        }
    }
    for error in &over {
        eprintln!("{}{error}", if args.force { "warning: " } else { "" });
    }
    for failure in &report.failed {
        eprintln!("{failure}");
    }
    if !over.is_empty() && !args.force {
        bail!(
            "{} file(s) would be refused as too costly (--force to accept them)",
            over.len()
        );
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
