//! Attitude: where the body axes point.
//!
//! A mode ([`AttitudeMode`]) is a pure function of time and orbital state
//! giving the attitude quaternion (convention in [`crate::quat`]); a
//! [`AttitudeTimeline`] switches between modes at given times with
//! rate-limited slews and optional pointing jitter.

mod modes;
mod pointing;
mod recorded;
mod rigid;
mod timeline;

pub use modes::{AttitudeMode, AttitudeModeConfig};
pub use pointing::{Direction, GroundPoint, align_constrain, align_constrain_with_rate};
pub use recorded::{QuatSample, RecordedAttitude};
pub use timeline::{AttitudeTimeline, JitterConfig, TimelineConfig, TimelineEntry};

use orbitai_astro::{Epoch, Vec3, track::TrackPoint};

use crate::quat::Quat;

/// Earth's gravitational parameter (WGS84), km³/s²: only used to advance the
/// orbital state by a fraction of a second when differentiating attitudes.
const MU_EARTH_KM3_S2: f64 = 398_600.441_8;

/// What an attitude mode may depend on at one instant (all TEME).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AttitudeContext {
    /// The instant (UTC).
    pub epoch: Epoch,
    /// Spacecraft position, TEME, km.
    pub position_km: Vec3,
    /// Spacecraft velocity, TEME, km/s.
    pub velocity_km_s: Vec3,
    /// Unit vector from the spacecraft to the Sun, TEME.
    pub sun_direction: Vec3,
}

impl AttitudeContext {
    /// The context of a track point from `orbitai-astro`.
    pub fn from_track(point: &TrackPoint) -> Self {
        AttitudeContext {
            epoch: point.state.epoch,
            position_km: point.state.position_km,
            velocity_km_s: point.state.velocity_km_s,
            sun_direction: point.sun_direction,
        }
    }

    /// Two-body gravitational acceleration at the position, TEME, km/s²
    /// (zero at the Earth's centre).
    pub(crate) fn gravity_km_s2(&self) -> Vec3 {
        let r = self.position_km.norm();
        if r > 0.0 {
            -self.position_km * (MU_EARTH_KM3_S2 / (r * r * r))
        } else {
            Vec3::zeros()
        }
    }

    /// The context `dt_s` seconds later on a two-body arc (second order),
    /// Sun direction unchanged: good to ~1e-9 rad in direction for |dt| ≤ 1 s,
    /// which is all attitude differentiation needs.
    pub(crate) fn shifted(&self, dt_s: f64) -> Self {
        let a = self.gravity_km_s2();
        AttitudeContext {
            epoch: self.epoch.add_seconds(dt_s),
            position_km: self.position_km + self.velocity_km_s * dt_s + a * (0.5 * dt_s * dt_s),
            velocity_km_s: self.velocity_km_s + a * dt_s,
            sun_direction: self.sun_direction,
        }
    }
}

/// The attitude and body rate at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct AttitudeState {
    /// Attitude quaternion (inertial → body, scalar first).
    pub quaternion: Quat,
    /// Angular velocity of the body relative to inertial space, body axes,
    /// rad/s.
    pub rate_body_rad_s: Vec3,
}

/// Body rate from two attitudes `dt_s` apart (`q1` later): the rotation
/// vector from `q0` to `q1` divided by the time.
pub(crate) fn rate_between(q0: &Quat, q1: &Quat, dt_s: f64) -> Vec3 {
    if dt_s > 0.0 {
        q0.rotation_to(q1) / dt_s
    } else {
        Vec3::zeros()
    }
}
