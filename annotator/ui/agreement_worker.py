"""Agreement computed off the GUI thread, on its own read-only connection.

A busy project takes seconds; the window stays responsive, shows progress and
can cancel. The worker never touches the window's connection (SQLite
connections belong to one thread at a time).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from annotator.workflows.agreement import compute_agreement, gold_counts
from annotator.workflows.progress import Cancelled, Progress
from annotator.workflows.project_files import ProjectError, open_project

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

__all__ = ["AgreementJob"]

_RUNNING: set[AgreementJob] = set()  # jobs keep themselves alive until their thread ends


class _Worker(QObject):
    progressed = Signal(int, int)
    done = Signal(object)  # (ProjectAgreement, {doc id: gold spans})
    failed = Signal(str)  # message for the user ("" when cancelled)

    def __init__(self, path: Path, annotators: Sequence[str] | None, labels: Sequence[str] | None) -> None:
        super().__init__()
        self.path = path
        self.annotators = annotators
        self.labels = labels
        self.cancel_requested = False

    @Slot()
    def run(self) -> None:
        progress = Progress(
            report=lambda done, total, _label: self.progressed.emit(done, total),
            cancelled=lambda: self.cancel_requested,
        )
        try:
            with open_project(self.path, read_only=True) as repo:
                result = compute_agreement(repo, annotators=self.annotators, labels=self.labels, progress=progress)
                gold = gold_counts(repo, [s.doc_id for s in result.stories])
        except Cancelled:
            self.failed.emit("")
        except (ProjectError, OSError) as exc:
            self.failed.emit(str(exc))
        else:
            self.done.emit((result, gold))


class AgreementJob(QObject):
    """One background computation; connect to ``progressed``, ``done`` and ``failed``."""

    progressed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self, path: Path, *, annotators: Sequence[str] | None = None, labels: Sequence[str] | None = None
    ) -> None:
        super().__init__()
        self._thread = QThread()
        self._worker = _Worker(Path(path), annotators, labels)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.done.connect(self.done)
        self._worker.failed.connect(self.failed)
        # Direct: quit must not wait for the GUI thread's event loop, which may be blocked in wait().
        self._worker.done.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._worker.failed.connect(self._thread.quit, Qt.ConnectionType.DirectConnection)
        self._thread.finished.connect(self._finished)

    def start(self) -> None:
        _RUNNING.add(self)
        self._thread.start()

    def cancel(self) -> None:
        self._worker.cancel_requested = True

    def wait(self, msecs: int = 30_000) -> bool:
        return self._thread.wait(msecs)

    @property
    def running(self) -> bool:
        return self._thread.isRunning()

    def _finished(self) -> None:
        _RUNNING.discard(self)
