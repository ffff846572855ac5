//! Step 1 of the reading pipeline for every diode: the signal from direct
//! sunlight and albedo, `g · (f · c · (1 − k (1 − c)) + E_albedo)` (see the
//! module documentation of [`super`]).
//!
//! The faces are kept two by two ([`F2`] lanes), so that one packed
//! instruction serves two diodes; a missing lane is padded with a face of
//! zero normal and gain, whose signal is ignored. Each lane performs the
//! scalar operations in the scalar order, so a signal is bit-identical to
//! computing its diode alone.
//!
//! A bank with a diode on each of the six faces ±X, ±Y, ±Z (a cube, as
//! OPS-SAT) takes them by opposite pairs instead, one pair per lane: the
//! lanes `[X, Y]` and `[Z, padding]`, whose dot products with a vector are
//! its components. Of two opposite faces at most one is lit and at most one
//! faces the Earth, and the dot products of the −n̂ face are those of the
//! n̂ face negated, so the albedo (a division, a square root and cos^m per
//! lane) is computed once per pair, for the face that gets it. The signals
//! are therefore stored in lane order, not bank order: [`Faces::slot`]
//! says where each is.

use orbitai_astro::Vec3;

use super::lanes::{F2, M2};
use super::light::{EarthConstants, EarthView, LightInput};

/// Two faces: their unit normals (body axes), oblique-incidence losses `k`
/// and gains `g`.
#[derive(Debug, Clone)]
struct FacePair {
    nx: F2,
    ny: F2,
    nz: F2,
    oblique_loss: F2,
    gain: F2,
}

/// Two pairs of opposite faces along body axes, one pair per lane: the
/// losses `k` and gains `g` as `[of the +axis faces, of the −axis faces]`.
#[derive(Debug, Clone)]
struct OppositePairs {
    oblique_loss: [F2; 2],
    gain: [F2; 2],
}

/// The faces of a bank's diodes, in lanes.
#[derive(Debug, Clone)]
pub(crate) struct Faces {
    /// The cube's faces, if the bank has one: lanes `[X, Y]` and
    /// `[Z, padding]`. Their signals come first, four per element: the
    /// +axis faces' then the −axis faces'.
    cube: Option<[OppositePairs; 2]>,
    /// The other faces, in bank order; their signals follow, two per
    /// element.
    pairs: Vec<FacePair>,
    /// Per diode (bank order), the index of its signal.
    slots: Vec<usize>,
}

/// The Earth for the albedo: its view and the view's constants (computed
/// once per step, by [`Faces::signals`]).
#[derive(Clone, Copy)]
struct Earth<'a> {
    view: &'a EarthView,
    constants: EarthConstants,
}

/// One diode's face: unit normal (body axes), oblique-incidence loss, gain.
type Face = (Vec3, f64, f64);

/// The padding face: zero normal and gain, so a zero signal.
const PAD: Face = (Vec3::new(0.0, 0.0, 0.0), 0.0, 0.0);

impl Faces {
    /// From each diode's unit normal, oblique-incidence loss and gain, in
    /// bank order.
    pub fn new(diodes: impl IntoIterator<Item = Face>) -> Faces {
        Faces::with_layout(diodes, true)
    }

