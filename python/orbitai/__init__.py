"""orbitai-sim from Python: on-board learning experiments on spacecraft
(ESA OPS-SAT's OrbitAI), results as pandas DataFrames.

Units and frames throughout: km, km/s, seconds, radians, UTC; positions,
velocities and the Sun direction in TEME of date; quaternions scalar
first, rotating inertial vectors into the body frame.

>>> import orbitai
>>> run = orbitai.run("scenarios/tumbling.ron")          # doctest: +SKIP
>>> run.metrics_grid.query("algorithm == 'arow'")       # doctest: +SKIP

A scenario is a RON file or a dict in the same data model (structs as
dicts, enum variants as ``{"Variant": payload}`` or ``"Variant"``, an
option as its value or ``None``): :func:`check` gives any file as such a
dict, with every default filled in, to modify and run.

Every job runs with the GIL released; Ctrl-C stops it cleanly (nothing
half-written; a sweep keeps the members done, for ``resume=True``).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Union

import pandas as pd

from . import _orbitai
from ._errors import LearnerError, OrbitaiError, Problem, ScenarioError
from ._progress import ProgressCallback, progress_callback
from ._results import RegressResult, ReplayResult, RunResult, SweepResult

__version__: str = _orbitai.__version__

__all__ = [
    "Learner",
    "RegressResult",
    "LearnerError",
    "OrbitaiError",
    "Problem",
    "ReplayResult",
    "RunResult",
    "ScenarioError",
    "SweepResult",
    "check",
    "feature_names",
    "baseline",
    "propagate",
    "regress",
    "replay",
    "run",
    "sweep",
]

#: A scenario: a RON file's path, a dict in the scenario data model, or
#: ``None`` for the bundled default (OPS-SAT, April 2021).
ScenarioLike = Union[str, "os.PathLike[str]", Mapping[str, Any], None]


@dataclass
class Learner:
    """A learner of your own, trained in the loop beside the flight models.

    ``model`` has river's interface: ``predict_one(x) -> label`` and
    ``learn_one(x, y)``. It is fed every sample the experiment's models
    are, predicts before it learns (progressive validation), and is scored
    by the same metrics, in the same tables and files.

    - ``x`` is a dict of the features of ``space`` (``"1D"``, ``"2D"``,
      ``"3D"``: ``pd6``, ``pd6^2``, ``pd6^3``, PD6 being the Sun's elevation
      above the camera face in rad; ``"5D"``: ``pd1``..``pd5``; or a custom
      space ``{"name": ..., "features": [{"name": ..., "expr": ...}]}``),
      computed exactly as for the flight models of that space.
    - ``y`` is ``True`` when the camera may be ON (PD6 at most 60°),
      ``False`` otherwise. A prediction of ``None`` (river's "not yet")
      counts as OFF, as an untrained flight model predicts.
    - ``name`` names its rows (``algorithm`` column) and its key in
      :attr:`RunResult.learners` (``<name>_<space>``): 1-64 characters of
      ``A-Z a-z 0-9 _ -``.
    - ``experiment``: the experiment it joins (``None``: the only one).

    A ``Train`` run after the first restarts the learner with
    ``model.clone()`` (river's fresh copy) when it has one; inference runs
    only predict.
    """

    model: Any
    name: str
    space: Union[str, Mapping[str, Any]] = "3D"
    experiment: str | None = None


def _json(value: Any) -> str:
    """``value`` as JSON; numpy scalars and arrays as numbers and lists."""

    def plain(v):
        if hasattr(v, "tolist"):
            return v.tolist()
        if hasattr(v, "item"):
            return v.item()
        if isinstance(v, os.PathLike):
            return os.fspath(v)
        raise TypeError(f"{type(v).__name__} is not part of the scenario data model")

    try:
        return json.dumps(value, default=plain, allow_nan=False)
    except ValueError as e:
        raise ScenarioError(f"<scenario dict>: {e} (no field takes NaN or infinity)") from None


def _source(scenario: ScenarioLike, base) -> tuple[str, str, str]:
    """(kind, text, base) of a scenario for the native module."""
    if scenario is None:
        return "default", "", "."
    if isinstance(scenario, Mapping):
        return "json", _json(dict(scenario)), os.fspath(base or ".")
    if isinstance(scenario, (str, os.PathLike)):
        return "path", os.fspath(scenario), ""
    raise TypeError(
        f"a scenario is a path, a dict or None, not {type(scenario).__name__}"
    )


def check(scenario: ScenarioLike, *, base: str | os.PathLike | None = None) -> dict:
    """Reads, validates and resolves a scenario (or sweep file) without
    running it.

    Returns the scenario as a dict with every default filled in (the data
    model :func:`run` takes), or for a sweep file ``{"sweep": {name,
    members, cells, jobs}, "base": <its base scenario>}``. Raises
    :class:`ScenarioError`, whose ``problems`` list every problem with its
    file, line, column and field path. ``base`` is the directory relative
    paths of a dict start from (default: the working directory).
    """
    kind, text, base = _source(scenario, base)
    what, found = _orbitai.check(kind, text, base)
    found = json.loads(found)
    if what == "sweep":
        return {"sweep": {k: found[k] for k in ("name", "members", "cells", "jobs")}, "base": found["base"]}
    return found


def _learners(learners: Iterable[Learner] | Mapping[str, Any] | None) -> list[tuple]:
    if learners is None:
        return []
    if isinstance(learners, Mapping):
        learners = [Learner(model, name) for name, model in learners.items()]
    specs = []
    for learner in learners:
        if not isinstance(learner, Learner):
            raise TypeError(f"learners: expected orbitai.Learner, got {type(learner).__name__}")
        for method in ("predict_one", "learn_one"):
            if not callable(getattr(learner.model, method, None)):
                raise TypeError(f"learner {learner.name!r}: the model has no {method}()")
        specs.append((learner.name, json.dumps(learner.space), learner.experiment, learner.model))
    return specs


def run(
    scenario: ScenarioLike = None,
    out: str | os.PathLike | None = None,
    threads: int | None = None,
    progress: bool | ProgressCallback = True,
    *,
    learners: Iterable[Learner] | Mapping[str, Any] | None = None,
    max_duration_s: float | None = None,
    base: str | os.PathLike | None = None,
    force: bool = False,
) -> RunResult:
    """Runs one scenario: a RON file, a dict in the same data model, or
    ``None`` for the bundled default (OPS-SAT, April 2021).

    - ``out``: write the outputs under ``out/<scenario name>/`` exactly as
      ``orbitai run --out`` does (default: write nothing).
    - ``threads``: worker threads (default: all cores); results do not
      depend on it.
    - ``progress``: a tqdm bar (when tqdm is installed), ``False``, or a
      callback (see :func:`orbitai._progress.progress_callback`).
    - ``learners``: your own models in the loop (:class:`Learner`, or a
      dict name → model in the 3D space).
    - ``max_duration_s``: stop after this many simulated seconds.
    - ``base``: where relative paths of a dict scenario start.
    - ``force``: run even when the estimated cost (ticks, memory, disk)
      is over this machine's budget; otherwise such a scenario (a decade
      at 1 ms, a recording that fills the disk) raises
      :class:`OrbitaiError` with the estimate before anything runs.

    Raises :class:`ScenarioError` (with ``problems``), :class:`LearnerError`
    or :class:`OrbitaiError`; ``KeyboardInterrupt`` on Ctrl-C, with nothing
    written.
    """
    kind, text, base = _source(scenario, base)
    native = _orbitai.run(
        kind,
        text,
        base,
        out=None if out is None else os.fspath(out),
        threads=threads,
        max_duration_s=max_duration_s,
        learners=_learners(learners),
        progress=progress_callback(progress),
        force=force,
    )
    return RunResult(native)


def sweep(
    sweep: str | os.PathLike | Mapping[str, Any],
    out: str | os.PathLike | None = None,
    threads: int | None = None,
    resume: bool = False,
    shard: tuple[int, int] | str | None = None,
    progress: bool | ProgressCallback = True,
    *,
    base: str | os.PathLike | None = None,
    force: bool = False,
) -> SweepResult:
    """Runs a sweep into ``out`` (default ``out/<sweep name>``) as
    ``orbitai sweep`` does: members, aggregates, plots, report.

    ``sweep`` is a sweep file, or a dict of the same fields: ``{"name":
    "noise", "base": "tumbling.ron", "members": 20, "dispersions":
    [{"path": "start", "dist": {"Uniform": [0.0, 600.0]}, "apply":
    "Add"}], "grid": [{"path": "...noise_sigma", "values": [0.0, 0.02]}]}``
    (distributions as ``{"Variant": parameters}`` or ``"UniformRotation"``);
    a dict's ``base`` file is found from ``base`` (default: the working
    directory). ``resume`` continues an interrupted sweep; ``shard=(k, n)``
    (or ``"k/n"``) runs only the members ``job % n == k`` (combine the
    shards with ``orbitai merge``). Raises :class:`ScenarioError` for a
    sweep with problems; on Ctrl-C the members done stay for
    ``resume=True``. A sweep whose estimated cost is over this machine's
    budget (10⁹ members, a grid whose product explodes) raises
    :class:`OrbitaiError` with the estimate unless ``force=True``.
    """
    if isinstance(shard, tuple):
        shard = f"{shard[0]}/{shard[1]}"
    if sweep is None:
        raise TypeError("a sweep is a path or a dict")
    kind, text, base = _source(sweep, base)
    headline, out, ran, failed, done, wall_s = _orbitai.sweep(
        kind,
        text,
        base,
        out=None if out is None else os.fspath(out),
        threads=threads,
        resume=resume,
        shard=shard,
        progress=progress_callback(progress),
        force=force,
    )
    return SweepResult(headline, out, ran, failed, done, wall_s)


def replay(
    dir: str | os.PathLike,
    profile: str = "flight",
    *,
    campaign_split: str = "auto",
    out: str | os.PathLike | None = None,
) -> ReplayResult:
    """Replays OPS-SAT flight files (training logs and/or telemetry) in
    ``dir`` through the OrbitAI model set, as ``orbitai replay`` does.

    ``profile``: ``"flight"`` (bit-exact with the spacecraft) or
    ``"paper"`` (the published algorithms); ``campaign_split``: ``"auto"``
    (cumulative logs de-duplicated) or ``"none"``; ``out``: also write the
    models and metrics there.
    """
    texts = _orbitai.replay(
        os.fspath(dir),
        profile=profile,
        campaign_split=campaign_split,
        out=None if out is None else os.fspath(out),
    )
    return ReplayResult(texts)


def propagate(
    tle: str | os.PathLike,
    start: str,
    duration_s: float,
    step_s: float,
    *,
    select: str | None = None,
) -> pd.DataFrame:
    """The orbit of a TLE (SGP4, AFSPC mode) every ``step_s`` seconds over
    ``duration_s`` seconds from ``start`` (ISO 8601, UTC), with the Sun and
    the eclipse: one row per step, the columns of ``orbitai propagate``
    (time; position km and velocity km/s in TEME; Sun direction, TEME;
    illumination 0..1).

    ``tle`` is a file path or the text of a 2- or 3-line set; ``select``
    picks a set by name or NORAD id in a file that holds several.
    """
    if isinstance(tle, os.PathLike):
        tle = os.fspath(tle)
    text = _orbitai.propagate(tle, start, float(duration_s), float(step_s), select)
    import io

    return pd.read_csv(io.StringIO(text))


def feature_names(space: str | Mapping[str, Any] = "3D") -> list[str]:
    """The keys of the dicts a :class:`Learner` in ``space`` is given."""
    return _orbitai.feature_names(json.dumps(space))


def baseline(
    sources: Iterable[str | os.PathLike],
    out: str | os.PathLike,
    *,
    max_duration_s: float | None = None,
    threads: int | None = None,
) -> list[Path]:
    """Records regression baselines of scenario or sweep files into
    ``out`` (``<name>.baseline.json``, to commit), as ``orbitai baseline``
    does; returns the files written. ``max_duration_s`` cuts each scenario
    (not sweeps) to that many simulated seconds."""
    return _orbitai.baseline(
        [os.fspath(s) for s in sources], os.fspath(out), max_duration_s, threads
    )


def regress(
    dir: str | os.PathLike,
    tolerances: Iterable[str] | Mapping[str, float | str] = (),
    *,
    update: bool = False,
    threads: int | None = None,
) -> RegressResult:
    """Re-runs what the baselines in ``dir`` name and compares, as
    ``orbitai regress`` does. ``tolerances``: ``["grid_balanced_accuracy=0.01",
    "arow_3D.grid_f1=5%"]`` or ``{"grid_balanced_accuracy": 0.01}``.
    ``update`` rewrites the baselines. The result's ``status`` is
    ``"passed"``, ``"regressed"`` or ``"failed"``; ``changes`` is a
    DataFrame of what moved."""
    if isinstance(tolerances, Mapping):
        tolerances = [f"{k}={v}" for k, v in tolerances.items()]
    return RegressResult(
        _orbitai.regress(os.fspath(dir), list(tolerances), update, threads)
    )
