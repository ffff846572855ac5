//! `orbitai check`: validates scenario files without running them.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::scenarios::{expand, load_all};

/// Arguments of `orbitai check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Scenario files, or directories of `*.ron` files.
    #[arg(value_name = "FILE|DIR", required = true)]
    pub files: Vec<PathBuf>,
}

/// Runs `orbitai check`: every problem of every file, then a verdict.
pub fn run(args: &CheckArgs) -> Result<()> {
    let files = expand(&args.files)?;
    let (ok, failed) = load_all(&files);
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
