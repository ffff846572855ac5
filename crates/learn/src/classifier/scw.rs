//! SCW-I: soft confidence-weighted learning (Wang, Crammer & Zhao, 2012).

use super::cw::{Covariance, CwState};
use super::{Classifier, cpp_max, cpp_min, dot, predict_then_update_sharing_margin, with_bias};
use crate::label::{Label, Profile};
use crate::special::{normal_cdf, normal_quantile};
use serde::{Deserialize, Serialize};

/// SCW hyperparameters.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ScwParams {
    /// Aggressiveness `C > 0` (flight: 1.0).
    #[serde(with = "crate::json_float")]
    pub c: f64,
    /// Confidence `η` (flight: 0.95). Flight: `φ = Φ(η)`; paper: `φ = Φ⁻¹(η)`.
    #[serde(with = "crate::json_float")]
    pub eta: f64,
    /// Paper profile only: append a constant-1 bias feature.
    pub bias: bool,
}

impl Default for ScwParams {
    fn default() -> Self {
        ScwParams {
            c: 1.0,
            eta: 0.95,
            bias: false,
        }
    }
}

/// An SCW-I classifier. Flight: diagonal covariance with the three departures of spec §3
/// kept (`φ = Φ(η)`, `α` scaled by `ζ/v`, `β` computed with `γ` in place of `v`), and a
/// tie (score exactly 0) predicts ON. Paper: the published SCW-I, full covariance.
#[derive(Debug, Clone, PartialEq)]
pub struct Scw {
    profile: Profile,
    params: ScwParams,
    dim: usize,
    /// `φ`: Φ(η) in flight, Φ⁻¹(η) in the paper.
    phi: f64,
    /// `φ⁴` as the flight code computed it, `std::pow(φ, 4.0)` (cached: it depends on η only).
    phi4: f64,
    state: CwState,
}

impl Scw {
    /// A fresh model for `dim` features (`μ = 0`, `Σ = I`).
    pub fn new(dim: usize, params: ScwParams, profile: Profile) -> Scw {
        let phi = match profile {
            Profile::Flight => normal_cdf(params.eta),
            Profile::Paper => normal_quantile(params.eta),
        };
        let state = CwState::new(
            internal_dim(dim, &params, profile),
            profile == Profile::Paper,
        );
        // glibc's pow, as on board (x*x*x*x rounds differently for the flight φ).
        Scw {
            profile,
            params,
            dim,
            phi,
            phi4: phi.powf(4.0),
            state,
        }
    }

    /// A model with a given state, if its dimensions fit (`None` otherwise).
    pub fn from_state(
        dim: usize,
        params: ScwParams,
        profile: Profile,
        state: CwState,
    ) -> Option<Scw> {
        let d = internal_dim(dim, &params, profile);
        let fresh = Scw::new(dim, params, profile);
        state
            .is_valid(d, profile == Profile::Paper)
            .then_some(Scw { state, ..fresh })
    }

    /// The mean and covariance.
    pub fn state(&self) -> &CwState {
        &self.state
    }

    /// The hyperparameters.
    pub fn params(&self) -> &ScwParams {
        &self.params
    }

    /// `φ` as used by the update (flight: Φ(η); paper: Φ⁻¹(η)).
    pub fn phi(&self) -> f64 {
        self.phi
    }

    /// The flight step; `dotp` is the margin `μ·x`.
    fn update_flight(&mut self, x: &[f64], y: f64, dotp: f64) -> bool {
        let Covariance::Diagonal(cov) = &mut self.state.cov else {
            return false;
        };
        let mean = &mut self.state.mean;
        let (phi, c) = (self.phi, self.params.c);
        let mut v = 0.0;
        for (ci, xi) in cov.iter().zip(x) {
            v += ci * xi * xi;
        }
        let m = y * dotp;
        let n = v + 1.0 / 2.0 * c;
        let gamma = phi * (phi * phi * m * m * v * v + 4.0 * n * v * (n + v * phi * phi)).sqrt();
        // α and β come first, from the pre-update state (spec §3).
        let psi = 1.0 + phi * phi / 2.0;
        let zeta = 1.0 + phi * phi;
        let tmp1 = -m * psi + (m * m * self.phi4 / 4.0 + v * phi * phi * zeta).sqrt();
        // Departure: (1/v)·ζ where the paper has 1/(vζ).
        let tmp2 = 1.0 / v * zeta * tmp1;
        let alpha = cpp_min(c, cpp_max(0.0, tmp2));
        // Departure: γ where the paper has v.
        let t =
            -alpha * gamma * phi + (alpha * alpha * gamma * gamma * phi * phi + 4.0 * gamma).sqrt();
        let u = t * t / 4.0;
        let beta = alpha * phi / (u.sqrt() + gamma * alpha * phi);
        let loss = cpp_max(0.0, phi * v.sqrt() - y * dotp);
        if loss <= 0.0 {
            return false;
        }
        for ((mu, ci), xi) in mean.iter_mut().zip(cov.iter_mut()).zip(x) {
            let cx = *ci * xi;
            *mu += alpha * y * cx;
            *ci -= beta * cx * cx;
        }
        true
    }

