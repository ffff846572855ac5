//! Writing a file so that it appears under its final name only when complete.

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

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
    pub fn create(path: &Path) -> Result<Self> {
        let parent = path
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent)
            .with_context(|| format!("cannot create directory {}", parent.display()))?;
        let file_name = path
            .file_name()
            .with_context(|| format!("{} is not a file path", path.display()))?;
        let mut temp_name = file_name.to_os_string();
        temp_name.push(format!(".{}.tmp", std::process::id()));
        let temp_path = parent.join(temp_name);
        let file = File::create(&temp_path)
            .with_context(|| format!("cannot create {}", temp_path.display()))?;
        Ok(AtomicFile {
            writer: Some(BufWriter::with_capacity(1 << 16, file)),
            temp_path,
            final_path: path.to_path_buf(),
        })
    }

    /// Flushes, syncs and renames the file to its final name.
    pub fn commit(mut self) -> Result<()> {
        let writer = self.writer.take().expect("writer present until commit");
        let file = writer
            .into_inner()
            .map_err(|e| e.into_error())
            .with_context(|| format!("cannot write {}", self.temp_path.display()))?;
        file.sync_all()
            .with_context(|| format!("cannot sync {}", self.temp_path.display()))?;
        fs::rename(&self.temp_path, &self.final_path)
            .with_context(|| format!("cannot rename to {}", self.final_path.display()))
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
