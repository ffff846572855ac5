//! Property tests: no input panics anything, the paper algorithms converge on separable
//! data, and model files round-trip byte for byte.

use orbitai_learn::classifier::{Arow, Pa};
use orbitai_learn::metrics::{GridScorer, grid_evaluation};
use orbitai_learn::{
    Algorithm, ArowParams, Classifier, CustomSpace, FeatureSpace, Hyperparameters, Label, Model,
    ModelSet, ModelSetConfig, NherdParams, PaParams, PaVariant, Profile, RunMode, Sample, features,
};
use proptest::prelude::*;

fn in_range() -> impl Strategy<Value = f32> + Clone {
    0.0f32..=std::f32::consts::FRAC_PI_2
}

fn samples(pd: impl Strategy<Value = f32> + Clone) -> impl Strategy<Value = Vec<Sample>> {
    prop::collection::vec(
        (prop::array::uniform6(pd), any::<bool>()).prop_map(|(pd, on)| Sample {
            timestamp_ms: 0,
            pd,
            label: Label::from_bool_on(on),
        }),
        0..60,
    )
}

fn configs() -> Vec<ModelSetConfig> {
    let custom = CustomSpace::new(
        "mix",
        &[("a", "pd6^2"), ("b", "sin(pd1)/pd2"), ("c", "ln(pd3)")],
    )
    .unwrap();
    let mut spaces = FeatureSpace::FLIGHT.to_vec();
    spaces.push(FeatureSpace::Custom(custom));
    let biased = Hyperparameters {
        adam: orbitai_learn::AdamParams {
            bias: true,
            ..Default::default()
        },
        rda: orbitai_learn::RdaParams {
            bias: true,
            delta: 1e-3,
            ..Default::default()
        },
        arow: ArowParams {
            bias: true,
            ..Default::default()
        },
        scw: orbitai_learn::ScwParams {
            bias: true,
            ..Default::default()
        },
        nherd: NherdParams {
            bias: true,
            diagonal: true,
            ..Default::default()
        },
        pa: PaParams {
            bias: true,
            ..Default::default()
        },
        pa1: PaParams {
            bias: true,
            ..Default::default()
        },
        pa2: PaParams {
            bias: true,
            ..Default::default()
        },
    };
    let mut out = Vec::new();
    for profile in [Profile::Flight, Profile::Paper] {
        for hyperparameters in [Hyperparameters::default(), biased] {
            out.push(ModelSetConfig {
                profile,
                algorithms: Algorithm::FLIGHT_ORDER.to_vec(),
                spaces: spaces.clone(),
                hyperparameters,
            });
        }
    }
    out
}

