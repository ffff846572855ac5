//! Passive-aggressive learning: PA, PA-I, PA-II (Crammer et al., 2006).

use super::{
    Classifier, cpp_max, cpp_min, dot, margin_label, predict_then_update_sharing_margin, with_bias,
};
use crate::label::{Label, Profile};
use serde::{Deserialize, Serialize};

/// Which passive-aggressive step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaVariant {
    /// PA: `τ = ℓ/‖x‖²`.
    Pa,
    /// PA-I: `τ = min(C, ℓ/‖x‖²)`.
    Pa1,
    /// PA-II: `τ = ℓ/(‖x‖² + 1/(2C))` (flight: `ℓ/(x_i² + C/2)`).
    Pa2,
}

/// PA hyperparameters (one struct for the three variants).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PaParams {
    /// Aggressiveness `C > 0` (flight: 0.1; unused by plain PA).
    #[serde(with = "crate::json_float")]
    pub c: f64,
    /// Paper profile only: append a constant-1 bias feature.
    pub bias: bool,
}

impl Default for PaParams {
    fn default() -> Self {
        PaParams {
            c: 0.1,
            bias: false,
        }
    }
}

/// PA model state (model-file `state`: `w`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PaState {
    /// The weights (the bias weight last, if any). NaN/±∞ are possible in flight.
    #[serde(with = "crate::json_float::vec")]
    pub w: Vec<f64>,
}

/// A passive-aggressive classifier.
///
/// Flight (spec §3): updates on every sample; the loss `ℓ = max(0, 1 − y·m)` is computed
/// once, then each coordinate takes its own step from `x_i²` alone (not `‖x‖²`), PA-II
/// uses `C/2` (not `1/(2C)`). With `x_i = 0`, PA's `ℓ/0 = +∞` (or `0/0 = NaN`) times
/// `x_i = 0` gives NaN, which poisons `w_i` for good (a NaN score predicts OFF); PA-I's
/// `std::min(C, ·)` turns both into `C`. Paper: the published steps on `‖x‖²`, no update
/// when `ℓ = 0` or `‖x‖ = 0`.
#[derive(Debug, Clone, PartialEq)]
pub struct Pa {
    profile: Profile,
    variant: PaVariant,
    params: PaParams,
    dim: usize,
    state: PaState,
}

impl Pa {
    /// A fresh model (`w = 0`).
    pub fn new(dim: usize, variant: PaVariant, params: PaParams, profile: Profile) -> Pa {
        let d = internal_dim(dim, &params, profile);
        Pa {
            profile,
            variant,
            params,
            dim,
            state: PaState { w: vec![0.0; d] },
        }
    }

    /// A model with a given state, if its dimension fits (`None` otherwise).
    pub fn from_state(
        dim: usize,
        variant: PaVariant,
        params: PaParams,
        profile: Profile,
        state: PaState,
    ) -> Option<Pa> {
        (state.w.len() == internal_dim(dim, &params, profile)).then_some(Pa {
            profile,
            variant,
            params,
            dim,
            state,
        })
    }

    /// The weights.
    pub fn state(&self) -> &PaState {
        &self.state
    }

    /// The hyperparameters.
    pub fn params(&self) -> &PaParams {
        &self.params
    }

    /// The variant.
    pub fn variant(&self) -> PaVariant {
        self.variant
    }

    /// The flight step; `margin` is `w·x`.
    fn update_flight(&mut self, x: &[f64], y: f64, margin: f64) -> bool {
        let w = &mut self.state.w;
        let c = self.params.c;
        let loss = cpp_max(0.0, 1.0 - y * margin);
        for (wi, xi) in w.iter_mut().zip(x) {
            let x2 = xi * xi;
            let tau = match self.variant {
                PaVariant::Pa => loss / x2,
                PaVariant::Pa1 => cpp_min(c, loss / x2),
                PaVariant::Pa2 => loss / (x2 + 1.0 / 2.0 * c),
            };
            *wi += tau * y * xi;
        }
        true
    }

