//! Sample plots from synthetic sweep data, for looking at them:
//! `ORBITAI_PLOT_SAMPLES=DIR cargo test --bin orbitai plot_samples -- --ignored`.

use std::f64::consts::PI;
use std::path::PathBuf;

use super::*;

/// xorshift64*: deterministic noise without a dependency.
struct Noise(u64);

impl Noise {
    fn uniform(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        (0..12).map(|_| self.uniform()).sum::<f64>() - 6.0
    }
}

fn quantile(v: &mut [f64], p: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    let pos = p * (v.len() - 1) as f64;
    let i = pos.floor() as usize;
    v[i] + pos.fract() * (v.get(i + 1).unwrap_or(&v[i]) - v[i])
}

const MODELS: [&str; 12] = [
    "arow 3D",
    "scw 3D",
    "nherd 3D",
    "pa 3D",
    "pa-i 2D",
    "pa-ii 5D",
    "adam 1D",
    "adagrad-rda 5D",
    "arow 5D",
    "scw 1D",
    "nherd 2D",
    "pa 1D",
];

/// Curves rising from ~0.5 towards a model's plateau, 40 members each.
fn sweep(models: usize, noise: &mut Noise) -> (Vec<CurveBand>, Vec<(String, Vec<f64>)>) {
    let samples: Vec<u64> = (0..=40).map(|i| i * 100).collect();
    let mut bands = Vec::new();
    let mut finals = Vec::new();
    for (m, name) in MODELS.iter().take(models).enumerate() {
        let plateau = 0.86 + 0.11 * ((m * 7) % 10) as f64 / 10.0;
        let tau = 300.0 + 150.0 * (m % 5) as f64;
        let members: Vec<Vec<f64>> = (0..40)
            .map(|_| {
                let (p, t) = (
                    plateau + 0.02 * noise.normal(),
                    tau * (1.0 + 0.3 * noise.normal()),
                );
                let acc = |s: f64| 0.5 + (p - 0.5) * (1.0 - (-s / t.max(50.0)).exp());
                samples
                    .iter()
                    .map(|&s| (acc(s as f64) + 0.015 * noise.normal()).min(1.0))
                    .collect()
            })
            .collect();
        let at = |j: usize| members.iter().map(|m| m[j]).collect::<Vec<f64>>();
        let q = |p: f64| {
            (0..samples.len())
                .map(|j| quantile(&mut at(j), p))
                .collect()
        };
        bands.push(CurveBand {
            model: name.to_string(),
            samples: samples.clone(),
            p05: q(0.05),
            p50: q(0.5),
            p95: q(0.95),
        });
        finals.push((name.to_string(), at(samples.len() - 1)));
    }
    (bands, finals)
}

/// 90 min of a spacecraft tumbling about a tilted axis (7 min period, slowly
/// precessing) with an eclipse from 55 to 88 min (20 s penumbra); the label
/// is ON in eclipse or with the Sun more than 20° below the camera face.
fn tumbling() -> Trace {
    let time_s: Vec<f64> = (0..=1080).map(|i| 36.0 + 5.0 * i as f64).collect();
    let sun_body = |t: f64| {
        // Sun fixed in inertial space; body spins about axis k at rate w.
        let (w, p) = (2.0 * PI / 420.0, 2.0 * PI * t / 5400.0);
        let k = [
            0.35 * p.cos(),
            0.35 * p.sin(),
            (1.0f64 - 0.35 * 0.35).sqrt(),
        ];
        let s = [0.6, 0.0, 0.8];
        let (c, sn) = ((w * t).cos(), (-w * t).sin());
        let kxs = [
            k[1] * s[2] - k[2] * s[1],
            k[2] * s[0] - k[0] * s[2],
            k[0] * s[1] - k[1] * s[0],
        ];
        let kds = k[0] * s[0] + k[1] * s[1] + k[2] * s[2];
        [0, 1, 2].map(|i| s[i] * c + kxs[i] * sn + k[i] * kds * (1.0 - c))
    };
    let mut pds: [Vec<f64>; 6] = Default::default();
    for &t in &time_s {
        let s = sun_body(t);
        for (f, pd) in pds.iter_mut().enumerate() {
            let sign = if f % 2 == 0 { 1.0 } else { -1.0 };
            pd.push((sign * s[f / 2]).clamp(-1.0, 1.0).asin());
        }
    }
    let illumination: Vec<f64> = (time_s.iter())
        .map(|t| {
            let m = t / 60.0;
            let edge = (55.0 - m).max(m - 88.0) * 3.0; // > 0 outside the eclipse
            (edge + 0.5).clamp(0.0, 1.0)
        })
        .collect();
    let labels_on = pds[5]
        .iter()
        .zip(&illumination)
        .map(|(&e, &l)| l < 0.5 || e < -0.35)
        .collect();
    Trace {
        time_s,
        photodiodes_rad: pds,
        illumination,
        labels_on,
    }
}

#[test]
#[ignore = "writes sample plots to $ORBITAI_PLOT_SAMPLES"]
fn plot_samples() {
    let dir = PathBuf::from(std::env::var("ORBITAI_PLOT_SAMPLES").expect("ORBITAI_PLOT_SAMPLES"));
    let mut noise = Noise(0x9e37_79b9_7f4a_7c15);
    let (bands, mut finals) = sweep(8, &mut noise);
    learning_curves_svg(
        &dir.join("curves-8.svg"),
        "Learning curves, 40 members (median, 5–95 %)",
        &bands,
    )
    .unwrap();
    let (bands12, _) = sweep(12, &mut noise);
    learning_curves_svg(
        &dir.join("curves-12.svg"),
        "Learning curves, 12 models",
        &bands12,
    )
    .unwrap();
    finals[1].1[3] = f64::NAN;
    finals[1].1[7] = f64::NAN;
    finals[2].1 = vec![0.91; 40];
    finals[3].1 = vec![0.88];
    final_accuracy_svg(
        &dir.join("final.svg"),
        "Final balanced accuracy after 4000 samples",
        &finals,
    )
    .unwrap();
    trace_svg(
        &dir.join("trace.svg"),
        "Member 0: tumbling, eclipse 55–88 min",
        &tumbling(),
    )
    .unwrap();
    let edge = vec![
        (
            "adagrad-rda 5D (paper profile, lr 0.01)".to_string(),
            finals[0].1.clone(),
        ),
        ("arow 3D".to_string(), vec![f64::NAN; 40]),
        ("pa 1D".to_string(), vec![0.62, 0.7, f64::INFINITY]),
    ];
    final_accuracy_svg(
        &dir.join("final-edge.svg"),
        "Edge cases: long name, all NaN, ±∞",
        &edge,
    )
    .unwrap();
    let (mut bands14, _) = sweep(12, &mut noise);
    bands14.extend(bands.iter().take(2).cloned().map(|mut b| {
        b.model.push_str(" (again)");
        b.p50[10..14].fill(f64::NAN);
        b
    }));
    learning_curves_svg(
        &dir.join("curves-14.svg"),
        "14 models: colours repeat, dashed",
        &bands14,
    )
    .unwrap();
}
