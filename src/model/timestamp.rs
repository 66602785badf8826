//! Timestamps in the file, read and written as chrono does (RFC 3339, UTC,
//! "Z"), with a fast path for the one form po itself writes: whole seconds,
//! `2026-11-01T09:30:00Z`. chrono's general parser and formatter cost more
//! than the rest of a story together; every other form still goes through
//! them, so values, output and error messages stay exactly chrono's.

use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, SecondsFormat, Utc};
use serde::Serializer;
use serde::de::{self, Deserializer, Visitor};

/// Length of the plain form `YYYY-MM-DDTHH:MM:SSZ`.
const PLAIN_LEN: usize = 20;

/// The timestamp as the file holds it, appended to `out` (without quotes).
pub fn write(time: &DateTime<Utc>, out: &mut Vec<u8>) {
    match plain(time) {
        Some(bytes) => out.extend_from_slice(&bytes),
        None => out.extend_from_slice(time.to_rfc3339_opts(SecondsFormat::AutoSi, true).as_bytes()),
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` for a whole second in years 0 to 9999: exactly
/// what chrono writes for it. `None` for anything else (fractions of a
/// second, leap seconds, far years), which chrono writes.
fn plain(time: &DateTime<Utc>) -> Option<[u8; PLAIN_LEN]> {
    use chrono::{Datelike, Timelike};
    if time.nanosecond() != 0 {
        return None;
    }
    let year = u32::try_from(time.year()).ok().filter(|y| *y <= 9999)?;
    let mut out = *b"0000-00-00T00:00:00Z";
    let mut put = |at: usize, value: u32, digits: usize| {
        let mut v = value;
        for i in (at..at + digits).rev() {
            // A digit 0-9, so the cast is exact.
            #[allow(clippy::cast_possible_truncation)]
            let digit = (v % 10) as u8;
            out[i] = b'0' + digit;
            v /= 10;
        }
    };
    put(0, year, 4);
    put(5, time.month(), 2);
    put(8, time.day(), 2);
    put(11, time.hour(), 2);
    put(14, time.minute(), 2);
    put(17, time.second(), 2);
    Some(out)
}

/// Reads the plain form; `None` for any other text, including plain-looking
/// text that is no real time (Feb 30, 24:00, a leap second), which chrono
/// then reads or refuses with its own message.
fn parse_plain(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if b.len() != PLAIN_LEN
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let number = |from: usize, to: usize| {
        b[from..to].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?;
    let time = date.and_hms_opt(number(11, 13)?, number(14, 16)?, number(17, 19)?)?;
    Some(time.and_utc())
}

/// Whether `text` is a time in the plain form that reads as a real time,
/// and so is written back exactly as it is: what [`parse_plain`] accepts,
/// checked without building the time (`po list --json` copies such times
/// from the file instead of reading and writing them).
pub fn is_plain(text: &[u8]) -> bool {
    let Ok(b) = <&[u8; PLAIN_LEN]>::try_from(text) else {
        return false;
    };
    let digits = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
    if b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
        || !digits.iter().all(|&i| b[i].is_ascii_digit())
    {
        return false;
    }
    let n = |i: usize| u32::from(b[i] - b'0') * 10 + u32::from(b[i + 1] - b'0');
    let (year, month, day) = (n(0) * 100 + n(2), n(5), n(8));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && n(11) < 24 && n(14) < 60 && n(17) < 60
}

struct TimestampVisitor;

impl Visitor<'_> for TimestampVisitor {
    type Value = DateTime<Utc>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        // chrono's words, so a wrong type reads as it always did.
        formatter.write_str("an RFC 3339 formatted date and time string")
    }

    fn visit_str<E: de::Error>(self, value: &str) -> Result<Self::Value, E> {
        match parse_plain(value) {
            Some(time) => Ok(time),
            None => value
                .parse::<DateTime<FixedOffset>>()
                .map(|t| t.with_timezone(&Utc))
                .map_err(E::custom),
        }
    }
}

pub fn serialize<S: Serializer>(time: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    match plain(time) {
        // ASCII digits and separators only, so always valid UTF-8.
        Some(bytes) => serializer.serialize_str(std::str::from_utf8(&bytes).unwrap_or_default()),
        None => serializer.serialize_str(&time.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
    }
}

pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    deserializer.deserialize_str(TimestampVisitor)
}

/// The same for an optional timestamp (`null` = not set).
pub mod optional {
    use chrono::{DateTime, Utc};
    use serde::{Deserialize, Deserializer, Serializer};

    /// A timestamp read through this module's rules, for `Option`'s impl.
    struct Read(DateTime<Utc>);

    impl<'de> Deserialize<'de> for Read {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            super::deserialize(deserializer).map(Read)
        }
    }

    pub fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(t) => serializer.serialize_some(&Written(t)),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        Ok(Option::<Read>::deserialize(deserializer)?.map(|r| r.0))
    }

    /// A timestamp written through this module's rules, for `serialize_some`.
    struct Written<'a>(&'a DateTime<Utc>);

    impl serde::Serialize for Written<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            super::serialize(self.0, serializer)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Timelike};

    use super::*;

    #[test]
    fn is_plain_accepts_exactly_what_parse_plain_reads() {
        let mut texts = vec![
            "2026-11-01T09:30:00Z".to_string(),
            "2026-11-01T09:30:00+00:00".into(),
            "2026-11-01 09:30:00Z".into(),
            "2026-11-01T09:30:00.5Z".into(),
            "2026-11-01T09:30:0xZ".into(),
            "+026-11-01T09:30:00Z".into(),
        ];
        for year in [0, 1, 4, 100, 1900, 2000, 2024, 2026, 2100, 2400, 9999] {
            for month in 0..=13 {
                for day in [0, 1, 28, 29, 30, 31, 32] {
                    texts.push(format!("{year:04}-{month:02}-{day:02}T12:00:00Z"));
                }
            }
        }
        for (h, m, s) in [
            (0, 0, 0),
            (23, 59, 59),
            (24, 0, 0),
            (12, 60, 0),
            (12, 0, 60),
            (99, 99, 99),
        ] {
            texts.push(format!("2026-01-31T{h:02}:{m:02}:{s:02}Z"));
        }
        for text in texts {
            let read = parse_plain(&text);
            assert_eq!(is_plain(text.as_bytes()), read.is_some(), "{text}");
            if let Some(time) = read {
                let mut written = Vec::new();
                write(&time, &mut written);
                assert_eq!(written, text.as_bytes(), "{text}");
            }
        }
    }

    fn chrono_text(time: &DateTime<Utc>) -> String {
        serde_json::to_string(time).unwrap()
    }

    #[test]
    fn the_plain_form_is_what_chrono_writes_and_reads_back_the_same() {
        let mut seconds = -62_135_596_800_i64; // 0001-01-01
        while seconds < 253_402_300_799 {
            // 9999-12-31T23:59:59
            let time = Utc.timestamp_opt(seconds, 0).unwrap();
            let mut ours = Vec::new();
            write(&time, &mut ours);
            let ours = String::from_utf8(ours).unwrap();
            assert_eq!(format!("\"{ours}\""), chrono_text(&time));
            assert_eq!(parse_plain(&ours), Some(time));
            seconds += 7_777_777; // about every three months, at varied times
        }
    }

    #[test]
    fn other_forms_are_left_to_chrono() {
        let fraction = Utc.timestamp_opt(1_800_000_000, 5_000_000).unwrap();
        assert!(plain(&fraction).is_none());
        let far = Utc.with_ymd_and_hms(12_345, 1, 1, 0, 0, 0).unwrap();
        assert!(plain(&far).is_none());
        let leap = Utc.timestamp_opt(1_483_228_799, 1_000_000_000).unwrap();
        assert_eq!(leap.second(), 59);
        assert!(plain(&leap).is_none());
        for text in [
            "2026-02-30T09:30:00Z",
            "2026-11-01T24:00:00Z",
            "2016-12-31T23:59:60Z",
            "2026-11-01t09:30:00Z",
            "2026-11-01T09:30:0aZ",
            "+2026-11-01T09:30:00Z",
            "2026-11-01T09:30:00+00:00",
        ] {
            assert_eq!(parse_plain(text), None, "{text}");
        }
    }
}
