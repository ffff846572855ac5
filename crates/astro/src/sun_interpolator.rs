//! The Sun at simulation rates: exact [`sun_position`] at nodes one hour
//! apart, linear interpolation in between.
//!
//! Why: the analytical Sun costs about half an SGP4 call, while the Sun
//! moves only 0.04° per hour along a nearly circular path. Between nodes
//! `H` = 3600 s apart the chord of that arc departs from it by at most
//! `θ²/8` with θ = 2π H / 1 yr ≈ 7.2e-4 rad: ≈ 6e-8 in relative distance
//! (~10 km) and, because the chord is crossed almost uniformly, far less in
//! direction (3.3e-8 rad = 7 mas at worst over 1950–2050, measured; the
//! test bounds it at 1e-7 rad). That is
//! four orders of magnitude inside the ephemeris' own 0.002° error.
//!
//! Nodes sit at whole multiples of `H` since the Unix epoch, so the value at
//! an instant depends only on that instant, never on what was asked before:
//! runs stay reproducible whatever order or thread evaluates them.

use crate::sun::sun_position;
use crate::{Epoch, Vec3};

/// Spacing of the exact nodes, ns (one hour).
const NODE_SPACING_NANOS: i64 = 3_600_000_000_000;

/// A cache of the two Sun nodes around the last instant asked.
#[derive(Debug, Clone, Default)]
pub struct SunInterpolator {
    /// Index of the node before the last instant (multiples of the spacing
    /// since the Unix epoch) and the Sun positions (TEME, km) at it and at
    /// the next node.
    nodes: Option<(i64, Vec3, Vec3)>,
}

impl SunInterpolator {
    /// An empty cache.
    pub fn new() -> Self {
        SunInterpolator::default()
    }

    /// Geocentric Sun position at `epoch`, TEME of date, km (see the module
    /// documentation for the interpolation error, < 1e-7 rad).
    pub fn position(&mut self, epoch: Epoch) -> Vec3 {
        let ns = epoch.unix_nanos();
        let index = ns.div_euclid(NODE_SPACING_NANOS);
        let (before, after) = match self.nodes {
            Some((cached, before, after)) if cached == index => (before, after),
            _ => {
                let t0 = Epoch::from_unix_nanos(index * NODE_SPACING_NANOS);
                let nodes = (
                    sun_position(t0),
                    sun_position(t0.add_nanos(NODE_SPACING_NANOS)),
                );
                self.nodes = Some((index, nodes.0, nodes.1));
                nodes
            }
        };
        let fraction = ns.rem_euclid(NODE_SPACING_NANOS) as f64 / NODE_SPACING_NANOS as f64;
        before + (after - before) * fraction
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interpolation_stays_within_its_stated_bounds_over_a_century() {
        let mut sun = SunInterpolator::new();
        let (mut worst_angle, mut worst_relative_distance) = (0.0f64, 0.0f64);
        // A deterministic scatter of instants, 1950–2050, each hit twice:
        // once cold and once from a warm cache at a nearby instant.
        let start = Epoch::parse_iso8601("1950-01-01T00:00:00Z").unwrap();
        for k in 0..20_000i64 {
            let t =
                start.add_nanos((k * 7_919 % 20_000) * 157_788_000_000_000 + k * 977_000_000_123);
            for epoch in [t, t.add_nanos(1_234_567_891)] {
                let exact = sun_position(epoch);
                let approx = sun.position(epoch);
                worst_angle = worst_angle.max(exact.angle(&approx));
                worst_relative_distance =
                    worst_relative_distance.max((approx.norm() / exact.norm() - 1.0).abs());
            }
        }
        assert!(worst_angle < 1e-7, "direction error {worst_angle:e} rad");
        assert!(
            worst_relative_distance < 1e-7,
            "distance error {worst_relative_distance:e}"
        );
    }

    #[test]
    fn a_value_depends_only_on_the_instant() {
        let t = Epoch::parse_iso8601("2021-04-16T18:28:31.5Z").unwrap();
        let cold = SunInterpolator::new().position(t);
        let mut warm = SunInterpolator::new();
        warm.position(t.add_seconds(-3_000.0));
        warm.position(t.add_seconds(86_400.0));
        assert_eq!(warm.position(t), cold);
        let node = Epoch::from_unix_nanos(
            t.unix_nanos().div_euclid(NODE_SPACING_NANOS) * NODE_SPACING_NANOS,
        );
        assert_eq!(SunInterpolator::new().position(node), sun_position(node));
    }
}
