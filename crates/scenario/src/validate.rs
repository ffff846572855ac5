//! Semantic validation: the [`Validate`] trait, the [`Problems`] collector
//! with helpers for the common rules, and [`ValidationError`], which
//! places every problem in the file.

use std::collections::{BTreeMap, HashMap};
use std::fmt::{self, Debug, Display};
use std::ops::{Bound, RangeBounds};

use orbitai_astro::Shadow;
use orbitai_astro::eclipse::EarthShape;

use crate::diagnostic::Diagnostic;
use crate::path::{FieldPath, Path};
use crate::source_map::SourceMap;

/// A value that can check itself after deserialisation.
///
/// Implementations report *every* problem they find into `problems` (they
/// do not stop at the first), naming each by extending `path`, and
/// recurse into their fields:
///
/// ```
/// use orbitai_scenario::{Path, Problems, Validate};
///
/// struct Photodiode { noise_sigma: f64 }
/// struct Sensors { photodiodes: Vec<Photodiode> }
///
/// impl Validate for Photodiode {
///     fn validate(&self, path: &Path, problems: &mut Problems) {
///         problems.non_negative(&path.field("noise_sigma"), self.noise_sigma);
///     }
/// }
///
/// impl Validate for Sensors {
///     fn validate(&self, path: &Path, problems: &mut Problems) {
///         let photodiodes = path.field("photodiodes");
///         problems.non_empty(&photodiodes, &self.photodiodes);
///         self.photodiodes.validate(&photodiodes, problems); // each element, indexed
///     }
/// }
///
/// let sensors = Sensors { photodiodes: vec![Photodiode { noise_sigma: -0.1 }] };
/// let mut problems = Problems::new();
/// sensors.validate(&Path::root(), &mut problems);
/// assert_eq!(problems.iter().next().unwrap().to_string(),
///            "photodiodes[0].noise_sigma: must be >= 0, got -0.1");
/// ```
///
/// Paths must match the serde shape of the type, so that problems are
/// placed at the right value: a struct field is `.field(name)`, a list
/// element `.index(i)`, an enum variant's payload sits under
/// `.variant(name)` (`mode.Nadir.axis`), `Option` and newtypes add nothing.
pub trait Validate {
    /// Reports the problems of `self`, found at `path`, into `problems`.
    fn validate(&self, path: &Path<'_>, problems: &mut Problems);
}

/// One problem found by validation, not yet placed in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The value concerned.
    pub path: FieldPath,
    /// What is wrong with it, e.g. `must be >= 0, got -0.1`.
    pub message: String,
}

impl Display for Problem {
    /// `path: message` (just `message` at the root).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.path.is_root() {
            write!(f, "{}: ", self.path)?;
        }
        f.write_str(&self.message)
    }
}

/// Collects the problems of a document during validation.
///
/// The rule helpers return whether the value passed, so that a caller can
/// skip checks that depend on it. Messages say what is required and what
/// was found (`must be > 0, got 0.0`); floats are printed with `{:?}` so
/// that they are exact and tiny or huge values stay short (`1e-20`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Problems {
    items: Vec<Problem>,
}

impl Problems {
    /// An empty collector.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem with the value at `path`.
    pub fn push(&mut self, path: &Path<'_>, message: impl Display) {
        self.items.push(Problem {
            path: path.to_field_path(),
            message: message.to_string(),
        });
    }

    /// Records a problem at an owned path (e.g. one reported by another
    /// crate's own checks, parsed from its text).
    pub fn push_at(&mut self, path: FieldPath, message: impl Display) {
        self.items.push(Problem {
            path,
            message: message.to_string(),
        });
    }

    /// Records `message` at `path` unless `ok`; returns `ok`. Pass
    /// `format_args!(…)` to format the message only when it is needed.
    pub fn check(&mut self, path: &Path<'_>, ok: bool, message: impl Display) -> bool {
        if !ok {
            self.push(path, message);
        }
        ok
    }

    /// The value must be finite (not NaN nor infinite).
    pub fn finite(&mut self, path: &Path<'_>, value: impl Into<f64>) -> bool {
        let value = value.into();
        self.check(
            path,
            value.is_finite(),
            format_args!("must be finite, got {value:?}"),
        )
    }

    /// The value must be `>= 0` (NaN fails). Works for any number type.
    pub fn non_negative<T: PartialOrd + Default + Debug>(
        &mut self,
        path: &Path<'_>,
        value: T,
    ) -> bool {
        let ok = value >= T::default();
        self.check(path, ok, format_args!("must be >= 0, got {value:?}"))
    }

