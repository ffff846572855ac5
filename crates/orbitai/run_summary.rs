//! A scenario run's headline, as the CLI prints it and a notebook shows it:
//! ticks and speed, per experiment the runs and samples, and per model the
//! final ground-grid and the progressive balanced accuracy.

use std::fmt;

use crate::run::RunOutcome;

impl fmt::Display for RunOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let outcome = &self.outcome;
        let wall = self.wall_s;
        let target = self
            .dir
            .as_ref()
            .map_or_else(|| "(not written)".to_owned(), |d| d.display().to_string());
        writeln!(
            f,
            "{}: {} ticks in {wall:.2} s ({:.0} ticks/s) -> {target}",
            self.scenario.sim.name,
            outcome.ticks,
            outcome.ticks as f64 / wall.max(1e-9),
        )?;
        let metrics = self.metrics();
        for experiment in &outcome.experiments {
            let reports = experiment.reports();
            let samples: u32 = reports.iter().map(|r| r.samples).sum();
            writeln!(
                f,
                "  experiment {}: {} run(s), {samples} samples",
                experiment.name,
                reports.len()
            )?;
            let on: u64 = reports
                .iter()
                .map(|r| {
                    r.scores
                        .first()
                        .map_or(0, |s| s.progressive.tp + s.progressive.fn_)
                })
                .sum();
            if samples > 0 && (on == 0 || on == u64::from(samples)) {
                let label = if on == 0 { "OFF" } else { "ON" };
                writeln!(
                    f,
                    "  note: every sample was labelled {label}: with this attitude the Sun never crossed the labeler's\n        threshold above the camera face, so balanced accuracies say little. An attitude that\n        crosses it gives both labels, e.g. the one OPS-SAT flew, as a recorded attitude\n        (see the comment in scenarios/opssat-2021-04.ron)"
                )?;
            }
            writeln!(
                f,
                "    {:<6} {:>4}  {:>13}  {:>13}",
                "model", "dim", "grid bal.acc", "progr. bal.acc"
            )?;
            for m in metrics.iter().filter(|m| m.experiment == experiment.name) {
                writeln!(
                    f,
                    "    {:<6} {:>4}  {:>13}  {:>13}",
                    m.algorithm,
                    m.space,
                    ratio(m.grid_balanced_accuracy),
                    ratio(m.progressive.balanced_accuracy())
                )?;
            }
        }
        Ok(())
    }
}

/// A ratio with three decimals, or `-` when undefined.
fn ratio(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.3}")
    } else {
        "-".into()
    }
}
