//! `orbitai baseline` and `orbitai regress` as a user's CI runs them: an
//! unchanged scenario passes, a changed noise level or classifier
//! parameter fails with the right rows, a missing scenario exits 2 with a
//! located error, `--update` accepts the change, a sweep compares its
//! means statistically.

mod common;
use common::{orbitai, scratch};

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn code(output: &Output) -> i32 {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    output.status.code().expect("an exit code")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// A copy of the bundled scenario `name` in `dir`, its TLE path made
/// absolute, with `edit` applied to the text.
fn scenario_copy(dir: &Path, name: &str, edit: impl Fn(String) -> String) -> PathBuf {
    let text = fs::read_to_string(Path::new(ROOT).join("scenarios").join(name)).unwrap();
    let text = text.replace("File(\"../assets/", &format!("File(\"{ROOT}/assets/"));
    let path = dir.join(name);
    fs::write(&path, edit(text)).unwrap();
    path
}

fn baseline(sources: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["baseline"];
    let sources: Vec<String> = sources.iter().map(|s| s.display().to_string()).collect();
    args.extend(sources.iter().map(String::as_str));
    let out = out.display().to_string();
    args.extend(["--out", &out]);
    args.extend(extra);
    orbitai(&args)
}

fn regress(dir: &Path, extra: &[&str]) -> Output {
    let dir = dir.display().to_string();
    let mut args = vec!["regress", dir.as_str()];
    args.extend(extra);
    orbitai(&args)
}

/// Rows of the regression table that are regressions.
fn regressed_rows(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| l.trim_end().ends_with("REGRESSED") && l.starts_with("  "))
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .collect()
}

