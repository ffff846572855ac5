//! Faults of the machine, as a user meets them: a file where the output
//! directory should be, a directory that cannot be created, a read-only
//! filesystem, a full disk. One clear error naming the path, before any
//! simulation where it can be known, never a panic, and the previous
//! outputs left as they were.
//!
//! The read-only and full filesystems are small tmpfs mounted in a private
//! user and mount namespace (`unshare -rm`), so the tests need no root;
//! where the kernel refuses that, they say so and skip.

mod common;

use std::fs;
use std::path::Path;
use std::process::Command;

use common::{SMALL_SWEEP, orbitai, scratch};

const SHORT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/short-tumbling.ron");

/// Expects `orbitai args` to fail with exit 1 and a stderr holding every
/// one of `needles`; returns stderr.
fn fails(args: &[&str], needles: &[&str]) -> String {
    let output = orbitai(args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{args:?}: {stderr}");
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{args:?}: {needle:?} not in {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn a_file_in_the_way_and_an_uncreatable_directory_are_named_before_simulating() {
    let dir = scratch("faults-paths");
    let file = dir.join("taken");
    fs::write(&file, "not a directory").unwrap();
    let taken = file.to_str().unwrap();
    let below = file.join("out");
    let below = below.to_str().unwrap();
    for args in [
        vec!["run", SHORT, "--out", taken, "-q"],
        vec!["run", SHORT, "--out", taken, "-q", "--force"],
        vec!["sweep", SMALL_SWEEP, "--out", taken, "-q"],
        vec!["sweep", SMALL_SWEEP, "--out", taken, "-q", "--force"],
    ] {
        fails(&args, &[&format!("{taken} is a file, not a directory")]);
    }
    fails(
        &["run", SHORT, "--out", below, "-q"],
        &[&format!("{below} cannot be a directory: {taken} is a file")],
    );
    // A scenario's own directory taken by a file: named with the scenario.
    let out = dir.join("out");
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join("short-tumbling"), "x").unwrap();
    fails(
        &["run", SHORT, "--out", out.to_str().unwrap(), "-q"],
        &[
            "short-tumbling.ron",
            "short-tumbling is a file, not a directory",
        ],
    );
    // /proc accepts no new directories.
    fails(
        &["run", SHORT, "--out", "/proc/orbitai-out", "-q"],
        &["cannot create the output directory /proc/orbitai-out"],
    );
    assert_eq!(fs::read_to_string(&file).unwrap(), "not a directory");
}

/// Runs `script` (sh) in a private mount namespace with `$ORBITAI`, `$SHORT`
/// and `$SWEEP` set and `$1` the scratch directory `dir`, after mounting a
/// tmpfs of `size` (mount options, e.g. `size=600k`) on `$1/mnt` and
/// checking that it is one (so that nothing the script writes there can
/// reach the real disk); `None` when this machine cannot do that.
fn in_namespace(dir: &Path, options: &str, script: &str) -> Option<std::process::Output> {
    let mnt = dir.join("mnt");
    fs::create_dir_all(&mnt).unwrap();
    let mount = format!(
        "set -eu; mount -t tmpfs -o {options} tmpfs \"$1/mnt\"; \
         [ \"$(df -k \"$1/mnt\" | awk 'NR==2 {{print $2}}')\" -le 4096 ] || exit 3\n"
    );
    let probe = Command::new("unshare")
        .args(["-rm", "sh", "-c", &mount, "sh"])
        .arg(dir)
        .output();
    match probe {
        Ok(o) if o.status.success() => {}
        other => {
            eprintln!(
                "skipped: cannot mount a tmpfs in a user namespace here (unshare -rm): {other:?}"
            );
            return None;
        }
    }
    let script = format!("{mount}{script}");
    let output = Command::new("unshare")
        .args(["-rm", "sh", "-c", &script, "sh"])
        .arg(dir)
        .env("ORBITAI", env!("CARGO_BIN_EXE_orbitai"))
        .env("SHORT", SHORT)
        .env("SWEEP", SMALL_SWEEP)
        .output()
        .expect("run unshare");
    assert!(output.status.success(), "{output:?}");
    Some(output)
}

/// The text of `dir/name`, written by a namespace script.
fn read(dir: &Path, name: &str) -> String {
    fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

#[test]
fn a_read_only_filesystem_is_found_before_simulating() {
    let dir = scratch("faults-readonly");
    let script = r#"
        rc=0; "$ORBITAI" run "$SHORT" --out "$1/mnt/out" -q 2> "$1/run.err" || rc=$?; echo $rc > "$1/run.code"
        rc=0; "$ORBITAI" sweep "$SWEEP" --out "$1/mnt/out" -q 2> "$1/sweep.err" || rc=$?; echo $rc > "$1/sweep.code"
    "#;
    if in_namespace(&dir, "size=1m,ro", script).is_none() {
        return;
    }
    for what in ["run", "sweep"] {
        assert_eq!(read(&dir, &format!("{what}.code")).trim(), "1");
        let stderr = read(&dir, &format!("{what}.err"));
        assert!(
            stderr.contains("cannot create the output directory") && stderr.contains("/mnt/out"),
            "{what}: {stderr}"
        );
        assert!(stderr.contains("Read-only file system"), "{what}: {stderr}");
    }
}

#[test]
fn a_full_disk_is_refused_up_front_and_when_forced_keeps_the_previous_outputs() {
    let dir = scratch("faults-full");
    // 1: a previous run (logs off: ~150 kB). 2: the disk filled to ~60 kB
    // free. 3: the full run (~230 kB) is refused from its estimate. 4:
    // forced, it fails on the full disk. 5: a forced sweep fails the same.
    let script = r#"
        sed 's/seed: 99,/seed: 99, outputs: (logs: false),/' "$SHORT" \
            | sed "s#../../assets#$(dirname "$(dirname "$(dirname "$SHORT")")")/assets#" > "$1/quiet.ron"
        rc=0; "$ORBITAI" run "$1/quiet.ron" --out "$1/mnt/out" -q > /dev/null 2> "$1/first.err" || rc=$?; echo $rc > "$1/first.code"
        (cd "$1/mnt/out" && find . -type f | sort | xargs sha256sum) > "$1/before.sums"
        free_kb=$(df -k "$1/mnt" | awk 'NR==2 {print $4}')
        # The tmpfs is at most 4 MB (checked above): so is the filler.
        [ "$free_kb" -gt 60 ] && head -c $(( (free_kb - 60) * 1024 )) /dev/zero > "$1/mnt/filler" || true
        rc=0; "$ORBITAI" run "$SHORT" --out "$1/mnt/out" -q 2> "$1/refused.err" || rc=$?; echo $rc > "$1/refused.code"
        rc=0; "$ORBITAI" run "$SHORT" --out "$1/mnt/out" -q --force 2> "$1/forced.err" || rc=$?; echo $rc > "$1/forced.code"
        rc=0; "$ORBITAI" sweep "$SWEEP" --out "$1/mnt/sweep" -q --force 2> "$1/sweep.err" || rc=$?; echo $rc > "$1/sweep.code"
        (cd "$1/mnt/out" && find . -type f | sort | xargs sha256sum) > "$1/after.sums"
        (cd "$1/mnt" && find . -name '*.tmp' -o -name '*.partial' -o -name '*.old') > "$1/leftovers"
    "#;
    if in_namespace(&dir, "size=600k", script).is_none() {
        return;
    }
    assert_eq!(
        read(&dir, "first.code").trim(),
        "0",
        "{}",
        read(&dir, "first.err")
    );
    let refused = read(&dir, "refused.err");
    assert_eq!(read(&dir, "refused.code").trim(), "1", "{refused}");
    assert!(
        refused.contains("refused:") && refused.contains("of output is more than the"),
        "{refused}"
    );
    for what in ["forced", "sweep"] {
        let stderr = read(&dir, &format!("{what}.err"));
        assert_eq!(
            read(&dir, &format!("{what}.code")).trim(),
            "1",
            "{what}: {stderr}"
        );
        assert!(
            stderr.contains("No space left on device"),
            "{what}: {stderr}"
        );
        assert!(
            stderr.contains("/mnt/"),
            "{what}: the path is named: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
    let before = read(&dir, "before.sums");
    assert!(before.contains("summary.json"), "{before}");
    assert_eq!(
        read(&dir, "after.sums"),
        before,
        "the previous outputs changed"
    );
    assert_eq!(read(&dir, "leftovers"), "", "half-written files left");
}
