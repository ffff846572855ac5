//! `orbitai baseline` and `orbitai regress`: regression tests for CI.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use orbitai::regress::{self, BaselineOptions, RegressOptions, Status, Tolerance};

/// Exit code when a run itself failed (bad scenario, missing file).
const FAILED: u8 = 2;

/// Arguments of `orbitai baseline`.
#[derive(Debug, Args)]
pub struct BaselineArgs {
    /// Scenario or sweep files to record.
    #[arg(value_name = "SCENARIO_OR_SWEEP", required = true)]
    pub sources: Vec<PathBuf>,
    /// Directory of the baseline files (`<name>.baseline.json`; commit it).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Cut every scenario to this many simulated seconds (a quick test of a
    /// long scenario; recorded, and used again by `regress`). Scenarios
    /// only: shorten a sweep with a `set` of its base's `duration_s`.
    #[arg(long, value_name = "SECONDS")]
    pub max_duration: Option<f64>,
    /// Worker threads (default: all cores); results do not depend on it.
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Arguments of `orbitai regress`.
#[derive(Debug, Args)]
pub struct RegressArgs {
    /// Directory of baseline files (made by `orbitai baseline`).
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// How far a metric may move: `METRIC=ABS` or `METRIC=REL%`, METRIC a
    /// metric name (grid_balanced_accuracy, grid_f1,
    /// progressive_balanced_accuracy, progressive_f1, samples, updates),
    /// `MODEL.METRIC` (arow_3D.grid_f1) or `*`. Repeatable; the last match
    /// wins. Default: exact. Telemetry and training files must always be
    /// bit-identical; a sweep's mean may leave its 95 % interval by this.
    #[arg(long, value_name = "METRIC=ABS|REL%")]
    pub tolerance: Vec<Tolerance>,
    /// Also write the report as JUnit XML to FILE.
    #[arg(long, value_name = "FILE")]
    pub junit: Option<PathBuf>,
    /// Rewrite the baselines with what the runs give now (after review).
    #[arg(long)]
    pub update: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

/// Runs `orbitai baseline`: exit 0, or 2 with the error.
pub fn baseline(args: &BaselineArgs) -> ExitCode {
    let options = BaselineOptions {
        max_duration_s: args.max_duration,
        threads: args.threads,
    };
    match regress::record(&args.sources, &args.out, &options) {
        Ok(written) => {
            for (file, b) in written {
                let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
                println!(
                    "{}: {} data file(s), {} model(s) ({:.1} kB)",
                    file.display(),
                    b.data.len(),
                    b.metrics.len(),
                    bytes as f64 / 1000.0
                );
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", orbitai::error_chain(&error));
            ExitCode::from(FAILED)
        }
    }
}

/// Runs `orbitai regress`: exit 0 (nothing moved beyond tolerance), 1 (a
/// regression, with its table) or 2 (a run failed).
pub fn regress(args: &RegressArgs) -> ExitCode {
    let options = RegressOptions {
        tolerances: args.tolerance.clone(),
        threads: args.threads,
        update: args.update,
    };
    let report = match regress::regress(&args.dir, &options) {
        Ok(report) => report,
        Err(error) => {
            eprintln!("error: {}", orbitai::error_chain(&error));
            return ExitCode::from(FAILED);
        }
    };
    crate::stdout::print(&format!("{report}\n"));
    if let Some(path) = &args.junit {
        let xml = regress::junit::to_xml(&report);
        if let Err(error) = orbitai::sim::atomic_file::write_atomic(path, xml.as_bytes()) {
            eprintln!("error: {error}");
            return ExitCode::from(FAILED);
        }
    }
    match report.status() {
        Status::Passed => ExitCode::SUCCESS,
        Status::Regressed if args.update => ExitCode::SUCCESS,
        Status::Regressed => ExitCode::from(1),
        Status::Failed => ExitCode::from(FAILED),
    }
}
