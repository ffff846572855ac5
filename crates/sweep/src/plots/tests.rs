use super::*;
use std::fs;
use std::path::PathBuf;

/// The plot path in a fresh empty directory.
fn scratch(name: &str) -> PathBuf {
    let pid = std::process::id();
    let dir = std::env::temp_dir().join(format!("orbitai-plots-{pid}-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir.join("plot.svg")
}

fn files_beside(path: &Path) -> usize {
    fs::read_dir(path.parent().unwrap()).unwrap().count()
}

/// The SVG at `path`, checked to be alone in its directory (no temporary
/// left), well-formed at both ends and to contain every `needle`.
fn svg(path: &Path, needles: &[&str]) -> String {
    assert_eq!(files_beside(path), 1, "files beside {}", path.display());
    let s = fs::read_to_string(path).unwrap();
    assert!(s.starts_with("<svg") && s.trim_end().ends_with("</svg>"));
    for needle in needles {
        assert!(s.contains(needle), "SVG lacks {needle:?}");
    }
    s
}

fn rejected(result: io::Result<()>, path: &Path) {
    assert_eq!(result.unwrap_err().kind(), io::ErrorKind::InvalidInput);
    assert_eq!(files_beside(path), 0, "a file was written");
}

fn band(model: &str, p50: Vec<f64>) -> CurveBand {
    let samples = (0..p50.len() as u64).map(|i| i * 100).collect();
    let p05 = p50.iter().map(|v| v - 0.05).collect();
    let p95 = p50.iter().map(|v| v + 0.03).collect();
    let model = model.into();
    CurveBand {
        model,
        samples,
        p05,
        p50,
        p95,
    }
}

#[test]
fn learning_curves_have_axes_legend_and_break_at_nan() {
    let path = scratch("curves");
    let a = band("arow 3D", vec![0.5, 0.7, 0.85, 0.9, 0.93]);
    let b = band("scw 5D", vec![0.55, f64::NAN, 0.8, 0.9, 0.95]);
    learning_curves_svg(&path, "Sweep A", &[a, b]).unwrap();
    let s = svg(
        &path,
        &[
            "Sweep A",
            "training samples",
            "balanced accuracy (ground grid)",
        ],
    );
    svg(&path, &["arow 3D", "scw 5D", "0.90, 0.95"]);
    assert_eq!(
        s.matches("<polygon").count(),
        3,
        "a band, then one broken in two"
    );
    assert!(s.contains("fill=\"#1F77B4\"") && s.contains("stroke=\"#FF7F0E\""));
}

#[test]
fn learning_curves_reject_empty_mismatched_and_all_nan() {
    let path = scratch("curves-bad");
    rejected(learning_curves_svg(&path, "t", &[]), &path);
    let mut short = band("a", vec![0.5, 0.6]);
    short.p95.pop();
    rejected(learning_curves_svg(&path, "t", &[short]), &path);
    let nan = band("a", vec![f64::NAN; 3]);
    rejected(learning_curves_svg(&path, "t", &[nan]), &path);
    // A model without samples beside a usable one stays in the legend.
    let bands = [band("m-empty", vec![]), band("m-one", vec![0.6])];
    learning_curves_svg(&path, "t", &bands).unwrap();
    svg(&path, &["m-empty", "m-one", "<circle"]);
}

#[test]
fn final_accuracy_handles_identical_single_and_nan() {
    let path = scratch("final");
    let per_model = [
        ("arow 3D", vec![0.9, 0.92, 0.95, 0.97, f64::NAN, f64::NAN]),
        ("pa 1D", vec![0.8; 5]),
        ("adam 2D", vec![0.75]),
        ("nherd 5D", vec![f64::NAN, f64::INFINITY]),
    ]
    .map(|(m, v)| (m.to_string(), v));
    final_accuracy_svg(&path, "Final", &per_model).unwrap();
    svg(
        &path,
        &[
            "Final",
            "final balanced accuracy (ground grid)",
            "box: 25–75 %",
        ],
    );
    svg(
        &path,
        &[
            "arow 3D",
            "n=4, 2 NaN skipped",
            "pa 1D",
            "n=5",
            "adam 2D",
            "n=1",
        ],
    );
    svg(&path, &["nherd 5D", "no finite value (2 non-finite)"]);
}

#[test]
fn final_accuracy_rejects_empty_and_all_nan() {
    let path = scratch("final-bad");
    rejected(final_accuracy_svg(&path, "t", &[]), &path);
    let nan = [("a".to_string(), vec![f64::NAN]), ("b".to_string(), vec![])];
    rejected(final_accuracy_svg(&path, "t", &nan), &path);
}

fn trace(n: usize) -> Trace {
    let time_s: Vec<f64> = (0..n).map(|i| 100.0 + 5.0 * i as f64).collect();
    let pd = |k: f64| time_s.iter().map(|t| (t / 300.0 + k).sin()).collect();
    Trace {
        photodiodes_rad: [0.0, 1.0, 2.0, 3.0, 4.0, 5.0].map(pd),
        illumination: time_s
            .iter()
            .map(|&t| if t > 300.0 { 0.0 } else { 1.0 })
            .collect(),
        labels_on: time_s
            .iter()
            .map(|&t| !(200.0..250.0).contains(&t))
            .collect(),
        time_s,
    }
}

#[test]
fn trace_has_both_panels_legend_and_shading() {
    let path = scratch("trace");
    let mut t = trace(100);
    t.photodiodes_rad[2][10] = f64::NAN;
    trace_svg(&path, "Member 7", &t).unwrap();
    svg(
        &path,
        &[
            "Member 7",
            "time since start (min)",
            "Sun elevation above face (rad)",
        ],
    );
    svg(
        &path,
        &["illumination (0–1)", "PD1", "PD5", "PD6 (−Z, camera)"],
    );
    let s = svg(&path, &["camera must be OFF"]);
    assert_eq!(
        s.matches("opacity=\"0.18\"").count(),
        3,
        "a span per panel, a key"
    );
    t.labels_on.clear();
    trace_svg(&path, "Member 7", &t).unwrap();
    assert!(!svg(&path, &["PD6"]).contains("camera must be OFF"));
}

#[test]
fn trace_rejects_empty_mismatched_and_timeless() {
    let path = scratch("trace-bad");
    rejected(trace_svg(&path, "t", &trace(0)), &path);
    let broken: [fn(&mut Trace); 3] = [
        |t| t.photodiodes_rad[5].truncate(9),
        |t| t.labels_on.truncate(9),
        |t| t.time_s.fill(f64::NAN),
    ];
    for f in broken {
        let mut t = trace(10);
        f(&mut t);
        rejected(trace_svg(&path, "t", &t), &path);
    }
}

#[test]
fn a_failed_call_keeps_the_previous_plot() {
    let path = scratch("keep");
    learning_curves_svg(&path, "first", &[band("a", vec![0.5, 0.9])]).unwrap();
    assert!(learning_curves_svg(&path, "second", &[]).is_err());
    svg(&path, &["first"]);
}

#[test]
fn helpers() {
    assert_eq!(quantile(&[1.0, 2.0, 3.0, 4.0], 0.5), 2.5);
    assert_eq!(quantile(&[7.0], 0.95), 7.0);
    assert_eq!(
        runs([Some(1), None, None, Some(2), Some(3)]),
        [vec![1], vec![2, 3]]
    );
    let spans = off_spans(&[0.0, 1.0, 2.0, 3.0], &[true, false, false, true]);
    assert_eq!(spans, [(1.0, 3.0)]);
    assert_eq!(
        value_range(&[0.55, 0.97, f64::NAN], 0.4, 0.1),
        Some((0.4, 1.006))
    );
    assert_eq!(value_range(&[0.23], 0.4, 0.1).map(|r| r.0), Some(0.2));
    assert_eq!(value_range(&[f64::NAN], 0.4, 0.1), None);
    let ticks = [0.950, 4000.0, -1.5, -0.0].map(|v| tick(&v));
    assert_eq!(ticks, ["0.95", "4000", "−1.5", "0"]);
}
