"""The exceptions of orbitai: every error names the file, line and field."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem of a scenario or sweep.

    ``line`` and ``column`` (1-based) place it in the file; they are
    ``None`` for a scenario given as a dict, which has no lines. ``path``
    is the field path (``spacecraft[0].craft.photodiodes.diodes[2].noise_sigma``),
    empty for a problem of the whole document.
    """

    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column}"
        return f"{where}: {self.path + ': ' if self.path else ''}{self.message}"


class OrbitaiError(Exception):
    """An orbitai job failed (a file that cannot be read or written, an
    option out of range, a simulation that cannot go on)."""


class ScenarioError(OrbitaiError, ValueError):
    """A scenario or sweep has problems; ``problems`` lists every one."""

    def __init__(self, message: str, problems: list[tuple] | None = None):
        super().__init__(message)
        self.problems: list[Problem] = [Problem(*p) for p in problems or []]


class LearnerError(OrbitaiError):
    """A learner of yours raised an exception in the loop; the simulation
    stopped. The learner's own exception is the ``__cause__``."""
