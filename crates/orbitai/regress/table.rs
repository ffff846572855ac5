//! The report as the table the command prints.

use std::fmt;

use super::compare::Change;
use super::{Report, Status};

/// The rows of `changes` under a header, columns aligned.
pub(crate) fn rows<'a>(changes: impl IntoIterator<Item = &'a Change>) -> String {
    let mut lines = vec![[
        "check".to_owned(),
        "item".to_owned(),
        "baseline".to_owned(),
        "now".to_owned(),
        "delta".to_owned(),
        "tolerance".to_owned(),
        String::new(),
    ]];
    for c in changes {
        lines.push([
            c.check.name().to_owned(),
            c.item.clone(),
            c.baseline.clone(),
            c.now.clone(),
            c.delta.clone(),
            c.tolerance.clone(),
            if c.regressed { "REGRESSED" } else { "ok" }.to_owned(),
        ]);
    }
    let widths: Vec<usize> = (0..7)
        .map(|k| {
            lines
                .iter()
                .map(|l| l[k].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut text = String::new();
    for line in &lines {
        let cells: Vec<String> = line
            .iter()
            .zip(&widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        text.push_str("  ");
        text.push_str(cells.join("  ").trim_end());
        text.push('\n');
    }
    text
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for entry in &self.entries {
            let verdict = match entry.status() {
                Status::Passed => "ok",
                Status::Regressed => "REGRESSED",
                Status::Failed => "FAILED",
            };
            writeln!(f, "{} ({}): {verdict}", entry.name, entry.source)?;
            for note in &entry.notes {
                writeln!(f, "  note: {note}")?;
            }
            match &entry.result {
                Err(message) => writeln!(f, "  error: {message}")?,
                Ok(changes) if changes.is_empty() => {}
                Ok(changes) => f.write_str(&rows(changes))?,
            }
        }
        let count = |s: Status| self.entries.iter().filter(|e| e.status() == s).count();
        write!(
            f,
            "{} baseline(s): {} passed, {} regressed, {} failed",
            self.entries.len(),
            count(Status::Passed),
            count(Status::Regressed),
            count(Status::Failed)
        )?;
        if self.updated {
            write!(f, "; baselines rewritten")?;
        }
        Ok(())
    }
}
