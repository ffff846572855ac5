//! AROW: adaptive regularisation of weight vectors (Crammer, Kulesza & Dredze, 2009).

use super::cw::{Covariance, CwState};
use super::{
    Classifier, cpp_max, dot, margin_label, predict_then_update_sharing_margin, with_bias,
};
use crate::label::{Label, Profile};
use serde::{Deserialize, Serialize};

/// AROW hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ArowParams {
    /// Regularisation `r > 0` (flight: 0.8).
    #[serde(with = "crate::json_float")]
    pub r: f64,
    /// Paper profile only: append a constant-1 bias feature (the flight had none, spec §2).
    pub bias: bool,
}

impl Default for ArowParams {
    fn default() -> Self {
        ArowParams {
            r: 0.8,
            bias: false,
        }
    }
}

/// An AROW classifier. Flight: diagonal covariance, exactly as spec §3. Paper: the
/// published algorithm with a full covariance matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct Arow {
    profile: Profile,
    params: ArowParams,
    dim: usize,
    state: CwState,
}

impl Arow {
    /// A fresh model for `dim` features (`μ = 0`, `Σ = I`).
    pub fn new(dim: usize, params: ArowParams, profile: Profile) -> Arow {
        let state = CwState::new(
            internal_dim(dim, &params, profile),
            profile == Profile::Paper,
        );
        Arow {
            profile,
            params,
            dim,
            state,
        }
    }

    /// A model with a given state, if its dimensions fit (`None` otherwise).
    pub fn from_state(
        dim: usize,
        params: ArowParams,
        profile: Profile,
        state: CwState,
    ) -> Option<Arow> {
        let d = internal_dim(dim, &params, profile);
        state
            .is_valid(d, profile == Profile::Paper)
            .then_some(Arow {
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
    pub fn params(&self) -> &ArowParams {
        &self.params
    }

    /// The profile.
    pub fn profile(&self) -> Profile {
        self.profile
    }

    /// The flight step; `m` is the margin `μ·x`.
    fn update_flight(&mut self, x: &[f64], y: f64, m: f64) -> bool {
        let Covariance::Diagonal(cov) = &mut self.state.cov else {
            return false;
        };
        let mean = &mut self.state.mean;
        // Spec §3: update when m*y < 1; the flight code skips when `m*y >= 1`, so a NaN
        // margin still updates.
        if m * y >= 1.0 {
            return false;
        }
        let mut v = 0.0;
        for (c, xi) in cov.iter().zip(x) {
            v += c * xi * xi;
        }
        let beta = 1.0 / (v + self.params.r);
        let alpha = cpp_max(0.0, 1.0 - y * m) * beta;
        for ((mu, c), xi) in mean.iter_mut().zip(cov.iter_mut()).zip(x) {
            let cx = *c * xi;
            *mu += alpha * y * cx;
            *c -= beta * cx * cx;
        }
        true
    }

    fn update_paper(&mut self, x: &[f64], y: f64) -> bool {
        let state = &mut self.state;
        let r = self.params.r;
        with_bias(x, self.params.bias, |x| {
            let loss = 1.0 - y * dot(&state.mean, x);
            if loss.is_nan() || loss <= 0.0 {
                return false;
            }
            let sx = state.sigma_x(x);
            let beta = 1.0 / (dot(x, &sx) + r);
            if !beta.is_finite() {
                return false;
            }
            state.rank_one_update(loss * beta * y, &sx, beta);
            true
        })
    }
}

fn internal_dim(dim: usize, params: &ArowParams, profile: Profile) -> usize {
    dim + usize::from(profile == Profile::Paper && params.bias)
}

impl Classifier for Arow {
    fn update(&mut self, x: &[f64], y: Label) -> bool {
        if x.len() != self.dim {
            return false;
        }
        match self.profile {
            Profile::Flight => self.update_flight(x, y.sign(), dot(&self.state.mean, x)),
            Profile::Paper => self.update_paper(x, y.sign()),
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
        predict_then_update_sharing_margin(self, flight, x, y, margin_label, Self::update_flight)
    }

    fn dimension(&self) -> usize {
        self.dim
    }

    fn reset(&mut self) {
        *self = Arow::new(self.dim, self.params, self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_flight_update_matches_hand_computation() {
        let mut a = Arow::new(1, ArowParams::default(), Profile::Flight);
        assert!(a.update(&[0.5], Label::On));
        // v = 0.25, β = 1/1.05, α = 1·β, μ = αΣx = 0.5/1.05, Σ = 1 − β·0.25.
        let beta = 1.0 / (0.25 + 0.8);
        assert_eq!(a.state().mean, vec![beta * 1.0 * 0.5]);
        assert_eq!(
            a.state().cov,
            Covariance::Diagonal(vec![1.0 - beta * 0.5 * 0.5])
        );
        // Margin already ≥ 1: no update.
        let mut b = a.clone();
        b.state.mean = vec![4.0];
        assert!(!b.update(&[0.5], Label::On));
    }

    #[test]
    fn score_zero_predicts_off_and_wrong_dimension_is_refused() {
        let mut a = Arow::new(2, ArowParams::default(), Profile::Flight);
        assert_eq!(a.score(&[0.3, 0.4]), 0.0);
        assert_eq!(a.predict(&[0.3, 0.4]), Label::Off);
        assert!(!a.update(&[0.3], Label::On));
        assert!(a.score(&[0.3]).is_nan());
        assert_eq!(a.predict(&[0.3]), Label::Off);
        assert_eq!(a, Arow::new(2, ArowParams::default(), Profile::Flight));
    }

    #[test]
    fn paper_bias_lets_a_constant_input_be_separated() {
        let params = ArowParams {
            bias: true,
            ..ArowParams::default()
        };
        let mut a = Arow::new(1, params, Profile::Paper);
        for _ in 0..20 {
            a.update(&[0.0], Label::On);
        }
        assert_eq!(a.predict(&[0.0]), Label::On);
        assert_eq!(a.state().mean.len(), 2);
        let mut flight = Arow::new(1, params, Profile::Flight);
        flight.update(&[0.0], Label::On);
        assert_eq!(flight.predict(&[0.0]), Label::Off, "no bias in flight");
    }
}
