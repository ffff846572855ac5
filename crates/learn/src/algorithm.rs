//! The eight learning algorithms of the flight server.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An online learning algorithm (spec §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Algorithm {
    /// Adam on the hinge loss.
    Adam,
    /// AdaGrad with regularised dual averaging (ℓ1).
    Rda,
    /// Adaptive regularisation of weight vectors.
    Arow,
    /// Soft confidence-weighted learning (SCW-I).
    Scw,
    /// Normal herding.
    Nherd,
    /// Passive-aggressive.
    Pa,
    /// Passive-aggressive I (capped step).
    Pa1,
    /// Passive-aggressive II (squared slack).
    Pa2,
}

impl Algorithm {
    /// The order in which the flight server trained its models (spec §4).
    pub const FLIGHT_ORDER: [Algorithm; 8] = [
        Algorithm::Adam,
        Algorithm::Rda,
        Algorithm::Arow,
        Algorithm::Scw,
        Algorithm::Nherd,
        Algorithm::Pa,
        Algorithm::Pa1,
        Algorithm::Pa2,
    ];

    /// The flight name: `"adam"`, `"rda"`, `"arow"`, `"scw"`, `"nherd"`, `"pa"`, `"pa1"`, `"pa2"`.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Adam => "adam",
            Algorithm::Rda => "rda",
            Algorithm::Arow => "arow",
            Algorithm::Scw => "scw",
            Algorithm::Nherd => "nherd",
            Algorithm::Pa => "pa",
            Algorithm::Pa1 => "pa1",
            Algorithm::Pa2 => "pa2",
        }
    }

    /// Whether the flight server persisted this algorithm's models (spec §4: PA, PA-I and
    /// PA-II were never saved or loaded).
    pub fn persisted_in_flight(self) -> bool {
        !matches!(self, Algorithm::Pa | Algorithm::Pa1 | Algorithm::Pa2)
    }
}

impl fmt::Display for Algorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// An unknown algorithm name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown algorithm {0:?} (expected one of adam, rda, arow, scw, nherd, pa, pa1, pa2)")]
pub struct ParseAlgorithmError(pub String);

impl FromStr for Algorithm {
    type Err = ParseAlgorithmError;

    /// Parses a flight name, ignoring ASCII case.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Algorithm::FLIGHT_ORDER
            .into_iter()
            .find(|a| a.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| ParseAlgorithmError(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_through_from_str_display_and_serde() {
        for a in Algorithm::FLIGHT_ORDER {
            assert_eq!(a.to_string().parse::<Algorithm>(), Ok(a));
            let json = serde_json::to_string(&a).unwrap();
            assert_eq!(json, format!("\"{}\"", a.name()));
            assert_eq!(serde_json::from_str::<Algorithm>(&json).unwrap(), a);
        }
        assert_eq!("PA1".parse::<Algorithm>(), Ok(Algorithm::Pa1));
        assert!("pa3".parse::<Algorithm>().is_err());
        assert!("".parse::<Algorithm>().is_err());
    }

    #[test]
    fn flight_order_is_the_spec_order() {
        let names: Vec<_> = Algorithm::FLIGHT_ORDER.iter().map(|a| a.name()).collect();
        assert_eq!(
            names,
            ["adam", "rda", "arow", "scw", "nherd", "pa", "pa1", "pa2"]
        );
        assert!(!Algorithm::Pa2.persisted_in_flight());
        assert!(Algorithm::Adam.persisted_in_flight());
    }
}
