//! Deterministic random streams, one per noise source.
//!
//! Every noise source (a photodiode's white noise, its drift, a gyro's bias
//! walk, …) owns its own generator, seeded from the triple
//! `(master seed, run index, StreamId)`. Results therefore do not depend on
//! the order in which sensors are evaluated, on the number of threads, or on
//! which other sensors exist: adding a sensor or enabling another error term
//! never shifts anyone else's noise.
//!
//! # Derivation (stable: changing it changes every simulated run)
//!
//! With `sm(x)` the SplitMix64 finaliser (Steele, Lea & Flood 2014; the
//! output function of `java.util.SplittableRandom`) applied to `x + γ`,
//! γ = 0x9E37_79B9_7F4A_7C15:
//!
//! ```text
//! a  = sm(master_seed)
//! b  = sm(a ^ run_index)
//! hi = sm(b ^ stream.to_u64())
//! lo = sm(hi ^ 0xD1B5_4A32_D192_ED03)
//! generator = Pcg64Mcg::new((hi << 64) | lo)      // state forced odd
//! ```
//!
//! Chaining (rather than xor-ing the three inputs together) keeps
//! `(seed, run, stream)` triples that differ in any field apart, and each
//! SplitMix step is a bijection with full avalanche, so neighbouring run
//! indices or stream ids give unrelated generators. `Pcg64Mcg` (PCG XSL-RR
//! 128/64 MCG, "pcg64_fast") is small (16 bytes) and fast (one 128-bit
//! multiply per draw), and its output is fixed by the `rand_pcg` crate.

use rand_pcg::Pcg64Mcg;
use serde::{Deserialize, Serialize};

/// The generator every noise source uses.
pub type StreamRng = Pcg64Mcg;

/// Kinds of noise source; the discriminant is part of the [`StreamId`] and
/// must never change (append new kinds at the end with a new number).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[repr(u16)]
pub enum SensorKind {
    /// White noise of a photodiode.
    PhotodiodeNoise = 1,
    /// Gauss–Markov drift of a photodiode.
    PhotodiodeDrift = 2,
    /// Random faults of a photodiode (intermittent dropout).
    PhotodiodeFault = 3,
    /// Attitude-estimate error.
    AttitudeEstimate = 4,
    /// Gyro white noise.
    GyroNoise = 5,
    /// Gyro bias (initial value and random walk).
    GyroBias = 6,
    /// Fine Sun sensor angular noise.
    SunSensor = 7,
    /// Pointing jitter of the attitude timeline (truth, not a sensor).
    PointingJitter = 8,
    /// The draws of a Monte Carlo sweep's dispersions (not a sensor; the
    /// stream index is the dispersion's index in the sweep file).
    Dispersion = 9,
    /// The app loop's delays beyond its interval (an experiment's stream:
    /// the spacecraft field is the host's index, the index the
    /// experiment's position in the scenario).
    AppLoop = 10,
    /// The telemetry stalls the app sees (an experiment's stream, like
    /// [`SensorKind::AppLoop`]).
    AppStall = 11,
}

/// The identity of one noise stream within a run: which spacecraft, which
/// kind of source, and which instance (diode index, axis, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct StreamId {
    /// Spacecraft index within the scenario.
    pub spacecraft: u32,
    /// Kind of noise source.
    pub kind: SensorKind,
    /// Instance of that kind on the spacecraft (e.g. diode index 0..5).
    pub index: u16,
}

impl StreamId {
    /// A stream id.
    pub const fn new(spacecraft: u32, kind: SensorKind, index: u16) -> Self {
        StreamId {
            spacecraft,
            kind,
            index,
        }
    }

    /// The packed form fed to the seed derivation:
    /// `spacecraft << 32 | kind << 16 | index`.
    pub const fn to_u64(self) -> u64 {
        ((self.spacecraft as u64) << 32) | ((self.kind as u16 as u64) << 16) | self.index as u64
    }
}

