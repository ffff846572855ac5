//! The row-by-row comparison of a flight run with its simulation, and the
//! flight's stalls as scheduled stalls of the simulated app.

use orbitai_astro::Epoch;
use orbitai_flight::telemetry::TelemetryRow;
use orbitai_sim::stall::{ScheduledStall, StallGroup};
use orbitai_sweep::plots::Comparison;

use super::{Errors, Quartiles, RunFit, SumSin2};

/// PD6 above this (rad, the mission's 1.0472) is "camera OFF".
const OFF_ABOVE_RAD: f64 = orbitai_learn::metrics::GRID_ON_BELOW;

/// Equal rows in a row from which on a run of them is a stall (the pool
/// holds a value ~10 s and the app reads every 5 s, so two are normal).
const STALL_ROWS: usize = 3;

/// A run's live values: per diode |simulated − flight|, rad, and Σ sin²
/// (flight, simulated).
#[derive(Debug, Default)]
pub struct Live {
    /// Per diode PD1..PD6.
    pub errors: [Vec<f64>; 6],
    /// Σ sin² of each live row: flight, simulated.
    pub sum_sin2: (Vec<f64>, Vec<f64>),
}

/// The six photodiode values of a row, rad (NaN: missing or not a number).
fn values(row: &TelemetryRow) -> [f64; 6] {
    row.pd_text.each_ref().map(|text| {
        text.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .unwrap_or(f64::NAN)
    })
}

/// Per row, whether it is in a stall: its photodiode values equal those of
/// the two rows before.
fn stalled(rows: &[TelemetryRow]) -> Vec<bool> {
    (0..rows.len())
        .map(|k| {
            k >= STALL_ROWS - 1 && (1..STALL_ROWS).all(|j| rows[k].pd_text == rows[k - j].pd_text)
        })
        .collect()
}

/// The flight's stalls as stalls of the simulated app, times from
/// `sim_start`: each maximal run of at least three rows with equal
/// photodiode values (and every value read) freezes from its second row
/// (the first is the last fresh read) to its last, with half an interval
/// (2.5 s) of margin either side for the loop's jitter, or to the run's
/// end if it reaches the end of the file. It freezes the quaternion too
/// where the flight's stayed equal over the whole run of rows: all four
/// components (`All`), or q0 only (`PhotodiodesAndQ0`).
pub fn flight_stalls(rows: &[TelemetryRow], sim_start: Epoch) -> Vec<ScheduledStall> {
    const MARGIN_S: f64 = 2.5;
    let seconds = |row: &TelemetryRow| (row.timestamp_ms - sim_start.unix_millis()) as f64 / 1e3;
    let mut stalls = Vec::new();
    let mut first = 0;
    while first < rows.len() {
        let mut last = first;
        while last + 1 < rows.len() && rows[last + 1].pd_text == rows[first].pd_text {
            last += 1;
        }
        let complete = rows[first].pd_text.iter().all(|t| t.trim() != "x");
        if last + 1 - first >= STALL_ROWS && complete {
            let span = &rows[first..=last];
            let held = |q: usize| {
                span.iter()
                    .all(|r| r.quaternion_text[q] == rows[first].quaternion_text[q])
            };
            let freezes = if (0..4).all(held) {
                StallGroup::All
            } else if held(0) {
                StallGroup::PhotodiodesAndQ0
            } else {
                StallGroup::Photodiodes
            };
            stalls.push(ScheduledStall {
                start_s: (seconds(&rows[first + 1]) - MARGIN_S).max(0.0),
                end_s: (last + 1 < rows.len()).then(|| seconds(&rows[last]) + MARGIN_S),
                freezes,
            });
        }
        first = last + 1;
    }
    stalls
}

