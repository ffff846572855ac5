//! Rigid-body attitude dynamics: a body with an inertia tensor turning
//! under the environment's torques (gravity gradient, a residual magnetic
//! dipole in the geomagnetic field, aerodynamic drag) and its actuators
//! (three reaction wheels, three magnetorquers) run by a control law (PD
//! pointing, B-dot detumbling).
//!
//! The equations: `q̇ = −½ (0, ω) ⊗ q` (`q` inertial → body, scalar
//! first), `I ω̇ = τ_ext − τ_w − ω × (I ω + h)`, `ḣ = τ_w`, with `ω` the
//! body rate (rad/s, body axes), `h` the wheels' momentum relative to the
//! body (N·m·s, body axes), `τ_w` their motor torque and `τ_ext` the
//! environmental and magnetorquer torques (N·m, body). They are integrated
//! by 3-stage Gauss–Legendre collocation (see `integrator.rs` for why), in
//! steps of at most `max_step_s` and short enough that the body turns by
//! at most `max_angle_per_step_rad` in one; the control law is evaluated at
//! the start of each step and held over it.
//!
//! Orbital quantities at instants inside a call come from the two-body arc
//! through the caller's context ([`AttitudeContext`]); a call should span
//! a few seconds at most (the simulation's tick).

mod config;
mod control;
pub use control::ActuatorCommand;
pub mod environment;
mod integrator;

pub use config::{
    BdotConfig, DragConfig, DynamicsConfig, MagnetorquerConfig, PointingGains, TorqueConfig,
    WheelConfig,
};
pub use environment::{
    atmospheric_density_kg_m3, drag_force_teme_n, drag_torque_nm, gravity_gradient_torque_nm,
    magnetic_field_teme_t, magnetic_torque_nm,
};

use nalgebra::{Matrix3, Quaternion, UnitQuaternion};
use orbitai_astro::Vec3;

use crate::attitude::{AttitudeContext, AttitudeState};
use crate::error::ConfigError;
use crate::quat::Quat;
use integrator::{C, Y, derivative, gauss_legendre_step};

/// The state of the rigid body at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DynamicState {
    /// Attitude, inertial (TEME) → body, scalar first.
    pub quaternion: Quat,
    /// Body rate relative to inertial space, body axes, rad/s.
    pub rate_body_rad_s: Vec3,
    /// The wheels' momentum relative to the body, body axes, N·m·s.
    pub wheel_momentum_body_nms: Vec3,
}

impl DynamicState {
    /// A state with the wheels at rest: attitude inertial (TEME) → body,
    /// body rate in body axes, rad/s.
    pub fn new(quaternion: Quat, rate_body_rad_s: Vec3) -> Self {
        DynamicState {
            quaternion,
            rate_body_rad_s,
            wheel_momentum_body_nms: Vec3::zeros(),
        }
    }

    /// The attitude (inertial → body) and body rate (rad/s, body axes).
    pub fn attitude(&self) -> AttitudeState {
        AttitudeState {
            quaternion: self.quaternion,
            rate_body_rad_s: self.rate_body_rad_s,
        }
    }
}

/// What drives the actuators during [`Dynamics::advance`].
pub enum Actuation<'a> {
    /// No control: the wheels keep their momentum, the magnetorquers are off.
    Free,
    /// PD pointing with the wheels towards the target attitude and rate the
    /// function gives at an instant (its rate in the target's body axes).
    Pointing(&'a dyn Fn(&AttitudeContext) -> AttitudeState),
    /// B-dot detumbling with the magnetorquers.
    Detumble,
}

/// The environment at one stage instant, inertial (TEME).
#[derive(Debug, Clone, Copy, Default)]
struct StageEnvironment {
    /// Unit vector from the Earth's centre to the spacecraft.
    r_unit: Vec3,
    /// `3 μ / r³`, 1/s².
    gravity_gradient: f64,
    /// Geomagnetic field, T.
    field_t: Vec3,
    /// Drag force, N (before turning into body axes).
    drag_n: Vec3,
}

