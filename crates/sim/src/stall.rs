//! Telemetry stalls: the app's view of the pool freezing.
//!
//! In the flight files, 31 % of the rows repeat the photodiode values of
//! the two rows before: more than the pool's 10.6 s refresh allows (with
//! the diodes' refreshes staggered, at most two 5 s reads see the same
//! values). Two kinds show (measured in `ARCHITECTURE.md`, "Measured
//! defaults"):
//!
//! - short stalls, 4.7 per hour of live telemetry, 3 to 5 equal rows,
//!   freezing the photodiode values and flags only;
//! - long stalls, 0.76 per hour, which last until the run ends (the app's
//!   view hangs until it restarts): four of the six freeze every parameter
//!   the app reads, two the photodiodes and q0 (the 10.6 s group) only.
//!
//! A stall makes the app read, for the parameters it freezes, what it read
//! at the iteration before the stall; the pool itself keeps refreshing (the
//! simulation's truth and sensors are unaffected). Random stalls start as a
//! Poisson process per class (probability `1 − exp(−rate·Δt)` over the
//! time since the previous iteration), from the experiment's own random
//! stream; a new run (an app restart) ends every stall. Scheduled stalls
//! (`scheduled`) replay known ones, e.g. those of a flight run.

use orbitai_astro::Epoch;
use rand::RngExt;
use serde::{Deserialize, Serialize};

use crate::experiment::AppReading;
use orbitai_craft::rng::StreamRng;

/// Which of the app's parameters a stall freezes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum StallGroup {
    /// PD1..PD6 values and flags.
    Photodiodes,
    /// The photodiodes and q0 (the parameters refreshed every 10.6 s).
    PhotodiodesAndQ0,
    /// Every parameter the app reads (photodiodes and q0..q3).
    All,
}

impl StallGroup {
    /// How many quaternion components (from q0) the group freezes.
    fn quaternion_components(self) -> usize {
        match self {
            StallGroup::Photodiodes => 0,
            StallGroup::PhotodiodesAndQ0 => 1,
            StallGroup::All => 4,
        }
    }
}

/// How long a random stall lasts.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum StallDuration {
    /// Uniformly distributed between the two bounds, s (0 < min ≤ max).
    Uniform {
        /// Shortest, s.
        min_s: f64,
        /// Longest, s.
        max_s: f64,
    },
    /// Until the run in progress ends.
    UntilRunEnd,
}

/// One kind of random stall.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StallClass {
    /// Starts per hour of running app (≥ 0), while no stall of this class
    /// is in progress.
    pub rate_per_hour: f64,
    /// How long each lasts.
    pub duration: StallDuration,
    /// What it freezes.
    pub freezes: StallGroup,
}

/// A stall at a known time.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduledStall {
    /// Onset, s after the simulation start (≥ 0).
    pub start_s: f64,
    /// End, s after the simulation start (`None`: when the run in progress
    /// ends).
    #[serde(default)]
    pub end_s: Option<f64>,
    /// What it freezes.
    pub freezes: StallGroup,
}

/// The stalls of one experiment (a configuration value: missing fields
/// take their default).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Stalls {
    /// Random stalls, each class its own Poisson process ([] for none).
    pub random: Vec<StallClass>,
    /// Stalls at given times.
    pub scheduled: Vec<ScheduledStall>,
}

impl Stalls {
    /// The OPS-SAT flight stalls (module documentation): short ones of 5 to
    /// 15 s on the photodiodes, 4.7 per hour; long ones until the run's end,
    /// 0.51 per hour on everything and 0.25 per hour on the photodiodes
    /// and q0.
    pub fn ops_sat() -> Stalls {
        Stalls {
            random: vec![
                StallClass {
                    rate_per_hour: 4.7,
                    duration: StallDuration::Uniform {
                        min_s: 5.0,
                        max_s: 15.0,
                    },
                    freezes: StallGroup::Photodiodes,
                },
                StallClass {
                    rate_per_hour: 0.51,
                    duration: StallDuration::UntilRunEnd,
                    freezes: StallGroup::All,
                },
                StallClass {
                    rate_per_hour: 0.25,
                    duration: StallDuration::UntilRunEnd,
                    freezes: StallGroup::PhotodiodesAndQ0,
                },
            ],
            scheduled: Vec::new(),
        }
    }

    /// No stalls at all.
    pub fn none() -> Stalls {
        Stalls {
            random: Vec::new(),
            scheduled: Vec::new(),
        }
    }

