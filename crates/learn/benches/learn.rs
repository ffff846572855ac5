//! Benchmarks of the flight learning: one update of each algorithm in each flight space
//! (features already built), the flight features of one sample (all four spaces), one
//! whole flight sample (features for four spaces + 32 updates through `ModelSet::train`),
//! and one whole simulator iteration (the same with each model predicting first, through
//! `ModelSet::predict_then_train`).

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use orbitai_learn::{
    Algorithm, AnyClassifier, Classifier, FeatureSpace, Hyperparameters, Label, Labeler, ModelSet,
    ModelSetConfig, Profile, Sample, features,
};
use std::hint::black_box;
use std::time::Duration;

/// A deterministic stream that looks like the flight one: two-decimal readings in
/// [0, 1.57], labelled by the PD6 threshold.
fn stream(n: usize) -> Vec<Sample> {
    (0..n)
        .map(|i| {
            let v = |k: usize| ((i * k + 11) % 158) as f32 / 100.0;
            let pd = [v(7), v(13), v(29), v(31), v(43), v(37)];
            Sample {
                timestamp_ms: i as i64,
                pd,
                label: Labeler::default().label(pd[5]),
            }
        })
        .collect()
}

fn bench_updates(c: &mut Criterion) {
    let train = stream(500);
    let probe = Sample {
        timestamp_ms: 0,
        pd: [0.11, 0.22, 0.33, 0.44, 0.55, 0.93],
        label: Label::On,
    };
    let mut group = c.benchmark_group("update");
    for algorithm in Algorithm::FLIGHT_ORDER {
        for space in FeatureSpace::FLIGHT {
            let hp = Hyperparameters::default();
            let mut model = AnyClassifier::new(algorithm, space.dimension(), &hp, Profile::Flight);
            for s in &train {
                model.update(&features(&space, &s.pd, Profile::Flight), s.label);
            }
            let x = features(&space, &probe.pd, Profile::Flight);
            // The label the model gets wrong, so that the update step runs.
            let y = match model.predict(&x) {
                Label::On => Label::Off,
                Label::Off => Label::On,
            };
            let name = format!("{}/{}", algorithm.name(), space.name());
            group.bench_function(name, |b| {
                b.iter_batched_ref(
                    || model.clone(),
                    |m| m.update(black_box(&x), black_box(y)),
                    BatchSize::SmallInput,
                )
            });
        }
    }
    group.finish();
}

fn bench_features(c: &mut Criterion) {
    let samples = stream(64);
    let mut i = 0;
    c.bench_function("features/flight_all_spaces", |b| {
        b.iter(|| {
            i = (i + 1) % samples.len();
            let pd = black_box(&samples[i].pd);
            FeatureSpace::FLIGHT.map(|s| features(&s, pd, Profile::Flight))
        })
    });
}

fn bench_whole_sample(c: &mut Criterion) {
    let samples = stream(3854);
    let mut set = ModelSet::new(ModelSetConfig::default());
    let mut i = 0;
    c.bench_function("model_set/train_flight_sample", |b| {
        b.iter(|| {
            i = (i + 1) % samples.len();
            set.train(black_box(&samples[i]));
        })
    });
}

/// One experiment iteration's learning as the simulator runs it: features for the four
/// spaces, then each of the 32 models predicts and trains (`ModelSet::predict_then_train`).
fn bench_whole_iteration(c: &mut Criterion) {
    let samples = stream(3854);
    let mut set = ModelSet::new(ModelSetConfig::default());
    let mut predictions = Vec::with_capacity(32);
    let mut i = 0;
    c.bench_function("model_set/predict_then_train_flight_sample", |b| {
        b.iter(|| {
            i = (i + 1) % samples.len();
            set.predict_then_train(black_box(&samples[i]), &mut predictions);
            black_box(&predictions);
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    targets = bench_updates, bench_features, bench_whole_sample, bench_whole_iteration
}
criterion_main!(benches);
