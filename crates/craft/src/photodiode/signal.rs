//! Step 1 of the reading pipeline for every diode: the signal from direct
//! sunlight and albedo, `g · (f · c · (1 − k (1 − c)) + E_albedo)` (see the
//! module documentation of [`super`]).
//!
//! The faces are kept two by two ([`F2`] lanes), so that one packed
//! instruction serves two diodes; an odd count is padded with a face of
//! zero normal and gain, whose signal is ignored. Each lane performs the
//! scalar operations in the scalar order, so a signal is bit-identical to
//! computing its diode alone.

use orbitai_astro::Vec3;

use super::lanes::F2;
use super::light::{EarthView, LightInput};

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

impl FacePair {
    /// `n̂·v` for both faces, summed as nalgebra's `dot` does:
    /// `(n_x v_x + n_y v_y) + n_z v_z`.
    #[inline(always)]
    fn dot(&self, v: &Vec3) -> F2 {
        self.nx * v.x + self.ny * v.y + self.nz * v.z
    }
}

/// The faces of a bank's diodes, in pairs.
#[derive(Debug, Clone)]
pub(crate) struct Faces {
    pairs: Vec<FacePair>,
}

impl Faces {
    /// From each diode's unit normal, oblique-incidence loss and gain, in
    /// bank order.
    pub fn new(diodes: impl IntoIterator<Item = (Vec3, f64, f64)>) -> Faces {
        let mut pairs = Vec::new();
        let mut diodes = diodes.into_iter();
        while let Some(a) = diodes.next() {
            let b = diodes.next().unwrap_or((Vec3::zeros(), 0.0, 0.0));
            pairs.push(FacePair {
                nx: F2([a.0.x, b.0.x]),
                ny: F2([a.0.y, b.0.y]),
                nz: F2([a.0.z, b.0.z]),
                oblique_loss: F2([a.1, b.1]),
                gain: F2([a.2, b.2]),
            });
        }
        Faces { pairs }
    }

    /// Room for the signals of [`Faces::signals`] (one per diode, in bank
    /// order, plus the padding).
    pub fn signal_buffer(&self) -> Vec<f64> {
        vec![0.0; 2 * self.pairs.len()]
    }

    /// Each diode's signal into `out` (from [`Faces::signal_buffer`]), with
    /// the albedo of `light`'s Earth if `albedo_coefficient` > 0; `cos_pow`
    /// is cos^m for the albedo's directivity `m`.
    #[inline(always)]
    pub fn signals(
        &self,
        light: &LightInput,
        albedo_coefficient: f64,
        cos_pow: impl Fn(f64) -> f64 + Copy,
        out: &mut [f64],
    ) {
        let out = out.chunks_exact_mut(2);
        let earth = light.earth.as_ref().filter(|_| albedo_coefficient > 0.0);
        // Two loops rather than a test per pair.
        match earth {
            Some(e) => {
                for (p, o) in self.pairs.iter().zip(out) {
                    let c = p.dot(&light.sun_body);
                    let albedo = albedo(p, e, c, albedo_coefficient, cos_pow);
                    o.copy_from_slice(&(p.gain * (direct(p, light.illumination, c) + albedo)).0);
                }
            }
            None => {
                for (p, o) in self.pairs.iter().zip(out) {
                    let c = p.dot(&light.sun_body);
                    o.copy_from_slice(&(p.gain * direct(p, light.illumination, c)).0);
                }
            }
        }
    }
}

/// The direct sunlight `f · c · (1 − k (1 − c))` on two faces with
/// `c = n̂·ŝ`, 0 where the Sun is behind the face.
#[inline(always)]
fn direct(p: &FacePair, illumination: f64, c: F2) -> F2 {
    let lit = illumination * c * (1.0 - p.oblique_loss * (1.0 - c));
    c.gt(F2::ZERO).select(lit, F2::ZERO)
}

/// The albedo on two faces with `c = n̂·ŝ`: both at once unless one of them
/// looks past the Earth's limb (rare), then one at a time.
#[inline(always)]
fn albedo(
    p: &FacePair,
    e: &EarthView,
    c: F2,
    coefficient: f64,
    cos_pow: impl Fn(f64) -> f64 + Copy,
) -> F2 {
    let cos_g = p.dot(&e.nadir_body);
    e.albedo_pair(cos_g, c, coefficient, cos_pow)
        .unwrap_or_else(|| albedo_each(p, e, coefficient, cos_pow))
}

/// [`albedo`] one face at a time (out of line: it is the rare case). It
/// recomputes the dot products (the same values) rather than receiving
/// them, so that the common path need not keep them in memory for it.
#[cold]
#[inline(never)]
fn albedo_each(
    p: &FacePair,
    e: &EarthView,
    coefficient: f64,
    cos_pow: impl Fn(f64) -> f64 + Copy,
) -> F2 {
    let (cos_g, c) = (p.dot(&e.nadir_body), p.dot(&e.sun_body));
    F2([0, 1].map(|i| e.albedo_dots(cos_g.0[i], c.0[i], coefficient, cos_pow)))
}
