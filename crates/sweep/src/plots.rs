//! SVG plots of Monte Carlo sweeps: learning-curve bands, the distribution of
//! final accuracy per model, and the trace of one representative member.
//!
//! Every function renders the whole SVG into memory and then writes it
//! atomically (temporary file in the target directory, then rename), so a
//! failed or interrupted call never leaves a half-written plot under the
//! final name.
//!
//! Errors: input that gives nothing to draw (no model, no sample, every value
//! NaN) or inconsistent lengths is rejected with [`io::ErrorKind::InvalidInput`]
//! and no file is written. NaN (and ±∞) values inside otherwise usable data
//! are skipped: lines and bands break at them, and the accuracy distribution
//! says per model how many it skipped.

use std::io;
use std::path::Path;

use orbitai_sim::atomic_file::write_atomic;
use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One model's learning curve across sweep members: at each sample count,
/// quantiles over members. All vectors have the length of `samples`.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveBand {
    /// Legend name, e.g. "arow 3D".
    pub model: String,
    /// Training samples seen, increasing.
    pub samples: Vec<u64>,
    /// 5th percentile of balanced accuracy over members.
    pub p05: Vec<f64>,
    /// Median of balanced accuracy over members.
    pub p50: Vec<f64>,
    /// 95th percentile of balanced accuracy over members.
    pub p95: Vec<f64>,
}

/// A trace of one representative member over time. All vectors have the
/// length of `time_s`, except `labels_on`, which may also be empty.
#[derive(Clone, Debug, PartialEq)]
pub struct Trace {
    /// Time of each sample, s (plotted in minutes since the first sample).
    pub time_s: Vec<f64>,
    /// Sun elevation above each photodiode's face, rad; PD1..PD6 in order,
    /// PD6 being the camera face (−Z).
    pub photodiodes_rad: [Vec<f64>; 6],
    /// Visible fraction of the solar disc, 0 (umbra) to 1 (sunlit).
    pub illumination: Vec<f64>,
    /// The experiment's label ("camera may be ON") per sample; false spans
    /// are shaded. Empty: no shading.
    pub labels_on: Vec<bool>,
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
type Chart<'a, 'b> = ChartContext<'a, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;
type DrawResult = Result<(), DrawingAreaErrorKind<io::Error>>;

const FONT: &str = "sans-serif";
// plotters' SVG backend writes `font-size = size / 1.24`: these sizes come
// out as 22.6, 17.7, 16.1 and 14.5 px.
const TITLE: f64 = 28.0;
const DESC: f64 = 22.0;
const TICK: f64 = 20.0;
const NOTE: f64 = 18.0;
/// Legend row height, px.
const ROW: i32 = 28;
/// Opacity of the shading where the camera must be OFF.
const SHADE: f64 = 0.18;
const GRID: RGBColor = RGBColor(225, 225, 225);
const GREY: RGBColor = RGBColor(110, 110, 110);
/// Tableau 10 and two darker extras (0xRRGGBB); beyond 12 models colours
/// repeat with dashed medians.
const PALETTE: [u32; 12] = [
    0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2, 0x7f7f7f, 0xbcbd22,
    0x17becf, 0x393b79, 0x637939,
];

/// Learning curves: per model the median balanced accuracy as a line and the
/// 5–95 % band over members as a translucent area of the same colour, with
/// dashed references at 0.90 and 0.95 and a legend right of the plot. The y
/// axis spans at least [0.4, 1]. Legible up to about 12 models (beyond, colours
/// repeat with dashed medians).
///
/// Errors (InvalidInput, nothing written): no band, a band whose vectors
/// differ in length from `samples`, or no finite value at all.
pub fn learning_curves_svg(path: &Path, title: &str, bands: &[CurveBand]) -> io::Result<()> {
    if bands.is_empty() {
        return Err(invalid("learning curves: no model to plot".into()));
    }
    if let Some(b) = bands.iter().find(|b| {
        let n = b.samples.len();
        b.p05.len() != n || b.p50.len() != n || b.p95.len() != n
    }) {
        let (n, l) = (b.samples.len(), [b.p05.len(), b.p50.len(), b.p95.len()]);
        let m = &b.model;
        let msg = format!("learning curves: {m:?} has {n} sample counts but p05/p50/p95 {l:?}");
        return Err(invalid(msg));
    }
    let values = bands
        .iter()
        .flat_map(|b| b.p05.iter().chain(&b.p50).chain(&b.p95));
    let (y_lo, y_hi) = value_range(values, 0.4, 0.1)
        .ok_or_else(|| invalid("learning curves: no finite accuracy value".into()))?;
    let x_max = bands
        .iter()
        .flat_map(|b| &b.samples)
        .fold(1, |m, &s| m.max(s)) as f64;
    let alpha = (1.2 / bands.len() as f64).clamp(0.08, 0.2);
    let mut keys: Vec<Key> = (bands.iter().enumerate())
        .map(|(i, b)| Key::new(&b.model, color(i), 3, i >= PALETTE.len(), Some(2.0 * alpha)))
        .collect();
    keys.push(Key::new("0.90, 0.95", GREY, 1, true, None));

    render(path, (1000, 600), |root| {
        let area = root.titled(title, (FONT, TITLE))?;
        let (plot, legend) = area.split_horizontally(area.dim_in_pixel().0 - legend_width(&keys));
        let mut chart = ChartBuilder::on(&plot)
            .margin(12)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..x_max, y_lo..y_hi)?;
        let y_desc = "balanced accuracy (ground grid)";
        mesh(&mut chart, Some("training samples"), y_desc, 8)?;
        for r in [0.9, 0.95].into_iter().filter(|r| (y_lo..y_hi).contains(r)) {
            dashed(&mut chart, (0.0, r), (x_max, r))?;
        }
        for (i, b) in bands.iter().enumerate() {
            let x = |j: usize| b.samples[j] as f64;
            let points = (0..b.samples.len())
                .map(|j| finite(&[b.p05[j], b.p95[j]]).then(|| (x(j), b.p05[j], b.p95[j])));
            for run in runs(points) {
                let mut outline: Vec<(f64, f64)> = run.iter().map(|&(x, _, hi)| (x, hi)).collect();
                outline.extend(run.iter().rev().map(|&(x, lo, _)| (x, lo)));
                chart.draw_series([Polygon::new(outline, color(i).mix(alpha).filled())])?;
            }
        }
        for (i, b) in bands.iter().enumerate() {
            let points = b
                .samples
                .iter()
                .map(|&s| s as f64)
                .zip(b.p50.iter().copied());
            line(
                &mut chart,
                points,
                color(i).stroke_width(3),
                i >= PALETTE.len(),
            )?;
        }
        draw_legend(&legend, &keys)
    })
}

