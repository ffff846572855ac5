//! The features of one sample in every space of a model set, with the flight round trips
//! memoised.
//!
//! In the flight profile each feature is a `%g` or `%f` round trip (`cfmt`) of one `f32`,
//! a pure function of its bits, and the `%.2f` step of the app leaves few distinct
//! photodiode values (about 320 per photodiode over ±π/2). So the round trips of a value
//! are computed once and kept in small direct-mapped tables keyed by the value's bits: a
//! table answer is what the computation gave for those bits, hence bit for bit what it
//! would give again. Each sample's values are also computed once for all the spaces that
//! share them (1D, 2D and 3D all start with `%g` of `p6`).

use crate::cfmt::f6_f32;
use crate::label::Profile;
use crate::space::{FeatureSpace, Features, features, flight_powers};
use std::fmt;

/// Slots per table (a power of two): more than the distinct two-decimal values of a
/// photodiode, so that collisions are rare.
const SLOTS: usize = 512;

/// A direct-mapped cache of `f`, a pure function of an `f32`'s bits: every slot
/// `(key, value)` holds `value == f(f32::from_bits(key))`.
#[derive(Clone)]
struct Table<V: Copy> {
    slots: Box<[(u32, V); SLOTS]>,
    f: fn(f32) -> V,
}

impl<V: Copy> Table<V> {
    /// Every slot starts as the true entry of +0.0, computed.
    fn new(f: fn(f32) -> V) -> Self {
        Table {
            slots: Box::new([(0, f(0.0)); SLOTS]),
            f,
        }
    }

    /// `f(x)`, from the table when `x` was asked before and not since evicted.
    #[inline]
    fn get(&mut self, x: f32) -> V {
        let key = x.to_bits();
        // Multiplicative hash: the top bits depend on every bit of the key.
        let slot = &mut self.slots
            [(key.wrapping_mul(0x9e37_79b9) >> (32 - SLOTS.trailing_zeros())) as usize];
        if slot.0 != key {
            *slot = (key, (self.f)(x));
        }
        slot.1
    }
}

/// Memoised flight features (see the module documentation).
#[derive(Clone)]
pub(crate) struct FeatureMemo {
    /// `flight_powers::<3>(p6)`: the 1D, 2D and 3D features.
    powers: Table<[f64; 3]>,
    /// `f6_f32(pd)`: the 5D features.
    fixed: Table<f64>,
}

impl fmt::Debug for FeatureMemo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("FeatureMemo { .. }")
    }
}

impl Default for FeatureMemo {
    fn default() -> Self {
        FeatureMemo {
            powers: Table::new(flight_powers::<3>),
            fixed: Table::new(f6_f32),
        }
    }
}

impl FeatureMemo {
    /// `features(space, pd, profile)` for each space, into `out` (one per space),
    /// bit for bit.
    pub(crate) fn fill(
        &mut self,
        spaces: &[FeatureSpace],
        pd: &[f32; 6],
        profile: Profile,
        out: &mut [Features],
    ) {
        if profile != Profile::Flight {
            for (buf, space) in out.iter_mut().zip(spaces) {
                *buf = features(space, pd, profile);
            }
            return;
        }
        // Looked up at most once per sample, whatever the number of spaces using them.
        let mut powers = None;
        for (buf, space) in out.iter_mut().zip(spaces) {
            match space {
                FeatureSpace::D1 | FeatureSpace::D2 | FeatureSpace::D3 => {
                    let p = *powers.get_or_insert_with(|| self.powers.get(pd[5]));
                    buf.set_prefix(p, space.dimension());
                }
                FeatureSpace::D5 => {
                    let fixed = [0, 1, 2, 3, 4].map(|i| self.fixed.get(pd[i]));
                    buf.set_prefix(fixed, 5);
                }
                FeatureSpace::Custom(_) => *buf = features(space, pd, profile),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::space::CustomSpace;
    use proptest::prelude::*;

    fn same(a: &[f64], b: &[f64]) -> bool {
        a.len() == b.len()
            && a.iter()
                .zip(b)
                .all(|(x, y)| x.to_bits() == y.to_bits() || (x.is_nan() && y.is_nan()))
    }

    fn spaces() -> Vec<FeatureSpace> {
        let custom = CustomSpace::new("c", &[("a", "pd6 * pd1")]).unwrap();
        let mut s = FeatureSpace::FLIGHT.to_vec();
        s.push(FeatureSpace::Custom(custom));
        // Repeated and reordered spaces take the same values.
        s.extend([FeatureSpace::D3, FeatureSpace::D1]);
        s
    }

    fn check(memo: &mut FeatureMemo, pd: &[f32; 6]) -> Result<(), TestCaseError> {
        let spaces = spaces();
        for profile in [Profile::Flight, Profile::Paper] {
            let mut out = vec![Features::empty(); spaces.len()];
            memo.fill(&spaces, pd, profile, &mut out);
            for (got, space) in out.iter().zip(&spaces) {
                let want = features(space, pd, profile);
                prop_assert!(same(got, &want), "{space} {pd:?}: {got:?} vs {want:?}");
            }
        }
        Ok(())
    }

    #[test]
    fn buffers_that_spilled_to_the_heap_are_reused_cleanly() {
        let long = CustomSpace::new("ten", &[("a", "pd1"); 10]).unwrap();
        let spaces = [FeatureSpace::Custom(long), FeatureSpace::D3];
        let pd = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
        let mut out = vec![Features::empty(); 2];
        let mut memo = FeatureMemo::default();
        memo.fill(&spaces, &pd, Profile::Flight, &mut out);
        assert_eq!(out[0].len(), 10);
        // The same buffers, now for a 3D and a 1D space, then grown by pushes.
        memo.fill(
            &[FeatureSpace::D3, FeatureSpace::D1],
            &pd,
            Profile::Flight,
            &mut out,
        );
        assert_eq!(out[0], features(&FeatureSpace::D3, &pd, Profile::Flight));
        let mut grown = out[0].clone();
        for k in 0..7 {
            grown.push(f64::from(k));
        }
        let mut want = features(&FeatureSpace::D3, &pd, Profile::Flight).to_vec();
        want.extend((0..7).map(f64::from));
        assert_eq!(&*grown, &want[..]);
    }

    #[test]
    fn every_two_decimal_value_twice_matches_features() {
        // Each value twice, so both the computed and the remembered answers are checked,
        // with the collisions of ~630 values in 512 slots.
        let mut memo = FeatureMemo::default();
        for _ in 0..2 {
            for n in -320..=320 {
                let v = n as f32 / 100.0;
                check(&mut memo, &[v, -v, 0.5 * v, v, v + 0.01, v]).unwrap();
            }
        }
        check(
            &mut memo,
            &[0.0, -0.0, f32::NAN, f32::INFINITY, 1e-30, -0.0],
        )
        .unwrap();
        check(&mut memo, &[f32::NAN; 6]).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(5_000))]

        /// Any readings, asked twice, with a memo shared across cases.
        #[test]
        fn any_readings_match_features(bits in proptest::array::uniform6(any::<u32>())) {
            thread_local! {
                static MEMO: std::cell::RefCell<FeatureMemo> =
                    std::cell::RefCell::new(FeatureMemo::default());
            }
            let pd = bits.map(f32::from_bits);
            MEMO.with(|m| {
                check(&mut m.borrow_mut(), &pd)?;
                check(&mut m.borrow_mut(), &pd)
            })?;
        }
    }
}
