//! The online binary classifiers (spec §3), each in two profiles.
//!
//! [`Profile::Flight`](crate::Profile::Flight) follows the flight server (MochiMochi, as
//! flown) to the bit: sums left to right starting from `w[0]*x[0]`, no FMA (Rust never
//! fuses `a*b + c`, and this crate never calls `mul_add`), C++ `std::max`/`std::min` NaN
//! semantics, the flight tie rules and every listed departure from the papers.
//! [`Profile::Paper`](crate::Profile::Paper) follows the publications, with full
//! covariance matrices for the confidence-weighted learners and an optional bias feature
//! (a constant 1 appended inside the classifier).
//!
//! Inputs whose length is not the classifier's dimension are refused without a panic:
//! `update` returns `false` and changes nothing, `score` returns NaN (so `predict` says
//! [`Label::Off`]).

mod adam;
mod arow;
mod cw;
mod nherd;
mod pa;
mod pow_memo;
mod rda;
mod scw;

pub use adam::{Adam, AdamParams, AdamState};
pub use arow::{Arow, ArowParams};
pub use cw::{Covariance, CwState};
pub use nherd::{Nherd, NherdParams};
pub use pa::{Pa, PaParams, PaState, PaVariant};
pub use rda::{Rda, RdaParams, RdaState};
pub use scw::{Scw, ScwParams};

use crate::label::Label;

/// An online binary classifier.
pub trait Classifier {
    /// Learns from one example `x` (the features) with label `y`. Returns `true` when the
    /// algorithm's update condition held and its update step ran (flight: the value the
    /// flight `update()` returned; PA always runs).
    fn update(&mut self, x: &[f64], y: Label) -> bool;

    /// The margin `w·x` (or `μ·x`), summed left to right; NaN for an input of the wrong
    /// dimension.
    fn score(&self, x: &[f64]) -> f64;

    /// The predicted label: [`Label::On`] if the score is `> 0` (a score of exactly 0, or
    /// NaN, is OFF); SCW instead predicts OFF only when the score is `< 0` (spec §3).
    fn predict(&self, x: &[f64]) -> Label {
        margin_label(self.score(x))
    }

    /// [`Classifier::predict`] then [`Classifier::update`] on the same example: the label
    /// predicted before learning, and whether the update step ran. The flight profiles
    /// compute the margin once for both (the same bits: the weights have not moved yet).
    fn predict_then_update(&mut self, x: &[f64], y: Label) -> (Label, bool) {
        (self.predict(x), self.update(x, y))
    }

    /// The input dimension (number of features, without the bias).
    fn dimension(&self) -> usize;

    /// Back to the initial state (weights 0, covariances 1, counters 0).
    fn reset(&mut self);
}

/// [`Classifier::predict_then_update`] for a classifier whose flight profile shares the
/// margin: if `flight` and `x` has the classifier's dimension, the margin
/// `m = c.score(x)` (in the flight profile the plain `w·x`, with no bias term) is
/// computed once, `label(m)` gives the prediction and `update(c, x, y.sign(), m)` the
/// flight step (the same bits as separate calls: the weights have not moved yet);
/// otherwise the separate calls.
#[inline(always)]
pub(crate) fn predict_then_update_sharing_margin<C: Classifier>(
    c: &mut C,
    flight: bool,
    x: &[f64],
    y: Label,
    label: fn(f64) -> Label,
    update: fn(&mut C, &[f64], f64, f64) -> bool,
) -> (Label, bool) {
    if !flight || x.len() != c.dimension() {
        return (c.predict(x), c.update(x, y));
    }
    let m = c.score(x);
    (label(m), update(c, x, y.sign(), m))
}

/// The usual prediction of a score: [`Label::On`] if `> 0` (0 and NaN are OFF).
#[inline]
pub(crate) fn margin_label(score: f64) -> Label {
    Label::from_bool_on(score > 0.0)
}

/// `w·x` summed left to right, starting from `w[0]*x[0]` (spec §2); 0 for empty inputs.
#[inline]
pub(crate) fn dot(w: &[f64], x: &[f64]) -> f64 {
    let mut terms = w.iter().zip(x).map(|(a, b)| a * b);
    match terms.next() {
        None => 0.0,
        Some(first) => terms.fold(first, |acc, t| acc + t),
    }
}

/// C++ `std::max(a, b)`: `(a < b) ? b : a` — with a NaN `b`, returns `a`.
#[inline]
pub(crate) fn cpp_max(a: f64, b: f64) -> f64 {
    if a < b { b } else { a }
}

/// C++ `std::min(a, b)`: `(b < a) ? b : a` — with a NaN `b`, returns `a`.
#[inline]
pub(crate) fn cpp_min(a: f64, b: f64) -> f64 {
    if b < a { b } else { a }
}

/// Runs `f` on `x` with a constant-1 bias feature appended when `bias` is set
/// (the paper profile's bias term), without a heap allocation for up to 15 features.
#[inline]
pub(crate) fn with_bias<R>(x: &[f64], bias: bool, f: impl FnOnce(&[f64]) -> R) -> R {
    if !bias {
        return f(x);
    }
    let n = x.len();
    if n < 16 {
        let mut buf = [0.0; 16];
        buf[..n].copy_from_slice(x);
        buf[n] = 1.0;
        f(&buf[..=n])
    } else {
        let mut v = x.to_vec();
        v.push(1.0);
        f(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_sums_left_to_right_from_the_first_product() {
        // (1e16 + 1) - 1e16 = 0 left to right; any other order gives 1 or 2.
        assert_eq!(dot(&[1e16, 1.0, -1e16, 1.0], &[1.0; 4]), 1.0);
        assert_eq!(dot(&[1.0, 1e16, -1e16], &[1.0; 3]), 0.0);
        assert_eq!(dot(&[], &[]), 0.0);
        // The sum starts from w[0]*x[0], not from +0.0: -0.0 stays -0.0.
        assert!(dot(&[-0.0], &[1.0]).is_sign_negative());
    }

    #[test]
    fn cpp_min_max_keep_the_first_argument_on_nan() {
        assert_eq!(cpp_max(0.0, f64::NAN), 0.0);
        assert!(cpp_max(f64::NAN, 0.0).is_nan());
        assert_eq!(cpp_min(0.1, f64::NAN), 0.1);
        assert_eq!(cpp_min(0.1, f64::INFINITY), 0.1);
        assert_eq!(cpp_max(0.0, 2.0), 2.0);
        assert_eq!(cpp_min(0.1, 0.05), 0.05);
    }

    #[test]
    fn bias_is_appended_as_a_constant_one() {
        assert_eq!(
            with_bias(&[2.0, 3.0], true, |x| x.to_vec()),
            vec![2.0, 3.0, 1.0]
        );
        assert_eq!(with_bias(&[2.0], false, |x| x.to_vec()), vec![2.0]);
        let long = [0.5; 20];
        assert_eq!(with_bias(&long, true, |x| (x.len(), x[20])), (21, 1.0));
    }
}
