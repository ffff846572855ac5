//! Unit tests of the WGS84 ellipsoid and the atmosphere, some against a
//! brute-force ray caster (rays from the spacecraft to points of the solar
//! disc, each tested against the ellipsoid), independent of the scaled
//! cone.

use std::f64::consts::{FRAC_PI_2, PI};

use super::*;
use crate::frames::WGS84_POLAR_RADIUS_KM;
use crate::sun::ASTRONOMICAL_UNIT_KM;

const A: f64 = WGS84_EQUATORIAL_RADIUS_KM;
const B: f64 = WGS84_POLAR_RADIUS_KM;
/// Orbit radius of the test circles (~550 km up, OPS-SAT's height).
const R: f64 = A + 550.0;

fn shadow(model: EclipseModel, earth: EarthShape, height_km: Option<f64>) -> Shadow {
    Shadow {
        model,
        earth,
        atmosphere: height_km.map(|height_km| Atmosphere { height_km }),
        ..Shadow::default()
    }
}

fn wgs84() -> Shadow {
    shadow(EclipseModel::Conical, EarthShape::Wgs84, None)
}

/// The Sun at 1 AU at declination `dec` (rad) in the x–z plane.
fn sun_at(dec: f64) -> Vec3 {
    Vec3::new(dec.cos(), 0.0, dec.sin()) * ASTRONOMICAL_UNIT_KM
}

/// A point of the circle of radius `R` through the anti-Sun direction of
/// `sun_at(0)` (−x) and `axis` (a unit vector ⟂ x), `angle` rad from −x.
fn on_circle(angle: f64, axis: &Vec3) -> Vec3 {
    (Vec3::new(-angle.cos(), 0.0, 0.0) + axis * angle.sin()) * R
}

/// The angle in [lo, hi] where `pred` turns from false to true (bisection;
/// `pred(lo)` false, `pred(hi)` true).
fn bisect(mut lo: f64, mut hi: f64, pred: impl Fn(f64) -> bool) -> f64 {
    assert!(!pred(lo) && pred(hi), "no bracket in [{lo}, {hi}]");
    for _ in 0..60 {
        let mid = 0.5 * (lo + hi);
        if pred(mid) { hi = mid } else { lo = mid }
    }
    0.5 * (lo + hi)
}

/// Whether the ray from `s` along `u` meets the ellipsoid of semi-axes
/// (a, a, b): in units of the axes the ellipsoid is the unit sphere, and
/// the ray meets it iff it points towards the centre and passes within 1.
fn ray_blocked(s: &Vec3, u: &Vec3, a: f64, b: f64) -> bool {
    let (s, u) = (
        Vec3::new(s.x / a, s.y / a, s.z / b),
        Vec3::new(u.x / a, u.y / a, u.z / b),
    );
    s.dot(&u) < 0.0 && s.cross(&u).norm_squared() < u.norm_squared()
}

/// The solar disc seen from a spacecraft: rays to its points.
struct Disc {
    /// Towards the Sun's centre.
    w: Vec3,
    /// Two unit vectors ⟂ w.
    e1: Vec3,
    e2: Vec3,
    /// Angular radius, rad.
    radius: f64,
}

impl Disc {
    fn new(s: &Vec3, sun: &Vec3) -> Disc {
        let w = (sun - s).normalize();
        let e1 = w.cross(&Vec3::z()).normalize();
        Disc {
            w,
            e1,
            e2: w.cross(&e1),
            radius: (SUN_RADIUS_KM / (sun - s).norm()).asin(),
        }
    }

    /// The direction to the point at fractional radius `rho` ∈ [0, 1] and
    /// position angle `phi`.
    fn ray(&self, rho: f64, phi: f64) -> Vec3 {
        let (sin, cos) = (rho * self.radius).sin_cos();
        self.w * cos + (self.e1 * phi.cos() + self.e2 * phi.sin()) * sin
    }
}

