//! The attitude quaternion convention, written down once.
//!
//! An attitude is a unit quaternion `q = [q0, q1, q2, q3]`, **scalar first**,
//! that **rotates inertial (TEME) vectors into the body frame**:
//!
//! ```text
//! v_body = q ⊗ v_teme ⊗ q*
//! ```
//!
//! as in the OPS-SAT flight telemetry (CADC1002 = q0, CADC1003..1005 =
//! q1..q3; spec §6). Equivalently, the body axes expressed in TEME are the
//! columns of R(q)ᵀ. If the body frame is obtained by turning the inertial
//! axes by an angle θ about a unit axis â, then `q = (cos θ/2, −â sin θ/2)`
//! (see [`Quat::from_body_rotation`]).
//!
//! Internally this is nalgebra's [`UnitQuaternion`], stored as
//! `Quaternion::new(q0, q1, q2, q3)` (nalgebra's constructor takes w first,
//! although it stores `(i, j, k, w)`), so that nalgebra's
//! `transform_vector(v)` = `q v q*` is exactly inertial → body.
//!
//! Kinematics: with ω the body rate (angular velocity of the body relative
//! to inertial space, expressed in body axes, rad/s),
//! `q̇ = −½ (0, ω) ⊗ q`; for a constant ω over `dt`,
//! `q(t + dt) = exp(−ω dt / 2) ⊗ q(t)` ([`Quat::propagate`]).

use nalgebra::{Quaternion, Rotation3, Unit, UnitQuaternion};
use orbitai_astro::Vec3;

/// An attitude: rotates inertial (TEME) vectors into the body frame; see the
/// module documentation for the convention.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Quat(UnitQuaternion<f64>);

impl Default for Quat {
    fn default() -> Self {
        Quat::IDENTITY
    }
}

impl Quat {
    /// Body axes aligned with the inertial axes.
    pub const IDENTITY: Quat = Quat(UnitQuaternion::new_unchecked(Quaternion::new(
        1.0, 0.0, 0.0, 0.0,
    )));

    /// From scalar-first components `[q0, q1, q2, q3]`, normalised. `None`
    /// if a component is not finite or the norm is (near) zero.
    pub fn from_scalar_first(q: [f64; 4]) -> Option<Quat> {
        let raw = Quaternion::new(q[0], q[1], q[2], q[3]);
        let norm = raw.norm();
        if !norm.is_finite() || norm < 1e-12 {
            return None;
        }
        Some(Quat(UnitQuaternion::new_unchecked(raw / norm)))
    }

    /// Scalar-first components `[q0, q1, q2, q3]` (unit norm).
    pub fn to_scalar_first(&self) -> [f64; 4] {
        let q = self.0.quaternion();
        [q.w, q.i, q.j, q.k]
    }

    /// Wraps a nalgebra unit quaternion that already follows this crate's
    /// convention (`transform_vector` = inertial → body).
    pub fn from_unit_quaternion(q: UnitQuaternion<f64>) -> Quat {
        Quat(q)
    }

    /// The nalgebra unit quaternion (`transform_vector` = inertial → body).
    pub fn as_unit_quaternion(&self) -> &UnitQuaternion<f64> {
        &self.0
    }

    /// The attitude of a body frame obtained by turning the inertial axes by
    /// `angle_rad` (right-handed) about the inertial unit `axis`. A zero or
    /// non-finite axis gives the identity.
    pub fn from_body_rotation(axis: &Vec3, angle_rad: f64) -> Quat {
        match Unit::try_new(*axis, 1e-12) {
            Some(a) if angle_rad.is_finite() => {
                Quat(UnitQuaternion::from_axis_angle(&a, -angle_rad))
            }
            _ => Quat::IDENTITY,
        }
    }

    /// The attitude whose body axes, expressed in TEME, are the columns
    /// `x`, `y`, `z` (assumed orthonormal and right-handed).
    pub fn from_body_axes(x: &Vec3, y: &Vec3, z: &Vec3) -> Quat {
        // Rows of R_{B←I} are the body axes in inertial coordinates.
        Quat::from_rotation_matrix(&nalgebra::Matrix3::from_rows(&[
            x.transpose(),
            y.transpose(),
            z.transpose(),
        ]))
    }

    /// The attitude whose direction-cosine matrix is `m` (`v_body = m v_teme`;
    /// assumed orthonormal with determinant +1).
    pub fn from_rotation_matrix(m: &nalgebra::Matrix3<f64>) -> Quat {
        Quat(UnitQuaternion::from_rotation_matrix(
            &Rotation3::from_matrix_unchecked(*m),
        ))
    }

    /// `v` (TEME) in body axes: `q v q*`.
    #[inline]
    pub fn inertial_to_body(&self, v: &Vec3) -> Vec3 {
        self.0.transform_vector(v)
    }

