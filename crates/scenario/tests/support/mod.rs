//! What several scenario tests share: OPS-SAT's TLE as two lines.

/// OPS-SAT's TLE of 2021-02-08 (the bundled `assets/tle` file), as a
/// scenario's `Lines(...)` takes it.
pub const OPSSAT_TLE: (&str, &str) = (
    "1 44878U 19092F   21039.77310696  .00001255  00000-0  68536-4 0  9991",
    "2 44878  97.4702 225.1898 0012459 255.5028 104.4823 15.16113078 63335",
);
