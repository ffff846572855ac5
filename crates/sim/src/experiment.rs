//! The OrbitAI experiment as a pure state machine (no ECS): the on-board
//! app's loop (start conditions, iterations every `interval`, the app's
//! checks and labeler) and the learning server's model set with its run
//! modes. The world's experiment system feeds it the host's telemetry.

use orbitai_astro::Epoch;
use orbitai_learn::metrics::{Confusion, CurvePoint, GridScorer};
use orbitai_learn::{
    GuestModel, Label, ModelSet, RunMode, Sample, SkipReason, app_sample_values, features,
};

use crate::config::{ExperimentConfig, Reaction, RunConfig};
use crate::loop_delay::LoopClock;
use crate::stall::StallState;
use orbitai_craft::rng::{SeedContext, SensorKind};

/// What the app read from the pool at one iteration (values received since
/// the run started; `None` is a parameter not received yet, `x` in flight).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct AppReading {
    /// PD1..PD6 elevation, rad, as the on-board float.
    pub pd: [Option<f32>; 6],
    /// PD1..PD6 validity flags.
    pub flags: [Option<bool>; 6],
    /// Attitude quaternion q0..q3 (recorded only).
    pub quaternion: [Option<f32>; 4],
}

/// Counts of the camera reaction against the truth.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct CameraCounts {
    /// OFF commanded when the Sun truly was too high: the camera was protected.
    pub protected: u64,
    /// OFF commanded although the camera could have stayed ON.
    pub unnecessary: u64,
    /// ON kept although the Sun was too high: exposures the model missed.
    pub missed: u64,
}

/// Scores of one model over one run.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ModelRunScores {
    /// Ground-grid evaluation at the end of the run (spec §5).
    pub grid: Confusion,
    /// Predict-then-train on the run's samples, against their labels.
    pub progressive: Confusion,
    /// The same predictions against the true (noise-free) labels.
    pub truth: Confusion,
}

/// A finished run.
#[derive(Debug, Clone)]
pub struct RunReport {
    /// `data_<start>` as the flight files are named.
    pub name: String,
    /// First iteration, UTC.
    pub start: Epoch,
    /// Mode it ran in.
    pub mode: RunMode,
    /// Iterations made.
    pub iterations: u32,
    /// Samples that passed the app's checks.
    pub samples: u32,
    /// Iterations that produced no sample.
    pub skipped: u32,
    /// Per model (model-set order, then the guest learners in the order
    /// they were added).
    pub scores: Vec<ModelRunScores>,
    /// The camera reaction, when enabled in an `Inference` run.
    pub camera: Option<CameraCounts>,
    /// Every model of the set as JSON at the end of the run (model-set
    /// order; guest learners have no model file).
    pub checkpoint: Vec<(String, String)>,
    /// Whether the run made all its iterations (false when the simulation
    /// ended first).
    pub complete: bool,
}

/// What one iteration did.
#[derive(Debug, Clone)]
pub struct Iteration {
    /// When.
    pub epoch: Epoch,
    /// Whether it is the first iteration of a run (its data file starts).
    pub run_started: bool,
    /// The run's `data_<start>` name.
    pub run_name: String,
    /// What was read.
    pub reading: AppReading,
    /// The sample, or why there was none.
    pub sample: Result<Sample, SkipReason>,
    /// The run's report when this was its last iteration.
    pub run_ended: Option<RunReport>,
}

/// A run in progress.
#[derive(Debug)]
struct ActiveRun {
    name: String,
    start: Epoch,
    mode: RunMode,
    iterations: u32,
    done: u32,
    next_due: Epoch,
    samples: u32,
    skipped: u32,
    scores: Vec<ModelRunScores>,
    camera: Option<CameraCounts>,
}

/// The app and server of one experiment.
#[derive(Debug)]
pub struct OrbitAiApp {
    config: ExperimentConfig,
    models: ModelSet,
    schedule: Vec<RunConfig>,
    next_scheduled: usize,
    sunlit_runs: u32,
    sunlit_since: Option<Epoch>,
    last_end: Option<Epoch>,
    runs_started: usize,
    interval_nanos: i64,
    current: Option<ActiveRun>,
    /// Reused buffer of each model's prediction at an iteration.
    predictions: Vec<Label>,
    /// Samples trained on (or predicted) over the whole experiment.
    samples_seen: u64,
    /// Per model, the ground-grid balanced accuracy every `curve_every`
    /// samples.
    curves: Vec<Vec<CurvePoint>>,
    /// The ground grid's inputs per feature space, built once.
    grid: GridScorer,
    /// Learners of the user's own, trained beside the model set.
    guests: Vec<GuestModel>,
    /// The first error of a guest learner (the simulation stops on it).
    guest_failure: Option<String>,
    /// The loop's delays beyond `interval_s` (`None`: none).
    loop_clock: Option<LoopClock>,
    /// The telemetry stalls the app sees.
    stalls: StallState,
}

