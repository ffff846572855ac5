//! The telemetry pool: periods, phases, holding, missing values.

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::sensors::AttitudeReadings;
use orbitai_craft::telemetry::{ParameterConfig, Source, TelemetryConfig};
use orbitai_craft::{PdReading, Quat, TelemetryPool, Value};

const T0: Epoch = Epoch::from_unix_nanos(1_618_593_459_000_000_000);
const PDS: [&str; 6] = ["PD1", "PD2", "PD3", "PD4", "PD5", "PD6"];

/// Readings whose values encode the time, so a pool value tells when it
/// was taken: PD1 = t/1000 rad, q = rotation of t/1000 rad about X.
fn readings(t_s: f64) -> ([PdReading; 6], AttitudeReadings) {
    let pd = [PdReading {
        value: Some(t_s / 1000.0),
        flag: true,
    }; 6];
    let att = AttitudeReadings {
        attitude: Quat::from_body_rotation(&Vec3::x(), t_s / 1000.0),
        rate_rad_s: Vec3::new(t_s, 0.0, 0.0),
        sun_vector: None,
    };
    (pd, att)
}

#[test]
fn flight_defaults_refresh_and_hold() {
    let mut pool = TelemetryPool::new(&TelemetryConfig::default(), &PDS, T0).unwrap();
    let names: Vec<&str> = pool.names().collect();
    assert_eq!(
        &names[..4],
        ["CADC0884", "CADC0885", "CADC0886", "CADC0887"]
    );
    assert!(names.contains(&"CADC1005"));
    let pd1 = pool.index_of("CADC0884").unwrap();
    let q1 = pool.index_of("CADC1003").unwrap();
    // Missing until first received.
    assert_eq!(pool.value(pd1), None);
    // Step at 0.1 s for 100 s; record the times PD1 and q1 changed.
    let (mut pd_changes, mut q_changes) = (Vec::new(), Vec::new());
    let (mut last_pd, mut last_q) = (None, None);
    for k in 0..=1000 {
        let t = k as f64 * 0.1;
        let (pd, att) = readings(t);
        pool.update(T0.add_seconds(t), &pd, &att);
        if pool.value(pd1) != last_pd {
            pd_changes.push(t);
            last_pd = pool.value(pd1);
        }
        if pool.value(q1) != last_q {
            q_changes.push(t);
            last_q = pool.value(q1);
        }
    }
    // PD1: phase 1 s, period 10.6 s; q1: phase 4 s, period 11.65 s.
    for (i, t) in pd_changes.iter().enumerate() {
        assert!(
            (t - (1.0 + 10.6 * i as f64)).abs() < 0.1 + 1e-9,
            "{pd_changes:?}"
        );
    }
    for (i, t) in q_changes.iter().enumerate() {
        assert!(
            (t - (4.0 + 11.65 * i as f64)).abs() < 0.1 + 1e-9,
            "{q_changes:?}"
        );
    }
    assert_eq!(pd_changes.len(), 10);
    // The held PD1 value is the reading at its last refresh (t = 96.4 s).
    let v = pool.get("CADC0884").unwrap().as_f64().unwrap();
    assert!((v - 0.0964).abs() < 1e-9, "{v}");
    assert_eq!(pool.get("CADC0885"), Some(Value::Flag(true)));
}

#[test]
fn quaternion_components_can_come_from_different_updates() {
    let mut pool = TelemetryPool::new(&TelemetryConfig::default(), &PDS, T0).unwrap();
    let idx: Vec<usize> = (1002..=1005)
        .map(|n| pool.index_of(&format!("CADC{n}")).unwrap())
        .collect();
    let mut mixed = 0;
    let mut out = [None; 4];
    for k in 0..2000 {
        let t = k as f64 * 0.5;
        let (pd, att) = readings(t);
        pool.update(T0.add_seconds(t), &pd, &att);
        if k % 10 == 0 && t > 5.0 {
            pool.read_into(&idx, &mut out);
            let q: Vec<f64> = out.iter().map(|v| v.unwrap().as_f64().unwrap()).collect();
            let norm = q.iter().map(|c| c * c).sum::<f64>().sqrt();
            if (norm - 1.0).abs() > 1e-9 {
                mixed += 1;
            }
        }
    }
    assert!(mixed > 10, "mixed reads: {mixed}");
}

#[test]
fn missing_source_values_make_the_parameter_missing() {
    let config = TelemetryConfig {
        parameters: vec![
            ParameterConfig {
                name: "V".into(),
                source: Source::PhotodiodeValue("PD2".into()),
                period_s: 1.0,
                phase_s: 0.0,
            },
            ParameterConfig {
                name: "SUNX".into(),
                source: Source::SunVector(0),
                period_s: 1.0,
                phase_s: 0.5,
            },
        ],
    };
    let mut pool = TelemetryPool::new(&config, &PDS, T0).unwrap();
    let (mut pd, att) = readings(1.0);
    pool.update(T0, &pd, &att);
    assert!(pool.get("V").is_some());
    pd[1].value = None;
    pool.update(T0.add_seconds(0.5), &pd, &att);
    assert!(pool.get("V").is_some(), "not due yet: held");
    assert_eq!(pool.get("SUNX"), None, "invalid Sun sensor");
    pool.update(T0.add_seconds(1.0), &pd, &att);
    assert_eq!(pool.get("V"), None, "dropout at refresh: missing");
    assert_eq!(pool.received_at(0), Some(T0.add_seconds(1.0)));
}

#[test]
fn bad_pool_configurations_are_refused() {
    let p = |name: &str, source: Source, period_s: f64| ParameterConfig {
        name: name.into(),
        source,
        period_s,
        phase_s: 0.0,
    };
    let bad = |parameters: Vec<ParameterConfig>| {
        TelemetryPool::new(&TelemetryConfig { parameters }, &PDS, T0).is_err()
    };
    assert!(bad(vec![p(
        "A",
        Source::PhotodiodeValue("PD9".into()),
        1.0
    )]));
    assert!(bad(vec![p("A", Source::Quaternion(4), 1.0)]));
    assert!(bad(vec![p("A", Source::Rate(0), 0.0)]));
    assert!(bad(vec![
        p("A", Source::Rate(0), 1.0),
        p("A", Source::Rate(1), 1.0)
    ]));
}
