//! Eclipse durations on a circular 500 km orbit in the ecliptic plane with a
//! fixed Sun at 1 AU in that plane (analytic circle, not SGP4), measured by
//! sampling `Shadow::illumination` every 0.05 s and compared with durations
//! derived here, independently of the library, from the shadow-cone geometry.

use std::f64::consts::TAU;

use orbitai_astro::Vec3;
use orbitai_astro::eclipse::{EclipseModel, SUN_RADIUS_KM, Shadow};

const EARTH_RADIUS_KM: f64 = 6378.137;
const ORBIT_RADIUS_KM: f64 = EARTH_RADIUS_KM + 500.0;
const AU_KM: f64 = 149_597_870.7;
/// Earth's gravitational parameter (WGS84 / EGM96), km³/s².
const MU_KM3_S2: f64 = 398_600.441_8;
const STEP_S: f64 = 0.05;
/// Sampling at STEP_S quantises each duration by < STEP_S; 0.2 s is the bound.
const TOLERANCE_S: f64 = 0.2;

fn period_s() -> f64 {
    TAU * (ORBIT_RADIUS_KM.powi(3) / MU_KM3_S2).sqrt()
}

/// Durations of the contiguous runs of samples satisfying `pred`, over one
/// orbit starting at the sub-solar point (so no run wraps around), in s.
fn runs(shadow: &Shadow, pred: impl Fn(f64) -> bool) -> Vec<f64> {
    let sun = Vec3::new(AU_KM, 0.0, 0.0);
    let period = period_s();
    let n = (period / STEP_S).ceil() as usize;
    let (mut out, mut current) = (Vec::new(), 0usize);
    for k in 0..n {
        let u = TAU * (k as f64 * STEP_S) / period;
        let sat = Vec3::new(ORBIT_RADIUS_KM * u.cos(), ORBIT_RADIUS_KM * u.sin(), 0.0);
        let f = shadow.illumination(&sat, &sun);
        if pred(f) {
            current += 1;
        } else if current > 0 {
            out.push(current as f64 * STEP_S);
            current = 0;
        }
    }
    assert_eq!(current, 0, "a run reaches the end of the orbit");
    out
}

/// Angle from the anti-Sun direction (−x) at which the cone generator
/// through `vertex` (on the x axis) with unit direction `dir` meets the orbit
/// circle; `far` picks the intersection farther along `dir`.
fn cone_meets_orbit(vertex: [f64; 2], dir: [f64; 2], far: bool) -> f64 {
    // |vertex + t dir|² = r²  ⇒  t = −v·u ± √(r² − (v×u)²).
    let v_dot_u = vertex[0] * dir[0] + vertex[1] * dir[1];
    let v_cross_u = vertex[0] * dir[1] - vertex[1] * dir[0];
    let root = (ORBIT_RADIUS_KM.powi(2) - v_cross_u.powi(2)).sqrt();
    let t = -v_dot_u + if far { root } else { -root };
    let (x, y) = (vertex[0] + t * dir[0], vertex[1] + t * dir[1]);
    y.atan2(-x)
}

/// (umbra, one penumbra) durations in s from the cone geometry.
fn analytic_conical() -> (f64, f64) {
    let d = AU_KM;
    // Umbra cone: tangent to both spheres on the same side; vertex behind
    // the Earth where the radii shrink to zero (similar triangles).
    let alpha_u = ((SUN_RADIUS_KM - EARTH_RADIUS_KM) / d).asin();
    let vertex_u = d * EARTH_RADIUS_KM / (SUN_RADIUS_KM - EARTH_RADIUS_KM);
    // Penumbra cone: tangent on opposite sides; vertex between Earth and Sun.
    let alpha_p = ((SUN_RADIUS_KM + EARTH_RADIUS_KM) / d).asin();
    let vertex_p = d * EARTH_RADIUS_KM / (SUN_RADIUS_KM + EARTH_RADIUS_KM);
    // Upper generators (y > 0). The umbra one runs from its vertex at −x
    // towards +x; the orbit's shadow-side crossing is the near intersection.
    // The penumbra one runs from its vertex at +x towards −x, crossing the
    // orbit first on the day side, then (far) on the shadow side.
    let phi_u = cone_meets_orbit([-vertex_u, 0.0], [alpha_u.cos(), alpha_u.sin()], false);
    let phi_p = cone_meets_orbit([vertex_p, 0.0], [-alpha_p.cos(), alpha_p.sin()], true);
    let n = TAU / period_s();
    (2.0 * phi_u / n, (phi_p - phi_u) / n)
}

#[test]
fn conical_umbra_and_penumbra_durations_match_the_cone_geometry() {
    let shadow = Shadow::default();
    let umbra = runs(&shadow, |f| f == 0.0);
    let penumbra = runs(&shadow, |f| f > 0.0 && f < 1.0);
    let (umbra_expected, penumbra_expected) = analytic_conical();
    println!(
        "period {:.3} s; umbra: measured {:?} s, analytic {umbra_expected:.3} s; \
         penumbra: measured {penumbra:?} s, analytic {penumbra_expected:.3} s each",
        period_s(),
        umbra
    );
    assert_eq!(umbra.len(), 1);
    assert_eq!(penumbra.len(), 2, "entry and exit penumbra");
    assert!((umbra[0] - umbra_expected).abs() < TOLERANCE_S);
    for p in penumbra {
        assert!((p - penumbra_expected).abs() < TOLERANCE_S);
    }
    // Sanity of the geometry itself: ~35.6 min of umbra, ~8.4 s of penumbra.
    assert!((umbra_expected - 2136.9).abs() < 0.5 && (penumbra_expected - 8.4).abs() < 0.1);
}

#[test]
fn cylindrical_shadow_duration_matches_two_asin_re_over_r() {
    let shadow = Shadow {
        model: EclipseModel::Cylindrical,
        ..Shadow::default()
    };
    let shade = runs(&shadow, |f| f == 0.0);
    let partial = runs(&shadow, |f| f > 0.0 && f < 1.0);
    let expected = 2.0 * (EARTH_RADIUS_KM / ORBIT_RADIUS_KM).asin() / TAU * period_s();
    println!("cylindrical shadow: measured {shade:?} s, analytic {expected:.3} s");
    assert_eq!(shade.len(), 1);
    assert!(partial.is_empty());
    assert!((shade[0] - expected).abs() < TOLERANCE_S);
    // The cylinder sits between the umbra and the outer edge of the penumbra.
    let (umbra, penumbra) = analytic_conical();
    assert!(umbra < expected && expected < umbra + 2.0 * penumbra);
}