    /// [`Faces::new`], with the cube's faces taken by opposite pairs only
    /// if `find_cube` (false: every face in bank order, for comparing the
    /// two layouts).
    fn with_layout(diodes: impl IntoIterator<Item = Face>, find_cube: bool) -> Faces {
        let faces: Vec<Face> = diodes.into_iter().collect();
        let n = faces.len();
        // The first diode on each of +X, +Y, −X, −Y, +Z, −Z, in lane order.
        // `==` takes −0 for 0 in the normals, which can change only the
        // sign of a zero dot product, and no signal depends on that sign
        // (a zero lights nothing and faces no Earth).
        let axes = [
            Vec3::x(),
            Vec3::y(),
            -Vec3::x(),
            -Vec3::y(),
            Vec3::z(),
            -Vec3::z(),
        ];
        let cube = axes.map(|a| faces.iter().position(|f| f.0 == a));
        let cube = match cube {
            [Some(px), Some(py), Some(mx), Some(my), Some(pz), Some(mz)] if find_cube => {
                Some([px, py, mx, my, pz, usize::MAX, mz, usize::MAX])
            }
            _ => None,
        };
        // The diodes in lane order (usize::MAX: padding): the cube's, then
        // the rest two by two.
        let mut order: Vec<usize> = cube.map_or(Vec::new(), Vec::from);
        let rest: Vec<usize> = (0..n).filter(|i| !order.contains(i)).collect();
        for two in rest.chunks(2) {
            order.extend([two[0], two.get(1).copied().unwrap_or(usize::MAX)]);
        }
        let lanes =
            |k: usize| [order[k], order[k + 1]].map(|i| faces.get(i).copied().unwrap_or(PAD));
        let f2 = |f: [Face; 2], part: fn(&Face) -> f64| F2(f.map(|f| part(&f)));
        let opposite = |k: usize| {
            let (p, m) = (lanes(k), lanes(k + 2));
            OppositePairs {
                oblique_loss: [f2(p, |f| f.1), f2(m, |f| f.1)],
                gain: [f2(p, |f| f.2), f2(m, |f| f.2)],
            }
        };
        let first = cube.map_or(0, |c| c.len());
        let pairs = (0..rest.len().div_ceil(2))
            .map(|k| {
                let f = lanes(first + 2 * k);
                FacePair {
                    nx: f2(f, |f| f.0.x),
                    ny: f2(f, |f| f.0.y),
                    nz: f2(f, |f| f.0.z),
                    oblique_loss: f2(f, |f| f.1),
                    gain: f2(f, |f| f.2),
                }
            })
            .collect();
        let mut slots = vec![0; n];
        for (slot, &i) in order.iter().enumerate().filter(|(_, i)| **i < n) {
            slots[i] = slot;
        }
        Faces {
            cube: cube.map(|_| [opposite(0), opposite(4)]),
            pairs,
            slots,
        }
    }

    /// Room for the signals of [`Faces::signals`] (one per diode, in lane
    /// order, plus the padding).
    pub fn signal_buffer(&self) -> Vec<f64> {
        let cube = self.cube.as_ref().map_or(0, |_| 8);
        vec![0.0; cube + 2 * self.pairs.len()]
    }

    /// Where diode `i`'s (bank order) signal is in the signal buffer.
    pub fn slot(&self, i: usize) -> usize {
        self.slots[i]
    }

    /// Each diode's signal into `out` (from [`Faces::signal_buffer`], at
    /// [`Faces::slot`]), with the albedo of `light`'s Earth if
    /// `albedo_coefficient` > 0; `cos_pow` is cos^m for the albedo's
    /// directivity `m`. The vectors of `light` must be finite (as
    /// [`LightInput::new`] makes them): the cube takes their components
    /// for the dot products, which for a non-finite vector they are not.
    #[inline(always)]
    pub fn signals(
        &self,
        light: &LightInput,
        albedo_coefficient: f64,
        cos_pow: impl Fn(f64) -> f64 + Copy,
        out: &mut [f64],
    ) {
        let earth = light.earth.as_ref().filter(|_| albedo_coefficient > 0.0);
        // One path per case rather than tests per lane: with the Earth's
        // absence known, the albedo code disappears.
        match earth {
            Some(view) => {
                let constants = view.constants();
                let earth = Some(Earth { view, constants });
                self.signals_with(light, earth, albedo_coefficient, cos_pow, out);
            }
            None => self.signals_with(light, None, albedo_coefficient, cos_pow, out),
        }
    }

    /// [`Faces::signals`] with the Earth `earth` (albedo on) or none.
    #[inline(always)]
    fn signals_with(
        &self,
        light: &LightInput,
        earth: Option<Earth>,
        coefficient: f64,
        cos_pow: impl Fn(f64) -> f64 + Copy,
        out: &mut [f64],
    ) {
        let rest = match (&self.cube, out.split_at_mut_checked(8)) {
            (Some([xy, z]), Some((cube, rest))) => {
                let (s, e) = (&light.sun_body, earth);
                // The albedo is wanted in both lanes of [X, Y] (an axis at
                // exactly 90° from nadir, whose faces see no Earth, then
                // takes the one-at-a-time path for the same zeros) and not
                // in the padding.
                let nadir =
                    |f: fn(&Vec3) -> F2, wanted| e.map(|e| (e, f(&e.view.nadir_body), M2(wanted)));
                let axes_xy = |v: &Vec3| F2([v.x, v.y]);
                let axes_z = |v: &Vec3| F2([v.z, 0.0]);
                let earth = nadir(axes_xy, [true, true]);
                let [p, m] = xy.signals(light, axes_xy(s), earth, coefficient, cos_pow);
                cube[0..2].copy_from_slice(&p.0);
                cube[2..4].copy_from_slice(&m.0);
                let earth = nadir(axes_z, [true, false]);
                let [p, m] = z.signals(light, axes_z(s), earth, coefficient, cos_pow);
                cube[4..6].copy_from_slice(&p.0);
                cube[6..8].copy_from_slice(&m.0);
                rest
            }
            _ => out,
        };
        for (p, o) in self.pairs.iter().zip(rest.chunks_exact_mut(2)) {
            o.copy_from_slice(&p.signals(light, earth, coefficient, cos_pow).0);
        }
    }
}