    /// The value must be `> 0` (NaN fails). Works for any number type.
    pub fn positive<T: PartialOrd + Default + Debug>(&mut self, path: &Path<'_>, value: T) -> bool {
        let ok = value > T::default();
        self.check(path, ok, format_args!("must be > 0, got {value:?}"))
    }

    /// The value must lie in `range` (NaN fails), e.g. `0.0..=1.0`,
    /// `0.0..1.0`, `1..` (at least 1) or `..=10`. The message shows the
    /// range in interval notation: `must be in [0.0, 1.0], got 1.5`.
    pub fn in_range<T, R>(&mut self, path: &Path<'_>, value: T, range: R) -> bool
    where
        T: PartialOrd + Debug,
        R: RangeBounds<T>,
    {
        let ok = range.contains(&value);
        if !ok {
            let requirement = describe_range(range.start_bound(), range.end_bound());
            self.push(path, format_args!("{requirement}, got {value:?}"));
        }
        ok
    }

    /// The vector (e.g. an axis `[f64; 3]` or a quaternion `[f64; 4]`) must
    /// have Euclidean norm 1 within `tolerance`.
    pub fn unit_vector(&mut self, path: &Path<'_>, vector: &[f64], tolerance: f64) -> bool {
        let norm = vector.iter().map(|x| x * x).sum::<f64>().sqrt();
        let ok = (norm - 1.0).abs() <= tolerance;
        self.check(
            path,
            ok,
            format_args!("must be a unit vector (norm 1 ± {tolerance:?}), got norm {norm:?}"),
        )
    }

    /// The collection (anything iterable: `&Vec`, `&[T]`, `&BTreeMap`, …)
    /// must have at least one element.
    pub fn non_empty(&mut self, path: &Path<'_>, items: impl IntoIterator) -> bool {
        let ok = items.into_iter().next().is_some();
        self.check(path, ok, "must not be empty")
    }

    /// The string must contain something other than whitespace.
    pub fn non_blank(&mut self, path: &Path<'_>, text: &str) -> bool {
        self.check(path, !text.trim().is_empty(), "must not be blank")
    }

    /// Whether no problem was found.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// How many problems were found.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// The problems, in the order they were found.
    pub fn iter(&self) -> std::slice::Iter<'_, Problem> {
        self.items.iter()
    }

    /// Places the problems in `text` (named `origin` in messages): `Ok` if
    /// there are none, otherwise every problem, sorted by position.
    pub fn into_result(self, origin: &str, text: &str) -> Result<(), ValidationError> {
        if self.items.is_empty() {
            return Ok(());
        }
        let map = SourceMap::new(text);
        Err(ValidationError::new(origin, &map, self))
    }
}

/// `must be in [lo, hi)`, `must be >= lo`, … for a range's bounds.
fn describe_range<T: Debug>(start: Bound<&T>, end: Bound<&T>) -> String {
    let lower = match start {
        Bound::Included(v) => Some(('[', ">=", v)),
        Bound::Excluded(v) => Some(('(', ">", v)),
        Bound::Unbounded => None,
    };
    let upper = match end {
        Bound::Included(v) => Some((']', "<=", v)),
        Bound::Excluded(v) => Some((')', "<", v)),
        Bound::Unbounded => None,
    };
    match (lower, upper) {
        (Some((open, _, lo)), Some((close, _, hi))) => {
            format!("must be in {open}{lo:?}, {hi:?}{close}")
        }
        (Some((_, op, v)), None) | (None, Some((_, op, v))) => format!("must be {op} {v:?}"),
        // `..` contains everything, even NaN: never reported.
        (None, None) => "must be in range".to_owned(),
    }
}

impl IntoIterator for Problems {
    type Item = Problem;
    type IntoIter = std::vec::IntoIter<Problem>;

    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

/// Every validation problem of one document, placed and sorted by position.
///
/// Displays one problem per line (`FILE:LINE:COL: path: message`), then a
/// count line (`FILE: 3 problems`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    /// The file (or label) the document came from.
    pub origin: String,
    /// The problems, sorted by location; problems at the same location
    /// keep the order in which they were found. Never empty.
    pub problems: Vec<Diagnostic>,
}

impl ValidationError {
    /// Places `problems` with `map`: each at the start of its path's value,
    /// or of the nearest ancestor written in the file (a defaulted field).
    pub fn new(origin: &str, map: &SourceMap, problems: Problems) -> Self {
        let mut problems: Vec<Diagnostic> = problems
            .into_iter()
            .map(|problem| Diagnostic {
                origin: origin.to_owned(),
                location: map.locate(&problem.path),
                path: problem.path,
                message: problem.message,
            })
            .collect();
        problems.sort_by_key(|d| d.location); // stable: ties keep their order
        Self {
            origin: origin.to_owned(),
            problems,
        }
    }
}

