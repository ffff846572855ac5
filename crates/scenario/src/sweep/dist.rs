//! The distributions of sweep dispersions and how each is drawn.

use rand::RngExt;
use rand_distr::StandardNormal;
use ron::value::RawValue;
use serde::{Deserialize, Serialize};
use serde_json::{Number, Value};

use crate::path::Path;
use crate::validate::Problems;

/// What a dispersion draws for each member.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Distribution {
    /// Uniform on `[low, high)`.
    Uniform(f64, f64),
    /// Normal with mean and standard deviation.
    Normal(f64, f64),
    /// `exp(N(mu, sigma))`: mean and standard deviation of the logarithm.
    LogNormal(f64, f64),
    /// Uniform integer in `low..=high`.
    IntUniform(i64, i64),
    /// `true` with probability `p` (e.g. whether a fault happens).
    Bernoulli(f64),
    /// One of the listed values, equally likely (any RON value).
    Choice(Vec<Box<RawValue>>),
    /// A uniformly random attitude: a unit quaternion `(q0, q1, q2, q3)`,
    /// scalar first (Shoemake 1992).
    UniformRotation,
}

impl Distribution {
    /// Checks the parameters (`path` is the distribution's own path).
    pub fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        let finite = |problems: &mut Problems, k: usize, v: f64| {
            problems.finite(&path.index(k), v);
        };
        match self {
            Distribution::Uniform(low, high) => {
                let p = path.field("Uniform");
                finite(problems, 0, *low);
                finite(problems, 1, *high);
                problems.check(
                    &p,
                    low <= high,
                    format_args!("low {low:?} must be <= high {high:?}"),
                );
            }
            Distribution::Normal(mean, sd) | Distribution::LogNormal(mean, sd) => {
                let name = if matches!(self, Distribution::Normal(..)) {
                    "Normal"
                } else {
                    "LogNormal"
                };
                let p = path.field(name);
                problems.finite(&p.index(0), *mean);
                if problems.finite(&p.index(1), *sd) {
                    problems.non_negative(&p.index(1), *sd);
                }
            }
            Distribution::IntUniform(low, high) => {
                problems.check(
                    &path.field("IntUniform"),
                    low <= high,
                    format_args!("low {low} must be <= high {high}"),
                );
            }
            Distribution::Bernoulli(p) => {
                problems.in_range(&path.field("Bernoulli"), *p, 0.0..=1.0);
            }
            Distribution::Choice(options) => {
                problems.non_empty(&path.field("Choice"), options);
            }
            Distribution::UniformRotation => {}
        }
    }

    /// One draw. `choices` are the `Choice` options already converted to
    /// JSON (ignored by the other distributions).
    pub fn draw(&self, rng: &mut impl rand::Rng, choices: &[Value]) -> Value {
        let float = |x: f64| Number::from_f64(x).map_or(Value::Null, Value::Number);
        match self {
            Distribution::Uniform(low, high) => {
                let u: f64 = rng.random();
                float(low + (high - low) * u)
            }
            Distribution::Normal(mean, sd) => {
                let z: f64 = rng.sample(StandardNormal);
                float(mean + sd * z)
            }
            Distribution::LogNormal(mu, sigma) => {
                let z: f64 = rng.sample(StandardNormal);
                float((mu + sigma * z).exp())
            }
            Distribution::IntUniform(low, high) => Value::from(rng.random_range(*low..=*high)),
            Distribution::Bernoulli(p) => {
                let u: f64 = rng.random();
                Value::Bool(u < *p)
            }
            Distribution::Choice(_) => {
                let k = rng.random_range(0..choices.len().max(1));
                choices.get(k).cloned().unwrap_or(Value::Null)
            }
            Distribution::UniformRotation => {
                let (u1, u2, u3): (f64, f64, f64) = (rng.random(), rng.random(), rng.random());
                let tau = std::f64::consts::TAU;
                let (a, b) = ((1.0 - u1).sqrt(), u1.sqrt());
                let q = [
                    b * (tau * u3).cos(),
                    a * (tau * u2).sin(),
                    a * (tau * u2).cos(),
                    b * (tau * u3).sin(),
                ];
                Value::Array(q.iter().map(|&x| float(x)).collect())
            }
        }
    }

    /// Whether a draw is a number (so `Add` and `Scale` can use it).
    pub fn is_numeric(&self) -> bool {
        matches!(
            self,
            Distribution::Uniform(..)
                | Distribution::Normal(..)
                | Distribution::LogNormal(..)
                | Distribution::IntUniform(..)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use orbitai_craft::rng::{SensorKind, StreamId, stream_rng};

    fn draws(dist: &Distribution, n: usize) -> Vec<f64> {
        let mut rng = stream_rng(1, 2, StreamId::new(0, SensorKind::Dispersion, 0));
        (0..n)
            .map(|_| dist.draw(&mut rng, &[]).as_f64().unwrap())
            .collect()
    }

    fn mean_sd(x: &[f64]) -> (f64, f64) {
        let n = x.len() as f64;
        let mean = x.iter().sum::<f64>() / n;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
        (mean, var.sqrt())
    }

    /// Sample mean within 5 standard errors, and sample standard deviation
    /// within 5 of its standard errors, sd·√((κ − 1)/4n) for kurtosis κ.
    fn assert_moments(x: &[f64], mean: f64, sd: f64, kurtosis: f64) {
        let n = x.len() as f64;
        let (m, s) = mean_sd(x);
        assert!((m - mean).abs() < 5.0 * sd / n.sqrt(), "mean {m} vs {mean}");
        let se_sd = sd * ((kurtosis - 1.0) / (4.0 * n)).sqrt();
        assert!((s - sd).abs() < 5.0 * se_sd, "sd {s} vs {sd}");
    }

    #[test]
    fn moments_of_the_continuous_distributions() {
        let n = 100_000;
        let u = draws(&Distribution::Uniform(0.0, 0.02), n);
        assert!(u.iter().all(|&x| (0.0..0.02).contains(&x)));
        assert_moments(&u, 0.01, 0.02 / 12f64.sqrt(), 1.8);
        assert_moments(&draws(&Distribution::Normal(3.0, 0.5), n), 3.0, 0.5, 3.0);
        let (mu, sigma) = (-1.0f64, 0.25f64);
        let ln = draws(&Distribution::LogNormal(mu, sigma), n);
        let mean = (mu + sigma * sigma / 2.0).exp();
        let sd = ((sigma * sigma).exp_m1() * (2.0 * mu + sigma * sigma).exp()).sqrt();
        let s2 = sigma * sigma;
        let kurtosis = (4.0 * s2).exp() + 2.0 * (3.0 * s2).exp() + 3.0 * (2.0 * s2).exp() - 3.0;
        assert_moments(&ln, mean, sd, kurtosis);
        let logs: Vec<f64> = ln.iter().map(|x| x.ln()).collect();
        assert_moments(&logs, mu, sigma, 3.0);
    }

    #[test]
    fn discrete_distributions() {
        let n = 100_000;
        let ints = draws(&Distribution::IntUniform(-2, 2), n);
        for k in -2..=2 {
            let count = ints.iter().filter(|&&x| x == k as f64).count() as f64;
            // Binomial(n, 1/5): sd = sqrt(n p (1-p)).
            let sd = (n as f64 * 0.2 * 0.8).sqrt();
            assert!((count - n as f64 * 0.2).abs() < 5.0 * sd, "{k}: {count}");
        }
        let mut rng = stream_rng(1, 2, StreamId::new(0, SensorKind::Dispersion, 1));
        let p = 0.3;
        let hits = (0..n)
            .filter(|_| Distribution::Bernoulli(p).draw(&mut rng, &[]) == Value::Bool(true))
            .count() as f64;
        assert!((hits - n as f64 * p).abs() < 5.0 * (n as f64 * p * (1.0 - p)).sqrt());
        let options = [Value::from("a"), Value::from("b")];
        let choice = Distribution::Choice(Vec::new());
        let a = (0..n)
            .filter(|_| choice.draw(&mut rng, &options) == options[0])
            .count() as f64;
        assert!((a - n as f64 / 2.0).abs() < 5.0 * (n as f64 / 4.0).sqrt());
    }

    #[test]
    fn uniform_rotations_are_unit_and_isotropic() {
        let mut rng = stream_rng(9, 0, StreamId::new(0, SensorKind::Dispersion, 0));
        let n = 100_000;
        // The body z axis in inertial axes, z·ẑ = 1 − 2(q1² + q2²): uniform
        // on the sphere means z·ẑ uniform on [−1, 1] (mean 0, sd 1/√3).
        let mut cos = Vec::with_capacity(n);
        for _ in 0..n {
            let q: Vec<f64> = match Distribution::UniformRotation.draw(&mut rng, &[]) {
                Value::Array(items) => items.iter().map(|v| v.as_f64().unwrap()).collect(),
                other => panic!("not a list: {other}"),
            };
            let norm: f64 = q.iter().map(|x| x * x).sum();
            assert!((norm - 1.0).abs() < 1e-12);
            cos.push(1.0 - 2.0 * (q[1] * q[1] + q[2] * q[2]));
        }
        assert_moments(&cos, 0.0, 1.0 / 3f64.sqrt(), 1.8);
    }
}
