//! Attitude sensors: the attitude estimate, a gyro and a fine Sun sensor.
//!
//! All angles are rad, rates rad/s, vectors in body axes. Every error term
//! has its own random stream (see [`crate::rng`]).

use orbitai_astro::{Epoch, Vec3};
use serde::{Deserialize, Serialize};

use crate::attitude::AttitudeState;
use crate::body::unit_from;
use crate::error::{ConfigError, check_non_negative, check_range};
use crate::noise::{GaussMarkovConfig, GaussMarkovN, RandomWalkN, gaussians, seconds_between};
use crate::photodiode::light::all_finite;
use crate::quat::Quat;
use crate::rng::{SeedContext, SensorKind, StreamRng};

/// The attitude estimate (the on-board ADCS's quaternion): the truth turned
/// by a small random rotation, per body axis white noise plus a
/// Gauss–Markov error.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AttitudeEstimateConfig {
    /// Per-axis white error, rad.
    pub white_sigma_rad: f64,
    /// Per-axis slowly varying error, rad and s.
    pub drift: GaussMarkovConfig,
}

impl Default for AttitudeEstimateConfig {
    /// Flight-like (spec §7: the Sun direction implied by the diodes and the
    /// one implied by the quaternion differ by a median of ~16°, 4° in the
    /// best stretches): a slowly varying error of 12.5° per axis with a
    /// 1200 s correlation time, which with the diodes' own errors gives that
    /// median over the simulated flight runs (see the crate's
    /// `flight_statistics` test). No white part: the flight data cannot
    /// separate one from the slow error.
    fn default() -> Self {
        AttitudeEstimateConfig {
            white_sigma_rad: 0.0,
            drift: GaussMarkovConfig {
                sigma: 12.5f64.to_radians(),
                tau_s: 1200.0,
            },
        }
    }
}

/// A rate gyro: `ω_meas = ω + b + σ w`, with the bias `b` drawn at start
/// (σ_b0) and then a random walk (q, rad/s/√s).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct GyroConfig {
    /// White noise per sample, rad/s.
    pub noise_sigma_rad_s: f64,
    /// Initial bias standard deviation, rad/s.
    pub bias_initial_sigma_rad_s: f64,
    /// Bias random-walk intensity, rad/s/√s.
    pub bias_random_walk: f64,
}

impl Default for GyroConfig {
    /// A typical CubeSat MEMS gyro (not measured in flight: the OrbitAI
    /// telemetry has no rates): 0.01°/s white noise, 0.05°/s initial bias,
    /// bias walk 1e-4 °/s/√s.
    fn default() -> Self {
        GyroConfig {
            noise_sigma_rad_s: 0.01f64.to_radians(),
            bias_initial_sigma_rad_s: 0.05f64.to_radians(),
            bias_random_walk: 1e-4f64.to_radians(),
        }
    }
}

/// A fine Sun sensor: the unit Sun vector in body axes turned by a small
/// random angle; invalid (missing) in eclipse and outside its field of view.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SunSensorConfig {
    /// Angular noise per axis across the Sun line, rad.
    pub noise_sigma_rad: f64,
    /// Minimum illumination fraction for a valid reading, in (0, 1].
    pub min_illumination: f64,
    /// Boresight, body axes.
    pub boresight: [f64; 3],
    /// Field-of-view half-angle about the boresight, rad; `None`: whole sky.
    pub fov_half_angle_rad: Option<f64>,
}

impl Default for SunSensorConfig {
    /// 0.1° per axis, valid above 50 % illumination, whole sky (the
    /// boresight, +Z, matters only if a field of view is set).
    fn default() -> Self {
        SunSensorConfig {
            noise_sigma_rad: 0.1f64.to_radians(),
            min_illumination: 0.5,
            boresight: [0.0, 0.0, 1.0],
            fov_half_angle_rad: None,
        }
    }
}

/// Attitude sensor readings at one step.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AttitudeReadings {
    /// Attitude estimate (inertial → body, scalar first).
    pub attitude: Quat,
    /// Measured body rate, rad/s, body axes.
    pub rate_rad_s: Vec3,
    /// Measured unit Sun vector, body axes; `None` when invalid.
    pub sun_vector: Option<Vec3>,
}

