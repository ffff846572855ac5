//! The photodiode bank at run time: the reading pipeline of the module
//! documentation, allocation-free per step.

use orbitai_astro::{Epoch, Vec3};
use rand::RngExt;

use super::light::{LightInput, int_pow};
use super::signal::Faces;
use super::{PhotodiodeBankConfig, PhotodiodeConfig};
use crate::body::Body;
use crate::error::ConfigError;
use crate::fault::{Fault, FaultConfig, FaultKind};
use crate::noise::{GaussMarkov, gaussian};
use crate::rng::{SeedContext, SensorKind, StreamRng};

/// One photodiode reading as the on-board software receives it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PdReading {
    /// Sun elevation above the face, rad in [0, π/2]; `None` when the
    /// reading is missing (dropout).
    pub value: Option<f64>,
    /// Validity flag.
    pub flag: bool,
}

/// One diode's model and state.
#[derive(Debug, Clone)]
struct Diode {
    name: String,
    normal: Vec3,
    /// Where its signal is in [`PhotodiodeBank::signals`] ([`Faces::slot`]).
    slot: usize,
    noise_sigma: f64,
    /// White noise is drawn when the signal is above this: 0 (lit diodes
    /// only), −∞ (`dark_noise`: always) or +∞ (σ = 0: never). One
    /// comparison per step instead of three tests. (A NaN signal, which
    /// [`LightInput::new`] never produces, draws nothing.)
    noise_above: f64,
    bias: f64,
    drift: GaussMarkov,
    step: f64,
    inv_step: f64,
    /// `asin(k · step)` for every count k up to full scale (empty without
    /// quantisation): quantised readings take their angle from here, which
    /// is bit-identical to calling `asin` and avoids it on the hot path.
    asin_table: Vec<f64>,
    threshold: f64,
    faults: Vec<Fault>,
    /// Per fault: the reading held by an active `Stuck` fault.
    held: Vec<Option<PdReading>>,
    last: Option<PdReading>,
    noise_rng: StreamRng,
    drift_rng: StreamRng,
    fault_rng: StreamRng,
}

/// How [`PhotodiodeBank::read_into`] reads the bank, decided at
/// construction from what every diode needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReadPath {
    /// Every diode reads bias, noise, quantisation (no fault, no drift: the
    /// flight defaults).
    Plain,
    /// Every diode reads bias, drift, noise, quantisation (no fault).
    Drifting,
    /// Anything else: [`Diode::read`], which tests each step per diode.
    General,
}

/// The photodiodes of one spacecraft.
#[derive(Debug, Clone)]
pub struct PhotodiodeBank {
    /// The readings' path, decided at construction.
    path: ReadPath,
    /// The faces' geometry, gains and losses, for step 1.
    faces: Faces,
    /// Step 1's signals (one per diode, at its `slot`), from
    /// [`PhotodiodeBank::illuminate`] to [`PhotodiodeBank::read_into`].
    signals: Vec<f64>,
    diodes: Vec<Diode>,
    albedo_coefficient: f64,
    directivity: i32,
    earth_radius_km: f64,
    last_epoch: Option<Epoch>,
}

