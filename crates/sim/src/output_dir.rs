//! Output directories: checked before a job starts (a file where the
//! directory should be, a directory that cannot be created or written), and
//! filled under a staging name, so that a run that fails halfway (a full
//! disk, a kill) leaves the previous outputs as they were.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::atomic_file::context;

/// Makes sure `dir` is, or can be made, a directory this process can write
/// in: one clear error naming the path otherwise. Nothing is created: a
/// probe file is written and removed in `dir` or, when it does not exist
/// yet, in its nearest existing ancestor, so that a read-only filesystem
/// is found before hours of simulation, not after.
pub fn ensure_writable_dir(dir: &Path) -> io::Result<()> {
    if let Some(file) = dir.ancestors().find(|p| p.is_file()) {
        let what = if file == dir {
            format!("{} is a file, not a directory", dir.display())
        } else {
            format!(
                "{} cannot be a directory: {} is a file",
                dir.display(),
                file.display()
            )
        };
        return Err(io::Error::new(io::ErrorKind::NotADirectory, what));
    }
    let existing = dir
        .ancestors()
        .find(|p| p.as_os_str().is_empty() || p.is_dir())
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or(Path::new("."));
    let probe = existing.join(format!(".orbitai-probe.{}.tmp", std::process::id()));
    let written = fs::File::create(&probe).and_then(|mut f| f.write_all(b"probe"));
    let _ = fs::remove_file(&probe);
    written.map_err(|e| {
        let what = if existing == dir {
            format!(
                "cannot write in the output directory {}: {e}",
                dir.display()
            )
        } else {
            format!(
                "cannot create the output directory {}: {} cannot be written: {e}",
                dir.display(),
                existing.display()
            )
        };
        io::Error::new(e.kind(), what)
    })
}

/// A directory filled under a staging name next to its final name
/// (`.NAME.PID.partial`) and put in place by [`AtomicDir::commit`], which
/// replaces a previous directory of that name only then. Dropped without a
/// commit (an error, a panic), the staging directory is removed: the
/// previous outputs stay as they were and nothing half-written is left.
pub struct AtomicDir {
    staging: PathBuf,
    final_path: PathBuf,
    committed: bool,
}

impl AtomicDir {
    /// A fresh, empty staging directory for `path` (whose parent must be
    /// writable), after removing what earlier killed runs left for it.
    pub fn create(path: &Path) -> io::Result<AtomicDir> {
        let (parent, name) = split(path)?;
        remove_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}.{}.partial", std::process::id()));
        fs::create_dir_all(&staging).map_err(|e| context(e, "cannot create", &staging))?;
        Ok(AtomicDir {
            staging,
            final_path: path.to_path_buf(),
            committed: false,
        })
    }

    /// Where to write the files.
    pub fn path(&self) -> &Path {
        &self.staging
    }

    /// `path`, a file in the staging directory, under the final name.
    pub fn final_path_of(&self, path: &Path) -> PathBuf {
        path.strip_prefix(&self.staging)
            .map_or_else(|_| path.to_path_buf(), |rel| self.final_path.join(rel))
    }

    /// Puts the staging directory in place of the final one: the previous
    /// directory is moved aside, the new one renamed in, the old removed.
    pub fn commit(mut self) -> io::Result<()> {
        let (parent, name) = split(&self.final_path)?;
        let old = parent.join(format!(".{name}.{}.old", std::process::id()));
        let had_previous = self.final_path.exists();
        if had_previous {
            fs::rename(&self.final_path, &old)
                .map_err(|e| context(e, "cannot replace", &self.final_path))?;
        }
        if let Err(e) = fs::rename(&self.staging, &self.final_path) {
            if had_previous {
                let _ = fs::rename(&old, &self.final_path);
            }
            return Err(context(e, "cannot rename to", &self.final_path));
        }
        self.committed = true;
        if had_previous {
            let _ = fs::remove_dir_all(&old);
        }
        Ok(())
    }
}

impl Drop for AtomicDir {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.staging);
        }
    }
}

/// The parent directory and file name of `path`.
fn split(path: &Path) -> io::Result<(&Path, String)> {
    let name = path.file_name().ok_or_else(|| {
        io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("{} is not a directory name", path.display()),
        )
    })?;
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    Ok((parent, name.to_string_lossy().into_owned()))
}

/// Removes `.NAME.*.partial` and `.NAME.*.old` in `parent`: what a run
/// killed while writing NAME left.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let leftover = file_name
            .strip_prefix(&prefix)
            .and_then(|rest| rest.rsplit_once('.'))
            .is_some_and(|(pid, kind)| {
                pid.bytes().all(|b| b.is_ascii_digit()) && matches!(kind, "partial" | "old")
            });
        if leftover {
            let _ = fs::remove_dir_all(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("orbitai-outdir-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_file_in_the_way_is_named() {
        let dir = scratch("file");
        let file = dir.join("taken");
        fs::write(&file, "x").unwrap();
        let error = ensure_writable_dir(&file).unwrap_err();
        assert!(
            error.to_string().contains("is a file, not a directory"),
            "{error}"
        );
        let error = ensure_writable_dir(&file.join("below")).unwrap_err();
        assert!(error.to_string().contains("taken is a file"), "{error}");
        // A missing directory is fine (it is made when written) and is not
        // made by the check; no probe stays behind.
        ensure_writable_dir(&dir.join("new/deep")).unwrap();
        assert!(!dir.join("new").exists());
        let names: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["taken"]);
    }

    #[test]
    fn the_previous_directory_stays_until_the_commit() {
        let dir = scratch("commit");
        let target = dir.join("run");
        fs::create_dir_all(&target).unwrap();
        fs::write(target.join("a.csv"), "old").unwrap();
        // A failed attempt: the old outputs stay, nothing else is left.
        {
            let staged = AtomicDir::create(&target).unwrap();
            fs::write(staged.path().join("a.csv"), "half").unwrap();
        }
        assert_eq!(fs::read_to_string(target.join("a.csv")).unwrap(), "old");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
        // A leftover of a killed run is cleared by the next attempt.
        fs::create_dir_all(dir.join(".run.12345.partial")).unwrap();
        let staged = AtomicDir::create(&target).unwrap();
        assert!(!dir.join(".run.12345.partial").exists());
        fs::write(staged.path().join("b.csv"), "new").unwrap();
        let file = staged.final_path_of(&staged.path().join("b.csv"));
        assert_eq!(file, target.join("b.csv"));
        staged.commit().unwrap();
        assert!(!target.join("a.csv").exists());
        assert_eq!(fs::read_to_string(target.join("b.csv")).unwrap(), "new");
        assert_eq!(fs::read_dir(&dir).unwrap().count(), 1);
    }
}
