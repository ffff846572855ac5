//! What running a scenario or a sweep will cost, estimated before it runs
//! (simulated ticks, CPU time, peak memory, bytes written), and a budget
//! that refuses runaway inputs (a 10-year scenario at 1 ms, 10⁹ sweep
//! members, a telemetry recording that would fill the disk) with the
//! estimate, unless the user forces them.
//!
//! The per-unit figures were measured on this project's outputs (2026-12,
//! the flight model set of 32 models, see ARCHITECTURE.md "Hardening"):
//! they are estimates to within a factor of about two, enough to tell a
//! day's run from a decade's.

use std::fmt;
use std::path::Path;

use orbitai_sim::config::SimConfig;

use crate::LoadedScenario;
use crate::sweep::{KeepMembers, LoadedSweep};

/// CPU time of one spacecraft tick in a release build, s, kinematic
/// attitude (the one-day, 32-model benchmark: 72 ms for 86 400 ticks; the
/// 200-member `rates-kinematic` sweep: ~1 µs per tick).
const CPU_S_PER_TICK: f64 = 1.0e-6;
/// The same with a rigid-body attitude mode in the timeline (the
/// `rates-dynamic` sweep, tumbles up to 10°/s: ~8 µs per tick).
const CPU_S_PER_DYNAMIC_TICK: f64 = 8.0e-6;
/// Bytes of one telemetry row (`data_<start>.csv`: timestamp, six
/// photodiode values and flags, three CADC values, four quaternion terms).
const TELEMETRY_ROW_BYTES: f64 = 160.0;
/// Bytes of a training-log row before the per-model columns.
const TRAINING_ROW_BYTES: f64 = 64.0;
/// Bytes per model in a training-log row (`,0.000000`).
const TRAINING_MODEL_BYTES: f64 = 9.0;
/// Bytes written per model and run (the run's report and model files).
const RUN_MODEL_BYTES: f64 = 4_000.0;
/// Bytes of one point of a learning curve per model.
const CURVE_POINT_BYTES: f64 = 15.0;
/// Memory of one simulation world and the process around it, bytes.
const WORLD_BYTES: f64 = 30.0e6;
/// Disk per sweep member and model without curves: its part file and its
/// rows of `members.csv` (measured: 13.4 kB per member of 32 models).
const MEMBER_MODEL_BYTES: f64 = 420.0;
/// Memory per sweep member and model while the tables are assembled
/// (measured: 2.5 kB per member of 32 models).
const MEMBER_MODEL_MEMORY_BYTES: f64 = 80.0;

/// What a job will take. Floating point, so that absurd inputs (10¹⁸
/// ticks) are estimated rather than overflowing.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Cost {
    /// Simulated spacecraft-ticks (ticks × spacecraft, over every member).
    pub ticks: f64,
    /// CPU time in a release build, s (divide by the cores in use for the
    /// wall time).
    pub cpu_s: f64,
    /// Peak memory, bytes.
    pub memory_bytes: f64,
    /// Bytes written to the output directory.
    pub disk_bytes: f64,
}

impl Cost {
    /// The cost of one scenario run alone (`orbitai run`), its logs kept as
    /// its `outputs` say.
    pub fn of_scenario(scenario: &LoadedScenario) -> Cost {
        Cost::of_config(&scenario.sim, scenario.scenario.outputs.logs)
    }

    /// The cost of a sweep: every member (of every grid cell) with the
    /// cost of its first member without logs (the base scenario with the
    /// sweep's settings and first draws: grids and dispersions rarely
    /// change the length of a run), its part file, its rows in the tables,
    /// and the full outputs of the members its `keep` keeps.
    pub fn of_sweep(sweep: &LoadedSweep) -> Cost {
        let jobs = sweep.jobs() as f64;
        let first = sweep.member(0);
        let sim = first.config.as_ref().unwrap_or(&sweep.base.sim);
        let member = Cost::of_config(sim, false);
        let kept = Cost::of_config(sim, true);
        let models = models(sim);
        let curve_points = match sweep.sweep.curve_every {
            0 => 0.0,
            every => samples(sim) / f64::from(every),
        };
        let per_member_disk = models * (MEMBER_MODEL_BYTES + CURVE_POINT_BYTES * curve_points);
        let kept_disk = match sweep.sweep.keep {
            KeepMembers::Full => jobs * kept.disk_bytes,
            KeepMembers::Summary | KeepMembers::Failed => 0.0,
        };
        Cost {
            ticks: jobs * member.ticks,
            cpu_s: jobs * member.cpu_s,
            // Members run a few at a time; the tables hold every member.
            memory_bytes: member.memory_bytes + jobs * models * MEMBER_MODEL_MEMORY_BYTES,
            disk_bytes: jobs * per_member_disk + kept_disk,
        }
    }

