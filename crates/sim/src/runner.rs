//! Building a world from a [`SimConfig`] and running it tick by tick.

use bevy_ecs::prelude::*;
use orbitai_astro::{Epoch, OrbitInterpolator, Propagator};
use orbitai_craft::Spacecraft;
use orbitai_craft::rng::SeedContext;
use orbitai_learn::metrics::Confusion;
use orbitai_learn::metrics::CurvePoint;
use orbitai_learn::{GuestModel, ModelSet};
use thiserror::Error;

use crate::cancel::{CHECK_EVERY_TICKS, CancelToken};
use crate::config::{ExperimentConfig, SimConfig};
use crate::experiment::{AppStreams, OrbitAiApp, RunReport};
use crate::recorder::Recorder;
use crate::world::{
    Attitude, AttitudeSteering, Camera, Environment, Experiment, ExperimentRecorder, Orbit, Pool,
    SensorReadings, Sensors, SimClock, SimFailure, SpacecraftName, Track, build_schedule,
    initial_track,
};

/// Why a simulation could not be built or run.
#[derive(Debug, Error)]
pub enum SimError {
    /// A spacecraft's configuration is inconsistent.
    #[error("spacecraft {name:?}: {message}")]
    Spacecraft {
        /// The spacecraft.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// An experiment's configuration is inconsistent.
    #[error("experiment {name:?}: {message}")]
    Experiment {
        /// The experiment.
        name: String,
        /// What is wrong.
        message: String,
    },
    /// A learner of the user's own cannot join the simulation.
    #[error("learner {learner:?}: {message}")]
    Guest {
        /// The learner's name.
        learner: String,
        /// What is wrong.
        message: String,
    },
    /// The run was cancelled through its [`CancelToken`].
    #[error("cancelled at tick {tick} of {ticks}")]
    Cancelled {
        /// Ticks done.
        tick: u64,
        /// Ticks the run would have taken.
        ticks: u64,
    },
    /// A system failed at run time (e.g. the orbit decayed, a guest
    /// learner raised an error).
    #[error("at tick {tick} ({epoch}): {message}")]
    Runtime {
        /// The tick.
        tick: u64,
        /// Its time.
        epoch: Epoch,
        /// What failed.
        message: String,
    },
}

/// Whether to keep the per-iteration rows (telemetry and training logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keep {
    /// Telemetry files, training log, reports.
    Rows,
    /// Reports only (Monte Carlo members).
    ReportsOnly,
}

/// One experiment's results.
#[derive(Debug)]
pub struct ExperimentOutcome {
    /// Its name.
    pub name: String,
    /// The models at the end.
    pub models: ModelSet,
    /// Buffers: telemetry, training log, run reports.
    pub recorder: Recorder,
    /// Per model, the ground-grid learning curve (empty unless the
    /// experiment's `curve_every` is set); the guests' curves follow the
    /// set's.
    pub curves: Vec<Vec<CurvePoint>>,
    /// The guest learners at the end, each with its final ground-grid
    /// evaluation.
    pub guests: Vec<GuestOutcome>,
}

/// A guest learner after the simulation.
#[derive(Debug)]
pub struct GuestOutcome {
    /// The learner and its bookkeeping.
    pub model: GuestModel,
    /// Its ground-grid evaluation at the end.
    pub grid: Confusion,
}

impl ExperimentOutcome {
    /// The finished runs.
    pub fn reports(&self) -> &[RunReport] {
        &self.recorder.reports
    }
}

/// A simulation's results.
#[derive(Debug)]
pub struct SimOutcome {
    /// Ticks simulated.
    pub ticks: u64,
    /// Per experiment.
    pub experiments: Vec<ExperimentOutcome>,
}

/// What one spacecraft's sensors read at the current tick (for traces).
#[derive(Debug, Clone, PartialEq)]
pub struct Probe {
    /// The spacecraft.
    pub spacecraft: String,
    /// The tick's time, UTC.
    pub epoch: Epoch,
    /// Illuminated fraction of the solar disc (1 full sun, 0 umbra).
    pub illumination: f64,
    /// Photodiode readings in body-face order, Sun elevation above the face,
    /// rad (`None`: missing), as last sampled: the diodes are sampled when
    /// the telemetry pool acquires one of them and hold in between.
    pub photodiodes: Vec<Option<f64>>,
}

/// A built world, ready to run.
pub struct Simulation {
    world: World,
    schedule: Schedule,
    ticks: u64,
}

