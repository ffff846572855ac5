//! `orbitai merge`: combines the output directories of shards (or of
//! partial runs) of one sweep into results identical to a single run.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, Result, bail};
use clap::Args;
use orbitai_scenario::load_sweep;
use orbitai_sim::atomic_file::write_atomic;

use super::manifest::{self, Manifest};
use super::part::part_path;
use super::report;

/// Arguments of `orbitai merge`.
#[derive(Debug, Args)]
pub struct MergeArgs {
    /// Output directories of `orbitai sweep` (shards of one sweep).
    #[arg(value_name = "DIR", required = true)]
    pub dirs: Vec<PathBuf>,
    /// Where the merged results go.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Runs `orbitai merge`.
pub fn run(args: &MergeArgs) -> Result<()> {
    let started = Instant::now();
    let mut first: Option<(Manifest, String, String)> = None;
    for dir in &args.dirs {
        let Some(found) = manifest::read(dir)? else {
            bail!(
                "{}: not a sweep output directory (no sweep.json)",
                dir.display()
            );
        };
        match &first {
            None => first = Some(found),
            Some((m, sweep, base)) => {
                if !m.same_sweep(&found.0) || *sweep != found.1 || *base != found.2 {
                    bail!(
                        "{} holds another sweep than {} (or a changed sweep file): cannot merge them",
                        dir.display(),
                        args.dirs[0].display()
                    );
                }
            }
        }
    }
    let (shard_manifest, sweep_text, base_text) = first.context("no directory to merge")?;
    let manifest = Manifest {
        shard: None,
        ..shard_manifest
    };
    if let Some((existing, ..)) = manifest::read(&args.out)?
        && !existing.same_sweep(&manifest)
    {
        bail!(
            "{} holds another sweep; choose another --out",
            args.out.display()
        );
    }
    manifest::write(&args.out, &manifest, &sweep_text, &base_text)?;

    let mut copied = 0u64;
    for job in 0..manifest.jobs {
        let target = part_path(&args.out, job);
        let mut held: Option<Vec<u8>> = std::fs::read(&target).ok();
        for dir in &args.dirs {
            let source = part_path(dir, job);
            if source == target {
                continue;
            }
            let Ok(bytes) = std::fs::read(&source) else {
                continue;
            };
            match &held {
                Some(existing) if *existing != bytes => bail!(
                    "job {job} differs between {} and another input: these are not shards of one run",
                    source.display()
                ),
                Some(_) => {}
                None => {
                    write_atomic(&target, &bytes)
                        .with_context(|| format!("writing {}", target.display()))?;
                    held = Some(bytes);
                    copied += 1;
                }
            }
        }
    }
    // The trace re-runs a member: only when the sweep file is still there
    // and unchanged.
    let sweep = load_sweep(&manifest.sweep_file)
        .ok()
        .filter(|s| s.text == sweep_text && s.base.text == base_text);
    if sweep.is_none() {
        eprintln!(
            "note: {} is missing or changed, so plots/trace.svg is not drawn",
            manifest.sweep_file.display()
        );
    }
    let assembled = super::publish(&args.out, &manifest, sweep.as_ref())?;
    eprintln!(
        "merged {} director(ies): {copied} member result(s) copied",
        args.dirs.len()
    );
    report::print_summary(
        &args.out,
        &manifest,
        &assembled,
        0,
        0,
        started.elapsed().as_secs_f64(),
    );
    Ok(())
}
