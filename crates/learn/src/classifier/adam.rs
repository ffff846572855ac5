//! Adam on the hinge loss (Kingma & Ba, 2015).

use super::pow_memo::pow;
use super::{
    Classifier, cpp_max, dot, margin_label, predict_then_update_sharing_margin, with_bias,
};
use crate::label::{Label, Profile};
use serde::{Deserialize, Serialize};

/// Adam hyperparameters (the flight values were compile-time constants).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AdamParams {
    /// Step size `α` (flight: 0.001).
    #[serde(with = "crate::json_float")]
    pub alpha: f64,
    /// First-moment decay `β1` (flight: 0.9).
    #[serde(with = "crate::json_float")]
    pub beta1: f64,
    /// Second-moment decay `β2` (flight: 0.999).
    #[serde(with = "crate::json_float")]
    pub beta2: f64,
    /// `ε` (flight: 1e-8).
    #[serde(with = "crate::json_float")]
    pub epsilon: f64,
    /// Decay of `β1`: `β1_t = λ^(t−1)·β1` (flight: 0.99999999; 1 gives constant `β1`).
    #[serde(with = "crate::json_float")]
    pub lambda: f64,
    /// Paper profile only: append a constant-1 bias feature.
    pub bias: bool,
}

impl Default for AdamParams {
    fn default() -> Self {
        AdamParams {
            alpha: 0.001,
            beta1: 0.9,
            beta2: 0.999,
            epsilon: 1e-8,
            lambda: 0.999_999_99,
            bias: false,
        }
    }
}

/// Adam state (model-file `state`: `w`, `m`, `v`, `t`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdamState {
    /// Weights.
    #[serde(with = "crate::json_float::vec")]
    pub w: Vec<f64>,
    /// First moments.
    #[serde(with = "crate::json_float::vec")]
    pub m: Vec<f64>,
    /// Second moments.
    #[serde(with = "crate::json_float::vec")]
    pub v: Vec<f64>,
    /// Step counter (flight: updates since the last load, as it was not saved, spec §4).
    pub t: u64,
}

/// An Adam classifier on the hinge loss `max(0, 1 − y·w·x)`.
///
/// Flight (spec §3): steps only when the loss is positive; `t` counts those steps.
/// Paper: Algorithm 1 of the paper with the hinge subgradient (0 when the loss is 0),
/// one step per sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Adam {
    profile: Profile,
    params: AdamParams,
    dim: usize,
    state: AdamState,
}

impl Adam {
    /// A fresh model (all zero, `t = 0`).
    pub fn new(dim: usize, params: AdamParams, profile: Profile) -> Adam {
        let d = dim + usize::from(profile == Profile::Paper && params.bias);
        let state = AdamState {
            w: vec![0.0; d],
            m: vec![0.0; d],
            v: vec![0.0; d],
            t: 0,
        };
        Adam {
            profile,
            params,
            dim,
            state,
        }
    }

    /// A model with a given state, if its dimensions fit (`None` otherwise).
    pub fn from_state(
        dim: usize,
        params: AdamParams,
        profile: Profile,
        state: AdamState,
    ) -> Option<Adam> {
        let d = dim + usize::from(profile == Profile::Paper && params.bias);
        (state.w.len() == d && state.m.len() == d && state.v.len() == d).then_some(Adam {
            profile,
            params,
            dim,
            state,
        })
    }

    /// The state.
    pub fn state(&self) -> &AdamState {
        &self.state
    }

    /// The hyperparameters.
    pub fn params(&self) -> &AdamParams {
        &self.params
    }

    /// Sets the step counter: the flight server did not save it, so every load restarted
    /// it at 0 while `w`, `m`, `v` were kept (spec §4).
    pub fn set_step(&mut self, t: u64) {
        self.state.t = t;
    }