/// Distribution of final balanced accuracy per model as horizontal boxes
/// (box 25–75 %, whiskers 5–95 %, circles at min and max, a black median bar,
/// and the members as dots when there are at most 500), model names on the
/// left, first model at the top. The x axis spans at least [0.9, 1]; the
/// canvas grows with the number of models.
///
/// NaN and ±∞ values are skipped: the line under a model's name gives the
/// members kept and the number skipped ("n=97, 3 NaN skipped"); a model with
/// no finite value keeps its row, labelled "no finite value (…)". Identical
/// values and single members draw as one median bar.
///
/// Errors (InvalidInput, nothing written): no model, or no finite value in
/// any model.
pub fn final_accuracy_svg(
    path: &Path,
    title: &str,
    per_model: &[(String, Vec<f64>)],
) -> io::Result<()> {
    if per_model.is_empty() {
        return Err(invalid("final accuracy: no model to plot".into()));
    }
    let (x_lo, x_hi) = value_range(per_model.iter().flat_map(|(_, v)| v), 0.9, 0.05)
        .ok_or_else(|| invalid("final accuracy: no finite accuracy value".into()))?;
    let rows: Vec<(&str, Vec<f64>, String)> = (per_model.iter())
        .map(|(name, values)| {
            let mut kept: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
            kept.sort_by(f64::total_cmp);
            let note = count_note(values, kept.len());
            (name.as_str(), kept, note)
        })
        .collect();
    let n = rows.len();
    let widths = rows
        .iter()
        .map(|(m, _, note)| text_width(m, TICK).max(text_width(note, NOTE)));
    let label_w = widths.max().unwrap_or(0).clamp(80, 380) + 24;

    render(path, (1000, (170 + 50 * n as u32).max(600)), |root| {
        let area = root.titled(title, (FONT, TITLE))?;
        let (area, footer) = area.split_vertically(area.dim_in_pixel().1 - 36);
        let mut chart = ChartBuilder::on(&area)
            .margin(12)
            .margin_right(30)
            .x_label_area_size(56)
            .y_label_area_size(label_w)
            .build_cartesian_2d(x_lo..x_hi, -0.5..n as f64 - 0.5)?;
        mesh(
            &mut chart,
            Some("final balanced accuracy (ground grid)"),
            "",
            0,
        )?;
        for r in [0.9, 0.95].into_iter().filter(|r| (x_lo..x_hi).contains(r)) {
            dashed(&mut chart, (r, -0.5), (r, n as f64 - 0.5))?;
        }
        for (i, (name, kept, note)) in rows.iter().enumerate() {
            let y = (n - 1 - i) as f64;
            draw_box(&mut chart, y, kept, color(i))?;
            let (px, py) = chart.backend_coord(&(x_lo, y));
            let style = |size, c: &RGBColor| text(size, c, HPos::Right, VPos::Center);
            root.draw(&Text::new(
                name.to_string(),
                (px - 12, py - 10),
                style(TICK, &BLACK),
            ))?;
            root.draw(&Text::new(
                note.as_str(),
                (px - 12, py + 12),
                style(NOTE, &GREY),
            ))?;
        }
        let key =
            "box: 25–75 % · whiskers: 5–95 % · circles: min, max · bar: median · dots: members";
        let style = text(NOTE, &GREY, HPos::Center, VPos::Center);
        footer.draw(&Text::new(
            key,
            (footer.dim_in_pixel().0 as i32 / 2, 14),
            style,
        ))
    })
}