/// The three attitude sensors of one spacecraft at run time.
#[derive(Debug, Clone)]
pub struct AttitudeSensors {
    // The white-noise σs are `None` when zero (no draws), decided once here
    // rather than by a float compare on every step.
    est_white: Option<f64>,
    est_drift: GaussMarkovN<3>,
    est_rng: StreamRng,
    gyro_sigma: Option<f64>,
    gyro_bias: RandomWalkN<3>,
    gyro_noise_rng: StreamRng,
    gyro_bias_rng: StreamRng,
    sun_sigma: Option<f64>,
    sun_min_illumination: f64,
    sun_boresight: Vec3,
    sun_cos_fov: Option<f64>,
    sun_rng: StreamRng,
    last_epoch: Option<Epoch>,
}

impl AttitudeSensors {
    /// Builds the sensors with streams from `seeds`.
    pub fn new(
        estimate: &AttitudeEstimateConfig,
        gyro: &GyroConfig,
        sun: &SunSensorConfig,
        seeds: SeedContext,
    ) -> Result<Self, ConfigError> {
        check_non_negative(
            || "attitude_estimate.white_sigma_rad".into(),
            estimate.white_sigma_rad,
        )?;
        estimate.drift.validate("attitude_estimate.drift")?;
        check_non_negative(|| "gyro.noise_sigma_rad_s".into(), gyro.noise_sigma_rad_s)?;
        check_non_negative(
            || "gyro.bias_initial_sigma_rad_s".into(),
            gyro.bias_initial_sigma_rad_s,
        )?;
        check_non_negative(|| "gyro.bias_random_walk".into(), gyro.bias_random_walk)?;
        check_non_negative(|| "sun_sensor.noise_sigma_rad".into(), sun.noise_sigma_rad)?;
        check_range(
            || "sun_sensor.min_illumination".into(),
            sun.min_illumination,
            1e-9,
            1.0,
            "in (0, 1]",
        )?;
        let boresight = unit_from(|| "sun_sensor.boresight".into(), sun.boresight)?;
        if let Some(h) = sun.fov_half_angle_rad {
            check_range(
                || "sun_sensor.fov_half_angle_rad".into(),
                h,
                0.0,
                std::f64::consts::PI,
                "rad in [0, π]",
            )?;
        }
        Ok(AttitudeSensors {
            est_white: positive(estimate.white_sigma_rad),
            est_drift: GaussMarkovN::new(estimate.drift),
            est_rng: seeds.stream(SensorKind::AttitudeEstimate, 0),
            gyro_sigma: positive(gyro.noise_sigma_rad_s),
            gyro_bias: RandomWalkN::new(gyro.bias_initial_sigma_rad_s, gyro.bias_random_walk),
            gyro_noise_rng: seeds.stream(SensorKind::GyroNoise, 0),
            gyro_bias_rng: seeds.stream(SensorKind::GyroBias, 0),
            sun_sigma: positive(sun.noise_sigma_rad),
            sun_min_illumination: sun.min_illumination,
            sun_boresight: boresight,
            sun_cos_fov: sun.fov_half_angle_rad.map(f64::cos),
            sun_rng: seeds.stream(SensorKind::SunSensor, 0),
            last_epoch: None,
        })
    }

    /// The current gyro bias, rad/s (for tests and diagnostics).
    pub fn gyro_bias(&self) -> Vec3 {
        Vec3::from(self.gyro_bias.value())
    }

    /// Samples all three sensors at `epoch` from the true attitude state,
    /// the true Sun direction in body axes (unit) and the illumination
    /// fraction. Call once per step in increasing time.
    pub fn sample(
        &mut self,
        epoch: Epoch,
        truth: &AttitudeState,
        sun_body: &Vec3,
        illumination: f64,
    ) -> AttitudeReadings {
        let mut out = AttitudeReadings::default();
        self.sample_into(epoch, truth, sun_body, illumination, &mut out);
        out
    }

