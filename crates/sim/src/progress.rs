//! Progress reporting for long jobs (scenario runs, sweeps), independent of
//! any terminal: the library reports through [`Progress`], and each front
//! decides how to show it (the CLI draws indicatif bars, the Python front
//! tqdm, a cluster job nothing at all).

/// What a task counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Simulation ticks of one scenario.
    Ticks,
    /// Members of a sweep.
    Members,
}

/// A receiver of progress: called from worker threads, so `Sync`.
pub trait Progress: Sync {
    /// A task named `name` (a scenario or sweep name) of `total` units has
    /// started; the returned handle reports its advance.
    fn task(&self, name: &str, total: u64, unit: Unit) -> Box<dyn ProgressTask>;

    /// A one-line remark for the user (e.g. how many members a resumed
    /// sweep had already done), at the moment it applies.
    fn note(&self, text: &str) {
        let _ = text;
    }
}

/// The handle of one running task; may be advanced from several threads.
pub trait ProgressTask: Send + Sync {
    /// `done` units are complete (monotonic).
    fn set_position(&self, done: u64);
    /// `by` more units are complete.
    fn advance(&self, by: u64);
    /// The task has ended (successfully or not).
    fn finish(&self) {}
}

/// Progress that goes nowhere: the default for library callers.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoProgress;

impl Progress for NoProgress {
    fn task(&self, _name: &str, _total: u64, _unit: Unit) -> Box<dyn ProgressTask> {
        Box::new(NoProgress)
    }
}

impl ProgressTask for NoProgress {
    fn set_position(&self, _done: u64) {}
    fn advance(&self, _by: u64) {}
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// Records what it is told, to check the default methods and the
    /// object-safety of both traits.
    #[derive(Default)]
    struct Recorder(Mutex<Vec<String>>);

    struct Task<'a>(&'a Mutex<Vec<String>>);

    impl Progress for Recorder {
        fn task(&self, name: &str, total: u64, unit: Unit) -> Box<dyn ProgressTask> {
            self.0
                .lock()
                .unwrap()
                .push(format!("{name} {total} {unit:?}"));
            Box::new(NoProgress)
        }
    }

    impl ProgressTask for Task<'_> {
        fn set_position(&self, done: u64) {
            self.0.lock().unwrap().push(format!("at {done}"));
        }
        fn advance(&self, by: u64) {
            self.0.lock().unwrap().push(format!("+{by}"));
        }
    }

    #[test]
    fn default_note_is_silent_and_tasks_report() {
        let recorder = Recorder::default();
        let progress: &dyn Progress = &recorder;
        progress.note("ignored by default");
        let task = progress.task("s", 7, Unit::Ticks);
        task.set_position(3);
        task.finish();
        let log = Mutex::new(Vec::new());
        let t = Task(&log);
        t.advance(2);
        t.set_position(5);
        assert_eq!(*recorder.0.lock().unwrap(), vec!["s 7 Ticks".to_string()]);
        assert_eq!(
            *log.lock().unwrap(),
            vec!["+2".to_string(), "at 5".to_string()]
        );
    }
}