/// Where an experiment's random streams come from: the scenario's seeds
/// with the host spacecraft's index, and the experiment's position in the
/// scenario (the streams' index).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AppStreams {
    /// Master seed, run index and the host's spacecraft index.
    pub seeds: SeedContext,
    /// The experiment's position in the scenario.
    pub order: u16,
    /// The simulation's first tick (scheduled stalls count from it), UTC.
    pub sim_start: Epoch,
}

impl OrbitAiApp {
    /// A new app; runs are taken in start-time order. Its loop delays and
    /// stalls draw from the streams of `streams`.
    pub fn new(config: ExperimentConfig, streams: AppStreams) -> Self {
        let loop_clock = config.loop_delay.map(|delay| {
            LoopClock::new(
                delay,
                streams.seeds.stream(SensorKind::AppLoop, streams.order),
            )
        });
        let stalls = StallState::new(
            config.stalls.clone(),
            streams.seeds.stream(SensorKind::AppStall, streams.order),
            streams.sim_start,
        );
        let mut schedule = config.runs.clone();
        schedule.sort_by_key(|r| r.start);
        let interval_nanos = (config.interval_s * 1e9).round().max(1.0) as i64;
        OrbitAiApp {
            models: ModelSet::new(config.models.clone()),
            config,
            schedule,
            next_scheduled: 0,
            sunlit_runs: 0,
            sunlit_since: None,
            last_end: None,
            runs_started: 0,
            interval_nanos,
            current: None,
            predictions: Vec::new(),
            samples_seen: 0,
            curves: Vec::new(),
            grid: GridScorer::new(),
            guests: Vec::new(),
            guest_failure: None,
            loop_clock,
            stalls,
        }
    }

    /// Adds a learner of the user's own: from the next run on it is fed
    /// every sample (features of its space, in the model set's profile)
    /// after the model set, predicts before it learns, and is scored like
    /// the set's models (its rows follow theirs in every report).
    pub fn add_guest(&mut self, guest: GuestModel) {
        self.guests.push(guest);
    }

    /// The guest learners.
    pub fn guests(&self) -> &[GuestModel] {
        &self.guests
    }

    /// Takes the guest learners out (at the end of the simulation).
    pub fn take_guests(&mut self) -> Vec<GuestModel> {
        std::mem::take(&mut self.guests)
    }

    /// Takes the first error a guest learner raised, if any.
    pub fn take_guest_failure(&mut self) -> Option<String> {
        self.guest_failure.take()
    }

    /// Every guest's ground-grid evaluation now (a failure is recorded and
    /// gives an empty confusion).
    pub fn guest_grid(&mut self) -> Vec<Confusion> {
        let profile = self.config.models.profile;
        let mut all = Vec::with_capacity(self.guests.len());
        for guest in &mut self.guests {
            match guest.grid_evaluation(&mut self.grid, profile) {
                Ok(c) => all.push(c),
                Err(e) => {
                    self.guest_failure
                        .get_or_insert_with(|| guest_error(guest, &e));
                    all.push(Confusion::default());
                }
            }
        }
        all
    }

    /// Per model (model-set order), the learning curve: ground-grid
    /// balanced accuracy after every `curve_every` samples of the whole
    /// experiment (empty when `curve_every` is 0).
    pub fn curves(&self) -> &[Vec<CurvePoint>] {
        &self.curves
    }

    /// The configuration.
    pub fn config(&self) -> &ExperimentConfig {
        &self.config
    }

    /// The model set.
    pub fn models(&self) -> &ModelSet {
        &self.models
    }

    /// The start of the run in progress, if any (pool values received
    /// before it are not visible to the app, as in flight).
    pub fn run_start(&self) -> Option<Epoch> {
        self.current.as_ref().map(|r| r.start)
    }

    /// Advances the start conditions to `epoch` (`sunlit`: the host is in
    /// full sun) and says whether an iteration is due now.
    pub fn due(&mut self, epoch: Epoch, sunlit: bool) -> bool {
        self.sunlit_since = if sunlit {
            Some(self.sunlit_since.unwrap_or(epoch))
        } else {
            None
        };
        if self.current.is_none() {
            self.maybe_start(epoch);
        }
        self.current
            .as_ref()
            .is_some_and(|run| epoch >= run.next_due)
    }

