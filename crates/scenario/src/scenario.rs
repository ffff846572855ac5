//! The scenario file: one simulation, as researchers write it.
//!
//! A minimal scenario:
//!
//! ```ron
//! Scenario(
//!     name: "short",
//!     start: "2021-04-16T17:17:00Z",
//!     duration_s: 3600,
//!     spacecraft: [(tle: File("../assets/tle/opssat-2021-02-08.tle"))],
//!     experiments: [(runs: [(start: "2021-04-16T17:17:36Z", iterations: 540)])],
//! )
//! ```
//!
//! Everything else has a documented default (OPS-SAT as flown). Paths in the
//! file are relative to the file's directory.
//!
//! A spacecraft's attitude follows its `craft.attitude` timeline (nadir
//! pointing by default) unless `recorded_attitude` names files of recorded
//! quaternions (the flight telemetry `data_*.csv`, or `time,q0,q1,q2,q3`):
//! see [`crate::recorded_attitude`] for the syntax, the formats and the
//! behaviour outside the recorded span.

use std::collections::BTreeSet;
use std::path::{Path as FsPath, PathBuf};

use orbitai_astro::{Epoch, PropagatorMode, Shadow, Tle, tle};
use orbitai_craft::attitude::{AttitudeModeConfig, TimelineConfig, TimelineEntry};
use orbitai_craft::{CraftConfig, Spacecraft, rng::SeedContext};
use orbitai_learn::RunMode;
use orbitai_sim::config::Reaction;
use orbitai_sim::{ExperimentConfig, SimConfig, SpacecraftSpec};
use serde::{Deserialize, Serialize};

use crate::file::ScenarioFileError;
use crate::path::{FieldPath, Path};
use crate::recorded_attitude::{RecordedAttitudeSource, check_coverage, read_source};
use crate::source_map::SourceMap;
use crate::validate::{Problems, Validate, ValidationError};

/// Smallest tick, s (the outputs' time resolution is 1 ms).
const MIN_STEP_S: f64 = 1e-3;
/// Most ticks one scenario may take at all: the tick counter and the
/// nanosecond clock stay exact (10¹⁵ ticks of 1 ms is 32 000 years). Far
/// less is refused by [`crate::cost::Budget`] unless forced.
const MAX_TICKS: f64 = 1e15;

/// One simulation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Name: the output subdirectory and the label in reports.
    pub name: String,
    /// First tick, UTC (ISO 8601).
    pub start: Epoch,
    /// Simulated span, s.
    pub duration_s: f64,
    /// Tick, s (default 1).
    #[serde(default = "default_step")]
    pub step_s: f64,
    /// Master seed of every random stream (default 0).
    #[serde(default)]
    pub seed: u64,
    /// Earth shadow model (default: conical, cast by the WGS84 ellipsoid).
    #[serde(default)]
    pub environment: Shadow,
    /// The spacecraft (at least one).
    pub spacecraft: Vec<SpacecraftEntry>,
    /// The experiments (none: the world only simulates sensors).
    #[serde(default)]
    pub experiments: Vec<ExperimentConfig>,
    /// What to write.
    #[serde(default)]
    pub outputs: Outputs,
}

fn default_step() -> f64 {
    1.0
}

/// A spacecraft in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpacecraftEntry {
    /// Unique name (default "OPS-SAT").
    #[serde(default = "default_spacecraft_name")]
    pub name: String,
    /// Its element set.
    pub tle: TleSource,
    /// SGP4 mode (default AFSPC compatibility).
    #[serde(default)]
    pub propagator: PropagatorMode,
    /// SGP4 is evaluated at nodes this far apart (s, since the Unix epoch)
    /// and interpolated in between by cubics, ~2 mm from SGP4 itself in low
    /// Earth orbit at the default 10 s; 0, or a `step_s` longer than half
    /// of it, evaluates SGP4 at every tick; at most 30.
    #[serde(default = "default_orbit_node_spacing")]
    pub orbit_node_spacing_s: f64,
    /// Body, attitude, sensors, faults, telemetry (default OPS-SAT).
    #[serde(default)]
    pub craft: CraftConfig,
    /// Attitude recorded in files (TEME → body quaternions), replacing the
    /// `craft.attitude` timeline; `None` (the default) follows the timeline.
    /// See [`crate::recorded_attitude`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_attitude: Option<RecordedAttitudeSource>,
}

