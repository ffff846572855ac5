//! Submitting the plan with `sbatch` and recording the job ids.

use std::path::Path;
use std::process::Command;

use serde::{Deserialize, Serialize};

use super::SlurmPlan;
use crate::error::{Context, Result, SweepError};
use orbitai_sim::atomic_file::write_atomic;

/// `OUT/slurm/jobs.json`: what was submitted.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Jobs {
    /// The job array's id.
    pub array_job: String,
    /// The merge job's id (it waits for the array: `afterok`).
    pub merge_job: String,
    /// Array tasks (shards).
    pub shards: u64,
    /// Members of the sweep.
    pub jobs: u64,
    /// Later submissions of failed shards: (array job id, shards, merge job id).
    #[serde(default)]
    pub resubmitted: Vec<(String, Vec<u64>, String)>,
}

impl Jobs {
    /// Reads `OUT/slurm/jobs.json`, if there is one.
    pub fn read(out: &Path) -> Result<Option<Jobs>> {
        let path = out.join("slurm").join("jobs.json");
        let Ok(text) = std::fs::read_to_string(&path) else {
            return Ok(None);
        };
        serde_json::from_str(&text)
            .map(Some)
            .map_err(|e| SweepError::Slurm(format!("{}: {e}", path.display())))
    }

    /// Writes `OUT/slurm/jobs.json`.
    pub fn write(&self, out: &Path) -> Result<()> {
        let path = out.join("slurm").join("jobs.json");
        let mut text = serde_json::to_string_pretty(self).expect("JSON of plain values");
        text.push('\n');
        write_atomic(&path, text.as_bytes()).context_with(|| format!("writing {}", path.display()))
    }

    /// The array jobs submitted so far, newest first, with their shards
    /// (`None`: every shard).
    pub fn arrays(&self) -> Vec<(&str, Option<&[u64]>)> {
        let mut all: Vec<(&str, Option<&[u64]>)> = self
            .resubmitted
            .iter()
            .rev()
            .map(|(id, shards, _)| (id.as_str(), Some(shards.as_slice())))
            .collect();
        all.push((&self.array_job, None));
        all
    }
}

/// `sbatch --parsable ARGS`: the job id.
pub(crate) fn sbatch(args: &[&str]) -> Result<String> {
    let output = Command::new("sbatch")
        .arg("--parsable")
        .args(args)
        .output()
        .map_err(|e| {
            SweepError::Slurm(format!("cannot run sbatch: {e} (is Slurm installed here?)"))
        })?;
    if !output.status.success() {
        return Err(SweepError::Slurm(format!(
            "sbatch {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let text = String::from_utf8_lossy(&output.stdout);
    // `--parsable` prints `ID` or `ID;CLUSTER`.
    let id = text.trim().split(';').next().unwrap_or("").to_owned();
    if id.is_empty() {
        return Err(SweepError::Slurm(format!(
            "sbatch {} printed no job id",
            args.join(" ")
        )));
    }
    Ok(id)
}

/// Submits the array (held, with `hold`: release it with `scontrol
/// release ID`) and the merge job after it; records both in
/// `OUT/slurm/jobs.json`.
pub fn submit(plan: &SlurmPlan, hold: bool) -> Result<Jobs> {
    let script = plan.array_script.display().to_string();
    let mut args = Vec::new();
    if hold {
        args.push("--hold");
    }
    args.push(script.as_str());
    let array_job = sbatch(&args)?;
    let dependency = format!("--dependency=afterok:{array_job}");
    let merge_script = plan.merge_script.display().to_string();
    let merge_job = sbatch(&[dependency.as_str(), merge_script.as_str()])?;
    let jobs = Jobs {
        array_job,
        merge_job,
        shards: plan.shards,
        jobs: plan.jobs,
        resubmitted: Vec::new(),
    };
    jobs.write(&plan.out)?;
    Ok(jobs)
}
