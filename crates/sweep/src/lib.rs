//! Monte Carlo sweeps: execution, per-member results, statistics, plots,
//! report and merge.
