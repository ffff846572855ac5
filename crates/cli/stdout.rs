//! Printing reports to standard output without panicking when the reader
//! goes away (`orbitai run | head`): a closed pipe ends the output quietly.

use std::io::{self, Write};

/// Writes `text` to standard output; a broken pipe is not an error.
pub fn print(text: &str) {
    let mut out = io::stdout().lock();
    let result = out.write_all(text.as_bytes()).and_then(|()| out.flush());
    if let Err(error) = result
        && error.kind() != io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {error}");
    }
}
