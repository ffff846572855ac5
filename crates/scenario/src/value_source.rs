//! Scenarios that are values rather than files: a `Scenario` built in
//! code, or JSON text in the serde data model of a scenario file (a
//! Python dict, a sweep member). Both go through RON text and
//! [`scenario_from_text`], so a value is checked exactly as a file is and
//! the text written next to the outputs re-runs it.

use std::path::Path as FsPath;

use crate::diagnostic::Diagnostic;
use crate::file::ScenarioFileError;
use crate::load::{LoadError, LoadErrorKind, ron_options};
use crate::location::Location;
use crate::path::FieldPath;
use crate::scenario::{LoadedScenario, Scenario, scenario_from_text};

/// The scenario as RON text (pretty, with the extensions scenario files
/// are read with: an `Option` written as its value, newtypes unwrapped),
/// ending in a newline.
pub fn scenario_to_ron(scenario: &Scenario) -> String {
    let mut text = ron_options()
        .to_string_pretty(scenario, ron::ser::PrettyConfig::default())
        .expect("a scenario serialises to RON");
    text.push('\n');
    text
}

/// Reads a scenario from JSON in the serde data model of scenario files
/// (structs as objects, enum variants as `{"Variant": payload}` or
/// `"Variant"`, an `Option` as its value or `null`), then validates and
/// resolves it as [`scenario_from_text`] does; relative paths start from
/// `base`. A data error names the field path (`spacecraft[0].tle`) and
/// the JSON line and column; validation problems are placed in the RON
/// text the value becomes.
pub fn scenario_from_json(
    json: &str,
    origin: &str,
    base: &FsPath,
) -> Result<LoadedScenario, ScenarioFileError> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let scenario: Scenario = match serde_path_to_error::deserialize(&mut deserializer) {
        Ok(scenario) => scenario,
        Err(error) => {
            let path = FieldPath::from_serde(error.path());
            return Err(json_error(origin, path, &error.into_inner()).into());
        }
    };
    if let Err(error) = deserializer.end() {
        return Err(json_error(origin, FieldPath::root(), &error).into());
    }
    scenario_from_text(&scenario_to_ron(&scenario), origin, base)
}

/// A serde_json error as a located [`LoadError`].
fn json_error(origin: &str, path: FieldPath, error: &serde_json::Error) -> LoadError {
    let text = error.to_string();
    // serde_json appends " at line L column C"; the location says it.
    let message = match text.rfind(" at line ") {
        Some(at) if error.line() > 0 => text[..at].to_owned(),
        _ => text,
    };
    let kind = if error.is_syntax() || error.is_eof() {
        LoadErrorKind::Syntax
    } else if message.starts_with("unknown field") {
        LoadErrorKind::UnknownField
    } else if message.starts_with("missing field") {
        LoadErrorKind::MissingField
    } else if message.starts_with("duplicate field") {
        LoadErrorKind::DuplicateField
    } else if message.starts_with("unknown variant") {
        LoadErrorKind::UnknownVariant
    } else if message.starts_with("invalid") {
        LoadErrorKind::InvalidValue
    } else {
        LoadErrorKind::Custom
    };
    LoadError {
        diagnostic: Diagnostic {
            origin: origin.to_owned(),
            location: Location {
                line: error.line().max(1),
                column: error.column().max(1),
            },
            path,
            message,
        },
        kind,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bundled() -> LoadedScenario {
        crate::scenario::load_scenario(FsPath::new("../../scenarios/tumbling.ron")).unwrap()
    }

    #[test]
    fn a_scenario_round_trips_through_json() {
        let loaded = bundled();
        let json = serde_json::to_string(&loaded.scenario).unwrap();
        let again = scenario_from_json(&json, "dict", FsPath::new("../../scenarios")).unwrap();
        assert_eq!(again.scenario, loaded.scenario);
        assert_eq!(again.origin, "dict");
        assert_eq!(again.text, scenario_to_ron(&loaded.scenario));
    }

    #[test]
    fn a_bad_field_names_its_path() {
        let loaded = bundled();
        let mut json = serde_json::to_value(&loaded.scenario).unwrap();
        json["spacecraft"][0]["craft"]["photodiodes"]["diodes"][2]["noise_sigma"] = "high".into();
        let text = serde_json::to_string_pretty(&json).unwrap();
        let error = scenario_from_json(&text, "dict", FsPath::new("../../scenarios")).unwrap_err();
        let ScenarioFileError::Load(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(
            error.diagnostic.path.to_string(),
            "spacecraft[0].craft.photodiodes.diodes[2].noise_sigma"
        );
        assert_eq!(error.kind, LoadErrorKind::InvalidValue);
        assert!(error.diagnostic.location.line > 1);
        assert!(!error.diagnostic.message.contains(" at line "), "{error}");

        json["spacecraft"][0]["craft"]["photodiodes"]["diodes"][2]["noise_sigma"] = 0.01.into();
        json["duratoin_s"] = 5.into();
        let text = serde_json::to_string(&json).unwrap();
        let error = scenario_from_json(&text, "dict", FsPath::new(".")).unwrap_err();
        assert!(
            error.to_string().contains("unknown field `duratoin_s`"),
            "{error}"
        );
    }

    #[test]
    fn validation_problems_name_their_path() {
        let loaded = bundled();
        let mut json = serde_json::to_value(&loaded.scenario).unwrap();
        json["duration_s"] = (-5.0).into();
        let text = serde_json::to_string(&json).unwrap();
        let error = scenario_from_json(&text, "dict", FsPath::new("../../scenarios")).unwrap_err();
        let ScenarioFileError::Invalid(error) = error else {
            panic!("{error:?}")
        };
        assert_eq!(error.problems[0].path.to_string(), "duration_s");
    }
}
