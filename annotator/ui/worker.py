"""Long work (imports, exports) in a thread, with a progress dialog and Cancel.

The job gets its own project connection (SQLite connections stay on one
thread), a Progress that reports to the dialog and polls Cancel; the window
stays responsive and reloads when the job is done.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from annotator.workflows.progress import Cancelled, Progress

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from .errors import USER_ERRORS

__all__ = ["run_with_progress"]


class _Job(QObject):
    progressed = Signal(int, int, str)
    finished = Signal(object, str)  # result, error message ("" when fine)

    def __init__(self, fn: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.cancel_requested = False

    def run(self) -> None:
        progress = Progress(
            report=lambda d, t, label: self.progressed.emit(d, t, label), cancelled=lambda: self.cancel_requested
        )
        try:
            self.finished.emit(self.fn(progress), "")
        except Cancelled:
            self.finished.emit(None, "Cancelled; nothing from the unfinished file was kept.")
        except USER_ERRORS as exc:
            self.finished.emit(None, str(exc))
        except Exception as exc:  # shown to the user, never a traceback
            self.finished.emit(None, f"Unexpected error: {exc}")


class _Relay(QObject):
    """Lives on the GUI thread, so the job's signals reach the callbacks there (queued)."""

    def __init__(self, on_progress: Callable[[int, int, str], None], on_finished: Callable[[Any, str], None]) -> None:
        super().__init__()
        self._progress = on_progress
        self._finished = on_finished

    @Slot(int, int, str)
    def progress(self, done: int, total: int, label: str) -> None:
        self._progress(done, total, label)

    @Slot(object, str)
    def finished(self, result: Any, error: str) -> None:
        self._finished(result, error)


def run_with_progress(
    parent: QWidget, title: str, fn: Callable[[Progress], Any], done: Callable[[Any, str], None]
) -> None:
    """Run ``fn(progress)`` in a thread; call ``done(result, error)`` on the GUI thread."""
    dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
    dialog.setWindowTitle("annotator")
    dialog.setMinimumDuration(300)
    thread = QThread(parent)
    job = _Job(fn)
    job.moveToThread(thread)

    def on_progress(d: int, t: int, label: str) -> None:
        dialog.setMaximum(max(t, 0))
        dialog.setValue(min(d, t) if t else 0)
        dialog.setLabelText(f"{title}\n{label}" if label else title)

    def on_finished(result: Any, error: str) -> None:
        dialog.reset()
        thread.quit()
        thread.wait()
        job.deleteLater()
        thread.deleteLater()
        done(result, error)

    relay = _Relay(on_progress, on_finished)
    dialog.canceled.connect(lambda: setattr(job, "cancel_requested", True))
    job.progressed.connect(relay.progress)
    job.finished.connect(relay.finished)
    thread.started.connect(job.run)
    thread.start()
    parent._running_job = (thread, job, dialog, relay)  # keep them alive until done
