//! `orbitai::fuzz_entry::training_log` under libFuzzer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| orbitai::fuzz_entry::training_log(data));