    fn maybe_start(&mut self, epoch: Epoch) {
        // A time-tagged command whose time has come (late commands while a
        // run was active start as soon as the app is free, as on board).
        if let Some(run) = self
            .schedule
            .get(self.next_scheduled)
            .filter(|r| r.start <= epoch)
        {
            let (iterations, mode) = (run.iterations, run.mode);
            self.next_scheduled += 1;
            self.start_run(epoch, iterations, mode);
            return;
        }
        let Some(rule) = &self.config.sunlit_start else {
            return;
        };
        let rested = self
            .last_end
            .is_none_or(|end| epoch.seconds_since(end) >= rule.gap_s);
        let sunlit_long_enough = self
            .sunlit_since
            .is_some_and(|since| epoch.seconds_since(since) >= rule.sunlit_for_s);
        if self.sunlit_runs < rule.max_runs && rested && sunlit_long_enough {
            self.sunlit_runs += 1;
            let iterations = rule.iterations;
            self.start_run(epoch, iterations, None);
        }
    }

    fn start_run(&mut self, epoch: Epoch, iterations: u32, mode: Option<RunMode>) {
        let mode = mode.unwrap_or(if self.runs_started == 0 {
            RunMode::Train
        } else {
            RunMode::ContinueTrain
        });
        self.runs_started += 1;
        self.models.begin_run(mode);
        if let Some(clock) = &mut self.loop_clock {
            clock.begin_run();
        }
        self.stalls.begin_run();
        if mode == RunMode::Train {
            for guest in &mut self.guests {
                if guest.samples_trained > 0 {
                    if let Err(e) = guest.learner.reset() {
                        self.guest_failure
                            .get_or_insert_with(|| guest_error(guest, &e));
                    }
                    guest.samples_trained = 0;
                }
            }
        }
        let camera = matches!(self.config.reaction, Reaction::CameraOff { .. })
            .then_some(mode == RunMode::Inference)
            .filter(|inference| *inference)
            .map(|_| CameraCounts::default());
        self.current = Some(ActiveRun {
            name: data_file_name(epoch),
            start: epoch,
            mode,
            iterations,
            done: 0,
            next_due: epoch,
            samples: 0,
            skipped: 0,
            scores: vec![ModelRunScores::default(); self.models.models().len() + self.guests.len()],
            camera,
        });
    }

    /// Runs the due iteration on `reading`; `truth` is the label a perfect
    /// PD6 would give. Call only after [`OrbitAiApp::due`] returned true.
    pub fn iterate(&mut self, epoch: Epoch, reading: &AppReading, truth: Label) -> Iteration {
        let run = self.current.as_mut().expect("iterate only when due");
        let run_started = run.done == 0;
        run.done += 1;
        // The next iteration is due `interval_s` plus this one's delay after
        // this one was due (not after the tick that ran it: the world's
        // step would add up otherwise).
        let delay = self
            .loop_clock
            .as_mut()
            .map_or(0, LoopClock::next_delay_nanos);
        run.next_due = run.next_due.add_nanos(self.interval_nanos + delay);
        let reading = &self.stalls.apply(epoch, *reading);
        let sample = app_sample_from(epoch, reading, &self.config.checks);
        let mut guest_curve_due = false;
        match &sample {
            Ok(sample) => {
                run.samples += 1;
                // Inference runs only predict: the model set was put in
                // that mode by `begin_run`.
                self.models
                    .predict_then_train(sample, &mut self.predictions);
                if !self.guests.is_empty() {
                    let train = run.mode != RunMode::Inference;
                    let profile = self.config.models.profile;
                    for guest in &mut self.guests {
                        let x = features(&guest.space, &sample.pd, profile);
                        let predicted = if train {
                            guest.samples_trained += 1;
                            guest.learner.predict_then_learn(&x, sample.label)
                        } else {
                            guest.learner.predict_one(&x)
                        };
                        self.predictions.push(predicted.unwrap_or_else(|e| {
                            self.guest_failure
                                .get_or_insert_with(|| guest_error(guest, &e));
                            Label::Off
                        }));
                    }
                }
                for (scores, &predicted) in run.scores.iter_mut().zip(&self.predictions) {
                    scores.progressive.add(predicted, sample.label);
                    scores.truth.add(predicted, truth);
                }
                if let (Some(camera), Reaction::CameraOff { model }) =
                    (&mut run.camera, self.config.reaction)
                    && let Some(predicted) = self.predictions.get(model)
                {
                    match (predicted, truth) {
                        (Label::Off, Label::Off) => camera.protected += 1,
                        (Label::Off, Label::On) => camera.unnecessary += 1,
                        (Label::On, Label::Off) => camera.missed += 1,
                        (Label::On, Label::On) => {}
                    }
                }
                self.samples_seen += 1;
                let every = u64::from(self.config.curve_every);
                if every > 0 && self.samples_seen.is_multiple_of(every) {
                    record_curve_point(
                        &self.models,
                        self.samples_seen,
                        &mut self.grid,
                        &mut self.curves,
                    );
                    guest_curve_due = !self.guests.is_empty();
                }
            }
            Err(_) => run.skipped += 1,
        }
        let run_name = run.name.clone();
        let ended = run.done >= run.iterations;
        if guest_curve_due {
            self.record_guest_curve_point();
        }
        let run_ended = ended.then(|| self.end_run(epoch));
        Iteration {
            epoch,
            run_started,
            run_name,
            reading: *reading,
            sample,
            run_ended,
        }
    }

