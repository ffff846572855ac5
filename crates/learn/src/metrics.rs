//! Classification metrics: confusion matrices (positive = ON), the ground-grid evaluation
//! of the mission (spec §5) and progressive (predict-then-train) validation.

use crate::classifier::Classifier;
use crate::label::Label;
use crate::label::Profile;
use crate::model::Model;
use crate::space::{FeatureSpace, Features, features};
use serde::{Deserialize, Serialize};

/// A binary confusion matrix; the positive class is [`Label::On`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Confusion {
    /// Predicted ON, expected ON.
    pub tp: u64,
    /// Predicted OFF, expected ON.
    pub fn_: u64,
    /// Predicted ON, expected OFF.
    pub fp: u64,
    /// Predicted OFF, expected OFF.
    pub tn: u64,
}

/// `a / b` as `f64`: NaN (not a panic) when `b = 0`.
fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        f64::NAN
    } else {
        a as f64 / b as f64
    }
}

impl Confusion {
    /// Counts one prediction.
    pub fn add(&mut self, predicted: Label, expected: Label) {
        match (predicted, expected) {
            (Label::On, Label::On) => self.tp += 1,
            (Label::Off, Label::On) => self.fn_ += 1,
            (Label::On, Label::Off) => self.fp += 1,
            (Label::Off, Label::Off) => self.tn += 1,
        }
    }

    /// Number of predictions counted.
    pub fn total(&self) -> u64 {
        self.tp + self.fn_ + self.fp + self.tn
    }

    /// Sensitivity (recall, true-positive rate) `TP/(TP+FN)`; NaN without positives.
    pub fn sensitivity(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }

    /// Specificity (true-negative rate) `TN/(TN+FP)`; NaN without negatives.
    pub fn specificity(&self) -> f64 {
        ratio(self.tn, self.tn + self.fp)
    }

    /// Precision (positive predictive value) `TP/(TP+FP)`; NaN with no ON prediction.
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }

    /// Negative predictive value `TN/(TN+FN)`; NaN with no OFF prediction.
    pub fn negative_predictive_value(&self) -> f64 {
        ratio(self.tn, self.tn + self.fn_)
    }

    /// Accuracy `(TP+TN)/total` (the mission's "biased accuracy"); NaN when empty.
    pub fn accuracy(&self) -> f64 {
        ratio(self.tp + self.tn, self.total())
    }

    /// Balanced accuracy `(sensitivity + specificity)/2` (NaN if either is NaN).
    pub fn balanced_accuracy(&self) -> f64 {
        (self.sensitivity() + self.specificity()) / 2.0
    }

    /// F1 score `2·precision·sensitivity/(precision + sensitivity)`, computed in that form
    /// as the mission's analysis did; NaN when precision or sensitivity is NaN or both are 0.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.sensitivity());
        if p + r == 0.0 {
            f64::NAN
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

/// Number of points of the ground grid (PD6 = 0.00, 0.01, …, 1.57).
pub const GRID_POINTS: usize = 158;

/// PD6 below which a grid point is expected ON (rad).
#[allow(clippy::approx_constant)] // the mission's 1.0472, not π/3
pub const GRID_ON_BELOW: f64 = 1.0472;

/// The constant PD1..PD5 text of the grid's 5D inputs.
pub const GRID_PD1_TO_PD5: [&str; 5] = ["0.11", "0.22", "0.33", "0.44", "0.55"];

/// The grid value `k/100` as the short decimal the ground tool sent (`"0"`, `"0.01"`,
/// `"0.1"`, `"1.57"`).
pub fn grid_text(k: usize) -> String {
    let (int, frac) = (k / 100, k % 100);
    match frac {
        0 => format!("{int}"),
        f if f % 10 == 0 => format!("{int}.{}", f / 10),
        f => format!("{int}.{f:02}"),
    }
}

/// The photodiode readings (`f32`, as the server parsed them) of grid point `k`.
pub fn grid_pd(k: usize) -> [f32; 6] {
    let mut pd = [0f32; 6];
    for (p, text) in pd.iter_mut().zip(GRID_PD1_TO_PD5) {
        *p = text.parse().unwrap_or(f32::NAN);
    }
    pd[5] = grid_text(k).parse().unwrap_or(f32::NAN);
    pd
}

/// The label expected at grid point `k`: ON when `k/100 < 1.0472` (105 ON, 53 OFF).
pub fn grid_expected(k: usize) -> Label {
    // k/100 < 1.0472 ⇔ 10000·k < 1 047 200, exact in integers.
    Label::from_bool_on((k as u64) * 10_000 < 1_047_200)
}

/// The ground-grid evaluation of spec §5: the model predicts each of the 158 grid points
/// (inputs built from the grid text as in spec §2, in the model's profile; 5D inputs are
/// the constants 0.11 0.22 0.33 0.44 0.55, so 5D grid scores say nothing).
/// To score many models, keep a [`GridScorer`], which builds the inputs once.
pub fn grid_evaluation(model: &Model) -> Confusion {
    GridScorer::new().evaluate(model)
}

/// The ground-grid evaluation of many models, with the grid's inputs
/// computed once per feature space and profile: they do not depend on the
/// model, and building them (text parsing, the flight `%g` round trips) is
/// most of [`grid_evaluation`]'s cost. Gives the same confusion matrices.
#[derive(Clone, Default)]
pub struct GridScorer {
    inputs: Vec<(FeatureSpace, Profile, Vec<Features>)>,
}

impl std::fmt::Debug for GridScorer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "GridScorer({} feature spaces)", self.inputs.len())
    }
}

