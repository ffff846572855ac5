//! Configuration errors: what a scenario file can get wrong about a
//! spacecraft. Runtime numbers never error (bad numbers are clamped or give a
//! missing reading); only building a model from its configuration does.

use thiserror::Error;

/// A spacecraft configuration that cannot be turned into a model.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum ConfigError {
    /// A number is out of its allowed range (or not finite).
    #[error("{field}: {value} is not allowed ({expected})")]
    OutOfRange {
        /// The offending field, as a path (e.g. `photodiodes[2].gain`).
        field: String,
        /// The value given.
        value: f64,
        /// What is allowed, in words.
        expected: &'static str,
    },
    /// A vector that must be a direction has zero length or non-finite
    /// components.
    #[error("{field}: {value:?} is not a usable direction (zero or non-finite)")]
    BadDirection {
        /// The offending field.
        field: String,
        /// The vector given.
        value: [f64; 3],
    },
    /// A quaternion with zero or non-finite norm.
    #[error("{field}: {value:?} is not a usable quaternion (zero or non-finite norm)")]
    BadQuaternion {
        /// The offending field.
        field: String,
        /// The quaternion given, scalar first.
        value: [f64; 4],
    },
    /// A name refers to nothing (a face, a diode, a telemetry source).
    #[error("{field}: unknown name {name:?} (known: {known})")]
    UnknownName {
        /// The offending field.
        field: String,
        /// The name given.
        name: String,
        /// The names that would have been accepted, comma separated.
        known: String,
    },
    /// Two items share a name that must be unique.
    #[error("{field}: duplicate name {name:?}")]
    DuplicateName {
        /// The offending field.
        field: String,
        /// The repeated name.
        name: String,
    },
    /// A list that must not be empty, or a list in the wrong order.
    #[error("{field}: {reason}")]
    BadList {
        /// The offending field.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

/// Checks that `value` is finite and in `[min, max]`.
pub(crate) fn check_range(
    field: impl FnOnce() -> String,
    value: f64,
    min: f64,
    max: f64,
    expected: &'static str,
) -> Result<f64, ConfigError> {
    if value.is_finite() && value >= min && value <= max {
        Ok(value)
    } else {
        Err(ConfigError::OutOfRange {
            field: field(),
            value,
            expected,
        })
    }
}

/// Checks that `value` is finite and ≥ 0.
pub(crate) fn check_non_negative(
    field: impl FnOnce() -> String,
    value: f64,
) -> Result<f64, ConfigError> {
    check_range(field, value, 0.0, f64::MAX, "finite and ≥ 0")
}
