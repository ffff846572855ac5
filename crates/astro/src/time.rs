//! Time: the [`Epoch`] type (UTC), its calendar, ISO 8601, Unix, Julian date
//! and TLE-epoch conversions.
//!
//! An `Epoch` counts nanoseconds since 1970-01-01T00:00:00 UTC on the Unix
//! time scale: every day has exactly 86 400 s and leap seconds are not
//! represented (23:59:60 does not parse). This is the scale TLE epochs, the
//! `sgp4` crate and the OPS-SAT telemetry timestamps all use. UT1 is taken
//! as UTC (< 0.9 s apart) for GMST; [`crate::sun`] converts to TT itself.
//! The resulting errors are far below the accuracy bounds stated in
//! [`crate::frames`] and [`crate::sun`].
//!
//! Integer nanoseconds make arithmetic exact (no drift over a long
//! simulation) and cover 1678–2262, which contains every valid TLE epoch.

use std::fmt;
use std::str::FromStr;

use thiserror::Error;

/// Nanoseconds in one second.
const NANOS_PER_SECOND: i64 = 1_000_000_000;
/// Nanoseconds in one day of 86 400 s.
const NANOS_PER_DAY: i64 = 86_400 * NANOS_PER_SECOND;
/// Julian date of the Unix epoch, 1970-01-01T00:00:00 UTC.
const UNIX_EPOCH_JD: f64 = 2_440_587.5;
/// Julian date of J2000.0, 2000-01-01T12:00:00 (taken on the UTC scale here).
pub const J2000_JD: f64 = 2_451_545.0;
/// Unix nanoseconds of J2000.0 (2000-01-01T12:00:00 UTC).
const J2000_UNIX_NANOS: i64 = 946_728_000 * NANOS_PER_SECOND;

/// An error building or parsing an [`Epoch`].
#[derive(Debug, Clone, PartialEq, Error)]
pub enum TimeError {
    /// A string is not an ISO 8601 date-time this crate understands.
    #[error("'{input}' is not an ISO 8601 UTC time ({reason}); expected e.g. 2021-04-16T18:28:31Z")]
    Parse {
        /// The string that failed to parse.
        input: String,
        /// What was wrong with it.
        reason: String,
    },
    /// A calendar field or a numeric time is outside the representable range.
    #[error("time out of range: {0}")]
    OutOfRange(String),
}

/// An instant in UTC, stored as integer nanoseconds since 1970-01-01T00:00:00
/// UTC (Unix time scale, no leap seconds).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Epoch {
    unix_nanos: i64,
}

impl Epoch {
    /// J2000.0, 2000-01-01T12:00:00 UTC.
    pub const J2000: Epoch = Epoch {
        unix_nanos: J2000_UNIX_NANOS,
    };

    /// The epoch `unix_nanos` nanoseconds after 1970-01-01T00:00:00 UTC.
    pub const fn from_unix_nanos(unix_nanos: i64) -> Self {
        Epoch { unix_nanos }
    }

    /// Nanoseconds since 1970-01-01T00:00:00 UTC.
    pub const fn unix_nanos(self) -> i64 {
        self.unix_nanos
    }

    /// The epoch `unix_millis` milliseconds after 1970-01-01T00:00:00 UTC.
    pub fn from_unix_millis(unix_millis: i64) -> Result<Self, TimeError> {
        unix_millis
            .checked_mul(1_000_000)
            .map(Epoch::from_unix_nanos)
            .ok_or_else(|| TimeError::OutOfRange(format!("{unix_millis} ms since 1970")))
    }

    /// Milliseconds since 1970-01-01T00:00:00 UTC, rounded towards the past.
    pub const fn unix_millis(self) -> i64 {
        self.unix_nanos.div_euclid(1_000_000)
    }

    /// Seconds since 1970-01-01T00:00:00 UTC, as a float (ns resolution is
    /// lost beyond ~2^53 ns ≈ 104 days; use for display and plots only).
    pub fn unix_seconds(self) -> f64 {
        self.unix_nanos as f64 / NANOS_PER_SECOND as f64
    }

