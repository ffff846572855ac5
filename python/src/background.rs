//! Running a job off the calling thread: the GIL is released while it
//! runs; every [`POLL`] the calling thread takes it back to look for
//! Ctrl-C (`KeyboardInterrupt` raises the job's cancel flag, the job stops
//! at its next check, and the interrupt is re-raised) and to report
//! progress to a Python callback.

use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use orbitai::CancelToken;
use orbitai::progress::{Progress, ProgressTask, Unit};
use pyo3::prelude::*;

use crate::errors::panicked;

/// How often the calling thread looks at signals and progress.
const POLL: Duration = Duration::from_millis(100);

/// Progress kept for the calling thread to show: tasks and notes.
#[derive(Default)]
pub struct Polled {
    tasks: Mutex<Vec<Arc<TaskState>>>,
    notes: Mutex<Vec<String>>,
}

/// One task's state.
struct TaskState {
    name: String,
    total: u64,
    unit: Unit,
    done: std::sync::atomic::AtomicU64,
    finished: std::sync::atomic::AtomicBool,
}

struct Task(Arc<TaskState>);

impl Progress for Polled {
    fn task(&self, name: &str, total: u64, unit: Unit) -> Box<dyn ProgressTask> {
        let state = Arc::new(TaskState {
            name: name.to_owned(),
            total,
            unit,
            done: Default::default(),
            finished: Default::default(),
        });
        lock(&self.tasks).push(state.clone());
        Box::new(Task(state))
    }

    fn note(&self, text: &str) {
        lock(&self.notes).push(text.to_owned());
    }
}

impl ProgressTask for Task {
    fn set_position(&self, done: u64) {
        self.0
            .done
            .fetch_max(done, std::sync::atomic::Ordering::Relaxed);
    }
    fn advance(&self, by: u64) {
        self.0
            .done
            .fetch_add(by, std::sync::atomic::Ordering::Relaxed);
    }
    fn finish(&self) {
        self.0
            .finished
            .store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

/// A lock that a panicked holder did not spoil (the data are counters and
/// slots that stay consistent).
pub(crate) fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl Polled {
    /// Calls `callback(tasks, notes)`: tasks as `(name, done, total, unit,
    /// finished)`, the notes since the last call.
    fn report(&self, callback: &Bound<'_, PyAny>) -> PyResult<()> {
        use std::sync::atomic::Ordering::Relaxed;
        let tasks: Vec<(String, u64, u64, &str, bool)> = lock(&self.tasks)
            .iter()
            .map(|t| {
                let unit = match t.unit {
                    Unit::Ticks => "ticks",
                    Unit::Members => "members",
                };
                let done = t.done.load(Relaxed).min(t.total);
                (
                    t.name.clone(),
                    done,
                    t.total,
                    unit,
                    t.finished.load(Relaxed),
                )
            })
            .collect();
        let notes = std::mem::take(&mut *lock(&self.notes));
        callback.call1((tasks, notes))?;
        Ok(())
    }
}

/// Runs `job` on a worker thread with the GIL released, watching for
/// Ctrl-C and reporting `progress` to `callback` (when given) every
/// [`POLL`] and once at the end. On Ctrl-C (or an exception of the
/// callback) `cancel` is raised, the job is waited for, and the exception
/// is returned.
pub fn run_in_background<T: Send>(
    py: Python<'_>,
    cancel: &CancelToken,
    progress: &Polled,
    callback: Option<&Bound<'_, PyAny>>,
    job: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let done = (Mutex::new(false), Condvar::new());
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let value = job();
            *lock(&done.0) = true;
            done.1.notify_all();
            value
        });
        let mut interrupted: Option<PyErr> = None;
        loop {
            let finished = py.detach(|| {
                let guard = lock(&done.0);
                let (guard, _) = done
                    .1
                    .wait_timeout_while(guard, POLL, |finished| !*finished)
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                *guard
            }) || worker.is_finished();
            if let Some(callback) = callback
                && let Err(e) = progress.report(callback)
                && interrupted.is_none()
            {
                cancel.cancel();
                interrupted = Some(e);
            }
            if interrupted.is_none()
                && let Err(e) = py.check_signals()
            {
                cancel.cancel();
                interrupted = Some(e);
            }
            if finished {
                break;
            }
        }
        let value = py.detach(|| worker.join());
        (value, interrupted)
    });
    match result {
        (_, Some(interrupt)) => Err(interrupt),
        (Ok(value), None) => Ok(value),
        (Err(payload), None) => Err(panicked(&*payload)),
    }
}
