//! The Earth's shadow: how much of the Sun a spacecraft sees.
//!
//! [`Shadow::illumination`] returns the fraction of the solar disc visible
//! from the spacecraft: 1 in full sun, 0 in the umbra, in between in the
//! penumbra. Two models:
//!
//! - [`EclipseModel::Conical`] (default): the Earth (a sphere of radius
//!   [`Shadow::earth_radius_km`]) and the Sun ([`SUN_RADIUS_KM`]) are seen as
//!   discs of angular radii asin(R/distance); the visible fraction is the
//!   part of the Sun's disc not covered by the Earth's (Montenbruck & Gill,
//!   *Satellite Orbits*, §3.4.2), including the annular case 1 − b²/a² far
//!   behind the Earth, beyond the tip of the umbra cone. The disc-overlap
//!   area treats the discs as flat, as M&G do; the contact conditions (where
//!   penumbra and umbra begin) are exact.
//! - [`EclipseModel::Cylindrical`]: the shadow is a cylinder of radius R⊕
//!   behind the Earth along the Sun–Earth line; no penumbra.
//!
//! Both position vectors are geocentric, in TEME of date (any inertial
//! frame works, as long as both share it), km. The Earth is spherical; using
//! the WGS84 equatorial radius (the default) slightly over-sizes the shadow
//! where the limb that hides the Sun is near a pole (the polar radius is
//! 21 km shorter), which can shift LEO eclipse entry/exit by several seconds.

use serde::{Deserialize, Serialize};

use crate::Vec3;
use crate::frames::WGS84_EQUATORIAL_RADIUS_KM;

/// Nominal solar radius (IAU 2015 Resolution B3), km.
pub const SUN_RADIUS_KM: f64 = 695_700.0;

/// How the Earth's shadow is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EclipseModel {
    /// Umbra and penumbra cones from the finite Sun: the illuminated
    /// fraction of the solar disc varies smoothly through the penumbra.
    #[default]
    Conical,
    /// A cylinder of the Earth's radius behind the Earth: illumination is
    /// either 0 or 1.
    Cylindrical,
}

/// The Earth's shadow model and the Earth radius it uses (a configuration
/// value: fields missing when deserialising take their [`Default`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Shadow {
    /// Conical (umbra + penumbra) or cylindrical.
    pub model: EclipseModel,
    /// Radius of the spherical Earth casting the shadow, km (> 0; the
    /// conical model uses its magnitude, a NaN radius gives 0 illumination).
    pub earth_radius_km: f64,
}

impl Default for Shadow {
    /// Conical shadow of a spherical Earth with the WGS84 equatorial radius,
    /// 6378.137 km.
    fn default() -> Self {
        Shadow {
            model: EclipseModel::Conical,
            earth_radius_km: WGS84_EQUATORIAL_RADIUS_KM,
        }
    }
}

impl Shadow {
    /// Fraction of the solar disc visible from a spacecraft, in [0, 1]:
    /// 1 = full sun, 0 = umbra (cylindrical model: inside the cylinder).
    ///
    /// `r_sat_km` and `r_sun_km` are the geocentric positions of the
    /// spacecraft and of the Sun in the same inertial frame (TEME), km.
    /// A spacecraft at or below the Earth's surface (|r_sat| ≤
    /// `earth_radius_km`) gets 0. The result is never NaN: non-finite inputs
    /// also give 0.
    ///
    /// Cheap in the common case: full sun on the day side costs two dot
    /// products; no inverse trigonometry is evaluated outside the penumbra.
    pub fn illumination(&self, r_sat_km: &Vec3, r_sun_km: &Vec3) -> f64 {
        match self.model {
            EclipseModel::Conical => conical(r_sat_km, r_sun_km, self.earth_radius_km),
            EclipseModel::Cylindrical => cylindrical(r_sat_km, r_sun_km, self.earth_radius_km),
        }
    }
}

