//! Sweeps on a real single-node Slurm (started by tests/slurm/start.sh,
//! which `.ci/run` runs): a small sweep submitted as an array of 4 shards
//! merges into results byte-identical to the single-machine run; a
//! cancelled array task is named by `sweep-status`, and resubmitting it
//! completes the sweep. Skipped, saying why, only when Slurm could not be
//! installed or was not started.

#[path = "../common/mod.rs"]
mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::{orbitai, scratch};

const SWEEP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/small-sweep.ron");
/// The outputs that must equal a single-machine run's.
const TABLES: [&str; 3] = ["members.csv", "aggregate.csv", "aggregate.json"];

/// The running Slurm's configuration, or why there is none.
fn slurm_conf() -> Result<PathBuf, String> {
    let dir = PathBuf::from(
        std::env::var("ORBITAI_SLURM_DIR").unwrap_or_else(|_| "/tmp/orbitai-slurm".into()),
    );
    if let Ok(reason) = fs::read_to_string(dir.join("unavailable")) {
        return Err(format!("Slurm cannot be installed here: {}", reason.trim()));
    }
    let conf = dir.join("slurm.conf");
    if !conf.is_file() {
        return Err(format!(
            "no Slurm started ({} is absent): run tests/slurm/start.sh (.ci/run does)",
            conf.display()
        ));
    }
    Ok(conf)
}

/// The configuration every Slurm command of these tests uses.
static CONF: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();

/// `None` (with the reason printed) when the test must be skipped.
fn with_slurm(test: &str) -> Option<()> {
    match slurm_conf() {
        Ok(conf) => {
            CONF.get_or_init(|| conf);
            Some(())
        }
        Err(reason) => {
            eprintln!("skipped {test}: {reason}");
            None
        }
    }
}

/// A command that talks to the test Slurm.
fn command(program: &str) -> Command {
    let mut command = Command::new(program);
    command.env("SLURM_CONF", CONF.get().expect("with_slurm first"));
    command
}

/// `orbitai ARGS` with the test Slurm.
fn orbitai_slurm(args: &[&str]) -> Output {
    command(env!("CARGO_BIN_EXE_orbitai"))
        .args(args)
        .output()
        .expect("run orbitai")
}

fn ok(output: &Output) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{stderr}\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn run(program: &str, args: &[&str]) -> String {
    ok(&command(program).args(args).output().expect(program))
}

fn jobs(out: &Path) -> serde_json::Value {
    let text = fs::read_to_string(out.join("slurm/jobs.json")).expect("jobs.json");
    serde_json::from_str(&text).expect("JSON")
}

/// Waits until none of `ids` is queued except the ones `stuck` allows
/// (e.g. a merge that can never run); panics after two minutes.
fn wait_for(ids: &[&str], stuck: &[&str]) {
    let started = Instant::now();
    loop {
        let queue = run(
            "squeue",
            &["-h", "-r", "-o", "%i %T %r", "-j", &ids.join(",")],
        );
        let waiting: Vec<&str> = queue
            .lines()
            .filter(|l| {
                !stuck
                    .iter()
                    .any(|s| l.split_whitespace().next() == Some(*s))
            })
            .collect();
        if waiting.is_empty() {
            return;
        }
        assert!(
            started.elapsed() < Duration::from_secs(120),
            "Slurm jobs still queued after 2 min:\n{queue}"
        );
        std::thread::sleep(Duration::from_millis(300));
    }
}

fn assert_same_tables(a: &Path, b: &Path) {
    for name in TABLES {
        let (x, y) = (
            fs::read(a.join(name)).unwrap(),
            fs::read(b.join(name)).unwrap(),
        );
        assert!(
            x == y,
            "{name} differs between {} and {}",
            a.display(),
            b.display()
        );
    }
}

fn single_machine_run(dir: &Path) -> PathBuf {
    let single = dir.join("single");
    ok(&orbitai(&[
        "sweep",
        SWEEP,
        "--quiet",
        "--out",
        single.to_str().unwrap(),
    ]));
    single
}

