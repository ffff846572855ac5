//! Noise processes shared by the sensor models: white Gaussian noise,
//! first-order Gauss–Markov drift and random walk, each discretised exactly
//! for any step length.

use orbitai_astro::Epoch;
use rand::{Rng, RngExt};
use rand_distr::StandardNormal;
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, check_non_negative};

/// Seconds from `earlier` to `later` (negative if `later` is earlier),
/// through an i64 nanosecond difference: cheaper on the hot path than
/// [`Epoch::seconds_since`], which goes through i128 to cover the full range,
/// and exact for any span under ~104 days (2⁵³ ns).
#[inline]
pub fn seconds_between(earlier: Epoch, later: Epoch) -> f64 {
    later.nanos_since(earlier) as f64 * 1e-9
}

/// One standard normal draw.
#[inline]
pub fn gaussian<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    rng.sample(StandardNormal)
}

/// Configuration of a first-order Gauss–Markov process: stationary standard
/// deviation `sigma` (in the unit of the quantity it perturbs) and
/// correlation time `tau_s` (seconds). `sigma = 0` disables it (no draws).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GaussMarkovConfig {
    /// Stationary standard deviation (unit of the perturbed quantity).
    pub sigma: f64,
    /// Correlation time, s (> 0; `f64::INFINITY` would be a random constant
    /// and is refused: use a bias instead).
    pub tau_s: f64,
}

impl GaussMarkovConfig {
    /// A process that is always zero.
    pub const OFF: GaussMarkovConfig = GaussMarkovConfig {
        sigma: 0.0,
        tau_s: 1.0,
    };

    /// Checks the numbers; `field` names this config in errors.
    pub fn validate(&self, field: &str) -> Result<(), ConfigError> {
        check_non_negative(|| format!("{field}.sigma"), self.sigma)?;
        crate::error::check_range(
            || format!("{field}.tau_s"),
            self.tau_s,
            f64::MIN_POSITIVE,
            f64::MAX,
            "finite and > 0",
        )?;
        Ok(())
    }
}

impl Default for GaussMarkovConfig {
    /// Off (σ = 0, τ = 1 s).
    fn default() -> Self {
        GaussMarkovConfig::OFF
    }
}

/// First-order Gauss–Markov process `ḃ = −b/τ + w`, discretised exactly:
///
/// ```text
/// b(t+Δt) = φ b(t) + σ √(1 − φ²) w,   φ = e^{−Δt/τ},  w ~ N(0, 1)
/// ```
///
/// valid for any Δt ≥ 0 (Δt = 0 leaves `b` unchanged without drawing). The
/// process starts from its stationary distribution, N(0, σ²), at the first
/// step. The coefficients for the last Δt are cached, so a fixed-step
/// simulation computes `exp` once.
#[derive(Debug, Clone)]
pub struct GaussMarkov {
    sigma: f64,
    tau_s: f64,
    value: f64,
    started: bool,
    cached_dt: f64,
    cached_phi: f64,
    cached_gain: f64,
}

impl GaussMarkov {
    /// A process from a validated configuration (numbers outside their
    /// ranges are clamped: σ < 0 or NaN → 0, τ ≤ 0 or NaN → white noise).
    pub fn new(config: GaussMarkovConfig) -> Self {
        let sigma = if config.sigma.is_finite() && config.sigma > 0.0 {
            config.sigma
        } else {
            0.0
        };
        GaussMarkov {
            sigma,
            tau_s: if config.tau_s > 0.0 {
                config.tau_s
            } else {
                0.0
            },
            value: 0.0,
            started: false,
            cached_dt: f64::NAN,
            cached_phi: 0.0,
            cached_gain: 0.0,
        }
    }

    /// Whether the process can ever be non-zero.
    #[inline]
    pub fn is_active(&self) -> bool {
        self.sigma > 0.0
    }

    /// The current value.
    #[inline]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Stationary standard deviation.
    pub fn sigma(&self) -> f64 {
        self.sigma
    }

