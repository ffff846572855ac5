//! NHERD: normal herding (Crammer & Lee, 2010).

use super::cw::{Covariance, CwState};
use super::{
    Classifier, cpp_max, dot, margin_label, predict_then_update_sharing_margin, with_bias,
};
use crate::label::{Label, Profile};
use serde::{Deserialize, Serialize};

/// NHERD hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct NherdParams {
    /// Aggressiveness `C > 0` (flight: 0.1).
    #[serde(with = "crate::json_float")]
    pub c: f64,
    /// `false` (flight, MochiMochi `diagonal=0`): the covariance update of the full
    /// algorithm — in flight applied to the diagonal only, in the paper profile to the full
    /// matrix. `true` (MochiMochi `diagonal=1`): the paper's "exact" diagonal update
    /// `Σ_i ← Σ_i / (1 + C·x_i²·Σ_i)²`, in both profiles.
    pub diagonal: bool,
    /// Paper profile only: append a constant-1 bias feature.
    pub bias: bool,
}

impl Default for NherdParams {
    fn default() -> Self {
        NherdParams {
            c: 0.1,
            diagonal: false,
            bias: false,
        }
    }
}

/// A NHERD classifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Nherd {
    profile: Profile,
    params: NherdParams,
    dim: usize,
    state: CwState,
}

impl Nherd {
    /// A fresh model for `dim` features (`μ = 0`, `Σ = I`).
    pub fn new(dim: usize, params: NherdParams, profile: Profile) -> Nherd {
        let state = CwState::new(internal_dim(dim, &params, profile), full(&params, profile));
        Nherd {
            profile,
            params,
            dim,
            state,
        }
    }

    /// A model with a given state, if its dimensions fit (`None` otherwise).
    pub fn from_state(
        dim: usize,
        params: NherdParams,
        profile: Profile,
        state: CwState,
    ) -> Option<Nherd> {
        let d = internal_dim(dim, &params, profile);
        state.is_valid(d, full(&params, profile)).then_some(Nherd {
            profile,
            params,
            dim,
            state,
        })
    }

    /// The mean and covariance.
    pub fn state(&self) -> &CwState {
        &self.state
    }

    /// The hyperparameters.
    pub fn params(&self) -> &NherdParams {
        &self.params
    }

    /// The diagonal update of spec §3 (flight) or of the exact diagonal variant; `m` is
    /// the margin `μ·x`.
    fn update_diagonal(&mut self, x: &[f64], y: f64, m: f64) -> bool {
        let Covariance::Diagonal(cov) = &mut self.state.cov else {
            return false;
        };
        let mean = &mut self.state.mean;
        let c = self.params.c;
        // The flight code skips when `m*y >= 1` (spec §3: update when m*y < 1).
        if m * y >= 1.0 {
            return false;
        }
        let mut v = 0.0;
        for (ci, xi) in cov.iter().zip(x) {
            v += ci * xi * xi;
        }
        let alpha = cpp_max(0.0, 1.0 - y * m) / (v + 1.0 / c);
        let exact = self.params.diagonal;
        for ((mu, ci), xi) in mean.iter_mut().zip(cov.iter_mut()).zip(x) {
            *mu += alpha * y * *ci * xi;
            *ci = if exact {
                let t = 1.0 + c * xi * xi * *ci;
                *ci / (t * t)
            } else {
                let cx = *ci * xi;
                let d = 1.0 + c * v;
                *ci - cx * cx * (c * c * v + 2.0 * c) / (d * d)
            };
        }
        true
    }

    fn update_paper_full(&mut self, x: &[f64], y: f64) -> bool {
        let c = self.params.c;
        let state = &mut self.state;
        with_bias(x, self.params.bias, |x| {
            let loss = 1.0 - y * dot(&state.mean, x);
            if loss.is_nan() || loss <= 0.0 {
                return false;
            }
            let sx = state.sigma_x(x);
            let v = dot(x, &sx);
            let alpha = loss / (v + 1.0 / c);
            let shrink = (c * c * v + 2.0 * c) / ((1.0 + c * v) * (1.0 + c * v));
            if !(alpha.is_finite() && shrink.is_finite()) {
                return false;
            }
            state.rank_one_update(alpha * y, &sx, shrink);
            true
        })
    }
}

fn internal_dim(dim: usize, params: &NherdParams, profile: Profile) -> usize {
    dim + usize::from(profile == Profile::Paper && params.bias)
}

fn full(params: &NherdParams, profile: Profile) -> bool {
    profile == Profile::Paper && !params.diagonal
}

impl Classifier for Nherd {
    fn update(&mut self, x: &[f64], y: Label) -> bool {
        if x.len() != self.dim {
            return false;
        }
        let y = y.sign();
        match self.profile {
            Profile::Flight => self.update_diagonal(x, y, dot(&self.state.mean, x)),
            Profile::Paper if self.params.diagonal => {
                let bias = self.params.bias;
                with_bias(x, bias, |xb| {
                    let m = dot(&self.state.mean, xb);
                    self.update_diagonal(xb, y, m)
                })
            }
            Profile::Paper => self.update_paper_full(x, y),
        }
    }

    fn score(&self, x: &[f64]) -> f64 {
        if x.len() != self.dim {
            return f64::NAN;
        }
        with_bias(x, self.profile == Profile::Paper && self.params.bias, |x| {
            dot(&self.state.mean, x)
        })
    }

    /// Flight: one margin `w·x` for both the prediction and the update.
    #[inline]
    fn predict_then_update(&mut self, x: &[f64], y: Label) -> (Label, bool) {
        let flight = self.profile == Profile::Flight;
        predict_then_update_sharing_margin(self, flight, x, y, margin_label, Self::update_diagonal)
    }

    fn dimension(&self) -> usize {
        self.dim
    }

    fn reset(&mut self) {
        *self = Nherd::new(self.dim, self.params, self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_flight_update_matches_spec_formulas() {
        let mut n = Nherd::new(2, NherdParams::default(), Profile::Flight);
        let x = [0.5, 0.25];
        assert!(n.update(&x, Label::On));
        let c = 0.1;
        let v = 1.0 * 0.5 * 0.5 + 1.0 * 0.25 * 0.25;
        let alpha = 1.0 / (v + 1.0 / c);
        let d = 1.0 + c * v;
        let expect_cov: Vec<f64> = x
            .iter()
            .map(|xi| 1.0 - (1.0 * xi) * (1.0 * xi) * (c * c * v + 2.0 * c) / (d * d))
            .collect();
        assert_eq!(
            n.state().mean,
            vec![alpha * 1.0 * 1.0 * 0.5, alpha * 1.0 * 1.0 * 0.25]
        );
        assert_eq!(n.state().cov, Covariance::Diagonal(expect_cov));
    }

    #[test]
    fn exact_diagonal_variant_differs() {
        let p = NherdParams {
            diagonal: true,
            ..NherdParams::default()
        };
        let mut a = Nherd::new(1, p, Profile::Flight);
        a.update(&[0.5], Label::On);
        let t = 1.0 + 0.1 * 0.5 * 0.5 * 1.0;
        assert_eq!(a.state().cov, Covariance::Diagonal(vec![1.0 / (t * t)]));
        let mut paper = Nherd::new(1, p, Profile::Paper);
        paper.update(&[0.5], Label::On);
        assert!(!paper.state().cov.is_full());
    }
}
