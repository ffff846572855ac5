//! Merging the output directories of shards (or of partial runs) of one
//! sweep into results identical to a single run.

use std::path::{Path, PathBuf};
use std::time::Instant;

use orbitai_scenario::load_sweep;
use orbitai_sim::atomic_file::write_atomic;

use crate::aggregate::Assembled;
use crate::error::{Context, Result, SweepError};
use crate::manifest::{self, Manifest};
use crate::part::part_path;
use crate::run::{SweepOutcome, publish};

/// What a merge did.
#[derive(Debug, Clone)]
pub struct MergeOutcome {
    /// The merged sweep, as a single run would have left it (its `Display`
    /// is the sweep headline).
    pub sweep: SweepOutcome,
    /// Directories merged.
    pub inputs: usize,
    /// Member results copied into the output by this call.
    pub copied: u64,
    /// Remarks for the user (e.g. the trace plot could not be drawn).
    pub notes: Vec<String>,
}

/// Merges the sweep output directories `dirs` (shards of one sweep) into
/// `out`: their member results are copied (refusing any job two inputs
/// disagree on), then the tables, plots and report are built as by a
/// single run. `out` may be one of the inputs, or hold an earlier merge.
/// Members in none of the inputs are refused, naming their shards, unless
/// `partial` (then the tables cover the members there are).
pub fn merge(dirs: &[PathBuf], out: &Path, partial: bool) -> Result<MergeOutcome> {
    let started = Instant::now();
    let mut notes = Vec::new();
    // With `partial`, a shard that never ran (no directory) is left out.
    let (present, absent): (Vec<PathBuf>, Vec<PathBuf>) =
        dirs.iter().cloned().partition(|d| d.exists() || !partial);
    for dir in &absent {
        notes.push(format!("note: {} does not exist: left out", dir.display()));
    }
    let dirs = present.as_slice();
    let mut first: Option<(Manifest, String, String)> = None;
    let mut shard_count = None;
    for dir in dirs {
        let Some(found) = manifest::read(dir)? else {
            return Err(SweepError::NotASweepDirectory(dir.clone()));
        };
        shard_count = shard_count.or(found.0.shard.map(|s| s.count));
        match &first {
            None => first = Some(found),
            Some((m, sweep, base)) => {
                if !m.same_sweep(&found.0) || *sweep != found.1 || *base != found.2 {
                    return Err(SweepError::NotShardsOfOneSweep(format!(
                        "{} holds another sweep than {} (or a changed sweep file): cannot merge them",
                        dir.display(),
                        dirs[0].display()
                    )));
                }
            }
        }
    }
    let (shard_manifest, sweep_text, base_text) = first.ok_or(SweepError::NothingToMerge)?;
    let manifest = Manifest {
        shard: None,
        ..shard_manifest
    };
    if let Some((existing, ..)) = manifest::read(out)?
        && !existing.same_sweep(&manifest)
    {
        return Err(SweepError::OutputTaken {
            dir: out.to_path_buf(),
            what: "another sweep",
        });
    }
    manifest::write(out, &manifest, &sweep_text, &base_text)?;
    let copied = copy_parts(dirs, out, &manifest)?;
    let missing: Vec<u64> = (0..manifest.jobs)
        .filter(|&job| !part_path(out, job).exists())
        .collect();
    if !missing.is_empty() && !partial {
        return Err(SweepError::MembersMissing {
            out: out.to_path_buf(),
            missing: missing.len(),
            total: manifest.jobs,
            which: missing_shards(&missing, shard_count),
        });
    }
    // The trace re-runs a member: only when the sweep file is still there
    // and unchanged.
    let sweep = load_sweep(&manifest.sweep_file)
        .ok()
        .filter(|s| s.text == sweep_text && s.base.text == base_text);
    if sweep.is_none() {
        notes.push(format!(
            "note: {} is missing or changed, so plots/trace.svg is not drawn",
            manifest.sweep_file.display()
        ));
    }
    let assembled: Assembled = publish(out, &manifest, sweep.as_ref())?;
    Ok(MergeOutcome {
        sweep: SweepOutcome {
            out: out.to_path_buf(),
            manifest,
            assembled,
            ran: 0,
            failed: 0,
            already_done: 0,
            wall_s: started.elapsed().as_secs_f64(),
        },
        inputs: dirs.len(),
        copied,
        notes,
    })
}

/// The shards (`shards 2, 3 of 4`) of missing jobs, or the jobs when the
/// inputs are not shards.
fn missing_shards(missing: &[u64], shard_count: Option<u64>) -> String {
    let list = |items: Vec<u64>| {
        let shown: Vec<String> = items.iter().take(10).map(u64::to_string).collect();
        let more = if items.len() > 10 { ", …" } else { "" };
        format!("{}{more}", shown.join(", "))
    };
    match shard_count {
        Some(count) => {
            let mut shards: Vec<u64> = missing.iter().map(|j| j % count).collect();
            shards.sort_unstable();
            shards.dedup();
            format!("shard(s) {} of {count}", list(shards))
        }
        None => format!("job(s) {}", list(missing.to_vec())),
    }
}

/// Copies every job's result that `out` lacks from the first input that
/// has it; returns how many were copied.
fn copy_parts(dirs: &[PathBuf], out: &Path, manifest: &Manifest) -> Result<u64> {
    let mut copied = 0u64;
    for job in 0..manifest.jobs {
        let target = part_path(out, job);
        let mut held: Option<Vec<u8>> = std::fs::read(&target).ok();
        for dir in dirs {
            let source = part_path(dir, job);
            if source == target {
                continue;
            }
            let Ok(bytes) = std::fs::read(&source) else {
                continue;
            };
            match &held {
                Some(existing) if *existing != bytes => {
                    return Err(SweepError::NotShardsOfOneSweep(format!(
                        "job {job} differs between {} and another input: these are not shards of one run",
                        source.display()
                    )));
                }
                Some(_) => {}
                None => {
                    write_atomic(&target, &bytes)
                        .context_with(|| format!("writing {}", target.display()))?;
                    held = Some(bytes);
                    copied += 1;
                }
            }
        }
    }
    Ok(copied)
}