    /// The epoch from a calendar date and time of day in UTC.
    ///
    /// `second` may carry a fraction (nanosecond resolution); it must lie in
    /// [0, 60) because leap seconds are not represented.
    pub fn from_calendar(
        year: i32,
        month: u32,
        day: u32,
        hour: u32,
        minute: u32,
        second: f64,
    ) -> Result<Self, TimeError> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(TimeError::OutOfRange(format!(
                "no day {year:04}-{month:02}-{day:02}"
            )));
        }
        if hour > 23 || minute > 59 || !(0.0..60.0).contains(&second) {
            return Err(TimeError::OutOfRange(format!(
                "no time of day {hour:02}:{minute:02}:{second:02}"
            )));
        }
        let days = days_from_civil(year, month, day);
        let whole_seconds = i64::from(hour) * 3600 + i64::from(minute) * 60;
        let second_nanos = (second * NANOS_PER_SECOND as f64).round() as i64;
        days.checked_mul(NANOS_PER_DAY)
            .and_then(|n| n.checked_add(whole_seconds * NANOS_PER_SECOND + second_nanos))
            .map(Epoch::from_unix_nanos)
            .ok_or_else(|| TimeError::OutOfRange(format!("year {year}")))
    }

    /// The calendar fields in UTC: (year, month 1–12, day 1–31, hour,
    /// minute, second, nanosecond within the second).
    pub fn to_calendar(self) -> (i32, u32, u32, u32, u32, u32, u32) {
        let days = self.unix_nanos.div_euclid(NANOS_PER_DAY);
        let nanos_of_day = self.unix_nanos.rem_euclid(NANOS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let seconds_of_day = (nanos_of_day / NANOS_PER_SECOND) as u32;
        let nanos = (nanos_of_day % NANOS_PER_SECOND) as u32;
        (
            year,
            month,
            day,
            seconds_of_day / 3600,
            seconds_of_day / 60 % 60,
            seconds_of_day % 60,
            nanos,
        )
    }

    /// Parses an ISO 8601 date-time: `YYYY-MM-DD`, optionally followed by
    /// `T` (or a space) and `HH:MM[:SS[.fraction]]`, optionally followed by
    /// `Z` or an offset `±HH:MM` / `±HHMM`. Without a zone the time is UTC.
    pub fn parse_iso8601(input: &str) -> Result<Self, TimeError> {
        iso8601::parse(input).map_err(|reason| TimeError::Parse {
            input: input.to_owned(),
            reason,
        })
    }

    /// Formats as ISO 8601 UTC with `decimals` fractional-second digits
    /// (0–9), e.g. `2021-04-16T18:28:31.250Z` for 3. The fraction is
    /// truncated, never rounded up into the next second.
    pub fn to_iso8601(self, decimals: usize) -> String {
        let (y, mo, d, h, mi, s, ns) = self.to_calendar();
        let mut out = format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}");
        let decimals = decimals.min(9);
        if decimals > 0 {
            let fraction = format!("{ns:09}");
            out.push('.');
            out.push_str(&fraction[..decimals]);
        }
        out.push('Z');
        out
    }

    /// Julian date (UTC scale), in days. Resolution of the f64 is ~40 µs near
    /// the present; use [`Epoch::days_since_j2000`] where precision matters.
    pub fn julian_date(self) -> f64 {
        UNIX_EPOCH_JD + self.unix_nanos as f64 / NANOS_PER_DAY as f64
    }

    /// The epoch of a Julian date (UTC scale), rounded to the nanosecond.
    pub fn from_julian_date(jd: f64) -> Result<Self, TimeError> {
        let nanos = (jd - UNIX_EPOCH_JD) * NANOS_PER_DAY as f64;
        if !nanos.is_finite() || nanos.abs() >= i64::MAX as f64 {
            return Err(TimeError::OutOfRange(format!("Julian date {jd}")));
        }
        Ok(Epoch::from_unix_nanos(nanos.round() as i64))
    }

    /// Days since J2000.0 (2000-01-01T12:00:00 UTC), computed from the exact
    /// integer count so that no precision is lost to the large JD offset.
    pub fn days_since_j2000(self) -> f64 {
        // i128: the difference of two i64 can overflow i64 near the range ends.
        (i128::from(self.unix_nanos) - i128::from(J2000_UNIX_NANOS)) as f64 / NANOS_PER_DAY as f64
    }

    /// Julian centuries (36 525 days) since J2000.0.
    pub fn centuries_since_j2000(self) -> f64 {
        self.days_since_j2000() / 36_525.0
    }

    /// The epoch of a TLE epoch field: two-digit year (57–99 → 19xx, 00–56 →
    /// 20xx, the NORAD convention) and fractional day of the year (1.0 is
    /// January 1, 00:00 UTC).
    pub fn from_tle_epoch(two_digit_year: u32, day_of_year: f64) -> Result<Self, TimeError> {
        if two_digit_year > 99 || !(1.0..367.0).contains(&day_of_year) {
            return Err(TimeError::OutOfRange(format!(
                "TLE epoch {two_digit_year:02}{day_of_year}"
            )));
        }
        let year = if two_digit_year < 57 { 2000 } else { 1900 } + two_digit_year as i32;
        let start = days_from_civil(year, 1, 1) * NANOS_PER_DAY;
        let offset = ((day_of_year - 1.0) * NANOS_PER_DAY as f64).round() as i64;
        Ok(Epoch::from_unix_nanos(start + offset))
    }

    /// The TLE epoch field of this epoch: (two-digit year, fractional day of
    /// year with 1.0 = January 1, 00:00 UTC). Only meaningful for 1957–2056.
    pub fn to_tle_epoch(self) -> (u32, f64) {
        let (year, ..) = self.to_calendar();
        let start = days_from_civil(year, 1, 1) * NANOS_PER_DAY;
        let day = 1.0 + (self.unix_nanos - start) as f64 / NANOS_PER_DAY as f64;
        (year.rem_euclid(100) as u32, day)
    }

    /// This epoch shifted by `seconds` (rounded to the nanosecond).
    pub fn add_seconds(self, seconds: f64) -> Self {
        self.add_nanos((seconds * NANOS_PER_SECOND as f64).round() as i64)
    }

    /// This epoch shifted by `nanos` nanoseconds (saturating at the range ends).
    pub const fn add_nanos(self, nanos: i64) -> Self {
        Epoch::from_unix_nanos(self.unix_nanos.saturating_add(nanos))
    }

    /// Seconds elapsed from `earlier` to `self` (negative if `self` is earlier).
    pub fn seconds_since(self, earlier: Epoch) -> f64 {
        (i128::from(self.unix_nanos) - i128::from(earlier.unix_nanos)) as f64
            / NANOS_PER_SECOND as f64
    }

    /// Nanoseconds elapsed from `earlier` to `self`, saturating at the i64
    /// range (±292 years) for instants further apart.
    pub const fn nanos_since(self, earlier: Epoch) -> i64 {
        self.unix_nanos.saturating_sub(earlier.unix_nanos)
    }
}

