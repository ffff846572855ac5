//! Properties of whole scenarios: any scenario serialised to RON parses
//! back equal (so `scenario_to_ron`, the sweep members' `scenario.ron` and
//! hand-edited files agree), and validation of any value tree in the
//! scenario's data model (a real scenario with random subtrees replaced by
//! arbitrary values, read as the sweep members are) returns located
//! problems, never a panic.

use std::path::Path;

use orbitai_scenario::{
    Scenario, load_scenario, scenario_from_json, scenario_from_text, scenario_to_ron,
};
use proptest::prelude::*;
use serde_json::Value;

const BUNDLED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../scenarios/opssat-2021-04.ron"
);
const SCENARIOS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scenarios");

fn bundled() -> Scenario {
    load_scenario(Path::new(BUNDLED)).unwrap().scenario
}

/// Finite floats over many magnitudes, both signs, and the awkward ones
/// (subnormals, integers, shortest-repr edge cases).
fn float() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>().prop_filter("finite", |x| x.is_finite()),
        (-1e6f64..1e6),
        Just(5e-324),
        Just(0.1 + 0.2),
        Just(-0.0),
        Just(1e21),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn a_scenario_serialised_to_ron_parses_back_equal(
        name in any::<String>(),
        duration in float(),
        step in float(),
        seed in any::<u64>(),
        logs in any::<bool>(),
        noise in float(),
        start_s in float(),
    ) {
        let mut scenario = bundled();
        scenario.name = name;
        scenario.duration_s = duration;
        scenario.step_s = step;
        scenario.seed = seed;
        scenario.outputs.logs = logs;
        let craft = &mut scenario.spacecraft[0].craft;
        for diode in &mut craft.photodiodes.diodes {
            diode.noise_sigma = noise;
        }
        if let Some(entry) = craft.attitude.entries.first_mut() {
            entry.start_s = start_s;
        }
        let text = scenario_to_ron(&scenario);
        let back: Scenario = orbitai_scenario::load(&text, "roundtrip.ron")
            .unwrap_or_else(|e| panic!("{e}\n{text}"));
        prop_assert_eq!(back, scenario);
    }

    #[test]
    fn validating_any_value_tree_gives_problems_never_a_panic(
        edits in proptest::collection::vec((any::<u64>(), json_value()), 1..6),
    ) {
        let mut tree = serde_json::to_value(bundled()).unwrap();
        for (at, value) in edits {
            replace_node(&mut tree, at, value);
        }
        let json = tree.to_string();
        match scenario_from_json(&json, "tree.json", Path::new(SCENARIOS)) {
            Ok(loaded) => {
                // Accepted: it must then stand as a scenario file too.
                let text = scenario_to_ron(&loaded.scenario);
                let again = scenario_from_text(&text, "tree.ron", Path::new(SCENARIOS));
                prop_assert!(again.is_ok(), "{:?}", again.err());
            }
            Err(error) => {
                prop_assert!(error.problem_count() >= 1);
                prop_assert!(!error.to_string().is_empty());
            }
        }
    }
}

#[test]
fn every_bundled_scenario_round_trips() {
    let mut checked = 0;
    for entry in std::fs::read_dir(SCENARIOS).unwrap() {
        let path = entry.unwrap().path();
        let is_scenario = path.extension().is_some_and(|x| x == "ron")
            && !std::fs::read_to_string(&path).unwrap().contains("Sweep(");
        if !is_scenario {
            continue;
        }
        let scenario = load_scenario(&path).unwrap().scenario;
        let text = scenario_to_ron(&scenario);
        let back: Scenario = orbitai_scenario::load(&text, "roundtrip.ron").unwrap();
        assert_eq!(back, scenario, "{}", path.display());
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} bundled scenarios");
}

/// Arbitrary JSON values, nested a few levels.
fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        float().prop_map(Value::from),
        any::<String>().prop_map(Value::String),
        prop_oneof![
            Just("Nadir"),
            Just("Spin"),
            Just("Sun"),
            Just("Uniform"),
            Just("Flight"),
            Just("arow"),
            Just("2021-04-16T17:17:00Z"),
            Just(""),
        ]
        .prop_map(|s| Value::String(s.to_owned())),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::vec(("[a-z_]{1,12}", inner), 0..4)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Replaces the node numbered `at` (modulo the node count, depth first)
/// of `tree` by `value`.
fn replace_node(tree: &mut Value, at: u64, value: Value) {
    let count = count_nodes(tree);
    let mut target = at % count;
    replace_nth(tree, &mut target, value);
}

fn count_nodes(value: &Value) -> u64 {
    1 + match value {
        Value::Array(items) => items.iter().map(count_nodes).sum(),
        Value::Object(map) => map.values().map(count_nodes).sum(),
        _ => 0,
    }
}

/// Depth first; returns the value back when the node was not in `tree`.
fn replace_nth(tree: &mut Value, target: &mut u64, value: Value) -> Option<Value> {
    if *target == 0 {
        *tree = value;
        return None;
    }
    *target -= 1;
    let mut value = Some(value);
    match tree {
        Value::Array(items) => {
            for item in items {
                value = replace_nth(item, target, value.take()?);
            }
        }
        Value::Object(map) => {
            for item in map.values_mut() {
                value = replace_nth(item, target, value.take()?);
            }
        }
        _ => {}
    }
    value
}
