//! On-board learning of ESA OPS-SAT's OrbitAI experiment, bit-exact with flight.
//!
//! The crate reproduces the OrbitAI learning server as it flew in April–May 2021
//! (`shared/spec/orbitai-flight-learning.md`, "the spec" below) and, beside it, the
//! published algorithms, so that users can see what the flight quirks cost:
//!
//! - [`app_sample`]: the on-board app's checks, labeler and `%.2f` round trip (spec §1);
//! - [`features`]: the feature spaces 1D, 2D, 3D, 5D with their `%g`/`%f` round trips
//!   (spec §2), and user-defined spaces ([`CustomSpace`]);
//! - [`classifier`]: AROW, SCW, NHERD, PA/PA-I/PA-II, Adam and AdaGrad-RDA behind one
//!   [`Classifier`] trait, each in the [`Profile::Flight`] and [`Profile::Paper`] profiles
//!   (spec §3);
//! - [`ModelSet`]: every enabled algorithm × feature space trained in the flight order,
//!   with the flight run semantics (spec §4);
//! - [`Model::to_json`] / [`Model::from_json`]: versioned, human-readable model files;
//! - [`guest`]: learners of the user's own (e.g. river models from Python) trained
//!   beside the flight models on the same samples and scored the same way;
//! - [`metrics`]: confusion matrices, the ground-grid evaluation (spec §5) and
//!   progressive (predict-then-train) validation.
//!
//! Units: photodiode readings (`pd1..pd6`) are sun elevation angles in radians;
//! timestamps are Unix milliseconds (UTC). The crate does no I/O beyond
//! (de)serialisation.

mod algorithm;
mod app;
pub mod cfmt;
pub mod classifier;
mod expr;
mod feature_memo;
pub mod guest;
mod json_float;
mod label;
pub mod metrics;
mod model;
mod model_file;
mod model_set;
mod space;
pub mod special;

pub use algorithm::{Algorithm, ParseAlgorithmError};
pub use app::{AppChecks, Labeler, SkipReason, app_sample, app_sample_values};
pub use classifier::{
    AdamParams, ArowParams, Classifier, NherdParams, PaParams, PaVariant, RdaParams, ScwParams,
};
pub use expr::ExprError;
pub use guest::{GuestError, GuestLearner, GuestModel};
pub use label::{Label, Profile, Sample};
pub use model::{AnyClassifier, Hyperparameters, Model, ModelId};
pub use model_file::{FORMAT_VERSION, ModelFileError};
pub use model_set::{ModelSet, ModelSetConfig, ParseRunModeError, RunMode};
pub use space::{CustomFeature, CustomSpace, FeatureSpace, Features, SpaceError, features};