    /// Problems with the values, as (field path below `stalls`, message).
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (i, c) in self.random.iter().enumerate() {
            let rate = c.rate_per_hour;
            if !(rate.is_finite() && (0.0..=3600.0).contains(&rate)) {
                out.push((
                    format!("random[{i}].rate_per_hour"),
                    format!("must be a rate in [0, 3600] per hour, got {rate:?}"),
                ));
            }
            if let StallDuration::Uniform { min_s, max_s } = c.duration
                && !(min_s.is_finite() && max_s.is_finite() && min_s > 0.0 && min_s <= max_s)
            {
                out.push((
                    format!("random[{i}].duration"),
                    format!("needs 0 < min_s <= max_s (finite, s), got {min_s:?} .. {max_s:?}"),
                ));
            }
        }
        for (i, s) in self.scheduled.iter().enumerate() {
            if !(s.start_s.is_finite() && s.start_s >= 0.0) {
                out.push((
                    format!("scheduled[{i}].start_s"),
                    format!("must be a time >= 0 s, got {:?}", s.start_s),
                ));
            }
            if let Some(end) = s.end_s
                && !(end.is_finite() && end > s.start_s)
            {
                out.push((
                    format!("scheduled[{i}].end_s"),
                    format!("must be after start_s ({:?} s), got {end:?}", s.start_s),
                ));
            }
        }
        out
    }
}

impl Default for Stalls {
    /// [`Stalls::ops_sat`].
    fn default() -> Self {
        Stalls::ops_sat()
    }
}

/// A random stall in progress: until when (`None`: the run's end).
#[derive(Debug, Clone, Copy)]
struct Active {
    until: Option<Epoch>,
}

/// The stalls of one experiment at run time.
#[derive(Debug, Clone)]
pub struct StallState {
    config: Stalls,
    rng: StreamRng,
    sim_start: Epoch,
    /// Per random class, the stall in progress.
    active: Vec<Option<Active>>,
    /// The previous iteration of the run in progress (time and what the app
    /// read then), if any.
    previous: Option<(Epoch, AppReading)>,
}

impl StallState {
    /// The stalls of `config`, drawing from `rng`; scheduled times count
    /// from `sim_start`.
    pub fn new(config: Stalls, rng: StreamRng, sim_start: Epoch) -> Self {
        StallState {
            active: vec![None; config.random.len()],
            config,
            rng,
            sim_start,
            previous: None,
        }
    }

    /// A run starts (the app restarts): every stall ends.
    pub fn begin_run(&mut self) {
        self.active.iter_mut().for_each(|a| *a = None);
        self.previous = None;
    }

    /// What the app reads at `epoch` when the pool gives `fresh`: `fresh`
    /// with the parameters of every stall in progress replaced by the
    /// values read at the previous iteration (the first iteration of a run
    /// is never frozen: there is nothing yet to repeat). Call once per
    /// iteration, in time order.
    pub fn apply(&mut self, epoch: Epoch, fresh: AppReading) -> AppReading {
        let Some((before, held)) = self.previous else {
            self.previous = Some((epoch, fresh));
            return fresh;
        };
        let hours = epoch.seconds_since(before).max(0.0) / 3600.0;
        let mut quaternion = None::<usize>;
        for (class, active) in self.config.random.iter().zip(&mut self.active) {
            if active.is_some_and(|a| a.until.is_some_and(|until| epoch > until)) {
                *active = None;
            }
            if active.is_none() {
                // Always one draw per idle class: the stream's use does not
                // depend on the outcome.
                let u: f64 = self.rng.random();
                let starts = u < -(-class.rate_per_hour * hours).exp_m1();
                if starts {
                    let until = match class.duration {
                        StallDuration::Uniform { min_s, max_s } => {
                            let v: f64 = self.rng.random();
                            Some(epoch.add_seconds(min_s + (max_s - min_s) * v))
                        }
                        StallDuration::UntilRunEnd => None,
                    };
                    *active = Some(Active { until });
                }
            }
            if active.is_some() {
                let q = class.freezes.quaternion_components();
                quaternion = Some(quaternion.map_or(q, |k| k.max(q)));
            }
        }
        let t = epoch.seconds_since(self.sim_start);
        for s in &self.config.scheduled {
            if t >= s.start_s && s.end_s.is_none_or(|end| t < end) {
                let q = s.freezes.quaternion_components();
                quaternion = Some(quaternion.map_or(q, |k| k.max(q)));
            }
        }
        let mut read = fresh;
        if let Some(q) = quaternion {
            read.pd = held.pd;
            read.flags = held.flags;
            read.quaternion[..q].copy_from_slice(&held.quaternion[..q]);
        }
        self.previous = Some((epoch, read));
        read
    }
}

#[cfg(test)]
#[path = "stall_tests.rs"]
mod tests;
