//! Scenario and sweep files of orbitai-sim: the generic file-handling core.
//!
//! Scenario files describe one simulation and sweep files disperse fields
//! of a scenario; both are [RON](https://github.com/ron-rs/ron) read with
//! serde. This crate turns such a text into a typed value and, when that
//! fails, says exactly where and why:
//!
//! - [`load`] parses RON into any `T: DeserializeOwned`. A syntax or data
//!   error (unknown field, missing field, wrong type, unknown variant,
//!   out-of-range number) becomes a [`LoadError`] displayed on one line as
//!   `FILE:LINE:COL: FIELD.PATH: message`. The ron extensions in force are
//!   listed at [`ron_options`].
//! - [`SourceMap`] indexes a text by [`FieldPath`]
//!   (`spacecraft[0].sensors.photodiodes[2].noise_sigma`) so that problems
//!   found *after* deserialisation can be placed in the file.
//! - [`Validate`] + [`Problems`] check the typed value and report every
//!   problem at once; [`ValidationError`] lists them all, placed and
//!   sorted.
//! - [`load_and_validate`] and [`from_file`] do all of it; their
//!   [`ScenarioFileError`] prints the complete report for one file.
//!
//! Scenario-specific modules: [`scenario`] (the `Scenario` file type and
//! its resolution into a `sim::SimConfig`), [`recorded_attitude`] (a
//! spacecraft's attitude from files of recorded quaternions) and
//! [`attitude_csv`] (the reader of those files).
//!
//! Paths are written `a.b[2].c`; enum variants appear by name
//! (`mode.Nadir.axis`, `dist.Uniform[0]`), the way `serde_path_to_error`
//! reports them, so load errors and validation problems name the same
//! value the same way. See [`path`] for the full syntax.
//!
//! ```
//! use orbitai_scenario::{Path, Problems, Validate, load_and_validate};
//! use serde::Deserialize;
//!
//! #[derive(Deserialize)]
//! #[serde(deny_unknown_fields)]
//! struct Scenario { name: String, duration_s: f64 }
//!
//! impl Validate for Scenario {
//!     fn validate(&self, path: &Path, problems: &mut Problems) {
//!         problems.non_blank(&path.field("name"), &self.name);
//!         problems.positive(&path.field("duration_s"), self.duration_s);
//!     }
//! }
//!
//! let text = "(\n    name: \" \",\n    duration_s: -5.0,\n)";
//! let err = load_and_validate::<Scenario>(text, "x.ron").err().unwrap();
//! assert_eq!(err.to_string(), "\
//! x.ron:2:11: name: must not be blank
//! x.ron:3:17: duration_s: must be > 0, got -5.0
//! x.ron: 2 problems");
//! ```
//!
//! Nothing here panics on any input: malformed text yields errors, never
//! a crash, and nesting is bounded (ron's recursion limit; the source map
//! uses explicit stacks).

pub mod attitude_csv;
pub mod cost;
mod diagnostic;
mod file;
mod lexer;
mod load;
mod location;
pub mod path;
pub mod recorded_attitude;
mod scan;
pub mod scenario;
mod source_map;
pub mod sweep;
mod validate;
mod value_source;

pub use attitude_csv::{AttitudeCsv, AttitudeCsvError, AttitudeCsvFormat, parse_attitude_csv};
pub use cost::{Budget, Cost, OverBudget};
pub use diagnostic::Diagnostic;
pub use file::{ScenarioFileError, from_file, load_and_validate};
pub use load::{LoadError, LoadErrorKind, load, ron_options};
pub use location::Location;
pub use path::{FieldPath, Path, PathParseError, Segment};
pub use recorded_attitude::{RecordedAttitudeSource, RecordedSeries};
pub use scenario::{
    LoadedScenario, Outputs, Scenario, SpacecraftEntry, TleSource, load_scenario,
    scenario_from_text,
};
pub use source_map::SourceMap;
pub use sweep::{LoadedSweep, Member, Sweep, load_sweep, sweep_from_text};
pub use validate::{Problem, Problems, Validate, ValidationError};
pub use value_source::{scenario_from_json, scenario_to_ron};
