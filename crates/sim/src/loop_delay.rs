//! The app loop's timing: how much later than `interval_s` each iteration
//! comes.
//!
//! On board, the app reads the pool, works, then sleeps `interval_s`, so
//! each period is `interval_s` plus the work and scheduling time of that
//! iteration, and the iterations drift later and later against a 5 s grid.
//! In the 14 flight files the period beyond 5 s is 2 ms at least, 8 ms in
//! the median, 38 ms at the 95th percentile and up to 2.7 s, 16 ms on
//! average (up to 19 s of drift over a 540-iteration run); and its level
//! changes from run to run (per-run medians 4 to 20 ms).
//!
//! The model: each iteration's delay, s, is
//! `shift_s + exp(μ_run + sigma · N(0, 1))`, with the per-run level
//! `μ_run = ln(median_s) + sigma_between_runs · N(0, 1)` drawn when a run
//! starts: a shifted log-normal within a run, whose median moves between
//! runs. The defaults ([`LoopDelay::OPS_SAT`]) were fitted to the flight
//! files' timestamps (see `ARCHITECTURE.md`, "Measured defaults").

use serde::{Deserialize, Serialize};

use orbitai_craft::noise::gaussian;
use orbitai_craft::rng::StreamRng;

/// The distribution of the app loop's delay beyond `interval_s`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LoopDelay {
    /// The least delay, s (≥ 0).
    pub shift_s: f64,
    /// Median of the delay above `shift_s` over all runs, s (> 0).
    pub median_s: f64,
    /// Log-normal σ of the delay within a run (≥ 0; 0: the run's median
    /// every time).
    pub sigma: f64,
    /// σ of the per-run log-median (≥ 0; 0: every run alike).
    pub sigma_between_runs: f64,
}

impl LoopDelay {
    /// Fitted to the 14 flight runs (module documentation): 2 ms least,
    /// 5.4 ms median above it, σ 0.9 within a run and 0.8 between runs.
    pub const OPS_SAT: LoopDelay = LoopDelay {
        shift_s: 0.002,
        median_s: 0.0054,
        sigma: 0.9,
        sigma_between_runs: 0.8,
    };

    /// Problems with the values, as (field, message) pairs (empty: valid).
    pub fn problems(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        let mut check = |field: &'static str, value: f64, ok: bool, expected: &str| {
            if !(value.is_finite() && ok) {
                out.push((field, format!("must be {expected}, got {value:?}")));
            }
        };
        check(
            "shift_s",
            self.shift_s,
            self.shift_s >= 0.0,
            "a delay >= 0 s",
        );
        check(
            "median_s",
            self.median_s,
            self.median_s > 0.0 && self.median_s <= 60.0,
            "a delay in (0, 60] s",
        );
        check(
            "sigma",
            self.sigma,
            (0.0..=5.0).contains(&self.sigma),
            "in [0, 5]",
        );
        check(
            "sigma_between_runs",
            self.sigma_between_runs,
            (0.0..=5.0).contains(&self.sigma_between_runs),
            "in [0, 5]",
        );
        out
    }
}

impl Default for LoopDelay {
    /// [`LoopDelay::OPS_SAT`].
    fn default() -> Self {
        LoopDelay::OPS_SAT
    }
}

/// Longest delay drawn, s: a far tail of the log-normal is clipped here so
/// that one draw cannot stop a run (the flight maximum was 2.7 s).
pub const MAX_DELAY_S: f64 = 60.0;

/// The delays of one experiment's loop, from its own random stream.
#[derive(Debug, Clone)]
pub struct LoopClock {
    delay: LoopDelay,
    rng: StreamRng,
    /// ln of this run's median delay above the shift, ln s.
    log_median: f64,
}

impl LoopClock {
    /// A clock drawing from `rng`; call [`LoopClock::begin_run`] before the
    /// first delay of each run.
    pub fn new(delay: LoopDelay, rng: StreamRng) -> Self {
        LoopClock {
            log_median: delay.median_s.ln(),
            delay,
            rng,
        }
    }

