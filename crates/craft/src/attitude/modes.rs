//! Attitude modes: each a pure function of time and orbital state.

use orbitai_astro::{Epoch, Vec3};
use serde::{Deserialize, Serialize};

use super::pointing::{Direction, GroundPoint, align_constrain, align_constrain_with_rate};
use super::recorded::{QuatSample, RecordedAttitude};
use super::{AttitudeContext, AttitudeState, rate_between};
use crate::body::unit_from;
use crate::dynamics::TorqueConfig;
use crate::error::ConfigError;
use crate::quat::Quat;

/// Half-interval of the central difference that gives the body rate of the
/// modes without a closed form (recorded attitudes, ground targets), s. The attitudes change smoothly on orbital
/// time scales (rates ~1e-3 rad/s), so the truncation error (∝ h²) is far
/// below the rounding error of the quaternions.
const RATE_DIFFERENCE_S: f64 = 0.5;

/// An attitude mode as written in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum AttitudeModeConfig {
    /// A fixed attitude.
    InertialHold {
        /// Quaternion, scalar first, inertial → body.
        quaternion: [f64; 4],
    },
    /// Constant body rate (spin or tumble) from an initial attitude.
    Spin {
        /// Attitude at the start of the segment; `None` continues from the
        /// attitude the spacecraft has when the segment starts.
        #[serde(default)]
        initial: Option<[f64; 4]>,
        /// Body rate, body axes, rad/s.
        rate_rad_s: [f64; 3],
    },
    /// A body axis at the Sun, a second body axis as close as possible to a
    /// chosen direction.
    SunPointing {
        /// Body axis pointed at the Sun.
        axis: [f64; 3],
        /// Body axis constrained towards `secondary`.
        secondary_axis: [f64; 3],
        /// The direction the secondary axis is turned towards.
        secondary: Direction,
    },
    /// A body axis at nadir (the Earth's centre), another along the velocity.
    NadirPointing {
        /// Body axis pointed at nadir.
        axis: [f64; 3],
        /// Body axis turned towards the velocity.
        velocity_axis: [f64; 3],
    },
    /// A body axis at a ground point, a second axis towards a direction.
    TargetPointing {
        /// Body axis pointed at the target.
        axis: [f64; 3],
        /// The ground point.
        target: GroundPoint,
        /// Body axis constrained towards `secondary`.
        secondary_axis: [f64; 3],
        /// The direction the secondary axis is turned towards.
        secondary: Direction,
    },
    /// Any primary/secondary pair of directions.
    Pointing {
        /// Body axis pointed exactly along `primary`.
        axis: [f64; 3],
        /// Where the primary axis points.
        primary: Direction,
        /// Body axis constrained towards `secondary`.
        secondary_axis: [f64; 3],
        /// The direction the secondary axis is turned towards.
        secondary: Direction,
    },
    /// Interpolated from recorded quaternions (e.g. flight CADC1002..1005).
    Recorded {
        /// The samples, in increasing time.
        samples: Vec<QuatSample>,
    },
    /// Rigid-body motion, no control: the attitude and rate are integrated
    /// under the environmental torques with the timeline's
    /// [`DynamicsConfig`](crate::dynamics::DynamicsConfig) (inertia etc.).
    Dynamic {
        /// Attitude at the start of the segment (inertial → body, scalar
        /// first); `None` continues from the current attitude.
        #[serde(default)]
        initial: Option<[f64; 4]>,
        /// Body rate at the start of the segment, body axes, rad/s; `None`
        /// continues from the current rate.
        #[serde(default)]
        initial_rate_rad_s: Option<[f64; 3]>,
        /// The environmental torques that act (default: all of them).
        #[serde(default = "all_torques")]
        torques: TorqueConfig,
    },
    /// Rigid-body motion steered by the reaction wheels: a PD law on the
    /// quaternion error towards a kinematic target mode (Sun, nadir,
    /// inertial, …), starting from the current attitude and rate.
    Controlled {
        /// The attitude to reach and hold (any mode above but `Dynamic`,
        /// `Controlled` and `Detumble`).
        target: Box<AttitudeModeConfig>,
        /// The environmental torques that act (default: all of them).
        #[serde(default = "all_torques")]
        torques: TorqueConfig,
    },
    /// Rigid-body motion damped by B-dot control with the magnetorquers,
    /// starting from the current attitude and rate.
    Detumble {
        /// The environmental torques that act (default: all of them).
        #[serde(default = "all_torques")]
        torques: TorqueConfig,
    },
}

/// The default torque set of the dynamic modes: every environmental torque.
fn all_torques() -> TorqueConfig {
    TorqueConfig::ALL
}

impl AttitudeModeConfig {
    /// Whether the mode is integrated as a rigid body (`Dynamic`,
    /// `Controlled`, `Detumble`) rather than a function of time.
    pub fn is_dynamic(&self) -> bool {
        matches!(
            self,
            AttitudeModeConfig::Dynamic { .. }
                | AttitudeModeConfig::Controlled { .. }
                | AttitudeModeConfig::Detumble { .. }
        )
    }
}