fn exercise(samples: &[Sample]) {
    for config in configs() {
        let mut set = ModelSet::new(config);
        for (i, s) in samples.iter().enumerate() {
            if i == samples.len() / 2 {
                set.begin_run(RunMode::ContinueTrain);
            }
            set.train_progressive(s);
            let p = set.predict(s);
            assert_eq!(p.len(), set.models().len());
        }
        let mut scorer = GridScorer::new();
        for m in set.models() {
            let c = grid_evaluation(m);
            assert_eq!(c.total(), 158);
            // The cached-input scorer gives the same matrix (twice: cached).
            assert_eq!(scorer.evaluate(m), c, "{}", m.name());
            assert_eq!(scorer.evaluate(m), c, "{}", m.name());
            let _ = (c.balanced_accuracy(), c.f1(), c.negative_predictive_value());
            let text = m.to_json();
            assert_eq!(
                Model::from_json(&text).unwrap().to_json(),
                text,
                "{}",
                m.name()
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn readings_in_range_never_panic_either_profile(s in samples(in_range())) {
        exercise(&s);
    }

    #[test]
    fn any_f32_readings_never_panic(s in samples(any::<f32>())) {
        exercise(&s);
    }

    #[test]
    fn save_load_save_is_byte_identical(
        s in samples(in_range()),
        algorithm in prop::sample::select(Algorithm::FLIGHT_ORDER.to_vec()),
        space in prop::sample::select(FeatureSpace::FLIGHT.to_vec()),
        profile in prop::sample::select(vec![Profile::Flight, Profile::Paper]),
    ) {
        let mut m = Model::new(algorithm, space, profile, &Hyperparameters::default());
        for x in &s {
            m.train(x);
        }
        let text = m.to_json();
        let back = Model::from_json(&text).unwrap();
        prop_assert_eq!(back.to_json(), text);
        // The loaded model predicts exactly as the saved one.
        for x in &s {
            prop_assert_eq!(back.score(x).to_bits(), m.score(x).to_bits());
        }
    }

    #[test]
    fn features_never_panic_and_have_the_space_dimension(pd in prop::array::uniform6(any::<f32>())) {
        for space in FeatureSpace::FLIGHT {
            for profile in [Profile::Flight, Profile::Paper] {
                prop_assert_eq!(features(&space, &pd, profile).len(), space.dimension());
            }
        }
    }
}

/// Linearly separable points in 3D with an offset: label = sign(w*·x + b), margin ≥ 0.1.
/// Generated from a seed (so that shrinking keeps the points random-looking rather than
/// collapsing them onto the origin).
fn separable() -> impl Strategy<Value = (Vec<[f64; 3]>, Vec<Label>)> {
    (any::<u64>(), 40usize..80).prop_map(|(seed, n)| {
        let mut state = seed | 1;
        let mut uniform = move || {
            // xorshift64*, mapped to [-1, 1).
            state ^= state >> 12;
            state ^= state << 25;
            state ^= state >> 27;
            let r = state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11;
            r as f64 / (1u64 << 52) as f64 - 1.0
        };
        let (w, b) = loop {
            let w = [uniform(), uniform(), uniform()];
            if w.iter().map(|v| v * v).sum::<f64>() > 0.09 {
                break (w, uniform() / 2.0);
            }
        };
        let norm = w.iter().map(|v| v * v).sum::<f64>().sqrt();
        let mut xs = Vec::with_capacity(n);
        let mut ys = Vec::with_capacity(n);
        while xs.len() < n {
            let x = [uniform(), uniform(), uniform()];
            let margin = (w[0] * x[0] + w[1] * x[1] + w[2] * x[2] + b) / norm;
            if margin.abs() > 0.1 {
                xs.push(x);
                ys.push(Label::from_bool_on(margin > 0.0));
            }
        }
        (xs, ys)
    })
}

fn training_errors(c: &impl Classifier, xs: &[[f64; 3]], ys: &[Label]) -> usize {
    xs.iter()
        .zip(ys)
        .filter(|(x, y)| c.predict(&x[..]) != **y)
        .count()
}

fn fit(c: &mut impl Classifier, xs: &[[f64; 3]], ys: &[Label], passes: usize) {
    for _ in 0..passes {
        for (x, y) in xs.iter().zip(ys) {
            c.update(&x[..], *y);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn paper_arow_converges_on_separable_data((xs, ys) in separable()) {
        // AROW's covariance shrinks with every update, so it fits more and more slowly;
        // on separable data it must still get at least 95 % of the training set right.
        let mut arow = Arow::new(3, ArowParams { r: 0.1, bias: true }, Profile::Paper);
        fit(&mut arow, &xs, &ys, 20);
        let errors = training_errors(&arow, &xs, &ys);
        prop_assert!(errors * 20 <= xs.len(), "{} errors on {} points", errors, xs.len());
    }

    #[test]
    fn paper_pa_converges_on_separable_data((xs, ys) in separable()) {
        let mut pa = Pa::new(3, PaVariant::Pa, PaParams { bias: true, ..Default::default() }, Profile::Paper);
        fit(&mut pa, &xs, &ys, 50);
        prop_assert_eq!(training_errors(&pa, &xs, &ys), 0);
    }
}
