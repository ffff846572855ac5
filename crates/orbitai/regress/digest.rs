//! Digests of a run's output files, sorted into the data that must stay
//! bit-identical and the results that tolerances apply to.

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

/// `sha256:<hex>` of `bytes`.
pub fn sha256(bytes: &[u8]) -> String {
    let hash = Sha256::digest(bytes);
    let mut text = String::with_capacity(7 + 64);
    text.push_str("sha256:");
    for byte in hash.iter() {
        text.push_str(&format!("{byte:02x}"));
    }
    text
}

/// The digests of one output directory.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Digests {
    /// The simulated streams (telemetry `data_*.csv`, `training.csv`):
    /// any change is a regression.
    pub data: BTreeMap<String, String>,
    /// Everything else (models, metrics, summary): for information; the
    /// metrics say whether a change matters.
    pub results: BTreeMap<String, String>,
}

/// Digests of every file under `dir`, keyed by path relative to it (`/`
/// separators). The files of a `models/` or `runs/` directory are one
/// entry (`models/`: the digest of their paths and digests), so a
/// baseline stays a few kB; `summary.json` leaves out its wall-time lines
/// (the only bytes that differ between two identical runs).
pub fn digest_tree(dir: &Path) -> io::Result<Digests> {
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    let mut digests = Digests::default();
    let mut groups: BTreeMap<String, String> = BTreeMap::new();
    for relative in files {
        let bytes = std::fs::read(dir.join(&relative))?;
        let name = relative.rsplit('/').next().unwrap_or(&relative);
        if let Some(group) = group_of(&relative) {
            let list = groups.entry(group).or_default();
            list.push_str(&relative);
            list.push(' ');
            list.push_str(&sha256(&bytes));
            list.push('\n');
        } else if name == "summary.json" {
            digests
                .results
                .insert(relative, sha256(&without_wall_time(&bytes)));
        } else if name == "training.csv" || (name.starts_with("data_") && name.ends_with(".csv")) {
            digests.data.insert(relative, sha256(&bytes));
        } else {
            digests.results.insert(relative, sha256(&bytes));
        }
    }
    for (group, list) in groups {
        digests.results.insert(group, sha256(list.as_bytes()));
    }
    Ok(digests)
}

/// The `models/` or `runs/` directory (with its parents) a file is in.
fn group_of(relative: &str) -> Option<String> {
    let parts: Vec<&str> = relative.split('/').collect();
    let at = parts[..parts.len() - 1]
        .iter()
        .position(|p| *p == "models" || *p == "runs")?;
    Some(format!("{}/", parts[..=at].join("/")))
}

fn without_wall_time(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(bytes);
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("\"wall_time_s\"") && !l.contains("\"ticks_per_second\""))
        .collect();
    kept.join("\n").into_bytes()
}

fn walk(root: &Path, dir: &Path, files: &mut Vec<String>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            walk(root, &path, files)?;
        } else if let Ok(relative) = path.strip_prefix(root) {
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            files.push(parts.join("/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sha256_of_the_empty_string() {
        assert_eq!(
            sha256(b""),
            "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn files_are_sorted_into_data_results_and_groups() {
        let dir = std::env::temp_dir().join(format!("orbitai-digest-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, text) in [
            ("data_2021.csv", "t\n1\n"),
            ("training.csv", "1,2\n"),
            ("metrics_grid.csv", "a\n"),
            ("models/arow_3D.json", "{}"),
            ("runs/data_2021/models/arow_3D.json", "{}"),
            (
                "summary.json",
                "{\n  \"seed\": 1,\n  \"wall_time_s\": 0.5\n}",
            ),
        ] {
            let file = dir.join(path);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, text).unwrap();
        }
        let digests = digest_tree(&dir).unwrap();
        let keys = |m: &BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(keys(&digests.data), ["data_2021.csv", "training.csv"]);
        assert_eq!(
            keys(&digests.results),
            ["metrics_grid.csv", "models/", "runs/", "summary.json"]
        );
        // The wall time does not count.
        std::fs::write(
            dir.join("summary.json"),
            "{\n  \"seed\": 1,\n  \"wall_time_s\": 9\n}",
        )
        .unwrap();
        assert_eq!(digest_tree(&dir).unwrap(), digests);
        std::fs::write(dir.join("models/arow_3D.json"), "{ }").unwrap();
        let changed = digest_tree(&dir).unwrap();
        assert_ne!(changed.results["models/"], digests.results["models/"]);
        assert_eq!(changed.results["runs/"], digests.results["runs/"]);
        std::fs::remove_dir_all(&dir).ok();
    }
}
