//! The files `orbitai replay` writes: model files per run and final, and the
//! grid and progressive metrics. Every file is written atomically.

use std::io::Write;
use std::path::Path;

use anyhow::Result;
use orbitai_learn::ModelSet;
use orbitai_learn::metrics::{Confusion, grid_evaluation};

use super::Replay;
use crate::atomic_file::AtomicFile;

/// Columns shared by both metrics files after their key columns.
const METRIC_COLUMNS: &str = "TP,FN,FP,TN,sensitivity,specificity,precision,neg_predictive_value,accuracy_biased,accuracy_balanced,f1_score";

/// Writes every model of `set` as `<dir>/<algo>_<space>.json`.
pub fn write_models(dir: &Path, set: &ModelSet) -> Result<()> {
    for model in set.models() {
        let path = dir.join(format!(
            "{}_{}.json",
            model.algorithm.name(),
            model.space.name()
        ));
        let mut file = AtomicFile::create(&path)?;
        file.write_all(model.to_json().as_bytes())?;
        file.commit()?;
    }
    Ok(())
}

/// Writes the final models, `metrics_grid.csv` and `metrics_progressive.csv`.
pub fn write_final(out: &Path, replay: &Replay) -> Result<()> {
    write_models(&out.join("models"), &replay.models)?;

    let mut grid = AtomicFile::create(&out.join("metrics_grid.csv"))?;
    writeln!(grid, "algorithm,dimension,{METRIC_COLUMNS}")?;
    for model in replay.models.models() {
        let c = grid_evaluation(model);
        writeln!(
            grid,
            "{},{},{}",
            model.algorithm.name(),
            model.space.dimension(),
            metric_fields(&c)
        )?;
    }
    grid.commit()?;

    let mut progressive = AtomicFile::create(&out.join("metrics_progressive.csv"))?;
    writeln!(
        progressive,
        "run,algorithm,dimension,samples,{METRIC_COLUMNS}"
    )?;
    for (run, confusions) in &replay.progressive {
        for (model, c) in replay.models.models().iter().zip(confusions) {
            let samples = c.tp + c.fn_ + c.fp + c.tn;
            writeln!(
                progressive,
                "{run},{},{},{samples},{}",
                model.algorithm.name(),
                model.space.dimension(),
                metric_fields(c)
            )?;
        }
    }
    progressive.commit()
}

/// The counts and ratios of a confusion matrix as CSV fields. An undefined
/// ratio (zero denominator) is an empty field, never the text `NaN`.
fn metric_fields(c: &Confusion) -> String {
    let ratio = |v: f64| {
        if v.is_finite() {
            format!("{v}")
        } else {
            String::new()
        }
    };
    format!(
        "{},{},{},{},{},{},{},{},{},{},{}",
        c.tp,
        c.fn_,
        c.fp,
        c.tn,
        ratio(c.sensitivity()),
        ratio(c.specificity()),
        ratio(c.precision()),
        ratio(c.negative_predictive_value()),
        ratio(c.accuracy()),
        ratio(c.balanced_accuracy()),
        ratio(c.f1())
    )
}
