//! A whole spacecraft: configuration, the sensor suite and a convenience
//! [`Spacecraft`] that runs attitude → sensors → telemetry pool for one
//! step (the ECS world calls the same pieces from its systems, but samples
//! only the sensors the pool acquires at that step).

use orbitai_astro::{Epoch, Vec3, track::TrackPoint};
use serde::{Deserialize, Serialize};

use crate::attitude::{AttitudeContext, AttitudeState, AttitudeTimeline, TimelineConfig};
use crate::body::{Body, BodyConfig};
use crate::error::ConfigError;
use crate::fault::FaultConfig;
use crate::photodiode::{LightInput, PdReading, PhotodiodeBank, PhotodiodeBankConfig};
use crate::rng::SeedContext;
use crate::sensors::{
    AttitudeEstimateConfig, AttitudeReadings, AttitudeSensors, GyroConfig, SunSensorConfig,
};
use crate::telemetry::{SensorDemand, TelemetryConfig, TelemetryPool};

/// Everything about one spacecraft in a scenario file; every field defaults
/// to OPS-SAT as flown (see each type's `Default`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CraftConfig {
    /// Faces and camera.
    pub body: BodyConfig,
    /// Attitude modes over time.
    pub attitude: TimelineConfig,
    /// Photodiodes and albedo.
    pub photodiodes: PhotodiodeBankConfig,
    /// Scheduled photodiode faults.
    pub faults: Vec<FaultConfig>,
    /// Attitude estimate errors.
    pub attitude_estimate: AttitudeEstimateConfig,
    /// Gyro errors.
    pub gyro: GyroConfig,
    /// Fine Sun sensor.
    pub sun_sensor: SunSensorConfig,
    /// Telemetry pool parameters.
    pub telemetry: TelemetryConfig,
}

/// The truth the sensors see at one instant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Truth {
    /// The instant.
    pub epoch: Epoch,
    /// True attitude and body rate.
    pub attitude: AttitudeState,
    /// Spacecraft position, TEME, km.
    pub position_km: Vec3,
    /// Unit vector from the spacecraft to the Sun, TEME.
    pub sun_direction: Vec3,
    /// Illuminated fraction of the solar disc, [0, 1].
    pub illumination: f64,
}

/// All sensor readings of one step.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Readings {
    /// When they were taken.
    pub epoch: Option<Epoch>,
    /// One per photodiode, in bank order.
    pub photodiodes: Vec<PdReading>,
    /// Attitude estimate, gyro, Sun sensor.
    pub attitude: AttitudeReadings,
}

/// The sensors of one spacecraft: photodiodes and attitude sensors.
#[derive(Debug, Clone)]
pub struct SensorSuite {
    /// The photodiodes.
    pub photodiodes: PhotodiodeBank,
    /// Attitude estimate, gyro and Sun sensor.
    pub attitude: AttitudeSensors,
}

impl SensorSuite {
    /// Builds the sensors of `config` on `body`, faults counted from
    /// `start`, streams from `seeds`.
    pub fn new(
        config: &CraftConfig,
        body: &Body,
        start: Epoch,
        seeds: SeedContext,
    ) -> Result<Self, ConfigError> {
        Ok(SensorSuite {
            photodiodes: PhotodiodeBank::new(
                &config.photodiodes,
                body,
                &config.faults,
                start,
                seeds,
            )?,
            attitude: AttitudeSensors::new(
                &config.attitude_estimate,
                &config.gyro,
                &config.sun_sensor,
                seeds,
            )?,
        })
    }

    /// Readings with room for every photodiode (allocate once, reuse).
    pub fn new_readings(&self) -> Readings {
        Readings {
            epoch: None,
            photodiodes: vec![PdReading::default(); self.photodiodes.len()],
            attitude: AttitudeReadings::default(),
        }
    }