    /// Advances by `dt_s` seconds (negative or NaN is taken as 0) and returns
    /// the new value.
    #[inline]
    pub fn step<R: Rng + ?Sized>(&mut self, dt_s: f64, rng: &mut R) -> f64 {
        if self.sigma == 0.0 {
            return 0.0;
        }
        if !self.started {
            self.started = true;
            self.value = self.sigma * gaussian(rng);
            return self.value;
        }
        let dt = if dt_s > 0.0 { dt_s } else { return self.value };
        if dt != self.cached_dt {
            let phi = if self.tau_s > 0.0 {
                (-dt / self.tau_s).exp()
            } else {
                0.0
            };
            self.cached_dt = dt;
            self.cached_phi = phi;
            self.cached_gain = self.sigma * (1.0 - phi * phi).max(0.0).sqrt();
        }
        self.value = self.cached_phi * self.value + self.cached_gain * gaussian(rng);
        self.value
    }
}

/// A random walk `b(t+Δt) = b(t) + q √Δt w` started from N(0, σ0²): the
/// model of a gyro bias instability. `q` is in unit/√s.
#[derive(Debug, Clone)]
pub struct RandomWalk {
    initial_sigma: f64,
    q: f64,
    value: f64,
    started: bool,
    cached_dt: f64,
    cached_gain: f64,
}

impl RandomWalk {
    /// A walk with initial standard deviation `initial_sigma` and intensity
    /// `q` (unit/√s); negative or NaN numbers are taken as 0.
    pub fn new(initial_sigma: f64, q: f64) -> Self {
        let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
        RandomWalk {
            initial_sigma: clean(initial_sigma),
            q: clean(q),
            value: 0.0,
            started: false,
            cached_dt: f64::NAN,
            cached_gain: 0.0,
        }
    }

    /// The current value.
    #[inline]
    pub fn value(&self) -> f64 {
        self.value
    }

    /// Advances by `dt_s` (negative or NaN is taken as 0); returns the value.
    #[inline]
    pub fn step<R: Rng + ?Sized>(&mut self, dt_s: f64, rng: &mut R) -> f64 {
        if !self.started {
            self.started = true;
            if self.initial_sigma > 0.0 {
                self.value = self.initial_sigma * gaussian(rng);
            }
            return self.value;
        }
        if self.q == 0.0 || dt_s.is_nan() || dt_s <= 0.0 {
            return self.value;
        }
        if dt_s != self.cached_dt {
            self.cached_dt = dt_s;
            self.cached_gain = self.q * dt_s.sqrt();
        }
        self.value += self.cached_gain * gaussian(rng);
        self.value
    }
}

