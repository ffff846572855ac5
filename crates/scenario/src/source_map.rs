//! [`SourceMap`]: where each field path's value starts in a RON text.
//!
//! Built by a small forgiving scanner ([`scan`](crate::scan)) that keeps
//! only structure and positions. It never fails: on malformed text it
//! records what it can, so errors in a broken file can still be placed.
//! Lookups use an explicit stack, so no input can overflow the call stack.
//!
//! # How paths address values
//!
//! The scanner cannot tell a struct from an enum variant (`Nadir(axis: …)`
//! is either), or a tuple from `Some(…)`, so a lookup accepts every reading
//! that serde could have had, and therefore matches what
//! `serde_path_to_error` reports whatever the Rust type is:
//!
//! - `Name(f: v)` and `(f: v)`: the field `f` is `P.f`; if `Name` is an
//!   enum variant, `P.Name.f` also works.
//! - `Name(a, b)` and `(a, b)`: `P[0]`, `P[1]` and `P.Name[0]`, ….
//! - A single positional payload `Name(x)` or `(x)` (newtype struct, newtype
//!   variant, `Some`) is also transparent: paths continue into `x` from `P`
//!   (tried first, as ron writes newtype structs `(x)`) and from `P.Name`.
//!   `P` itself is the whole value (where `Name` starts), except that
//!   `Some(x)` is `x` (serde never names the `Some`) and `P.Name` on a
//!   newtype variant is its payload `x` (as serde_path_to_error names it).
//! - `[a, b]`: `P[0]`, `P[1]`. `{k: v}`: `P.k` where `k` is the key as
//!   serde_path_to_error prints it (string content, integer in decimal,
//!   `true`/`false`, bare identifier); other keys cannot be addressed.
//! - A path that does not resolve fully resolves to its nearest existing
//!   ancestor ([`SourceMap::locate`]).

use std::collections::HashSet;

use crate::lexer;
use crate::location::{LineIndex, Location};
use crate::path::{FieldPath, Segment};
use crate::scan::{ChildKey, Node, Shape};

/// Index from field paths to the positions of their values in a RON text.
///
/// Build it once per document with [`SourceMap::new`] (linear time; it
/// never fails), then ask where a path's value starts. It is used to place
/// validation problems, found after deserialisation, in the file.
///
/// ```
/// use orbitai_scenario::{FieldPath, Location, SourceMap};
///
/// let text = "(\n  craft: [\n    (sigma: -0.1),\n  ],\n)";
/// let map = SourceMap::new(text);
/// let path: FieldPath = "craft[0].sigma".parse().unwrap();
/// assert_eq!(map.find(&path), Some(Location { line: 3, column: 13 }));
/// ```
#[derive(Clone, Debug)]
pub struct SourceMap {
    text: String,
    lines: LineIndex,
    nodes: Vec<Node>,
    /// The document's top-level value, if there is one.
    root: Option<usize>,
}

/// What a path resolved to.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Resolved {
    /// How many leading segments matched.
    pub matched: usize,
    pub start: usize,
    pub end: usize,
    pub is_leaf: bool,
    node: usize,
}

impl SourceMap {
    /// Scans `text`. Malformed text gives a partial map, never an error.
    /// A leading byte-order mark is skipped, as [`load`](crate::load) does.
    pub fn new(text: &str) -> Self {
        Self::without_bom(text.strip_prefix('\u{feff}').unwrap_or(text))
    }

    /// Scans `text` as is, for callers that already removed the byte-order
    /// mark (removing it twice would desynchronise their offsets).
    pub(crate) fn without_bom(text: &str) -> Self {
        let tokens = lexer::tokenize(text);
        let (nodes, root) = crate::scan::scan(text, &tokens);
        Self {
            text: text.to_owned(),
            lines: LineIndex::new(text),
            nodes,
            root,
        }
    }

    /// Where the value at `path` starts, or `None` if the text does not
    /// spell that value out (the field is absent, e.g. left to its default).
    pub fn find(&self, path: &FieldPath) -> Option<Location> {
        let resolved = self.resolve(path)?;
        (resolved.matched == path.segments().len()).then(|| self.location(resolved.start))
    }