fn default_orbit_node_spacing() -> f64 {
    orbitai_astro::orbit_interpolator::DEFAULT_NODE_SPACING_S
}

fn default_spacecraft_name() -> String {
    "OPS-SAT".into()
}

/// Where a TLE comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum TleSource {
    /// A TLE file (2- or 3-line; the first set), relative to the scenario.
    File(String),
    /// The two lines inline.
    Lines(String, String),
}

/// What a run writes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Outputs {
    /// Flight-layout telemetry (`data_<start>.csv`) and training log
    /// (`training.csv`); off, only models, metrics and the summary.
    pub logs: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs { logs: true }
    }
}

impl Validate for Scenario {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        problems.non_blank(&path.field("name"), &self.name);
        if problems.finite(&path.field("duration_s"), self.duration_s) {
            problems.non_negative(&path.field("duration_s"), self.duration_s);
        }
        let step_ok = problems.finite(&path.field("step_s"), self.step_s)
            && problems.check(
                &path.field("step_s"),
                self.step_s >= MIN_STEP_S,
                format_args!(
                    "must be >= {MIN_STEP_S} s (the outputs' time resolution), got {:?}",
                    self.step_s
                ),
            );
        if step_ok && self.duration_s.is_finite() {
            let ticks = self.duration_s / self.step_s;
            problems.check(
                &path.field("duration_s"),
                ticks <= MAX_TICKS,
                format_args!(
                    "{ticks:.0} ticks of {} s; at most {MAX_TICKS:e}",
                    self.step_s
                ),
            );
        }
        self.environment
            .validate(&path.field("environment"), problems);

        let craft_path = path.field("spacecraft");
        problems.non_empty(&craft_path, &self.spacecraft);
        let mut names = BTreeSet::new();
        for (i, craft) in self.spacecraft.iter().enumerate() {
            let at = craft_path.index(i);
            if problems.non_blank(&at.field("name"), &craft.name) {
                problems.check(
                    &at.field("name"),
                    names.insert(craft.name.as_str()),
                    format_args!("duplicate spacecraft name {:?}", craft.name),
                );
            }
            let spacing_at = at.field("orbit_node_spacing_s");
            if problems.finite(&spacing_at, craft.orbit_node_spacing_s) {
                let max = orbitai_astro::orbit_interpolator::MAX_NODE_SPACING_S;
                problems.check(
                    &spacing_at,
                    (0.0..=max).contains(&craft.orbit_node_spacing_s),
                    format_args!(
                        "must be in [0, {max}] s, got {:?}",
                        craft.orbit_node_spacing_s
                    ),
                );
            }
            if let Some(recorded) = &craft.recorded_attitude {
                let recorded_at = at.field("recorded_attitude");
                recorded.validate(&recorded_at, problems);
                problems.check(
                    &recorded_at,
                    craft.craft.attitude.entries == TimelineConfig::default().entries,
                    "replaces the attitude timeline, but craft.attitude.entries is also given: keep one of them",
                );
            }
        }