impl Simulation {
    /// Builds the world: one entity per spacecraft and per experiment.
    pub fn new(config: &SimConfig, keep: Keep) -> Result<Self, SimError> {
        let mut world = World::new();
        world.insert_resource(SimClock {
            start: config.start,
            step_nanos: config.step_nanos,
            tick: 0,
            now: config.start,
        });
        world.insert_resource(Environment::new(config.shadow));
        world.insert_resource(SimFailure::default());

        let mut hosts = Vec::new();
        for (index, spec) in config.spacecraft.iter().enumerate() {
            let fail = |message: String| SimError::Spacecraft {
                name: spec.name.clone(),
                message,
            };
            let propagator =
                Propagator::new(&spec.tle, spec.propagator).map_err(|e| fail(e.to_string()))?;
            let seeds = SeedContext {
                master_seed: config.seed,
                run: config.run_index,
                spacecraft: index as u32,
            };
            let craft = Spacecraft::new(&spec.craft, config.start, seeds)
                .map_err(|e| fail(e.to_string()))?;
            let camera = Camera {
                normal: craft.body.camera_boresight(),
            };
            let entity = world
                .spawn((
                    SpacecraftName(spec.name.clone()),
                    Orbit(OrbitInterpolator::for_step(
                        propagator,
                        spec.orbit_node_spacing_s,
                        config.step_nanos as f64 / 1e9,
                    )),
                    initial_track(config.start),
                    AttitudeSteering(craft.timeline),
                    Attitude(Default::default()),
                    Sensors(craft.sensors),
                    SensorReadings(craft.readings),
                ))
                .insert((Pool(craft.pool), camera))
                .id();
            hosts.push((spec.name.clone(), entity));
        }

        for (order, experiment) in config.experiments.iter().enumerate() {
            spawn_experiment(&mut world, order, experiment, &hosts, keep, config)?;
        }
        let ticks = (config.duration_nanos / config.step_nanos) as u64 + 1;
        Ok(Simulation {
            world,
            schedule: build_schedule(),
            ticks,
        })
    }

    /// Ticks the whole run will take.
    pub fn ticks(&self) -> u64 {
        self.ticks
    }

    /// Runs one tick of the schedule.
    pub fn step(&mut self) -> Result<(), SimError> {
        self.schedule.run(&mut self.world);
        // Read first, take only on failure: a mutable access marks the
        // resource changed and costs more.
        if self.world.resource::<SimFailure>().0.is_none() {
            return Ok(());
        }
        match self.world.resource_mut::<SimFailure>().0.take() {
            None => Ok(()),
            Some(message) => {
                let clock = self.world.resource::<SimClock>();
                Err(SimError::Runtime {
                    tick: clock.tick - 1,
                    epoch: clock.now,
                    message,
                })
            }
        }
    }

    /// The spacecraft's current sensor readings and illumination, in
    /// scenario order (call after [`Simulation::step`]).
    pub fn probe(&mut self) -> Vec<Probe> {
        let epoch = self.world.resource::<SimClock>().now;
        let mut query = self
            .world
            .query::<(Entity, &SpacecraftName, &Track, &SensorReadings)>();
        let mut probes: Vec<(Entity, Probe)> = query
            .iter(&self.world)
            .map(|(entity, name, track, readings)| {
                let probe = Probe {
                    spacecraft: name.0.clone(),
                    epoch,
                    illumination: track.0.illumination,
                    photodiodes: readings.0.photodiodes.iter().map(|r| r.value).collect(),
                };
                (entity, probe)
            })
            .collect();
        // Spawn order is scenario order.
        probes.sort_by_key(|(entity, _)| *entity);
        probes.into_iter().map(|(_, probe)| probe).collect()
    }

    /// Adds a learner of the user's own to the experiment named
    /// `experiment` (`None`: the scenario's only experiment), before the
    /// run starts; see [`OrbitAiApp::add_guest`].
    pub fn add_guest(
        &mut self,
        experiment: Option<&str>,
        guest: GuestModel,
    ) -> Result<(), SimError> {
        let mut query = self.world.query::<&mut Experiment>();
        let mut all: Vec<_> = query.iter_mut(&mut self.world).collect();
        all.sort_by_key(|e| e.order);
        let names: Vec<String> = all.iter().map(|e| e.app.config().name.clone()).collect();
        let fail = |message: String| SimError::Guest {
            learner: guest.name.clone(),
            message,
        };
        let index = match experiment {
            Some(name) => names.iter().position(|n| n == name).ok_or_else(|| {
                fail(format!(
                    "no experiment named {name:?} (known: {})",
                    names.join(", ")
                ))
            })?,
            None if all.len() == 1 => 0,
            None => {
                return Err(fail(format!(
                    "the scenario has {} experiments ({}); name the one it joins",
                    all.len(),
                    names.join(", ")
                )));
            }
        };
        let app = &mut all[index].app;
        let taken = app.models().models().iter().map(|m| m.name());
        let clash = taken
            .chain(app.guests().iter().map(GuestModel::label))
            .any(|n| n == guest.label());
        if clash {
            return Err(fail(format!(
                "experiment {:?} already has a model named {:?}",
                names[index],
                guest.label()
            )));
        }
        app.add_guest(guest);
        Ok(())
    }

