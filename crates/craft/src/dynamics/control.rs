//! The attitude control laws, evaluated once per integration step and held
//! over it (zero-order hold, as a flight computer would): PD pointing with
//! the reaction wheels (and wheel unloading with the magnetorquers), and
//! B-dot detumbling with the magnetorquers.

use nalgebra::Matrix3;
use orbitai_astro::Vec3;

use super::config::DynamicsConfig;
use crate::attitude::AttitudeState;
use crate::quat::Quat;

/// What the actuators do over one integration step, held constant over it
/// (both in body axes).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ActuatorCommand {
    /// Motor torque on the wheels, N·m, body axes (the body feels its
    /// opposite); each axis within the wheels' torque limit and such that
    /// the wheel momentum stays within its limit over the step.
    pub wheel_torque_nm: Vec3,
    /// Magnetorquer dipole, A·m², body axes; each axis within the
    /// magnetorquers' limit.
    pub dipole_am2: Vec3,
}

/// The PD law towards `target` from attitude `q`, rate `w` (rad/s, body)
/// and wheel momentum `h` (N·m·s, body), over a step of `step_s`:
/// `τ = −Kp e − Kd (ω − ω_t) + ω × (I ω + h)`, `e` the rotation vector
/// from the target to the attitude (body axes, rad), `ω_t` the target's
/// rate in body axes; the gyroscopic term cancels the coupling between
/// axes, so each axis of a small error is a damped oscillator. The wheels
/// deliver the torque within their torque limit and without exceeding
/// their momentum limit by the end of the step; `field_body_t` (T, body)
/// lets the magnetorquers unload the wheels.
#[allow(clippy::too_many_arguments)]
pub(crate) fn pointing(
    config: &DynamicsConfig,
    inertia: &Matrix3<f64>,
    q: &Quat,
    w: &Vec3,
    h: &Vec3,
    target: &AttitudeState,
    field_body_t: &Vec3,
    step_s: f64,
) -> ActuatorCommand {
    let gains = &config.pointing;
    let (wn, zeta) = (gains.natural_frequency_rad_s, gains.damping_ratio);
    let e = target.quaternion.rotation_to(q);
    let target_rate =
        q.inertial_to_body(&target.quaternion.body_to_inertial(&target.rate_body_rad_s));
    let wanted = -(inertia * (e * (wn * wn) + (w - target_rate) * (2.0 * zeta * wn)))
        + w.cross(&(inertia * w + h));
    let limits = &config.wheels;
    let mut wheel = -wanted;
    for i in 0..3 {
        let lo = ((-limits.max_momentum_nms - h[i]) / step_s).min(0.0);
        let hi = ((limits.max_momentum_nms - h[i]) / step_s).max(0.0);
        wheel[i] = wheel[i]
            .clamp(-limits.max_torque_nm, limits.max_torque_nm)
            .clamp(lo, hi);
    }
    // Unloading: m = k (h × B)/|B|² gives m × B = −k h⊥ (the part of the
    // wheel momentum across the field), which the PD loop then absorbs by
    // slowing the wheels.
    let b2 = field_body_t.norm_squared();
    let dipole = if b2 > 0.0 {
        h.cross(field_body_t) * (gains.unloading_gain_per_s / b2)
    } else {
        Vec3::zeros()
    };
    ActuatorCommand {
        wheel_torque_nm: wheel,
        dipole_am2: saturate(dipole, config.magnetorquers.max_dipole_am2),
    }
}

/// The B-dot law: `m = −k dB/dt` with the rotational part of the field's
/// change in body axes, `dB/dt = −ω × B`, so `m = k ω × B`; its torque
/// `m × B = −k |B|² ω⊥` always removes rotational energy.
pub(crate) fn detumble(config: &DynamicsConfig, w: &Vec3, field_body_t: &Vec3) -> ActuatorCommand {
    ActuatorCommand {
        wheel_torque_nm: Vec3::zeros(),
        dipole_am2: saturate(
            w.cross(field_body_t) * config.bdot.gain,
            config.magnetorquers.max_dipole_am2,
        ),
    }
}

/// `m` scaled down as a whole so that no axis exceeds `limit` (keeping its
/// direction keeps B-dot dissipative).
fn saturate(m: Vec3, limit: f64) -> Vec3 {
    let largest = m.amax();
    if largest > limit && largest > 0.0 {
        m * (limit / largest)
    } else {
        m
    }
}
