//! Eclipse contacts against an independent reference:
//! `tests/data/shadow_reference/` holds the contact times (penumbra entry,
//! umbra entry, umbra exit, penumbra exit) of OPS-SAT over days at the
//! start, middle and end of its 2020-21 eclipse season, made by
//! `make_reference.py` there: python `sgp4`, astropy's Sun in TEME, and rays
//! from the spacecraft to 4096 points of the solar limb tested against the
//! WGS84 ellipsoid (inflated by 50 km in one set; a sphere in another).
//!
//! Here the same TLE is propagated with the crate's `Propagator`, the Sun is
//! `sun_position`, and the contacts of `Shadow::illumination` are found by a
//! scan and bisection to 1 ms. Every contact of the WGS84 model (with and
//! without the atmosphere) and of the sphere must lie within 5 s of the
//! reference's; the spherical model against the WGS84 reference shows what
//! the ellipsoid changes, and must be far off somewhere (else the test could
//! not fail). Run with `--nocapture` for the figures.

use std::collections::BTreeMap;

use orbitai_astro::eclipse::{Atmosphere, EarthShape};
use orbitai_astro::sun::sun_position;
use orbitai_astro::{Epoch, Propagator, PropagatorMode, Shadow, Vec3, tle};

const TLE: &str = include_str!("../../../assets/tle/opssat-2021-02-08.tle");
const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/shadow_reference");

/// Required agreement with the reference, s.
const TOLERANCE_S: f64 = 5.0;
/// The spherical Earth must be at least this far from the WGS84 reference
/// somewhere, s.
const SPHERE_OFF_BY_AT_LEAST_S: f64 = 30.0;
/// Contacts of one kind farther apart than this are different events, s.
const SAME_EVENT_S: f64 = 600.0;
/// Coarse scan step (with an inflated shadow that contains every tested
/// one) and fine scan step, s.
const COARSE_S: f64 = 30.0;
const FINE_S: f64 = 1.0;
/// Bisection of a contact, s.
const BISECT_TO_S: f64 = 1e-3;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Kind {
    PenumbraEntry,
    UmbraEntry,
    UmbraExit,
    PenumbraExit,
}

impl Kind {
    fn parse(text: &str) -> Kind {
        match text {
            "penumbra_entry" => Kind::PenumbraEntry,
            "umbra_entry" => Kind::UmbraEntry,
            "umbra_exit" => Kind::UmbraExit,
            "penumbra_exit" => Kind::PenumbraExit,
            other => panic!("unknown contact {other:?}"),
        }
    }

    /// The contact between two states (0 sun, 1 penumbra, 2 umbra).
    fn between(before: u8, after: u8) -> Kind {
        match (before, after) {
            (0, 1) => Kind::PenumbraEntry,
            (1, 2) => Kind::UmbraEntry,
            (2, 1) => Kind::UmbraExit,
            (1, 0) => Kind::PenumbraExit,
            _ => panic!("{before} -> {after} within {FINE_S} s"),
        }
    }
}

/// A contact: its kind and Unix time, s.
type Contact = (Kind, f64);

struct Window {
    set: String,
    start: f64,
    end: f64,
}

fn rows(file: &str) -> Vec<Vec<String>> {
    let path = format!("{DIR}/{file}");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .skip(1)
        .map(|line| line.split(',').map(str::to_owned).collect())
        .collect()
}

fn epoch(unix_s: f64) -> Epoch {
    Epoch::from_unix_nanos((unix_s * 1e9).round() as i64)
}

/// The shadow model a reference set was computed for.
fn model_of(set: &str) -> Shadow {
    match set {
        "sphere" => Shadow {
            earth: EarthShape::Sphere,
            ..Shadow::default()
        },
        "wgs84" => Shadow {
            earth: EarthShape::Wgs84,
            ..Shadow::default()
        },
        "wgs84_atm50" => Shadow {
            earth: EarthShape::Wgs84,
            atmosphere: Some(Atmosphere { height_km: 50.0 }),
            ..Shadow::default()
        },
        other => panic!("unknown set {other:?}"),
    }
}

struct Truth {
    propagator: Propagator,
}

impl Truth {
    fn at(&self, unix_s: f64) -> (Vec3, Vec3) {
        let t = epoch(unix_s);
        let state = self.propagator.state_at(t).expect("propagates");
        (state.position_km, sun_position(t))
    }
}