impl Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "{problem}")?;
        }
        let n = self.problems.len();
        write!(
            f,
            "{}: {n} problem{}",
            self.origin,
            if n == 1 { "" } else { "s" }
        )
    }
}

impl<T: Validate + ?Sized> Validate for &T {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        (**self).validate(path, problems);
    }
}

impl<T: Validate + ?Sized> Validate for Box<T> {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        (**self).validate(path, problems);
    }
}

/// `Some(x)` is transparent in paths, as in serde; `None` has no problems.
impl<T: Validate> Validate for Option<T> {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        if let Some(value) = self {
            value.validate(path, problems);
        }
    }
}

/// Each element at `path[i]`.
impl<T: Validate> Validate for [T] {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        for (i, item) in self.iter().enumerate() {
            item.validate(&path.index(i), problems);
        }
    }
}

/// Each element at `path[i]`.
impl<T: Validate> Validate for Vec<T> {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        self.as_slice().validate(path, problems);
    }
}

/// Each element at `path[i]`.
impl<T: Validate, const N: usize> Validate for [T; N] {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        self.as_slice().validate(path, problems);
    }
}

/// Each value at `path.key`, with the key as displayed (which is how
/// serde_path_to_error names string and integer keys).
impl<K: Display, V: Validate> Validate for BTreeMap<K, V> {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        for (key, value) in self {
            let key = key.to_string();
            value.validate(&path.field(&key), problems);
        }
    }
}

/// Each value at `path.key`; the iteration order does not matter because
/// problems are sorted by position.
impl<K: Display, V: Validate, S> Validate for HashMap<K, V, S> {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        for (key, value) in self {
            let key = key.to_string();
            value.validate(&path.field(&key), problems);
        }
    }
}

