//! A forgiving RON tokenizer for the [`SourceMap`](crate::SourceMap) and for
//! quoting the offending token in load errors.
//!
//! It only needs token *boundaries*, not values, so it never fails: an
//! unterminated string or comment runs to the end of the text and an
//! unexpected character becomes a one-character [`TokenKind::Other`].
//! It follows ron 0.12's lexical rules: ron's whitespace set, nested block
//! comments, raw strings `r#"…"#`, byte strings, raw identifiers `r#name`,
//! signed numbers and `inf`/`NaN`.

/// A bracket kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Delim {
    /// `( )`: structs, tuples, enum payloads, `Some(…)`.
    Paren,
    /// `[ ]`: lists.
    Bracket,
    /// `{ }`: maps.
    Brace,
}

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Open(Delim),
    Close(Delim),
    Comma,
    Colon,
    /// An identifier (field name, variant, `true`, `Some`), raw or not.
    Ident,
    /// A string or byte string, raw or not.
    Str,
    /// A character or byte literal.
    Char,
    /// A number, including `inf`, `NaN` with a sign.
    Number,
    /// Anything else (e.g. the `#` and `!` of `#![enable(…)]`).
    Other,
}

/// A token: its kind and byte range in the text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

/// ron's whitespace characters (`ron::parse::is_whitespace_char`).
pub(crate) fn is_whitespace(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\n'
            | '\r'
            | '\x0B'
            | '\x0C'
            | '\u{85}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

fn is_ident_start(c: char) -> bool {
    c == '_' || c.is_alphabetic()
}

fn is_ident_continue(c: char) -> bool {
    c == '_' || c.is_alphanumeric()
}

/// Characters ron allows in raw identifiers `r#…`.
fn is_raw_ident_char(c: char) -> bool {
    matches!(c, '.' | '+' | '-') || is_ident_continue(c)
}

/// Splits `text` into tokens, skipping whitespace and comments.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut pos = 0;
    loop {
        pos = skip_trivia(text, pos);
        match next_token(text, pos) {
            Some(token) => {
                pos = token.end;
                tokens.push(token);
            }
            None => return tokens,
        }
    }
}

/// The first offset at or after `pos` that is not whitespace or comment.
pub(crate) fn skip_trivia(text: &str, mut pos: usize) -> usize {
    while let Some((len, _)) = trivia_at(&text[pos..]) {
        pos += len;
    }
    pos
}

/// Where the first block comment that is never closed opens, if any.
pub(crate) fn unclosed_block_comment(text: &str) -> Option<usize> {
    let mut pos = 0;
    loop {
        match trivia_at(&text[pos..]) {
            Some((_, true)) => return Some(pos),
            Some((len, false)) => pos += len,
            None => pos = next_token(text, pos)?.end,
        }
    }
}

/// If `rest` starts with a whitespace character or a comment: its length,
/// and whether it is a block comment left unclosed (it then runs to the
/// end of the text).
fn trivia_at(rest: &str) -> Option<(usize, bool)> {
    let c = rest.chars().next()?;
    if is_whitespace(c) {
        Some((c.len_utf8(), false))
    } else if rest.starts_with("//") {
        Some((rest.find('\n').unwrap_or(rest.len()), false))
    } else if rest.starts_with("/*") {
        Some(block_comment_len(rest).map_or((rest.len(), true), |len| (len, false)))
    } else {
        None
    }
}

