//! Summary statistics of a metric across sweep members: mean, standard
//! deviation, 95% confidence interval of the mean (Student's t), and the
//! 5/50/95% quantiles; and a fixed-width histogram for the learning-curve
//! bands, whose memory does not grow with the number of members.

use serde::Serialize;

/// Statistics of one metric over the members that have it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Summary {
    /// Members with a value (undefined values are left out).
    pub n: usize,
    /// Sample mean.
    pub mean: Option<f64>,
    /// Sample standard deviation (n − 1 in the denominator; needs n ≥ 2).
    pub sd: Option<f64>,
    /// 95% confidence interval of the mean, `mean ∓ t(0.975, n−1)·sd/√n`.
    pub ci95_low: Option<f64>,
    /// Upper end of that interval.
    pub ci95_high: Option<f64>,
    /// 5% quantile (linear interpolation between order statistics, the
    /// "type 7" definition of R and NumPy).
    pub p05: Option<f64>,
    /// Median.
    pub p50: Option<f64>,
    /// 95% quantile.
    pub p95: Option<f64>,
}

impl Summary {
    /// Statistics of the finite values of `values`.
    pub fn of(values: &[f64]) -> Summary {
        let mut x: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        x.sort_by(f64::total_cmp);
        let n = x.len();
        if n == 0 {
            return Summary::default();
        }
        let mean = x.iter().sum::<f64>() / n as f64;
        let sd = (n >= 2).then(|| {
            let ss: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
            (ss / (n - 1) as f64).sqrt()
        });
        let half = sd.map(|sd| t_975(n - 1) * sd / (n as f64).sqrt());
        Summary {
            n,
            mean: Some(mean),
            sd,
            ci95_low: half.map(|h| mean - h),
            ci95_high: half.map(|h| mean + h),
            p05: Some(quantile_sorted(&x, 0.05)),
            p50: Some(quantile_sorted(&x, 0.50)),
            p95: Some(quantile_sorted(&x, 0.95)),
        }
    }
}

