//! Photodiode readings: geometry, each error model (statistically), faults.

use std::f64::consts::FRAC_PI_2;

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::fault::{FaultConfig, FaultKind};
use orbitai_craft::noise::GaussMarkovConfig;
use orbitai_craft::photodiode::{PhotodiodeConfig, light::LightInput};
use orbitai_craft::{Body, PdReading, PhotodiodeBank, PhotodiodeBankConfig, SeedContext};
use proptest::prelude::*;

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);

fn seeds() -> SeedContext {
    SeedContext {
        master_seed: 99,
        run: 0,
        spacecraft: 0,
    }
}

fn bank(config: &PhotodiodeBankConfig, faults: &[FaultConfig]) -> PhotodiodeBank {
    PhotodiodeBank::new(config, &Body::ops_sat(), faults, T0, seeds()).unwrap()
}

/// One diode on +Z with the given settings, everything else ideal.
fn single(f: impl FnOnce(&mut PhotodiodeConfig)) -> PhotodiodeBankConfig {
    let mut c = PhotodiodeBankConfig::ideal_ops_sat();
    c.diodes.truncate(1);
    f(&mut c.diodes[0]);
    c
}

/// Sun at elevation asin(c) above +Z.
fn sun_at(c: f64) -> LightInput {
    LightInput::sun_only(Vec3::new((1.0 - c * c).sqrt(), 0.0, c), 1.0)
}

fn sample_n(b: &mut PhotodiodeBank, light: &LightInput, n: usize, dt_s: f64) -> Vec<PdReading> {
    let mut out = vec![PdReading::default(); b.len()];
    (0..n)
        .map(|k| {
            b.sample(T0.add_seconds(k as f64 * dt_s), light, &mut out);
            out[0]
        })
        .collect()
}

fn sines(r: &[PdReading]) -> Vec<f64> {
    r.iter().map(|r| r.value.unwrap().sin()).collect()
}

fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

/// Sample mean and std of 10^5 draws within 5σ of theory.
fn check_moments(x: &[f64], mean: f64, std: f64) {
    let n = x.len() as f64;
    let (m, s) = mean_std(x);
    assert!(
        (m - mean).abs() < 5.0 * std / n.sqrt(),
        "mean {m} vs {mean}"
    );
    assert!(
        (s - std).abs() < 5.0 * std / (2.0 * n).sqrt(),
        "std {s} vs {std}"
    );
}

fn unit(v: [f64; 3]) -> Option<Vec3> {
    Vec3::new(v[0], v[1], v[2]).try_normalize(1e-6)
}

proptest! {
    #[test]
    fn ideal_readings_sum_to_illumination_squared(
        v in prop::array::uniform3(-1.0f64..1.0), f in 0.0f64..=1.0
    ) {
        let Some(s) = unit(v) else { return Ok(()) };
        let mut b = bank(&PhotodiodeBankConfig::ideal_ops_sat(), &[]);
        let mut out = [PdReading::default(); 6];
        b.sample(T0, &LightInput::sun_only(s, f), &mut out);
        let sum: f64 = out.iter().map(|r| r.value.unwrap().sin().powi(2)).sum();
        prop_assert!((sum - f * f).abs() < 1e-12, "Σ sin² = {} vs f² = {}", sum, f * f);
        // PD1/PD6, PD2/PD4, PD3/PD5 are opposite: never both lit.
        for (i, j) in [(0, 5), (1, 3), (2, 4)] {
            prop_assert!(out[i].value.unwrap() == 0.0 || out[j].value.unwrap() == 0.0);
        }
        // Every reading in [0, π/2].
        prop_assert!(out.iter().all(|r| (0.0..=FRAC_PI_2).contains(&r.value.unwrap())));
    }

    #[test]
    fn noisy_readings_sum_to_illumination_squared_within_noise(
        v in prop::array::uniform3(-1.0f64..1.0), f in 0.2f64..=1.0
    ) {
        let Some(s) = unit(v) else { return Ok(()) };
        // OPS-SAT noise and quantisation, ideal gain and response.
        let mut c = PhotodiodeBankConfig::default();
        c.albedo.coefficient = 0.0;
        for d in &mut c.diodes {
            d.gain = 1.0;
            d.oblique_loss = 0.0;
        }
        let mut b = bank(&c, &[]);
        let mut out = [PdReading::default(); 6];
        b.sample(T0, &LightInput::sun_only(s, f), &mut out);
        let sum: f64 = out.iter().map(|r| r.value.unwrap().sin().powi(2)).sum();
        // Three lit faces, each with σ ≈ 1.9e-3 and a quantisation of
        // ±1.4e-3: |Σ − f²| ≤ Σ 2 s_i |e_i| + e² < 0.02 at 5σ.
        prop_assert!((sum - f * f).abs() < 0.02, "Σ sin² = {} vs f² = {}", sum, f * f);
        for (i, j) in [(0, 5), (1, 3), (2, 4)] {
            prop_assert!(out[i].value.unwrap() == 0.0 || out[j].value.unwrap() == 0.0);
        }
    }
}

