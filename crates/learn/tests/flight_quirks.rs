//! The flight quirks of the spec, one test each, through the public API. Each test
//! fails if the quirk is "fixed".

use orbitai_learn::classifier::{Adam, Arow, Pa, Rda, Scw};
use orbitai_learn::{
    AdamParams, Algorithm, AnyClassifier, ArowParams, Classifier, FeatureSpace, Label, ModelSet,
    ModelSetConfig, PaParams, PaVariant, Profile, RdaParams, RunMode, Sample, ScwParams, features,
};

fn sample(pd: [f32; 6], on: bool) -> Sample {
    Sample {
        timestamp_ms: 0,
        pd,
        label: Label::from_bool_on(on),
    }
}

/// §3: a score of exactly 0 predicts OFF, except SCW, where a tie is ON.
#[test]
fn zero_score_is_off_except_scw_tie_is_on() {
    let set = ModelSet::new(ModelSetConfig::default());
    let s = sample([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], true);
    for (id, label, score) in set.predict(&s) {
        assert_eq!(score, 0.0);
        let want = if id.algorithm == Algorithm::Scw {
            Label::On
        } else {
            Label::Off
        };
        assert_eq!(label, want, "{:?}", id);
    }
}

/// §3: PA's `ℓ/0 = +∞` and `0/0 = NaN` poison the weight; a NaN score predicts OFF.
#[test]
fn pa_zero_input_gives_nan_weights_and_off_predictions() {
    let mut pa = Pa::new(1, PaVariant::Pa, PaParams::default(), Profile::Flight);
    pa.update(&[0.0], Label::On);
    assert!(pa.state().w[0].is_nan());
    assert!(pa.score(&[1.0]).is_nan());
    assert_eq!(pa.predict(&[1.0]), Label::Off);
    // The published PA refuses the step instead.
    let mut paper = Pa::new(1, PaVariant::Pa, PaParams::default(), Profile::Paper);
    paper.update(&[0.0], Label::On);
    assert_eq!(paper.state().w, vec![0.0]);
}

/// §3: C++ `std::max(0, NaN)` is 0, so a NaN margin means no loss for Adam/RDA/PA, while
/// AROW's `m*y >= 1` test lets a NaN margin through to the update.
#[test]
fn nan_follows_the_cpp_comparisons() {
    let mut adam = Adam::new(1, AdamParams::default(), Profile::Flight);
    assert!(!adam.update(&[f64::NAN], Label::On));
    let mut rda = Rda::new(1, RdaParams::default(), Profile::Flight);
    assert!(!rda.update(&[f64::NAN], Label::On));
    let mut arow = Arow::new(1, ArowParams::default(), Profile::Flight);
    assert!(arow.update(&[f64::NAN], Label::On));
    assert!(arow.state().mean[0].is_nan());
}

/// §3: RDA's `sign(0) = +1`: with `g = 0` and a negative λ, the weight is negative.
#[test]
fn rda_sign_of_zero_is_plus_one() {
    let mut rda = Rda::new(
        1,
        RdaParams {
            lambda: -0.5,
            ..RdaParams::default()
        },
        Profile::Flight,
    );
    rda.update(&[0.5], Label::On);
    rda.update(&[0.5], Label::Off);
    assert_eq!(rda.state().g, vec![0.0]);
    assert!(
        rda.state().w[0] < 0.0,
        "sign(0) = -1 would give a positive weight"
    );
}

/// §3: SCW's flight φ is Φ(η), not Φ⁻¹(η), and the tie rule differs from the others.
#[test]
fn scw_phi_is_the_normal_cdf_of_eta() {
    let flight = Scw::new(1, ScwParams::default(), Profile::Flight);
    let paper = Scw::new(1, ScwParams::default(), Profile::Paper);
    assert_eq!(flight.phi(), 0.828_943_873_691_518_2);
    assert!((paper.phi() - 1.644_853_626_951_472).abs() < 1e-14);
}

/// §4: Adam's `t` restarts at 0 at every load, `w`, `m`, `v` kept; this changes training.
#[test]
fn adam_step_counter_restarts_on_continue_train() {
    let config = ModelSetConfig {
        algorithms: vec![Algorithm::Adam],
        ..ModelSetConfig::default()
    };
    let mut continued = ModelSet::new(config.clone());
    let mut uninterrupted = ModelSet::new(config);
    let s = sample([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], true);
    for _ in 0..5 {
        continued.train(&s);
        uninterrupted.train(&s);
    }
    continued.begin_run(RunMode::ContinueTrain);
    let AnyClassifier::Adam(a) = continued.models()[0].classifier() else {
        panic!()
    };
    assert_eq!(a.state().t, 0);
    continued.train(&s);
    uninterrupted.train(&s);
    assert_ne!(continued.models()[0], uninterrupted.models()[0]);
}

/// §4: PA, PA-I and PA-II were never saved or loaded: they restart from zero every run.
#[test]
fn pa_models_restart_from_zero_on_continue_train() {
    let mut set = ModelSet::new(ModelSetConfig::default());
    let s = sample([0.1, 0.2, 0.3, 0.4, 0.5, 0.6], true);
    set.train(&s);
    set.begin_run(RunMode::ContinueTrain);
    for m in set.models() {
        if let AnyClassifier::Pa(pa) = m.classifier() {
            assert!(pa.state().w.iter().all(|w| *w == 0.0), "{}", m.name());
            assert_eq!(m.samples_trained, 0);
        } else {
            assert_eq!(m.samples_trained, 1, "{}", m.name());
        }
    }
}

/// §2: the 2D/3D features go through `%g`; plain `f32` values differ.
#[test]
fn two_and_three_d_features_use_the_g_round_trip() {
    let pd = [0.0, 0.0, 0.0, 0.0, 0.0, 0.93];
    let flight = features(&FeatureSpace::D3, &pd, Profile::Flight);
    let s = 0.93f32 * 0.93f32;
    let c = s * 0.93f32;
    assert_eq!(&*flight, &[0.93, 0.8649, 0.804357]);
    assert_ne!(flight[1], f64::from(s));
    assert_ne!(flight[2], f64::from(c));
    let paper = features(&FeatureSpace::D3, &pd, Profile::Paper);
    assert_ne!(paper[1], flight[1]);
}
