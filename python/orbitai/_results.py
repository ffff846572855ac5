"""What the jobs return: DataFrames, dicts and the learners, built lazily
(on first access) from the very texts the output files hold, so that a
result and the files of the same run cannot disagree."""

from __future__ import annotations

import io
import json
from functools import cached_property
from pathlib import Path

import pandas as pd


def _frame(text: str, **read) -> pd.DataFrame:
    """A DataFrame from CSV text (pandas' C parser)."""
    return pd.read_csv(io.StringIO(text), **read)


def _tagged(frames: list[tuple[dict, pd.DataFrame]], columns: list[str]) -> pd.DataFrame:
    """Frames concatenated, each with its tag columns first."""
    parts = []
    for tags, frame in frames:
        frame = frame.copy()
        for i, (key, value) in enumerate(tags.items()):
            frame.insert(i, key, value)
        parts.append(frame)
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)


class RunResult:
    """The results of :func:`orbitai.run`.

    Tables (pandas DataFrames; each begins with an ``experiment`` column):

    - ``telemetry``: every run's flight-layout telemetry (``run``, then
      ``timestamp`` in Unix ms UTC and the pool parameters: PD1..PD6 Sun
      elevations in rad with their validity flags, the attitude quaternion
      q0..q3, scalar first, inertial (TEME) to body); values the app had not
      received are NaN (``x`` in the files). Empty when the scenario's
      ``outputs.logs`` is off.
    - ``training``: the training log (``timestamp`` ms, ``pd1``..``pd6``
      rad as trained on, ``label`` 1 = camera may be ON, then the flight
      layout's update time per model, ``update_ms_<model>``).
    - ``metrics_grid``: each model's ground-grid evaluation (158 PD6 values,
      spec §5): confusion counts and ratios.
    - ``progressive``: predict-then-train scores per run and overall (``run``
      = ``all``).
    - ``curve``: ground-grid balanced accuracy every ``curve_every``
      samples (empty unless the experiment sets it).

    ``summary`` is ``summary.json`` as a dict; ``models`` the final model
    files as dicts, keyed ``arow_3D`` (``<experiment>/arow_3D`` when the
    scenario has several experiments, as the files are laid out);
    ``learners`` your learners after the run, keyed the same way
    (``<name>_<space>``). Rows of your learners follow the set's models in
    every table, with their name in the ``algorithm`` column.
    """

    def __init__(self, native):
        self._native = native
        self._experiments: list[str] = native.experiments()

    def __repr__(self) -> str:
        return f"<RunResult {self.name!r}: {self.ticks} ticks in {self.wall_s:.3f} s>"

    def __str__(self) -> str:
        return self._native.headline()

    @property
    def name(self) -> str:
        """The scenario's name."""
        return self._native.name

    @property
    def wall_s(self) -> float:
        """Wall time of the simulation, s."""
        return self._native.wall_s

    @property
    def ticks(self) -> int:
        """Simulation ticks run."""
        return self._native.ticks

    @property
    def dir(self) -> Path | None:
        """The output directory (``None`` when nothing was written)."""
        return self._native.dir

    @property
    def files(self) -> list[Path]:
        """The files written, in order."""
        return self._native.files

    @property
    def scenario_text(self) -> str:
        """The scenario as RON text (as written next to the outputs)."""
        return self._native.scenario_text

    @property
    def experiments(self) -> list[str]:
        """The experiments' names, in scenario order."""
        return list(self._experiments)

    def _key(self, experiment: str, name: str) -> str:
        return name if len(self._experiments) == 1 else f"{experiment}/{name}"

    @cached_property
    def telemetry(self) -> pd.DataFrame:
        frames = [
            ({"experiment": e, "run": run}, _frame(text, na_values=["x"], keep_default_na=False))
            for i, e in enumerate(self._experiments)
            for run, text in self._native.telemetry(i)
        ]
        return _tagged(frames, ["experiment", "run", "timestamp"])

    @cached_property
    def training(self) -> pd.DataFrame:
        frames = []
        for i, e in enumerate(self._experiments):
            text = self._native.training(i)
            models = [name for name, _ in self._native.models(i)]
            names = (
                ["timestamp"]
                + [f"pd{k}" for k in range(1, 7)]
                + ["label"]
                + [f"update_ms_{m}" for m in models]
            )
            if text:
                frames.append(({"experiment": e}, _frame(text, header=None, names=names)))
        return _tagged(frames, ["experiment", "timestamp"])

    def _metrics(self, file: str) -> pd.DataFrame:
        frames = []
        for i, e in enumerate(self._experiments):
            texts = dict(self._native.metrics(i))
            if file in texts:
                frames.append(({"experiment": e}, _frame(texts[file], keep_default_na=False, na_values=[""])))
        return _tagged(frames, ["experiment", "algorithm", "dimension"])

    @cached_property
    def metrics_grid(self) -> pd.DataFrame:
        return self._metrics("metrics_grid.csv")

    @cached_property
    def progressive(self) -> pd.DataFrame:
        return self._metrics("metrics_progressive.csv")

    @cached_property
    def curve(self) -> pd.DataFrame:
        return self._metrics("metrics_curve.csv")

    @cached_property
    def summary(self) -> dict:
        return json.loads(self._native.summary())

    @cached_property
    def models(self) -> dict[str, dict]:
        return {
            self._key(e, name): json.loads(text)
            for i, e in enumerate(self._experiments)
            for name, text in self._native.models(i)
        }

    @cached_property
    def learners(self) -> dict[str, object]:
        only = self._experiments[0] if len(self._experiments) == 1 else None
        return {
            self._key(experiment or only, label): obj
            for label, experiment, obj in self._native.learners()
        }


