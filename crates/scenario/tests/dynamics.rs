//! Rigid-body attitude entries in a scenario file (`Dynamic`, `Controlled`,
//! `Detumble` and `attitude.dynamics`): read from RON with their defaults,
//! and their problems placed at file:line:column.

use std::path::Path;

use orbitai_craft::attitude::AttitudeModeConfig;
use orbitai_craft::dynamics::{DynamicsConfig, TorqueConfig};
use orbitai_scenario::{LoadedScenario, ScenarioFileError, scenario_from_text};

mod support;
use support::OPSSAT_TLE as TLE;

/// A scenario whose spacecraft has the attitude `attitude` (RON text).
fn load(attitude: &str) -> Result<LoadedScenario, ScenarioFileError> {
    let text = format!(
        r#"Scenario(
    name: "dynamics",
    start: "2021-02-08T18:40:00Z",
    duration_s: 60,
    spacecraft: [(
        tle: Lines("{}", "{}"),
        craft: (attitude: {attitude}),
    )],
)
"#,
        TLE.0, TLE.1
    );
    scenario_from_text(&text, "dynamics.ron", Path::new("."))
}

fn modes(attitude: &str) -> Vec<AttitudeModeConfig> {
    let loaded = load(attitude).unwrap_or_else(|e| panic!("{e}"));
    loaded.sim.spacecraft[0]
        .craft
        .attitude
        .entries
        .iter()
        .map(|e| e.mode.clone())
        .collect()
}

#[test]
fn rigid_entries_read_from_ron_with_every_torque_by_default() {
    let got = modes(
        "(entries: [
            (start_s: 0, mode: Dynamic(initial_rate_rad_s: (0.1, 0, 0))),
            (start_s: 10, mode: Detumble()),
            (start_s: 20, mode: Controlled(target: SunPointing(axis: (0, 0, 1), secondary_axis: (1, 0, 0), secondary: Nadir), torques: (gravity_gradient: true))),
        ])",
    );
    assert_eq!(
        got[0],
        AttitudeModeConfig::Dynamic {
            initial: None,
            initial_rate_rad_s: Some([0.1, 0.0, 0.0]),
            torques: TorqueConfig::ALL,
        }
    );
    assert_eq!(
        got[1],
        AttitudeModeConfig::Detumble {
            torques: TorqueConfig::ALL
        }
    );
    let AttitudeModeConfig::Controlled { target, torques } = &got[2] else {
        panic!("{:?}", got[2]);
    };
    assert!(matches!(**target, AttitudeModeConfig::SunPointing { .. }));
    assert_eq!(
        *torques,
        TorqueConfig {
            gravity_gradient: true,
            ..TorqueConfig::NONE
        }
    );
    let loaded = load("(entries: [(start_s: 0, mode: Detumble())])").unwrap();
    assert_eq!(
        loaded.sim.spacecraft[0].craft.attitude.dynamics,
        DynamicsConfig::default()
    );
}

#[test]
fn problems_are_placed_in_the_file() {
    let err = load(
        "(\n            entries: [(start_s: 0, mode: Controlled(target: Detumble()))],\n        )",
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("dynamics.ron:8:61: spacecraft[0].craft.attitude.entries[0].mode.target: "),
        "{err}"
    );
    assert!(
        err.contains("spacecraft[0].craft.attitude.entries[0].mode"),
        "{err}"
    );
    assert!(err.contains("Detumble"), "{err}");

    let err = load(
        "(\n            entries: [(start_s: 0, mode: Dynamic())],\n            dynamics: (inertia_kg_m2: ((1, 0, 0), (0, 1, 0), (0, 0, -1))),\n        )",
    )
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("dynamics.ron:9:"), "{err}");
    assert!(
        err.contains("spacecraft[0].craft.attitude.dynamics.inertia_kg_m2"),
        "{err}"
    );

    let err = load("(entries: [(start_s: 0, mode: Dynamic(torques: (gravity: true)))])")
        .unwrap_err()
        .to_string();
    assert!(err.contains("gravity"), "{err}");
}
