//! The `orbitai propagate` and `orbitai run` commands, run as a user would.

mod common;
use common::{orbitai, scratch};

use std::fs;
use std::path::Path;
use std::process::Output;

const TLE_FILE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/assets/tle/opssat-2021-02-08.tle"
);
const HEADER: &str =
    "time_utc,unix_ms,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,sun_x,sun_y,sun_z,illumination";

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Asserts a failed run: non-zero exit, one error naming `needle`, no panic.
fn assert_clean_failure(output: &Output, needle: &str) {
    let err = stderr(output);
    assert!(!output.status.success(), "should fail: {err}");
    assert!(err.contains(needle), "stderr lacks {needle:?}: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// Leaves nothing in `dir` (no final file, no temporary file).
fn assert_empty(dir: &Path) {
    let left: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert!(left.is_empty(), "left behind: {left:?}");
}

#[test]
fn one_orbit_has_the_promised_columns_and_an_eclipse() {
    let dir = scratch("orbit");
    let out = dir.join("track.csv");
    let output = orbitai(&[
        "propagate",
        "--tle-file",
        TLE_FILE,
        "--start",
        "2021-02-08T18:33:16Z",
        "--duration",
        "5700",
        "--step",
        "5",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = fs::read_to_string(&out).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER));
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 5700 / 5 + 1);
    assert_eq!(rows[0][0], "2021-02-08T18:33:16.000Z");
    assert_eq!(rows[1][1], "1612809201000");
    let (mut dark, mut lit, mut penumbra) = (0, 0, 0);
    for row in &rows {
        assert_eq!(row.len(), 12);
        let v: Vec<f64> = row[2..].iter().map(|x| x.parse().unwrap()).collect();
        assert!(v.iter().all(|x| x.is_finite()), "{row:?}");
        let radius = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).sqrt();
        assert!((6850.0..6950.0).contains(&radius), "{radius}");
        let sun_norm = (v[6] * v[6] + v[7] * v[7] + v[8] * v[8]).sqrt();
        assert!((sun_norm - 1.0).abs() < 1e-12);
        let f = v[9];
        assert!((0.0..=1.0).contains(&f));
        match f {
            0.0 => dark += 1,
            1.0 => lit += 1,
            _ => penumbra += 1,
        }
    }
    // OPS-SAT's dawn-dusk-like orbit was at the end of its eclipse season at
    // the TLE epoch: ~8 min of umbra per ~95 min orbit, entered at a grazing
    // angle, hence long penumbrae (in April and May it saw no eclipse).
    assert!((60..120).contains(&dark), "{dark} umbra rows");
    assert!(
        lit > 900 && penumbra >= 4,
        "{lit} lit, {penumbra} penumbra rows"
    );
}

#[test]
fn inline_tle_and_stdout_give_the_same_rows_as_the_file() {
    let tle = fs::read_to_string(TLE_FILE).unwrap();
    let lines: Vec<&str> = tle.lines().collect();
    let common = [
        "--start",
        "2021-04-16T18:28:31Z",
        "--duration",
        "60",
        "--step",
        "0.5",
    ];
    let inline = orbitai(&[&["propagate", "--tle", lines[1], lines[2]][..], &common].concat());
    let file = orbitai(&[&["propagate", "--tle-file", TLE_FILE][..], &common].concat());
    assert!(
        inline.status.success() && file.status.success(),
        "{}",
        stderr(&inline)
    );
    assert_eq!(inline.stdout, file.stdout);
    assert_eq!(
        String::from_utf8_lossy(&file.stdout).lines().count(),
        1 + 121
    );
}

