use super::*;
use orbitai_craft::rng::{SensorKind, StreamId, stream_rng};

fn rng(seed: u64) -> StreamRng {
    stream_rng(seed, 0, StreamId::new(0, SensorKind::AppStall, 0))
}

fn t0() -> Epoch {
    Epoch::from_unix_millis(1_618_593_459_598).unwrap()
}

/// A reading that changes at every iteration `k`, in every parameter.
fn fresh(k: u32) -> AppReading {
    let v = k as f32;
    AppReading {
        pd: [Some(v); 6],
        flags: [Some(k.is_multiple_of(2)); 6],
        quaternion: [Some(v), Some(v + 0.5), Some(v + 0.25), Some(v + 0.125)],
    }
}

/// Runs `n` iterations 5 s apart from the simulation start; per iteration,
/// whether the photodiodes and each quaternion component were frozen.
fn frozen_pattern(state: &mut StallState, n: u32) -> Vec<([bool; 5], Epoch)> {
    (0..n)
        .map(|k| {
            let epoch = t0().add_seconds(5.0 * f64::from(k));
            let read = state.apply(epoch, fresh(k));
            let mut f = [read.pd[0] != fresh(k).pd[0], false, false, false, false];
            for q in 0..4 {
                f[1 + q] = read.quaternion[q] != fresh(k).quaternion[q];
            }
            (f, epoch)
        })
        .collect()
}

fn one_class(class: StallClass, seed: u64) -> StallState {
    let config = Stalls {
        random: vec![class],
        scheduled: Vec::new(),
    };
    StallState::new(config, rng(seed), t0())
}

#[test]
fn stall_starts_and_durations_follow_the_configured_distributions() {
    let class = StallClass {
        rate_per_hour: 12.0,
        duration: StallDuration::Uniform {
            min_s: 5.0,
            max_s: 15.0,
        },
        freezes: StallGroup::Photodiodes,
    };
    let mut state = one_class(class, 3);
    let hours = 2000.0;
    let pattern = frozen_pattern(&mut state, (hours * 720.0) as u32);
    // Stalls: maximal runs of frozen iterations; idle time is the rest.
    let (mut lengths, mut run, mut idle) = (Vec::new(), 0u32, 0u32);
    for (f, _) in &pattern {
        if f[0] {
            run += 1;
        } else {
            idle += 1;
            if run > 0 {
                lengths.push(run);
                run = 0;
            }
        }
    }
    // A stall can start at the very iteration the one before it ends (the
    // class is idle again then): such a pair shows as one run of 4-6
    // (and a rarer chain of three, counted as two here, as longer).
    let merged = lengths.iter().filter(|l| **l >= 4).count();
    assert!(lengths.iter().all(|l| *l >= 2), "a stall of one iteration");
    let stalls = (lengths.len() + merged) as f64;
    // Start draws: every idle iteration, and each back-to-back start.
    let idle_hours = (f64::from(idle) + merged as f64) * 5.0 / 3600.0;
    let rate = stalls / idle_hours;
    // Poisson count: ~2.3e4 stalls, σ/mean ≈ 0.7 %; allow 4σ.
    let sigma = stalls.sqrt() / idle_hours;
    assert!(
        (rate - class.rate_per_hour).abs() < 4.0 * sigma,
        "{rate:.3} stalls per idle hour, configured {}",
        class.rate_per_hour
    );
    // A stall frozen from its first iteration for D ~ U(5 s, 15 s) covers
    // 1 + floor(D / 5 s) iterations: 2 or 3, each half the time.
    let single: Vec<u32> = lengths.iter().copied().filter(|l| *l <= 3).collect();
    let twos = single.iter().filter(|l| **l == 2).count() as f64 / single.len() as f64;
    assert!(
        (twos - 0.5).abs() < 0.02,
        "{twos} of the stalls last 2 iterations"
    );
    // The photodiode group leaves the quaternion live.
    assert!(pattern.iter().all(|(f, _)| !f[1..].iter().any(|q| *q)));
}