#[test]
fn an_unchanged_scenario_passes_and_a_changed_noise_level_fails_with_its_rows() {
    let dir = scratch("regress-noise");
    let source = scenario_copy(&dir, "noisy-sensors.ron", |t| t);
    let base = dir.join("baselines");
    let made = baseline(&[&source], &base, &["--max-duration", "7200"]);
    assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
    let file = base.join("noisy-sensors.baseline.json");
    let size = fs::metadata(&file).unwrap().len();
    assert!(size < 16_000, "a baseline of {size} bytes");
    let json = fs::read_to_string(&file).unwrap();
    assert!(
        json.contains("\"source\": \"../noisy-sensors.ron\""),
        "{json}"
    );
    assert!(json.contains("\"max_duration_s\": 7200.0"));

    let unchanged = regress(
        &base,
        &["--junit", &dir.join("ok.xml").display().to_string()],
    );
    assert_eq!(code(&unchanged), 0, "{}", stdout(&unchanged));
    assert!(stdout(&unchanged).contains("1 baseline(s): 1 passed, 0 regressed, 0 failed"));
    let junit = fs::read_to_string(dir.join("ok.xml")).unwrap();
    assert!(
        junit.contains("tests=\"2\" failures=\"0\" errors=\"0\""),
        "{junit}"
    );

    // PD6's noise doubled: its telemetry and the metrics move.
    scenario_copy(&dir, "noisy-sensors.ron", |t| {
        t.replace("noise_sigma: 0.00925", "noise_sigma: 0.0185")
    });
    let changed = regress(
        &base,
        &["--junit", &dir.join("bad.xml").display().to_string()],
    );
    let table = stdout(&changed);
    assert_eq!(code(&changed), 1, "{table}");
    let rows = regressed_rows(&table);
    assert!(rows.iter().any(|r| r.starts_with("files data_")), "{table}");
    assert!(
        rows.iter().any(|r| r.starts_with("files training.csv ")),
        "{table}"
    );
    assert!(
        rows.iter().any(|r| r.starts_with("metrics orbitai/")),
        "{table}"
    );
    assert!(table.contains("noisy-sensors.ron changed since the baseline was made"));
    let junit = fs::read_to_string(dir.join("bad.xml")).unwrap();
    assert!(
        junit.contains("tests=\"2\" failures=\"2\" errors=\"0\""),
        "{junit}"
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_changed_classifier_parameter_fails_on_its_models_only_and_update_accepts_it() {
    let dir = scratch("regress-arow");
    let source = scenario_copy(&dir, "tumbling.ron", |t| t);
    let base = dir.join("baselines");
    assert_eq!(
        code(&baseline(&[&source], &base, &["--max-duration", "21600"])),
        0
    );
    scenario_copy(&dir, "tumbling.ron", |t| {
        t.replace(
            "(sunlit_start:",
            "(models: (hyperparameters: (arow: (r: 0.1))), sunlit_start:",
        )
    });
    let changed = regress(&base, &[]);
    let table = stdout(&changed);
    assert_eq!(code(&changed), 1, "{table}");
    let rows = regressed_rows(&table);
    assert!(!rows.is_empty());
    // The telemetry is the same; only AROW's models moved.
    assert!(
        rows.iter().all(|r| r.starts_with("metrics orbitai/arow_")),
        "{table}"
    );
    assert!(
        table.contains("orbitai/arow_3D grid_balanced_accuracy"),
        "{table}"
    );

    // A tolerance wide enough passes, and says what moved within it.
    let tolerant = regress(&base, &["--tolerance", "*=1000%"]);
    assert_eq!(code(&tolerant), 0, "{}", stdout(&tolerant));
    assert!(stdout(&tolerant).contains("  ok"), "{}", stdout(&tolerant));
    // A bad tolerance is refused by the argument parser.
    assert_ne!(code(&regress(&base, &["--tolerance", "grid_f1=-1"])), 0);

    let updated = regress(&base, &["--update"]);
    assert_eq!(code(&updated), 0, "{}", stdout(&updated));
    assert!(stdout(&updated).contains("baselines rewritten"));
    let again = regress(&base, &[]);
    assert_eq!(code(&again), 0, "{}", stdout(&again));
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_missing_or_broken_scenario_exits_2_with_a_located_error() {
    let dir = scratch("regress-missing");
    let source = scenario_copy(&dir, "tumbling.ron", |t| t);
    let base = dir.join("baselines");
    assert_eq!(
        code(&baseline(&[&source], &base, &["--max-duration", "600"])),
        0
    );
    scenario_copy(&dir, "tumbling.ron", |t| t.replace("seed: 11", "seed: -11"));
    let broken = regress(
        &base,
        &["--junit", &dir.join("j.xml").display().to_string()],
    );
    assert_eq!(code(&broken), 2);
    let text = stdout(&broken);
    assert!(text.contains("tumbling.ron:"), "{text}");
    assert!(text.contains(": seed: "), "{text}");
    let junit = fs::read_to_string(dir.join("j.xml")).unwrap();
    assert!(junit.contains("errors=\"1\""), "{junit}");
    fs::remove_file(&source).unwrap();
    let missing = regress(&base, &[]);
    assert_eq!(code(&missing), 2);
    assert!(
        stdout(&missing).contains("cannot read"),
        "{}",
        stdout(&missing)
    );
    // No baselines at all; a scenario that does not exist for `baseline`.
    let empty = dir.join("empty");
    fs::create_dir_all(&empty).unwrap();
    let none = regress(&empty, &[]);
    assert_eq!(code(&none), 2);
    assert!(String::from_utf8_lossy(&none.stderr).contains("no *.baseline.json"));
    let absent = baseline(&[&dir.join("nope.ron")], &base, &[]);
    assert_eq!(code(&absent), 2);
    assert!(String::from_utf8_lossy(&absent.stderr).contains("nope.ron"));
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_sweep_is_compared_against_its_confidence_intervals() {
    let dir = scratch("regress-sweep");
    let data = Path::new(ROOT).join("tests/data");
    for name in ["small-sweep.ron", "short-tumbling.ron"] {
        let text = fs::read_to_string(data.join(name))
            .unwrap()
            .replace("File(\"../../assets/", &format!("File(\"{ROOT}/assets/"));
        fs::write(dir.join(name), text).unwrap();
    }
    let sweep = dir.join("small-sweep.ron");
    let base = dir.join("baselines");
    let made = baseline(&[&sweep], &base, &[]);
    assert_eq!(code(&made), 0, "{}", String::from_utf8_lossy(&made.stderr));
    let json = fs::read_to_string(base.join("small.baseline.json")).unwrap();
    assert!(json.contains("\"kind\": \"sweep\"") && json.contains("ci95_low"));
    assert_eq!(code(&regress(&base, &[])), 0);
    // Another master seed: other draws, the same distribution. The means
    // move, but mostly within their intervals; a wide allowance passes.
    let reseeded = fs::read_to_string(&sweep)
        .unwrap()
        .replace("seed: 5", "seed: 6");
    fs::write(&sweep, reseeded).unwrap();
    let other = regress(&base, &["--tolerance", "*=0.5"]);
    assert_eq!(code(&other), 0, "{}", stdout(&other));
    assert!(stdout(&other).contains("CI ±0.5"), "{}", stdout(&other));
    // A much noisier grid moves the means out of their intervals.
    let noisy = fs::read_to_string(&sweep)
        .unwrap()
        .replace("values: [0.002, 0.02]", "values: [0.3, 0.5]");
    fs::write(&sweep, noisy).unwrap();
    let moved = regress(&base, &[]);
    assert_eq!(code(&moved), 1, "{}", stdout(&moved));
    assert!(
        regressed_rows(&stdout(&moved))
            .iter()
            .any(|r| r.starts_with("metrics cell")),
        "{}",
        stdout(&moved)
    );
    fs::remove_dir_all(&dir).ok();
}
