//! Pointing geometry: inertial directions to point at, and the
//! align-and-constrain construction of an attitude from two body axes.

use nalgebra::Matrix3;
use orbitai_astro::{
    Epoch, Vec3,
    frames::{Geodetic, ecef_from_geodetic, ecef_to_teme},
};
use serde::{Deserialize, Serialize};

use super::AttitudeContext;
use crate::error::{ConfigError, check_range};
use crate::quat::Quat;

/// A point on or above the WGS84 ellipsoid to point at (configuration: degrees
/// at the edge, as users give them).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GroundPoint {
    /// Geodetic latitude, degrees in [−90, 90], north positive.
    pub latitude_deg: f64,
    /// Longitude, degrees in [−180, 360], east positive.
    pub longitude_deg: f64,
    /// Height above the ellipsoid, km (default 0).
    #[serde(default)]
    pub altitude_km: f64,
}

impl GroundPoint {
    /// Checks the ranges.
    pub fn validate(&self, field: &str) -> Result<(), ConfigError> {
        check_range(
            || format!("{field}.latitude_deg"),
            self.latitude_deg,
            -90.0,
            90.0,
            "degrees in [−90, 90]",
        )?;
        check_range(
            || format!("{field}.longitude_deg"),
            self.longitude_deg,
            -180.0,
            360.0,
            "degrees in [−180, 360]",
        )?;
        check_range(
            || format!("{field}.altitude_km"),
            self.altitude_km,
            -20.0,
            1.0e5,
            "km in [−20, 100 000]",
        )?;
        Ok(())
    }

    /// Earth-fixed position, km.
    pub fn ecef_km(&self) -> Vec3 {
        ecef_from_geodetic(&Geodetic {
            latitude_rad: self.latitude_deg.to_radians(),
            longitude_rad: self.longitude_deg.to_radians(),
            altitude_km: self.altitude_km,
        })
    }

    /// Position in TEME at `epoch`, km.
    pub fn teme_km(&self, epoch: Epoch) -> Vec3 {
        ecef_to_teme(&self.ecef_km(), epoch)
    }
}

/// An inertial direction a body axis can be pointed at.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum Direction {
    /// From the spacecraft to the Sun.
    Sun,
    /// Towards the Earth's centre (−r̂).
    Nadir,
    /// Away from the Earth's centre (r̂).
    Zenith,
    /// Along the inertial velocity.
    Velocity,
    /// Along the orbit normal, r × v.
    OrbitNormal,
    /// A fixed TEME direction (any non-zero length).
    Inertial([f64; 3]),
    /// From the spacecraft to a ground point.
    Target(GroundPoint),
}

impl Direction {
    /// Checks a fixed direction or a ground point.
    pub fn validate(&self, field: &str) -> Result<(), ConfigError> {
        match self {
            Direction::Inertial(v) => crate::body::unit_from(|| field.to_string(), *v).map(|_| ()),
            Direction::Target(g) => g.validate(field),
            _ => Ok(()),
        }
    }

    /// The time derivative of [`Direction::resolve`] at `ctx` (TEME, per
    /// second), on the same two-body arc and with the same fixed Sun
    /// direction as [`AttitudeContext::shifted`], which the numerical rate
    /// uses; `None` for a ground target (its Earth rotation is left to the
    /// numerical rate).
    pub fn derivative(&self, ctx: &AttitudeContext) -> Option<Vec3> {
        Some(match self {
            Direction::Sun | Direction::Inertial(_) => Vec3::zeros(),
            Direction::Nadir => -ctx.velocity_km_s,
            Direction::Zenith => ctx.velocity_km_s,
            Direction::Velocity => ctx.gravity_km_s2(),
            // d(r × v)/dt = v × v + r × a = 0 for a central force.
            Direction::OrbitNormal => Vec3::zeros(),
            Direction::Target(_) => return None,
        })
    }

    /// The direction at `ctx` (TEME, not normalised; may be zero).
    pub fn resolve(&self, ctx: &AttitudeContext) -> Vec3 {
        match self {
            Direction::Sun => ctx.sun_direction,
            Direction::Nadir => -ctx.position_km,
            Direction::Zenith => ctx.position_km,
            Direction::Velocity => ctx.velocity_km_s,
            Direction::OrbitNormal => ctx.position_km.cross(&ctx.velocity_km_s),
            Direction::Inertial(v) => Vec3::new(v[0], v[1], v[2]),
            Direction::Target(g) => g.teme_km(ctx.epoch) - ctx.position_km,
        }
    }
}

/// The attitude that points the body axis `primary_body` exactly along the
/// inertial direction `primary`, and turns the body axis `secondary_body`
/// as close as possible to the inertial direction `secondary` (the classic
/// TRIAD align-and-constrain). Inputs need not be unit vectors.
///
/// `None` when the result is undefined: a zero or non-finite vector, or
/// a secondary parallel to its primary (in the body or in TEME).
pub fn align_constrain(
    primary_body: &Vec3,
    secondary_body: &Vec3,
    primary: &Vec3,
    secondary: &Vec3,
) -> Option<Quat> {
    let body = triad(primary_body, secondary_body)?;
    let inertial = triad(primary, secondary)?;
    // R_{B←I} maps each inertial triad vector onto its body counterpart.
    let m: Matrix3<f64> = body * inertial.transpose();
    Some(Quat::from_rotation_matrix(&m))
}

