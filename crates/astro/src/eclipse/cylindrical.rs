//! The cylindrical model; see [`super::Shadow::illumination`].

use crate::Vec3;

/// The shadow cylinder of a sphere of radius `earth_radius`.
pub(super) fn cylindrical(s: &Vec3, sun: &Vec3, earth_radius: f64) -> f64 {
    sphere_cylinder(s, sun, earth_radius)
}

/// The shadow cylinder of the ellipsoid of semi-axes (a, a, a/k): that of
/// the sphere of radius `a` it becomes once z is scaled by `k`, an affine
/// map that keeps the Sun's parallel rays parallel, so the test is exact.
pub(super) fn stretched(s: &Vec3, sun: &Vec3, a: f64, k: f64) -> f64 {
    let s = Vec3::new(s.x, s.y, s.z * k);
    let sun = Vec3::new(sun.x, sun.y, sun.z * k);
    sphere_cylinder(&s, &sun, a)
}

#[inline(always)]
fn sphere_cylinder(s: &Vec3, sun: &Vec3, earth_radius: f64) -> f64 {
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
