//! Cost of one sensor step: six photodiodes with their full error models
//! (signal, albedo, gain and response, noise, bias, drift, quantisation,
//! saturation, asin, flag) plus the attitude estimate, gyro and Sun sensor,
//! including the per-step light geometry ([`LightInput::new`]). Budget:
//! < 150 ns per step.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::{AttitudeContext, AttitudeState};
use orbitai_craft::noise::GaussMarkovConfig;
use orbitai_craft::{
    AttitudeTimeline, Body, CraftConfig, LightInput, Quat, SeedContext, SensorSuite,
    TimelineConfig, Truth,
};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const N: usize = 4096;

/// A tumbling spacecraft on a 520 km circular orbit, Sun sometimes behind
/// the Earth: every diode is lit, dark or Earth-facing at some point.
fn truths() -> Vec<Truth> {
    let r = 6898.0;
    let n = (398_600.441_8_f64 / (r * r * r)).sqrt();
    let sun = Vec3::new(0.3, 0.9, 0.3).normalize();
    let rate = Vec3::new(0.011, -0.007, 0.005);
    (0..N)
        .map(|k| {
            let t = 5.0 * k as f64;
            let (s, c) = (n * t).sin_cos();
            let position_km = Vec3::new(r * c, r * s, 0.0);
            let illumination = if position_km.dot(&sun) < -3000.0 {
                0.0
            } else {
                1.0
            };
            Truth {
                epoch: T0.add_seconds(t),
                attitude: AttitudeState {
                    quaternion: Quat::IDENTITY.propagate(&rate, t),
                    rate_body_rad_s: rate,
                },
                position_km,
                sun_direction: sun,
                illumination,
            }
        })
        .collect()
}

fn bench_suite(c: &mut Criterion, name: &str, config: &CraftConfig) {
    let seeds = SeedContext {
        master_seed: 1,
        run: 0,
        spacecraft: 0,
    };
    let mut suite = SensorSuite::new(config, &Body::ops_sat(), T0, seeds).unwrap();
    let mut out = suite.new_readings();
    let truths = truths();
    let mut k = 0usize;
    c.bench_function(name, |b| {
        b.iter(|| {
            let mut truth = truths[k % N];
            // Time keeps increasing (1 s steps) however many iterations run.
            truth.epoch = T0.add_nanos(k as i64 * 1_000_000_000);
            k += 1;
            suite.sample(black_box(&truth), &mut out);
            black_box(&out);
        })
    });
}

fn sensors(c: &mut Criterion) {
    // OPS-SAT flight defaults (noise on lit diodes, albedo, quantisation,
    // no drift or bias since none was seen in flight).
    bench_suite(c, "sensor_step/flight_defaults", &CraftConfig::default());
    // Every error term switched on: drift, bias, noise on dark diodes too.
    let mut all = CraftConfig::default();
    for d in &mut all.photodiodes.diodes {
        d.drift = GaussMarkovConfig {
            sigma: 0.002,
            tau_s: 600.0,
        };
        d.bias = 0.001;
        d.dark_noise = true;
    }
    bench_suite(c, "sensor_step/all_errors", &all);
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
