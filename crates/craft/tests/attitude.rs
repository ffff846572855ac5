//! Attitude modes, the timeline's slews and jitter.

use std::f64::consts::FRAC_PI_2;

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::{
    AttitudeContext, AttitudeModeConfig, Direction, GroundPoint, JitterConfig, QuatSample,
    TimelineEntry,
};
use orbitai_craft::noise::GaussMarkovConfig;
use orbitai_craft::{AttitudeMode, AttitudeTimeline, Quat, SeedContext, TimelineConfig};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const MU: f64 = 398_600.441_8;

/// A circular equatorial orbit of radius 7000 km, the Sun along (1, 1, 0.3).
fn ctx(t_s: f64) -> AttitudeContext {
    let r = 7000.0;
    let n = (MU / (r * r * r)).sqrt();
    let (s, c) = (n * t_s).sin_cos();
    AttitudeContext {
        epoch: T0.add_seconds(t_s),
        position_km: Vec3::new(r * c, r * s, 0.0),
        velocity_km_s: Vec3::new(-r * n * s, r * n * c, 0.0),
        sun_direction: Vec3::new(1.0, 1.0, 0.3).normalize(),
    }
}

fn mode(config: AttitudeModeConfig) -> AttitudeMode {
    AttitudeMode::new(&config, T0, "test").unwrap()
}

mod support;
use support::hold;

fn timeline(entries: Vec<(f64, AttitudeModeConfig)>, rate: Option<f64>) -> AttitudeTimeline {
    support::timeline(T0, entries, rate)
}

#[test]
fn sun_pointing_puts_the_axis_on_the_sun() {
    let m = mode(AttitudeModeConfig::SunPointing {
        axis: [0.0, 0.0, 1.0],
        secondary_axis: [1.0, 0.0, 0.0],
        secondary: Direction::OrbitNormal,
    });
    for t in [0.0, 600.0, 2000.0] {
        let c = ctx(t);
        let q = m.attitude(&c);
        assert!((q.inertial_to_body(&c.sun_direction) - Vec3::z()).norm() < 1e-12);
        // Orbit normal (inertial +Z here) in the body X–Z half-plane, +X side.
        let n = q.inertial_to_body(&Vec3::z());
        assert!(n.y.abs() < 1e-12 && n.x > 0.0);
    }
}

#[test]
fn nadir_pointing_and_its_body_rate() {
    let m = mode(AttitudeModeConfig::default());
    let c = ctx(1234.0);
    let s = m.state(&c);
    let q = s.quaternion;
    assert!((q.inertial_to_body(&-c.position_km.normalize()) - -Vec3::z()).norm() < 1e-12);
    let v = q.inertial_to_body(&c.velocity_km_s.normalize());
    assert!((v - Vec3::x()).norm() < 1e-12, "{v}");
    // The body turns once per orbit about the orbit normal r̂ × v̂, which is
    // body +Y (+Z is the zenith, +X along track, Y = Z × X).
    let n = (MU / 7000f64.powi(3)).sqrt();
    assert!(
        (s.rate_body_rad_s - Vec3::new(0.0, n, 0.0)).norm() < 1e-9 * n.max(1.0),
        "{}",
        s.rate_body_rad_s
    );
}

#[test]
fn analytic_pointing_rates_equal_the_central_difference() {
    // Every pointing mode with a closed-form rate, on an inclined,
    // eccentric orbit: the analytic rate equals the ±0.5 s central
    // difference (truncation ~h²·|ω̈| and quaternion rounding ~1e-16/h
    // bound the difference well below 1e-9 rad/s), and the quaternion is
    // the same bit for bit.
    let eccentric = |t_s: f64| AttitudeContext {
        epoch: T0.add_seconds(t_s),
        position_km: Vec3::new(6800.0, 1200.0 + 0.3 * t_s, -900.0),
        velocity_km_s: Vec3::new(-1.1, 6.9, 3.4),
        sun_direction: Vec3::new(-0.4, 0.8, 0.45).normalize(),
    };
    let pointing = |axis, primary, secondary_axis, secondary| {
        mode(AttitudeModeConfig::Pointing {
            axis,
            primary,
            secondary_axis,
            secondary,
        })
    };
    let modes = [
        mode(AttitudeModeConfig::default()),
        mode(AttitudeModeConfig::SunPointing {
            axis: [0.0, 0.0, 1.0],
            secondary_axis: [1.0, 0.0, 0.0],
            secondary: Direction::OrbitNormal,
        }),
        pointing(
            [1.0, 0.0, 0.0],
            Direction::Velocity,
            [0.0, 1.0, 0.0],
            Direction::Nadir,
        ),
        pointing(
            [0.0, 1.0, 0.0],
            Direction::Zenith,
            [0.6, 0.0, 0.8],
            Direction::Sun,
        ),
        pointing(
            [0.0, 0.0, 1.0],
            Direction::Inertial([0.0, 0.0, 1.0]),
            [1.0, 0.0, 0.0],
            Direction::Nadir,
        ),
        // Secondary parallel to the primary: the inertial +Z fallback.
        pointing(
            [0.0, 0.0, -1.0],
            Direction::Nadir,
            [1.0, 0.0, 0.0],
            Direction::Zenith,
        ),
    ];
    for (i, m) in modes.iter().enumerate() {
        for c in [
            ctx(0.0),
            ctx(1234.0),
            ctx(4321.0),
            eccentric(0.0),
            eccentric(777.0),
        ] {
            let (a, n) = (m.state(&c), m.state_numerical(&c));
            assert_eq!(a.quaternion, n.quaternion, "mode {i}");
            let err = (a.rate_body_rad_s - n.rate_body_rad_s).norm();
            assert!(
                err < 1e-9,
                "mode {i}: {} vs {} ({err:e})",
                a.rate_body_rad_s,
                n.rate_body_rad_s
            );
        }
    }
}

