"""Shared fixtures: the repository root, the `orbitai` command (to compare
the Python front with it), the flight data, a tree reader."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLIGHT = ROOT.parent / "shared" / "opssat-flight"


@pytest.fixture(autouse=True)
def _at_root(monkeypatch):
    """Every test runs from the repository root, as the README's commands."""
    monkeypatch.chdir(ROOT)


@pytest.fixture(scope="session")
def cli() -> Path:
    """The `orbitai` command: $ORBITAI_BIN, else built with cargo."""
    given = os.environ.get("ORBITAI_BIN")
    if given:
        return Path(given)
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--bin", "orbitai"], cwd=ROOT, check=True
    )
    return ROOT / "target" / "release" / "orbitai"


@pytest.fixture
def flight() -> Path:
    if not FLIGHT.is_dir():
        pytest.skip(f"skipped: {FLIGHT} is absent (the OPS-SAT flight files)")
    return FLIGHT


def tree(dir: Path) -> dict[str, bytes]:
    """Every file under `dir` (relative path -> bytes), summary.json without
    its wall-time fields (the only bytes that differ between two runs)."""
    files = {}
    for path in sorted(dir.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "summary.json":
            data = b"\n".join(
                line
                for line in data.split(b"\n")
                if b'"wall_time_s"' not in line and b'"ticks_per_second"' not in line
            )
        files[str(path.relative_to(dir))] = data
    return files