class SweepResult:
    """The results of :func:`orbitai.sweep`: ``members`` (one row per
    member and model: grid values, draws, metrics) and ``aggregate`` (per
    cell and model: means, confidence intervals) as DataFrames, read from
    the output directory ``out`` (``members.csv``, ``aggregate.csv``)."""

    def __init__(self, headline: str, out, ran: int, failed: int, already_done: int, wall_s: float):
        self._headline = headline
        self.out = Path(out)
        self.ran = ran
        self.failed = failed
        self.already_done = already_done
        self.wall_s = wall_s

    def __repr__(self) -> str:
        return f"<SweepResult {str(self.out)!r}: {self.ran} ran, {self.failed} failed, {self.already_done} already done>"

    def __str__(self) -> str:
        return self._headline

    @cached_property
    def members(self) -> pd.DataFrame:
        return pd.read_csv(self.out / "members.csv", keep_default_na=False, na_values=[""])

    @cached_property
    def aggregate(self) -> pd.DataFrame:
        return pd.read_csv(self.out / "aggregate.csv", keep_default_na=False, na_values=[""])

    @cached_property
    def summary(self) -> dict:
        """``aggregate.json`` as a dict."""
        return json.loads((self.out / "aggregate.json").read_text())


class ReplayResult:
    """The results of :func:`orbitai.replay`: ``runs`` (each replayed run:
    name, source, file, campaign, samples), ``agreements`` (telemetry
    against training-log samples per run), ``metrics_grid`` and
    ``progressive`` DataFrames, ``models`` (final model files as dicts) and
    ``notes``."""

    def __init__(self, texts: dict):
        self._texts = texts
        self.notes: list[str] = texts["notes"]
        self.out: Path | None = texts["out"]

    def __repr__(self) -> str:
        return f"<ReplayResult: {len(self._texts['runs'])} runs>"

    def __str__(self) -> str:
        return self._texts["headline"]

    @cached_property
    def runs(self) -> pd.DataFrame:
        return pd.DataFrame(
            self._texts["runs"], columns=["run", "source", "file", "campaign", "samples"]
        )

    @cached_property
    def agreements(self) -> pd.DataFrame:
        return pd.DataFrame(
            self._texts["agreements"], columns=["run", "matched", "differing", "log_only"]
        )

    @cached_property
    def metrics_grid(self) -> pd.DataFrame:
        return _frame(dict(self._texts["metrics"])["metrics_grid.csv"], keep_default_na=False, na_values=[""])

    @cached_property
    def progressive(self) -> pd.DataFrame:
        return _frame(dict(self._texts["metrics"])["metrics_progressive.csv"], keep_default_na=False, na_values=[""])

    @cached_property
    def models(self) -> dict[str, dict]:
        return {name: json.loads(text) for name, text in self._texts["models"]}


class RegressResult:
    """The results of :func:`orbitai.regress`: ``status`` (``"passed"``,
    ``"regressed"``, ``"failed"``, as the command's exit code 0/1/2),
    ``changes`` (a DataFrame: baseline, check, item, baseline value, now,
    delta, tolerance, regressed), ``errors`` (baseline name → why its run
    failed), ``junit`` (the JUnit XML text); ``str()`` is the table the
    command prints."""

    def __init__(self, texts: dict):
        self._texts = texts
        self.status: str = texts["status"]
        self.errors: dict[str, str] = dict(texts["errors"])
        self.junit: str = texts["junit"]

    def __repr__(self) -> str:
        return f"<RegressResult {self.status}: {int(self.changes['regressed'].sum())} regressed row(s)>"

    def __str__(self) -> str:
        return self._texts["table"]

    def __bool__(self) -> bool:
        return self.status == "passed"

    @cached_property
    def changes(self) -> pd.DataFrame:
        return pd.DataFrame(
            self._texts["changes"],
            columns=["baseline", "check", "item", "was", "now", "delta", "tolerance", "regressed"],
        )