    fn update_paper(&mut self, x: &[f64], y: f64) -> bool {
        let (phi, c) = (self.phi, self.params.c);
        let state = &mut self.state;
        with_bias(x, self.params.bias, |x| {
            let sx = state.sigma_x(x);
            let v = dot(x, &sx);
            let m = y * dot(&state.mean, x);
            let loss = phi * v.sqrt() - m;
            if loss.is_nan() || loss <= 0.0 || v.is_nan() || v <= 0.0 {
                return false;
            }
            let psi = 1.0 + phi * phi / 2.0;
            let zeta = 1.0 + phi * phi;
            let phi4 = phi * phi * phi * phi;
            let raw = (-m * psi + (m * m * phi4 / 4.0 + v * phi * phi * zeta).sqrt()) / (v * zeta);
            let alpha = raw.max(0.0).min(c);
            let t = -alpha * v * phi + (alpha * alpha * v * v * phi * phi + 4.0 * v).sqrt();
            let u = t * t / 4.0;
            let beta = alpha * phi / (u.sqrt() + v * alpha * phi);
            if !(alpha.is_finite() && beta.is_finite()) {
                return false;
            }
            state.rank_one_update(alpha * y, &sx, beta);
            true
        })
    }
}

fn internal_dim(dim: usize, params: &ScwParams, profile: Profile) -> usize {
    dim + usize::from(profile == Profile::Paper && params.bias)
}

impl Classifier for Scw {
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

    /// OFF only when the score is `< 0`: a tie (0) is ON (spec §3). A NaN score is ON too
    /// in flight (`NaN < 0` is false), OFF for a wrong-dimension input.
    fn predict(&self, x: &[f64]) -> Label {
        if x.len() != self.dim {
            return Label::Off;
        }
        scw_label(self.score(x))
    }

    /// Flight: one margin `w·x` for both the prediction and the update.
    #[inline]
    fn predict_then_update(&mut self, x: &[f64], y: Label) -> (Label, bool) {
        let flight = self.profile == Profile::Flight;
        predict_then_update_sharing_margin(self, flight, x, y, scw_label, Self::update_flight)
    }

    fn dimension(&self) -> usize {
        self.dim
    }

    fn reset(&mut self) {
        *self = Scw::new(self.dim, self.params, self.profile);
    }
}

/// SCW's prediction of a score: OFF only when it is `< 0`.
#[inline]
fn scw_label(score: f64) -> Label {
    Label::from_bool_on(score.is_nan() || score >= 0.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tie_predicts_on() {
        let s = Scw::new(3, ScwParams::default(), Profile::Flight);
        assert_eq!(s.score(&[0.5, 0.25, 0.125]), 0.0);
        assert_eq!(s.predict(&[0.5, 0.25, 0.125]), Label::On);
        assert_eq!(s.predict(&[0.5]), Label::Off, "wrong dimension");
    }

    #[test]
    fn flight_phi_is_the_cdf_and_paper_phi_the_quantile() {
        let f = Scw::new(1, ScwParams::default(), Profile::Flight);
        assert_eq!(f.phi(), "0.828943873691518229".parse::<f64>().unwrap());
        let p = Scw::new(1, ScwParams::default(), Profile::Paper);
        assert!((p.phi() - 1.644_853_626_951_472).abs() < 1e-14);
    }

    #[test]
    fn flight_update_uses_the_pre_update_state_and_the_quirky_formulas() {
        let mut s = Scw::new(1, ScwParams::default(), Profile::Flight);
        let x = 0.5;
        assert!(s.update(&[x], Label::Off));
        // Recompute by hand from spec §3 with μ = 0, Σ = 1, y = −1.
        let phi = s.phi();
        let v = x * x;
        let (m, c) = (0.0, 1.0);
        let n = v + c / 2.0;
        let gamma = phi * (phi * phi * m * m * v * v + 4.0 * n * v * (n + v * phi * phi)).sqrt();
        let zeta = 1.0 + phi * phi;
        let tmp = (1.0 / v) * zeta * ((v * phi * phi * zeta).sqrt());
        let alpha = tmp.min(c);
        let t =
            -alpha * gamma * phi + (alpha * alpha * gamma * gamma * phi * phi + 4.0 * gamma).sqrt();
        let beta = alpha * phi / ((t * t / 4.0).sqrt() + gamma * alpha * phi);
        assert_eq!(s.state().mean, vec![-alpha * x]);
        assert_eq!(
            s.state().cov,
            Covariance::Diagonal(vec![1.0 - beta * x * x])
        );
        // A tiny alpha would mean the ζ/v departure was dropped: here α hits C.
        assert_eq!(alpha, 1.0);
    }

    #[test]
    fn no_update_when_the_confidence_margin_is_met() {
        let mut s = Scw::new(1, ScwParams::default(), Profile::Flight);
        s.state.mean = vec![10.0];
        assert!(!s.update(&[0.5], Label::On));
        assert!(s.update(&[0.5], Label::Off));
    }
}
