//! Loading and validating whole documents and files: what
//! `orbitai check FILE...` and `orbitai run` use.

use serde::de::DeserializeOwned;

use crate::load::{LoadError, load, utf8_error};
use crate::path::Path;
use crate::validate::{Problems, Validate, ValidationError};

/// Why a scenario (or sweep) file cannot be used.
///
/// Display gives the complete report for the file: one line for a read or
/// load error, every problem and a count line for a validation error.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioFileError {
    /// The file could not be read.
    #[error("{origin}: cannot read: {source}")]
    Read {
        /// The file's path as given.
        origin: String,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The text is not valid RON for the type (the first error only:
    /// parsing cannot go on after it).
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The document parsed but breaks rules; every problem is listed.
    #[error(transparent)]
    Invalid(#[from] ValidationError),
}

impl ScenarioFileError {
    /// The file (or label) the error is about.
    pub fn origin(&self) -> &str {
        match self {
            Self::Read { origin, .. } => origin,
            Self::Load(error) => &error.diagnostic.origin,
            Self::Invalid(error) => &error.origin,
        }
    }

    /// How many problems the error reports (at least 1).
    pub fn problem_count(&self) -> usize {
        match self {
            Self::Read { .. } | Self::Load(_) => 1,
            Self::Invalid(error) => error.problems.len(),
        }
    }
}

/// [`load`]s `text` as a `T`, then [`Validate`]s it from the root and
/// places every problem in `text`.
pub fn load_and_validate<T>(text: &str, origin: &str) -> Result<T, ScenarioFileError>
where
    T: DeserializeOwned + Validate,
{
    let value: T = load(text, origin)?;
    let mut problems = Problems::new();
    value.validate(&Path::root(), &mut problems);
    problems.into_result(origin, text)?;
    Ok(value)
}

/// Reads the file at `path` and [`load_and_validate`]s it; errors name the
/// file as `path` displays. Bytes that are not UTF-8 are a load error at
/// the first bad byte.
pub fn from_file<T>(path: impl AsRef<std::path::Path>) -> Result<T, ScenarioFileError>
where
    T: DeserializeOwned + Validate,
{
    let path = path.as_ref();
    let origin = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| ScenarioFileError::Read {
        origin: origin.clone(),
        source,
    })?;
    let text = std::str::from_utf8(&bytes).map_err(|error| utf8_error(&bytes, error, &origin))?;
    load_and_validate(text, &origin)
}