    /// This cost for a `share` of the work (a shard of a sweep): ticks,
    /// CPU and disk scaled, memory kept (conservative).
    pub fn scaled(&self, share: f64) -> Cost {
        Cost {
            ticks: self.ticks * share,
            cpu_s: self.cpu_s * share,
            memory_bytes: self.memory_bytes,
            disk_bytes: self.disk_bytes * share,
        }
    }

    /// The costs of jobs run side by side: everything adds up.
    pub fn plus(&self, other: &Cost) -> Cost {
        Cost {
            ticks: self.ticks + other.ticks,
            cpu_s: self.cpu_s + other.cpu_s,
            memory_bytes: self.memory_bytes + other.memory_bytes,
            disk_bytes: self.disk_bytes + other.disk_bytes,
        }
    }

    /// One run of `sim`; `logs`: the telemetry and training rows are
    /// kept (in memory until the end, then written).
    fn of_config(sim: &SimConfig, logs: bool) -> Cost {
        let one = ticks(sim);
        let ticks = one * sim.spacecraft.len().max(1) as f64;
        let cpu_s: f64 = sim
            .spacecraft
            .iter()
            .map(|s| {
                let entries = &s.craft.attitude.entries;
                match entries.iter().any(|e| e.mode.is_dynamic()) {
                    true => one * CPU_S_PER_DYNAMIC_TICK,
                    false => one * CPU_S_PER_TICK,
                }
            })
            .sum();
        let models = models(sim);
        let rows = samples(sim);
        let log_bytes = if logs {
            rows * (TELEMETRY_ROW_BYTES + TRAINING_ROW_BYTES + TRAINING_MODEL_BYTES * models)
        } else {
            0.0
        };
        let runs: f64 = sim
            .experiments
            .iter()
            .map(|e| {
                let sunlit = e
                    .sunlit_start
                    .as_ref()
                    .map_or(0.0, |s| f64::from(s.max_runs));
                e.runs.len() as f64 + sunlit
            })
            .sum();
        let curves: f64 = sim
            .experiments
            .iter()
            .filter(|e| e.curve_every > 0)
            .map(|e| rows / f64::from(e.curve_every))
            .sum();
        Cost {
            ticks,
            cpu_s,
            memory_bytes: WORLD_BYTES + log_bytes,
            disk_bytes: log_bytes
                + runs * models * RUN_MODEL_BYTES
                + curves * models * CURVE_POINT_BYTES,
        }
    }
}

/// Ticks of one run of `sim`.
fn ticks(sim: &SimConfig) -> f64 {
    sim.duration_nanos as f64 / sim.step_nanos.max(1) as f64 + 1.0
}

/// Models of every experiment of `sim`.
fn models(sim: &SimConfig) -> f64 {
    sim.experiments
        .iter()
        .map(|e| (e.models.algorithms.len() * e.models.spaces.len()) as f64)
        .sum()
}

/// App iterations of every experiment of `sim`: those its runs ask for,
/// at most one per `interval_s` of the scenario.
fn samples(sim: &SimConfig) -> f64 {
    let duration_s = sim.duration_nanos as f64 * 1e-9;
    sim.experiments
        .iter()
        .map(|e| {
            let asked: f64 = e.runs.iter().map(|r| f64::from(r.iterations)).sum::<f64>()
                + e.sunlit_start
                    .as_ref()
                    .map_or(0.0, |s| f64::from(s.iterations) * f64::from(s.max_runs));
            asked.min(duration_s / e.interval_s.max(1e-3) + 1.0)
        })
        .sum()
}

/// The most a job may take without being forced.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Budget {
    /// Simulated spacecraft-ticks (default 10¹¹: about a day of one core).
    pub max_ticks: f64,
    /// Peak memory, bytes (`None`: not limited).
    pub max_memory_bytes: Option<f64>,
    /// Bytes written (`None`: not limited).
    pub max_disk_bytes: Option<f64>,
}

impl Default for Budget {
    /// 10¹¹ ticks, memory and disk not limited (see
    /// `orbitai::budget::for_machine` for this machine's limits).
    fn default() -> Self {
        Budget {
            max_ticks: 1e11,
            max_memory_bytes: None,
            max_disk_bytes: None,
        }
    }
}

/// The share of physical memory a job may plan to use.
const MEMORY_SHARE: f64 = 0.5;
/// The share of the output filesystem's free space a job may plan to fill.
const DISK_SHARE: f64 = 0.9;

impl Budget {
    /// The budget of a job writing under `out` on this machine: the default
    /// tick limit, half the physical memory (when `/proc/meminfo` tells it)
    /// and 90 % of the free space of the filesystem that holds `out` (or
    /// its nearest existing ancestor; when it can be asked).
    pub fn for_machine(out: Option<&Path>) -> Budget {
        Budget {
            max_memory_bytes: physical_memory_bytes().map(|b| b * MEMORY_SHARE),
            max_disk_bytes: out.and_then(free_bytes).map(|b| b * DISK_SHARE),
            ..Budget::default()
        }
    }

