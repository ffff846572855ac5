//! The headline of a sweep, as the CLI prints it and a notebook shows it:
//! what ran, and per cell the 3-D models' final ground-grid balanced
//! accuracy with its 95% CI and the samples they needed to reach 0.95.

use std::fmt;

use crate::aggregate::{GRID_BA, TO_095, reached_fraction};
use crate::report::cell_label;
use crate::run::SweepOutcome;
use crate::stats::Summary;

impl fmt::Display for SweepOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (manifest, assembled) = (&self.manifest, &self.assembled);
        let total: usize = assembled.cells.iter().map(|c| c.ok + c.failed).sum();
        writeln!(
            f,
            "sweep {}: {} member(s) run now ({} failed), {total} of {} in {} in all; {:.1} s wall, {:.1} s of member time, {:.0} ticks/s per thread",
            manifest.name,
            self.ran,
            self.failed,
            manifest.jobs().len(),
            self.out.display(),
            self.wall_s,
            assembled.wall_s,
            assembled.ticks as f64 / assembled.wall_s.max(1e-9),
        )?;
        if let Some(shard) = manifest.shard {
            writeln!(
                f,
                "  shard {}/{} of {} members: combine the shards with `orbitai merge`",
                shard.index, shard.count, manifest.jobs
            )?;
        }
        if !assembled.missing.is_empty() {
            writeln!(
                f,
                "  note: {} member(s) have no result yet (run with --resume, or merge the other shards)",
                assembled.missing.len()
            )?;
        }
        for (c, cell) in assembled.cells.iter().enumerate() {
            writeln!(
                f,
                "  cell {c}{}: {} ok, {} failed",
                cell_label(manifest, c),
                cell.ok,
                cell.failed
            )?;
            writeln!(
                f,
                "    {:<12} {:>22} {:>18}",
                "model", "grid bal.acc [95% CI]", "samples to 0.95"
            )?;
            for m in cell.models.iter().filter(|m| m.space == "3D") {
                let s = Summary::of(&m.values[GRID_BA]);
                let reach = Summary::of(&m.values[TO_095]);
                let ba = match (s.mean, s.ci95_low, s.ci95_high) {
                    (Some(mean), Some(lo), Some(hi)) => format!("{mean:.3} [{lo:.3}, {hi:.3}]"),
                    (Some(mean), _, _) => format!("{mean:.3}"),
                    _ => "-".into(),
                };
                let to95 = reach.p50.map_or("never".into(), |p| {
                    format!(
                        "{p:.0} ({:.0}%)",
                        100.0 * reached_fraction(&m.values[TO_095])
                    )
                });
                writeln!(f, "    {:<12} {:>22} {:>18}", m.label, ba, to95)?;
            }
        }
        writeln!(
            f,
            "  all models: {}",
            self.out.join("aggregate.csv").display()
        )
    }
}
