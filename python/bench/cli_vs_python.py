"""Wall time of the bundled default scenario: `orbitai run` (the command,
a whole process) against `orbitai.run()` in Python (the call, in a
process that has imported orbitai), both writing every output file.
Alternates the two, N times each, and prints the medians.

    python python/bench/cli_vs_python.py [N] [path/to/orbitai]
"""

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import orbitai

ROOT = Path(__file__).resolve().parents[2]
n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
cli = sys.argv[2] if len(sys.argv) > 2 else str(ROOT / "target/release/orbitai")

cli_s, py_s, py_frames_s = [], [], []
with tempfile.TemporaryDirectory() as tmp:
    for k in range(n):
        out = Path(tmp) / f"cli-{k}"
        t = time.perf_counter()
        subprocess.run([cli, "run", "--quiet", "--out", out], check=True, stdout=subprocess.DEVNULL)
        cli_s.append(time.perf_counter() - t)
        out = Path(tmp) / f"py-{k}"
        t = time.perf_counter()
        result = orbitai.run(out=out, progress=False)
        py_s.append(time.perf_counter() - t)
        result.metrics_grid, result.progressive, result.telemetry, result.training
        py_frames_s.append(time.perf_counter() - t)

cli_m, py_m, frames_m = (statistics.median(x) for x in (cli_s, py_s, py_frames_s))
print(f"default scenario, {n} runs each, median wall time:")
print(f"  orbitai run --out (command):            {cli_m * 1000:7.1f} ms")
print(f"  orbitai.run(out=...) (Python call):     {py_m * 1000:7.1f} ms  ({(py_m / cli_m - 1) * 100:+.1f} %)")
print(f"  ... and its DataFrames built:           {frames_m * 1000:7.1f} ms  ({(frames_m / cli_m - 1) * 100:+.1f} %)")
