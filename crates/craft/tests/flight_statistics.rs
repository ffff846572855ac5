//! The OPS-SAT defaults against the flight telemetry, statistically.
//!
//! Simulates the 14 flight runs with the attitude taken from the recorded
//! flight quaternions (CADC1002..1005, slerped), the Sun and the orbit from
//! `orbitai-astro` (OPS-SAT TLE of 2021-02-08), and every other setting at
//! its default, then compares distributions with the flight figures of
//! spec §7 and with the telemetry itself:
//!
//! - median Σ sin² of the six readings in sunlight (flight 0.92), and with
//!   the Sun oblique to every face (max sin < 0.7) or near one face
//!   (max sin > 0.95);
//! - faces dark and turned away from the Earth: fraction exactly 0 (flight
//!   97 %);
//! - dark faces that see the Earth: fraction non-zero (flight 36 %), mean
//!   sin (0.004), 90th percentile (0.014);
//! - the angle between the Sun direction implied by the diodes and the one
//!   implied by the attitude estimate (flight median ≈ 16°).
//!
//! The flight files are read from `../shared/opssat-flight` next to the
//! workspace root (or `$ORBITAI_FLIGHT_DIR`); the test is skipped, with a
//! message, when they are absent.

use std::path::PathBuf;

use orbitai_astro::{Epoch, Propagator, PropagatorMode, Shadow, Tracker, Vec3, tle};
use orbitai_craft::attitude::{AttitudeModeConfig, QuatSample, TimelineEntry};
use orbitai_craft::{CraftConfig, SeedContext, Spacecraft, TimelineConfig};

const OPS_SAT_TLE: &str = "OPS-SAT
1 44878U 19092F   21039.77310696  .00001255  00000-0  68536-4 0  9991
2 44878  97.4702 225.1898 0012459 255.5028 104.4823 15.16113078 63335";

struct Row {
    t_ms: i64,
    pd: [f64; 6],
    q: [f64; 4],
}

fn flight_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ORBITAI_FLIGHT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/opssat-flight")
        });
    dir.join("README.md").exists().then_some(dir)
}

/// The rows of one data file with every value present, without the frozen
/// (stale) rows that repeat the previous row exactly.
fn read_run(path: &std::path::Path) -> Vec<Row> {
    let text = std::fs::read_to_string(path).expect("readable flight file");
    let mut rows: Vec<Row> = Vec::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split(',').collect();
        if c.len() < 20 || c[..20].contains(&"x") {
            continue;
        }
        let f = |i: usize| c[i].parse::<f64>().ok();
        let (Some(t), Some(pd), Some(q)) = (
            c[0].parse::<i64>().ok(),
            (0..6).map(|i| f(1 + 2 * i)).collect::<Option<Vec<f64>>>(),
            (16..20).map(f).collect::<Option<Vec<f64>>>(),
        ) else {
            continue;
        };
        let row = Row {
            t_ms: t,
            pd: pd.try_into().unwrap(),
            q: q.try_into().unwrap(),
        };
        if let Some(prev) = rows.last()
            && (prev.pd == row.pd && prev.q == row.q || row.t_ms <= prev.t_ms)
        {
            continue;
        }
        rows.push(row);
    }
    rows
}

fn median(x: &mut [f64]) -> f64 {
    percentile(x, 0.5)
}

fn percentile(x: &mut [f64], p: f64) -> f64 {
    if x.is_empty() {
        return f64::NAN;
    }
    x.sort_by(f64::total_cmp);
    x[((x.len() - 1) as f64 * p).round() as usize]
}

#[derive(Default)]
struct Stats {
    sum_sin2: Vec<f64>,
    sum_sin2_oblique: Vec<f64>,
    sum_sin2_near: Vec<f64>,
    dark_away: (usize, usize),
    dark_earth: Vec<f64>,
    sun_angle_deg: Vec<f64>,
}