    /// Samples every sensor from `truth` into `out` (no allocation when
    /// `out` came from [`SensorSuite::new_readings`]).
    pub fn sample(&mut self, truth: &Truth, out: &mut Readings) {
        self.sample_demanded(truth, SensorDemand::ALL, out);
    }

    /// Samples the sensors `demand` names (as the telemetry pool asks, see
    /// [`TelemetryPool::demand`]) from `truth` into `out`; the others keep
    /// their previous readings, and their drifts and random walks advance
    /// over the whole interval at their next sample. `out.epoch` becomes
    /// `truth.epoch` if anything was sampled.
    // Inlined so that `sample`, which demands everything, loses the tests.
    #[inline]
    pub fn sample_demanded(&mut self, truth: &Truth, demand: SensorDemand, out: &mut Readings) {
        if !demand.any() {
            return;
        }
        let light = LightInput::new(
            &truth.attitude.quaternion,
            &truth.position_km,
            &truth.sun_direction,
            truth.illumination,
            self.photodiodes.earth_radius_km(),
        );
        out.photodiodes
            .resize(self.photodiodes.len(), PdReading::default());
        // The attitude sensors first, then the photodiodes: measured this way
        // round, the step is ~5 % faster than with the attitude sensors
        // between the diodes' signals and their readings. (Each sensor has
        // its own state and streams, so the order changes no value.)
        if demand.attitude {
            self.attitude.sample_into(
                truth.epoch,
                &truth.attitude,
                &light.sun_body,
                light.illumination,
                &mut out.attitude,
            );
        }
        if demand.photodiodes {
            self.photodiodes
                .sample(truth.epoch, &light, &mut out.photodiodes);
        }
        out.epoch = Some(truth.epoch);
    }
}

/// A spacecraft: body, attitude timeline, sensors and telemetry pool, stepped
/// together.
#[derive(Debug, Clone)]
pub struct Spacecraft {
    /// Faces and camera.
    pub body: Body,
    /// Attitude modes.
    pub timeline: AttitudeTimeline,
    /// Sensors.
    pub sensors: SensorSuite,
    /// Telemetry pool.
    pub pool: TelemetryPool,
    /// The latest readings.
    pub readings: Readings,
    /// The latest truth.
    pub truth: Option<Truth>,
}

impl Spacecraft {
    /// Builds a spacecraft from its configuration; `start` is the
    /// simulation start (time origin of the timeline, faults and telemetry
    /// phases), `seeds` its random streams' seed context.
    pub fn new(
        config: &CraftConfig,
        start: Epoch,
        seeds: SeedContext,
    ) -> Result<Self, ConfigError> {
        let body = Body::new(&config.body)?;
        let timeline = AttitudeTimeline::new(&config.attitude, start, seeds)?;
        let sensors = SensorSuite::new(config, &body, start, seeds)?;
        let names: Vec<&str> = sensors.photodiodes.names().collect();
        let pool = TelemetryPool::new(&config.telemetry, &names, start)?;
        let readings = sensors.new_readings();
        Ok(Spacecraft {
            body,
            timeline,
            sensors,
            pool,
            readings,
            truth: None,
        })
    }

    /// One step at `point` (orbit, Sun and illumination from
    /// `orbitai-astro`): steers the attitude, samples every sensor (so that
    /// the readings always match the step's truth), refreshes the pool.
    pub fn step(&mut self, point: &TrackPoint) -> &Readings {
        let ctx = AttitudeContext::from_track(point);
        let attitude = self.timeline.step(&ctx);
        let truth = Truth {
            epoch: point.state.epoch,
            attitude,
            position_km: point.state.position_km,
            sun_direction: point.sun_direction,
            illumination: point.illumination,
        };
        self.sensors.sample(&truth, &mut self.readings);
        self.pool.update(
            truth.epoch,
            &self.readings.photodiodes,
            &self.readings.attitude,
        );
        self.truth = Some(truth);
        &self.readings
    }
}
