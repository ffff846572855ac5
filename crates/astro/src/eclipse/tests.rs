//! Unit tests of the spherical shadow models.

use super::conical::disc_visible_fraction;
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

/// The conical shadow of the spherical Earth (the cases below are a
/// sphere's).
fn conical() -> Shadow {
    Shadow {
        earth: EarthShape::Sphere,
        ..Shadow::default()
    }
}

fn cylindrical() -> Shadow {
    Shadow {
        model: EclipseModel::Cylindrical,
        ..conical()
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
