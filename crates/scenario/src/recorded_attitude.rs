//! Recorded attitude from files: the scenario field
//! `spacecraft[i].recorded_attitude`, resolved into the craft's
//! `Recorded { samples }` attitude mode (the craft crate never sees a file).
//!
//! ```ron
//! spacecraft: [(
//!     tle: File("../assets/tle/opssat-2021-02-08.tle"),
//!     recorded_attitude: (
//!         files: ["../../shared/opssat-flight/data_2021-04-*.csv"],
//!     ),
//! )],
//! ```
//!
//! - `files`: CSV files of time-tagged quaternions (layouts in
//!   [`attitude_csv`](crate::attitude_csv)), relative to the scenario
//!   file; `*` and `?` in the *file name* match any characters (matches are
//!   taken in name order). They are combined into one series sorted by
//!   time; a time already seen (e.g. two overlapping files) is dropped and
//!   counted. At least two samples are needed.
//! - `norm_tolerance` (default 0.3): largest accepted `| |q| − 1 |`. Flight
//!   rows mix quaternion components of different updates (norms 0.75 to
//!   1.28); every sample is renormalised when used.
//! - `max_gap_s` (default 30 s, six flight iterations): the longest stretch
//!   of an experiment run on this spacecraft without a recorded sample.
//!
//! The recorded attitude replaces the whole attitude timeline (the nadir
//! pointing of the default, or `craft.attitude.entries`, which must then
//! be left out); `craft.attitude.jitter` still applies on top of it.
//!
//! **Outside the recorded span** the attitude is held at the first
//! (before) or last (after) sample, and between two samples it is
//! interpolated (slerp). Because a held or long-interpolated attitude
//! would silently stand in for the real one, every time-tagged run
//! (`experiments[k].runs`, from its start to its last iteration, `start +
//! (iterations − 1) × interval_s`) of an experiment on this spacecraft must
//! be covered: it may start at most `max_gap_s` before the first sample,
//! end at most `max_gap_s` after the last, and no stretch of it may lie
//! more than `max_gap_s` between two samples (only the part of a gap inside
//! the run counts, so the hours between flight runs do not); otherwise the
//! scenario is refused. Runs
//! started by `sunlit_start` cannot be known in advance and are not
//! checked. Outside the runs the attitude does not reach the experiment
//! (the app reads only telemetry received during its run).

use std::path::{Path as FsPath, PathBuf};

use orbitai_craft::attitude::QuatSample;
use orbitai_sim::ExperimentConfig;
use serde::{Deserialize, Serialize};

use crate::attitude_csv::{parse_attitude_csv, show_ms};
use crate::path::Path;
use crate::validate::{Problems, Validate};

/// Where a spacecraft's recorded attitude comes from (see the module
/// documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordedAttitudeSource {
    /// CSV files (flight telemetry or `time,q0,q1,q2,q3`), relative to the
    /// scenario file; `*`/`?` allowed in the file name.
    pub files: Vec<String>,
    /// Largest accepted `| |q| − 1 |` of a sample (dimensionless; default
    /// 0.3, which the flight telemetry's torn samples need).
    #[serde(default = "default_norm_tolerance")]
    pub norm_tolerance: f64,
    /// Longest stretch of a time-tagged experiment run without a recorded
    /// sample, s (default 30).
    #[serde(default = "default_max_gap_s")]
    pub max_gap_s: f64,
}

fn default_norm_tolerance() -> f64 {
    0.3
}

fn default_max_gap_s() -> f64 {
    30.0
}

impl Validate for RecordedAttitudeSource {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        let files = path.field("files");
        problems.non_empty(&files, &self.files);
        for (j, file) in self.files.iter().enumerate() {
            problems.non_blank(&files.index(j), file);
        }
        problems.in_range(&path.field("norm_tolerance"), self.norm_tolerance, 0.0..1.0);
        if problems.finite(&path.field("max_gap_s"), self.max_gap_s) {
            problems.positive(&path.field("max_gap_s"), self.max_gap_s);
        }
    }
}

/// A recorded series read from the files of a [`RecordedAttitudeSource`].
#[derive(Debug, Clone, PartialEq)]
pub struct RecordedSeries {
    /// The samples, strictly increasing in time (quaternions as written).
    pub samples: Vec<QuatSample>,
    /// The files read, after expanding patterns.
    pub files: Vec<PathBuf>,
    /// Rows skipped for a missing (or non-numeric flight) component, as
    /// `file:line`.
    pub skipped: Vec<String>,
    /// Rows dropped because their time was already in the series.
    pub duplicates: usize,
}