#[test]
fn an_array_of_four_shards_merges_into_the_single_machine_results() {
    let Some(()) = with_slurm("an_array_of_four_shards_merges_into_the_single_machine_results")
    else {
        return;
    };
    let dir = scratch("slurm-array");
    let single = single_machine_run(&dir);
    let out = dir.join("cluster");
    let printed = ok(&orbitai_slurm(&[
        "sweep",
        SWEEP,
        "--slurm",
        "--array-size",
        "4",
        "--cpus-per-task",
        "1",
        "--time",
        "00:10:00",
        "--out",
        out.to_str().unwrap(),
        "--submit",
    ]));
    assert!(
        printed.contains("4 array tasks for 12 members"),
        "{printed}"
    );
    let script = fs::read_to_string(out.join("slurm/sweep.sbatch")).unwrap();
    assert!(script.contains("#SBATCH --array=0-3"), "{script}");
    assert!(script.contains("--shard \"$k/4\" --resume"), "{script}");
    assert!(script.contains("#SBATCH --time=00:10:00"), "{script}");
    let jobs = jobs(&out);
    let (array, merge) = (
        jobs["array_job"].as_str().unwrap().to_owned(),
        jobs["merge_job"].as_str().unwrap().to_owned(),
    );
    wait_for(&[&array, &merge], &[]);
    assert_same_tables(&out, &single);
    let status = ok(&orbitai_slurm(&["sweep-status", out.to_str().unwrap()]));
    assert!(
        status.contains("12 of 12 members done; merged into"),
        "{status}"
    );
    // What Slurm itself recorded for this array: its job-completion log
    // (what `sacct -c` reads; there is no accounting database here).
    let log = CONF
        .get()
        .unwrap()
        .with_file_name("log")
        .join("jobcomp.txt");
    let record = fs::read_to_string(&log).unwrap_or_default();
    let fields = [
        "JobId=",
        "ArrayJobId=",
        "ArrayTaskId=",
        "JobState=",
        "ExitCode=",
    ];
    for line in record.lines() {
        let mine = line.contains(&format!("ArrayJobId={array} "))
            || line.starts_with(&format!("JobId={merge} "));
        if mine {
            let kept: Vec<&str> = line
                .split_whitespace()
                .filter(|w| fields.iter().any(|f| w.starts_with(f)))
                .collect();
            eprintln!("slurm: {}", kept.join(" "));
        }
    }
    eprintln!(
        "merged members.csv {} = single-machine {}",
        orbitai::regress::digest::sha256(&fs::read(out.join("members.csv")).unwrap()),
        orbitai::regress::digest::sha256(&fs::read(single.join("members.csv")).unwrap())
    );
    fs::remove_dir_all(&dir).ok();
}

#[test]
fn a_cancelled_task_is_named_and_its_resubmission_completes_the_sweep() {
    let Some(()) = with_slurm("a_cancelled_task_is_named_and_its_resubmission_completes_the_sweep")
    else {
        return;
    };
    let dir = scratch("slurm-cancel");
    let single = single_machine_run(&dir);
    let out = dir.join("cluster");
    ok(&orbitai_slurm(&[
        "sweep",
        SWEEP,
        "--slurm",
        "--array-size",
        "4",
        "--out",
        out.to_str().unwrap(),
        "--submit",
        "--hold",
    ]));
    let jobs = jobs(&out);
    let array = jobs["array_job"].as_str().unwrap().to_owned();
    let merge = jobs["merge_job"].as_str().unwrap().to_owned();
    // Kill task 2 before it runs, then let the others go.
    run("scancel", &[&format!("{array}_2")]);
    run("scontrol", &["release", &array]);
    // The merge can never run now (afterok): it stays pending.
    wait_for(&[&array, &merge], &[&merge]);
    let status = ok(&orbitai_slurm(&["sweep-status", out.to_str().unwrap()]));
    assert!(status.contains("9 of 12 members done"), "{status}");
    let failed: Vec<&str> = status.lines().filter(|l| l.contains("FAILED")).collect();
    assert_eq!(failed.len(), 1, "{status}");
    assert!(failed[0].trim_start().starts_with("2 "), "{status}");
    assert!(
        status.contains("resubmit the failed shards [2]"),
        "{status}"
    );
    // A merge now is refused, naming the missing shard.
    let shards: Vec<String> = (0..4)
        .map(|k| out.join(format!("shards/shard-{k}")).display().to_string())
        .filter(|d| Path::new(d).exists())
        .collect();
    let mut args = vec!["merge"];
    args.extend(shards.iter().map(String::as_str));
    let early = dir.join("early");
    args.extend(["--out", early.to_str().unwrap()]);
    let refused = orbitai(&args);
    assert!(!refused.status.success());
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(stderr.contains("(shard(s) 2 of 4)"), "{stderr}");
    // The printed command resubmits shard 2 and a merge after it.
    let command = status
        .lines()
        .skip_while(|l| !l.starts_with("or by hand"))
        .nth(1)
        .expect("the resubmit command")
        .trim()
        .to_owned();
    assert!(command.contains("--array=2 "), "{command}");
    let printed = run("bash", &["-c", &command]);
    // The last sbatch prints `Submitted batch job ID`.
    let new_merge = printed
        .split_whitespace()
        .last()
        .expect("a job id")
        .to_owned();
    wait_for(&[&new_merge], &[]);
    assert_same_tables(&out, &single);
    let status = ok(&orbitai_slurm(&["sweep-status", out.to_str().unwrap()]));
    assert!(
        status.contains("12 of 12 members done; merged into"),
        "{status}"
    );
    fs::remove_dir_all(&dir).ok();
}
