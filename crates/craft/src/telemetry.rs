//! The on-board telemetry pool the app reads.
//!
//! Each parameter is refreshed from the sensors at its own period and phase
//! (`start + phase + k·period`, k = 0, 1, …, checked at each simulation
//! step: a refresh due between two steps happens at the next step, with that
//! step's reading) and holds its value in between. A parameter not yet
//! received is missing (`None`, the `x` of the flight files), and so is one
//! whose source reading was missing (a photodiode dropout) at its last
//! refresh. Reading several parameters gives the latest value of each,
//! which is why the flight quaternion components are sometimes from
//! different updates (|q| from 0.75 to 1.28 in the flight data).
//!
//! Defaults (spec §7 and the flight data's names): CADC0884..CADC0895 are
//! PD1..PD6 value/flag pairs and CADC1002 is q0, all every 10.6 s;
//! CADC1003..CADC1005 are q1..q3, every 11.65 s; the measured body rates
//! `GYRO_X/Y/Z` (not in the flight files) every 10.6 s.

use orbitai_astro::Epoch;
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, check_range};
use crate::photodiode::PdReading;
use crate::sensors::AttitudeReadings;

/// Where a parameter's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// A photodiode's elevation value (rad), by diode name.
    PhotodiodeValue(String),
    /// A photodiode's validity flag, by diode name.
    PhotodiodeFlag(String),
    /// Component 0..=3 of the attitude estimate (scalar first).
    Quaternion(u8),
    /// Axis 0..=2 of the measured body rate, rad/s.
    Rate(u8),
    /// Axis 0..=2 of the fine Sun sensor's unit vector (missing if invalid).
    SunVector(u8),
}

/// One parameter in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterConfig {
    /// Parameter name (unique), e.g. `"CADC0884"`.
    pub name: String,
    /// Where its value comes from.
    pub source: Source,
    /// Refresh period, s (> 0).
    pub period_s: f64,
    /// First refresh, s after the simulation start (≥ 0).
    #[serde(default)]
    pub phase_s: f64,
}

/// The pool's parameters in a scenario file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TelemetryConfig {
    /// The parameters, in the order the pool reports them.
    pub parameters: Vec<ParameterConfig>,
}

/// OPS-SAT photodiode and q0 refresh period, s (spec §7).
pub const OPS_SAT_PD_PERIOD_S: f64 = 10.6;
/// OPS-SAT q1..q3 refresh period, s (spec §7).
pub const OPS_SAT_Q123_PERIOD_S: f64 = 11.65;
/// Phase step between consecutive photodiodes' refreshes, s. In the flight
/// files the diodes do not refresh together: when one changes between two
/// 5 s samples, its neighbour in PD order changes too only ~60 % of the
/// time, PD1 and PD6 only ~25 %, as with refreshes staggered by about half
/// a second per diode; CADC1002 changes with PD1 85 % of the time.
pub const PD_PHASE_STEP_S: f64 = 0.5;

impl Default for TelemetryConfig {
    /// The flight parameters (see the module documentation). Phases: PD1
    /// and q0 first arrive 1 s after the start, PD2..PD6 each
    /// [`PD_PHASE_STEP_S`] later than the previous diode (up to 3.5 s),
    /// q1..q3 after 4 s, the rates after 2 s; so an app sampling at t = 0
    /// sees nothing yet and one sampling at 5 s sees everything, like the
    /// first two rows of the flight files.
    fn default() -> Self {
        let p = |name: String, source: Source, period_s: f64, phase_s: f64| ParameterConfig {
            name,
            source,
            period_s,
            phase_s,
        };
        let mut parameters = Vec::new();
        for i in 0..6 {
            let diode = format!("PD{}", i + 1);
            let phase = 1.0 + PD_PHASE_STEP_S * i as f64;
            parameters.push(p(
                format!("CADC{:04}", 884 + 2 * i),
                Source::PhotodiodeValue(diode.clone()),
                OPS_SAT_PD_PERIOD_S,
                phase,
            ));
            parameters.push(p(
                format!("CADC{:04}", 885 + 2 * i),
                Source::PhotodiodeFlag(diode),
                OPS_SAT_PD_PERIOD_S,
                phase,
            ));
        }
        parameters.push(p(
            "CADC1002".into(),
            Source::Quaternion(0),
            OPS_SAT_PD_PERIOD_S,
            1.0,
        ));
        for k in 1..4u8 {
            parameters.push(p(
                format!("CADC{}", 1002 + k as u32),
                Source::Quaternion(k),
                OPS_SAT_Q123_PERIOD_S,
                4.0,
            ));
        }
        for (k, axis) in ["X", "Y", "Z"].iter().enumerate() {
            parameters.push(p(
                format!("GYRO_{axis}"),
                Source::Rate(k as u8),
                OPS_SAT_PD_PERIOD_S,
                2.0,
            ));
        }
        TelemetryConfig { parameters }
    }
}

