//! RON values of a sweep file (`set` values, `Choice` options, grid values)
//! turned into the serde data model as JSON, so that they can be put at a
//! field path of a scenario whose type this module does not know.
//!
//! The mapping is serde's (externally tagged enums, transparent `Some`),
//! the one `serde_json` uses when the scenario is converted to JSON:
//!
//! | RON | JSON |
//! |---|---|
//! | `1`, `-2.5`, `"text"`, `'c'`, `true` | `1`, `-2.5`, `"text"`, `"c"`, `true` |
//! | `None`, `()` | `null` |
//! | `Some(x)` | `x` |
//! | `[a, b]`, `(a, b)` (list, tuple) | `[a, b]` |
//! | `(x: 1, y: 2)` (struct) | `{"x": 1, "y": 2}` |
//! | `{"k": v}` (map) | `{"k": v}` |
//! | `Nadir` (unit variant) | `"Nadir"` |
//! | `Fixed(3.0)` (newtype variant) | `{"Fixed": 3.0}` |
//! | `Uniform(0, 1)` (tuple variant) | `{"Uniform": [0, 1]}` |
//! | `Spin(rate_rad_s: (0, 0, 0.1))` (struct variant) | `{"Spin": {"rate_rad_s": [0, 0, 0.1]}}` |
//!
//! A name before parentheses is always read as an enum variant, so write
//! structs without their name (`(x: 1)`, not `Point(x: 1)`), as the
//! bundled scenarios do. Non-finite numbers (`inf`, `NaN`) are refused:
//! no scenario field accepts them.

use serde_json::{Map, Number, Value};

use crate::lexer::{Delim, Token, TokenKind, tokenize};

/// Converts one RON value (the text of a `ron::value::RawValue`) to JSON;
/// the error says what is wrong and where (byte offset in `text`).
pub fn ron_to_json(text: &str) -> Result<Value, String> {
    let tokens = tokenize(text);
    let mut parser = Parser {
        text,
        tokens: &tokens,
        pos: 0,
    };
    let value = parser.value(0)?;
    if let Some(extra) = parser.peek() {
        return Err(format!(
            "unexpected `{}` after the value",
            &text[extra.start..extra.end]
        ));
    }
    Ok(value)
}

