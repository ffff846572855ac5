//! The library alone: a scenario, a small sweep and (with the flight data)
//! a replay run through `orbitai::…`, their results checked, and equal to
//! what the `orbitai` command writes for the same inputs.

mod common;

use std::fs;
use std::path::Path;
use std::sync::Mutex;

use common::{orbitai, scratch, tree};
use orbitai::progress::{Progress, ProgressTask, Unit};
use orbitai::{RunOptions, ScenarioSource, run_scenario};

const SCENARIO: &str = "tests/data/short-tumbling.ron";
const SWEEP: &str = "tests/data/small-sweep.ron";

/// Records the tasks and notes the library reports.
#[derive(Default)]
struct Recorder {
    log: Mutex<Vec<String>>,
    advanced: std::sync::Arc<Mutex<u64>>,
}

struct Task(std::sync::Arc<Mutex<u64>>);

impl Progress for Recorder {
    fn task(&self, name: &str, total: u64, unit: Unit) -> Box<dyn ProgressTask> {
        self.log
            .lock()
            .unwrap()
            .push(format!("{name}: {total} {unit:?}"));
        Box::new(Task(self.advanced.clone()))
    }
    fn note(&self, text: &str) {
        self.log.lock().unwrap().push(text.to_owned());
    }
}

impl ProgressTask for Task {
    fn set_position(&self, done: u64) {
        *self.0.lock().unwrap() = done;
    }
    fn advance(&self, by: u64) {
        *self.0.lock().unwrap() += by;
    }
}

