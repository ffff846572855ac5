//! `replay`: the flight files through the OrbitAI model set.

use std::path::PathBuf;

use orbitai::flight::{CampaignSplit, ReplayOptions, Source};
use orbitai::learn::Profile;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::errors::to_py;

/// One replayed run: (name, source kind, file, campaign, samples).
type RunRow = (String, &'static str, PathBuf, usize, usize);
/// A telemetry-versus-log comparison: (run, matched, differing, log only).
type AgreementRow = (String, usize, usize, usize);

/// What a replay gave, as plain values.
#[derive(IntoPyObject)]
pub struct ReplayTexts {
    headline: String,
    runs: Vec<RunRow>,
    agreements: Vec<AgreementRow>,
    models: Vec<(String, String)>,
    metrics: Vec<(String, String)>,
    notes: Vec<String>,
    out: Option<PathBuf>,
}

/// Replays the flight files of `dir` (see `orbitai.replay`).
#[pyfunction]
#[pyo3(signature = (dir, profile="flight", campaign_split="auto", out=None))]
pub fn replay(
    py: Python<'_>,
    dir: PathBuf,
    profile: &str,
    campaign_split: &str,
    out: Option<PathBuf>,
) -> PyResult<ReplayTexts> {
    let profile = match profile {
        "flight" => Profile::Flight,
        "paper" => Profile::Paper,
        other => {
            return Err(PyValueError::new_err(format!(
                "profile: expected \"flight\" or \"paper\", got {other:?}"
            )));
        }
    };
    let campaign_split = match campaign_split {
        "auto" => CampaignSplit::Auto,
        "none" => CampaignSplit::None,
        other => {
            return Err(PyValueError::new_err(format!(
                "campaign_split: expected \"auto\" or \"none\", got {other:?}"
            )));
        }
    };
    let options = ReplayOptions {
        profile,
        campaign_split,
        out,
    };
    let outcome = py
        .detach(|| orbitai::replay(&dir, &options))
        .map_err(|e| to_py(py, &e, true))?;
    let runs = outcome
        .runs
        .iter()
        .map(|r| {
            let (kind, file) = match &r.source {
                Source::Log(path) => ("log", path.clone()),
                Source::Telemetry(path) => ("telemetry", path.clone()),
            };
            (r.name.clone(), kind, file, r.campaign, r.samples.len())
        })
        .collect();
    let agreements = outcome
        .agreements
        .iter()
        .map(|(run, a)| (run.clone(), a.matched, a.differing, a.log_only))
        .collect();
    let models = outcome.replay.models.models();
    let metrics = orbitai::flight::outputs::metrics_texts(&outcome.replay);
    Ok(ReplayTexts {
        headline: outcome.to_string(),
        runs,
        agreements,
        models: models.iter().map(|m| (m.name(), m.to_json())).collect(),
        metrics: metrics
            .into_iter()
            .map(|(n, t)| (n.to_owned(), t))
            .collect(),
        notes: outcome.notes.clone(),
        out: outcome.out.clone(),
    })
}
