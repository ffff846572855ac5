//! `orbitai::fuzz_entry::model_file` under libFuzzer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| orbitai::fuzz_entry::model_file(data));