impl fmt::Display for Epoch {
    /// ISO 8601 UTC with millisecond precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_iso8601(3))
    }
}

/// Serialised as an ISO 8601 UTC string with nanoseconds trimmed of
/// trailing zero groups (`"2021-04-16T17:17:36Z"`), so that scenario files
/// read naturally and round-trip exactly.
impl serde::Serialize for Epoch {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (.., ns) = self.to_calendar();
        let decimals = match ns {
            0 => 0,
            n if n % 1_000_000 == 0 => 3,
            n if n % 1_000 == 0 => 6,
            _ => 9,
        };
        serializer.serialize_str(&self.to_iso8601(decimals))
    }
}

impl<'de> serde::Deserialize<'de> for Epoch {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Epoch::parse_iso8601(&text).map_err(serde::de::Error::custom)
    }
}

impl FromStr for Epoch {
    type Err = TimeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Epoch::parse_iso8601(s)
    }
}

/// Whether `year` is a leap year of the proleptic Gregorian calendar.
fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in `month` (1–12) of `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
/// `days_from_civil`, exact for all i32 years).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a count of days since 1970-01-01
/// (inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i32, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    (year, month, day)
}

/// The ISO 8601 subset parser behind [`Epoch::parse_iso8601`].
mod iso8601 {
    use super::{Epoch, NANOS_PER_SECOND};

    /// A cursor over the ASCII bytes of the input.
    struct Cursor<'a> {
        bytes: &'a [u8],
        pos: usize,
    }

    impl Cursor<'_> {
        fn peek(&self) -> Option<u8> {
            self.bytes.get(self.pos).copied()
        }

        fn expect(&mut self, wanted: u8, what: &str) -> Result<(), String> {
            match self.peek() {
                Some(b) if b == wanted => {
                    self.pos += 1;
                    Ok(())
                }
                _ => Err(format!(
                    "expected '{}' {what} at character {}",
                    wanted as char,
                    self.pos + 1
                )),
            }
        }

        fn digits(&mut self, count: usize, what: &str) -> Result<u32, String> {
            let end = self.pos + count;
            let field = self
                .bytes
                .get(self.pos..end)
                .filter(|f| f.iter().all(u8::is_ascii_digit));
            let Some(field) = field else {
                return Err(format!(
                    "expected {count} digits for the {what} at character {}",
                    self.pos + 1
                ));
            };
            self.pos = end;
            Ok(field
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')))
        }
    }

    /// Parses the subset documented on [`Epoch::parse_iso8601`].
    pub(super) fn parse(input: &str) -> Result<Epoch, String> {
        let mut c = Cursor {
            bytes: input.trim().as_bytes(),
            pos: 0,
        };
        let year = c.digits(4, "year")? as i32;
        c.expect(b'-', "after the year")?;
        let month = c.digits(2, "month")?;
        c.expect(b'-', "after the month")?;
        let day = c.digits(2, "day")?;
        let (mut hour, mut minute, mut nanos) = (0, 0, 0i64);
        if matches!(c.peek(), Some(b'T' | b't' | b' ')) {
            c.pos += 1;
            hour = c.digits(2, "hour")?;
            c.expect(b':', "after the hour")?;
            minute = c.digits(2, "minute")?;
            if c.peek() == Some(b':') {
                c.pos += 1;
                nanos = i64::from(c.digits(2, "second")?) * NANOS_PER_SECOND;
                if matches!(c.peek(), Some(b'.' | b',')) {
                    c.pos += 1;
                    nanos += fraction_nanos(&mut c)?;
                }
            }
        }
        let offset_seconds = zone_offset_seconds(&mut c)?;
        if c.pos != c.bytes.len() {
            return Err(format!("unexpected text at character {}", c.pos + 1));
        }
        let midnight =
            Epoch::from_calendar(year, month, day, hour, minute, 0.0).map_err(|e| e.to_string())?;
        if nanos >= 60 * NANOS_PER_SECOND {
            return Err("second must be below 60 (leap seconds are not represented)".into());
        }
        Ok(midnight.add_nanos(nanos - offset_seconds * NANOS_PER_SECOND))
    }

    /// Reads the digits of a fractional second (1 to 9 of them significant).
    fn fraction_nanos(c: &mut Cursor<'_>) -> Result<i64, String> {
        let start = c.pos;
        let mut nanos = 0i64;
        while let Some(d) = c.peek().filter(u8::is_ascii_digit) {
            if c.pos - start < 9 {
                nanos = nanos * 10 + i64::from(d - b'0');
            }
            c.pos += 1;
        }
        let count = c.pos - start;
        if count == 0 {
            return Err(format!(
                "expected digits after the decimal point at character {}",
                start + 1
            ));
        }
        Ok(nanos * 10i64.pow(9u32.saturating_sub(count as u32)))
    }

    /// Reads an optional zone designator; returns its offset east of UTC in s.
    fn zone_offset_seconds(c: &mut Cursor<'_>) -> Result<i64, String> {
        let sign = match c.peek() {
            None => return Ok(0),
            Some(b'Z' | b'z') => {
                c.pos += 1;
                return Ok(0);
            }
            Some(b'+') => 1,
            Some(b'-') => -1,
            Some(_) => return Err(format!("unexpected text at character {}", c.pos + 1)),
        };
        c.pos += 1;
        let hours = c.digits(2, "zone offset hours")?;
        if c.peek() == Some(b':') {
            c.pos += 1;
        }
        let minutes = c.digits(2, "zone offset minutes")?;
        if hours > 23 || minutes > 59 {
            return Err("zone offset out of range".into());
        }
        Ok(sign * i64::from(hours * 3600 + minutes * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unix_epoch_and_j2000_are_where_they_belong() {
        assert_eq!(
            Epoch::parse_iso8601("1970-01-01T00:00:00Z")
                .unwrap()
                .unix_nanos(),
            0
        );
        let j2000 = Epoch::parse_iso8601("2000-01-01T12:00:00Z").unwrap();
        assert_eq!(j2000, Epoch::J2000);
        assert_eq!(j2000.julian_date(), J2000_JD);
        assert_eq!(j2000.days_since_j2000(), 0.0);
    }

    #[test]
    fn iso8601_round_trips_and_accepts_variants() {
        let t = Epoch::parse_iso8601("2021-04-16T18:28:31.123456789Z").unwrap();
        assert_eq!(t.to_iso8601(9), "2021-04-16T18:28:31.123456789Z");
        assert_eq!(t.to_iso8601(3), "2021-04-16T18:28:31.123Z");
        assert_eq!(t.to_string(), "2021-04-16T18:28:31.123Z");
        assert_eq!(t.to_iso8601(0), "2021-04-16T18:28:31Z");
        let same = [
            "2021-04-16 18:28:31.123456789",
            "2021-04-16T20:28:31.123456789+02:00",
        ];
        for s in same {
            assert_eq!(Epoch::parse_iso8601(s).unwrap(), t, "{s}");
        }
        assert_eq!(
            Epoch::parse_iso8601("2021-04-16").unwrap(),
            Epoch::parse_iso8601("2021-04-16T00:00Z").unwrap()
        );
        assert_eq!(
            Epoch::parse_iso8601("2021-04-16T18:28:31-0130")
                .unwrap()
                .to_iso8601(0),
            "2021-04-16T19:58:31Z"
        );
    }

    #[test]
    fn bad_iso8601_is_a_clear_error() {
        for bad in [
            "",
            "yesterday",
            "2021-13-01T00:00:00Z",
            "2021-02-29T00:00:00Z",
            "2021-04-16T24:00:00Z",
            "2021-04-16T23:59:60Z",
            "2021-04-16T12:00:00.Z",
            "2021-04-16T12:00:00Zjunk",
            "2021-4-16",
        ] {
            let err = Epoch::parse_iso8601(bad).unwrap_err();
            let text = err.to_string();
            assert!(text.contains(&format!("'{bad}'")), "{text}");
        }
    }

    #[test]
    fn calendar_conversion_round_trips_over_centuries() {
        for days in (-80_000i64..80_000).step_by(37) {
            let t = Epoch::from_unix_nanos(days * NANOS_PER_DAY + 12_345_678_901);
            let (y, mo, d, h, mi, s, ns) = t.to_calendar();
            let back = Epoch::from_calendar(y, mo, d, h, mi, f64::from(s))
                .unwrap()
                .add_nanos(i64::from(ns));
            assert_eq!(back, t);
        }
        // Leap-year rules.
        assert!(Epoch::from_calendar(2000, 2, 29, 0, 0, 0.0).is_ok());
        assert!(Epoch::from_calendar(1900, 2, 29, 0, 0, 0.0).is_err());
    }

    #[test]
    fn julian_date_matches_known_values() {
        // Vallado, Example 3-4: 1996-10-26 14:20:00 UTC is JD 2450383.09722222.
        let t = Epoch::from_calendar(1996, 10, 26, 14, 20, 0.0).unwrap();
        assert!((t.julian_date() - 2_450_383.097_222_22).abs() < 1e-8);
        let back = Epoch::from_julian_date(t.julian_date()).unwrap();
        assert!(back.nanos_since(t).abs() < 100_000, "{back} vs {t}");
    }

    #[test]
    fn tle_epoch_conversion_follows_the_norad_convention() {
        // 21039.77310696: 2021, day 39 (Feb 8) + 0.77310696 d.
        let t = Epoch::from_tle_epoch(21, 39.773_106_96).unwrap();
        assert_eq!(t.to_iso8601(3), "2021-02-08T18:33:16.441Z");
        let (yy, day) = t.to_tle_epoch();
        assert_eq!(yy, 21);
        assert!((day - 39.773_106_96).abs() < 1e-11);
        assert_eq!(
            Epoch::from_tle_epoch(57, 1.0).unwrap().to_iso8601(0),
            "1957-01-01T00:00:00Z"
        );
        assert_eq!(
            Epoch::from_tle_epoch(56, 1.5).unwrap().to_iso8601(0),
            "2056-01-01T12:00:00Z"
        );
        assert!(Epoch::from_tle_epoch(21, 0.5).is_err());
    }

    #[test]
    fn serde_uses_iso8601_strings_and_round_trips() {
        for text in [
            "2021-04-16T17:17:36Z",
            "2021-04-16T17:17:36.500Z",
            "2021-04-16T17:17:36.000000001Z",
        ] {
            let t = Epoch::parse_iso8601(text).unwrap();
            let json = serde_json::to_string(&t).unwrap();
            assert_eq!(json, format!("\"{text}\""));
            assert_eq!(serde_json::from_str::<Epoch>(&json).unwrap(), t);
        }
        let err = serde_json::from_str::<Epoch>("\"2021-02-30\"")
            .unwrap_err()
            .to_string();
        assert!(err.contains("not an ISO 8601"), "{err}");
    }

    #[test]
    fn differences_of_far_apart_epochs_do_not_overflow() {
        let (early, late) = (
            Epoch::from_unix_nanos(i64::MIN),
            Epoch::from_unix_nanos(i64::MAX),
        );
        assert_eq!(late.nanos_since(early), i64::MAX);
        assert_eq!(early.nanos_since(late), i64::MIN);
        assert!((late.seconds_since(early) - 1.8446744073709552e10).abs() < 1.0);
        assert!(early.days_since_j2000() < -100_000.0);
    }

    #[test]
    fn millis_floor_towards_the_past() {
        assert_eq!(Epoch::from_unix_nanos(-1).unix_millis(), -1);
        assert_eq!(
            Epoch::from_unix_millis(1_618_597_711_000)
                .unwrap()
                .unix_millis(),
            1_618_597_711_000
        );
        assert!(Epoch::from_unix_millis(i64::MAX).is_err());
    }
}
