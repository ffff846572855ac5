# Mirrors the README; nothing here is required (plain cargo works the same).

# Run the main job (the bundled default).
run *ARGS:
    cargo run --release -- run {{ARGS}}

# The test suite, as CI runs it.
test:
    cargo test --workspace

# Criterion benchmarks (HTML reports in target/criterion/).
bench *ARGS:
    cargo bench --workspace {{ARGS}}

# Lints as CI runs them.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Format the code.
fmt:
    cargo fmt --all

# Everything CI does.
ci:
    bash .ci/run
