//! [`load`]: RON text to a typed value, with errors that name file, line,
//! column and field path.

use serde::de::DeserializeOwned;

use crate::diagnostic::Diagnostic;
use crate::lexer;
use crate::location::{LineIndex, Location};
use crate::path::FieldPath;
use crate::source_map::{Resolved, SourceMap};

/// The ron options every file is read with (and that writers should use so
/// files round-trip):
///
/// - `implicit_some`: an `Option` field is written as its value (`seed: 7`);
///   `Some(7)` still works and `None` means absent.
/// - `unwrap_newtypes`: a newtype struct (`Seconds(f64)`) is written as its
///   content (`5.0`).
/// - `unwrap_variant_newtypes`: a newtype variant holding a struct is
///   written like a struct variant, `Inertial(q: …)` rather than
///   `Inertial((q: …))`.
///
/// Struct names are optional (`(a: 1)` or `Name(a: 1)`; a wrong name is an
/// error). A file may enable more extensions with `#![enable(…)]`. The
/// nesting depth is limited to ron's default of 128, so that no input can
/// overflow the stack.
pub fn ron_options() -> ron::Options {
    use ron::extensions::Extensions;
    ron::Options::default().with_default_extension(
        Extensions::IMPLICIT_SOME
            | Extensions::UNWRAP_NEWTYPES
            | Extensions::UNWRAP_VARIANT_NEWTYPES,
    )
}

/// What kind of mistake a [`LoadError`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LoadErrorKind {
    /// Not valid RON (or not UTF-8): unbalanced brackets, missing comma,
    /// unterminated string, trailing characters, nesting too deep, ….
    Syntax,
    /// A field the type does not have (types use `deny_unknown_fields`).
    UnknownField,
    /// A required field is absent.
    MissingField,
    /// A field is given twice.
    DuplicateField,
    /// An enum variant the type does not have.
    UnknownVariant,
    /// A value of the wrong type, out of range for its type, of the wrong
    /// length, or a wrong struct name.
    InvalidValue,
    /// A message from a type's own `Deserialize` impl (e.g. an epoch that
    /// does not parse).
    Custom,
}

/// A document that could not be turned into the requested type.
///
/// Displays on one line: `FILE:LINE:COL: FIELD.PATH: message`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{diagnostic}")]
pub struct LoadError {
    /// Where and what.
    pub diagnostic: Diagnostic,
    /// The category of the mistake.
    pub kind: LoadErrorKind,
}

/// Parses `text` (RON, read with [`ron_options`]) into a `T`.
///
/// `origin` names the text in errors (usually the file path). Syntax and
/// data errors both become a [`LoadError`] located at the offending token
/// and naming the field path (`a.b[2].c`) of the value concerned. Never
/// panics, whatever the input.
///
/// ```
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// #[serde(deny_unknown_fields)]
/// struct Pd { noise_sigma: f64 }
///
/// let text = "[(noise_sigma: 0.1), (noise_sigma: \"a\")]";
/// let err = orbitai_scenario::load::<Vec<Pd>>(text, "x.ron").err().unwrap();
/// assert_eq!(err.to_string(), "x.ron:1:36: [1].noise_sigma: expected float, found `\"a\"`");
/// ```
pub fn load<T: DeserializeOwned>(text: &str, origin: &str) -> Result<T, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let options = ron_options();
    let mut deserializer = match ron::Deserializer::from_str_with_options(text, &options) {
        Ok(deserializer) => deserializer,
        Err(error) => return Err(locate_error(text, origin, FieldPath::root(), error)),
    };
    match serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        Ok(value) => match deserializer.end() {
            Ok(()) => Ok(value),
            Err(code) => {
                let error = deserializer.span_error(code);
                Err(locate_error(text, origin, FieldPath::root(), error))
            }
        },
        Err(error) => {
            let path = FieldPath::from_serde(error.path());
            let error = deserializer.span_error(error.into_inner());
            Err(locate_error(text, origin, path, error))
        }
    }
}

/// The error for bytes that are not UTF-8, at the first invalid byte.
pub(crate) fn utf8_error(bytes: &[u8], error: std::str::Utf8Error, origin: &str) -> LoadError {
    // The prefix is valid by definition; `unwrap_or` only avoids a panic path.
    let valid = std::str::from_utf8(&bytes[..error.valid_up_to()]).unwrap_or("");
    let location = LineIndex::new(valid).location(valid, valid.len());
    LoadError {
        diagnostic: Diagnostic {
            origin: origin.to_owned(),
            location,
            path: FieldPath::root(),
            message: format!(
                "invalid UTF-8 (byte {} of the file)",
                error.valid_up_to() + 1
            ),
        },
        kind: LoadErrorKind::Syntax,
    }
}

