//! The spacecraft body frame and its named faces.
//!
//! OPS-SAT (a 3U CubeSat) by default: six faces with outward unit normals
//! ±X, ±Y, ±Z, named after their normal, and the HD camera looking out of
//! −Z (spec §6). Any other layout comes from configuration.

use orbitai_astro::Vec3;
use serde::{Deserialize, Serialize};

use crate::error::ConfigError;

/// One face in the configuration: a name and its outward normal in body axes
/// (normalised when the body is built).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceConfig {
    /// Unique name, e.g. `"+Z"`.
    pub name: String,
    /// Outward normal in body axes (any non-zero length).
    pub normal: [f64; 3],
}

/// The body layout in the configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BodyConfig {
    /// The faces (default: OPS-SAT's six, `+X −X +Y −Y +Z −Z`).
    pub faces: Vec<FaceConfig>,
    /// Camera boresight in body axes (default −Z, OPS-SAT's HD camera).
    pub camera_boresight: [f64; 3],
}

impl Default for BodyConfig {
    /// OPS-SAT: faces `+X, −X, +Y, −Y, +Z, −Z` (names in ASCII: `"+X"`,
    /// `"-X"`, …), camera on −Z.
    fn default() -> Self {
        let face = |name: &str, normal: [f64; 3]| FaceConfig {
            name: name.to_string(),
            normal,
        };
        BodyConfig {
            faces: vec![
                face("+X", [1.0, 0.0, 0.0]),
                face("-X", [-1.0, 0.0, 0.0]),
                face("+Y", [0.0, 1.0, 0.0]),
                face("-Y", [0.0, -1.0, 0.0]),
                face("+Z", [0.0, 0.0, 1.0]),
                face("-Z", [0.0, 0.0, -1.0]),
            ],
            camera_boresight: [0.0, 0.0, -1.0],
        }
    }
}

/// A face of the body: name and outward unit normal (body axes).
#[derive(Debug, Clone, PartialEq)]
pub struct Face {
    /// Unique name.
    pub name: String,
    /// Outward unit normal, body axes.
    pub normal: Vec3,
}

/// The spacecraft body: named faces and the camera boresight.
#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    faces: Vec<Face>,
    camera_boresight: Vec3,
}

/// A unit vector from a configuration array, or an error naming `field`.
pub(crate) fn unit_from(field: impl FnOnce() -> String, v: [f64; 3]) -> Result<Vec3, ConfigError> {
    let x = Vec3::new(v[0], v[1], v[2]);
    let n = x.norm();
    if n.is_finite() && n > 1e-12 {
        Ok(x / n)
    } else {
        Err(ConfigError::BadDirection {
            field: field(),
            value: v,
        })
    }
}

impl Body {
    /// Builds and checks a body: at least one face, unique non-empty names,
    /// usable normals.
    pub fn new(config: &BodyConfig) -> Result<Body, ConfigError> {
        if config.faces.is_empty() {
            return Err(ConfigError::BadList {
                field: "body.faces".into(),
                reason: "at least one face is needed".into(),
            });
        }
        let mut faces: Vec<Face> = Vec::with_capacity(config.faces.len());
        for (i, f) in config.faces.iter().enumerate() {
            if f.name.is_empty() || faces.iter().any(|g| g.name == f.name) {
                return Err(ConfigError::DuplicateName {
                    field: format!("body.faces[{i}].name"),
                    name: f.name.clone(),
                });
            }
            let normal = unit_from(|| format!("body.faces[{i}].normal"), f.normal)?;
            faces.push(Face {
                name: f.name.clone(),
                normal,
            });
        }
        let camera_boresight =
            unit_from(|| "body.camera_boresight".into(), config.camera_boresight)?;
        Ok(Body {
            faces,
            camera_boresight,
        })
    }

    /// OPS-SAT's body (the default configuration).
    pub fn ops_sat() -> Body {
        Body::new(&BodyConfig::default()).unwrap_or_else(|_| unreachable!("default is valid"))
    }

    /// All faces, in configuration order.
    pub fn faces(&self) -> &[Face] {
        &self.faces
    }

    /// The face called `name`.
    pub fn face(&self, name: &str) -> Option<&Face> {
        self.faces.iter().find(|f| f.name == name)
    }

    /// Camera boresight, body axes (unit).
    pub fn camera_boresight(&self) -> Vec3 {
        self.camera_boresight
    }

    /// The faces' names, comma separated (for error messages).
    pub(crate) fn face_names(&self) -> String {
        self.faces
            .iter()
            .map(|f| f.name.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ops_sat_faces() {
        let b = Body::ops_sat();
        assert_eq!(b.faces().len(), 6);
        assert_eq!(b.face("-Y").unwrap().normal, -Vec3::y());
        assert_eq!(b.camera_boresight(), -Vec3::z());
    }

    #[test]
    fn bad_layouts_are_refused() {
        let mut c = BodyConfig::default();
        c.faces[1].name = "+X".into();
        assert!(matches!(
            Body::new(&c),
            Err(ConfigError::DuplicateName { .. })
        ));
        let mut c = BodyConfig::default();
        c.faces[0].normal = [0.0, 0.0, 0.0];
        assert!(matches!(
            Body::new(&c),
            Err(ConfigError::BadDirection { .. })
        ));
        let c = BodyConfig {
            faces: vec![],
            ..BodyConfig::default()
        };
        assert!(Body::new(&c).is_err());
    }

    #[test]
    fn normals_are_normalised() {
        let c = BodyConfig {
            faces: vec![FaceConfig {
                name: "slant".into(),
                normal: [1.0, 1.0, 0.0],
            }],
            ..BodyConfig::default()
        };
        let b = Body::new(&c).unwrap();
        assert!((b.faces()[0].normal.norm() - 1.0).abs() < 1e-15);
    }
}
