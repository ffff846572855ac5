//! Learners of the user's own in the loop, through the library: a guest
//! that wraps the crate's own AROW must score exactly as the set's
//! `arow_3D` (same samples, features, labels and metrics); a failing guest
//! stops the run with its message; a raised cancellation flag stops it.

mod common;

use std::fs;

use common::scratch;
use orbitai::learn::{
    Algorithm, FeatureSpace, GuestError, GuestLearner, GuestModel, Hyperparameters, Label, Model,
    Profile,
};
use orbitai::sim::SimError;
use orbitai::{CancelToken, Error, Guest, RunOptions, run_scenario, run_scenario_with};

const SCENARIO: &str = "tests/data/short-tumbling.ron";

/// The crate's AROW in 3D, seen only through the guest interface.
struct ArowGuest(Model);

impl ArowGuest {
    fn new() -> Self {
        let hp = Hyperparameters::default();
        ArowGuest(Model::new(
            Algorithm::Arow,
            FeatureSpace::D3,
            Profile::Flight,
            &hp,
        ))
    }
}

impl GuestLearner for ArowGuest {
    fn predict_one(&mut self, x: &[f64]) -> Result<Label, GuestError> {
        use orbitai::learn::Classifier;
        Ok(self.0.classifier().predict(x))
    }
    fn learn_one(&mut self, x: &[f64], y: Label) -> Result<(), GuestError> {
        self.0.train_features(x, y);
        Ok(())
    }
}

fn guest(name: &str, learner: impl GuestLearner + 'static) -> Guest {
    Guest {
        experiment: None,
        model: GuestModel::new(name, FeatureSpace::D3, Box::new(learner)).expect("a valid name"),
    }
}

/// The rows of a metrics file whose `algorithm` column is `algorithm`,
/// without that column.
fn rows_of(text: &str, algorithm: &str, column: usize) -> Vec<String> {
    text.lines()
        .filter(|l| l.split(',').nth(column) == Some(algorithm))
        .map(|l| {
            let mut fields: Vec<&str> = l.split(',').collect();
            fields.remove(column);
            fields.join(",")
        })
        .collect()
}

#[test]
fn a_guest_wrapping_arow_scores_exactly_as_the_sets_arow_3d() {
    let out = scratch("guest-arow");
    let options = RunOptions {
        out: Some(&out),
        ..RunOptions::default()
    };
    let run =
        run_scenario_with(SCENARIO, &options, vec![guest("mine", ArowGuest::new())]).expect("runs");
    let dir = out.join("short-tumbling");
    let grid = fs::read_to_string(dir.join("metrics_grid.csv")).unwrap();
    let mine = rows_of(&grid, "mine", 0);
    assert_eq!(mine.len(), 1, "{grid}");
    let arow_3d: Vec<String> = rows_of(&grid, "arow", 0)
        .into_iter()
        .filter(|r| r.starts_with("3,"))
        .collect();
    assert_eq!(mine, arow_3d);
    let progressive = fs::read_to_string(dir.join("metrics_progressive.csv")).unwrap();
    let mine = rows_of(&progressive, "mine", 1);
    let arow_3d: Vec<String> = rows_of(&progressive, "arow", 1)
        .into_iter()
        .filter(|r| r.split(',').nth(1) == Some("3"))
        .collect();
    assert_eq!(mine.len(), 3, "two runs and the total: {progressive}");
    assert_eq!(mine, arow_3d);
    // Every model's row count grew by one; the summary names the guest.
    assert_eq!(grid.lines().count(), 1 + 32 + 1);
    let summary = fs::read_to_string(dir.join("summary.json")).unwrap();
    assert!(summary.contains("\"model\": \"mine_3D\""), "{summary}");
    // The metrics say the same, and the trained learner comes back.
    let metrics = run.metrics();
    let find = |algorithm: &str| {
        metrics
            .iter()
            .find(|m| m.algorithm == algorithm && m.space == "3D")
            .expect("a row")
            .clone()
    };
    let (mine, arow) = (find("mine"), find("arow"));
    assert_eq!(mine.grid_balanced_accuracy, arow.grid_balanced_accuracy);
    assert_eq!(mine.progressive, arow.progressive);
    let guests = &run.outcome.experiments[0].guests;
    assert_eq!(guests.len(), 1);
    assert_eq!(guests[0].model.samples_trained, mine.progressive.total());
    assert!(mine.progressive.total() > 200);
    fs::remove_dir_all(&out).ok();
}

