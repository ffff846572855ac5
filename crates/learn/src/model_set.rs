//! The model set: every enabled algorithm × feature space, trained in the flight order
//! with the flight run semantics (spec §4).

use crate::algorithm::Algorithm;
use crate::classifier::Classifier;
use crate::feature_memo::FeatureMemo;
use crate::label::{Label, Profile, Sample};
use crate::metrics::Progressive;
use crate::model::{AnyClassifier, Hyperparameters, Model, ModelId};
use crate::space::{FeatureSpace, Features, features};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// How a run of the learning server starts (spec §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunMode {
    /// Delete the models and start from zero.
    #[default]
    Train,
    /// Load the saved models and go on training.
    ContinueTrain,
    /// Load the saved models and only predict.
    Inference,
}

impl RunMode {
    /// `"train"`, `"continue_train"` or `"inference"`.
    pub fn name(self) -> &'static str {
        match self {
            RunMode::Train => "train",
            RunMode::ContinueTrain => "continue_train",
            RunMode::Inference => "inference",
        }
    }
}

impl fmt::Display for RunMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown run mode name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown run mode {0:?} (expected train, continue_train or inference)")]
pub struct ParseRunModeError(pub String);

impl FromStr for RunMode {
    type Err = ParseRunModeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [RunMode::Train, RunMode::ContinueTrain, RunMode::Inference]
            .into_iter()
            .find(|m| m.name() == s.trim())
            .ok_or_else(|| ParseRunModeError(s.to_string()))
    }
}

/// What a [`ModelSet`] trains. `Default` is the flight set: all 8 algorithms × the 4
/// flight spaces, flight profile and hyperparameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ModelSetConfig {
    /// Numerics of every model.
    pub profile: Profile,
    /// Algorithms, in training order.
    pub algorithms: Vec<Algorithm>,
    /// Feature spaces, in training order within each algorithm.
    pub spaces: Vec<FeatureSpace>,
    /// Hyperparameters of each algorithm.
    pub hyperparameters: Hyperparameters,
}

impl Default for ModelSetConfig {
    fn default() -> Self {
        ModelSetConfig {
            profile: Profile::Flight,
            algorithms: Algorithm::FLIGHT_ORDER.to_vec(),
            spaces: FeatureSpace::FLIGHT.to_vec(),
            hyperparameters: Hyperparameters::default(),
        }
    }
}

/// Every configured algorithm × feature space, algorithm-major (for the default config:
/// adam 1D, 2D, 3D, 5D, rda 1D, …, pa2 5D), trained on each sample in that order.
#[derive(Debug, Clone)]
pub struct ModelSet {
    config: ModelSetConfig,
    models: Vec<Model>,
    mode: RunMode,
    progressive: Progressive,
    /// Per-sample feature buffers, one per space (reused: no allocation per sample).
    scratch: Vec<Features>,
    /// The flight round trips of photodiode values seen before.
    memo: FeatureMemo,
}

impl ModelSet {
    /// Fresh models for `config`, in [`RunMode::Train`].
    pub fn new(config: ModelSetConfig) -> ModelSet {
        let mut models = Vec::with_capacity(config.algorithms.len() * config.spaces.len());
        for &a in &config.algorithms {
            for s in &config.spaces {
                models.push(Model::new(
                    a,
                    s.clone(),
                    config.profile,
                    &config.hyperparameters,
                ));
            }
        }
        let progressive = Progressive::new(models.len());
        let scratch = vec![Features::empty(); config.spaces.len()];
        ModelSet {
            config,
            models,
            mode: RunMode::Train,
            progressive,
            scratch,
            memo: FeatureMemo::default(),
        }
    }

    /// The configuration.
    pub fn config(&self) -> &ModelSetConfig {
        &self.config
    }

    /// The current run mode.
    pub fn mode(&self) -> RunMode {
        self.mode
    }

    /// Starts a run (spec §4). `Train` resets every model. `ContinueTrain` and `Inference`
    /// emulate the flight server's save + load: in the flight profile, Adam's step counter
    /// restarts at 0 (it was not saved; `w`, `m`, `v` are kept) and PA, PA-I and PA-II
    /// restart from zero, counters included (they were never saved nor loaded). The paper
    /// profile keeps everything.
    pub fn begin_run(&mut self, mode: RunMode) {
        self.mode = mode;
        if mode == RunMode::Train {
            self.models.iter_mut().for_each(Model::reset);
            return;
        }
        if self.config.profile == Profile::Paper {
            return;
        }
        for m in &mut self.models {
            match m.classifier_mut() {
                AnyClassifier::Adam(adam) => adam.set_step(0),
                AnyClassifier::Pa(_) => m.reset(),
                _ => {}
            }
        }
    }

    fn fill_scratch(&mut self, sample: &Sample) {
        let spaces = &self.config.spaces;
        let profile = self.config.profile;
        self.memo
            .fill(spaces, &sample.pd, profile, &mut self.scratch);
    }

