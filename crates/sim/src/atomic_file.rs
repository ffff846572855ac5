//! Writing a file so that it appears under its final name only when complete.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// A buffered file written under a temporary name in the target directory
/// and renamed to its final name by [`AtomicFile::commit`]. Dropped without a
/// commit (an error, a panic), the temporary file is removed, so a failed run
/// never leaves a half-written file under the final name.
pub struct AtomicFile {
    writer: Option<BufWriter<File>>,
    temp_path: PathBuf,
    final_path: PathBuf,
}

impl AtomicFile {
    /// Creates the temporary file next to `path` (creating missing parent
    /// directories).
    pub fn create(path: &Path) -> io::Result<Self> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| context(e, "cannot create directory", parent))?;
        let file_name = path.file_name().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("{} is not a file path", path.display()),
            )
        })?;
        let mut temp_name = file_name.to_os_string();
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp_path = parent.join(temp_name);
        let file = File::create(&temp_path).map_err(|e| context(e, "cannot create", &temp_path))?;
        Ok(AtomicFile {
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            temp_path,
            final_path: path.to_path_buf(),
        })
    }

    /// Flushes, syncs and renames the file to its final name; on failure
    /// (a full disk at the last flush) the temporary file is removed.
    pub fn commit(mut self) -> io::Result<()> {
        let writer = self.writer.take().expect("writer present until commit");
        let result = writer
            .into_inner()
            .map_err(|e| context(e.into_error(), "cannot write", &self.temp_path))
            .and_then(|file| {
                file.sync_all()
                    .map_err(|e| context(e, "cannot sync", &self.temp_path))
            })
            .and_then(|()| {
                fs::rename(&self.temp_path, &self.final_path)
                    .map_err(|e| context(e, "cannot rename to", &self.final_path))
            });
        if result.is_err() {
            let _ = fs::remove_file(&self.temp_path);
        }
        result
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer
            .as_mut()
            .expect("writer present until commit")
            .flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.writer.take().is_some() {
            // Not committed: leave nothing behind. A failure to remove a
            // temporary file is not worth masking the original error.
            let _ = fs::remove_file(&self.temp_path);
        }
    }
}

/// An I/O error saying what was being done, and to which path.
pub(crate) fn context(error: io::Error, doing: &str, path: &Path) -> io::Error {
    io::Error::new(error.kind(), format!("{doing} {}: {error}", path.display()))
}

/// Writes `bytes` to `path` atomically (see [`AtomicFile`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = AtomicFile::create(path)?;
    let temp = file.temp_path.clone();
    file.write_all(bytes)
        .map_err(|e| context(e, "cannot write", &temp))?;
    file.commit()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("orbitai-atomic-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn nothing_appears_until_commit_and_nothing_stays_on_drop() {
        let dir = scratch("drop");
        let path = dir.join("sub/out.csv");
        let mut file = AtomicFile::create(&path).unwrap();
        file.write_all(b"half").unwrap();
        assert!(!path.exists());
        drop(file);
        assert!(!path.exists());
        assert_eq!(
            fs::read_dir(dir.join("sub")).unwrap().count(),
            0,
            "temporary file left"
        );
        write_atomic(&path, b"whole").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"whole");
        assert_eq!(fs::read_dir(dir.join("sub")).unwrap().count(), 1);
    }
}
