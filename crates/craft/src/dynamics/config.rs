//! The rigid body, its actuators and control gains as written in a
//! scenario file (`attitude.dynamics`), with OPS-SAT defaults and their
//! validation.

use nalgebra::{Matrix3, SymmetricEigen};
use serde::{Deserialize, Serialize};

use crate::error::{ConfigError, check_range};

/// Which environmental torques act on a rigid-body timeline entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TorqueConfig {
    /// Gravity gradient (two-body, point-mass Earth).
    pub gravity_gradient: bool,
    /// The residual magnetic dipole in the tilted-dipole geomagnetic field.
    pub magnetic: bool,
    /// Aerodynamic drag on a flat-plate area offset from the centre of mass.
    pub drag: bool,
}

impl TorqueConfig {
    /// No environmental torque (torque-free motion).
    pub const NONE: TorqueConfig = TorqueConfig {
        gravity_gradient: false,
        magnetic: false,
        drag: false,
    };
    /// Every environmental torque.
    pub const ALL: TorqueConfig = TorqueConfig {
        gravity_gradient: true,
        magnetic: true,
        drag: true,
    };
}

/// Aerodynamic drag: a constant projected area (the attitude dependence of
/// a real body's area is neglected) whose centre of pressure is offset
/// from the centre of mass.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DragConfig {
    /// Projected area, m².
    pub area_m2: f64,
    /// Drag coefficient (dimensionless).
    pub drag_coefficient: f64,
    /// Centre of pressure relative to the centre of mass, body axes, m.
    pub centre_of_pressure_offset_m: [f64; 3],
}

impl Default for DragConfig {
    /// Estimate for OPS-SAT: 0.03 m² (about a 3U side, 0.034 m², averaged
    /// with the end faces), Cd 2.2 (free-molecular flat plate, the usual
    /// figure), centre of pressure 2 cm off the centre of mass along X and
    /// 1 cm along Z (a guess for a body with one deployed panel wing).
    fn default() -> Self {
        DragConfig {
            area_m2: 0.03,
            drag_coefficient: 2.2,
            centre_of_pressure_offset_m: [0.02, 0.0, 0.01],
        }
    }
}

/// Three reaction wheels along the body axes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct WheelConfig {
    /// Largest motor torque of each wheel, N·m.
    pub max_torque_nm: f64,
    /// Largest momentum of each wheel relative to the body, N·m·s.
    pub max_momentum_nms: f64,
}

impl Default for WheelConfig {
    /// Estimate for OPS-SAT's iADCS-100 (RW210-class CubeSat wheels):
    /// 0.1 mN·m and 1.5 mN·m·s per wheel; not a flight measurement.
    fn default() -> Self {
        WheelConfig {
            max_torque_nm: 1.0e-4,
            max_momentum_nms: 1.5e-3,
        }
    }
}

/// Three magnetorquers along the body axes.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct MagnetorquerConfig {
    /// Largest dipole of each magnetorquer, A·m².
    pub max_dipole_am2: f64,
}

impl Default for MagnetorquerConfig {
    /// 0.2 A·m² per axis, a typical 3U CubeSat figure (estimate).
    fn default() -> Self {
        MagnetorquerConfig {
            max_dipole_am2: 0.2,
        }
    }
}

/// The PD pointing law: `τ = −Kp e − Kd (ω − ω_target)` with
/// `Kp = ωn² I`, `Kd = 2 ζ ωn I`, so that each axis of a small error
/// behaves as a second-order system of natural frequency ωn and damping ζ;
/// the magnetorquers unload the wheels meanwhile.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PointingGains {
    /// Natural frequency ωn, rad/s.
    pub natural_frequency_rad_s: f64,
    /// Damping ratio ζ, in (0, 1) for the settling-time prediction.
    pub damping_ratio: f64,
    /// Wheel unloading gain k: the magnetorquers aim for an external torque
    /// `−k h_wheels` (its part across the field), 1/s; 0 switches it off.
    pub unloading_gain_per_s: f64,
}

impl Default for PointingGains {
    /// ωn = 0.02 rad/s and ζ = 0.7: a 90° slew of OPS-SAT peaks at about
    /// 0.014 rad/s and 60 µN·m, within the default wheels' momentum and
    /// torque, and settles (2 %) in about 5 min; unloading at 1e-3 /s (a
    /// time constant of about one sixth of an orbit).
    fn default() -> Self {
        PointingGains {
            natural_frequency_rad_s: 0.02,
            damping_ratio: 0.7,
            unloading_gain_per_s: 1.0e-3,
        }
    }
}

/// The B-dot detumbling law with the rate-derived field change:
/// `m = −k dB/dt` with `dB/dt ≈ −ω × B` in body axes (the part of the
/// field's change due to the body's rotation, which dominates while
/// tumbling), scaled down as a whole when an axis exceeds its dipole limit.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BdotConfig {
    /// Gain k, A·m² per T/s.
    pub gain: f64,
}

impl Default for BdotConfig {
    /// 4e4 A·m²/(T/s), chosen for OPS-SAT's 0.2 A·m²: at 10°/s in the
    /// ~25–45 µT of a 500 km orbit the dipole reaches ~0.1–0.2 A·m² (it
    /// saturates from roughly 10–20°/s), and small rates decay with a time
    /// constant `I / (k |B|²)` of about half an hour to an hour: a 10°/s
    /// tumble falls below 1°/s within about one orbit.
    fn default() -> Self {
        BdotConfig { gain: 4.0e4 }
    }
}

