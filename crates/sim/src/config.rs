//! What one simulation runs: the spacecraft, their experiments, the time
//! span and the seed. Built by the scenario crate from a file (or by code).

use orbitai_astro::{Epoch, PropagatorMode, Shadow, Tle};
use orbitai_craft::CraftConfig;
use orbitai_learn::{AppChecks, ModelSetConfig, RunMode};
use serde::{Deserialize, Serialize};

use crate::loop_delay::LoopDelay;
use crate::stall::Stalls;

/// A complete, validated simulation description.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// Scenario name (used for output paths and reports).
    pub name: String,
    /// First tick, UTC.
    pub start: Epoch,
    /// Simulated span, ns (the last tick is at or before start + duration).
    pub duration_nanos: i64,
    /// Tick length, ns (> 0).
    pub step_nanos: i64,
    /// Master seed of every random stream.
    pub seed: u64,
    /// Run index (Monte Carlo member), the second seed component.
    pub run_index: u64,
    /// Earth shadow model.
    pub shadow: Shadow,
    /// The spacecraft, in file order (their index is their seed stream id).
    pub spacecraft: Vec<SpacecraftSpec>,
    /// The experiments.
    pub experiments: Vec<ExperimentConfig>,
}

/// One spacecraft to simulate.
#[derive(Debug, Clone)]
pub struct SpacecraftSpec {
    /// Unique name.
    pub name: String,
    /// Its element set.
    pub tle: Tle,
    /// SGP4 mode.
    pub propagator: PropagatorMode,
    /// SGP4 is evaluated at nodes this far apart and interpolated in
    /// between, s (0, or a step longer than half of it: at every tick; see
    /// [`orbitai_astro::OrbitInterpolator::for_step`]).
    pub orbit_node_spacing_s: f64,
    /// Body, attitude, sensors, faults, telemetry.
    pub craft: CraftConfig,
}

/// An OrbitAI experiment: the on-board app and learning server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ExperimentConfig {
    /// Name, unique in the scenario (an output subdirectory when several).
    pub name: String,
    /// Host spacecraft by name; empty means the first spacecraft.
    pub spacecraft: String,
    /// Runs started by time-tagged commands, as in flight.
    pub runs: Vec<RunConfig>,
    /// Runs started whenever the host has been in sunlight long enough.
    pub sunlit_start: Option<SunlitStart>,
    /// Seconds between app iterations (flight: 5): the sleep after each
    /// iteration, to which `loop_delay` adds the iteration's own time.
    pub interval_s: f64,
    /// The app loop's delay beyond `interval_s` at each iteration (default:
    /// as measured in flight; `None`: exactly `interval_s`).
    pub loop_delay: Option<LoopDelay>,
    /// Telemetry stalls the app sees (default: as measured in flight;
    /// `(random: [])` for none).
    pub stalls: Stalls,
    /// The app's checks and labeler.
    pub checks: AppChecks,
    /// The model set (algorithms × feature spaces, profile, hyperparameters).
    pub models: ModelSetConfig,
    /// What the app does with its predictions in `Inference` runs.
    pub reaction: Reaction,
    /// Telemetry parameter names the app reads: PD1..PD6 value and flag
    /// pairs, then the four quaternion components (the flight data layout).
    pub parameters: AppParameters,
    /// Every this many samples (counted over the whole experiment), score
    /// every model on the ground grid: the learning curve written to
    /// `metrics_curve.csv` and used by sweeps (0, the default: no curve).
    pub curve_every: u32,
}

impl Default for ExperimentConfig {
    fn default() -> Self {
        ExperimentConfig {
            name: "orbitai".into(),
            spacecraft: String::new(),
            runs: Vec::new(),
            sunlit_start: None,
            interval_s: 5.0,
            loop_delay: Some(LoopDelay::OPS_SAT),
            stalls: Stalls::ops_sat(),
            checks: AppChecks::default(),
            models: ModelSetConfig::default(),
            reaction: Reaction::None,
            parameters: AppParameters::default(),
            curve_every: 0,
        }
    }
}

/// One time-tagged run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunConfig {
    /// Start time, UTC.
    pub start: Epoch,
    /// App iterations (flight: 850, then 540).
    pub iterations: u32,
    /// Mode; by default the first run of the experiment trains from zero
    /// (`Train`) and later runs continue (`ContinueTrain`).
    #[serde(default)]
    pub mode: Option<RunMode>,
}

/// Start runs whenever the host has been in sunlight for a while.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SunlitStart {
    /// Continuous full sun required before a start, s.
    pub sunlit_for_s: f64,
    /// Iterations per run.
    pub iterations: u32,
    /// Most runs to start this way.
    pub max_runs: u32,
    /// Least time from one run's end to the next start, s.
    #[serde(default)]
    pub gap_s: f64,
}

/// The app's reaction to its own predictions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Reaction {
    /// Predict only (as in flight).
    #[default]
    None,
    /// In `Inference` runs, command the camera OFF when a chosen model
    /// predicts OFF, and count protected versus unnecessary OFFs against the
    /// true (noise-free) label.
    CameraOff {
        /// Index of the deciding model in the model set.
        model: usize,
    },
}

/// Names of the pool parameters the app reads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppParameters {
    /// PD1..PD6 (value, validity flag) parameter names.
    pub photodiodes: [(String, String); 6],
    /// Quaternion q0..q3 parameter names (recorded, not learned from).
    pub quaternion: [String; 4],
}

impl Default for AppParameters {
    /// The OPS-SAT names: CADC0884..CADC0895 and CADC1002..CADC1005.
    fn default() -> Self {
        AppParameters {
            photodiodes: std::array::from_fn(|i| {
                (
                    format!("CADC{:04}", 884 + 2 * i),
                    format!("CADC{:04}", 885 + 2 * i),
                )
            }),
            quaternion: std::array::from_fn(|i| format!("CADC{}", 1002 + i)),
        }
    }
}