/// Sample mean and (unbiased) standard deviation of a slice.
#[cfg(test)]
pub(crate) fn mean_std(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let m = x.iter().sum::<f64>() / n;
    let v = x.iter().map(|v| (v - m) * (v - m)).sum::<f64>() / (n - 1.0);
    (m, v.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{SensorKind, StreamId, stream_rng};

    fn rng(i: u16) -> crate::rng::StreamRng {
        stream_rng(11, 0, StreamId::new(0, SensorKind::PhotodiodeDrift, i))
    }

    #[test]
    fn gauss_markov_stationary_moments() {
        // 10^5 draws at Δt = τ/10: mean 0 and std σ. The samples are
        // correlated, so the standard error of the mean is inflated by
        // √((1+φ)/(1−φ)) ≈ 4.5; the test allows 5 such errors.
        let (sigma, tau, dt) = (0.02, 100.0, 10.0);
        let mut gm = GaussMarkov::new(GaussMarkovConfig { sigma, tau_s: tau });
        let mut r = rng(0);
        let x: Vec<f64> = (0..100_000).map(|_| gm.step(dt, &mut r)).collect();
        let (m, s) = mean_std(&x);
        let phi = (-dt / tau).exp();
        let inflation = ((1.0 + phi) / (1.0 - phi)).sqrt();
        let n = x.len() as f64;
        assert!(m.abs() < 5.0 * inflation * sigma / n.sqrt(), "mean {m}");
        // Std of the sample std ≈ σ/√(2 n_eff); same inflation.
        assert!(
            (s - sigma).abs() < 5.0 * inflation * sigma / (2.0 * n).sqrt(),
            "std {s}"
        );
    }

    #[test]
    fn gauss_markov_autocorrelation_at_tau_is_e_inverse() {
        // Lag of one correlation time, reached in 4 steps of τ/4: ρ = e^-1.
        let (sigma, tau, dt) = (1.0, 40.0, 10.0);
        let lag = 4;
        let mut gm = GaussMarkov::new(GaussMarkovConfig { sigma, tau_s: tau });
        let mut r = rng(1);
        let x: Vec<f64> = (0..200_000).map(|_| gm.step(dt, &mut r)).collect();
        let (m, s) = mean_std(&x);
        let n = x.len() - lag;
        let c: f64 = (0..n).map(|i| (x[i] - m) * (x[i + lag] - m)).sum::<f64>() / n as f64;
        let rho = c / (s * s);
        assert!((rho - (-1.0f64).exp()).abs() < 0.02, "rho(τ) = {rho}");
    }

    #[test]
    fn gauss_markov_exact_for_any_step() {
        // One big step and many small ones give the same variance of the
        // transition: Var[b(τ) | b(0)=x] = σ²(1 − e^-2).
        let cfg = GaussMarkovConfig {
            sigma: 1.0,
            tau_s: 50.0,
        };
        let trials = 20_000;
        let mut big = Vec::with_capacity(trials);
        let mut small = Vec::with_capacity(trials);
        let mut r = rng(2);
        for _ in 0..trials {
            let mut a = GaussMarkov::new(cfg);
            a.started = true;
            a.value = 1.0;
            big.push(a.step(50.0, &mut r));
            let mut b = GaussMarkov::new(cfg);
            b.started = true;
            b.value = 1.0;
            for _ in 0..50 {
                b.step(1.0, &mut r);
            }
            small.push(b.value());
        }
        let expect_mean = (-1.0f64).exp();
        let expect_std = (1.0 - (-2.0f64).exp()).sqrt();
        for x in [&big, &small] {
            let (m, s) = mean_std(x);
            let se = expect_std / (trials as f64).sqrt();
            assert!((m - expect_mean).abs() < 5.0 * se, "mean {m}");
            assert!((s - expect_std).abs() < 5.0 * expect_std / (2.0 * trials as f64).sqrt());
        }
    }

    #[test]
    fn random_walk_variance_grows_linearly() {
        let (q, dt, steps, trials) = (0.01, 2.0, 50, 20_000);
        let mut r = rng(3);
        let ends: Vec<f64> = (0..trials)
            .map(|_| {
                let mut w = RandomWalk::new(0.0, q);
                w.step(dt, &mut r);
                for _ in 0..steps {
                    w.step(dt, &mut r);
                }
                w.value()
            })
            .collect();
        let (m, s) = mean_std(&ends);
        let expect = q * (dt * steps as f64).sqrt();
        let n = trials as f64;
        assert!(m.abs() < 5.0 * expect / n.sqrt());
        assert!(
            (s - expect).abs() < 5.0 * expect / (2.0 * n).sqrt(),
            "{s} vs {expect}"
        );
    }

    #[test]
    fn off_and_bad_numbers_stay_zero() {
        let mut r = rng(4);
        let mut gm = GaussMarkov::new(GaussMarkovConfig {
            sigma: f64::NAN,
            tau_s: -1.0,
        });
        assert!(!gm.is_active());
        assert_eq!(gm.step(1.0, &mut r), 0.0);
        let mut w = RandomWalk::new(f64::NAN, -3.0);
        assert_eq!(w.step(1.0, &mut r), 0.0);
        assert_eq!(w.step(f64::NAN, &mut r), 0.0);
    }
}
