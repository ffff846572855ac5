//! `orbitai::fuzz_entry::flight_telemetry` under libFuzzer.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| orbitai::fuzz_entry::flight_telemetry(data));
