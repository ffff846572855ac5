//! The `environment` field (the Earth's shadow): its options read from RON
//! (the WGS84 ellipsoid, the atmosphere with and without a height) and its
//! problems placed at file:line:column.

use std::path::Path;

use orbitai_astro::eclipse::{Atmosphere, EarthShape};
use orbitai_astro::{EclipseModel, Shadow};
use orbitai_scenario::{LoadedScenario, ScenarioFileError, scenario_from_text};

mod support;
use support::OPSSAT_TLE as TLE;

/// A scenario with `environment` (RON, the field and its value; empty: none).
fn load(environment: &str) -> Result<LoadedScenario, ScenarioFileError> {
    let text = format!(
        r#"Scenario(
    name: "shadow",
    start: "2021-02-08T18:40:00Z",
    duration_s: 60,
{environment}
    spacecraft: [(tle: Lines("{}", "{}"))],
)
"#,
        TLE.0, TLE.1
    );
    scenario_from_text(&text, "shadow.ron", Path::new("."))
}

fn shadow(environment: &str) -> Shadow {
    let loaded = load(environment).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(loaded.sim.shadow, loaded.scenario.environment);
    loaded.scenario.environment
}

#[test]
fn options_read_from_ron() {
    assert_eq!(shadow(""), Shadow::default());
    assert_eq!(shadow("    environment: (),"), Shadow::default());
    assert_eq!(Shadow::default().earth, EarthShape::Wgs84);
    assert_eq!(
        shadow("    environment: (earth: Wgs84),"),
        Shadow::default()
    );
    let sphere = Shadow {
        earth: EarthShape::Sphere,
        earth_radius_km: 6371.0,
        ..Shadow::default()
    };
    assert_eq!(
        shadow("    environment: (earth: Sphere, earth_radius_km: 6371),"),
        sphere
    );
    // The atmosphere enabled without a height: 50 km (an `Option` field is
    // written as its value).
    for text in [
        "    environment: (earth: Wgs84, atmosphere: ()),",
        "    environment: (earth: Wgs84, atmosphere: (height_km: 50)),",
    ] {
        let s = shadow(text);
        assert_eq!(s.atmosphere, Some(Atmosphere { height_km: 50.0 }), "{text}");
        assert_eq!(s.earth, EarthShape::Wgs84);
    }
    let s = shadow("    environment: (model: Cylindrical, atmosphere: (height_km: 80.5)),");
    assert_eq!(
        (s.model, s.earth, s.atmosphere),
        (
            EclipseModel::Cylindrical,
            EarthShape::Wgs84,
            Some(Atmosphere { height_km: 80.5 })
        )
    );
    assert_eq!(
        shadow("    environment: (atmosphere: None),"),
        Shadow::default()
    );
}

#[test]
fn problems_are_placed_in_the_file() {
    let err = load(
        "    environment: (\n        earth: Wgs84,\n        earth_radius_km: 6371,\n        atmosphere: (height_km: -5),\n    ),",
    )
    .unwrap_err()
    .to_string();
    assert_eq!(
        err,
        "shadow.ron:7:26: environment.earth_radius_km: applies to `earth: Sphere` only; \
         `earth: Wgs84` uses the WGS84 radii (remove this field or use the sphere), got 6371.0\n\
         shadow.ron:8:33: environment.atmosphere.height_km: must be >= 0, got -5.0\n\
         shadow.ron: 2 problems"
    );
    let err = load("    environment: (earth_radius_km: 0.0, atmosphere: (height_km: NaN)),")
        .unwrap_err()
        .to_string();
    assert_eq!(
        err,
        "shadow.ron:5:36: environment.earth_radius_km: must be > 0, got 0.0\n\
         shadow.ron:5:65: environment.atmosphere.height_km: must be finite, got NaN\n\
         shadow.ron: 2 problems"
    );
    // A misspelt field is an error, not silently ignored.
    let err = load("    environment: (atmosphere_km: 50),")
        .unwrap_err()
        .to_string();
    assert!(err.contains("atmosphere_km"), "{err}");
}