#[test]
fn bad_tle_names_file_line_and_field_and_writes_nothing() {
    let dir = scratch("badtle");
    let good = fs::read_to_string(TLE_FILE).unwrap();
    let cases = [
        (good.replace("63335", "63336"), ":3:69: checksum"),
        (good.replace(" 97.4702", " 97.47O2"), ":3:9: inclination"),
        (good.replace("  9991", " 9991"), ":2:1: line length"),
        (
            good.replace("\n2 44878", "\n3 44878"),
            ":3: expected TLE line 2",
        ),
    ];
    for (i, (text, needle)) in cases.iter().enumerate() {
        let tle = dir.join(format!("bad{i}.tle"));
        fs::write(&tle, text).unwrap();
        let out = dir.join("out");
        fs::create_dir_all(&out).unwrap();
        let output = orbitai(&[
            "propagate",
            "--tle-file",
            tle.to_str().unwrap(),
            "--start",
            "2021-04-16T00:00:00Z",
            "--duration",
            "60",
            "--step",
            "10",
            "--out",
            out.join("x.csv").to_str().unwrap(),
        ]);
        assert_clean_failure(&output, &format!("bad{i}.tle{needle}"));
        assert_empty(&out);
    }
}

#[test]
fn bad_times_and_steps_are_rejected_before_any_work() {
    let base = ["propagate", "--tle-file", TLE_FILE];
    let cases: [(&[&str], &str); 6] = [
        (
            &[
                "--start",
                "2021-04-31T00:00:00Z",
                "--duration",
                "60",
                "--step",
                "1",
            ],
            "--start",
        ),
        (
            &["--start", "now", "--duration", "60", "--step", "1"],
            "not an ISO 8601",
        ),
        (
            &["--start", "2021-04-16", "--duration", "60", "--step", "0"],
            "--step: must be",
        ),
        (
            &["--start", "2021-04-16", "--duration", "60", "--step", "-5"],
            "--step: must be",
        ),
        (
            &["--start", "2021-04-16", "--duration", "-1", "--step", "1"],
            "--duration: must be",
        ),
        (
            &[
                "--start",
                "2021-04-16",
                "--duration",
                "sixty",
                "--step",
                "1",
            ],
            "--duration",
        ),
    ];
    for (args, needle) in cases {
        let output = orbitai(&[&base[..], args].concat());
        assert_clean_failure(&output, needle);
        assert!(output.stdout.is_empty(), "{args:?} wrote output");
    }
}

#[test]
fn a_decaying_orbit_fails_at_a_named_time_without_a_partial_file() {
    let dir = scratch("decay");
    let out = dir.join("decay.csv");
    // Vallado's sub-orbital verification case: SGP4 gives up within the day.
    let output = orbitai(&[
        "propagate",
        "--tle",
        "1 28872U 05037B   05333.02012661  .25992681  00000-0  24476-3 0  1534",
        "2 28872  96.4736 157.9986 0303955 244.0492 110.6523 16.46015938 10708",
        "--start",
        "2005-11-29T00:29:00Z",
        "--duration",
        "86400",
        "--step",
        "60",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_clean_failure(&output, "NORAD 28872: ");
    let err = stderr(&output);
    assert!(err.contains("min from the TLE epoch"), "{err}");
    assert!(err.contains("2005-11-29T"), "{err}");
    assert_empty(&dir);
}

#[test]
fn several_sets_need_a_selection() {
    let dir = scratch("multi");
    let good = fs::read_to_string(TLE_FILE).unwrap();
    let tle = dir.join("two.tle");
    let second = good.replace("OPS-SAT", "OTHER");
    fs::write(&tle, format!("{good}{second}")).unwrap();
    let args = ["--start", "2021-04-16", "--duration", "0", "--step", "1"];
    let ambiguous = orbitai(
        &[
            &["propagate", "--tle-file", tle.to_str().unwrap()][..],
            &args,
        ]
        .concat(),
    );
    assert_clean_failure(
        &ambiguous,
        "holds 2 TLE sets (OPS-SAT (44878), OTHER (44878))",
    );
    let chosen = orbitai(
        &[
            &[
                "propagate",
                "--tle-file",
                tle.to_str().unwrap(),
                "--select",
                "other",
            ][..],
            &args,
        ]
        .concat(),
    );
    assert!(chosen.status.success(), "{}", stderr(&chosen));
    assert_eq!(String::from_utf8_lossy(&chosen.stdout).lines().count(), 2);
}