    /// `Err` with the estimate when `cost` of the job `origin` (a file, or
    /// a description of several) is over this budget.
    pub fn check(&self, origin: &str, cost: Cost) -> Result<(), OverBudget> {
        let excesses = self.excesses(&cost);
        if excesses.is_empty() {
            Ok(())
        } else {
            Err(OverBudget {
                origin: origin.to_owned(),
                cost,
                excesses,
            })
        }
    }

    /// What of `cost` is over this budget, one phrase each (empty: within).
    pub fn excesses(&self, cost: &Cost) -> Vec<String> {
        let mut over = Vec::new();
        if cost.ticks > self.max_ticks {
            over.push(format!(
                "{} ticks is more than {} (~{} of CPU)",
                sci(cost.ticks),
                sci(self.max_ticks),
                duration(cost.cpu_s)
            ));
        }
        if let Some(max) = self.max_memory_bytes.filter(|&m| cost.memory_bytes > m) {
            over.push(format!(
                "~{} of memory is more than the {} allowed",
                bytes(cost.memory_bytes),
                bytes(max)
            ));
        }
        if let Some(max) = self.max_disk_bytes.filter(|&m| cost.disk_bytes > m) {
            over.push(format!(
                "~{} of output is more than the {} free",
                bytes(cost.disk_bytes),
                bytes(max)
            ));
        }
        over
    }
}

/// A job refused for its estimated cost (a runaway input: a decade at
/// 1 ms, 10⁹ members, a recording that fills the disk).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error(
    "{origin}: refused: {}; estimated {cost}. Check its duration, step_s, iterations, members and grid, or force it (--force; Python: force=True)",
    excesses.join("; ")
)]
pub struct OverBudget {
    /// The file (or files) at fault.
    pub origin: String,
    /// The estimate.
    pub cost: Cost,
    /// What is over, one phrase each.
    pub excesses: Vec<String>,
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

impl fmt::Display for Cost {
    /// `1.2e8 ticks (~2 min of CPU), ~45 MB memory, ~3.1 MB written`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ticks (~{} of CPU), ~{} memory, ~{} written",
            sci(self.ticks),
            duration(self.cpu_s),
            bytes(self.memory_bytes),
            bytes(self.disk_bytes)
        )
    }
}

/// `x` in two significant digits: `120000`, `3.2e11`.
fn sci(x: f64) -> String {
    if x < 1e6 {
        format!("{x:.0}")
    } else {
        format!("{x:.1e}")
    }
}

/// Seconds as the largest sensible unit.
fn duration(s: f64) -> String {
    match s {
        s if s < 1.0 => format!("{:.0} ms", s * 1e3),
        s if s < 120.0 => format!("{s:.0} s"),
        s if s < 7200.0 => format!("{:.0} min", s / 60.0),
        s if s < 172_800.0 => format!("{:.0} h", s / 3600.0),
        s if s < 63_115_200.0 => format!("{:.0} days", s / 86_400.0),
        s => format!("{:.0} years", s / 31_557_600.0),
    }
}

/// Bytes in decimal units.
fn bytes(b: f64) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = b.max(0.0);
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 || value >= 10.0 {
        format!("{value:.0} {}", UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_read_naturally() {
        assert_eq!(bytes(999.0), "999 B");
        assert_eq!(bytes(3.14e6), "3.1 MB");
        assert_eq!(bytes(2.5e13), "25 TB");
        assert_eq!(duration(0.25), "250 ms");
        assert_eq!(duration(3.0 * 3600.0), "3 h");
        assert_eq!(duration(3.2e5), "4 days");
        assert_eq!(sci(121_201.0), "121201");
        assert_eq!(sci(3.16e11), "3.2e11");
    }

    #[test]
    fn a_budget_names_each_excess() {
        let cost = Cost {
            ticks: 3e11,
            cpu_s: 3e5,
            memory_bytes: 2e10,
            disk_bytes: 5e9,
        };
        let budget = Budget {
            max_ticks: 1e11,
            max_memory_bytes: Some(1e10),
            max_disk_bytes: Some(1e10),
        };
        let over = budget.excesses(&cost);
        assert_eq!(over.len(), 2, "{over:?}");
        assert!(over[0].contains("3.0e11 ticks"), "{over:?}");
        assert!(over[1].contains("20 GB of memory"), "{over:?}");
        assert!(Budget::default().excesses(&Cost::default()).is_empty());
        let refused = budget.check("big.ron", cost).unwrap_err();
        assert!(
            refused
                .to_string()
                .starts_with("big.ron: refused: 3.0e11 ticks")
        );
    }

    #[test]
    fn this_machine_has_memory_and_a_filesystem() {
        let budget = Budget::for_machine(Some(Path::new("no/such/dir/yet")));
        assert!(budget.max_memory_bytes.is_some_and(|b| b > 1e8));
        assert!(budget.max_disk_bytes.is_some_and(|b| b > 0.0));
    }
}
