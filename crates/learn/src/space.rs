//! Feature spaces (spec §2) and the features of a sample.

use crate::cfmt::{f6_f32, g6_f32};
use crate::expr::{Expr, ExprError};
use crate::label::Profile;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Deref;
use std::str::FromStr;

/// The input space of a model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SpaceRepr", into = "SpaceRepr")]
pub enum FeatureSpace {
    /// `[p6]`.
    D1,
    /// `[p6, p6²]`.
    D2,
    /// `[p6, p6², p6³]`.
    D3,
    /// `[p1, p2, p3, p4, p5]`: a redundant model for a PD6 failure.
    D5,
    /// User-defined features over the six photodiodes.
    Custom(CustomSpace),
}

impl FeatureSpace {
    /// The flight spaces, in flight order (spec §4).
    pub const FLIGHT: [FeatureSpace; 4] = [
        FeatureSpace::D1,
        FeatureSpace::D2,
        FeatureSpace::D3,
        FeatureSpace::D5,
    ];

    /// `"1D"`, `"2D"`, `"3D"`, `"5D"` or the custom space's name.
    pub fn name(&self) -> &str {
        match self {
            FeatureSpace::D1 => "1D",
            FeatureSpace::D2 => "2D",
            FeatureSpace::D3 => "3D",
            FeatureSpace::D5 => "5D",
            FeatureSpace::Custom(c) => &c.name,
        }
    }

    /// The number of features.
    pub fn dimension(&self) -> usize {
        match self {
            FeatureSpace::D1 => 1,
            FeatureSpace::D2 => 2,
            FeatureSpace::D3 => 3,
            FeatureSpace::D5 => 5,
            FeatureSpace::Custom(c) => c.features.len(),
        }
    }

    /// The names of its features, in order: `pd6`, `pd6^2`, `pd6^3` for the
    /// 1D–3D spaces, `pd1`..`pd5` for 5D, the custom features' names.
    pub fn feature_names(&self) -> Vec<String> {
        match self {
            FeatureSpace::D1 | FeatureSpace::D2 | FeatureSpace::D3 => ["pd6", "pd6^2", "pd6^3"]
                [..self.dimension()]
                .iter()
                .map(|n| (*n).to_owned())
                .collect(),
            FeatureSpace::D5 => (1..=5).map(|i| format!("pd{i}")).collect(),
            FeatureSpace::Custom(c) => c.features.iter().map(|f| f.name.clone()).collect(),
        }
    }

    /// The flight space of that name (`"1D"`, …), if any.
    pub fn flight(name: &str) -> Option<FeatureSpace> {
        FeatureSpace::FLIGHT.into_iter().find(|s| s.name() == name)
    }
}

impl fmt::Display for FeatureSpace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for FeatureSpace {
    type Err = SpaceError;

    /// Parses a flight space name (`"1D"`, `"2D"`, `"3D"`, `"5D"`).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        FeatureSpace::flight(s.trim()).ok_or_else(|| SpaceError::UnknownSpace(s.to_string()))
    }
}

/// An invalid feature space.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SpaceError {
    /// A name that is neither a flight space nor a custom space definition.
    #[error("unknown feature space {0:?} (expected 1D, 2D, 3D, 5D or a custom space)")]
    UnknownSpace(String),
    /// A custom space name that is not usable.
    #[error("custom feature space name {name:?}: {reason}")]
    InvalidName {
        /// The name.
        name: String,
        /// Why it is refused.
        reason: &'static str,
    },
    /// A custom space without features.
    #[error("custom feature space {0:?} has no features")]
    Empty(String),
    /// A feature expression that does not parse.
    #[error("custom feature space {space:?}, feature {feature:?}: {source}")]
    Expr {
        /// The space name.
        space: String,
        /// The feature name.
        feature: String,
        /// The parse error (expression and position).
        source: ExprError,
    },
}

/// One named feature of a [`CustomSpace`].
#[derive(Debug, Clone, PartialEq)]
pub struct CustomFeature {
    /// The feature's name (free text, for people).
    pub name: String,
    /// The expression over `pd1..pd6`, as written.
    pub expr: String,
    compiled: Expr,
}

