//! The attitude timeline: modes switched at given times, rate-limited slews
//! between them, optional pointing jitter.
//!
//! # Slews
//! When a new mode starts, the spacecraft still has the old attitude `q_old`.
//! The timeline writes it as the new mode's attitude turned by an error
//! rotation fixed in the new mode's body axes, `q_old = e(θ₀) ⊗ q_new`, and
//! then shrinks the error angle at the maximum slew rate:
//! `q(t) = e(max(0, θ₀ − ω_max (t − t_switch))) ⊗ q_new(t)`. The attitude is
//! thus continuous, converges exactly after θ₀/ω_max, and turns at exactly
//! ω_max relative to the new mode's frame (a moving target is tracked
//! meanwhile). The slew state is captured at the first step on or after the
//! switch, from the attitude at that step, so results depend only on the
//! step times, not on how often anything else is evaluated.
//!
//! # Rigid-body segments
//! `Dynamic`, `Controlled` and `Detumble` entries are integrated (see
//! [`crate::dynamics`]) from one step to the next, starting from the
//! attitude and rate the spacecraft has when they begin (unless `Dynamic`
//! gives its own); the wheels keep their momentum across segments. No slew
//! limit applies to them: a controller turns the body at the rate its
//! wheels allow. A kinematic entry after a rigid-body one slews from the
//! integrated attitude.

use orbitai_astro::{Epoch, Vec3};
use serde::{Deserialize, Serialize};

use super::rigid::{Law, RigidSegment};
use super::{AttitudeContext, AttitudeMode, AttitudeModeConfig, AttitudeState};
use crate::dynamics::{DynamicState, Dynamics, DynamicsConfig};
use crate::error::ConfigError;
use crate::noise::{GaussMarkov, GaussMarkovConfig};
use crate::quat::Quat;
use crate::rng::{SeedContext, SensorKind, StreamRng};

/// One timeline entry: a mode and when it starts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TimelineEntry {
    /// Start, seconds after the simulation start (the first entry also
    /// applies before its start).
    pub start_s: f64,
    /// The mode.
    pub mode: AttitudeModeConfig,
}

/// Pointing jitter: a small random rotation of the true attitude, per body
/// axis a Gauss–Markov process (rad, s). Off by default.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct JitterConfig {
    /// Per-axis angle standard deviation (rad) and correlation time (s).
    pub angle: GaussMarkovConfig,
}

impl Default for JitterConfig {
    /// Off.
    fn default() -> Self {
        JitterConfig {
            angle: GaussMarkovConfig::OFF,
        }
    }
}

/// The attitude timeline as written in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TimelineConfig {
    /// Entries in strictly increasing start time (at least one).
    pub entries: Vec<TimelineEntry>,
    /// Maximum slew rate between modes, rad/s; `None` switches instantly.
    pub max_slew_rate_rad_s: Option<f64>,
    /// Pointing jitter (off by default).
    pub jitter: JitterConfig,
    /// The rigid body, its actuators and control gains, used by the
    /// `Dynamic`, `Controlled` and `Detumble` entries (OPS-SAT by default).
    pub dynamics: DynamicsConfig,
}

impl Default for TimelineConfig {
    /// One nadir-pointing entry (camera −Z at nadir, +X along velocity),
    /// slews at 1°/s (a typical CubeSat ADCS figure, not a flight
    /// measurement), no jitter.
    fn default() -> Self {
        TimelineConfig {
            entries: vec![TimelineEntry {
                start_s: 0.0,
                mode: AttitudeModeConfig::default(),
            }],
            max_slew_rate_rad_s: Some(1f64.to_radians()),
            jitter: JitterConfig::default(),
            dynamics: DynamicsConfig::default(),
        }
    }
}

/// An ongoing slew: the remaining error rotation is `axis · angle(t)`.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Slew {
    start: Epoch,
    axis: Vec3,
    angle0: f64,
}

/// One built timeline entry.
#[derive(Debug, Clone, PartialEq)]
enum Segment {
    /// A function of time (with slews between them).
    Kinematic(AttitudeMode),
    /// Integrated as a rigid body.
    Rigid(RigidSegment),
}

/// The integrated state of the rigid-body segment in force and the orbital
/// context at its instant.
#[derive(Debug, Clone, Copy)]
struct RigidRun {
    state: DynamicState,
    at: AttitudeContext,
}

/// The attitude timeline at run time (one per spacecraft).
#[derive(Debug, Clone)]
pub struct AttitudeTimeline {
    starts: Vec<Epoch>,
    segments: Vec<Segment>,
    max_rate: Option<f64>,
    active: Option<usize>,
    slew: Option<Slew>,
    last: Option<(Epoch, Quat)>,
    /// The last output before jitter (the state the next segment continues).
    last_state: Option<AttitudeState>,
    dynamics: Dynamics,
    rigid: Option<RigidRun>,
    /// The wheels' momentum, body axes, N·m·s (kept across segments).
    wheel_momentum_body_nms: Vec3,
    jitter: [GaussMarkov; 3],
    jitter_rng: StreamRng,
}

