//! Monte Carlo sweeps of orbitai-sim over a base scenario, crash-safe and
//! shardable: parallel execution (rayon, one world per member), per-member
//! results, statistics with 95% confidence intervals, plots, an HTML
//! report, and the merge of shards. Planning (grids, dispersions, member
//! draws) lives in `orbitai-scenario`; this crate runs what it plans.
//!
//! ```no_run
//! use orbitai_sweep::{RunOptions, Sweep};
//!
//! let sweep = Sweep::load("scenarios/sweeps/noise.ron".as_ref())?;
//! let outcome = sweep.run(&RunOptions::default())?;
//! println!("{outcome}");
//! # Ok::<(), orbitai_sweep::SweepError>(())
//! ```
//!
//! Output directory layout:
//!
//! ```text
//! OUT/sweep.json            what this directory holds (sweep, shard)
//! OUT/sweep.ron, base.ron   the sweep and base scenario as run
//! OUT/parts/job-N.json      one member's result, committed as it finishes
//! OUT/members.csv           one row per member and model
//! OUT/timing.csv            wall time per member (not in members.csv, so
//!                           that it is identical whatever the machine)
//! OUT/aggregate.csv, .json  per cell and model: mean, sd, 95% CI, quantiles
//! OUT/plots/*.svg, report.html
//! OUT/members/job-N/        full outputs when `keep` asks for them
//! ```
//!
//! Every file is written atomically, and the tables are built from the
//! parts in job order, so they are byte-identical whatever the thread
//! count, the order members finished in, resumes or shards.

pub mod aggregate;
mod error;
mod execute;
pub mod manifest;
mod merge;
pub mod part;
pub mod plots;
mod report;
mod run;
pub mod slurm;
pub mod stats;
mod summary;

pub use aggregate::{Assembled, CellStats, ModelStats};
pub use error::{Result, SweepError};
pub use execute::run_member;
pub use manifest::{Manifest, Shard};
pub use merge::{MergeOutcome, merge};
pub use report::cell_label;
pub use run::{RunOptions, Sweep, SweepOutcome, member_scenario};