    /// `v` (body axes) in TEME: `q* v q`.
    #[inline]
    pub fn body_to_inertial(&self, v: &Vec3) -> Vec3 {
        self.0.inverse_transform_vector(v)
    }

    /// The attitude after the body has turned by the rotation vector
    /// `rotation_body` (axis × angle, body axes, rad): `exp(−θ/2) ⊗ q`.
    /// Used for small attitude errors and for constant-rate propagation.
    #[inline]
    pub fn rotated_in_body(&self, rotation_body: &Vec3) -> Quat {
        // exp(−θ/2) = (c, −s θ) with c = cos(|θ|/2), s = sin(|θ|/2)/|θ|:
        // the product takes `s θ`, the negated vector part, so that small
        // angles need no negation at all.
        let (c, s_theta) = match half_angle_series(rotation_body.norm_squared()) {
            Some((c, s)) => (c, rotation_body * s),
            None => {
                let e = UnitQuaternion::from_scaled_axis(-rotation_body);
                (e.w, -e.imag())
            }
        };
        Quat(UnitQuaternion::new_unchecked(conj_vector_mul(
            c,
            &s_theta,
            self.0.quaternion(),
        )))
    }

    /// The attitude after turning at the constant body rate `rate_body`
    /// (rad/s, body axes) for `dt_s` seconds.
    #[inline]
    pub fn propagate(&self, rate_body: &Vec3, dt_s: f64) -> Quat {
        self.rotated_in_body(&(rate_body * dt_s))
    }

    /// The body-axes rotation vector (rad) that takes `self` to `other`:
    /// `other = self.rotated_in_body(self.rotation_to(other))`, the shorter
    /// way round (angle ≤ π).
    pub fn rotation_to(&self, other: &Quat) -> Vec3 {
        // other = e ⊗ self with e = exp(−θ/2) ⇒ e = other ⊗ self*.
        let e = other.0 * self.0.inverse();
        let e = if e.w < 0.0 {
            UnitQuaternion::new_unchecked(-e.into_inner())
        } else {
            e
        };
        -e.scaled_axis()
    }

    /// Angle of the rotation between two attitudes, rad in [0, π]
    /// (sign-insensitive: `q` and `−q` are the same attitude).
    pub fn angle_to(&self, other: &Quat) -> f64 {
        // atan2 of the error quaternion's vector and scalar parts: accurate
        // near 0 too, where acos of the dot product loses half the digits.
        let e = (other.0 * self.0.inverse()).into_inner();
        2.0 * e.imag().norm().atan2(e.w.abs())
    }

    /// Spherical linear interpolation from `self` (`t = 0`) to `other`
    /// (`t = 1`) along the shorter arc; `t` is clamped to [0, 1].
    pub fn slerp(&self, other: &Quat, t: f64) -> Quat {
        let t = if t.is_nan() { 0.0 } else { t.clamp(0.0, 1.0) };
        let a = self.0.quaternion();
        let mut b = *other.0.quaternion();
        let mut d = a.dot(&b);
        if d < 0.0 {
            b = -b;
            d = -d;
        }
        let (wa, wb) = if d > 0.9995 {
            // Nearly parallel: linear interpolation (renormalised below) is
            // exact to rounding and avoids dividing by sin θ ≈ 0.
            (1.0 - t, t)
        } else {
            let theta = d.min(1.0).acos();
            let s = theta.sin();
            (((1.0 - t) * theta).sin() / s, (t * theta).sin() / s)
        };
        let q = a * wa + b * wb;
        Quat(UnitQuaternion::new_normalize(q))
    }

    /// The same attitude with the other sign of the quaternion, if needed so
    /// that `q0 ≥ 0`.
    pub fn canonical(&self) -> Quat {
        if self.0.w < 0.0 {
            Quat(UnitQuaternion::new_unchecked(-self.0.into_inner()))
        } else {
            *self
        }
    }
}

/// Below this squared angle (1 rad²) [`exp_half`] uses its series.
const SERIES_MAX_ANGLE2: f64 = 1.0;

/// The unit quaternion `exp(θ/2) = (cos(|θ|/2), θ̂ sin(|θ|/2))` of the
/// rotation vector `θ` (rad).
#[cfg(test)]
fn exp_half(theta: &Vec3) -> UnitQuaternion<f64> {
    match half_angle_series(theta.norm_squared()) {
        Some((cos, s)) => UnitQuaternion::new_unchecked(Quaternion::from_parts(cos, theta * s)),
        None => UnitQuaternion::from_scaled_axis(*theta),
    }
}

