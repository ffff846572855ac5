"""Typed stubs of the native module ``orbitai._orbitai`` (PyO3). Use the
``orbitai`` package, which wraps these in DataFrames and dicts."""

from os import PathLike
from pathlib import Path
from typing import Any, Callable, Literal, TypedDict

__version__: str

#: ``(name, done, total, unit, finished)``; ``unit`` is ``"ticks"`` or ``"members"``.
Task = tuple[str, int, int, Literal["ticks", "members"], bool]
ProgressCallback = Callable[[list[Task], list[str]], None]
#: ``"path"`` (a RON file), ``"json"`` (a scenario dict as JSON) or ``"default"``.
SourceKind = Literal["path", "json", "default"]

class NativeRun:
    """The results of :func:`run`, kept in Rust."""

    @property
    def name(self) -> str: ...
    @property
    def origin(self) -> str: ...
    @property
    def scenario_text(self) -> str: ...
    @property
    def wall_s(self) -> float:
        """Wall time of the simulation, s."""
    @property
    def ticks(self) -> int: ...
    @property
    def dir(self) -> Path | None: ...
    @property
    def files(self) -> list[Path]: ...
    def headline(self) -> str: ...
    def experiments(self) -> list[str]: ...
    def telemetry(self, index: int) -> list[tuple[str, str]]:
        """(run name, flight-layout CSV text) of experiment ``index``."""
    def training(self, index: int) -> str:
        """The training log (flight layout, no header)."""
    def metrics(self, index: int) -> list[tuple[str, str]]:
        """(file name, CSV text) of the metrics files."""
    def models(self, index: int) -> list[tuple[str, str]]:
        """(model name, model file JSON) of the set's models."""
    def summary(self) -> str:
        """``summary.json``'s text."""
    def learners(self) -> list[tuple[str, str | None, Any]]:
        """(model label, experiment, object) of the learners."""

def run(
    kind: SourceKind,
    source_text: str,
    base: str | PathLike[str],
    out: str | PathLike[str] | None = None,
    threads: int | None = None,
    max_duration_s: float | None = None,
    learners: list[tuple[str, str, str | None, Any]] = ...,
    progress: ProgressCallback | None = None,
    force: bool = False,
) -> NativeRun:
    """Runs one scenario; ``learners`` are (name, space JSON, experiment, object)."""

def check(kind: SourceKind, source_text: str, base: str | PathLike[str]) -> tuple[Literal["scenario", "sweep"], str]:
    """(what, JSON): the scenario with defaults filled in, or a sweep's summary."""

def propagate(tle: str, start: str, duration_s: float, step_s: float, select: str | None = None) -> str:
    """CSV text of the orbit (km, km/s, TEME), Sun and illumination."""

def feature_names(space_json: str) -> list[str]: ...

def sweep(
    kind: Literal["path", "json"],
    source_text: str,
    base: str | PathLike[str],
    out: str | PathLike[str] | None = None,
    threads: int | None = None,
    resume: bool = False,
    shard: str | None = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
) -> tuple[str, Path, int, int, int, float]:
    """(headline, out, ran, failed, already done, wall s)."""

class ReplayTexts(TypedDict):
    headline: str
    runs: list[tuple[str, str, Path, int, int]]
    agreements: list[tuple[str, int, int, int]]
    models: list[tuple[str, str]]
    metrics: list[tuple[str, str]]
    notes: list[str]
    out: Path | None

def replay(
    dir: str | PathLike[str],
    profile: Literal["flight", "paper"] = "flight",
    campaign_split: Literal["auto", "none"] = "auto",
    out: str | PathLike[str] | None = None,
) -> ReplayTexts: ...

def baseline(
    sources: list[str], out: str, max_duration_s: float | None = None, threads: int | None = None
) -> list[Path]: ...

class RegressTexts(TypedDict):
    status: Literal["passed", "regressed", "failed"]
    table: str
    junit: str
    changes: list[tuple[str, str, str, str, str, str, str, bool]]
    errors: list[tuple[str, str]]

def regress(
    dir: str, tolerances: list[str] = ..., update: bool = False, threads: int | None = None
) -> RegressTexts: ...
