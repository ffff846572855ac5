//! The forgiving RON scanner behind [`SourceMap`](crate::SourceMap): turns
//! tokens into a tree of values that records only shape, position and how
//! each child is addressed.
//!
//! It never fails: on malformed text it records what it can (unclosed
//! containers end at the end of the text, stray closers and separators are
//! skipped). Nodes live in one arena `Vec` and the parser uses an explicit
//! stack, so no input can overflow the call stack (not even when the tree
//! is dropped).

use crate::lexer::{Delim, Token, TokenKind};

/// The shape of a value, as far as paths are concerned.
#[derive(Clone, Debug)]
pub(crate) enum Shape {
    /// A number, string, char, bare identifier or anything unparsable.
    Leaf,
    /// `(…)` or `Name(…)`.
    Paren { name: Option<String> },
    /// `[…]`.
    List,
    /// `{…}`.
    Map,
}

/// How a child is addressed from its parent.
#[derive(Clone, Debug)]
pub(crate) enum ChildKey {
    /// `name: value` in parentheses.
    Field(String),
    /// The n-th positional element of a list or parentheses.
    Index(usize),
    /// A map entry, with the key rendered as serde_path_to_error would
    /// (`None` if it cannot be addressed).
    MapKey(Option<String>),
    /// Only in a map frame's `pending`: the value being parsed is a key.
    MapKeySlot,
}

/// A value in the text.
#[derive(Clone, Debug)]
pub(crate) struct Node {
    /// What kind of value it is.
    pub shape: Shape,
    /// Byte offset of the first character of the value (its name if any).
    pub start: usize,
    /// Byte offset just after the value.
    pub end: usize,
    /// The children in text order, with how each is addressed.
    pub children: Vec<(ChildKey, usize)>,
}

/// Scans `tokens` of `text` into a node arena and the root node's index
/// (`None` if the text holds no value).
pub(crate) fn scan(text: &str, tokens: &[Token]) -> (Vec<Node>, Option<usize>) {
    Builder::new(text, tokens).build()
}

/// An open container while building.
struct Frame {
    node: usize,
    delim: Delim,
    next_index: usize,
    /// In a map: the rendered key once parsed, waiting for its value.
    map_key: Option<Option<String>>,
    /// The key under which the value being parsed will be attached.
    pending: Option<ChildKey>,
}

