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

#[test]
fn demand_names_exactly_the_sensors_a_refresh_reads() {
    let mut pool = TelemetryPool::new(&TelemetryConfig::default(), &PDS, T0).unwrap();
    let names: Vec<String> = pool.names().map(str::to_owned).collect();
    let is_pd = |n: &str| ("CADC0884".."CADC0896").contains(&n);
    let (mut pd_ticks, mut att_ticks) = (0, 0);
    for k in 0..400 {
        let t = T0.add_seconds(k as f64);
        let demand = pool.demand(t);
        let (pd, att) = readings(k as f64);
        pool.update(t, &pd, &att);
        let refreshed = |pd_group: bool| {
            (0..pool.len()).any(|i| is_pd(&names[i]) == pd_group && pool.received_at(i) == Some(t))
        };
        assert_eq!(demand.photodiodes, refreshed(true), "photodiodes at {k} s");
        assert_eq!(demand.attitude, refreshed(false), "attitude at {k} s");
        pd_ticks += usize::from(demand.photodiodes);
        att_ticks += usize::from(demand.attitude);
    }
    // The six diodes' staggered refreshes (every 10.6 s) fall on three or
    // four 1 s ticks; q0, q1..q3 and the rates on two or three.
    assert!((110..=160).contains(&pd_ticks), "{pd_ticks}");
    assert!((80..=120).contains(&att_ticks), "{att_ticks}");
}

#[test]
fn sampling_only_what_the_pool_reads_gives_the_same_pool() {
    use orbitai_craft::attitude::AttitudeState;
    use orbitai_craft::noise::GaussMarkovConfig;
    use orbitai_craft::{Body, CraftConfig, SensorDemand, SensorSuite, Truth};
    // Without noise the readings are functions of the truth alone, so the
    // pool must not see whether idle sensors were sampled.
    let mut config = CraftConfig::default();
    for d in &mut config.photodiodes.diodes {
        d.noise_sigma = 0.0;
    }
    config.attitude_estimate.drift = GaussMarkovConfig::default();
    config.gyro.noise_sigma_rad_s = 0.0;
    config.gyro.bias_initial_sigma_rad_s = 0.0;
    config.gyro.bias_random_walk = 0.0;
    config.sun_sensor.noise_sigma_rad = 0.0;
    let body = Body::ops_sat();
    let seeds = Default::default();
    let mut every = SensorSuite::new(&config, &body, T0, seeds).unwrap();
    let mut lazy = SensorSuite::new(&config, &body, T0, seeds).unwrap();
    let (mut r_every, mut r_lazy) = (every.new_readings(), lazy.new_readings());
    let new_pool = || TelemetryPool::new(&config.telemetry, &PDS, T0).unwrap();
    let (mut p_every, mut p_lazy) = (new_pool(), new_pool());
    let rate = Vec3::new(0.02, -0.011, 0.007);
    let mut lazy_samples = 0;
    for k in 0..600 {
        let t = k as f64;
        let truth = Truth {
            epoch: T0.add_seconds(t),
            attitude: AttitudeState {
                quaternion: Quat::IDENTITY.propagate(&rate, t),
                rate_body_rad_s: rate,
            },
            position_km: Vec3::new(6898.0 * (0.001 * t).cos(), 6898.0 * (0.001 * t).sin(), 0.0),
            sun_direction: Vec3::new(0.3, 0.9, 0.3).normalize(),
            illumination: if (200..260).contains(&k) { 0.0 } else { 1.0 },
        };
        every.sample(&truth, &mut r_every);
        p_every.update(truth.epoch, &r_every.photodiodes, &r_every.attitude);
        let demand = p_lazy.demand(truth.epoch);
        lazy_samples += usize::from(demand != SensorDemand::default());
        lazy.sample_demanded(&truth, demand, &mut r_lazy);
        p_lazy.update(truth.epoch, &r_lazy.photodiodes, &r_lazy.attitude);
        for i in 0..p_every.len() {
            assert_eq!(p_lazy.value(i), p_every.value(i), "parameter {i} at {k} s");
            assert_eq!(p_lazy.received_at(i), p_every.received_at(i));
        }
    }
    assert!(lazy_samples < 400, "{lazy_samples} of 600 ticks sampled");
}