    /// The flight step; `margin` is `w·x`.
    fn update_flight(&mut self, x: &[f64], y: f64, margin: f64) -> bool {
        let p = self.params;
        let s = &mut self.state;
        let loss = cpp_max(0.0, 1.0 - y * margin);
        if loss <= 0.0 {
            return false;
        }
        // `std::pow` as on board (glibc's pow, via f64::powf, memoised: the other Adam
        // models of the set ask for the same powers), with `t` before the increment.
        let beta1_t = pow(p.lambda, s.t as f64) * p.beta1;
        s.t += 1;
        let t = s.t as f64;
        // The flight code evaluates these two inside the loop; same values.
        let bias1 = 1.0 - pow(p.beta1, t);
        let bias2 = 1.0 - pow(p.beta2, t);
        for (((wi, mi), vi), xi) in
            s.w.iter_mut()
                .zip(s.m.iter_mut())
                .zip(s.v.iter_mut())
                .zip(x)
        {
            let g = -y * xi;
            *mi = beta1_t * *mi + (1.0 - beta1_t) * g;
            *vi = p.beta2 * *vi + (1.0 - p.beta2) * g * g;
            let m_hat = *mi / bias1;
            let v_hat = *vi / bias2;
            *wi -= p.alpha * m_hat / (v_hat.sqrt() + p.epsilon);
        }
        true
    }

    fn update_paper(&mut self, x: &[f64], y: f64) -> bool {
        let p = self.params;
        let s = &mut self.state;
        with_bias(x, p.bias, |x| {
            let loss = 1.0 - y * dot(&s.w, x);
            let active = loss > 0.0;
            let beta1_t = p.beta1 * pow(p.lambda, s.t as f64);
            s.t += 1;
            let t = s.t as f64;
            let bias1 = 1.0 - pow(p.beta1, t);
            let bias2 = 1.0 - pow(p.beta2, t);
            for (((wi, mi), vi), xi) in
                s.w.iter_mut()
                    .zip(s.m.iter_mut())
                    .zip(s.v.iter_mut())
                    .zip(x)
            {
                let g = if active { -y * xi } else { 0.0 };
                *mi = beta1_t * *mi + (1.0 - beta1_t) * g;
                *vi = p.beta2 * *vi + (1.0 - p.beta2) * g * g;
                *wi -= p.alpha * (*mi / bias1) / ((*vi / bias2).sqrt() + p.epsilon);
            }
            active
        })
    }
}

impl Classifier for Adam {
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
        *self = Adam::new(self.dim, self.params, self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_flight_step_moves_each_weight_by_alpha() {
        let mut a = Adam::new(2, AdamParams::default(), Profile::Flight);
        assert!(a.update(&[0.5, 0.25], Label::On));
        assert_eq!(a.state().t, 1);
        // m̂ = g, v̂ = g², so the step is α·g/(|g| + ε) ≈ α.
        for wi in &a.state().w {
            assert!((wi - 0.001).abs() < 1e-10, "{wi}");
        }
    }

    #[test]
    fn step_counter_restart_changes_the_next_step() {
        let mut a = Adam::new(1, AdamParams::default(), Profile::Flight);
        for _ in 0..50 {
            a.update(&[0.3], Label::On);
        }
        let mut restarted = a.clone();
        restarted.set_step(0);
        a.update(&[0.3], Label::On);
        restarted.update(&[0.3], Label::On);
        assert_eq!(restarted.state().t, 1);
        assert_ne!(a.state().w, restarted.state().w);
    }

    #[test]
    fn no_flight_step_without_loss_but_paper_steps_every_sample() {
        let mut a = Adam::new(1, AdamParams::default(), Profile::Flight);
        a.state.w = vec![10.0];
        assert!(!a.update(&[0.5], Label::On));
        assert_eq!(a.state().t, 0);
        let mut p = Adam::new(1, AdamParams::default(), Profile::Paper);
        p.state.w = vec![10.0];
        assert!(!p.update(&[0.5], Label::On));
        assert_eq!(p.state().t, 1);
    }
}