/// Quantile `p` of sorted finite values (type 7); `x` must not be empty.
pub fn quantile_sorted(x: &[f64], p: f64) -> f64 {
    let h = (x.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(x.len() - 1);
    x[lo] + (h - lo as f64) * (x[hi] - x[lo])
}

/// The 97.5% quantile of Student's t with `dof` degrees of freedom: exact
/// table values to 30, then the Cornish–Fisher expansion (error < 1e-4).
pub fn t_975(dof: usize) -> f64 {
    const TABLE: [f64; 30] = [
        12.706_204_736,
        4.302_652_730,
        3.182_446_305,
        2.776_445_105,
        2.570_581_836,
        2.446_911_851,
        2.364_624_252,
        2.306_004_135,
        2.262_157_163,
        2.228_138_852,
        2.200_985_160,
        2.178_812_830,
        2.160_368_656,
        2.144_786_688,
        2.131_449_546,
        2.119_905_299,
        2.109_815_578,
        2.100_922_040,
        2.093_024_054,
        2.085_963_447,
        2.079_613_845,
        2.073_873_068,
        2.068_657_610,
        2.063_898_562,
        2.059_538_553,
        2.055_529_439,
        2.051_830_516,
        2.048_407_142,
        2.045_229_642,
        2.042_272_456,
    ];
    if dof == 0 {
        return f64::NAN;
    }
    if dof <= TABLE.len() {
        return TABLE[dof - 1];
    }
    let z = 1.959_963_984_540_054_f64;
    let v = dof as f64;
    let (z3, z5, z7) = (z.powi(3), z.powi(5), z.powi(7));
    z + (z3 + z) / (4.0 * v)
        + (5.0 * z5 + 16.0 * z3 + 3.0 * z) / (96.0 * v * v)
        + (3.0 * z7 + 19.0 * z5 + 17.0 * z3 - 15.0 * z) / (384.0 * v * v * v)
}

/// Counts of values in `[0, 1]` in fixed-width bins: quantiles to half a
/// bin, in constant memory whatever the number of members.
#[derive(Debug, Clone, PartialEq)]
pub struct Histogram {
    bins: Vec<u32>,
    total: u64,
}

/// Bins of a [`Histogram`]: quantiles are exact to 1/(2·400) = 0.00125.
pub const HISTOGRAM_BINS: usize = 400;

impl Default for Histogram {
    fn default() -> Self {
        Histogram {
            bins: vec![0; HISTOGRAM_BINS],
            total: 0,
        }
    }
}

impl Histogram {
    /// Counts `x` (clamped to [0, 1]; non-finite values are ignored).
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            return;
        }
        let k = ((x.clamp(0.0, 1.0) * HISTOGRAM_BINS as f64) as usize).min(HISTOGRAM_BINS - 1);
        self.bins[k] += 1;
        self.total += 1;
    }

    /// Values counted.
    pub fn total(&self) -> u64 {
        self.total
    }

    /// The centre of the bin holding quantile `p` (`None` when empty).
    pub fn quantile(&self, p: f64) -> Option<f64> {
        if self.total == 0 {
            return None;
        }
        let rank = (p * self.total as f64).ceil().max(1.0) as u64;
        let mut seen = 0;
        for (k, count) in self.bins.iter().enumerate() {
            seen += u64::from(*count);
            if seen >= rank {
                return Some((k as f64 + 0.5) / HISTOGRAM_BINS as f64);
            }
        }
        Some(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_of_known_values() {
        let s = Summary::of(&[1.0, 2.0, 3.0, 4.0, f64::NAN]);
        assert_eq!(s.n, 4);
        assert_eq!(s.mean, Some(2.5));
        let sd = (5.0f64 / 3.0).sqrt();
        assert!((s.sd.unwrap() - sd).abs() < 1e-15);
        let half = 3.182_446_305 * sd / 2.0;
        assert!((s.ci95_low.unwrap() - (2.5 - half)).abs() < 1e-12);
        assert!((s.ci95_high.unwrap() - (2.5 + half)).abs() < 1e-12);
        assert_eq!(s.p50, Some(2.5));
        assert!((s.p05.unwrap() - 1.15).abs() < 1e-12);
        assert!((s.p95.unwrap() - 3.85).abs() < 1e-12);
        let one = Summary::of(&[0.7]);
        assert_eq!(
            (one.n, one.mean, one.sd, one.p95),
            (1, Some(0.7), None, Some(0.7))
        );
        assert_eq!(Summary::of(&[]).mean, None);
    }

    #[test]
    fn t_quantiles_match_tables() {
        assert_eq!(t_975(1), 12.706_204_736);
        // Beyond the table: R's qt(0.975, df).
        for (dof, expected) in [(40, 2.021_075_39), (100, 1.983_971_52), (999, 1.962_341_4)] {
            assert!((t_975(dof) - expected).abs() < 1e-4, "{dof}");
        }
        assert!(t_975(0).is_nan());
    }

    #[test]
    fn ci_covers_the_true_mean_about_95_percent_of_the_time() {
        // 2000 samples of 10 uniform values from a fixed LCG.
        let mut state = 12345u64;
        let mut uniform = || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let trials = 2000;
        let covered = (0..trials)
            .filter(|_| {
                let x: Vec<f64> = (0..10).map(|_| uniform()).collect();
                let s = Summary::of(&x);
                s.ci95_low.unwrap() <= 0.5 && 0.5 <= s.ci95_high.unwrap()
            })
            .count() as f64;
        // Binomial(2000, 0.95): sd ≈ 9.7.
        assert!((covered - 1900.0).abs() < 50.0, "{covered}");
    }

    #[test]
    fn histogram_quantiles_within_a_bin() {
        let mut h = Histogram::default();
        let values: Vec<f64> = (0..1000).map(|k| k as f64 / 999.0).collect();
        for v in &values {
            h.add(*v);
        }
        h.add(f64::NAN);
        assert_eq!(h.total(), 1000);
        for p in [0.05, 0.5, 0.95] {
            let exact = quantile_sorted(&values, p);
            assert!(
                (h.quantile(p).unwrap() - exact).abs() <= 1.0 / HISTOGRAM_BINS as f64,
                "{p}"
            );
        }
        assert_eq!(Histogram::default().quantile(0.5), None);
    }
}
