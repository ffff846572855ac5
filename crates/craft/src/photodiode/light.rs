//! The light that reaches the faces at one instant: direct sunlight and a
//! simple Earth-albedo term, computed once per step from the truth.
//!
//! # Albedo model
//! A face with outward normal n̂ receives, in units of the full-Sun
//! irradiance (the photodiodes' "sine" unit),
//!
//! ```text
//! E_albedo = min(a · cos^m γ · ψ², A⊕ · cos γ) / H²    (cos γ > 0, else 0)
//! ```
//!
//! - `a`: an effective albedo coefficient and `m` a directivity exponent,
//!   both tuned to the flight statistics (spec §7), not physical constants.
//!   A flat Lambertian plate would collect the exact sphere view factor
//!   ([`EarthView::view_factor`], Howell's catalogue): at OPS-SAT's
//!   altitude the Earth fills so much of the sky that almost every face sees
//!   some of it, yet in flight the faces turned away from the Earth read
//!   exactly 0 in 97 % of samples, and those turned towards it read
//!   little, with a long tail (non-zero 36 % of the time, mean sin 0.004,
//!   90th percentile 0.014, max 0.085). A narrow response (m = 6: half the
//!   weight within ~35° of the normal) and a squared lit weight reproduce
//!   that (see the crate's `flight_statistics` test).
//! - γ: the angle between n̂ and nadir; H = |r|/R⊕; `cos γ / H²` is the
//!   exact view factor when the whole Earth disc is in front of the face.
//! - `A⊕ = 0.3`, the Earth's mean Bond albedo: a physical ceiling. All the
//!   flight runs were near the terminator (a dawn–dusk orbit, no eclipse),
//!   so the tuned term is only constrained there; over a fully sunlit Earth
//!   it would exceed what a Lambertian face can receive, and the ceiling
//!   (≈ 0.26 for a nadir face at 520 km) keeps other geometries physical.
//! - `ψ`: how brightly lit the part of the Earth the face looks at is. The
//!   face is taken to look at the Earth point P along the direction halfway
//!   between nadir and its normal (the tangent point on the limb if that
//!   direction misses the Earth); with Z_P the Sun's zenith angle at P,
//!   ψ = clamp((cos Z_P + ε)/(1 + ε), 0, 1), ε = 0.05 a twilight margin
//!   for the atmosphere. So a dark face that looks down at the night side
//!   reads exactly 0 (no photocurrent, no noise) and one that looks at the
//!   sunlit Earth or limb reads a little.

use orbitai_astro::Vec3;
use std::f64::consts::FRAC_1_PI;

use super::lanes::{F2, M2};
use crate::quat::Quat;

/// The light at one instant, in body axes: computed once per step and
/// shared by all photodiodes. Its vectors must be finite, as
/// [`LightInput::new`] makes them (a bank with a diode on each face of a
/// cube takes their components for its dot products).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LightInput {
    /// Unit vector to the Sun, body axes.
    pub sun_body: Vec3,
    /// Fraction of the solar disc visible (1 full sun, 0 umbra).
    pub illumination: f64,
    /// Earth geometry, `None` to ignore albedo.
    pub earth: Option<EarthView>,
}

/// Earth's mean Bond albedo A⊕: the ceiling of the albedo term (a
/// Lambertian face under a fully sunlit Earth).
pub const EARTH_ALBEDO: f64 = 0.3;

/// Twilight margin ε of the albedo model (cos Z units).
const TWILIGHT_MARGIN: f64 = 0.05;

/// 1/(1 + ε): ψ = (cos Z + ε)·PSI_SLOPE before clamping.
const PSI_SLOPE: f64 = 1.0 / (1.0 + TWILIGHT_MARGIN);

/// The Earth as seen from the spacecraft, for the albedo term.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EarthView {
    /// Unit vector to the Earth's centre, body axes.
    pub nadir_body: Vec3,
    /// Unit vector to the Sun, body axes.
    pub sun_body: Vec3,
    /// H = |r| / R⊕ (> 1).
    pub h: f64,
}

