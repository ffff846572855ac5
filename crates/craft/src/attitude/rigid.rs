//! Timeline segments integrated as a rigid body: free motion under the
//! environmental torques, PD pointing with the reaction wheels, and B-dot
//! detumbling with the magnetorquers (the physics is in
//! [`crate::dynamics`]; this module only decides where a segment starts
//! from and which control law it runs).

use orbitai_astro::{Epoch, Vec3};

use super::{AttitudeContext, AttitudeMode, AttitudeModeConfig, AttitudeState};
use crate::dynamics::{Actuation, DynamicState, Dynamics, TorqueConfig};
use crate::error::ConfigError;
use crate::quat::Quat;

/// The control law a rigid-body segment runs.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Law {
    /// No control torque.
    Free,
    /// PD on the quaternion error towards a kinematic mode, reaction wheels.
    Pointing(Box<AttitudeMode>),
    /// B-dot with the magnetorquers.
    Detumble,
}

/// A built rigid-body segment of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RigidSegment {
    /// Attitude at the start (`None`: continue from the current attitude).
    initial: Option<Quat>,
    /// Body rate at the start, body axes, rad/s (`None`: continue).
    initial_rate: Option<Vec3>,
    /// The environmental torques that act.
    torques: TorqueConfig,
    /// The control law.
    pub(crate) law: Law,
}

impl RigidSegment {
    /// Builds the segment of a rigid-body mode configuration, `None` for a
    /// kinematic one; `start` is the segment's start, `field` names the
    /// configuration in errors.
    pub(crate) fn new(
        config: &AttitudeModeConfig,
        start: Epoch,
        field: &str,
    ) -> Result<Option<Self>, ConfigError> {
        let segment = match config {
            AttitudeModeConfig::Dynamic {
                initial,
                initial_rate_rad_s,
                torques,
            } => {
                let initial = initial
                    .map(|q| {
                        Quat::from_scalar_first(q).ok_or(ConfigError::BadQuaternion {
                            field: format!("{field}.initial"),
                            value: q,
                        })
                    })
                    .transpose()?;
                let initial_rate = initial_rate_rad_s
                    .map(|r| {
                        if r.iter().all(|x| x.is_finite()) {
                            Ok(Vec3::new(r[0], r[1], r[2]))
                        } else {
                            Err(ConfigError::BadDirection {
                                field: format!("{field}.initial_rate_rad_s"),
                                value: r,
                            })
                        }
                    })
                    .transpose()?;
                RigidSegment {
                    initial,
                    initial_rate,
                    torques: *torques,
                    law: Law::Free,
                }
            }
            AttitudeModeConfig::Controlled { target, torques } => RigidSegment {
                initial: None,
                initial_rate: None,
                torques: *torques,
                law: Law::Pointing(Box::new(AttitudeMode::new(
                    target,
                    start,
                    &format!("{field}.target"),
                )?)),
            },
            AttitudeModeConfig::Detumble { torques } => RigidSegment {
                initial: None,
                initial_rate: None,
                torques: *torques,
                law: Law::Detumble,
            },
            _ => return Ok(None),
        };
        Ok(Some(segment))
    }

    /// The state the segment starts from: its own initial attitude and rate
    /// where configured, else the spacecraft's `current` state (identity
    /// and at rest before any), with the wheels' momentum carried over
    /// (body axes, N·m·s): the wheels do not stop when the mode changes.
    pub(crate) fn entry_state(
        &self,
        current: Option<AttitudeState>,
        wheel_momentum_body_nms: Vec3,
    ) -> DynamicState {
        let current = current.unwrap_or_default();
        let mut state = DynamicState::new(
            self.initial.unwrap_or(current.quaternion),
            self.initial_rate.unwrap_or(current.rate_body_rad_s),
        );
        state.wheel_momentum_body_nms = wheel_momentum_body_nms;
        state
    }

    /// Advances `state` (at `from.epoch`) by `dt_s` seconds under this
    /// segment's torques and control law.
    pub(crate) fn advance(
        &self,
        dynamics: &Dynamics,
        state: &mut DynamicState,
        from: &AttitudeContext,
        dt_s: f64,
    ) {
        match &self.law {
            Law::Free => dynamics.advance(state, from, dt_s, self.torques, Actuation::Free),
            Law::Detumble => dynamics.advance(state, from, dt_s, self.torques, Actuation::Detumble),
            Law::Pointing(target) => {
                let target = |ctx: &AttitudeContext| target.state(ctx);
                dynamics.advance(
                    state,
                    from,
                    dt_s,
                    self.torques,
                    Actuation::Pointing(&target),
                );
            }
        }
    }
}
