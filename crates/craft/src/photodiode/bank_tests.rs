//! The short reading paths ([`ReadPath::Plain`], [`ReadPath::Drifting`]) are
//! the general path ([`Diode::read`]) without its tests: checked bit for bit
//! over random signals (dark, lit, on and between counts, saturated), time
//! steps that repeat, change, stop and go backwards, and diodes that differ
//! in noise, dark noise, bias, drift and quantisation step.

use orbitai_astro::Epoch;
use rand::RngExt;

use super::{PdReading, PhotodiodeBank, ReadPath};
use crate::body::Body;
use crate::noise::GaussMarkovConfig;
use crate::photodiode::{PhotodiodeBankConfig, PhotodiodeConfig};
use crate::rng::{SeedContext, SensorKind, StreamId, StreamRng, stream_rng};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);

fn bank(config: &PhotodiodeBankConfig) -> PhotodiodeBank {
    let seeds = SeedContext {
        master_seed: 7,
        run: 3,
        spacecraft: 0,
    };
    PhotodiodeBank::new(config, &Body::ops_sat(), &[], T0, seeds).unwrap()
}

/// OPS-SAT's diodes, each changed by `f(i, diode)`.
fn config(f: impl Fn(usize, &mut PhotodiodeConfig)) -> PhotodiodeBankConfig {
    let mut c = PhotodiodeBankConfig::default();
    for (i, d) in c.diodes.iter_mut().enumerate() {
        f(i, d);
    }
    c
}

/// A signal, sine units: dark, a whole or half count of `step`, just
/// around a count, beyond full scale, or anywhere in [0, 1].
fn signal(r: &mut StreamRng, step: f64) -> f64 {
    let k = (r.random::<f64>() * 400.0).floor();
    match r.random_range(0..8) {
        0 | 1 => 0.0,
        2 => k * step,
        3 => (k + 0.5) * step,
        4 => k * step * (1.0 + 1e-15 * (r.random::<f64>() - 0.5)),
        5 => 1.0 + r.random::<f64>() * 0.05,
        _ => r.random::<f64>(),
    }
}

/// The time step, s: mostly a fixed 5 s, with changes, repeats of other
/// steps, stops and a few steps back.
fn time_step(r: &mut StreamRng) -> f64 {
    match r.random_range(0..40) {
        0 => 0.0,
        1 => -2.0,
        2..=5 => 1.25,
        6 => 0.1 + 20.0 * r.random::<f64>(),
        _ => 5.0,
    }
}

/// Runs `config`'s bank on its own path (which must be `path`) and on the
/// general path side by side for `steps` steps; every reading and the final
/// drifts must agree bit for bit.
fn agrees_with_general(config: &PhotodiodeBankConfig, path: ReadPath, steps: usize) {
    let mut fast = bank(config);
    assert_eq!(fast.path, path);
    let mut general = fast.clone();
    general.path = ReadPath::General;
    let mut r = stream_rng(5, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 99));
    let n = fast.len();
    let (mut a, mut b) = (vec![PdReading::default(); n], vec![PdReading::default(); n]);
    let mut epoch = T0;
    for step in 0..steps {
        if step > 0 {
            epoch = epoch.add_seconds(time_step(&mut r));
        }
        for (i, d) in fast.diodes.iter().enumerate() {
            let s = signal(&mut r, d.step.max(1e-3));
            fast.signals[d.slot] = s;
            general.signals[general.diodes[i].slot] = s;
        }
        fast.read_into(epoch, &mut a);
        general.read_into(epoch, &mut b);
        for (x, y) in a.iter().zip(&b) {
            let bits = |p: &PdReading| (p.value.map(f64::to_bits), p.flag);
            assert_eq!(bits(x), bits(y), "step {step}");
        }
    }
    for (x, y) in fast.diodes.iter().zip(&general.diodes) {
        assert_eq!(x.drift.value().to_bits(), y.drift.value().to_bits());
    }
}

const DRIFT: GaussMarkovConfig = GaussMarkovConfig {
    sigma: 0.002,
    tau_s: 600.0,
};

#[test]
fn plain_path_is_the_general_path() {
    // Flight defaults; then bias, dark noise on some diodes and no noise on
    // one.
    agrees_with_general(&config(|_, _| {}), ReadPath::Plain, 20_000);
    let c = config(|i, d| {
        d.bias = 0.001 * i as f64 - 0.002;
        d.dark_noise = i % 2 == 0;
        if i == 5 {
            d.noise_sigma = 0.0;
        }
    });
    agrees_with_general(&c, ReadPath::Plain, 20_000);
}

#[test]
fn drifting_path_is_the_general_path() {
    // The all-errors configuration; then drifts that differ per diode (σ,
    // τ, one white: τ tiny), mixed dark noise, no noise on one diode, a
    // coarse step that saturates early.
    let all = config(|_, d| {
        d.drift = DRIFT;
        d.bias = 0.001;
        d.dark_noise = true;
    });
    agrees_with_general(&all, ReadPath::Drifting, 20_000);
    let mixed = config(|i, d| {
        d.drift = GaussMarkovConfig {
            sigma: 0.001 * (i + 1) as f64,
            tau_s: [600.0, 1.0, 1e-300, 50.0, 3.0e4, 7.5][i],
        };
        d.bias = -0.003 + 0.001 * i as f64;
        d.dark_noise = i % 3 == 0;
        if i == 4 {
            d.noise_sigma = 0.0;
        }
        if i == 2 {
            d.quantisation_step = 0.3;
        }
    });
    agrees_with_general(&mixed, ReadPath::Drifting, 20_000);
}

#[test]
fn paths_chosen_by_what_every_diode_needs() {
    // One diode without drift, or without quantisation, or with a fault,
    // sends the bank to the general path.
    let some_drift = config(|i, d| {
        if i != 3 {
            d.drift = DRIFT;
        }
    });
    assert_eq!(bank(&some_drift).path, ReadPath::General);
    let one_unquantised = config(|i, d| {
        d.drift = DRIFT;
        if i == 1 {
            d.quantisation_step = 0.0;
        }
    });
    assert_eq!(bank(&one_unquantised).path, ReadPath::General);
    let unquantised = config(|_, d| d.quantisation_step = 0.0);
    assert_eq!(bank(&unquantised).path, ReadPath::General);
}
