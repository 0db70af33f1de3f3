//! Serde helpers for the oVirt JSON scalar conventions.
//!
//! The real engine emits every integer and boolean as a JSON string (`"port":"3260"`,
//! `"master":"true"`) because its JAXB adapters marshal them as text. Clients send strings too,
//! but native numbers and booleans must be accepted as well.

use serde::de::{self, Deserializer, Visitor};
use serde::Serializer;
use std::fmt;
use std::marker::PhantomData;
use std::str::FromStr;

/// `Option<integer>` written as a JSON string; read from a string or a number.
pub mod opt_int {
    use super::*;

    pub fn serialize<T, S>(value: &Option<T>, s: S) -> Result<S::Ok, S::Error>
    where
        T: fmt::Display,
        S: Serializer,
    {
        match value {
            Some(v) => s.collect_str(v),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
    where
        T: FromStr + TryFrom<i64> + TryFrom<u64>,
        D: Deserializer<'de>,
    {
        d.deserialize_any(IntVisitor(PhantomData))
    }

    struct IntVisitor<T>(PhantomData<T>);

    impl<'de, T> Visitor<'de> for IntVisitor<T>
    where
        T: FromStr + TryFrom<i64> + TryFrom<u64>,
    {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an integer or a string holding an integer")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            T::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format!("integer {v} is out of range")))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            T::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format!("integer {v} is out of range")))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
            Err(E::custom(format!("{v} is not an integer")))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            let t = v.trim();
            if t.is_empty() {
                return Ok(None);
            }
            t.parse::<T>()
                .map(Some)
                .map_err(|_| E::custom(format!("\"{v}\" is not a valid integer")))
        }
    }
}

/// `Option<bool>` written as `"true"`/`"false"`; read from a boolean or from
/// `true|false|1|0` in any letter case, as the engine's `BooleanParser` does.
pub mod opt_bool {
    use super::*;

    pub fn serialize<S: Serializer>(value: &Option<bool>, s: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(true) => s.serialize_str("true"),
            Some(false) => s.serialize_str("false"),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
        d.deserialize_any(BoolVisitor)
    }

    /// Parses the boolean spellings the engine accepts on input.
    pub fn parse(v: &str) -> Option<bool> {
        match v.trim().to_ascii_lowercase().as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        }
    }

    struct BoolVisitor;

    impl<'de> Visitor<'de> for BoolVisitor {
        type Value = Option<bool>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a boolean or one of \"true\", \"false\", \"1\", \"0\"")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            match v {
                0 => Ok(Some(false)),
                1 => Ok(Some(true)),
                _ => Err(E::custom(format!("{v} is not a boolean"))),
            }
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            self.visit_i64(i64::try_from(v).unwrap_or(i64::MAX))
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            parse(v)
                .map(Some)
                .ok_or_else(|| E::custom(format!("\"{v}\" is not a boolean")))
        }
    }
}

/// `Option<object>` on input. An empty XML element (`<host/>`) arrives as an empty string and
/// means the object with nothing set, as the real engine reads it; `null` means absent.
pub mod opt_object {
    use super::*;
    use serde::de::value::MapAccessDeserializer;
    use serde::Deserialize;

    pub fn deserialize<'de, T, D>(d: D) -> Result<Option<T>, D::Error>
    where
        T: Deserialize<'de> + Default,
        D: Deserializer<'de>,
    {
        d.deserialize_any(ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Deserialize<'de> + Default> Visitor<'de> for ObjectVisitor<T> {
        type Value = Option<T>;

        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object")
        }

        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }

        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_any(self)
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                Ok(Some(T::default()))
            } else {
                Err(E::custom(format!("\"{v}\" is not an object")))
            }
        }

        fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
            T::deserialize(MapAccessDeserializer::new(map)).map(Some)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq, Default)]
    struct Probe {
        #[serde(
            default,
            with = "super::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        port: Option<i32>,
        #[serde(
            default,
            with = "super::opt_int",
            skip_serializing_if = "Option::is_none"
        )]
        size: Option<i64>,
        #[serde(
            default,
            with = "super::opt_bool",
            skip_serializing_if = "Option::is_none"
        )]
        master: Option<bool>,
    }

    #[test]
    fn integers_and_booleans_are_written_as_strings() {
        let p = Probe {
            port: Some(3260),
            size: Some(38_654_705_664),
            master: Some(true),
        };
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"port":"3260","size":"38654705664","master":"true"}"#
        );
    }

    #[test]
    fn strings_and_native_values_are_both_accepted() {
        let a: Probe = serde_json::from_str(r#"{"port":"3260","master":"TRUE"}"#).unwrap();
        let b: Probe = serde_json::from_str(r#"{"port":3260,"master":true}"#).unwrap();
        assert_eq!(a, b);
        let c: Probe = serde_json::from_str(r#"{"master":"0"}"#).unwrap();
        assert_eq!(c.master, Some(false));
    }

    #[derive(Deserialize, Debug, Default, PartialEq)]
    #[serde(default)]
    struct Outer {
        #[serde(deserialize_with = "super::opt_object::deserialize")]
        host: Option<Probe>,
    }

    #[test]
    fn an_empty_element_is_an_empty_object() {
        let o: Outer = serde_json::from_str(r#"{"host":""}"#).unwrap();
        assert_eq!(o.host, Some(Probe::default()));
        let o: Outer = serde_json::from_str(r#"{"host":{"port":"1"}}"#).unwrap();
        assert_eq!(o.host.unwrap().port, Some(1));
        assert_eq!(
            serde_json::from_str::<Outer>(r#"{"host":null}"#)
                .unwrap()
                .host,
            None
        );
        assert!(serde_json::from_str::<Outer>(r#"{"host":"h1"}"#).is_err());
    }

    #[test]
    fn bad_scalars_are_rejected() {
        assert!(serde_json::from_str::<Probe>(r#"{"port":"32x"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"port":4294967296}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"master":"maybe"}"#).is_err());
        assert!(serde_json::from_str::<Probe>(r#"{"port":1.5}"#).is_err());
    }
}
