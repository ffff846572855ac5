//! `orbitai run`: the main job. Until the simulator lands it propagates the
//! bundled OPS-SAT TLE for one day and summarises the eclipses.

use std::path::PathBuf;

use anyhow::Result;
use clap::Args;
use orbitai_astro::{PropagatorMode, Shadow, tle};

use crate::propagate::{self, Request};

/// The bundled OPS-SAT element set (also in `assets/tle/`), compiled in so
/// that `orbitai run` works from any directory.
const OPSSAT_TLE: &str = include_str!("../../assets/tle/opssat-2021-02-08.tle");

/// Arguments of `orbitai run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// Output directory.
    #[arg(long, value_name = "DIR", default_value = "out")]
    pub out: PathBuf,
}

/// Runs the default job.
pub fn run(args: &RunArgs) -> Result<()> {
    let tle = tle::parse_str(OPSSAT_TLE, "assets/tle/opssat-2021-02-08.tle")?.remove(0);
    let (step_nanos, rows) = propagate::schedule(86_400.0, 10.0)?;
    let request = Request {
        start: tle.epoch(),
        tle,
        step_nanos,
        rows,
        mode: PropagatorMode::Afspc,
        shadow: Shadow::default(),
    };
    let path = args.out.join("opssat-2021-02-08-propagate.csv");
    let summary = propagate::write_file(&request, &path)?;
    println!(
        "Propagated {} from its TLE epoch {} for 1 day every 10 s (SGP4, AFSPC mode, TEME).",
        request.tle.label(),
        request.start
    );
    println!(
        "{} rows: {:.1} % in full sun, {:.1} % in umbra, the rest in penumbra.",
        summary.rows,
        100.0 * summary.sunlit_rows as f64 / summary.rows as f64,
        100.0 * summary.umbra_rows as f64 / summary.rows as f64
    );
    println!("Wrote {}", path.display());
    Ok(())
}
