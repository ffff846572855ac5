//! The cost of one simulation step's orbit truth: SGP4 alone versus SGP4 +
//! Sun + eclipse (issue 2 asks for at most 1.5x), measured side by side.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use orbitai_astro::eclipse::{Atmosphere, EarthShape};
use orbitai_astro::sun::sun_position;
use orbitai_astro::{Epoch, Propagator, PropagatorMode, Shadow, Tracker, tle};

const OPSSAT: &str = include_str!("../../../assets/tle/opssat-2021-02-08.tle");

fn bench(c: &mut Criterion) {
    let tle = tle::parse_str(OPSSAT, "opssat").unwrap().remove(0);
    let constants =
        sgp4::Constants::from_elements_afspc_compatibility_mode(tle.elements()).unwrap();
    let propagator = Propagator::new(&tle, PropagatorMode::Afspc).unwrap();
    let mut tracker = Tracker::new(propagator.clone(), Shadow::default());
    let shadow = Shadow::default();
    let start = tle.epoch();
    // A step of 1 s through one day, so that every call sees a new time and
    // the shadow test meets sunlit, penumbra and umbra points in proportion.
    let step = |k: &mut u64| {
        *k = (*k + 1) % 86_400;
        start.add_nanos(*k as i64 * 1_000_000_000)
    };

    let mut group = c.benchmark_group("one_step");
    let mut k = 0;
    group.bench_function("sgp4_bare", |b| {
        b.iter(|| {
            let t = step(&mut k);
            let minutes = t.nanos_since(start) as f64 / 60e9;
            black_box(
                constants.propagate_afspc_compatibility_mode(sgp4::MinutesSinceEpoch(black_box(
                    minutes,
                ))),
            )
        })
    });
    group.bench_function("propagate_sun_eclipse", |b| {
        b.iter(|| black_box(tracker.point_at(black_box(step(&mut k)))))
    });
    group.finish();

    let mut group = c.benchmark_group("parts");
    group.bench_function("propagator_state_at", |b| {
        b.iter(|| black_box(propagator.state_at(black_box(step(&mut k)))))
    });
    group.bench_function("sun_position", |b| {
        b.iter(|| black_box(sun_position(black_box(step(&mut k)))))
    });
    let states: Vec<_> = (0..5_760)
        .map(|i| {
            let t = start.add_nanos(i * 15_000_000_000);
            (propagator.state_at(t).unwrap().position_km, sun_position(t))
        })
        .collect();
    // The same instants through each Earth shape (the WGS84 ellipsoid, with
    // and without a 50 km atmosphere). At the TLE epoch (the end of the
    // eclipse season) the ellipsoid's eclipses are mostly long grazing
    // penumbrae, the sphere's short umbrae: mid-season (2020-12-21) both
    // see the same mix, which isolates the cost of the shape.
    let mid_season: Vec<_> = {
        let t0 = Epoch::from_calendar(2020, 12, 21, 0, 0, 0.0).unwrap();
        (0..5_760)
            .map(|i| {
                let t = t0.add_nanos(i * 15_000_000_000);
                (propagator.state_at(t).unwrap().position_km, sun_position(t))
            })
            .collect()
    };
    let wgs84 = Shadow {
        earth: EarthShape::Wgs84,
        ..Shadow::default()
    };
    let wgs84_atmosphere = Shadow {
        atmosphere: Some(Atmosphere::default()),
        ..wgs84
    };
    for (name, shadow, states) in [
        ("illumination_conical", shadow, &states),
        ("illumination_conical_wgs84", wgs84, &states),
        (
            "illumination_conical_wgs84_atm50",
            wgs84_atmosphere,
            &states,
        ),
        ("illumination_mid_season_sphere", shadow, &mid_season),
        ("illumination_mid_season_wgs84", wgs84, &mid_season),
        (
            "illumination_mid_season_wgs84_atm50",
            wgs84_atmosphere,
            &mid_season,
        ),
    ] {
        let mut i = 0;
        group.bench_function(name, |b| {
            b.iter(|| {
                i = (i + 1) % states.len();
                let (r, s) = &states[i];
                black_box(shadow.illumination(black_box(r), black_box(s)))
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
