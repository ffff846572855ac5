//! Cost of one sensor step: six photodiodes with their full error models
//! (signal, albedo, gain and response, noise, bias, drift, quantisation,
//! saturation, asin, flag) plus the attitude estimate, gyro and Sun sensor,
//! including the per-step light geometry ([`LightInput::new`]). Budget:
//! < 150 ns per step.

mod workload;

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orbitai_astro::Vec3;
use orbitai_craft::attitude::AttitudeContext;
use orbitai_craft::{
    AttitudeTimeline, Body, CraftConfig, LightInput, SeedContext, SensorSuite, TimelineConfig,
    Truth,
};
use workload::{N, SEEDS, T0, TruthCycle, all_errors, truths};

fn bench_suite(c: &mut Criterion, name: &str, config: &CraftConfig) {
    let mut suite = SensorSuite::new(config, &Body::ops_sat(), T0, SEEDS).unwrap();
    let mut out = suite.new_readings();
    let mut steps = TruthCycle::new();
    c.bench_function(name, |b| {
        b.iter(|| {
            suite.sample(black_box(steps.next_truth()), &mut out);
            black_box(&out);
        })
    });
}

fn sensors(c: &mut Criterion) {
    // OPS-SAT flight defaults (noise on lit diodes, albedo, quantisation,
    // no drift or bias since none was seen in flight).
    bench_suite(c, "sensor_step/flight_defaults", &CraftConfig::default());
    bench_suite(c, "sensor_step/all_errors", &all_errors());
}

fn parts(c: &mut Criterion) {
    // Breakdown of the flight-defaults step: light geometry, the six diodes
    // alone, the attitude sensors alone.
    let config = CraftConfig::default();
    let mut suite =
        SensorSuite::new(&config, &Body::ops_sat(), T0, SeedContext::default()).unwrap();
    let truths = truths();
    let earth_radius = suite.photodiodes.earth_radius_km();
    let light = |t: &Truth| {
        LightInput::new(
            &t.attitude.quaternion,
            &t.position_km,
            &t.sun_direction,
            t.illumination,
            earth_radius,
        )
    };
    let lights: Vec<LightInput> = truths.iter().map(light).collect();
    let mut k = 0usize;
    c.bench_function("part/light_input", |b| {
        b.iter(|| {
            k += 1;
            black_box(light(black_box(&truths[k % N])))
        })
    });
    let mut out = suite.new_readings();
    let mut k = 0usize;
    c.bench_function("part/photodiodes", |b| {
        b.iter(|| {
            k += 1;
            let epoch = T0.add_nanos(k as i64 * 1_000_000_000);
            suite
                .photodiodes
                .sample(epoch, black_box(&lights[k % N]), &mut out.photodiodes);
            black_box(&out.photodiodes);
        })
    });
    let mut k = 0usize;
    c.bench_function("part/attitude_sensors", |b| {
        b.iter(|| {
            k += 1;
            let t = &truths[k % N];
            let epoch = T0.add_nanos(k as i64 * 1_000_000_000);
            black_box(suite.attitude.sample(
                epoch,
                &t.attitude,
                &lights[k % N].sun_body,
                t.illumination,
            ))
        })
    });
}

fn attitude(c: &mut Criterion) {
    // Not part of the budget: one timeline step in nadir pointing (one
    // align-and-constrain evaluation with its analytic body rate).
    let mut tl =
        AttitudeTimeline::new(&TimelineConfig::default(), T0, SeedContext::default()).unwrap();
    let mut k = 0i64;
    c.bench_function("attitude_step/nadir", |b| {
        b.iter(|| {
            k += 1;
            let ctx = AttitudeContext {
                epoch: T0.add_nanos(k * 1_000_000_000),
                position_km: Vec3::new(6898.0, 10.0, 0.0),
                velocity_km_s: Vec3::new(0.0, 7.6, 0.1),
                sun_direction: Vec3::new(0.3, 0.9, 0.3).normalize(),
            };
            black_box(tl.step(black_box(&ctx)))
        })
    });
}

criterion_group!(benches, sensors, parts, attitude);
criterion_main!(benches);
