//! SGP4 at simulation rates: exact states at nodes a few seconds apart,
//! cubic interpolation in between.
//!
//! Why: one SGP4 evaluation costs about as much as everything else a
//! spacecraft does in a tick (attitude, sensors, telemetry), while the orbit
//! is smooth on the scale of seconds.
//!
//! How: positions and velocities are each interpolated by the cubic through
//! the four nodes around the instant (Lagrange, nodes `k−1 … k+2` for an
//! instant between nodes `k` and `k+1`), from SGP4's own outputs. (A Hermite
//! cubic from two nodes' positions and velocities would need half the
//! nodes, but SGP4's velocity is not exactly the derivative of its position
//! — they differ by ~2.6 cm/s for OPS-SAT — which makes its error grow to
//! centimetres.) The cubic's error is at most `0.0234 h⁴ max|r⁗|`; in low
//! Earth orbit `|r⁗| ≈ n⁴ r` with the mean motion `n ≈ 1.1e-3 rad/s`, so
//! with the default spacing `h` = 10 s the position error is ~2 mm and the
//! velocity error ~0.003 mm/s (measured on OPS-SAT over a day and on a
//! Molniya orbit through perigee: see the tests), far inside SGP4's own
//! error of about a kilometre at the TLE epoch. An eclipse boundary moves by
//! less than a microsecond, the Sun direction by ~1e-14 rad, a nadir
//! direction by ~3e-10 rad.
//!
//! Nodes sit at whole multiples of `h` since the Unix epoch, so the state at
//! an instant depends only on that instant, never on what was asked before:
//! runs stay reproducible whatever order or thread evaluates them. Moving
//! forward one interval reuses three nodes, so a run at steps shorter than
//! `h` costs one SGP4 evaluation per `h` (any other jump recomputes the four
//! nodes; [`OrbitInterpolator::for_step`] interpolates only for steps up to
//! `h/2`). A spacing of 0 turns the interpolation off (SGP4 at every instant
//! asked).

use crate::orbit::{OrbitError, OrbitState, Propagator};
use crate::{Epoch, Vec3};

/// Default node spacing, s.
pub const DEFAULT_NODE_SPACING_S: f64 = 10.0;

/// Largest node spacing accepted, s (position error ~20 cm in LEO).
pub const MAX_NODE_SPACING_S: f64 = 30.0;

/// Node states around the last instant asked: `index` is the node before
/// it (multiples of the spacing since the Unix epoch); `states` are those
/// at nodes `index − 1 … index + 2`.
#[derive(Debug, Clone, Copy)]
struct Nodes {
    index: i64,
    states: [OrbitState; 4],
}

/// An SGP4 propagator that interpolates between nodes (see the module
/// documentation).
#[derive(Debug, Clone)]
pub struct OrbitInterpolator {
    propagator: Propagator,
    /// Node spacing, ns (0: no interpolation).
    spacing_nanos: i64,
    nodes: Option<Nodes>,
}

impl OrbitInterpolator {
    /// Interpolates `propagator` between nodes `spacing_s` apart (s, rounded
    /// to whole milliseconds; 0: no interpolation). Spacings outside
    /// `[0, MAX_NODE_SPACING_S]` are clamped into it, NaN means 0.
    pub fn new(propagator: Propagator, spacing_s: f64) -> Self {
        let spacing_s = if spacing_s.is_nan() {
            0.0
        } else {
            spacing_s.clamp(0.0, MAX_NODE_SPACING_S)
        };
        OrbitInterpolator {
            propagator,
            spacing_nanos: (spacing_s * 1e3).round() as i64 * 1_000_000,
            nodes: None,
        }
    }

