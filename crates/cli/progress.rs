//! Progress bars on stderr (indicatif) for the library's progress reports;
//! hidden with `--quiet` or when stderr is not a terminal.

use std::io::IsTerminal;

use indicatif::{MultiProgress, ProgressBar, ProgressDrawTarget, ProgressStyle};
use orbitai::progress::{Progress, ProgressTask, Unit};

/// One bar per task, stacked.
pub struct Bars {
    multi: MultiProgress,
}

impl Bars {
    /// Bars drawn on stderr unless `quiet` or stderr is not a terminal.
    pub fn new(quiet: bool) -> Bars {
        let target = if quiet || !std::io::stderr().is_terminal() {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        };
        Bars {
            multi: MultiProgress::with_draw_target(target),
        }
    }
}

impl Progress for Bars {
    fn task(&self, name: &str, total: u64, unit: Unit) -> Box<dyn ProgressTask> {
        let template = match unit {
            Unit::Ticks => "{prefix:>20} [{bar:40}] {percent:>3}% {pos}/{len} ticks, ETA {eta}",
            Unit::Members => "{prefix} [{bar:40}] {pos}/{len} members, {per_sec}, ETA {eta}",
        };
        let bar = self.multi.add(ProgressBar::new(total));
        bar.set_style(
            ProgressStyle::with_template(template)
                .expect("valid template")
                .progress_chars("=> "),
        );
        bar.set_prefix(name.to_owned());
        Box::new(Bar(bar))
    }

    fn note(&self, text: &str) {
        self.multi.suspend(|| eprintln!("{text}"));
    }
}

struct Bar(ProgressBar);

impl ProgressTask for Bar {
    fn set_position(&self, done: u64) {
        self.0.set_position(done);
    }

    fn advance(&self, by: u64) {
        self.0.inc(by);
    }

    fn finish(&self) {
        self.0.finish_and_clear();
    }
}
