//! Vallado's SGP4 verification cases (AIAA 2006-6753) reproduced through the
//! orbitai-astro API: TLE parsing, `Propagator` in AFSPC mode, TEME output.

use orbitai_astro::tle::Tle;
use orbitai_astro::{OrbitError, Propagator, PropagatorMode};

const DATA: &str = include_str!("data/sgp4_verification.csv");
const PATH: &str = "tests/data/sgp4_verification.csv";

#[test]
fn vallado_verification_cases_match_to_a_millimetre() {
    let (mut states, mut errors, mut sets) = (0, 0, std::collections::BTreeSet::new());
    let mut worst_position_km: f64 = 0.0;
    for (index, row) in DATA.lines().enumerate().skip(2) {
        let line_number = index + 1;
        let f: Vec<&str> = row.split(',').collect();
        assert_eq!(f.len(), 10, "{PATH}:{line_number}");
        sets.insert(f[0]);
        let tle =
            Tle::from_lines(None, f[0], f[1], PATH, line_number).unwrap_or_else(|e| panic!("{e}"));
        let propagator = Propagator::new(&tle, PropagatorMode::Afspc).unwrap();
        let minutes: f64 = f[2].parse().unwrap();
        let result = propagator.state_at_minutes(minutes);
        if f[9].is_empty() {
            let (r, v) = result.unwrap_or_else(|e| panic!("{PATH}:{line_number}: {e}"));
            let expected: Vec<f64> = f[3..9].iter().map(|x| x.parse().unwrap()).collect();
            for axis in 0..3 {
                let dr = (r[axis] - expected[axis]).abs();
                let dv = (v[axis] - expected[axis + 3]).abs();
                worst_position_km = worst_position_km.max(dr);
                assert!(
                    dr < 1e-6,
                    "{PATH}:{line_number}: position axis {axis} off by {dr} km"
                );
                assert!(
                    dv < 1e-9,
                    "{PATH}:{line_number}: velocity axis {axis} off by {dv} km/s"
                );
            }
            states += 1;
        } else {
            let err = result.expect_err("propagation should fail");
            assert!(matches!(err, OrbitError::Propagation { .. }), "{err}");
            let expected_words = match f[9] {
                "negative semi-latus rectum" => "semi-latus rectum is negative",
                "diverging perturbed eccentricity" => "after adding third-body perturbations",
                other => panic!("unknown expected error {other}"),
            };
            assert!(err.to_string().contains(expected_words), "{err}");
            errors += 1;
        }
    }
    println!(
        "{} element sets, {states} states (worst position error {worst_position_km:e} km), {errors} expected errors",
        sets.len()
    );
    // 33 cases in the source, one element set (20413) listed twice.
    assert_eq!((sets.len(), states, errors), (32, 666, 2));
}

#[test]
fn epoch_based_and_minute_based_propagation_agree() {
    let tle = orbitai_astro::tle::parse_str(
        include_str!("../../../assets/tle/opssat-2021-02-08.tle"),
        "opssat",
    )
    .unwrap()
    .remove(0);
    let propagator = Propagator::new(&tle, PropagatorMode::Afspc).unwrap();
    for minutes in [0.0, 90.0, 1440.0, 10_000.0] {
        let by_epoch = propagator
            .state_at(tle.epoch().add_seconds(minutes * 60.0))
            .unwrap();
        let (r, v) = propagator.state_at_minutes(minutes).unwrap();
        assert!((by_epoch.position_km - r).norm() < 1e-9);
        assert!((by_epoch.velocity_km_s - v).norm() < 1e-12);
        // A sun-synchronous LEO at ~530 km altitude.
        assert!((6850.0..6950.0).contains(&r.norm()), "{}", r.norm());
    }
}

#[test]
fn wgs84_mode_is_selectable_and_differs_modestly_from_afspc() {
    let tle = orbitai_astro::tle::parse_str(
        include_str!("../../../assets/tle/opssat-2021-02-08.tle"),
        "opssat",
    )
    .unwrap()
    .remove(0);
    let afspc = Propagator::new(&tle, PropagatorMode::Afspc).unwrap();
    let wgs84 = Propagator::new(&tle, PropagatorMode::Wgs84).unwrap();
    assert_eq!(wgs84.mode(), PropagatorMode::Wgs84);
    let mut max_km: f64 = 0.0;
    for step in 0..=144 {
        let t = tle.epoch().add_seconds(f64::from(step) * 600.0);
        let d = afspc.state_at(t).unwrap().position_km - wgs84.state_at(t).unwrap().position_km;
        max_km = max_km.max(d.norm());
    }
    println!("AFSPC vs WGS84 over one day: max {max_km:.3} km");
    assert!(max_km > 0.005 && max_km < 5.0, "{max_km}");
}

#[test]
fn a_decayed_orbit_is_an_error_not_a_state() {
    // Vallado's sub-orbital case (perigee below the surface).
    let l1 = "1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534";
    let l2 = "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708";
    let tle = Tle::from_lines(None, l1, l2, "t", 1).unwrap();
    let propagator = Propagator::new(&tle, PropagatorMode::Afspc).unwrap();
    let failures = (0..200)
        .filter_map(|m| propagator.state_at_minutes(f64::from(m)).err())
        .collect::<Vec<_>>();
    assert!(!failures.is_empty());
    let message = failures[0].to_string();
    assert!(message.starts_with("NORAD 28872: "), "{message}");
}
