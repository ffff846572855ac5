//! Photodiodes: the six Sun-elevation sensors OrbitAI learns from.
//!
//! # Reading pipeline (per diode, per step)
//! With n̂ the face normal, ŝ the Sun direction (body axes), f the
//! illumination fraction and c = max(0, n̂·ŝ):
//!
//! 1. signal, in sine (current) units where 1 is the full-Sun current at
//!    normal incidence: `s = g · (f · c · (1 − k (1 − c)) + E_albedo)`, with
//!    `g` the gain (scale factor) and `k` the oblique-incidence loss (the
//!    response is below the ideal cosine except at normal incidence);
//!    `E_albedo` as in [`light`];
//! 2. `+ bias + drift(t) + σ w`: constant bias, first-order Gauss–Markov
//!    drift (exact discretisation), white Gaussian noise. The white noise is
//!    applied to a dark diode (s = 0) only if `dark_noise` is set: in flight,
//!    faces that are dark and turned away from the Earth read exactly 0 in
//!    97 % of samples (spec §7), so there is no noise without photocurrent;
//! 3. quantisation to a multiple of the diode's step (sine domain, spec §7);
//! 4. saturation to [0, 1] (i.e. [0, π/2] in angle);
//! 5. the reading is `asin(s)`, the Sun elevation above the face that the
//!    on-board conversion (which assumes full Sun) reports;
//! 6. the validity flag is true when the reading is ≥ the threshold and the
//!    diode is not dead;
//! 7. faults ([`crate::fault`]) modify or override the result.
//!
//! With no errors (k = 0, g = 1, no noise, no albedo), the reading is
//! exactly `asin(f · max(0, n̂·ŝ))`, and Σ sin² over the six OPS-SAT faces is
//! f² (the components of ŝ on the lit faces).

mod bank;
mod lanes;
pub mod light;
mod signal;

pub use bank::{PdReading, PhotodiodeBank};
pub use light::{EarthView, LightInput};

use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, check_non_negative, check_range};
use crate::noise::GaussMarkovConfig;

/// OPS-SAT quantisation steps of PD1..PD6, sine units (spec §7).
pub const OPS_SAT_STEPS: [f64; 6] = [2.744e-3, 2.293e-3, 2.571e-3, 2.308e-3, 2.687e-3, 2.642e-3];
/// OPS-SAT gains of PD1..PD6 relative to the ideal model (spec §7).
pub const OPS_SAT_GAINS: [f64; 6] = [0.99, 0.84, 0.97, 0.95, 0.95, 0.97];
/// OPS-SAT faces of PD1..PD6 (spec §6): +Z, −Y, +X, +Y, −X, −Z.
pub const OPS_SAT_FACES: [&str; 6] = ["+Z", "-Y", "+X", "+Y", "-X", "-Z"];
/// OPS-SAT white noise, in quantisation counts (spec §7: 0.6–0.8).
pub const OPS_SAT_NOISE_COUNTS: f64 = 0.7;
/// OPS-SAT validity threshold, rad (spec §7: 0.375–0.379).
pub const OPS_SAT_VALIDITY_THRESHOLD_RAD: f64 = 0.378;
/// Oblique-incidence loss `k` of the response `c (1 − k (1 − c))`, chosen so
/// that a simulated campaign, with the flight gains, gives the flight's
/// median Σ sin² in sunlight (0.92; see the crate's `flight_statistics`
/// test). The flight gains (spec §7, fitted against the ideal model)
/// already carry most of the shortfall, hence the small value.
pub const OPS_SAT_OBLIQUE_LOSS: f64 = 0.02;
/// Effective albedo coefficient `a`, tuned so that dark Earth-facing faces
/// read sin ≈ 0.004 on average over the simulated flight runs, as in flight
/// (spec §7; see [`light`] for the model).
pub const OPS_SAT_ALBEDO_COEFFICIENT: f64 = 2.0;
/// Albedo directivity exponent `m` (see [`light`]), tuned with
/// [`OPS_SAT_ALBEDO_COEFFICIENT`].
pub const OPS_SAT_ALBEDO_DIRECTIVITY: u8 = 6;

/// One photodiode in a scenario file. Fields left out take the OPS-SAT
/// typical value shown on each.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotodiodeConfig {
    /// Unique name, e.g. `"PD1"`.
    pub name: String,
    /// The body face it sits on (see [`crate::body::BodyConfig`]).
    pub face: String,
    /// Scale factor `g` (default 0.95, ≥ 0).
    #[serde(default = "default_gain")]
    pub gain: f64,
    /// Oblique-incidence loss `k` in [0, 1] (default
    /// [`OPS_SAT_OBLIQUE_LOSS`]; 0 = ideal cosine response).
    #[serde(default = "default_oblique_loss")]
    pub oblique_loss: f64,
    /// White noise standard deviation, sine units (default 0.7 counts of a
    /// 2.6e-3 step, 1.8e-3).
    #[serde(default = "default_noise")]
    pub noise_sigma: f64,
    /// Whether white noise also applies without photocurrent (default false).
    #[serde(default)]
    pub dark_noise: bool,
    /// Constant bias, sine units (default 0: no offset in flight).
    #[serde(default)]
    pub bias: f64,
    /// Gauss–Markov drift, σ in sine units and τ in s (default off).
    #[serde(default)]
    pub drift: GaussMarkovConfig,
    /// Quantisation step, sine units (default 2.6e-3; 0 = none).
    #[serde(default = "default_step")]
    pub quantisation_step: f64,
    /// Validity flag threshold, rad (default 0.378).
    #[serde(default = "default_threshold")]
    pub validity_threshold_rad: f64,
}

