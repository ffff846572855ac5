//! `orbitai sweep` and `orbitai merge`: arguments and printing over
//! `orbitai::sweep`.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use orbitai::sweep::{self, RunOptions, Shard, Sweep, SweepError};

use crate::progress::Bars;

/// Arguments of `orbitai sweep`.
#[derive(Debug, Args)]
pub struct SweepArgs {
    /// The sweep file.
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
    /// Output directory (default: `out/<sweep name>`).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Worker threads (default: all cores). Results do not depend on it.
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,
    /// Continue an interrupted sweep in OUT: members already committed are
    /// skipped; the results equal those of an uninterrupted run.
    #[arg(long)]
    pub resume: bool,
    /// Run only members `job ≡ K (mod N)`; combine shards with
    /// `orbitai merge`.
    #[arg(long, value_name = "K/N")]
    pub shard: Option<Shard>,
    /// No progress bar.
    #[arg(long, short)]
    pub quiet: bool,
    /// Run even when the estimated cost (ticks, memory, disk) is over this
    /// machine's budget (10⁹ members, a grid whose product explodes).
    #[arg(long)]
    pub force: bool,
    /// Slurm: write a job array (one shard per task) and a merge job
    /// instead of running here (see `orbitai sweep-status`).
    #[command(flatten)]
    pub slurm: crate::slurm::SlurmArgs,
}

/// Arguments of `orbitai merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output directories of `orbitai sweep` (shards of one sweep).
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where the merged results go.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Merge even though members are missing (their shards failed or are
    /// still running): the tables cover the members there are.
    #[arg(long)]
    pub partial: bool,
}

/// Runs `orbitai sweep`.
pub fn run(args: &SweepArgs, cancel: Option<&orbitai::CancelToken>) -> Result<()> {
    let sweep = load(&args.file)?;
    if args.slurm.slurm {
        let out = args.out.clone().unwrap_or_else(|| sweep.default_out());
        return crate::slurm::plan(&args.file, &sweep, &out, &args.slurm);
    }
    let bars = Bars::new(args.quiet);
    let outcome = sweep.run(&RunOptions {
        out: args.out.as_deref(),
        threads: args.threads,
        resume: args.resume,
        shard: args.shard,
        progress: &bars,
        cancel,
        force: args.force,
    })?;
    crate::stdout::print(&outcome.to_string());
    Ok(())
}

/// Runs `orbitai merge`.
pub fn merge(args: &MergeArgs) -> Result<()> {
    let outcome = sweep::merge(&args.dirs, &args.out, args.partial)?;
    for note in &outcome.notes {
        eprintln!("{note}");
    }
    eprintln!(
        "merged {} director(ies): {} member result(s) copied",
        outcome.inputs, outcome.copied
    );
    crate::stdout::print(&outcome.sweep.to_string());
    Ok(())
}

/// Loads a sweep file; its problems, every one located, go to stderr.
pub fn load(file: &std::path::Path) -> Result<Sweep> {
    Sweep::load(file).map_err(|error| {
        if let SweepError::Problems { report, .. } = &error {
            eprintln!("{report}");
        }
        error.into()
    })
}
