//! Stopping long jobs cleanly from outside (Ctrl-C in Python, a signal
//! handler, a GUI): a shared flag that simulations look at between ticks.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Ticks between two looks at the flag: cheap (one relaxed load) yet
/// prompt (a few milliseconds of simulation).
pub const CHECK_EVERY_TICKS: u64 = 1024;

/// A cancellation flag shared by the caller and the jobs it started;
/// clones share the flag.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A flag not raised.
    pub fn new() -> Self {
        Self::default()
    }

    /// Raises the flag: running simulations stop at their next check,
    /// jobs not started do not start.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// The shared flag itself, for code that can only store to an
    /// `AtomicBool` (a signal handler registered with `signal-hook`):
    /// storing `true` is [`CancelToken::cancel`].
    pub fn flag(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.0)
    }

    /// Whether the flag is raised.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clones_share_the_flag() {
        let token = CancelToken::new();
        let other = token.clone();
        assert!(!other.is_cancelled());
        token.cancel();
        assert!(other.is_cancelled());
        let fresh = CancelToken::new();
        fresh.flag().store(true, Ordering::Relaxed);
        assert!(fresh.is_cancelled());
    }
}
