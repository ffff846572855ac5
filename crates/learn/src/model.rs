//! A model: one algorithm in one feature space, with its bookkeeping.

use crate::algorithm::Algorithm;
use crate::classifier::{
    Adam, AdamParams, Arow, ArowParams, Classifier, Nherd, NherdParams, Pa, PaParams, PaVariant,
    Rda, RdaParams, Scw, ScwParams,
};
use crate::label::{Label, Profile, Sample};
use crate::space::{FeatureSpace, features};
use serde::{Deserialize, Serialize};

/// The hyperparameters of every algorithm; `Default` is the flight configuration.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Hyperparameters {
    /// Adam.
    pub adam: AdamParams,
    /// AdaGrad-RDA.
    pub rda: RdaParams,
    /// AROW.
    pub arow: ArowParams,
    /// SCW.
    pub scw: ScwParams,
    /// NHERD.
    pub nherd: NherdParams,
    /// PA.
    pub pa: PaParams,
    /// PA-I.
    pub pa1: PaParams,
    /// PA-II.
    pub pa2: PaParams,
}

/// One classifier of any algorithm.
#[derive(Debug, Clone, PartialEq)]
pub enum AnyClassifier {
    /// Adam.
    Adam(Adam),
    /// AdaGrad-RDA.
    Rda(Rda),
    /// AROW.
    Arow(Arow),
    /// SCW.
    Scw(Scw),
    /// NHERD.
    Nherd(Nherd),
    /// PA, PA-I or PA-II.
    Pa(Pa),
}

impl AnyClassifier {
    /// A fresh classifier of `algorithm` for `dim` features.
    pub fn new(algorithm: Algorithm, dim: usize, hp: &Hyperparameters, profile: Profile) -> Self {
        match algorithm {
            Algorithm::Adam => AnyClassifier::Adam(Adam::new(dim, hp.adam, profile)),
            Algorithm::Rda => AnyClassifier::Rda(Rda::new(dim, hp.rda, profile)),
            Algorithm::Arow => AnyClassifier::Arow(Arow::new(dim, hp.arow, profile)),
            Algorithm::Scw => AnyClassifier::Scw(Scw::new(dim, hp.scw, profile)),
            Algorithm::Nherd => AnyClassifier::Nherd(Nherd::new(dim, hp.nherd, profile)),
            Algorithm::Pa => AnyClassifier::Pa(Pa::new(dim, PaVariant::Pa, hp.pa, profile)),
            Algorithm::Pa1 => AnyClassifier::Pa(Pa::new(dim, PaVariant::Pa1, hp.pa1, profile)),
            Algorithm::Pa2 => AnyClassifier::Pa(Pa::new(dim, PaVariant::Pa2, hp.pa2, profile)),
        }
    }

    fn inner(&self) -> &dyn Classifier {
        match self {
            AnyClassifier::Adam(c) => c,
            AnyClassifier::Rda(c) => c,
            AnyClassifier::Arow(c) => c,
            AnyClassifier::Scw(c) => c,
            AnyClassifier::Nherd(c) => c,
            AnyClassifier::Pa(c) => c,
        }
    }
}

impl Classifier for AnyClassifier {
    #[inline]
    fn update(&mut self, x: &[f64], y: Label) -> bool {
        // Static dispatch on the hot path.
        match self {
            AnyClassifier::Adam(c) => c.update(x, y),
            AnyClassifier::Rda(c) => c.update(x, y),
            AnyClassifier::Arow(c) => c.update(x, y),
            AnyClassifier::Scw(c) => c.update(x, y),
            AnyClassifier::Nherd(c) => c.update(x, y),
            AnyClassifier::Pa(c) => c.update(x, y),
        }
    }

    #[inline]
    fn predict_then_update(&mut self, x: &[f64], y: Label) -> (Label, bool) {
        match self {
            AnyClassifier::Adam(c) => c.predict_then_update(x, y),
            AnyClassifier::Rda(c) => c.predict_then_update(x, y),
            AnyClassifier::Arow(c) => c.predict_then_update(x, y),
            AnyClassifier::Scw(c) => c.predict_then_update(x, y),
            AnyClassifier::Nherd(c) => c.predict_then_update(x, y),
            AnyClassifier::Pa(c) => c.predict_then_update(x, y),
        }
    }

    #[inline]
    fn score(&self, x: &[f64]) -> f64 {
        match self {
            AnyClassifier::Adam(c) => c.score(x),
            AnyClassifier::Rda(c) => c.score(x),
            AnyClassifier::Arow(c) => c.score(x),
            AnyClassifier::Scw(c) => c.score(x),
            AnyClassifier::Nherd(c) => c.score(x),
            AnyClassifier::Pa(c) => c.score(x),
        }
    }

    #[inline]
    fn predict(&self, x: &[f64]) -> Label {
        match self {
            AnyClassifier::Adam(c) => c.predict(x),
            AnyClassifier::Rda(c) => c.predict(x),
            AnyClassifier::Arow(c) => c.predict(x),
            AnyClassifier::Scw(c) => c.predict(x),
            AnyClassifier::Nherd(c) => c.predict(x),
            AnyClassifier::Pa(c) => c.predict(x),
        }
    }

    fn dimension(&self) -> usize {
        self.inner().dimension()
    }

    fn reset(&mut self) {
        match self {
            AnyClassifier::Adam(c) => c.reset(),
            AnyClassifier::Rda(c) => c.reset(),
            AnyClassifier::Arow(c) => c.reset(),
            AnyClassifier::Scw(c) => c.reset(),
            AnyClassifier::Nherd(c) => c.reset(),
            AnyClassifier::Pa(c) => c.reset(),
        }
    }
}

