//! Baseline files: what a scenario or sweep gave once, small enough to
//! review and commit (`<name>.baseline.json`): the digests of its outputs
//! and its headline metrics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::digest::{Digests, digest_tree, sha256};
use crate::error::{Error, Result};
use crate::run::{RunOptions, run_scenario};
use orbitai_sim::atomic_file::write_atomic;
use orbitai_sweep::stats::Summary;

/// The baseline file format this version writes and reads.
pub const FORMAT: u32 = 1;

/// What a baseline was made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A scenario file: metrics compared as values.
    Scenario,
    /// A sweep file: means compared against confidence intervals.
    Sweep,
}

/// One measured quantity: a scenario's value, or a sweep's mean and 95 %
/// confidence interval over its members (`None`: undefined).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Measure {
    /// A scenario metric.
    Value(Option<f64>),
    /// A sweep metric over `n` members.
    Interval {
        /// Members with a defined value.
        n: usize,
        /// Their mean.
        mean: Option<f64>,
        /// 95 % confidence interval of the mean, low end.
        ci95_low: Option<f64>,
        /// High end.
        ci95_high: Option<f64>,
    },
}

impl Measure {
    /// The value (scenario) or the mean (sweep).
    pub fn central(&self) -> Option<f64> {
        match self {
            Measure::Value(v) => *v,
            Measure::Interval { mean, .. } => *mean,
        }
    }
}

/// A baseline: the file it was made from, how, and what came out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Baseline {
    /// [`FORMAT`].
    pub format: u32,
    /// The simulator that made it (`orbitai 0.1.0`).
    pub simulator: String,
    /// Scenario or sweep.
    pub kind: Kind,
    /// The scenario or sweep file, relative to the baseline's directory.
    pub source: String,
    /// The scenario's (sweep's) name.
    pub name: String,
    /// Digest of the file's text (a sweep: and of its base scenario's).
    pub source_digest: String,
    /// Simulated seconds each run was cut to (`None`: the whole scenario).
    pub max_duration_s: Option<f64>,
    /// Output files that must stay bit-identical: the simulated telemetry
    /// and training log (none for a sweep, whose members are compared
    /// statistically).
    pub data: BTreeMap<String, String>,
    /// The other outputs' digests, for information.
    pub results: BTreeMap<String, String>,
    /// Per model (`experiment/arow_3D`; a sweep: `cell 0/experiment/arow_3D`)
    /// and metric, the value.
    pub metrics: BTreeMap<String, BTreeMap<String, Measure>>,
}

/// How baselines are made.
#[derive(Debug, Clone, Copy, Default)]
pub struct BaselineOptions {
    /// Cut every run to this many simulated seconds (a short regression
    /// test of a long scenario); recorded in the baseline.
    pub max_duration_s: Option<f64>,
    /// Worker threads (`None`: all cores); results do not depend on it.
    pub threads: Option<usize>,
}

/// The simulator's name and version, as baselines record it.
pub fn simulator() -> String {
    format!("orbitai {}", env!("CARGO_PKG_VERSION"))
}

/// The metrics kept for a sweep (of `sweep::aggregate::METRICS`).
const SWEEP_METRICS: [&str; 2] = ["grid_balanced_accuracy", "progressive_balanced_accuracy"];

/// `v` to 9 significant digits: a sweep's statistics are compared against
/// intervals, so the digits beyond say nothing and only make the file
/// longer (a fresh run is rounded the same way before comparing).
fn round9(v: Option<f64>) -> Option<f64> {
    v.map(|v| {
        if v == 0.0 || !v.is_finite() {
            return v;
        }
        let text = format!("{v:.8e}");
        text.parse().unwrap_or(v)
    })
}

/// Runs the scenario or sweep file `source` (into a scratch directory,
/// removed after) and records its baseline; `source` is written relative
/// to `dir`, where the baseline will live.
pub fn make(source: &Path, dir: &Path, options: &BaselineOptions) -> Result<Baseline> {
    let text = std::fs::read_to_string(source).map_err(|e| Error::Output {
        context: format!("{}: cannot read", source.display()),
        source: e,
    })?;
    let scratch = Scratch::new()?;
    let mut baseline = if orbitai_scenario::sweep::is_sweep_text(&text) {
        sweep_baseline(source, &scratch.0, options)?
    } else {
        scenario_baseline(source, &scratch.0, options)?
    };
    baseline.source = relative_to(source, dir);
    Ok(baseline)
}