/// `(cos(|θ|/2), sin(|θ|/2)/|θ|)` from `t2 = |θ|²` (rad²) for small
/// rotations (`t2` < 1 rad²); `None` otherwise (and for non-finite `t2`).
///
/// Attitude errors and per-step rotations are small, and for |θ| < 1 rad both
/// `cos(|θ|/2)` and `sin(|θ|/2)/|θ|` are even functions of |θ| whose Taylor
/// series in |θ|² converge fast: eight terms leave a truncation error below
/// (1/2)¹⁶/16! ≈ 7e-19, so the result is as accurate as the `sqrt`,
/// `sin_cos` and division of the general formula, which it replaces with
/// about thirty multiply–adds (the sensor step's attitude estimate does this
/// every step).
#[inline]
fn half_angle_series(t2: f64) -> Option<(f64, f64)> {
    // `t2 < 1` is false for NaN too: non-finite input takes the general path.
    if t2 < SERIES_MAX_ANGLE2 {
        // x = (|θ|/2)²; cos h = Σ (−x)^k/(2k)!, sin h / h = Σ (−x)^k/(2k+1)!
        // for h = |θ|/2.
        let x = 0.25 * t2;
        let x2 = x * x;
        let x4 = x2 * x2;
        let cos = estrin8(&COS_SERIES, x, x2, x4);
        let sinc = estrin8(&SINC_SERIES, x, x2, x4);
        // sin(|θ|/2)/|θ| = (1/2)·sin h / h.
        Some((cos, 0.5 * sinc))
    } else {
        None
    }
}

/// `(c, −v) ⊗ q`, the Hamilton product with the left factor's vector part
/// given negated: nalgebra's `Quaternion` product term for term with the
/// signs of `v`'s terms flipped, which is exact (a negation commutes with
/// rounding), so the result has the same bits as negating `v` first.
#[inline(always)]
fn conj_vector_mul(c: f64, v: &Vec3, q: &Quaternion<f64>) -> Quaternion<f64> {
    let (w, i, j, k) = (q.w, q.i, q.j, q.k);
    Quaternion::new(
        c * w + v.x * i + v.y * j + v.z * k,
        c * i - v.x * w - v.y * k + v.z * j,
        c * j + v.x * k - v.y * w - v.z * i,
        c * k - v.x * j + v.y * i - v.z * w,
    )
}

/// `Σ c[k] x^k` for k = 0..7 by Estrin's scheme (`x2` = x², `x4` = x⁴):
/// the same accuracy as Horner's rule with a dependency chain of three
/// multiply–adds instead of seven (this is on the attitude estimate's
/// critical path).
#[inline(always)]
fn estrin8(c: &[f64; 8], x: f64, x2: f64, x4: f64) -> f64 {
    let low = (c[0] + c[1] * x) + x2 * (c[2] + c[3] * x);
    let high = (c[4] + c[5] * x) + x2 * (c[6] + c[7] * x);
    low + x4 * high
}

/// (−1)^k/(2k)!, k = 0..7.
const COS_SERIES: [f64; 8] = [
    1.0,
    -1.0 / 2.0,
    1.0 / 24.0,
    -1.0 / 720.0,
    1.0 / 40_320.0,
    -1.0 / 3_628_800.0,
    1.0 / 479_001_600.0,
    -1.0 / 87_178_291_200.0,
];