/// The per-step constants of the albedo model for an [`EarthView`], from
/// [`EarthView::constants`]. They are computed where they are used rather
/// than kept in the view: in a sensor step the attitude sensors run between
/// [`LightInput::new`] and the photodiodes, and every number computed
/// before that call would be stored and reloaded around it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EarthConstants {
    // H, nadir·ŝ, 1/H, 1/H², and for ψ (see `lit_weight_dots`) H², 2X²
    // with X = √(H² − 1), and ε − H nadir·ŝ. X itself is needed only off
    // the hot path (`EarthConstants::x`).
    h: f64,
    nadir_sun: f64,
    inv_h: f64,
    inv_h2: f64,
    h2: f64,
    two_x2: f64,
    twilight_offset: f64,
}

impl LightInput {
    /// From the truth: attitude `q` (inertial → body), spacecraft position
    /// `position_km` (TEME), unit Sun direction from the spacecraft
    /// `sun_direction` (TEME), illumination fraction, and the Earth radius
    /// (km) for the albedo geometry. Non-finite inputs give a dark,
    /// Earth-less input (every reading 0), never NaN.
    #[inline]
    pub fn new(
        q: &Quat,
        position_km: &Vec3,
        sun_direction: &Vec3,
        illumination: f64,
        earth_radius_km: f64,
    ) -> LightInput {
        let sun_body = q.inertial_to_body(sun_direction);
        let illumination = if is_finite(illumination) {
            illumination.clamp(0.0, 1.0)
        } else {
            0.0
        };
        if !all_finite(&sun_body) {
            return LightInput {
                sun_body: Vec3::zeros(),
                illumination: 0.0,
                earth: None,
            };
        }
        let r = position_km.norm();
        // r ≥ 0 or NaN: `r < ∞` is `r.is_finite()` in one comparison.
        let earth =
            (r < f64::INFINITY && earth_radius_km > 0.0 && r > earth_radius_km).then(|| {
                // nadir = −q r̂ q*, with the rotation done while |r| is computed
                // rather than after it.
                let nadir = q.inertial_to_body(position_km) * -(1.0 / r);
                EarthView::new(nadir, sun_body, r / earth_radius_km)
            });
        LightInput {
            sun_body,
            illumination,
            earth,
        }
    }

    /// Full sun from `sun_body` (unit, body axes), no Earth: for tests and
    /// simple uses.
    pub fn sun_only(sun_body: Vec3, illumination: f64) -> LightInput {
        LightInput {
            sun_body,
            illumination,
            earth: None,
        }
    }
}

impl EarthView {
    /// From the nadir and Sun directions in body axes (unit) and
    /// H = |r|/R⊕ (> 1; smaller values are raised just above 1).
    pub fn new(nadir_body: Vec3, sun_body: Vec3, h: f64) -> EarthView {
        let h = if h.is_finite() {
            h.max(1.0 + 1e-9)
        } else {
            1.0 + 1e-9
        };
        EarthView {
            nadir_body,
            sun_body,
            h,
        }
    }

    /// The albedo model's constants for this view.
    #[inline(always)]
    pub(crate) fn constants(&self) -> EarthConstants {
        let h = self.h;
        let inv_h = 1.0 / h;
        let nadir_sun = self.nadir_body.dot(&self.sun_body);
        EarthConstants {
            h,
            nadir_sun,
            inv_h,
            inv_h2: inv_h * inv_h,
            h2: h * h,
            two_x2: 2.0 * (h * h - 1.0),
            twilight_offset: TWILIGHT_MARGIN - h * nadir_sun,
        }
    }

    /// Albedo irradiance (sine units) on a face with unit normal `n` (body
    /// axes): `min(a · cos^m γ · ψ², A⊕ cos γ) / H²` for a face turned
    /// towards the Earth (cos γ > 0), else 0, with `a` the coefficient and
    /// `m` the directivity exponent (see the module documentation).
    #[inline]
    pub fn albedo(&self, n: &Vec3, coefficient: f64, directivity: i32) -> f64 {
        self.constants().albedo_dots(
            n.dot(&self.nadir_body),
            n.dot(&self.sun_body),
            coefficient,
            |c| int_pow(c, directivity),
        )
    }