    /// Draws the level of a new run.
    pub fn begin_run(&mut self) {
        let z = gaussian(&mut self.rng);
        self.log_median = self.delay.median_s.ln() + self.delay.sigma_between_runs * z;
    }

    /// The delay after one iteration, ns (≥ 0, at most [`MAX_DELAY_S`]).
    pub fn next_delay_nanos(&mut self) -> i64 {
        let z = gaussian(&mut self.rng);
        let seconds = self.delay.shift_s + (self.log_median + self.delay.sigma * z).exp();
        (seconds.clamp(0.0, MAX_DELAY_S) * 1e9).round() as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orbitai_craft::rng::{SensorKind, StreamId, stream_rng};

    fn clock(delay: LoopDelay, seed: u64) -> LoopClock {
        LoopClock::new(
            delay,
            stream_rng(seed, 0, StreamId::new(0, SensorKind::AppLoop, 0)),
        )
    }

    fn quantile(sorted: &[f64], q: f64) -> f64 {
        sorted[((q * sorted.len() as f64) as usize).min(sorted.len() - 1)]
    }

    #[test]
    fn delays_follow_the_configured_shifted_log_normal() {
        // One run, no between-run spread: the draws are shift + LN(ln m, σ).
        let delay = LoopDelay {
            sigma_between_runs: 0.0,
            ..LoopDelay::OPS_SAT
        };
        let mut c = clock(delay, 7);
        c.begin_run();
        let mut d: Vec<f64> = (0..200_000)
            .map(|_| c.next_delay_nanos() as f64 * 1e-9)
            .collect();
        d.sort_by(f64::total_cmp);
        assert!(d[0] >= delay.shift_s, "least {} below the shift", d[0]);
        let median = quantile(&d, 0.5) - delay.shift_s;
        assert!(
            (median / delay.median_s - 1.0).abs() < 0.01,
            "median above the shift {median} s, configured {} s",
            delay.median_s
        );
        // The 84th percentile of a log-normal is the median × e^σ.
        let p84 = quantile(&d, 0.841_344_7) - delay.shift_s;
        let sigma = (p84 / median).ln();
        assert!(
            (sigma - delay.sigma).abs() < 0.02,
            "σ {sigma}, configured {}",
            delay.sigma
        );
        let mean = d.iter().sum::<f64>() / d.len() as f64;
        let expected = delay.shift_s + delay.median_s * (delay.sigma * delay.sigma / 2.0).exp();
        assert!(
            (mean / expected - 1.0).abs() < 0.02,
            "mean {mean}, expected {expected}"
        );
    }

    #[test]
    fn run_levels_spread_as_configured() {
        // Per-run medians: their logs have the configured σ between runs.
        let mut c = clock(LoopDelay::OPS_SAT, 11);
        let mut logs = Vec::new();
        for _ in 0..2000 {
            c.begin_run();
            logs.push(c.log_median);
        }
        let n = logs.len() as f64;
        let mean = logs.iter().sum::<f64>() / n;
        let sd = (logs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt();
        assert!(
            (mean - LoopDelay::OPS_SAT.median_s.ln()).abs() < 0.05,
            "mean {mean}"
        );
        assert!((sd - 0.8).abs() < 0.04, "σ between runs {sd}");
    }

    #[test]
    fn zero_spread_gives_a_fixed_delay_and_bad_values_are_named() {
        let fixed = LoopDelay {
            shift_s: 0.001,
            median_s: 0.01,
            sigma: 0.0,
            sigma_between_runs: 0.0,
        };
        let mut c = clock(fixed, 1);
        c.begin_run();
        assert!((0..100).all(|_| c.next_delay_nanos() == 11_000_000));
        let bad = LoopDelay {
            shift_s: -1.0,
            median_s: f64::NAN,
            sigma: 9.0,
            sigma_between_runs: 0.0,
        };
        let fields: Vec<&str> = bad.problems().iter().map(|p| p.0).collect();
        assert_eq!(fields, ["shift_s", "median_s", "sigma"]);
        assert!(LoopDelay::OPS_SAT.problems().is_empty());
    }
}
