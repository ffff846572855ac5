//! `sweep`: a sweep file run into an output directory (its members,
//! aggregates, plots and report, as `orbitai sweep` writes them).

use std::path::PathBuf;

use orbitai::CancelToken;
use orbitai::scenario::sweep::sweep_json_to_ron;
use orbitai::sweep::{RunOptions, Shard, Sweep};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::background::{Polled, run_in_background};
use crate::errors::{scenario_problem, to_py};

/// How a sweep given as a dict is named in messages.
const ORIGIN: &str = "<sweep dict>";

/// Runs a sweep: `("path", file)` or `("json", dict as JSON)` whose base
/// path starts from `base`; returns (headline, output directory, members
/// run, failed, already done, wall time s).
#[pyfunction]
#[pyo3(signature = (kind, source_text, base, out=None, threads=None, resume=false, shard=None, progress=None, force=false))]
#[allow(clippy::too_many_arguments)] // one per keyword of `orbitai.sweep`
pub fn sweep(
    py: Python<'_>,
    kind: &str,
    source_text: String,
    base: PathBuf,
    out: Option<PathBuf>,
    threads: Option<usize>,
    resume: bool,
    shard: Option<String>,
    progress: Option<Bound<'_, PyAny>>,
    force: bool,
) -> PyResult<(String, PathBuf, usize, usize, usize, f64)> {
    let shard = shard
        .map(|text| text.parse::<Shard>())
        .transpose()
        .map_err(|e| PyValueError::new_err(format!("shard: {e}")))?;
    let located = kind == "path";
    let sweep = match kind {
        "path" => py.detach(|| Sweep::load(source_text.as_ref())),
        "json" => {
            let json: serde_json::Value = serde_json::from_str(&source_text)
                .map_err(|e| PyValueError::new_err(format!("sweep dict: {e}")))?;
            let text = sweep_json_to_ron(&json).map_err(|message| {
                let (path, message) = message.split_once(": ").unwrap_or(("", &message));
                let problem = (
                    ORIGIN.to_owned(),
                    None::<usize>,
                    None::<usize>,
                    path.to_owned(),
                    message.to_owned(),
                );
                scenario_problem(py, format!("{ORIGIN}: {path}: {message}"), problem)
            })?;
            py.detach(|| Sweep::from_text(&text, ORIGIN, &base))
        }
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown sweep source kind {other:?}"
            )));
        }
    }
    .map_err(|e| to_py(py, &e.into(), located))?;
    let cancel = CancelToken::new();
    let polled = Polled::default();
    let options = RunOptions {
        out: out.as_deref(),
        threads,
        resume,
        shard,
        progress: &polled,
        cancel: Some(&cancel),
        force,
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