impl RecordedSeries {
    /// One line for reports: samples, files, span, skipped and dropped rows.
    pub fn summary(&self) -> String {
        let (first, last) = match (self.samples.first(), self.samples.last()) {
            (Some(a), Some(b)) => (show_ms(a.unix_ms), show_ms(b.unix_ms)),
            _ => (String::new(), String::new()),
        };
        let mut text = format!(
            "{} samples from {} file(s), {first} .. {last}; {} row(s) skipped (missing component)",
            self.samples.len(),
            self.files.len(),
            self.skipped.len(),
        );
        if !self.skipped.is_empty() {
            let shown: Vec<&str> = self.skipped.iter().take(3).map(String::as_str).collect();
            let more = if self.skipped.len() > 3 { ", …" } else { "" };
            text.push_str(&format!(" [{}{more}]", shown.join(", ")));
        }
        text.push_str(&format!("; {} duplicate time(s) dropped", self.duplicates));
        text
    }
}

/// Reads and combines the files of `source` (relative to `base`); problems
/// are reported at `path` (the `recorded_attitude` field) and its `files[j]`.
pub(crate) fn read_source(
    source: &RecordedAttitudeSource,
    base: &FsPath,
    path: &Path<'_>,
    problems: &mut Problems,
) -> Option<RecordedSeries> {
    let files_path = path.field("files");
    let before = problems.len();
    let mut series = RecordedSeries {
        samples: Vec::new(),
        files: Vec::new(),
        skipped: Vec::new(),
        duplicates: 0,
    };
    // (time, file order, q): sorted stably by time, the first of equal times kept.
    let mut all: Vec<(i64, [f64; 4])> = Vec::new();
    for (j, pattern) in source.files.iter().enumerate() {
        let at = files_path.index(j);
        let files = match expand(base, pattern) {
            Ok(files) => files,
            Err(message) => {
                problems.push(&at, message);
                continue;
            }
        };
        for file in files {
            let shown = file.display().to_string();
            let text = match std::fs::read_to_string(&file) {
                Ok(text) => text,
                Err(e) => {
                    problems.push(&at, format_args!("{shown}: cannot read: {e}"));
                    continue;
                }
            };
            match parse_attitude_csv(&text, source.norm_tolerance) {
                Ok(csv) => {
                    let name = file
                        .file_name()
                        .map_or(shown.clone(), |n| n.to_string_lossy().into_owned());
                    series
                        .skipped
                        .extend(csv.skipped.iter().map(|s| format!("{name}:{}", s.line)));
                    series.duplicates += csv.duplicates;
                    all.extend(csv.rows.iter().map(|r| (r.unix_ms, r.q)));
                }
                Err(e) => problems.push(&at, format_args!("{shown}:{e}")),
            }
            series.files.push(file);
        }
    }
    if problems.len() > before {
        return None;
    }
    all.sort_by_key(|(t, _)| *t);
    for (unix_ms, q) in all {
        if series.samples.last().is_some_and(|s| s.unix_ms == unix_ms) {
            series.duplicates += 1;
        } else {
            series.samples.push(QuatSample { unix_ms, q });
        }
    }
    if series.samples.len() < 2 {
        problems.push(
            &files_path,
            format_args!(
                "too few samples: {} in {} file(s) ({} row(s) skipped for a missing component); at least 2 are needed (a fixed attitude is `InertialHold`)",
                series.samples.len(),
                series.files.len(),
                series.skipped.len()
            ),
        );
        return None;
    }
    Some(series)
}

/// The files a `files` entry names: the path itself, or the matches of the
/// `*`/`?` pattern in its file name, in name order.
fn expand(base: &FsPath, pattern: &str) -> Result<Vec<PathBuf>, String> {
    let full = base.join(pattern);
    let name = full
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !name.contains(['*', '?']) {
        if !full.is_file() {
            return Err(format!("{}: no such file", full.display()));
        }
        return Ok(vec![full]);
    }
    let dir = full.parent().map(FsPath::to_path_buf).unwrap_or_default();
    let listing = if dir.as_os_str().is_empty() {
        FsPath::new(".")
    } else {
        &dir
    };
    let entries = std::fs::read_dir(listing)
        .map_err(|e| format!("{}: cannot list directory: {e}", listing.display()))?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().is_file())
        .filter(|e| wildcard_match(&name, &e.file_name().to_string_lossy()))
        .map(|e| dir.join(e.file_name()))
        .collect();
    found.sort();
    if found.is_empty() {
        return Err(format!("{}: no file matches", full.display()));
    }
    Ok(found)
}