    /// Where the value at `path` starts, or failing that where its nearest
    /// ancestor present in the text starts (the document's first value, or
    /// 1:1 for an empty document, as a last resort). Use this to place a
    /// problem about a field that may have been left to its default.
    pub fn locate(&self, path: &FieldPath) -> Location {
        match self.resolve(path) {
            Some(resolved) => self.location(resolved.start),
            None => self.location(lexer::skip_trivia(&self.text, 0)),
        }
    }

    pub(crate) fn line_index(&self) -> &LineIndex {
        &self.lines
    }

    pub(crate) fn location(&self, offset: usize) -> Location {
        self.lines.location(&self.text, offset)
    }

    /// Resolves as many leading segments of `path` as possible, preferring
    /// the reading that matches the most segments (the first found among
    /// equals, trying the transparent reading of a one-element `(…)` first:
    /// ron writes newtype structs that way). `None` only if the document
    /// has no value at all.
    pub(crate) fn resolve(&self, path: &FieldPath) -> Option<Resolved> {
        let root = self.root?;
        let segments = path.segments();
        // (segments matched, node, whether the last step was a variant name)
        let mut best = (0, root, false);
        // Each state is explored once: the search is linear in nodes ×
        // segments even with every alias available.
        let mut seen = HashSet::new();
        let mut stack = vec![(root, 0, false)];
        while let Some(state @ (id, matched, via_variant)) = stack.pop() {
            if !seen.insert(state) {
                continue;
            }
            if matched > best.0 {
                best = (matched, id, via_variant);
            }
            let Some(segment) = segments.get(matched) else {
                continue;
            };
            let node = &self.nodes[id];
            let mut next = Vec::new();
            if let Some(payload) = self.newtype_payload(id) {
                next.push((payload, matched, false));
            }
            match segment {
                Segment::Key(key) => {
                    let child = node.children.iter().find(|(child_key, _)| match child_key {
                        ChildKey::Field(name) | ChildKey::MapKey(Some(name)) => name == key,
                        _ => false,
                    });
                    if let Some((_, child)) = child {
                        next.push((*child, matched + 1, false));
                    }
                    if matches!(&node.shape, Shape::Paren { name: Some(name) } if name == key) {
                        next.push((id, matched + 1, true));
                    }
                }
                Segment::Index(index) => {
                    let child = node.children.iter().find(
                        |(child_key, _)| matches!(child_key, ChildKey::Index(i) if i == index),
                    );
                    if let Some((_, child)) = child {
                        next.push((*child, matched + 1, false));
                    }
                }
            }
            // Reversed so that the first reading pushed is explored first.
            stack.extend(next.into_iter().rev());
        }
        let (matched, mut id, via_variant) = best;
        // `P.Variant` names a newtype variant's payload, not the variant.
        if via_variant && let Some(payload) = self.newtype_payload(id) {
            id = payload;
        }
        // `Some(x)` is x to serde.
        while matches!(&self.nodes[id].shape, Shape::Paren { name: Some(name) } if name == "Some")
            && let Some(payload) = self.newtype_payload(id)
        {
            id = payload;
        }
        let node = &self.nodes[id];
        Some(Resolved {
            matched,
            start: node.start,
            end: node.end,
            is_leaf: matches!(node.shape, Shape::Leaf),
            node: id,
        })
    }

    /// The only element of a `(x)` or `Name(x)` (a newtype, newtype
    /// variant or `Some`).
    fn newtype_payload(&self, id: usize) -> Option<usize> {
        match (&self.nodes[id].shape, self.nodes[id].children.as_slice()) {
            (Shape::Paren { .. }, [(ChildKey::Index(0), payload)]) => Some(*payload),
            _ => None,
        }
    }

    /// The segment addressing the child of `parent` whose text contains
    /// byte `offset`, if any (a map entry with an unaddressable key: none).
    pub(crate) fn child_containing(&self, parent: &Resolved, offset: usize) -> Option<Segment> {
        let (key, _) = self.nodes[parent.node].children.iter().find(|(_, child)| {
            let child = &self.nodes[*child];
            child.start <= offset && offset < child.end
        })?;
        match key {
            ChildKey::Field(name) | ChildKey::MapKey(Some(name)) => {
                Some(Segment::Key(name.clone()))
            }
            ChildKey::Index(index) => Some(Segment::Index(*index)),
            ChildKey::MapKey(None) | ChildKey::MapKeySlot => None,
        }
    }
}
