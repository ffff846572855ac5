//! `orbitai replay`: replays the OPS-SAT flight files through the model set
//! with the flight run semantics and writes models and metrics.

mod flight_files;
mod outputs;
mod runs;
mod telemetry;
mod training_log;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use orbitai_learn::metrics::Confusion;
use orbitai_learn::{AppChecks, ModelSet, ModelSetConfig, Profile, RunMode};

use flight_files::{Skipped, discover, read_text, run_name};
use runs::{CampaignSplit, NamedLog, NamedTelemetry, Run, Source};

/// Arguments of `orbitai replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Directory of flight files: training_mochi-*.csv logs and/or data_*.csv telemetry.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Output directory.
    #[arg(long, value_name = "OUT", default_value = "out/replay")]
    pub out: PathBuf,
    /// Learning numerics: flight (bit-exact with the spacecraft) or paper (published algorithms).
    #[arg(long, value_enum, default_value_t = ProfileArg::Flight)]
    pub profile: ProfileArg,
    /// How cumulative training logs are split into runs.
    #[arg(long, value_enum, default_value_t = CampaignSplit::Auto)]
    pub campaign_split: CampaignSplit,
}

/// `--profile` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// The learning server as flown, to the bit.
    Flight,
    /// The algorithms as published.
    Paper,
}

/// Runs `orbitai replay`.
pub fn run(args: &ReplayArgs) -> Result<()> {
    let files = discover(&args.dir)?;
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

    let mut runs = runs::runs_from_logs(&logs, args.campaign_split, &mut notes);
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

    let profile = match args.profile {
        ProfileArg::Flight => Profile::Flight,
        ProfileArg::Paper => Profile::Paper,
    };
    let replay = replay_runs(&runs, profile, &args.out)?;
    outputs::write_final(&args.out, &replay)?;

    for note in &notes {
        eprintln!("note: {note}");
    }
    print_summary(&runs, &agreements, &replay, &args.out);
    Ok(())
}

/// What a replay produced.
pub struct Replay {
    /// The model set after the last run.
    pub models: ModelSet,
    /// Predict-then-train confusion per model (models() order), per run and over all.
    pub progressive: Vec<(String, Vec<Confusion>)>,
}

fn replay_runs(runs: &[Run], profile: Profile, out: &Path) -> Result<Replay> {
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
        outputs::write_models(&out.join("runs").join(&run.name).join("models"), &set)?;
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
            let telemetry = telemetry::parse(&read_text(path)?)
                .map_err(|e| anyhow::anyhow!("{}:{e}", path.display()))?;
            note_skipped(path, &telemetry.skipped, notes);
            Ok(NamedTelemetry {
                path: path.clone(),
                name: run_name(path),
                telemetry,
            })
        })
        .collect::<Result<Vec<_>>>()
        .context("reading telemetry")
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

fn print_summary(
    runs: &[Run],
    agreements: &[(String, runs::Agreement)],
    replay: &Replay,
    out: &Path,
) {
    let mut report = String::new();
    let samples: usize = runs.iter().map(|r| r.samples.len()).sum();
    let campaigns = runs.iter().map(|r| r.campaign).max().map_or(0, |c| c + 1);
    let from_logs = runs
        .iter()
        .filter(|r| matches!(r.source, Source::Log(_)))
        .count();
    outln!(
        report,
        "Replayed {} runs ({from_logs} from training logs, {} from telemetry) in {campaigns} campaign(s): {samples} samples.",
        runs.len(),
        runs.len() - from_logs
    );
    if !agreements.is_empty() {
        let matched: usize = agreements.iter().map(|(_, a)| a.matched).sum();
        let differing: usize = agreements.iter().map(|(_, a)| a.differing).sum();
        outln!(
            report,
            "Telemetry vs training logs: {matched} samples compared, {differing} differ."
        );
    }
    report.push('\n');
    outln!(
        report,
        "{:<6} {:>3}  {:>7}  {:>7}  {:>13}",
        "model",
        "dim",
        "samples",
        "updates",
        "grid bal. acc"
    );
    for model in replay.models.models() {
        let grid = orbitai_learn::metrics::grid_evaluation(model);
        outln!(
            report,
            "{:<6} {:>3}  {:>7}  {:>7}  {:>13.3}",
            model.algorithm.name(),
            model.space.name(),
            model.samples_trained,
            model.updates,
            grid.balanced_accuracy()
        );
    }
    report.push('\n');
    outln!(
        report,
        "Wrote {}/models, runs/, metrics_grid.csv, metrics_progressive.csv",
        out.display()
    );
    crate::stdout::print(&report);
}