#[test]
fn target_pointing_looks_at_the_ground_point() {
    let target = GroundPoint {
        latitude_deg: 0.0,
        longitude_deg: 10.0,
        altitude_km: 0.0,
    };
    let m = mode(AttitudeModeConfig::TargetPointing {
        axis: [0.0, 0.0, -1.0],
        target,
        secondary_axis: [1.0, 0.0, 0.0],
        secondary: Direction::Velocity,
    });
    let c = ctx(300.0);
    let los = (target.teme_km(c.epoch) - c.position_km).normalize();
    assert!((m.attitude(&c).inertial_to_body(&los) - -Vec3::z()).norm() < 1e-12);
}

#[test]
fn inertial_hold_and_spin() {
    let q0 = Quat::from_scalar_first([0.3, -0.5, 0.7, 0.4]).unwrap();
    let h = mode(hold(q0));
    assert!(h.state(&ctx(100.0)).quaternion.angle_to(&q0) < 1e-15);
    assert_eq!(h.state(&ctx(100.0)).rate_body_rad_s, Vec3::zeros());
    let w = [0.01, -0.02, 0.03];
    let s = mode(AttitudeModeConfig::Spin {
        initial: Some(q0.to_scalar_first()),
        rate_rad_s: w,
    });
    let w = Vec3::from(w);
    let st = s.state(&ctx(50.0));
    assert!(st.quaternion.angle_to(&q0.propagate(&w, 50.0)) < 1e-12);
    assert_eq!(st.rate_body_rad_s, w);
    // The rotation over 50 s is |ω|·50 about ω.
    assert!((q0.angle_to(&st.quaternion) - w.norm() * 50.0).abs() < 1e-12);
}

#[test]
fn recorded_attitude_reproduces_its_samples_through_the_timeline() {
    let qs = [
        [0.5, -0.5, 0.5, 0.5],
        [-0.5069, 0.7558, 0.2963, -0.2864],
        [0.1, 0.9, -0.3, 0.2],
    ];
    let samples: Vec<QuatSample> = qs
        .iter()
        .enumerate()
        .map(|(i, q)| QuatSample {
            unix_ms: T0.unix_millis() + 5007 * i as i64,
            q: *q,
        })
        .collect();
    let mut tl = timeline(vec![(0.0, AttitudeModeConfig::Recorded { samples })], None);
    for (i, q) in qs.iter().enumerate() {
        let got = tl.step(&ctx(5.007 * i as f64)).quaternion.to_scalar_first();
        let want = Quat::from_scalar_first(*q).unwrap().to_scalar_first();
        for k in 0..4 {
            assert!((got[k] - want[k]).abs() < 1e-15, "{got:?} vs {want:?}");
        }
    }
}

