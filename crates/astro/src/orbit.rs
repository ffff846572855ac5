//! SGP4 propagation of a [`Tle`] to position and velocity in TEME (km, km/s).
//!
//! AFSPC compatibility mode is the default: it uses WGS72 constants and the
//! AFSPC sidereal-time and epoch expressions, which is how TLEs are fitted,
//! so it reproduces the operational predictions (Vallado's verification
//! cases to 1e-6 km). The `sgp4` crate's own default (WGS84 constants, IAU
//! expressions) is selectable and differs by ~28 m to ~1 km.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::Vec3;
use crate::time::Epoch;
use crate::tle::Tle;

/// Equatorial radius of the WGS72 Earth model that SGP4 uses, km. A
/// propagated position inside it means the satellite has decayed.
pub const SGP4_EARTH_RADIUS_KM: f64 = 6378.135;

/// Which constants and time expressions SGP4 uses.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum PropagatorMode {
    /// WGS72 and the AFSPC expressions, as TLEs are produced (the default).
    #[default]
    Afspc,
    /// WGS84 constants and IAU expressions (the `sgp4` crate's default).
    Wgs84,
}

/// Position and velocity of a spacecraft at an epoch, TEME of date.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OrbitState {
    /// The instant (UTC).
    pub epoch: Epoch,
    /// Geocentric position, TEME, km.
    pub position_km: Vec3,
    /// Velocity relative to TEME, km/s.
    pub velocity_km_s: Vec3,
}

/// A propagation that cannot give a valid state.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum OrbitError {
    /// The elements cannot initialise SGP4 (e.g. eccentricity out of range).
    #[error("{satellite}: the TLE cannot be propagated: {message}")]
    Elements {
        /// The satellite label.
        satellite: String,
        /// What SGP4 reported.
        message: String,
    },
    /// SGP4 failed at a given time (diverging eccentricity, negative
    /// semi-latus rectum, or a non-finite result).
    #[error(
        "{satellite}: propagation failed at {epoch} ({minutes:.3} min from the TLE epoch): {message}"
    )]
    Propagation {
        /// The satellite label.
        satellite: String,
        /// The requested instant.
        epoch: Epoch,
        /// Minutes since the TLE epoch.
        minutes: f64,
        /// What went wrong.
        message: String,
    },
    /// The propagated position lies inside the Earth.
    #[error(
        "{satellite}: the orbit has decayed by {epoch} ({minutes:.3} min from the TLE epoch): radius {radius_km:.3} km is below the Earth radius {SGP4_EARTH_RADIUS_KM} km"
    )]
    Decayed {
        /// The satellite label.
        satellite: String,
        /// The requested instant.
        epoch: Epoch,
        /// Minutes since the TLE epoch.
        minutes: f64,
        /// The propagated geocentric radius, km.
        radius_km: f64,
    },
}

/// An initialised SGP4 propagator for one element set.
#[derive(Debug, Clone)]
pub struct Propagator {
    constants: sgp4::Constants,
    tle_epoch: Epoch,
    mode: PropagatorMode,
    satellite: String,
}

impl Propagator {
    /// Initialises SGP4 for `tle` in `mode`.
    pub fn new(tle: &Tle, mode: PropagatorMode) -> Result<Self, OrbitError> {
        let satellite = tle.label();
        let constants = match mode {
            PropagatorMode::Afspc => {
                sgp4::Constants::from_elements_afspc_compatibility_mode(tle.elements())
            }
            PropagatorMode::Wgs84 => sgp4::Constants::from_elements(tle.elements()),
        }
        .map_err(|e| OrbitError::Elements {
            satellite: satellite.clone(),
            message: e.to_string(),
        })?;
        Ok(Propagator {
            constants,
            tle_epoch: tle.epoch(),
            mode,
            satellite,
        })
    }

    /// The epoch of the element set (UTC).
    pub fn tle_epoch(&self) -> Epoch {
        self.tle_epoch
    }

    /// The mode this propagator was built with.
    pub fn mode(&self) -> PropagatorMode {
        self.mode
    }

    /// Position and velocity at `epoch`, TEME, km and km/s.
    pub fn state_at(&self, epoch: Epoch) -> Result<OrbitState, OrbitError> {
        // Same expression as `sgp4::Elements::datetime_to_minutes_since_epoch`.
        let minutes = epoch.nanos_since(self.tle_epoch) as f64 / 60e9;
        let (position_km, velocity_km_s) = self.propagate_minutes(minutes, epoch)?;
        Ok(OrbitState {
            epoch,
            position_km,
            velocity_km_s,
        })
    }

    /// Position (km) and velocity (km/s) in TEME `minutes` after the TLE
    /// epoch, the time argument of the SGP4 verification cases.
    pub fn state_at_minutes(&self, minutes: f64) -> Result<(Vec3, Vec3), OrbitError> {
        let epoch = self.tle_epoch.add_seconds(minutes * 60.0);
        self.propagate_minutes(minutes, epoch)
    }

    fn propagate_minutes(&self, minutes: f64, epoch: Epoch) -> Result<(Vec3, Vec3), OrbitError> {
        let t = sgp4::MinutesSinceEpoch(minutes);
        let prediction = match self.mode {
            PropagatorMode::Afspc => self.constants.propagate_afspc_compatibility_mode(t),
            PropagatorMode::Wgs84 => self.constants.propagate(t),
        };
        let failure = |message: String| OrbitError::Propagation {
            satellite: self.satellite.clone(),
            epoch,
            minutes,
            message,
        };
        let prediction = prediction.map_err(|e| failure(e.to_string()))?;
        let position = Vec3::from(prediction.position);
        let velocity = Vec3::from(prediction.velocity);
        if !position
            .iter()
            .chain(velocity.iter())
            .all(|c| c.is_finite())
        {
            return Err(failure("SGP4 returned a non-finite state".into()));
        }
        let radius_km = position.norm();
        if radius_km < SGP4_EARTH_RADIUS_KM {
            return Err(OrbitError::Decayed {
                satellite: self.satellite.clone(),
                epoch,
                minutes,
                radius_km,
            });
        }
        Ok((position, velocity))
    }
}