/// Whether `name` matches `pattern` (`*` any run of characters, `?` one).
fn wildcard_match(pattern: &str, name: &str) -> bool {
    let (p, n): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    let (mut i, mut j) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while j < n.len() {
        if i < p.len() && (p[i] == '?' || p[i] == n[j]) {
            i += 1;
            j += 1;
        } else if i < p.len() && p[i] == '*' {
            star = Some((i, j));
            i += 1;
        } else if let Some((si, sj)) = star {
            i = si + 1;
            j = sj + 1;
            star = Some((si, sj + 1));
        } else {
            return false;
        }
    }
    p[i..].iter().all(|c| *c == '*')
}

/// Checks that every time-tagged run of the experiments hosted by the
/// spacecraft (`index`, `name`) is covered by the recorded samples (see the
/// module documentation); problems go to `experiments[k].runs[r]`.
pub(crate) fn check_coverage(
    samples: &[QuatSample],
    max_gap_s: f64,
    experiments: &[ExperimentConfig],
    (index, name): (usize, &str),
    problems: &mut Problems,
) {
    let (Some(first), Some(last)) = (samples.first(), samples.last()) else {
        return;
    };
    let max_gap_ms = max_gap_s * 1e3;
    let root = Path::root();
    let experiments_path = root.field("experiments");
    for (k, e) in experiments.iter().enumerate() {
        let hosted = e.spacecraft == name || (e.spacecraft.is_empty() && index == 0);
        if !hosted || !e.interval_s.is_finite() {
            continue;
        }
        let experiment = experiments_path.index(k);
        let runs = experiment.field("runs");
        for (r, run) in e.runs.iter().enumerate() {
            let start = run.start.unix_millis();
            let span_ms = f64::from(run.iterations.saturating_sub(1)) * e.interval_s * 1e3;
            let end = start.saturating_add(span_ms.round() as i64);
            let window = format!("run {} .. {}", show_ms(start), show_ms(end));
            let message = if (first.unix_ms - start) as f64 > max_gap_ms {
                format!(
                    "{window} starts {:.1} s before the first recorded attitude sample ({}); at most max_gap_s = {max_gap_s:?} s is allowed (the attitude would be held)",
                    (first.unix_ms - start) as f64 / 1e3,
                    show_ms(first.unix_ms)
                )
            } else if end.saturating_sub(last.unix_ms) as f64 > max_gap_ms {
                format!(
                    "{window} ends {:.1} s after the last recorded attitude sample ({}); at most max_gap_s = {max_gap_s:?} s is allowed (the attitude would be held)",
                    end.saturating_sub(last.unix_ms) as f64 / 1e3,
                    show_ms(last.unix_ms)
                )
            } else if let Some((w, uncovered)) = samples
                .windows(2)
                .map(|w| {
                    // The part of the gap between two samples inside the run.
                    let inside = w[1].unix_ms.min(end) - w[0].unix_ms.max(start);
                    (w, inside)
                })
                .find(|(_, inside)| *inside as f64 > max_gap_ms)
            {
                format!(
                    "{window} has no recorded attitude sample for {:.1} s (samples at {} and {}); at most max_gap_s = {max_gap_s:?} s is allowed",
                    uncovered as f64 / 1e3,
                    show_ms(w[0].unix_ms),
                    show_ms(w[1].unix_ms)
                )
            } else {
                continue;
            };
            problems.push(&runs.index(r), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_match_file_names() {
        assert!(wildcard_match("data_*.csv", "data_2021-04-16_17-17-36.csv"));
        assert!(wildcard_match(
            "data_2021-04-1?_*.csv",
            "data_2021-04-16_1.csv"
        ));
        assert!(wildcard_match("*", ""));
        assert!(wildcard_match("a*b*c", "aXbYbZc"));
        assert!(!wildcard_match("data_*.csv", "training_mochi-1.csv"));
        assert!(!wildcard_match("data_*.csv", "data_1.csv.bak"));
        assert!(!wildcard_match("?", ""));
    }
}
