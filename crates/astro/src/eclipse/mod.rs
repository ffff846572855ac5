//! The Earth's shadow: how much of the Sun a spacecraft sees.
//!
//! [`Shadow::illumination`] returns the fraction of the solar disc visible
//! from the spacecraft: 1 in full sun, 0 in the umbra, in between in the
//! penumbra. Two models:
//!
//! - [`EclipseModel::Conical`] (default): the Earth and the Sun
//!   ([`SUN_RADIUS_KM`]) are seen as discs of angular radii asin(R/distance);
//!   the visible fraction is the part of the Sun's disc not covered by the
//!   Earth's (Montenbruck & Gill, *Satellite Orbits*, §3.4.2), including the
//!   annular case 1 − b²/a² far behind the Earth, beyond the tip of the
//!   umbra cone. The disc-overlap area treats the discs as flat, as M&G do;
//!   the contact conditions (where penumbra and umbra begin) are exact.
//! - [`EclipseModel::Cylindrical`]: the shadow is the cylinder swept by the
//!   Earth along the Sun–Earth line; no penumbra.
//!
//! # The Earth's shape
//!
//! [`Shadow::earth`] chooses the occulting body:
//!
//! - [`EarthShape::Sphere`]: a sphere of radius
//!   [`Shadow::earth_radius_km`] (WGS84 equatorial by default). It
//!   over-sizes the shadow where the limb that hides the Sun is near a pole
//!   (the polar radius is 21 km shorter): LEO contacts shift by seconds in
//!   mid-season and by minutes in the grazing eclipses at the end of a
//!   season.
//! - [`EarthShape::Wgs84`] (default): the WGS84 ellipsoid (a = 6378.137 km,
//!   f = 1/298.257223563, [`crate::frames`]), its axis along TEME z.
//!   Scaling z by a/b maps the ellipsoid onto a sphere of radius a, and an
//!   affine map keeps lines, planes and tangency, so the cone (or cylinder)
//!   test runs unchanged in the scaled space; the Sun becomes a slightly
//!   prolate ellipsoid there, which the conical model replaces by the
//!   sphere with the same tangent plane at contact (radius R☉ |A n|, with
//!   A = diag(1, 1, a/b) and n the unit normal of the tangent plane through
//!   the spacecraft). Contacts stay exact; inside the penumbra the visible
//!   fraction is that of the scaled sky, within 0.4 % of the solar disc of
//!   the true one. `earth_radius_km` does not apply.
//!
//! # Atmosphere
//!
//! [`Shadow::atmosphere`] (off by default) counts sunlight whose grazing ray
//! passes below a height above the surface as blocked: the occulting body is
//! inflated by [`Atmosphere::height_km`] (50 km when only enabled,
//! [`DEFAULT_ATMOSPHERE_HEIGHT_KM`]). The sphere's radius grows by h; the
//! ellipsoid's semi-axes become a + h and b + h, which lies within 0.1 km of
//! the surface of constant height h above WGS84 for h ≤ 100 km (exactly h at
//! the equator and the poles). Refraction and gradual extinction are not
//! modelled: the inflated body is opaque.
//!
//! # Frame
//!
//! Both position vectors are geocentric, in TEME of date, km. The spherical
//! Earth works in any inertial frame the two share; the ellipsoid needs the
//! z axis on the Earth's pole, which TEME's is (the true pole of date; polar
//! motion, < 0.5″, moves the ellipsoid's surface by < 5 cm and is
//! neglected).

mod conical;
mod cylindrical;
#[cfg(test)]
mod oblate_tests;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

use crate::Vec3;
use crate::frames::{WGS84_EQUATORIAL_RADIUS_KM, WGS84_POLAR_RADIUS_KM};

/// Nominal solar radius (IAU 2015 Resolution B3), km.
pub const SUN_RADIUS_KM: f64 = 695_700.0;

/// Height of the opaque atmosphere when [`Shadow::atmosphere`] is enabled
/// without one, km.
pub const DEFAULT_ATMOSPHERE_HEIGHT_KM: f64 = 50.0;

/// How the Earth's shadow is modelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EclipseModel {
    /// Umbra and penumbra cones from the finite Sun: the illuminated
    /// fraction of the solar disc varies smoothly through the penumbra.
    #[default]
    Conical,
    /// A cylinder behind the Earth, as wide as the Earth: illumination is
    /// either 0 or 1.
    Cylindrical,
}

/// The shape of the Earth that casts the shadow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum EarthShape {
    /// A sphere of radius [`Shadow::earth_radius_km`].
    Sphere,
    /// The WGS84 ellipsoid (equatorial radius 6378.137 km, flattening
    /// 1/298.257223563), its axis along TEME z (the default).
    #[default]
    Wgs84,
}

