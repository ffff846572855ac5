//! `f64` in JSON with non-finite values: finite numbers are written as JSON numbers in
//! their shortest round-trip form (serde_json's `ryu` output); NaN, +∞ and −∞, which the
//! flight PA models do produce (spec §3), are written as the strings `"NaN"`, `"inf"` and
//! `"-inf"` (plain JSON has no such numbers and serde_json would write `null`).

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// An `f64` that serialises as described in the module docs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct JsonF64(pub f64);

impl Serialize for JsonF64 {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let x = self.0;
        if x.is_nan() {
            s.serialize_str("NaN")
        } else if x == f64::INFINITY {
            s.serialize_str("inf")
        } else if x == f64::NEG_INFINITY {
            s.serialize_str("-inf")
        } else {
            s.serialize_f64(x)
        }
    }
}

struct F64Visitor;

impl Visitor<'_> for F64Visitor {
    type Value = JsonF64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number or one of the strings \"NaN\", \"inf\", \"-inf\"")
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<JsonF64, E> {
        Ok(JsonF64(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<JsonF64, E> {
        Ok(JsonF64(v as f64))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<JsonF64, E> {
        Ok(JsonF64(v as f64))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<JsonF64, E> {
        match v {
            "NaN" => Ok(JsonF64(f64::NAN)),
            "inf" => Ok(JsonF64(f64::INFINITY)),
            "-inf" => Ok(JsonF64(f64::NEG_INFINITY)),
            other => Err(E::invalid_value(de::Unexpected::Str(other), &self)),
        }
    }
}

impl<'de> Deserialize<'de> for JsonF64 {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(F64Visitor)
    }
}

/// `#[serde(with = "crate::json_float")]` for an `f64` field.
pub(crate) fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
    JsonF64(*x).serialize(s)
}

/// `#[serde(with = "crate::json_float")]` for an `f64` field.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    JsonF64::deserialize(d).map(|x| x.0)
}

/// `#[serde(with = "crate::json_float::vec")]` for a `Vec<f64>` field.
pub(crate) mod vec {
    use super::JsonF64;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(crate) fn serialize<S: Serializer>(v: &[f64], s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(v.iter().map(|&x| JsonF64(x)))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
        Vec::<JsonF64>::deserialize(d).map(|v| v.into_iter().map(|x| x.0).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_values_round_trip_as_strings() {
        for (x, text) in [
            (f64::NAN, "\"NaN\""),
            (f64::INFINITY, "\"inf\""),
            (f64::NEG_INFINITY, "\"-inf\""),
        ] {
            let json = serde_json::to_string(&JsonF64(x)).unwrap();
            assert_eq!(json, text);
            let back: JsonF64 = serde_json::from_str(&json).unwrap();
            assert!(back.0.to_bits() == x.to_bits() || (x.is_nan() && back.0.is_nan()));
        }
    }

    #[test]
    fn finite_values_are_shortest_round_trip_numbers() {
        for (x, text) in [
            (0.1, "0.1"),
            (1.0, "1.0"),
            (-0.0, "-0.0"),
            (1e-39, "1e-39"),
            (0.8, "0.8"),
        ] {
            assert_eq!(serde_json::to_string(&JsonF64(x)).unwrap(), text);
        }
        // The hardest case for a float parser: the exact value must come back.
        let x = 2.225_073_858_507_201e-308_f64;
        let back: JsonF64 =
            serde_json::from_str(&serde_json::to_string(&JsonF64(x)).unwrap()).unwrap();
        assert_eq!(back.0.to_bits(), x.to_bits());
        assert!(serde_json::from_str::<JsonF64>("\"nan\"").is_err());
        assert_eq!(serde_json::from_str::<JsonF64>("3").unwrap().0, 3.0);
    }
}
