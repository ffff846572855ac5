//! Comparing a fresh run with its baseline: data files must be
//! bit-identical; metrics may move within a tolerance (a scenario: the
//! value; a sweep: the mean, against the baseline's 95 % confidence
//! interval widened by the tolerance, so that noise alone does not fail).

use std::fmt;
use std::str::FromStr;

use super::baseline::{Baseline, Measure};

/// How far a metric may move.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Allowance {
    /// By this much.
    Absolute(f64),
    /// By this fraction of the baseline's value (`5%` is 0.05).
    Relative(f64),
}

/// The metrics a baseline records (a sweep: the first and third).
pub const METRIC_NAMES: [&str; 6] = [
    "grid_balanced_accuracy",
    "grid_f1",
    "progressive_balanced_accuracy",
    "progressive_f1",
    "samples",
    "updates",
];

/// `METRIC=ABS` or `METRIC=REL%`; `METRIC` is a metric name
/// (`grid_balanced_accuracy`), `MODEL.METRIC` (`arow_3D.grid_f1`) or `*`.
#[derive(Debug, Clone, PartialEq)]
pub struct Tolerance {
    /// The model it is for (`None`: every model).
    pub model: Option<String>,
    /// The metric (`*`: every metric).
    pub metric: String,
    /// How far.
    pub allowance: Allowance,
}

impl FromStr for Tolerance {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        let (name, amount) = text
            .split_once('=')
            .ok_or_else(|| format!("expected METRIC=ABS or METRIC=REL%, got {text:?}"))?;
        let (model, metric) = match name.trim().rsplit_once('.') {
            Some((model, metric)) => (Some(model.to_owned()), metric.to_owned()),
            None => (None, name.trim().to_owned()),
        };
        if metric != "*" && !METRIC_NAMES.contains(&metric.as_str()) {
            return Err(format!(
                "{text:?}: unknown metric {metric:?} (known: {}, or *)",
                METRIC_NAMES.join(", ")
            ));
        }
        let amount = amount.trim();
        let (number, relative) = match amount.strip_suffix('%') {
            Some(n) => (n, true),
            None => (amount, false),
        };
        let value: f64 = number
            .trim()
            .parse()
            .ok()
            .filter(|v: &f64| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| format!("{text:?}: the tolerance must be a number >= 0"))?;
        let allowance = if relative {
            Allowance::Relative(value / 100.0)
        } else {
            Allowance::Absolute(value)
        };
        Ok(Tolerance {
            model,
            metric,
            allowance,
        })
    }
}

impl fmt::Display for Allowance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Allowance::Absolute(0.0) => f.write_str("exact"),
            Allowance::Absolute(v) => write!(f, "±{v}"),
            Allowance::Relative(v) => write!(f, "±{}%", v * 100.0),
        }
    }
}

/// The allowance for `metric` of `model` (`experiment/arow_3D`): the last
/// matching tolerance given, else none (exact).
pub fn allowance_for(tolerances: &[Tolerance], model: &str, metric: &str) -> Allowance {
    let short = model.rsplit('/').next().unwrap_or(model);
    tolerances
        .iter()
        .rev()
        .find(|t| {
            (t.metric == "*" || t.metric == metric)
                && t.model.as_deref().is_none_or(|m| m == short || m == model)
        })
        .map_or(Allowance::Absolute(0.0), |t| t.allowance)
}

/// One thing that moved.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// `file` or `metric`.
    pub check: Check,
    /// The file, or `model metric`.
    pub item: String,
    /// The baseline's value (a digest, a number, an interval).
    pub baseline: String,
    /// Now.
    pub now: String,
    /// Now minus baseline (numbers), or `changed`, `new`, `gone`.
    pub delta: String,
    /// The allowance (`exact` for files).
    pub tolerance: String,
    /// Whether the change is beyond the tolerance.
    pub regressed: bool,
}

/// The two checks of a baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// The data files' digests.
    Files,
    /// The metrics.
    Metrics,
}

impl Check {
    /// `files` or `metrics`.
    pub fn name(self) -> &'static str {
        match self {
            Check::Files => "files",
            Check::Metrics => "metrics",
        }
    }
}

/// Everything that moved between `baseline` and `now` (same source),
/// regressions and changes within tolerance alike.
pub fn compare(baseline: &Baseline, now: &Baseline, tolerances: &[Tolerance]) -> Vec<Change> {
    let mut changes = Vec::new();
    let short = |d: &str| {
        d.trim_start_matches("sha256:")
            .chars()
            .take(12)
            .collect::<String>()
    };
    for (file, digest) in &baseline.data {
        let (now_digest, delta) = match now.data.get(file) {
            Some(d) if d == digest => continue,
            Some(d) => (short(d), "changed"),
            None => ("-".to_owned(), "gone"),
        };
        changes.push(Change {
            check: Check::Files,
            item: file.clone(),
            baseline: short(digest),
            now: now_digest,
            delta: delta.into(),
            tolerance: "exact".into(),
            regressed: true,
        });
    }
    for (file, digest) in &now.data {
        if !baseline.data.contains_key(file) {
            changes.push(Change {
                check: Check::Files,
                item: file.clone(),
                baseline: "-".into(),
                now: short(digest),
                delta: "new".into(),
                tolerance: "exact".into(),
                regressed: true,
            });
        }
    }
    for (model, metrics) in &baseline.metrics {
        for (metric, was) in metrics {
            let item = format!("{model} {metric}");
            let allowance = allowance_for(tolerances, model, metric);
            let is = now.metrics.get(model).and_then(|m| m.get(metric));
            let Some(is) = is else {
                changes.push(metric_change(item, was, None, allowance, true));
                continue;
            };
            if was.central() == is.central() {
                continue;
            }
            let regressed = !within(was, is.central(), allowance);
            changes.push(metric_change(item, was, Some(is), allowance, regressed));
        }
    }
    for (model, metrics) in &now.metrics {
        for (metric, is) in metrics {
            let known = baseline
                .metrics
                .get(model)
                .is_some_and(|m| m.contains_key(metric));
            if !known {
                let item = format!("{model} {metric}");
                changes.push(Change {
                    check: Check::Metrics,
                    item,
                    baseline: "-".into(),
                    now: number(is.central()),
                    delta: "new".into(),
                    tolerance: "-".into(),
                    regressed: true,
                });
            }
        }
    }
    changes
}