/// An opaque layer above the surface: sunlight passing below
/// [`Atmosphere::height_km`] counts as blocked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Atmosphere {
    /// Height of the layer above the surface (the sphere or the ellipsoid),
    /// km (≥ 0; default [`DEFAULT_ATMOSPHERE_HEIGHT_KM`]).
    pub height_km: f64,
}

impl Default for Atmosphere {
    /// 50 km.
    fn default() -> Self {
        Atmosphere {
            height_km: DEFAULT_ATMOSPHERE_HEIGHT_KM,
        }
    }
}

/// The Earth's shadow model (a configuration value: fields missing when
/// deserialising take their [`Default`]).
///
/// In a scenario file (`environment`):
///
/// ```ron
/// environment: (earth: Wgs84, atmosphere: (height_km: 50)),
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Shadow {
    /// Conical (umbra + penumbra) or cylindrical.
    pub model: EclipseModel,
    /// Radius of the spherical Earth casting the shadow, km (> 0; the
    /// conical model uses its magnitude, a NaN radius gives 0 illumination).
    /// Used by [`EarthShape::Sphere`] only.
    pub earth_radius_km: f64,
    /// Sphere (default) or the WGS84 ellipsoid.
    pub earth: EarthShape,
    /// An opaque atmosphere inflating the Earth; `None` (the default): off.
    pub atmosphere: Option<Atmosphere>,
}

impl Default for Shadow {
    /// Conical shadow of the WGS84 ellipsoid, no atmosphere
    /// (`earth_radius_km` 6378.137 km, used only with `earth: Sphere`).
    fn default() -> Self {
        Shadow {
            model: EclipseModel::Conical,
            earth_radius_km: WGS84_EQUATORIAL_RADIUS_KM,
            earth: EarthShape::Wgs84,
            atmosphere: None,
        }
    }
}

impl Shadow {
    /// Fraction of the solar disc visible from a spacecraft, in [0, 1]:
    /// 1 = full sun, 0 = umbra (cylindrical model: inside the cylinder).
    ///
    /// `r_sat_km` and `r_sun_km` are the geocentric positions of the
    /// spacecraft and of the Sun in TEME of date, km (see the module
    /// documentation for the frame). A spacecraft at or below the occulting
    /// surface (atmosphere included) gets 0. The result is never NaN:
    /// non-finite inputs, a NaN radius or height, or an atmosphere so
    /// negative that no ellipsoid is left also give 0.
    ///
    /// Cheap in the common case: full sun on the day side costs two dot
    /// products (the ellipsoid adds two multiplications, the atmosphere on the
    /// ellipsoid a division); no
    /// inverse trigonometry is evaluated outside the penumbra.
    pub fn illumination(&self, r_sat_km: &Vec3, r_sun_km: &Vec3) -> f64 {
        match self.earth {
            EarthShape::Sphere => {
                let radius = match self.atmosphere {
                    None => self.earth_radius_km,
                    Some(atmosphere) => self.earth_radius_km.abs() + atmosphere.height_km,
                };
                match self.model {
                    EclipseModel::Conical => conical::sphere(r_sat_km, r_sun_km, radius),
                    EclipseModel::Cylindrical => {
                        cylindrical::cylindrical(r_sat_km, r_sun_km, radius)
                    }
                }
            }
            EarthShape::Wgs84 => {
                // Scaling z by k = a/b turns the ellipsoid into a sphere of
                // radius a.
                let (a, k) = match self.atmosphere {
                    None => (WGS84_EQUATORIAL_RADIUS_KM, WGS84_AXIS_RATIO),
                    Some(atmosphere) => {
                        let a = WGS84_EQUATORIAL_RADIUS_KM + atmosphere.height_km;
                        let b = WGS84_POLAR_RADIUS_KM + atmosphere.height_km;
                        // NaN height, or no ellipsoid left.
                        if b.is_nan() || b <= 0.0 {
                            return 0.0;
                        }
                        (a, a / b)
                    }
                };
                match self.model {
                    EclipseModel::Conical => conical::stretched(r_sat_km, r_sun_km, a, k),
                    EclipseModel::Cylindrical => cylindrical::stretched(r_sat_km, r_sun_km, a, k),
                }
            }
        }
    }
}

/// a/b of the WGS84 ellipsoid.
const WGS84_AXIS_RATIO: f64 = WGS84_EQUATORIAL_RADIUS_KM / WGS84_POLAR_RADIUS_KM;