impl AttitudeTimeline {
    /// Builds the timeline; `start` is the simulation start epoch that the
    /// entries' `start_s` count from, `seeds` the spacecraft's seed context
    /// (for the jitter stream).
    pub fn new(
        config: &TimelineConfig,
        start: Epoch,
        seeds: SeedContext,
    ) -> Result<Self, ConfigError> {
        if config.entries.is_empty() {
            return Err(ConfigError::BadList {
                field: "attitude.entries".into(),
                reason: "at least one entry is needed".into(),
            });
        }
        let mut starts = Vec::with_capacity(config.entries.len());
        let mut segments = Vec::with_capacity(config.entries.len());
        for (i, e) in config.entries.iter().enumerate() {
            let field = format!("attitude.entries[{i}]");
            if !e.start_s.is_finite()
                || starts
                    .last()
                    .is_some_and(|p| start.add_seconds(e.start_s) <= *p)
            {
                return Err(ConfigError::BadList {
                    field: format!("{field}.start_s"),
                    reason: format!("{} must be finite and after the previous entry", e.start_s),
                });
            }
            let t = start.add_seconds(e.start_s);
            starts.push(t);
            let field = format!("{field}.mode");
            segments.push(match RigidSegment::new(&e.mode, t, &field)? {
                Some(rigid) => Segment::Rigid(rigid),
                None => Segment::Kinematic(AttitudeMode::new(&e.mode, t, &field)?),
            });
        }
        if let Some(r) = config.max_slew_rate_rad_s {
            crate::error::check_range(
                || "attitude.max_slew_rate_rad_s".into(),
                r,
                f64::MIN_POSITIVE,
                f64::MAX,
                "finite and > 0 (or None for instant switches)",
            )?;
        }
        config.jitter.angle.validate("attitude.jitter.angle")?;
        let dynamics = Dynamics::new(&config.dynamics, "attitude.dynamics")?;
        let gm = GaussMarkov::new(config.jitter.angle);
        Ok(AttitudeTimeline {
            starts,
            segments,
            max_rate: config.max_slew_rate_rad_s,
            active: None,
            slew: None,
            last: None,
            last_state: None,
            dynamics,
            rigid: None,
            wheel_momentum_body_nms: Vec3::zeros(),
            jitter: [gm.clone(), gm.clone(), gm],
            jitter_rng: seeds.stream(SensorKind::PointingJitter, 0),
        })
    }

    /// The index of the entry in force at `epoch`.
    pub fn segment_at(&self, epoch: Epoch) -> usize {
        self.starts
            .partition_point(|s| *s <= epoch)
            .saturating_sub(1)
    }

    /// The rigid-body model of the `Dynamic`, `Controlled` and `Detumble`
    /// entries.
    pub fn dynamics(&self) -> &Dynamics {
        &self.dynamics
    }

    /// The integrated rigid-body state (attitude, rate, wheel momentum) if
    /// a rigid-body entry is in force (as of the last step).
    pub fn rigid_state(&self) -> Option<&DynamicState> {
        self.rigid.as_ref().map(|r| &r.state)
    }

    /// Whether a slew is in progress (as of the last step).
    pub fn is_slewing(&self) -> bool {
        self.slew.is_some()
    }

    /// The commanded attitude of the entry in force at `ctx` (no slew, no
    /// jitter): the mode's, or a `Controlled` entry's target; for `Dynamic`
    /// and `Detumble` entries, which command no attitude, the integrated
    /// state as of the last step (identity before any).
    pub fn nominal(&self, ctx: &AttitudeContext) -> AttitudeState {
        match &self.segments[self.segment_at(ctx.epoch)] {
            Segment::Kinematic(mode) => mode.state(ctx),
            Segment::Rigid(RigidSegment {
                law: Law::Pointing(target),
                ..
            }) => target.state(ctx),
            Segment::Rigid(_) => self.rigid.map(|r| r.state.attitude()).unwrap_or_default(),
        }
    }

    /// The true attitude and body rate at `ctx`, advancing slews, the
    /// rigid-body integration and jitter. Call once per simulation step, in
    /// increasing time.
    pub fn step(&mut self, ctx: &AttitudeContext) -> AttitudeState {
        let seg = self.segment_at(ctx.epoch);
        if self.active != Some(seg) {
            self.switch_to(seg, ctx);
        }
        let mut state = match &self.segments[seg] {
            Segment::Kinematic(mode) => slewed(mode.state(ctx), &mut self.slew, self.max_rate, ctx),
            Segment::Rigid(rigid) => {
                let run = self.rigid.get_or_insert_with(|| RigidRun {
                    state: rigid.entry_state(None, Vec3::zeros()),
                    at: *ctx,
                });
                advance_to(rigid, &self.dynamics, run, ctx);
                self.wheel_momentum_body_nms = run.state.wheel_momentum_body_nms;
                run.state.attitude()
            }
        };
        self.last_state = Some(state);
        let dt = self.last.map_or(0.0, |(t, _)| ctx.epoch.seconds_since(t));
        self.last = Some((ctx.epoch, state.quaternion));
        if self.jitter[0].is_active() {
            let rng = &mut self.jitter_rng;
            let j = Vec3::new(
                self.jitter[0].step(dt, rng),
                self.jitter[1].step(dt, rng),
                self.jitter[2].step(dt, rng),
            );
            // Jitter perturbs the attitude only; its rate is not added to
            // the body rate (it is a pointing error, not a manoeuvre).
            state.quaternion = state.quaternion.rotated_in_body(&j);
        }
        state
    }