/// (some, all) of `m` points of the solar limb hidden by the ellipsoid.
fn limb_hidden(s: &Vec3, sun: &Vec3, a: f64, b: f64, m: usize) -> (bool, bool) {
    let disc = Disc::new(s, sun);
    let hidden = (0..m)
        .filter(|&i| ray_blocked(s, &disc.ray(1.0, 2.0 * PI * i as f64 / m as f64), a, b))
        .count();
    (hidden > 0, hidden == m)
}

/// Visible fraction of the solar disc by rays to the centres of `n` × `n`
/// equal-area cells (rings of equal area, equal sectors).
fn visible_fraction_by_rays(s: &Vec3, sun: &Vec3, a: f64, b: f64, n: usize) -> f64 {
    let disc = Disc::new(s, sun);
    let mut visible = 0;
    for i in 0..n {
        let rho = ((i as f64 + 0.5) / n as f64).sqrt();
        for j in 0..n {
            let phi = 2.0 * PI * (j as f64 + 0.5) / n as f64;
            visible += usize::from(!ray_blocked(s, &disc.ray(rho, phi), a, b));
        }
    }
    visible as f64 / (n * n) as f64
}

#[test]
fn defaults_are_the_ellipsoid_without_atmosphere() {
    let d = Shadow::default();
    assert_eq!(d.earth, EarthShape::Wgs84);
    assert_eq!(d.atmosphere, None);
    assert_eq!(EarthShape::default(), EarthShape::Wgs84);
    assert_eq!(Atmosphere::default().height_km, 50.0);
    assert_eq!(DEFAULT_ATMOSPHERE_HEIGHT_KM, 50.0);
}

