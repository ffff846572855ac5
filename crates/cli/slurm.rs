//! `orbitai sweep --slurm` and `orbitai sweep-status`: a sweep as a Slurm
//! job array, over `orbitai::sweep::slurm`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use orbitai::sweep::Sweep;
use orbitai::sweep::slurm::{self, SlurmOptions};

/// The Slurm options of `orbitai sweep`.
#[derive(Debug, Args)]
pub struct SlurmArgs {
    /// Write OUT/slurm/sweep.sbatch (a job array, one shard per task, each
    /// `--resume`able) and OUT/slurm/merge.sbatch (merges into OUT after
    /// the array succeeded) instead of running here.
    #[arg(long)]
    pub slurm: bool,
    /// Array tasks (shards; default: the members, at most 32).
    #[arg(long, value_name = "N", requires = "slurm")]
    pub array_size: Option<u64>,
    /// Slurm partition.
    #[arg(long, value_name = "P", requires = "slurm")]
    pub partition: Option<String>,
    /// Time limit of each task (HH:MM:SS).
    #[arg(long, value_name = "HH:MM:SS", requires = "slurm")]
    pub time: Option<String>,
    /// CPUs (threads) per task (default 1).
    #[arg(long, value_name = "C", requires = "slurm")]
    pub cpus_per_task: Option<u32>,
    /// Also submit: the array with `sbatch`, then the merge job with
    /// `--dependency=afterok`; the ids go to OUT/slurm/jobs.json.
    #[arg(long, requires = "slurm")]
    pub submit: bool,
    /// Submit the array held (release it with `scontrol release ID`).
    #[arg(long, requires = "submit")]
    pub hold: bool,
}

/// Arguments of `orbitai sweep-status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// The output directory of a sweep submitted with `--slurm --submit`.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Resubmit the failed shards, and a new merge job after them.
    #[arg(long)]
    pub resubmit: bool,
}

/// Writes (and with `--submit`, submits) the scripts.
pub fn plan(file: &Path, sweep: &Sweep, out: &Path, args: &SlurmArgs) -> Result<()> {
    let options = SlurmOptions {
        array_size: args.array_size,
        partition: args.partition.clone(),
        time: args.time.clone(),
        cpus_per_task: args.cpus_per_task,
        orbitai: std::env::current_exe().context("finding the orbitai executable")?,
    };
    let plan = slurm::write_plan(file, sweep, out, &options)?;
    println!(
        "wrote {} ({} array tasks for {} members) and {}",
        plan.array_script.display(),
        plan.shards,
        plan.jobs,
        plan.merge_script.display()
    );
    if args.submit {
        let jobs = slurm::submit(&plan, args.hold)?;
        println!(
            "submitted array job {} and merge job {} (after it); ids in {}",
            jobs.array_job,
            jobs.merge_job,
            plan.dir.join("jobs.json").display()
        );
        if args.hold {
            println!(
                "held: release it with `scontrol release {}`",
                jobs.array_job
            );
        }
    } else {
        println!(
            "submit with: jid=$(sbatch --parsable {}) && sbatch --dependency=afterok:\"$jid\" {}",
            plan.array_script.display(),
            plan.merge_script.display()
        );
    }
    Ok(())
}

/// Runs `orbitai sweep-status`.
pub fn status(args: &StatusArgs) -> Result<()> {
    let status = slurm::status(&args.dir)?;
    crate::stdout::print(&format!("{status}\n"));
    if args.resubmit {
        match slurm::resubmit(&status)? {
            Some(jobs) => {
                let (array, shards, merge) = jobs.resubmitted.last().expect("just recorded");
                println!(
                    "resubmitted shards {shards:?} as array job {array}; merge job {merge} after it"
                );
            }
            None => println!("no failed shard to resubmit"),
        }
    }
    Ok(())
}