fn state(shadow: &Shadow, (sat, sun): (Vec3, Vec3)) -> u8 {
    match shadow.illumination(&sat, &sun) {
        1.0 => 0,
        0.0 => 2,
        _ => 1,
    }
}

/// The contacts of each of `models` in a window: a coarse scan with a
/// shadow inflated by 300 km (which contains every tested shadow: a ray
/// that meets a body meets any body containing it), then a fine scan where
/// that one is entered, and bisection of every change of state.
fn contacts(truth: &Truth, window: &Window, models: &[Shadow]) -> Vec<Vec<Contact>> {
    let detector = Shadow {
        atmosphere: Some(Atmosphere { height_km: 300.0 }),
        ..Shadow::default()
    };
    let coarse: Vec<f64> = (0..)
        .map(|k| window.start + k as f64 * COARSE_S)
        .take_while(|&t| t <= window.end)
        .collect();
    let shaded: Vec<bool> = coarse
        .iter()
        .map(|&t| detector.illumination(&truth.at(t).0, &truth.at(t).1) < 1.0)
        .collect();
    // The fine scan covers each shaded coarse sample and its neighbours.
    let mut spans: Vec<(f64, f64)> = Vec::new();
    for (k, _) in shaded.iter().enumerate().filter(|(_, s)| **s) {
        let (from, to) = (
            coarse[k.saturating_sub(1)],
            coarse[(k + 1).min(coarse.len() - 1)],
        );
        match spans.last_mut() {
            Some(last) if last.1 >= from => last.1 = to,
            _ => spans.push((from, to)),
        }
    }
    let mut found = vec![Vec::new(); models.len()];
    for (from, to) in spans {
        let steps = ((to - from) / FINE_S).round() as usize;
        let mut previous: Option<(f64, Vec<u8>)> = None;
        for k in 0..=steps {
            let t = from + k as f64 * FINE_S;
            let here = truth.at(t);
            let states: Vec<u8> = models.iter().map(|m| state(m, here)).collect();
            if let Some((t0, before)) = &previous {
                for (m, model) in models.iter().enumerate() {
                    if before[m] != states[m] {
                        let (mut lo, mut hi) = (*t0, t);
                        while hi - lo > BISECT_TO_S {
                            let mid = 0.5 * (lo + hi);
                            let s = state(model, truth.at(mid));
                            if s == before[m] {
                                lo = mid;
                            } else {
                                assert_eq!(s, states[m], "{} at {mid}", window.set);
                                hi = mid;
                            }
                        }
                        let kind = Kind::between(before[m], states[m]);
                        found[m].push((kind, 0.5 * (lo + hi)));
                    }
                }
            }
            previous = Some((t, states));
        }
    }
    found
}

/// Differences model − reference of matched contacts (same kind, nearest,
/// within `SAME_EVENT_S`), and the contacts each side left unmatched.
struct Comparison {
    differences: Vec<(f64, Contact)>,
    missing: Vec<Contact>,
    extra: Vec<Contact>,
}

fn compare(model: &[Contact], reference: &[Contact]) -> Comparison {
    let nearest = |(kind, t): Contact, among: &[Contact]| {
        among
            .iter()
            .filter(|(k, _)| *k == kind)
            .map(|(_, u)| u - t)
            .min_by(|a, b| a.abs().total_cmp(&b.abs()))
            .filter(|d| d.abs() < SAME_EVENT_S)
    };
    let mut out = Comparison {
        differences: Vec::new(),
        missing: Vec::new(),
        extra: Vec::new(),
    };
    for &contact in reference {
        match nearest(contact, model) {
            Some(d) => out.differences.push((d, contact)),
            None => out.missing.push(contact),
        }
    }
    for &contact in model {
        if nearest(contact, reference).is_none() {
            out.extra.push(contact);
        }
    }
    out
}

/// (max |Δ|, median |Δ|, the contact of the max).
fn summary(differences: &[(f64, Contact)]) -> (f64, f64, Option<Contact>) {
    let mut abs: Vec<f64> = differences.iter().map(|(d, _)| d.abs()).collect();
    abs.sort_by(f64::total_cmp);
    let worst = differences
        .iter()
        .max_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
        .map(|&(_, c)| c);
    let median = if abs.is_empty() {
        f64::NAN
    } else {
        abs[abs.len() / 2]
    };
    (abs.last().copied().unwrap_or(f64::NAN), median, worst)
}

