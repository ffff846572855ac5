"""Progress bars for long jobs: tqdm when it is installed, else nothing."""

from __future__ import annotations

from typing import Callable

ProgressCallback = Callable[[list[tuple[str, int, int, str, bool]], list[str]], None]


def progress_callback(progress: bool | ProgressCallback) -> ProgressCallback | None:
    """The callback the native jobs report to every 0.1 s, from
    ``progress``: True (tqdm bars when tqdm is installed), False (none), or
    your own ``callback(tasks, notes)`` where each task is ``(name, done,
    total, unit, finished)`` and ``notes`` are remarks since the last call."""
    if callable(progress):
        return progress
    if not progress:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:
        return None
    return _TqdmBars(tqdm)


class _TqdmBars:
    """One tqdm bar per task, closed when the task finishes."""

    def __init__(self, tqdm):
        self._tqdm = tqdm
        self._bars: dict[str, object] = {}

    def __call__(self, tasks, notes) -> None:
        for note in notes:
            self._tqdm.write(note)
        for name, done, total, unit, finished in tasks:
            if name not in self._bars:
                if finished:
                    # Done before the first look (a job under 0.1 s): no bar.
                    self._bars[name] = None
                    continue
                self._bars[name] = self._tqdm(
                    total=total, desc=name, unit=" " + unit, leave=False
                )
            bar = self._bars[name]
            if bar is None:
                continue
            if done > bar.n:
                bar.update(done - bar.n)
            if finished:
                bar.close()
                self._bars[name] = None
