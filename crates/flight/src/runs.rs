//! Reconstructing the flight runs from training logs and/or telemetry.
//!
//! Training logs are cumulative within a campaign (the server deleted its log
//! only in `train` mode), so a run's samples are the rows a log adds to the
//! previous one; a log that does not extend the previous one starts a new
//! campaign. Telemetry files hold one run each and go through the app's own
//! checks. Where both exist, the log is what the server trained on and is
//! replayed; the telemetry is checked against it.

use std::collections::HashMap;
use std::path::PathBuf;

use orbitai_learn::{AppChecks, Label, Sample, SkipReason};

use crate::telemetry::Telemetry;
use crate::training_log::{LogRow, TrainingLog};

/// Samples further apart than this (ms) belong to different runs; the app
/// samples every ~5 s and runs were at least ~20 min apart.
const RUN_GAP_MS: i64 = 120_000;

/// How cumulative training logs are split.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum CampaignSplit {
    /// Detect cumulative logs: a log that repeats the previous one's rows
    /// adds only its new rows; one that does not starts a new campaign.
    #[default]
    Auto,
    /// Each log holds only its own run (no de-duplication).
    None,
}

/// Where a run's samples come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Rows added by a training log.
    Log(PathBuf),
    /// A telemetry file through the app's checks.
    Telemetry(PathBuf),
}

/// One run to replay.
#[derive(Debug)]
pub struct Run {
    /// The run's name (`mochi-2021-04-16_18-28-31` or `data_…`).
    pub name: String,
    /// Where the samples come from.
    pub source: Source,
    /// 0-based campaign index (a training log reset starts a new one).
    pub campaign: usize,
    /// The samples in order.
    pub samples: Vec<Sample>,
}

/// A log file with its parsed content and run name.
pub struct NamedLog {
    /// The file.
    pub path: PathBuf,
    /// Its run name.
    pub name: String,
    /// Its rows.
    pub log: TrainingLog,
}

/// A telemetry file with its parsed content and run name.
pub struct NamedTelemetry {
    /// The file.
    pub path: PathBuf,
    /// Its run name.
    pub name: String,
    /// Its rows.
    pub telemetry: Telemetry,
}

/// The runs of a set of logs, in order, with notes for the user.
pub fn runs_from_logs(
    logs: &[NamedLog],
    split: CampaignSplit,
    notes: &mut Vec<String>,
) -> Vec<Run> {
    let mut runs = Vec::new();
    let mut previous: Option<&[LogRow]> = None;
    let mut campaign = 0;
    for (index, named) in logs.iter().enumerate() {
        let rows = named.log.rows.as_slice();
        let new_rows = match (split, previous) {
            (CampaignSplit::Auto, Some(prev)) if extends(rows, prev) => &rows[prev.len()..],
            (CampaignSplit::Auto, Some(_)) => {
                campaign += 1;
                notes.push(format!(
                    "{}: does not repeat the previous log, so it starts campaign {} (the models continue)",
                    named.path.display(),
                    campaign + 1
                ));
                rows
            }
            (CampaignSplit::None, _) if index > 0 => {
                campaign += 1;
                rows
            }
            _ => rows,
        };
        previous = Some(rows);
        if new_rows.is_empty() {
            notes.push(format!(
                "{}: adds no sample to the previous log",
                named.path.display()
            ));
            continue;
        }
        let parts = split_at_gaps(new_rows);
        if parts.len() > 1 {
            notes.push(format!(
                "{}: its new rows hold {} runs (a training log in between is missing?); replayed as {}",
                named.path.display(),
                parts.len(),
                (1..=parts.len()).map(|k| format!("{}.part{k}", named.name)).collect::<Vec<_>>().join(", ")
            ));
        }
        for (k, part) in parts.iter().enumerate() {
            let name = if parts.len() > 1 {
                format!("{}.part{}", named.name, k + 1)
            } else {
                named.name.clone()
            };
            runs.push(Run {
                name,
                source: Source::Log(named.path.clone()),
                campaign,
                samples: part.iter().map(log_sample).collect(),
            });
        }
    }
    runs
}

/// Whether `rows` starts with exactly the rows of `previous`.
fn extends(rows: &[LogRow], previous: &[LogRow]) -> bool {
    rows.len() >= previous.len() && rows.iter().zip(previous).all(|(a, b)| same_sample(a, b))
}

fn same_sample(a: &LogRow, b: &LogRow) -> bool {
    a.timestamp_ms == b.timestamp_ms && a.pd == b.pd && a.label_on == b.label_on
}