/// Places a ron error. ron's span runs from the start of the last token
/// its parser consumed to where the parser stood. For an "expected …"
/// error the parser stood at the offending token (the span's end); for
/// the others the span's start is the offending token, but a data error
/// can start on the digits after a sign or come after a whole struct. The
/// source map knows where the value at the error's path starts. So:
/// - a missing field is reported where its struct starts (the path's value);
/// - a position inside a scalar snaps to the scalar's start;
/// - a data error that ron places after the path's value, at the value;
/// - an unclosed block comment where it opens;
/// - otherwise ron's position (after skipping whitespace and comments),
///   e.g. an unknown field at its name or a syntax error where it occurs.
fn locate_error(
    text: &str,
    origin: &str,
    path: FieldPath,
    error: ron::error::SpannedError,
) -> LoadError {
    let kind = classify(&error.code);
    let map = SourceMap::without_bom(text);
    let ron_position = if stops_before_offending_token(&error.code) {
        error.span.end
    } else {
        error.span.start
    };
    let ron_location = Location {
        line: ron_position.line,
        column: ron_position.col,
    };
    let ron_offset = match error.code {
        ron::Error::UnclosedBlockComment => lexer::unclosed_block_comment(text),
        _ => None,
    }
    .unwrap_or_else(|| lexer::skip_trivia(text, map.line_index().offset(text, ron_location)));
    let exact = map
        .resolve(&path)
        .filter(|r| r.matched == path.segments().len());
    if let Some(error) = split_number(
        text,
        origin,
        &map,
        &path,
        exact.as_ref(),
        &error.code,
        ron_offset,
    ) {
        return error;
    }
    let offset = match exact {
        Some(value) if is_about_whole_value(&error.code) => value.start,
        Some(value) if kind != LoadErrorKind::Syntax && ron_offset > value.end => value.start,
        Some(value) if value.is_leaf && (value.start..=value.end).contains(&ron_offset) => {
            value.start
        }
        _ => ron_offset,
    };
    let mut message = message(&error.code);
    if quotes_found_token(&error.code) {
        message.push_str(", found ");
        message.push_str(&describe_token(text, offset));
    }
    LoadError {
        diagnostic: Diagnostic {
            origin: origin.to_owned(),
            location: map.location(offset),
            path,
            message,
        },
        kind,
    }
}

/// Errors about a container as a whole, placed where it starts (like the
/// path they name) rather than at its closing bracket where ron stops.
fn is_about_whole_value(code: &ron::Error) -> bool {
    matches!(
        code,
        ron::Error::MissingStructField { .. } | ron::Error::ExpectedDifferentLength { .. }
    )
}

/// ron reads an integer field's `2.5` (or `1e3`) as `2` and then trips on
/// `.5` with "expected comma". When ron stops strictly inside what is one
/// number token, report that the number is not an integer, at the number
/// and with the path of the value it is (the child of the error's path
/// that contains it).
fn split_number(
    text: &str,
    origin: &str,
    map: &SourceMap,
    path: &FieldPath,
    parent: Option<&Resolved>,
    code: &ron::Error,
    ron_offset: usize,
) -> Option<LoadError> {
    use ron::Error as E;
    let after_value = matches!(
        code,
        E::ExpectedComma
            | E::ExpectedArrayEnd
            | E::ExpectedStructLikeEnd
            | E::ExpectedMapEnd
            | E::ExpectedOptionEnd
            | E::TrailingCharacters
    );
    if !after_value {
        return None;
    }
    let number = lexer::tokenize(text)
        .into_iter()
        .find(|t| t.start < ron_offset && ron_offset < t.end)
        .filter(|t| t.kind == lexer::TokenKind::Number)?;
    let mut path = path.clone();
    if let Some(segment) = parent.and_then(|parent| map.child_containing(parent, number.start)) {
        path = FieldPath::from_segments([path.segments(), &[segment]].concat());
    }
    Some(LoadError {
        diagnostic: Diagnostic {
            origin: origin.to_owned(),
            location: map.location(number.start),
            path,
            message: format!(
                "expected integer, found {}",
                describe_token(text, number.start)
            ),
        },
        kind: LoadErrorKind::InvalidValue,
    })
}

/// ron's message, shortened for missing and duplicate fields and starting
/// in lower case (it follows a `path: ` prefix, like validation messages).
/// Messages of `Deserialize` impls are kept verbatim.
fn message(code: &ron::Error) -> String {
    let in_outer = |outer: &Option<String>| match outer {
        Some(outer) => format!(" in `{outer}`"),
        None => String::new(),
    };
    match code {
        ron::Error::Message(message) => message.clone(),
        ron::Error::MissingStructField { field, outer } => {
            format!("missing field `{field}`{}", in_outer(outer))
        }
        ron::Error::DuplicateStructField { field, outer } => {
            format!("duplicate field `{field}`{}", in_outer(outer))
        }
        code => {
            let mut message = code.to_string();
            lowercase_first(&mut message);
            message
        }
    }
}

