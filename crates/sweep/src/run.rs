//! Running a sweep: loading it, making the output directory ready (fresh,
//! or resumed only when it holds the same sweep and shard), running the
//! members still to do, and publishing the tables, plots and report.

use std::path::{Path, PathBuf};
use std::time::Instant;

use orbitai_scenario::{Budget, Cost};
use orbitai_scenario::{LoadedScenario, LoadedSweep, load_sweep, sweep_from_text};
use orbitai_sim::CancelToken;
use orbitai_sim::output_dir::ensure_writable_dir;
use orbitai_sim::progress::{NoProgress, Progress};

use crate::aggregate::{Assembled, assemble, write_aggregates};
use crate::error::{Context, Result, SweepError};
use crate::execute;
use crate::manifest::{self, Manifest, Shard};
use crate::part::{part_path, parts_dir};
use crate::report;

/// A sweep file, loaded and checked: ready to run.
#[derive(Debug, Clone)]
pub struct Sweep {
    /// The sweep, its base scenario and their texts.
    pub loaded: LoadedSweep,
}

/// How to run a sweep.
#[derive(Clone, Copy)]
pub struct RunOptions<'a> {
    /// Output directory (`None`: `out/<sweep name>`, relative to the
    /// working directory).
    pub out: Option<&'a Path>,
    /// Worker threads (`None`: all cores). Results do not depend on it.
    pub threads: Option<usize>,
    /// Continue an interrupted sweep in `out`: members already committed are
    /// skipped; the results equal those of an uninterrupted run.
    pub resume: bool,
    /// Run only the members `job ≡ K (mod N)` (combine shards with
    /// [`merge`](crate::merge)).
    pub shard: Option<Shard>,
    /// Where progress goes (one task counting members, and notes).
    pub progress: &'a dyn Progress,
    /// Raised, stops the sweep: no member starts, running members stop
    /// uncommitted, the members committed stay (continue with `resume`),
    /// and the result is [`SweepError::Cancelled`].
    pub cancel: Option<&'a CancelToken>,
    /// Run even when the estimated cost is over this machine's budget
    /// (10⁹ members, a grid whose product explodes); `false` refuses such
    /// a sweep with [`SweepError::OverBudget`] before anything runs.
    pub force: bool,
}

impl Default for RunOptions<'_> {
    fn default() -> Self {
        RunOptions {
            out: None,
            threads: None,
            resume: false,
            shard: None,
            progress: &NoProgress,
            cancel: None,
            force: false,
        }
    }
}

impl std::fmt::Debug for RunOptions<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RunOptions")
            .field("out", &self.out)
            .field("threads", &self.threads)
            .field("resume", &self.resume)
            .field("shard", &self.shard)
            .field("force", &self.force)
            .finish_non_exhaustive()
    }
}

/// What a sweep run did; its `Display` is the headline the CLI prints.
#[derive(Debug, Clone)]
pub struct SweepOutcome {
    /// The output directory (`members.csv`, `aggregate.csv`, … inside).
    pub out: PathBuf,
    /// What the directory holds (sweep, shard, cells, columns).
    pub manifest: Manifest,
    /// Per cell and model, every member's metrics; the members missing.
    pub assembled: Assembled,
    /// Members simulated by this call.
    pub ran: usize,
    /// Of those, the members that failed (their error is in `members.csv`).
    pub failed: usize,
    /// Members found already done (with `resume`).
    pub already_done: usize,
    /// Wall time of this call, s.
    pub wall_s: f64,
}

impl Sweep {
    /// A sweep from RON text (`origin` names it in messages; the base
    /// scenario's path is taken from `dir`), checked as [`Sweep::load`]
    /// checks a file.
    pub fn from_text(text: &str, origin: &str, dir: &Path) -> Result<Sweep> {
        sweep_from_text(text, origin, dir)
            .map(|loaded| Sweep { loaded })
            .map_err(|report| SweepError::Problems {
                file: PathBuf::from(origin),
                report: Box::new(report),
            })
    }

    /// Loads and checks a sweep file and its base scenario; the error
    /// carries every problem found, located.
    pub fn load(file: &Path) -> Result<Sweep> {
        load_sweep(file)
            .map(|loaded| Sweep { loaded })
            .map_err(|report| SweepError::Problems {
                file: file.to_path_buf(),
                report: Box::new(report),
            })
    }

    /// The sweep's name.
    pub fn name(&self) -> &str {
        &self.loaded.sweep.name
    }

    /// Where results go when no output directory is given: `out/<name>`.
    pub fn default_out(&self) -> PathBuf {
        Path::new("out").join(self.name())
    }