/// Whether `now` is acceptable against `was` with `allowance`.
fn within(was: &Measure, now: Option<f64>, allowance: Allowance) -> bool {
    let (Some(now), Some(center)) = (now, was.central()) else {
        return false;
    };
    let slack = match allowance {
        Allowance::Absolute(a) => a,
        Allowance::Relative(r) => r * center.abs(),
    };
    let (low, high) = match was {
        Measure::Interval {
            ci95_low: Some(low),
            ci95_high: Some(high),
            ..
        } => (*low, *high),
        _ => (center, center),
    };
    // A relative slack of a number near zero, and the rounding of a
    // difference: a ulp-scale margin so that `exact` means equal.
    let eps = 1e-12 * center.abs().max(1.0);
    now >= low - slack - eps && now <= high + slack + eps
}

fn metric_change(
    item: String,
    was: &Measure,
    is: Option<&Measure>,
    allowance: Allowance,
    regressed: bool,
) -> Change {
    let now = is.and_then(Measure::central);
    let delta = match (now, was.central(), is) {
        (_, _, None) => "gone".to_owned(),
        (Some(n), Some(b), _) if (n - b).fract() == 0.0 => format!("{:+.0}", n - b),
        (Some(n), Some(b), _) => format!("{:+.6}", n - b),
        _ => "changed".to_owned(),
    };
    let baseline = match was {
        Measure::Interval {
            mean: Some(m),
            ci95_low: Some(l),
            ci95_high: Some(h),
            ..
        } => format!("{m:.6} [{l:.6}, {h:.6}]"),
        other => number(other.central()),
    };
    let tolerance = match (was, allowance) {
        (Measure::Interval { .. }, a) => format!("CI {a}"),
        (_, a) => a.to_string(),
    };
    Change {
        check: Check::Metrics,
        item,
        baseline,
        now: is.map_or("-".into(), |m| number(m.central())),
        delta,
        tolerance,
        regressed,
    }
}

/// A metric for the table: counts as integers, ratios to 6 decimals.
fn number(v: Option<f64>) -> String {
    v.map_or("undefined".into(), |v| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{v:.0}")
        } else {
            format!("{v:.6}")
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerances_parse() {
        let t: Tolerance = "grid_balanced_accuracy=0.01".parse().unwrap();
        assert_eq!(t.allowance, Allowance::Absolute(0.01));
        assert_eq!(t.model, None);
        let t: Tolerance = "arow_3D.grid_f1=5%".parse().unwrap();
        assert_eq!(
            (t.model.as_deref(), t.metric.as_str()),
            (Some("arow_3D"), "grid_f1")
        );
        assert_eq!(t.allowance, Allowance::Relative(0.05));
        assert!("grid".parse::<Tolerance>().is_err());
        assert!("grid_f1=-1".parse::<Tolerance>().is_err());
        assert!("grid_f1=x%".parse::<Tolerance>().is_err());
        let typo = "grid_balanced_acuracy=0.1"
            .parse::<Tolerance>()
            .unwrap_err();
        assert!(typo.contains("unknown metric"), "{typo}");
        let all = [
            "*=1%".parse().unwrap(),
            "arow_3D.samples=0".parse().unwrap(),
        ];
        assert_eq!(
            allowance_for(&all, "orbitai/arow_3D", "samples"),
            Allowance::Absolute(0.0)
        );
        assert_eq!(
            allowance_for(&all, "orbitai/scw_3D", "samples"),
            Allowance::Relative(0.01)
        );
        assert_eq!(allowance_for(&[], "x/y", "z"), Allowance::Absolute(0.0));
    }

    #[test]
    fn a_sweep_mean_is_judged_against_the_widened_interval() {
        let was = Measure::Interval {
            n: 10,
            mean: Some(0.80),
            ci95_low: Some(0.75),
            ci95_high: Some(0.85),
        };
        assert!(within(&was, Some(0.76), Allowance::Absolute(0.0)));
        assert!(!within(&was, Some(0.74), Allowance::Absolute(0.0)));
        assert!(within(&was, Some(0.74), Allowance::Absolute(0.02)));
        assert!(within(&was, Some(0.87), Allowance::Relative(0.025)));
        assert!(!within(&was, None, Allowance::Absolute(1.0)));
        let value = Measure::Value(Some(0.5));
        assert!(within(&value, Some(0.5), Allowance::Absolute(0.0)));
        assert!(!within(&value, Some(0.5001), Allowance::Absolute(0.0)));
        assert!(within(&value, Some(0.51), Allowance::Relative(0.02)));
    }
}
