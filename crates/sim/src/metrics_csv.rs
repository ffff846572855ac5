//! The metrics CSV layouts shared by `orbitai replay` and `orbitai run`.

use std::fmt::Write;

use orbitai_learn::Model;
use orbitai_learn::metrics::{Confusion, CurvePoint, grid_evaluation};

/// Header of `metrics_grid.csv`.
pub const GRID_HEADER: &str = "algorithm,dimension,TP,FN,FP,TN,sensitivity,specificity,precision,neg_predictive_value,accuracy_biased,accuracy_balanced,f1_score";

/// Header of `metrics_progressive.csv`.
pub const PROGRESSIVE_HEADER: &str = "run,algorithm,dimension,samples,TP,FN,FP,TN,sensitivity,specificity,precision,neg_predictive_value,accuracy_biased,accuracy_balanced,f1_score";

/// Header of `metrics_curve.csv`.
pub const CURVE_HEADER: &str = "algorithm,dimension,samples,accuracy_balanced";

/// How a model is named in the metrics files: its algorithm (or a guest
/// learner's name) and the dimension of its feature space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowName<'a> {
    /// `algorithm` column.
    pub algorithm: &'a str,
    /// `dimension` column.
    pub dimension: usize,
}

impl<'a> From<&'a Model> for RowName<'a> {
    fn from(model: &'a Model) -> Self {
        RowName {
            algorithm: model.algorithm.name(),
            dimension: model.space.dimension(),
        }
    }
}

/// `metrics_curve.csv`: each model's ground-grid balanced accuracy after
/// every so many samples (an undefined value is an empty field).
pub fn curve_csv<'a>(models: impl IntoIterator<Item = (RowName<'a>, &'a [CurvePoint])>) -> String {
    let mut text = format!("{CURVE_HEADER}\n");
    for (name, curve) in models {
        for point in curve {
            let _ = writeln!(
                text,
                "{},{},{},{}",
                name.algorithm,
                name.dimension,
                point.samples,
                ratio_field(point.balanced_accuracy)
            );
        }
    }
    text
}

/// `metrics_grid.csv`: the ground-grid evaluation of each model.
pub fn grid_csv<'a>(models: impl IntoIterator<Item = &'a Model>) -> String {
    grid_rows_csv(models.into_iter().map(|m| (m.into(), grid_evaluation(m))))
}

/// `metrics_grid.csv` from each model's name and ground-grid confusion.
pub fn grid_rows_csv<'a>(rows: impl IntoIterator<Item = (RowName<'a>, Confusion)>) -> String {
    let mut text = format!("{GRID_HEADER}\n");
    for (name, c) in rows {
        let _ = writeln!(
            text,
            "{},{},{}",
            name.algorithm,
            name.dimension,
            metric_fields(&c)
        );
    }
    text
}

/// `metrics_progressive.csv` rows: (run, model, confusion) in order.
pub fn progressive_csv<'a>(
    rows: impl IntoIterator<Item = (&'a str, RowName<'a>, &'a Confusion)>,
) -> String {
    let mut text = format!("{PROGRESSIVE_HEADER}\n");
    for (run, name, c) in rows {
        let _ = writeln!(
            text,
            "{run},{},{},{},{}",
            name.algorithm,
            name.dimension,
            c.total(),
            metric_fields(c)
        );
    }
    text
}

/// A ratio as a CSV field: shortest round-trip text, or empty when
/// undefined (never the text `NaN`).
pub fn ratio_field(v: f64) -> String {
    if v.is_finite() {
        format!("{v}")
    } else {
        String::new()
    }
}

/// The counts and ratios of a confusion matrix as CSV fields. An undefined
/// ratio (zero denominator) is an empty field, never the text `NaN`.
pub fn metric_fields(c: &Confusion) -> String {
    format!(
        "{},{},{},{},{},{},{},{},{},{},{}",
        c.tp,
        c.fn_,
        c.fp,
        c.tn,
        ratio_field(c.sensitivity()),
        ratio_field(c.specificity()),
        ratio_field(c.precision()),
        ratio_field(c.negative_predictive_value()),
        ratio_field(c.accuracy()),
        ratio_field(c.balanced_accuracy()),
        ratio_field(c.f1())
    )
}
