//! A loaded sweep: the base scenario in the serde data model, the compiled
//! paths and values, and the construction of any member's scenario.

use std::path::{Path as FsPath, PathBuf};

use orbitai_craft::rng::{SensorKind, StreamId, stream_rng};
use orbitai_sim::SimConfig;
use serde_json::Value;

use super::Sweep;
use super::dist::Distribution;
use super::pattern::{Apply, PathPattern, apply, get_mut};
use super::ron_json::ron_to_json;
use crate::file::ScenarioFileError;
use crate::path::{FieldPath, Path};
use crate::scenario::{LoadedScenario, Scenario, load_scenario, resolve_scenario};
use crate::source_map::SourceMap;
use crate::validate::{Problems, Validate, ValidationError};

/// Values put at concrete paths.
#[derive(Debug, Clone)]
struct Target {
    /// Column name.
    name: String,
    /// Every concrete path.
    paths: Vec<FieldPath>,
}

#[derive(Debug, Clone)]
struct CompiledDispersion {
    target: Target,
    each: bool,
    dist: Distribution,
    choices: Vec<Value>,
    apply: Apply,
}

#[derive(Debug, Clone)]
struct CompiledAxis {
    target: Target,
    values: Vec<Value>,
}

/// A validated sweep, ready to build members.
#[derive(Debug, Clone)]
pub struct LoadedSweep {
    /// The sweep file as given.
    pub origin: String,
    /// Its text (copied next to the results).
    pub text: String,
    /// The parsed sweep.
    pub sweep: Sweep,
    /// The base scenario as loaded.
    pub base: LoadedScenario,
    /// Directory of the base scenario (its relative paths start there).
    base_dir: PathBuf,
    /// The base scenario with `set` and `curve_every` applied.
    base_json: Value,
    dispersions: Vec<CompiledDispersion>,
    grid: Vec<CompiledAxis>,
}

/// One simulation of a sweep.
#[derive(Debug, Clone)]
pub struct Member {
    /// Position in the whole sweep: `cell × members + member`.
    pub job: u64,
    /// Grid cell.
    pub cell: usize,
    /// Monte Carlo member within the cell.
    pub member: u32,
    /// The cell's value per grid axis.
    pub grid: Vec<Value>,
    /// The draw per dispersion.
    pub draws: Vec<Value>,
    /// The member's scenario, in the serde data model (JSON).
    pub scenario: Value,
    /// What to simulate, or why the member cannot run
    /// (`field.path: message`).
    pub config: Result<SimConfig, String>,
}

/// Reads, parses and validates a sweep file and its base scenario; every
/// problem is reported at once, placed in the sweep file.
pub fn load_sweep(path: &FsPath) -> Result<LoadedSweep, ScenarioFileError> {
    let origin = path.display().to_string();
    let text = orbitai_astro::input::read_text(path).map_err(|source| ScenarioFileError::Read {
        origin: origin.clone(),
        source,
    })?;
    let dir = path.parent().map(FsPath::to_path_buf).unwrap_or_default();
    sweep_from_text(&text, &origin, &dir)
}

