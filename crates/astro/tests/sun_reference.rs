//! The Sun model against ERFA: `tests/data/sun_reference.csv` holds the
//! apparent geocentric Sun direction in TEME of date at 509 instants over
//! 1950–2050, computed with pyerfa by `tests/data/gen_sun_reference.py`
//! (see its header for the frame chain). The requirement is 0.01°.

use orbitai_astro::sun::{sun_direction, sun_position};
use orbitai_astro::{Epoch, Vec3};

/// The accuracy the simulator needs from the Sun direction, degrees.
const REQUIRED_DEG: f64 = 0.01;

fn reference() -> Vec<(Epoch, [f64; 3])> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/sun_reference.csv");
    let text = std::fs::read_to_string(path).expect("read sun_reference.csv");
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields.len(), 4, "line {}: {line}", n + 1);
        let ms: i64 = fields[0].parse().expect("unix_ms");
        let xyz = [1, 2, 3].map(|i| fields[i].parse::<f64>().expect("component"));
        rows.push((Epoch::from_unix_millis(ms).expect("epoch"), xyz));
    }
    rows
}

#[test]
fn sun_direction_is_within_0_01_deg_of_erfa_over_1950_to_2050() {
    let rows = reference();
    assert!(rows.len() >= 500, "only {} rows", rows.len());
    let (mut max_deg, mut sum_deg, mut worst) = (0.0_f64, 0.0, rows[0].0);
    for (epoch, xyz) in &rows {
        let reference = Vec3::from(*xyz);
        assert!((reference.norm() - 1.0).abs() < 1e-12);
        let ours = sun_direction(*epoch);
        // atan2(|a×b|, a·b) stays accurate for tiny angles, unlike acos.
        let err_deg = ours
            .cross(&reference)
            .norm()
            .atan2(ours.dot(&reference))
            .to_degrees();
        // sun_position must point the same way.
        let pos = sun_position(*epoch);
        assert!((pos.normalize() - ours).norm() < 1e-12);
        sum_deg += err_deg;
        if err_deg > max_deg {
            max_deg = err_deg;
            worst = *epoch;
        }
    }
    let mean_deg = sum_deg / rows.len() as f64;
    println!(
        "Sun direction vs ERFA over {} instants: max {max_deg:.5}° at {worst}, mean {mean_deg:.5}°",
        rows.len()
    );
    assert!(max_deg < REQUIRED_DEG, "max error {max_deg}° at {worst}");
}
