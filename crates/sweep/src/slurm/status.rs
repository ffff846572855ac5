//! Where a sweep on Slurm stands: members done per shard, the array tasks
//! that failed, and their resubmission.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::Command;

use super::shard_dir;
use super::submit::{Jobs, sbatch};
use crate::error::{Result, SweepError};
use crate::part::part_path;

/// What one shard's array task is doing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ShardState {
    /// Every member is committed.
    Done,
    /// Queued or running (Slurm's state: `PENDING`, `RUNNING`, …).
    Queued(String),
    /// Ended without all its members: Slurm's state (`CANCELLED`,
    /// `FAILED`, `TIMEOUT`, …) or why it is taken as failed.
    Failed(String),
}

/// One shard.
#[derive(Debug, Clone, PartialEq)]
pub struct ShardStatus {
    /// K of K/N.
    pub index: u64,
    /// Members it holds.
    pub expected: u64,
    /// Members committed.
    pub done: u64,
    /// Its task's state.
    pub state: ShardState,
}

/// Where the sweep in `out` stands.
#[derive(Debug, Clone)]
pub struct SweepStatus {
    /// The output directory.
    pub out: PathBuf,
    /// What was submitted.
    pub jobs: Jobs,
    /// Per shard.
    pub shards: Vec<ShardStatus>,
    /// Where the task states come from (`sacct`, or `squeue` and the
    /// shard outputs when accounting is off).
    pub source: &'static str,
    /// Whether the merged results are there (`OUT/members.csv`).
    pub merged: bool,
}

impl SweepStatus {
    /// The shards whose task failed.
    pub fn failed(&self) -> Vec<u64> {
        let failed = self
            .shards
            .iter()
            .filter(|s| matches!(s.state, ShardState::Failed(_)));
        failed.map(|s| s.index).collect()
    }

    /// The shell command that resubmits only the failed shards and a new
    /// merge after them (`None` when none failed).
    pub fn resubmit_command(&self) -> Option<String> {
        let failed = self.failed();
        if failed.is_empty() {
            return None;
        }
        let list: Vec<String> = failed.iter().map(u64::to_string).collect();
        let slurm = self.out.join("slurm");
        let word = |p: PathBuf| super::shell_word(&p.display().to_string());
        Some(format!(
            "scancel {} 2>/dev/null; jid=$(sbatch --parsable --array={} {}) && sbatch --dependency=afterok:\"$jid\" {}",
            self.latest_merge(),
            list.join(","),
            word(slurm.join("sweep.sbatch")),
            word(slurm.join("merge.sbatch")),
        ))
    }

    fn latest_merge(&self) -> &str {
        self.jobs
            .resubmitted
            .last()
            .map_or(self.jobs.merge_job.as_str(), |r| r.2.as_str())
    }
}

/// Reads `OUT/slurm/jobs.json`, counts each shard's committed members and
/// asks Slurm for the tasks' states.
pub fn status(out: &Path) -> Result<SweepStatus> {
    let jobs = Jobs::read(out)?.ok_or_else(|| {
        SweepError::Slurm(format!(
            "{}: no slurm/jobs.json (submit the sweep with `orbitai sweep FILE --slurm --submit --out {}`)",
            out.display(),
            out.display()
        ))
    })?;
    let arrays = jobs.arrays();
    let ids: Vec<&str> = arrays.iter().map(|(id, _)| *id).collect();
    let accounted = sacct(&ids);
    let queued = squeue(&ids);
    let source = if accounted.is_some() {
        "sacct"
    } else {
        "squeue and the shard outputs"
    };
    let mut shards = Vec::new();
    for k in 0..jobs.shards {
        let members: Vec<u64> = (k..jobs.jobs).step_by(jobs.shards as usize).collect();
        let dir = shard_dir(out, k);
        let done = members
            .iter()
            .filter(|&&j| part_path(&dir, j).exists())
            .count() as u64;
        let expected = members.len() as u64;
        // The newest submission that covers this shard decides.
        let task = arrays
            .iter()
            .find(|(_, only)| only.is_none_or(|s| s.contains(&k)))
            .map(|(id, _)| format!("{id}_{k}"))
            .unwrap_or_default();
        let state = if done == expected {
            ShardState::Done
        } else if let Some(state) = queued.get(&task) {
            ShardState::Queued(state.clone())
        } else if let Some(state) = accounted.as_ref().and_then(|a| a.get(&task)) {
            match state.as_str() {
                "PENDING" | "RUNNING" | "REQUEUED" | "SUSPENDED" => {
                    ShardState::Queued(state.clone())
                }
                other => ShardState::Failed(other.to_owned()),
            }
        } else {
            ShardState::Failed("not queued, members missing".into())
        };
        shards.push(ShardStatus {
            index: k,
            expected,
            done,
            state,
        });
    }
    Ok(SweepStatus {
        out: out.to_path_buf(),
        jobs,
        shards,
        source,
        merged: out.join("members.csv").is_file(),
    })
}

