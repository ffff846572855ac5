//! Checking scenario and sweep files without running them.

use std::path::PathBuf;

use orbitai_scenario::sweep::is_sweep_text;
use orbitai_scenario::{LoadedScenario, LoadedSweep, ScenarioFileError, load_sweep};

use crate::error::Result;
use crate::scenarios::{expand, load_all};

/// What checking files found.
#[derive(Debug)]
pub struct CheckReport {
    /// Files checked (directories expanded).
    pub files: usize,
    /// The scenario files without problems, loaded.
    pub scenarios: Vec<LoadedScenario>,
    /// The sweep files without problems, loaded.
    pub sweeps: Vec<LoadedSweep>,
    /// One complete report (every problem, located) per file with problems.
    pub failed: Vec<ScenarioFileError>,
}

impl CheckReport {
    /// Whether every file is free of problems.
    pub fn ok(&self) -> bool {
        self.failed.is_empty()
    }

    /// Problems over all files.
    pub fn problem_count(&self) -> usize {
        self.failed.iter().map(|f| f.problem_count()).sum()
    }
}

/// Checks scenario and sweep files (or directories of `*.ron` files):
/// sweep files (`Sweep(…)`) as sweeps with their base scenario, the others
/// as scenarios. Problems are in the report; the error is for a directory
/// that cannot be read or holds no `*.ron` file.
pub fn check(paths: &[PathBuf]) -> Result<CheckReport> {
    let files = expand(paths)?;
    let (sweep_files, scenario_files): (Vec<PathBuf>, Vec<PathBuf>) = files
        .iter()
        .cloned()
        .partition(|f| std::fs::read_to_string(f).is_ok_and(|text| is_sweep_text(&text)));
    let (scenarios, mut failed) = if scenario_files.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        load_all(&scenario_files)
    };
    let mut sweeps = Vec::new();
    for file in &sweep_files {
        match load_sweep(file) {
            Ok(sweep) => sweeps.push(sweep),
            Err(e) => failed.push(e),
        }
    }
    Ok(CheckReport {
        files: files.len(),
        scenarios,
        sweeps,
        failed,
    })
}