impl GridScorer {
    /// An empty scorer (inputs are built on first use).
    pub fn new() -> Self {
        Self::default()
    }

    /// [`grid_evaluation`] of `model`, with the inputs of its space and
    /// profile built on first use and kept.
    pub fn evaluate(&mut self, model: &Model) -> Confusion {
        let inputs = self.inputs(&model.space, model.profile());
        let mut c = Confusion::default();
        for (k, x) in inputs.iter().enumerate() {
            c.add(model.classifier().predict(x), grid_expected(k));
        }
        c
    }

    /// The features of the 158 grid points in `space` and `profile` (as a
    /// model of that space and profile sees them), built on first use.
    pub fn inputs(&mut self, space: &FeatureSpace, profile: Profile) -> &[Features] {
        let index = match self
            .inputs
            .iter()
            .position(|(s, p, _)| s == space && *p == profile)
        {
            Some(index) => index,
            None => {
                let inputs = (0..GRID_POINTS)
                    .map(|k| features(space, &grid_pd(k), profile))
                    .collect();
                self.inputs.push((space.clone(), profile, inputs));
                self.inputs.len() - 1
            }
        };
        &self.inputs[index].2
    }
}

/// One point of a balanced-accuracy curve (progressive, or the ground grid
/// after so many samples).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CurvePoint {
    /// Samples seen so far by this model's record.
    pub samples: u64,
    /// Running balanced accuracy over those samples.
    pub balanced_accuracy: f64,
}

/// Progressive validation over a stream: for each model, the prediction made on each
/// sample *before* training on it, against the sample's label. Optionally keeps the
/// running balanced accuracy every `curve_every` samples.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Progressive {
    confusions: Vec<Confusion>,
    curves: Vec<Vec<CurvePoint>>,
    curve_every: Option<u64>,
}

impl Progressive {
    /// An empty record for `models` models, without curves.
    pub fn new(models: usize) -> Progressive {
        Progressive {
            confusions: vec![Confusion::default(); models],
            curves: vec![Vec::new(); models],
            curve_every: None,
        }
    }

    /// Keep a curve point every `n` samples (`None` or `Some(0)`: no curve).
    pub fn set_curve_every(&mut self, n: Option<u64>) {
        self.curve_every = n.filter(|&n| n > 0);
    }

