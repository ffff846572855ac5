//! Field-path patterns of a sweep: a [`FieldPath`] in which `[*]` stands
//! for every element of a list (`spacecraft[*].craft.photodiodes.diodes[*].noise_sigma`),
//! resolved against a scenario in the serde data model (JSON), and the
//! edits a sweep makes there.

use std::fmt;
use std::str::FromStr;

use orbitai_astro::Epoch;
use serde_json::{Number, Value};

use crate::path::{FieldPath, Segment};

/// One step of a [`PathPattern`].
#[derive(Clone, Debug, PartialEq, Eq)]
enum Step {
    /// A struct field, map key or enum variant.
    Key(String),
    /// One list element.
    Index(usize),
    /// Every element of a list (`[*]`).
    All,
}

/// A field path that may contain `[*]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathPattern {
    text: String,
    steps: Vec<Step>,
}

impl fmt::Display for PathPattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl FromStr for PathPattern {
    type Err = String;

    /// Parses the [`FieldPath`] syntax plus `[*]`.
    fn from_str(text: &str) -> Result<Self, String> {
        let mut steps = Vec::new();
        for (k, part) in text.split("[*]").enumerate() {
            if k > 0 {
                steps.push(Step::All);
            }
            if part.is_empty() {
                continue;
            }
            // Parts after a `[*]` start with `.` or `[`: parse them after a
            // placeholder key, then drop it.
            let (parse, skip) = if k == 0 {
                (part.to_owned(), 0)
            } else {
                (format!("x{part}"), 1)
            };
            let path: FieldPath = parse.parse().map_err(|e: crate::path::PathParseError| {
                format!("invalid field path `{text}`: {}", e.reason)
            })?;
            for segment in &path.segments()[skip..] {
                steps.push(match segment {
                    Segment::Key(key) => Step::Key(key.clone()),
                    Segment::Index(i) => Step::Index(*i),
                });
            }
        }
        if steps.is_empty() {
            return Err("the field path is empty".into());
        }
        Ok(PathPattern {
            text: text.to_owned(),
            steps,
        })
    }
}

impl PathPattern {
    /// Every concrete path the pattern names in `root`, in document order;
    /// the error names the first step that does not exist.
    pub fn expand(&self, root: &Value) -> Result<Vec<FieldPath>, String> {
        let mut found = vec![(FieldPath::root(), root)];
        for step in &self.steps {
            let mut next = Vec::new();
            for (path, value) in found {
                match (step, value) {
                    (Step::Key(key), Value::Object(map)) => match map.get(key) {
                        Some(child) => next.push((path.key(key.clone()), child)),
                        None => {
                            let known: Vec<&str> = map.keys().map(String::as_str).collect();
                            return Err(format!(
                                "{}: no field `{key}` (there: {})",
                                shown(&path),
                                known.join(", ")
                            ));
                        }
                    },
                    (Step::Index(i), Value::Array(items)) => match items.get(*i) {
                        Some(child) => next.push((path.index(*i), child)),
                        None => {
                            return Err(format!(
                                "{}: index {i} but the list has {} element(s)",
                                shown(&path),
                                items.len()
                            ));
                        }
                    },
                    (Step::All, Value::Array(items)) => {
                        next.extend(
                            items
                                .iter()
                                .enumerate()
                                .map(|(i, child)| (path.clone().index(i), child)),
                        );
                    }
                    (step, value) => {
                        let wanted = match step {
                            Step::Key(key) => format!("field `{key}`"),
                            Step::Index(i) => format!("element [{i}]"),
                            Step::All => "elements `[*]`".into(),
                        };
                        return Err(format!(
                            "{}: is {}, so it has no {wanted}",
                            shown(&path),
                            kind(value)
                        ));
                    }
                }
            }
            found = next;
        }
        if found.is_empty() {
            return Err(format!("`{self}` matches nothing (an empty list)"));
        }
        Ok(found.into_iter().map(|(path, _)| path).collect())
    }
}

fn shown(path: &FieldPath) -> String {
    if path.is_root() {
        "the scenario".into()
    } else {
        format!("`{path}`")
    }
}

/// How a value is described in errors.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "unset (None; give it a value with `set` first)",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string or unit variant",
        Value::Array(_) => "a list",
        Value::Object(_) => "a struct or variant",
    }
}

/// The value at a concrete path (which [`PathPattern::expand`] produced).
pub fn get_mut<'a>(root: &'a mut Value, path: &FieldPath) -> Option<&'a mut Value> {
    let mut value = root;
    for segment in path.segments() {
        value = match segment {
            Segment::Key(key) => value.as_object_mut()?.get_mut(key)?,
            Segment::Index(i) => value.as_array_mut()?.get_mut(*i)?,
        };
    }
    Some(value)
}

