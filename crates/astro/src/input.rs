//! Reading a user's input file (a scenario, a sweep, a TLE, a flight CSV)
//! as text with a size limit, so that a path naming something endless
//! (`/dev/zero`, a huge file by mistake) is refused with an error instead
//! of filling the memory. (A FIFO with no writer still blocks, as `cat`
//! would: naming one is asking to wait for it.)

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The most an input file may hold, bytes (64 MiB: the whole public TLE
/// catalogue is about 4 MB, a flight run's telemetry well under 1 MB).
pub const MAX_INPUT_BYTES: u64 = 64 << 20;

/// The text of `path` (UTF-8), refusing more than [`MAX_INPUT_BYTES`]
/// with an `InvalidData` error that says so.
pub fn read_text(path: &Path) -> io::Result<String> {
    read_text_limited(path, MAX_INPUT_BYTES)
}

/// As [`read_text`], with the limit `limit` bytes.
pub fn read_text_limited(path: &Path, limit: u64) -> io::Result<String> {
    let mut text = String::new();
    File::open(path)?
        .take(limit.saturating_add(1))
        .read_to_string(&mut text)?;
    if text.len() as u64 > limit {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!(
                "more than {} MiB: not an input file of this kind",
                limit >> 20
            ),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endless_file_is_refused_and_a_small_one_read() {
        #[cfg(unix)]
        {
            let error = read_text_limited(Path::new("/dev/zero"), 1 << 20).unwrap_err();
            assert_eq!(error.kind(), io::ErrorKind::InvalidData);
            assert!(error.to_string().contains("more than 1 MiB"), "{error}");
        }
        let path = std::env::temp_dir().join(format!("orbitai-input-{}", std::process::id()));
        std::fs::write(&path, "1 25544U\n").unwrap();
        assert_eq!(read_text_limited(&path, 9).unwrap(), "1 25544U\n");
        assert!(read_text_limited(&path, 8).is_err());
        std::fs::remove_file(&path).unwrap();
    }
}