#[test]
fn umbra_gives_zeros_and_false_flags_with_flight_defaults() {
    let mut b = bank(&PhotodiodeBankConfig::default(), &[]);
    // Spacecraft over the night side, Sun behind the Earth: illumination 0.
    let q = orbitai_craft::Quat::from_scalar_first([0.3, -0.5, 0.7, 0.4]).unwrap();
    let light = LightInput::new(&q, &Vec3::new(6900.0, 0.0, 0.0), &-Vec3::x(), 0.0, 6378.137);
    let mut out = [PdReading::default(); 6];
    for k in 0..100 {
        b.sample(T0.add_seconds(k as f64), &light, &mut out);
        for r in out {
            assert_eq!(
                r,
                PdReading {
                    value: Some(0.0),
                    flag: false
                }
            );
        }
    }
}

#[test]
fn full_sun_on_one_face_reads_pi_over_2() {
    let mut b = bank(&PhotodiodeBankConfig::ideal_ops_sat(), &[]);
    let mut out = [PdReading::default(); 6];
    b.sample(T0, &LightInput::sun_only(Vec3::z(), 1.0), &mut out);
    assert_eq!(out[0].value, Some(FRAC_PI_2));
    assert!(out[0].flag);
    assert!(out[1..].iter().all(|r| r.value == Some(0.0) && !r.flag));
}

#[test]
fn white_noise_moments() {
    let sigma = 0.01;
    let mut b = bank(&single(|d| d.noise_sigma = sigma), &[]);
    let x = sines(&sample_n(&mut b, &sun_at(0.5), 100_000, 1.0));
    check_moments(&x, 0.5, sigma);
}

#[test]
fn bias_moments() {
    let (sigma, bias) = (0.01, 0.05);
    let mut b = bank(
        &single(|d| {
            d.noise_sigma = sigma;
            d.bias = bias;
        }),
        &[],
    );
    let x = sines(&sample_n(&mut b, &sun_at(0.5), 100_000, 1.0));
    check_moments(&x, 0.5 + bias, sigma);
}

#[test]
fn gauss_markov_drift_moments_and_autocorrelation() {
    let (sigma, tau, dt) = (0.02, 40.0, 10.0);
    let mut b = bank(
        &single(|d| d.drift = GaussMarkovConfig { sigma, tau_s: tau }),
        &[],
    );
    let x = sines(&sample_n(&mut b, &sun_at(0.5), 100_000, dt));
    // Correlated samples: standard errors inflated by √((1+φ)/(1−φ)).
    let phi: f64 = (-dt / tau).exp();
    let infl = ((1.0 + phi) / (1.0 - phi)).sqrt();
    let (m, s) = mean_std(&x);
    let n = x.len() as f64;
    assert!((m - 0.5).abs() < 5.0 * infl * sigma / n.sqrt(), "mean {m}");
    assert!(
        (s - sigma).abs() < 5.0 * infl * sigma / (2.0 * n).sqrt(),
        "std {s}"
    );
    // Autocorrelation at one correlation time (4 steps of τ/4) ≈ e^-1.
    let lag = 4;
    let c = (0..x.len() - lag)
        .map(|i| (x[i] - m) * (x[i + lag] - m))
        .sum::<f64>()
        / (x.len() - lag) as f64;
    let rho = c / (s * s);
    assert!((rho - (-1.0f64).exp()).abs() < 0.03, "ρ(τ) = {rho}");
}

#[test]
fn scale_factor_and_oblique_loss() {
    let (g, k, c) = (0.84, 0.1, 0.6);
    let mut b = bank(
        &single(|d| {
            d.gain = g;
            d.oblique_loss = k;
        }),
        &[],
    );
    let r = sample_n(&mut b, &sun_at(c), 1, 1.0)[0].value.unwrap();
    assert!((r.sin() - g * c * (1.0 - k * (1.0 - c))).abs() < 1e-14);
}

