//! Finding and loading the scenario files named on the command line.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};
use orbitai_scenario::{LoadedScenario, ScenarioFileError, load_scenario, scenario_from_text};

/// The bundled default scenario, compiled in so that `orbitai run` works
/// from any directory; its relative paths resolve from the source tree.
const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/opssat-2021-04.ron");
/// Where the default scenario lives in the source tree.
const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");

/// The scenario files of `args`: files as given, directories expanded to
/// their `*.ron` files (sorted).
pub fn expand(args: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for arg in args {
        if arg.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(arg)
                .map_err(|e| anyhow::anyhow!("{}: cannot read directory: {e}", arg.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
                .collect();
            if found.is_empty() {
                bail!("{}: no *.ron scenario files", arg.display());
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(arg.clone());
        }
    }
    Ok(files)
}

/// Loads every file, or the bundled default when none is given; returns
/// the scenarios and the failures (each a complete report).
pub fn load_all(files: &[PathBuf]) -> (Vec<LoadedScenario>, Vec<ScenarioFileError>) {
    if files.is_empty() {
        let origin = "scenarios/opssat-2021-04.ron (bundled)";
        return match scenario_from_text(DEFAULT_SCENARIO, origin, Path::new(DEFAULT_DIR)) {
            Ok(s) => (vec![s], Vec::new()),
            Err(e) => (Vec::new(), vec![e]),
        };
    }
    let mut ok = Vec::new();
    let mut failed = Vec::new();
    for file in files {
        match load_scenario(file) {
            Ok(s) => ok.push(s),
            Err(e) => failed.push(e),
        }
    }
    (ok, failed)
}