    /// An interpolator for a run that asks every `step_s` seconds: nodes
    /// `spacing_s` apart if the step is at most half the spacing, else no
    /// interpolation. (A step of half the spacing already halves the SGP4
    /// evaluations; with longer steps nearly every step would need a new
    /// node anyway, and the interpolation would only add its own cost.)
    pub fn for_step(propagator: Propagator, spacing_s: f64, step_s: f64) -> Self {
        let spacing_s = if step_s > 0.0 && 2.0 * step_s <= spacing_s {
            spacing_s
        } else {
            0.0
        };
        OrbitInterpolator::new(propagator, spacing_s)
    }

    /// Node spacing, s (0: no interpolation).
    pub fn spacing_s(&self) -> f64 {
        self.spacing_nanos as f64 / 1e9
    }

    /// Position and velocity at `epoch`, TEME, km and km/s (see the module
    /// documentation for the interpolation error). If a node cannot be
    /// propagated (a decaying orbit), the state comes from SGP4 at `epoch`
    /// itself, and its error, if any, is returned.
    pub fn state_at(&mut self, epoch: Epoch) -> Result<OrbitState, OrbitError> {
        if self.spacing_nanos == 0 {
            return self.propagator.state_at(epoch);
        }
        let ns = epoch.unix_nanos();
        let index = ns.div_euclid(self.spacing_nanos);
        let Some(states) = self.nodes_for(index) else {
            return self.propagator.state_at(epoch);
        };
        let offset = ns.rem_euclid(self.spacing_nanos);
        if offset == 0 {
            return Ok(OrbitState { epoch, ..states[1] });
        }
        let w = lagrange_weights(offset as f64 / self.spacing_nanos as f64);
        let mix = |f: fn(&OrbitState) -> Vec3| {
            f(&states[0]) * w[0]
                + f(&states[1]) * w[1]
                + f(&states[2]) * w[2]
                + f(&states[3]) * w[3]
        };
        Ok(OrbitState {
            epoch,
            position_km: mix(|s| s.position_km),
            velocity_km_s: mix(|s| s.velocity_km_s),
        })
    }

    /// The states at nodes `index − 1 … index + 2`, from the cache where it
    /// has them (`None` if one cannot be propagated).
    fn nodes_for(&mut self, index: i64) -> Option<[OrbitState; 4]> {
        let state = |k: i64| {
            let t = Epoch::from_unix_nanos(k.saturating_mul(self.spacing_nanos));
            self.propagator.state_at(t).ok()
        };
        let states = match self.nodes {
            Some(n) if n.index == index => n.states,
            // One interval forward: three nodes are known.
            Some(n) if n.index + 1 == index => {
                [n.states[1], n.states[2], n.states[3], state(index + 2)?]
            }
            _ => [
                state(index - 1)?,
                state(index)?,
                state(index + 1)?,
                state(index + 2)?,
            ],
        };
        self.nodes = Some(Nodes { index, states });
        Some(states)
    }
}

