//! Noise processes shared by the sensor models: white Gaussian noise,
//! first-order Gauss–Markov drift and random walk, each discretised exactly
//! for any step length.

mod normal;

use orbitai_astro::Epoch;
use rand::Rng;
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

/// One standard normal draw: the same values as
/// `rng.sample(rand_distr::StandardNormal)`, with the common case inlined
/// (see `normal.rs`).
#[inline(always)]
pub fn gaussian<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    normal::standard_normal(rng)
}

/// `N` draws of N(0, σ²), in order: `sigma` times the values of `N` calls
/// of [`gaussian`] on `rng`, cheaper for a run of draws from one stream (the
/// generator's state stays in registers between them).
#[inline(always)]
pub fn gaussians<const N: usize, R: Rng + Clone>(sigma: f64, rng: &mut R) -> [f64; N] {
    normal::standard_normals::<N, R>(rng).map(|w| sigma * w)
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
pub struct GaussMarkov(GaussMarkovN<1>);

impl GaussMarkov {
    /// A process from a validated configuration (numbers outside their
    /// ranges are clamped: σ < 0 or NaN → 0, τ ≤ 0 or NaN → white noise).
    pub fn new(config: GaussMarkovConfig) -> Self {
        GaussMarkov(GaussMarkovN::new(config))
    }

    /// Whether the process can ever be non-zero.
    #[inline]
    pub fn is_active(&self) -> bool {
        self.0.is_active()
    }

    /// The current value.
    #[inline]
    pub fn value(&self) -> f64 {
        self.0.value[0]
    }

    /// Stationary standard deviation.
    pub fn sigma(&self) -> f64 {
        self.0.sigma
    }

    /// Advances by `dt_s` seconds (negative or NaN is taken as 0) and returns
    /// the new value.
    #[inline]
    pub fn step<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> f64 {
        self.0.step(dt_s, rng)[0]
    }

    /// The Δt, s, whose coefficients are cached (NaN when none): a
    /// [`GaussMarkov::step`] by exactly this Δt is
    /// [`GaussMarkov::step_cached`]. Lets a caller stepping many processes by
    /// one Δt test it once for all of them.
    #[inline]
    pub(crate) fn cached_dt(&self) -> f64 {
        self.0.coefficients.dt
    }

    /// [`GaussMarkov::step`] by [`GaussMarkov::cached_dt`] (which must not
    /// be NaN): the same operations, without the test of Δt.
    #[inline(always)]
    pub(crate) fn step_cached<R: Rng + Clone>(&mut self, rng: &mut R) -> f64 {
        let c = &self.0.coefficients;
        debug_assert!(!c.dt.is_nan(), "no cached step");
        let (phi, gain) = (c.a, c.b);
        self.0.advance(phi, gain, rng)[0]
    }
}

/// `N` independent [`GaussMarkov`] processes with the same σ and τ (e.g. the
/// three axes of an attitude error) drawing from one stream, component 0
/// first: the same values as `N` separate processes stepped in turn on that
/// stream, with the Δt bookkeeping done once per step instead of per
/// component.
#[derive(Debug, Clone)]
pub struct GaussMarkovN<const N: usize> {
    sigma: f64,
    tau_s: f64,
    value: [f64; N],
    started: bool,
    coefficients: StepCache,
}

impl<const N: usize> GaussMarkovN<N> {
    /// Processes from a validated configuration (clamped as
    /// [`GaussMarkov::new`]).
    pub fn new(config: GaussMarkovConfig) -> Self {
        let sigma = if config.sigma.is_finite() && config.sigma > 0.0 {
            config.sigma
        } else {
            0.0
        };
        GaussMarkovN {
            sigma,
            tau_s: if config.tau_s > 0.0 {
                config.tau_s
            } else {
                0.0
            },
            value: [0.0; N],
            started: false,
            coefficients: StepCache::EMPTY,
        }
    }

    /// Whether the processes can ever be non-zero.
    #[inline]
    pub fn is_active(&self) -> bool {
        self.sigma > 0.0
    }

    /// The current values.
    #[inline]
    pub fn value(&self) -> [f64; N] {
        self.value
    }

    /// Advances every component by `dt_s` seconds (negative or NaN is taken
    /// as 0) and returns the new values.
    #[inline]
    pub fn step<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> [f64; N] {
        // The steady state of a fixed-step simulation in one test: the
        // coefficients are cached only once the process is running, active
        // and stepped by a Δt > 0, so a Δt equal to the cached one implies
        // all of that (and the first step, with an empty cache, never
        // matches). The same operations as below with the cache hit.
        if dt_s == self.coefficients.dt {
            let (phi, gain) = (self.coefficients.a, self.coefficients.b);
            return self.advance(phi, gain, rng);
        }
        self.step_general(dt_s, rng)
    }

    /// [`GaussMarkovN::step`] in general: start, Δt ≤ 0, a new Δt.
    #[inline]
    fn step_general<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> [f64; N] {
        if self.sigma == 0.0 {
            return [0.0; N];
        }
        if !self.started {
            self.started = true;
            self.value = gaussians(self.sigma, rng);
            return self.value;
        }
        let dt = if dt_s > 0.0 { dt_s } else { return self.value };
        let (sigma, tau_s) = (self.sigma, self.tau_s);
        let (phi, gain) = self.coefficients.get(dt, |dt| {
            let phi = if tau_s > 0.0 {
                (-dt / tau_s).exp()
            } else {
                0.0
            };
            (phi, sigma * (1.0 - phi * phi).max(0.0).sqrt())
        });
        self.advance(phi, gain, rng)
    }

    /// `b ← φ b + gain w` for every component; returns the new values.
    #[inline(always)]
    fn advance<R: Rng + Clone>(&mut self, phi: f64, gain: f64, rng: &mut R) -> [f64; N] {
        for (v, w) in self.value.iter_mut().zip(gaussians::<N, _>(gain, rng)) {
            *v = phi * *v + w;
        }
        self.value
    }
}

/// The two coefficients of a discretised process for the last step length,
/// recomputed only when Δt changes (a fixed-step simulation computes them
/// once).
#[derive(Debug, Clone)]
// `dt` sits between `a` and `b` (kept there by `repr(C)`): with the two
// coefficients adjacent, LLVM's SLP vectoriser packs `a·v + b·w` into one
// packed multiply with a load, two shuffles and an add, 2 instructions more
// per step of a process than the scalar form it takes with them apart.
#[repr(C)]
struct StepCache {
    a: f64,
    dt: f64,
    b: f64,
}

impl StepCache {
    /// Nothing cached (NaN never equals a step).
    const EMPTY: StepCache = StepCache {
        dt: f64::NAN,
        a: 0.0,
        b: 0.0,
    };

    /// The coefficients for `dt`, from `compute` if `dt` differs from the
    /// last call's.
    #[inline]
    fn get(&mut self, dt: f64, compute: impl FnOnce(f64) -> (f64, f64)) -> (f64, f64) {
        if dt != self.dt {
            (self.a, self.b) = compute(dt);
            self.dt = dt;
        }
        (self.a, self.b)
    }
}

/// A random walk `b(t+Δt) = b(t) + q √Δt w` started from N(0, σ0²): the
/// model of a gyro bias instability. `q` is in unit/√s.
#[derive(Debug, Clone)]
pub struct RandomWalk(RandomWalkN<1>);

impl RandomWalk {
    /// A walk with initial standard deviation `initial_sigma` and intensity
    /// `q` (unit/√s); negative or NaN numbers are taken as 0.
    pub fn new(initial_sigma: f64, q: f64) -> Self {
        RandomWalk(RandomWalkN::new(initial_sigma, q))
    }

    /// The current value.
    #[inline]
    pub fn value(&self) -> f64 {
        self.0.value[0]
    }

    /// Advances by `dt_s` (negative or NaN is taken as 0); returns the value.
    #[inline]
    pub fn step<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> f64 {
        self.0.step(dt_s, rng)[0]
    }
}

/// `N` independent [`RandomWalk`]s with the same parameters (e.g. the three
/// axes of a gyro bias) drawing from one stream, component 0 first: the same
/// values as `N` separate walks stepped in turn on that stream.
#[derive(Debug, Clone)]
pub struct RandomWalkN<const N: usize> {
    initial_sigma: f64,
    q: f64,
    value: [f64; N],
    started: bool,
    gain: StepCache,
}

impl<const N: usize> RandomWalkN<N> {
    /// Walks with initial standard deviation `initial_sigma` and intensity
    /// `q` (unit/√s); negative or NaN numbers are taken as 0.
    pub fn new(initial_sigma: f64, q: f64) -> Self {
        let clean = |x: f64| if x.is_finite() && x > 0.0 { x } else { 0.0 };
        RandomWalkN {
            initial_sigma: clean(initial_sigma),
            q: clean(q),
            value: [0.0; N],
            started: false,
            gain: StepCache::EMPTY,
        }
    }

    /// The current values.
    #[inline]
    pub fn value(&self) -> [f64; N] {
        self.value
    }

    /// Advances every component by `dt_s` (negative or NaN is taken as 0);
    /// returns the values.
    #[inline]
    pub fn step<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> [f64; N] {
        // Steady state in one test, as in `GaussMarkovN::step`: the gain is
        // cached only once started, with q > 0 and Δt > 0.
        if dt_s == self.gain.dt {
            let gain = self.gain.a;
            return self.advance(gain, rng);
        }
        self.step_general(dt_s, rng)
    }

    /// [`RandomWalkN::step`] in general: start, Δt ≤ 0, a new Δt.
    #[inline]
    fn step_general<R: Rng + Clone>(&mut self, dt_s: f64, rng: &mut R) -> [f64; N] {
        if !self.started {
            self.started = true;
            if self.initial_sigma > 0.0 {
                self.value = gaussians(self.initial_sigma, rng);
            }
            return self.value;
        }
        if self.q == 0.0 || dt_s.is_nan() || dt_s <= 0.0 {
            return self.value;
        }
        let q = self.q;
        let (gain, _) = self.gain.get(dt_s, |dt| (q * dt.sqrt(), 0.0));
        self.advance(gain, rng)
    }

    /// `b ← b + gain w` for every component; returns the new values.
    #[inline(always)]
    fn advance<R: Rng + Clone>(&mut self, gain: f64, rng: &mut R) -> [f64; N] {
        for (v, w) in self.value.iter_mut().zip(gaussians::<N, _>(gain, rng)) {
            *v += w;
        }
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
            a.0.started = true;
            a.0.value = [1.0];
            big.push(a.step(50.0, &mut r));
            let mut b = GaussMarkov::new(cfg);
            b.0.started = true;
            b.0.value = [1.0];
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
    fn vector_processes_equal_separate_ones_on_one_stream() {
        // N components stepped together draw exactly what N scalar processes
        // stepped in turn on the same stream draw (with Δt changes, a zero
        // step and the first, stationary draw).
        let cfg = GaussMarkovConfig {
            sigma: 0.3,
            tau_s: 40.0,
        };
        let (mut ra, mut rb) = (rng(5), rng(5));
        let mut gm3 = GaussMarkovN::<3>::new(cfg);
        let mut gm = [0; 3].map(|_| GaussMarkov::new(cfg));
        let mut rw3 = RandomWalkN::<3>::new(0.2, 0.01);
        let mut rw = [0; 3].map(|_| RandomWalk::new(0.2, 0.01));
        for dt in [0.0, 1.0, 1.0, 2.5, 0.0, 1.0, 7.0] {
            let v = gm3.step(dt, &mut ra);
            let w = rw3.step(dt, &mut ra);
            for (k, g) in gm.iter_mut().enumerate() {
                assert_eq!(v[k].to_bits(), g.step(dt, &mut rb).to_bits());
            }
            for (k, g) in rw.iter_mut().enumerate() {
                assert_eq!(w[k].to_bits(), g.step(dt, &mut rb).to_bits());
            }
        }
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