#[test]
fn a_long_stall_lasts_until_the_run_ends_and_a_restart_clears_it() {
    let class = StallClass {
        rate_per_hour: 60.0,
        duration: StallDuration::UntilRunEnd,
        freezes: StallGroup::All,
    };
    let mut state = one_class(class, 5);
    let pattern = frozen_pattern(&mut state, 2000);
    let first = pattern
        .iter()
        .position(|(f, _)| f[0])
        .expect("a stall within 2.8 h");
    // From its start on, everything stays frozen.
    assert!(pattern[first..].iter().all(|(f, _)| f.iter().all(|x| *x)));
    state.begin_run();
    let epoch = pattern.last().unwrap().1.add_seconds(5.0);
    assert_eq!(state.apply(epoch, fresh(9999)), fresh(9999), "restart");
}

#[test]
fn each_group_freezes_its_parameters_only() {
    for (group, quaternions) in [
        (StallGroup::Photodiodes, 0),
        (StallGroup::PhotodiodesAndQ0, 1),
        (StallGroup::All, 4),
    ] {
        let config = Stalls {
            random: Vec::new(),
            scheduled: vec![ScheduledStall {
                start_s: 10.0,
                end_s: Some(30.0),
                freezes: group,
            }],
        };
        let mut state = StallState::new(config, rng(1), t0());
        let pattern = frozen_pattern(&mut state, 10);
        for (k, (f, _)) in pattern.iter().enumerate() {
            // Iterations at 10, 15, 20 and 25 s are in [10 s, 30 s).
            let inside = (2..6).contains(&k);
            assert_eq!(f[0], inside, "{group:?} photodiodes at iteration {k}");
            for (q, frozen) in f[1..].iter().enumerate() {
                assert_eq!(*frozen, inside && q < quaternions, "{group:?} q{q} at {k}");
            }
        }
    }
}

#[test]
fn frozen_values_are_those_read_just_before_the_stall() {
    let config = Stalls {
        random: Vec::new(),
        scheduled: vec![ScheduledStall {
            start_s: 10.0,
            end_s: None,
            freezes: StallGroup::Photodiodes,
        }],
    };
    let mut state = StallState::new(config, rng(1), t0());
    let reads: Vec<AppReading> = (0..6)
        .map(|k| state.apply(t0().add_seconds(5.0 * f64::from(k)), fresh(k)))
        .collect();
    for read in &reads[2..] {
        assert_eq!((read.pd, read.flags), (fresh(1).pd, fresh(1).flags));
    }
    // A stall scheduled from the very first iteration has nothing to hold.
    let from_start = Stalls {
        random: Vec::new(),
        scheduled: vec![ScheduledStall {
            start_s: 0.0,
            end_s: None,
            freezes: StallGroup::All,
        }],
    };
    let mut state = StallState::new(from_start, rng(1), t0());
    assert_eq!(state.apply(t0(), fresh(0)), fresh(0));
    assert_eq!(state.apply(t0().add_seconds(5.0), fresh(1)), fresh(0));
}

#[test]
fn the_same_seed_gives_the_same_stalls_and_no_rate_none() {
    let stalls = |seed| {
        let mut s = StallState::new(Stalls::ops_sat(), rng(seed), t0());
        frozen_pattern(&mut s, 5000)
    };
    assert_eq!(stalls(9), stalls(9));
    assert_ne!(stalls(9), stalls(10));
    let mut none = StallState::new(Stalls::none(), rng(9), t0());
    assert!(
        frozen_pattern(&mut none, 5000)
            .iter()
            .all(|(f, _)| !f.iter().any(|x| *x))
    );
}

#[test]
fn bad_values_are_named() {
    let bad = Stalls {
        random: vec![StallClass {
            rate_per_hour: -1.0,
            duration: StallDuration::Uniform {
                min_s: 10.0,
                max_s: 5.0,
            },
            freezes: StallGroup::All,
        }],
        scheduled: vec![ScheduledStall {
            start_s: 20.0,
            end_s: Some(20.0),
            freezes: StallGroup::All,
        }],
    };
    let fields: Vec<String> = bad.problems().into_iter().map(|p| p.0).collect();
    assert_eq!(
        fields,
        [
            "random[0].rate_per_hour",
            "random[0].duration",
            "scheduled[0].end_s"
        ]
    );
    assert!(Stalls::ops_sat().problems().is_empty());
}
