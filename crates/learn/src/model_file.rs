//! Model files: versioned, human-readable JSON.
//!
//! ```json
//! {
//!   "format_version": 1,
//!   "algorithm": "arow",
//!   "feature_space": { "name": "3D", "dimension": 3 },
//!   "profile": "flight",
//!   "hyperparameters": { "r": 0.8, "bias": false },
//!   "state": { "mean": [ … ], "cov": [ … ] },
//!   "samples_trained": 3854,
//!   "updates": 1234
//! }
//! ```
//!
//! Pretty-printed by serde_json. Numbers are written in their shortest round-trip form and
//! read back exactly (serde_json's `float_roundtrip`), so save → load → save is
//! byte-identical. Non-finite numbers, which flight PA models do contain, are written as
//! the strings `"NaN"`, `"inf"` and `"-inf"`. Custom feature spaces add
//! `"features": [{"name": …, "expr": …}, …]` to `feature_space`. State fields by algorithm:
//! `w`, `m`, `v`, `t` (Adam); `w`, `h`, `g`, `t` (RDA); `mean`, `cov` (AROW, SCW, NHERD;
//! `cov` is an array for a diagonal covariance, an array of rows for a full one); `w` (PA).

use crate::algorithm::Algorithm;
use crate::classifier::{
    Adam, AdamParams, AdamState, Arow, ArowParams, CwState, Nherd, NherdParams, Pa, PaParams,
    PaState, PaVariant, Rda, RdaParams, RdaState, Scw, ScwParams,
};
use crate::label::Profile;
use crate::model::{AnyClassifier, Hyperparameters, Model};
use crate::space::{CustomSpace, FeatureSpace};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The model file format version this build writes and reads.
pub const FORMAT_VERSION: u64 = 1;

const FIELDS: [&str; 8] = [
    "format_version",
    "algorithm",
    "feature_space",
    "profile",
    "hyperparameters",
    "state",
    "samples_trained",
    "updates",
];

/// Why a model file could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelFileError {
    /// Not JSON at all (the message gives line and column).
    #[error("model file is not valid JSON: {0}")]
    Json(#[source] serde_json::Error),
    /// Valid JSON, but not an object.
    #[error("model file is not a JSON object")]
    NotAnObject,
    /// A file of another format version.
    #[error(
        "model file has format_version {found}; this build reads format_version {FORMAT_VERSION}"
    )]
    UnsupportedVersion {
        /// The version found, as written.
        found: String,
    },
    /// A missing, unknown or invalid field.
    #[error("model file field `{field}`: {reason}")]
    Field {
        /// The field, e.g. `state.mean`.
        field: String,
        /// What is wrong with it.
        reason: String,
    },
}

