//! A sweep given as JSON (a Python dict) written as the RON sweep file it
//! stands for, so that it is read, checked and recorded exactly as a file.
//!
//! The JSON is the serde data model of a sweep file (the mapping of
//! [`super::ron_to_json`]): the sweep's own fields as objects, a
//! distribution as `{"Normal": [0.0, 0.04]}`, `{"Choice": [a, b]}` or
//! `"UniformRotation"`, `apply` and `keep` as variant names. Values put
//! into the scenario (`set` values, grid values, `Choice` options) are
//! written so that they read back as the same JSON: lists as `[…]`,
//! objects as RON maps `{"k": v}`, `null` as `None`.

use std::fmt::Write;

use serde_json::Value;

/// The RON text of the sweep `json`; an error names the field at fault.
pub fn sweep_json_to_ron(json: &Value) -> Result<String, String> {
    let Value::Object(fields) = json else {
        return Err(format!(
            "a sweep is a dict of its fields, not {}",
            kind(json)
        ));
    };
    let mut text = String::from("Sweep(\n");
    for (name, value) in fields {
        let _ = write!(text, "    {name}: ");
        match name.as_str() {
            "keep" => variant(&mut text, value, name)?,
            "set" | "dispersions" | "grid" => {
                let Value::Array(entries) = value else {
                    return Err(format!("{name}: expected a list, got {}", kind(value)));
                };
                text.push('[');
                for (k, entry) in entries.iter().enumerate() {
                    if k > 0 {
                        text.push_str(", ");
                    }
                    entry_struct(&mut text, entry, &format!("{name}[{k}]"))?;
                }
                text.push(']');
            }
            _ => any(&mut text, value),
        }
        text.push_str(",\n");
    }
    text.push_str(")\n");
    Ok(text)
}

/// A `set`, `dispersions` or `grid` entry: a struct of typed fields.
fn entry_struct(text: &mut String, entry: &Value, at: &str) -> Result<(), String> {
    let Value::Object(fields) = entry else {
        return Err(format!("{at}: expected a dict, got {}", kind(entry)));
    };
    text.push('(');
    for (k, (name, value)) in fields.iter().enumerate() {
        if k > 0 {
            text.push_str(", ");
        }
        let _ = write!(text, "{name}: ");
        let here = format!("{at}.{name}");
        match name.as_str() {
            "dist" => distribution(text, value, &here)?,
            "apply" => variant(text, value, &here)?,
            _ => any(text, value),
        }
    }
    text.push(')');
    Ok(())
}

/// A distribution: a unit variant by name, `Choice` with its list of
/// options, or a variant with its parameters.
fn distribution(text: &mut String, value: &Value, at: &str) -> Result<(), String> {
    match value {
        Value::String(_) => variant(text, value, at),
        Value::Object(one) if one.len() == 1 => {
            let (name, payload) = one.iter().next().expect("one entry");
            identifier(name, at)?;
            text.push_str(name);
            text.push('(');
            match (name.as_str(), payload) {
                ("Choice", options) => any(text, options),
                (_, Value::Array(parameters)) => {
                    for (k, p) in parameters.iter().enumerate() {
                        if k > 0 {
                            text.push_str(", ");
                        }
                        any(text, p);
                    }
                }
                (_, parameter) => any(text, parameter),
            }
            text.push(')');
            Ok(())
        }
        other => Err(format!(
            "{at}: expected a distribution such as {{\"Normal\": [0.0, 1.0]}} or \"UniformRotation\", got {}",
            kind(other)
        )),
    }
}

/// A unit enum variant given by name (`"Add"`, `"Full"`).
fn variant(text: &mut String, value: &Value, at: &str) -> Result<(), String> {
    let Value::String(name) = value else {
        return Err(format!(
            "{at}: expected a variant name, got {}",
            kind(value)
        ));
    };
    identifier(name, at)?;
    text.push_str(name);
    Ok(())
}

/// Refuses a variant name that is not a RON identifier (it would change
/// the text's structure).
fn identifier(name: &str, at: &str) -> Result<(), String> {
    let ok = name.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!("{at}: {name:?} is not a variant name"))
    }
}

/// Any value, written to read back as the same JSON through
/// [`super::ron_to_json`].
fn any(text: &mut String, value: &Value) {
    match value {
        Value::Null => text.push_str("None"),
        Value::Bool(b) => {
            let _ = write!(text, "{b}");
        }
        Value::Number(n) => {
            let _ = write!(text, "{n}");
        }
        Value::String(s) => string(text, s),
        Value::Array(items) => {
            text.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    text.push_str(", ");
                }
                any(text, item);
            }
            text.push(']');
        }
        Value::Object(map) => {
            text.push('{');
            for (k, (key, item)) in map.iter().enumerate() {
                if k > 0 {
                    text.push_str(", ");
                }
                string(text, key);
                text.push_str(": ");
                any(text, item);
            }
            text.push('}');
        }
    }
}