/// The iterative parser that turns tokens into the node arena.
struct Builder<'t> {
    text: &'t str,
    tokens: &'t [Token],
    pos: usize,
    nodes: Vec<Node>,
    stack: Vec<Frame>,
    root: Option<usize>,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str, tokens: &'t [Token]) -> Self {
        Self {
            text,
            tokens,
            pos: 0,
            nodes: Vec::new(),
            stack: Vec::new(),
            root: None,
        }
    }

    fn peek(&self, ahead: usize) -> Option<Token> {
        self.tokens.get(self.pos + ahead).copied()
    }

    fn slice(&self, token: Token) -> &'t str {
        &self.text[token.start..token.end]
    }

    fn build(mut self) -> (Vec<Node>, Option<usize>) {
        self.skip_attributes();
        while let Some(token) = self.peek(0) {
            if self.stack.is_empty() && self.root.is_some() {
                break; // Trailing characters: ron reports them; nothing to map.
            }
            self.step(token);
        }
        // Unclosed containers end where the text ends.
        while let Some(frame) = self.stack.pop() {
            self.nodes[frame.node].end = self.text.len();
            self.attach(frame.node);
        }
        (self.nodes, self.root)
    }

    /// Skips `#![…]` inner attributes before the value.
    fn skip_attributes(&mut self) {
        while self.peek(0).is_some_and(|t| self.slice(t) == "#") {
            self.pos += 1;
            if self.peek(0).is_some_and(|t| self.slice(t) == "!") {
                self.pos += 1;
            }
            let mut depth = 0usize;
            while let Some(token) = self.peek(0) {
                self.pos += 1;
                match token.kind {
                    TokenKind::Open(Delim::Bracket) => depth += 1,
                    TokenKind::Close(Delim::Bracket) => {
                        depth = depth.saturating_sub(1);
                        if depth == 0 {
                            break;
                        }
                    }
                    _ if depth == 0 => break,
                    _ => {}
                }
            }
        }
    }

    fn step(&mut self, token: Token) {
        match token.kind {
            TokenKind::Close(delim) => {
                self.pos += 1;
                self.close(delim, token.start);
                return;
            }
            TokenKind::Comma | TokenKind::Colon => {
                // Separators; a map's `:` is implied by the key being set.
                self.pos += 1;
                return;
            }
            _ => {}
        }
        // A value (or field name) starts here.
        let field_name = (token.kind == TokenKind::Ident
            && self.peek(1).is_some_and(|t| t.kind == TokenKind::Colon))
        .then(|| ident_name(self.slice(token)).to_owned());
        if let Some(frame) = self.stack.last_mut()
            && frame.pending.is_none()
        {
            match frame.delim {
                Delim::Paren => {
                    if let Some(name) = field_name {
                        frame.pending = Some(ChildKey::Field(name));
                        self.pos += 2;
                        return;
                    }
                    frame.pending = Some(ChildKey::Index(frame.next_index));
                    frame.next_index += 1;
                }
                Delim::Bracket => {
                    frame.pending = Some(ChildKey::Index(frame.next_index));
                    frame.next_index += 1;
                }
                Delim::Brace => {
                    frame.pending = Some(match frame.map_key.take() {
                        Some(key) => ChildKey::MapKey(key),
                        // Parsing a key: it ends up in `map_key`.
                        None => ChildKey::MapKeySlot,
                    });
                }
            }
        }
        self.value(token);
    }

    /// Parses the value starting with `token`.
    fn value(&mut self, token: Token) {
        self.pos += 1;
        let (shape, delim) = match token.kind {
            TokenKind::Open(delim) => (open_shape(delim, None), Some(delim)),
            TokenKind::Ident => match self.peek(0) {
                Some(next) if next.kind == TokenKind::Open(Delim::Paren) => {
                    self.pos += 1;
                    let name = ident_name(self.slice(token)).to_owned();
                    (Shape::Paren { name: Some(name) }, Some(Delim::Paren))
                }
                _ => (Shape::Leaf, None),
            },
            _ => (Shape::Leaf, None),
        };
        let id = self.nodes.len();
        self.nodes.push(Node {
            shape,
            start: token.start,
            end: token.end,
            children: Vec::new(),
        });
        match delim {
            Some(delim) => self.stack.push(Frame {
                node: id,
                delim,
                next_index: 0,
                map_key: None,
                pending: None,
            }),
            None => {
                // A leaf in a map is either a key (keep its rendering for the
                // value that follows) or a value.
                let is_key = self
                    .stack
                    .last()
                    .is_some_and(|f| matches!(f.pending, Some(ChildKey::MapKeySlot)));
                if is_key {
                    let rendered = render_key(token.kind, self.slice(token));
                    if let Some(frame) = self.stack.last_mut() {
                        frame.pending = None;
                        frame.map_key = Some(rendered);
                    }
                } else {
                    self.attach(id);
                }
            }
        }
    }

    /// Attaches the finished node `id` to the open container (or makes it
    /// the root).
    fn attach(&mut self, id: usize) {
        let Some(frame) = self.stack.last_mut() else {
            self.root.get_or_insert(id);
            return;
        };
        match frame.pending.take() {
            // A compound map key: it cannot be addressed.
            Some(ChildKey::MapKeySlot) => frame.map_key = Some(None),
            Some(key) => {
                let parent = frame.node;
                self.nodes[parent].children.push((key, id));
            }
            None => {}
        }
    }

    /// Closes the innermost container of kind `delim`; a closer matching
    /// no open container is ignored.
    fn close(&mut self, delim: Delim, at: usize) {
        if !self.stack.iter().any(|f| f.delim == delim) {
            return;
        }
        while let Some(frame) = self.stack.pop() {
            let matching = frame.delim == delim;
            self.nodes[frame.node].end = if matching { at + 1 } else { at };
            self.attach(frame.node);
            if matching {
                return;
            }
        }
    }
}

