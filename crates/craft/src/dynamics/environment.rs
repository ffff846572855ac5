//! The environment's torques on a rigid body: gravity gradient, a magnetic
//! dipole in the geomagnetic field (a tilted dipole), aerodynamic drag with
//! an exponential atmosphere.

use nalgebra::Matrix3;
use orbitai_astro::frames::ecef_to_teme;
use orbitai_astro::{Epoch, Vec3};

use super::config::DragConfig;
use crate::quat::Quat;

/// Earth's gravitational parameter (WGS84), m³/s².
const MU_M3_S2: f64 = 3.986_004_418e14;
/// Equatorial radius (WGS84) for heights above the Earth, km.
const EARTH_RADIUS_KM: f64 = 6378.137;
/// IGRF reference radius, km.
const IGRF_RADIUS_KM: f64 = 6371.2;
/// IGRF-13 dipole coefficients for 2020.0, nT: g₁⁰, g₁¹, h₁¹.
const IGRF_2020_DIPOLE_NT: (f64, f64, f64) = (-29_404.8, -1_450.9, 4_652.5);
/// Earth's rotation rate, rad/s (the atmosphere co-rotates).
const EARTH_RATE_RAD_S: f64 = 7.292_115e-5;

/// Gravity-gradient torque on a body of inertia `inertia` (body axes,
/// kg·m²) at distance `r_km` from the Earth's centre, `r_body_unit` the
/// unit vector from the Earth's centre to the spacecraft in body axes:
/// `τ = 3 μ / r³ · r̂ × (I r̂)`, N·m, body axes.
pub fn gravity_gradient_torque_nm(inertia: &Matrix3<f64>, r_body_unit: &Vec3, r_km: f64) -> Vec3 {
    let r_m = r_km * 1e3;
    r_body_unit.cross(&(inertia * r_body_unit)) * (3.0 * MU_M3_S2 / (r_m * r_m * r_m))
}

/// The geomagnetic field at `position_km` (TEME, km) at `epoch`: the
/// IGRF-13 (2020) dipole, tilted and offset in longitude as its first-degree
/// coefficients give, `B = (a/r)³ [3 (g·r̂) r̂ − g]` with `g = (g₁¹, h₁¹, g₁⁰)`
/// in the Earth-fixed frame; tesla, TEME. About 30 µT at the equator and
/// 60 µT at the poles on the surface; the real field departs from a dipole
/// by ~10 %.
pub fn magnetic_field_teme_t(position_km: &Vec3, epoch: Epoch) -> Vec3 {
    let (g10, g11, h11) = IGRF_2020_DIPOLE_NT;
    let g = ecef_to_teme(&Vec3::new(g11, h11, g10), epoch) * 1e-9;
    magnetic_dipole_field_t(&g, position_km)
}

/// A dipole field of surface-equivalent moment `g` (T, the field's
/// first-degree coefficients, same frame as `position_km`) at `position_km`.
pub(crate) fn magnetic_dipole_field_t(g: &Vec3, position_km: &Vec3) -> Vec3 {
    let r = position_km.norm();
    if r <= 0.0 {
        return Vec3::zeros();
    }
    let u = position_km / r;
    let k = (IGRF_RADIUS_KM / r).powi(3);
    (u * (3.0 * g.dot(&u)) - g) * k
}