/// A user-defined feature space: a name and a list of named feature expressions over
/// `pd1..pd6` (see the crate's expression grammar: constants, `pi`, `+ - * / ^`,
/// `sin cos tan asin acos atan sqrt abs exp ln log10`). Custom features are always
/// computed in plain `f64` from the `f32` readings (the paper numerics), whatever the
/// profile: the flight server had no such spaces.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CustomRepr", into = "CustomRepr")]
pub struct CustomSpace {
    name: String,
    features: Vec<CustomFeature>,
}

impl CustomSpace {
    /// A custom space from `(feature name, expression)` pairs. The name must be 1–64
    /// characters of `A–Z a–z 0–9 _ -` (it becomes part of model file names) and not a
    /// flight space name.
    pub fn new(name: &str, features: &[(&str, &str)]) -> Result<CustomSpace, SpaceError> {
        let bad = |reason| SpaceError::InvalidName {
            name: name.to_string(),
            reason,
        };
        if name.is_empty() || name.len() > 64 {
            return Err(bad("must be 1 to 64 characters long"));
        }
        if !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
        {
            return Err(bad("may only contain A-Z, a-z, 0-9, '_' and '-'"));
        }
        if FeatureSpace::flight(name).is_some() {
            return Err(bad("is the name of a flight feature space"));
        }
        if features.is_empty() {
            return Err(SpaceError::Empty(name.to_string()));
        }
        let features = features
            .iter()
            .map(|&(fname, expr)| {
                let compiled = Expr::parse(expr).map_err(|source| SpaceError::Expr {
                    space: name.to_string(),
                    feature: fname.to_string(),
                    source,
                })?;
                Ok(CustomFeature {
                    name: fname.to_string(),
                    expr: expr.to_string(),
                    compiled,
                })
            })
            .collect::<Result<Vec<_>, SpaceError>>()?;
        Ok(CustomSpace {
            name: name.to_string(),
            features,
        })
    }

    /// The space's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The features, in order.
    pub fn features(&self) -> &[CustomFeature] {
        &self.features
    }

    fn eval(&self, pd: &[f32; 6]) -> Features {
        let pd = pd.map(f64::from);
        let mut out = Features::empty();
        for f in &self.features {
            out.push(f.compiled.eval(&pd));
        }
        out
    }
}

