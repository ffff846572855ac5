//! Helpers shared by the tests of the `orbitai` binary.

use std::fs;
use std::path::PathBuf;
use std::process::{Command, Output};

/// Runs the `orbitai` binary built for these tests with `args`.
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