/// Where a spacecraft's streams come from: the scenario's master seed, the
/// run (Monte-Carlo member) index and the spacecraft index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct SeedContext {
    /// The scenario's master seed.
    pub master_seed: u64,
    /// Run index within a sweep or Monte-Carlo set.
    pub run: u64,
    /// Spacecraft index within the scenario.
    pub spacecraft: u32,
}

impl SeedContext {
    /// The generator of stream `(kind, index)` of this spacecraft.
    pub fn stream(&self, kind: SensorKind, index: u16) -> StreamRng {
        stream_rng(
            self.master_seed,
            self.run,
            StreamId::new(self.spacecraft, kind, index),
        )
    }
}

const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64: `x + γ` through the finaliser of Steele, Lea & Flood (2014).
pub fn splitmix64(x: u64) -> u64 {
    let mut z = x.wrapping_add(GOLDEN_GAMMA);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 128-bit seed of a stream; see the module documentation.
pub fn stream_seed(master_seed: u64, run: u64, stream: StreamId) -> u128 {
    let a = splitmix64(master_seed);
    let b = splitmix64(a ^ run);
    let hi = splitmix64(b ^ stream.to_u64());
    let lo = splitmix64(hi ^ 0xD1B5_4A32_D192_ED03);
    ((hi as u128) << 64) | lo as u128
}

/// The generator of one noise stream; see the module documentation.
pub fn stream_rng(master_seed: u64, run: u64, stream: StreamId) -> StreamRng {
    Pcg64Mcg::new(stream_seed(master_seed, run, stream))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::RngExt;

    #[test]
    fn same_triple_same_sequence() {
        let id = StreamId::new(0, SensorKind::PhotodiodeNoise, 3);
        let mut a = stream_rng(42, 7, id);
        let mut b = stream_rng(42, 7, id);
        for _ in 0..100 {
            assert_eq!(a.random::<u64>(), b.random::<u64>());
        }
    }

    #[test]
    fn any_field_changes_the_sequence() {
        let base = StreamId::new(1, SensorKind::GyroNoise, 2);
        let first = |s: u64, r: u64, id: StreamId| stream_rng(s, r, id).random::<u64>();
        let x = first(42, 7, base);
        assert_ne!(x, first(43, 7, base));
        assert_ne!(x, first(42, 8, base));
        assert_ne!(x, first(42, 7, StreamId::new(2, SensorKind::GyroNoise, 2)));
        assert_ne!(x, first(42, 7, StreamId::new(1, SensorKind::GyroBias, 2)));
        assert_ne!(x, first(42, 7, StreamId::new(1, SensorKind::GyroNoise, 3)));
        // Swapping seed and run must not collide either.
        assert_ne!(first(7, 42, base), x);
    }

    #[test]
    fn seed_derivation_is_pinned() {
        // Changing the derivation silently would change every stored run.
        assert_eq!(splitmix64(0), 0xE220_A839_7B1D_CDAF);
        let id = StreamId::new(0, SensorKind::PhotodiodeNoise, 0);
        assert_eq!(id.to_u64(), 0x1_0000);
        let s1 = stream_seed(1, 0, id);
        let s2 = stream_seed(1, 0, id);
        assert_eq!(s1, s2);
    }

    #[test]
    fn neighbouring_streams_are_uncorrelated() {
        // Correlation of 10^5 uniform draws of adjacent diode streams.
        let n = 100_000;
        let mut a = stream_rng(5, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 0));
        let mut b = stream_rng(5, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 1));
        let (mut sab, mut sa, mut sb, mut saa, mut sbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for _ in 0..n {
            let x: f64 = a.random();
            let y: f64 = b.random();
            sab += x * y;
            sa += x;
            sb += y;
            saa += x * x;
            sbb += y * y;
        }
        let nf = n as f64;
        let cov = sab / nf - sa / nf * sb / nf;
        let corr = cov / ((saa / nf - (sa / nf).powi(2)) * (sbb / nf - (sb / nf).powi(2))).sqrt();
        // Standard error of a correlation estimate is 1/sqrt(n) ≈ 0.0032.
        assert!(corr.abs() < 5.0 / nf.sqrt(), "corr = {corr}");
    }
}
