"""Progress for long runs: tqdm in notebooks when installed, a plain line otherwise, or your callback."""
from __future__ import annotations

import sys
from typing import Any, Callable, Optional, Union

ProgressArg = Union[bool, Callable[[int], Any], None]
"""``True`` (tqdm bar, or a stderr line without tqdm), a callable receiving the running total, or None/False."""


class Progress:
    """Counts units (bytes or records) and reports the running total."""

    def __init__(self, progress: ProgressArg, unit: str, desc: str) -> None:
        self.total = 0
        self._callback: Optional[Callable[[int], Any]] = None
        self._bar: Any = None
        self._line = False
        self._unit = unit
        self._desc = desc
        if callable(progress):
            self._callback = progress
        elif progress is True:
            try:
                from tqdm.auto import tqdm  # type: ignore[import-untyped]

                self._bar = tqdm(desc=desc, unit=unit, unit_scale=True, leave=False)
            except ImportError:
                self._line = True

    def update(self, n: int) -> None:
        if n <= 0:
            return
        self.total += n
        if self._callback is not None:
            self._callback(self.total)
        elif self._bar is not None:
            self._bar.update(n)
        elif self._line:
            sys.stderr.write(f"\r{self._desc}: {self.total:,} {self._unit}")
            sys.stderr.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()
        elif self._line:
            sys.stderr.write("\n")
            sys.stderr.flush()
