//! The on-board app (spec §1): from the six telemetry strings to a training sample.

use crate::cfmt::f2_f32;
use crate::label::{Label, Sample};
use serde::{Deserialize, Serialize};

/// The labeler: the camera may be ON when the unrounded PD6 is at most the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Labeler {
    /// PD6 threshold, rad, compared as `f32` (flight: `1.0472f`, 60° = 90° minus the
    /// camera's field of view plus margin).
    pub threshold_rad: f32,
}

impl Default for Labeler {
    // The flight constant `1.0472f` (60° rounded), deliberately not π/3.
    #[allow(clippy::approx_constant)]
    fn default() -> Self {
        Labeler {
            threshold_rad: 1.0472,
        }
    }
}

impl Labeler {
    /// [`Label::On`] when `pd6 <= threshold` (on the unrounded `f32`, spec §1 step 2);
    /// a NaN reading is OFF.
    pub fn label(&self, pd6: f32) -> Label {
        Label::from_bool_on(pd6 <= self.threshold_rad)
    }
}

/// The app's input checks and labeler (flight defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AppChecks {
    /// Drop a sample with a reading outside [0, π/2] (flight: on).
    pub check_pd_values: bool,
    /// Drop a sample whose validity flags are not all true (flight: off, spec §1).
    pub check_validity_flags: bool,
    /// The labeler.
    pub labeler: Labeler,
}

impl Default for AppChecks {
    fn default() -> Self {
        AppChecks {
            check_pd_values: true,
            check_validity_flags: false,
            labeler: Labeler::default(),
        }
    }
}

/// Why an iteration of the app produced no sample. Photodiodes are numbered 1..=6.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SkipReason {
    /// A parameter not received yet (`x`).
    #[error("PD{pd} missing (\"x\")")]
    Missing {
        /// Photodiode number.
        pd: usize,
    },
    /// Text that is not a number.
    #[error("PD{pd} unparsable: {text:?}")]
    Unparsable {
        /// Photodiode number.
        pd: usize,
        /// The text.
        text: String,
    },
    /// A reading outside [0, π/2] with `check_pd_values`.
    #[error("PD{pd} out of range [0, pi/2]: {value}")]
    OutOfRange {
        /// Photodiode number.
        pd: usize,
        /// The reading, rad.
        value: f32,
    },
    /// A validity flag false with `check_validity_flags`.
    #[error("PD{pd} validity flag is false")]
    InvalidFlag {
        /// Photodiode number.
        pd: usize,
    },
    /// `check_validity_flags` is set but no flags were given.
    #[error("validity flags required but not given")]
    FlagsMissing,
}

/// One iteration of the on-board app: parse PD1..PD6 as `f32` (surrounding whitespace
/// ignored), drop the sample if one is missing (`x`) or unparsable, or — with the checks
/// on — out of [0, π/2] or flagged invalid; label on the unrounded PD6; then round each
/// reading with `%.2f` and parse it back as `f32`, as the server received it.
///
/// The range check compares the `f32` reading, promoted to `f64`, with `f64` π/2 (so
/// `1.5707964f32`, just above π/2, is out of range); NaN is out of range.
pub fn app_sample(
    timestamp_ms: i64,
    pd_text: [&str; 6],
    flags: Option<[bool; 6]>,
    checks: &AppChecks,
) -> Result<Sample, SkipReason> {
    let mut raw = [None; 6];
    for (i, (r, text)) in raw.iter_mut().zip(pd_text).enumerate() {
        let t = text.trim();
        if t == "x" {
            continue;
        }
        *r = Some(t.parse::<f32>().map_err(|_| SkipReason::Unparsable {
            pd: i + 1,
            text: text.to_string(),
        })?);
    }
    app_sample_values(timestamp_ms, raw, flags, checks)
}