#[test]
fn quantisation_in_the_sine_domain() {
    let step = orbitai_craft::photodiode::OPS_SAT_STEPS[1];
    let mut b = bank(
        &single(|d| {
            d.quantisation_step = step;
            d.noise_sigma = 0.01;
        }),
        &[],
    );
    for r in sample_n(&mut b, &sun_at(0.37), 10_000, 1.0) {
        let counts = r.value.unwrap().sin() / step;
        assert!((counts - counts.round()).abs() < 1e-9, "{counts}");
    }
    // Without noise the error is at most half a step.
    let mut b = bank(&single(|d| d.quantisation_step = step), &[]);
    for c in [0.01, 0.123, 0.5, 0.77, 0.999] {
        let r = sample_n(&mut b, &sun_at(c), 1, 1.0)[0].value.unwrap();
        assert!((r.sin() - c).abs() <= 0.5 * step + 1e-15);
    }
}

#[test]
fn saturation_to_zero_and_pi_over_2() {
    let mut b = bank(&single(|d| d.gain = 3.0), &[]);
    assert_eq!(
        sample_n(&mut b, &sun_at(0.5), 1, 1.0)[0].value,
        Some(FRAC_PI_2)
    );
    let mut b = bank(
        &single(|d| {
            d.bias = -0.5;
            d.noise_sigma = 0.05;
        }),
        &[],
    );
    for r in sample_n(&mut b, &sun_at(0.2), 1000, 1.0) {
        assert_eq!(r.value, Some(0.0));
        assert!(!r.flag);
    }
}

#[test]
fn validity_flag_at_threshold() {
    let th = orbitai_craft::photodiode::OPS_SAT_VALIDITY_THRESHOLD_RAD;
    let mut b = bank(&single(|_| {}), &[]);
    let below = sample_n(&mut b, &sun_at((th - 1e-6).sin()), 1, 1.0)[0];
    let above = sample_n(&mut b, &sun_at((th + 1e-6).sin()), 1, 1.0)[0];
    assert!(!below.flag && above.flag);
}

#[test]
fn dark_faces_read_exactly_zero_without_dark_noise() {
    let mut b = bank(&PhotodiodeBankConfig::default(), &[]);
    let mut out = [PdReading::default(); 6];
    // Sun on +Z only, no Earth in view: the five other faces are dark.
    for k in 0..1000 {
        b.sample(
            T0.add_seconds(k as f64),
            &LightInput::sun_only(Vec3::z(), 1.0),
            &mut out,
        );
        assert!(out[1..].iter().all(|r| r.value == Some(0.0)));
    }
    // With dark noise they do not.
    let mut c = PhotodiodeBankConfig::default();
    c.diodes.iter_mut().for_each(|d| d.dark_noise = true);
    let mut b = bank(&c, &[]);
    let mut nonzero = 0;
    for k in 0..1000 {
        b.sample(
            T0.add_seconds(k as f64),
            &LightInput::sun_only(Vec3::z(), 1.0),
            &mut out,
        );
        nonzero += out[1..].iter().filter(|r| r.value != Some(0.0)).count();
    }
    assert!(nonzero > 500, "{nonzero}");
}

// ---- Faults -------------------------------------------------------------

fn fault(kind: FaultKind, start_s: f64, end_s: Option<f64>) -> FaultConfig {
    FaultConfig {
        diode: "PD1".into(),
        start_s,
        end_s,
        kind,
    }
}

/// Readings of PD1 at t = 0..n s with the Sun elevation rising slowly.
fn run_fault(config: &PhotodiodeBankConfig, faults: &[FaultConfig], n: usize) -> Vec<PdReading> {
    let mut b = bank(config, faults);
    let mut out = vec![PdReading::default(); b.len()];
    (0..n)
        .map(|k| {
            b.sample(
                T0.add_seconds(k as f64),
                &sun_at(0.3 + 0.6 * k as f64 / n as f64),
                &mut out,
            );
            out[0]
        })
        .collect()
}

#[test]
fn fault_dead() {
    let c = PhotodiodeBankConfig::ideal_ops_sat();
    let r = run_fault(&c, &[fault(FaultKind::Dead, 10.0, Some(20.0))], 30);
    for (k, x) in r.iter().enumerate() {
        let dead = (10..20).contains(&k);
        assert_eq!(
            dead,
            *x == PdReading {
                value: Some(0.0),
                flag: false
            },
            "t = {k}"
        );
    }
}

