//! The learning server's training log, `training_mochi-<time>.csv`: one row
//! per sample trained, no header: timestamp (Unix ms), pd1..pd6 (the f32
//! values trained on, printed `%f`), label (1 = ON, 0 = OFF), then 32 update
//! times in ms.

use crate::files::{Skipped, split_row};

/// Fields in a training log row.
const FIELDS: usize = 1 + 6 + 1 + 32;

/// One training sample as logged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LogRow {
    /// 1-based line in the file.
    pub line: usize,
    /// Unix time of the sample, ms.
    pub timestamp_ms: i64,
    /// PD1..PD6 as trained on, rad (the `%f` text parsed back to f32, which
    /// gives exactly the f32 the server held).
    pub pd: [f32; 6],
    /// Whether the label is ON (camera may be on).
    pub label_on: bool,
}

/// A parsed training log: its good rows and the rows skipped.
#[derive(Debug, Default)]
pub struct TrainingLog {
    /// Rows in file order.
    pub rows: Vec<LogRow>,
    /// Malformed rows, skipped.
    pub skipped: Vec<Skipped>,
}

/// Parses the text of a training log. Malformed rows are skipped and listed,
/// never fatal (as the flight app did).
pub fn parse(text: &str) -> TrainingLog {
    let mut log = TrainingLog::default();
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        if raw.trim().is_empty() {
            continue;
        }
        match parse_row(raw, line) {
            Ok(row) => log.rows.push(row),
            Err(reason) => log.skipped.push(Skipped { line, reason }),
        }
    }
    log
}

fn parse_row(raw: &str, line: usize) -> Result<LogRow, String> {
    let (fields, timestamp_ms) = split_row(raw.trim_end(), FIELDS)?;
    let mut pd = [0f32; 6];
    for (i, value) in pd.iter_mut().enumerate() {
        let text = fields[1 + i];
        *value = text
            .parse::<f32>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("pd{}: expected a number, got {text:?}", i + 1))?;
    }
    let label_on = match fields[7] {
        "1" => true,
        "0" => false,
        other => return Err(format!("label: expected 1 or 0, got {other:?}")),
    };
    Ok(LogRow {
        line,
        timestamp_ms,
        pd,
        label_on,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROW: &str = "1618593464649,0.010000,0.000000,0.670000,0.560000,0.000000,0.650000,1,0.020360,0.003920,0.005090,0.007120,0.004960,0.002480,0.002760,0.004000,0.002520,0.001860,0.002470,0.002580,0.006690,0.002880,0.003060,0.003430,0.005910,0.002050,0.003580,0.003010,0.003080,0.001810,0.001360,0.002160,0.001380,0.001790,0.001950,0.002190,0.001220,0.001770,0.001990,0.002080";

    #[test]
    fn reads_a_flight_row() {
        let log = parse(ROW);
        assert!(log.skipped.is_empty());
        let row = log.rows[0];
        assert_eq!(row.timestamp_ms, 1_618_593_464_649);
        assert_eq!(row.pd[2], 0.67f32);
        assert!(row.label_on);
    }

    #[test]
    fn malformed_rows_are_skipped_with_line_and_reason() {
        let short = &ROW[..40];
        let bad_pd = ROW.replacen("0.670000", "0.67x", 1);
        let bad_label = ROW.replacen(",1,0.020360", ",2,0.020360", 1);
        let text = format!("{ROW}\n{short}\n{bad_pd}\n\n{bad_label}\n{ROW}\n");
        let log = parse(&text);
        assert_eq!(log.rows.len(), 2);
        assert_eq!(log.rows[1].line, 6);
        let reasons: Vec<(usize, &str)> = log
            .skipped
            .iter()
            .map(|s| (s.line, s.reason.as_str()))
            .collect();
        assert_eq!(reasons[0].0, 2);
        assert!(
            reasons[0].1.starts_with("expected 40 fields"),
            "{reasons:?}"
        );
        assert_eq!(reasons[1], (3, "pd3: expected a number, got \"0.67x\""));
        assert_eq!(reasons[2], (5, "label: expected 1 or 0, got \"2\""));
    }
}