    /// Runs every tick; `progress(done, total)` is called every `every` ticks.
    pub fn run(
        self,
        every: u64,
        progress: &mut dyn FnMut(u64, u64),
    ) -> Result<SimOutcome, SimError> {
        self.run_cancellable(every, progress, &CancelToken::new())
    }

    /// As [`Simulation::run`], stopping with [`SimError::Cancelled`] within
    /// [`CHECK_EVERY_TICKS`] ticks of `cancel` being raised.
    pub fn run_cancellable(
        mut self,
        every: u64,
        progress: &mut dyn FnMut(u64, u64),
        cancel: &CancelToken,
    ) -> Result<SimOutcome, SimError> {
        for tick in 0..self.ticks {
            if tick % CHECK_EVERY_TICKS == 0 && cancel.is_cancelled() {
                return Err(SimError::Cancelled {
                    tick,
                    ticks: self.ticks,
                });
            }
            self.step()?;
            if every > 0 && (tick + 1) % every == 0 {
                progress(tick + 1, self.ticks);
            }
        }
        progress(self.ticks, self.ticks);
        let now = self.world.resource::<SimClock>().now;
        let mut query = self
            .world
            .query::<(Entity, &Experiment, &ExperimentRecorder)>();
        let mut order: Vec<(usize, Entity)> = query
            .iter(&self.world)
            .map(|(e, x, _)| (x.order, e))
            .collect();
        order.sort();
        let mut experiments = Vec::new();
        for (_, entity) in order {
            let mut e = self.world.entity_mut(entity);
            let mut recorder = e.take::<ExperimentRecorder>().expect("recorder").0;
            let mut experiment = e.take::<Experiment>().expect("experiment");
            if let Some(partial) = experiment.app.finish(now) {
                recorder.reports.push(partial);
            }
            let grids = experiment.app.guest_grid();
            if let Some(message) = experiment.app.take_guest_failure() {
                let clock = self.world.resource::<SimClock>();
                return Err(SimError::Runtime {
                    tick: clock.tick.saturating_sub(1),
                    epoch: clock.now,
                    message,
                });
            }
            let guests = experiment
                .app
                .take_guests()
                .into_iter()
                .zip(grids)
                .map(|(model, grid)| GuestOutcome { model, grid })
                .collect();
            experiments.push(ExperimentOutcome {
                name: experiment.app.config().name.clone(),
                models: experiment.app.models().clone(),
                curves: experiment.app.curves().to_vec(),
                recorder,
                guests,
            });
        }
        Ok(SimOutcome {
            ticks: self.ticks,
            experiments,
        })
    }
}

fn spawn_experiment(
    world: &mut World,
    order: usize,
    config: &ExperimentConfig,
    hosts: &[(String, Entity)],
    keep: Keep,
    sim: &SimConfig,
) -> Result<(), SimError> {
    let fail = |message: String| SimError::Experiment {
        name: config.name.clone(),
        message,
    };
    let host_index = if config.spacecraft.is_empty() {
        (!hosts.is_empty()).then_some(0)
    } else {
        hosts
            .iter()
            .position(|(name, _)| *name == config.spacecraft)
    };
    let host_index = host_index.ok_or_else(|| {
        let known: Vec<&str> = hosts.iter().map(|h| h.0.as_str()).collect();
        fail(format!(
            "no spacecraft named {:?} (known: {})",
            config.spacecraft,
            known.join(", ")
        ))
    })?;
    let host = hosts[host_index].1;
    let pool = &world.get::<Pool>(host).expect("host has a pool").0;
    let names = &config.parameters;
    let all: Vec<&str> = names
        .photodiodes
        .iter()
        .map(|p| p.0.as_str())
        .chain(names.photodiodes.iter().map(|p| p.1.as_str()))
        .chain(names.quaternion.iter().map(String::as_str))
        .collect();
    let mut parameters = [0usize; 16];
    for (slot, name) in parameters.iter_mut().zip(&all) {
        *slot = pool.index_of(name).ok_or_else(|| {
            fail(format!(
                "the host's telemetry pool has no parameter {name:?}"
            ))
        })?;
    }
    let streams = AppStreams {
        seeds: SeedContext {
            master_seed: sim.seed,
            run: sim.run_index,
            spacecraft: host_index as u32,
        },
        order: u16::try_from(order).unwrap_or(u16::MAX),
        sim_start: sim.start,
    };
    let app = OrbitAiApp::new(config.clone(), streams);
    let recorder = Recorder::new(names, app.models().models().len(), keep == Keep::Rows);
    world.spawn((
        Experiment {
            order,
            app,
            host,
            parameters,
            last: None,
        },
        ExperimentRecorder(recorder),
    ));
    Ok(())
}
