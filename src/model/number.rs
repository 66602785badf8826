//! Numbers in the file: whole values are written without ".0" so that a
//! hand-written `"points": 3` survives a load and save unchanged.

use serde::{Deserialize, Deserializer, Serializer, de::Error};

/// The largest whole number written as an integer; beyond it f64 loses precision anyway.
const MAX_EXACT: f64 = 9_007_199_254_740_992.0;

/// Formats a number for people: 3, 0.5, 2.25. Never "-0": sums kept up to
/// date by adding and taking away drift to -0.0000000001, and a difference
/// of equal numbers is -0.0; both are shown as 0.
pub fn display(value: f64) -> String {
    let shown = if is_whole(value) {
        // Exact in an i64 (is_whole stops at 2^53): the digits of `{:.0}`
        // without its exact float formatting, a good part of `po list`'s
        // own work at 100,000 stories.
        (value as i64).to_string()
    } else {
        let s = format!("{value:.2}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    };
    if shown == "-0" {
        "0".to_string()
    } else {
        shown
    }
}

/// A change shown with its sign: "+3", "-2.5", and "0" for none (never "+0" or "-0").
pub fn signed(value: f64) -> String {
    match display(value) {
        zero if zero == "0" => zero,
        shown if value > 0.0 => format!("+{shown}"),
        shown => shown,
    }
}

/// A count and its noun, singular for exactly one: "1 story", "0 stories".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Points and their unit: "1 point", "2.5 points", "0 points".
pub fn points(value: f64) -> String {
    match display(value) {
        one if one == "1" => "1 point".to_string(),
        shown => format!("{shown} points"),
    }
}

/// Parses a non-negative number typed by a user.
pub fn parse_non_negative(text: &str, what: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .parse()
        .map_err(|_| format!("{what} must be a number, not '{}'", text.trim()))?;
    check(value).map_err(|e| format!("{what} {e}"))
}

fn is_whole(value: f64) -> bool {
    value.fract() == 0.0 && value.abs() <= MAX_EXACT
}

fn check(value: f64) -> Result<f64, String> {
    if !value.is_finite() || value < 0.0 {
        Err(format!("must be a non-negative number, not {value}"))
    } else {
        Ok(value)
    }
}

/// Writes a number; refuses one the file cannot hold rather than writing
/// NaN as `null` (unreadable) or a negative whole number as 0.
pub fn serialize<S: Serializer>(value: &f64, serializer: S) -> Result<S::Ok, S::Error> {
    check(*value).map_err(serde::ser::Error::custom)?;
    if is_whole(*value) {
        // Whole and in range, so the conversion is exact.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        serializer.serialize_u64(*value as u64)
    } else {
        serializer.serialize_f64(*value)
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    let value = f64::deserialize(deserializer)?;
    check(value).map_err(D::Error::custom)
}

/// The same rules for an optional number (`null` = not set).
pub mod optional {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => super::serialize(v, serializer),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<f64>, D::Error> {
        match Option::<f64>::deserialize(deserializer)? {
            Some(v) => super::check(v).map(Some).map_err(D::Error::custom),
            None => Ok(None),
        }
    }
}

/// [`optional`] for a field of a `#[serde(flatten)]`ed struct. serde hands
/// such fields over as buffered content, where serde_json's exact numbers
/// (`arbitrary_precision`, which keeps unknown fields' numbers as written)
/// arrive as a map that `f64` does not take; `serde_json::Number` reads both.
pub mod flattened {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
        super::optional::serialize(value, serializer)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<f64>, D::Error> {
        match Option::<serde_json::Number>::deserialize(deserializer)? {
            Some(n) => {
                let v = n
                    .as_f64()
                    .ok_or_else(|| D::Error::custom(format!("{n} is not a number po can hold")))?;
                super::check(v).map(Some).map_err(D::Error::custom)
            }
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_display_without_fraction() {
        assert_eq!(display(3.0), "3");
        assert_eq!(display(0.5), "0.5");
        assert_eq!(display(2.25), "2.25");
    }

    #[test]
    fn whole_numbers_show_the_digits_exact_float_formatting_gives() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -7.0,
            13.0,
            1e6,
            123_456_789.0,
            MAX_EXACT,
            -MAX_EXACT,
        ] {
            let exact = format!("{v:.0}");
            let exact = if exact == "-0" {
                "0".to_string()
            } else {
                exact
            };
            assert_eq!(display(v), exact, "{v}");
        }
        assert_eq!(
            display(1e300),
            format!("{:.2}", 1e300)
                .trim_end_matches('0')
                .trim_end_matches('.')
        );
    }

    #[test]
    fn a_signed_change_never_reads_plus_or_minus_zero() {
        assert_eq!(signed(3.0), "+3");
        assert_eq!(signed(-2.5), "-2.5");
        assert_eq!(signed(0.0), "0");
        assert_eq!(signed(-0.0), "0");
        assert_eq!(signed(-0.000_000_1), "0");
    }

    #[test]
    fn negative_input_is_refused_with_the_field_name() {
        let err = parse_non_negative("-2", "points").unwrap_err();
        assert!(err.contains("points"), "{err}");
        assert!(parse_non_negative("abc", "points").is_err());
        assert_eq!(parse_non_negative(" 8 ", "points"), Ok(8.0));
    }
}
