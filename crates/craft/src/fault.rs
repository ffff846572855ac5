//! Photodiode faults scheduled in time.
//!
//! A fault applies to one diode from `start_s` until `end_s` (or the end of
//! the run). Several faults may overlap; modifiers (bias jump, noisy) add
//! up, then the value faults override the reading (dead before stuck before
//! stuck-at, the first in configuration order winning among equals), then
//! dropout may remove it. Only `Dead` clears the validity flag by itself:
//! the others are silent failures that the on-board software cannot see,
//! which is what makes them dangerous (a stuck PD6 keeps a plausible value
//! and a true flag; that is the case the 5D models exist for).

use orbitai_astro::Epoch;
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, check_range};

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub enum FaultKind {
    /// Reads 0 with the flag false.
    Dead,
    /// Holds the last value (and flag) it had before the fault.
    Stuck,
    /// Reads a fixed elevation (rad, clamped to [0, π/2]); the flag follows
    /// the threshold as usual.
    StuckAt {
        /// The value read, rad.
        value_rad: f64,
    },
    /// A bias step added to the signal, sine (current) units.
    BiasJump {
        /// The added bias, in units of the full-Sun current.
        bias: f64,
    },
    /// White noise σ multiplied by `factor`.
    Noisy {
        /// Noise multiplier (≥ 0).
        factor: f64,
    },
    /// Each reading is missing (no value, flag false) with this probability,
    /// drawn from the diode's own fault stream.
    Dropout {
        /// Probability in [0, 1] that a reading is missing.
        probability: f64,
    },
}

/// A fault in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaultConfig {
    /// The diode's name (e.g. `"PD6"`).
    pub diode: String,
    /// Onset, seconds after the simulation start.
    pub start_s: f64,
    /// End, seconds after the simulation start (`None`: never ends).
    #[serde(default)]
    pub end_s: Option<f64>,
    /// What goes wrong.
    pub kind: FaultKind,
}

/// A scheduled fault at run time.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Fault {
    pub start: Epoch,
    pub end: Option<Epoch>,
    pub kind: FaultKind,
}

impl Fault {
    /// Builds and checks one fault (`index` for error messages).
    pub fn new(config: &FaultConfig, index: usize, sim_start: Epoch) -> Result<Fault, ConfigError> {
        let field = |f: &str| format!("faults[{index}].{f}");
        check_range(
            || field("start_s"),
            config.start_s,
            -1e12,
            1e12,
            "finite seconds",
        )?;
        if let Some(end) = config.end_s {
            check_range(
                || field("end_s"),
                end,
                config.start_s,
                1e12,
                "finite and ≥ start_s",
            )?;
        }
        match config.kind {
            FaultKind::StuckAt { value_rad } => {
                check_range(
                    || field("kind.value_rad"),
                    value_rad,
                    0.0,
                    std::f64::consts::FRAC_PI_2,
                    "rad in [0, π/2]",
                )?;
            }
            FaultKind::BiasJump { bias } => {
                check_range(
                    || field("kind.bias"),
                    bias,
                    -1.0,
                    1.0,
                    "sine units in [−1, 1]",
                )?;
            }
            FaultKind::Noisy { factor } => {
                check_range(|| field("kind.factor"), factor, 0.0, 1e6, "finite and ≥ 0")?;
            }
            FaultKind::Dropout { probability } => {
                check_range(
                    || field("kind.probability"),
                    probability,
                    0.0,
                    1.0,
                    "in [0, 1]",
                )?;
            }
            FaultKind::Dead | FaultKind::Stuck => {}
        }
        Ok(Fault {
            start: sim_start.add_seconds(config.start_s),
            end: config.end_s.map(|e| sim_start.add_seconds(e)),
            kind: config.kind,
        })
    }

    /// Whether the fault is in force at `epoch` (`[start, end)`).
    #[inline]
    pub fn is_active(&self, epoch: Epoch) -> bool {
        epoch >= self.start && self.end.is_none_or(|e| epoch < e)
    }
}