/// A built, validated rigid body with its actuators and control laws.
#[derive(Debug, Clone, PartialEq)]
pub struct Dynamics {
    config: DynamicsConfig,
    inertia: Matrix3<f64>,
    inverse: Matrix3<f64>,
    residual_dipole: Vec3,
    centre_of_pressure: Vec3,
}

impl Dynamics {
    /// Builds the model; `field` names the configuration in errors.
    pub fn new(config: &DynamicsConfig, field: &str) -> Result<Self, ConfigError> {
        config.validate(field)?;
        let inertia = config.inertia();
        let inverse = inertia.try_inverse().ok_or_else(|| ConfigError::BadList {
            field: format!("{field}.inertia_kg_m2"),
            reason: "is singular".into(),
        })?;
        let v = |a: [f64; 3]| Vec3::new(a[0], a[1], a[2]);
        Ok(Dynamics {
            config: config.clone(),
            inertia,
            inverse,
            residual_dipole: v(config.residual_dipole_am2),
            centre_of_pressure: v(config.drag.centre_of_pressure_offset_m),
        })
    }

    /// The inertia tensor, body axes, kg·m².
    pub fn inertia_kg_m2(&self) -> &Matrix3<f64> {
        &self.inertia
    }

    /// The configuration the model was built from.
    pub fn config(&self) -> &DynamicsConfig {
        &self.config
    }

    /// Rotational kinetic energy of the body, `½ ωᵀ I ω`, J (the wheels'
    /// own spin energy is not included: their inertia is not modelled). It
    /// is conserved in torque-free motion with the wheels held.
    pub fn kinetic_energy_j(&self, state: &DynamicState) -> f64 {
        0.5 * state
            .rate_body_rad_s
            .dot(&(self.inertia * state.rate_body_rad_s))
    }

    /// Total angular momentum of body and wheels, `q* (I ω + h) q`, TEME,
    /// N·m·s: conserved without external torque.
    pub fn angular_momentum_inertial_nms(&self, state: &DynamicState) -> Vec3 {
        state.quaternion.body_to_inertial(
            &(self.inertia * state.rate_body_rad_s + state.wheel_momentum_body_nms),
        )
    }

    /// The predicted 2 % settling time of the pointing loop for an error
    /// small enough to keep the wheels within their limits, s: the time the
    /// envelope `e^(−ζωn t)/√(1−ζ²)` of the second-order response takes to
    /// fall to 2 %.
    pub fn pointing_settling_time_s(&self) -> f64 {
        let (wn, zeta) = (
            self.config.pointing.natural_frequency_rad_s,
            self.config.pointing.damping_ratio,
        );
        -(0.02 * (1.0 - zeta * zeta).sqrt()).ln() / (zeta * wn)
    }

    /// Advances `state`, which holds at `from.epoch`, by `dt_s` seconds (no
    /// change for `dt_s ≤ 0`) under `torques` and `actuation`.
    pub fn advance(
        &self,
        state: &mut DynamicState,
        from: &AttitudeContext,
        dt_s: f64,
        torques: TorqueConfig,
        actuation: Actuation<'_>,
    ) {
        let mut t = 0.0;
        while dt_s - t > 1e-9 * dt_s {
            let remaining = dt_s - t;
            let rate = state.rate_body_rad_s.norm();
            let longest = self
                .config
                .max_step_s
                .min(self.config.max_angle_per_step_rad / rate.max(1e-300));
            let h = remaining / (remaining / longest).ceil();
            let at = from.shifted(t);
            let command = self.command(state, &at, h, &actuation);
            self.step(state, from, t, h, torques, &command);
            t += h;
        }
    }