/// `n̂·v` for both lanes' normals, summed as nalgebra's `dot` does:
/// `(n_x v_x + n_y v_y) + n_z v_z`.
#[inline(always)]
fn dot(nx: F2, ny: F2, nz: F2, v: &Vec3) -> F2 {
    nx * v.x + ny * v.y + nz * v.z
}

impl FacePair {
    /// Both faces' signals, with the albedo of `earth` if any.
    #[inline(always)]
    fn signals(
        &self,
        light: &LightInput,
        earth: Option<Earth>,
        coefficient: f64,
        cos_pow: impl Fn(f64) -> f64 + Copy,
    ) -> F2 {
        let c = dot(self.nx, self.ny, self.nz, &light.sun_body);
        let direct = c
            .gt(F2::ZERO)
            .select(direct(light.illumination, c, self.oblique_loss), F2::ZERO);
        match earth {
            Some(e) => {
                let cos_g = dot(self.nx, self.ny, self.nz, &e.view.nadir_body);
                let albedo = albedo(&e, cos_g, c, cos_g.gt(F2::ZERO), coefficient, cos_pow);
                self.gain * (direct + cos_g.gt(F2::ZERO).select(albedo, F2::ZERO))
            }
            None => self.gain * direct,
        }
    }
}

impl OppositePairs {
    /// The signals of the +axis faces and of the −axis faces, from the
    /// Sun's components `c` along the lanes' axes and, with the albedo of
    /// an Earth, nadir's `cos_g` (`earth`). The −axis face's dot products are
    /// −c and −cos γ: the face with the positive one is lit (faces the
    /// Earth) and receives what its own lane would compute from it; a zero
    /// gives both faces 0, as in their own lanes.
    #[inline(always)]
    fn signals(
        &self,
        light: &LightInput,
        c: F2,
        earth: Option<(Earth, F2, M2)>,
        coefficient: f64,
        cos_pow: impl Fn(f64) -> f64 + Copy,
    ) -> [F2; 2] {
        let f = light.illumination;
        let mut plus = c
            .gt(F2::ZERO)
            .select(direct(f, c, self.oblique_loss[0]), F2::ZERO);
        let mut minus = c
            .lt(F2::ZERO)
            .select(direct(f, -c, self.oblique_loss[1]), F2::ZERO);
        if let Some((e, cos_g, wanted)) = earth {
            let (sees_plus, sees_minus) = (cos_g.gt(F2::ZERO), cos_g.lt(F2::ZERO));
            // The facing face's n̂·ŝ.
            let n_sun = sees_plus.select(c, -c);
            let a = albedo(&e, cos_g.abs(), n_sun, wanted, coefficient, cos_pow);
            plus = plus + sees_plus.select(a, F2::ZERO);
            minus = minus + sees_minus.select(a, F2::ZERO);
        }
        [self.gain[0] * plus, self.gain[1] * minus]
    }
}

/// The direct sunlight `f · c · (1 − k (1 − c))` on two faces with
/// `c = n̂·ŝ` and losses `k`, for the lanes where `c` > 0 (the caller
/// selects 0 for the others).
#[inline(always)]
fn direct(illumination: f64, c: F2, oblique_loss: F2) -> F2 {
    illumination * c * (1.0 - oblique_loss * (1.0 - c))
}

/// The albedo on two faces with `cos_g = n̂·nadir` and `n_sun = n̂·ŝ`,
/// for the lanes where `cos_g` > 0 (the caller selects 0 for the others):
/// both at once unless one of them looks past the Earth's limb (rare), then
/// one at a time.
#[inline(always)]
fn albedo(
    e: &Earth,
    cos_g: F2,
    n_sun: F2,
    wanted: M2,
    coefficient: f64,
    cos_pow: impl Fn(f64) -> f64 + Copy,
) -> F2 {
    let ([g0, g1], [s0, s1]) = (cos_g.0, n_sun.0);
    e.constants
        .albedo_facing_pair(cos_g, n_sun, wanted, coefficient, cos_pow)
        .unwrap_or_else(|| albedo_each(e.view, [g0, s0], [g1, s1], coefficient, cos_pow))
}

