//! `orbitai._orbitai`: the native half of the Python front. Thin adapters
//! over the `orbitai` facade: every entry point takes plain values, runs
//! the job with the GIL released (on a worker thread, while the calling
//! thread watches for Ctrl-C and draws progress), and returns the results
//! as the CSV and JSON texts the files would hold. The Python package
//! (`orbitai/__init__.py`) turns those into DataFrames and dicts.

mod background;
mod errors;
mod learner;
mod regress;
mod replay;
mod run;
mod sweep;
mod tools;

use pyo3::prelude::*;

/// The native module.
#[pymodule]
fn _orbitai(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<run::NativeRun>()?;
    m.add_function(wrap_pyfunction!(run::run, m)?)?;
    m.add_function(wrap_pyfunction!(tools::check, m)?)?;
    m.add_function(wrap_pyfunction!(tools::propagate, m)?)?;
    m.add_function(wrap_pyfunction!(tools::feature_names, m)?)?;
    m.add_function(wrap_pyfunction!(sweep::sweep, m)?)?;
    m.add_function(wrap_pyfunction!(replay::replay, m)?)?;
    m.add_function(wrap_pyfunction!(regress::baseline, m)?)?;
    m.add_function(wrap_pyfunction!(regress::regress, m)?)?;
    Ok(())
}
