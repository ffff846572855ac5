//! SIGINT and SIGTERM: the first one raises the run's [`CancelToken`], so
//! simulations stop at their next tick boundary and what finished is kept;
//! a second one of the same kind ends the process at once.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::{Context, Result};
use orbitai::CancelToken;
use signal_hook::consts::{SIGINT, SIGTERM};
use signal_hook::flag;

/// The exit status after SIGINT (128 + 2), as shells report it.
pub const EXIT_SIGINT: u8 = 130;
/// The exit status after SIGTERM (128 + 15; Slurm's time limit sends it).
pub const EXIT_SIGTERM: u8 = 143;

/// The installed handlers: the token they raise and which signal came.
pub struct Interrupt {
    token: CancelToken,
    sigint: Arc<AtomicBool>,
    sigterm: Arc<AtomicBool>,
}

impl Interrupt {
    /// Installs the handlers for the rest of the process.
    pub fn install() -> Result<Interrupt> {
        let token = CancelToken::new();
        let sigint = Arc::new(AtomicBool::new(false));
        let sigterm = Arc::new(AtomicBool::new(false));
        for (signal, seen, status) in [
            (SIGINT, &sigint, EXIT_SIGINT),
            (SIGTERM, &sigterm, EXIT_SIGTERM),
        ] {
            // Registered first, so that it looks at the flag before the
            // second registration raises it: only a repeat ends the process.
            flag::register_conditional_shutdown(signal, i32::from(status), Arc::clone(seen))
                .and_then(|_| flag::register(signal, Arc::clone(seen)))
                .and_then(|_| flag::register(signal, token.flag()))
                .context("installing the signal handlers")?;
        }
        Ok(Interrupt {
            token,
            sigint,
            sigterm,
        })
    }

    /// The token the handlers raise.
    pub fn token(&self) -> &CancelToken {
        &self.token
    }

    /// The exit status for the signal that came, if one did.
    pub fn status(&self) -> Option<u8> {
        if self.sigint.load(Ordering::Relaxed) {
            Some(EXIT_SIGINT)
        } else if self.sigterm.load(Ordering::Relaxed) {
            Some(EXIT_SIGTERM)
        } else {
            None
        }
    }
}