fn report(label: &str, c: &Comparison) {
    let (max, median, worst) = summary(&c.differences);
    let at = worst.map_or(String::new(), |(k, t)| format!(" ({k:?} at {})", epoch(t)));
    println!(
        "{label}: {} matched, max |Δ| {max:.3} s{at}, median {median:.3} s; \
         {} reference contacts missing, {} extra",
        c.differences.len(),
        c.missing.len(),
        c.extra.len()
    );
}

#[test]
fn inputs_match_the_reference_inputs() {
    let tle = tle::parse_str(TLE, "opssat").unwrap().remove(0);
    let truth = Truth {
        propagator: Propagator::new(&tle, PropagatorMode::Afspc).unwrap(),
    };
    let (mut position_km, mut sun_rad) = (0.0_f64, 0.0_f64);
    let table = rows("positions.csv");
    assert!(table.len() >= 10);
    for row in table {
        let x: Vec<f64> = row.iter().map(|f| f.parse().unwrap()).collect();
        let (sat, sun) = truth.at(x[0]);
        position_km = position_km.max((sat - Vec3::new(x[1], x[2], x[3])).norm());
        let reference = Vec3::new(x[4], x[5], x[6]);
        sun_rad = sun_rad.max(sun.cross(&reference).norm().atan2(sun.dot(&reference)));
    }
    println!(
        "inputs: SGP4 {position_km:.2e} km from python sgp4; Sun {sun_rad:.2e} rad ({:.5}°) from astropy",
        sun_rad.to_degrees()
    );
    assert!(position_km < 1e-6, "{position_km} km");
    // The Sun model's stated accuracy (tests/sun_reference.rs).
    assert!(sun_rad.to_degrees() < 0.002, "{sun_rad} rad");
}

#[test]
fn contacts_match_the_independent_reference() {
    let tle = tle::parse_str(TLE, "opssat").unwrap().remove(0);
    let truth = Truth {
        propagator: Propagator::new(&tle, PropagatorMode::Afspc).unwrap(),
    };
    let windows: Vec<Window> = rows("windows.csv")
        .into_iter()
        .map(|r| Window {
            set: r[0].clone(),
            start: r[5].parse().unwrap(),
            end: r[6].parse().unwrap(),
        })
        .collect();
    let mut reference: BTreeMap<String, Vec<Contact>> = BTreeMap::new();
    for r in rows("contacts.csv") {
        reference
            .entry(r[0].clone())
            .or_default()
            .push((Kind::parse(&r[2]), r[1].parse().unwrap()));
    }
    assert_eq!(reference.len(), 3, "sets: {:?}", reference.keys());

    // Per set: the set's own model, and the plain sphere against it.
    let mut own: BTreeMap<String, (Vec<Contact>, Vec<Contact>)> = BTreeMap::new();
    let sphere = model_of("sphere");
    for window in &windows {
        let found = contacts(&truth, window, &[model_of(&window.set), sphere]);
        let in_window = |c: &&Contact| (window.start..=window.end).contains(&c.1);
        let entry = own.entry(window.set.clone()).or_default();
        entry.0.extend(&found[0]);
        entry.1.extend(&found[1]);
        let expected = reference[&window.set].iter().filter(in_window).count();
        println!(
            "{} {}: reference {expected} contacts, model {}, sphere {}",
            window.set,
            epoch(window.start),
            found[0].len(),
            found[1].len()
        );
    }

    let mut failures = Vec::new();
    for (set, (model, sphere)) in &own {
        let expected = &reference[set];
        let c = compare(model, expected);
        report(&format!("{set} model vs reference"), &c);
        let (max, _, _) = summary(&c.differences);
        if max.is_nan() || max > TOLERANCE_S || !c.missing.is_empty() || !c.extra.is_empty() {
            failures.push(format!(
                "{set}: max |Δ| {max} s, missing {:?}, extra {:?}",
                c.missing, c.extra
            ));
        }
        if set != "sphere" {
            let s = compare(sphere, expected);
            report(&format!("{set}: the spherical model vs reference"), &s);
            if set == "wgs84" {
                let (max, _, _) = summary(&s.differences);
                assert!(
                    max > SPHERE_OFF_BY_AT_LEAST_S && !s.extra.is_empty(),
                    "the sphere is only {max} s off the WGS84 reference, {} extra contacts: \
                     the comparison cannot tell the models apart",
                    s.extra.len()
                );
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
