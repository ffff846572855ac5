//! Finding and loading scenarios: files, directories of `*.ron` files, text,
//! values, or the bundled default.

use std::path::{Path, PathBuf};

use orbitai_scenario::{
    LoadedScenario, Scenario, ScenarioFileError, load_scenario, scenario_from_json,
    scenario_from_text, scenario_to_ron,
};

use crate::error::{Error, Result};

/// The bundled default scenario, compiled in so that a run without
/// scenario files works from any directory; its relative paths resolve
/// from the source tree.
const DEFAULT_SCENARIO: &str = include_str!("../../scenarios/opssat-2021-04.ron");
/// Where the default scenario lives in the source tree.
const DEFAULT_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios");
/// How the default scenario is named in messages.
const DEFAULT_ORIGIN: &str = "scenarios/opssat-2021-04.ron (bundled)";

/// Where a scenario comes from.
#[derive(Debug, Clone)]
pub enum ScenarioSource {
    /// A RON scenario file.
    File(PathBuf),
    /// RON text; relative paths in it (TLE files, recorded attitudes) are
    /// taken from `base`; `origin` names it in messages.
    Text {
        /// The scenario, as RON.
        text: String,
        /// Its name in messages (e.g. "notebook cell 3").
        origin: String,
        /// The directory relative paths start from.
        base: PathBuf,
    },
    /// A scenario value (e.g. one built or modified in code); relative
    /// paths are taken from `base`.
    Value {
        /// The scenario.
        scenario: Box<Scenario>,
        /// The directory relative paths start from.
        base: PathBuf,
    },
    /// JSON text in the serde data model of scenario files (e.g. a Python
    /// dict); relative paths are taken from `base`; `origin` names it in
    /// messages.
    Json {
        /// The scenario, as JSON.
        text: String,
        /// Its name in messages.
        origin: String,
        /// The directory relative paths start from.
        base: PathBuf,
    },
    /// An already loaded scenario.
    Loaded(Box<LoadedScenario>),
    /// The bundled default (OPS-SAT, April 2021).
    Default,
}

impl From<&str> for ScenarioSource {
    fn from(path: &str) -> Self {
        ScenarioSource::File(path.into())
    }
}

impl From<&Path> for ScenarioSource {
    fn from(path: &Path) -> Self {
        ScenarioSource::File(path.to_path_buf())
    }
}

impl From<PathBuf> for ScenarioSource {
    fn from(path: PathBuf) -> Self {
        ScenarioSource::File(path)
    }
}

impl From<Scenario> for ScenarioSource {
    /// A value whose relative paths start from the working directory.
    fn from(scenario: Scenario) -> Self {
        ScenarioSource::Value {
            scenario: Box::new(scenario),
            base: PathBuf::from("."),
        }
    }
}

impl From<LoadedScenario> for ScenarioSource {
    fn from(scenario: LoadedScenario) -> Self {
        ScenarioSource::Loaded(Box::new(scenario))
    }
}

impl ScenarioSource {
    /// Reads, parses, validates and resolves the scenario (TLEs, recorded
    /// attitudes); the error reports every problem, located.
    pub fn load(self) -> Result<LoadedScenario, ScenarioFileError> {
        match self {
            ScenarioSource::File(path) => load_scenario(&path),
            ScenarioSource::Text { text, origin, base } => {
                scenario_from_text(&text, &origin, &base)
            }
            ScenarioSource::Value { scenario, base } => {
                scenario_from_text(&scenario_to_ron(&scenario), "scenario value", &base)
            }
            ScenarioSource::Json { text, origin, base } => {
                scenario_from_json(&text, &origin, &base)
            }
            ScenarioSource::Loaded(loaded) => Ok(*loaded),
            ScenarioSource::Default => default_scenario(),
        }
    }
}

/// The bundled default scenario (OPS-SAT, April 2021), loaded.
pub fn default_scenario() -> Result<LoadedScenario, ScenarioFileError> {
    scenario_from_text(DEFAULT_SCENARIO, DEFAULT_ORIGIN, Path::new(DEFAULT_DIR))
}

/// The scenario files of `paths`: files as given, directories expanded to
/// their `*.ron` files (sorted).
pub fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .map_err(|source| Error::ReadDir {
                    dir: path.clone(),
                    source,
                })?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "ron"))
                .collect();
            if found.is_empty() {
                return Err(Error::NoScenarioFiles(path.clone()));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

/// Loads every file, or the bundled default when none is given; returns
/// the scenarios and the failures (each a complete report).
pub fn load_all(files: &[PathBuf]) -> (Vec<LoadedScenario>, Vec<ScenarioFileError>) {
    if files.is_empty() {
        return match default_scenario() {
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