/// Trace of one member: the Sun's elevation above the six photodiode faces
/// in a top panel (PD6, the camera face −Z, thick and black; a dashed line at
/// 0 rad), the illumination fraction in a bottom panel on the same time axis
/// (minutes since the first sample), and grey shading over both where the
/// label says the camera must be OFF. NaN values break the lines.
///
/// Errors (InvalidInput, nothing written): no sample, a vector whose length
/// differs from `time_s` (`labels_on` may be empty), or no finite time.
pub fn trace_svg(path: &Path, title: &str, trace: &Trace) -> io::Result<()> {
    let n = trace.time_s.len();
    let pd_lengths = trace.photodiodes_rad.each_ref().map(Vec::len);
    let (lit_len, label_len) = (trace.illumination.len(), trace.labels_on.len());
    if n == 0 {
        return Err(invalid("trace: no sample".into()));
    }
    if pd_lengths.iter().any(|&l| l != n) || lit_len != n || !(label_len == 0 || label_len == n) {
        return Err(invalid(format!(
            "trace: {n} times but photodiodes {pd_lengths:?}, illumination {lit_len}, labels {label_len}"
        )));
    }
    let t0 = (trace.time_s.iter().copied().find(|t| t.is_finite()))
        .ok_or_else(|| invalid("trace: no finite time".into()))?;
    let (minutes, t_max) = minutes_since(&trace.time_s, t0);
    let elevations = trace
        .photodiodes_rad
        .iter()
        .flatten()
        .filter(|v| v.is_finite());
    // Readings are elevations in [0, π/2]; a little room below 0 keeps the
    // dark-face lines visible.
    let (el_lo, el_hi) = elevations.fold((-0.05_f64, 1.65_f64), |(l, h), &v| (l.min(v), h.max(v)));
    let off = off_spans(&minutes, &trace.labels_on);
    let pd_colors = [color(0), color(1), color(2), color(4), color(9), BLACK];
    let sun = RGBColor(230, 145, 0);
    let mut keys: Vec<Key> = (1..=5)
        .map(|i| Key::new(&format!("PD{i}"), pd_colors[i - 1], 2, false, None))
        .collect();
    keys.push(Key::new("PD6 (−Z, camera)", BLACK, 3, false, None));
    keys.push(Key::new("60° (PD6 above: OFF)", GREY, 1, true, None));
    keys.push(Key::new("illumination", sun, 2, false, Some(0.35)));
    if !off.is_empty() {
        keys.push(Key::new("camera must be OFF", GREY, 0, false, Some(SHADE)));
    }

    render(path, (1000, 700), |root| {
        let area = root.titled(title, (FONT, TITLE))?;
        let (width, height) = area.dim_in_pixel();
        let (plots, legend) = area.split_horizontally(width - legend_width(&keys));
        let (top, bottom) = plots.split_vertically(height * 62 / 100);
        let mut upper = ChartBuilder::on(&top)
            .margin(12)
            .margin_bottom(4)
            .x_label_area_size(8)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..t_max, el_lo..el_hi)?;
        mesh(&mut upper, None, "Sun elevation above face (rad)", 8)?;
        let mut lower = ChartBuilder::on(&bottom)
            .margin(12)
            .margin_top(4)
            .x_label_area_size(56)
            .y_label_area_size(84)
            .build_cartesian_2d(0.0..t_max, -0.05..1.08)?;
        mesh(
            &mut lower,
            Some("time since start (min)"),
            "illumination (0–1)",
            4,
        )?;
        for &(a, b) in &off {
            let shade = GREY.mix(SHADE).filled();
            upper.draw_series([Rectangle::new([(a, el_lo), (b, el_hi)], shade)])?;
            lower.draw_series([Rectangle::new([(a, -0.05), (b, 1.08)], shade)])?;
        }
        // The labeler's threshold: the camera must be OFF when PD6 is above.
        let threshold = std::f64::consts::FRAC_PI_3;
        dashed(&mut upper, (0.0, threshold), (t_max, threshold))?;
        for (i, pd) in trace.photodiodes_rad.iter().enumerate() {
            let style = pd_colors[i].stroke_width(if i == 5 { 3 } else { 2 });
            line(
                &mut upper,
                minutes.iter().copied().zip(pd.iter().copied()),
                style,
                false,
            )?;
        }
        let lit: Vec<(f64, f64)> = minutes
            .iter()
            .zip(&trace.illumination)
            .map(|(&t, v)| (t, v.clamp(0.0, 1.0)))
            .collect();
        for run in runs(lit.iter().map(|&(t, v)| finite(&[t, v]).then_some((t, v)))) {
            let mut outline = run.clone();
            outline.extend([(run[run.len() - 1].0, 0.0), (run[0].0, 0.0)]);
            lower.draw_series([Polygon::new(outline, sun.mix(0.3).filled())])?;
        }
        line(&mut lower, lit.into_iter(), sun.stroke_width(2), false)?;
        draw_legend(&legend, &keys)
    })
}

