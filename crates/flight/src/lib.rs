//! OPS-SAT flight files: readers of the telemetry (`data_*.csv`) and
//! training logs (`training_mochi-*.csv`), run reconstruction and replay.
