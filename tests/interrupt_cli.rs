//! Interruption as it happens to a user: Ctrl-C (SIGINT) or a batch
//! system's SIGTERM during `orbitai run` and `orbitai sweep` stops at a tick
//! boundary, keeps what finished, leaves no partial file under a final name
//! and exits 130 (143); SIGKILL at arbitrary moments, several times over,
//! loses nothing that `--resume` cannot finish to the uninterrupted results.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{edited_sweep, orbitai, parts, results, scratch};

/// Starts `orbitai` with `args`, stderr captured.
fn spawn(args: &[&str]) -> Child {
    Command::new(env!("CARGO_BIN_EXE_orbitai"))
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start orbitai")
}

/// Sends `signal` (a `kill` name: INT, TERM, KILL) to `child`.
fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([format!("-{signal}"), child.id().to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} failed");
}

/// Waits (at most two minutes) until `ready()` holds.
fn wait_until(what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "timed out waiting for {what}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Every file under `dir` whose name says it is unfinished.
fn temporaries(dir: &Path) -> Vec<String> {
    common::tree(dir)
        .into_keys()
        .filter(|name| name.ends_with(".tmp"))
        .collect()
}

/// The exit status and stderr of a finished child.
fn finish(child: Child) -> (Option<i32>, String) {
    let output = child.wait_with_output().unwrap();
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn sigint_stops_a_sweep_at_a_member_boundary_and_resume_finishes_it() {
    let dir = scratch("interrupt-sweep");
    let file = edited_sweep(&dir, "int.ron", &[("members: 6", "members: 30")]);
    let file = file.to_str().unwrap();
    let full = dir.join("full");
    let out = orbitai(&["sweep", file, "--out", full.to_str().unwrap(), "-q"]);
    assert!(out.status.success(), "{out:?}");

    let cut = dir.join("cut");
    let child = spawn(&["sweep", file, "--out", cut.to_str().unwrap(), "-q"]);
    let child_ref = &child;
    wait_until("three committed members", || parts(&cut) >= 3);
    signal(child_ref, "INT");
    let (code, stderr) = finish(child);
    assert_eq!(code, Some(130), "{stderr}");
    assert!(stderr.contains("cancelled with"), "{stderr}");
    assert!(temporaries(&cut).is_empty(), "{:?}", temporaries(&cut));
    assert!(!cut.join("aggregate.csv").exists());
    let done = parts(&cut);
    assert!((3..60).contains(&done), "{done} members committed");

    let resumed = orbitai(&[
        "sweep",
        file,
        "--out",
        cut.to_str().unwrap(),
        "-q",
        "--resume",
    ]);
    assert!(resumed.status.success(), "{resumed:?}");
    assert_eq!(results(&cut), results(&full));
}

#[test]
fn sigint_and_sigterm_stop_a_run_and_keep_the_scenarios_that_finished() {
    let dir = scratch("interrupt-run");
    let short = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron");
    // About 120 000 ticks: several seconds even in a release build.
    let long = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/opssat-2021-04.ron");
    for (name, status) in [("INT", 130), ("TERM", 143)] {
        let out = dir.join(name);
        let child = spawn(&["run", short, long, "--out", out.to_str().unwrap(), "-q"]);
        let metrics = out.join("short-tumbling").join("summary.json");
        wait_until("the short scenario's outputs", || metrics.exists());
        signal(&child, name);
        let (code, stderr) = finish(child);
        assert_eq!(code, Some(status), "SIG{name}: {stderr}");
        assert!(
            stderr.contains("interrupted: 1 of 2 scenario(s) finished"),
            "{stderr}"
        );
        assert!(temporaries(&out).is_empty(), "{:?}", temporaries(&out));
        // The finished scenario is whole; the cut one wrote nothing.
        let summary = fs::read_to_string(&metrics).unwrap();
        assert!(summary.trim_end().ends_with('}'), "{summary}");
        assert!(!out.join("opssat-2021-04").exists());
    }
}

#[test]
fn sigkill_at_arbitrary_moments_loses_nothing_resume_cannot_finish() {
    let dir = scratch("interrupt-kill");
    let file = edited_sweep(&dir, "kill.ron", &[("members: 6", "members: 30")]);
    let file = file.to_str().unwrap();
    let full = dir.join("full");
    assert!(
        orbitai(&["sweep", file, "--out", full.to_str().unwrap(), "-q"])
            .status
            .success()
    );

    let killed = dir.join("killed");
    let out = killed.to_str().unwrap();
    // Kill points: after this many more committed members, then a delay
    // (ms) that lands the kill anywhere in a member or in a part's write.
    // Drawn once from a seeded generator (a 64-bit LCG), so the test is
    // the same every time yet the moments are not hand-picked.
    let mut state: u64 = 19;
    let mut next = |n: u64| {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) % n
    };
    let kills: Vec<(usize, u64)> = (0..4).map(|_| (1 + next(8) as usize, next(40))).collect();
    for (round, (more, delay_ms)) in kills.into_iter().enumerate() {
        let before = parts(&killed);
        let mut args = vec!["sweep", file, "--out", out, "-q", "--threads", "1"];
        if round > 0 {
            args.push("--resume");
        }
        let child = spawn(&args);
        wait_until("more committed members", || parts(&killed) >= before + more);
        std::thread::sleep(Duration::from_millis(delay_ms));
        signal(&child, "KILL");
        let _ = finish(child);
        // Whatever a kill leaves under a final name is whole.
        for entry in fs::read_dir(killed.join("parts")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|x| x == "json") {
                let text = fs::read_to_string(&path).unwrap();
                assert!(
                    serde_json_is_whole(&text),
                    "round {round}: {} is cut short",
                    path.display()
                );
            }
        }
        assert!(!killed.join("aggregate.csv").exists());
    }
    let done = parts(&killed);
    assert!(done < 60, "the kills came after the end ({done} members)");
    let resumed = orbitai(&["sweep", file, "--out", out, "-q", "--resume"]);
    assert!(resumed.status.success(), "{resumed:?}");
    assert!(
        temporaries(&killed).is_empty(),
        "{:?}",
        temporaries(&killed)
    );
    assert_eq!(results(&killed), results(&full));
}

/// Whether `text` is one complete JSON value.
fn serde_json_is_whole(text: &str) -> bool {
    serde_json::from_str::<serde_json::Value>(text).is_ok()
}