    /// [`AttitudeSensors::sample`] writing into `out` (the sensor suite's
    /// readings, without a copy).
    pub(crate) fn sample_into(
        &mut self,
        epoch: Epoch,
        truth: &AttitudeState,
        sun_body: &Vec3,
        illumination: f64,
        out: &mut AttitudeReadings,
    ) {
        let dt = self.last_epoch.map_or(0.0, |t| seconds_between(t, epoch));
        self.last_epoch = Some(epoch);
        // Each sensor writes its reading into `out` as soon as it has it, so
        // that no reading stays live (in registers or spilled) across the
        // others' draws. The sensors draw from separate streams, so their
        // order does not change any value.
        out.rate_rad_s = self.gyro_rate(dt, &truth.rate_body_rad_s);
        out.attitude = self.estimate(dt, &truth.quaternion);
        out.sun_vector = self.sun_vector(sun_body, illumination);
    }

    /// The attitude estimate after `dt` s: `q_est = exp(−δ/2) ⊗ q_true`.
    #[inline(always)]
    fn estimate(&mut self, dt: f64, truth: &Quat) -> Quat {
        let mut err = Vec3::from(self.est_drift.step(dt, &mut self.est_rng));
        if let Some(sigma) = self.est_white {
            err += Vec3::from(gaussians(sigma, &mut self.est_rng));
        }
        truth.rotated_in_body(&err)
    }

    /// The measured body rate after `dt` s, rad/s.
    #[inline(always)]
    fn gyro_rate(&mut self, dt: f64, truth: &Vec3) -> Vec3 {
        let mut rate = truth + Vec3::from(self.gyro_bias.step(dt, &mut self.gyro_bias_rng));
        if let Some(sigma) = self.gyro_sigma {
            rate += Vec3::from(gaussians(sigma, &mut self.gyro_noise_rng));
        }
        rate
    }

    /// The fine Sun sensor's reading. The noise is drawn only for a valid
    /// reading (in eclipse there is nothing to perturb), as the photodiodes
    /// draw only when lit: the stream stays deterministic and independent of
    /// every other stream, and its draws follow this sensor's own validity.
    #[inline(always)]
    fn sun_vector(&mut self, sun_body: &Vec3, illumination: f64) -> Option<Vec3> {
        let in_fov = self
            .sun_cos_fov
            .is_none_or(|c| sun_body.dot(&self.sun_boresight) >= c);
        let valid = illumination >= self.sun_min_illumination && in_fov && all_finite(sun_body);
        valid.then(|| {
            if let Some(sigma) = self.sun_sigma {
                let [a, b] = gaussians(sigma, &mut self.sun_rng);
                perturb_direction(sun_body, a, b)
            } else {
                perturb_direction(sun_body, 0.0, 0.0)
            }
        })
    }
}

/// `sigma` if it is > 0 (a white noise that draws), else `None`.
fn positive(sigma: f64) -> Option<f64> {
    (sigma > 0.0).then_some(sigma)
}

/// `u` (unit) turned by small angles `a`, `b` about two axes perpendicular
/// to it; the result is renormalised.
#[inline]
fn perturb_direction(u: &Vec3, a: f64, b: f64) -> Vec3 {
    // With e1 = (u × h)/|u × h| for a helper axis h not parallel to u, and
    // e2 = u × e1, the result is (u + a e1 + b e2)/√(1 + a² + b²) (u, e1,
    // e2 orthonormal). Written so that the two square roots do not wait for
    // each other or for the vectors: c = u × h is (0, u_z, −u_y) for h = x̂
    // and (−u_z, 0, u_x) for h = ŷ, and 1/|c| scales a and b instead of c.
    let (c, c2) = if u.x.abs() < 0.9 {
        (Vec3::new(0.0, u.z, -u.y), u.y * u.y + u.z * u.z)
    } else {
        (Vec3::new(-u.z, 0.0, u.x), u.x * u.x + u.z * u.z)
    };
    let inv_c = 1.0 / c2.sqrt();
    let inv_norm = 1.0 / (1.0 + a * a + b * b).sqrt();
    let v = u + c * (a * inv_c) + u.cross(&c) * (b * inv_c);
    v * inv_norm
}
