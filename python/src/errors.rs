//! Rust errors as the Python exceptions of `orbitai._errors`:
//! `ScenarioError` (with `.problems`), `LearnerError`, `OrbitaiError`.

use orbitai::ScenarioFileError;
use pyo3::exceptions::PyRuntimeError;
use pyo3::prelude::*;

/// An instance of the exception class `class` of `orbitai._errors`.
fn instantiate<'py>(
    py: Python<'py>,
    class: &str,
    make: impl FnOnce(&Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>>,
) -> PyErr {
    match py
        .import("orbitai._errors")
        .and_then(|m| m.getattr(class))
        .and_then(|c| make(&c))
    {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

/// `OrbitaiError(message)`.
pub fn orbitai_error(py: Python<'_>, message: String) -> PyErr {
    instantiate(py, "OrbitaiError", |c| c.call1((message,)))
}

/// `LearnerError(message)`, caused by the learner's own exception.
pub fn learner_error(py: Python<'_>, message: String, cause: Option<PyErr>) -> PyErr {
    let error = instantiate(py, "LearnerError", |c| c.call1((message,)));
    error.set_cause(py, cause);
    error
}

/// One problem as `(file, line, column, path, message)`; `located` false
/// leaves out the line and column (a dict has none).
pub type ProblemTuple = (String, Option<usize>, Option<usize>, String, String);

/// The problems of a scenario report.
fn problems(report: &ScenarioFileError, located: bool) -> Vec<ProblemTuple> {
    let at = |d: &orbitai::scenario::Diagnostic| {
        (
            d.origin.clone(),
            located.then_some(d.location.line),
            located.then_some(d.location.column),
            d.path.to_string(),
            d.message.clone(),
        )
    };
    match report {
        ScenarioFileError::Read { origin, source } => vec![(
            origin.clone(),
            None,
            None,
            String::new(),
            format!("cannot read: {source}"),
        )],
        ScenarioFileError::Load(e) => vec![at(&e.diagnostic)],
        ScenarioFileError::Invalid(e) => e.problems.iter().map(at).collect(),
    }
}

/// `ScenarioError(message, problems)` for one report.
pub fn scenario_error(py: Python<'_>, report: &ScenarioFileError, located: bool) -> PyErr {
    let list = problems(report, located);
    instantiate(py, "ScenarioError", |c| c.call1((report.to_string(), list)))
}

/// `ScenarioError(message, [problem])` for one problem found outside a
/// scenario report.
pub fn scenario_problem(py: Python<'_>, message: String, problem: ProblemTuple) -> PyErr {
    instantiate(py, "ScenarioError", |c| c.call1((message, vec![problem])))
}

/// A facade error as a Python exception (`located`: see [`problems`]).
pub fn to_py(py: Python<'_>, error: &orbitai::Error, located: bool) -> PyErr {
    use orbitai::Error as E;
    match error {
        E::Scenario(report) => scenario_error(py, report, located),
        E::Sweep(orbitai::sweep::SweepError::Problems { report, .. }) => {
            scenario_error(py, report, located)
        }
        _ => orbitai_error(py, orbitai::error_chain(error)),
    }
}

/// A panic of a worker thread, as a `RuntimeError` (a bug, reported).
pub fn panicked(payload: &(dyn std::any::Any + Send)) -> PyErr {
    let text = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_default();
    PyRuntimeError::new_err(format!("orbitai: internal error (please report): {text}"))
}
