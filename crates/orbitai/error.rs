//! The facade's error: one type for every entry point, each message naming
//! the file, directory or option at fault, its cause as `source`.

use std::io;
use std::path::PathBuf;

use orbitai_scenario::ScenarioFileError;

/// An error of an `orbitai` entry point.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A scenario file has problems; the report lists every one, located
    /// (file, line, column, field path).
    #[error(transparent)]
    Scenario(Box<ScenarioFileError>),
    /// Several scenario files have problems (each report in `reports`).
    #[error("{} scenario file(s) have problems; nothing was run", reports.len())]
    Scenarios {
        /// One complete report per file.
        reports: Vec<ScenarioFileError>,
    },
    /// Two scenarios of one run have the same name (names are output
    /// directories).
    #[error(
        "{origin}: another scenario is also named {name:?}; names must differ (they name the output directories)"
    )]
    NameClash {
        /// The second scenario with the name.
        origin: String,
        /// The name.
        name: String,
    },
    /// A directory named as a source of scenario files cannot be read.
    #[error("{}: cannot read directory", dir.display())]
    ReadDir {
        /// The directory.
        dir: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A directory named as a source of scenario files holds none.
    #[error("{}: no *.ron scenario files", .0.display())]
    NoScenarioFiles(PathBuf),
    /// A job whose estimated cost is over the budget (a runaway input).
    #[error(transparent)]
    OverBudget(#[from] orbitai_scenario::OverBudget),
    /// An option out of its range (the message names it).
    #[error("{0}")]
    Option(String),
    /// The worker threads could not be started.
    #[error("cannot start the worker threads")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// Writing a scenario's outputs failed.
    #[error("writing {}", dir.display())]
    Write {
        /// The scenario's output directory.
        dir: PathBuf,
        /// The cause (names the file).
        #[source]
        source: io::Error,
    },
    /// An I/O error that names its path.
    #[error(transparent)]
    Io(#[from] io::Error),
    /// A simulation could not be built or stepped.
    #[error(transparent)]
    Sim(#[from] orbitai_sim::SimError),
    /// A sweep could not be run or merged.
    #[error(transparent)]
    Sweep(#[from] orbitai_sweep::SweepError),
    /// Flight files could not be read or replayed.
    #[error(transparent)]
    Flight(#[from] orbitai_flight::FlightError),
    /// A TLE could not be read.
    #[error(transparent)]
    Tle(#[from] orbitai_astro::tle::TleError),
    /// SGP4 could not propagate.
    #[error(transparent)]
    Orbit(#[from] orbitai_astro::OrbitError),
    /// Writing the propagated trajectory failed.
    #[error("{context}")]
    Output {
        /// What was being written.
        context: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
}

/// `Result` of the facade.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl From<ScenarioFileError> for Error {
    fn from(report: ScenarioFileError) -> Self {
        Error::Scenario(Box::new(report))
    }
}
