//! AdaGrad with ℓ1-regularised dual averaging (Duchi, Hazan & Singer, 2011; Xiao, 2010).

use super::{
    Classifier, cpp_max, dot, margin_label, predict_then_update_sharing_margin, with_bias,
};
use crate::label::{Label, Profile};
use serde::{Deserialize, Serialize};

/// AdaGrad-RDA hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct RdaParams {
    /// Step size `η` (flight: 0.1).
    #[serde(with = "crate::json_float")]
    pub eta: f64,
    /// ℓ1 strength `λ` (flight: 1e-6).
    #[serde(with = "crate::json_float")]
    pub lambda: f64,
    /// Paper profile only: `δ ≥ 0` added to `sqrt(h_i)` (flight: none, so `η/sqrt(0) = ∞`).
    #[serde(with = "crate::json_float")]
    pub delta: f64,
    /// Paper profile only: append a constant-1 bias feature.
    pub bias: bool,
}

impl Default for RdaParams {
    fn default() -> Self {
        RdaParams {
            eta: 0.1,
            lambda: 1e-6,
            delta: 0.0,
            bias: false,
        }
    }
}

/// AdaGrad-RDA state (model-file `state`: `w`, `h`, `g`, `t`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RdaState {
    /// Weights.
    #[serde(with = "crate::json_float::vec")]
    pub w: Vec<f64>,
    /// Sums of squared gradients.
    #[serde(with = "crate::json_float::vec")]
    pub h: Vec<f64>,
    /// Sums of gradients.
    #[serde(with = "crate::json_float::vec")]
    pub g: Vec<f64>,
    /// Step counter (flight: updates only; paper: every sample).
    pub t: u64,
}

/// An AdaGrad-RDA classifier on the hinge loss.
///
/// Flight (spec §3): only samples with a positive loss count (`t` counts updates),
/// `sign(0) = +1`, `η/sqrt(0) = +∞`. Paper: every sample is a step (zero subgradient when
/// the loss is 0), `w_i = −sign(g_i)·η·t·(|g_i|/t − λ)/(δ + sqrt(h_i))`.
#[derive(Debug, Clone, PartialEq)]
pub struct Rda {
    profile: Profile,
    params: RdaParams,
    dim: usize,
    state: RdaState,
}

impl Rda {
    /// A fresh model (all zero).
    pub fn new(dim: usize, params: RdaParams, profile: Profile) -> Rda {
        let d = dim + usize::from(profile == Profile::Paper && params.bias);
        let state = RdaState {
            w: vec![0.0; d],
            h: vec![0.0; d],
            g: vec![0.0; d],
            t: 0,
        };
        Rda {
            profile,
            params,
            dim,
            state,
        }
    }

    /// A model with a given state, if its dimensions fit (`None` otherwise).
    pub fn from_state(
        dim: usize,
        params: RdaParams,
        profile: Profile,
        state: RdaState,
    ) -> Option<Rda> {
        let d = dim + usize::from(profile == Profile::Paper && params.bias);
        (state.w.len() == d && state.h.len() == d && state.g.len() == d).then_some(Rda {
            profile,
            params,
            dim,
            state,
        })
    }

    /// The state.
    pub fn state(&self) -> &RdaState {
        &self.state
    }

    /// The hyperparameters.
    pub fn params(&self) -> &RdaParams {
        &self.params
    }

    /// The flight step; `margin` is `w·x`.
    fn update_flight(&mut self, x: &[f64], y: f64, margin: f64) -> bool {
        let p = self.params;
        let s = &mut self.state;
        let loss = cpp_max(0.0, 1.0 - y * margin);
        if loss <= 0.0 {
            return false;
        }
        s.t += 1;
        let t = s.t as f64;
        for (((wi, hi), gi), xi) in
            s.w.iter_mut()
                .zip(s.h.iter_mut())
                .zip(s.g.iter_mut())
                .zip(x)
        {
            let grad = -y * xi;
            *gi += grad;
            *hi += grad * grad;
            // sign(0) = +1 (`g >= 0 ? 1 : -1`); η/sqrt(0) = +∞, used only when u > λ.
            let sign = if *gi >= 0.0 { 1.0 } else { -1.0 };
            let eta = p.eta / hi.sqrt();
            let u = gi.abs() / t;
            *wi = if u <= p.lambda {
                0.0
            } else {
                -sign * eta * t * (u - p.lambda)
            };
        }
        true
    }