#[test]
fn the_model_files_are_those_of_a_run_without_guests() {
    let (with, without) = (scratch("guest-with"), scratch("guest-without"));
    let options = |out| RunOptions {
        out: Some(out),
        ..RunOptions::default()
    };
    run_scenario_with(
        SCENARIO,
        &options(&with),
        vec![guest("mine", ArowGuest::new())],
    )
    .unwrap();
    run_scenario(SCENARIO, &options(&without)).unwrap();
    let tree = |root: &std::path::Path| common::tree(&root.join("short-tumbling"));
    let (a, b) = (tree(&with), tree(&without));
    for (name, bytes) in &b {
        if name.starts_with("metrics_") || name == "summary.json" {
            continue;
        }
        assert_eq!(a.get(name), Some(bytes), "{name}");
    }
    assert_eq!(a.len(), b.len());
    fs::remove_dir_all(&with).ok();
    fs::remove_dir_all(&without).ok();
}

/// Fails at its `n`-th prediction.
struct FailsAt(u32);

impl GuestLearner for FailsAt {
    fn predict_one(&mut self, _x: &[f64]) -> Result<Label, GuestError> {
        self.0 = self.0.saturating_sub(1);
        if self.0 == 0 {
            return Err(GuestError("ValueError: bad input".into()));
        }
        Ok(Label::On)
    }
    fn learn_one(&mut self, _x: &[f64], _y: Label) -> Result<(), GuestError> {
        Ok(())
    }
}

#[test]
fn a_failing_guest_stops_the_run_with_its_message_and_writes_nothing() {
    let out = scratch("guest-fails");
    let options = RunOptions {
        out: Some(&out),
        ..RunOptions::default()
    };
    let error = run_scenario_with(SCENARIO, &options, vec![guest("bad", FailsAt(10))])
        .expect_err("the guest fails");
    let text = error.to_string();
    assert!(
        matches!(error, Error::Sim(SimError::Runtime { .. })),
        "{error:?}"
    );
    assert!(
        text.contains("learner \"bad\": ValueError: bad input"),
        "{text}"
    );
    assert!(!out.join("short-tumbling").exists());
}

#[test]
fn guests_are_refused_where_they_cannot_go() {
    let named = |experiment: &str, name: &str| Guest {
        experiment: Some(experiment.to_owned()),
        model: GuestModel::new(name, FeatureSpace::D3, Box::new(ArowGuest::new())).unwrap(),
    };
    let options = RunOptions::default();
    let error = run_scenario_with(SCENARIO, &options, vec![named("nope", "mine")]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "learner \"mine\": no experiment named \"nope\" (known: orbitai)"
    );
    // With several experiments, a learner must name the one it joins.
    let anonymous = vec![guest("mine", ArowGuest::new())];
    let error = run_scenario_with("scenarios/two-spacecraft.ron", &options, anonymous).unwrap_err();
    assert_eq!(
        error.to_string(),
        "learner \"mine\": the scenario has 2 experiments (orbitai-nadir, orbitai-tumbling); name the one it joins"
    );
    let tumbling = Guest {
        experiment: Some("orbitai-tumbling".into()),
        ..guest("mine", ArowGuest::new())
    };
    let options = RunOptions {
        max_duration_s: Some(3600.0),
        ..options
    };
    let run = run_scenario_with("scenarios/two-spacecraft.ron", &options, vec![tumbling]).unwrap();
    let guests: Vec<usize> = run
        .outcome
        .experiments
        .iter()
        .map(|e| e.guests.len())
        .collect();
    assert_eq!(guests, [0, 1]);
    // `arow_3D` is the set's: a guest may not take its name.
    let error = run_scenario_with(SCENARIO, &options, vec![named("orbitai", "arow")]).unwrap_err();
    assert!(
        error
            .to_string()
            .contains("already has a model named \"arow_3D\""),
        "{error}"
    );
}

#[test]
fn a_raised_cancel_flag_stops_the_run() {
    let cancel = CancelToken::new();
    cancel.cancel();
    let options = RunOptions {
        cancel: Some(&cancel),
        ..RunOptions::default()
    };
    let error = run_scenario(SCENARIO, &options).unwrap_err();
    assert!(
        matches!(error, Error::Sim(SimError::Cancelled { tick: 0, .. })),
        "{error:?}"
    );
    assert_eq!(error.to_string(), "cancelled at tick 0 of 1501");
}