/// Weights of the nodes at −1, 0, 1, 2 for the cubic through them at `s`
/// (in units of the spacing).
fn lagrange_weights(s: f64) -> [f64; 4] {
    let (a, b, c, d) = (s + 1.0, s, s - 1.0, s - 2.0);
    [
        -b * c * d / 6.0,
        a * c * d / 2.0,
        -a * b * d / 2.0,
        a * b * c / 6.0,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PropagatorMode, tle};

    const OPSSAT: &str = include_str!("../../../assets/tle/opssat-2021-02-08.tle");
    /// Molniya 2-14 from the SGP4 verification set (e = 0.69, deep space).
    const MOLNIYA: &str = "1 08195U 75081A   06176.33215444  .00000099  00000-0  11873-3 0   813
2 08195  64.1586 279.0717 6877146 264.7651  20.2257  2.00491383225656";

    fn propagator(text: &str) -> Propagator {
        let tle = tle::parse_str(text, "test").unwrap().remove(0);
        Propagator::new(&tle, PropagatorMode::Afspc).unwrap()
    }

    /// Largest position (km) and velocity (km/s) differences from SGP4 over
    /// `seconds` from `start` at `step_s`.
    fn worst_error(
        p: &Propagator,
        spacing_s: f64,
        start: Epoch,
        seconds: i64,
        step_ms: i64,
    ) -> (f64, f64) {
        let mut fast = OrbitInterpolator::new(p.clone(), spacing_s);
        let (mut dr, mut dv) = (0.0f64, 0.0f64);
        for k in 0..seconds * 1000 / step_ms {
            let t = start.add_nanos(k * step_ms * 1_000_000);
            let exact = p.state_at(t).unwrap();
            let approx = fast.state_at(t).unwrap();
            assert_eq!(approx.epoch, t);
            dr = dr.max((approx.position_km - exact.position_km).norm());
            dv = dv.max((approx.velocity_km_s - exact.velocity_km_s).norm());
        }
        (dr, dv)
    }

    #[test]
    fn leo_error_is_millimetres_at_ten_seconds() {
        let p = propagator(OPSSAT);
        let start = Epoch::parse_iso8601("2021-04-16T00:00:00.25Z").unwrap();
        let (dr, dv) = worst_error(&p, DEFAULT_NODE_SPACING_S, start, 86_400, 1_000);
        assert!(dr < 3e-6, "position error {dr:e} km");
        assert!(dv < 1e-8, "velocity error {dv:e} km/s");
        // And the error grows as h⁴: ~20 cm at the largest spacing.
        let (dr, _) = worst_error(&p, MAX_NODE_SPACING_S, start, 6_000, 1_000);
        assert!(dr < 3e-4, "position error at 30 s {dr:e} km");
    }

    #[test]
    fn eccentric_orbit_error_stays_small_through_perigee() {
        let p = propagator(MOLNIYA);
        // A whole 12 h revolution, perigee included, at 0.7 s steps.
        let start = p.tle_epoch();
        let (dr, dv) = worst_error(&p, DEFAULT_NODE_SPACING_S, start, 43_200, 700);
        assert!(dr < 1e-5, "position error {dr:e} km");
        assert!(dv < 1e-5, "velocity error {dv:e} km/s");
    }

    #[test]
    fn a_state_depends_only_on_the_instant_and_nodes_are_exact() {
        let p = propagator(OPSSAT);
        let t = Epoch::parse_iso8601("2021-04-16T18:28:31.5Z").unwrap();
        let cold = OrbitInterpolator::new(p.clone(), 10.0).state_at(t).unwrap();
        let mut warm = OrbitInterpolator::new(p.clone(), 10.0);
        for dt in [-25.0, -9.0, -3.5, 86_400.0, -1.0] {
            warm.state_at(t.add_seconds(dt)).unwrap();
        }
        assert_eq!(warm.state_at(t).unwrap(), cold);
        let node = Epoch::parse_iso8601("2021-04-16T18:28:30Z").unwrap();
        assert_eq!(warm.state_at(node).unwrap(), p.state_at(node).unwrap());
        // Spacing 0: SGP4 itself.
        let mut direct = OrbitInterpolator::new(p.clone(), 0.0);
        assert_eq!(direct.state_at(t).unwrap(), p.state_at(t).unwrap());
    }

    #[test]
    fn steps_longer_than_half_the_spacing_use_sgp4_directly() {
        let p = propagator(OPSSAT);
        assert_eq!(
            OrbitInterpolator::for_step(p.clone(), 10.0, 1.0).spacing_s(),
            10.0
        );
        assert_eq!(
            OrbitInterpolator::for_step(p.clone(), 10.0, 5.0).spacing_s(),
            10.0
        );
        assert_eq!(
            OrbitInterpolator::for_step(p.clone(), 10.0, 6.0).spacing_s(),
            0.0
        );
        assert_eq!(
            OrbitInterpolator::for_step(p.clone(), 10.0, 60.0).spacing_s(),
            0.0
        );
        assert_eq!(
            OrbitInterpolator::for_step(p.clone(), 0.0, 1.0).spacing_s(),
            0.0
        );
        assert_eq!(OrbitInterpolator::new(p, f64::NAN).spacing_s(), 0.0);
    }
}