    fn update_paper(&mut self, x: &[f64], y: f64) -> bool {
        let p = self.params;
        let s = &mut self.state;
        with_bias(x, p.bias, |x| {
            let active = 1.0 - y * dot(&s.w, x) > 0.0;
            s.t += 1;
            let t = s.t as f64;
            for (((wi, hi), gi), xi) in
                s.w.iter_mut()
                    .zip(s.h.iter_mut())
                    .zip(s.g.iter_mut())
                    .zip(x)
            {
                let grad = if active { -y * xi } else { 0.0 };
                *gi += grad;
                *hi += grad * grad;
                let u = gi.abs() / t;
                let step = p.eta * t * (u - p.lambda) / (p.delta + hi.sqrt());
                *wi = if u <= p.lambda || !step.is_finite() {
                    0.0
                } else {
                    -gi.signum() * step
                };
            }
            active
        })
    }
}

impl Classifier for Rda {
    fn update(&mut self, x: &[f64], y: Label) -> bool {
        if x.len() != self.dim {
            return false;
        }
        match self.profile {
            Profile::Flight => self.update_flight(x, y.sign(), dot(&self.state.w, x)),
            Profile::Paper => self.update_paper(x, y.sign()),
        }
    }

    fn score(&self, x: &[f64]) -> f64 {
        if x.len() != self.dim {
            return f64::NAN;
        }
        with_bias(x, self.profile == Profile::Paper && self.params.bias, |x| {
            dot(&self.state.w, x)
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
        *self = Rda::new(self.dim, self.params, self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_of_zero_is_plus_one() {
        // After +x then −x labels on the same input, g = 0 exactly but h > 0; with
        // λ < 0, u = 0 > λ and w = −sign(0)·η/sqrt(h)·t·(0 − λ) is negative: sign(0) = +1.
        let params = RdaParams {
            lambda: -1.0,
            ..RdaParams::default()
        };
        let mut r = Rda::new(1, params, Profile::Flight);
        r.update(&[0.5], Label::On);
        r.update(&[0.5], Label::Off);
        assert_eq!(r.state().g, vec![0.0]);
        let expected = -(0.1 / 0.5f64.sqrt()) * 2.0 * (0.0 + 1.0);
        assert_eq!(r.state().w, vec![expected]);
        assert!(r.state().w[0] < 0.0);
    }

    #[test]
    fn eta_over_sqrt_zero_is_infinite() {
        // x = 0: g = 0, h = 0, η/sqrt(0) = +∞; with λ = −1, u − λ = 1 > 0, so
        // w = −sign(0)·∞·t·1 = −∞.
        let params = RdaParams {
            lambda: -1.0,
            ..RdaParams::default()
        };
        let mut r = Rda::new(1, params, Profile::Flight);
        assert!(r.update(&[0.0], Label::On));
        assert_eq!(r.state().w, vec![f64::NEG_INFINITY]);
        // With the flight λ > 0, u = 0 ≤ λ and the weight is 0: ∞ is never used.
        let mut f = Rda::new(1, RdaParams::default(), Profile::Flight);
        f.update(&[0.0], Label::On);
        assert_eq!(f.state().w, vec![0.0]);
    }

    #[test]
    fn flight_t_counts_updates_only() {
        let mut r = Rda::new(1, RdaParams::default(), Profile::Flight);
        assert!(r.update(&[0.5], Label::On));
        assert_eq!(r.state().t, 1);
        // w = −(−1)·(0.1/0.5)·1·(0.5 − 1e-6)
        assert_eq!(r.state().w, vec![1.0 * (0.1 / 0.5) * 1.0 * (0.5 - 1e-6)]);
        r.state.w = vec![100.0];
        assert!(!r.update(&[0.5], Label::On));
        assert_eq!(r.state().t, 1);
        let mut p = Rda::new(1, RdaParams::default(), Profile::Paper);
        p.update(&[0.5], Label::On);
        p.state.w = vec![100.0];
        assert!(!p.update(&[0.5], Label::On));
        assert_eq!(p.state().t, 2);
    }
}