impl PhotodiodeBank {
    /// Builds the bank: diodes on the faces of `body`, `faults` scheduled
    /// from `start` (the simulation start), noise streams from `seeds`
    /// (stream index = diode index).
    pub fn new(
        config: &PhotodiodeBankConfig,
        body: &Body,
        faults: &[FaultConfig],
        start: Epoch,
        seeds: SeedContext,
    ) -> Result<Self, ConfigError> {
        if config.diodes.is_empty() {
            return Err(ConfigError::BadList {
                field: "photodiodes.diodes".into(),
                reason: "at least one diode is needed".into(),
            });
        }
        crate::error::check_range(
            || "photodiodes.albedo.coefficient".into(),
            config.albedo.coefficient,
            0.0,
            10.0,
            "in [0, 10]",
        )?;
        crate::error::check_range(
            || "photodiodes.albedo.earth_radius_km".into(),
            config.albedo.earth_radius_km,
            1.0,
            1e5,
            "km in [1, 100 000]",
        )?;
        let mut diodes: Vec<Diode> = Vec::with_capacity(config.diodes.len());
        for (i, d) in config.diodes.iter().enumerate() {
            d.validate(i)?;
            if d.name.is_empty() || diodes.iter().any(|x| x.name == d.name) {
                return Err(ConfigError::DuplicateName {
                    field: format!("photodiodes.diodes[{i}].name"),
                    name: d.name.clone(),
                });
            }
            let face = body.face(&d.face).ok_or_else(|| ConfigError::UnknownName {
                field: format!("photodiodes.diodes[{i}].face"),
                name: d.face.clone(),
                known: body.face_names(),
            })?;
            diodes.push(Diode::new(d, face.normal, i as u16, seeds));
        }
        for (k, f) in faults.iter().enumerate() {
            let fault = Fault::new(f, k, start)?;
            let Some(d) = diodes.iter_mut().find(|d| d.name == f.diode) else {
                return Err(ConfigError::UnknownName {
                    field: format!("faults[{k}].diode"),
                    name: f.diode.clone(),
                    known: config
                        .diodes
                        .iter()
                        .map(|d| d.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                });
            };
            d.faults.push(fault);
            d.held.push(None);
        }
        // A short path if every diode can take the same one (the list is
        // not empty: checked above).
        let first = diodes[0].read_path();
        let path = if diodes.iter().all(|d| d.read_path() == first) {
            first
        } else {
            ReadPath::General
        };
        let faces = Faces::new(
            config
                .diodes
                .iter()
                .zip(&diodes)
                .map(|(c, d)| (d.normal, c.oblique_loss, c.gain)),
        );
        for (i, d) in diodes.iter_mut().enumerate() {
            d.slot = faces.slot(i);
        }
        Ok(PhotodiodeBank {
            path,
            signals: faces.signal_buffer(),
            faces,
            diodes,
            albedo_coefficient: config.albedo.coefficient,
            directivity: config.albedo.directivity as i32,
            earth_radius_km: config.albedo.earth_radius_km,
            last_epoch: None,
        })
    }

    /// Number of diodes.
    pub fn len(&self) -> usize {
        self.diodes.len()
    }

    /// Always false (a bank has at least one diode).
    pub fn is_empty(&self) -> bool {
        self.diodes.is_empty()
    }

    /// The diodes' names, in order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.diodes.iter().map(|d| d.name.as_str())
    }

    /// The unit normal of diode `i`, body axes.
    pub fn normal(&self, i: usize) -> Option<Vec3> {
        self.diodes.get(i).map(|d| d.normal)
    }

    /// The Earth radius the albedo geometry uses, km (for [`LightInput::new`]).
    pub fn earth_radius_km(&self) -> f64 {
        self.earth_radius_km
    }

    /// The error-free elevations `asin(f·max(0, n̂·ŝ))`, rad, into `out`
    /// (as many as fit).
    pub fn truth_into(&self, light: &LightInput, out: &mut [f64]) {
        for (d, o) in self.diodes.iter().zip(out.iter_mut()) {
            let c = d.normal.dot(&light.sun_body).max(0.0) * light.illumination;
            *o = c.clamp(0.0, 1.0).asin();
        }
    }

    /// Samples every diode at `epoch` into `out` (as many as fit). Call once
    /// per step in increasing time: the drift advances by the time since the
    /// previous call.
    #[inline]
    pub fn sample(&mut self, epoch: Epoch, light: &LightInput, out: &mut [PdReading]) {
        self.illuminate(light);
        self.read_into(epoch, out);
    }

