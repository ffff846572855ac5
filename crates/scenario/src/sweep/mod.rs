//! Sweep files: Monte Carlo dispersions and grids over a base scenario.
//!
//! ```ron
//! Sweep(
//!     name: "noise",
//!     base: "../tumbling.ron",          // relative to this file
//!     members: 200,                     // Monte Carlo members per grid cell
//!     seed: 7,                          // master seed of every member
//!     set: [(path: "step_s", value: 5.0)],
//!     dispersions: [
//!         (path: "spacecraft[0].craft.attitude.entries[0].mode.Spin.initial",
//!          dist: UniformRotation),
//!         (path: "start", also: ["experiments[*].runs[*].start"],
//!          dist: Uniform(0.0, 86400.0), apply: Add),
//!     ],
//!     grid: [
//!         (path: "spacecraft[0].craft.photodiodes.diodes[*].noise_sigma",
//!          values: [0.0, 0.01, 0.02]),
//!     ],
//! )
//! ```
//!
//! # Semantics
//!
//! - The base scenario is read (with its defaults filled in) and seen in
//!   the serde data model: a field path such as
//!   `spacecraft[0].craft.attitude.entries[0].mode.Spin.rate_rad_s[2]`
//!   names any value, defaulted or not, with enum variants by name as in
//!   error messages; `[*]` stands for every element of a list.
//! - `set` values apply to every member; then the grid cell's values; then
//!   the member's draws; then `curve_every` on every experiment.
//! - **Draws**: dispersion `d` of member `m` comes from the stream
//!   `(seed, m, Dispersion d)` (see `orbitai_craft::rng`): it depends only
//!   on the master seed, the member and the dispersion's position, never on
//!   scheduling, shards or other dispersions. One draw is applied to every
//!   path the dispersion names (`path` and `also`, `[*]` expanded), or with
//!   `each: true` one independent draw per path (match `k` of dispersion
//!   `d` uses the stream `(seed, m, Dispersion d, k)`).
//! - **Grid**: the cells are the Cartesian product of the axes (the first
//!   axis varies slowest). Every cell runs the same members `0..members`
//!   with the same draws and noise streams (common random numbers), so
//!   cells are compared on identical campaigns.
//! - Member `m` simulates with master seed `seed` and run index `m` (the
//!   base scenario's own seed is replaced).
//! - `apply: Add` adds to a number or adds seconds to an epoch (an epoch
//!   offset); `Scale` multiplies a number; `Set` (default) replaces.

mod dist;
mod json_ron;
mod pattern;
mod plan;
mod ron_json;

pub use dist::Distribution;
pub use json_ron::sweep_json_to_ron;
pub use pattern::{Apply, PathPattern};
pub use plan::{LoadedSweep, Member, load_sweep, sweep_from_text};
pub use ron_json::ron_to_json;

use ron::value::RawValue;
use serde::Deserialize;

use crate::path::Path;
use crate::validate::{Problems, Validate};