    fn update_paper(&mut self, x: &[f64], y: f64) -> bool {
        let (c, variant) = (self.params.c, self.variant);
        let w = &mut self.state.w;
        with_bias(x, self.params.bias, |x| {
            let loss = 1.0 - y * dot(w, x);
            let norm2 = dot(x, x);
            if loss.is_nan() || loss <= 0.0 || norm2.is_nan() || norm2 <= 0.0 {
                return false;
            }
            let tau = match variant {
                PaVariant::Pa => loss / norm2,
                PaVariant::Pa1 => (loss / norm2).min(c),
                PaVariant::Pa2 => loss / (norm2 + 1.0 / (2.0 * c)),
            };
            if !tau.is_finite() {
                return false;
            }
            for (wi, xi) in w.iter_mut().zip(x) {
                *wi += tau * y * xi;
            }
            true
        })
    }
}

fn internal_dim(dim: usize, params: &PaParams, profile: Profile) -> usize {
    dim + usize::from(profile == Profile::Paper && params.bias)
}

impl Classifier for Pa {
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
        *self = Pa::new(self.dim, self.variant, self.params, self.profile);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flight(variant: PaVariant, dim: usize) -> Pa {
        Pa::new(dim, variant, PaParams::default(), Profile::Flight)
    }

    #[test]
    fn zero_input_poisons_pa_with_nan() {
        let mut pa = flight(PaVariant::Pa, 2);
        assert!(pa.update(&[0.0, 0.5], Label::On));
        // ℓ = 1, τ_0 = 1/0 = ∞, ∞·0 = NaN.
        assert!(pa.state().w[0].is_nan());
        assert_eq!(pa.state().w[1], 1.0 / 0.25 * 0.5);
        assert!(pa.score(&[0.3, 0.3]).is_nan());
        assert_eq!(
            pa.predict(&[0.3, 0.3]),
            Label::Off,
            "a NaN score predicts OFF"
        );
        // Once NaN, always NaN.
        pa.update(&[0.3, 0.3], Label::Off);
        assert!(pa.state().w[0].is_nan());
    }

    #[test]
    fn zero_loss_and_zero_input_give_nan_too() {
        // 0/0 = NaN: even with no loss, a zero coordinate poisons plain PA.
        let mut pa = flight(PaVariant::Pa, 2);
        pa.state.w = vec![0.0, 4.0];
        assert!(pa.update(&[0.0, 0.5], Label::On));
        assert!(pa.state().w[0].is_nan());
        assert_eq!(
            pa.state().w[1],
            4.0,
            "ℓ = 0: the other coordinate does not move"
        );
    }

    #[test]
    fn pa1_caps_infinite_and_nan_steps_at_c() {
        let mut pa1 = flight(PaVariant::Pa1, 2);
        pa1.update(&[0.0, 0.5], Label::On);
        assert_eq!(pa1.state().w[0], 0.0);
        assert_eq!(pa1.state().w[1], 0.1 * 0.5);
        let mut pa2 = flight(PaVariant::Pa2, 1);
        pa2.update(&[0.0], Label::On);
        assert_eq!(pa2.state().w[0], 0.0);
        pa2.update(&[0.5], Label::On);
        assert_eq!(pa2.state().w[0], 1.0 / (0.25 + 0.05) * 0.5);
    }

    #[test]
    fn flight_steps_are_per_coordinate_and_always_taken() {
        let mut pa = flight(PaVariant::Pa, 2);
        assert!(pa.update(&[0.5, 0.25], Label::On));
        // Each coordinate alone would reach margin 1: w_i = 1/x_i.
        assert_eq!(pa.state().w, vec![2.0, 4.0]);
        assert!(
            pa.update(&[0.5, 0.25], Label::On),
            "PA always updates in flight"
        );
        let mut paper = Pa::new(2, PaVariant::Pa, PaParams::default(), Profile::Paper);
        assert!(paper.update(&[0.5, 0.25], Label::On));
        assert!((paper.score(&[0.5, 0.25]) - 1.0).abs() < 1e-15);
        assert!(!paper.update(&[0.5, 0.25], Label::On), "no loss, no update");
        assert!(
            !paper.update(&[0.0, 0.0], Label::Off),
            "zero input, no update"
        );
    }
}
