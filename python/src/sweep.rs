//! `sweep`: a sweep file run into an output directory (its members,
//! aggregates, plots and report, as `orbitai sweep` writes them).

use std::path::PathBuf;

use orbitai::CancelToken;
use orbitai::sweep::{RunOptions, Shard, Sweep};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::background::{Polled, run_in_background};
use crate::errors::to_py;

/// Runs a sweep file; returns (headline, output directory, members run,
/// failed, already done, wall time s).
#[pyfunction]
#[pyo3(signature = (path, out=None, threads=None, resume=false, shard=None, progress=None))]
pub fn sweep(
    py: Python<'_>,
    path: PathBuf,
    out: Option<PathBuf>,
    threads: Option<usize>,
    resume: bool,
    shard: Option<String>,
    progress: Option<Bound<'_, PyAny>>,
) -> PyResult<(String, PathBuf, usize, usize, usize, f64)> {
    let shard = shard
        .map(|text| text.parse::<Shard>())
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("shard: {e}")))?;
    let sweep = py
        .detach(|| Sweep::load(&path))
        .map_err(|e| to_py(py, &e.into(), true))?;
    let cancel = CancelToken::new();
    let polled = Polled::default();
    let options = RunOptions {
        out: out.as_deref(),
        threads,
        resume,
        shard,
        progress: &polled,
        cancel: Some(&cancel),
    };
    let outcome = run_in_background(py, &cancel, &polled, progress.as_ref(), || {
        sweep.run(&options)
    })?
    .map_err(|e| to_py(py, &e.into(), true))?;
    Ok((
        outcome.to_string(),
        outcome.out.clone(),
        outcome.ran,
        outcome.failed,
        outcome.already_done,
        outcome.wall_s,
    ))
}