impl Stats {
    fn add_readings(&mut self, sines: &[f64; 6]) {
        let s2: f64 = sines.iter().map(|s| s * s).sum();
        let max = sines.iter().cloned().fold(0.0, f64::max);
        if max > 0.1 {
            self.sum_sin2.push(s2);
            if max < 0.7 {
                self.sum_sin2_oblique.push(s2);
            }
            if max > 0.95 {
                self.sum_sin2_near.push(s2);
            }
        }
    }
}

/// Unit Sun direction implied by six readings on ±X, ±Y, ±Z faces.
fn diode_sun(sines: &[f64; 6], normals: &[Vec3; 6]) -> Option<Vec3> {
    let v: Vec3 = sines.iter().zip(normals).map(|(s, n)| n * *s).sum();
    v.try_normalize(1e-9)
}

#[test]
fn defaults_look_like_the_flight_telemetry() {
    let Some(dir) = flight_dir() else {
        eprintln!(
            "SKIPPED flight_statistics: flight telemetry not found (expected ../shared/opssat-flight \
             next to the workspace root, or set ORBITAI_FLIGHT_DIR)"
        );
        return;
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("data_")
        })
        .collect();
    files.sort();
    assert_eq!(
        files.len(),
        14,
        "14 flight runs expected in {}",
        dir.display()
    );

    let tles = tle::parse_str(OPS_SAT_TLE, "OPS-SAT test TLE").unwrap();
    let mut tracker = Tracker::new(
        Propagator::new(&tles[0], PropagatorMode::Afspc).unwrap(),
        Shadow::default(),
    );
    let mut flight = Stats::default();
    let mut sim = Stats::default();
    let body = orbitai_craft::Body::ops_sat();
    // PD1..PD6 normals (+Z, −Y, +X, +Y, −X, −Z).
    let normals: [Vec3; 6] =
        ["+Z", "-Y", "+X", "+Y", "-X", "-Z"].map(|n| body.face(n).unwrap().normal);

    for (run, path) in files.iter().enumerate() {
        let rows = read_run(path);
        for r in &rows {
            let s = r.pd.map(f64::sin);
            flight.add_readings(&s);
            // Flight Sun discrepancy: diodes vs quaternion and the model Sun.
            let epoch = Epoch::from_unix_nanos(r.t_ms * 1_000_000);
            let p = tracker.point_at(epoch).unwrap();
            if let (Some(q), Some(d)) = (
                orbitai_craft::Quat::from_scalar_first(r.q),
                diode_sun(&s, &normals),
            ) {
                let sb = q.inertial_to_body(&p.sun_direction);
                flight.sun_angle_deg.push(sb.angle(&d).to_degrees());
            }
        }

        let config = CraftConfig {
            attitude: TimelineConfig {
                entries: vec![TimelineEntry {
                    start_s: 0.0,
                    mode: AttitudeModeConfig::Recorded {
                        samples: rows
                            .iter()
                            .map(|r| QuatSample {
                                unix_ms: r.t_ms,
                                q: r.q,
                            })
                            .collect(),
                    },
                }],
                max_slew_rate_rad_s: None,
                ..TimelineConfig::default()
            },
            ..CraftConfig::default()
        };
        let start = Epoch::from_unix_nanos(rows[0].t_ms * 1_000_000);
        let seeds = SeedContext {
            master_seed: 2021,
            run: run as u64,
            spacecraft: 0,
        };
        let mut craft = Spacecraft::new(&config, start, seeds).unwrap();
        for r in &rows {
            let epoch = Epoch::from_unix_nanos(r.t_ms * 1_000_000);
            let point = tracker.point_at(epoch).unwrap();
            let readings = craft.step(&point).clone();
            let truth = craft.truth.unwrap();
            let s: [f64; 6] = std::array::from_fn(|i| readings.photodiodes[i].value.unwrap().sin());
            sim.add_readings(&s);
            let q = truth.attitude.quaternion;
            let sun_b = q.inertial_to_body(&truth.sun_direction);
            let r_hat = truth.position_km.normalize();
            let nadir_b = q.inertial_to_body(&-r_hat);
            let inv_h = 6378.137 / truth.position_km.norm();
            for (i, n) in normals.iter().enumerate() {
                if n.dot(&sun_b) > 0.0 || truth.illumination < 1.0 {
                    continue;
                }
                let _ = inv_h;
                if n.dot(&nadir_b) > 0.0 {
                    sim.dark_earth.push(s[i]);
                } else {
                    sim.dark_away.1 += 1;
                    if s[i] == 0.0 {
                        sim.dark_away.0 += 1;
                    }
                }
            }
            if let Some(d) = diode_sun(&s, &normals) {
                let est = readings
                    .attitude
                    .attitude
                    .inertial_to_body(&truth.sun_direction);
                sim.sun_angle_deg.push(est.angle(&d).to_degrees());
            }
        }
    }

    let f_med = median(&mut flight.sum_sin2);
    let s_med = median(&mut sim.sum_sin2);
    let f_obl = median(&mut flight.sum_sin2_oblique);
    let s_obl = median(&mut sim.sum_sin2_oblique);
    let f_near = median(&mut flight.sum_sin2_near);
    let s_near = median(&mut sim.sum_sin2_near);
    let away = sim.dark_away.0 as f64 / sim.dark_away.1.max(1) as f64;
    let n_earth = sim.dark_earth.len();
    let nonzero =
        sim.dark_earth.iter().filter(|s| **s > 0.0).count() as f64 / n_earth.max(1) as f64;
    let mean_earth = sim.dark_earth.iter().sum::<f64>() / n_earth.max(1) as f64;
    let p90_earth = percentile(&mut sim.dark_earth, 0.9);
    let max_earth = percentile(&mut sim.dark_earth, 1.0);
    let f_ang = median(&mut flight.sun_angle_deg);
    let s_ang = median(&mut sim.sun_angle_deg);
    println!(
        "samples: flight {} sunlit rows, sim {}",
        flight.sum_sin2.len(),
        sim.sum_sin2.len()
    );
    println!("median Σsin² sunlit:        flight {f_med:.3}  sim {s_med:.3}  (spec 0.92)");
    println!("median Σsin² oblique <0.7:  flight {f_obl:.3}  sim {s_obl:.3}  (spec 0.84)");
    println!("median Σsin² near >0.95:    flight {f_near:.3}  sim {s_near:.3}  (spec 0.98)");
    println!(
        "dark faces away from Earth exactly 0: sim {:.3} of {}  (spec 0.97)",
        away, sim.dark_away.1
    );
    println!(
        "dark Earth-facing: n {n_earth}, non-zero {nonzero:.3} (spec 0.36), mean sin {mean_earth:.4} \
         (spec 0.004), p90 {p90_earth:.4} (spec 0.014), max {max_earth:.4} (spec 0.085)"
    );
    println!(
        "median Sun angle diodes vs quaternion: flight {f_ang:.1}°  sim {s_ang:.1}°  (spec ~16°)"
    );

    assert!(
        (s_med - f_med).abs() < 0.03,
        "Σ sin² median: sim {s_med} vs flight {f_med}"
    );
    // The flight's oblique bin sits lower than the model gives (0.83 vs
    // ~0.91: partly selection, as the bin is chosen on noisy readings);
    // only a loose check.
    assert!(
        (s_obl - f_obl).abs() < 0.1,
        "oblique: sim {s_obl} vs flight {f_obl}"
    );
    assert!(
        (s_near - f_near).abs() < 0.04,
        "near: sim {s_near} vs flight {f_near}"
    );
    assert!(
        away >= 0.97,
        "dark faces away from Earth must read 0: {away}"
    );
    assert!(
        (0.002..=0.008).contains(&mean_earth),
        "albedo mean {mean_earth}"
    );
    assert!(
        (0.006..=0.028).contains(&p90_earth),
        "albedo p90 {p90_earth}"
    );
    assert!(
        (0.15..=0.6).contains(&nonzero),
        "albedo non-zero fraction {nonzero}"
    );
    assert!((8.0..=24.0).contains(&s_ang), "Sun angle median {s_ang}");
}