/// Identifies a model inside a [`ModelSet`](crate::ModelSet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ModelId {
    /// Position in [`ModelSet::models`](crate::ModelSet::models).
    pub index: usize,
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Position of the model's space in the set's configured spaces.
    pub space_index: usize,
}

/// One algorithm trained in one feature space, with its bookkeeping.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// The feature space.
    pub space: FeatureSpace,
    /// Samples given to [`Model::train`] since the model was created or reset.
    pub samples_trained: u64,
    /// Of those, the samples for which the algorithm's update step ran.
    pub updates: u64,
    pub(crate) profile: Profile,
    pub(crate) hyperparameters: Hyperparameters,
    pub(crate) classifier: AnyClassifier,
}

impl Model {
    /// A fresh model.
    pub fn new(
        algorithm: Algorithm,
        space: FeatureSpace,
        profile: Profile,
        hyperparameters: &Hyperparameters,
    ) -> Model {
        let classifier = AnyClassifier::new(algorithm, space.dimension(), hyperparameters, profile);
        Model {
            algorithm,
            space,
            samples_trained: 0,
            updates: 0,
            profile,
            hyperparameters: *hyperparameters,
            classifier,
        }
    }

    /// `"<algorithm>_<space>"`, e.g. `"arow_3D"` (the flight model file names).
    pub fn name(&self) -> String {
        format!("{}_{}", self.algorithm.name(), self.space.name())
    }

    /// The profile.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The classifier and its state.
    pub fn classifier(&self) -> &AnyClassifier {
        &self.classifier
    }

    /// Mutable access to the classifier (e.g. to restart Adam's step counter).
    pub fn classifier_mut(&mut self) -> &mut AnyClassifier {
        &mut self.classifier
    }

    /// The hyperparameters the model was built with (only its algorithm's entry matters).
    pub fn hyperparameters(&self) -> &Hyperparameters {
        &self.hyperparameters
    }

    /// The model's features for a sample.
    pub fn features(&self, sample: &Sample) -> crate::space::Features {
        features(&self.space, &sample.pd, self.profile)
    }

    /// The score (margin) of a sample.
    pub fn score(&self, sample: &Sample) -> f64 {
        self.classifier.score(&self.features(sample))
    }

    /// The predicted label of a sample.
    pub fn predict(&self, sample: &Sample) -> Label {
        self.classifier.predict(&self.features(sample))
    }

    /// Trains on a sample; returns whether the update step ran.
    pub fn train(&mut self, sample: &Sample) -> bool {
        let x = self.features(sample);
        self.train_features(&x, sample.label)
    }

    /// Trains on already-built features (counted like [`Model::train`]).
    #[inline]
    pub fn train_features(&mut self, x: &[f64], y: Label) -> bool {
        self.samples_trained += 1;
        let updated = self.classifier.update(x, y);
        self.updates += u64::from(updated);
        updated
    }

    /// Predicts `x`, then trains on it (counted like [`Model::train`]): the label
    /// predicted before training.
    #[inline]
    pub fn predict_then_train_features(&mut self, x: &[f64], y: Label) -> Label {
        self.samples_trained += 1;
        let (predicted, updated) = self.classifier.predict_then_update(x, y);
        self.updates += u64::from(updated);
        predicted
    }

    /// Back to the initial state, counters included.
    pub fn reset(&mut self) {
        self.classifier.reset();
        self.samples_trained = 0;
        self.updates = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_counters() {
        let mut m = Model::new(
            Algorithm::Arow,
            FeatureSpace::D3,
            Profile::Flight,
            &Hyperparameters::default(),
        );
        assert_eq!(m.name(), "arow_3D");
        let s = Sample {
            timestamp_ms: 0,
            pd: [0.0, 0.0, 0.0, 0.0, 0.0, 0.5],
            label: Label::On,
        };
        assert!(m.train(&s));
        assert_eq!((m.samples_trained, m.updates), (1, 1));
        assert_eq!(m.predict(&s), Label::On);
        m.reset();
        assert_eq!((m.samples_trained, m.updates), (0, 0));
        assert_eq!(m.score(&s), 0.0);
    }

    #[test]
    fn predict_then_update_is_predict_then_update() {
        // Every algorithm in both profiles: the call that shares the margin
        // gives the labels, update flags and weights of the two separate
        // calls, wrong-dimension inputs included.
        let hp = Hyperparameters::default();
        for profile in [Profile::Flight, Profile::Paper] {
            for algorithm in Algorithm::FLIGHT_ORDER {
                let mut joint = AnyClassifier::new(algorithm, 3, &hp, profile);
                let mut apart = joint.clone();
                let mut state = 0x9e37_79b9_7f4a_7c15u64;
                for k in 0..2000 {
                    state = state
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    let u = |shift: u32| ((state >> shift) & 0xffff) as f64 / 65536.0 * 3.0 - 1.5;
                    let x = [u(16), u(32), u(48)];
                    let x = if k % 97 == 0 { &x[..2] } else { &x[..] };
                    let y = Label::from_bool_on(state >> 63 == 1);
                    let apart_result = (apart.predict(x), apart.update(x, y));
                    assert_eq!(
                        joint.predict_then_update(x, y),
                        apart_result,
                        "{algorithm:?} {profile:?}, sample {k}"
                    );
                }
                let probe = [0.3, -0.7, 1.1];
                assert_eq!(
                    joint.score(&probe).to_bits(),
                    apart.score(&probe).to_bits(),
                    "{algorithm:?} {profile:?}"
                );
            }
        }
    }
}
