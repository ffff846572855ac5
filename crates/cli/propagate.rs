//! `orbitai propagate`: SGP4 trajectory, Sun direction and illumination as CSV.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use clap::{Args, ValueEnum};
use orbitai_astro::tle::{self, Tle};
use orbitai_astro::{EclipseModel, Epoch, Propagator, PropagatorMode, Shadow, Tracker};

use orbitai_sim::atomic_file::AtomicFile;

/// The CSV header, fixed: scripts depend on these names and this order.
pub const HEADER: &str =
    "time_utc,unix_ms,x_km,y_km,z_km,vx_km_s,vy_km_s,vz_km_s,sun_x,sun_y,sun_z,illumination";

/// Output time resolution (the `unix_ms` column), so the smallest step, in s.
const MIN_STEP_S: f64 = 1e-3;

/// Most rows one call writes (a guard against a mistyped step).
const MAX_ROWS: u64 = 100_000_000;

/// Arguments of `orbitai propagate`.
#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("source").required(true).args(["tle_file", "tle"]))]
pub struct PropagateArgs {
    /// A file with one or more 2-line or 3-line TLE sets.
    #[arg(long, value_name = "FILE")]
    pub tle_file: Option<PathBuf>,
    /// The two TLE lines, each as one (quoted) argument.
    #[arg(long, num_args = 2, value_names = ["LINE1", "LINE2"], allow_hyphen_values = true)]
    pub tle: Option<Vec<String>>,
    /// Which set of a multi-set file to use: its name or NORAD catalogue number.
    #[arg(long, value_name = "NAME|NORAD_ID", requires = "tle_file")]
    pub select: Option<String>,
    /// First output time, ISO 8601 UTC (e.g. 2021-04-16T18:28:31Z).
    #[arg(long, value_name = "ISO8601", value_parser = parse_epoch)]
    pub start: Epoch,
    /// Time span to cover, in seconds (>= 0); the last row is at or before start + duration.
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub duration: f64,
    /// Time between rows, in seconds (>= 0.001).
    #[arg(long, value_name = "SECONDS", allow_negative_numbers = true)]
    pub step: f64,
    /// Output CSV file (written atomically); standard output if omitted.
    #[arg(long, short, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// SGP4 constants: afspc (WGS72, as TLEs are produced) or wgs84.
    #[arg(long, value_enum, default_value_t = ModeArg::Afspc)]
    pub mode: ModeArg,
    /// Earth shadow model for the illumination column.
    #[arg(long, value_enum, default_value_t = EclipseArg::Conical)]
    pub eclipse: EclipseArg,
}

/// `--mode` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ModeArg {
    /// WGS72 constants and AFSPC expressions (default).
    Afspc,
    /// WGS84 constants and IAU expressions.
    Wgs84,
}

/// `--eclipse` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum EclipseArg {
    /// Conical shadow with penumbra (default).
    Conical,
    /// Cylindrical shadow, for comparison.
    Cylindrical,
}

fn parse_epoch(text: &str) -> Result<Epoch, String> {
    Epoch::parse_iso8601(text).map_err(|e| e.to_string())
}

/// A validated request: what to propagate, when, and how.
pub struct Request {
    /// The element set.
    pub tle: Tle,
    /// First row's time.
    pub start: Epoch,
    /// Step between rows, ns.
    pub step_nanos: i64,
    /// Number of rows.
    pub rows: u64,
    /// SGP4 mode.
    pub mode: PropagatorMode,
    /// Shadow model.
    pub shadow: Shadow,
}