/// (−1)^k/(2k+1)!, k = 0..7.
const SINC_SERIES: [f64; 8] = [
    1.0,
    -1.0 / 6.0,
    1.0 / 120.0,
    -1.0 / 5_040.0,
    1.0 / 362_880.0,
    -1.0 / 39_916_800.0,
    1.0 / 6_227_020_800.0,
    -1.0 / 1_307_674_368_000.0,
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::FRAC_PI_2;

    fn close(a: &Vec3, b: &Vec3, tol: f64) -> bool {
        (a - b).norm() < tol
    }

    #[test]
    fn known_rotation_moves_the_sun_as_stated() {
        // Body frame turned +90° about inertial Z: body X = inertial Y.
        let q = Quat::from_body_rotation(&Vec3::z(), FRAC_PI_2);
        // Components: (cos 45°, 0, 0, −sin 45°).
        let c = q.to_scalar_first();
        let h = 0.5f64.sqrt();
        assert!(
            (c[0] - h).abs() < 1e-15 && (c[3] + h).abs() < 1e-15,
            "{c:?}"
        );
        // A Sun along inertial +Y is seen along body +X, one along +X at −Y.
        assert!(close(&q.inertial_to_body(&Vec3::y()), &Vec3::x(), 1e-15));
        assert!(close(&q.inertial_to_body(&Vec3::x()), &-Vec3::y(), 1e-15));
        assert!(close(&q.inertial_to_body(&Vec3::z()), &Vec3::z(), 1e-15));
        // Round trip.
        let v = Vec3::new(0.3, -0.4, 0.5);
        assert!(close(
            &q.body_to_inertial(&q.inertial_to_body(&v)),
            &v,
            1e-15
        ));
    }

    #[test]
    fn explicit_hamilton_product_matches() {
        // q ⊗ v ⊗ q* written out by hand, scalar first, for a generic q.
        let qc = [0.3, -0.5, 0.7, 0.4];
        let q = Quat::from_scalar_first(qc).unwrap();
        let [w, x, y, z] = q.to_scalar_first();
        let v = [0.2, -0.9, 0.4];
        let mul = |a: [f64; 4], b: [f64; 4]| {
            [
                a[0] * b[0] - a[1] * b[1] - a[2] * b[2] - a[3] * b[3],
                a[0] * b[1] + a[1] * b[0] + a[2] * b[3] - a[3] * b[2],
                a[0] * b[2] - a[1] * b[3] + a[2] * b[0] + a[3] * b[1],
                a[0] * b[3] + a[1] * b[2] - a[2] * b[1] + a[3] * b[0],
            ]
        };
        let r = mul(mul([w, x, y, z], [0.0, v[0], v[1], v[2]]), [w, -x, -y, -z]);
        let b = q.inertial_to_body(&Vec3::new(v[0], v[1], v[2]));
        assert!(close(&b, &Vec3::new(r[1], r[2], r[3]), 1e-14));
    }

    #[test]
    fn body_axes_construction_agrees() {
        let q = Quat::from_body_rotation(&Vec3::new(1.0, 2.0, -0.5), 0.8);
        let x = q.body_to_inertial(&Vec3::x());
        let y = q.body_to_inertial(&Vec3::y());
        let z = q.body_to_inertial(&Vec3::z());
        assert!(Quat::from_body_axes(&x, &y, &z).angle_to(&q) < 1e-12);
    }

    #[test]
    fn propagation_turns_the_body_the_right_way() {
        // Spinning about body Z at +ω: after a quarter turn the body X axis
        // points where inertial Y is.
        let q = Quat::IDENTITY.propagate(&Vec3::new(0.0, 0.0, 0.1), FRAC_PI_2 / 0.1);
        assert!(close(&q.body_to_inertial(&Vec3::x()), &Vec3::y(), 1e-12));
        let r = Quat::IDENTITY.rotation_to(&q);
        assert!(close(&r, &Vec3::new(0.0, 0.0, FRAC_PI_2), 1e-12));
    }

    #[test]
    fn slerp_ends_and_midpoint() {
        let a = Quat::from_body_rotation(&Vec3::x(), 0.2);
        let b = Quat::from_body_rotation(&Vec3::x(), 1.0);
        assert!(a.slerp(&b, 0.0).angle_to(&a) < 1e-12);
        assert!(a.slerp(&b, 1.0).angle_to(&b) < 1e-12);
        let m = Quat::from_body_rotation(&Vec3::x(), 0.6);
        assert!(a.slerp(&b, 0.5).angle_to(&m) < 1e-12);
        // Shorter arc even when the second is given with the other sign.
        let nb = Quat::from_scalar_first(b.to_scalar_first().map(|c| -c)).unwrap();
        assert!(a.slerp(&nb, 0.5).angle_to(&m) < 1e-12);
    }

    #[test]
    fn small_rotation_series_matches_the_general_formula() {
        // Angles from 0 to just below the series' limit and just above it,
        // along skewed axes: the quaternion agrees to rounding.
        let axes = [
            Vec3::new(0.3, -0.5, 0.8),
            Vec3::new(-1.0, 0.2, 0.1),
            Vec3::z(),
        ];
        for axis in axes {
            let axis = axis.normalize();
            for k in 0..=1100 {
                let theta = axis * (k as f64 * 1e-3);
                let fast = exp_half(&theta).into_inner();
                let exact = UnitQuaternion::from_scaled_axis(theta).into_inner();
                assert!((fast - exact).norm() < 1e-15, "|θ| = {}", k as f64 * 1e-3);
            }
        }
        assert_eq!(exp_half(&Vec3::zeros()), UnitQuaternion::identity());
        // Tiny angles keep their first-order term exactly.
        let q = exp_half(&Vec3::new(2e-10, 0.0, 0.0));
        assert_eq!(q.i, 1e-10);
    }

    #[test]
    fn bad_numbers_give_none() {
        assert!(Quat::from_scalar_first([0.0; 4]).is_none());
        assert!(Quat::from_scalar_first([f64::NAN, 0.0, 0.0, 1.0]).is_none());
        assert!(Quat::from_scalar_first([f64::INFINITY, 0.0, 0.0, 1.0]).is_none());
    }
}