#[test]
fn slews_are_rate_limited_and_converge() {
    let a = Quat::IDENTITY;
    let b = Quat::from_body_rotation(&Vec3::new(1.0, 1.0, 0.0), FRAC_PI_2);
    let rate = 1f64.to_radians();
    let mut tl = timeline(vec![(0.0, hold(a)), (10.0, hold(b))], Some(rate));
    let mut prev = tl.step(&ctx(0.0)).quaternion;
    for k in 1..=120 {
        let st = tl.step(&ctx(k as f64));
        let q = st.quaternion;
        // At most 1° per 1 s step.
        assert!(
            prev.angle_to(&q) <= rate + 1e-12,
            "step {k}: {}",
            prev.angle_to(&q).to_degrees()
        );
        if k >= 10 {
            let remaining = (FRAC_PI_2 - rate * (k - 10) as f64).max(0.0);
            assert!((q.angle_to(&b) - remaining).abs() < 1e-9, "t {k}");
            if remaining > 0.0 {
                assert!((st.rate_body_rad_s.norm() - rate).abs() < 1e-12);
            }
        }
        prev = q;
    }
    assert!(!tl.is_slewing());
    assert!(prev.angle_to(&b) < 1e-12);
    // Without a rate limit, the switch is instantaneous.
    let mut tl = timeline(vec![(0.0, hold(a)), (10.0, hold(b))], None);
    tl.step(&ctx(9.0));
    assert!(tl.step(&ctx(10.0)).quaternion.angle_to(&b) < 1e-12);
}

#[test]
fn slew_onto_a_moving_target_ends_tracking_it() {
    let mut tl = timeline(
        vec![
            (0.0, hold(Quat::IDENTITY)),
            (5.0, AttitudeModeConfig::default()),
        ],
        Some(2f64.to_radians()),
    );
    for k in 0..200 {
        tl.step(&ctx(k as f64));
    }
    let c = ctx(200.0);
    let q = tl.step(&c).quaternion;
    assert!(q.angle_to(&tl.nominal(&c).quaternion) < 1e-12);
}

#[test]
fn spin_without_initial_continues_from_the_current_attitude() {
    let q0 = Quat::from_body_rotation(&Vec3::x(), 0.7);
    let spin = AttitudeModeConfig::Spin {
        initial: None,
        rate_rad_s: [0.0, 0.0, 0.05],
    };
    let mut tl = timeline(vec![(0.0, hold(q0)), (10.0, spin)], Some(0.1));
    tl.step(&ctx(9.0));
    let at_switch = tl.step(&ctx(10.0)).quaternion;
    assert!(at_switch.angle_to(&q0) < 1e-12);
    let later = tl.step(&ctx(30.0)).quaternion;
    assert!(later.angle_to(&q0.propagate(&Vec3::new(0.0, 0.0, 0.05), 20.0)) < 1e-12);
}

#[test]
fn pointing_jitter_statistics() {
    let sigma = 0.001;
    let config = TimelineConfig {
        entries: vec![TimelineEntry {
            start_s: 0.0,
            mode: hold(Quat::IDENTITY),
        }],
        max_slew_rate_rad_s: None,
        jitter: JitterConfig {
            angle: GaussMarkovConfig { sigma, tau_s: 0.5 },
        },
        ..TimelineConfig::default()
    };
    let mut tl = AttitudeTimeline::new(&config, T0, SeedContext::default()).unwrap();
    // Steps of 10 τ: nearly independent draws. Per-axis components of the
    // rotation from the nominal attitude.
    let n = 100_000;
    let x: Vec<f64> = (0..n)
        .map(|k| {
            Quat::IDENTITY
                .rotation_to(&tl.step(&ctx(5.0 * k as f64)).quaternion)
                .x
        })
        .collect();
    let m = x.iter().sum::<f64>() / n as f64;
    let s = (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1) as f64).sqrt();
    assert!(m.abs() < 5.0 * sigma / (n as f64).sqrt(), "{m}");
    assert!(
        (s - sigma).abs() < 5.0 * sigma / (2.0 * n as f64).sqrt(),
        "{s}"
    );
}

#[test]
fn bad_timelines_are_refused() {
    let bad = |config: TimelineConfig| {
        AttitudeTimeline::new(&config, T0, SeedContext::default()).is_err()
    };
    assert!(bad(TimelineConfig {
        entries: vec![],
        ..TimelineConfig::default()
    }));
    let e = |s: f64| TimelineEntry {
        start_s: s,
        mode: AttitudeModeConfig::default(),
    };
    assert!(bad(TimelineConfig {
        entries: vec![e(10.0), e(5.0)],
        ..TimelineConfig::default()
    }));
    assert!(bad(TimelineConfig {
        entries: vec![TimelineEntry {
            start_s: 0.0,
            mode: AttitudeModeConfig::NadirPointing {
                axis: [0.0, 0.0, -1.0],
                velocity_axis: [0.0, 0.0, 2.0],
            },
        }],
        ..TimelineConfig::default()
    }));
    assert!(bad(TimelineConfig {
        max_slew_rate_rad_s: Some(-1.0),
        ..TimelineConfig::default()
    }));
    assert!(bad(TimelineConfig {
        entries: vec![TimelineEntry {
            start_s: 0.0,
            mode: AttitudeModeConfig::InertialHold {
                quaternion: [0.0; 4]
            },
        }],
        ..TimelineConfig::default()
    }));
}