/// The conical model; see [`Shadow::illumination`].
///
/// Seen from the spacecraft at `s`, the Earth's centre is at `−s`, the Sun's
/// at `d = sun − s`; θ is the angle between them, ρe = asin(Re/|s|) and
/// ρs = asin(Rs/|d|) the discs' angular radii. With the tangent lengths
/// ke = √(|s|² − Re²), ks = √(|d|² − Rs²), cos ρe = ke/|s| (likewise for the
/// Sun), so the contact conditions cos θ ⋚ cos(ρe ± ρs) become, after
/// multiplying by |s||d|, comparisons of `proj = −s·d` with ke·ks ∓ Re·Rs:
/// exact, and free of divisions and inverse trigonometry.
fn conical(s: &Vec3, sun: &Vec3, earth_radius: f64) -> f64 {
    let earth_radius = earth_radius.abs();
    let r2 = s.norm_squared();
    let re2 = earth_radius * earth_radius;
    // Inside (or on) the Earth, non-finite positions, NaN radius: no sunlight.
    if !r2.is_finite() || re2.is_nan() || r2 <= re2 {
        return 0.0;
    }
    let re_rs = earth_radius * SUN_RADIUS_KM;
    // proj = −s·d = |s|² − s·sun.
    let proj = r2 - s.dot(sun);
    // Fast path (the whole day side bar a sliver at the terminator): as
    // ke·ks ≥ 0, proj ≤ −Re·Rs implies the no-overlap test below, so the
    // square roots are not needed.
    if proj <= -re_rs {
        return 1.0;
    }
    let d = sun - s;
    let d2 = d.norm_squared();
    let rs2 = SUN_RADIUS_KM * SUN_RADIUS_KM;
    if !d2.is_finite() {
        return 0.0;
    }
    if d2 <= rs2 {
        // Inside the Sun: nonsensical, but the Earth cannot hide the Sun then.
        return 1.0;
    }
    let ke_ks = ((r2 - re2) * (d2 - rs2)).sqrt();
    // θ ≥ ρe + ρs: the discs do not overlap.
    if proj <= ke_ks - re_rs {
        return 1.0;
    }
    // ρe > ρs (re²|d|² > Rs²|s|²) and θ ≤ ρe − ρs: the Earth hides the Sun.
    let earth_disc_larger = re2 * d2 > rs2 * r2;
    if earth_disc_larger && proj >= ke_ks + re_rs {
        return 0.0;
    }
    // Penumbra or annular: now the angles themselves are needed. atan2 keeps
    // every angle well conditioned (acos of a cosine near 1 would not).
    let a = SUN_RADIUS_KM.atan2((d2 - rs2).sqrt());
    let b = earth_radius.atan2((r2 - re2).sqrt());
    let c = s.cross(&d).norm().atan2(proj);
    disc_visible_fraction(a, b, c)
}

/// Visible fraction of a disc of angular radius `a` (the Sun) whose centre
/// is `c` away from the centre of an occulting disc of angular radius `b`
/// (the Earth), all in radians (Montenbruck & Gill, §3.4.2).
fn disc_visible_fraction(a: f64, b: f64, c: f64) -> f64 {
    if c >= a + b {
        return 1.0;
    }
    if c <= b - a {
        return 0.0;
    }
    if c <= a - b {
        // Annular: the whole occulting disc lies on the solar disc.
        return (1.0 - (b * b) / (a * a)).clamp(0.0, 1.0);
    }
    // Partial overlap. x is the distance from the Sun's centre to the common
    // chord of the two circles, y half its length; θ1 = atan2(y, x) and
    // θ2 = atan2(y, c − x) are the half-angles the chord subtends at the two
    // centres. M&G write them as acos(x/a), acos((c − x)/b); near contact
    // those arguments are within ~1e-16 of ±1 and acos amplifies the rounding
    // to ~1e-8 rad, which b² ≫ a² turns into errors of 1e-4 in the result.
    // atan2 and the factored forms below keep full relative precision.
    let x = ((c - b) * (c + b) + a * a) / (2.0 * c);
    let y = ((a - x) * (a + x)).max(0.0).sqrt();
    let covered = a * a * y.atan2(x) + b * b * y.atan2(c - x) - c * y;
    (1.0 - covered / (std::f64::consts::PI * a * a)).clamp(0.0, 1.0)
}

