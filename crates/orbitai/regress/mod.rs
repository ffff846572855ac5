//! Regression tests for users' CI: [`baseline::make`] records what a
//! scenario or sweep gives (digests of its outputs, headline metrics) in a
//! small reviewable file; [`regress`] re-runs what a directory of
//! baselines names and says what moved ([`Report`], printable as a table,
//! [`junit::to_xml`] for CI systems).
//!
//! ```
//! use orbitai::regress::{self, BaselineOptions, RegressOptions};
//!
//! let dir = std::env::temp_dir().join(format!("orbitai-doc-regress-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! let options = BaselineOptions { max_duration_s: Some(600.0), ..Default::default() };
//! let baseline = regress::baseline::make("scenarios/tumbling.ron".as_ref(), &dir, &options)?;
//! regress::baseline::write(&dir, &baseline)?;
//! let report = regress::regress(&dir, &RegressOptions::default())?;
//! assert_eq!(report.status(), regress::Status::Passed);
//! # std::fs::remove_dir_all(&dir).ok();
//! # Ok::<(), orbitai::Error>(())
//! ```

pub mod baseline;
pub mod compare;
pub mod digest;
pub mod junit;
mod table;

use std::path::{Path, PathBuf};

pub use baseline::{Baseline, BaselineOptions, Kind, Measure};
pub use compare::{Allowance, Change, Check, Tolerance};

use crate::error::Result;

/// How to regress.
#[derive(Debug, Clone, Default)]
pub struct RegressOptions {
    /// Allowances for metrics (none: every metric must be equal).
    pub tolerances: Vec<Tolerance>,
    /// Worker threads (`None`: all cores).
    pub threads: Option<usize>,
    /// Rewrite every baseline with what the runs give now (after review).
    pub update: bool,
}

/// The outcome of one baseline.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The baseline file.
    pub file: PathBuf,
    /// Its name (the scenario's or sweep's, or the file's when unreadable).
    pub name: String,
    /// The source it names, as written in the baseline.
    pub source: String,
    /// What moved, or why the run failed.
    pub result: std::result::Result<Vec<Change>, String>,
    /// Remarks (a different simulator version, a changed source file).
    pub notes: Vec<String>,
}

/// Overall verdict, as the command's exit code tells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Nothing moved beyond tolerance (exit 0).
    Passed,
    /// Something did (exit 1).
    Regressed,
    /// A run could not be made (exit 2).
    Failed,
}

impl Entry {
    /// This entry's verdict.
    pub fn status(&self) -> Status {
        match &self.result {
            Err(_) => Status::Failed,
            Ok(changes) if changes.iter().any(|c| c.regressed) => Status::Regressed,
            Ok(_) => Status::Passed,
        }
    }
}

/// What regressing a directory of baselines found.
#[derive(Debug, Clone)]
pub struct Report {
    /// Per baseline file, in name order.
    pub entries: Vec<Entry>,
    /// Whether the baselines were rewritten (`update`).
    pub updated: bool,
}

impl Report {
    /// Failed if any run failed, else regressed if anything regressed.
    pub fn status(&self) -> Status {
        let all: Vec<Status> = self.entries.iter().map(Entry::status).collect();
        if all.contains(&Status::Failed) {
            Status::Failed
        } else if all.contains(&Status::Regressed) {
            Status::Regressed
        } else {
            Status::Passed
        }
    }
}

/// Makes and writes the baselines of `sources` (scenario or sweep files)
/// into `dir` (created if missing); returns each file written with its
/// baseline. Two sources of one name are refused before anything runs.
pub fn record(
    sources: &[PathBuf],
    dir: &Path,
    options: &BaselineOptions,
) -> Result<Vec<(PathBuf, Baseline)>> {
    std::fs::create_dir_all(dir).map_err(|e| crate::Error::Output {
        context: format!("creating {}", dir.display()),
        source: e,
    })?;
    let mut made: Vec<Baseline> = Vec::new();
    for source in sources {
        let baseline = baseline::make(source, dir, options)?;
        if let Some(other) = made.iter().find(|b| b.name == baseline.name) {
            return Err(crate::Error::NameClash {
                origin: format!("{} (and {})", source.display(), other.source),
                name: baseline.name,
            });
        }
        made.push(baseline);
    }
    made.into_iter()
        .map(|b| Ok((baseline::write(dir, &b)?, b)))
        .collect()
}

/// Re-runs every baseline of `dir` and compares (with `update`, rewrites
/// them). The error is for a directory without baselines; a baseline that
/// cannot be read or re-run is a failed entry.
pub fn regress(dir: &Path, options: &RegressOptions) -> Result<Report> {
    let files = baseline::list(dir)?;
    let mut entries = Vec::new();
    for file in files {
        entries.push(regress_one(dir, &file, options));
    }
    Ok(Report {
        entries,
        updated: options.update,
    })
}

fn regress_one(dir: &Path, file: &Path, options: &RegressOptions) -> Entry {
    let fallback = file
        .file_name()
        .map(|n| {
            n.to_string_lossy()
                .trim_end_matches(".baseline.json")
                .to_owned()
        })
        .unwrap_or_default();
    let was = match baseline::read(file) {
        Ok(was) => was,
        Err(e) => {
            return Entry {
                file: file.to_path_buf(),
                name: fallback,
                source: String::new(),
                result: Err(crate::error_chain(&e)),
                notes: Vec::new(),
            };
        }
    };
    let source = dir.join(&was.source);
    let make = BaselineOptions {
        max_duration_s: was.max_duration_s,
        threads: options.threads,
    };
    let mut notes = Vec::new();
    let result = baseline::make(&source, dir, &make).map_err(|e| crate::error_chain(&e));
    let result = result.and_then(|now| {
        if now.simulator != was.simulator {
            notes.push(format!("made by {}, now {}", was.simulator, now.simulator));
        }
        if now.source_digest != was.source_digest {
            notes.push(format!(
                "{} changed since the baseline was made",
                was.source
            ));
        }
        let changes = compare::compare(&was, &now, &options.tolerances);
        if options.update {
            let mut now = now;
            now.source = was.source.clone();
            baseline::write(dir, &now).map_err(|e| crate::error_chain(&e))?;
        }
        Ok(changes)
    });
    Entry {
        file: file.to_path_buf(),
        name: was.name,
        source: was.source,
        result,
        notes,
    }
}
