//! Recorded attitude: a time series of quaternions (such as the flight
//! telemetry's CADC1002..1005), renormalised and interpolated by slerp.

use orbitai_astro::Epoch;
use serde::{Deserialize, Serialize};

use crate::error::ConfigError;
use crate::quat::Quat;

/// One recorded attitude sample (configuration form).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuatSample {
    /// Time, milliseconds since the Unix epoch (UTC), as in the flight data.
    pub unix_ms: i64,
    /// Quaternion, scalar first, inertial → body (any non-zero norm: it is
    /// renormalised, as the flight components from mixed updates need).
    pub q: [f64; 4],
}

/// An attitude history interpolated by slerp between samples; held constant
/// before the first and after the last sample.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedAttitude {
    times: Vec<Epoch>,
    quats: Vec<Quat>,
}

impl RecordedAttitude {
    /// From `(epoch, [q0, q1, q2, q3])` pairs in strictly increasing time.
    /// Errors on an empty list, a time out of order, or a zero or
    /// non-finite quaternion.
    pub fn new(samples: &[(Epoch, [f64; 4])]) -> Result<Self, ConfigError> {
        if samples.is_empty() {
            return Err(ConfigError::BadList {
                field: "recorded.samples".into(),
                reason: "at least one sample is needed".into(),
            });
        }
        let mut times = Vec::with_capacity(samples.len());
        let mut quats = Vec::with_capacity(samples.len());
        for (i, (t, q)) in samples.iter().enumerate() {
            if let Some(prev) = times.last()
                && t <= prev
            {
                return Err(ConfigError::BadList {
                    field: format!("recorded.samples[{i}]"),
                    reason: format!("time {t} is not after the previous sample's {prev}"),
                });
            }
            let quat = Quat::from_scalar_first(*q).ok_or_else(|| ConfigError::BadQuaternion {
                field: format!("recorded.samples[{i}].q"),
                value: *q,
            })?;
            times.push(*t);
            quats.push(quat);
        }
        Ok(RecordedAttitude { times, quats })
    }

    /// From configuration samples (times in Unix milliseconds).
    pub fn from_samples(samples: &[QuatSample]) -> Result<Self, ConfigError> {
        let pairs: Vec<(Epoch, [f64; 4])> = samples
            .iter()
            .map(|s| {
                (
                    Epoch::from_unix_nanos(s.unix_ms.saturating_mul(1_000_000)),
                    s.q,
                )
            })
            .collect();
        Self::new(&pairs)
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.times.len()
    }

    /// Always false (a recording has at least one sample).
    pub fn is_empty(&self) -> bool {
        self.times.is_empty()
    }

    /// First and last sample times.
    pub fn span(&self) -> (Epoch, Epoch) {
        (self.times[0], self.times[self.times.len() - 1])
    }

    /// The attitude at `epoch`: the sample itself at a sample time, slerp
    /// (shorter arc) in between, held outside the recorded span.
    pub fn attitude_at(&self, epoch: Epoch) -> Quat {
        // Index of the first sample strictly after `epoch`.
        let k = self.times.partition_point(|t| *t <= epoch);
        if k == 0 {
            return self.quats[0];
        }
        if k == self.times.len() {
            return self.quats[k - 1];
        }
        let (t0, t1) = (self.times[k - 1], self.times[k]);
        if epoch == t0 {
            return self.quats[k - 1];
        }
        let u = epoch.nanos_since(t0) as f64 / t1.nanos_since(t0) as f64;
        self.quats[k - 1].slerp(&self.quats[k], u)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orbitai_astro::Vec3;

    fn ep(s: i64) -> Epoch {
        Epoch::from_unix_nanos(1_618_593_459_000_000_000 + s * 1_000_000_000)
    }

    #[test]
    fn reproduces_samples_and_interpolates() {
        let raw = [
            [0.5, -0.5, 0.5, 0.5],
            [-0.50691664, 0.75584435, 0.29629943, -0.28639293],
            // Un-normalised (|q| ≈ 1.2), as from mixed telemetry updates.
            [0.6, 0.0, 0.0, -0.96],
        ];
        let samples: Vec<_> = raw
            .iter()
            .enumerate()
            .map(|(i, q)| (ep(10 * i as i64), *q))
            .collect();
        let rec = RecordedAttitude::new(&samples).unwrap();
        for (i, q) in raw.iter().enumerate() {
            let expect = Quat::from_scalar_first(*q).unwrap();
            let got = rec.attitude_at(ep(10 * i as i64));
            // Reproduced exactly (same sign, renormalised).
            let (a, b) = (got.to_scalar_first(), expect.to_scalar_first());
            for c in 0..4 {
                assert!((a[c] - b[c]).abs() < 1e-15, "sample {i}: {a:?} vs {b:?}");
            }
        }
        // Held outside the span.
        assert_eq!(rec.attitude_at(ep(-5)), rec.attitude_at(ep(0)));
        assert_eq!(rec.attitude_at(ep(99)), rec.attitude_at(ep(20)));
        // Midway between two samples: half the rotation.
        let (q0, q1) = (rec.attitude_at(ep(0)), rec.attitude_at(ep(10)));
        let mid = rec.attitude_at(ep(5));
        assert!((q0.angle_to(&mid) - 0.5 * q0.angle_to(&q1)).abs() < 1e-12);
        assert!((mid.angle_to(&q1) - 0.5 * q0.angle_to(&q1)).abs() < 1e-12);
        let _ = Vec3::x();
    }

    #[test]
    fn bad_series_are_refused() {
        assert!(RecordedAttitude::new(&[]).is_err());
        let q = [1.0, 0.0, 0.0, 0.0];
        assert!(RecordedAttitude::new(&[(ep(1), q), (ep(1), q)]).is_err());
        assert!(RecordedAttitude::new(&[(ep(2), q), (ep(1), q)]).is_err());
        assert!(RecordedAttitude::new(&[(ep(1), [0.0; 4])]).is_err());
        assert!(RecordedAttitude::new(&[(ep(1), [f64::NAN, 0.0, 0.0, 1.0])]).is_err());
    }
}
