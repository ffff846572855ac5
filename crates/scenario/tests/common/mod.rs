//! Scenario-like types shared by the integration tests: nested structs,
//! lists, options, maps, tuples and every kind of enum variant.
#![allow(dead_code)]

use std::collections::BTreeMap;

use orbitai_scenario::{Path, Problems, Validate};
use serde::Deserialize;

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub name: String,
    pub duration_s: f64,
    #[serde(default)]
    pub seed: Option<u64>,
    #[serde(default)]
    pub repeats: u8,
    pub spacecraft: Vec<Spacecraft>,
    #[serde(default)]
    pub models: BTreeMap<String, Model>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Spacecraft {
    pub sensors: Sensors,
    #[serde(default)]
    pub attitude: Vec<AttitudeSegment>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Sensors {
    pub photodiodes: Vec<Photodiode>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Photodiode {
    pub noise_sigma: f64,
    #[serde(default)]
    pub bias: Option<f64>,
    #[serde(default)]
    pub dropout: Option<Dist>,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct AttitudeSegment {
    pub at_s: f64,
    pub mode: Mode,
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub enum Mode {
    Nadir { axis: [f64; 3] },
    Sun,
    Spin(f64),
    Inertial(Quat),
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Quat {
    pub q: [f64; 4],
}

#[derive(Debug, Deserialize, PartialEq)]
pub enum Dist {
    Uniform(f64, f64),
    Normal { mean: f64, sd: f64 },
}

#[derive(Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Model {
    pub c: f64,
    #[serde(default)]
    pub window: (u32, u32),
}

impl Validate for Scenario {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        problems.non_blank(&path.field("name"), &self.name);
        problems.positive(&path.field("duration_s"), self.duration_s);
        problems.in_range(&path.field("repeats"), self.repeats, 1..);
        let spacecraft = path.field("spacecraft");
        problems.non_empty(&spacecraft, &self.spacecraft);
        self.spacecraft.validate(&spacecraft, problems);
        self.models.validate(&path.field("models"), problems);
    }
}

impl Validate for Spacecraft {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        self.sensors.validate(&path.field("sensors"), problems);
        self.attitude.validate(&path.field("attitude"), problems);
    }
}

impl Validate for Sensors {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        self.photodiodes
            .validate(&path.field("photodiodes"), problems);
    }
}

impl Validate for Photodiode {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        problems.non_negative(&path.field("noise_sigma"), self.noise_sigma);
        if let Some(bias) = self.bias {
            problems.finite(&path.field("bias"), bias);
        }
        self.dropout.validate(&path.field("dropout"), problems);
    }
}

impl Validate for Dist {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        match self {
            Dist::Uniform(lo, hi) => {
                let variant = path.variant("Uniform");
                problems.check(
                    &variant.index(1),
                    lo <= hi,
                    format_args!("must be >= {lo:?} (the lower bound), got {hi:?}"),
                );
            }
            Dist::Normal { sd, .. } => {
                problems.non_negative(&path.variant("Normal").field("sd"), *sd);
            }
        }
    }
}

impl Validate for AttitudeSegment {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        problems.non_negative(&path.field("at_s"), self.at_s);
        let mode = path.field("mode");
        match &self.mode {
            Mode::Nadir { axis } => {
                problems.unit_vector(&mode.variant("Nadir").field("axis"), axis, 1e-9);
            }
            Mode::Sun => {}
            Mode::Spin(rate) => {
                problems.finite(&mode.variant("Spin"), *rate);
            }
            Mode::Inertial(quat) => {
                problems.unit_vector(&mode.variant("Inertial").field("q"), &quat.q, 1e-9);
            }
        }
    }
}

impl Validate for Model {
    fn validate(&self, path: &Path, problems: &mut Problems) {
        problems.positive(&path.field("c"), self.c);
        let (lo, hi) = self.window;
        problems.check(
            &path.field("window").index(1),
            lo <= hi,
            format_args!("must be >= {lo}, got {hi}"),
        );
    }
}

/// A valid document exercising every construct, with comments and strings
/// that contain brackets and commas.
pub const VALID: &str = r#"// A scenario (with a comment: "[", ")" and commas, ,)
#![enable(implicit_some)]
Scenario(
    name: "two (2) craft, [test] \"quoted\"",
    duration_s: 5400.0, /* block ( [ { comment */
    seed: 42,
    repeats: 2,
    spacecraft: [
        (
            sensors: (
                photodiodes: [
                    (noise_sigma: 0.01),
                    (noise_sigma: 0.02, bias: Some(0.1)),
                    (
                        noise_sigma: 0.0,
                        dropout: Uniform(0.0, 0.02),
                    ),
                ],
            ),
            attitude: [
                (at_s: 0.0, mode: Sun),
                (at_s: 60.0, mode: Nadir(axis: (0.0, 0.0, 1.0))),
                (at_s: 120.0, mode: Inertial(q: (1.0, 0.0, 0.0, 0.0))),
                (at_s: 180.0, mode: Spin(0.1)),
            ],
        ),
        Spacecraft(
            sensors: Sensors(photodiodes: [(noise_sigma: 1e-3, dropout: Normal(mean: 0.1, sd: 0.01))]),
        ),
    ],
    models: {
        "arow.3d": (c: 0.5, window: (10, 20)),
        r"scw }": (c: 1.0),
    },
)
"#;