    /// Runs the sweep (or its shard): every member not yet committed, in
    /// parallel, each committed as it finishes; then the tables, plots and
    /// report of everything the directory holds.
    pub fn run(&self, options: &RunOptions) -> Result<SweepOutcome> {
        let started = Instant::now();
        let sweep = &self.loaded;
        let out = options
            .out
            .map_or_else(|| self.default_out(), Path::to_path_buf);
        // Before anything that grows with the number of jobs (the manifest
        // lists them): a 10⁹-member sweep is refused here, not out of memory.
        ensure_writable_dir(&out).context_with(|| "preparing the sweep's outputs".to_owned())?;
        if !options.force {
            let share = options.shard.map_or(1.0, |s| 1.0 / s.count.max(1) as f64);
            let cost = Cost::of_sweep(sweep).scaled(share);
            Budget::for_machine(Some(&out)).check(&sweep.origin, cost)?;
        }
        let manifest = Manifest::new(sweep, options.shard);
        prepare(&out, sweep, &manifest, options.resume)?;
        let all = manifest.jobs();
        let todo: Vec<u64> = all
            .iter()
            .copied()
            .filter(|&job| !part_path(&out, job).exists())
            .collect();
        let already_done = all.len() - todo.len();
        if already_done > 0 {
            options.progress.note(&format!(
                "resuming: {already_done} of {} members already done",
                all.len()
            ));
        }
        let never = CancelToken::new();
        let cancel = options.cancel.unwrap_or(&never);
        let failed = execute::run_jobs(
            sweep,
            &todo,
            &out,
            options.threads.unwrap_or(0),
            options.progress,
            cancel,
        )?;
        if cancel.is_cancelled() {
            let missing = todo
                .iter()
                .filter(|&&j| !part_path(&out, j).exists())
                .count();
            return Err(SweepError::Cancelled {
                out,
                missing,
                total: all.len(),
            });
        }
        let assembled = publish(&out, &manifest, Some(sweep))?;
        Ok(SweepOutcome {
            out,
            manifest,
            assembled,
            ran: todo.len(),
            failed,
            already_done,
            wall_s: started.elapsed().as_secs_f64(),
        })
    }
}

/// Job `job` of the sweep whose results are in `dir`, as a scenario that
/// `orbitai run` can run alone: same draws, seed and run index, so the same
/// results as in the sweep. Needs the sweep file, unchanged since.
pub fn member_scenario(dir: &Path, job: u64) -> Result<LoadedScenario> {
    let Some((manifest, sweep_text, base_text)) = manifest::read(dir)? else {
        return Err(SweepError::NotASweepDirectory(dir.to_path_buf()));
    };
    if job >= manifest.jobs {
        return Err(SweepError::Member(format!(
            "--member {job}: the sweep has jobs 0..{}",
            manifest.jobs
        )));
    }
    let sweep = Sweep::load(&manifest.sweep_file)?.loaded;
    if sweep.text != sweep_text || sweep.base.text != base_text {
        return Err(SweepError::Member(format!(
            "{} (or its base scenario) changed since {} was run: cannot re-run its members",
            manifest.sweep_file.display(),
            dir.display()
        )));
    }
    let member = sweep.member(job);
    let sim = member
        .config
        .map_err(|e| SweepError::Member(format!("member {job} cannot run: {e}")))?;
    let scenario = serde_json::from_value(member.scenario.clone())
        .map_err(|e| SweepError::Member(format!("member {job}: {e}")))?;
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
pub(crate) fn publish(
    out: &Path,
    manifest: &Manifest,
    sweep: Option<&LoadedSweep>,
) -> Result<Assembled> {
    let assembled = assemble(out, manifest, &manifest.jobs())?;
    write_aggregates(out, manifest, &assembled)?;
    report::write(out, manifest, &assembled, sweep)?;
    Ok(assembled)
}

/// Makes `out` ready: a fresh directory gets the manifest; an existing
/// sweep directory is continued only with `--resume` and only if it holds
/// the same sweep and shard.
fn prepare(out: &Path, sweep: &LoadedSweep, manifest: &Manifest, resume: bool) -> Result<()> {
    match manifest::read(out)? {
        Some((existing, sweep_text, base_text)) => {
            if !resume {
                return Err(SweepError::AlreadyHoldsResults {
                    dir: out.to_path_buf(),
                    name: existing.name,
                });
            }
            if !existing.same_sweep(manifest)
                || sweep_text != sweep.text
                || base_text != sweep.base.text
            {
                return Err(SweepError::CannotResume(out.to_path_buf()));
            }
            if existing.shard != manifest.shard {
                return Err(SweepError::OtherShard {
                    dir: out.to_path_buf(),
                    held: existing.shard,
                    asked: manifest.shard,
                });
            }
            remove_stale_temporaries(&parts_dir(out));
        }
        None => {
            if out.join("members.csv").exists() {
                return Err(SweepError::OutputTaken {
                    dir: out.to_path_buf(),
                    what: "other files",
                });
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