/// Whether ron reports this error on peeking at a token that is not what
/// it expected, so that the span ends (rather than starts) at the culprit.
fn stops_before_offending_token(code: &ron::Error) -> bool {
    use ron::Error as E;
    matches!(
        code,
        E::ExpectedArray
            | E::ExpectedArrayEnd
            | E::ExpectedBoolean
            | E::ExpectedComma
            | E::ExpectedChar
            | E::ExpectedByteLiteral
            | E::ExpectedFloat
            | E::ExpectedInteger
            | E::ExpectedOption
            | E::ExpectedOptionEnd
            | E::ExpectedMap
            | E::ExpectedMapColon
            | E::ExpectedMapEnd
            | E::ExpectedStructLike
            | E::ExpectedNamedStructLike(_)
            | E::ExpectedStructLikeEnd
            | E::ExpectedUnit
            | E::ExpectedString
            | E::ExpectedByteString
            | E::ExpectedIdentifier
    )
}

/// Whether the message reads better followed by the token found there
/// ("expected float, found `\"a\"`").
fn quotes_found_token(code: &ron::Error) -> bool {
    stops_before_offending_token(code)
        || matches!(
            code,
            ron::Error::IntegerOutOfBounds
                | ron::Error::InvalidIntegerDigit { .. }
                | ron::Error::TrailingCharacters
        )
}

fn classify(code: &ron::Error) -> LoadErrorKind {
    use ron::Error as E;
    match code {
        E::NoSuchStructField { .. } => LoadErrorKind::UnknownField,
        E::MissingStructField { .. } => LoadErrorKind::MissingField,
        E::DuplicateStructField { .. } => LoadErrorKind::DuplicateField,
        E::NoSuchEnumVariant { .. } => LoadErrorKind::UnknownVariant,
        E::Message(_) => LoadErrorKind::Custom,
        E::InvalidValueForType { .. }
        | E::ExpectedDifferentLength { .. }
        | E::IntegerOutOfBounds
        | E::InvalidIntegerDigit { .. }
        | E::ExpectedDifferentStructName { .. }
        | E::ExpectedStructName(_)
        | E::ExpectedArray
        | E::ExpectedBoolean
        | E::ExpectedChar
        | E::ExpectedByteLiteral
        | E::ExpectedFloat
        | E::ExpectedInteger
        | E::ExpectedOption
        | E::ExpectedMap
        | E::ExpectedStructLike
        | E::ExpectedNamedStructLike(_)
        | E::ExpectedUnit
        | E::ExpectedString
        | E::ExpectedByteString
        | E::ExpectedRawValue
        | E::ExpectedRangeSyntax => LoadErrorKind::InvalidValue,
        _ => LoadErrorKind::Syntax,
    }
}

/// The token at `offset` quoted for a message, shortened and kept on one
/// line; "end of file" past the last token.
fn describe_token(text: &str, offset: usize) -> String {
    const MAX_CHARS: usize = 24;
    let Some(token) = lexer::next_token(text, offset) else {
        return "end of file".to_owned();
    };
    let token_text = &text[token.start..token.end];
    let mut shown: String = token_text.chars().take(MAX_CHARS).collect();
    if shown.len() < token_text.len() {
        shown.push('…');
    }
    let shown = shown
        .replace('\n', "\\n")
        .replace('\r', "\\r")
        .replace('\t', "\\t");
    format!("`{shown}`")
}

/// ron's messages start with a capital ("Expected float"); ours continue a
/// `path: ` prefix, like the validation messages.
fn lowercase_first(message: &mut String) {
    let mut chars = message.chars();
    if let (Some(first), Some(second)) = (chars.next(), chars.next())
        && first.is_uppercase()
        && !second.is_uppercase()
    {
        let lower: String = first.to_lowercase().collect();
        message.replace_range(..first.len_utf8(), &lower);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercases_only_ordinary_words() {
        for (input, expected) in [
            ("Expected float", "expected float"),
            ("UTC x", "UTC x"),
            ("", ""),
            ("É", "É"),
        ] {
            let mut message = input.to_owned();
            lowercase_first(&mut message);
            assert_eq!(message, expected);
        }
    }

    #[test]
    fn describes_tokens_briefly() {
        assert_eq!(describe_token("x: \"a\"", 3), "`\"a\"`");
        assert_eq!(describe_token("x", 1), "end of file");
        assert_eq!(describe_token("\"line\nbreak\"", 0), "`\"line\\nbreak\"`");
        let long = format!("\"{}\"", "a".repeat(40));
        assert_eq!(describe_token(&long, 0), format!("`\"{}…`", "a".repeat(23)));
    }
}