    /// The first half of [`PhotodiodeBank::sample`]: each diode's signal
    /// (step 1 of the pipeline), kept for [`PhotodiodeBank::read_into`].
    // Out of line: inlined into a caller that makes `light` and then calls
    // something else (the sensor step: the attitude sensors), the compiler
    // starts this work before that call and keeps its values across it in
    // spills; out of line it reads `light` from memory once.
    #[inline(never)]
    fn illuminate(&mut self, light: &LightInput) {
        // The directivity's products are chosen here, once, rather than by a
        // jump per Earth-facing face: each arm is `int_pow` with a constant
        // exponent, so the values are those of `int_pow(c, m)`.
        let (faces, a, out) = (&self.faces, self.albedo_coefficient, &mut self.signals);
        match self.directivity {
            6 => faces.signals(light, a, |c| int_pow(c, 6), out),
            m => faces.signals(light, a, |c| int_pow(c, m), out),
        }
    }

    /// The second half of [`PhotodiodeBank::sample`]: steps 2–7 from the
    /// signals of the last [`PhotodiodeBank::illuminate`].
    #[inline]
    fn read_into(&mut self, epoch: Epoch, out: &mut [PdReading]) {
        let last = self.last_epoch.replace(epoch);
        let signals = &self.signals[..];
        if self.path == ReadPath::Plain {
            // No drift: the time step is not needed.
            for (d, o) in self.diodes.iter_mut().zip(out.iter_mut()) {
                d.read_quantised(signals[d.slot], o, |s, _, _| s);
            }
            return;
        }
        let dt = last.map_or(0.0, |t| crate::noise::seconds_between(t, epoch));
        if self.path == ReadPath::General {
            for (d, o) in self.diodes.iter_mut().zip(out.iter_mut()) {
                d.read(epoch, dt, signals[d.slot], o);
            }
            return;
        }
        // On the drifting path every drift has been stepped by the same Δts
        // since the start, so all have cached the same one: a Δt equal to
        // the first diode's takes every diode's cached coefficients, with
        // one test for the bank instead of one per diode in `step(dt)`.
        let cached = self
            .diodes
            .first()
            .map_or(f64::NAN, |d| d.drift.cached_dt());
        if dt == cached {
            for (d, o) in self.diodes.iter_mut().zip(out.iter_mut()) {
                d.read_quantised(signals[d.slot], o, |s, g, r| s + g.step_cached(r));
            }
        } else {
            self.read_drifting_new_dt(dt, out);
        }
    }

    /// The [`ReadPath::Drifting`] readings for a Δt (s) the drifts have not
    /// cached (the first steps, a change of step): they step by `dt` in
    /// full. Out of line: a fixed-step simulation comes here twice.
    #[cold]
    #[inline(never)]
    fn read_drifting_new_dt(&mut self, dt: f64, out: &mut [PdReading]) {
        let signals = &self.signals[..];
        for (d, o) in self.diodes.iter_mut().zip(out.iter_mut()) {
            d.read_quantised(signals[d.slot], o, |s, g, r| s + g.step(dt, r));
        }
        let cached = self.diodes[0].drift.cached_dt().to_bits();
        debug_assert!(
            self.diodes
                .iter()
                .all(|d| d.drift.cached_dt().to_bits() == cached),
            "the drifts' cached steps differ"
        );
    }
}

/// `asin(k · step)` for k = 0 up to the last count not above 1 (empty if
/// `step` is 0), at most `u32::MAX` entries (a step under 2.4e-10 would need
/// more, 32 GiB of them), so that [`Diode::quantised_angle`]'s index,
/// saturated at `u32::MAX`, is past the end exactly when the count is.
fn asin_table(step: f64) -> Vec<f64> {
    if step <= 0.0 {
        return Vec::new();
    }
    let mut table = Vec::new();
    let mut k = 0u32;
    loop {
        let s = k as f64 * step;
        if s > 1.0 || k == u32::MAX {
            break;
        }
        table.push(s.asin());
        k += 1;
    }
    table
}

