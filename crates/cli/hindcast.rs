//! `orbitai hindcast`: the simulator against flight telemetry.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use orbitai::hindcast::{HindcastOptions, hindcast};

/// Arguments of `orbitai hindcast`.
#[derive(Debug, Args)]
pub struct HindcastArgs {
    /// Directory of OPS-SAT flight telemetry files (`data_*.csv`).
    #[arg(value_name = "FLIGHT_DIR")]
    pub dir: PathBuf,
    /// TLE file of the orbit (default: the bundled scenario's).
    #[arg(long, value_name = "FILE")]
    pub tle: Option<PathBuf>,
    /// Only the runs whose name contains TEXT (e.g. 2021-04).
    #[arg(long, value_name = "TEXT")]
    pub runs: Option<String>,
    /// Write hindcast.csv, hindcast.json, plots/<run>.svg and index.html here.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Runs `orbitai hindcast`.
pub fn run(args: &HindcastArgs) -> Result<()> {
    let options = HindcastOptions {
        tle: args.tle.clone(),
        runs: args.runs.clone(),
    };
    let found = hindcast(&args.dir, &options)?;
    if let Some(out) = &args.out {
        let files = found.write(out)?;
        eprintln!("wrote {} files to {}", files.len(), out.display());
    }
    crate::stdout::print(&format!("{found}\n"));
    Ok(())
}