/// Deepest nesting accepted (sweep values are small).
const MAX_DEPTH: usize = 64;

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn next(&mut self) -> Result<Token, String> {
        let token = self.peek().ok_or("unexpected end of the value")?;
        self.pos += 1;
        Ok(token)
    }

    fn slice(&self, token: Token) -> &str {
        &self.text[token.start..token.end]
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("value nested too deeply".into());
        }
        let token = self.next()?;
        match token.kind {
            TokenKind::Number => number(self.slice(token)),
            TokenKind::Str | TokenKind::Char => {
                let text = self.slice(token);
                let parsed = if token.kind == TokenKind::Str {
                    ron::from_str::<String>(text)
                } else {
                    ron::from_str::<char>(text).map(String::from)
                };
                parsed
                    .map(Value::String)
                    .map_err(|e| format!("bad string {text}: {e}"))
            }
            TokenKind::Ident => self.after_ident(token, depth),
            TokenKind::Open(Delim::Paren) => self.parenthesised(depth),
            TokenKind::Open(Delim::Bracket) => {
                let items = self.items(Delim::Bracket, depth)?;
                unnamed(items, "a list").map(Value::Array)
            }
            TokenKind::Open(Delim::Brace) => self.map(depth),
            _ => Err(format!("unexpected `{}`", self.slice(token))),
        }
    }

    fn after_ident(&mut self, ident: Token, depth: usize) -> Result<Value, String> {
        let name = self.slice(ident).trim_start_matches("r#").to_owned();
        let opens = self
            .peek()
            .is_some_and(|t| t.kind == TokenKind::Open(Delim::Paren));
        match (name.as_str(), opens) {
            ("true", false) => Ok(Value::Bool(true)),
            ("false", false) => Ok(Value::Bool(false)),
            ("None", false) => Ok(Value::Null),
            ("inf" | "NaN", false) => Err(format!("`{name}` is not a finite number")),
            (_, false) => Ok(Value::String(name)),
            ("Some", true) => {
                self.pos += 1;
                let mut items = unnamed(self.items(Delim::Paren, depth)?, "`Some(…)`")?;
                if items.len() != 1 {
                    return Err("`Some(…)` takes exactly one value".into());
                }
                Ok(items.remove(0))
            }
            (_, true) => {
                self.pos += 1;
                let items = self.items(Delim::Paren, depth)?;
                let payload = match items.first() {
                    Some(Item::Named(..)) => named(items)?,
                    _ => {
                        let mut values = unnamed(items, "a variant's fields")?;
                        if values.len() == 1 {
                            values.remove(0)
                        } else {
                            Value::Array(values)
                        }
                    }
                };
                Ok(Value::Object(Map::from_iter([(name, payload)])))
            }
        }
    }

    fn parenthesised(&mut self, depth: usize) -> Result<Value, String> {
        let items = self.items(Delim::Paren, depth)?;
        match items.first() {
            None => Ok(Value::Null),
            Some(Item::Named(..)) => named(items),
            Some(Item::Value(_)) => unnamed(items, "a tuple").map(Value::Array),
        }
    }

    fn map(&mut self, depth: usize) -> Result<Value, String> {
        let mut object = Map::new();
        loop {
            if self.close(Delim::Brace)? {
                return Ok(Value::Object(object));
            }
            let key = match self.value(depth + 1)? {
                Value::String(s) => s,
                Value::Number(n) => n.to_string(),
                other => return Err(format!("map key {other} is not a string or number")),
            };
            self.expect(TokenKind::Colon, "`:` after a map key")?;
            let value = self.value(depth + 1)?;
            object.insert(key, value);
            self.comma_or_close(Delim::Brace)?;
        }
    }

    /// Items up to the closing `delim` (the opening one is consumed).
    fn items(&mut self, delim: Delim, depth: usize) -> Result<Vec<Item>, String> {
        let mut items = Vec::new();
        loop {
            if self.close(delim)? {
                return Ok(items);
            }
            let is_field = self.peek().is_some_and(|t| t.kind == TokenKind::Ident)
                && self
                    .tokens
                    .get(self.pos + 1)
                    .is_some_and(|t| t.kind == TokenKind::Colon);
            if is_field {
                let name = self.next()?;
                let name = self.slice(name).trim_start_matches("r#").to_owned();
                self.pos += 1;
                items.push(Item::Named(name, self.value(depth + 1)?));
            } else {
                items.push(Item::Value(self.value(depth + 1)?));
            }
            self.comma_or_close(delim)?;
        }
    }

    /// Consumes the closing `delim` if it is next.
    fn close(&mut self, delim: Delim) -> Result<bool, String> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Close(delim) => {
                self.pos += 1;
                Ok(true)
            }
            Some(_) => Ok(false),
            None => Err("unclosed bracket".into()),
        }
    }

    /// After an item: a comma, or the closing bracket (left for `close`).
    fn comma_or_close(&mut self, delim: Delim) -> Result<(), String> {
        match self.peek() {
            Some(t) if t.kind == TokenKind::Comma => {
                self.pos += 1;
                Ok(())
            }
            Some(t) if t.kind == TokenKind::Close(delim) => Ok(()),
            Some(t) => Err(format!(
                "expected `,` or a closing bracket, found `{}`",
                self.slice(t)
            )),
            None => Err("unclosed bracket".into()),
        }
    }

    fn expect(&mut self, kind: TokenKind, what: &str) -> Result<(), String> {
        let token = self.next()?;
        if token.kind == kind {
            Ok(())
        } else {
            Err(format!("expected {what}, found `{}`", self.slice(token)))
        }
    }
}