/// Runs `orbitai propagate`.
pub fn run(args: &PropagateArgs) -> Result<()> {
    let tle = load_tle(args)?;
    let (step_nanos, rows) = schedule(args.duration, args.step)?;
    let request = Request {
        tle,
        start: args.start,
        step_nanos,
        rows,
        mode: match args.mode {
            ModeArg::Afspc => PropagatorMode::Afspc,
            ModeArg::Wgs84 => PropagatorMode::Wgs84,
        },
        shadow: Shadow {
            model: match args.eclipse {
                EclipseArg::Conical => EclipseModel::Conical,
                EclipseArg::Cylindrical => EclipseModel::Cylindrical,
            },
            ..Shadow::default()
        },
    };
    match &args.out {
        Some(path) => write_file(&request, path).map(|_| ()),
        None => {
            let stdout = io::stdout().lock();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout);
            write_csv(&request, &mut out)?;
            out.flush().context("cannot write to standard output")
        }
    }
}

/// Writes the CSV of `request` to `path` atomically; returns a summary.
pub fn write_file(request: &Request, path: &Path) -> Result<Summary> {
    let mut file = AtomicFile::create(path)?;
    let summary = write_csv(request, &mut file)?;
    file.commit()?;
    Ok(summary)
}

/// What a propagation produced.
pub struct Summary {
    /// Rows written.
    pub rows: u64,
    /// Rows in full sun (illumination 1).
    pub sunlit_rows: u64,
    /// Rows in umbra (illumination 0).
    pub umbra_rows: u64,
}

/// Writes the header and one row per step.
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
        .context("cannot write CSV row")?;
        summary.rows += 1;
        summary.sunlit_rows += u64::from(p.illumination == 1.0);
        summary.umbra_rows += u64::from(p.illumination == 0.0);
    }
    Ok(summary)
}

/// Checks duration and step; returns the step in ns and the row count.
pub fn schedule(duration_s: f64, step_s: f64) -> Result<(i64, u64)> {
    if !step_s.is_finite() || step_s < MIN_STEP_S {
        bail!(
            "--step: must be a number of seconds >= {MIN_STEP_S} (the output's time resolution), got {step_s}"
        );
    }
    if !duration_s.is_finite() || duration_s < 0.0 {
        bail!("--duration: must be a number of seconds >= 0, got {duration_s}");
    }
    let step_nanos = (step_s * 1e9).round() as i64;
    let duration_nanos = (duration_s * 1e9).round();
    if duration_nanos >= i64::MAX as f64 {
        bail!("--duration: {duration_s} s is too long");
    }
    let rows = (duration_nanos as i64 / step_nanos) as u64 + 1;
    if rows > MAX_ROWS {
        bail!(
            "--duration/--step: {duration_s} s every {step_s} s is {rows} rows; at most {MAX_ROWS} per call"
        );
    }
    Ok((step_nanos, rows))
}

/// Reads the TLE from `--tle` or `--tle-file` (and `--select`).
fn load_tle(args: &PropagateArgs) -> Result<Tle> {
    if let Some(lines) = &args.tle {
        return Ok(Tle::from_lines(
            None,
            &lines[0],
            &lines[1],
            "--tle argument",
            1,
        )?);
    }
    let path = args
        .tle_file
        .as_ref()
        .expect("clap requires --tle or --tle-file");
    let sets = tle::read_file(path)?;
    select(sets, args.select.as_deref(), path)
}

/// Picks one set of a file by name or NORAD id (the only one if not asked).
fn select(mut sets: Vec<Tle>, wanted: Option<&str>, path: &Path) -> Result<Tle> {
    let Some(wanted) = wanted else {
        if sets.len() > 1 {
            let names: Vec<String> = sets.iter().map(Tle::label).collect();
            bail!(
                "{}: holds {} TLE sets ({}); choose one with --select NAME|NORAD_ID",
                path.display(),
                sets.len(),
                names.join(", ")
            );
        }
        return Ok(sets.remove(0));
    };
    let position = sets.iter().position(|t| {
        t.name().is_some_and(|n| n.eq_ignore_ascii_case(wanted))
            || t.norad_id().to_string() == wanted
    });
    match position {
        Some(i) => Ok(sets.swap_remove(i)),
        None => bail!(
            "{}: no TLE set named or numbered {wanted:?}",
            path.display()
        ),
    }
}
