//! `check`, `propagate` and `feature_names`: short jobs, run on the
//! calling thread (the GIL is released while they read files).

use std::path::PathBuf;

use orbitai::astro::Epoch;
use orbitai::propagate::{Request, parse_tle, read_tle, write_csv};
use orbitai::scenario::sweep::is_sweep_text;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::{orbitai_error, scenario_error, to_py};
use crate::run::{source, space};

/// Checks a scenario or sweep without running it. Returns `("scenario",
/// JSON of the scenario with every default filled in)` or `("sweep",
/// JSON of {name, members, cells, jobs, base})`.
#[pyfunction]
pub fn check(
    py: Python<'_>,
    kind: &str,
    source_text: String,
    base: PathBuf,
) -> PyResult<(String, String)> {
    let is_sweep =
        kind == "path" && std::fs::read_to_string(&source_text).is_ok_and(|t| is_sweep_text(&t));
    if is_sweep {
        let path = PathBuf::from(&source_text);
        let loaded = py
            .detach(|| orbitai::scenario::load_sweep(&path))
            .map_err(|report| scenario_error(py, &report, true))?;
        let base = serde_json::to_value(&loaded.base.scenario).expect("a scenario as JSON");
        let summary = serde_json::json!({
            "name": loaded.sweep.name,
            "members": loaded.sweep.members,
            "cells": loaded.cells(),
            "jobs": loaded.jobs(),
            "base": base,
        });
        return Ok(("sweep".into(), summary.to_string()));
    }
    let located = kind != "json";
    let source = source(kind, source_text, base)?;
    let loaded = py
        .detach(|| source.load())
        .map_err(|report| scenario_error(py, &report, located))?;
    let json = serde_json::to_string(&loaded.scenario).expect("a scenario as JSON");
    Ok(("scenario".into(), json))
}

/// The orbit, Sun and eclipse of a TLE as CSV text (`orbitai propagate`'s
/// columns). `tle` is a file path, or the text of a 2- or 3-line set
/// (anything with a newline); `select` picks a set by name or NORAD id.
#[pyfunction]
#[pyo3(signature = (tle, start, duration_s, step_s, select=None))]
pub fn propagate(
    py: Python<'_>,
    tle: &str,
    start: &str,
    duration_s: f64,
    step_s: f64,
    select: Option<&str>,
) -> PyResult<String> {
    let start =
        Epoch::parse_iso8601(start).map_err(|e| PyValueError::new_err(format!("start: {e}")))?;
    let result = py.detach(|| {
        let tle = if tle.contains('\n') {
            parse_tle(tle, "<tle text>", select)?
        } else {
            read_tle(tle.as_ref(), select)?
        };
        let request = Request::new(tle, start, duration_s, step_s)?;
        let mut csv = Vec::new();
        write_csv(&request, &mut csv)?;
        Ok::<_, orbitai::Error>(csv)
    });
    let csv = result.map_err(|e| to_py(py, &e, true))?;
    String::from_utf8(csv).map_err(|e| orbitai_error(py, e.to_string()))
}

/// The feature names of a space (`"3D"`, or a custom space as JSON), the
/// keys of the dicts a learner is given.
#[pyfunction]
pub fn feature_names(space_json: &str) -> PyResult<Vec<String>> {
    Ok(space(space_json)?.feature_names())
}