/// A RON string literal.
fn string(text: &mut String, s: &str) {
    text.push('"');
    for c in s.chars() {
        match c {
            '"' => text.push_str("\\\""),
            '\\' => text.push_str("\\\\"),
            '\n' => text.push_str("\\n"),
            '\r' => text.push_str("\\r"),
            '\t' => text.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(text, "\\u{{{:x}}}", c as u32);
            }
            c => text.push(c),
        }
    }
    text.push('"');
}

/// What a value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "None",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a dict",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sweep::{Distribution, ron_to_json};

    fn small_sweep_json() -> Value {
        serde_json::json!({
            "name": "small",
            "base": "short-tumbling.ron",
            "members": 6,
            "seed": 5,
            "curve_every": 20,
            "keep": "Summary",
            "set": [{"path": "step_s", "value": 5.0}],
            "dispersions": [
                {"name": "attitude", "path": "spacecraft[0].craft.attitude.entries[0].mode.Spin.initial", "dist": "UniformRotation"},
                {"name": "rate_x", "path": "spacecraft[0].craft.attitude.entries[0].mode.Spin.rate_rad_s[0]", "dist": {"Normal": [0.0, 0.04]}},
                {"name": "offset_s", "path": "start", "also": ["experiments[0].runs[*].start"], "dist": {"Uniform": [0.0, 600.0]}, "apply": "Add"},
                {"path": "x", "dist": {"Choice": [{"Fixed": 3.0}, [1, 2], null, "a\"b"]}},
            ],
            "grid": [{"name": "noise", "path": "spacecraft[0].craft.photodiodes.diodes[*].noise_sigma", "values": [0.002, 0.02]}],
        })
    }

    #[test]
    fn a_sweep_dict_reads_as_the_sweep_file_it_stands_for() {
        let text = sweep_json_to_ron(&small_sweep_json()).unwrap();
        let sweep: crate::sweep::Sweep =
            crate::load(&text, "dict").unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(sweep.name, "small");
        assert_eq!(sweep.members, 6);
        assert_eq!(sweep.set[0].path, "step_s");
        assert_eq!(
            ron_to_json(sweep.set[0].value.get_ron()).unwrap(),
            serde_json::json!(5.0)
        );
        assert!(matches!(
            sweep.dispersions[0].dist,
            Distribution::UniformRotation
        ));
        assert!(
            matches!(sweep.dispersions[1].dist, Distribution::Normal(m, s) if m == 0.0 && s == 0.04)
        );
        assert_eq!(sweep.dispersions[2].apply, crate::sweep::Apply::Add);
        let Distribution::Choice(options) = &sweep.dispersions[3].dist else {
            panic!("a choice")
        };
        let back: Vec<Value> = options
            .iter()
            .map(|o| ron_to_json(o.get_ron()).unwrap())
            .collect();
        assert_eq!(
            back,
            [
                serde_json::json!({"Fixed": 3.0}),
                serde_json::json!([1, 2]),
                Value::Null,
                serde_json::json!("a\"b")
            ]
        );
        assert_eq!(sweep.grid[0].values.len(), 2);
    }

    #[test]
    fn wrong_shapes_name_their_field() {
        let mut json = small_sweep_json();
        json["dispersions"][1]["dist"] = serde_json::json!(3);
        assert!(
            sweep_json_to_ron(&json)
                .unwrap_err()
                .starts_with("dispersions[1].dist: expected a distribution")
        );
        json["dispersions"][1]["dist"] = serde_json::json!({"Normal(1) x": [0]});
        assert!(
            sweep_json_to_ron(&json)
                .unwrap_err()
                .contains("is not a variant name")
        );
        let mut json = small_sweep_json();
        json["set"] = serde_json::json!({});
        assert_eq!(
            sweep_json_to_ron(&json).unwrap_err(),
            "set: expected a list, got a dict"
        );
        assert!(sweep_json_to_ron(&serde_json::json!([1])).is_err());
        // An unknown field is written as is and refused by the reader, by path.
        let mut json = small_sweep_json();
        json["memebrs"] = serde_json::json!(3);
        let text = sweep_json_to_ron(&json).unwrap();
        let error = crate::load::<crate::sweep::Sweep>(&text, "dict").unwrap_err();
        assert!(error.to_string().contains("memebrs"), "{error}");
    }
}