fn scenario_baseline(source: &Path, scratch: &Path, options: &BaselineOptions) -> Result<Baseline> {
    let run_options = RunOptions {
        out: Some(scratch),
        threads: options.threads,
        max_duration_s: options.max_duration_s,
        ..RunOptions::default()
    };
    let run = run_scenario(source, &run_options)?;
    let dir = run.dir.clone().expect("written");
    let digests = digest_tree(&dir).map_err(|e| Error::Output {
        context: format!("reading {}", dir.display()),
        source: e,
    })?;
    let mut metrics = BTreeMap::new();
    for e in &run.outcome.experiments {
        let labels = orbitai_sim::output::model_labels(e);
        let grids = orbitai_sim::output::final_grid(e);
        let progressive = orbitai_sim::output::overall_progressive(e);
        let counts = orbitai_sim::output::model_counts(e);
        for (((label, grid), p), (samples, updates)) in
            labels.iter().zip(&grids).zip(&progressive).zip(counts)
        {
            let value = |v: f64| Measure::Value(v.is_finite().then_some(v));
            let mut m = BTreeMap::new();
            m.insert(
                "grid_balanced_accuracy".into(),
                value(grid.balanced_accuracy()),
            );
            m.insert("grid_f1".into(), value(grid.f1()));
            m.insert(
                "progressive_balanced_accuracy".into(),
                value(p.balanced_accuracy()),
            );
            m.insert("progressive_f1".into(), value(p.f1()));
            m.insert("samples".into(), Measure::Value(Some(samples as f64)));
            m.insert("updates".into(), Measure::Value(updates.map(|u| u as f64)));
            metrics.insert(format!("{}/{label}", e.name), m);
        }
    }
    Ok(Baseline {
        format: FORMAT,
        simulator: simulator(),
        kind: Kind::Scenario,
        source: String::new(),
        name: run.scenario.sim.name.clone(),
        source_digest: sha256(run.scenario.text.as_bytes()),
        max_duration_s: options.max_duration_s,
        data: digests.data,
        results: digests.results,
        metrics,
    })
}

fn sweep_baseline(source: &Path, scratch: &Path, options: &BaselineOptions) -> Result<Baseline> {
    let sweep = orbitai_sweep::Sweep::load(source)?;
    if options.max_duration_s.is_some() {
        return Err(Error::Option(format!(
            "{}: max_duration_s applies to scenarios; shorten a sweep's base scenario with a `set` of duration_s",
            source.display()
        )));
    }
    let out = scratch.join("sweep");
    let outcome = sweep.run(&orbitai_sweep::RunOptions {
        out: Some(&out),
        threads: options.threads,
        ..Default::default()
    })?;
    let Digests { results, .. } = digest_tree(&out).map_err(|e| Error::Output {
        context: format!("reading {}", out.display()),
        source: e,
    })?;
    // Only the tables: plots, the report and the parts follow from them.
    let results = results
        .into_iter()
        .filter(|(k, _)| {
            matches!(
                k.as_str(),
                "members.csv" | "aggregate.csv" | "aggregate.json"
            )
        })
        .collect();
    let mut metrics = BTreeMap::new();
    for (c, cell) in outcome.assembled.cells.iter().enumerate() {
        for model in &cell.models {
            let mut m = BTreeMap::new();
            for name in SWEEP_METRICS {
                let k = orbitai_sweep::aggregate::METRICS
                    .iter()
                    .position(|x| *x == name)
                    .expect("a metric of the aggregate");
                let s = Summary::of(&model.values[k]);
                m.insert(
                    name.to_owned(),
                    Measure::Interval {
                        n: s.n,
                        mean: round9(s.mean),
                        ci95_low: round9(s.ci95_low),
                        ci95_high: round9(s.ci95_high),
                    },
                );
            }
            let label = model.label.replace(' ', "_");
            metrics.insert(format!("cell {c}/{}/{label}", model.experiment), m);
        }
    }
    let loaded = &sweep.loaded;
    let texts = format!("{}\n{}", loaded.text, loaded.base.text);
    Ok(Baseline {
        format: FORMAT,
        simulator: simulator(),
        kind: Kind::Sweep,
        source: String::new(),
        name: loaded.sweep.name.clone(),
        source_digest: sha256(texts.as_bytes()),
        max_duration_s: None,
        data: BTreeMap::new(),
        results,
        metrics,
    })
}

/// The baseline file of `name` in `dir`.
pub fn path_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{name}.baseline.json"))
}

/// Writes `baseline` to `dir/<name>.baseline.json` (atomically).
pub fn write(dir: &Path, baseline: &Baseline) -> Result<PathBuf> {
    let path = path_in(dir, &baseline.name);
    write_atomic(&path, to_text(baseline).as_bytes())?;
    Ok(path)
}

