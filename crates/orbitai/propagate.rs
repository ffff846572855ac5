//! Propagating a TLE with SGP4: position and velocity (TEME of date, km,
//! km/s), the Sun's direction (TEME unit vector) and the illumination
//! (0 umbra … 1 full sun) on a regular time grid, as CSV.

use std::io::Write;
use std::path::Path;

use orbitai_astro::tle::{self, Tle};
use orbitai_astro::{Epoch, Propagator, PropagatorMode, Shadow, Tracker};
use orbitai_sim::atomic_file::AtomicFile;

use crate::error::{Error, Result};

/// The CSV header, fixed: scripts depend on these names and this order.
pub const HEADER: &str =
    "time_utc,unix_ms,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,sun_x,sun_y,sun_z,illumination";

/// Output time resolution (the `unix_ms` column), so the smallest step, s.
pub const MIN_STEP_S: f64 = 1e-3;

/// Most rows one call writes (a guard against a mistyped step).
pub const MAX_ROWS: u64 = 100_000_000;

/// A validated request: what to propagate, when, and how.
#[derive(Debug, Clone)]
pub struct Request {
    /// The element set.
    pub tle: Tle,
    /// First row's time (UTC).
    pub start: Epoch,
    /// Step between rows, ns.
    pub step_nanos: i64,
    /// Number of rows.
    pub rows: u64,
    /// SGP4 mode.
    pub mode: PropagatorMode,
    /// Shadow model of the illumination column.
    pub shadow: Shadow,
}

impl Request {
    /// Rows every `step_s` seconds from `start` covering `duration_s`
    /// seconds (the last row at or before `start + duration_s`), AFSPC
    /// SGP4 and the default (conical) shadow.
    pub fn new(tle: Tle, start: Epoch, duration_s: f64, step_s: f64) -> Result<Request> {
        let (step_nanos, rows) = schedule(duration_s, step_s)?;
        Ok(Request {
            tle,
            start,
            step_nanos,
            rows,
            mode: PropagatorMode::Afspc,
            shadow: Shadow::default(),
        })
    }
}

/// What a propagation produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Summary {
    /// Rows written.
    pub rows: u64,
    /// Rows in full sun (illumination 1).
    pub sunlit_rows: u64,
    /// Rows in umbra (illumination 0).
    pub umbra_rows: u64,
}

/// Writes the CSV of `request` to `path` atomically (nothing appears
/// under `path` unless complete); returns a summary.
pub fn propagate(request: &Request, path: &Path) -> Result<Summary> {
    let mut file = AtomicFile::create(path)?;
    let summary = write_csv(request, &mut file)?;
    file.commit()?;
    Ok(summary)
}

/// Writes the header and one row per step to `out`.
pub fn write_csv(request: &Request, out: &mut dyn Write) -> Result<Summary> {
    let propagator = Propagator::new(&request.tle, request.mode)?;
    let mut tracker = Tracker::new(propagator, request.shadow);
    let mut summary = Summary {
        rows: 0,
        sunlit_rows: 0,
        umbra_rows: 0,
    };
    writeln!(out, "{HEADER}")?;
    for k in 0..request.rows {
        let epoch = request.start.add_nanos(k as i64 * request.step_nanos);
        let p = tracker.point_at(epoch)?;
        let (r, v, s) = (p.state.position_km, p.state.velocity_km_s, p.sun_direction);
        writeln!(
            out,
            // `{:?}` is the shortest representation that parses back to the
            // same f64, in exponent form only for tiny or huge magnitudes.
            "{},{},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?},{:?}",
            epoch.to_iso8601(3),
            epoch.unix_millis(),
            r.x,
            r.y,
            r.z,
            v.x,
            v.y,
            v.z,
            s.x,
            s.y,
            s.z,
            p.illumination
        )
        .map_err(|source| Error::Output {
            context: "cannot write CSV row".into(),
            source,
        })?;
        summary.rows += 1;
        summary.sunlit_rows += u64::from(p.illumination == 1.0);
        summary.umbra_rows += u64::from(p.illumination == 0.0);
    }
    Ok(summary)
}

/// Checks a duration and step (s); returns the step in ns and the row
/// count.
pub fn schedule(duration_s: f64, step_s: f64) -> Result<(i64, u64)> {
    let invalid = |message: String| Err(Error::Option(message));
    if !step_s.is_finite() || step_s < MIN_STEP_S {
        return invalid(format!(
            "--step: must be a number of seconds >= {MIN_STEP_S} (the output's time resolution), got {step_s}"
        ));
    }
    if !duration_s.is_finite() || duration_s < 0.0 {
        return invalid(format!(
            "--duration: must be a number of seconds >= 0, got {duration_s}"
        ));
    }
    let step_nanos = (step_s * 1e9).round() as i64;
    let duration_nanos = (duration_s * 1e9).round();
    if duration_nanos >= i64::MAX as f64 {
        return invalid(format!("--duration: {duration_s} s is too long"));
    }
    let rows = (duration_nanos as i64 / step_nanos) as u64 + 1;
    if rows > MAX_ROWS {
        return invalid(format!(
            "--duration/--step: {duration_s} s every {step_s} s is {rows} rows; at most {MAX_ROWS} per call"
        ));
    }
    Ok((step_nanos, rows))
}

/// Reads a TLE file and picks one set by name or NORAD catalogue number
/// (`wanted`; without it the file must hold exactly one set).
pub fn read_tle(path: &Path, wanted: Option<&str>) -> Result<Tle> {
    select(tle::read_file(path)?, wanted, path)
}

/// Reads TLE text (2- or 3-line sets; `origin` names it in messages) and
/// picks one set as [`read_tle`] does.
pub fn parse_tle(text: &str, origin: &str, wanted: Option<&str>) -> Result<Tle> {
    select(tle::parse_str(text, origin)?, wanted, Path::new(origin))
}

/// Picks one set of a file by name or NORAD id (the only one if not asked).
fn select(mut sets: Vec<Tle>, wanted: Option<&str>, path: &Path) -> Result<Tle> {
    let Some(wanted) = wanted else {
        if sets.len() > 1 {
            let names: Vec<String> = sets.iter().map(Tle::label).collect();
            return Err(Error::Option(format!(
                "{}: holds {} TLE sets ({}); choose one by name or NORAD id (the command's --select)",
                path.display(),
                sets.len(),
                names.join(", ")
            )));
        }
        return Ok(sets.remove(0));
    };
    let position = sets.iter().position(|t| {
        t.name().is_some_and(|n| n.eq_ignore_ascii_case(wanted))
            || t.norad_id().to_string() == wanted
    });
    match position {
        Some(i) => Ok(sets.swap_remove(i)),
        None => Err(Error::Option(format!(
            "{}: no TLE set named or numbered {wanted:?}",
            path.display()
        ))),
    }
}