impl Diode {
    fn new(c: &PhotodiodeConfig, normal: Vec3, index: u16, seeds: SeedContext) -> Diode {
        Diode {
            name: c.name.clone(),
            normal,
            slot: 0,
            noise_sigma: c.noise_sigma,
            noise_above: if c.noise_sigma <= 0.0 {
                f64::INFINITY
            } else if c.dark_noise {
                f64::NEG_INFINITY
            } else {
                0.0
            },
            bias: c.bias,
            drift: GaussMarkov::new(c.drift),
            step: c.quantisation_step,
            inv_step: if c.quantisation_step > 0.0 {
                1.0 / c.quantisation_step
            } else {
                0.0
            },
            asin_table: asin_table(c.quantisation_step),
            threshold: c.validity_threshold_rad,
            faults: Vec::new(),
            held: Vec::new(),
            last: None,
            noise_rng: seeds.stream(SensorKind::PhotodiodeNoise, index),
            drift_rng: seeds.stream(SensorKind::PhotodiodeDrift, index),
            fault_rng: seeds.stream(SensorKind::PhotodiodeFault, index),
        }
    }

    /// The shortest path that reads this diode: with no scheduled fault and a
    /// quantisation step, steps 2–7 reduce to bias, white noise and
    /// quantisation ([`ReadPath::Plain`], OPS-SAT as flown), plus the drift
    /// if it has one ([`ReadPath::Drifting`]); else [`ReadPath::General`].
    fn read_path(&self) -> ReadPath {
        if self.faults.is_empty() && self.step > 0.0 {
            if self.drift.is_active() {
                ReadPath::Drifting
            } else {
                ReadPath::Plain
            }
        } else {
            ReadPath::General
        }
    }

    /// [`Diode::read`] for a diode on [`ReadPath::Plain`] or
    /// [`ReadPath::Drifting`]: the same operations without the
    /// tests that decide them. `add_drift(s, drift, rng)` is `s` plus the
    /// drift's step (plain: `s`, which adds no operation).
    #[inline(always)]
    fn read_quantised(
        &mut self,
        signal: f64,
        out: &mut PdReading,
        add_drift: impl FnOnce(f64, &mut GaussMarkov, &mut StreamRng) -> f64,
    ) {
        let s = signal + self.bias;
        let mut s = add_drift(s, &mut self.drift, &mut self.drift_rng);
        if signal > self.noise_above {
            s += self.noise_sigma * gaussian(&mut self.noise_rng);
        }
        let value = self.quantised_angle(s);
        out.value = Some(value);
        out.flag = value >= self.threshold;
    }

    /// Steps 2–7 of the pipeline from the signal `s` (sine units) into
    /// `out`.
    #[inline]
    fn read(&mut self, epoch: Epoch, dt: f64, signal: f64, out: &mut PdReading) {
        if self.faults.is_empty() {
            // Most diodes never fail: no fault to scan, no bias jump or
            // noise factor (σ·1·w = σ·w exactly), and no `last` to keep
            // (only a `Stuck` fault reads it).
            let value = self.measure(dt, signal, self.bias, None);
            out.value = Some(value);
            out.flag = value >= self.threshold;
        } else {
            *out = self.read_with_faults(epoch, dt, signal);
        }
    }

