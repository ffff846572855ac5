//! Attitude estimate, gyro and fine Sun sensor error statistics.

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::AttitudeState;
use orbitai_craft::noise::GaussMarkovConfig;
use orbitai_craft::sensors::{AttitudeEstimateConfig, GyroConfig, SunSensorConfig};
use orbitai_craft::{AttitudeSensors, Quat, SeedContext};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const N: usize = 100_000;

fn sensors(e: AttitudeEstimateConfig, g: GyroConfig, s: SunSensorConfig) -> AttitudeSensors {
    AttitudeSensors::new(
        &e,
        &g,
        &s,
        SeedContext {
            master_seed: 5,
            run: 1,
            spacecraft: 0,
        },
    )
    .unwrap()
}

fn quiet_estimate() -> AttitudeEstimateConfig {
    AttitudeEstimateConfig {
        white_sigma_rad: 0.0,
        drift: GaussMarkovConfig::OFF,
    }
}

fn quiet_gyro() -> GyroConfig {
    GyroConfig {
        noise_sigma_rad_s: 0.0,
        bias_initial_sigma_rad_s: 0.0,
        bias_random_walk: 0.0,
    }
}

fn quiet_sun() -> SunSensorConfig {
    SunSensorConfig {
        noise_sigma_rad: 0.0,
        ..SunSensorConfig::default()
    }
}

fn truth() -> AttitudeState {
    AttitudeState {
        quaternion: Quat::from_scalar_first([0.3, -0.5, 0.7, 0.4]).unwrap(),
        rate_body_rad_s: Vec3::new(0.01, -0.002, 0.003),
    }
}

fn check_moments(x: &[f64], mean: f64, std: f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let s = (x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
    assert!(
        (m - mean).abs() < 5.0 * std / n.sqrt(),
        "mean {m} vs {mean}"
    );
    assert!(
        (s - std).abs() < 5.0 * std / (2.0 * n).sqrt(),
        "std {s} vs {std}"
    );
}

#[test]
fn attitude_estimate_white_error_per_axis() {
    let sigma = 0.01;
    let mut s = sensors(
        AttitudeEstimateConfig {
            white_sigma_rad: sigma,
            drift: GaussMarkovConfig::OFF,
        },
        quiet_gyro(),
        quiet_sun(),
    );
    let t = truth();
    let sun = Vec3::z();
    let errs: Vec<Vec3> = (0..N)
        .map(|k| {
            let r = s.sample(T0.add_seconds(k as f64), &t, &sun, 1.0);
            t.quaternion.rotation_to(&r.attitude)
        })
        .collect();
    for axis in 0..3 {
        check_moments(
            &errs.iter().map(|e| e[axis]).collect::<Vec<_>>(),
            0.0,
            sigma,
        );
    }
}

#[test]
fn attitude_estimate_drift_is_gauss_markov() {
    let (sigma, tau, dt) = (0.05, 100.0, 25.0);
    let mut s = sensors(
        AttitudeEstimateConfig {
            white_sigma_rad: 0.0,
            drift: GaussMarkovConfig { sigma, tau_s: tau },
        },
        quiet_gyro(),
        quiet_sun(),
    );
    let t = truth();
    let x: Vec<f64> = (0..N)
        .map(|k| {
            let r = s.sample(T0.add_seconds(k as f64 * dt), &t, &Vec3::z(), 1.0);
            t.quaternion.rotation_to(&r.attitude).y
        })
        .collect();
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - m).powi(2)).sum::<f64>() / n;
    let lag = 4;
    let c = (0..x.len() - lag)
        .map(|i| (x[i] - m) * (x[i + lag] - m))
        .sum::<f64>()
        / (n - lag as f64);
    assert!(
        (c / var - (-1.0f64).exp()).abs() < 0.03,
        "ρ(τ) = {}",
        c / var
    );
    let infl = ((1.0 + (-dt / tau).exp()) / (1.0 - (-dt / tau).exp())).sqrt();
    assert!((var.sqrt() - sigma).abs() < 5.0 * infl * sigma / (2.0 * n).sqrt());
}