/// How a drawn or listed value changes the field.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Apply {
    /// Replace the field's value (the default).
    #[default]
    Set,
    /// Add to a number, or add seconds to an epoch (an epoch offset).
    Add,
    /// Multiply a number.
    Scale,
}

/// Puts `new` into `field` according to `apply`.
pub fn apply(field: &mut Value, new: &Value, apply: Apply) -> Result<(), String> {
    if apply == Apply::Set {
        *field = match (&*field, new.as_f64()) {
            // An integral draw into an integer field stays an integer.
            (Value::Number(old), Some(x)) if !old.is_f64() => integral(x).unwrap_or(new.clone()),
            _ => new.clone(),
        };
        return Ok(());
    }
    let Some(x) = new.as_f64() else {
        return Err(format!("{apply:?} needs a number, got {new}"));
    };
    match &*field {
        Value::Number(old) => {
            let old_f = old.as_f64().unwrap_or(f64::NAN);
            let result = if apply == Apply::Add {
                old_f + x
            } else {
                old_f * x
            };
            let number = if old.is_f64() {
                Number::from_f64(result).map(Value::Number)
            } else {
                integral(result)
            };
            *field = number.ok_or_else(|| {
                format!("{apply:?} of {x} to {old} gives {result}, not a valid value here")
            })?;
            Ok(())
        }
        Value::String(text) if apply == Apply::Add => {
            let epoch = Epoch::parse_iso8601(text)
                .map_err(|_| format!("Add needs a number or an epoch, found the text {text:?}"))?;
            if !x.is_finite() || x.abs() > 1e11 {
                return Err(format!("epoch offset {x} s is out of range"));
            }
            *field = serde_json::to_value(epoch.add_seconds(x)).map_err(|e| e.to_string())?;
            Ok(())
        }
        other => Err(format!(
            "{apply:?} needs a number field, found {}",
            kind(other)
        )),
    }
}

/// `x` as a JSON integer if it is one.
fn integral(x: f64) -> Option<Value> {
    (x.fract() == 0.0 && x.abs() < 9.0e15).then(|| Value::Number((x as i64).into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "start": "2021-04-16T00:00:00Z",
            "seed": 3,
            "craft": [
                {"pd": [{"sigma": 0.1}, {"sigma": 0.2}], "mode": {"Spin": {"rate": [0.0, 0.1, 0.2]}}},
                {"pd": [], "mode": "Nadir"}
            ]
        })
    }

    #[test]
    fn wildcards_expand_in_document_order() {
        let p: PathPattern = "craft[*].pd[*].sigma".parse().unwrap();
        let found: Vec<String> = p
            .expand(&doc())
            .unwrap()
            .iter()
            .map(|p| p.to_string())
            .collect();
        assert_eq!(found, ["craft[0].pd[0].sigma", "craft[0].pd[1].sigma"]);
        let p: PathPattern = "craft[0].mode.Spin.rate[2]".parse().unwrap();
        assert_eq!(p.expand(&doc()).unwrap().len(), 1);
    }

    #[test]
    fn missing_steps_are_named() {
        let err = |text: &str| {
            text.parse::<PathPattern>()
                .unwrap()
                .expand(&doc())
                .unwrap_err()
        };
        assert_eq!(
            err("craft[0].pdx"),
            "`craft[0]`: no field `pdx` (there: mode, pd)"
        );
        assert_eq!(
            err("craft[5]"),
            "`craft`: index 5 but the list has 2 element(s)"
        );
        assert!(err("craft[1].mode.Spin").contains("is a string or unit variant"));
        assert!(err("craft[1].pd[*].sigma").contains("matches nothing"));
        assert!("a..b".parse::<PathPattern>().is_err());
        assert!("".parse::<PathPattern>().is_err());
    }

    #[test]
    fn set_add_scale() {
        let mut d = doc();
        let path: FieldPath = "seed".parse().unwrap();
        apply(get_mut(&mut d, &path).unwrap(), &json!(7.0), Apply::Set).unwrap();
        assert_eq!(d["seed"], json!(7));
        apply(get_mut(&mut d, &path).unwrap(), &json!(2.0), Apply::Scale).unwrap();
        assert_eq!(d["seed"], json!(14));
        apply(get_mut(&mut d, &path).unwrap(), &json!(0.5), Apply::Add).unwrap_err();
        let start: FieldPath = "start".parse().unwrap();
        apply(get_mut(&mut d, &start).unwrap(), &json!(90.5), Apply::Add).unwrap();
        assert_eq!(d["start"], json!("2021-04-16T00:01:30.500Z"));
        let sigma: FieldPath = "craft[0].pd[1].sigma".parse().unwrap();
        apply(get_mut(&mut d, &sigma).unwrap(), &json!(0.5), Apply::Add).unwrap();
        assert_eq!(d["craft"][0]["pd"][1]["sigma"], json!(0.7));
    }
}
