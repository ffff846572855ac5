//! `orbitai sweep` and `orbitai merge`: Monte Carlo sweeps over a base
//! scenario, crash-safe and shardable.
//!
//! Output directory layout:
//!
//! ```text
//! OUT/sweep.json            what this directory holds (sweep, shard)
//! OUT/sweep.ron, base.ron   the sweep and base scenario as run
//! OUT/parts/job-N.json      one member's result, committed as it finishes
//! OUT/members.csv           one row per member and model
//! OUT/timing.csv            wall time per member (not in members.csv, so
//!                           that it is identical whatever the machine)
//! OUT/aggregate.csv, .json  per cell and model: mean, sd, 95% CI, quantiles
//! OUT/plots/*.svg, report.html
//! OUT/members/job-N/        full outputs when `keep` asks for them
//! ```

mod aggregate;
mod execute;
mod manifest;
mod merge;
mod part;
pub mod plots;
mod report;
mod stats;

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};
use clap::Args;
use orbitai_scenario::{LoadedScenario, LoadedSweep, load_sweep};

pub use manifest::Shard;
pub use merge::{MergeArgs, run as merge};

use aggregate::{assemble, write_aggregates};
use manifest::Manifest;
use part::{part_path, parts_dir};

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
}

/// Runs `orbitai sweep`.
pub fn run(args: &SweepArgs) -> Result<()> {
    let started = Instant::now();
    let sweep = load(&args.file)?;
    let out = args
        .out
        .clone()
        .unwrap_or_else(|| Path::new("out").join(&sweep.sweep.name));
    let manifest = Manifest::new(&sweep, args.shard);
    prepare(&out, &sweep, &manifest, args.resume)?;
    let all = manifest.jobs();
    let todo: Vec<u64> = all
        .iter()
        .copied()
        .filter(|&job| !part_path(&out, job).exists())
        .collect();
    if todo.len() < all.len() {
        eprintln!(
            "resuming: {} of {} members already done",
            all.len() - todo.len(),
            all.len()
        );
    }
    let failed = execute::run_jobs(&sweep, &todo, &out, args.threads.unwrap_or(0), args.quiet)?;
    let assembled = publish(&out, &manifest, Some(&sweep))?;
    let wall = started.elapsed().as_secs_f64();
    report::print_summary(&out, &manifest, &assembled, todo.len(), failed, wall);
    Ok(())
}

/// Job `job` of the sweep whose results are in `dir`, as a scenario that
/// `orbitai run` can run alone: same draws, seed and run index, so the same
/// results as in the sweep. Needs the sweep file, unchanged since.
pub fn member_scenario(dir: &Path, job: u64) -> Result<LoadedScenario> {
    let Some((manifest, sweep_text, base_text)) = manifest::read(dir)? else {
        bail!(
            "{}: not a sweep output directory (no sweep.json)",
            dir.display()
        );
    };
    if job >= manifest.jobs {
        bail!("--member {job}: the sweep has jobs 0..{}", manifest.jobs);
    }
    let sweep = load(&manifest.sweep_file)?;
    if sweep.text != sweep_text || sweep.base.text != base_text {
        bail!(
            "{} (or its base scenario) changed since {} was run: cannot re-run its members",
            manifest.sweep_file.display(),
            dir.display()
        );
    }
    let member = sweep.member(job);
    let sim = member
        .config
        .map_err(|e| anyhow::anyhow!("member {job} cannot run: {e}"))?;
    let scenario = serde_json::from_value(member.scenario.clone())
        .map_err(|e| anyhow::anyhow!("member {job}: {e}"))?;
    let mut text = serde_json::to_string_pretty(&member.scenario).expect("plain values");
    text.push('\n');
    Ok(LoadedScenario {
        origin: format!("{} member {job}", dir.display()),
        text,
        scenario,
        sim,
        notes: Vec::new(),
    })
}

/// Builds every table, plot and the report of `out` from its parts (the
/// jobs of `manifest`); `sweep`, when available, draws the trace.
fn publish(
    out: &Path,
    manifest: &Manifest,
    sweep: Option<&LoadedSweep>,
) -> Result<aggregate::Assembled> {
    let assembled = assemble(out, manifest, &manifest.jobs())?;
    write_aggregates(out, manifest, &assembled)?;
    report::write(out, manifest, &assembled, sweep)?;
    Ok(assembled)
}

/// Loads and checks a sweep file; the error lists every problem.
pub fn load(file: &Path) -> Result<LoadedSweep> {
    match load_sweep(file) {
        Ok(sweep) => Ok(sweep),
        Err(error) => {
            eprintln!("{error}");
            bail!(
                "{}: the sweep has problems; nothing was run",
                file.display()
            )
        }
    }
}

/// Makes `out` ready: a fresh directory gets the manifest; an existing
/// sweep directory is continued only with `--resume` and only if it holds
/// the same sweep and shard.
fn prepare(out: &Path, sweep: &LoadedSweep, manifest: &Manifest, resume: bool) -> Result<()> {
    match manifest::read(out)? {
        Some((existing, sweep_text, base_text)) => {
            if !resume {
                bail!(
                    "{} already holds results of sweep {:?}: pass --resume to finish it, or choose another --out",
                    out.display(),
                    existing.name
                );
            }
            if !existing.same_sweep(manifest)
                || sweep_text != sweep.text
                || base_text != sweep.base.text
            {
                bail!(
                    "{} holds a different sweep (or the sweep or its base scenario changed since): cannot resume it",
                    out.display()
                );
            }
            if existing.shard != manifest.shard {
                bail!(
                    "{} holds shard {:?}, not {:?}",
                    out.display(),
                    existing.shard,
                    manifest.shard
                );
            }
            remove_stale_temporaries(&parts_dir(out));
        }
        None => {
            if out.join("members.csv").exists() {
                bail!("{} holds other files; choose another --out", out.display());
            }
        }
    }
    manifest::write(out, manifest, &sweep.text, &sweep.base.text)
}

/// Temporary part files of a killed run (never renamed to a final name).
fn remove_stale_temporaries(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "tmp") {
            let _ = std::fs::remove_file(path);
        }
    }
}