        let end = self.start.add_seconds(self.duration_s.max(0.0));
        let experiments = path.field("experiments");
        let mut experiment_names = BTreeSet::new();
        for (i, e) in self.experiments.iter().enumerate() {
            let at = experiments.index(i);
            problems.check(
                &at.field("name"),
                experiment_names.insert(e.name.as_str()),
                format_args!("duplicate experiment name {:?}", e.name),
            );
            if !e.spacecraft.is_empty() {
                problems.check(
                    &at.field("spacecraft"),
                    names.contains(e.spacecraft.as_str()),
                    format_args!(
                        "no spacecraft named {:?} (known: {})",
                        e.spacecraft,
                        names.iter().copied().collect::<Vec<_>>().join(", ")
                    ),
                );
            }
            if problems.finite(&at.field("interval_s"), e.interval_s) {
                problems.check(
                    &at.field("interval_s"),
                    e.interval_s >= MIN_STEP_S,
                    format_args!("must be >= {MIN_STEP_S} s, got {:?}", e.interval_s),
                );
            }
            let runs = at.field("runs");
            for (k, run) in e.runs.iter().enumerate() {
                let run_at = runs.index(k);
                problems.positive(&run_at.field("iterations"), run.iterations);
                problems.check(
                    &run_at.field("start"),
                    run.start >= self.start && run.start <= end,
                    format_args!(
                        "{} is outside the simulated span {} .. {}",
                        run.start, self.start, end
                    ),
                );
            }
            if let Some(rule) = &e.sunlit_start {
                let s = at.field("sunlit_start");
                problems.non_negative(&s.field("sunlit_for_s"), rule.sunlit_for_s);
                problems.positive(&s.field("iterations"), rule.iterations);
                problems.non_negative(&s.field("gap_s"), rule.gap_s);
            }
            if e.runs.is_empty() && e.sunlit_start.is_none() {
                problems.push(
                    &at.field("runs"),
                    "no run would ever start: give `runs` or `sunlit_start`",
                );
            }
            let models = at.field("models");
            problems.non_empty(&models.field("algorithms"), &e.models.algorithms);
            problems.non_empty(&models.field("spaces"), &e.models.spaces);
            let count = e.models.algorithms.len() * e.models.spaces.len();
            if let Reaction::CameraOff { model } = e.reaction {
                problems.check(
                    &at.field("reaction").field("CameraOff").field("model"),
                    model < count,
                    format_args!("model index {model} but the model set has {count} models"),
                );
            }
            if let Some(delay) = &e.loop_delay {
                for (field, message) in delay.problems() {
                    problems.push(&at.field("loop_delay").field(field), message);
                }
            }
            let stalls = at.field("stalls").to_field_path();
            for (field, message) in e.stalls.problems() {
                push_below(problems, stalls.clone(), &field, &message);
            }
            if e.runs.iter().all(|r| r.mode == Some(RunMode::Inference)) && !e.runs.is_empty() {
                problems.push(&runs, "every run is `Inference`: no model is ever trained");
            }
        }
    }
}

/// A loaded, validated scenario and what it resolves to.
#[derive(Debug, Clone)]
pub struct LoadedScenario {
    /// The file (or label) it came from.
    pub origin: String,
    /// Its text, as read (written next to the outputs).
    pub text: String,
    /// The parsed scenario.
    pub scenario: Scenario,
    /// What the simulator runs.
    pub sim: SimConfig,
    /// Remarks for the user that are not problems, each `path: text` (e.g.
    /// what a recorded attitude read: samples, span, rows skipped).
    pub notes: Vec<String>,
}

/// Reads, parses, validates and resolves (TLE files, spacecraft
/// configuration) a scenario file; every problem is reported at once.
pub fn load_scenario(path: &FsPath) -> Result<LoadedScenario, ScenarioFileError> {
    let origin = path.display().to_string();
    let text = orbitai_astro::input::read_text(path).map_err(|source| ScenarioFileError::Read {
        origin: origin.clone(),
        source,
    })?;
    let base = path.parent().map(FsPath::to_path_buf).unwrap_or_default();
    scenario_from_text(&text, &origin, &base)
}

/// As [`load_scenario`], from text; relative paths are taken from `base`.
pub fn scenario_from_text(
    text: &str,
    origin: &str,
    base: &FsPath,
) -> Result<LoadedScenario, ScenarioFileError> {
    let scenario: Scenario = crate::file::load_and_validate(text, origin)?;
    let mut problems = Problems::new();
    let mut notes = Vec::new();
    let sim = resolve_scenario(&scenario, base, &mut problems, &mut notes);
    match sim {
        Some(sim) if problems.is_empty() => Ok(LoadedScenario {
            origin: origin.to_owned(),
            text: text.to_owned(),
            scenario,
            sim,
            notes,
        }),
        _ => Err(ScenarioFileError::Invalid(ValidationError::new(
            origin,
            &SourceMap::new(text),
            problems,
        ))),
    }
}

