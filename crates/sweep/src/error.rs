//! What can go wrong running, merging or reading a sweep. Each message
//! names the file or directory at fault; the cause (an I/O or JSON error)
//! is the error's `source`, not repeated in its message.

use std::io;
use std::path::PathBuf;

use orbitai_scenario::ScenarioFileError;

use crate::manifest::Shard;

/// An error of this crate.
#[derive(Debug, thiserror::Error)]
pub enum SweepError {
    /// The sweep's estimated cost is over this machine's budget.
    #[error(transparent)]
    OverBudget(#[from] orbitai_scenario::OverBudget),
    /// The sweep was cancelled; the members committed stay in `out`.
    #[error(
        "{}: cancelled with {missing} of {total} members not done; the members done are kept: run again with --resume (Python: resume=True) to finish",
        out.display()
    )]
    Cancelled {
        /// The output directory.
        out: std::path::PathBuf,
        /// Members of this call not committed.
        missing: usize,
        /// Members of the sweep (or shard).
        total: usize,
    },
    /// The sweep file (or its base scenario) has problems; `report` lists
    /// every one, located (file, line, column, field).
    #[error("{}: the sweep has problems; nothing was run", file.display())]
    Problems {
        /// The sweep file.
        file: PathBuf,
        /// Every problem found.
        report: Box<ScenarioFileError>,
    },
    /// A directory that should hold a sweep's results holds no `sweep.json`.
    #[error("{}: not a sweep output directory (no sweep.json)", .0.display())]
    NotASweepDirectory(PathBuf),
    /// The output directory already holds this sweep, and resuming was not
    /// asked for.
    #[error(
        "{} already holds results of sweep {name:?}: pass --resume to finish it, or choose another --out",
        dir.display()
    )]
    AlreadyHoldsResults {
        /// The output directory.
        dir: PathBuf,
        /// The sweep it holds.
        name: String,
    },
    /// Resuming a directory that holds another sweep, or a sweep whose
    /// file or base scenario changed since.
    #[error(
        "{} holds a different sweep (or the sweep or its base scenario changed since): cannot resume it",
        .0.display()
    )]
    CannotResume(PathBuf),
    /// Resuming a directory that holds another shard of the sweep.
    #[error("{} holds shard {held:?}, not {asked:?}", dir.display())]
    OtherShard {
        /// The output directory.
        dir: PathBuf,
        /// The shard it holds.
        held: Option<Shard>,
        /// The shard asked for.
        asked: Option<Shard>,
    },
    /// The output directory holds results that are not a sweep's, or another
    /// sweep's.
    #[error("{} holds {what}; choose another --out", dir.display())]
    OutputTaken {
        /// The output directory.
        dir: PathBuf,
        /// What it holds ("other files", "another sweep").
        what: &'static str,
    },
    /// The directories given to merge are not shards of one sweep (the
    /// message names the directory or part file at fault).
    #[error("{0}")]
    NotShardsOfOneSweep(String),
    /// A sweep's member cannot be re-run alone.
    #[error("{0}")]
    Member(String),
    /// A file of the sweep's output directory is not what this version
    /// writes (the message names it).
    #[error("{0}")]
    Corrupt(String),
    /// Members of the sweep are in none of the merged directories.
    #[error(
        "{}: {missing} of {total} members are in none of the merged directories ({which}); merge the missing shards too, or pass partial (--partial) to merge what there is",
        out.display()
    )]
    MembersMissing {
        /// The merge's output directory.
        out: std::path::PathBuf,
        /// Members missing.
        missing: usize,
        /// Members of the sweep.
        total: u64,
        /// The shards (`shard 2 of 4`) or jobs they belong to.
        which: String,
    },
    /// Slurm refused, or a Slurm option or file is wrong (the message says
    /// which).
    #[error("slurm: {0}")]
    Slurm(String),
    /// Merge was given no directory.
    #[error("no directory to merge")]
    NothingToMerge,
    /// The worker threads could not be started.
    #[error("cannot start the worker threads")]
    Threads(#[source] rayon::ThreadPoolBuildError),
    /// Reading or writing a file failed; `context` says which and how.
    #[error("{context}")]
    Io {
        /// E.g. "writing OUT/parts/job-000000003.json".
        context: String,
        /// The cause.
        #[source]
        source: io::Error,
    },
    /// A file that should be JSON of this version is not.
    #[error("{context}")]
    Json {
        /// E.g. "OUT/sweep.json: not a sweep manifest".
        context: String,
        /// The cause.
        #[source]
        source: serde_json::Error,
    },
    /// Writing a CSV table failed (the message names the table).
    #[error("{context}")]
    Csv {
        /// E.g. "writing members.csv".
        context: String,
        /// The cause.
        #[source]
        source: csv::Error,
    },
    /// An I/O error that already names its path.
    #[error(transparent)]
    Write(#[from] io::Error),
    /// A CSV error while writing a row (the file is never left under its
    /// final name).
    #[error(transparent)]
    CsvRow(#[from] csv::Error),
    /// Simulating the representative member of the report failed.
    #[error(transparent)]
    Sim(#[from] orbitai_sim::SimError),
}

/// `Result` of this crate.
pub type Result<T, E = SweepError> = std::result::Result<T, E>;

/// Adds "what was being done" to I/O and JSON errors, as
/// `anyhow::Context` does, keeping the cause as the source.
pub(crate) trait Context<T> {
    /// The error, in the context `what()`.
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, io::Error> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| SweepError::Io {
            context: what(),
            source,
        })
    }
}

impl<T> Context<T> for std::result::Result<T, serde_json::Error> {
    fn context_with(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| SweepError::Json {
            context: what(),
            source,
        })
    }
}
