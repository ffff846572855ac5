//! Cost of one 1 s [`Dynamics::advance`] of OPS-SAT's rigid body (the
//! simulation's tick): torque-free tumbling at 2.9°/s (one internal step
//! per second) and at 10°/s (four), tumbling under every environmental
//! torque, B-dot detumbling, and PD Earth pointing with the reaction wheels
//! under every torque. The orbital contexts are precomputed on a circular
//! 500 km sun-synchronous-like orbit, so only the dynamics is timed.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::Quat;
use orbitai_craft::attitude::{AttitudeContext, AttitudeState};
use orbitai_craft::dynamics::{Actuation, DynamicState, Dynamics, DynamicsConfig, TorqueConfig};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const R_KM: f64 = 6878.0;
/// Contexts in the cycle: a bit over one orbit, one per second.
const N: usize = 6000;

/// The contexts of a circular orbit inclined 97.5°, one per second.
fn contexts() -> Vec<AttitudeContext> {
    let n = (398_600.441_8 / R_KM.powi(3)).sqrt();
    let (si, ci) = 97.5f64.to_radians().sin_cos();
    (0..N)
        .map(|k| {
            let t = k as f64;
            let (s, c) = (n * t).sin_cos();
            AttitudeContext {
                epoch: T0.add_seconds(t),
                position_km: Vec3::new(R_KM * c, R_KM * s * ci, R_KM * s * si),
                velocity_km_s: Vec3::new(-R_KM * n * s, R_KM * n * c * ci, R_KM * n * c * si),
                sun_direction: Vec3::new(1.0, 1.0, 0.3).normalize(),
            }
        })
        .collect()
}

/// Nadir pointing: body Z at the Earth, X along the velocity, turning with
/// the orbit.
fn nadir(c: &AttitudeContext) -> AttitudeState {
    let z = -c.position_km.normalize();
    let y = z.cross(&c.velocity_km_s).normalize();
    let n = c.velocity_km_s.norm() / c.position_km.norm();
    AttitudeState {
        quaternion: Quat::from_body_axes(&y.cross(&z), &y, &z),
        rate_body_rad_s: Vec3::new(0.0, -n, 0.0),
    }
}

fn bench_case(
    c: &mut Criterion,
    name: &str,
    w0: Vec3,
    torques: TorqueConfig,
    actuation: &dyn Fn() -> Actuation<'static>,
) {
    let dynamics = Dynamics::new(&DynamicsConfig::default(), "bench").unwrap();
    let contexts = contexts();
    let q0 = Quat::from_body_rotation(&Vec3::new(0.3, -0.5, 0.8), 0.9);
    let mut state = DynamicState::new(q0, w0);
    let mut k = 0usize;
    c.bench_function(name, |b| {
        b.iter(|| {
            k = (k + 1) % N;
            dynamics.advance(
                &mut state,
                black_box(&contexts[k]),
                1.0,
                torques,
                actuation(),
            );
            black_box(&state);
        })
    });
}

fn dynamics(c: &mut Criterion) {
    let slow = Vec3::new(0.035, -0.035, 0.004);
    let fast = Vec3::new(1.0, 2.0, -1.5).normalize() * 10f64.to_radians();
    bench_case(
        c,
        "advance_1s/free_2.9deg_s",
        slow,
        TorqueConfig::NONE,
        &|| Actuation::Free,
    );
    bench_case(
        c,
        "advance_1s/free_10deg_s",
        fast,
        TorqueConfig::NONE,
        &|| Actuation::Free,
    );
    bench_case(
        c,
        "advance_1s/all_torques_2.9deg_s",
        slow,
        TorqueConfig::ALL,
        &|| Actuation::Free,
    );
    bench_case(
        c,
        "advance_1s/detumble_10deg_s",
        fast,
        TorqueConfig::ALL,
        &|| Actuation::Detumble,
    );
    bench_case(
        c,
        "advance_1s/pointing_nadir_all_torques",
        Vec3::zeros(),
        TorqueConfig::ALL,
        &|| Actuation::Pointing(&nadir),
    );
}

criterion_group!(benches, dynamics);
criterion_main!(benches);
