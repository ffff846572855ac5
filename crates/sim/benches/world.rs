//! The cost of the whole world per tick (orbit, Sun, illumination, attitude,
//! six photodiodes and attitude sensors, telemetry pool, the OrbitAI
//! experiment training 32 models every 5 s, recorders), side by side with a
//! bare SGP4 propagation (issue 5 asks for at most 3x), with the orbit
//! interpolated between SGP4 nodes (the default) and with SGP4 at every
//! tick; and a one-day OPS-SAT scenario at 1 s step (issue 5 asks for under
//! 0.5 s). Each world is also measured with the attitude integrated as a
//! rigid body (issue 18): a free tumble under every environmental torque,
//! and nadir pointing held by the reaction-wheel controller.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orbitai_astro::Epoch;
use orbitai_craft::attitude::{AttitudeModeConfig, TimelineEntry};
use orbitai_craft::dynamics::TorqueConfig;
use orbitai_sim::{ExperimentConfig, Keep, RunConfig, SimConfig, Simulation};

#[path = "../tests/support/mod.rs"]
mod support;

/// One day at 1 s with the experiment running all day (17 280 iterations).
fn one_day() -> SimConfig {
    let start = Epoch::parse_iso8601("2021-04-16T00:00:00Z").unwrap();
    let experiment = ExperimentConfig {
        runs: vec![RunConfig {
            start,
            iterations: 17_280,
            mode: None,
        }],
        ..ExperimentConfig::default()
    };
    support::opssat("bench", start, 86_400, 1, vec![experiment])
}

/// `config` with its one attitude entry replaced by `mode`.
fn with_attitude(config: &SimConfig, mode: AttitudeModeConfig) -> SimConfig {
    let mut config = config.clone();
    config.spacecraft[0].craft.attitude.entries = vec![TimelineEntry { start_s: 0.0, mode }];
    config
}

/// The tumble of `scenarios/tumbling.ron`, integrated under every torque.
fn dynamic_tumble() -> AttitudeModeConfig {
    AttitudeModeConfig::Dynamic {
        initial: Some([1.0, 0.0, 0.0, 0.0]),
        initial_rate_rad_s: Some([0.035, -0.035, 0.004]),
        torques: TorqueConfig::ALL,
    }
}

/// Nadir pointing (the default mode) held by the wheel controller.
fn controlled_nadir() -> AttitudeModeConfig {
    AttitudeModeConfig::Controlled {
        target: Box::new(AttitudeModeConfig::default()),
        torques: TorqueConfig::ALL,
    }
}

fn bench(c: &mut Criterion) {
    let config = one_day();
    let tle = &config.spacecraft[0].tle;
    let constants =
        sgp4::Constants::from_elements_afspc_compatibility_mode(tle.elements()).unwrap();
    let offset = config.start.nanos_since(tle.epoch());

    let mut group = c.benchmark_group("per_tick");
    let mut k = 0i64;
    group.bench_function("sgp4_bare", |b| {
        b.iter(|| {
            k = (k + 1) % 86_400;
            let minutes = (offset + k * 1_000_000_000) as f64 / 60e9;
            black_box(
                constants.propagate_afspc_compatibility_mode(sgp4::MinutesSinceEpoch(black_box(
                    minutes,
                ))),
            )
        })
    });
    // The default world (SGP4 at nodes 10 s apart, interpolated), and the
    // same world evaluating SGP4 at every tick.
    let mut direct = config.clone();
    direct.spacecraft[0].orbit_node_spacing_s = 0.0;
    let tumble = with_attitude(&config, dynamic_tumble());
    let nadir = with_attitude(&config, controlled_nadir());
    for (name, config) in [
        ("world_tick", &config),
        ("world_tick_sgp4_every_tick", &direct),
        ("world_tick_dynamic_tumble", &tumble),
        ("world_tick_controlled_nadir", &nadir),
    ] {
        let mut sim = Simulation::new(config, Keep::ReportsOnly).unwrap();
        let mut ticks = 0u64;
        group.bench_function(name, |b| {
            b.iter(|| {
                ticks += 1;
                if ticks >= sim.ticks() {
                    sim = Simulation::new(config, Keep::ReportsOnly).unwrap();
                    ticks = 0;
                }
                sim.step().unwrap()
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("scenario");
    group.sample_size(10);
    for (name, config) in [
        ("one_day_1s_32_models", &config),
        ("one_day_1s_32_models_dynamic_tumble", &tumble),
        ("one_day_1s_32_models_controlled_nadir", &nadir),
    ] {
        group.bench_function(name, |b| {
            b.iter(|| {
                let sim = Simulation::new(config, Keep::Rows).unwrap();
                black_box(sim.run(0, &mut |_, _| {}).unwrap())
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
