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

/// The workload's steps in order: step `k` is truth `k mod N` at `T0 + k`
/// s, so that time keeps increasing (1 s steps) however many steps run.
///
/// Each step's truth is handed out by reference from a table built ahead,
/// so that a timed step is the sensor step alone. (Copying the 136-byte
/// truth out of a table inside the timed loop, as this workload first did,
/// added ~10 ns to the ~118 ns step: the copy itself, and the step's first
/// wide loads stalling on the copy's just-issued stores, which a store
/// buffer cannot forward.)
pub struct TruthCycle {
    truths: Vec<Truth>,
    k: usize,
}

impl TruthCycle {
    /// The cycle from step 0.
    pub fn new() -> TruthCycle {
        let mut truths = truths();
        for (k, t) in truths.iter_mut().enumerate() {
            t.epoch = T0.add_nanos(k as i64 * 1_000_000_000);
        }
        TruthCycle { truths, k: 0 }
    }

    /// The next step's truth.
    #[inline]
    pub fn next_truth(&mut self) -> &Truth {
        if self.k == N {
            // A new lap: the same truths N seconds later (one 8-byte store
            // per truth, every N steps).
            self.k = 0;
            for t in &mut self.truths {
                t.epoch = t.epoch.add_nanos(N as i64 * 1_000_000_000);
            }
        }
        self.k += 1;
        &self.truths[self.k - 1]
    }
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
