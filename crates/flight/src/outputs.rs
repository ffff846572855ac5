//! The files `orbitai replay` writes: model files per run and final, and the
//! grid and progressive metrics (the layouts `orbitai run` writes too). Every
//! file is written atomically.

use std::path::Path;

use orbitai_learn::ModelSet;
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sim::metrics_csv::{grid_csv, progressive_csv};
use std::io::Result;

use crate::replay::Replay;

/// Writes every model of `set` as `<dir>/<algo>_<space>.json`.
pub fn write_models(dir: &Path, set: &ModelSet) -> Result<()> {
    for model in set.models() {
        write_atomic(
            &dir.join(format!("{}.json", model.name())),
            model.to_json().as_bytes(),
        )?;
    }
    Ok(())
}

/// Writes the final models, `metrics_grid.csv` and `metrics_progressive.csv`.
pub fn write_final(out: &Path, replay: &Replay) -> Result<()> {
    write_models(&out.join("models"), &replay.models)?;
    for (name, text) in metrics_texts(replay) {
        write_atomic(&out.join(name), text.as_bytes())?;
    }
    Ok(())
}

/// `metrics_grid.csv` and `metrics_progressive.csv` of a replay, as (file
/// name, CSV text).
pub fn metrics_texts(replay: &Replay) -> [(&'static str, String); 2] {
    let models = replay.models.models();
    let rows = replay.progressive.iter().flat_map(|(run, confusions)| {
        models
            .iter()
            .zip(confusions)
            .map(move |(m, c)| (run.as_str(), m.into(), c))
    });
    [
        ("metrics_grid.csv", grid_csv(models)),
        ("metrics_progressive.csv", progressive_csv(rows)),
    ]
}
