//! The configuration the tests and benchmarks build: OPS-SAT from its
//! bundled TLE with the default craft, and the given experiments.

use orbitai_astro::{Epoch, PropagatorMode, Shadow, tle};
use orbitai_craft::CraftConfig;
use orbitai_sim::{ExperimentConfig, SimConfig, SpacecraftSpec};

const OPSSAT: &str = include_str!("../../../../assets/tle/opssat-2021-02-08.tle");

/// `seconds` of OPS-SAT from `start` at 1 s steps, seed `seed`.
pub fn opssat(
    name: &str,
    start: Epoch,
    seconds: i64,
    seed: u64,
    experiments: Vec<ExperimentConfig>,
) -> SimConfig {
    SimConfig {
        name: name.into(),
        start,
        duration_nanos: seconds * 1_000_000_000,
        step_nanos: 1_000_000_000,
        seed,
        run_index: 0,
        shadow: Shadow::default(),
        spacecraft: vec![SpacecraftSpec {
            name: "OPS-SAT".into(),
            tle: tle::parse_str(OPSSAT, "opssat").unwrap().remove(0),
            propagator: PropagatorMode::Afspc,
            orbit_node_spacing_s: orbitai_astro::orbit_interpolator::DEFAULT_NODE_SPACING_S,
            craft: CraftConfig::default(),
        }],
        experiments,
    }
}