    /// ψ for a face with unit normal `n`: how lit the Earth point it looks
    /// at is, in [0, 1].
    pub fn lit_weight(&self, n: &Vec3) -> f64 {
        let k = self.constants();
        k.lit_weight_dots(n.dot(&self.nadir_body), n.dot(&self.sun_body))
    }

    /// View factor from a plane element with unit normal `n` (body axes) to
    /// the Earth sphere, in [0, 1/H²]: the fraction of a Lambertian face's
    /// diffuse input that comes from the Earth (Howell's catalogue,
    /// "differential element to sphere"). Not used by the reading pipeline
    /// (see the module documentation), kept to compare with it. With γ the
    /// angle between `n` and nadir and X = √(H² − 1): fully visible Earth
    /// (cos γ ≥ 1/H): F = cos γ / H²; Earth behind the face (cos γ ≤ −1/H):
    /// 0; in between
    /// F = [cos γ · acos(−X cot γ) − X √(1 − H² cos² γ)] / (π H²)
    ///     + atan(√(1 − H² cos² γ) / X) / π.
    #[inline]
    pub fn view_factor(&self, n: &Vec3) -> f64 {
        let k = self.constants();
        view_factor(n.dot(&self.nadir_body), k.h, k.inv_h, k.inv_h2, k.x())
    }

    /// Whether any of the Earth's disc is in front of a face with normal `n`.
    #[inline]
    pub fn sees_earth(&self, n: &Vec3) -> bool {
        n.dot(&self.nadir_body) > -(1.0 / self.h)
    }
}

impl EarthConstants {
    /// [`EarthView::albedo`] from the face's cos γ = n̂·nadir and n̂·ŝ (the
    /// photodiode pipeline has both already), with `cos_pow` = cos^m (the
    /// bank passes `int_pow` with its exponent fixed, so that the choice of
    /// products is made once per step rather than once per face).
    #[inline(always)]
    pub(crate) fn albedo_dots(
        &self,
        cos_g: f64,
        n_sun: f64,
        coefficient: f64,
        cos_pow: impl Fn(f64) -> f64,
    ) -> f64 {
        if cos_g.is_nan() || cos_g <= 0.0 {
            return 0.0;
        }
        let psi = self.lit_weight_dots(cos_g, n_sun);
        // The factors that do not depend on ψ are multiplied while ψ is being
        // computed (its square root ends the longest dependency chain of the
        // sensor step), and `min` is a plain comparison (a NaN product gives
        // the ceiling, as `f64::min` would).
        let weighted = coefficient * self.inv_h2 * cos_pow(cos_g) * (psi * psi);
        let ceiling = EARTH_ALBEDO * self.inv_h2 * cos_g;
        if weighted < ceiling {
            weighted
        } else {
            ceiling
        }
    }

    /// [`EarthConstants::albedo_dots`] for two faces at once: the same
    /// operations, lane by lane, for the common case where every face that
    /// is `wanted` looks at the Earth's disc (not past the limb); `None`
    /// otherwise, and the caller takes the faces one at a time. Only the
    /// lanes where `cos_g` > 0 are the albedo: the caller selects 0 for the
    /// others, and must want every lane with `cos_g` > 0 that it selects
    /// (wanting more only declines more often: a lane that faces no Earth
    /// can fail the test).
    #[inline(always)]
    pub(crate) fn albedo_facing_pair(
        &self,
        cos_g: F2,
        n_sun: F2,
        wanted: M2,
        coefficient: f64,
        cos_pow: impl Fn(f64) -> f64,
    ) -> Option<F2> {
        // Lanes with cos γ ≤ 0 compute garbage (even NaN) that the caller's
        // select discards, as the scalar code returns 0 before computing.
        // For a facing lane 1 + cos γ ≥ 1, so the scalar guard against
        // n̂ = −nadir never applies.
        let one_plus = cos_g + 1.0;
        let sum = n_sun + self.nadir_sun;
        let hit = self.h2 - F2::splat(self.two_x2) / one_plus;
        if !wanted.implies(hit.ge(F2::ZERO)) {
            return None;
        }
        let psi = ((0.5 * sum) * (self.h - hit.sqrt()) + self.twilight_offset) * PSI_SLOPE;
        let psi = psi.map(|p| p.clamp(0.0, 1.0));
        let weighted = coefficient * self.inv_h2 * cos_g.map(cos_pow) * (psi * psi);
        let ceiling = EARTH_ALBEDO * self.inv_h2 * cos_g;
        Some(weighted.lt(ceiling).select(weighted, ceiling))
    }