#[test]
fn a_scenario_run_through_the_library_writes_what_the_command_writes() {
    let dir = scratch("facade-run");
    let (lib_out, cli_out) = (dir.join("lib"), dir.join("cli"));
    let progress = Recorder::default();
    let options = RunOptions {
        out: Some(&lib_out),
        progress: &progress,
        ..RunOptions::default()
    };
    let run = run_scenario(SCENARIO, &options).unwrap();

    // Its results: both labels seen, every model scored, the files listed.
    assert_eq!(run.outcome.ticks, 1501);
    let metrics = run.metrics();
    assert_eq!(
        metrics.len(),
        run.outcome.experiments[0].models.models().len()
    );
    let arow = metrics
        .iter()
        .find(|m| m.algorithm == "arow" && m.space == "3D")
        .unwrap();
    assert!(arow.grid_balanced_accuracy > 0.5, "{arow:?}");
    assert!(arow.progressive.tp + arow.progressive.fn_ > 0);
    assert!(arow.progressive.tn + arow.progressive.fp > 0);
    assert_eq!(run.outcome.experiments[0].reports().len(), 2);
    assert!(run.files.iter().all(|f| f.is_file()));
    let listed: Vec<String> = run
        .files
        .iter()
        .map(|f| {
            let name = f.strip_prefix(lib_out.join("short-tumbling")).unwrap();
            name.to_str().unwrap().to_owned()
        })
        .collect();
    let written = tree(&lib_out.join("short-tumbling"));
    assert_eq!(
        listed
            .iter()
            .cloned()
            .collect::<std::collections::BTreeSet<_>>(),
        written.keys().cloned().collect(),
        "files lists exactly the files written"
    );
    assert_eq!(
        *progress.log.lock().unwrap(),
        vec!["short-tumbling: 1501 Ticks".to_string()]
    );
    assert_eq!(*progress.advanced.lock().unwrap(), 1501);

    // The command writes the same bytes (but for the wall time).
    let cli = orbitai(&[
        "run",
        SCENARIO,
        "--quiet",
        "--out",
        cli_out.to_str().unwrap(),
    ]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let from_cli = tree(&cli_out.join("short-tumbling"));
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        from_cli.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &written {
        assert!(*bytes == from_cli[name], "{name} differs");
    }
    // And the headline it prints is the outcome's Display.
    let stdout = String::from_utf8(cli.stdout).unwrap();
    let table = |text: &str| text.lines().skip(1).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(table(&stdout), table(&run.to_string()));
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_scenario_value_and_nothing_written_give_the_same_results() {
    let from_file = run_scenario(SCENARIO, &RunOptions::default()).unwrap();
    assert!(from_file.files.is_empty() && from_file.dir.is_none());
    // The same scenario as a value, changed in code: the seed.
    let base = Path::new(SCENARIO).parent().unwrap().to_path_buf();
    let value = ScenarioSource::Value {
        scenario: Box::new(from_file.scenario.scenario.clone()),
        base: base.clone(),
    };
    let again = run_scenario(value, &RunOptions::default()).unwrap();
    assert_eq!(from_file.metrics(), again.metrics());
    let mut reseeded = from_file.scenario.scenario.clone();
    reseeded.seed += 1;
    let value = ScenarioSource::Value {
        scenario: Box::new(reseeded),
        base,
    };
    let other = run_scenario(value, &RunOptions::default()).unwrap();
    assert_ne!(
        from_file.metrics(),
        other.metrics(),
        "the seed reaches the noise"
    );
}

#[test]
fn bad_scenarios_and_options_are_errors_naming_the_cause() {
    let error = run_scenario("tests/data/no-such.ron", &RunOptions::default()).unwrap_err();
    assert!(error.to_string().contains("no-such.ron"), "{error}");
    let options = RunOptions {
        max_duration_s: Some(f64::NAN),
        ..RunOptions::default()
    };
    let error = run_scenario(SCENARIO, &options).unwrap_err();
    assert!(error.to_string().contains("max_duration_s"), "{error}");
    let loaded = ScenarioSource::from(SCENARIO).load().unwrap();
    let error =
        orbitai::run_scenarios(vec![loaded.clone(), loaded], &RunOptions::default()).unwrap_err();
    assert!(matches!(error, orbitai::Error::NameClash { .. }), "{error}");
}

#[test]
fn a_sweep_run_through_the_library_equals_the_command() {
    let dir = scratch("facade-sweep");
    let (lib_out, cli_out) = (dir.join("lib"), dir.join("cli"));
    let progress = Recorder::default();
    let options = orbitai::sweep::RunOptions {
        out: Some(&lib_out),
        threads: Some(2),
        progress: &progress,
        ..Default::default()
    };
    let outcome = orbitai::sweep(SWEEP, &options).unwrap();
    assert_eq!(
        (outcome.ran, outcome.failed, outcome.already_done),
        (12, 0, 0)
    );
    assert_eq!(outcome.assembled.cells.len(), 2);
    for cell in &outcome.assembled.cells {
        assert_eq!(cell.ok, 6);
        let arow = cell.models.iter().find(|m| m.label == "arow 3D").unwrap();
        assert_eq!(arow.values[orbitai::sweep::aggregate::GRID_BA].len(), 6);
    }
    assert_eq!(
        *progress.log.lock().unwrap(),
        vec!["small: 12 Members".to_string()]
    );
    assert_eq!(*progress.advanced.lock().unwrap(), 12);

    // Run again: refused without resume, a note and nothing to do with it.
    let error = orbitai::sweep(SWEEP, &options).unwrap_err();
    assert!(error.to_string().contains("--resume"), "{error}");
    let resumed = orbitai::sweep(
        SWEEP,
        &orbitai::sweep::RunOptions {
            resume: true,
            ..options
        },
    )
    .unwrap();
    assert_eq!((resumed.ran, resumed.already_done), (0, 12));
    assert!(
        progress
            .log
            .lock()
            .unwrap()
            .contains(&"resuming: 12 of 12 members already done".to_string())
    );

    let cli = orbitai(&[
        "sweep",
        SWEEP,
        "--quiet",
        "--out",
        cli_out.to_str().unwrap(),
    ]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    for name in [
        "members.csv",
        "aggregate.csv",
        "aggregate.json",
        "report.html",
    ] {
        assert!(
            fs::read(lib_out.join(name)).unwrap() == fs::read(cli_out.join(name)).unwrap(),
            "{name} differs"
        );
    }
    // A sweep file with problems: every one in the report, nothing run.
    let bad = dir.join("bad.ron");
    fs::write(
        &bad,
        "Sweep(name: \"bad\", base: \"nowhere.ron\", members: 0)\n",
    )
    .unwrap();
    match orbitai::sweep::Sweep::load(&bad) {
        Err(orbitai::sweep::SweepError::Problems { report, .. }) => {
            assert!(report.problem_count() >= 1, "{report}")
        }
        other => panic!("expected problems, got {other:?}"),
    }
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn every_bundled_scenario_round_trips_as_a_value() {
    for file in orbitai::expand(&["scenarios".into()]).unwrap() {
        let loaded = ScenarioSource::from(file.as_path()).load().unwrap();
        let value = ScenarioSource::Value {
            scenario: Box::new(loaded.scenario.clone()),
            base: "scenarios".into(),
        };
        let again = value
            .load()
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert_eq!(again.scenario, loaded.scenario, "{}", file.display());
        assert_eq!(
            format!("{:?}", again.sim),
            format!("{:?}", loaded.sim),
            "{}",
            file.display()
        );
    }
}

#[test]
fn a_replay_through_the_library_equals_the_command() {
    let flight = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/opssat-flight");
    if !flight.is_dir() {
        eprintln!("skipped: ../shared/opssat-flight is absent");
        return;
    }
    let dir = scratch("facade-replay");
    let (lib_out, cli_out) = (dir.join("lib"), dir.join("cli"));
    let options = orbitai::flight::ReplayOptions {
        out: Some(lib_out.clone()),
        ..Default::default()
    };
    let outcome = orbitai::replay(&flight, &options).unwrap();
    assert_eq!(outcome.runs.len(), 14);
    let arow = outcome
        .replay
        .models
        .models()
        .iter()
        .find(|m| m.name() == "arow_3D")
        .unwrap();
    assert_eq!(arow.samples_trained, 8167);
    let cli = orbitai(&[
        "replay",
        flight.to_str().unwrap(),
        "--out",
        cli_out.to_str().unwrap(),
    ]);
    assert!(
        cli.status.success(),
        "{}",
        String::from_utf8_lossy(&cli.stderr)
    );
    let (written, from_cli) = (tree(&lib_out), tree(&cli_out));
    assert_eq!(written.len(), from_cli.len());
    assert!(
        written == from_cli,
        "the library and the command wrote different files"
    );
    let stdout = String::from_utf8(cli.stdout).unwrap();
    let without_paths = |t: &str| {
        t.replace(lib_out.to_str().unwrap(), "OUT")
            .replace(cli_out.to_str().unwrap(), "OUT")
    };
    assert_eq!(without_paths(&stdout), without_paths(&outcome.to_string()));
    fs::remove_dir_all(&dir).ok();
}

/// Raises the flag once `after` members are done.
struct CancelAfter {
    token: orbitai::CancelToken,
    after: u64,
    done: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

struct CancelTask(
    orbitai::CancelToken,
    u64,
    std::sync::Arc<std::sync::atomic::AtomicU64>,
);

impl Progress for CancelAfter {
    fn task(&self, _name: &str, _total: u64, _unit: Unit) -> Box<dyn ProgressTask> {
        Box::new(CancelTask(
            self.token.clone(),
            self.after,
            self.done.clone(),
        ))
    }
}

impl ProgressTask for CancelTask {
    fn set_position(&self, _done: u64) {}
    fn advance(&self, by: u64) {
        use std::sync::atomic::Ordering;
        if self.2.fetch_add(by, Ordering::SeqCst) + by >= self.1 {
            self.0.cancel();
        }
    }
}

#[test]
fn a_cancelled_sweep_keeps_its_members_and_resumes_to_the_same_results() {
    let dir = scratch("facade-sweep-cancel");
    let (whole, cut) = (dir.join("whole"), dir.join("cut"));
    let options = |out| orbitai::sweep::RunOptions {
        out: Some(out),
        threads: Some(1),
        ..Default::default()
    };
    orbitai::sweep(SWEEP, &options(&whole)).unwrap();
    let token = orbitai::CancelToken::new();
    let progress = CancelAfter {
        token: token.clone(),
        after: 3,
        done: Default::default(),
    };
    let error = orbitai::sweep(
        SWEEP,
        &orbitai::sweep::RunOptions {
            progress: &progress,
            cancel: Some(&token),
            ..options(&cut)
        },
    )
    .unwrap_err();
    assert!(
        error
            .to_string()
            .contains("cancelled with 9 of 12 members not done"),
        "{error}"
    );
    assert!(
        !cut.join("members.csv").exists(),
        "no aggregate of a partial sweep"
    );
    let resumed = orbitai::sweep(
        SWEEP,
        &orbitai::sweep::RunOptions {
            resume: true,
            ..options(&cut)
        },
    )
    .unwrap();
    assert_eq!((resumed.ran, resumed.already_done), (9, 3));
    for file in ["members.csv", "aggregate.csv", "aggregate.json"] {
        assert_eq!(
            fs::read(whole.join(file)).unwrap(),
            fs::read(cut.join(file)).unwrap(),
            "{file}"
        );
    }
    fs::remove_dir_all(&dir).ok();
}
