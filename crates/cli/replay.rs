//! `orbitai replay`: arguments and printing over `orbitai::replay`.

use std::path::PathBuf;

use anyhow::Result;
use clap::{Args, ValueEnum};
use orbitai::flight::{CampaignSplit, ReplayOptions};
use orbitai::learn::Profile;

/// Arguments of `orbitai replay`.
#[derive(Debug, Args)]
pub struct ReplayArgs {
    /// Directory of flight files: training_mochi-*.csv logs and/or data_*.csv telemetry.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
    /// Output directory.
    #[arg(long, value_name = "OUT", default_value = "out/replay")]
    pub out: PathBuf,
    /// Learning numerics: flight (bit-exact with the spacecraft) or paper (published algorithms).
    #[arg(long, value_enum, default_value_t = ProfileArg::Flight)]
    pub profile: ProfileArg,
    /// How cumulative training logs are split into runs.
    #[arg(long, value_enum, default_value_t = SplitArg::Auto)]
    pub campaign_split: SplitArg,
}

/// `--profile` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// The learning server as flown, to the bit.
    Flight,
    /// The algorithms as published.
    Paper,
}

/// `--campaign-split` values.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SplitArg {
    /// Detect cumulative logs: a log that repeats the previous one's rows
    /// adds only its new rows; one that does not starts a new campaign.
    Auto,
    /// Each log holds only its own run (no de-duplication).
    None,
}

/// Runs `orbitai replay`.
pub fn run(args: &ReplayArgs) -> Result<()> {
    let options = ReplayOptions {
        profile: match args.profile {
            ProfileArg::Flight => Profile::Flight,
            ProfileArg::Paper => Profile::Paper,
        },
        campaign_split: match args.campaign_split {
            SplitArg::Auto => CampaignSplit::Auto,
            SplitArg::None => CampaignSplit::None,
        },
        out: Some(args.out.clone()),
    };
    let outcome = orbitai::replay(&args.dir, &options)?;
    for note in &outcome.notes {
        eprintln!("note: {note}");
    }
    crate::stdout::print(&outcome.to_string());
    Ok(())
}