#[test]
fn configuration_reads_with_defaults_and_rejects_unknown_fields() {
    let read = |json: &str| serde_json::from_str::<Shadow>(json);
    assert_eq!(read("{}").unwrap(), Shadow::default());
    let s = read(r#"{"earth": "Wgs84", "atmosphere": {}}"#).unwrap();
    assert_eq!(
        (s.earth, s.atmosphere),
        (EarthShape::Wgs84, Some(Atmosphere::default()))
    );
    let s = read(r#"{"atmosphere": {"height_km": 80}}"#).unwrap();
    assert_eq!(s.atmosphere, Some(Atmosphere { height_km: 80.0 }));
    assert_eq!(read(r#"{"atmosphere": null}"#).unwrap(), Shadow::default());
    assert!(read(r#"{"atmosphere_km": 50}"#).is_err());
    assert!(read(r#"{"atmosphere": {"height": 50}}"#).is_err());
    // Round trip.
    let json = serde_json::to_string(&s).unwrap();
    assert_eq!(read(&json).unwrap(), s);
}

#[test]
fn oblate_equals_spherical_when_everything_lies_in_the_equator() {
    // Sun and spacecraft in the equatorial plane: the limb that hides the
    // Sun is the equator, where the ellipsoid has the sphere's radius.
    for model in [EclipseModel::Conical, EclipseModel::Cylindrical] {
        for height in [None, Some(50.0)] {
            let sphere = shadow(model, EarthShape::Sphere, height);
            let oblate = shadow(model, EarthShape::Wgs84, height);
            let mut partial = 0;
            for k in 0..=200_000 {
                // From the terminator to midnight in the x–y plane, fine near
                // the shadow's edge.
                let angle = FRAC_PI_2 * k as f64 / 200_000.0;
                let sat = on_circle(angle, &Vec3::y());
                let (fs, fo) = (
                    sphere.illumination(&sat, &sun_at(0.0)),
                    oblate.illumination(&sat, &sun_at(0.0)),
                );
                assert!(
                    (fs - fo).abs() < 1e-12,
                    "{model:?} {height:?} {angle}: {fs} {fo}"
                );
                partial += usize::from(fs > 0.0 && fs < 1.0);
            }
            assert_eq!(partial > 0, model == EclipseModel::Conical);
        }
    }
}

#[test]
fn oblate_shadow_is_smaller_near_the_poles() {
    // Sun in the equator, a polar orbit (x–z plane): the shadow's edge is
    // crossed over the poles, where the ellipsoid is 21 km lower.
    let sun = sun_at(0.0);
    let edge = |s: &Shadow| {
        let hidden = |angle: f64| s.illumination(&on_circle(angle, &Vec3::z()), &sun) < 1.0;
        let dark = |angle: f64| s.illumination(&on_circle(angle, &Vec3::z()), &sun) == 0.0;
        // Angles from midnight: in shadow below, lit above; return the
        // half-widths of the penumbra's outer edge and of the umbra.
        (bisect(1.5, 0.0, hidden), bisect(1.5, 0.0, dark))
    };
    let cylinder = |earth| edge(&shadow(EclipseModel::Cylindrical, earth, None)).0;
    // Cylinder: the edge is where the orbit meets |z| = b, resp. a.
    let (sphere_cyl, oblate_cyl) = (cylinder(EarthShape::Sphere), cylinder(EarthShape::Wgs84));
    assert!((sphere_cyl - (A / R).asin()).abs() < 1e-12, "{sphere_cyl}");
    assert!((oblate_cyl - (B / R).asin()).abs() < 1e-12, "{oblate_cyl}");
    // Cone: the oblate shadow is smaller by about the same angle (0.0084
    // rad, ~7.7 s of a 95-min orbit at each edge).
    let sphere = || shadow(EclipseModel::Conical, EarthShape::Sphere, None);
    let (sphere_pen, sphere_umb) = edge(&sphere());
    let (oblate_pen, oblate_umb) = edge(&wgs84());
    let expected = sphere_cyl - oblate_cyl;
    for shrink in [sphere_pen - oblate_pen, sphere_umb - oblate_umb] {
        assert!(
            (shrink / expected - 1.0).abs() < 0.01,
            "{shrink} vs {expected}"
        );
    }
    // The penumbra band (0.0093 rad) is wider than the shift: just inside
    // the sphere's umbra WGS84 shows a sliver of Sun, just outside WGS84's
    // penumbra the sphere hides part of it.
    let at = |angle: f64| on_circle(angle, &Vec3::z());
    assert_eq!(sphere().illumination(&at(sphere_umb - 1e-6), &sun), 0.0);
    assert!(wgs84().illumination(&at(sphere_umb - 1e-6), &sun) > 0.3);
    assert_eq!(wgs84().illumination(&at(oblate_pen + 1e-6), &sun), 1.0);
    assert!(sphere().illumination(&at(oblate_pen + 1e-6), &sun) < 0.7);
}

#[test]
fn atmosphere_inflates_the_eclipse() {
    let sun = sun_at(0.0);
    let half_width = |s: &Shadow, axis: &Vec3| {
        bisect(1.5, 0.0, |angle| {
            s.illumination(&on_circle(angle, axis), &sun) == 0.0
        })
    };
    for (earth, axis, surface) in [
        (EarthShape::Sphere, Vec3::z(), A),
        (EarthShape::Wgs84, Vec3::z(), B),
        (EarthShape::Wgs84, Vec3::y(), A),
    ] {
        // Cylinder: the edge is at the inflated radius (a + h or b + h).
        let inflated = half_width(&shadow(EclipseModel::Cylindrical, earth, Some(50.0)), &axis);
        assert!(
            (inflated - ((surface + 50.0) / R).asin()).abs() < 1e-12,
            "{earth:?} {axis:?}"
        );
        // Cone: the umbra lasts longer, by ~2 × 0.0158 rad (~48 s per orbit).
        let bare = half_width(&shadow(EclipseModel::Conical, earth, None), &axis);
        let thick = half_width(&shadow(EclipseModel::Conical, earth, Some(50.0)), &axis);
        let expected = ((surface + 50.0) / R).asin() - (surface / R).asin();
        assert!(((thick - bare) / expected - 1.0).abs() < 0.01, "{earth:?}");
        // Zero height changes nothing.
        let zero = half_width(&shadow(EclipseModel::Conical, earth, Some(0.0)), &axis);
        assert_eq!(zero, bare);
    }
    // A spacecraft inside the atmosphere sees no Sun.
    let low = Vec3::new(A + 20.0, 0.0, 0.0);
    assert_eq!(
        shadow(EclipseModel::Conical, EarthShape::Wgs84, Some(50.0)).illumination(&low, &sun),
        0.0
    );
    assert_eq!(wgs84().illumination(&low, &sun), 1.0);
}

#[test]
fn never_nan_whatever_the_inputs() {
    let heights = [
        None,
        Some(0.0),
        Some(50.0),
        Some(-50.0),
        Some(-7_000.0),
        Some(-1e9),
        Some(1e9),
        Some(f64::NAN),
        Some(f64::INFINITY),
        Some(f64::NEG_INFINITY),
    ];
    let radii = [A, -A, 0.0, f64::NAN, f64::INFINITY];
    let positions = [
        Vec3::zeros(),
        Vec3::new(0.0, 0.0, R),
        Vec3::new(0.0, 0.0, -R),
        Vec3::new(-R, 0.0, 0.0),
        Vec3::new(f64::NAN, 0.0, R),
        Vec3::new(0.0, 0.0, f64::INFINITY),
        Vec3::new(-2.0e6, 0.0, 1.0e3),
    ];
    let suns = [
        sun_at(0.3),
        sun_at(-1.5),
        Vec3::zeros(),
        Vec3::new(0.0, 0.0, f64::NAN),
        Vec3::new(f64::INFINITY, 0.0, 0.0),
    ];
    for model in [EclipseModel::Conical, EclipseModel::Cylindrical] {
        for earth in [EarthShape::Sphere, EarthShape::Wgs84] {
            for height in heights {
                for radius in radii {
                    let s = Shadow {
                        earth_radius_km: radius,
                        ..shadow(model, earth, height)
                    };
                    for sat in &positions {
                        for sun in &suns {
                            let f = s.illumination(sat, sun);
                            assert!((0.0..=1.0).contains(&f), "{s:?} {sat:?} {sun:?}: {f}");
                        }
                    }
                    // Through the penumbra over the pole, in fine steps.
                    for k in 0..2_000 {
                        let sat = on_circle(0.35 + 1e-5 * k as f64, &Vec3::z());
                        let f = s.illumination(&sat, &sun_at(0.0));
                        assert!((0.0..=1.0).contains(&f), "{s:?} {sat:?}: {f}");
                    }
                }
            }
        }
    }
}

/// Walks from `from` to `to` (angles from −x on the circle through `axis`)
/// with the Sun at declination `dec`; asserts the illumination never rises;
/// returns the number of penumbra samples and whether 0 was reached.
fn walk(s: &Shadow, dec: f64, axis: &Vec3, from: f64, to: f64, steps: usize) -> (usize, bool) {
    let (mut previous, mut partial, mut dark) = (1.0, 0, false);
    for k in 0..=steps {
        let angle = from + (to - from) * k as f64 / steps as f64;
        let f = s.illumination(&on_circle(angle, axis), &sun_at(dec));
        assert!(
            f <= previous,
            "{s:?}: rises from {previous} to {f} at {angle} rad"
        );
        partial += usize::from(f > 0.0 && f < 1.0);
        dark |= f == 0.0;
        previous = f;
    }
    (partial, dark)
}

#[test]
fn oblate_illumination_falls_monotonically_through_the_penumbra() {
    let inclined = Vec3::new(0.0, 1.0, 1.0).normalize();
    for height in [None, Some(50.0)] {
        let s = shadow(EclipseModel::Conical, EarthShape::Wgs84, height);
        for (dec, axis) in [
            (0.0, Vec3::z()),
            (0.4, Vec3::z()),
            (-0.4, inclined),
            (0.2, Vec3::y()),
        ] {
            // Terminator to midnight, in 2e-5 rad (14 cm) steps.
            let (partial, dark) = walk(&s, dec, &axis, FRAC_PI_2, 0.0, 78_540);
            // The penumbra lasts ~0.0093 rad / cos(angle of incidence).
            assert!(
                dark && (400..1_500).contains(&partial),
                "{dec} {axis:?}: {partial}"
            );
        }
        // Over the pole in 1e-7 rad (0.7 mm) steps across the penumbra band.
        let edge = ((B + height.unwrap_or(0.0)) / R).asin();
        let (partial, dark) = walk(&s, 0.0, &Vec3::z(), edge + 0.006, edge - 0.006, 120_000);
        assert!(dark && partial > 80_000, "{partial}");
    }
}

#[test]
fn contacts_agree_with_ray_casting_to_the_ellipsoid() {
    // Sun at ±23° declination: the limb that hides it lies at mid-latitudes,
    // where the ellipsoid's tangent planes are tilted and the stretched Sun
    // is corrected most.
    for (dec, axis, height) in [
        (0.40, Vec3::z(), None),
        (-0.40, Vec3::new(0.0, 0.6, 0.8), None),
        (0.40, Vec3::new(0.0, -0.6, 0.8), Some(50.0)),
    ] {
        let s = shadow(EclipseModel::Conical, EarthShape::Wgs84, height);
        let h = height.unwrap_or(0.0);
        let sun = sun_at(dec);
        let sat = |angle: f64| on_circle(angle, &axis);
        // Penumbra and umbra entry walking from the day side (1.5 rad from
        // midnight) towards midnight: by the model, and by limb rays.
        let model_pen = bisect(1.5, 0.0, |x| s.illumination(&sat(x), &sun) < 1.0);
        let model_umb = bisect(1.5, 0.0, |x| s.illumination(&sat(x), &sun) == 0.0);
        // The rays are bracketed within 1e-4 rad of the model.
        let rays = |x: f64| limb_hidden(&sat(x), &sun, A + h, B + h, 2_048);
        let rays_pen = bisect(model_pen + 1e-4, model_pen - 1e-4, |x| rays(x).0);
        let rays_umb = bisect(model_umb + 1e-4, model_umb - 1e-4, |x| rays(x).1);
        // Without the stretched Sun's radius (R☉ in the scaled space).
        let k = (A + h) / (B + h);
        let plain = |x: f64| {
            let (p, q) = (sat(x), sun);
            let scale = |v: Vec3| Vec3::new(v.x, v.y, v.z * k);
            conical::sphere(&scale(p), &scale(q), A + h)
        };
        let plain_pen = bisect(1.5, 0.0, |x| plain(x) < 1.0);
        let plain_umb = bisect(1.5, 0.0, |x| plain(x) == 0.0);
        // 1e-7 rad of the orbit is 0.7 m, ~0.1 ms (the normal of the
        // tangent plane is taken across the Sun's centre, not its limb); the
        // plain radius is off by ~1e-5 rad at these latitudes.
        for (model, rays, plain) in [
            (model_pen, rays_pen, plain_pen),
            (model_umb, rays_umb, plain_umb),
        ] {
            println!(
                "{dec} {axis:?}: contact - rays {:.2e} rad, plain R☉ - rays {:.2e} rad",
                model - rays,
                plain - rays
            );
            assert!(
                (model - rays).abs() < 1e-7,
                "{dec} {axis:?}: {model} vs {rays}"
            );
            assert!(
                (plain - rays).abs() > 1e-6,
                "{dec} {axis:?}: {plain} vs {rays}"
            );
        }
        // Inside the penumbra the visible fraction is close to the disc's.
        for t in [0.2, 0.5, 0.8] {
            let x = model_pen + t * (model_umb - model_pen);
            let (model, rays) = (
                s.illumination(&sat(x), &sun),
                visible_fraction_by_rays(&sat(x), &sun, A + h, B + h, 200),
            );
            assert!((model - rays).abs() < 0.002, "{dec} {t}: {model} vs {rays}");
        }
    }
}