/// An element inside brackets: `name: value` or a bare value.
enum Item {
    Named(String, Value),
    Value(Value),
}

fn named(items: Vec<Item>) -> Result<Value, String> {
    let mut object = Map::new();
    for item in items {
        match item {
            Item::Named(name, value) => {
                if object.insert(name.clone(), value).is_some() {
                    return Err(format!("field `{name}` given twice"));
                }
            }
            Item::Value(_) => return Err("mixed named and unnamed fields".into()),
        }
    }
    Ok(Value::Object(object))
}

fn unnamed(items: Vec<Item>, what: &str) -> Result<Vec<Value>, String> {
    items
        .into_iter()
        .map(|item| match item {
            Item::Value(value) => Ok(value),
            Item::Named(name, _) => Err(format!("unexpected field `{name}:` in {what}")),
        })
        .collect()
}

/// A RON number as JSON: integers stay integers.
fn number(text: &str) -> Result<Value, String> {
    let clean = text.replace('_', "");
    if let Ok(i) = clean.parse::<i64>() {
        return Ok(Value::Number(i.into()));
    }
    if let Ok(u) = clean.parse::<u64>() {
        return Ok(Value::Number(u.into()));
    }
    let float: f64 = ron::from_str(text).map_err(|e| format!("bad number `{text}`: {e}"))?;
    Number::from_f64(float)
        .map(Value::Number)
        .ok_or_else(|| format!("`{text}` is not a finite number"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars() {
        assert_eq!(ron_to_json("1").unwrap(), json!(1));
        assert_eq!(ron_to_json("-2.5").unwrap(), json!(-2.5));
        assert_eq!(ron_to_json("1e-3").unwrap(), json!(0.001));
        assert_eq!(ron_to_json("\"a\\\"b\"").unwrap(), json!("a\"b"));
        assert_eq!(ron_to_json("'c'").unwrap(), json!("c"));
        assert_eq!(ron_to_json("true").unwrap(), json!(true));
        assert_eq!(ron_to_json("None").unwrap(), Value::Null);
        assert_eq!(ron_to_json("Some(3)").unwrap(), json!(3));
        assert_eq!(ron_to_json("Cylindrical").unwrap(), json!("Cylindrical"));
    }

    #[test]
    fn compounds_follow_serde_external_tagging() {
        assert_eq!(ron_to_json("[1, 2,]").unwrap(), json!([1, 2]));
        assert_eq!(
            ron_to_json("(1.0, 0, 0, 0)").unwrap(),
            json!([1.0, 0, 0, 0])
        );
        assert_eq!(
            ron_to_json("(x: 1, y: [true])").unwrap(),
            json!({"x": 1, "y": [true]})
        );
        assert_eq!(ron_to_json("{\"k\": 2}").unwrap(), json!({"k": 2}));
        assert_eq!(ron_to_json("Fixed(3.0)").unwrap(), json!({"Fixed": 3.0}));
        assert_eq!(
            ron_to_json("Uniform(0, 1)").unwrap(),
            json!({"Uniform": [0, 1]})
        );
        assert_eq!(
            ron_to_json("Spin(initial: None, rate_rad_s: (0.0, 0.0, 0.1))").unwrap(),
            json!({"Spin": {"initial": null, "rate_rad_s": [0.0, 0.0, 0.1]}})
        );
    }

    #[test]
    fn bad_values_are_errors_not_panics() {
        for bad in [
            "",
            "(",
            "[1 2]",
            "(x: 1, 2)",
            "inf",
            "NaN",
            "1.5.5",
            "Some(1, 2)",
            "{1: }",
            "(a: 1, a: 2)",
            "[1] 2",
        ] {
            assert!(ron_to_json(bad).is_err(), "{bad:?} should fail");
        }
        let deep = "[".repeat(100) + &"]".repeat(100);
        assert!(ron_to_json(&deep).unwrap_err().contains("deeply"));
    }
}