/// A parameter value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value {
    /// A number (rad, rad/s or unitless, as the source says).
    Real(f64),
    /// A flag.
    Flag(bool),
}

impl Value {
    /// The number, if this is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Real(x) => Some(*x),
            Value::Flag(_) => None,
        }
    }

    /// The flag, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Flag(b) => Some(*b),
            Value::Real(_) => None,
        }
    }
}

/// Source resolved to indices.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Resolved {
    PdValue(usize),
    PdFlag(usize),
    Quaternion(usize),
    Rate(usize),
    Sun(usize),
}

#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    source: Resolved,
    /// Refresh times are `first + k·period`, integer ns.
    first: Epoch,
    period_ns: i64,
    next: Epoch,
    value: Option<Value>,
    received: Option<Epoch>,
}

/// Which sensors a step must sample for the pool: those with a parameter
/// due (see [`TelemetryPool::demand`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SensorDemand {
    /// A photodiode value or flag is due.
    pub photodiodes: bool,
    /// A quaternion, rate or Sun-vector component is due.
    pub attitude: bool,
}

impl SensorDemand {
    /// Every sensor.
    pub const ALL: SensorDemand = SensorDemand {
        photodiodes: true,
        attitude: true,
    };

    /// Whether any sensor is due.
    pub fn any(&self) -> bool {
        self.photodiodes || self.attitude
    }
}

/// The data pool of one spacecraft at run time.
#[derive(Debug, Clone)]
pub struct TelemetryPool {
    params: Vec<Parameter>,
    /// The earliest `next` among photodiode parameters (far future if none).
    next_photodiodes: Epoch,
    /// The earliest `next` among attitude-sensor parameters.
    next_attitude: Epoch,
}

impl TelemetryPool {
    /// Builds the pool; `diodes` are the photodiode names in bank order
    /// (to resolve the sources), `start` the simulation start.
    pub fn new(
        config: &TelemetryConfig,
        diodes: &[&str],
        start: Epoch,
    ) -> Result<Self, ConfigError> {
        let mut params: Vec<Parameter> = Vec::with_capacity(config.parameters.len());
        for (i, p) in config.parameters.iter().enumerate() {
            let field = |f: &str| format!("telemetry.parameters[{i}].{f}");
            if p.name.is_empty() || params.iter().any(|q| q.name == p.name) {
                return Err(ConfigError::DuplicateName {
                    field: field("name"),
                    name: p.name.clone(),
                });
            }
            check_range(
                || field("period_s"),
                p.period_s,
                1e-6,
                1e9,
                "s in [1e-6, 1e9]",
            )?;
            check_range(|| field("phase_s"), p.phase_s, 0.0, 1e9, "s in [0, 1e9]")?;
            let diode = |name: &String| {
                diodes
                    .iter()
                    .position(|d| d == name)
                    .ok_or_else(|| ConfigError::UnknownName {
                        field: field("source"),
                        name: name.clone(),
                        known: diodes.join(", "),
                    })
            };
            let axis = |k: u8, n: u8| {
                if k < n {
                    Ok(k as usize)
                } else {
                    Err(ConfigError::OutOfRange {
                        field: field("source"),
                        value: k as f64,
                        expected: "a component index within range (quaternion 0..=3, axis 0..=2)",
                    })
                }
            };
            let source = match &p.source {
                Source::PhotodiodeValue(n) => Resolved::PdValue(diode(n)?),
                Source::PhotodiodeFlag(n) => Resolved::PdFlag(diode(n)?),
                Source::Quaternion(k) => Resolved::Quaternion(axis(*k, 4)?),
                Source::Rate(k) => Resolved::Rate(axis(*k, 3)?),
                Source::SunVector(k) => Resolved::Sun(axis(*k, 3)?),
            };
            let first = start.add_seconds(p.phase_s);
            params.push(Parameter {
                name: p.name.clone(),
                source,
                first,
                period_ns: ((p.period_s * 1e9).round() as i64).max(1),
                next: first,
                value: None,
                received: None,
            });
        }
        let mut pool = TelemetryPool {
            params,
            next_photodiodes: start,
            next_attitude: start,
        };
        pool.schedule_next();
        Ok(pool)
    }

