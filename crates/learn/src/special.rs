//! Special functions: the error function, the normal CDF and its inverse.
//!
//! The flight SCW computes `φ = Φ(η) = 0.5*(1 + erf(η/√2))` with Boost's `erf` (spec §3);
//! [`erf`] is evaluated in double-double arithmetic so that it is correctly rounded for
//! all practical purposes, which reproduces the flight `φ` for `η = 0.95` to the bit
//! (`0.828943873691518229`, as serialised in the downlinked SCW models).

/// A double-double number `hi + lo` with `|lo| <= ulp(hi)/2`.
#[derive(Clone, Copy)]
struct Dd {
    hi: f64,
    lo: f64,
}

#[inline]
fn two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    let bb = s - a;
    let e = (a - (s - bb)) + (b - bb);
    Dd { hi: s, lo: e }
}

#[inline]
fn quick_two_sum(a: f64, b: f64) -> Dd {
    let s = a + b;
    Dd {
        hi: s,
        lo: b - (s - a),
    }
}

/// Dekker's split (no FMA: Rust never fuses, and this code never calls `mul_add`).
#[inline]
fn split(a: f64) -> (f64, f64) {
    let t = 134_217_729.0 * a; // 2^27 + 1
    let hi = t - (t - a);
    (hi, a - hi)
}

#[inline]
fn two_prod(a: f64, b: f64) -> Dd {
    let p = a * b;
    let (ah, al) = split(a);
    let (bh, bl) = split(b);
    let e = ((ah * bh - p) + ah * bl + al * bh) + al * bl;
    Dd { hi: p, lo: e }
}

impl Dd {
    fn mul(self, o: Dd) -> Dd {
        let p = two_prod(self.hi, o.hi);
        quick_two_sum(p.hi, p.lo + (self.hi * o.lo + self.lo * o.hi))
    }

    fn add(self, o: Dd) -> Dd {
        let s = two_sum(self.hi, o.hi);
        quick_two_sum(s.hi, s.lo + self.lo + o.lo)
    }

    fn div_f64(self, d: f64) -> Dd {
        let q1 = self.hi / d;
        let p = two_prod(q1, d);
        let r = ((self.hi - p.hi) - p.lo) + self.lo;
        quick_two_sum(q1, r / d)
    }

    fn neg(self) -> Dd {
        Dd {
            hi: -self.hi,
            lo: -self.lo,
        }
    }
}

/// 2/√π as a double-double.
const TWO_OVER_SQRT_PI: Dd = Dd {
    hi: std::f64::consts::FRAC_2_SQRT_PI,
    lo: 1.533_545_961_316_588e-17,
};

/// erf(x) for |x| <= 3 by its Taylor series in double-double (the alternating terms
/// cancel by at most e^9 ≈ 2^13, far below the 2^-104 working precision).
fn erf_series(x: f64) -> Dd {
    let minus_x2 = two_prod(x, x).neg();
    let mut term = Dd { hi: x, lo: 0.0 }; // x^(2n+1) (-1)^n / n!
    let mut sum = term;
    for n in 1..200u32 {
        term = term.mul(minus_x2).div_f64(f64::from(n));
        let contribution = term.div_f64(f64::from(2 * n + 1));
        sum = sum.add(contribution);
        if contribution.hi.abs() <= sum.hi.abs() * 1e-34 {
            break;
        }
    }
    sum.mul(TWO_OVER_SQRT_PI)
}

/// erfc(x) for x > 3 by its continued fraction (modified Lentz), relative error ~1e-16.
fn erfc_continued_fraction(x: f64) -> f64 {
    // erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
    let tiny = 1e-300;
    let mut f = x;
    let mut c = x;
    let mut d = 0.0;
    for k in 1..300u32 {
        let a = f64::from(k) / 2.0;
        d = x + a * d;
        if d == 0.0 {
            d = tiny;
        }
        c = x + a / c;
        if c == 0.0 {
            c = tiny;
        }
        d = 1.0 / d;
        let delta = c * d;
        f *= delta;
        if (delta - 1.0).abs() < 1e-17 {
            break;
        }
    }
    (-x * x).exp() / std::f64::consts::PI.sqrt() / f
}

/// The error function erf(x) (dimensionless). NaN gives NaN.
pub fn erf(x: f64) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if x.is_infinite() {
        x.signum()
    } else if x.abs() <= 3.0 {
        let s = erf_series(x);
        s.hi + s.lo
    } else if x > 0.0 {
        1.0 - erfc_continued_fraction(x)
    } else {
        erfc_continued_fraction(-x) - 1.0
    }
}

