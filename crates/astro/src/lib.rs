//! orbitai-astro: where the spacecraft is and where the Sun is.
//!
//! Time ([`time`]), TLE parsing ([`tle`]), SGP4 propagation ([`orbit`]),
//! reference frames ([`frames`]), the Sun ([`sun`]) and the Earth's shadow
//! ([`eclipse`]). No ECS, no configuration files: pure functions and small
//! value types that the simulator's systems call.
//!
//! # Conventions (used by every orbitai crate)
//! - Units: km, km/s, seconds, radians; time is UTC ([`Epoch`]).
//! - One inertial frame: TEME of date (the frame SGP4 outputs). Spacecraft
//!   positions and velocities, the Sun vector and the inertial side of every
//!   attitude quaternion are expressed in it. Earth-fixed coordinates (ECEF,
//!   geodetic) appear only for ground tracks, nadir and ground targets, via
//!   [`frames`].
//! - Attitude quaternions are scalar-first `[q0, q1, q2, q3]` and rotate
//!   inertial (TEME) vectors into the body frame: `v_body = q ⊗ v_teme ⊗ q*`.

pub mod eclipse;
pub mod frames;
pub mod input;
pub mod orbit;
pub mod orbit_interpolator;
pub mod sun;
pub mod sun_interpolator;
pub mod time;
pub mod tle;
pub mod track;

pub use eclipse::{EclipseModel, Shadow};
pub use orbit::{OrbitError, OrbitState, Propagator, PropagatorMode};
pub use orbit_interpolator::OrbitInterpolator;
pub use sun_interpolator::SunInterpolator;
pub use time::{Epoch, TimeError};
pub use tle::{Tle, TleError};
pub use track::{TrackPoint, Tracker};

/// A 3-vector of f64 (km, km/s or unitless, as each use states).
pub type Vec3 = nalgebra::Vector3<f64>;
