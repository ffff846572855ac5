//! State shared by the confidence-weighted learners (AROW, SCW, NHERD): a Gaussian over
//! weight vectors, mean `μ` and covariance `Σ`.

use crate::json_float::JsonF64;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The covariance `Σ` of a confidence-weighted model.
#[derive(Debug, Clone, PartialEq)]
pub enum Covariance {
    /// The diagonal `Σ_ii` only (the flight models; JSON: an array of numbers).
    Diagonal(Vec<f64>),
    /// The full symmetric matrix, row by row (the paper profile; JSON: an array of rows).
    Full(Vec<Vec<f64>>),
}

impl Covariance {
    /// The identity of dimension `d`, diagonal or full.
    pub fn identity(d: usize, full: bool) -> Covariance {
        if full {
            Covariance::Full(
                (0..d)
                    .map(|i| (0..d).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
                    .collect(),
            )
        } else {
            Covariance::Diagonal(vec![1.0; d])
        }
    }

    /// Whether this is a `d × d` covariance.
    pub fn has_dimension(&self, d: usize) -> bool {
        match self {
            Covariance::Diagonal(v) => v.len() == d,
            Covariance::Full(rows) => rows.len() == d && rows.iter().all(|r| r.len() == d),
        }
    }

    /// Whether this is the full-matrix form.
    pub fn is_full(&self) -> bool {
        matches!(self, Covariance::Full(_))
    }
}

impl Serialize for Covariance {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Covariance::Diagonal(v) => s.collect_seq(v.iter().map(|&x| JsonF64(x))),
            Covariance::Full(rows) => s.collect_seq(
                rows.iter()
                    .map(|r| r.iter().map(|&x| JsonF64(x)).collect::<Vec<_>>()),
            ),
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum CovRepr {
    Diagonal(Vec<JsonF64>),
    Full(Vec<Vec<JsonF64>>),
}

impl<'de> Deserialize<'de> for Covariance {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let unwrap = |v: Vec<JsonF64>| v.into_iter().map(|x| x.0).collect::<Vec<f64>>();
        CovRepr::deserialize(d).map(|r| match r {
            CovRepr::Diagonal(v) => Covariance::Diagonal(unwrap(v)),
            CovRepr::Full(rows) => Covariance::Full(rows.into_iter().map(unwrap).collect()),
        })
    }
}

/// Mean and covariance of a confidence-weighted model (model-file `state`: `mean`, `cov`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CwState {
    /// The mean weight vector `μ` (the bias weight last, if any).
    #[serde(with = "crate::json_float::vec")]
    pub mean: Vec<f64>,
    /// The covariance `Σ`.
    pub cov: Covariance,
}

impl CwState {
    /// `μ = 0`, `Σ = I` of dimension `d`.
    pub fn new(d: usize, full: bool) -> CwState {
        CwState {
            mean: vec![0.0; d],
            cov: Covariance::identity(d, full),
        }
    }

    /// Whether mean and covariance both have dimension `d` (and the expected form).
    pub fn is_valid(&self, d: usize, full: bool) -> bool {
        self.mean.len() == d && self.cov.has_dimension(d) && self.cov.is_full() == full
    }

    /// `Σx` (any covariance form).
    pub(crate) fn sigma_x(&self, x: &[f64]) -> Vec<f64> {
        match &self.cov {
            Covariance::Diagonal(c) => c.iter().zip(x).map(|(c, x)| c * x).collect(),
            Covariance::Full(rows) => rows.iter().map(|r| super::dot(r, x)).collect(),
        }
    }

    /// `μ += ay·Σx` and `Σ −= shrink·(Σx)(Σx)ᵀ` (only the diagonal of it for a diagonal Σ):
    /// the common form of the AROW, SCW and NHERD updates.
    pub(crate) fn rank_one_update(&mut self, ay: f64, sx: &[f64], shrink: f64) {
        for (m, s) in self.mean.iter_mut().zip(sx) {
            *m += ay * s;
        }
        match &mut self.cov {
            Covariance::Diagonal(c) => {
                for (c, s) in c.iter_mut().zip(sx) {
                    *c -= shrink * s * s;
                }
            }
            Covariance::Full(rows) => {
                for (row, si) in rows.iter_mut().zip(sx) {
                    for (c, sj) in row.iter_mut().zip(sx) {
                        *c -= shrink * si * sj;
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn covariance_serialises_as_array_or_rows() {
        let s = CwState::new(2, false);
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            r#"{"mean":[0.0,0.0],"cov":[1.0,1.0]}"#
        );
        let f = CwState::new(2, true);
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(json, r#"{"mean":[0.0,0.0],"cov":[[1.0,0.0],[0.0,1.0]]}"#);
        assert_eq!(serde_json::from_str::<CwState>(&json).unwrap(), f);
        assert!(f.is_valid(2, true) && !f.is_valid(2, false) && !f.is_valid(3, true));
    }

    #[test]
    fn full_rank_one_update_matches_the_outer_product() {
        let mut s = CwState::new(2, true);
        let sx = s.sigma_x(&[1.0, 2.0]);
        assert_eq!(sx, vec![1.0, 2.0]);
        s.rank_one_update(0.5, &sx, 0.1);
        assert_eq!(s.mean, vec![0.5, 1.0]);
        assert_eq!(
            s.cov,
            Covariance::Full(vec![vec![0.9, -0.2], vec![-0.2, 1.0 - 0.4]])
        );
    }
}
