//! Two `f64` lanes, for evaluating two photodiodes with one instruction.
//!
//! Every operation is the scalar one applied lane by lane, so a lane's value
//! is bit-identical to the scalar computation written in the same order. The
//! compiler maps the pairs onto SSE2's packed instructions (part of every
//! x86-64 processor, so no target flag is needed); elsewhere they are plain
//! scalar code.

use std::ops::{Add, Div, Mul, Neg, Sub};

/// Two lanes.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct F2(pub [f64; 2]);

/// Two lane conditions (the result of a comparison).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct M2(pub [bool; 2]);

impl F2 {
    /// Both lanes zero.
    pub const ZERO: F2 = F2([0.0; 2]);

    /// `x` in both lanes.
    #[inline(always)]
    pub fn splat(x: f64) -> F2 {
        F2([x; 2])
    }

    /// `f` applied to each lane.
    #[inline(always)]
    pub fn map(self, f: impl Fn(f64) -> f64) -> F2 {
        F2([f(self.0[0]), f(self.0[1])])
    }

    /// `f` applied to each pair of lanes.
    #[inline(always)]
    fn zip(self, o: F2, f: impl Fn(f64, f64) -> f64) -> F2 {
        F2([f(self.0[0], o.0[0]), f(self.0[1], o.0[1])])
    }

    /// `self > o` lane by lane (false for NaN).
    #[inline(always)]
    pub fn gt(self, o: F2) -> M2 {
        M2([self.0[0] > o.0[0], self.0[1] > o.0[1]])
    }

    /// `self < o` lane by lane (false for NaN).
    #[inline(always)]
    pub fn lt(self, o: F2) -> M2 {
        M2([self.0[0] < o.0[0], self.0[1] < o.0[1]])
    }

    /// `self >= o` lane by lane (false for NaN).
    #[inline(always)]
    pub fn ge(self, o: F2) -> M2 {
        M2([self.0[0] >= o.0[0], self.0[1] >= o.0[1]])
    }

    /// Absolute value of each lane.
    #[inline(always)]
    pub fn abs(self) -> F2 {
        self.map(f64::abs)
    }

    /// Square root of each lane.
    #[inline(always)]
    pub fn sqrt(self) -> F2 {
        self.map(f64::sqrt)
    }
}

impl M2 {
    /// `a` where the condition holds, else `b`, lane by lane.
    #[inline(always)]
    pub fn select(self, a: F2, b: F2) -> F2 {
        F2([
            if self.0[0] { a.0[0] } else { b.0[0] },
            if self.0[1] { a.0[1] } else { b.0[1] },
        ])
    }

    /// Whether `self` implies `o` in every lane.
    #[inline(always)]
    pub fn implies(self, o: M2) -> bool {
        (!self.0[0] | o.0[0]) & (!self.0[1] | o.0[1])
    }
}

impl Add for F2 {
    type Output = F2;
    #[inline(always)]
    fn add(self, o: F2) -> F2 {
        self.zip(o, |a, b| a + b)
    }
}

impl Sub for F2 {
    type Output = F2;
    #[inline(always)]
    fn sub(self, o: F2) -> F2 {
        self.zip(o, |a, b| a - b)
    }
}

impl Mul for F2 {
    type Output = F2;
    #[inline(always)]
    fn mul(self, o: F2) -> F2 {
        self.zip(o, |a, b| a * b)
    }
}

impl Div for F2 {
    type Output = F2;
    #[inline(always)]
    fn div(self, o: F2) -> F2 {
        self.zip(o, |a, b| a / b)
    }
}

impl Neg for F2 {
    type Output = F2;
    #[inline(always)]
    fn neg(self) -> F2 {
        self.map(|a| -a)
    }
}

impl Add<f64> for F2 {
    type Output = F2;
    #[inline(always)]
    fn add(self, o: f64) -> F2 {
        self + F2::splat(o)
    }
}

impl Sub<F2> for f64 {
    type Output = F2;
    #[inline(always)]
    fn sub(self, o: F2) -> F2 {
        F2::splat(self) - o
    }
}

impl Mul<f64> for F2 {
    type Output = F2;
    #[inline(always)]
    fn mul(self, o: f64) -> F2 {
        self * F2::splat(o)
    }
}

impl Mul<F2> for f64 {
    type Output = F2;
    #[inline(always)]
    fn mul(self, o: F2) -> F2 {
        F2::splat(self) * o
    }
}
