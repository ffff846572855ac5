//! OPS-SAT flight files for orbitai-sim: readers of the app's telemetry
//! (`data_*.csv`: photodiode elevations in rad, validity flags, the
//! attitude quaternion TEME → body, scalar first) and training logs
//! (`training_mochi-*.csv`), run and campaign reconstruction, and the
//! replay of the flight runs through the OrbitAI model set, in the formats
//! described in `../shared/opssat-flight/README.md`.
//!
//! ```no_run
//! use orbitai_flight::{ReplayOptions, replay};
//!
//! let outcome = replay("../shared/opssat-flight".as_ref(), &ReplayOptions::default())?;
//! for note in &outcome.notes {
//!     eprintln!("note: {note}");
//! }
//! println!("{outcome}"); // runs, samples, and per model the grid balanced accuracy
//! # Ok::<(), orbitai_flight::FlightError>(())
//! ```

mod error;
pub mod files;
pub mod outputs;
mod replay;
pub mod runs;
mod summary;
pub mod telemetry;
pub mod training_log;

pub use error::{FlightError, Result, TelemetryHeaderError};
pub use replay::{Replay, ReplayOptions, ReplayOutcome, replay};
pub use runs::{Agreement, CampaignSplit, Run, Source};