    /// ψ from cos γ = n̂·nadir and n̂·ŝ, all in scalars (a few ns instead
    /// of two vector normalisations on the hot path). With d̂ the look
    /// direction (nadir + n̂)/|nadir + n̂| and |nadir + n̂|² = 2 + 2 cos γ:
    /// c = nadir·d̂ = √c², c² = (1 + cos γ)/2, and d̂·ŝ = Σ/(2c) with
    /// Σ = nadir·ŝ + n̂·ŝ. Earth-centred, in Earth radii, the spacecraft is
    /// at S = −H·nadir and the look ray meets the unit sphere at
    /// t = H c − √(H²c² − X²), so the Sun's zenith angle there is
    ///
    /// ```text
    /// cos Z = P·ŝ = t d̂·ŝ − H nadir·ŝ = ½ Σ (H − √(H² − 2X²/(1 + cos γ))) − H nadir·ŝ
    /// ```
    ///
    /// and ψ = clamp((cos Z + ε)/(1 + ε), 0, 1): one division then one
    /// square root per face, with the per-step constants cached, where
    /// normalising d̂ and then intersecting chains a square root, a division
    /// and another square root (the longest latency of the sensor step).
    #[inline(always)]
    fn lit_weight_dots(&self, cos_g: f64, n_sun: f64) -> f64 {
        let one_plus = 1.0 + cos_g;
        // n̂ = −nadir (or NaN): no look direction.
        if one_plus.is_nan() || one_plus < 0.5e-12 {
            return 0.0;
        }
        let sum = self.nadir_sun + n_sun;
        let hit = self.h2 - self.two_x2 / one_plus;
        let psi = if hit >= 0.0 {
            // (cos Z + ε)·PSI_SLOPE; written this way, a face looking
            // straight down at a Sun in the zenith reads exactly ψ = 1.
            (0.5 * sum * (self.h - hit.sqrt()) + self.twilight_offset) * PSI_SLOPE
        } else {
            // The ray misses: P is the limb point towards d̂. Unit tangent
            // ê = (d̂ − c nadir)/√(1 − c²) in the plane of nadir and d̂; the
            // limb direction is nadir·X/H + ê/H and the tangent length X.
            let c2 = 0.5 * one_plus;
            let c = c2.sqrt();
            let s = (1.0 - c2).max(0.0).sqrt();
            if s < 1e-12 {
                return 0.0;
            }
            let (h, x, ns) = (self.h, self.x(), self.nadir_sun);
            let e_sun = (sum / (2.0 * c) - c * ns) / s;
            let cos_z = x * (x * self.inv_h * ns + e_sun * self.inv_h) - h * ns;
            (cos_z + TWILIGHT_MARGIN) * PSI_SLOPE
        };
        psi.clamp(0.0, 1.0)
    }

    /// X = √(H² − 1), the distance to the horizon in Earth radii.
    fn x(&self) -> f64 {
        // 2X² is exactly twice H² − 1 (a power of two), so this is the
        // same number as √(H² − 1).
        (0.5 * self.two_x2).sqrt()
    }
}

/// Whether `x` is finite, in floating-point operations: `x · 0` is ±0 for
/// a finite `x` and NaN otherwise. (`f64::is_finite` moves the value to an
/// integer register to test its exponent, which costs a little more.)
#[inline(always)]
pub(crate) fn is_finite(x: f64) -> bool {
    x * 0.0 == 0.0
}

