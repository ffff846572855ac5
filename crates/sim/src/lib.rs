//! orbitai-sim: the simulation world.
//!
//! A bevy_ecs `World` per scenario with one `Schedule` on the
//! single-threaded executor. Each tick runs the stages of [`world::SimSet`]
//! in order — clock, orbit, Sun and illumination, attitude, sensors and
//! telemetry pool, experiments, recorders — every system a thin adapter over
//! `orbitai-astro`, `orbitai-craft` and `orbitai-learn`. Parallelism is not
//! in here: callers run several [`Simulation`]s side by side (rayon), which
//! is why a world never shares state with another and every random stream
//! is derived from (master seed, run index, stream id).

pub mod atomic_file;
pub mod cancel;
pub mod config;
pub mod experiment;
pub mod loop_delay;
pub mod metrics_csv;
pub mod output;
pub mod output_dir;
pub mod progress;
pub mod recorder;
pub mod runner;
pub mod stall;
pub mod world;

pub use cancel::CancelToken;
pub use config::{ExperimentConfig, RunConfig, SimConfig, SpacecraftSpec, SunlitStart};
pub use progress::{NoProgress, Progress, ProgressTask, Unit};
pub use runner::{GuestOutcome, Keep, Probe, SimError, SimOutcome, Simulation};
