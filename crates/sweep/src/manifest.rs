//! `OUT/sweep.json`: what a sweep output directory holds (which sweep,
//! which shard), so that `--resume` and `orbitai merge` can refuse to mix
//! results of different sweeps. The sweep and base-scenario texts are
//! copied next to it (`sweep.ron`, `base.ron`).

use std::path::{Path, PathBuf};

use crate::error::{Context, Result, SweepError};
use orbitai_scenario::LoadedSweep;
use orbitai_sim::atomic_file::write_atomic;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Layout version of a sweep output directory.
const FORMAT: u32 = 1;

/// A shard: members `job ≡ index (mod count)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// K.
    pub index: u64,
    /// N.
    pub count: u64,
}

impl std::str::FromStr for Shard {
    type Err = String;

    /// `K/N` with `0 <= K < N`.
    fn from_str(text: &str) -> Result<Self, String> {
        let (k, n) = text
            .split_once('/')
            .ok_or_else(|| format!("expected K/N (e.g. 0/4), got {text:?}"))?;
        let index: u64 = k
            .trim()
            .parse()
            .map_err(|_| format!("K in {text:?} is not a whole number"))?;
        let count: u64 = n
            .trim()
            .parse()
            .map_err(|_| format!("N in {text:?} is not a whole number"))?;
        if count == 0 || index >= count {
            return Err(format!("need 0 <= K < N, got {index}/{count}"));
        }
        Ok(Shard { index, count })
    }
}

/// The content of `sweep.json`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Layout version.
    pub format: u32,
    /// Sweep name.
    pub name: String,
    /// The sweep file, absolute (to re-run a member).
    pub sweep_file: PathBuf,
    /// Master seed.
    pub seed: u64,
    /// Members per cell.
    pub members: u32,
    /// Grid cells.
    pub cells: usize,
    /// Simulations in the whole sweep.
    pub jobs: u64,
    /// Grid column names.
    pub grid_columns: Vec<String>,
    /// Each cell's grid values.
    pub cell_values: Vec<Vec<Value>>,
    /// Dispersion column names.
    pub dispersion_columns: Vec<String>,
    /// The shard this directory holds (`None`: all jobs).
    pub shard: Option<Shard>,
}

impl Manifest {
    /// The manifest of `sweep` run as `shard`.
    pub fn new(sweep: &LoadedSweep, shard: Option<Shard>) -> Manifest {
        let file = PathBuf::from(&sweep.origin);
        Manifest {
            format: FORMAT,
            name: sweep.sweep.name.clone(),
            sweep_file: std::path::absolute(&file).unwrap_or(file),
            seed: sweep.sweep.seed,
            members: sweep.sweep.members,
            cells: sweep.cells(),
            jobs: sweep.jobs(),
            grid_columns: sweep.grid_columns(),
            cell_values: (0..sweep.cells()).map(|c| sweep.cell_values(c)).collect(),
            dispersion_columns: sweep.dispersion_columns(),
            shard,
        }
    }

    /// Cell `c`'s grid values.
    pub fn cell_values(&self, c: usize) -> Vec<Value> {
        self.cell_values.get(c).cloned().unwrap_or_default()
    }

    /// The jobs this directory is responsible for, in order.
    pub fn jobs(&self) -> Vec<u64> {
        match self.shard {
            None => (0..self.jobs).collect(),
            Some(s) => (s.index..self.jobs).step_by(s.count as usize).collect(),
        }
    }

    /// Whether `other` describes the same sweep (any shard).
    pub fn same_sweep(&self, other: &Manifest) -> bool {
        Manifest {
            shard: None,
            sweep_file: PathBuf::new(),
            ..self.clone()
        } == Manifest {
            shard: None,
            sweep_file: PathBuf::new(),
            ..other.clone()
        }
    }
}

/// Path of the manifest in `out`.
pub fn manifest_path(out: &Path) -> PathBuf {
    out.join("sweep.json")
}

/// Reads `out`'s manifest and sweep text, if `out` holds a sweep.
pub fn read(out: &Path) -> Result<Option<(Manifest, String, String)>> {
    let path = manifest_path(out);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e).context_with(|| format!("reading {}", path.display())),
    };
    let manifest: Manifest = serde_json::from_str(&text)
        .context_with(|| format!("{}: not a sweep manifest", path.display()))?;
    if manifest.format != FORMAT {
        return Err(SweepError::Corrupt(format!(
            "{}: layout version {} (this orbitai writes {FORMAT})",
            path.display(),
            manifest.format
        )));
    }
    let sweep = std::fs::read_to_string(out.join("sweep.ron"))
        .context_with(|| format!("reading {}", out.join("sweep.ron").display()))?;
    let base = std::fs::read_to_string(out.join("base.ron"))
        .context_with(|| format!("reading {}", out.join("base.ron").display()))?;
    Ok(Some((manifest, sweep, base)))
}

/// Writes the manifest and the copies of the sweep and base texts.
pub fn write(out: &Path, manifest: &Manifest, sweep_text: &str, base_text: &str) -> Result<()> {
    let mut json = serde_json::to_string_pretty(manifest).expect("plain values");
    json.push('\n');
    write_atomic(&out.join("sweep.ron"), sweep_text.as_bytes())?;
    write_atomic(&out.join("base.ron"), base_text.as_bytes())?;
    write_atomic(&manifest_path(out), json.as_bytes())
        .context_with(|| format!("writing {}", manifest_path(out).display()))
}