/// Serialised form of a [`CustomSpace`].
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CustomRepr {
    name: String,
    features: Vec<FeatureRepr>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureRepr {
    name: String,
    expr: String,
}

impl TryFrom<CustomRepr> for CustomSpace {
    type Error = SpaceError;
    fn try_from(r: CustomRepr) -> Result<Self, SpaceError> {
        let pairs: Vec<(&str, &str)> = r
            .features
            .iter()
            .map(|f| (f.name.as_str(), f.expr.as_str()))
            .collect();
        CustomSpace::new(&r.name, &pairs)
    }
}

impl From<CustomSpace> for CustomRepr {
    fn from(c: CustomSpace) -> Self {
        CustomRepr {
            name: c.name,
            features: c
                .features
                .into_iter()
                .map(|f| FeatureRepr {
                    name: f.name,
                    expr: f.expr,
                })
                .collect(),
        }
    }
}

/// Serialised form of a [`FeatureSpace`]: a flight name, or a custom space object.
#[derive(Serialize, Deserialize)]
#[serde(untagged)]
enum SpaceRepr {
    Flight(String),
    Custom(CustomSpace),
}

impl TryFrom<SpaceRepr> for FeatureSpace {
    type Error = SpaceError;
    fn try_from(r: SpaceRepr) -> Result<Self, SpaceError> {
        match r {
            SpaceRepr::Flight(name) => name.parse(),
            SpaceRepr::Custom(c) => Ok(FeatureSpace::Custom(c)),
        }
    }
}

impl From<FeatureSpace> for SpaceRepr {
    fn from(s: FeatureSpace) -> Self {
        match s {
            FeatureSpace::Custom(c) => SpaceRepr::Custom(c),
            other => SpaceRepr::Flight(other.name().to_string()),
        }
    }
}

/// Inline capacity of [`Features`]: every flight space fits without a heap allocation.
const INLINE: usize = 8;

/// The feature vector of one sample in one space (dimensionless numbers as the models see
/// them). A small vector: up to 8 values are stored inline (no heap allocation), longer
/// custom spaces spill to the heap. Dereferences to `&[f64]`.
#[derive(Clone, Default)]
pub struct Features {
    len: usize,
    inline: [f64; INLINE],
    heap: Vec<f64>,
}

impl Features {
    /// No features.
    pub fn empty() -> Features {
        Features::default()
    }

    /// A copy of `values`.
    pub fn from_slice(values: &[f64]) -> Features {
        let mut f = Features::empty();
        for &v in values {
            f.push(v);
        }
        f
    }

    /// Appends a value.
    pub fn push(&mut self, v: f64) {
        if self.len < INLINE {
            self.inline[self.len] = v;
        } else {
            if self.len == INLINE {
                self.heap.extend_from_slice(&self.inline);
            }
            self.heap.push(v);
        }
        self.len += 1;
    }

    #[inline]
    pub(crate) fn from_array<const N: usize>(values: [f64; N]) -> Features {
        let mut inline = [0.0; INLINE];
        inline[..N].copy_from_slice(&values);
        Features {
            len: N,
            inline,
            heap: Vec::new(),
        }
    }
}

impl Features {
    /// Becomes the first `len` of `values` (all of them if `len > N`), in place: a
    /// fixed-size copy, no allocation or drop.
    #[inline]
    pub(crate) fn set_prefix<const N: usize>(&mut self, values: [f64; N], len: usize) {
        const { assert!(N <= INLINE) };
        self.inline[..N].copy_from_slice(&values);
        self.len = len.min(N);
        // Spilled values of a longer past content must not come back on a later push.
        self.heap.clear();
    }
}

impl Deref for Features {
    type Target = [f64];
    #[inline]
    fn deref(&self) -> &[f64] {
        if self.len <= INLINE {
            &self.inline[..self.len]
        } else {
            &self.heap
        }
    }
}

impl fmt::Debug for Features {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl PartialEq for Features {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

/// The features of photodiode readings `pd` (rad, as the server parsed them) in `space`.
///
/// Flight profile (spec §2): 1D/2D/3D print `p6`, `s = p6*p6` (f32) and `c = s*p6` (f32)
/// with `%g` and parse them as `f64`; 5D prints `p1..p5` with `%f`. Skipping these round
/// trips changes the 2D/3D models by ~3 %. Paper profile: plain `f64` of the readings and
/// `f64` products. Custom spaces always use plain `f64`.
pub fn features(space: &FeatureSpace, pd: &[f32; 6], profile: Profile) -> Features {
    let p6 = pd[5];
    match (space, profile) {
        (FeatureSpace::Custom(c), _) => c.eval(pd),
        (FeatureSpace::D1, Profile::Flight) => Features::from_array(flight_powers::<1>(p6)),
        (FeatureSpace::D2, Profile::Flight) => Features::from_array(flight_powers::<2>(p6)),
        (FeatureSpace::D3, Profile::Flight) => Features::from_array(flight_powers::<3>(p6)),
        (FeatureSpace::D5, Profile::Flight) => {
            Features::from_array([0, 1, 2, 3, 4].map(|i| f6_f32(pd[i])))
        }
        (FeatureSpace::D1, Profile::Paper) => Features::from_array([f64::from(p6)]),
        (FeatureSpace::D2, Profile::Paper) => {
            let p = f64::from(p6);
            Features::from_array([p, p * p])
        }
        (FeatureSpace::D3, Profile::Paper) => {
            let p = f64::from(p6);
            Features::from_array([p, p * p, p * p * p])
        }
        (FeatureSpace::D5, Profile::Paper) => {
            Features::from_array([0, 1, 2, 3, 4].map(|i| f64::from(pd[i])))
        }
    }
}

/// The flight 1D/2D/3D features: the `%g` round trips of the first `N` of `p6`,
/// `s = p6*p6` and `c = s*p6` (products in `f32`, as on board).
#[inline]
pub(crate) fn flight_powers<const N: usize>(p6: f32) -> [f64; N] {
    let mut power = p6;
    std::array::from_fn(|k| {
        if k > 0 {
            power *= p6;
        }
        g6_f32(power)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const PD: [f32; 6] = [0.11, 0.0, 0.67, 0.56, 0.05, 0.65];

    #[test]
    fn flight_features_use_the_printf_round_trips() {
        let f3 = features(&FeatureSpace::D3, &PD, Profile::Flight);
        assert_eq!(&*f3, &[0.65, 0.4225, 0.274625]);
        let plain_s = f64::from(0.65f32 * 0.65f32);
        assert_ne!(f3[1], plain_s, "%g round trip vs plain f32 must differ");
        let f2 = features(&FeatureSpace::D2, &PD, Profile::Flight);
        assert_eq!(&*f2, &f3[..2]);
        assert_eq!(&*features(&FeatureSpace::D1, &PD, Profile::Flight), &[0.65]);
        let f5 = features(&FeatureSpace::D5, &PD, Profile::Flight);
        assert_eq!(&*f5, &[0.11, 0.0, 0.67, 0.56, 0.05]);
        assert_ne!(f5[0], f64::from(0.11f32));
    }

    #[test]
    fn paper_features_are_plain_f64() {
        let f3 = features(&FeatureSpace::D3, &PD, Profile::Paper);
        let p = f64::from(0.65f32);
        assert_eq!(&*f3, &[p, p * p, p * p * p]);
        let f5 = features(&FeatureSpace::D5, &PD, Profile::Paper);
        assert_eq!(f5[0], f64::from(0.11f32));
    }

    #[test]
    fn custom_spaces_parse_evaluate_and_serialise() {
        let c =
            CustomSpace::new("sq", &[("p6", "pd6"), ("p6sq", "pd6^2"), ("x", "pd1*pd3")]).unwrap();
        let space = FeatureSpace::Custom(c);
        assert_eq!(space.dimension(), 3);
        assert_eq!(space.name(), "sq");
        let f = features(&space, &PD, Profile::Flight);
        let p6 = f64::from(0.65f32);
        assert_eq!(
            &*f,
            &[p6, p6.powf(2.0), f64::from(0.11f32) * f64::from(0.67f32)]
        );
        let json = serde_json::to_string(&space).unwrap();
        assert_eq!(
            json,
            r#"{"name":"sq","features":[{"name":"p6","expr":"pd6"},{"name":"p6sq","expr":"pd6^2"},{"name":"x","expr":"pd1*pd3"}]}"#
        );
        assert_eq!(serde_json::from_str::<FeatureSpace>(&json).unwrap(), space);
        assert_eq!(
            serde_json::from_str::<FeatureSpace>("\"3D\"").unwrap(),
            FeatureSpace::D3
        );
        assert!(serde_json::from_str::<FeatureSpace>("\"4D\"").is_err());
    }

    #[test]
    fn custom_space_errors_are_clear() {
        let e = CustomSpace::new("s", &[("a", "pd6"), ("b", "pd6 *")]).unwrap_err();
        match &e {
            SpaceError::Expr {
                feature, source, ..
            } => {
                assert_eq!(feature, "b");
                assert_eq!(source.expression, "pd6 *");
                assert_eq!(source.position, 5);
            }
            other => panic!("unexpected {other:?}"),
        }
        assert!(matches!(
            CustomSpace::new("3D", &[("a", "pd6")]),
            Err(SpaceError::InvalidName { .. })
        ));
        assert!(matches!(
            CustomSpace::new("a b", &[("a", "pd6")]),
            Err(SpaceError::InvalidName { .. })
        ));
        assert!(matches!(
            CustomSpace::new("e", &[]),
            Err(SpaceError::Empty(_))
        ));
    }

    #[test]
    fn features_spill_to_the_heap_beyond_eight() {
        let exprs: Vec<String> = (0..10).map(|i| format!("pd1 + {i}")).collect();
        let pairs: Vec<(&str, &str)> = exprs.iter().map(|e| ("f", e.as_str())).collect();
        let space = FeatureSpace::Custom(CustomSpace::new("ten", &pairs).unwrap());
        let f = features(&space, &PD, Profile::Paper);
        assert_eq!(f.len(), 10);
        assert_eq!(f[9], f64::from(0.11f32) + 9.0);
        assert_eq!(Features::from_slice(&f), f);
        assert!(Features::empty().is_empty());
    }
}