/// As [`load_sweep`], from text; the base path is taken from `dir`.
pub fn sweep_from_text(
    text: &str,
    origin: &str,
    dir: &FsPath,
) -> Result<LoadedSweep, ScenarioFileError> {
    let sweep: Sweep = crate::load::load(text, origin)?;
    let invalid = |problems: Problems| {
        ScenarioFileError::Invalid(ValidationError::new(
            origin,
            &SourceMap::new(text),
            problems,
        ))
    };
    let root = Path::root();
    let (set_at, grid_at, dispersions_at) = (
        root.field("set"),
        root.field("grid"),
        root.field("dispersions"),
    );
    let mut problems = Problems::new();
    sweep.validate(&root, &mut problems);
    let base_path = dir.join(&sweep.base);
    let base = match load_scenario(&base_path) {
        Ok(base) => base,
        Err(error) => {
            problems.push(
                &root.field("base"),
                format_args!("the base scenario cannot be used:\n{error}"),
            );
            return Err(invalid(problems));
        }
    };
    let base_dir = base_path
        .parent()
        .map(FsPath::to_path_buf)
        .unwrap_or_default();
    let mut base_json = serde_json::to_value(&base.scenario).expect("scenarios are plain data");

    for (k, setting) in sweep.set.iter().enumerate() {
        let at = set_at.index(k);
        let Some(target) = compile_target(&setting.path, &[], None, &base_json, &at, &mut problems)
        else {
            continue;
        };
        match ron_to_json(setting.value.get_ron()) {
            Ok(value) => put(&mut base_json, &target.paths, &value, Apply::Set)
                .unwrap_or_else(|e| problems.push(&at.field("value"), e)),
            Err(e) => problems.push(&at.field("value"), e),
        }
    }
    if sweep.curve_every > 0
        && let Some(experiments) = base_json
            .get_mut("experiments")
            .and_then(Value::as_array_mut)
    {
        for experiment in experiments {
            experiment["curve_every"] = Value::from(sweep.curve_every);
        }
    }

    let mut grid = Vec::new();
    for (k, axis) in sweep.grid.iter().enumerate() {
        let at = grid_at.index(k);
        let target = compile_target(
            &axis.path,
            &axis.also,
            axis.name.as_deref(),
            &base_json,
            &at,
            &mut problems,
        );
        let values = ron_values(&axis.values, &at.field("values"), &mut problems);
        if let Some(target) = target {
            grid.push(CompiledAxis { target, values });
        }
    }
    let mut dispersions = Vec::new();
    for (k, d) in sweep.dispersions.iter().enumerate() {
        let at = dispersions_at.index(k);
        let target = compile_target(
            &d.path,
            &d.also,
            d.name.as_deref(),
            &base_json,
            &at,
            &mut problems,
        );
        let choices = match &d.dist {
            Distribution::Choice(options) => {
                ron_values(options, &at.field("dist").field("Choice"), &mut problems)
            }
            _ => Vec::new(),
        };
        if let Some(target) = target {
            dispersions.push(CompiledDispersion {
                target,
                each: d.each,
                dist: d.dist.clone(),
                choices,
                apply: d.apply,
            });
        }
    }
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    let loaded = LoadedSweep {
        origin: origin.to_owned(),
        text: text.to_owned(),
        sweep,
        base,
        base_dir,
        base_json,
        dispersions,
        grid,
    };
    loaded.trial(&mut problems);
    if !problems.is_empty() {
        return Err(invalid(problems));
    }
    Ok(loaded)
}

/// Parses and expands `path` and `also`; problems go to `at.path`/`at.also[k]`.
fn compile_target(
    path: &str,
    also: &[String],
    name: Option<&str>,
    base: &Value,
    at: &Path<'_>,
    problems: &mut Problems,
) -> Option<Target> {
    let mut paths = Vec::new();
    let mut ok = true;
    let also_at = at.field("also");
    let all = std::iter::once((at.field("path"), path)).chain(
        also.iter()
            .enumerate()
            .map(|(k, p)| (also_at.index(k), p.as_str())),
    );
    for (where_, text) in all {
        match text.parse::<PathPattern>().and_then(|p| p.expand(base)) {
            Ok(found) => paths.extend(found),
            Err(e) => {
                problems.push(&where_, e);
                ok = false;
            }
        }
    }
    ok.then(|| Target {
        name: name.map_or_else(|| path.to_owned(), str::to_owned),
        paths,
    })
}

fn ron_values(
    raws: &[Box<ron::value::RawValue>],
    at: &Path<'_>,
    problems: &mut Problems,
) -> Vec<Value> {
    raws.iter()
        .enumerate()
        .filter_map(|(k, raw)| match ron_to_json(raw.get_ron()) {
            Ok(v) => Some(v),
            Err(e) => {
                problems.push(&at.index(k), e);
                None
            }
        })
        .collect()
}

fn put(root: &mut Value, paths: &[FieldPath], value: &Value, how: Apply) -> Result<(), String> {
    for path in paths {
        let field = get_mut(root, path).ok_or_else(|| format!("`{path}` vanished"))?;
        apply(field, value, how).map_err(|e| format!("`{path}`: {e}"))?;
    }
    Ok(())
}

impl LoadedSweep {
    /// Grid cells (1 without a grid).
    pub fn cells(&self) -> usize {
        self.grid.iter().map(|a| a.values.len()).product()
    }

    /// Simulations in the whole sweep: cells × members.
    pub fn jobs(&self) -> u64 {
        self.cells() as u64 * u64::from(self.sweep.members)
    }

    /// Column names of the grid axes.
    pub fn grid_columns(&self) -> Vec<String> {
        self.grid.iter().map(|a| a.target.name.clone()).collect()
    }

    /// Column names of the dispersions.
    pub fn dispersion_columns(&self) -> Vec<String> {
        self.dispersions
            .iter()
            .map(|d| d.target.name.clone())
            .collect()
    }

    /// The value per grid axis of `cell` (the first axis varies slowest).
    pub fn cell_values(&self, cell: usize) -> Vec<Value> {
        let mut rest = cell;
        let mut values = vec![Value::Null; self.grid.len()];
        for (k, axis) in self.grid.iter().enumerate().rev() {
            let n = axis.values.len();
            values[k] = axis.values[rest % n].clone();
            rest /= n;
        }
        values
    }