/// The baseline as JSON for review: one line per field, digest and model
/// (so that a diff shows which model moved).
pub fn to_text(baseline: &Baseline) -> String {
    let mut value = serde_json::to_value(baseline).expect("JSON of plain values");
    let fields = value.as_object_mut().expect("an object");
    let metrics = fields.remove("metrics").unwrap_or_default();
    let head = serde_json::to_string_pretty(&value).expect("JSON of plain values");
    let mut text = head.trim_end().trim_end_matches('}').trim_end().to_owned();
    text.push_str(",\n  \"metrics\": {");
    let models = metrics
        .as_object()
        .map(|m| m.iter().collect::<Vec<_>>())
        .unwrap_or_default();
    for (k, (model, values)) in models.iter().enumerate() {
        text.push_str(if k == 0 { "\n" } else { ",\n" });
        text.push_str(&format!(
            "    {}: {values}",
            serde_json::Value::from(model.as_str())
        ));
    }
    text.push_str("\n  }\n}\n");
    text
}

/// Reads a baseline file; the error names the file and the field.
pub fn read(path: &Path) -> Result<Baseline> {
    let fail = |message: String| Error::Option(format!("{}: {message}", path.display()));
    let text = std::fs::read_to_string(path).map_err(|e| fail(format!("cannot read: {e}")))?;
    let mut deserializer = serde_json::Deserializer::from_str(&text);
    let baseline: Baseline = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let inner = e.inner();
        fail(format!(
            "{}:{}: {}: {inner}",
            inner.line(),
            inner.column(),
            e.path()
        ))
    })?;
    if baseline.format != FORMAT {
        return Err(fail(format!(
            "format {} (this orbitai reads format {FORMAT}); remake it with `orbitai baseline`",
            baseline.format
        )));
    }
    Ok(baseline)
}

/// The baseline files of `dir` (`*.baseline.json`, sorted).
pub fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::ReadDir {
        dir: dir.to_path_buf(),
        source,
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".baseline.json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Option(format!(
            "{}: no *.baseline.json files (make them with `orbitai baseline`)",
            dir.display()
        )));
    }
    Ok(files)
}

/// `path` relative to `dir` (both made absolute), with `/` separators.
pub fn relative_to(path: &Path, dir: &Path) -> String {
    let absolute = |p: &Path| {
        std::path::absolute(p)
            .map(|p| normalise(&p))
            .unwrap_or_else(|_| p.to_path_buf())
    };
    let (path, dir) = (absolute(path), absolute(dir));
    let (a, b): (Vec<_>, Vec<_>) = (path.components().collect(), dir.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut parts: Vec<String> = vec!["..".into(); b.len() - common];
    parts.extend(
        a[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

/// `path` without `.` and `..` components (lexically).
fn normalise(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// A scratch directory removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new() -> Result<Scratch> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let dir = std::env::temp_dir().join(format!(
            "orbitai-baseline-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| Error::Output {
            context: format!("creating {}", dir.display()),
            source: e,
        })?;
        Ok(Scratch(dir))
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths() {
        assert_eq!(
            relative_to(Path::new("/a/b/c.ron"), Path::new("/a/x/y")),
            "../../b/c.ron"
        );
        assert_eq!(
            relative_to(Path::new("/a/b/c.ron"), Path::new("/a/b")),
            "c.ron"
        );
        assert_eq!(
            relative_to(Path::new("/a/./b/../c.ron"), Path::new("/a")),
            "c.ron"
        );
    }

    #[test]
    fn the_text_reads_back_and_rounding_keeps_nine_digits() {
        let mut metrics = BTreeMap::new();
        let interval = Measure::Interval {
            n: 3,
            mean: round9(Some(0.123_456_789_123)),
            ci95_low: None,
            ci95_high: Some(1.0),
        };
        metrics.insert(
            "orbitai/arow_3D".to_owned(),
            BTreeMap::from([
                ("a".to_owned(), Measure::Value(None)),
                ("b".to_owned(), interval),
            ]),
        );
        let baseline = Baseline {
            format: FORMAT,
            simulator: simulator(),
            kind: Kind::Sweep,
            source: "x.ron".into(),
            name: "x".into(),
            source_digest: sha256(b"x"),
            max_duration_s: Some(60.0),
            data: BTreeMap::new(),
            results: BTreeMap::from([("m.csv".to_owned(), sha256(b""))]),
            metrics,
        };
        let text = to_text(&baseline);
        assert_eq!(
            text.lines().filter(|l| l.contains("arow_3D")).count(),
            1,
            "{text}"
        );
        let back: Baseline = serde_json::from_str(&text).unwrap();
        assert_eq!(back, baseline);
        assert_eq!(round9(Some(0.123_456_789_123)), Some(0.123_456_789));
        assert_eq!(round9(Some(0.0)), Some(0.0));
    }
}