/// Times (s) as minutes since `t0`, and the axis end: the last finite
/// minute (1 when there is none past 0).
fn minutes_since(time_s: &[f64], t0: f64) -> (Vec<f64>, f64) {
    let minutes: Vec<f64> = time_s.iter().map(|t| (t - t0) / 60.0).collect();
    let t_max = minutes
        .iter()
        .copied()
        .filter(|t| t.is_finite())
        .fold(0.0, f64::max);
    (minutes, if t_max > 0.0 { t_max } else { 1.0 })
}

/// Renders into a string and writes it atomically.
fn render(path: &Path, size: (u32, u32), draw: impl FnOnce(&Area) -> DrawResult) -> io::Result<()> {
    let plot_error = |e| io::Error::other(format!("plotting {}: {e}", path.display()));
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(plot_error)?;
        draw(&root).map_err(plot_error)?;
        root.present().map_err(plot_error)?;
    }
    write_atomic(path, svg.as_bytes())
}

fn invalid(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// Grid, tick labels and axis titles; `x_desc` None hides the x tick labels.
fn mesh(chart: &mut Chart, x_desc: Option<&str>, y_desc: &str, y_ticks: usize) -> DrawResult {
    let blank = |_: &f64| String::new();
    (chart.configure_mesh())
        .x_desc(x_desc.unwrap_or(""))
        .y_desc(y_desc)
        .y_labels(y_ticks)
        .label_style((FONT, TICK))
        .axis_desc_style((FONT, DESC))
        .x_label_formatter(if x_desc.is_some() { &tick } else { &blank })
        .y_label_formatter(&tick)
        .bold_line_style(GRID)
        .light_line_style(TRANSPARENT)
        .draw()
}

/// A grey dashed reference line.
fn dashed(chart: &mut Chart, from: (f64, f64), to: (f64, f64)) -> DrawResult {
    chart.draw_series(DashedLineSeries::new([from, to], 8, 5, GREY.into()))?;
    Ok(())
}

/// A line broken at non-finite points; isolated points become dots.
fn line(
    chart: &mut Chart,
    points: impl Iterator<Item = (f64, f64)>,
    style: ShapeStyle,
    dash: bool,
) -> DrawResult {
    for run in runs(points.map(|(x, y)| finite(&[x, y]).then_some((x, y)))) {
        if run.len() == 1 {
            let dot = ShapeStyle {
                filled: true,
                ..style
            };
            chart.draw_series([Circle::new(run[0], style.stroke_width + 1, dot)])?;
        } else if dash {
            chart.draw_series(DashedLineSeries::new(run, 10, 6, style))?;
        } else {
            chart.draw_series(LineSeries::new(run, style))?;
        }
    }
    Ok(())
}

/// One horizontal box at row `y` from sorted finite values.
fn draw_box(chart: &mut Chart, y: f64, sorted: &[f64], c: RGBColor) -> DrawResult {
    let Some((&min, &max)) = sorted.first().zip(sorted.last()) else {
        return Ok(());
    };
    let q = |p| quantile(sorted, p);
    let (h, cap, stroke) = (0.28, 0.14, c.stroke_width(2));
    if sorted.len() <= 500 {
        // Deterministic jitter (Knuth's multiplicative hash), uncorrelated with rank.
        let jitter = |k: usize| ((k as u64 * 2_654_435_761) % 1000) as f64 / 1000.0 - 0.5;
        let dot = |(k, &v)| Circle::new((v, y + 2.0 * h * jitter(k)), 2, c.mix(0.45).filled());
        chart.draw_series(sorted.iter().enumerate().map(dot))?;
    }
    let segment = |a: (f64, f64), b: (f64, f64)| PathElement::new([a, b], stroke);
    chart.draw_series([
        segment((q(0.05), y), (q(0.25), y)),
        segment((q(0.75), y), (q(0.95), y)),
        segment((q(0.05), y - cap), (q(0.05), y + cap)),
        segment((q(0.95), y - cap), (q(0.95), y + cap)),
    ])?;
    let corners = [(q(0.25), y - h), (q(0.75), y + h)];
    chart.draw_series([
        Rectangle::new(corners, c.mix(0.2).filled()),
        Rectangle::new(corners, stroke),
    ])?;
    let bar = [(q(0.5), y - h - 0.04), (q(0.5), y + h + 0.04)];
    chart.draw_series([PathElement::new(bar, BLACK.stroke_width(4))])?;
    chart.draw_series([min, max].map(|v| Circle::new((v, y), 5, stroke)))?;
    Ok(())
}

/// Linear-interpolation quantile (type 7) of sorted, non-empty values.
fn quantile(sorted: &[f64], p: f64) -> f64 {
    let pos = p * (sorted.len() - 1) as f64;
    let (i, f) = (pos.floor() as usize, pos.fract());
    sorted
        .get(i + 1)
        .map_or(sorted[i], |next| sorted[i] + f * (next - sorted[i]))
}

/// "n=97, 3 NaN skipped", or "no finite value (4 NaN)".
fn count_note(values: &[f64], kept: usize) -> String {
    let skipped = values.len() - kept;
    let all_nan = values.iter().all(|v| v.is_finite() || v.is_nan());
    let what = if all_nan { "NaN" } else { "non-finite" };
    match (kept, skipped) {
        (0, 0) => "no member".to_string(),
        (0, s) => format!("no finite value ({s} {what})"),
        (k, 0) => format!("n={k}"),
        (k, s) => format!("n={k}, {s} {what} skipped"),
    }
}

/// Axis range covering the finite values, widened to multiples of `step`,
/// at least from `lo_at_most` to 1, plus 1 % headroom. None if no value is
/// finite.
fn value_range<'a>(
    values: impl IntoIterator<Item = &'a f64>,
    lo_at_most: f64,
    step: f64,
) -> Option<(f64, f64)> {
    let (lo, hi) =
        values
            .into_iter()
            .filter(|v| v.is_finite())
            .fold(None, |acc, &v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((v.min(lo), v.max(hi))),
            })?;
    let lo = ((lo / step).floor() * step).min(lo_at_most);
    let hi = ((hi / step).ceil() * step).max(1.0);
    Some((lo, hi + (hi - lo) * 0.01))
}