    /// Records model `model`'s prediction for a sample labelled `expected` (ignored for an
    /// unknown model index).
    pub fn record(&mut self, model: usize, predicted: Label, expected: Label) {
        let Some(c) = self.confusions.get_mut(model) else {
            return;
        };
        c.add(predicted, expected);
        if let Some(n) = self.curve_every
            && c.total() % n == 0
        {
            let point = CurvePoint {
                samples: c.total(),
                balanced_accuracy: c.balanced_accuracy(),
            };
            self.curves[model].push(point);
        }
    }

    /// Per-model confusion matrices, in model order.
    pub fn confusions(&self) -> &[Confusion] {
        &self.confusions
    }

    /// Per-model curves, in model order (empty without `set_curve_every`).
    pub fn curves(&self) -> &[Vec<CurvePoint>] {
        &self.curves
    }

    /// Forgets everything recorded (keeps the number of models and the curve step).
    pub fn clear(&mut self) {
        self.confusions
            .iter_mut()
            .for_each(|c| *c = Confusion::default());
        self.curves.iter_mut().for_each(Vec::clear);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratios_match_the_published_arow_3d_row() {
        // inferences_2021-04-18.csv, arow 3: 104, 1, 11, 42.
        let c = Confusion {
            tp: 104,
            fn_: 1,
            fp: 11,
            tn: 42,
        };
        assert_eq!(c.sensitivity(), 0.990_476_190_476_190_5);
        assert_eq!(c.specificity(), 0.792_452_830_188_679_3);
        assert_eq!(c.precision(), 0.904_347_826_086_956_5);
        assert_eq!(c.negative_predictive_value(), 0.976_744_186_046_511_6);
        assert_eq!(c.accuracy(), 0.924_050_632_911_392_4);
        assert_eq!(c.balanced_accuracy(), 0.891_464_510_332_434_9);
        assert_eq!(c.f1(), 0.945_454_545_454_545_3);
    }

    #[test]
    fn zero_denominators_are_nan_not_panics() {
        let empty = Confusion::default();
        for v in [
            empty.sensitivity(),
            empty.specificity(),
            empty.precision(),
            empty.negative_predictive_value(),
            empty.accuracy(),
            empty.balanced_accuracy(),
            empty.f1(),
        ] {
            assert!(v.is_nan());
        }
        let all_on = Confusion {
            tp: 105,
            fn_: 0,
            fp: 53,
            tn: 0,
        };
        assert!(all_on.negative_predictive_value().is_nan());
        assert_eq!(all_on.balanced_accuracy(), 0.5);
        let wrong = Confusion {
            tp: 0,
            fn_: 3,
            fp: 2,
            tn: 0,
        };
        assert!(wrong.f1().is_nan());
    }

    #[test]
    fn grid_has_158_points_105_on() {
        assert_eq!(grid_text(0), "0");
        assert_eq!(grid_text(1), "0.01");
        assert_eq!(grid_text(10), "0.1");
        assert_eq!(grid_text(100), "1");
        assert_eq!(grid_text(157), "1.57");
        let on = (0..GRID_POINTS)
            .filter(|&k| grid_expected(k) == Label::On)
            .count();
        assert_eq!(on, 105);
        assert_eq!(grid_expected(104), Label::On);
        assert_eq!(grid_expected(105), Label::Off);
        assert_eq!(grid_pd(7), [0.11, 0.22, 0.33, 0.44, 0.55, 0.07]);
    }

    #[test]
    fn progressive_curves_and_bounds() {
        let mut p = Progressive::new(1);
        p.set_curve_every(Some(2));
        p.record(0, Label::On, Label::On);
        p.record(0, Label::Off, Label::Off);
        p.record(0, Label::On, Label::Off);
        p.record(5, Label::On, Label::Off);
        assert_eq!(
            p.confusions()[0],
            Confusion {
                tp: 1,
                fn_: 0,
                fp: 1,
                tn: 1
            }
        );
        assert_eq!(
            p.curves()[0],
            vec![CurvePoint {
                samples: 2,
                balanced_accuracy: 1.0
            }]
        );
        p.clear();
        assert_eq!(p.confusions()[0].total(), 0);
    }
}
