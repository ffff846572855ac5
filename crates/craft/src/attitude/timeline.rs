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

use orbitai_astro::{Epoch, Vec3};
use serde::{Deserialize, Serialize};

use super::{AttitudeContext, AttitudeMode, AttitudeModeConfig, AttitudeState};
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

/// The attitude timeline at run time (one per spacecraft).
#[derive(Debug, Clone)]
pub struct AttitudeTimeline {
    starts: Vec<Epoch>,
    modes: Vec<AttitudeMode>,
    max_rate: Option<f64>,
    active: Option<usize>,
    slew: Option<Slew>,
    last: Option<(Epoch, Quat)>,
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
        let mut modes = Vec::with_capacity(config.entries.len());
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
            modes.push(AttitudeMode::new(&e.mode, t, &format!("{field}.mode"))?);
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
        let gm = GaussMarkov::new(config.jitter.angle);
        Ok(AttitudeTimeline {
            starts,
            modes,
            max_rate: config.max_slew_rate_rad_s,
            active: None,
            slew: None,
            last: None,
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

    /// The built modes, in timeline order.
    pub fn modes(&self) -> &[AttitudeMode] {
        &self.modes
    }

    /// Whether a slew is in progress (as of the last step).
    pub fn is_slewing(&self) -> bool {
        self.slew.is_some()
    }

    /// The nominal attitude of the mode in force at `ctx` (no slew, no
    /// jitter): a pure function.
    pub fn nominal(&self, ctx: &AttitudeContext) -> AttitudeState {
        self.modes[self.segment_at(ctx.epoch)].state(ctx)
    }

    /// The true attitude and body rate at `ctx`, advancing slews and jitter.
    /// Call once per simulation step, in increasing time.
    pub fn step(&mut self, ctx: &AttitudeContext) -> AttitudeState {
        let seg = self.segment_at(ctx.epoch);
        if self.active != Some(seg) {
            self.switch_to(seg, ctx);
        }
        let mode_state = self.modes[seg].state(ctx);
        let mut state = mode_state;
        if let (Some(slew), Some(rate)) = (self.slew, self.max_rate) {
            let remaining = slew.angle0 - rate * ctx.epoch.seconds_since(slew.start);
            if remaining > 0.0 {
                let e = Quat::IDENTITY.rotated_in_body(&(slew.axis * remaining));
                state.quaternion = mode_state
                    .quaternion
                    .rotated_in_body(&(slew.axis * remaining));
                // ω = θ̇ â + R_e ω_mode with θ̇ = −ω_max.
                state.rate_body_rad_s =
                    -slew.axis * rate + e.inertial_to_body(&mode_state.rate_body_rad_s);
            } else {
                self.slew = None;
            }
        }
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
    /// it continues from the current one, and starts the slew.
    fn switch_to(&mut self, seg: usize, ctx: &AttitudeContext) {
        // The attitude the spacecraft has now, before the switch: the last
        // output propagated at its own rate is not available in general, so
        // the previous segment's attitude (with its slew) is evaluated at
        // the current instant.
        let current = self.active.map(|prev| self.attitude_in(prev, ctx));
        if let AttitudeMode::Spin {
            initial: initial @ None,
            rate,
            start,
        } = &mut self.modes[seg]
        {
            let q_now = current.unwrap_or(Quat::IDENTITY);
            // Back-propagate so that q(ctx.epoch) = q_now exactly.
            *initial = Some(q_now.propagate(rate, -ctx.epoch.seconds_since(*start)));
        }
        self.slew = match (current, self.max_rate) {
            (Some(q_old), Some(_)) => {
                let q_new = self.modes[seg].attitude(ctx);
                let rot = q_new.rotation_to(&q_old);
                let angle0 = rot.norm();
                (angle0 > 1e-12).then(|| Slew {
                    start: ctx.epoch,
                    axis: rot / angle0,
                    angle0,
                })
            }
            _ => None,
        };
        self.active = Some(seg);
    }

    /// Attitude of segment `seg` at `ctx` including the current slew.
    fn attitude_in(&self, seg: usize, ctx: &AttitudeContext) -> Quat {
        let q = self.modes[seg].attitude(ctx);
        match (self.slew, self.max_rate) {
            (Some(s), Some(rate)) => {
                let remaining = s.angle0 - rate * ctx.epoch.seconds_since(s.start);
                if remaining > 0.0 {
                    q.rotated_in_body(&(s.axis * remaining))
                } else {
                    q
                }
            }
            _ => q,
        }
    }
}
