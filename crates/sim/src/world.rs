//! The ECS side: components, resources, system sets and the systems, each a
//! thin adapter that queries, calls `astro`, `craft` or `learn`, and writes
//! back. One tick runs, in this order:
//!
//! clock → orbit → Sun and illumination → attitude → sensors → telemetry pool →
//! experiments → recorders.
//!
//! The stages are grouped in one system set and one system per domain
//! ([`SimSet`]: the orbital environment from `astro`, the spacecraft from
//! `craft`, the experiments from `learn`, the recorders), each system
//! running its domain's stages in order for every entity. A system costs
//! bevy's executor about 500 instructions per tick whatever it does (as
//! much as the six photodiodes), so one per stage would cost more than the
//! stages it adapts.

use bevy_ecs::prelude::*;
use orbitai_astro::track::TrackPoint;
use orbitai_astro::{Epoch, OrbitInterpolator, OrbitState, Shadow, SunInterpolator, Vec3};
use orbitai_craft::attitude::{AttitudeContext, AttitudeState, AttitudeTimeline};
use orbitai_craft::telemetry::TelemetryPool;
use orbitai_craft::{Readings, SensorSuite, Truth};
use orbitai_learn::Label;

use crate::experiment::{AppReading, Iteration, OrbitAiApp};
use crate::recorder::Recorder;

/// The domains of a tick, run in declaration order (one system each).
#[derive(SystemSet, Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SimSet {
    /// The clock, orbits (SGP4), then the Sun (a resource shared by all spacecraft)
    /// and each spacecraft's Sun direction and eclipse.
    Environment,
    /// Per spacecraft: the attitude, then the sensors the telemetry pool
    /// acquires at this tick (nothing else observes a sensor, so one is
    /// sampled only when the pool refreshes one of its parameters), then
    /// the pool.
    Spacecraft,
    /// Experiments.
    Experiments,
    /// Output buffers.
    Recorders,
}

/// Simulation time, advanced by [`SimClock::advance`] at the start of each
/// tick.
#[derive(Resource, Debug, Clone, Copy)]
pub struct SimClock {
    /// First tick, UTC.
    pub start: Epoch,
    /// Tick length, ns.
    pub step_nanos: i64,
    /// Ticks started so far (the current tick is `tick - 1`).
    pub tick: u64,
    /// The current tick's time.
    pub now: Epoch,
}

/// The environment shared by every spacecraft: the Sun and the Earth's
/// shadow.
#[derive(Resource, Debug, Clone)]
pub struct Environment {
    /// Earth shadow model.
    pub shadow: Shadow,
    /// The Sun (each tick's position goes to every spacecraft's track).
    sun: SunInterpolator,
}

impl Environment {
    /// The environment with `shadow`, before the first tick.
    pub fn new(shadow: Shadow) -> Self {
        Environment {
            shadow,
            sun: SunInterpolator::new(),
        }
    }
}

/// The first error a system met (propagation failure); the runner stops.
#[derive(Resource, Debug, Default)]
pub struct SimFailure(pub Option<String>);

/// A spacecraft's name.
#[derive(Component, Debug, Clone)]
pub struct SpacecraftName(pub String);

/// The SGP4 propagator of a spacecraft (interpolated between nodes).
#[derive(Component, Debug, Clone)]
pub struct Orbit(pub OrbitInterpolator);

/// Orbit, Sun direction and illumination at the current tick.
#[derive(Component, Debug, Clone, Copy)]
pub struct Track(pub TrackPoint);

/// The attitude timeline (modes over time).
#[derive(Component, Debug, Clone)]
pub struct AttitudeSteering(pub AttitudeTimeline);

/// The true attitude at the current tick.
#[derive(Component, Debug, Clone, Copy)]
pub struct Attitude(pub AttitudeState);

/// The sensors, with their random streams.
#[derive(Component, Debug, Clone)]
pub struct Sensors(pub SensorSuite);

/// The latest readings of each sensor (a sensor is sampled at the ticks
/// when the pool acquires one of its parameters, and holds in between).
#[derive(Component, Debug, Clone)]
pub struct SensorReadings(pub Readings);

