//! Labels, profiles and training samples.

use serde::{Deserialize, Serialize};

/// The class of a sample: may the HD camera be switched on?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Label {
    /// `+1`: the camera may be ON (the Sun is far enough from the camera face).
    On,
    /// `−1`: the camera must stay OFF.
    Off,
}

impl Label {
    /// The label as the classifiers use it: `+1.0` for [`Label::On`], `−1.0` for [`Label::Off`].
    #[inline]
    pub fn sign(self) -> f64 {
        match self {
            Label::On => 1.0,
            Label::Off => -1.0,
        }
    }

    /// [`Label::On`] for `true`, [`Label::Off`] for `false` (the training logs' `1`/`0`).
    #[inline]
    pub fn from_bool_on(on: bool) -> Label {
        if on { Label::On } else { Label::Off }
    }

    /// `true` for [`Label::On`].
    #[inline]
    pub fn is_on(self) -> bool {
        self == Label::On
    }
}

/// Which numerics the learning code follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// The learning server as it flew, to the bit, quirks included (the spec, §1–§4).
    #[default]
    Flight,
    /// The published algorithms, plain `f64` features, optional bias term.
    Paper,
}

impl Profile {
    /// `"flight"` or `"paper"`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Flight => "flight",
            Profile::Paper => "paper",
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One training sample as the learning server received it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Sample {
    /// Acquisition time of the telemetry, Unix epoch milliseconds (UTC).
    pub timestamp_ms: i64,
    /// PD1..PD6 sun elevation angles, rad, as the server parsed them: the `f32` of the
    /// app's `%.2f` text (spec §1 step 3).
    pub pd: [f32; 6],
    /// The label the app computed on the unrounded PD6 (spec §1 step 2).
    pub label: Label,
}
