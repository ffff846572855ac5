//! The bundled April 2021 scenario with its attitude recorded from the
//! flight telemetry (`data_2021-04-*.csv`, quaternion CADC1002..1005): the
//! scenario resolves, and the attitude the simulator steers reproduces every
//! valid flight quaternion (renormalised) at its sample time. Needs
//! `../shared/opssat-flight` (relative to the workspace root;
//! `ORBITAI_FLIGHT_DATA` overrides the path); without it the test says so
//! and returns.

use std::path::{Path, PathBuf};

use orbitai_astro::{Epoch, Vec3};
use orbitai_craft::attitude::{AttitudeContext, AttitudeTimeline};
use orbitai_craft::rng::SeedContext;
use orbitai_scenario::scenario_from_text;

fn workspace_root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn flight_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("ORBITAI_FLIGHT_DATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("../shared/opssat-flight"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "SKIPPED flight_recorded_attitude: ../shared/opssat-flight absent ({}); \
             the flight telemetry is never copied into this repository",
            dir.display()
        );
        None
    }
}

/// The April telemetry read independently of the crate: `(unix_ms, q)` of
/// every row with four numeric components, and the count of other rows.
fn april_quaternions(dir: &Path) -> (Vec<(i64, [f64; 4])>, usize) {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("data_2021-04-") && name.ends_with(".csv")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 6, "six April runs");
    let (mut rows, mut skipped) = (Vec::new(), 0);
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.trim_end().split(',').collect();
            let q: Vec<f64> = f[16..20].iter().filter_map(|v| v.parse().ok()).collect();
            match q.as_slice() {
                [a, b, c, d] => rows.push((f[0].parse().unwrap(), [*a, *b, *c, *d])),
                _ => skipped += 1,
            }
        }
    }
    (rows, skipped)
}

#[test]
fn april_scenario_with_recorded_flight_attitude_reproduces_the_telemetry() {
    let Some(dir) = flight_dir() else { return };
    let scenarios = workspace_root().join("scenarios");
    let bundled = std::fs::read_to_string(scenarios.join("opssat-2021-04.ron")).unwrap();
    let tle = r#"tle: File("../assets/tle/opssat-2021-02-08.tle"))"#;
    assert!(bundled.contains(tle), "the bundled April scenario changed");
    let pattern = dir.join("data_2021-04-*.csv");
    let text = bundled.replace(
        tle,
        &format!(
            "tle: File(\"../assets/tle/opssat-2021-02-08.tle\"),\n         recorded_attitude: (files: [{:?}]))",
            pattern.display().to_string()
        ),
    );
    let loaded = scenario_from_text(&text, "opssat-2021-04-recorded.ron", &scenarios)
        .unwrap_or_else(|e| panic!("{e}"));

    let (expected, skipped) = april_quaternions(&dir);
    println!("{}", loaded.notes.join("\n"));
    assert_eq!(expected.len(), 3854, "849 + 849 + 4 × 539 valid rows");
    assert_eq!(skipped, 6, "the first row of each file has `x`");
    assert!(
        loaded.notes[0].contains(&format!("{} samples from 6 file(s)", expected.len()))
            && loaded.notes[0].contains("6 row(s) skipped"),
        "{:?}",
        loaded.notes
    );

    // The timeline the simulator steers, stepped through every sample time.
    let spec = &loaded.sim.spacecraft[0];
    let seeds = SeedContext {
        master_seed: loaded.sim.seed,
        run: 0,
        spacecraft: 0,
    };
    let mut timeline =
        AttitudeTimeline::new(&spec.craft.attitude, loaded.sim.start, seeds).unwrap();
    let mut worst: f64 = 0.0;
    for (unix_ms, q) in &expected {
        let ctx = AttitudeContext {
            epoch: Epoch::from_unix_millis(*unix_ms).unwrap(),
            position_km: Vec3::new(6_900.0, 0.0, 0.0),
            velocity_km_s: Vec3::new(0.0, 7.6, 0.0),
            sun_direction: Vec3::x(),
        };
        let got = timeline.step(&ctx).quaternion.to_scalar_first();
        let norm = q.iter().map(|x| x * x).sum::<f64>().sqrt();
        for c in 0..4 {
            worst = worst.max((got[c] - q[c] / norm).abs());
        }
    }
    println!(
        "April recorded attitude: {} flight quaternions reproduced, worst component error {worst:e}",
        expected.len()
    );
    assert!(worst < 1e-12, "worst component error {worst:e}");
}