/// The on-board data pool.
#[derive(Component, Debug, Clone)]
pub struct Pool(pub TelemetryPool);

/// The camera face's outward normal (body frame), for the true label.
#[derive(Component, Debug, Clone, Copy)]
pub struct Camera {
    /// Outward normal of the camera face, body frame.
    pub normal: Vec3,
}

/// An experiment entity: its app, its host and where it reads the pool.
#[derive(Component, Debug)]
pub struct Experiment {
    /// Position in the scenario's experiment list (outputs keep this order).
    pub order: usize,
    /// The app and server.
    pub app: OrbitAiApp,
    /// The host spacecraft entity.
    pub host: Entity,
    /// Pool indices of PD1..PD6 values, then flags, then q0..q3.
    pub parameters: [usize; 16],
    /// The iteration made this tick, for the recorder.
    pub last: Option<Iteration>,
}

/// An experiment's output buffers.
#[derive(Component, Debug, Default)]
pub struct ExperimentRecorder(pub Recorder);

impl SimClock {
    /// Starts the next tick: `now` becomes its time.
    pub fn advance(&mut self) {
        self.now = self.start.add_nanos(self.tick as i64 * self.step_nanos);
        self.tick += 1;
    }
}

/// Builds the schedule: the sets chained in order, one system each.
pub fn build_schedule() -> Schedule {
    let mut schedule = Schedule::default();
    schedule.set_executor(bevy_ecs::schedule::SingleThreadedExecutor::new());
    // No system defers work (no `Commands`; the test below checks it), so
    // the executor's end-of-run pass that applies deferred buffers is
    // skipped: it visits every system each tick (~250 instructions) for
    // nothing. A system that needs `Commands` must turn it back on.
    schedule.set_apply_final_deferred(false);
    schedule.configure_sets(
        (
            SimSet::Environment,
            SimSet::Spacecraft,
            SimSet::Experiments,
            SimSet::Recorders,
        )
            .chain(),
    );
    schedule.add_systems((
        update_environment.in_set(SimSet::Environment),
        update_spacecraft.in_set(SimSet::Spacecraft),
        step_experiments.in_set(SimSet::Experiments),
        record_experiments.in_set(SimSet::Recorders),
    ));
    schedule
}

/// Clock → orbit → Sun and illumination. (The clock shares the first
/// system rather than having its own: see the module documentation.)
fn update_environment(
    mut clock: ResMut<SimClock>,
    mut environment: ResMut<Environment>,
    mut failure: ResMut<SimFailure>,
    mut query: Query<(&mut Orbit, &mut Track)>,
) {
    clock.advance();
    let sun_km = environment.sun.position(clock.now);
    for (mut orbit, mut track) in &mut query {
        let point = &mut track.0;
        match orbit.0.state_at(clock.now) {
            Ok(state) => point.state = state,
            Err(error) => {
                // The run stops after this tick; the later stages still
                // read the tick's time from the track.
                point.state.epoch = clock.now;
                failure.0.get_or_insert_with(|| error.to_string());
            }
        }
        point.sun_position_km = sun_km;
        point.sun_direction = (sun_km - point.state.position_km).normalize();
        point.illumination = environment
            .shadow
            .illumination(&point.state.position_km, &sun_km);
    }
}

/// Attitude → sensors → telemetry pool.
fn update_spacecraft(
    mut query: Query<(
        &Track,
        &mut AttitudeSteering,
        &mut Attitude,
        &mut Sensors,
        &mut SensorReadings,
        &mut Pool,
    )>,
) {
    for (track, mut steering, mut attitude, mut sensors, mut readings, mut pool) in &mut query {
        attitude.0 = steering.0.step(&AttitudeContext::from_track(&track.0));
        // The tick's time is the track's (a resource costs bevy a lookup).
        let now = track.0.state.epoch;
        let demand = pool.0.demand(now);
        if !demand.any() {
            continue;
        }
        let truth = truth_of(&track.0, &attitude.0);
        sensors.0.sample_demanded(&truth, demand, &mut readings.0);
        pool.0
            .update(now, &readings.0.photodiodes, &readings.0.attitude);
    }
}

