//! A spacecraft's trajectory together with the Sun and the Earth's shadow:
//! the truth that `orbitai propagate` prints and the simulator's orbit and
//! illumination stages evaluate at every step.

use crate::Vec3;
use crate::eclipse::Shadow;
use crate::orbit::{OrbitError, OrbitState, Propagator};
use crate::sun_interpolator::SunInterpolator;
use crate::time::Epoch;

/// The spacecraft state, the Sun and the illumination at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrackPoint {
    /// Position and velocity, TEME, km and km/s.
    pub state: OrbitState,
    /// Geocentric position of the Sun, TEME, km.
    pub sun_position_km: Vec3,
    /// Unit vector from the spacecraft to the Sun, TEME.
    pub sun_direction: Vec3,
    /// Illuminated fraction of the solar disc seen from the spacecraft:
    /// 1 in full sun, 0 in umbra, in between in penumbra.
    pub illumination: f64,
}

/// Evaluates [`TrackPoint`]s for one spacecraft.
#[derive(Debug, Clone)]
pub struct Tracker {
    propagator: Propagator,
    shadow: Shadow,
    sun: SunInterpolator,
}

impl Tracker {
    /// A tracker over `propagator` with the Earth shadow model `shadow`.
    pub fn new(propagator: Propagator, shadow: Shadow) -> Self {
        Tracker {
            propagator,
            shadow,
            sun: SunInterpolator::new(),
        }
    }

    /// The propagator this tracker uses.
    pub fn propagator(&self) -> &Propagator {
        &self.propagator
    }

    /// Position, velocity, Sun and illumination at `epoch`. The Sun comes
    /// from a [`SunInterpolator`] (1 h nodes, < 1e-7 rad from the exact
    /// ephemeris), which is why this takes `&mut self`.
    pub fn point_at(&mut self, epoch: Epoch) -> Result<TrackPoint, OrbitError> {
        let state = self.propagator.state_at(epoch)?;
        let sun_position_km = self.sun.position(epoch);
        let sun_direction = (sun_position_km - state.position_km).normalize();
        let illumination = self
            .shadow
            .illumination(&state.position_km, &sun_position_km);
        Ok(TrackPoint {
            state,
            sun_position_km,
            sun_direction,
            illumination,
        })
    }
}
