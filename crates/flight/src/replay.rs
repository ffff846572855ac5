//! Replaying OPS-SAT flight files through the model set with the flight
//! run semantics, and writing the models and metrics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use orbitai_learn::metrics::Confusion;
use orbitai_learn::{AppChecks, ModelSet, ModelSetConfig, Profile, RunMode};

use crate::error::{FlightError, Result, TelemetryHeaderError};
use crate::files::{Skipped, discover, read_text, run_name};
use crate::outputs;
use crate::runs::{self, Agreement, CampaignSplit, NamedLog, NamedTelemetry, Run};
use crate::{telemetry, training_log};

/// How to replay.
#[derive(Debug, Clone, Default)]
pub struct ReplayOptions {
    /// Learning numerics: `Flight` (bit-exact with the spacecraft, the
    /// default) or `Paper` (the published algorithms).
    pub profile: Profile,
    /// How cumulative training logs are split into runs.
    pub campaign_split: CampaignSplit,
    /// Where the models and metrics go (`None`: nothing is written).
    pub out: Option<PathBuf>,
}

/// What a replay gave.
#[derive(Debug)]
pub struct ReplayOutcome {
    /// The runs replayed, in order, with their samples and sources.
    pub runs: Vec<Run>,
    /// Per run with both a training log and telemetry: how the telemetry,
    /// through the app's checks, agreed with the log.
    pub agreements: Vec<(String, Agreement)>,
    /// The model set after the last run, and the predict-then-train
    /// confusions per run and over all.
    pub replay: Replay,
    /// Remarks for the user (files ignored, rows skipped or dropped,
    /// disagreements), without the `note: ` prefix.
    pub notes: Vec<String>,
    /// Where the outputs went (`None`: nothing was written).
    pub out: Option<PathBuf>,
}

/// Replays the flight files of `dir` (training logs and/or telemetry)
/// through the OrbitAI model set with the flight run semantics: the first
/// run trains from scratch, each later one continues.
pub fn replay(dir: &Path, options: &ReplayOptions) -> Result<ReplayOutcome> {
    let files = discover(dir)?;
    let mut notes = Vec::new();
    for path in &files.unknown {
        notes.push(format!("{}: not a flight file, ignored", path.display()));
    }
    let logs = read_logs(&files.training_logs, &mut notes)?;
    let telemetry = read_telemetry(&files.telemetry, &mut notes)?;
    let shifted = telemetry
        .iter()
        .filter(|t| t.telemetry.header == telemetry::Header::FlightShifted)
        .count();
    if shifted > 0 {
        notes.push(format!(
            "{shifted} telemetry file(s) have the flight header, shifted by one column (a known bug of the app): columns are read by position"
        ));
    }

    let mut runs = runs::runs_from_logs(&logs, options.campaign_split, &mut notes);
    let checks = AppChecks::default();
    let mut from_telemetry = Vec::new();
    // Files whose rows the app dropped, grouped by what was dropped, so that
    // the usual case (the first row of every run has no telemetry yet) is one
    // line rather than one per file.
    let mut drops: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for named in &telemetry {
        let (samples, dropped) = runs::telemetry_samples(&named.telemetry, &checks);
        if !dropped.is_empty() {
            let mut reasons: Vec<String> =
                dropped.iter().map(|(r, n)| format!("{n} × {r}")).collect();
            reasons.sort();
            drops
                .entry(reasons.join(", "))
                .or_default()
                .push(named.path.display().to_string());
        }
        from_telemetry.push((named.name.clone(), named.path.clone(), samples));
    }
    for (reasons, paths) in drops {
        match paths.as_slice() {
            [one] => notes.push(format!("{one}: the app's checks dropped {reasons}")),
            many => {
                let why = if reasons == "1 × value not received yet (x)" {
                    " (the first iteration of a run finds no telemetry yet, as in flight)"
                } else {
                    ""
                };
                notes.push(format!(
                    "{} telemetry files: the app's checks dropped {reasons} in each{why}",
                    many.len()
                ));
            }
        }
    }
    let agreements = runs::merge_telemetry(&mut runs, from_telemetry, &mut notes);
    for (name, agreement) in &agreements {
        if agreement.differing > 0 {
            notes.push(format!(
                "{name}: {} of {} telemetry samples differ from the training log",
                agreement.differing, agreement.matched
            ));
        }
    }

    let replay = replay_runs(&runs, options.profile, options.out.as_deref())?;
    if let Some(out) = &options.out {
        outputs::write_final(out, &replay)?;
    }
    Ok(ReplayOutcome {
        runs,
        agreements,
        replay,
        notes,
        out: options.out.clone(),
    })
}

/// The models a replay trained and how they predicted.
#[derive(Debug)]
pub struct Replay {
    /// The model set after the last run.
    pub models: ModelSet,
    /// Predict-then-train confusion per model (models() order), per run and over all.
    pub progressive: Vec<(String, Vec<Confusion>)>,
}

fn replay_runs(runs: &[Run], profile: Profile, out: Option<&Path>) -> Result<Replay> {
    let mut set = ModelSet::new(ModelSetConfig {
        profile,
        ..ModelSetConfig::default()
    });
    let count = set.models().len();
    let mut overall = vec![Confusion::default(); count];
    let mut progressive = Vec::new();
    for (index, run) in runs.iter().enumerate() {
        set.begin_run(if index == 0 {
            RunMode::Train
        } else {
            RunMode::ContinueTrain
        });
        let mut per_run = vec![Confusion::default(); count];
        for sample in &run.samples {
            let predictions = set.predict(sample);
            for (k, (_, predicted, _)) in predictions.iter().enumerate() {
                per_run[k].add(*predicted, sample.label);
                overall[k].add(*predicted, sample.label);
            }
            set.train(sample);
        }
        if let Some(out) = out {
            outputs::write_models(&out.join("runs").join(&run.name).join("models"), &set)?;
        }
        progressive.push((run.name.clone(), per_run));
    }
    progressive.push(("all".to_owned(), overall));
    Ok(Replay {
        models: set,
        progressive,
    })
}

fn read_logs(paths: &[PathBuf], notes: &mut Vec<String>) -> Result<Vec<NamedLog>> {
    paths
        .iter()
        .map(|path| {
            let log = training_log::parse(&read_text(path)?);
            note_skipped(path, &log.skipped, notes);
            Ok(NamedLog {
                path: path.clone(),
                name: run_name(path),
                log,
            })
        })
        .collect()
}

fn read_telemetry(paths: &[PathBuf], notes: &mut Vec<String>) -> Result<Vec<NamedTelemetry>> {
    paths
        .iter()
        .map(|path| {
            let telemetry = telemetry::parse(&read_text(path)?).map_err(|message| {
                FlightError::TelemetryHeader(TelemetryHeaderError {
                    path: path.clone(),
                    message,
                })
            })?;
            note_skipped(path, &telemetry.skipped, notes);
            Ok(NamedTelemetry {
                path: path.clone(),
                name: run_name(path),
                telemetry,
            })
        })
        .collect::<Result<Vec<_>>>()
        .map_err(|e| FlightError::Telemetry(Box::new(e)))
}

fn note_skipped(path: &Path, skipped: &[Skipped], notes: &mut Vec<String>) {
    if skipped.is_empty() {
        return;
    }
    let first = &skipped[0];
    notes.push(format!(
        "{}: skipped {} malformed row(s); first at line {}: {}",
        path.display(),
        skipped.len(),
        first.line,
        first.reason
    ));
}