/// Whether a RON text is a sweep file (its value is named `Sweep(…)`)
/// rather than a scenario; decides how `orbitai check` reads a file.
pub fn is_sweep_text(text: &str) -> bool {
    use crate::lexer::{Delim, TokenKind};
    let tokens = crate::lexer::tokenize(text);
    let mut k = 0;
    // Skip `#![enable(…)]` attributes.
    while tokens.get(k).is_some_and(|t| t.kind == TokenKind::Other) {
        let mut depth = 0usize;
        while let Some(t) = tokens.get(k) {
            k += 1;
            match t.kind {
                TokenKind::Open(Delim::Bracket) => depth += 1,
                TokenKind::Close(Delim::Bracket) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
    }
    tokens
        .get(k)
        .is_some_and(|t| t.kind == TokenKind::Ident && &text[t.start..t.end] == "Sweep")
}

/// Most simulations one sweep may hold at all (cells × members): its job
/// list alone would need 80 GB. Far fewer are refused by
/// [`crate::cost::Budget`] unless forced.
pub const MAX_JOBS: u64 = 10_000_000_000;

/// A sweep file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sweep {
    /// Name (labels, plots).
    pub name: String,
    /// The base scenario file, relative to the sweep file.
    pub base: String,
    /// Monte Carlo members per grid cell.
    pub members: u32,
    /// Master seed (default 0).
    #[serde(default)]
    pub seed: u64,
    /// Which full per-member outputs to keep (default: rows only).
    #[serde(default)]
    pub keep: KeepMembers,
    /// Samples between points of the learning curves (ground-grid balanced
    /// accuracy of every model; default 50, 0 for none).
    #[serde(default = "default_curve_every")]
    pub curve_every: u32,
    /// Fixed changes to the base scenario, applied to every member.
    #[serde(default)]
    pub set: Vec<Setting>,
    /// Random draws per member.
    #[serde(default)]
    pub dispersions: Vec<Dispersion>,
    /// Axes of the grid (none: one cell).
    #[serde(default)]
    pub grid: Vec<GridAxis>,
}

fn default_curve_every() -> u32 {
    50
}

/// Which members keep their complete outputs (as `orbitai run` writes
/// them) under `OUT/members/<job>/`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, serde::Serialize)]
pub enum KeepMembers {
    /// None: one result row per member and model.
    #[default]
    Summary,
    /// Every member.
    Full,
    /// Failed members only (their scenario and error).
    Failed,
}

/// A fixed change.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Setting {
    /// Field path (`[*]` allowed).
    pub path: String,
    /// The new value (any RON value, see [`ron_to_json`]).
    pub value: Box<RawValue>,
}

/// A random draw per member.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dispersion {
    /// Column name in the results (default: the path).
    #[serde(default)]
    pub name: Option<String>,
    /// Field path (`[*]` allowed).
    pub path: String,
    /// More paths that receive the same draw.
    #[serde(default)]
    pub also: Vec<String>,
    /// Draw separately for every path matched (e.g. every element of a
    /// `[*]`) instead of one shared draw; the column then holds the list.
    #[serde(default)]
    pub each: bool,
    /// What is drawn.
    pub dist: Distribution,
    /// How the draw changes the field (default `Set`).
    #[serde(default)]
    pub apply: Apply,
}

/// One axis of the grid.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GridAxis {
    /// Column name in the results (default: the path).
    #[serde(default)]
    pub name: Option<String>,
    /// Field path (`[*]` allowed).
    pub path: String,
    /// More paths that receive the same value.
    #[serde(default)]
    pub also: Vec<String>,
    /// The values, one per cell along this axis (any RON values).
    pub values: Vec<Box<RawValue>>,
}

impl Validate for Sweep {
    /// The checks that need no base scenario; [`load_sweep`] adds those
    /// that do (paths exist, values fit).
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        problems.non_blank(&path.field("name"), &self.name);
        problems.non_blank(&path.field("base"), &self.base);
        problems.positive(&path.field("members"), self.members);
        let dispersions = path.field("dispersions");
        for (k, d) in self.dispersions.iter().enumerate() {
            let at = dispersions.index(k);
            d.dist.validate(&at.field("dist"), problems);
            if d.apply != Apply::Set && !d.dist.is_numeric() {
                problems.push(
                    &at.field("apply"),
                    format_args!("{:?} needs a numeric distribution", d.apply),
                );
            }
        }
        let grid = path.field("grid");
        let mut cells: u64 = 1;
        for (k, axis) in self.grid.iter().enumerate() {
            problems.non_empty(&grid.index(k).field("values"), &axis.values);
            cells = cells.saturating_mul(axis.values.len().max(1) as u64);
        }
        let jobs = cells.saturating_mul(u64::from(self.members));
        problems.check(
            &path.field("members"),
            jobs <= MAX_JOBS,
            format_args!(
                "{cells} grid cell(s) × {} members is more than {MAX_JOBS}",
                self.members
            ),
        );
        if self.dispersions.len() > usize::from(u16::MAX) {
            problems.push(&dispersions, "more than 65535 dispersions");
        }
    }
}