/// Splits rows where consecutive timestamps are more than [`RUN_GAP_MS`] apart.
fn split_at_gaps(rows: &[LogRow]) -> Vec<&[LogRow]> {
    let mut parts = Vec::new();
    let mut start = 0;
    for i in 1..rows.len() {
        if rows[i].timestamp_ms - rows[i - 1].timestamp_ms > RUN_GAP_MS {
            parts.push(&rows[start..i]);
            start = i;
        }
    }
    parts.push(&rows[start..]);
    parts
}

fn log_sample(row: &LogRow) -> Sample {
    Sample {
        timestamp_ms: row.timestamp_ms,
        pd: row.pd,
        label: Label::from_bool_on(row.label_on),
    }
}

/// The samples a telemetry file yields through the app's checks, and how many
/// rows the app dropped (missing values, out of range, …) by reason.
pub fn telemetry_samples(
    telemetry: &Telemetry,
    checks: &AppChecks,
) -> (Vec<Sample>, HashMap<String, usize>) {
    let mut samples = Vec::new();
    let mut dropped: HashMap<String, usize> = HashMap::new();
    for row in &telemetry.rows {
        let text: [&str; 6] = std::array::from_fn(|i| row.pd_text[i].as_str());
        let flags = row
            .flags
            .iter()
            .all(Option::is_some)
            .then(|| row.flags.map(|f| f.unwrap_or(false)));
        match orbitai_learn::app_sample(row.timestamp_ms, text, flags, checks) {
            Ok(sample) => samples.push(sample),
            Err(reason) => *dropped.entry(skip_kind(&reason).to_owned()).or_default() += 1,
        }
    }
    (samples, dropped)
}

/// A short name for why the app dropped a row (the counts group by it).
fn skip_kind(reason: &SkipReason) -> &'static str {
    match reason {
        SkipReason::Missing { .. } => "value not received yet (x)",
        SkipReason::Unparsable { .. } => "unparsable value",
        SkipReason::OutOfRange { .. } => "value outside [0, pi/2]",
        SkipReason::InvalidFlag { .. } => "validity flag false",
        SkipReason::FlagsMissing => "validity flags missing",
    }
}

/// Outcome of checking one telemetry file against the log runs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Agreement {
    /// Telemetry samples whose timestamp is in a log run.
    pub matched: usize,
    /// Of those, samples that differ (pd values or label).
    pub differing: usize,
    /// Log samples of the matched run with no telemetry sample.
    pub log_only: usize,
}

/// Adds the telemetry-only runs to `runs` (in time order) and checks the
/// others against their log run; returns the agreement per telemetry file.
pub fn merge_telemetry(
    runs: &mut Vec<Run>,
    telemetry: Vec<(String, PathBuf, Vec<Sample>)>,
    notes: &mut Vec<String>,
) -> Vec<(String, Agreement)> {
    let mut agreements = Vec::new();
    for (name, path, samples) in telemetry {
        let Some(first) = samples.first() else {
            notes.push(format!(
                "{}: no sample passed the app's checks",
                path.display()
            ));
            continue;
        };
        let matching = runs.iter().position(|run| {
            run.samples
                .iter()
                .any(|s| s.timestamp_ms == first.timestamp_ms)
        });
        match matching {
            Some(index) => {
                let run = &runs[index];
                let by_time: HashMap<i64, &Sample> =
                    run.samples.iter().map(|s| (s.timestamp_ms, s)).collect();
                let mut agreement = Agreement::default();
                for sample in &samples {
                    if let Some(logged) = by_time.get(&sample.timestamp_ms) {
                        agreement.matched += 1;
                        agreement.differing += usize::from(*logged != sample);
                    }
                }
                agreement.log_only = run.samples.len() - agreement.matched;
                if agreement.log_only > 0 {
                    notes.push(format!(
                        "{}: covers {} of the {} samples the log holds for run {} (the file is truncated?); the log's samples are replayed",
                        path.display(),
                        agreement.matched,
                        run.samples.len(),
                        run.name
                    ));
                }
                agreements.push((name, agreement));
            }
            None => {
                let campaign = runs
                    .iter()
                    .rev()
                    .find(|r| {
                        r.samples
                            .last()
                            .is_some_and(|s| s.timestamp_ms < first.timestamp_ms)
                    })
                    .map_or(0, |r| r.campaign);
                runs.push(Run {
                    name,
                    source: Source::Telemetry(path),
                    campaign,
                    samples,
                });
            }
        }
    }
    runs.sort_by_key(|r| r.samples.first().map_or(i64::MAX, |s| s.timestamp_ms));
    agreements
}
