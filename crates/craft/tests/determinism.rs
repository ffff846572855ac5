//! Streams: reproducible, independent of other sensors and evaluation order;
//! configuration round trip.

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::{AttitudeContext, AttitudeModeConfig};
use orbitai_craft::photodiode::PhotodiodeConfig;
use orbitai_craft::{CraftConfig, Readings, SeedContext, Spacecraft, Truth};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);

fn noisy_config() -> CraftConfig {
    let mut c = CraftConfig::default();
    c.attitude.entries[0].mode = AttitudeModeConfig::Spin {
        initial: None,
        rate_rad_s: [0.01, 0.02, -0.005],
    };
    for d in &mut c.photodiodes.diodes {
        d.drift.sigma = 0.003;
        d.drift.tau_s = 300.0;
        d.dark_noise = true;
    }
    c
}

fn run(config: &CraftConfig, seeds: SeedContext, steps: usize) -> Vec<Readings> {
    let mut craft = Spacecraft::new(config, T0, seeds).unwrap();
    let mut out = Vec::new();
    for k in 0..steps {
        let epoch = T0.add_seconds(5.0 * k as f64);
        let ctx = AttitudeContext {
            epoch,
            position_km: Vec3::new(6900.0, 0.0, 0.0),
            velocity_km_s: Vec3::new(0.0, 7.6, 0.0),
            sun_direction: Vec3::new(0.2, 0.9, 0.3).normalize(),
        };
        let attitude = craft.timeline.step(&ctx);
        let truth = Truth {
            epoch,
            attitude,
            position_km: ctx.position_km,
            sun_direction: ctx.sun_direction,
            illumination: 1.0,
        };
        let mut r = craft.sensors.new_readings();
        craft.sensors.sample(&truth, &mut r);
        out.push(r);
    }
    out
}

const SEEDS: SeedContext = SeedContext {
    master_seed: 77,
    run: 3,
    spacecraft: 1,
};

#[test]
fn same_seeds_same_readings_other_seeds_differ() {
    let c = noisy_config();
    assert_eq!(run(&c, SEEDS, 200), run(&c, SEEDS, 200));
    let other = SeedContext { run: 4, ..SEEDS };
    assert_ne!(run(&c, SEEDS, 200), run(&c, other, 200));
}

#[test]
fn adding_a_diode_does_not_shift_the_others() {
    let c = noisy_config();
    let mut more = c.clone();
    more.photodiodes.diodes.push(PhotodiodeConfig {
        name: "PD7".into(),
        ..PhotodiodeConfig::ops_sat(0)
    });
    let (a, b) = (run(&c, SEEDS, 200), run(&more, SEEDS, 200));
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.photodiodes[..], y.photodiodes[..6]);
        assert_eq!(x.attitude, y.attitude);
    }
}

#[test]
fn evaluation_order_does_not_matter() {
    // Two spacecraft stepped interleaved or one after the other.
    let c = noisy_config();
    let s2 = SeedContext {
        spacecraft: 2,
        ..SEEDS
    };
    let (a1, a2) = (run(&c, SEEDS, 100), run(&c, s2, 100));
    let (b2, b1) = (run(&c, s2, 100), run(&c, SEEDS, 100));
    assert_eq!(a1, b1);
    assert_eq!(a2, b2);
    assert_ne!(a1, a2);
}

#[test]
fn configuration_round_trips_and_rejects_unknown_fields() {
    let c = CraftConfig::default();
    let json = serde_json::to_string(&c).unwrap();
    // (serde_json's default float parsing may differ in the last bit, so
    // the round trip is compared with a relative tolerance.)
    let back: CraftConfig = serde_json::from_str(&json).unwrap();
    assert!(same(
        &serde_json::to_value(&back).unwrap(),
        &serde_json::to_value(&c).unwrap()
    ));
    // Every field defaults: an empty object is OPS-SAT.
    let empty: CraftConfig = serde_json::from_str("{}").unwrap();
    assert_eq!(empty, c);
    assert!(serde_json::from_str::<CraftConfig>(r#"{"bodyy": {}}"#).is_err());
    assert!(serde_json::from_str::<CraftConfig>(r#"{"gyro": {"noise": 1.0}}"#).is_err());
    // A diode needs only its name and face.
    let d: PhotodiodeConfig = serde_json::from_str(r#"{"name": "A", "face": "+X"}"#).unwrap();
    assert_eq!(d.gain, 0.95);
}

fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as V;
    match (a, b) {
        (V::Number(x), V::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            (x - y).abs() <= 1e-15 * x.abs().max(y.abs())
        }
        (V::Array(x), V::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (V::Object(x), V::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}