/// Row-by-row comparison of a flight run with its simulation.
pub fn compare(name: &str, flight: &[TelemetryRow], simulated: &[TelemetryRow]) -> (RunFit, Live) {
    let rows = flight.len().min(simulated.len());
    let (flight, simulated) = (&flight[..rows], &simulated[..rows]);
    let (flight_stalled, simulated_stalled) = (stalled(flight), stalled(simulated));
    let mut comparison = Comparison {
        time_s: flight.iter().map(|r| r.timestamp_ms as f64 / 1e3).collect(),
        flight_rad: std::array::from_fn(|_| Vec::with_capacity(rows)),
        simulated_rad: std::array::from_fn(|_| Vec::with_capacity(rows)),
        stalled: flight_stalled.clone(),
    };
    let mut live_values = Live::default();
    let (mut live, mut agree) = (0, 0);
    let mut off = (0, 0, 0);
    let sum_sin2 = |v: &[f64; 6]| v.iter().map(|x| x.sin().powi(2)).sum::<f64>();
    for k in 0..rows {
        let (f, s) = (values(&flight[k]), values(&simulated[k]));
        for d in 0..6 {
            comparison.flight_rad[d].push(f[d]);
            comparison.simulated_rad[d].push(s[d]);
        }
        if flight_stalled[k] || simulated_stalled[k] || !f.iter().chain(&s).all(|v| v.is_finite()) {
            continue;
        }
        live += 1;
        for (d, e) in live_values.errors.iter_mut().enumerate() {
            e.push((s[d] - f[d]).abs());
        }
        live_values.sum_sin2.0.push(sum_sin2(&f));
        live_values.sum_sin2.1.push(sum_sin2(&s));
        let (f_off, s_off) = (f[5] > OFF_ABOVE_RAD, s[5] > OFF_ABOVE_RAD);
        agree += usize::from(f_off == s_off);
        off.0 += usize::from(f_off);
        off.1 += usize::from(s_off);
        off.2 += usize::from(f_off && s_off);
    }
    let count = |v: &[bool]| v.iter().filter(|s| **s).count();
    let errors = &live_values.errors;
    let fit = RunFit {
        run: name.to_owned(),
        rows,
        frozen: count(&flight_stalled),
        frozen_simulated: count(&simulated_stalled),
        live,
        diodes: std::array::from_fn(|d| Errors::of(errors[d].clone())),
        overall: Errors::of(errors.iter().flatten().copied().collect()),
        labels_agree: agree,
        off,
        sum_sin2: SumSin2 {
            flight: Quartiles::of(live_values.sum_sin2.0.clone()),
            simulated: Quartiles::of(live_values.sum_sin2.1.clone()),
        },
        comparison,
    };
    (fit, live_values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(k: usize, pd: &str, q: [&str; 4]) -> TelemetryRow {
        TelemetryRow {
            line: k + 2,
            timestamp_ms: 1_618_593_460_000 + 5000 * k as i64,
            pd_text: std::array::from_fn(|_| pd.to_owned()),
            flags: [Some(true); 6],
            quaternion_text: q.map(str::to_owned),
        }
    }

    #[test]
    fn flight_stalls_are_found_with_what_froze() {
        let start = Epoch::from_unix_millis(1_618_593_460_000).unwrap();
        let q = |k: usize| [format!("{k}"), "0.5".into(), format!("{k}"), "0.1".into()];
        let mut rows = Vec::new();
        // Rows 0-1 a natural pair, 2-5 a photodiode stall (q moving),
        // 6 fresh, 7-9 everything frozen to the end of the file.
        for (k, pd) in ["a", "a", "b", "b", "b", "b", "c", "d", "d", "d"]
            .iter()
            .enumerate()
        {
            let q = if k >= 7 { q(7) } else { q(k) };
            rows.push(row(k, pd, [&q[0], &q[1], &q[2], &q[3]]));
        }
        let stalls = flight_stalls(&rows, start);
        assert_eq!(
            stalls,
            [
                ScheduledStall {
                    start_s: 15.0 - 2.5,
                    end_s: Some(25.0 + 2.5),
                    freezes: StallGroup::Photodiodes
                },
                ScheduledStall {
                    start_s: 40.0 - 2.5,
                    end_s: None,
                    freezes: StallGroup::All
                },
            ]
        );
        // Rows equal to the two before: 4, 5 and 9.
        let s = stalled(&rows);
        assert_eq!(
            s.iter()
                .enumerate()
                .filter(|x| *x.1)
                .map(|x| x.0)
                .collect::<Vec<_>>(),
            [4, 5, 9]
        );
    }

    #[test]
    fn missing_values_are_not_stalls() {
        let start = Epoch::from_unix_millis(1_618_593_460_000).unwrap();
        let rows: Vec<TelemetryRow> = (0..5).map(|k| row(k, "x", ["x"; 4])).collect();
        assert!(flight_stalls(&rows, start).is_empty());
    }
}