/// [`albedo`] one face at a time (out of line: it is the rare case), each
/// face given by its cos γ and n̂·ŝ (as scalars, which are passed in
/// registers, so the common path stores nothing for this call).
#[cold]
#[inline(never)]
fn albedo_each(
    e: &EarthView,
    [g0, s0]: [f64; 2],
    [g1, s1]: [f64; 2],
    coefficient: f64,
    cos_pow: impl Fn(f64) -> f64 + Copy,
) -> F2 {
    // The constants again (the same numbers) rather than from the caller,
    // so that the common path need not keep them in memory for this call.
    let k = e.constants();
    F2([(g0, s0), (g1, s1)].map(|(g, s)| k.albedo_dots(g, s, coefficient, cos_pow)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::photodiode::light::int_pow;
    use crate::rng::{SensorKind, StreamId, stream_rng};
    use rand::RngExt;

    /// The cube's lanes of opposite faces give every diode the
    /// signal of the bank-order layout, bit for bit, over random
    /// geometries: eclipse or not, albedo on or off, faces lit or dark,
    /// turned to or from the Earth or looking past its limb, vectors along
    /// the axes (zero components of either sign) and non-finite ones.
    #[test]
    fn opposite_lanes_give_the_bank_order_signals_bit_for_bit() {
        let mut rng = stream_rng(5, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 4));
        let mut uniform = move || rng.random::<f64>();
        let oblique = Vec3::new(0.6, -0.8, 0.0);
        let ops_sat = [
            Vec3::z(),
            -Vec3::y(),
            Vec3::x(),
            Vec3::y(),
            -Vec3::x(),
            -Vec3::z(),
        ];
        let layouts: Vec<Vec<Vec3>> = vec![
            ops_sat.to_vec(),
            // A cube in another order, with two more faces.
            vec![
                -Vec3::x(),
                oblique,
                Vec3::y(),
                -Vec3::z(),
                Vec3::x(),
                -Vec3::y(),
                Vec3::z(),
            ],
            // No cube: opposite pairs, a lone face; a cube missing −Z.
            vec![oblique, Vec3::x(), -oblique, -Vec3::x(), Vec3::z()],
            ops_sat[..5].to_vec(),
        ];
        let (mut past_limb, mut dark, mut checked) = (0, 0, 0);
        for (l, normals) in layouts.iter().enumerate() {
            let faces: Vec<Face> = normals
                .iter()
                .enumerate()
                .map(|(i, n)| (*n, 0.02 * i as f64, 0.8 + 0.03 * i as f64))
                .collect();
            let lanes = Faces::new(faces.clone());
            let cube = lanes.cube.is_some();
            assert_eq!(cube, l < 2);
            let general = Faces::with_layout(faces, false);
            let (mut a, mut b) = (lanes.signal_buffer(), general.signal_buffer());
            for k in 0..20_000 {
                let mut unit = || {
                    let v = Vec3::new(uniform(), uniform(), uniform()) - Vec3::repeat(0.5);
                    match (uniform() * 20.0) as u32 {
                        // Along an axis, with zeros of either sign.
                        0 => Vec3::new(0.0, -0.0, v.z.signum()),
                        1 => Vec3::new(-0.0, v.y.signum(), 0.0),
                        // Not a unit vector (`LightInput::new` never gives
                        // one): the cube's components are its dot products
                        // only for finite vectors.
                        2 if !cube => Vec3::new(f64::NAN, 0.0, 1.0),
                        _ => v.normalize(),
                    }
                };
                let (sun, nadir) = (unit(), unit());
                let h = 1.0 + 0.5 * uniform() + 1e-4;
                let illumination = [0.0, 1.0, uniform()][k % 3];
                let earth = (k % 7 != 0).then(|| EarthView::new(nadir, sun, h));
                let light = LightInput {
                    sun_body: sun,
                    illumination,
                    earth,
                };
                let coefficient = if k % 11 == 0 { 0.0 } else { 2.0 };
                let m = [6, 3][k % 2];
                lanes.signals(&light, coefficient, |c| int_pow(c, m), &mut a);
                general.signals(&light, coefficient, |c| int_pow(c, m), &mut b);
                for (i, n) in normals.iter().enumerate() {
                    let (x, y) = (a[lanes.slot(i)], b[general.slot(i)]);
                    assert_eq!(x.to_bits(), y.to_bits(), "layout {l}, step {k}, face {i}");
                    let cos_g = n.dot(&nadir);
                    past_limb += (cos_g > 0.0 && cos_g < 1.0 - 2.0 / (h * h)) as u32;
                    dark += (x == 0.0) as u32;
                    checked += 1;
                }
            }
        }
        assert!(
            past_limb > 1000 && dark > 10_000,
            "{past_limb} {dark} of {checked}"
        );
    }
}
