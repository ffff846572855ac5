//! The timeline's rigid-body entries (`Dynamic`, `Controlled`, `Detumble`):
//! where they start from, that they are the integrator's motion, and how
//! the next entry continues from them. The physics itself is tested in
//! `dynamics.rs`.

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::{AttitudeContext, AttitudeModeConfig, TimelineEntry};
use orbitai_craft::dynamics::{Actuation, DynamicState, TorqueConfig};
use orbitai_craft::{AttitudeTimeline, Quat, SeedContext, TimelineConfig};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const MU: f64 = 398_600.441_8;

/// A circular orbit of radius 6900 km inclined by 97.5°, the Sun along
/// (1, 1, 0.3).
fn ctx(t_s: f64) -> AttitudeContext {
    let r = 6900.0;
    let n = (MU / (r * r * r)).sqrt();
    let (s, c) = (n * t_s).sin_cos();
    let (si, ci) = 97.5f64.to_radians().sin_cos();
    AttitudeContext {
        epoch: T0.add_seconds(t_s),
        position_km: Vec3::new(r * c, r * s * ci, r * s * si),
        velocity_km_s: Vec3::new(-r * n * s, r * n * c * ci, r * n * c * si),
        sun_direction: Vec3::new(1.0, 1.0, 0.3).normalize(),
    }
}

mod support;
use support::hold;

fn timeline(entries: Vec<(f64, AttitudeModeConfig)>, rate: Option<f64>) -> AttitudeTimeline {
    support::timeline(T0, entries, rate)
}

fn free(
    initial: Option<Quat>,
    rate: Option<[f64; 3]>,
    torques: TorqueConfig,
) -> AttitudeModeConfig {
    AttitudeModeConfig::Dynamic {
        initial: initial.map(|q| q.to_scalar_first()),
        initial_rate_rad_s: rate,
        torques,
    }
}

fn v(r: [f64; 3]) -> Vec3 {
    Vec3::new(r[0], r[1], r[2])
}

#[test]
fn a_dynamic_entry_is_the_integrators_motion() {
    let q0 = Quat::from_body_rotation(&Vec3::new(1.0, 2.0, 3.0), 0.4);
    let w0 = [0.035, -0.035, 0.004];
    let mut tl = timeline(
        vec![(0.0, free(Some(q0), Some(w0), TorqueConfig::ALL))],
        None,
    );
    let dynamics = tl.dynamics().clone();
    let mut state = DynamicState::new(q0, v(w0));
    let first = tl.step(&ctx(0.0));
    assert_eq!(first.quaternion, q0);
    assert_eq!(first.rate_body_rad_s, v(w0));
    for k in 1..=600 {
        let out = tl.step(&ctx(k as f64));
        dynamics.advance(
            &mut state,
            &ctx(k as f64 - 1.0),
            1.0,
            TorqueConfig::ALL,
            Actuation::Free,
        );
        assert_eq!(out.quaternion, state.quaternion, "step {k}");
        assert_eq!(out.rate_body_rad_s, state.rate_body_rad_s, "step {k}");
    }
    // An asymmetric body does not keep its rate fixed in the body (a
    // kinematic spin would).
    assert!(
        (state.rate_body_rad_s - v(w0)).norm() > 1e-3,
        "{:?}",
        state.rate_body_rad_s
    );
}

#[test]
fn a_dynamic_entry_without_initial_values_continues_the_spin_before_it() {
    let rate = [0.0, 0.02, 0.03];
    let spin = AttitudeModeConfig::Spin {
        initial: Some(Quat::IDENTITY.to_scalar_first()),
        rate_rad_s: rate,
    };
    let mut tl = timeline(
        vec![(0.0, spin), (10.0, free(None, None, TorqueConfig::NONE))],
        None,
    );
    for k in 0..10 {
        tl.step(&ctx(k as f64));
    }
    let at_switch = tl.step(&ctx(10.0));
    let expected = Quat::IDENTITY.propagate(&v(rate), 10.0);
    assert!(at_switch.quaternion.angle_to(&expected) < 1e-12);
    assert!((at_switch.rate_body_rad_s - v(rate)).norm() < 1e-15);
    // From there on, torque-free motion: the inertial angular momentum
    // stays what the spin had.
    let l0 = tl
        .dynamics()
        .angular_momentum_inertial_nms(tl.rigid_state().unwrap());
    for k in 11..=3600 {
        tl.step(&ctx(k as f64));
    }
    let l1 = tl
        .dynamics()
        .angular_momentum_inertial_nms(tl.rigid_state().unwrap());
    assert!((l1 - l0).norm() <= 1e-9 * l0.norm(), "{l0:?} → {l1:?}");
}

#[test]
fn a_kinematic_entry_after_a_dynamic_one_slews_from_the_integrated_attitude() {
    let w0 = Some([0.01, 0.0, 0.02]);
    let entries = |with_hold: bool| {
        let mut e = vec![(0.0, free(Some(Quat::IDENTITY), w0, TorqueConfig::NONE))];
        if with_hold {
            e.push((50.0, hold(Quat::IDENTITY)));
        }
        e
    };
    let mut switching = timeline(entries(true), Some(0.01));
    let mut staying = timeline(entries(false), Some(0.01));
    for k in 0..50 {
        switching.step(&ctx(k as f64));
        staying.step(&ctx(k as f64));
    }
    let at_switch = switching.step(&ctx(50.0)).quaternion;
    let integrated = staying.step(&ctx(50.0)).quaternion;
    assert!(at_switch.angle_to(&integrated) < 1e-12);
    assert!(at_switch.angle_to(&Quat::IDENTITY) > 0.1);
    assert!(switching.is_slewing());
    assert!(switching.rigid_state().is_none());
}