impl Default for AttitudeModeConfig {
    /// Nadir pointing with the camera (−Z) at nadir and +X along the
    /// velocity: an Earth-observation attitude for OPS-SAT.
    fn default() -> Self {
        AttitudeModeConfig::NadirPointing {
            axis: [0.0, 0.0, -1.0],
            velocity_axis: [1.0, 0.0, 0.0],
        }
    }
}

/// A built attitude mode; see [`AttitudeModeConfig`] for the meaning of each.
#[derive(Debug, Clone, PartialEq)]
pub enum AttitudeMode {
    /// A fixed attitude.
    InertialHold(Quat),
    /// `q(t) = exp(−ω (t − start)/2) ⊗ initial`.
    Spin {
        /// Attitude at `start` (`None` until captured from the spacecraft's
        /// attitude when the segment begins; identity if evaluated before).
        initial: Option<Quat>,
        /// Body rate, body axes, rad/s.
        rate: Vec3,
        /// When the attitude is `initial`.
        start: Epoch,
    },
    /// Align-and-constrain pointing (Sun, nadir, target or general).
    Pointing {
        /// Body axis pointed exactly (unit).
        axis: Vec3,
        /// Where it points.
        primary: Direction,
        /// Constrained body axis (unit, not parallel to `axis`).
        secondary_axis: Vec3,
        /// Where the secondary is turned.
        secondary: Direction,
    },
    /// Recorded quaternions.
    Recorded(RecordedAttitude),
}

impl AttitudeMode {
    /// Builds a mode; `start` is the segment's start (the spin reference),
    /// `field` names the configuration in errors.
    pub fn new(
        config: &AttitudeModeConfig,
        start: Epoch,
        field: &str,
    ) -> Result<Self, ConfigError> {
        let quat = |q: [f64; 4], f: &str| {
            Quat::from_scalar_first(q).ok_or(ConfigError::BadQuaternion {
                field: format!("{field}.{f}"),
                value: q,
            })
        };
        let axis = |v: [f64; 3], f: &str| unit_from(|| format!("{field}.{f}"), v);
        let pointing = |a: [f64; 3], p: Direction, b: [f64; 3], s: Direction| {
            let (a, b) = (axis(a, "axis")?, axis(b, "secondary_axis")?);
            if a.cross(&b).norm() < 1e-6 {
                return Err(ConfigError::BadDirection {
                    field: format!("{field}.secondary_axis (parallel to the primary axis)"),
                    value: [b.x, b.y, b.z],
                });
            }
            p.validate(&format!("{field}.primary"))?;
            s.validate(&format!("{field}.secondary"))?;
            Ok(AttitudeMode::Pointing {
                axis: a,
                primary: p,
                secondary_axis: b,
                secondary: s,
            })
        };
        match config {
            AttitudeModeConfig::InertialHold { quaternion } => {
                Ok(AttitudeMode::InertialHold(quat(*quaternion, "quaternion")?))
            }
            AttitudeModeConfig::Spin {
                initial,
                rate_rad_s,
            } => {
                let r = rate_rad_s;
                if !r.iter().all(|x| x.is_finite()) {
                    return Err(ConfigError::BadDirection {
                        field: format!("{field}.rate_rad_s"),
                        value: *r,
                    });
                }
                Ok(AttitudeMode::Spin {
                    initial: initial.map(|q| quat(q, "initial")).transpose()?,
                    rate: Vec3::new(r[0], r[1], r[2]),
                    start,
                })
            }
            AttitudeModeConfig::SunPointing {
                axis,
                secondary_axis,
                secondary,
            } => pointing(*axis, Direction::Sun, *secondary_axis, *secondary),
            AttitudeModeConfig::NadirPointing {
                axis,
                velocity_axis,
            } => pointing(*axis, Direction::Nadir, *velocity_axis, Direction::Velocity),
            AttitudeModeConfig::TargetPointing {
                axis,
                target,
                secondary_axis,
                secondary,
            } => pointing(
                *axis,
                Direction::Target(*target),
                *secondary_axis,
                *secondary,
            ),
            AttitudeModeConfig::Pointing {
                axis,
                primary,
                secondary_axis,
                secondary,
            } => pointing(*axis, *primary, *secondary_axis, *secondary),
            AttitudeModeConfig::Recorded { samples } => Ok(AttitudeMode::Recorded(
                RecordedAttitude::from_samples(samples).map_err(|e| prefix(e, field))?,
            )),
            AttitudeModeConfig::Dynamic { .. }
            | AttitudeModeConfig::Controlled { .. }
            | AttitudeModeConfig::Detumble { .. } => Err(ConfigError::BadList {
                field: field.to_string(),
                reason: "a rigid-body mode (Dynamic, Controlled, Detumble) cannot be used here: \
                         it is a timeline entry, not a pointing target"
                    .into(),
            }),
        }
    }