    /// Job `job` of the sweep (`cell × members + member`).
    pub fn member(&self, job: u64) -> Member {
        let members = u64::from(self.sweep.members);
        let cell = (job / members) as usize;
        let member = (job % members) as u32;
        self.build(cell, member, None)
    }

    /// Builds a member; `force` replaces one dispersion's draw (checks).
    fn build(&self, cell: usize, member: u32, force: Option<(usize, &Value)>) -> Member {
        let job = cell as u64 * u64::from(self.sweep.members) + u64::from(member);
        let grid = self.cell_values(cell);
        let draws: Vec<Value> = self
            .dispersions
            .iter()
            .enumerate()
            .map(|(d, dispersion)| match force {
                Some((k, value)) if k == d => value.clone(),
                _ => {
                    let draw = |k: usize| {
                        let stream = StreamId::new(k as u32, SensorKind::Dispersion, d as u16);
                        let mut rng = stream_rng(self.sweep.seed, u64::from(member), stream);
                        dispersion.dist.draw(&mut rng, &dispersion.choices)
                    };
                    if dispersion.each {
                        Value::Array((0..dispersion.target.paths.len()).map(draw).collect())
                    } else {
                        draw(0)
                    }
                }
            })
            .collect();
        let mut scenario = self.base_json.clone();
        let mut config = Ok(());
        for (axis, value) in self.grid.iter().zip(&grid) {
            config =
                config.and_then(|()| put(&mut scenario, &axis.target.paths, value, Apply::Set));
        }
        for (d, value) in self.dispersions.iter().zip(&draws) {
            config = config.and_then(|()| match (d.each, value) {
                (true, Value::Array(values)) => {
                    d.target.paths.iter().zip(values).try_for_each(|(path, v)| {
                        put(&mut scenario, std::slice::from_ref(path), v, d.apply)
                    })
                }
                _ => put(&mut scenario, &d.target.paths, value, d.apply),
            });
        }
        let config = config.and_then(|()| self.resolve(&scenario, job, member));
        Member {
            job,
            cell,
            member,
            grid,
            draws,
            scenario,
            config,
        }
    }

    /// The member's simulation, or `field.path: message` problems.
    fn resolve(&self, json: &Value, job: u64, member: u32) -> Result<SimConfig, String> {
        let scenario: Scenario = serde_path_to_error::deserialize(json).map_err(|e| {
            let path = e.path().to_string();
            format!("{path}: {}", e.into_inner())
        })?;
        let mut problems = Problems::new();
        scenario.validate(&Path::root(), &mut problems);
        let config = if problems.is_empty() {
            resolve_scenario(&scenario, &self.base_dir, &mut problems, &mut Vec::new())
        } else {
            None
        };
        match config {
            Some(mut config) if problems.is_empty() => {
                config.name = format!("{}-{job}", self.sweep.name);
                config.seed = self.sweep.seed;
                config.run_index = u64::from(member);
                Ok(config)
            }
            _ => Err(problems
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("; ")),
        }
    }

    /// Check-time trials: member 0 of every cell (up to 64), and member 0
    /// with each `Choice` option; failures are placed at the grid axis or
    /// dispersion whose path the error names, else at `base`.
    fn trial(&self, problems: &mut Problems) {
        let root = Path::root();
        let mut report = |member: &Member, fallback: FieldPath| {
            if let Err(message) = &member.config {
                let at = self.blame(message).unwrap_or(fallback);
                problems.push_at(
                    at,
                    format_args!("member {} would fail: {message}", member.job),
                );
            }
        };
        for cell in 0..self.cells().min(64) {
            let member = self.build(cell, 0, None);
            let fallback = if self.grid.is_empty() {
                root.field("base").to_field_path()
            } else {
                root.field("grid").to_field_path()
            };
            report(&member, fallback);
            if member.config.is_err() {
                return;
            }
        }
        for (d, dispersion) in self.dispersions.iter().enumerate() {
            for (k, choice) in dispersion.choices.iter().enumerate() {
                let member = self.build(0, 0, Some((d, choice)));
                let at = FieldPath::root()
                    .key("dispersions")
                    .index(d)
                    .key("dist")
                    .key("Choice")
                    .index(k);
                report(&member, at);
            }
        }
    }

    /// The sweep entry whose paths a member error names.
    fn blame(&self, message: &str) -> Option<FieldPath> {
        let (field, _) = message.split_once(": ")?;
        let root = FieldPath::root();
        let hits = |target: &Target| {
            target
                .paths
                .iter()
                .any(|p| p.to_string() == field || field.starts_with(&format!("{p}.")))
        };
        if let Some(d) = self.dispersions.iter().position(|d| hits(&d.target)) {
            return Some(root.key("dispersions").index(d).key("path"));
        }
        let k = self.grid.iter().position(|a| hits(&a.target))?;
        Some(root.key("grid").index(k).key("values"))
    }
}
