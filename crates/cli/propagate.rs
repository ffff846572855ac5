//! `orbitai propagate`: SGP4 trajectory, Sun direction and illumination as CSV.

use std::io::{self, Write};
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use orbitai::astro::tle::Tle;
use orbitai::astro::{EclipseModel, Epoch, PropagatorMode, Shadow};
use orbitai::propagate::{Request, propagate, read_tle, schedule, write_csv};

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
        Some(path) => propagate(&request, path).map(|_| ()).map_err(Into::into),
        None => {
            let stdout = io::stdout().lock();
            let mut out = io::BufWriter::with_capacity(1 << 16, stdout);
            write_csv(&request, &mut out)?;
            out.flush().context("cannot write to standard output")
        }
    }
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
    Ok(read_tle(path, args.select.as_deref())?)
}
