//! Helpers shared by the tests of the `orbitai` binary.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs the `orbitai` binary built for these tests with `args`.
// Not every test file runs the binary.
#[allow(dead_code)]
pub fn orbitai(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_orbitai"))
        .args(args)
        .output()
        .expect("run orbitai")
}

/// A fresh, empty scratch directory, unique to this test process and `name`.
pub fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("orbitai-test-{}-{name}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Every file under `dir` (relative path → bytes), `summary.json` without
/// its wall-time fields.
// Not every test file compares output trees.
#[allow(dead_code)]
pub fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let name = path.strip_prefix(dir).unwrap().to_str().unwrap().to_owned();
            let mut bytes = fs::read(&path).unwrap();
            if name.ends_with("summary.json") {
                let text = String::from_utf8(bytes).unwrap();
                bytes = text
                    .lines()
                    .filter(|l| {
                        !l.contains("\"wall_time_s\"") && !l.contains("\"ticks_per_second\"")
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
                    .into_bytes();
            }
            files.insert(name, bytes);
        }
    }
    files
}

/// The small test sweep (12 jobs over `tests/data/short-tumbling.ron`).
#[allow(dead_code)]
pub const SMALL_SWEEP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/small-sweep.ron");

/// A copy of the small sweep in `dir`, its base given by absolute path,
/// with each `(from, to)` text replacement applied.
#[allow(dead_code)]
pub fn edited_sweep(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    let base = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron");
    let mut text = fs::read_to_string(SMALL_SWEEP)
        .unwrap()
        .replace("\"short-tumbling.ron\"", &format!("{base:?}"));
    for (from, to) in edits {
        assert!(text.contains(from), "{from} not in the sweep");
        text = text.replace(from, to);
    }
    let file = dir.join(name);
    fs::write(&file, text).unwrap();
    file
}

/// The result files that must not depend on how the sweep was run.
#[allow(dead_code)]
pub const RESULTS: [&str; 3] = ["members.csv", "aggregate.csv", "aggregate.json"];

#[allow(dead_code)]
pub fn results(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = RESULTS
        .iter()
        .map(|f| (f.to_string(), fs::read_to_string(dir.join(f)).unwrap()))
        .collect();
    let mut plots: Vec<PathBuf> = fs::read_dir(dir.join("plots"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    plots.sort();
    for plot in plots {
        let name = plot.file_name().unwrap().to_string_lossy().to_string();
        files.push((name, fs::read_to_string(plot).unwrap()));
    }
    files
}

#[allow(dead_code)]
pub fn parts(dir: &Path) -> usize {
    fs::read_dir(dir.join("parts"))
        .map(|d| {
            d.filter(|e| {
                e.as_ref()
                    .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "json"))
            })
            .count()
        })
        .unwrap_or(0)
}
