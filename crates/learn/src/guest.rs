//! Learners of the user's own (a Python river model, a Rust type) trained
//! in the loop beside the flight models: fed the same samples, in the same
//! feature spaces, with the same labels, and scored by the same metrics.

use std::fmt;

use crate::label::{Label, Profile};
use crate::metrics::{Confusion, GridScorer};
use crate::space::FeatureSpace;

/// Why a guest learner failed (its own message, e.g. a Python exception
/// rendered as text); the simulation stops with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct GuestError(pub String);

/// An online binary classifier with river's interface. `x` holds the
/// sample's features in the learner's space (names from
/// [`FeatureSpace::feature_names`], values in radians or their powers),
/// computed as for the flight models of the same space.
pub trait GuestLearner: Send + Sync {
    /// The label predicted for `x` (river's `predict_one`).
    fn predict_one(&mut self, x: &[f64]) -> Result<Label, GuestError>;
    /// Trains on `x` labelled `y` (river's `learn_one`).
    fn learn_one(&mut self, x: &[f64], y: Label) -> Result<(), GuestError>;
    /// Predicts `x`, then trains on it; one call so that a learner behind
    /// a lock (Python's GIL) takes it once per sample.
    fn predict_then_learn(&mut self, x: &[f64], y: Label) -> Result<Label, GuestError> {
        let predicted = self.predict_one(x)?;
        self.learn_one(x, y)?;
        Ok(predicted)
    }
    /// Starts afresh (a `Train` run after the first; river: `clone()`).
    /// By default nothing happens: the learner goes on learning.
    fn reset(&mut self) -> Result<(), GuestError> {
        Ok(())
    }
    /// Predicts many inputs (the ground grid); one call for the same reason.
    fn predict_many(&mut self, xs: &[Vec<f64>]) -> Result<Vec<Label>, GuestError> {
        xs.iter().map(|x| self.predict_one(x)).collect()
    }
}

/// A guest learner with its name and feature space and the count of
/// samples it was trained on.
pub struct GuestModel {
    /// Its name in outputs (the `algorithm` column of the metrics files).
    pub name: String,
    /// The space its features are computed in.
    pub space: FeatureSpace,
    /// The learner.
    pub learner: Box<dyn GuestLearner>,
    /// Samples it was trained on.
    pub samples_trained: u64,
}

impl fmt::Debug for GuestModel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GuestModel")
            .field("name", &self.name)
            .field("space", &self.space.name())
            .field("samples_trained", &self.samples_trained)
            .finish_non_exhaustive()
    }
}

impl GuestModel {
    /// A guest named `name` (1–64 characters of `A–Z a–z 0–9 _ -`: it
    /// names rows and files) learning in `space`.
    pub fn new(
        name: &str,
        space: FeatureSpace,
        learner: Box<dyn GuestLearner>,
    ) -> Result<GuestModel, GuestError> {
        let ok = (1..=64).contains(&name.len())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !ok {
            return Err(GuestError(format!(
                "learner name {name:?}: use 1-64 characters of A-Z a-z 0-9 _ -"
            )));
        }
        Ok(GuestModel {
            name: name.to_owned(),
            space,
            learner,
            samples_trained: 0,
        })
    }

    /// The model's name in the flight style, `<name>_<space>`.
    pub fn label(&self) -> String {
        format!("{}_{}", self.name, self.space.name())
    }

    /// The ground-grid evaluation (spec §5) of the learner as it is now,
    /// with the grid's inputs built as for a flight model of its space in
    /// `profile`.
    pub fn grid_evaluation(
        &mut self,
        grid: &mut GridScorer,
        profile: Profile,
    ) -> Result<Confusion, GuestError> {
        let inputs = grid.inputs(&self.space, profile);
        let rows: Vec<Vec<f64>> = inputs.iter().map(|x| x.to_vec()).collect();
        let predictions = self.learner.predict_many(&rows)?;
        if predictions.len() != rows.len() {
            return Err(GuestError(format!(
                "{}: {} predictions for {} grid points",
                self.name,
                predictions.len(),
                rows.len()
            )));
        }
        let mut c = Confusion::default();
        for (k, predicted) in predictions.into_iter().enumerate() {
            c.add(predicted, crate::metrics::grid_expected(k));
        }
        Ok(c)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A threshold on the first feature, learnt as the midpoint of the
    /// largest ON and smallest OFF seen.
    #[derive(Default)]
    struct Threshold {
        max_on: f64,
        min_off: f64,
        seen: u32,
    }

    impl GuestLearner for Threshold {
        fn predict_one(&mut self, x: &[f64]) -> Result<Label, GuestError> {
            if self.seen == 0 {
                return Ok(Label::Off);
            }
            Ok(Label::from_bool_on(
                x[0] < (self.max_on + self.min_off) / 2.0,
            ))
        }
        fn learn_one(&mut self, x: &[f64], y: Label) -> Result<(), GuestError> {
            if self.seen == 0 {
                (self.max_on, self.min_off) = (0.0, std::f64::consts::FRAC_PI_2);
            }
            self.seen += 1;
            match y {
                Label::On => self.max_on = self.max_on.max(x[0]),
                Label::Off => self.min_off = self.min_off.min(x[0]),
            }
            Ok(())
        }
    }

    #[test]
    fn a_learnt_threshold_scores_perfectly_on_the_grid() {
        let mut guest = GuestModel::new("thr", FeatureSpace::D1, Box::new(Threshold::default()))
            .expect("a valid name");
        let mut grid = GridScorer::new();
        let before = guest.grid_evaluation(&mut grid, Profile::Flight).unwrap();
        assert_eq!((before.tp, before.tn), (0, 53), "untrained: all OFF");
        for (x, on) in [(1.0, true), (1.1, false), (0.2, true), (1.5, false)] {
            guest
                .learner
                .predict_then_learn(&[x], Label::from_bool_on(on))
                .unwrap();
        }
        let after = guest.grid_evaluation(&mut grid, Profile::Flight).unwrap();
        assert_eq!(after.total(), 158);
        assert!(after.balanced_accuracy() > 0.98, "{after:?}");
        assert_eq!(guest.label(), "thr_1D");
    }

    #[test]
    fn bad_names_are_refused() {
        for name in ["", "a b", "x/y", &"n".repeat(65)] {
            let err = GuestModel::new(name, FeatureSpace::D3, Box::new(Threshold::default()));
            assert!(err.is_err(), "{name:?}");
        }
    }
}