fn default_gain() -> f64 {
    0.95
}
fn default_oblique_loss() -> f64 {
    OPS_SAT_OBLIQUE_LOSS
}
fn default_step() -> f64 {
    2.6e-3
}
fn default_noise() -> f64 {
    OPS_SAT_NOISE_COUNTS * default_step()
}
fn default_threshold() -> f64 {
    OPS_SAT_VALIDITY_THRESHOLD_RAD
}

impl PhotodiodeConfig {
    /// OPS-SAT's diode `PD{i+1}` (`i` in 0..6) with its flight-measured
    /// gain, step and noise.
    pub fn ops_sat(i: usize) -> PhotodiodeConfig {
        let i = i.min(5);
        PhotodiodeConfig {
            name: format!("PD{}", i + 1),
            face: OPS_SAT_FACES[i].to_string(),
            gain: OPS_SAT_GAINS[i],
            oblique_loss: OPS_SAT_OBLIQUE_LOSS,
            noise_sigma: OPS_SAT_NOISE_COUNTS * OPS_SAT_STEPS[i],
            dark_noise: false,
            bias: 0.0,
            drift: GaussMarkovConfig::OFF,
            quantisation_step: OPS_SAT_STEPS[i],
            validity_threshold_rad: OPS_SAT_VALIDITY_THRESHOLD_RAD,
        }
    }

    /// An error-free diode on `face`: reads exactly `asin(f·max(0, n̂·ŝ))`.
    pub fn ideal(name: &str, face: &str) -> PhotodiodeConfig {
        PhotodiodeConfig {
            name: name.into(),
            face: face.into(),
            gain: 1.0,
            oblique_loss: 0.0,
            noise_sigma: 0.0,
            dark_noise: false,
            bias: 0.0,
            drift: GaussMarkovConfig::OFF,
            quantisation_step: 0.0,
            validity_threshold_rad: OPS_SAT_VALIDITY_THRESHOLD_RAD,
        }
    }

    /// Checks the numbers (`i` for error messages).
    pub fn validate(&self, i: usize) -> Result<(), ConfigError> {
        let f = |n: &str| format!("photodiodes.diodes[{i}].{n}");
        check_range(|| f("gain"), self.gain, 0.0, 100.0, "in [0, 100]")?;
        check_range(
            || f("oblique_loss"),
            self.oblique_loss,
            0.0,
            1.0,
            "in [0, 1]",
        )?;
        check_non_negative(|| f("noise_sigma"), self.noise_sigma)?;
        check_range(|| f("bias"), self.bias, -1.0, 1.0, "sine units in [−1, 1]")?;
        self.drift.validate(&f("drift"))?;
        check_range(
            || f("quantisation_step"),
            self.quantisation_step,
            0.0,
            1.0,
            "in [0, 1]",
        )?;
        check_range(
            || f("validity_threshold_rad"),
            self.validity_threshold_rad,
            0.0,
            std::f64::consts::FRAC_PI_2,
            "rad in [0, π/2]",
        )?;
        Ok(())
    }
}

/// Earth albedo seen by the diodes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlbedoConfig {
    /// Effective albedo coefficient `a` (default
    /// [`OPS_SAT_ALBEDO_COEFFICIENT`]; 0 disables albedo).
    pub coefficient: f64,
    /// Directivity exponent `m` of the diodes' response to Earth light
    /// (default [`OPS_SAT_ALBEDO_DIRECTIVITY`]; 1 = cosine).
    pub directivity: u8,
    /// Radius of the spherical Earth for the albedo geometry, km (default
    /// WGS84 equatorial, 6378.137).
    pub earth_radius_km: f64,
}

impl Default for AlbedoConfig {
    fn default() -> Self {
        AlbedoConfig {
            coefficient: OPS_SAT_ALBEDO_COEFFICIENT,
            directivity: OPS_SAT_ALBEDO_DIRECTIVITY,
            earth_radius_km: orbitai_astro::frames::WGS84_EQUATORIAL_RADIUS_KM,
        }
    }
}

/// The photodiodes of one spacecraft in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PhotodiodeBankConfig {
    /// The diodes (default OPS-SAT's PD1..PD6, see
    /// [`PhotodiodeConfig::ops_sat`]).
    pub diodes: Vec<PhotodiodeConfig>,
    /// Earth albedo.
    pub albedo: AlbedoConfig,
}

impl Default for PhotodiodeBankConfig {
    fn default() -> Self {
        PhotodiodeBankConfig {
            diodes: (0..6).map(PhotodiodeConfig::ops_sat).collect(),
            albedo: AlbedoConfig::default(),
        }
    }
}

impl PhotodiodeBankConfig {
    /// The OPS-SAT layout with every error switched off (ideal diodes, no
    /// albedo): readings are exactly `asin(f·max(0, n̂·ŝ))`.
    pub fn ideal_ops_sat() -> Self {
        PhotodiodeBankConfig {
            diodes: (0..6)
                .map(|i| PhotodiodeConfig::ideal(&format!("PD{}", i + 1), OPS_SAT_FACES[i]))
                .collect(),
            albedo: AlbedoConfig {
                coefficient: 0.0,
                ..AlbedoConfig::default()
            },
        }
    }
}
