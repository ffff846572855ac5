//! `run`: one scenario, optionally with Python learners in the loop; the
//! results stay in Rust ([`NativeRun`]) and are handed out as the texts
//! of the files a run writes.

use std::path::PathBuf;
use std::sync::Arc;

use orbitai::learn::{FeatureSpace, GuestModel};
use orbitai::sim::SimError;
use orbitai::sim::output::{RunFacts, metrics_texts, summary_json};
use orbitai::{CancelToken, Guest, RunOptions, RunOutcome, ScenarioSource};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::background::{Polled, lock, run_in_background};
use crate::errors::{learner_error, to_py};
use crate::learner::{PyLearner, Shared};

/// Where a scenario comes from, as the Python layer says it: `("path",
/// file)`, `("json", text)` or `("default", "")`; `base` is the directory
/// relative paths in a JSON scenario start from.
pub fn source(kind: &str, text: String, base: PathBuf) -> PyResult<ScenarioSource> {
    match kind {
        "path" => Ok(ScenarioSource::File(text.into())),
        "json" => Ok(ScenarioSource::Json {
            text,
            origin: "<scenario dict>".into(),
            base,
        }),
        "default" => Ok(ScenarioSource::Default),
        other => Err(PyValueError::new_err(format!(
            "unknown scenario source kind {other:?}"
        ))),
    }
}

/// A feature space from its JSON (`"3D"`, or a custom space).
pub fn space(json: &str) -> PyResult<FeatureSpace> {
    serde_json::from_str(json).map_err(|e| PyValueError::new_err(format!("space: {e}")))
}

/// A learner as the Python layer passes it: name, space (JSON),
/// experiment (or `None`), object.
type LearnerSpec = (String, String, Option<String>, Py<PyAny>);

/// Runs one scenario (see `orbitai.run`).
#[pyfunction]
#[pyo3(signature = (kind, source_text, base, out=None, threads=None, max_duration_s=None, learners=Vec::new(), progress=None, force=false))]
#[allow(clippy::too_many_arguments)] // one per keyword of `orbitai.run`
pub fn run(
    py: Python<'_>,
    kind: &str,
    source_text: String,
    base: PathBuf,
    out: Option<PathBuf>,
    threads: Option<usize>,
    max_duration_s: Option<f64>,
    learners: Vec<LearnerSpec>,
    progress: Option<Bound<'_, PyAny>>,
    force: bool,
) -> PyResult<NativeRun> {
    let located = kind != "json";
    let source = source(kind, source_text, base)?;
    let mut guests = Vec::new();
    let mut kept = Vec::new();
    for (name, space_json, experiment, object) in learners {
        let space = space(&space_json)?;
        let (learner, shared) = PyLearner::new(py, object, &space.feature_names());
        let model = GuestModel::new(&name, space, Box::new(learner))
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        kept.push((model.label(), experiment.clone(), shared));
        guests.push(Guest { experiment, model });
    }
    let cancel = CancelToken::new();
    let polled = Polled::default();
    let options = RunOptions {
        out: out.as_deref(),
        threads,
        max_duration_s,
        progress: &polled,
        cancel: Some(&cancel),
        force,
    };
    let result = run_in_background(py, &cancel, &polled, progress.as_ref(), || {
        orbitai::run_scenario_with(source, &options, guests)
    })?;
    match result {
        Ok(outcome) => Ok(NativeRun {
            outcome,
            learners: kept,
        }),
        Err(error) => {
            let failed_learner = kept.iter().find_map(|(_, _, s)| lock(&s.error).take());
            match (&error, failed_learner) {
                (orbitai::Error::Sim(SimError::Runtime { .. }), Some(cause)) => {
                    Err(learner_error(py, error.to_string(), Some(cause)))
                }
                _ => Err(to_py(py, &error, located)),
            }
        }
    }
}

