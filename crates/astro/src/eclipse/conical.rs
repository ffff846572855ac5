//! The conical (umbra + penumbra) model; see [`super::Shadow::illumination`].

use super::SUN_RADIUS_KM;
use crate::Vec3;

/// A spherical Earth of radius `earth_radius` (its magnitude).
pub(super) fn sphere(s: &Vec3, sun: &Vec3, earth_radius: f64) -> f64 {
    conical(s, sun, earth_radius, 1.0)
}

/// The WGS84 ellipsoid (or an inflated one) of semi-axes (a, a, a/k):
/// once z is scaled by `k` ≥ 1 the Earth is the sphere of radius `a`, and
/// the Sun an ellipsoid of semi-axes (R☉, R☉, k R☉), replaced by the sphere
/// with the same tangent plane at contact.
pub(super) fn stretched(s: &Vec3, sun: &Vec3, a: f64, k: f64) -> f64 {
    conical(s, sun, a, k)
}

/// The conical model in the space where z is scaled by `k` (1: not at
/// all), in which the Earth is a sphere and the Sun stretched along z.
/// (The scaling is done here rather than by the caller: scaled vectors
/// built in memory and read back at once stall store-to-load forwarding,
/// which cost more than the rest of a day-side call.)
///
/// Seen from the spacecraft at `s`, the Earth's centre is at `−s`, the Sun's
/// at `d = sun − s`; θ is the angle between them, ρe = asin(Re/|s|) and
/// ρs = asin(Rs/|d|) the discs' angular radii. With the tangent lengths
/// ke = √(|s|² − Re²), ks = √(|d|² − Rs²), cos ρe = ke/|s| (likewise for the
/// Sun), so the contact conditions cos θ ⋚ cos(ρe ± ρs) become, after
/// multiplying by |s||d|, comparisons of `proj = −s·d` with ke·ks ∓ Re·Rs:
/// exact, and free of divisions and inverse trigonometry.
///
/// With `k` ≠ 1 the Sun's radius is its support distance across the line
/// of sight in the plane of the Earth, the Sun and the spacecraft:
/// Rs = R☉ √(1 + (k² − 1) n_z²) with n the unit vector perpendicular to `d`
/// in that plane: the normal of the common tangent plane at contact to
/// within the Sun's angular radius ρs (the plane touches the Sun's limb, not
/// its centre), which changes Rs by < 2e-5 R☉, i.e. the contact angle by
/// < 1e-7 rad.
///
/// Inlined into both callers, so that the sphere's copy folds k = 1 away.
#[inline(always)]
fn conical(s: &Vec3, sun: &Vec3, earth_radius: f64, k: f64) -> f64 {
    // Exact for k = 1 (x · 1 = x), so the sphere is unchanged.
    let s = &Vec3::new(s.x, s.y, s.z * k);
    let sun = &Vec3::new(sun.x, sun.y, sun.z * k);
    let earth_radius = earth_radius.abs();
    let r2 = s.norm_squared();
    let re2 = earth_radius * earth_radius;
    // Inside (or on) the Earth, non-finite positions, NaN radius: no sunlight.
    if !r2.is_finite() || re2.is_nan() || r2 <= re2 {
        return 0.0;
    }
    // proj = −s·d = |s|² − s·sun.
    let proj = r2 - s.dot(sun);
    // Fast path (the whole day side bar a sliver at the terminator): as
    // ke·ks ≥ 0, proj ≤ −Re·Rs implies the no-overlap test below, so the
    // square roots are not needed. k R☉ bounds the stretched Sun's radius.
    let rs_bound = if k == 1.0 {
        SUN_RADIUS_KM
    } else {
        SUN_RADIUS_KM * k
    };
    if proj <= -(earth_radius * rs_bound) {
        return 1.0;
    }
    let d = sun - s;
    let d2 = d.norm_squared();
    if !d2.is_finite() {
        return 0.0;
    }
    let sun_radius = if k == 1.0 {
        SUN_RADIUS_KM
    } else {
        // A larger Sun reaches farther out of the shadow and less deep into
        // it, so the bound decides both cases (clear of the penumbra, deep
        // in the umbra) everywhere but near a contact.
        if let Some(decided) = contact_test(proj, r2, re2, d2, earth_radius, rs_bound) {
            return decided;
        }
        stretched_sun_radius(s, &d, d2, k)
    };
    if let Some(decided) = contact_test(proj, r2, re2, d2, earth_radius, sun_radius) {
        return decided;
    }
    // Penumbra or annular: now the angles themselves are needed. atan2 keeps
    // every angle well conditioned (acos of a cosine near 1 would not).
    let rs2 = sun_radius * sun_radius;
    let a = sun_radius.atan2((d2 - rs2).sqrt());
    let b = earth_radius.atan2((r2 - re2).sqrt());
    let c = s.cross(&d).norm().atan2(proj);
    disc_visible_fraction(a, b, c)
}

/// The contact conditions for an Earth of radius `re` (|s|² = `r2`,
/// `re2` = re²) and a Sun of radius `rs` (|d|² = `d2`): `Some(1.0)` when
/// the discs do not overlap (or the spacecraft is inside the Sun),
/// `Some(0.0)` when the Earth hides the Sun, `None` in the penumbra or the
/// annulus.
fn contact_test(proj: f64, r2: f64, re2: f64, d2: f64, re: f64, rs: f64) -> Option<f64> {
    let rs2 = rs * rs;
    let re_rs = re * rs;
    if d2 <= rs2 {
        // Inside the Sun: nonsensical, but the Earth cannot hide the Sun then.
        return Some(1.0);
    }
    let ke_ks = ((r2 - re2) * (d2 - rs2)).sqrt();
    // θ ≥ ρe + ρs: the discs do not overlap.
    if proj <= ke_ks - re_rs {
        return Some(1.0);
    }
    // ρe > ρs (re²|d|² > Rs²|s|²) and θ ≤ ρe − ρs: the Earth hides the Sun.
    let earth_disc_larger = re2 * d2 > rs2 * r2;
    if earth_disc_larger && proj >= ke_ks + re_rs {
        return Some(0.0);
    }
    None
}

/// The radius of the sphere that stands for the Sun stretched along z by
/// `k`, seen from `s` along `d` (|d|² = `d2`): R☉ |A n| with A = diag(1, 1, k)
/// and n ⟂ d in the plane of `s` and `d`. On the Sun–Earth axis (n
/// undefined) the mean of the extremes.
fn stretched_sun_radius(s: &Vec3, d: &Vec3, d2: f64, k: f64) -> f64 {
    let n = s - d * (s.dot(d) / d2);
    let n2 = n.norm_squared();
    let stretch = k * k - 1.0;
    let fraction = if n2 > 0.0 { n.z * n.z / n2 } else { 0.5 };
    SUN_RADIUS_KM * (1.0 + stretch * fraction).sqrt()
}

/// Visible fraction of a disc of angular radius `a` (the Sun) whose centre
/// is `c` away from the centre of an occulting disc of angular radius `b`
/// (the Earth), all in radians (Montenbruck & Gill, §3.4.2).
pub(super) fn disc_visible_fraction(a: f64, b: f64, c: f64) -> f64 {
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
