//! What the attitude tests share: a timeline from (start, mode) pairs and
//! an inertial hold.

use orbitai_astro::Epoch;
use orbitai_craft::attitude::{AttitudeModeConfig, TimelineEntry};
use orbitai_craft::{AttitudeTimeline, Quat, SeedContext, TimelineConfig};

/// A timeline of `entries` (start s after `start`, mode) with the slew
/// limit `rate` (rad/s; `None`: instant) and the other settings default.
pub fn timeline(
    start: Epoch,
    entries: Vec<(f64, AttitudeModeConfig)>,
    rate: Option<f64>,
) -> AttitudeTimeline {
    let config = TimelineConfig {
        entries: entries
            .into_iter()
            .map(|(start_s, mode)| TimelineEntry { start_s, mode })
            .collect(),
        max_slew_rate_rad_s: rate,
        ..TimelineConfig::default()
    };
    AttitudeTimeline::new(&config, start, SeedContext::default()).unwrap()
}

/// Holding the attitude `q` (inertial → body).
pub fn hold(q: Quat) -> AttitudeModeConfig {
    AttitudeModeConfig::InertialHold {
        quaternion: q.to_scalar_first(),
    }
}
