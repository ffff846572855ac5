//! orbitai-craft: the spacecraft, turning truth into sensor streams.
//!
//! From the truth that `orbitai-astro` computes (orbit, Sun, eclipse), this
//! crate gives what the on-board software sees: the attitude ([`attitude`]:
//! modes, timeline, slews, jitter), the six photodiodes OrbitAI learns from
//! ([`photodiode`]: geometry, albedo, gains, noise, drift, quantisation,
//! saturation, validity flags), their faults ([`fault`]), the attitude
//! sensors ([`sensors`]) and the telemetry pool the app reads
//! ([`telemetry`]). Defaults are OPS-SAT's, as measured in flight.
//!
//! No ECS and no files: pure functions and value types; configuration types
//! are serde-derivable (`deny_unknown_fields`) for the scenario crate.
//!
//! # Conventions
//! - Units: km, km/s, s, rad; photodiode signals in sine units (1 = the
//!   full-Sun current at normal incidence); time is UTC
//!   ([`orbitai_astro::Epoch`]).
//! - One inertial frame, TEME of date; body axes as in [`body`].
//! - Quaternions: scalar first, rotating inertial vectors into the body
//!   frame, `v_body = q ⊗ v_teme ⊗ q*` (see [`quat`]).
//! - Randomness: one deterministic stream per noise source from
//!   `(master seed, run, stream id)` (see [`rng`]).
//!
//! # Hot path
//! [`SensorSuite::sample`] (six photodiodes with every error model, the
//! attitude estimate, gyro and Sun sensor) does not allocate; see
//! `benches/sensors.rs` for its cost.

pub mod attitude;
pub mod body;
mod craft;
pub mod dynamics;
pub mod error;
pub mod fault;
pub mod noise;
pub mod photodiode;
pub mod quat;
pub mod rng;
pub mod sensors;
pub mod telemetry;

pub use attitude::{
    AttitudeContext, AttitudeMode, AttitudeModeConfig, AttitudeState, AttitudeTimeline,
    TimelineConfig,
};
pub use body::{Body, BodyConfig};
pub use craft::{CraftConfig, Readings, SensorSuite, Spacecraft, Truth};
pub use error::ConfigError;
pub use fault::{FaultConfig, FaultKind};
pub use photodiode::{LightInput, PdReading, PhotodiodeBank, PhotodiodeBankConfig};
pub use quat::Quat;
pub use rng::{SeedContext, SensorKind, StreamId};
pub use sensors::{AttitudeReadings, AttitudeSensors};
pub use telemetry::{SensorDemand, TelemetryPool, Value};