    /// Appends every guest's ground-grid balanced accuracy to its curve
    /// (after the set's models' curves).
    fn record_guest_curve_point(&mut self) {
        let samples = self.samples_seen;
        let models = self.models.models().len();
        for (k, c) in self.guest_grid().into_iter().enumerate() {
            if self.curves.len() < models + k + 1 {
                self.curves.resize_with(models + k + 1, Vec::new);
            }
            self.curves[models + k].push(CurvePoint {
                samples,
                balanced_accuracy: c.balanced_accuracy(),
            });
        }
    }

    /// Ends the run in progress, if any, when the simulation stops at
    /// `epoch`: it is reported as incomplete, with the iterations made.
    pub fn finish(&mut self, epoch: Epoch) -> Option<RunReport> {
        self.current.as_ref()?;
        Some(self.end_run(epoch))
    }

    fn end_run(&mut self, epoch: Epoch) -> RunReport {
        let guest_grid = self.guest_grid();
        let mut run = self.current.take().expect("a run to end");
        self.last_end = Some(epoch);
        for (scores, model) in run.scores.iter_mut().zip(self.models.models()) {
            scores.grid = self.grid.evaluate(model);
        }
        let models = self.models.models().len();
        for (scores, grid) in run.scores[models..].iter_mut().zip(guest_grid) {
            scores.grid = grid;
        }
        let checkpoint = self
            .models
            .models()
            .iter()
            .map(|m| (m.name(), m.to_json()))
            .collect();
        RunReport {
            name: run.name,
            start: run.start,
            mode: run.mode,
            iterations: run.done,
            samples: run.samples,
            skipped: run.skipped,
            scores: run.scores,
            camera: run.camera,
            checkpoint,
            complete: run.done >= run.iterations,
        }
    }
}

/// A guest's error as the simulation reports it.
fn guest_error(guest: &GuestModel, error: &orbitai_learn::GuestError) -> String {
    format!("learner {:?}: {error}", guest.name)
}

/// Appends every model's ground-grid balanced accuracy after `samples`
/// samples to its curve.
fn record_curve_point(
    models: &ModelSet,
    samples: u64,
    grid: &mut GridScorer,
    curves: &mut Vec<Vec<CurvePoint>>,
) {
    let models = models.models();
    if curves.len() < models.len() {
        curves.resize_with(models.len(), Vec::new);
    }
    for (curve, model) in curves.iter_mut().zip(models) {
        curve.push(CurvePoint {
            samples,
            balanced_accuracy: grid.evaluate(model).balanced_accuracy(),
        });
    }
}

/// The sample the flight app would make of `reading`: its checks, labeler
/// and `%.2f` round trip on the on-board floats (the text the pool gives is
/// the shortest form of each float, which parses back to the same float, so
/// the text step is skipped).
fn app_sample_from(
    epoch: Epoch,
    reading: &AppReading,
    checks: &orbitai_learn::AppChecks,
) -> Result<Sample, SkipReason> {
    let flags = reading
        .flags
        .iter()
        .all(Option::is_some)
        .then(|| reading.flags.map(|f| f.unwrap_or(false)));
    app_sample_values(epoch.unix_millis(), reading.pd, flags, checks)
}

/// `data_YYYY-MM-DD_hh-mm-ss`, the flight name of a run's telemetry file.
pub fn data_file_name(start: Epoch) -> String {
    let (y, mo, d, h, mi, s, _) = start.to_calendar();
    format!("data_{y:04}-{mo:02}-{d:02}_{h:02}-{mi:02}-{s:02}")
}
