//! Replays the fuzz corpus and the saved regressions (`fuzz/corpus/<target>/`,
//! `fuzz/regressions/<target>/`) through `orbitai::fuzz_entry` on stable
//! Rust, so that CI checks every reader on them without nightly or
//! libFuzzer (see `fuzz/README.md`).

use std::panic;
use std::path::{Path, PathBuf};

use orbitai::fuzz_entry::{TARGETS, run};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files of `dir`, sorted (none if it is absent).
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

/// Runs every file of `dir` through `target`; the files whose input
/// panicked, with the panic's message.
fn replay(target: &str, dir: &Path) -> (usize, Vec<String>) {
    let files = files(dir);
    let mut failed = Vec::new();
    for file in &files {
        let data = std::fs::read(file).expect("a readable corpus file");
        if let Err(payload) = panic::catch_unwind(|| run(target, &data)) {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                .unwrap_or_default();
            failed.push(format!("{}: panicked: {message}", file.display()));
        }
    }
    (files.len(), failed)
}

#[test]
fn every_target_has_an_entry_and_a_libfuzzer_wrapper() {
    let wrappers = fuzz_dir().join("fuzz_targets");
    for target in TARGETS {
        assert!(run(target, b""), "{target}: no entry function");
        let wrapper = wrappers.join(format!("{target}.rs"));
        assert!(wrapper.is_file(), "{} is missing", wrapper.display());
    }
    for wrapper in files(&wrappers) {
        let name = wrapper.file_stem().and_then(|s| s.to_str()).unwrap_or("");
        assert!(
            TARGETS.contains(&name),
            "{} is not in fuzz_entry::TARGETS",
            wrapper.display()
        );
    }
    assert!(!run("no-such-target", b""));
}

#[test]
fn the_corpus_and_the_regressions_replay_without_a_panic() {
    let mut failed = Vec::new();
    for target in TARGETS {
        let (corpus, mut corpus_failed) = replay(target, &fuzz_dir().join("corpus").join(target));
        assert!(
            corpus > 0,
            "no corpus file for {target} under fuzz/corpus/{target}/"
        );
        let (_, mut regressions_failed) =
            replay(target, &fuzz_dir().join("regressions").join(target));
        failed.append(&mut corpus_failed);
        failed.append(&mut regressions_failed);
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
