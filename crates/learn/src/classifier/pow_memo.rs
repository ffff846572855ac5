//! The system `pow`, memoised per thread.
//!
//! Adam's bias corrections call `pow(β, t)` three times per step, and `pow` is the largest
//! single cost of a flight iteration. The flight results depend on the exact bits glibc's
//! `pow` returns (it is not correctly rounded, so no other formula may stand in for it),
//! but the call can be shared: the Adam models of a set all use the same `β1`, `β2`, `λ`
//! and mostly the same step counter `t`, so in one iteration the four flight Adam models
//! ask for the same three powers. A small table keyed by the exact bits of both arguments
//! hands back what the call returned the first time, which is therefore bit for bit what
//! a new call would return: `pow` is a pure function (Rust never changes the rounding
//! mode).

use std::cell::Cell;

/// Table size: a power of two, a few times the number of distinct (base, exponent) pairs
/// one iteration asks for (3 per distinct Adam step counter).
const SLOTS: usize = 32;

/// One memoised call: `pow(f64::from_bits(base), f64::from_bits(exp)) == value`.
#[derive(Clone, Copy)]
struct Slot {
    base: u64,
    exp: u64,
    value: f64,
}

thread_local! {
    /// Every slot starts as the true entry `pow(+0, +0) = 1` (C and Rust agree), so no
    /// slot ever holds a value its key does not give.
    static TABLE: [Cell<Slot>; SLOTS] = const {
        [const { Cell::new(Slot { base: 0, exp: 0, value: 1.0 }) }; SLOTS]
    };
}

/// `base.powf(exp)` (the system `pow`), bit for bit, from the table when that call was
/// made before on this thread.
#[inline]
pub(crate) fn pow(base: f64, exp: f64) -> f64 {
    let (b, e) = (base.to_bits(), exp.to_bits());
    // Multiplicative hash: the top bits depend on every bit of the key.
    let h = (b ^ e.rotate_left(29)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    let i = (h >> (64 - SLOTS.trailing_zeros())) as usize;
    TABLE.with(|table| {
        let slot = table[i].get();
        if slot.base == b && slot.exp == e {
            return slot.value;
        }
        let value = base.powf(exp);
        table[i].set(Slot {
            base: b,
            exp: e,
            value,
        });
        value
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: f64, b: f64) -> bool {
        a.to_bits() == b.to_bits()
    }

    #[test]
    fn memoised_pow_is_the_system_pow_bit_for_bit() {
        // Adam's bases, step counters far past a flight run, and the special cases
        // (NaN, ±0, ±∞, negative bases), each asked twice so that both the first call
        // and the table answer are checked, with collisions forcing recomputation.
        let bases = [
            0.9,
            0.999,
            0.999_999_99,
            0.0,
            -0.0,
            1.0,
            -1.5,
            2.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::MIN_POSITIVE,
        ];
        for round in 0..2 {
            for &base in &bases {
                for t in (0..5000u64).chain([1 << 20, 1 << 40, u64::MAX]) {
                    let exp = t as f64;
                    let got = pow(base, exp);
                    let want = base.powf(exp);
                    assert!(
                        same(got, want) || (got.is_nan() && want.is_nan()),
                        "round {round}: pow({base}, {exp}) = {got}, want {want}"
                    );
                }
                for exp in [0.5, -0.5, -1.0, f64::NAN, f64::INFINITY, -0.0] {
                    let (got, want) = (pow(base, exp), base.powf(exp));
                    assert!(same(got, want) || (got.is_nan() && want.is_nan()));
                }
            }
        }
    }

    #[test]
    fn the_initial_slots_are_true_entries() {
        assert!(same(0f64.powf(0.0), 1.0));
        assert!(same(pow(0.0, 0.0), 1.0));
    }
}