#[test]
fn a_controlled_entry_reaches_its_target_and_the_wheels_keep_their_momentum() {
    let target = Quat::from_body_rotation(&Vec3::new(0.0, 1.0, 1.0), 1.2);
    let controlled = || AttitudeModeConfig::Controlled {
        target: Box::new(hold(target)),
        torques: TorqueConfig::NONE,
    };
    let mut holding = timeline(vec![(0.0, controlled())], None);
    assert_eq!(holding.nominal(&ctx(0.0)).quaternion, target);
    let settle = holding.dynamics().pointing_settling_time_s();
    assert!(settle > 0.0 && settle < 1000.0, "{settle}");
    for k in 0..3000 {
        holding.step(&ctx(k as f64));
    }
    let held = *holding.rigid_state().unwrap();
    assert!(held.quaternion.angle_to(&target) < 1f64.to_radians());
    assert!(held.rate_body_rad_s.norm() < 1e-4);

    // Mid-slew the wheels hold momentum; a free entry starts with it.
    let mut switching = timeline(
        vec![
            (0.0, controlled()),
            (100.0, free(None, None, TorqueConfig::NONE)),
        ],
        None,
    );
    let mut staying = timeline(vec![(0.0, controlled())], None);
    for k in 0..=100 {
        switching.step(&ctx(k as f64));
        staying.step(&ctx(k as f64));
    }
    let (after, before) = (
        *switching.rigid_state().unwrap(),
        *staying.rigid_state().unwrap(),
    );
    assert!(before.wheel_momentum_body_nms.norm() > 1e-4, "{before:?}");
    assert_eq!(after, before);
}

#[test]
fn detumbling_slows_a_tumble() {
    let w0 = [0.05, -0.04, 0.03];
    let mut tl = timeline(
        vec![
            (
                0.0,
                free(Some(Quat::IDENTITY), Some(w0), TorqueConfig::NONE),
            ),
            (
                1.0,
                AttitudeModeConfig::Detumble {
                    torques: TorqueConfig::NONE,
                },
            ),
        ],
        None,
    );
    for k in 0..=6 * 3600 {
        tl.step(&ctx(k as f64));
    }
    let w = tl.rigid_state().unwrap().rate_body_rad_s.norm();
    assert!(w < 0.5 * v(w0).norm(), "{w}");
}

#[test]
fn bad_rigid_entries_are_refused_with_their_field() {
    let err = |mode: AttitudeModeConfig| {
        let config = TimelineConfig {
            entries: vec![TimelineEntry { start_s: 0.0, mode }],
            ..TimelineConfig::default()
        };
        AttitudeTimeline::new(&config, T0, SeedContext::default())
            .unwrap_err()
            .to_string()
    };
    let nested = err(AttitudeModeConfig::Controlled {
        target: Box::new(AttitudeModeConfig::Detumble {
            torques: TorqueConfig::NONE,
        }),
        torques: TorqueConfig::NONE,
    });
    assert!(
        nested.starts_with("attitude.entries[0].mode.target:"),
        "{nested}"
    );
    let rate = err(free(None, Some([0.0, f64::NAN, 0.0]), TorqueConfig::NONE));
    assert!(
        rate.starts_with("attitude.entries[0].mode.initial_rate_rad_s:"),
        "{rate}"
    );
    let q = err(AttitudeModeConfig::Dynamic {
        initial: Some([0.0; 4]),
        initial_rate_rad_s: None,
        torques: TorqueConfig::NONE,
    });
    assert!(q.starts_with("attitude.entries[0].mode.initial:"), "{q}");
}

#[test]
fn the_gyro_reads_the_integrated_rate() {
    use orbitai_craft::{CraftConfig, Spacecraft, Truth};
    let mut config = CraftConfig::default();
    config.attitude.entries[0].mode = free(
        Some(Quat::IDENTITY),
        Some([0.035, -0.035, 0.004]),
        TorqueConfig::ALL,
    );
    // A noiseless gyro, so that its reading is the truth it is given.
    config.gyro.noise_sigma_rad_s = 0.0;
    config.gyro.bias_initial_sigma_rad_s = 0.0;
    config.gyro.bias_random_walk = 0.0;
    let mut craft = Spacecraft::new(&config, T0, SeedContext::default()).unwrap();
    let mut readings = craft.sensors.new_readings();
    let mut farthest = 0.0f64;
    for k in 0..1200 {
        let c = ctx(k as f64);
        let attitude = craft.timeline.step(&c);
        let truth = Truth {
            epoch: c.epoch,
            attitude,
            position_km: c.position_km,
            sun_direction: c.sun_direction,
            illumination: 1.0,
        };
        craft.sensors.sample(&truth, &mut readings);
        let integrated = craft.timeline.rigid_state().unwrap().rate_body_rad_s;
        assert!(
            (readings.attitude.rate_rad_s - integrated).norm() < 1e-12,
            "step {k}"
        );
        farthest = farthest.max((integrated - Vec3::new(0.035, -0.035, 0.004)).norm());
    }
    // The rate it read is not the initial one held fixed (nutation).
    assert!(farthest > 1e-3, "{farthest}");
}
