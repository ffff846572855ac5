//! Finding and reading the OPS-SAT flight files of a directory: training logs
//! (`training_mochi-*.csv`) and telemetry (`data_*.csv`), in the formats
//! described in `../shared/opssat-flight/README.md`.

use std::fs;
use std::path::{Path, PathBuf};

use crate::error::{FlightError, Result};

/// The flight files found in a directory, each list in time order (the
/// timestamp in the name sorts lexicographically).
#[derive(Debug, Default)]
pub struct FlightFiles {
    /// `training_mochi-<time>.csv` logs.
    pub training_logs: Vec<PathBuf>,
    /// `data_<time>.csv` telemetry files.
    pub telemetry: Vec<PathBuf>,
    /// Other entries, ignored with a warning.
    pub unknown: Vec<PathBuf>,
}

/// Lists the flight files of `dir`. An empty directory (no flight file) is an
/// error; other files are listed in `unknown`.
pub fn discover(dir: &Path) -> Result<FlightFiles> {
    let entries = fs::read_dir(dir).map_err(|source| FlightError::Directory {
        dir: dir.to_path_buf(),
        action: "read",
        source,
    })?;
    let mut files = FlightFiles::default();
    for entry in entries {
        let path = entry
            .map_err(|source| FlightError::Directory {
                dir: dir.to_path_buf(),
                action: "list",
                source,
            })?
            .path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if !path.is_file() || !name.ends_with(".csv") {
            files.unknown.push(path);
        } else if name.starts_with("training_mochi-") {
            files.training_logs.push(path);
        } else if name.starts_with("data_") {
            files.telemetry.push(path);
        } else {
            files.unknown.push(path);
        }
    }
    files.training_logs.sort();
    files.telemetry.sort();
    files.unknown.sort();
    if files.training_logs.is_empty() && files.telemetry.is_empty() {
        return Err(FlightError::NoFlightFiles(dir.to_path_buf()));
    }
    Ok(files)
}

/// The run name of a flight file: its file name without `training_` or `.csv`
/// (`mochi-2021-04-16_18-28-31`, `data_2021-04-16_17-17-36`).
pub fn run_name(path: &Path) -> String {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("run");
    stem.strip_prefix("training_").unwrap_or(stem).to_owned()
}

/// A row skipped while reading a file, with its 1-based line and the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Skipped {
    /// 1-based line number.
    pub line: usize,
    /// Why the row was skipped.
    pub reason: String,
}

/// Reads a file as UTF-8 text, naming it on failure.
pub fn read_text(path: &Path) -> Result<String> {
    orbitai_astro::input::read_text(path).map_err(|source| FlightError::Read {
        path: path.to_path_buf(),
        source,
    })
}

/// Splits a flight CSV row into its `expected` fields and reads the first,
/// the Unix timestamp in ms; the error says which check failed.
pub fn split_row(raw: &str, expected: usize) -> Result<(Vec<&str>, i64), String> {
    let fields: Vec<&str> = raw.split(',').collect();
    if fields.len() != expected {
        return Err(format!("expected {expected} fields, got {}", fields.len()));
    }
    let timestamp_ms = fields[0].parse::<i64>().map_err(|_| {
        format!(
            "timestamp: expected an integer (Unix ms), got {:?}",
            fields[0]
        )
    })?;
    Ok((fields, timestamp_ms))
}