/// The cylindrical model; see [`Shadow::illumination`].
fn cylindrical(s: &Vec3, sun: &Vec3, earth_radius: f64) -> f64 {
    let r2 = s.norm_squared();
    let re2 = earth_radius * earth_radius;
    if !r2.is_finite() || re2.is_nan() || r2 <= re2 {
        return 0.0;
    }
    let along = s.dot(sun);
    if !along.is_finite() {
        return 0.0;
    }
    if along >= 0.0 {
        return 1.0; // sunward of the plane through the Earth's centre
    }
    // Squared distance from the Sun–Earth line: |s|² − (s·ŝun)².
    let off_axis2 = r2 - along * along / sun.norm_squared();
    if off_axis2 < re2 { 0.0 } else { 1.0 }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sun::ASTRONOMICAL_UNIT_KM;

    const RE: f64 = WGS84_EQUATORIAL_RADIUS_KM;

    fn sun() -> Vec3 {
        Vec3::new(ASTRONOMICAL_UNIT_KM, 0.0, 0.0)
    }

    /// A point at `radius` km, `angle` rad from the anti-Sun direction (−x),
    /// in the x–y plane.
    fn at(radius: f64, angle: f64) -> Vec3 {
        Vec3::new(-radius * angle.cos(), radius * angle.sin(), 0.0)
    }

    fn conical() -> Shadow {
        Shadow::default()
    }

    fn cylindrical() -> Shadow {
        Shadow {
            model: EclipseModel::Cylindrical,
            ..Shadow::default()
        }
    }

    #[test]
    fn defaults_are_conical_with_the_wgs84_radius() {
        assert_eq!(Shadow::default().model, EclipseModel::Conical);
        assert_eq!(EclipseModel::default(), EclipseModel::Conical);
        assert_eq!(Shadow::default().earth_radius_km, 6378.137);
    }

    #[test]
    fn full_sun_on_the_sunward_side_and_zero_deep_in_the_umbra() {
        for shadow in [conical(), cylindrical()] {
            // Sub-solar point at 500 km and a point over the terminator.
            assert_eq!(
                shadow.illumination(&Vec3::new(6878.0, 0.0, 0.0), &sun()),
                1.0
            );
            assert_eq!(
                shadow.illumination(&Vec3::new(0.0, 6878.0, 0.0), &sun()),
                1.0
            );
            assert_eq!(
                shadow.illumination(&Vec3::new(0.0, 0.0, -42_164.0), &sun()),
                1.0
            );
            // Midnight at 500 km and at GEO (GEO's eclipse is near the axis).
            assert_eq!(
                shadow.illumination(&Vec3::new(-6878.0, 0.0, 0.0), &sun()),
                0.0
            );
            assert_eq!(
                shadow.illumination(&Vec3::new(-42_164.0, 1000.0, 0.0), &sun()),
                0.0
            );
        }
    }

    #[test]
    fn inside_the_earth_and_bad_inputs_give_zero_never_nan() {
        let inputs = [
            (Vec3::zeros(), sun()),
            (Vec3::new(6000.0, 0.0, 0.0), sun()),
            (Vec3::new(RE, 0.0, 0.0), sun()),
            (Vec3::new(f64::NAN, 0.0, 7000.0), sun()),
            (Vec3::new(7000.0, 0.0, 0.0), Vec3::new(f64::NAN, 1.0, 0.0)),
            (Vec3::new(f64::INFINITY, 0.0, 0.0), sun()),
            (
                Vec3::new(-7000.0, 0.0, 0.0),
                Vec3::new(f64::INFINITY, 0.0, 0.0),
            ),
        ];
        for shadow in [conical(), cylindrical()] {
            for (sat, sun) in &inputs {
                assert_eq!(shadow.illumination(sat, sun), 0.0, "{sat:?} {sun:?}");
            }
            // Degenerate but finite: no Sun vector at all, satellite in the Sun.
            for (sat, sun) in [(Vec3::new(7000.0, 0.0, 0.0), Vec3::zeros()), (sun(), sun())] {
                let f = shadow.illumination(&sat, &sun);
                assert!((0.0..=1.0).contains(&f), "{f}");
            }
        }
    }

    /// Walks a 500 km circular orbit from `from` to `to` rad (angle from the
    /// anti-Sun direction) in `steps` steps; asserts the illumination never
    /// rises; returns the number of penumbra samples and whether 0 was seen.
    fn walk_into_shadow(from: f64, to: f64, steps: usize) -> (usize, bool) {
        let (r, shadow) = (RE + 500.0, conical());
        let (mut previous, mut partial, mut seen_zero) = (1.0, 0, false);
        for k in 0..=steps {
            let angle = from + (to - from) * k as f64 / steps as f64;
            let f = shadow.illumination(&at(r, angle), &sun());
            assert!((0.0..=1.0).contains(&f));
            assert!(f <= previous, "rises from {previous} to {f} at {angle} rad");
            partial += usize::from(f > 0.0 && f < 1.0);
            seen_zero |= f == 0.0;
            previous = f;
        }
        (partial, seen_zero)
    }

    #[test]
    fn illumination_falls_monotonically_through_the_penumbra() {
        // Terminator to midnight in 1e-5 rad steps (7 cm of orbit)...
        let (partial, seen_zero) = walk_into_shadow(std::f64::consts::FRAC_PI_2, 0.0, 157_080);
        // ...the penumbra spans α_p + α_u ≈ 2 R☉/AU ≈ 0.0093 rad: ~930 samples.
        assert!(
            seen_zero && (900..970).contains(&partial),
            "{partial} partial samples"
        );
        // ...and across the penumbra band alone in 1e-7 rad (0.7 mm) steps.
        let edge = (RE / (RE + 500.0)).asin();
        let (partial, seen_zero) = walk_into_shadow(edge + 0.006, edge - 0.006, 120_000);
        assert!(
            seen_zero && (91_000..95_000).contains(&partial),
            "{partial} partial samples"
        );
    }

    #[test]
    fn half_the_sun_is_visible_when_its_centre_sits_on_the_earth_limb() {
        // Seen from a satellite at radius r, the Earth's limb is asin(Re/r)
        // from the nadir; put the Sun's centre there (Sun parallax ~1e-5 rad
        // included by placing the Sun along that exact line of sight).
        let r = RE + 500.0;
        let sat = at(r, 0.0); // on the anti-Sun side, at (−r, 0, 0)
        let limb = (RE / r).asin(); // angle from the direction to the Earth (+x)
        let sun = sat + Vec3::new(limb.cos(), limb.sin(), 0.0) * ASTRONOMICAL_UNIT_KM;
        let f = conical().illumination(&sat, &sun);
        // The curved limb hides slightly less than half of the small disc.
        assert!((f - 0.5).abs() < 0.01 && f > 0.5, "{f}");
    }

    #[test]
    fn cylindrical_and_conical_agree_outside_the_transition() {
        // The conical shadow's edges sit within ±0.3° (penumbra) of the
        // cylinder's at 500 km; away from them both models must agree.
        let r = RE + 500.0;
        let cylinder_edge = (RE / r).asin();
        for k in 0..=36_000 {
            let angle = std::f64::consts::PI * k as f64 / 36_000.0;
            if (angle - cylinder_edge).abs() < 0.01 {
                continue;
            }
            let sat = at(r, angle);
            let (cone, cyl) = (
                conical().illumination(&sat, &sun()),
                cylindrical().illumination(&sat, &sun()),
            );
            assert_eq!(cone, cyl, "at {angle} rad");
        }
    }

    #[test]
    fn annular_far_beyond_the_umbra_tip() {
        // The umbra ends ~1.38 million km behind the Earth; at 2 million km
        // on the axis the Earth's disc lies inside the Sun's: an annulus.
        let sat = Vec3::new(-2.0e6, 0.0, 0.0);
        let a = (SUN_RADIUS_KM / (ASTRONOMICAL_UNIT_KM + 2.0e6)).asin();
        let b = (RE / 2.0e6).asin();
        let expected = 1.0 - (b / a).powi(2);
        let f = conical().illumination(&sat, &sun());
        assert!((f - expected).abs() < 1e-12, "{f} vs {expected}");
        assert!((0.45..0.55).contains(&f), "{f}");
        // Slightly off the axis the annulus persists; further off, partial.
        let f_off = conical().illumination(&Vec3::new(-2.0e6, 1000.0, 0.0), &sun());
        assert!((f_off - expected).abs() < 1e-6); // b shrinks by 1.25e-7 relative
        let f_partial = conical().illumination(&Vec3::new(-2.0e6, 6000.0, 0.0), &sun());
        assert!(f_partial > expected && f_partial < 1.0, "{f_partial}");
        // The cylinder knows nothing of annuli.
        assert_eq!(cylindrical().illumination(&sat, &sun()), 0.0);
    }

    #[test]
    fn disc_overlap_formula_is_continuous_at_its_case_boundaries() {
        let (a, b) = (0.004_65, 1.2);
        let f = |c: f64| disc_visible_fraction(a, b, c);
        assert!(f(a + b - 1e-12) > 1.0 - 1e-12 && f(b - a + 1e-12) < 1e-12);
        // Near contact the visible (or hidden) sliver grows as δ^1.5.
        assert!(f(a + b - 1e-9) < 1.0 && f(a + b - 1e-9) > 1.0 - 1e-9);
        assert!(f(b - a + 1e-9) > 0.0 && f(b - a + 1e-9) < 1e-9);
        let (a, b) = (0.004_6, 0.003_2);
        let g = |c: f64| disc_visible_fraction(a, b, c);
        let annulus = 1.0 - (b / a).powi(2);
        assert!((g(a - b + 1e-12) - annulus).abs() < 1e-6);
        assert!((g(a - b - 1e-12) - annulus).abs() < 1e-15);
    }
}
