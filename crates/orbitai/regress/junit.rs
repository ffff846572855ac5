//! The report as JUnit XML, the format GitHub Actions, GitLab and Jenkins
//! display: one test suite, a test case per baseline and check (`files`,
//! `metrics`; `run` when the run failed), a failure listing what moved.

use std::fmt::Write;

use super::compare::Check;
use super::{Report, table};

/// The JUnit XML of `report`.
pub fn to_xml(report: &Report) -> String {
    let mut cases = String::new();
    let (mut tests, mut failures, mut errors) = (0, 0, 0);
    for entry in &report.entries {
        let class = xml(&format!("orbitai.regress.{}", entry.name));
        match &entry.result {
            Err(message) => {
                tests += 1;
                errors += 1;
                let _ = writeln!(
                    cases,
                    "    <testcase classname=\"{class}\" name=\"run\">\n      <error message=\"{}\" type=\"run failed\">{}</error>\n    </testcase>",
                    xml(first_line(message)),
                    xml(message)
                );
            }
            Ok(changes) => {
                for check in [Check::Files, Check::Metrics] {
                    tests += 1;
                    let mine: Vec<_> = changes.iter().filter(|c| c.check == check).collect();
                    let regressed = mine.iter().filter(|c| c.regressed).count();
                    let _ = write!(
                        cases,
                        "    <testcase classname=\"{class}\" name=\"{}\">",
                        check.name()
                    );
                    if regressed > 0 {
                        failures += 1;
                        let body = table::rows(mine.iter().copied());
                        let _ = write!(
                            cases,
                            "\n      <failure message=\"{} {} moved beyond tolerance\" type=\"regression\">{}</failure>\n    ",
                            regressed,
                            if check == Check::Files {
                                "file(s)"
                            } else {
                                "metric(s)"
                            },
                            xml(&body)
                        );
                    } else if !mine.is_empty() {
                        let body = table::rows(mine.iter().copied());
                        let _ = write!(
                            cases,
                            "\n      <system-out>{}</system-out>\n    ",
                            xml(&format!("within tolerance:\n{body}"))
                        );
                    }
                    cases.push_str("</testcase>\n");
                }
            }
        }
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"orbitai regress\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\">\n  <testsuite name=\"orbitai regress\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\">\n{cases}  </testsuite>\n</testsuites>\n"
    )
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or("")
}

/// Text escaped for XML content and attributes (control characters,
/// which XML 1.0 cannot hold, become spaces).
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' | '\t' => out.push(c),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}
