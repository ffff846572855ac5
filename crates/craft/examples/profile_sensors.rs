//! Driver for measuring the sensor step outside criterion: the truths and
//! configuration of `benches/sensors.rs`, `SensorSuite::sample` called for
//! N steps (argument 1, default 20 000; argument 2 `all` for every error
//! term on, as `sensor_step/all_errors`). It prints a checksum of every
//! reading, so that a change which alters any value shows.
//!
//! Instruction counts (repeatable whatever else the machine is doing):
//!
//! ```text
//! cargo build --release -p orbitai-craft --example profile_sensors
//! valgrind --tool=callgrind --toggle-collect='*SensorSuite*sample*' \
//!     target/release/examples/profile_sensors
//! ```
//!
//! With `TIME` set in the environment it instead times N chunks of 4096
//! steps and prints the minimum, 10th percentile and median ns per step:
//! the minimum hardly moves when other processes share the machine, which
//! makes it the figure to compare two versions by.

#[path = "../benches/workload/mod.rs"]
mod workload;

use orbitai_craft::{Body, CraftConfig, SensorSuite};
use workload::{N, SEEDS, T0, TruthCycle, all_errors};

fn main() {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let config = if args.next().as_deref() == Some("all") {
        all_errors()
    } else {
        CraftConfig::default()
    };
    let mut suite = SensorSuite::new(&config, &Body::ops_sat(), T0, SEEDS).unwrap();
    let mut out = suite.new_readings();
    let mut steps = TruthCycle::new();
    if std::env::var_os("TIME").is_some() {
        // Minimum and median over chunks of 4096 steps: the minimum is
        // robust to other processes taking the core now and then.
        let mut per_step = Vec::new();
        for _ in 0..count {
            let t0 = std::time::Instant::now();
            for _ in 0..N {
                suite.sample(std::hint::black_box(steps.next_truth()), &mut out);
                std::hint::black_box(&out);
            }
            per_step.push(t0.elapsed().as_nanos() as f64 / N as f64);
        }
        per_step.sort_by(f64::total_cmp);
        println!(
            "ns/step: min {:.1}  p10 {:.1}  median {:.1}",
            per_step[0],
            per_step[per_step.len() / 10],
            per_step[per_step.len() / 2]
        );
        return;
    }
    let mut hash = 0u64;
    for _ in 0..count {
        suite.sample(std::hint::black_box(steps.next_truth()), &mut out);
        let a = &out.attitude;
        let mut words = a.attitude.to_scalar_first().to_vec();
        words.extend(a.rate_rad_s.iter());
        words.extend(a.sun_vector.iter().flat_map(|v| v.iter().copied()));
        for p in &out.photodiodes {
            words.push(p.value.unwrap_or(-1.0));
            words.push(p.flag as u8 as f64);
        }
        for w in words {
            hash = (hash ^ w.to_bits()).wrapping_mul(0x100_0000_01b3);
        }
    }
    println!("{count} steps, checksum {hash:016x}");
}
