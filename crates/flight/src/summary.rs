//! A replay's headline, as the CLI prints it: the runs and samples, how
//! telemetry agreed with the training logs, and per model the samples,
//! updates and final ground-grid balanced accuracy.

use std::fmt;

use orbitai_learn::metrics::grid_evaluation;

use crate::replay::ReplayOutcome;
use crate::runs::Source;

impl fmt::Display for ReplayOutcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let runs = &self.runs;
        let samples: usize = runs.iter().map(|r| r.samples.len()).sum();
        let campaigns = runs.iter().map(|r| r.campaign).max().map_or(0, |c| c + 1);
        let from_logs = runs
            .iter()
            .filter(|r| matches!(r.source, Source::Log(_)))
            .count();
        writeln!(
            f,
            "Replayed {} runs ({from_logs} from training logs, {} from telemetry) in {campaigns} campaign(s): {samples} samples.",
            runs.len(),
            runs.len() - from_logs
        )?;
        if !self.agreements.is_empty() {
            let matched: usize = self.agreements.iter().map(|(_, a)| a.matched).sum();
            let differing: usize = self.agreements.iter().map(|(_, a)| a.differing).sum();
            writeln!(
                f,
                "Telemetry vs training logs: {matched} samples compared, {differing} differ."
            )?;
        }
        writeln!(f)?;
        writeln!(
            f,
            "{:<6} {:>3}  {:>7}  {:>7}  {:>13}",
            "model", "dim", "samples", "updates", "grid bal. acc"
        )?;
        for model in self.replay.models.models() {
            writeln!(
                f,
                "{:<6} {:>3}  {:>7}  {:>7}  {:>13.3}",
                model.algorithm.name(),
                model.space.name(),
                model.samples_trained,
                model.updates,
                grid_evaluation(model).balanced_accuracy()
            )?;
        }
        if let Some(out) = &self.out {
            writeln!(f)?;
            writeln!(
                f,
                "Wrote {}/models, runs/, metrics_grid.csv, metrics_progressive.csv",
                out.display()
            )?;
        }
        Ok(())
    }
}
