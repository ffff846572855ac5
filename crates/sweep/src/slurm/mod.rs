//! Sweeps on a Slurm cluster: a job array of shards and a merge job that
//! waits for it.
//!
//! `OUT/slurm/sweep.sbatch` runs one shard per array task
//! (`orbitai sweep FILE --shard $SLURM_ARRAY_TASK_ID/N --resume --out
//! OUT/shards/shard-K`, threads from `SLURM_CPUS_PER_TASK`), so a task
//! that is resubmitted continues where it stopped. `OUT/slurm/merge.sbatch`
//! merges the shards into `OUT` and is submitted with
//! `--dependency=afterok` on the array. [`submit`] calls `sbatch` and
//! records the job ids in `OUT/slurm/jobs.json`; [`status`] tells, per
//! shard, the members done and missing, the array tasks that failed (from
//! `sacct` where accounting is on, else from the shard outputs and
//! `squeue`), and the command that resubmits only those.

mod status;
mod submit;

use std::path::{Path, PathBuf};

use orbitai_sim::atomic_file::write_atomic;

use crate::error::{Context, Result, SweepError};
use crate::run::Sweep;

pub use status::{ShardState, ShardStatus, SweepStatus, resubmit, status};
pub use submit::{Jobs, submit};

/// How the job array is laid out and what it asks of the cluster.
#[derive(Debug, Clone, Default)]
pub struct SlurmOptions {
    /// Array tasks, one shard each (`None`: the members, at most 32).
    pub array_size: Option<u64>,
    /// `--partition`.
    pub partition: Option<String>,
    /// `--time` limit of each task, `HH:MM:SS` (or any Slurm time).
    pub time: Option<String>,
    /// `--cpus-per-task` (each task runs that many threads; default 1).
    pub cpus_per_task: Option<u32>,
    /// The `orbitai` executable the jobs run (an absolute path the compute
    /// nodes can reach).
    pub orbitai: PathBuf,
}

/// The scripts written for a sweep.
#[derive(Debug, Clone, PartialEq)]
pub struct SlurmPlan {
    /// The sweep's output directory (merged results go here).
    pub out: PathBuf,
    /// `OUT/slurm`.
    pub dir: PathBuf,
    /// `OUT/slurm/sweep.sbatch`: the job array.
    pub array_script: PathBuf,
    /// `OUT/slurm/merge.sbatch`: the merge job.
    pub merge_script: PathBuf,
    /// Array tasks (shards).
    pub shards: u64,
    /// Members of the sweep.
    pub jobs: u64,
}

/// Most array tasks chosen by default.
const DEFAULT_MAX_TASKS: u64 = 32;

/// The directory of shard `k` under `out`.
pub fn shard_dir(out: &Path, k: u64) -> PathBuf {
    out.join("shards").join(format!("shard-{k}"))
}

/// Writes `OUT/slurm/sweep.sbatch` and `OUT/slurm/merge.sbatch` for the
/// sweep loaded from `file`, its outputs under `out`.
pub fn write_plan(
    file: &Path,
    sweep: &Sweep,
    out: &Path,
    options: &SlurmOptions,
) -> Result<SlurmPlan> {
    let jobs = sweep.loaded.jobs();
    let shards = options
        .array_size
        .unwrap_or(jobs.min(DEFAULT_MAX_TASKS))
        .max(1);
    if shards > jobs {
        return Err(SweepError::Slurm(format!(
            "--array-size {shards}: the sweep has only {jobs} members (at most one shard each)"
        )));
    }
    if let Some(time) = &options.time
        && !time
            .chars()
            .all(|c| c.is_ascii_digit() || c == ':' || c == '-')
    {
        return Err(SweepError::Slurm(format!(
            "--time {time:?}: expected a Slurm time such as 01:30:00 or 1-00:00:00"
        )));
    }
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (file, out) = (absolute(file), absolute(out));
    let dir = out.join("slurm");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs).context_with(|| format!("creating {}", logs.display()))?;
    let name = &sweep.loaded.sweep.name;
    let mut common = String::new();
    if let Some(p) = &options.partition {
        common.push_str(&format!("#SBATCH --partition={}\n", shell_word(p)));
    }
    if let Some(t) = &options.time {
        common.push_str(&format!("#SBATCH --time={t}\n"));
    }
    let cpus = options.cpus_per_task.unwrap_or(1).max(1);
    let orbitai = shell_word(&options.orbitai.display().to_string());
    let array = format!(
        "#!/bin/bash\n\
         # orbitai sweep {name}: one shard of {jobs} members per array task.\n\
         # Written by `orbitai sweep --slurm`; submit with `sbatch` (or use --submit).\n\
         #SBATCH --job-name=orbitai-{name}\n\
         #SBATCH --array=0-{last}\n\
         #SBATCH --cpus-per-task={cpus}\n\
         #SBATCH --output={logs}/shard-%a.out\n\
         {common}\
         set -euo pipefail\n\
         k=\"$SLURM_ARRAY_TASK_ID\"\n\
         exec {orbitai} sweep {file} --quiet --shard \"$k/{shards}\" --resume \\\n    \
         --threads \"${{SLURM_CPUS_PER_TASK:-1}}\" --out {shards_dir}/shard-\"$k\"\n",
        last = shards - 1,
        logs = shell_word(&logs.display().to_string()),
        file = shell_word(&file.display().to_string()),
        shards_dir = shell_word(&out.join("shards").display().to_string()),
    );
    let inputs: Vec<String> = (0..shards)
        .map(|k| shell_word(&shard_dir(&out, k).display().to_string()))
        .collect();
    let merge = format!(
        "#!/bin/bash\n\
         # orbitai sweep {name}: merges the {shards} shards into {out_text} once they all succeeded.\n\
         #SBATCH --job-name=orbitai-{name}-merge\n\
         #SBATCH --output={logs}/merge.out\n\
         {common}\
         set -euo pipefail\n\
         exec {orbitai} merge \\\n    {inputs} \\\n    --out {out_word}\n",
        out_text = out.display(),
        logs = shell_word(&logs.display().to_string()),
        inputs = inputs.join(" \\\n    "),
        out_word = shell_word(&out.display().to_string()),
    );
    let array_script = dir.join("sweep.sbatch");
    let merge_script = dir.join("merge.sbatch");
    write_atomic(&array_script, array.as_bytes())
        .context_with(|| format!("writing {}", array_script.display()))?;
    write_atomic(&merge_script, merge.as_bytes())
        .context_with(|| format!("writing {}", merge_script.display()))?;
    Ok(SlurmPlan {
        out,
        dir,
        array_script,
        merge_script,
        shards,
        jobs,
    })
}

/// `text` as one shell word (quoted when it holds anything but safe
/// characters).
pub(crate) fn shell_word(text: &str) -> String {
    let safe = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/._-+=:,@%".contains(c));
    if safe {
        text.to_owned()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shell_words() {
        assert_eq!(shell_word("/a/b-c.ron"), "/a/b-c.ron");
        assert_eq!(shell_word("/a b/c"), "'/a b/c'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
        assert_eq!(shell_word(""), "''");
    }
}
