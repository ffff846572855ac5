//! The app loop's delays and the telemetry stalls, seen in the world's
//! telemetry files (timestamps and repeated rows).

use orbitai_astro::Epoch;
use orbitai_sim::loop_delay::LoopDelay;
use orbitai_sim::stall::{StallClass, StallDuration, StallGroup, Stalls};
use orbitai_sim::{ExperimentConfig, Keep, RunConfig, SimConfig, Simulation};

mod support;

const RUNS: usize = 200;
const ITERATIONS: u32 = 100;

/// `RUNS` runs of `ITERATIONS` iterations, 600 s apart.
fn config(experiment: ExperimentConfig) -> SimConfig {
    let start = Epoch::parse_iso8601("2021-04-16T17:17:00Z").unwrap();
    let experiment = ExperimentConfig {
        runs: (0..RUNS)
            .map(|k| RunConfig {
                start: start.add_seconds(30.0 + 600.0 * k as f64),
                iterations: ITERATIONS,
                mode: None,
            })
            .collect(),
        ..experiment
    };
    support::opssat(
        "timing",
        start,
        RUNS as i64 * 600 + 60,
        11,
        vec![experiment],
    )
}

/// Per run: the rows' timestamps (ms) and photodiode text.
fn telemetry(experiment: ExperimentConfig) -> Vec<Vec<(i64, String)>> {
    let outcome = Simulation::new(&config(experiment), Keep::Rows)
        .unwrap()
        .run(0, &mut |_, _| {})
        .unwrap();
    outcome.experiments[0]
        .recorder
        .telemetry
        .iter()
        .map(|(_, text)| {
            text.lines()
                .skip(1)
                .map(|l| {
                    let (t, rest) = l.split_once(',').unwrap();
                    let pd: Vec<&str> = rest.split(',').take(12).step_by(2).collect();
                    (t.parse().unwrap(), pd.join(","))
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_loop_runs_late_by_the_configured_mean_delay() {
    let delay = LoopDelay::OPS_SAT;
    let runs = telemetry(ExperimentConfig {
        stalls: Stalls::none(),
        ..ExperimentConfig::default()
    });
    assert_eq!(runs.len(), RUNS);
    // A run's span is (n − 1) × 5 s plus its delays, and the wait for the
    // first whole-second tick at or after the last due time (the world's
    // step is 1 s; runs start on a tick): 0.5 s on average.
    let late: Vec<f64> = runs
        .iter()
        .map(|rows| {
            let span_s = (rows.last().unwrap().0 - rows[0].0) as f64 / 1e3 - 0.5;
            (span_s - 5.0 * f64::from(ITERATIONS - 1)) / f64::from(ITERATIONS - 1)
        })
        .collect();
    let mean = late.iter().sum::<f64>() / late.len() as f64;
    // E[shift + LN(ln m + σb·Z1, σ)] = shift + m·exp((σ² + σb²)/2) = 13 ms.
    let expected = delay.shift_s
        + delay.median_s * ((delay.sigma.powi(2) + delay.sigma_between_runs.powi(2)) / 2.0).exp();
    assert!(
        (mean / expected - 1.0).abs() < 0.2,
        "mean delay {mean:.4} s per iteration, expected {expected:.4} s"
    );
    // Runs differ: their levels are drawn per run.
    let spread = late.iter().cloned().fold(f64::MIN, f64::max)
        - late.iter().cloned().fold(f64::MAX, f64::min);
    assert!(
        spread > expected,
        "per-run delays all alike: spread {spread:.4} s"
    );

    // Without the delay, every iteration is exactly 5 s after the last.
    let exact = telemetry(ExperimentConfig {
        loop_delay: None,
        stalls: Stalls::none(),
        ..ExperimentConfig::default()
    });
    for rows in &exact {
        assert!(rows.windows(2).all(|w| w[1].0 - w[0].0 == 5000));
    }
}

#[test]
fn stalls_repeat_rows_and_only_when_configured() {
    // Rows equal to the two before them. Without stalls only a few: with
    // one face lit (nadir pointing), its value may hold over three reads
    // (10.6 s refresh, 5 s reads) when noise and quantisation leave it.
    // (A row of `x`, nothing read yet, counts too: a stall from the second
    // iteration repeats the first, empty, read.)
    let repeats = |runs: &[Vec<(i64, String)>]| -> usize {
        runs.iter()
            .map(|rows| {
                rows.windows(3)
                    .filter(|w| w[0].1 == w[1].1 && w[1].1 == w[2].1)
                    .count()
            })
            .sum()
    };
    let none = telemetry(ExperimentConfig {
        stalls: Stalls::none(),
        ..ExperimentConfig::default()
    });
    let natural = repeats(&none);
    let rows = RUNS * ITERATIONS as usize;
    assert!(
        natural < rows / 10,
        "{natural} of {rows} rows repeat without stalls"
    );
    // A stall of everything until the run's end, started at once in every
    // run (75 % chance per 5 s): nearly all rows but the first two repeat.
    let hung = telemetry(ExperimentConfig {
        stalls: Stalls {
            random: vec![StallClass {
                rate_per_hour: 1e3,
                duration: StallDuration::UntilRunEnd,
                freezes: StallGroup::All,
            }],
            scheduled: Vec::new(),
        },
        ..ExperimentConfig::default()
    });
    let frozen = repeats(&hung) - natural.min(repeats(&hung));
    let rows = RUNS * ITERATIONS as usize;
    assert!(
        frozen as f64 > 0.9 * rows as f64,
        "{frozen} of {rows} rows frozen"
    );
}