    /// The actuator command the control law gives for `state` at `at`
    /// (the orbital context of the state's instant), to be held for a step
    /// of `step_s` seconds (the wheel torque is limited so that the wheels
    /// do not pass their momentum limit within it): what
    /// [`Dynamics::advance`] applies at the start of each internal step.
    /// Zero for [`Actuation::Free`].
    pub fn command(
        &self,
        state: &DynamicState,
        at: &AttitudeContext,
        step_s: f64,
        actuation: &Actuation<'_>,
    ) -> ActuatorCommand {
        let field = || {
            state
                .quaternion
                .inertial_to_body(&magnetic_field_teme_t(&at.position_km, at.epoch))
        };
        match actuation {
            Actuation::Free => ActuatorCommand::default(),
            Actuation::Detumble => {
                control::detumble(&self.config, &state.rate_body_rad_s, &field())
            }
            Actuation::Pointing(target) => control::pointing(
                &self.config,
                &self.inertia,
                &state.quaternion,
                &state.rate_body_rad_s,
                &state.wheel_momentum_body_nms,
                &target(at),
                &field(),
                step_s,
            ),
        }
    }

    /// One integration step of `h` seconds starting `t` seconds after
    /// `from`.
    fn step(
        &self,
        state: &mut DynamicState,
        from: &AttitudeContext,
        t: f64,
        h: f64,
        torques: TorqueConfig,
        command: &ActuatorCommand,
    ) {
        let needs_field = torques.magnetic || command.dipole_am2 != Vec3::zeros();
        let mut env = [StageEnvironment::default(); 3];
        if torques.gravity_gradient || needs_field || torques.drag {
            for (e, c) in env.iter_mut().zip(C) {
                *e = self.environment(&from.shifted(t + c * h), torques, needs_field);
            }
        }
        let dipole = command.dipole_am2
            + if torques.magnetic {
                self.residual_dipole
            } else {
                Vec3::zeros()
            };
        let y = Y {
            q: *state.quaternion.as_unit_quaternion().quaternion(),
            w: state.rate_body_rad_s,
            h: state.wheel_momentum_body_nms,
        };
        let torque = |i: usize, y: &Y| {
            let e = &env[i];
            let to_body = UnitQuaternion::new_unchecked(y.q);
            let mut tau = Vec3::zeros();
            if torques.gravity_gradient {
                let r = to_body.transform_vector(&e.r_unit);
                tau += r.cross(&(self.inertia * r)) * e.gravity_gradient;
            }
            if needs_field {
                tau += dipole.cross(&to_body.transform_vector(&e.field_t));
            }
            if torques.drag {
                tau += self
                    .centre_of_pressure
                    .cross(&to_body.transform_vector(&e.drag_n));
            }
            derivative(
                &self.inertia,
                &self.inverse,
                y,
                &tau,
                &command.wheel_torque_nm,
            )
        };
        let next = gauss_legendre_step(&y, h, torque);
        state.quaternion = Quat::from_unit_quaternion(UnitQuaternion::new_normalize(
            Quaternion::from(next.q.coords),
        ));
        state.rate_body_rad_s = next.w;
        state.wheel_momentum_body_nms = next.h;
    }

    /// The environment at `at` that the torques in force need.
    fn environment(
        &self,
        at: &AttitudeContext,
        torques: TorqueConfig,
        field: bool,
    ) -> StageEnvironment {
        let r_km = at.position_km.norm();
        let r_m = r_km * 1e3;
        let drag = &self.config.drag;
        StageEnvironment {
            r_unit: at.position_km / r_km.max(1e-300),
            gravity_gradient: 3.0 * 3.986_004_418e14 / (r_m * r_m * r_m).max(1e-300),
            field_t: if field {
                magnetic_field_teme_t(&at.position_km, at.epoch)
            } else {
                Vec3::zeros()
            },
            drag_n: if torques.drag {
                drag_force_teme_n(drag, &at.position_km, &at.velocity_km_s)
            } else {
                Vec3::zeros()
            },
        }
    }
}