fn step_experiments(
    hosts: Query<(&Track, &Attitude, &Pool, &Camera)>,
    mut experiments: Query<&mut Experiment>,
    mut failure: ResMut<SimFailure>,
) {
    for mut experiment in &mut experiments {
        let experiment = &mut *experiment;
        experiment.last = None;
        let Ok((track, attitude, pool, camera)) = hosts.get(experiment.host) else {
            continue;
        };
        let now = track.0.state.epoch;
        if !experiment.app.due(now, track.0.illumination >= 1.0) {
            continue;
        }
        let since = experiment.app.run_start().unwrap_or(now);
        let reading = read_pool(&pool.0, &experiment.parameters, since);
        let threshold = experiment.app.config().checks.labeler.threshold_rad;
        let truth = true_label(&track.0, &attitude.0, camera, threshold);
        experiment.last = Some(experiment.app.iterate(now, &reading, truth));
        if let Some(message) = experiment.app.take_guest_failure() {
            failure.0.get_or_insert(message);
        }
    }
}

fn record_experiments(mut query: Query<(&Experiment, &mut ExperimentRecorder)>) {
    for (experiment, mut recorder) in &mut query {
        if let Some(iteration) = &experiment.last {
            recorder.0.record(iteration);
        }
    }
}

/// What the sensors see, from the track and the attitude.
fn truth_of(point: &TrackPoint, attitude: &AttitudeState) -> Truth {
    Truth {
        epoch: point.state.epoch,
        attitude: *attitude,
        position_km: point.state.position_km,
        sun_direction: point.sun_direction,
        illumination: point.illumination,
    }
}

/// The pool as the app sees it: values received since the run started
/// (the app subscribed at its start, so its first iteration finds none).
fn read_pool(pool: &TelemetryPool, parameters: &[usize; 16], since: Epoch) -> AppReading {
    let fresh = |i: usize| {
        pool.received_at(i)
            .is_some_and(|t| t >= since)
            .then(|| pool.value(i))
            .flatten()
    };
    AppReading {
        pd: std::array::from_fn(|k| {
            fresh(parameters[k])
                .and_then(|v| v.as_f64())
                .map(|v| v as f32)
        }),
        flags: std::array::from_fn(|k| fresh(parameters[6 + k]).and_then(|v| v.as_bool())),
        quaternion: std::array::from_fn(|k| {
            fresh(parameters[12 + k])
                .and_then(|v| v.as_f64())
                .map(|v| v as f32)
        }),
    }
}

/// The label a perfect camera-face diode would give: ON unless the Sun's
/// (illumination-weighted) elevation above the camera face exceeds the
/// labeler threshold.
fn true_label(
    point: &TrackPoint,
    attitude: &AttitudeState,
    camera: &Camera,
    threshold: f32,
) -> Label {
    let sun_body = attitude.quaternion.inertial_to_body(&point.sun_direction);
    let elevation = (point.illumination * camera.normal.dot(&sun_body).max(0.0))
        .min(1.0)
        .asin();
    Label::from_bool_on(elevation <= f64::from(threshold))
}

/// A fresh track point for a spacecraft before its first tick.
pub fn initial_track(epoch: Epoch) -> Track {
    Track(TrackPoint {
        state: OrbitState {
            epoch,
            position_km: Vec3::zeros(),
            velocity_km_s: Vec3::zeros(),
        },
        sun_position_km: Vec3::zeros(),
        sun_direction: Vec3::x(),
        illumination: 1.0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_system_defers_work() {
        // `build_schedule` skips applying deferred buffers; that is only
        // correct while no system has any.
        let mut world = World::new();
        let mut schedule = build_schedule();
        schedule.initialize(&mut world).unwrap();
        for (_, system) in schedule.systems().unwrap() {
            assert!(!system.has_deferred(), "{} defers work", system.name());
        }
    }
}
