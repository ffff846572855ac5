//! The sensor-step workload shared by `benches/sensors.rs` and
//! `examples/profile_sensors.rs` (which includes this file by path), so that
//! the criterion figures and the callgrind counts measure the same steps.

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::AttitudeState;
use orbitai_craft::noise::GaussMarkovConfig;
use orbitai_craft::{CraftConfig, Quat, SeedContext, Truth};

/// First instant of the workload, UTC.
pub const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
/// Number of distinct truths (cycled).
pub const N: usize = 4096;
/// The seed context of the benchmarked suite.
pub const SEEDS: SeedContext = SeedContext {
    master_seed: 1,
    run: 0,
    spacecraft: 0,
};

/// A tumbling spacecraft on a 520 km circular orbit, Sun sometimes behind
/// the Earth: every diode is lit, dark or Earth-facing at some point.
pub fn truths() -> Vec<Truth> {
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

/// Step `k` of the workload: truth `k mod N`, at `T0 + k` s, so that time
/// keeps increasing (1 s steps) however many steps run.
pub fn truth_at(truths: &[Truth], k: usize) -> Truth {
    let mut truth = truths[k % N];
    truth.epoch = T0.add_nanos(k as i64 * 1_000_000_000);
    truth
}

/// The flight defaults with every error term switched on: drift, bias,
/// noise on dark diodes too.
pub fn all_errors() -> CraftConfig {
    let mut all = CraftConfig::default();
    for d in &mut all.photodiodes.diodes {
        d.drift = GaussMarkovConfig {
            sigma: 0.002,
            tau_s: 600.0,
        };
        d.bias = 0.001;
        d.dark_noise = true;
    }
    all
}