#[test]
fn fault_stuck_holds_the_last_value() {
    let c = PhotodiodeBankConfig::ideal_ops_sat();
    let r = run_fault(&c, &[fault(FaultKind::Stuck, 10.0, Some(20.0))], 30);
    for k in 10..20 {
        assert_eq!(r[k], r[9], "t = {k}");
    }
    assert_ne!(r[20], r[9]);
    assert!(r[20].value.unwrap() > r[9].value.unwrap());
}

#[test]
fn fault_stuck_at_a_value() {
    let c = PhotodiodeBankConfig::ideal_ops_sat();
    let r = run_fault(
        &c,
        &[fault(FaultKind::StuckAt { value_rad: 0.2 }, 5.0, None)],
        30,
    );
    assert!(r[5..].iter().all(|x| *x
        == PdReading {
            value: Some(0.2),
            flag: false
        }));
    assert_ne!(r[4].value, Some(0.2));
}

#[test]
fn fault_bias_jump() {
    let c = PhotodiodeBankConfig::ideal_ops_sat();
    let clean = run_fault(&c, &[], 30);
    let r = run_fault(
        &c,
        &[fault(FaultKind::BiasJump { bias: 0.05 }, 10.0, None)],
        30,
    );
    for k in 0..30 {
        let d = r[k].value.unwrap().sin() - clean[k].value.unwrap().sin();
        let expect = if k >= 10 { 0.05 } else { 0.0 };
        assert!((d - expect).abs() < 1e-12, "t = {k}: {d}");
    }
}

#[test]
fn fault_noisy_multiplies_sigma() {
    let sigma = 0.005;
    let c = single(|d| d.noise_sigma = sigma);
    let mut b = bank(&c, &[fault(FaultKind::Noisy { factor: 4.0 }, 0.0, None)]);
    let x = sines(&sample_n(&mut b, &sun_at(0.5), 100_000, 1.0));
    check_moments(&x, 0.5, 4.0 * sigma);
}

#[test]
fn fault_intermittent_dropout() {
    let p = 0.3;
    let c = single(|_| {});
    let mut b = bank(
        &c,
        &[fault(FaultKind::Dropout { probability: p }, 0.0, None)],
    );
    let r = sample_n(&mut b, &sun_at(0.8), 100_000, 1.0);
    let missing = r.iter().filter(|x| x.value.is_none()).count() as f64 / r.len() as f64;
    let se = (p * (1.0 - p) / r.len() as f64).sqrt();
    assert!((missing - p).abs() < 5.0 * se, "{missing}");
    assert!(r.iter().all(|x| x.value.is_some() || !x.flag));
}

#[test]
fn pd6_failure_leaves_the_other_diodes_untouched() {
    let c = PhotodiodeBankConfig::default();
    let light = sun_at(0.6);
    let faults = [FaultConfig {
        diode: "PD6".into(),
        start_s: 0.0,
        end_s: None,
        kind: FaultKind::Dead,
    }];
    let (mut a, mut b) = (bank(&c, &[]), bank(&c, &faults));
    let (mut ra, mut rb) = ([PdReading::default(); 6], [PdReading::default(); 6]);
    for k in 0..100 {
        a.sample(T0.add_seconds(k as f64), &light, &mut ra);
        b.sample(T0.add_seconds(k as f64), &light, &mut rb);
        assert_eq!(ra[..5], rb[..5]);
        assert_eq!(
            rb[5],
            PdReading {
                value: Some(0.0),
                flag: false
            }
        );
    }
}

#[test]
fn bad_fault_configurations_are_refused() {
    let c = PhotodiodeBankConfig::default();
    let body = Body::ops_sat();
    let build = |f: FaultConfig| PhotodiodeBank::new(&c, &body, &[f], T0, seeds());
    assert!(
        build(FaultConfig {
            diode: "PD7".into(),
            ..fault(FaultKind::Dead, 0.0, None)
        })
        .is_err()
    );
    assert!(build(fault(FaultKind::Dropout { probability: 1.5 }, 0.0, None)).is_err());
    assert!(build(fault(FaultKind::Dead, 10.0, Some(5.0))).is_err());
    assert!(build(fault(FaultKind::StuckAt { value_rad: 2.0 }, 0.0, None)).is_err());
    assert!(build(fault(FaultKind::Noisy { factor: f64::NAN }, 0.0, None)).is_err());
}