/// Whether every component of `v` is finite: a sum of ±0 is ±0, and any
/// NaN makes the sum NaN.
#[inline(always)]
pub(crate) fn all_finite(v: &Vec3) -> bool {
    v.x * 0.0 + v.y * 0.0 + v.z * 0.0 == 0.0
}

/// `x^n` for a small n ≥ 0 by repeated squaring, inlined (`powi` with a
/// run-time exponent is a library call). The usual directivities are
/// written out (one branch instead of a loop; the same products).
#[inline(always)]
pub(crate) fn int_pow(x: f64, n: i32) -> f64 {
    let x2 = x * x;
    match n {
        1 => x,
        2 => x2,
        3 => x * x2,
        4 => x2 * x2,
        6 => x2 * (x2 * x2),
        8 => (x2 * x2) * (x2 * x2),
        _ => {
            let (mut x, mut n, mut acc) = (x, n, 1.0);
            while n > 0 {
                if n & 1 == 1 {
                    acc *= x;
                }
                x *= x;
                n >>= 1;
            }
            acc
        }
    }
}

/// View factor of a sphere from a plane element, `cos_g` = cos γ between the
/// element's normal and the direction to the sphere's centre.
#[inline]
fn view_factor(cos_g: f64, h: f64, inv_h: f64, inv_h2: f64, x: f64) -> f64 {
    if cos_g >= inv_h {
        return cos_g * inv_h2;
    }
    if cos_g <= -inv_h || cos_g.is_nan() {
        return 0.0;
    }
    let sin_g = (1.0 - cos_g * cos_g).max(0.0).sqrt();
    // 1 − H² cos² γ ∈ (0, 1] in the partial band.
    let s = (1.0 - h * h * cos_g * cos_g).max(0.0).sqrt();
    // acos(−X cot γ), with the argument clamped against rounding.
    let a = (-x * cos_g / sin_g).clamp(-1.0, 1.0).acos();
    let f = (cos_g * a - x * s) * inv_h2 * FRAC_1_PI + (s / x).atan() * FRAC_1_PI;
    f.max(0.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::{SensorKind, StreamId, stream_rng};
    use rand::RngExt;

    fn vf(cos_g: f64, h: f64) -> f64 {
        EarthView::new(Vec3::new(0.0, 0.0, -1.0), Vec3::z(), h).view_factor(&Vec3::new(
            (1.0 - cos_g * cos_g).sqrt(),
            0.0,
            -cos_g,
        ))
    }

    #[test]
    fn view_factor_is_continuous_at_the_band_edges() {
        let h = 1.08;
        let edge = 1.0 / h;
        for (a, b) in [(edge + 1e-9, edge - 1e-9), (-edge + 1e-9, -edge - 1e-9)] {
            assert!(
                (vf(a, h) - vf(b, h)).abs() < 1e-6,
                "{} vs {}",
                vf(a, h),
                vf(b, h)
            );
        }
        assert!((vf(1.0, h) - 1.0 / (h * h)).abs() < 1e-15);
        assert_eq!(vf(-1.0, h), 0.0);
    }

    #[test]
    fn view_factor_matches_monte_carlo() {
        // Cosine-weighted rays from the element: F = fraction hitting the
        // sphere. 2·10^5 rays per angle: standard error < 0.0012.
        let h = 1.08;
        let mut rng = stream_rng(3, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 9));
        for cos_g in [0.95f64, 0.6, 0.3, 0.0, -0.2, -0.35] {
            let sin_g = (1.0 - cos_g * cos_g).sqrt();
            // Element normal +Z; sphere centre at distance h along (sin_g, 0, cos_g).
            let c = Vec3::new(sin_g, 0.0, cos_g) * h;
            let n = 200_000;
            let mut hits = 0;
            for _ in 0..n {
                let (u1, u2): (f64, f64) = (rng.random(), rng.random());
                let r = u1.sqrt();
                let phi = std::f64::consts::TAU * u2;
                let d = Vec3::new(r * phi.cos(), r * phi.sin(), (1.0 - u1).sqrt());
                // Ray hits the unit sphere at c if the closest approach < 1.
                let t = d.dot(&c);
                if t > 0.0 && (c - d * t).norm_squared() < 1.0 {
                    hits += 1;
                }
            }
            let mc = hits as f64 / n as f64;
            assert!(
                (mc - vf(cos_g, h)).abs() < 0.005,
                "cos γ {cos_g}: {mc} vs {}",
                vf(cos_g, h)
            );
        }
    }

    #[test]
    fn albedo_facing_pair_is_the_scalar_albedo_bit_for_bit() {
        // Random unit vectors for nadir, Sun and two normals at random
        // altitudes: wherever the pair has a value, each lane is the
        // scalar result; the pair declines only when a facing lane looks
        // past the limb.
        let mut rng = stream_rng(4, 0, StreamId::new(0, SensorKind::PhotodiodeNoise, 3));
        let mut unit = || {
            let v = Vec3::new(rng.random::<f64>(), rng.random(), rng.random());
            (v - Vec3::repeat(0.5)).normalize()
        };
        let (mut paired, mut declined) = (0, 0);
        for k in 0..20_000 {
            let h = 1.0 + 0.5 * (k % 100) as f64 / 100.0 + 1e-3;
            let view = EarthView::new(unit(), unit(), h);
            let e = view.constants();
            let (a, b) = (unit(), unit());
            let cos_g = F2([a.dot(&view.nadir_body), b.dot(&view.nadir_body)]);
            let n_sun = F2([a.dot(&view.sun_body), b.dot(&view.sun_body)]);
            let pow = |c: f64| int_pow(c, 6);
            let scalar = [0, 1].map(|i| e.albedo_dots(cos_g.0[i], n_sun.0[i], 2.0, pow));
            match e.albedo_facing_pair(cos_g, n_sun, cos_g.gt(F2::ZERO), 2.0, pow) {
                Some(p) => {
                    let p = cos_g.gt(F2::ZERO).select(p, F2::ZERO);
                    paired += 1;
                    assert_eq!(p.0.map(f64::to_bits), scalar.map(f64::to_bits));
                }
                None => declined += 1,
            }
        }
        assert!(paired > 10_000 && declined > 100, "{paired} {declined}");
    }

    #[test]
    fn lit_weight_follows_the_sun_on_the_ground() {
        let nadir = Vec3::new(0.0, 0.0, -1.0);
        let down = nadir;
        // Sun at the zenith: the ground below is fully lit.
        assert_eq!(EarthView::new(nadir, -nadir, 1.08).lit_weight(&down), 1.0);
        // Sun behind the Earth: night below.
        assert_eq!(EarthView::new(nadir, nadir, 1.08).lit_weight(&down), 0.0);
        // Sun on the horizon (+X): a face tilted 45° towards +X looks at
        // ground ~2° into the day side (dimly lit), one tilted towards −X
        // at ground ~2° into the night (only the twilight margin).
        let e = EarthView::new(nadir, Vec3::x(), 1.08);
        let toward = Vec3::new(0.7, 0.0, -0.7).normalize();
        let away = Vec3::new(-0.7, 0.0, -0.7).normalize();
        assert!(e.lit_weight(&toward) > 0.05, "{}", e.lit_weight(&toward));
        assert!(e.lit_weight(&away) < 0.02, "{}", e.lit_weight(&away));
        // A side face towards the Sun looks 45° off nadir, at ground ~5°
        // into the day side: brighter than the 45°-tilted face's.
        let side = e.lit_weight(&Vec3::x());
        assert!(side > 0.1 && side > e.lit_weight(&toward), "{side}");
        // Zenith-facing: nothing.
        assert_eq!(e.albedo(&-nadir, 2.0, 6), 0.0);
        // Over a sunlit Earth the ceiling applies: A⊕ cos γ / H².
        let day = EarthView::new(nadir, -nadir, 1.08);
        assert!((day.albedo(&down, 2.0, 6) - EARTH_ALBEDO / (1.08 * 1.08)).abs() < 1e-12);
    }
}
