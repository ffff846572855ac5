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
    /// Number of models (columns of update times in the training log).
    models: usize,
    /// Finished runs.
    pub reports: Vec<RunReport>,
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
            models,
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
                telemetry_row(text, iteration);
            }
            if let Ok(sample) = &iteration.sample {
                let t = &mut self.training;
                let _ = write!(t, "{}", sample.timestamp_ms);
                for v in sample.pd {
                    // `%f` of the float, as the server logged it.
                    let _ = write!(t, ",{:.6}", f64::from(v));
                }
                let _ = write!(t, ",{}", u8::from(sample.label == Label::On));
                // Update times are not simulated: zeros keep the layout.
                for _ in 0..self.models {
                    t.push_str(",0.000000");
                }
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
fn telemetry_row(text: &mut String, iteration: &Iteration) {
    let r = &iteration.reading;
    let _ = write!(text, "{}", iteration.epoch.unix_millis());
    for k in 0..6 {
        match r.pd[k] {
            Some(v) => {
                let _ = write!(text, ",{v:?}");
            }
            None => text.push_str(",x"),
        }
        match r.flags[k] {
            Some(f) => {
                let _ = write!(text, ",{f}");
            }
            None => text.push_str(",x"),
        }
    }
    text.push_str(",0.0,0.0,0.0");
    for q in r.quaternion {
        match q {
            Some(v) => {
                let _ = write!(text, ",{v:?}");
            }
            None => text.push_str(",x"),
        }
    }
    text.push('\n');
}