/// The rigid body and its attitude control hardware.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DynamicsConfig {
    /// Inertia tensor about the centre of mass, body axes, kg·m².
    pub inertia_kg_m2: [[f64; 3]; 3],
    /// Longest integration step, s.
    pub max_step_s: f64,
    /// Steps are also short enough that the body turns by at most this
    /// much in one, rad (what keeps the integrator exact at high rates).
    pub max_angle_per_step_rad: f64,
    /// Residual magnetic dipole, body axes, A·m².
    pub residual_dipole_am2: [f64; 3],
    /// Aerodynamic drag.
    pub drag: DragConfig,
    /// Reaction wheels.
    pub wheels: WheelConfig,
    /// Magnetorquers.
    pub magnetorquers: MagnetorquerConfig,
    /// PD pointing gains (`Controlled` entries).
    pub pointing: PointingGains,
    /// B-dot gain (`Detumble` entries).
    pub bdot: BdotConfig,
}

impl Default for DynamicsConfig {
    /// OPS-SAT, estimated (no published inertia): a 5.0 kg 3U box,
    /// 10 × 10 × 34 cm with its long axis along Z (the camera on −Z), plus
    /// two 0.3 kg deployed panels of 30 × 30 cm in the Y–Z plane on the +X
    /// face, centred 20 cm out along ±Y: diag(0.085, 0.058, 0.038) kg·m²,
    /// products of inertia neglected. Residual dipole 0.01 A·m² per axis
    /// (a CubeSat figure, estimate).
    fn default() -> Self {
        DynamicsConfig {
            inertia_kg_m2: [[0.085, 0.0, 0.0], [0.0, 0.058, 0.0], [0.0, 0.0, 0.038]],
            max_step_s: 1.0,
            max_angle_per_step_rad: 0.05,
            residual_dipole_am2: [0.01, 0.01, 0.01],
            drag: DragConfig::default(),
            wheels: WheelConfig::default(),
            magnetorquers: MagnetorquerConfig::default(),
            pointing: PointingGains::default(),
            bdot: BdotConfig::default(),
        }
    }
}

impl DynamicsConfig {
    /// The inertia tensor, body axes, kg·m².
    pub fn inertia(&self) -> Matrix3<f64> {
        let m = &self.inertia_kg_m2;
        Matrix3::from_fn(|i, j| m[i][j])
    }

    /// Checks every value; `field` is this configuration's path (e.g.
    /// `"attitude.dynamics"`), which each problem names with its sub-field.
    pub fn validate(&self, field: &str) -> Result<(), ConfigError> {
        let at = |f: &str| {
            let path = format!("{field}.{f}");
            move || path
        };
        self.validate_inertia(&at("inertia_kg_m2")())?;
        let positive =
            |f: &str, v: f64| check_range(at(f), v, f64::MIN_POSITIVE, f64::MAX, "finite and > 0");
        let non_negative =
            |f: &str, v: f64| check_range(at(f), v, 0.0, f64::MAX, "finite and >= 0");
        positive("max_step_s", self.max_step_s)?;
        check_range(
            at("max_angle_per_step_rad"),
            self.max_angle_per_step_rad,
            1e-6,
            0.5,
            "in [1e-6, 0.5] rad",
        )?;
        for (i, v) in self.residual_dipole_am2.iter().enumerate() {
            check_range(
                at(&format!("residual_dipole_am2[{i}]")),
                *v,
                -1e3,
                1e3,
                "finite, |m| <= 1000 A·m²",
            )?;
        }
        non_negative("drag.area_m2", self.drag.area_m2)?;
        non_negative("drag.drag_coefficient", self.drag.drag_coefficient)?;
        for (i, v) in self.drag.centre_of_pressure_offset_m.iter().enumerate() {
            check_range(
                at(&format!("drag.centre_of_pressure_offset_m[{i}]")),
                *v,
                -100.0,
                100.0,
                "finite, within 100 m",
            )?;
        }
        non_negative("wheels.max_torque_nm", self.wheels.max_torque_nm)?;
        non_negative("wheels.max_momentum_nms", self.wheels.max_momentum_nms)?;
        non_negative(
            "magnetorquers.max_dipole_am2",
            self.magnetorquers.max_dipole_am2,
        )?;
        positive(
            "pointing.natural_frequency_rad_s",
            self.pointing.natural_frequency_rad_s,
        )?;
        check_range(
            at("pointing.damping_ratio"),
            self.pointing.damping_ratio,
            1e-3,
            0.999,
            "in (0, 1)",
        )?;
        non_negative(
            "pointing.unloading_gain_per_s",
            self.pointing.unloading_gain_per_s,
        )?;
        non_negative("bdot.gain", self.bdot.gain)?;
        Ok(())
    }

    /// The inertia must be a physical one: finite, symmetric, positive
    /// definite, and its principal moments obey the triangle inequality.
    fn validate_inertia(&self, field: &str) -> Result<(), ConfigError> {
        let bad = |reason: String| {
            Err(ConfigError::BadList {
                field: field.to_string(),
                reason,
            })
        };
        let m = self.inertia();
        if !m.iter().all(|v| v.is_finite()) {
            return bad(format!("{:?} has a non-finite element", self.inertia_kg_m2));
        }
        let scale = m.abs().max();
        if (m - m.transpose()).abs().max() > 1e-9 * scale {
            return bad(format!("{:?} is not symmetric", self.inertia_kg_m2));
        }
        let mut p: Vec<f64> = SymmetricEigen::new(m).eigenvalues.iter().copied().collect();
        p.sort_by(f64::total_cmp);
        if p[0] <= 0.0 {
            return bad(format!(
                "{:?} is not positive definite (principal moments {p:?} kg·m²)",
                self.inertia_kg_m2
            ));
        }
        if p[2] > (p[0] + p[1]) * (1.0 + 1e-12) {
            return bad(format!(
                "principal moments {p:?} kg·m² violate the triangle inequality (no rigid body has them)"
            ));
        }
        Ok(())
    }
}
