//! `baseline` and `regress`: regression baselines from Python.

use std::path::PathBuf;

use orbitai::regress::{BaselineOptions, RegressOptions, Status, Tolerance};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::to_py;

/// Makes and writes the baselines of `sources` into `out`; returns the
/// files written.
#[pyfunction]
#[pyo3(signature = (sources, out, max_duration_s=None, threads=None))]
pub fn baseline(
    py: Python<'_>,
    sources: Vec<PathBuf>,
    out: PathBuf,
    max_duration_s: Option<f64>,
    threads: Option<usize>,
) -> PyResult<Vec<PathBuf>> {
    let options = BaselineOptions {
        max_duration_s,
        threads,
    };
    let written = py
        .detach(|| orbitai::regress::record(&sources, &out, &options))
        .map_err(|e| to_py(py, &e, true))?;
    Ok(written.into_iter().map(|(file, _)| file).collect())
}

/// One row of what moved: (baseline name, check, item, baseline, now,
/// delta, tolerance, regressed).
type ChangeRow = (
    String,
    &'static str,
    String,
    String,
    String,
    String,
    String,
    bool,
);

/// What regressing found, as plain values.
#[derive(IntoPyObject)]
pub struct RegressTexts {
    status: &'static str,
    table: String,
    junit: String,
    changes: Vec<ChangeRow>,
    /// (baseline name, error) of the runs that failed.
    errors: Vec<(String, String)>,
}

/// Re-runs the baselines of `dir` and compares (see `orbitai.regress`).
#[pyfunction]
#[pyo3(signature = (dir, tolerances=Vec::new(), update=false, threads=None))]
pub fn regress(
    py: Python<'_>,
    dir: PathBuf,
    tolerances: Vec<String>,
    update: bool,
    threads: Option<usize>,
) -> PyResult<RegressTexts> {
    let tolerances = tolerances
        .iter()
        .map(|t| t.parse::<Tolerance>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyValueError::new_err(format!("tolerance: {e}")))?;
    let options = RegressOptions {
        tolerances,
        threads,
        update,
    };
    let report = py
        .detach(|| orbitai::regress::regress(&dir, &options))
        .map_err(|e| to_py(py, &e, true))?;
    let mut changes = Vec::new();
    let mut errors = Vec::new();
    for entry in &report.entries {
        match &entry.result {
            Ok(moved) => changes.extend(moved.iter().map(|c| {
                (
                    entry.name.clone(),
                    c.check.name(),
                    c.item.clone(),
                    c.baseline.clone(),
                    c.now.clone(),
                    c.delta.clone(),
                    c.tolerance.clone(),
                    c.regressed,
                )
            })),
            Err(message) => errors.push((entry.name.clone(), message.clone())),
        }
    }
    let status = match report.status() {
        Status::Passed => "passed",
        Status::Regressed => "regressed",
        Status::Failed => "failed",
    };
    Ok(RegressTexts {
        status,
        table: report.to_string(),
        junit: orbitai::regress::junit::to_xml(&report),
        changes,
        errors,
    })
}
