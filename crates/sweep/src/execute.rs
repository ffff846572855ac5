//! Running the members of a sweep in parallel (rayon), each committed as
//! a part file the moment it finishes.

use std::path::Path;
use std::time::Instant;

use orbitai_scenario::sweep::KeepMembers;
use orbitai_scenario::{LoadedSweep, Member};
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::output::{RunFacts, write_outcome};
use orbitai_sim::progress::{Progress, Unit};
use orbitai_sim::{CancelToken, Keep, SimError, Simulation};
use rayon::prelude::*;

use crate::error::{Result, SweepError};
use crate::part::{MemberResult, write_part};

/// Runs `jobs` of `sweep` on `threads` threads (0: all cores) and commits
/// each result under `out`, reporting each finished member to `progress`;
/// a member that fails is recorded with its error. Once `cancel` is
/// raised no member starts and running ones stop uncommitted. Returns how
/// many members failed.
pub fn run_jobs(
    sweep: &LoadedSweep,
    jobs: &[u64],
    out: &Path,
    threads: usize,
    progress: &dyn Progress,
    cancel: &CancelToken,
) -> Result<usize> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(SweepError::Threads)?;
    let task = progress.task(&sweep.sweep.name, jobs.len() as u64, Unit::Members);
    // Results are committed by one writer thread, so that the workers never
    // wait for the disk (each part is synced before its rename).
    let (send, receive) = std::sync::mpsc::channel::<MemberResult>();
    let failed = std::thread::scope(|scope| {
        let writer = scope.spawn(move || -> Result<usize> {
            let mut failed = 0;
            for result in receive {
                failed += usize::from(result.error.is_some());
                write_part(out, &result)?;
            }
            Ok(failed)
        });
        pool.install(|| {
            jobs.par_iter().for_each_with(send, |send, &job| {
                if cancel.is_cancelled() {
                    return;
                }
                let member = sweep.member(job);
                let Some(result) = run_member(sweep, &member, out, cancel) else {
                    return;
                };
                if let Some(error) = &result.error {
                    tracing::warn!(job, %error, "member failed");
                }
                task.advance(1);
                // A closed channel means the writer failed: its error is
                // reported below.
                let _ = send.send(result);
            });
        });
        writer.join().expect("the part writer does not panic")
    });
    task.finish();
    failed
}

/// Simulates one member, writing its full outputs under
/// `out/members/job-N/` when the sweep's `keep` asks for them (never panics
/// on a bad member: the error is kept in the result); `None` when `cancel`
/// stopped it.
pub fn run_member(
    sweep: &LoadedSweep,
    member: &Member,
    out: &Path,
    cancel: &CancelToken,
) -> Option<MemberResult> {
    let started = Instant::now();
    let keep = sweep.sweep.keep;
    let dir = out.join("members").join(format!("job-{:09}", member.job));
    let config = match &member.config {
        Ok(config) => config,
        Err(error) => {
            let result =
                MemberResult::failed(member, error.clone(), started.elapsed().as_secs_f64());
            keep_failed(keep, &dir, member, error);
            return Some(result);
        }
    };
    let rows = if keep == KeepMembers::Full {
        Keep::Rows
    } else {
        Keep::ReportsOnly
    };
    let outcome = Simulation::new(config, rows)
        .and_then(|sim| sim.run_cancellable(0, &mut |_, _| {}, cancel));
    if let Err(SimError::Cancelled { .. }) = outcome {
        return None;
    }
    let outcome = outcome.map_err(|e| e.to_string());
    let wall = started.elapsed().as_secs_f64();
    match outcome {
        Ok(outcome) => {
            if keep == KeepMembers::Full {
                let facts = RunFacts {
                    scenario: config.name.clone(),
                    seed: config.seed,
                    run_index: config.run_index,
                    wall_time_s: wall,
                };
                let written = write_outcome(&dir, &outcome, &facts)
                    .and_then(|_| write_scenario(&dir, member));
                if let Err(error) = written {
                    tracing::warn!(job = member.job, %error, "cannot write the member's outputs");
                }
            }
            Some(MemberResult::ran(member, &outcome, wall))
        }
        Err(error) => {
            keep_failed(keep, &dir, member, &error);
            Some(MemberResult::failed(member, error, wall))
        }
    }
}

/// With `keep` Failed or Full, writes a failed member's scenario and error.
fn keep_failed(keep: KeepMembers, dir: &Path, member: &Member, error: &str) {
    if keep == KeepMembers::Summary {
        return;
    }
    let written = write_scenario(dir, member)
        .and_then(|()| write_atomic(&dir.join("error.txt"), format!("{error}\n").as_bytes()));
    if let Err(e) = written {
        tracing::warn!(job = member.job, error = %e, "cannot write the failed member's files");
    }
}

/// The member's scenario as simulated (JSON, every default filled in).
fn write_scenario(dir: &Path, member: &Member) -> std::io::Result<()> {
    let mut text = serde_json::to_string_pretty(&member.scenario).expect("plain values");
    text.push('\n');
    write_atomic(&dir.join("scenario.json"), text.as_bytes())
}