/// Base heights (km), densities (kg/m³) and scale heights (km) of the
/// exponential atmosphere (Vallado, *Fundamentals of Astrodynamics*,
/// table 8-4).
const ATMOSPHERE: [(f64, f64, f64); 28] = [
    (0.0, 1.225, 7.249),
    (25.0, 3.899e-2, 6.349),
    (30.0, 1.774e-2, 6.682),
    (40.0, 3.972e-3, 7.554),
    (50.0, 1.057e-3, 8.382),
    (60.0, 3.206e-4, 7.714),
    (70.0, 8.770e-5, 6.549),
    (80.0, 1.905e-5, 5.799),
    (90.0, 3.396e-6, 5.382),
    (100.0, 5.297e-7, 5.877),
    (110.0, 9.661e-8, 7.263),
    (120.0, 2.438e-8, 9.473),
    (130.0, 8.484e-9, 12.636),
    (140.0, 3.845e-9, 16.149),
    (150.0, 2.070e-9, 22.523),
    (180.0, 5.464e-10, 29.740),
    (200.0, 2.789e-10, 37.105),
    (250.0, 7.248e-11, 45.546),
    (300.0, 2.418e-11, 53.628),
    (350.0, 9.518e-12, 53.298),
    (400.0, 3.725e-12, 58.515),
    (450.0, 1.585e-12, 60.828),
    (500.0, 6.967e-13, 63.822),
    (600.0, 1.454e-13, 71.835),
    (700.0, 3.614e-14, 88.667),
    (800.0, 1.170e-14, 124.64),
    (900.0, 5.245e-15, 181.05),
    (1000.0, 3.019e-15, 268.00),
];

/// Atmospheric density at `height_km` above the equatorial radius, kg/m³
/// (the exponential model above; the value at 0 km below the surface, the
/// 1000 km layer extended upwards). Solar activity is not modelled: the
/// real density at 500 km varies by ×10 over a cycle.
pub fn atmospheric_density_kg_m3(height_km: f64) -> f64 {
    let h = height_km.max(0.0);
    let i = ATMOSPHERE.partition_point(|(base, _, _)| *base <= h) - 1;
    let (base, rho, scale) = ATMOSPHERE[i];
    rho * (-(h - base) / scale).exp()
}

/// The aerodynamic drag force on the spacecraft at `position_km` moving at
/// `velocity_km_s` (both TEME, km and km/s), N, TEME:
/// `F = −½ ρ Cd A |v_rel| v_rel` with `v_rel` the velocity relative to the
/// atmosphere co-rotating with the Earth (m/s) and ρ from
/// [`atmospheric_density_kg_m3`]; the area is constant (see
/// [`DragConfig`]).
pub fn drag_force_teme_n(drag: &DragConfig, position_km: &Vec3, velocity_km_s: &Vec3) -> Vec3 {
    let omega = Vec3::new(0.0, 0.0, EARTH_RATE_RAD_S);
    let v_rel = (velocity_km_s - omega.cross(position_km)) * 1e3;
    let rho = atmospheric_density_kg_m3(height_km(position_km));
    -v_rel * (0.5 * rho * drag.drag_coefficient * drag.area_m2 * v_rel.norm())
}

/// The aerodynamic drag torque about the centre of mass, N·m, body axes:
/// the force of [`drag_force_teme_n`] applied at the centre of pressure
/// (`drag.centre_of_pressure_offset_m`, body axes, m), `τ = r_cp × F_body`,
/// for the attitude `quaternion` (inertial → body) at `position_km`,
/// `velocity_km_s` (TEME, km, km/s).
pub fn drag_torque_nm(
    drag: &DragConfig,
    quaternion: &Quat,
    position_km: &Vec3,
    velocity_km_s: &Vec3,
) -> Vec3 {
    let offset = Vec3::from(drag.centre_of_pressure_offset_m);
    offset.cross(&quaternion.inertial_to_body(&drag_force_teme_n(drag, position_km, velocity_km_s)))
}

/// The torque on a magnetic dipole `dipole_am2` (A·m², body axes) in the
/// field `field_body_t` (T, body axes): `τ = m × B`, N·m, body axes.
pub fn magnetic_torque_nm(dipole_am2: &Vec3, field_body_t: &Vec3) -> Vec3 {
    dipole_am2.cross(field_body_t)
}

/// Height above the equatorial radius, km (spherical: enough for a
/// density model whose own error is tens of percent).
pub(crate) fn height_km(position_km: &Vec3) -> f64 {
    position_km.norm() - EARTH_RADIUS_KM
}