    /// The attitude at `ctx`.
    pub fn attitude(&self, ctx: &AttitudeContext) -> Quat {
        match self {
            AttitudeMode::InertialHold(q) => *q,
            AttitudeMode::Spin {
                initial,
                rate,
                start,
            } => initial
                .unwrap_or(Quat::IDENTITY)
                .propagate(rate, ctx.epoch.seconds_since(*start)),
            AttitudeMode::Pointing {
                axis,
                primary,
                secondary_axis,
                secondary,
            } => pointing_attitude(ctx, axis, primary, secondary_axis, secondary),
            AttitudeMode::Recorded(rec) => rec.attitude_at(ctx.epoch),
        }
    }

    /// Attitude and body rate at `ctx`: exact for hold and spin, analytic
    /// for pointing at the Sun, nadir, zenith, the velocity, the orbit normal
    /// or a fixed direction (the derivative of the align-and-constrain
    /// construction on the two-body arc, Sun direction fixed over the step),
    /// a central difference over ±0.5 s otherwise (recorded attitudes,
    /// ground targets).
    pub fn state(&self, ctx: &AttitudeContext) -> AttitudeState {
        if let AttitudeMode::Pointing {
            axis,
            primary,
            secondary_axis,
            secondary,
        } = self
            && let Some(state) = pointing_state(ctx, axis, primary, secondary_axis, secondary)
        {
            return state;
        }
        self.state_numerical(ctx)
    }

    /// [`AttitudeMode::state`] with the body rate of every mode but hold and
    /// spin from the central difference (what pointing modes used before
    /// their analytic rate; kept for the modes without one and to test it).
    pub fn state_numerical(&self, ctx: &AttitudeContext) -> AttitudeState {
        let quaternion = self.attitude(ctx);
        let rate_body_rad_s = match self {
            AttitudeMode::InertialHold(_) => Vec3::zeros(),
            AttitudeMode::Spin { rate, .. } => *rate,
            _ => {
                let h = RATE_DIFFERENCE_S;
                let before = self.attitude(&ctx.shifted(-h));
                let after = self.attitude(&ctx.shifted(h));
                // The rate at the midpoint, expressed in the body axes at
                // `ctx` (the difference is symmetric about it).
                let r = rate_between(&before, &after, 2.0 * h);
                let mid = before.slerp(&after, 0.5);
                quaternion.inertial_to_body(&mid.body_to_inertial(&r))
            }
        };
        AttitudeState {
            quaternion,
            rate_body_rad_s,
        }
    }
}

/// Align-and-constrain at `ctx`, falling back to inertial Z then X as the
/// secondary when it is undefined (secondary parallel to the primary), and
/// to identity when even the primary is undefined (e.g. nadir at the
/// Earth's centre), so that no input makes a mode fail.
fn pointing_attitude(
    ctx: &AttitudeContext,
    axis: &Vec3,
    primary: &Direction,
    secondary_axis: &Vec3,
    secondary: &Direction,
) -> Quat {
    let p = primary.resolve(ctx);
    let s = secondary.resolve(ctx);
    align_constrain(axis, secondary_axis, &p, &s)
        .or_else(|| align_constrain(axis, secondary_axis, &p, &Vec3::z()))
        .or_else(|| align_constrain(axis, secondary_axis, &p, &Vec3::x()))
        .unwrap_or(Quat::IDENTITY)
}

/// [`pointing_attitude`] with its analytic body rate; `None` when a
/// direction has no closed-form derivative (a ground target). The
/// fallback secondaries are fixed directions (zero derivative), and the
/// identity fallback does not turn.
fn pointing_state(
    ctx: &AttitudeContext,
    axis: &Vec3,
    primary: &Direction,
    secondary_axis: &Vec3,
    secondary: &Direction,
) -> Option<AttitudeState> {
    let p = (primary.resolve(ctx), primary.derivative(ctx)?);
    let s = (secondary.resolve(ctx), secondary.derivative(ctx)?);
    let fixed = Vec3::zeros();
    let pair = |s: (&Vec3, &Vec3)| align_constrain_with_rate(axis, secondary_axis, (&p.0, &p.1), s);
    let (quaternion, rate_body_rad_s) = pair((&s.0, &s.1))
        .or_else(|| pair((&Vec3::z(), &fixed)))
        .or_else(|| pair((&Vec3::x(), &fixed)))
        .unwrap_or((Quat::IDENTITY, Vec3::zeros()));
    Some(AttitudeState {
        quaternion,
        rate_body_rad_s,
    })
}

/// Puts the mode's field path in front of an error from a sub-builder.
fn prefix(e: ConfigError, field: &str) -> ConfigError {
    match e {
        ConfigError::BadList { field: f, reason } => ConfigError::BadList {
            field: format!("{field}.{f}"),
            reason,
        },
        ConfigError::BadQuaternion { field: f, value } => ConfigError::BadQuaternion {
            field: format!("{field}.{f}"),
            value,
        },
        other => other,
    }
}
