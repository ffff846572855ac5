//! What can go wrong reading flight files and replaying them. Each message
//! names the file or directory at fault; the cause is the `source`.

use std::io;
use std::path::PathBuf;

/// An error of this crate.
#[derive(Debug, thiserror::Error)]
pub enum FlightError {
    /// The flight directory cannot be read or listed.
    #[error("{}: cannot {action} directory", dir.display())]
    Directory {
        /// The directory.
        dir: PathBuf,
        /// "read" or "list".
        action: &'static str,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// The directory holds no flight file.
    #[error(
        "{}: no flight files (expected training_mochi-*.csv training logs and/or data_*.csv telemetry)",
        .0.display()
    )]
    NoFlightFiles(PathBuf),
    /// A flight file cannot be read (or is not UTF-8).
    #[error("{}: cannot read", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// Reading the telemetry files failed (the cause says which and how).
    #[error("reading telemetry")]
    Telemetry(#[source] Box<FlightError>),
    /// A telemetry file's header is not a flight telemetry header.
    #[error(transparent)]
    TelemetryHeader(#[from] TelemetryHeaderError),
    /// Writing an output file failed (the cause names it).
    #[error(transparent)]
    Write(#[from] io::Error),
}

/// A telemetry file whose header is unknown, at `path:line`.
#[derive(Debug, thiserror::Error)]
#[error("{}:{message}", path.display())]
pub struct TelemetryHeaderError {
    /// The file.
    pub path: PathBuf,
    /// `<line>: <what is wrong>`.
    pub message: String,
}

/// `Result` of this crate.
pub type Result<T, E = FlightError> = std::result::Result<T, E>;