    /// The sensors that must be sampled at `epoch` for [`TelemetryPool::update`]
    /// (a sensor that no due parameter reads need not be: the pool would
    /// not see its reading). Sampling only these is what the world does;
    /// the readings of a sensor sampled less often are the same in
    /// distribution, since every error model is exact for any time step.
    pub fn demand(&self, epoch: Epoch) -> SensorDemand {
        SensorDemand {
            photodiodes: epoch >= self.next_photodiodes,
            attitude: epoch >= self.next_attitude,
        }
    }

    /// Recomputes the earliest due time of each sensor group.
    fn schedule_next(&mut self) {
        let far = Epoch::from_unix_nanos(i64::MAX);
        let (mut photodiodes, mut attitude) = (far, far);
        for p in &self.params {
            let group = match p.source {
                Resolved::PdValue(_) | Resolved::PdFlag(_) => &mut photodiodes,
                Resolved::Quaternion(_) | Resolved::Rate(_) | Resolved::Sun(_) => &mut attitude,
            };
            *group = (*group).min(p.next);
        }
        self.next_photodiodes = photodiodes;
        self.next_attitude = attitude;
    }

    /// Refreshes every parameter due at `epoch` from the current readings.
    /// Call once per step in increasing time.
    pub fn update(&mut self, epoch: Epoch, photodiodes: &[PdReading], attitude: &AttitudeReadings) {
        if !self.demand(epoch).any() {
            return;
        }
        for p in self.params.iter_mut() {
            if epoch < p.next {
                continue;
            }
            p.value = match p.source {
                Resolved::PdValue(i) => photodiodes.get(i).and_then(|r| r.value).map(Value::Real),
                Resolved::PdFlag(i) => photodiodes.get(i).map(|r| Value::Flag(r.flag)),
                Resolved::Quaternion(k) => {
                    Some(Value::Real(attitude.attitude.to_scalar_first()[k]))
                }
                Resolved::Rate(k) => Some(Value::Real(attitude.rate_rad_s[k])),
                Resolved::Sun(k) => attitude.sun_vector.map(|v| Value::Real(v[k])),
            };
            p.received = Some(epoch);
            // Next scheduled refresh strictly after `epoch`.
            let k = epoch.nanos_since(p.first).div_euclid(p.period_ns) + 1;
            p.next = p.first.add_nanos(k.saturating_mul(p.period_ns));
        }
        self.schedule_next();
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.params.len()
    }

    /// Whether the pool has no parameters.
    pub fn is_empty(&self) -> bool {
        self.params.is_empty()
    }

    /// Parameter names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().map(|p| p.name.as_str())
    }

    /// Index of the parameter called `name`.
    pub fn index_of(&self, name: &str) -> Option<usize> {
        self.params.iter().position(|p| p.name == name)
    }

    /// Latest value of parameter `i` (`None`: missing or no such index).
    pub fn value(&self, i: usize) -> Option<Value> {
        self.params.get(i).and_then(|p| p.value)
    }

    /// Latest value of the parameter called `name`.
    pub fn get(&self, name: &str) -> Option<Value> {
        self.index_of(name).and_then(|i| self.value(i))
    }

    /// When parameter `i` was last refreshed.
    pub fn received_at(&self, i: usize) -> Option<Epoch> {
        self.params.get(i).and_then(|p| p.received)
    }

    /// Latest values of the parameters at `indices`, into `out` (as many as
    /// fit): one read of the pool, as the app does every iteration.
    pub fn read_into(&self, indices: &[usize], out: &mut [Option<Value>]) {
        for (i, o) in indices.iter().zip(out.iter_mut()) {
            *o = self.value(*i);
        }
    }
}