/// The complementary error function erfc(x) = 1 − erf(x), accurate in the right tail.
pub fn erfc(x: f64) -> f64 {
    if x.is_nan() {
        f64::NAN
    } else if x.is_infinite() {
        if x > 0.0 { 0.0 } else { 2.0 }
    } else if x > 3.0 {
        erfc_continued_fraction(x)
    } else if x >= -3.0 {
        let s = erf_series(x).neg().add(Dd { hi: 1.0, lo: 0.0 });
        s.hi + s.lo
    } else {
        2.0 - erfc_continued_fraction(-x)
    }
}

/// The standard normal CDF Φ(x), computed exactly as the flight SCW did:
/// `0.5 * (1.0 + erf(x / sqrt(2.0)))` (spec §3).
pub fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x / 2f64.sqrt()))
}

/// The inverse standard normal CDF Φ⁻¹(p) (the probit), as the published SCW uses it.
/// `p <= 0` gives −∞, `p >= 1` gives +∞, NaN gives NaN. Relative error ~1e-15.
pub fn normal_quantile(p: f64) -> f64 {
    if p.is_nan() {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    // Acklam's rational approximation (relative error 1.15e-9) …
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    const P_LOW: f64 = 0.02425;
    let tail = |q: f64| {
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    };
    let mut x = if p < P_LOW {
        tail((-2.0 * p.ln()).sqrt())
    } else if p <= 1.0 - P_LOW {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -tail((-2.0 * (1.0 - p).ln()).sqrt())
    };
    // … refined by Halley steps on Φ(x) − p.
    for _ in 0..2 {
        let e = 0.5 * erfc(-x / 2f64.sqrt()) - p;
        let u = e * (2.0 * std::f64::consts::PI).sqrt() * (x * x / 2.0).exp();
        let step = u / (1.0 + x * u / 2.0);
        if step.is_finite() {
            x -= step;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_matches_correctly_rounded_reference_values() {
        // Reference: mpmath at 300 bits, rounded to f64.
        let cases = [
            (0.1, 0.112_462_916_018_284_9, 0.887_537_083_981_715),
            (0.5, 0.520_499_877_813_046_5, 0.479_500_122_186_953_5),
            (1.0, 0.842_700_792_949_714_9, 0.157_299_207_050_285_13),
            (2.0, 0.995_322_265_018_952_7, 0.004_677_734_981_047_266),
            (3.0, 0.999_977_909_503_001_4, 2.209_049_699_858_544e-5),
            (4.0, 0.999_999_984_582_742_1, 1.541_725_790_028_002e-8),
            (6.0, 1.0, 2.151_973_671_249_891_3e-17),
        ];
        for (x, e, c) in cases {
            assert_eq!(erf(x), e, "erf({x})");
            assert_eq!(erf(-x), -e, "erf(-{x})");
            let rel = (erfc(x) - c).abs() / c;
            assert!(rel < 1e-14, "erfc({x}) = {} vs {c}", erfc(x));
        }
        assert!(erf(f64::NAN).is_nan());
        assert_eq!(erf(f64::INFINITY), 1.0);
        assert_eq!(erf(f64::NEG_INFINITY), -1.0);
    }

    #[test]
    fn flight_scw_phi_is_bit_exact() {
        // The φ serialised in every downlinked SCW model (8.28943873691518229e-01).
        let flight: f64 = "0.828943873691518229".parse().unwrap();
        assert_eq!(normal_cdf(0.95).to_bits(), flight.to_bits());
    }

    #[test]
    fn quantile_inverts_the_cdf() {
        assert!((normal_quantile(0.95) - 1.644_853_626_951_472_2).abs() < 1e-15);
        assert_eq!(normal_quantile(0.5), 0.0);
        for p in [1e-12, 1e-5, 0.01, 0.2, 0.7, 0.975, 0.999_999] {
            let x = normal_quantile(p);
            let back = 0.5 * erfc(-x / 2f64.sqrt());
            assert!((back - p).abs() <= 1e-14 * p.max(1e-3), "p = {p}: {back}");
            if p >= 1e-5 {
                assert!((normal_quantile(1.0 - p) + x).abs() < 1e-9 * x.abs().max(1.0));
            }
        }
        assert_eq!(erfc(f64::INFINITY), 0.0);
        assert_eq!(erfc(f64::NEG_INFINITY), 2.0);
        assert_eq!(normal_quantile(0.0), f64::NEG_INFINITY);
        assert_eq!(normal_quantile(1.5), f64::INFINITY);
        assert!(normal_quantile(f64::NAN).is_nan());
    }
}