    /// Enters segment `seg` at `ctx`: captures a spin's initial attitude if
    /// it continues from the current one, starts the slew of a kinematic
    /// entry, or the integration of a rigid-body one.
    fn switch_to(&mut self, seg: usize, ctx: &AttitudeContext) {
        let current = self.active.map(|prev| self.state_in(prev, ctx));
        self.slew = None;
        match &mut self.segments[seg] {
            Segment::Rigid(rigid) => {
                self.rigid = Some(RigidRun {
                    state: rigid.entry_state(current, self.wheel_momentum_body_nms),
                    at: *ctx,
                });
            }
            Segment::Kinematic(mode) => {
                self.rigid = None;
                let q_old = current.map(|s| s.quaternion);
                if let AttitudeMode::Spin {
                    initial: initial @ None,
                    rate,
                    start,
                } = mode
                {
                    let q_now = q_old.unwrap_or(Quat::IDENTITY);
                    // Back-propagate so that q(ctx.epoch) = q_now exactly.
                    *initial = Some(q_now.propagate(rate, -ctx.epoch.seconds_since(*start)));
                }
                if let (Some(q_old), Some(_)) = (q_old, self.max_rate) {
                    let rot = mode.attitude(ctx).rotation_to(&q_old);
                    let angle0 = rot.norm();
                    self.slew = (angle0 > 1e-12).then(|| Slew {
                        start: ctx.epoch,
                        axis: rot / angle0,
                        angle0,
                    });
                }
            }
        }
        self.active = Some(seg);
    }

    /// The state the spacecraft has at `ctx` under segment `seg` (the one
    /// in force until now), before a switch. A kinematic segment's attitude
    /// (with its slew) is evaluated at `ctx` and its rate is the last
    /// step's; a rigid-body segment is integrated on to `ctx`.
    fn state_in(&mut self, seg: usize, ctx: &AttitudeContext) -> AttitudeState {
        match (&self.segments[seg], self.rigid.as_mut()) {
            (Segment::Rigid(rigid), Some(run)) => {
                advance_to(rigid, &self.dynamics, run, ctx);
                self.wheel_momentum_body_nms = run.state.wheel_momentum_body_nms;
                run.state.attitude()
            }
            (Segment::Kinematic(mode), _) => {
                let mut slew = self.slew;
                let quaternion = slewed(mode.state(ctx), &mut slew, self.max_rate, ctx).quaternion;
                AttitudeState {
                    quaternion,
                    rate_body_rad_s: self.last_state.unwrap_or_default().rate_body_rad_s,
                }
            }
            (Segment::Rigid(_), None) => self.last_state.unwrap_or_default(),
        }
    }
}

/// Integrates a rigid-body run on to `ctx` (nothing when it is already
/// there).
fn advance_to(
    rigid: &RigidSegment,
    dynamics: &Dynamics,
    run: &mut RigidRun,
    ctx: &AttitudeContext,
) {
    let dt = ctx.epoch.seconds_since(run.at.epoch);
    if dt > 0.0 {
        rigid.advance(dynamics, &mut run.state, &run.at, dt);
        run.at = *ctx;
    }
}

/// A kinematic mode's state turned by the remaining slew error at `ctx`;
/// clears the slew once it has converged.
fn slewed(
    mode_state: AttitudeState,
    slew: &mut Option<Slew>,
    max_rate: Option<f64>,
    ctx: &AttitudeContext,
) -> AttitudeState {
    let (Some(s), Some(rate)) = (*slew, max_rate) else {
        return mode_state;
    };
    let remaining = s.angle0 - rate * ctx.epoch.seconds_since(s.start);
    if remaining <= 0.0 {
        *slew = None;
        return mode_state;
    }
    let e = Quat::IDENTITY.rotated_in_body(&(s.axis * remaining));
    AttitudeState {
        quaternion: mode_state.quaternion.rotated_in_body(&(s.axis * remaining)),
        // ω = θ̇ â + R_e ω_mode with θ̇ = −ω_max.
        rate_body_rad_s: -s.axis * rate + e.inertial_to_body(&mode_state.rate_body_rad_s),
    }
}