/// The results of `run`, kept in Rust; the Python `RunResult` reads them.
#[pyclass(module = "orbitai._orbitai", frozen)]
pub struct NativeRun {
    outcome: RunOutcome,
    /// Per learner: its model label, experiment and shared state.
    learners: Vec<(String, Option<String>, Arc<Shared>)>,
}

impl NativeRun {
    fn experiment(&self, index: usize) -> PyResult<&orbitai::sim::runner::ExperimentOutcome> {
        self.outcome
            .outcome
            .experiments
            .get(index)
            .ok_or_else(|| PyValueError::new_err(format!("no experiment {index}")))
    }
}

#[pymethods]
impl NativeRun {
    /// The line `orbitai run` prints for this run, and its model table.
    fn headline(&self) -> String {
        self.outcome.to_string()
    }

    /// The scenario's name.
    #[getter]
    fn name(&self) -> String {
        self.outcome.scenario.sim.name.clone()
    }

    /// Where the scenario came from.
    #[getter]
    fn origin(&self) -> String {
        self.outcome.scenario.origin.clone()
    }

    /// The scenario's RON text (as written next to the outputs).
    #[getter]
    fn scenario_text(&self) -> String {
        self.outcome.scenario.text.clone()
    }

    /// Wall time of the simulation, s.
    #[getter]
    fn wall_s(&self) -> f64 {
        self.outcome.wall_s
    }

    /// Ticks simulated.
    #[getter]
    fn ticks(&self) -> u64 {
        self.outcome.outcome.ticks
    }

    /// The output directory, when files were written.
    #[getter]
    fn dir(&self) -> Option<PathBuf> {
        self.outcome.dir.clone()
    }

    /// The files written, in order.
    #[getter]
    fn files(&self) -> Vec<PathBuf> {
        self.outcome.files.clone()
    }

    /// The experiments' names, in scenario order.
    fn experiments(&self) -> Vec<String> {
        let all = &self.outcome.outcome.experiments;
        all.iter().map(|e| e.name.clone()).collect()
    }

    /// Experiment `index`'s telemetry files: (run name, CSV text).
    fn telemetry(&self, index: usize) -> PyResult<Vec<(String, String)>> {
        Ok(self.experiment(index)?.recorder.telemetry.clone())
    }

    /// Experiment `index`'s training log (flight layout, no header).
    fn training(&self, index: usize) -> PyResult<String> {
        Ok(self.experiment(index)?.recorder.training.clone())
    }

    /// Experiment `index`'s metrics files: (file name, CSV text).
    fn metrics(&self, index: usize) -> PyResult<Vec<(String, String)>> {
        let texts = metrics_texts(self.experiment(index)?);
        Ok(texts.into_iter().map(|(n, t)| (n.to_owned(), t)).collect())
    }

    /// Experiment `index`'s models of the set at the end: (name, model
    /// file JSON).
    fn models(&self, index: usize) -> PyResult<Vec<(String, String)>> {
        let models = self.experiment(index)?.models.models();
        Ok(models.iter().map(|m| (m.name(), m.to_json())).collect())
    }

    /// `summary.json`'s text.
    fn summary(&self) -> String {
        let sim = &self.outcome.scenario.sim;
        let facts = RunFacts {
            scenario: sim.name.clone(),
            seed: sim.seed,
            run_index: sim.run_index,
            wall_time_s: self.outcome.wall_s,
        };
        let value = summary_json(&self.outcome.outcome, &facts);
        serde_json::to_string_pretty(&value).expect("JSON of plain values")
    }

    /// The learners at the end: (model label, experiment, object).
    fn learners(&self, py: Python<'_>) -> Vec<(String, Option<String>, Py<PyAny>)> {
        self.learners
            .iter()
            .map(|(label, experiment, shared)| {
                let object = lock(&shared.object).clone_ref(py);
                (label.clone(), experiment.clone(), object)
            })
            .collect()
    }
}