/// [`align_constrain`] and the body rate of that attitude, rad/s in body
/// axes, given the time derivatives `primary_rate` and `secondary_rate` of
/// the inertial directions (per second; the body axes are fixed). The
/// quaternion is the one [`align_constrain`] returns, bit for bit.
pub fn align_constrain_with_rate(
    primary_body: &Vec3,
    secondary_body: &Vec3,
    (primary, primary_rate): (&Vec3, &Vec3),
    (secondary, secondary_rate): (&Vec3, &Vec3),
) -> Option<(Quat, Vec3)> {
    let body = triad(primary_body, secondary_body)?;
    let (inertial, spin) = triad_with_rate(primary, primary_rate, secondary, secondary_rate)?;
    let m: Matrix3<f64> = body * inertial.transpose();
    // The body triad turns with the inertial one, so the body rate is the
    // inertial triad's angular velocity, whose components on that triad
    // are `spin`, taken on the body triad instead.
    Some((Quat::from_rotation_matrix(&m), body * spin))
}

/// The unit primary `t1`, `t1 × b` and its norm, shared by [`triad`] and
/// [`triad_with_rate`] so that both build the same matrix; `None` if
/// degenerate.
#[inline]
fn triad_parts(a: &Vec3, b: &Vec3) -> Option<(Vec3, Vec3, f64)> {
    let t1 = a.try_normalize(1e-300)?;
    let t2 = t1.cross(b);
    let n2 = t2.norm();
    // Parallel to within ~1e-9 rad: the constraint is undefined.
    if !n2.is_finite() || n2 < 1e-9 * b.norm() {
        return None;
    }
    Some((t1, t2, n2))
}

/// Orthonormal right-handed triad (as matrix columns) from a primary and a
/// secondary vector; `None` if degenerate.
fn triad(a: &Vec3, b: &Vec3) -> Option<Matrix3<f64>> {
    let (t1, t2, n2) = triad_parts(a, b)?;
    let t2 = t2 / n2;
    let t3 = t1.cross(&t2);
    Some(Matrix3::from_columns(&[t1, t2, t3]))
}

/// [`triad`] of `a(t)`, `b(t)` and its angular velocity given `ȧ` and `ḃ`,
/// as components on the triad's own vectors: with `ṫᵢ = ω × tᵢ`,
/// `ω·t1 = ṫ2·t3`, `ω·t2 = −ṫ1·t3`, `ω·t3 = ṫ1·t2`.
fn triad_with_rate(a: &Vec3, a_dot: &Vec3, b: &Vec3, b_dot: &Vec3) -> Option<(Matrix3<f64>, Vec3)> {
    let (t1, u, n2) = triad_parts(a, b)?;
    let t2 = u / n2;
    let t3 = t1.cross(&t2);
    // d(x/|x|)/dt = (ẋ − x̂ (x̂·ẋ))/|x| for t1 = â and t2 = u/|u|.
    let t1_dot = (a_dot - t1 * t1.dot(a_dot)) / a.norm();
    let u_dot = t1_dot.cross(b) + t1.cross(b_dot);
    let t2_dot = (u_dot - t2 * t2.dot(&u_dot)) / n2;
    let spin = Vec3::new(t2_dot.dot(&t3), -t1_dot.dot(&t3), t1_dot.dot(&t2));
    Some((Matrix3::from_columns(&[t1, t2, t3]), spin))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn primary_exact_secondary_in_plane() {
        let pb = Vec3::new(0.0, 0.0, -1.0);
        let sb = Vec3::x();
        let p = Vec3::new(1.0, 2.0, 3.0);
        let s = Vec3::new(-1.0, 0.5, 0.0);
        let q = align_constrain(&pb, &sb, &p, &s).unwrap();
        let pn = p.normalize();
        assert!((q.inertial_to_body(&pn) - pb).norm() < 1e-12);
        // The secondary lies in the plane of the body primary and secondary
        // axes, on the secondary's side.
        let sbody = q.inertial_to_body(&s.normalize());
        assert!(sbody.y.abs() < 1e-12 && sbody.x > 0.0);
    }

    #[test]
    fn degenerate_is_none() {
        let z = Vec3::z();
        assert!(align_constrain(&z, &z, &Vec3::x(), &Vec3::y()).is_none());
        assert!(align_constrain(&z, &Vec3::x(), &Vec3::y(), &(Vec3::y() * 2.0)).is_none());
        assert!(align_constrain(&z, &Vec3::x(), &Vec3::zeros(), &Vec3::y()).is_none());
        let nan = Vec3::new(f64::NAN, 0.0, 0.0);
        assert!(align_constrain(&z, &Vec3::x(), &nan, &Vec3::y()).is_none());
    }
}
