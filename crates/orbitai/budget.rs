//! Refusing runaway jobs before they start: the estimated cost of the
//! scenarios (`orbitai_scenario::cost`) against this machine's memory and
//! the output filesystem's free space. [`crate::run_scenarios`] and
//! [`crate::run_scenario_with`] call it unless `RunOptions::force`; sweeps
//! check themselves (`orbitai::sweep::RunOptions::force`).

use std::path::Path;

use orbitai_scenario::{Budget, Cost, LoadedScenario, LoadedSweep};

use crate::error::Result;

/// What runs before `orbitai run`: the output directory `out` (a
/// directory that can be written, no scenario's place taken by a file),
/// then the scenarios' cost against this machine's budget
/// ([`Budget::for_machine`], [`check_scenarios`]).
pub fn preflight_scenarios(
    scenarios: &[LoadedScenario],
    max_duration_s: Option<f64>,
    out: Option<&Path>,
) -> Result<()> {
    if let Some(out) = out {
        crate::run::check_output_dirs(out, scenarios)?;
    }
    check_scenarios(scenarios, max_duration_s, &Budget::for_machine(out))
}

/// Refuses scenarios that together exceed `budget`, naming the costliest
/// file, with the estimate; `max_duration_s` is the run's cap on every
/// scenario's duration, s (as in [`crate::RunOptions`]). Scenarios run in
/// parallel, so their memory adds up.
pub fn check_scenarios(
    scenarios: &[LoadedScenario],
    max_duration_s: Option<f64>,
    budget: &Budget,
) -> Result<()> {
    let costs: Vec<Cost> = scenarios
        .iter()
        .map(
            |s| match max_duration_s.filter(|d| d.is_finite() && *d >= 0.0) {
                None => Cost::of_scenario(s),
                Some(limit) => {
                    let mut sim = s.sim.clone();
                    sim.duration_nanos = sim.duration_nanos.min((limit * 1e9) as i64);
                    Cost::of_config(&sim, s.scenario.outputs.logs)
                }
            },
        )
        .collect();
    let total = costs.iter().fold(Cost::default(), |a, c| a.plus(c));
    let costliest = costs
        .iter()
        .zip(scenarios)
        .max_by(|(a, _), (b, _)| a.ticks.total_cmp(&b.ticks))
        .map(|(_, s)| s.origin.clone())
        .unwrap_or_default();
    let origin = match scenarios.len() {
        1 => costliest,
        n => format!("{n} scenarios (the costliest: {costliest})"),
    };
    Ok(budget.check(&origin, total)?)
}

/// Refuses a sweep (or the `share` of it one shard runs: 1/N) over
/// `budget`, with the estimate.
pub fn check_sweep(sweep: &LoadedSweep, share: f64, budget: &Budget) -> Result<()> {
    let cost = Cost::of_sweep(sweep).scaled(share);
    Ok(budget.check(&sweep.origin, cost)?)
}