/// The Earth's shadow (a scenario's `environment`): a finite, positive
/// radius, left at its default with the WGS84 ellipsoid (which has its own
/// radii), and a finite, non-negative atmosphere height.
impl Validate for Shadow {
    fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
        let radius_at = path.field("earth_radius_km");
        let radius = self.earth_radius_km;
        if problems.finite(&radius_at, radius) && problems.positive(&radius_at, radius) {
            let default = Shadow::default().earth_radius_km;
            problems.check(
                &radius_at,
                self.earth == EarthShape::Sphere || radius == default,
                format_args!(
                    "applies to `earth: Sphere` only; `earth: Wgs84` uses the WGS84 \
                     radii (remove this field or use the sphere), got {radius:?}"
                ),
            );
        }
        if let Some(atmosphere) = &self.atmosphere {
            let atmosphere_at = path.field("atmosphere");
            let height_at = atmosphere_at.field("height_km");
            if problems.finite(&height_at, atmosphere.height_km) {
                problems.non_negative(&height_at, atmosphere.height_km);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(problems: &Problems) -> Vec<String> {
        problems.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn helpers_pass_and_fail_with_exact_messages() {
        let root = Path::root();
        let x = root.field("x");
        let mut p = Problems::new();
        assert!(p.finite(&x, 1.0));
        assert!(!p.finite(&x, f64::NAN));
        assert!(!p.finite(&x, f32::INFINITY));
        assert!(p.non_negative(&x, 0.0));
        assert!(!p.non_negative(&x, -0.1));
        assert!(!p.non_negative(&x, f64::NAN));
        assert!(!p.non_negative(&x, -3i32));
        assert!(p.positive(&x, 1u8));
        assert!(!p.positive(&x, 0.0));
        assert!(!p.positive(&x, 0u32));
        assert!(p.in_range(&x, 1.0, 0.0..=1.0));
        assert!(!p.in_range(&x, 1.0, 0.0..1.0));
        assert!(!p.in_range(&x, 1.5, 0.0..=1.0));
        assert!(!p.in_range(&x, 0, 1..));
        assert!(!p.in_range(&x, 11, ..=10));
        assert!(!p.in_range(&x, 10, ..10));
        assert!(
            p.in_range(&x, f64::NAN, ..),
            "std: `..` contains everything"
        );
        assert!(!p.in_range(&x, f64::NAN, 0.0..));
        assert!(!p.in_range(&x, 0.0, (Bound::Excluded(0.0), Bound::Unbounded)));
        assert!(!p.in_range(&x, 0.0, (Bound::Excluded(0.0), Bound::Included(1.0))));
        assert!(p.unit_vector(&x, &[0.6, 0.8, 0.0], 1e-9));
        assert!(!p.unit_vector(&x, &[0.5, 0.0, 0.0], 1e-6));
        assert!(!p.unit_vector(&x, &[f64::NAN; 4], 1e-6));
        assert!(p.non_empty(&x, [1]));
        assert!(!p.non_empty(&x, Vec::<u8>::new()));
        assert!(!p.non_empty(&x, BTreeMap::<u8, u8>::new()));
        assert!(p.non_blank(&x, " a "));
        assert!(!p.non_blank(&x, " \t"));
        assert!(p.check(&x, true, "never"));
        assert!(!p.check(&x, false, format_args!("custom {}", 42)));
        p.push(&root, "whole document");
        assert_eq!(
            messages(&p),
            [
                "x: must be finite, got NaN",
                "x: must be finite, got inf",
                "x: must be >= 0, got -0.1",
                "x: must be >= 0, got NaN",
                "x: must be >= 0, got -3",
                "x: must be > 0, got 0.0",
                "x: must be > 0, got 0",
                "x: must be in [0.0, 1.0), got 1.0",
                "x: must be in [0.0, 1.0], got 1.5",
                "x: must be >= 1, got 0",
                "x: must be <= 10, got 11",
                "x: must be < 10, got 10",
                "x: must be >= 0.0, got NaN",
                "x: must be > 0.0, got 0.0",
                "x: must be in (0.0, 1.0], got 0.0",
                "x: must be a unit vector (norm 1 ± 1e-6), got norm 0.5",
                "x: must be a unit vector (norm 1 ± 1e-6), got norm NaN",
                "x: must not be empty",
                "x: must not be empty",
                "x: must not be blank",
                "x: custom 42",
                "whole document",
            ]
        );
        assert_eq!(p.len(), 22);
        assert!(!p.is_empty());
    }

    struct Positive(f64);

    impl Validate for Positive {
        fn validate(&self, path: &Path<'_>, problems: &mut Problems) {
            problems.positive(path, self.0);
        }
    }

    #[test]
    fn container_impls_extend_the_path_like_serde() {
        let root = Path::root();
        let mut p = Problems::new();
        vec![Positive(1.0), Positive(-1.0)].validate(&root.field("v"), &mut p);
        [Some(Positive(0.0)), None].validate(&root.field("a"), &mut p);
        BTreeMap::from([("k.1", Positive(-2.0)), ("ok", Positive(2.0))])
            .validate(&root.field("m"), &mut p);
        HashMap::<u32, Box<Positive>>::from([(7, Box::new(Positive(-3.0)))])
            .validate(&root.field("h"), &mut p);
        <&Positive as Validate>::validate(&&Positive(-4.0), &root, &mut p);
        assert_eq!(
            messages(&p),
            [
                "v[1]: must be > 0, got -1.0",
                "a[0]: must be > 0, got 0.0",
                "m[\"k.1\"]: must be > 0, got -2.0",
                "h[\"7\"]: must be > 0, got -3.0",
                "must be > 0, got -4.0",
            ]
        );
    }

    #[test]
    fn the_shadow_reports_bad_radii_and_heights() {
        use orbitai_astro::eclipse::Atmosphere;
        let check = |shadow: Shadow| {
            let mut p = Problems::new();
            shadow.validate(&Path::root().field("environment"), &mut p);
            messages(&p)
        };
        assert!(check(Shadow::default()).is_empty());
        let wgs84 = Shadow {
            earth: EarthShape::Wgs84,
            atmosphere: Some(Atmosphere::default()),
            ..Shadow::default()
        };
        assert!(check(wgs84).is_empty());
        let bad = |earth_radius_km, earth, height_km| Shadow {
            earth_radius_km,
            earth,
            atmosphere: Some(Atmosphere { height_km }),
            ..Shadow::default()
        };
        assert_eq!(
            check(bad(0.0, EarthShape::Sphere, -1.0)),
            [
                "environment.earth_radius_km: must be > 0, got 0.0",
                "environment.atmosphere.height_km: must be >= 0, got -1.0",
            ]
        );
        assert_eq!(
            check(bad(f64::NAN, EarthShape::Sphere, f64::NAN)),
            [
                "environment.earth_radius_km: must be finite, got NaN",
                "environment.atmosphere.height_km: must be finite, got NaN",
            ]
        );
        assert_eq!(
            check(bad(6371.0, EarthShape::Wgs84, f64::INFINITY)),
            [
                "environment.earth_radius_km: applies to `earth: Sphere` only; `earth: Wgs84` \
                 uses the WGS84 radii (remove this field or use the sphere), got 6371.0",
                "environment.atmosphere.height_km: must be finite, got inf",
            ]
        );
    }
}