/// [`app_sample`] for readings already held as the on-board floats (`None`:
/// not received, the `x` of the telemetry), as the simulator holds them:
/// the same checks, labeler and `%.2f` round trip, without the text.
pub fn app_sample_values(
    timestamp_ms: i64,
    pd: [Option<f32>; 6],
    flags: Option<[bool; 6]>,
    checks: &AppChecks,
) -> Result<Sample, SkipReason> {
    let mut raw = [0f32; 6];
    for (i, (r, value)) in raw.iter_mut().zip(pd).enumerate() {
        *r = value.ok_or(SkipReason::Missing { pd: i + 1 })?;
    }
    if checks.check_pd_values {
        for (i, &v) in raw.iter().enumerate() {
            if !(0.0..=std::f64::consts::FRAC_PI_2).contains(&f64::from(v)) {
                return Err(SkipReason::OutOfRange {
                    pd: i + 1,
                    value: v,
                });
            }
        }
    }
    if checks.check_validity_flags {
        let flags = flags.ok_or(SkipReason::FlagsMissing)?;
        if let Some(i) = flags.iter().position(|&f| !f) {
            return Err(SkipReason::InvalidFlag { pd: i + 1 });
        }
    }
    let label = checks.labeler.label(raw[5]);
    Ok(Sample {
        timestamp_ms,
        pd: raw.map(f2_f32),
        label,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const OK: [&str; 6] = [
        "0.00548852",
        "0.0",
        "0.6714748",
        "0.55949587",
        "0.0",
        "0.6531328",
    ];

    #[test]
    fn a_flight_row_becomes_the_logged_sample() {
        // data_2021-04-16_17-17-36.csv row 2 → training log row 1 (0.01, 0, 0.67, 0.56, 0, 0.65, 1).
        let s = app_sample(1_618_593_464_649, OK, None, &AppChecks::default()).unwrap();
        assert_eq!(s.pd, [0.01, 0.0, 0.67, 0.56, 0.0, 0.65]);
        assert_eq!(s.label, Label::On);
        assert_eq!(s.timestamp_ms, 1_618_593_464_649);
    }

    #[test]
    fn label_uses_the_unrounded_value() {
        let mut t = OK;
        // 1.0472 is at the threshold: ON, although it is sent as 1.05.
        t[5] = "1.0472";
        let s = app_sample(0, t, None, &AppChecks::default()).unwrap();
        assert_eq!((s.label, s.pd[5]), (Label::On, 1.05));
        // 1.04724 is above it: OFF, sent as 1.05 too.
        t[5] = "1.04724";
        let s = app_sample(0, t, None, &AppChecks::default()).unwrap();
        assert_eq!((s.label, s.pd[5]), (Label::Off, 1.05));
        let strict = AppChecks {
            labeler: Labeler { threshold_rad: 0.5 },
            ..AppChecks::default()
        };
        assert_eq!(app_sample(0, OK, None, &strict).unwrap().label, Label::Off);
    }

    #[test]
    fn skip_reasons() {
        let c = AppChecks::default();
        let mut t = OK;
        t[0] = "x";
        assert_eq!(
            app_sample(0, t, None, &c),
            Err(SkipReason::Missing { pd: 1 })
        );
        t[0] = "abc";
        assert!(matches!(
            app_sample(0, t, None, &c),
            Err(SkipReason::Unparsable { pd: 1, .. })
        ));
        t[0] = "";
        assert!(matches!(
            app_sample(0, t, None, &c),
            Err(SkipReason::Unparsable { pd: 1, .. })
        ));
        t[0] = "1.5707964";
        assert!(matches!(
            app_sample(0, t, None, &c),
            Err(SkipReason::OutOfRange { pd: 1, .. })
        ));
        t[0] = "-0.01";
        assert!(matches!(
            app_sample(0, t, None, &c),
            Err(SkipReason::OutOfRange { pd: 1, .. })
        ));
        t[0] = "NaN";
        assert!(matches!(
            app_sample(0, t, None, &c),
            Err(SkipReason::OutOfRange { pd: 1, .. })
        ));
        let off = AppChecks {
            check_pd_values: false,
            ..c
        };
        assert!(app_sample(0, t, None, &off).unwrap().pd[0].is_nan());
        let flags = AppChecks {
            check_validity_flags: true,
            ..c
        };
        assert_eq!(
            app_sample(0, OK, None, &flags),
            Err(SkipReason::FlagsMissing)
        );
        let f = [true, false, true, true, false, true];
        assert_eq!(
            app_sample(0, OK, Some(f), &flags),
            Err(SkipReason::InvalidFlag { pd: 2 })
        );
        assert!(
            app_sample(0, OK, Some(f), &c).is_ok(),
            "flags not checked in flight"
        );
        assert!(app_sample(0, [" 0.1 "; 6], None, &c).is_ok());
    }
}