#[test]
fn gyro_white_noise_and_bias_walk() {
    let sigma = 1e-3;
    let mut s = sensors(
        quiet_estimate(),
        GyroConfig {
            noise_sigma_rad_s: sigma,
            bias_initial_sigma_rad_s: 0.0,
            bias_random_walk: 0.0,
        },
        quiet_sun(),
    );
    let t = truth();
    let x: Vec<f64> = (0..N)
        .map(|k| {
            s.sample(T0.add_seconds(k as f64), &t, &Vec3::z(), 1.0)
                .rate_rad_s
                .z
        })
        .collect();
    check_moments(&x, t.rate_body_rad_s.z, sigma);

    // Bias walk: across 2000 independent gyros, the bias after 100 s has
    // std √(σ0² + q²·100).
    let (s0, q) = (1e-3, 2e-4);
    let ends: Vec<f64> = (0..2000u64)
        .map(|run| {
            let mut g = AttitudeSensors::new(
                &quiet_estimate(),
                &GyroConfig {
                    noise_sigma_rad_s: 0.0,
                    bias_initial_sigma_rad_s: s0,
                    bias_random_walk: q,
                },
                &quiet_sun(),
                SeedContext {
                    master_seed: 8,
                    run,
                    spacecraft: 0,
                },
            )
            .unwrap();
            for k in 0..=100 {
                g.sample(T0.add_seconds(k as f64), &t, &Vec3::z(), 1.0);
            }
            g.gyro_bias().x
        })
        .collect();
    let expect = (s0 * s0 + q * q * 100.0).sqrt();
    let n = ends.len() as f64;
    let sd = (ends.iter().map(|v| v * v).sum::<f64>() / n).sqrt();
    assert!(
        (sd - expect).abs() < 5.0 * expect / (2.0 * n).sqrt(),
        "{sd} vs {expect}"
    );
}

#[test]
fn sun_sensor_noise_eclipse_and_field_of_view() {
    let sigma = 0.002;
    let mut s = sensors(
        quiet_estimate(),
        quiet_gyro(),
        SunSensorConfig {
            noise_sigma_rad: sigma,
            ..SunSensorConfig::default()
        },
    );
    let t = truth();
    let sun = Vec3::new(0.0, 0.6, 0.8);
    // The angle from the truth is Rayleigh: E[θ²] = 2σ².
    let sq: Vec<f64> = (0..N)
        .map(|k| {
            let v = s
                .sample(T0.add_seconds(k as f64), &t, &sun, 1.0)
                .sun_vector
                .unwrap();
            assert!((v.norm() - 1.0).abs() < 1e-12);
            v.angle(&sun).powi(2)
        })
        .collect();
    let mean_sq = sq.iter().sum::<f64>() / N as f64;
    // θ² ~ 2σ² Exp(1): std of the mean is 2σ²/√N.
    let e = 2.0 * sigma * sigma;
    assert!(
        (mean_sq - e).abs() < 5.0 * e / (N as f64).sqrt(),
        "{mean_sq} vs {e}"
    );
    // Invalid in eclipse and in penumbra below the threshold.
    assert!(
        s.sample(T0.add_seconds(1e6), &t, &sun, 0.0)
            .sun_vector
            .is_none()
    );
    assert!(
        s.sample(T0.add_seconds(2e6), &t, &sun, 0.3)
            .sun_vector
            .is_none()
    );
    // Field of view of 30° about +Z.
    let mut s = sensors(
        quiet_estimate(),
        quiet_gyro(),
        SunSensorConfig {
            fov_half_angle_rad: Some(30f64.to_radians()),
            ..quiet_sun()
        },
    );
    assert!(s.sample(T0, &t, &Vec3::z(), 1.0).sun_vector.is_some());
    assert!(
        s.sample(T0.add_seconds(1.0), &t, &Vec3::x(), 1.0)
            .sun_vector
            .is_none()
    );
}

#[test]
fn sun_sensor_noise_resumes_after_an_eclipse() {
    // The Sun sensor draws its noise only for valid readings: a run with an
    // eclipse in the middle reads, after it, what a run without the eclipse
    // reads at the same count of valid readings.
    let config = SunSensorConfig {
        noise_sigma_rad: 0.002,
        ..SunSensorConfig::default()
    };
    let mut a = sensors(quiet_estimate(), quiet_gyro(), config);
    let mut b = sensors(quiet_estimate(), quiet_gyro(), config);
    let (t, sun) = (truth(), Vec3::new(0.0, 0.6, 0.8));
    let mut k = 0;
    let mut step = |s: &mut AttitudeSensors, illumination: f64| {
        k += 1;
        s.sample(T0.add_seconds(k as f64), &t, &sun, illumination)
            .sun_vector
    };
    for _ in 0..5 {
        assert_eq!(step(&mut a, 1.0), step(&mut b, 1.0));
    }
    for _ in 0..7 {
        assert_eq!(step(&mut a, 0.0), None);
    }
    for _ in 0..5 {
        assert_eq!(step(&mut a, 1.0), step(&mut b, 1.0));
    }
}
