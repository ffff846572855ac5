//! Refusing runaway jobs before they start: the estimated cost of the
//! scenarios (`orbitai_scenario::cost`) against this machine's memory and
//! the output filesystem's free space. [`crate::run_scenarios`] and
//! [`crate::run_scenario_with`] call it unless `RunOptions::force`; sweeps
//! check themselves (`orbitai::sweep::RunOptions::force`).

use orbitai_scenario::{Budget, Cost, LoadedScenario, LoadedSweep};

use crate::error::Result;

/// Refuses scenarios that together exceed `budget`, naming the costliest
/// file, with the estimate (durations as they will run: a run's cap is
/// applied to the scenarios first). Scenarios run in parallel, so their
/// memory adds up.
pub fn check_scenarios(scenarios: &[LoadedScenario], budget: &Budget) -> Result<()> {
    let costs: Vec<Cost> = scenarios.iter().map(Cost::of_scenario).collect();
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
