//! `orbitai check`: validates scenario files without running them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use orbitai_scenario::load_sweep;
use orbitai_scenario::sweep::is_sweep_text;

use crate::scenarios::{expand, load_all};

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
    let files = expand(&args.files)?;
    // Sweep files (`Sweep(…)`) are checked as sweeps, the rest as scenarios.
    let (sweeps, scenarios): (Vec<PathBuf>, Vec<PathBuf>) = files
        .iter()
        .cloned()
        .partition(|f| std::fs::read_to_string(f).is_ok_and(|text| is_sweep_text(&text)));
    let (ok, mut failed) = if scenarios.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        load_all(&scenarios)
    };
    for file in &sweeps {
        match load_sweep(file) {
            Ok(sweep) => println!(
                "{}: ok (sweep of {}: {} cell(s) × {} members = {} simulations)",
                sweep.origin,
                sweep.base.origin,
                sweep.cells(),
                sweep.sweep.members,
                sweep.jobs()
            ),
            Err(e) => failed.push(e),
        }
    }
    for scenario in &ok {
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
    for failure in &failed {
        eprintln!("{failure}");
    }
    if !failed.is_empty() {
        let problems: usize = failed.iter().map(|f| f.problem_count()).sum();
        bail!(
            "{} of {} file(s) have problems ({problems} in all)",
            failed.len(),
            files.len()
        );
    }
    Ok(())
}