/// Resubmits the failed shards of `status` and a new merge job after
/// them (the old merge, which can no longer run, is cancelled); records
/// it in `jobs.json`.
pub fn resubmit(status: &SweepStatus) -> Result<Option<Jobs>> {
    let failed = status.failed();
    if failed.is_empty() {
        return Ok(None);
    }
    let _ = Command::new("scancel").arg(status.latest_merge()).output();
    let slurm = status.out.join("slurm");
    let list: Vec<String> = failed.iter().map(u64::to_string).collect();
    let array = format!("--array={}", list.join(","));
    let script = slurm.join("sweep.sbatch").display().to_string();
    let array_job = sbatch(&[array.as_str(), script.as_str()])?;
    let dependency = format!("--dependency=afterok:{array_job}");
    let merge = slurm.join("merge.sbatch").display().to_string();
    let merge_job = sbatch(&[dependency.as_str(), merge.as_str()])?;
    let mut jobs = status.jobs.clone();
    jobs.resubmitted.push((array_job, failed, merge_job));
    jobs.write(&status.out)?;
    Ok(Some(jobs))
}

/// `sacct`'s state of every task of `ids` (`ID_K` → `COMPLETED`), or
/// `None` when accounting is off or sacct is missing.
fn sacct(ids: &[&str]) -> Option<BTreeMap<String, String>> {
    let output = Command::new("sacct")
        .args([
            "-n",
            "-P",
            "-X",
            "--format=JobID,State",
            "-j",
            &ids.join(","),
        ])
        .output()
        .ok()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || stdout.contains("accounting storage is disabled") {
        return None;
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("accounting storage is disabled") {
        return None;
    }
    Some(parse_task_lines(&stdout, '|'))
}

/// `squeue`'s state of every queued task of `ids`, one line per task.
fn squeue(ids: &[&str]) -> BTreeMap<String, String> {
    let Ok(output) = Command::new("squeue")
        .args(["-h", "-r", "-o", "%i|%T", "-j", &ids.join(",")])
        .output()
    else {
        return BTreeMap::new();
    };
    parse_task_lines(&String::from_utf8_lossy(&output.stdout), '|')
}

/// `ID_K|STATE` lines (`CANCELLED by 0` → `CANCELLED`).
fn parse_task_lines(text: &str, separator: char) -> BTreeMap<String, String> {
    text.lines()
        .filter_map(|l| {
            let (id, state) = l.trim().split_once(separator)?;
            let state = state.split_whitespace().next()?.to_owned();
            Some((id.trim().to_owned(), state))
        })
        .collect()
}

impl fmt::Display for SweepStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}: array job {}, merge job {} ({} shards, {} members; task states from {})",
            self.out.display(),
            self.jobs.arrays()[0].0,
            self.latest_merge(),
            self.jobs.shards,
            self.jobs.jobs,
            self.source
        )?;
        writeln!(f, "  shard  done  missing  state")?;
        for s in &self.shards {
            let state = match &s.state {
                ShardState::Done => "done".to_owned(),
                ShardState::Queued(q) => q.to_lowercase(),
                ShardState::Failed(why) => format!("FAILED ({why})"),
            };
            writeln!(
                f,
                "  {:>5}  {:>4}  {:>7}  {state}",
                s.index,
                s.done,
                s.expected - s.done
            )?;
        }
        let done: u64 = self.shards.iter().map(|s| s.done).sum();
        write!(f, "{done} of {} members done", self.jobs.jobs)?;
        if self.merged {
            write!(f, "; merged into {}", self.out.display())?;
        }
        if let Some(command) = self.resubmit_command() {
            write!(
                f,
                "\nresubmit the failed shards {:?} with:\n  orbitai sweep-status {} --resubmit\nor by hand:\n  {command}",
                self.failed(),
                super::shell_word(&self.out.display().to_string())
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn task_lines_parse() {
        let parsed = parse_task_lines("12_0|COMPLETED\n12_1|CANCELLED by 0\n\n", '|');
        assert_eq!(parsed["12_0"], "COMPLETED");
        assert_eq!(parsed["12_1"], "CANCELLED");
        assert_eq!(parsed.len(), 2);
    }
}