fn field_error(field: &str, reason: impl Into<String>) -> ModelFileError {
    ModelFileError::Field {
        field: field.to_string(),
        reason: reason.into(),
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SpaceFile {
    name: String,
    dimension: usize,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    features: Option<Vec<FeatureFile>>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureFile {
    name: String,
    expr: String,
}

#[derive(Serialize)]
#[serde(untagged)]
enum ParamsRef<'a> {
    Adam(&'a AdamParams),
    Rda(&'a RdaParams),
    Arow(&'a ArowParams),
    Scw(&'a ScwParams),
    Nherd(&'a NherdParams),
    Pa(&'a PaParams),
}

#[derive(Serialize)]
#[serde(untagged)]
enum StateRef<'a> {
    Adam(&'a AdamState),
    Rda(&'a RdaState),
    Cw(&'a CwState),
    Pa(&'a PaState),
}

#[derive(Serialize)]
struct FileOut<'a> {
    format_version: u64,
    algorithm: Algorithm,
    feature_space: SpaceFile,
    profile: Profile,
    hyperparameters: ParamsRef<'a>,
    state: StateRef<'a>,
    samples_trained: u64,
    updates: u64,
}

impl Model {
    /// The model file text (pretty-printed JSON, ending with a newline).
    pub fn to_json(&self) -> String {
        let hp = &self.hyperparameters;
        let (params, state) = match &self.classifier {
            AnyClassifier::Adam(c) => (ParamsRef::Adam(c.params()), StateRef::Adam(c.state())),
            AnyClassifier::Rda(c) => (ParamsRef::Rda(c.params()), StateRef::Rda(c.state())),
            AnyClassifier::Arow(c) => (ParamsRef::Arow(c.params()), StateRef::Cw(c.state())),
            AnyClassifier::Scw(c) => (ParamsRef::Scw(c.params()), StateRef::Cw(c.state())),
            AnyClassifier::Nherd(c) => (ParamsRef::Nherd(c.params()), StateRef::Cw(c.state())),
            AnyClassifier::Pa(c) => (
                ParamsRef::Pa(match c.variant() {
                    PaVariant::Pa => &hp.pa,
                    PaVariant::Pa1 => &hp.pa1,
                    PaVariant::Pa2 => &hp.pa2,
                }),
                StateRef::Pa(c.state()),
            ),
        };
        let features = match &self.space {
            FeatureSpace::Custom(c) => Some(
                c.features()
                    .iter()
                    .map(|f| FeatureFile {
                        name: f.name.clone(),
                        expr: f.expr.clone(),
                    })
                    .collect(),
            ),
            _ => None,
        };
        let out = FileOut {
            format_version: FORMAT_VERSION,
            algorithm: self.algorithm,
            feature_space: SpaceFile {
                name: self.space.name().to_string(),
                dimension: self.space.dimension(),
                features,
            },
            profile: self.profile,
            hyperparameters: params,
            state,
            samples_trained: self.samples_trained,
            updates: self.updates,
        };
        // Serialising plain structs of numbers and strings cannot fail.
        let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Loads a model file. Another `format_version`, corrupt JSON, or a missing, unknown or
    /// inconsistent field is an error that names the field.
    pub fn from_json(text: &str) -> Result<Model, ModelFileError> {
        let value: Value = serde_json::from_str(text).map_err(ModelFileError::Json)?;
        let Value::Object(mut obj) = value else {
            return Err(ModelFileError::NotAnObject);
        };
        match obj.get("format_version") {
            None => return Err(field_error("format_version", "missing")),
            Some(Value::Number(n)) if n.as_u64() == Some(FORMAT_VERSION) => {}
            Some(other) => {
                return Err(ModelFileError::UnsupportedVersion {
                    found: other.to_string(),
                });
            }
        }
        if let Some(unknown) = obj.keys().find(|k| !FIELDS.contains(&k.as_str())) {
            return Err(field_error(unknown, "unknown field"));
        }
        let algorithm: Algorithm = take(&mut obj, "algorithm")?;
        let space = load_space(take(&mut obj, "feature_space")?)?;
        let profile: Profile = take(&mut obj, "profile")?;
        let samples_trained: u64 = take(&mut obj, "samples_trained")?;
        let updates: u64 = take(&mut obj, "updates")?;
        if updates > samples_trained {
            return Err(field_error("updates", "more updates than samples_trained"));
        }
        let hp_value = take::<Value>(&mut obj, "hyperparameters")?;
        let state_value = take::<Value>(&mut obj, "state")?;
        let dim = space.dimension();
        let mut hp = Hyperparameters::default();
        let classifier = match algorithm {
            Algorithm::Adam => {
                hp.adam = parse(hp_value, "hyperparameters")?;
                let s: AdamState = parse(state_value, "state")?;
                let d = internal(dim, hp.adam.bias, profile);
                check_lens(&[("w", s.w.len()), ("m", s.m.len()), ("v", s.v.len())], d)?;
                Adam::from_state(dim, hp.adam, profile, s).map(AnyClassifier::Adam)
            }
            Algorithm::Rda => {
                hp.rda = parse(hp_value, "hyperparameters")?;
                let s: RdaState = parse(state_value, "state")?;
                let d = internal(dim, hp.rda.bias, profile);
                check_lens(&[("w", s.w.len()), ("h", s.h.len()), ("g", s.g.len())], d)?;
                Rda::from_state(dim, hp.rda, profile, s).map(AnyClassifier::Rda)
            }
            Algorithm::Arow => {
                hp.arow = parse(hp_value, "hyperparameters")?;
                let s = cw_state(
                    state_value,
                    internal(dim, hp.arow.bias, profile),
                    profile,
                    false,
                )?;
                Arow::from_state(dim, hp.arow, profile, s).map(AnyClassifier::Arow)
            }
            Algorithm::Scw => {
                hp.scw = parse(hp_value, "hyperparameters")?;
                let s = cw_state(
                    state_value,
                    internal(dim, hp.scw.bias, profile),
                    profile,
                    false,
                )?;
                Scw::from_state(dim, hp.scw, profile, s).map(AnyClassifier::Scw)
            }
            Algorithm::Nherd => {
                hp.nherd = parse(hp_value, "hyperparameters")?;
                let d = internal(dim, hp.nherd.bias, profile);
                let s = cw_state(state_value, d, profile, hp.nherd.diagonal)?;
                Nherd::from_state(dim, hp.nherd, profile, s).map(AnyClassifier::Nherd)
            }
            Algorithm::Pa | Algorithm::Pa1 | Algorithm::Pa2 => {
                let (variant, slot) = match algorithm {
                    Algorithm::Pa => (PaVariant::Pa, &mut hp.pa),
                    Algorithm::Pa1 => (PaVariant::Pa1, &mut hp.pa1),
                    _ => (PaVariant::Pa2, &mut hp.pa2),
                };
                *slot = parse(hp_value, "hyperparameters")?;
                let params = *slot;
                let s: PaState = parse(state_value, "state")?;
                check_lens(&[("w", s.w.len())], internal(dim, params.bias, profile))?;
                Pa::from_state(dim, variant, params, profile, s).map(AnyClassifier::Pa)
            }
        }
        .ok_or_else(|| field_error("state", "does not fit the feature space"))?;
        Ok(Model {
            algorithm,
            space,
            samples_trained,
            updates,
            profile,
            hyperparameters: hp,
            classifier,
        })
    }
}

fn take<T: DeserializeOwned>(obj: &mut Map<String, Value>, key: &str) -> Result<T, ModelFileError> {
    let v = obj.remove(key).ok_or_else(|| field_error(key, "missing"))?;
    parse(v, key)
}

fn parse<T: DeserializeOwned>(v: Value, field: &str) -> Result<T, ModelFileError> {
    serde_json::from_value(v).map_err(|e| field_error(field, e.to_string()))
}

fn internal(dim: usize, bias: bool, profile: Profile) -> usize {
    dim + usize::from(bias && profile == Profile::Paper)
}

fn check_lens(fields: &[(&str, usize)], expected: usize) -> Result<(), ModelFileError> {
    for &(name, len) in fields {
        if len != expected {
            return Err(field_error(
                &format!("state.{name}"),
                format!("has {len} values; the feature space needs {expected}"),
            ));
        }
    }
    Ok(())
}

/// A confidence-weighted state of internal dimension `d`; the covariance is full in the
/// paper profile (except NHERD's diagonal variant) and diagonal in flight.
fn cw_state(
    v: Value,
    d: usize,
    profile: Profile,
    diagonal: bool,
) -> Result<CwState, ModelFileError> {
    let s: CwState = parse(v, "state")?;
    check_lens(&[("mean", s.mean.len())], d)?;
    let want_full = profile == Profile::Paper && !diagonal;
    if s.cov.is_full() != want_full {
        let form = if want_full {
            "a full matrix (array of rows)"
        } else {
            "a diagonal (array)"
        };
        return Err(field_error(
            "state.cov",
            format!("must be {form} for this model"),
        ));
    }
    if !s.cov.has_dimension(d) {
        return Err(field_error("state.cov", format!("must have dimension {d}")));
    }
    Ok(s)
}

fn load_space(f: SpaceFile) -> Result<FeatureSpace, ModelFileError> {
    let space = match f.features {
        None => FeatureSpace::flight(&f.name).ok_or_else(|| {
            field_error(
                "feature_space.name",
                format!("unknown flight space {:?}", f.name),
            )
        })?,
        Some(features) => {
            let pairs: Vec<(&str, &str)> = features
                .iter()
                .map(|x| (x.name.as_str(), x.expr.as_str()))
                .collect();
            let c = CustomSpace::new(&f.name, &pairs)
                .map_err(|e| field_error("feature_space.features", e.to_string()))?;
            FeatureSpace::Custom(c)
        }
    };
    if space.dimension() != f.dimension {
        return Err(field_error(
            "feature_space.dimension",
            format!(
                "is {}, but space {} has {}",
                f.dimension,
                space.name(),
                space.dimension()
            ),
        ));
    }
    Ok(space)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::{Label, Sample};

    fn trained(algorithm: Algorithm, profile: Profile) -> Model {
        let mut m = Model::new(
            algorithm,
            FeatureSpace::D5,
            profile,
            &Hyperparameters::default(),
        );
        for i in 0..30u8 {
            let p = f32::from(i) / 20.0;
            let s = Sample {
                timestamp_ms: 0,
                pd: [p, 0.0, 0.3, p, 0.1, p],
                label: Label::from_bool_on(i % 3 == 0),
            };
            m.train(&s);
        }
        m
    }

    #[test]
    fn round_trip_is_byte_identical_including_nan() {
        for profile in [Profile::Flight, Profile::Paper] {
            for a in Algorithm::FLIGHT_ORDER {
                let m = trained(a, profile);
                let text = m.to_json();
                let back = Model::from_json(&text).unwrap();
                assert_eq!(back.to_json(), text, "{a} {profile}");
            }
        }
        let pa = trained(Algorithm::Pa, Profile::Flight);
        assert!(
            pa.to_json().contains("\"NaN\""),
            "flight PA 5D with zero inputs has NaN weights"
        );
    }

    #[test]
    fn file_layout_is_as_documented() {
        let m = Model::new(
            Algorithm::Arow,
            FeatureSpace::D1,
            Profile::Flight,
            &Hyperparameters::default(),
        );
        let expected = r#"{
  "format_version": 1,
  "algorithm": "arow",
  "feature_space": {
    "name": "1D",
    "dimension": 1
  },
  "profile": "flight",
  "hyperparameters": {
    "r": 0.8,
    "bias": false
  },
  "state": {
    "mean": [
      0.0
    ],
    "cov": [
      1.0
    ]
  },
  "samples_trained": 0,
  "updates": 0
}
"#;
        assert_eq!(m.to_json(), expected);
    }

    fn err(text: &str) -> String {
        Model::from_json(text).unwrap_err().to_string()
    }

    #[test]
    fn bad_files_give_errors_naming_the_field() {
        let good = trained(Algorithm::Arow, Profile::Flight).to_json();
        assert!(err("{ nope").contains("not valid JSON"));
        assert!(err("[1]").contains("not a JSON object"));
        assert!(
            err(&good.replace("\"format_version\": 1", "\"format_version\": 2"))
                .contains("format_version 2")
        );
        assert!(err(&good.replace("\"format_version\": 1,", "")).contains("`format_version`"));
        assert!(
            err(&good.replace("\"algorithm\": \"arow\"", "\"algorithm\": \"svm\""))
                .contains("`algorithm`")
        );
        assert!(err(&good.replace("\"updates\"", "\"upd\"")).contains("`upd`: unknown field"));
        assert!(err(&good.replace("\"r\": 0.8", "\"r\": \"x\"")).contains("`hyperparameters`"));
        assert!(
            err(&good.replace("\"dimension\": 5", "\"dimension\": 4"))
                .contains("`feature_space.dimension`")
        );
        assert!(err(&good.replace("\"mean\"", "\"w\"")).contains("`state`"));
        let short = Model::from_json(&good).unwrap();
        let mut text = short.to_json();
        let start = text.find("\"mean\": [").unwrap() + "\"mean\": [".len();
        let end = start + text[start..].find(',').unwrap() + 1;
        text.replace_range(start..end, "");
        assert!(
            err(&text).contains("`state.mean`: has 4 values"),
            "{}",
            err(&text)
        );
    }
}