/// Turns a validated scenario into a [`SimConfig`]: reads the TLEs and the
/// recorded attitudes and builds each spacecraft once to catch
/// configuration errors.
pub(crate) fn resolve_scenario(
    scenario: &Scenario,
    base: &FsPath,
    problems: &mut Problems,
    notes: &mut Vec<String>,
) -> Option<SimConfig> {
    let root = Path::root();
    let craft_path = root.field("spacecraft");
    let mut spacecraft = Vec::new();
    for (i, entry) in scenario.spacecraft.iter().enumerate() {
        let at = craft_path.index(i);
        let tle = match load_tle(&entry.tle, base) {
            Ok(tle) => Some(tle),
            Err(message) => {
                problems.push(&at.field("tle"), message);
                None
            }
        };
        let mut craft = entry.craft.clone();
        if let Some(source) = &entry.recorded_attitude {
            let recorded_at = at.field("recorded_attitude");
            if let Some(series) = read_source(source, base, &recorded_at, problems) {
                check_coverage(
                    &series.samples,
                    source.max_gap_s,
                    &scenario.experiments,
                    (i, &entry.name),
                    problems,
                );
                notes.push(format!("{}: {}", recorded_at, series.summary()));
                craft.attitude.entries = vec![TimelineEntry {
                    start_s: 0.0,
                    mode: AttitudeModeConfig::Recorded {
                        samples: series.samples,
                    },
                }];
            }
        }
        let seeds = SeedContext {
            master_seed: scenario.seed,
            run: 0,
            spacecraft: i as u32,
        };
        if let Err(error) = Spacecraft::new(&craft, scenario.start, seeds) {
            // craft errors read "<field path>: <message>", the path relative
            // to the spacecraft configuration.
            let text = error.to_string();
            let (field, message) = text.split_once(": ").unwrap_or(("", &text));
            push_below(problems, at.field("craft").to_field_path(), field, message);
        }
        if let Some(tle) = tle {
            spacecraft.push(SpacecraftSpec {
                name: entry.name.clone(),
                tle,
                propagator: entry.propagator,
                orbit_node_spacing_s: entry.orbit_node_spacing_s,
                craft,
            });
        }
    }
    if !problems.is_empty() {
        return None;
    }
    Some(SimConfig {
        name: scenario.name.clone(),
        start: scenario.start,
        duration_nanos: (scenario.duration_s * 1e9).round() as i64,
        step_nanos: (scenario.step_s * 1e9).round() as i64,
        seed: scenario.seed,
        run_index: 0,
        shadow: scenario.environment,
        spacecraft,
        experiments: scenario.experiments.clone(),
    })
}

/// Reads a TLE source; the message names the file and line on failure.
fn load_tle(source: &TleSource, base: &FsPath) -> Result<Tle, String> {
    match source {
        TleSource::Lines(l1, l2) => {
            Tle::from_lines(None, l1, l2, "inline TLE", 1).map_err(|e| e.to_string())
        }
        TleSource::File(file) => {
            let path: PathBuf = base.join(file);
            let mut sets = tle::read_file(&path).map_err(|e| e.to_string())?;
            Ok(sets.remove(0))
        }
    }
}

/// Records `message` at `relative` (a field path in text, as another
/// crate's checks report it) below `base`; at `base` if it does not parse.
fn push_below(problems: &mut Problems, base: FieldPath, relative: &str, message: &str) {
    let mut path = base;
    if let Ok(relative) = relative.parse::<FieldPath>() {
        for segment in relative.segments() {
            path = match segment {
                crate::path::Segment::Key(k) => path.key(k.clone()),
                crate::path::Segment::Index(n) => path.index(*n),
            };
        }
    }
    problems.push_at(path, message);
}