    /// Trains every model on `sample`, in order, counting samples and updates per model.
    /// In [`RunMode::Inference`] nothing is trained (the flight server only predicted).
    pub fn train(&mut self, sample: &Sample) {
        if self.mode == RunMode::Inference {
            return;
        }
        self.fill_scratch(sample);
        let n = self.scratch.len();
        for (i, m) in self.models.iter_mut().enumerate() {
            m.train_features(&self.scratch[i % n], sample.label);
        }
    }

    /// Progressive validation: each model predicts `sample` before it trains on it, and the
    /// prediction is recorded against the sample's label in [`ModelSet::progressive`].
    /// In [`RunMode::Inference`] the predictions are recorded, nothing is trained.
    pub fn train_progressive(&mut self, sample: &Sample) {
        self.fill_scratch(sample);
        let n = self.scratch.len();
        let train = self.mode != RunMode::Inference;
        for (i, m) in self.models.iter_mut().enumerate() {
            let x = &self.scratch[i % n];
            self.progressive
                .record(i, m.classifier().predict(x), sample.label);
            if train {
                m.train_features(x, sample.label);
            }
        }
    }

    /// Each model predicts `sample`, then trains on it (unless the run is
    /// `Inference`): `predictions` receives the predictions made before
    /// training, in model order. Features are built once and nothing is
    /// allocated once `predictions` has room, which is why the simulator's
    /// experiment uses this rather than [`ModelSet::predict`] + [`ModelSet::train`].
    pub fn predict_then_train(&mut self, sample: &Sample, predictions: &mut Vec<Label>) {
        predictions.clear();
        if self.scratch.is_empty() {
            return;
        }
        self.fill_scratch(sample);
        let train = self.mode != RunMode::Inference;
        // Algorithm-major: each chunk holds one algorithm's models, one per space.
        for algorithm in self.models.chunks_mut(self.scratch.len()) {
            for (m, x) in algorithm.iter_mut().zip(&self.scratch) {
                predictions.push(if train {
                    m.predict_then_train_features(x, sample.label)
                } else {
                    m.classifier().predict(x)
                });
            }
        }
    }

