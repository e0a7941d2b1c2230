"""Progress and cancellation for long work, without knowing who is watching."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


class Cancelled(Exception):
    """The user pressed Cancel; the work in progress was rolled back."""


@dataclass
class Progress:
    """Calls ``report(done, total, label)``; ``cancelled()`` is polled between items."""

    report: Callable[[int, int, str], None] | None = None
    cancelled: Callable[[], bool] | None = None

    def step(self, done: int, total: int, label: str = "") -> None:
        if self.cancelled is not None and self.cancelled():
            raise Cancelled()
        if self.report is not None:
            self.report(done, total, label)


SILENT = Progress()