fn finite(values: &[f64]) -> bool {
    values.iter().all(|v| v.is_finite())
}

/// Splits a sequence at its `None`s into non-empty runs.
fn runs<T>(items: impl IntoIterator<Item = Option<T>>) -> Vec<Vec<T>> {
    let mut out = vec![Vec::new()];
    for item in items {
        match item {
            Some(v) => out.last_mut().expect("never empty").push(v),
            None if !out[out.len() - 1].is_empty() => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|run| !run.is_empty());
    out
}

/// Time spans (min) where the label is OFF: each OFF sample covers the time
/// up to the next sample; adjacent spans merge.
fn off_spans(minutes: &[f64], labels_on: &[bool]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for (i, (&t, &on)) in minutes.iter().zip(labels_on).enumerate() {
        if on || !t.is_finite() {
            continue;
        }
        let end = minutes
            .get(i + 1)
            .copied()
            .filter(|e| e.is_finite())
            .unwrap_or(t);
        match spans.last_mut() {
            Some(last) if last.1 == t => last.1 = end,
            _ => spans.push((t, end)),
        }
    }
    spans
}

/// Tick label: up to three decimals, trailing zeros dropped, true minus sign.
fn tick(v: &f64) -> String {
    let s = format!("{v:.3}");
    match s.trim_end_matches('0').trim_end_matches('.') {
        "-0" => "0".to_string(),
        s => s.replace('-', "−"),
    }
}

fn color(i: usize) -> RGBColor {
    let [_, r, g, b] = PALETTE[i % PALETTE.len()].to_be_bytes();
    RGBColor(r, g, b)
}

fn text(size: f64, c: &RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    (FONT, size).into_font().color(c).pos(Pos::new(h, v))
}

/// Rough rendered width in px of `s` at plotters font size `size` (sans-serif
/// glyphs average ~0.6 em).
fn text_width(s: &str, size: f64) -> u32 {
    (s.chars().count() as f64 * 0.6 * size / 1.24).ceil() as u32
}

/// A legend row: a line (width 0: none), dashed or not, over an optional
/// patch of the same colour with the given opacity.
struct Key {
    label: String,
    color: RGBColor,
    width: u32,
    dashed: bool,
    patch: Option<f64>,
}

impl Key {
    fn new(label: &str, color: RGBColor, width: u32, dashed: bool, patch: Option<f64>) -> Self {
        let label = label.to_string();
        Key {
            label,
            color,
            width,
            dashed,
            patch,
        }
    }
}

fn legend_width(keys: &[Key]) -> u32 {
    keys.iter()
        .map(|k| text_width(&k.label, NOTE))
        .max()
        .unwrap_or(0)
        .clamp(80, 300)
        + 70
}

/// The legend as a column of rows from the top of `area`.
fn draw_legend(area: &Area, keys: &[Key]) -> DrawResult {
    let (x0, x1) = (8, 44);
    for (i, key) in keys.iter().enumerate() {
        let y = 22 + ROW / 2 + i as i32 * ROW;
        let (c, style) = (key.color, key.color.stroke_width(key.width));
        if let Some(alpha) = key.patch {
            area.draw(&Rectangle::new(
                [(x0, y - 9), (x1, y + 9)],
                c.mix(alpha).filled(),
            ))?;
        }
        if key.dashed {
            area.draw(&DashedPathElement::new([(x0, y), (x1, y)], 7, 4, style))?;
        } else if key.width > 0 {
            area.draw(&PathElement::new([(x0, y), (x1, y)], style))?;
        }
        let label = Text::new(
            key.label.as_str(),
            (x1 + 10, y),
            text(NOTE, &BLACK, HPos::Left, VPos::Center),
        );
        area.draw(&label)?;
    }
    Ok(())
}

mod hindcast;
pub use hindcast::{Comparison, hindcast_svg};

#[cfg(test)]
mod tests;

// `ORBITAI_PLOT_SAMPLES=DIR cargo test --bin orbitai plot_samples -- --ignored`
// writes sample plots of synthetic sweeps to DIR.
#[cfg(test)]
mod samples;
