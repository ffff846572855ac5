//! The hindcast plot: a flight run's photodiodes against their
//! simulation, one panel per diode, stalls of the on-board pool shaded.

use std::io;
use std::path::Path;

use plotters::prelude::*;

use super::{
    FONT, GREY, Key, SHADE, TITLE, draw_legend, invalid, legend_width, line, mesh, minutes_since,
    render,
};

/// A flight run and its simulation, row by row. All vectors have the
/// length of `time_s`; NaN is a value not read.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// Time of each row, s (plotted in minutes since the first).
    pub time_s: Vec<f64>,
    /// PD1..PD6 in flight: Sun elevation above each face, rad.
    pub flight_rad: [Vec<f64>; 6],
    /// PD1..PD6 simulated, rad.
    pub simulated_rad: [Vec<f64>; 6],
    /// Whether the flight row is in a stall (the pool frozen).
    pub stalled: Vec<bool>,
}

/// Six panels (PD1..PD6, PD6 the camera face −Z) of flight (black) and
/// simulated (orange) elevation on one time axis, the stalls shaded.
///
/// Errors (InvalidInput, nothing written): no row, or vectors of another
/// length than `time_s`.
pub fn hindcast_svg(path: &Path, title: &str, c: &Comparison) -> io::Result<()> {
    let n = c.time_s.len();
    let lengths = c.flight_rad.iter().chain(&c.simulated_rad).map(Vec::len);
    if n == 0 {
        return Err(invalid("hindcast: no row".into()));
    }
    if lengths.chain([c.stalled.len()]).any(|l| l != n) {
        return Err(invalid(format!("hindcast: {n} times but other lengths")));
    }
    let t0 = c
        .time_s
        .iter()
        .copied()
        .find(|t| t.is_finite())
        .unwrap_or(0.0);
    let (minutes, t_max) = minutes_since(&c.time_s, t0);
    let stalls = spans(&minutes, &c.stalled);
    let simulated = RGBColor(230, 120, 0);
    let mut keys = vec![
        Key::new("flight", BLACK, 2, false, None),
        Key::new("simulated", simulated, 2, false, None),
    ];
    if !stalls.is_empty() {
        keys.push(Key::new("pool stalled", GREY, 0, false, Some(SHADE)));
    }
    render(path, (1200, 900), |root| {
        let area = root.titled(title, (FONT, TITLE))?;
        let (width, _) = area.dim_in_pixel();
        let (plots, legend) = area.split_horizontally(width - legend_width(&keys));
        let panels = plots.split_evenly((3, 2));
        for (d, panel) in panels.iter().enumerate() {
            let bottom = d >= 4;
            let mut chart = ChartBuilder::on(panel)
                .margin(8)
                .x_label_area_size(if bottom { 48 } else { 8 })
                .y_label_area_size(70)
                .build_cartesian_2d(0.0..t_max, -0.05..1.65)?;
            let name = if d == 5 {
                "PD6 (−Z, camera), rad".to_owned()
            } else {
                format!("PD{}, rad", d + 1)
            };
            mesh(
                &mut chart,
                bottom.then_some("time since start (min)"),
                &name,
                4,
            )?;
            for &(a, b) in &stalls {
                chart.draw_series([Rectangle::new(
                    [(a, -0.05), (b, 1.65)],
                    GREY.mix(SHADE).filled(),
                )])?;
            }
            let pair = |v: &Vec<f64>| {
                minutes
                    .iter()
                    .copied()
                    .zip(v.iter().copied())
                    .collect::<Vec<_>>()
            };
            line(
                &mut chart,
                pair(&c.flight_rad[d]).into_iter(),
                BLACK.stroke_width(2),
                false,
            )?;
            line(
                &mut chart,
                pair(&c.simulated_rad[d]).into_iter(),
                simulated.stroke_width(2),
                false,
            )?;
        }
        draw_legend(&legend, &keys)
    })
}

/// Spans (minutes) of consecutive `true` flags: from the first flagged
/// row to the next unflagged one.
fn spans(minutes: &[f64], flags: &[bool]) -> Vec<(f64, f64)> {
    let mut out = Vec::new();
    let mut start = None;
    for (k, &flag) in flags.iter().enumerate() {
        match (flag, start) {
            (true, None) => start = Some(k),
            (false, Some(s)) => {
                out.push((minutes[s], minutes[k]));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((minutes[s], minutes[minutes.len() - 1]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_comparison_plots_and_bad_lengths_are_refused() {
        let dir =
            std::env::temp_dir().join(format!("orbitai-hindcast-plot-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let n = 50;
        let time_s: Vec<f64> = (0..n).map(|k| 5.0 * k as f64).collect();
        let wave = |phase: f64| {
            (0..n)
                .map(|k| (k as f64 * 0.2 + phase).sin() * 0.7 + 0.7)
                .collect::<Vec<f64>>()
        };
        let c = Comparison {
            time_s: time_s.clone(),
            flight_rad: std::array::from_fn(|d| wave(d as f64)),
            simulated_rad: std::array::from_fn(|d| wave(d as f64 + 0.1)),
            stalled: (0..n).map(|k| (20..30).contains(&k)).collect(),
        };
        let path = dir.join("run.svg");
        hindcast_svg(&path, "data_x", &c).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        for needle in ["PD6 (−Z, camera)", "simulated", "pool stalled", "data_x"] {
            assert!(svg.contains(needle), "{needle}");
        }
        let bad = Comparison {
            stalled: vec![false],
            ..c
        };
        assert!(hindcast_svg(&dir.join("bad.svg"), "x", &bad).is_err());
        assert!(!dir.join("bad.svg").exists());
        assert_eq!(
            spans(&[0.0, 1.0, 2.0, 3.0], &[false, true, true, false]),
            vec![(1.0, 3.0)]
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