/// Length of the (nested) block comment at the start of `rest`, or `None`
/// if it is never closed.
fn block_comment_len(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

/// The token starting exactly at `pos` (which must be a char boundary and
/// not in whitespace), or `None` at the end of the text.
pub(crate) fn next_token(text: &str, pos: usize) -> Option<Token> {
    let rest = &text[pos..];
    let c = rest.chars().next()?;
    let (kind, len) = match c {
        '(' => (TokenKind::Open(Delim::Paren), 1),
        '[' => (TokenKind::Open(Delim::Bracket), 1),
        '{' => (TokenKind::Open(Delim::Brace), 1),
        ')' => (TokenKind::Close(Delim::Paren), 1),
        ']' => (TokenKind::Close(Delim::Bracket), 1),
        '}' => (TokenKind::Close(Delim::Brace), 1),
        ',' => (TokenKind::Comma, 1),
        ':' => (TokenKind::Colon, 1),
        '"' => (TokenKind::Str, 1 + quoted_len(&rest[1..], '"')),
        '\'' => (TokenKind::Char, 1 + char_literal_len(&rest[1..])),
        'b' if rest[1..].starts_with('"') => (TokenKind::Str, 2 + quoted_len(&rest[2..], '"')),
        'b' if rest[1..].starts_with('\'') => (TokenKind::Char, 2 + char_literal_len(&rest[2..])),
        'b' if rest[1..].starts_with('r') && raw_string_len(&rest[2..]).is_some() => {
            (TokenKind::Str, 2 + raw_string_len(&rest[2..]).unwrap_or(0))
        }
        'r' if raw_string_len(&rest[1..]).is_some() => {
            (TokenKind::Str, 1 + raw_string_len(&rest[1..]).unwrap_or(0))
        }
        'r' if rest[1..].starts_with('#')
            && rest[2..].chars().next().is_some_and(is_raw_ident_char) =>
        {
            (
                TokenKind::Ident,
                2 + prefix_len(&rest[2..], is_raw_ident_char),
            )
        }
        c if c.is_ascii_digit() => (TokenKind::Number, number_len(rest)),
        '+' | '-' | '.'
            if rest[1..]
                .chars()
                .next()
                .is_some_and(|d| d == '.' || d.is_alphanumeric()) =>
        {
            (TokenKind::Number, 1 + number_len(&rest[1..]))
        }
        c if is_ident_start(c) => (TokenKind::Ident, prefix_len(rest, is_ident_continue)),
        c => (TokenKind::Other, c.len_utf8()),
    };
    Some(Token {
        kind,
        start: pos,
        end: pos + len,
    })
}

/// Byte length of the longest prefix whose chars satisfy `pred`.
fn prefix_len(s: &str, pred: impl Fn(char) -> bool) -> usize {
    s.find(|c: char| !pred(c)).unwrap_or(s.len())
}

/// Length of a quoted body up to and including the closing `quote`
/// (backslash escapes skip the next char); the whole rest if unterminated.
fn quoted_len(body: &str, quote: char) -> usize {
    let mut chars = body.char_indices();
    while let Some((i, c)) = chars.next() {
        if c == '\\' {
            chars.next();
        } else if c == quote {
            return i + c.len_utf8();
        }
    }
    body.len()
}

/// Length of a char literal body after the opening `'`: one char or one
/// escape, then the closing `'` if present (a stray `'` stays short so a
/// typo cannot swallow the rest of the line).
fn char_literal_len(body: &str) -> usize {
    let mut len = match body.chars().next() {
        None => return 0,
        Some('\\') => {
            let after = &body[1..];
            match after.chars().next() {
                None => 1,
                Some('u') if after[1..].starts_with('{') => {
                    1 + after.find('}').map_or(after.len(), |close| close + 1)
                }
                Some(c) => 1 + c.len_utf8(),
            }
        }
        Some(c) => c.len_utf8(),
    };
    if body[len..].starts_with('\'') {
        len += 1;
    }
    len
}

/// If `after_r` (the text after an `r`) starts a raw string `#*"`, the
/// length of the rest of the raw string including its closing `"#*`.
fn raw_string_len(after_r: &str) -> Option<usize> {
    let hashes = prefix_len(after_r, |c| c == '#');
    if !after_r[hashes..].starts_with('"') {
        return None;
    }
    let body = &after_r[hashes + 1..];
    let closing: String = std::iter::once('"')
        .chain(std::iter::repeat_n('#', hashes))
        .collect();
    let body_len = body
        .find(&closing)
        .map_or(body.len(), |i| i + closing.len());
    Some(hashes + 1 + body_len)
}

/// Length of a number (after any sign): digits, letters (hex digits,
/// `inf`, `NaN`, type suffixes like `u8`), `_`, `.`, and an exponent sign.
fn number_len(s: &str) -> usize {
    let hex = s.starts_with("0x") || s.starts_with("0X");
    let mut prev = '\0';
    let mut len = 0;
    for c in s.chars() {
        let exponent_sign = matches!(c, '+' | '-') && matches!(prev, 'e' | 'E') && !hex;
        if !(c.is_alphanumeric() || c == '_' || c == '.' || exponent_sign) {
            break;
        }
        prev = c;
        len += c.len_utf8();
    }
    len
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(text: &str) -> Vec<(TokenKind, &str)> {
        tokenize(text)
            .into_iter()
            .map(|t| (t.kind, &text[t.start..t.end]))
            .collect()
    }

    #[test]
    fn tokens_of_a_small_document() {
        use TokenKind::*;
        let text = r##"Foo(a: [1, -2.5e-3, +inf], /* x /* nested */ ( */ b: "s,)\"]", // ]
            c: r#"raw "quoted" ]"#, d: 'x', e: '\'', f: r#type, g: b"by", h: 0x1F_u8)"##;
        let got = kinds_and_texts(text);
        let expected = vec![
            (Ident, "Foo"),
            (Open(Delim::Paren), "("),
            (Ident, "a"),
            (Colon, ":"),
            (Open(Delim::Bracket), "["),
            (Number, "1"),
            (Comma, ","),
            (Number, "-2.5e-3"),
            (Comma, ","),
            (Number, "+inf"),
            (Close(Delim::Bracket), "]"),
            (Comma, ","),
            (Ident, "b"),
            (Colon, ":"),
            (Str, "\"s,)\\\"]\""),
            (Comma, ","),
            (Ident, "c"),
            (Colon, ":"),
            (Str, "r#\"raw \"quoted\" ]\"#"),
            (Comma, ","),
            (Ident, "d"),
            (Colon, ":"),
            (Char, "'x'"),
            (Comma, ","),
            (Ident, "e"),
            (Colon, ":"),
            (Char, "'\\''"),
            (Comma, ","),
            (Ident, "f"),
            (Colon, ":"),
            (Ident, "r#type"),
            (Comma, ","),
            (Ident, "g"),
            (Colon, ":"),
            (Str, "b\"by\""),
            (Comma, ","),
            (Ident, "h"),
            (Colon, ":"),
            (Number, "0x1F_u8"),
            (Close(Delim::Paren), ")"),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn unterminated_constructs_run_to_the_end() {
        assert_eq!(kinds_and_texts("\"abc"), vec![(TokenKind::Str, "\"abc")]);
        assert_eq!(
            kinds_and_texts("r##\"abc\"#"),
            vec![(TokenKind::Str, "r##\"abc\"#")]
        );
        assert_eq!(
            kinds_and_texts("a /* b /* c */"),
            vec![(TokenKind::Ident, "a")]
        );
        assert_eq!(kinds_and_texts("'"), vec![(TokenKind::Char, "'")]);
        assert_eq!(
            kinds_and_texts("'\\u{41"),
            vec![(TokenKind::Char, "'\\u{41")]
        );
        assert_eq!(
            kinds_and_texts("#!["),
            vec![
                (TokenKind::Other, "#"),
                (TokenKind::Other, "!"),
                (TokenKind::Open(Delim::Bracket), "["),
            ]
        );
    }

    #[test]
    fn skip_trivia_stops_at_the_next_token() {
        let text = "  // c\n /* a */\u{2028} x";
        assert_eq!(&text[skip_trivia(text, 0)..], "x");
        assert_eq!(skip_trivia("", 0), 0);
        assert_eq!(skip_trivia("a /* /* */", 1), 10);
    }

    #[test]
    fn finds_the_unclosed_block_comment() {
        assert_eq!(unclosed_block_comment("(a: 1) /* x */ /* /* */"), Some(15));
        assert_eq!(unclosed_block_comment("(a: \"/*\") /* x */"), None);
        assert_eq!(unclosed_block_comment("// /*\n"), None);
    }
}
