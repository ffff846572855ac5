//! Output buffers of an experiment, in the flight file layouts: one
//! telemetry file per run (`data_<start>.csv`, with a correct header) and
//! one cumulative training log, plus the run reports. Buffered in memory
//! and written once at the end (atomically) by [`crate::output`].

use std::fmt::Write;

use orbitai_learn::Label;

use crate::config::AppParameters;
use crate::experiment::{Iteration, RunReport};

/// Buffers of one experiment.
#[derive(Debug, Default)]
pub struct Recorder {
    /// Header of the telemetry files.
    header: String,
    /// Whether to keep telemetry and training rows (off in sweeps).
    keep_rows: bool,
    /// One telemetry file per run: (run name, CSV text).
    pub telemetry: Vec<(String, String)>,
    /// The training log (no header, flight layout).
    pub training: String,
    /// The training log's update-time columns, one `,0.000000` per model
    /// (update times are not simulated: zeros keep the layout), built once.
    update_times: String,
    /// Finished runs.
    pub reports: Vec<RunReport>,
    /// The last value printed in each float column (PD1..PD6, q0..q3) and
    /// its text: pool values are held for ~10 s, so consecutive rows often
    /// repeat them and formatting a float is the costliest part of a row.
    float_cache: [(u32, String); 10],
    /// The same for the training log's `%f` columns (PD1..PD6).
    fixed_cache: [(u32, String); 6],
}

impl Recorder {
    /// A recorder for the app parameters `names` and `models` models;
    /// `keep_rows` false keeps only the run reports.
    pub fn new(names: &AppParameters, models: usize, keep_rows: bool) -> Self {
        let mut header = String::from("timestamp");
        for (value, flag) in &names.photodiodes {
            let _ = write!(header, ",{value},{flag}");
        }
        header.push_str(",CADC0900,CADC0901,CADC0902");
        for q in &names.quaternion {
            let _ = write!(header, ",{q}");
        }
        header.push('\n');
        Recorder {
            header,
            keep_rows,
            update_times: ",0.000000".repeat(models),
            ..Recorder::default()
        }
    }

    /// Appends what one iteration did.
    pub fn record(&mut self, iteration: &Iteration) {
        if self.keep_rows {
            if iteration.run_started {
                self.telemetry
                    .push((iteration.run_name.clone(), self.header.clone()));
            }
            if let Some((_, text)) = self.telemetry.last_mut() {
                telemetry_row(text, iteration, &mut self.float_cache);
            }
            if let Ok(sample) = &iteration.sample {
                let t = &mut self.training;
                let _ = write!(t, "{}", sample.timestamp_ms);
                for (k, v) in sample.pd.iter().enumerate() {
                    // `%f` of the float, as the server logged it.
                    let cache = &mut self.fixed_cache[k];
                    if cache.1.is_empty() || cache.0 != v.to_bits() {
                        cache.0 = v.to_bits();
                        cache.1.clear();
                        let _ = write!(cache.1, "{:.6}", f64::from(*v));
                    }
                    t.push(',');
                    t.push_str(&cache.1);
                }
                t.push_str(if sample.label == Label::On {
                    ",1"
                } else {
                    ",0"
                });
                t.push_str(&self.update_times);
                t.push('\n');
            }
        }
        if let Some(report) = &iteration.run_ended {
            self.reports.push(report.clone());
        }
    }
}

/// One telemetry row: timestamp, 6 × (value, flag), CADC0900..0902 (0.0 as
/// in flight), q0..q3; `x` for a parameter not received yet. Floats print
/// in their shortest form, which parses back to the same f32.
fn telemetry_row(text: &mut String, iteration: &Iteration, cache: &mut [(u32, String); 10]) {
    let r = &iteration.reading;
    let _ = write!(text, "{}", iteration.epoch.unix_millis());
    for (k, slot) in cache[..6].iter_mut().enumerate() {
        push_float(text, r.pd[k], slot);
        text.push_str(match r.flags[k] {
            Some(true) => ",true",
            Some(false) => ",false",
            None => ",x",
        });
    }
    text.push_str(",0.0,0.0,0.0");
    for (k, q) in r.quaternion.iter().enumerate() {
        push_float(text, *q, &mut cache[6 + k]);
    }
    text.push('\n');
}

/// Appends `,value` (shortest form that reads back to the same f32) or
/// `,x`, reusing the cached text when the value repeats.
fn push_float(text: &mut String, value: Option<f32>, cache: &mut (u32, String)) {
    let Some(v) = value else {
        text.push_str(",x");
        return;
    };
    if cache.1.is_empty() || cache.0 != v.to_bits() {
        cache.0 = v.to_bits();
        cache.1.clear();
        let _ = write!(cache.1, "{v:?}");
    }
    text.push(',');
    text.push_str(&cache.1);
}
