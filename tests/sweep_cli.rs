//! `orbitai sweep`, `orbitai merge` and `orbitai run --from-sweep` as a
//! user runs them: determinism across thread counts, resume after a kill,
//! shards merged into the single-run results, failed members recorded,
//! and sweep errors at check time.

mod common;

use std::fs;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{edited_sweep, orbitai, parts, results, scratch};

const SWEEP: &str = common::SMALL_SWEEP;

fn ok(output: &Output) -> String {
    assert!(
        output.status.success(),
        "stdout: {}\nstderr: {}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn sweep(file: &str, out: &Path, extra: &[&str]) -> String {
    let mut args = vec!["sweep", file, "--out", out.to_str().unwrap(), "--quiet"];
    args.extend(extra);
    ok(&orbitai(&args))
}

#[test]
fn results_do_not_depend_on_the_thread_count() {
    let one = scratch("sweep-threads-1");
    let two = scratch("sweep-threads-2");
    let stdout = sweep(SWEEP, &one, &["--threads", "1"]);
    assert!(stdout.contains("12 of 12"), "{stdout}");
    sweep(SWEEP, &two, &["--threads", "2"]);
    let (a, b) = (results(&one), results(&two));
    assert_eq!(a, b);
    // 12 members × 32 models + the header; every member ran.
    let members = &a[0].1;
    assert_eq!(members.lines().count(), 1 + 12 * 32);
    assert!(members.lines().skip(1).all(|l| l.contains(",ok,,orbitai,")));
    // Learning curves, distributions and the trace were drawn.
    for plot in ["cell0-curves-3D.svg", "cell1-final-3D.svg", "trace.svg"] {
        assert!(a.iter().any(|(name, _)| name == plot), "{plot} missing");
    }
    // The grid cells share draws (common random numbers); the two noise
    // levels give different results.
    let rows: Vec<Vec<&str>> = members
        .lines()
        .skip(1)
        .map(|l| l.split(',').collect())
        .collect();
    let first_of = |cell: &str| rows.iter().find(|r| r[1] == cell && r[2] == "0").unwrap();
    assert_eq!(first_of("0")[4..9], first_of("1")[4..9]);
    assert_ne!(first_of("0")[3], first_of("1")[3]);
}

#[test]
fn a_killed_sweep_resumes_to_the_uninterrupted_results() {
    // 30 members × 2 grid cells = 60 jobs on one thread: long enough to be
    // killed midway.
    let dir = scratch("sweep-kill");
    let file = edited_sweep(&dir, "kill.ron", &[("members: 6", "members: 30")]);
    let file = file.to_str().unwrap();
    let full = dir.join("full");
    sweep(file, &full, &["--threads", "2"]);

    let killed = dir.join("killed");
    let mut child = Command::new(env!("CARGO_BIN_EXE_orbitai"))
        .args(["sweep", file, "--out", killed.to_str().unwrap(), "--quiet"])
        .args(["--threads", "1"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while parts(&killed) < 5 && started.elapsed() < Duration::from_secs(120) {
        std::thread::sleep(Duration::from_millis(5));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let done = parts(&killed);
    assert!((5..60).contains(&done), "killed after {done} members");
    assert!(!killed.join("aggregate.csv").exists());

    // Without --resume the directory is refused, not overwritten.
    let refused = orbitai(&["sweep", file, "--out", killed.to_str().unwrap(), "--quiet"]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--resume"));

    let err = String::from_utf8(
        Command::new(env!("CARGO_BIN_EXE_orbitai"))
            .args([
                "sweep",
                file,
                "--out",
                killed.to_str().unwrap(),
                "--resume",
                "--quiet",
            ])
            .output()
            .unwrap()
            .stderr,
    )
    .unwrap();
    assert!(
        err.contains(&format!("{done} of 60 members already done")),
        "{err}"
    );
    assert_eq!(results(&killed), results(&full));
}

#[test]
fn shards_merge_into_the_single_run_results() {
    let dir = scratch("sweep-shards");
    let single = dir.join("single");
    sweep(SWEEP, &single, &[]);
    let (a, b) = (dir.join("shard0"), dir.join("shard1"));
    let stdout = sweep(SWEEP, &a, &["--shard", "0/2"]);
    assert!(stdout.contains("shard 0/2 of 12 members"), "{stdout}");
    sweep(SWEEP, &b, &["--shard", "1/2"]);
    assert_eq!(parts(&a), 6);
    let merged = dir.join("merged");
    ok(&orbitai(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]));
    assert_eq!(results(&merged), results(&single));

    // A shard of another sweep is refused.
    let other = edited_sweep(&dir, "other.ron", &[("seed: 5", "seed: 6")]);
    let c = dir.join("other-shard");
    sweep(other.to_str().unwrap(), &c, &["--shard", "1/2"]);
    let out = dir.join("bad-merge");
    let refused = orbitai(&[
        "merge",
        a.to_str().unwrap(),
        c.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(!refused.status.success());
    assert!(String::from_utf8_lossy(&refused.stderr).contains("another sweep"));
    // One shard alone: refused, naming the missing shard, unless --partial.
    let half = dir.join("half");
    let args = [
        "merge",
        a.to_str().unwrap(),
        "--out",
        half.to_str().unwrap(),
    ];
    let refused = orbitai(&args);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("6 of 12 members are in none of the merged directories (shard(s) 1 of 2)"),
        "{stderr}"
    );
    let partial = orbitai(&[&args[..], &["--partial"]].concat());
    assert!(
        partial.status.success(),
        "{}",
        String::from_utf8_lossy(&partial.stderr)
    );
    assert!(half.join("members.csv").is_file());
}

#[test]
fn a_member_re_runs_alone_with_the_same_results() {
    let dir = scratch("sweep-rerun");
    let out = dir.join("sweep");
    sweep(SWEEP, &out, &[]);
    let rerun = dir.join("rerun");
    ok(&orbitai(&[
        "run",
        "--from-sweep",
        out.to_str().unwrap(),
        "--member",
        "7",
        "--out",
        rerun.to_str().unwrap(),
        "--quiet",
    ]));
    let grid = fs::read_to_string(rerun.join("small-7/metrics_grid.csv")).unwrap();
    let arow3 = grid.lines().find(|l| l.starts_with("arow,3,")).unwrap();
    let rerun_ba = arow3.split(',').nth(11).unwrap();
    let members = fs::read_to_string(out.join("members.csv")).unwrap();
    let header: Vec<&str> = members.lines().next().unwrap().split(',').collect();
    let col = header
        .iter()
        .position(|h| *h == "grid_balanced_accuracy")
        .unwrap();
    let row = members
        .lines()
        .find(|l| l.starts_with("7,") && l.contains(",arow,3D,"))
        .unwrap();
    // The attitude column is a quoted JSON list with commas: count from the end.
    let fields: Vec<&str> = row.split(',').collect();
    let from_end = header.len() - col;
    assert_eq!(fields[fields.len() - from_end], rerun_ba);
    assert!(rerun.join("small-7/scenario.json").exists());
}

#[test]
fn failed_members_are_recorded_and_the_sweep_goes_on() {
    let dir = scratch("sweep-failures");
    // Runs land outside the simulated span for members whose duration is
    // drawn too short: those members fail validation, the others run.
    let file = edited_sweep(
        &dir,
        "failing.ron",
        &[(
            "(name: \"offset_s\"",
            "(name: \"duration_s\", path: \"duration_s\", dist: Uniform(-500.0, 3000.0)),\n        (name: \"offset_s\"",
        )],
    );
    let out = dir.join("out");
    // Member 0 (the check's trial member) draws a valid duration.
    ok(&orbitai(&["check", file.to_str().unwrap()]));
    let stdout = sweep(file.to_str().unwrap(), &out, &[]);
    let members = fs::read_to_string(out.join("members.csv")).unwrap();
    let failed = members.lines().filter(|l| l.contains(",failed,")).count();
    let ran = members.lines().filter(|l| l.contains(",ok,")).count();
    assert!(
        failed > 0 && ran > 0,
        "{failed} failed, {ran} rows ok\n{stdout}"
    );
    assert!(members.contains("duration_s") && members.contains("must be >= 0"));
    assert!(stdout.contains("failed"));
}

#[test]
fn check_places_sweep_errors_in_the_sweep_file() {
    let dir = scratch("sweep-check");
    let file = dir.join("bad.ron");
    fs::write(
        &file,
        concat!(
            "Sweep(\n",
            "    name: \"bad\",\n",
            "    base: \"", env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron\",\n",
            "    members: 4,\n",
            "    dispersions: [\n",
            "        (path: \"spacecraft[0].craft.photodiodes.diodes[*].noise_sigmaa\", dist: Uniform(0.0, 0.02)),\n",
            "        (path: \"spacecraft[1].name\", dist: Normal(0.0, -1.0)),\n",
            "    ],\n",
            "    grid: [(path: \"seed\", values: [1.5])],\n",
            ")\n"
        ),
    )
    .unwrap();
    let output = orbitai(&["check", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    let name = file.display().to_string();
    assert!(
        err.contains(&format!("{name}:6:16: dispersions[0].path: `spacecraft[0].craft.photodiodes.diodes[0]`: no field `noise_sigmaa`")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}:7:16: dispersions[1].path: `spacecraft`: index 1 but the list has 1 element(s)"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{name}:7:56: dispersions[1].dist.Normal[1]: must be >= 0, got -1.0"
        )),
        "{err}"
    );

    // A value of the wrong type is caught by a trial member, at the grid.
    fs::write(
        &file,
        fs::read_to_string(&file)
            .unwrap()
            .replace("noise_sigmaa", "noise_sigma")
            .replace(
                "spacecraft[1].name\", dist: Normal(0.0, -1.0)",
                "seed\", dist: Normal(0.0, 1.0)",
            ),
    )
    .unwrap();
    let output = orbitai(&["check", file.to_str().unwrap()]);
    assert!(!output.status.success());
    let err = String::from_utf8_lossy(&output.stderr);
    assert!(
        err.contains("would fail: seed: invalid type: floating point"),
        "{err}"
    );
    // The bundled sweeps are fine.
    let bundled = concat!(env!("CARGO_MANIFEST_DIR"), "/scenarios/sweeps");
    ok(&orbitai(&["check", bundled]));
}

#[test]
fn slurm_scripts_are_written_without_a_cluster_and_bad_options_are_refused() {
    let dir = scratch("sweep-slurm-plan");
    let out = dir.join("out");
    let printed = sweep(
        SWEEP,
        &out,
        &[
            "--slurm",
            "--array-size",
            "3",
            "--partition",
            "short",
            "--cpus-per-task",
            "2",
        ],
    );
    assert!(
        printed.contains("3 array tasks for 12 members"),
        "{printed}"
    );
    assert!(
        printed.contains("submit with: jid=$(sbatch --parsable"),
        "{printed}"
    );
    let array = fs::read_to_string(out.join("slurm/sweep.sbatch")).unwrap();
    for line in [
        "#SBATCH --array=0-2",
        "#SBATCH --partition=short",
        "#SBATCH --cpus-per-task=2",
        "--shard \"$k/3\" --resume",
        "--threads \"${SLURM_CPUS_PER_TASK:-1}\"",
    ] {
        assert!(array.contains(line), "{line} not in\n{array}");
    }
    let merge = fs::read_to_string(out.join("slurm/merge.sbatch")).unwrap();
    assert!(merge.contains("shards/shard-2 \\\n    --out"), "{merge}");
    assert!(!out.join("members.csv").exists(), "nothing ran here");
    for (args, message) in [
        (&["--slurm", "--array-size", "13"][..], "only 12 members"),
        (
            &["--slurm", "--time", "an hour"][..],
            "expected a Slurm time",
        ),
        (&["--array-size", "2"][..], "--slurm"),
    ] {
        let mut all = vec!["sweep", SWEEP, "--out", out.to_str().unwrap()];
        all.extend(args);
        let refused = orbitai(&all);
        assert!(!refused.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
    let status = orbitai(&["sweep-status", out.to_str().unwrap()]);
    assert!(!status.status.success());
    assert!(String::from_utf8_lossy(&status.stderr).contains("no slurm/jobs.json"));
    fs::remove_dir_all(&dir).ok();
}
