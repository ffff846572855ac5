//! Refusing runaway jobs before they start: the estimated cost of the
//! scenarios or the sweep (`orbitai_scenario::cost`) against this
//! machine's memory and the output filesystem's free space. The fronts call
//! it before a run unless the user forces it (`--force`, `force=True`).

use std::path::Path;

use orbitai_scenario::{Budget, Cost, LoadedScenario, LoadedSweep};

use crate::error::{Error, Result};

/// The share of physical memory a job may plan to use.
const MEMORY_SHARE: f64 = 0.5;
/// The share of the output filesystem's free space a job may plan to fill.
const DISK_SHARE: f64 = 0.9;

/// The budget of a job writing under `out` on this machine: the default
/// tick limit, half the physical memory (when `/proc/meminfo` tells it)
/// and 90 % of the free space of the filesystem that holds `out` (or its
/// nearest existing ancestor; when it can be asked).
pub fn for_machine(out: Option<&Path>) -> Budget {
    Budget {
        max_memory_bytes: physical_memory_bytes().map(|b| b * MEMORY_SHARE),
        max_disk_bytes: out.and_then(free_bytes).map(|b| b * DISK_SHARE),
        ..Budget::default()
    }
}

/// What a front checks before `orbitai run`: the output directory `out`
/// (a directory that can be written, no scenario's place taken by a file),
/// then the scenarios' cost against this machine's budget
/// ([`for_machine`], [`check_scenarios`]).
pub fn preflight_scenarios(
    scenarios: &[LoadedScenario],
    max_duration_s: Option<f64>,
    out: Option<&Path>,
) -> Result<()> {
    if let Some(out) = out {
        crate::run::check_output_dirs(out, scenarios)?;
    }
    check_scenarios(scenarios, max_duration_s, &for_machine(out))
}

/// What a front checks before `orbitai sweep`: the output directory `out`
/// can be written, then the cost of the sweep (or of the `share` a shard
/// runs) against this machine's budget.
pub fn preflight_sweep(sweep: &LoadedSweep, share: f64, out: &Path) -> Result<()> {
    orbitai_sim::output_dir::ensure_writable_dir(out)?;
    check_sweep(sweep, share, &for_machine(Some(out)))
}

/// Refuses scenarios that together exceed `budget`, naming the costliest
/// file, with the estimate; `max_duration_s` is the run's cap on every
/// scenario's duration, s (as in [`crate::RunOptions`]). Scenarios run in
/// parallel, so their memory adds up.
pub fn check_scenarios(
    scenarios: &[LoadedScenario],
    max_duration_s: Option<f64>,
    budget: &Budget,
) -> Result<()> {
    let costs: Vec<Cost> = scenarios
        .iter()
        .map(
            |s| match max_duration_s.filter(|d| d.is_finite() && *d >= 0.0) {
                None => Cost::of_scenario(s),
                Some(limit) => {
                    let mut sim = s.sim.clone();
                    sim.duration_nanos = sim.duration_nanos.min((limit * 1e9) as i64);
                    Cost::of_config(&sim, s.scenario.outputs.logs)
                }
            },
        )
        .collect();
    let total = costs.iter().fold(Cost::default(), |a, c| a.plus(c));
    let excesses = budget.excesses(&total);
    if excesses.is_empty() {
        return Ok(());
    }
    let costliest = costs
        .iter()
        .zip(scenarios)
        .max_by(|(a, _), (b, _)| a.ticks.total_cmp(&b.ticks))
        .map(|(_, s)| s.origin.clone())
        .unwrap_or_default();
    let origin = match scenarios.len() {
        1 => costliest,
        n => format!("{n} scenarios (the costliest: {costliest})"),
    };
    Err(Error::OverBudget {
        origin,
        cost: total,
        excesses,
    })
}

/// Refuses a sweep (or the `share` of it one shard runs: 1/N) over
/// `budget`, with the estimate.
pub fn check_sweep(sweep: &LoadedSweep, share: f64, budget: &Budget) -> Result<()> {
    let cost = Cost::of_sweep(sweep).scaled(share);
    let excesses = budget.excesses(&cost);
    if excesses.is_empty() {
        Ok(())
    } else {
        Err(Error::OverBudget {
            origin: sweep.origin.clone(),
            cost,
            excesses,
        })
    }
}

/// `MemTotal` of `/proc/meminfo`, bytes (`None` off Linux).
fn physical_memory_bytes() -> Option<f64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024.0)
}

/// Free space for an unprivileged writer on the filesystem that holds
/// `path` or, when it does not exist yet, its nearest existing ancestor.
fn free_bytes(path: &Path) -> Option<f64> {
    let absolute = std::path::absolute(path).ok()?;
    let existing = absolute.ancestors().find(|p| p.exists())?;
    free_bytes_at(existing)
}

#[cfg(unix)]
fn free_bytes_at(dir: &Path) -> Option<f64> {
    let stats = rustix::fs::statvfs(dir).ok()?;
    Some(stats.f_bavail as f64 * stats.f_frsize as f64)
}

#[cfg(not(unix))]
fn free_bytes_at(_dir: &Path) -> Option<f64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn this_machine_has_memory_and_a_filesystem() {
        let budget = for_machine(Some(Path::new("no/such/dir/yet")));
        assert!(budget.max_memory_bytes.is_some_and(|b| b > 1e8));
        assert!(budget.max_disk_bytes.is_some_and(|b| b > 0.0));
    }
}