    /// [`Diode::read`] for a diode with scheduled faults (out of line, so
    /// that the loop over fault-free diodes stays small).
    #[inline(never)]
    fn read_with_faults(&mut self, epoch: Epoch, dt: f64, signal: f64) -> PdReading {
        let mut bias = self.bias;
        let mut noise_factor = 1.0;
        let mut dropout = 0.0;
        // Overrides, by priority: dead (0) > stuck (1) > stuck-at (2).
        let mut over: Option<(u8, usize)> = None;
        for (k, f) in self.faults.iter().enumerate() {
            if !f.is_active(epoch) {
                self.held[k] = None;
                continue;
            }
            let rank = match f.kind {
                FaultKind::BiasJump { bias: b } => {
                    bias += b;
                    continue;
                }
                FaultKind::Noisy { factor } => {
                    noise_factor *= factor;
                    continue;
                }
                FaultKind::Dropout { probability } => {
                    dropout = f64::max(dropout, probability);
                    continue;
                }
                FaultKind::Dead => 0,
                FaultKind::Stuck => 1,
                FaultKind::StuckAt { .. } => 2,
            };
            if over.is_none_or(|(r, _)| rank < r) {
                over = Some((rank, k));
            }
        }
        let value = self.measure(dt, signal, bias, Some(noise_factor));
        let mut reading = PdReading {
            value: Some(value),
            flag: value >= self.threshold,
        };
        if let Some((_, k)) = over {
            reading = match self.faults[k].kind {
                FaultKind::Dead => PdReading {
                    value: Some(0.0),
                    flag: false,
                },
                FaultKind::Stuck => *self.held[k].get_or_insert(self.last.unwrap_or(reading)),
                FaultKind::StuckAt { value_rad } => PdReading {
                    value: Some(value_rad),
                    flag: value_rad >= self.threshold,
                },
                _ => reading,
            };
        }
        if dropout > 0.0 && self.fault_rng.random::<f64>() < dropout {
            reading = PdReading {
                value: None,
                flag: false,
            };
        }
        // A stuck diode holds what it read before any dropout, so `last`
        // keeps the last delivered value only.
        if reading.value.is_some() {
            self.last = Some(reading);
        }
        reading
    }

    /// Steps 2–5: the reading (rad) from the signal, with the total `bias`
    /// and the white noise σ multiplied by `noise_factor` (`None`: 1). The
    /// drift runs whether or not a fault overrides the result, so that a
    /// fault does not shift its stream. (Inlined into the fault-free path,
    /// which is most of a step's work.)
    #[inline(always)]
    fn measure(&mut self, dt: f64, signal: f64, bias: f64, noise_factor: Option<f64>) -> f64 {
        let mut s = signal + bias;
        if self.drift.is_active() {
            s += self.drift.step(dt, &mut self.drift_rng);
        }
        if signal > self.noise_above {
            let sigma = match noise_factor {
                Some(f) => self.noise_sigma * f,
                None => self.noise_sigma,
            };
            s += sigma * gaussian(&mut self.noise_rng);
        }
        if self.step > 0.0 {
            self.quantised_angle(s)
        } else if s > 0.0 {
            // Saturation to [0, 1] (NaN, impossible with validated inputs,
            // fails `s > 0` and reads 0).
            s.min(1.0).asin()
        } else {
            0.0
        }
    }

    /// Steps 3–5 with quantisation: the angle of `s` (sine units) rounded to
    /// the nearest count and saturated to [0, π/2]. Only for a diode with a
    /// quantisation step (> 0), whose `asin` table starts at count 0.
    #[inline(always)]
    fn quantised_angle(&self, s: f64) -> f64 {
        // Round to the nearest count. Negative values all end at 0 after
        // saturation, so rounding half up through a truncating cast is exact
        // where it matters and avoids a libm call (`round` is not inlined
        // without SSE4.1). NaN casts to 0.
        let x = s * self.inv_step + 0.5;
        // The count is cast to u32, which saturates without branches (two
        // clamps and the conversion; the cast to i64 tests for overflow and
        // NaN): negative values and NaN give count 0, whose entry is
        // asin(0) = 0, and counts beyond u32::MAX read u32::MAX, past the
        // table's end as they are. No branch on the count either: a dark
        // diode with noise, bias or drift reads a count of 0 or 1 at random,
        // and a branch on it (skipping the cast when x < 1, as this once did)
        // was mispredicted about half the time, which cost ~20 ns per step
        // with every error term on (136 → 116 ns, fastest chunks) for ~6
        // instructions fewer.
        match self.asin_table.get(x as u32 as usize) {
            Some(v) => *v,
            None => std::f64::consts::FRAC_PI_2,
        }
    }
}

#[cfg(test)]
#[path = "bank_tests.rs"]
mod tests;
