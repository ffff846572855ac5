//! `orbitai run`: arguments and printing over `orbitai::run_scenarios`.

use std::path::PathBuf;

use anyhow::{Result, bail};
use clap::Args;

use crate::progress::Bars;

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
    /// Run even when the estimated cost (ticks, memory, disk) is over this
    /// machine's budget (a decade at 1 ms, a recording that fills the disk).
    #[arg(long)]
    pub force: bool,
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
pub fn run(args: &RunArgs, cancel: Option<&orbitai::CancelToken>) -> Result<()> {
    let (scenarios, failed) = match (&args.from_sweep, args.member) {
        (Some(dir), Some(job)) => (vec![orbitai::sweep::member_scenario(dir, job)?], Vec::new()),
        _ => orbitai::load_all(&orbitai::expand(&args.files)?),
    };
    if let Some(limit) = args.max_duration
        && (!limit.is_finite() || limit < 0.0)
    {
        bail!("--max-duration: must be a number of seconds >= 0, got {limit}");
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
    let origins: Vec<String> = scenarios.iter().map(|s| s.origin.clone()).collect();
    let bars = Bars::new(args.quiet);
    let options = orbitai::RunOptions {
        out: Some(&args.out),
        threads: args.threads,
        max_duration_s: args.max_duration,
        progress: &bars,
        cancel,
        force: args.force,
    };
    let results = orbitai::run_scenarios(scenarios, &options)?;
    let mut errors = 0;
    for (origin, result) in origins.iter().zip(results) {
        match result {
            Ok(outcome) => crate::stdout::print(&outcome.to_string()),
            Err(error) => {
                errors += 1;
                eprintln!("error: {origin}: {:#}", anyhow::Error::from(error));
            }
        }
    }
    if cancel.is_some_and(orbitai::CancelToken::is_cancelled) {
        bail!(
            "interrupted: {} of {} scenario(s) finished and were written; the others wrote nothing",
            origins.len() - errors,
            origins.len()
        );
    }
    if errors > 0 {
        bail!("{errors} of {} scenario(s) failed", origins.len());
    }
    Ok(())
}