fn open_shape(delim: Delim, name: Option<String>) -> Shape {
    match delim {
        Delim::Paren => Shape::Paren { name },
        Delim::Bracket => Shape::List,
        Delim::Brace => Shape::Map,
    }
}

/// `r#type` names the field `type`.
fn ident_name(text: &str) -> &str {
    text.strip_prefix("r#").unwrap_or(text)
}

/// Renders a scalar map key as serde_path_to_error prints it.
fn render_key(kind: TokenKind, text: &str) -> Option<String> {
    match kind {
        TokenKind::Str => unquote(text),
        TokenKind::Number => render_integer(text),
        TokenKind::Ident => Some(ident_name(text).to_owned()),
        _ => None,
    }
}

/// The content of a (raw) string literal; `None` for byte strings and
/// escapes this function does not understand.
fn unquote(text: &str) -> Option<String> {
    if let Some(raw) = text.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw.get(hashes + 1..raw.len().checked_sub(hashes + 1)?)?;
        return Some(body.to_owned());
    }
    let body = text.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next()? {
            'n' => out.push('\n'),
            't' => out.push('\t'),
            'r' => out.push('\r'),
            '0' => out.push('\0'),
            c @ ('\\' | '"' | '\'') => out.push(c),
            'x' => {
                let hex: String = chars.by_ref().take(2).collect();
                out.push(char::from(u8::from_str_radix(&hex, 16).ok()?));
            }
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let close = rest.find('}')?;
                out.push(char::from_u32(
                    u32::from_str_radix(&rest[..close], 16).ok()?,
                )?);
                chars = rest[close + 1..].chars();
            }
            _ => return None,
        }
    }
    Some(out)
}

/// An integer literal (sign, `0x`/`0o`/`0b`, `_`) in decimal; `None` for
/// floats and anything else.
fn render_integer(text: &str) -> Option<String> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let digits = digits.replace('_', "");
    let (radix, digits) = match digits.get(..2) {
        Some("0x") => (16, &digits[2..]),
        Some("0o") => (8, &digits[2..]),
        Some("0b") => (2, &digits[2..]),
        _ => (10, digits.as_str()),
    };
    // Type suffixes (`5u8`) would be misread as hex digits; ron keys rarely
    // carry them, so they are left unaddressable.
    let value = u128::from_str_radix(digits, radix).ok()?;
    Some(if negative && value != 0 {
        format!("-{value}")
    } else {
        value.to_string()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keys_render_like_serde_path_to_error() {
        assert_eq!(
            render_key(TokenKind::Str, r#""a.b\n\u{e9}\x41""#).as_deref(),
            Some("a.b\néA")
        );
        assert_eq!(
            render_key(TokenKind::Str, r##"r#"x"y"#"##).as_deref(),
            Some("x\"y")
        );
        assert_eq!(
            render_key(TokenKind::Number, "0x1_0").as_deref(),
            Some("16")
        );
        assert_eq!(render_key(TokenKind::Number, "-7").as_deref(), Some("-7"));
        assert_eq!(render_key(TokenKind::Number, "1.5"), None);
        assert_eq!(
            render_key(TokenKind::Ident, "r#true").as_deref(),
            Some("true")
        );
        assert_eq!(render_key(TokenKind::Char, "'a'"), None);
        assert_eq!(render_key(TokenKind::Str, "\"bad\\q\""), None);
        assert_eq!(render_key(TokenKind::Str, "r#\""), None);
    }
}
