//! A Python object with river's interface (`predict_one(x: dict)`,
//! `learn_one(x: dict, y)`) as an `orbitai` guest learner. Each call takes
//! the GIL (from the simulation's worker thread); `x` maps the feature
//! names of the learner's space to floats, `y` is `True` for "camera may
//! be ON" and `False` for OFF.

use std::sync::{Arc, Mutex};

use orbitai::learn::{GuestError, GuestLearner, Label};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyString};

use crate::background::lock;

/// What the Python side keeps of a learner during and after the run: the
/// object (replaced by its `clone()` when a `Train` run restarts it) and
/// the first exception it raised.
pub struct Shared {
    /// The learner object.
    pub object: Mutex<Py<PyAny>>,
    /// Its first exception, re-raised as the cause of `LearnerError`.
    pub error: Mutex<Option<PyErr>>,
}

/// The guest learner.
pub struct PyLearner {
    shared: Arc<Shared>,
    /// The feature names, as Python strings made once.
    names: Vec<Py<PyString>>,
}

impl PyLearner {
    /// A learner for `object`, whose features are named `names`.
    pub fn new(py: Python<'_>, object: Py<PyAny>, names: &[String]) -> (Self, Arc<Shared>) {
        let shared = Arc::new(Shared {
            object: Mutex::new(object),
            error: Mutex::new(None),
        });
        let names = names
            .iter()
            .map(|n| PyString::intern(py, n).unbind())
            .collect();
        (
            PyLearner {
                shared: shared.clone(),
                names,
            },
            shared,
        )
    }

    /// Runs `f` with the GIL, the object and the features of `x` as a dict;
    /// a Python exception is kept and becomes the guest's error.
    fn call<T>(
        &self,
        x: Option<&[f64]>,
        f: impl FnOnce(&Bound<'_, PyAny>, Option<&Bound<'_, PyDict>>) -> PyResult<T>,
    ) -> Result<T, GuestError> {
        Python::attach(|py| {
            let object = lock(&self.shared.object).clone_ref(py);
            let object = object.bind(py);
            let result = match x {
                Some(x) => self.features(py, x).and_then(|d| f(object, Some(&d))),
                None => f(object, None),
            };
            result.map_err(|e| self.keep(py, e))
        })
    }

    /// `x` as a dict of feature name → float.
    fn features<'py>(&self, py: Python<'py>, x: &[f64]) -> PyResult<Bound<'py, PyDict>> {
        let dict = PyDict::new(py);
        for (name, value) in self.names.iter().zip(x) {
            dict.set_item(name.bind(py), *value)?;
        }
        Ok(dict)
    }

    /// Keeps the first exception; returns its text as the guest's error.
    fn keep(&self, py: Python<'_>, error: PyErr) -> GuestError {
        let text = error.to_string();
        let mut slot = lock(&self.shared.error);
        if slot.is_none() {
            *slot = Some(error.clone_ref(py));
        }
        GuestError(text)
    }
}

/// A prediction as a label: `True`/`1` ON; `False`/`0`/`-1` OFF; `None`
/// (river's "no prediction yet", e.g. an empty Hoeffding tree) OFF, as an
/// untrained flight model predicts.
fn label_of(value: &Bound<'_, PyAny>) -> PyResult<Label> {
    if value.is_none() {
        return Ok(Label::Off);
    }
    if let Ok(b) = value.extract::<bool>() {
        return Ok(Label::from_bool_on(b));
    }
    match value.extract::<i64>() {
        Ok(1) => Ok(Label::On),
        Ok(0 | -1) => Ok(Label::Off),
        _ => Err(pyo3::exceptions::PyTypeError::new_err(format!(
            "predict_one returned {}; expected True (camera may be ON), False (OFF), 1, 0, -1 or None",
            value.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
    }
}

fn y_of(py: Python<'_>, y: Label) -> Bound<'_, PyBool> {
    PyBool::new(py, y == Label::On).to_owned()
}

impl GuestLearner for PyLearner {
    fn predict_one(&mut self, x: &[f64]) -> Result<Label, GuestError> {
        self.call(Some(x), |object, x| {
            label_of(&object.call_method1("predict_one", (x,))?)
        })
    }

    fn learn_one(&mut self, x: &[f64], y: Label) -> Result<(), GuestError> {
        self.call(Some(x), |object, x| {
            object.call_method1("learn_one", (x, y_of(object.py(), y)))?;
            Ok(())
        })
    }

    fn predict_then_learn(&mut self, x: &[f64], y: Label) -> Result<Label, GuestError> {
        self.call(Some(x), |object, x| {
            let predicted = label_of(&object.call_method1("predict_one", (x,))?)?;
            object.call_method1("learn_one", (x, y_of(object.py(), y)))?;
            Ok(predicted)
        })
    }

    fn predict_many(&mut self, xs: &[Vec<f64>]) -> Result<Vec<Label>, GuestError> {
        self.call(None, |object, _| {
            let py = object.py();
            xs.iter()
                .map(|x| {
                    let dict = self.features(py, x)?;
                    label_of(&object.call_method1("predict_one", (dict,))?)
                })
                .collect()
        })
    }

    /// river models restart as `clone()`: a fresh copy with the same
    /// parameters (objects without `clone` go on learning).
    fn reset(&mut self) -> Result<(), GuestError> {
        let fresh = self.call(None, |object, _| {
            if object.hasattr("clone")? {
                Ok(Some(object.call_method0("clone")?.unbind()))
            } else {
                Ok(None)
            }
        })?;
        if let Some(fresh) = fresh {
            *lock(&self.shared.object) = fresh;
        }
        Ok(())
    }
}
