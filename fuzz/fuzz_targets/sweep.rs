//! `orbitai::fuzz_entry::sweep` under libFuzzer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| orbitai::fuzz_entry::sweep(data));
