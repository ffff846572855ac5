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