    /// Every model's prediction and score for `sample`, in model order.
    pub fn predict(&self, sample: &Sample) -> Vec<(ModelId, Label, f64)> {
        let feats: Vec<Features> = self
            .config
            .spaces
            .iter()
            .map(|s| features(s, &sample.pd, self.config.profile))
            .collect();
        let n = feats.len();
        self.models
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let x = &feats[i % n];
                let id = ModelId {
                    index: i,
                    algorithm: m.algorithm,
                    space_index: i % n,
                };
                (id, m.classifier().predict(x), m.classifier().score(x))
            })
            .collect()
    }

    /// The models, algorithm-major.
    pub fn models(&self) -> &[Model] {
        &self.models
    }

    /// Mutable access to the models (e.g. to replace one with a loaded model file).
    pub fn models_mut(&mut self) -> &mut [Model] {
        &mut self.models
    }

    /// The model of `algorithm` in the space named `space` (`"3D"`, …), if configured.
    pub fn model(&self, algorithm: Algorithm, space: &str) -> Option<&Model> {
        self.models
            .iter()
            .find(|m| m.algorithm == algorithm && m.space.name() == space)
    }

    /// The progressive-validation record (one entry per model, in model order).
    pub fn progressive(&self) -> &Progressive {
        &self.progressive
    }

    /// Mutable access to the progressive-validation record (e.g. to set the curve step or
    /// start afresh).
    pub fn progressive_mut(&mut self) -> &mut Progressive {
        &mut self.progressive
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::Covariance;

    fn sample(p6: f32, on: bool) -> Sample {
        Sample {
            timestamp_ms: 0,
            pd: [0.1, 0.0, 0.3, 0.4, 0.5, p6],
            label: Label::from_bool_on(on),
        }
    }

    #[test]
    fn default_set_is_the_flight_set_in_flight_order() {
        let set = ModelSet::new(ModelSetConfig::default());
        let names: Vec<String> = set.models().iter().map(Model::name).collect();
        assert_eq!(names.len(), 32);
        assert_eq!(
            &names[..5],
            ["adam_1D", "adam_2D", "adam_3D", "adam_5D", "rda_1D"]
        );
        assert_eq!(names[31], "pa2_5D");
        assert_eq!(
            "continue_train".parse::<RunMode>(),
            Ok(RunMode::ContinueTrain)
        );
        assert!("resume".parse::<RunMode>().is_err());
    }

    #[test]
    fn continue_train_restarts_adam_t_and_pa_but_keeps_the_rest() {
        let mut set = ModelSet::new(ModelSetConfig::default());
        for i in 0..10 {
            set.train(&sample(0.1 * i as f32, i < 7));
        }
        let before = set.clone();
        set.begin_run(RunMode::ContinueTrain);
        for (a, b) in before.models().iter().zip(set.models()) {
            match (a.classifier(), b.classifier()) {
                (AnyClassifier::Adam(x), AnyClassifier::Adam(y)) => {
                    assert!(x.state().t > 0);
                    assert_eq!(y.state().t, 0);
                    assert_eq!(x.state().w, y.state().w);
                    assert_eq!(x.state().m, y.state().m);
                }
                (AnyClassifier::Pa(x), AnyClassifier::Pa(y)) => {
                    assert!(x.state().w.iter().any(|w| *w != 0.0));
                    assert!(y.state().w.iter().all(|w| *w == 0.0));
                    assert_eq!(b.samples_trained, 0);
                }
                _ => assert_eq!(a, b),
            }
        }
        set.begin_run(RunMode::Train);
        let arow = set.model(Algorithm::Arow, "3D").unwrap();
        assert_eq!(arow.samples_trained, 0);
        let AnyClassifier::Arow(c) = arow.classifier() else {
            panic!("not AROW")
        };
        assert_eq!(c.state().cov, Covariance::Diagonal(vec![1.0; 3]));
    }

    #[test]
    fn paper_profile_persists_everything() {
        let config = ModelSetConfig {
            profile: Profile::Paper,
            ..ModelSetConfig::default()
        };
        let mut set = ModelSet::new(config);
        for i in 0..10 {
            set.train(&sample(0.1 * i as f32, i < 7));
        }
        let before = set.clone();
        set.begin_run(RunMode::ContinueTrain);
        assert_eq!(before.models(), set.models());
    }

    #[test]
    fn inference_mode_predicts_without_training_and_progressive_records() {
        let mut set = ModelSet::new(ModelSetConfig::default());
        set.train_progressive(&sample(0.5, true));
        assert_eq!(set.models()[0].samples_trained, 1);
        // Before training, every score is 0: OFF, except SCW's tie which is ON.
        for (i, m) in set.models().iter().enumerate() {
            let c = &set.progressive().confusions()[i];
            let on = m.algorithm == Algorithm::Scw;
            assert_eq!(
                (c.tp, c.fn_),
                (u64::from(on), u64::from(!on)),
                "{}",
                m.name()
            );
        }
        set.begin_run(RunMode::Inference);
        set.train(&sample(0.5, true));
        set.train_progressive(&sample(0.5, true));
        assert_eq!(set.models()[0].samples_trained, 1);
        assert_eq!(set.progressive().confusions()[0].total(), 2);
        let p = set.predict(&sample(0.5, true));
        assert_eq!(p.len(), 32);
        assert_eq!(
            p[10].0,
            ModelId {
                index: 10,
                algorithm: Algorithm::Arow,
                space_index: 2
            }
        );
    }

    #[test]
    fn custom_spaces_train_alongside_flight_ones() {
        let custom = crate::space::CustomSpace::new("sin", &[("s", "sin(pd6)")]).unwrap();
        let config = ModelSetConfig {
            algorithms: vec![Algorithm::Arow],
            spaces: vec![FeatureSpace::D1, FeatureSpace::Custom(custom)],
            ..ModelSetConfig::default()
        };
        let mut set = ModelSet::new(config);
        set.train(&sample(0.5, true));
        assert_eq!(set.models()[1].name(), "arow_sin");
        assert!(set.models()[1].score(&sample(0.5, true)) > 0.0);
    }
}

#[cfg(test)]
mod predict_then_train_tests {
    use super::*;

    #[test]
    fn predict_then_train_equals_predict_followed_by_train() {
        let samples: Vec<Sample> = (0..200)
            .map(|k| {
                let v = (k as f32 * 0.37).sin().abs() * 1.5;
                Sample {
                    timestamp_ms: k,
                    pd: [0.1, 0.2, v * 0.5, 0.3, 0.0, v],
                    label: Label::from_bool_on(v <= 1.0),
                }
            })
            .collect();
        // Both profiles (the flight one shares each margin between prediction and
        // update); the zero PD5 and PD6 readings poison flight PA with NaN.
        for profile in [Profile::Flight, Profile::Paper] {
            let config = ModelSetConfig {
                profile,
                ..ModelSetConfig::default()
            };
            let mut a = ModelSet::new(config.clone());
            let mut b = ModelSet::new(config);
            a.begin_run(RunMode::Train);
            b.begin_run(RunMode::Train);
            let mut predictions = Vec::new();
            for s in &samples {
                let expected: Vec<Label> = a.predict(s).into_iter().map(|p| p.1).collect();
                a.train(s);
                b.predict_then_train(s, &mut predictions);
                assert_eq!(predictions, expected);
            }
            for (x, y) in a.models().iter().zip(b.models()) {
                assert_eq!(x.to_json(), y.to_json());
                assert_eq!(
                    (x.samples_trained, x.updates),
                    (y.samples_trained, y.updates)
                );
            }
        }
    }
}
