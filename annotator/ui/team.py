"""The team folder in the window: publish my layer after my edits, receive my teammates'
as their files change, and show who is in the team and how far each is.

``TeamSync`` is given what it works with (the project's path, who I am, the panel, and
what to call when teammates' work arrived) and does its work off the GUI thread, each
job on its own connection: receiving 100,000 spans never freezes the window. The
folder is watched with QFileSystemWatcher (inotify and the like) and also polled, since
network drives and some sync tools change files without telling the watcher; a poll
costs one directory listing and a stat per layer file.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from annotator.workflows.project import Project
from annotator.workflows.project_files import ProjectError
from annotator.workflows.team_sync import SyncReport, TeamError, Teammate

from PySide6.QtCore import QFileSystemWatcher, QObject, QRunnable, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["TeamSync", "TeamPanel"]

PUBLISH_DELAY_MS = 1000  # after my last edit: a burst of tagging publishes once
RECEIVE_DELAY_MS = 300  # after the folder changed: a sync tool writes in several steps
POLL_MS = 3000
AGREEMENT_EVERY_S = 20.0  # agreement reads every story of two layers: not after every arrival


class _Signals(QObject):
    finished = Signal(object, str)  # result, error ("" when fine)


class _Job(QRunnable):
    """Open a Project of this thread's own, run ``fn(project)``, report on the GUI thread."""

    def __init__(self, path: Path, annotator: str, fn: Callable[[Project], Any]) -> None:
        super().__init__()
        self.path = path
        self.annotator = annotator
        self.fn = fn
        self.signals = _Signals()

    @Slot()
    def run(self) -> None:
        try:
            with Project.open(self.path, annotator=self.annotator) as project:
                result = self.fn(project)
        except (TeamError, ProjectError, OSError) as exc:
            self.signals.finished.emit(None, str(exc))
        except Exception as exc:  # shown in the panel, never a traceback
            self.signals.finished.emit(None, f"Unexpected error: {exc}")
        else:
            self.signals.finished.emit(result, "")


class TeamPanel(QWidget):
    """Who is in the team: last published, stories done, spans, agreement with me."""

    sync_requested = Signal()
    choose_requested = Signal()

    COLUMNS = ("Annotator", "Published", "Done", "Spans", "Agreement")

    def __init__(self) -> None:
        super().__init__()
        self.summary = QLabel("No team folder. File > Team folder… joins one.")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels(self.COLUMNS)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)  # figures get their width
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # the name takes the rest
        self.status = QLabel()
        self.status.setWordWrap(True)
        sync = QPushButton("Sync now")
        sync.clicked.connect(self.sync_requested)
        choose = QPushButton("Folder…")
        choose.clicked.connect(self.choose_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(sync)
        buttons.addWidget(choose)
        buttons.addStretch(1)
        col = QVBoxLayout(self)
        col.addWidget(self.summary)
        col.addWidget(self.table, 1)
        col.addWidget(self.status)
        col.addLayout(buttons)

    def show_team(self, folder: Path | None, me: str, mates: list[Teammate]) -> None:
        if folder is None:
            self.summary.setText("No team folder. File > Team folder… joins one.")
        else:
            self.summary.setText(f"Team folder {folder}\nYou publish as {me}.")
        self.table.setRowCount(len(mates))
        today = datetime.now(UTC).strftime("%Y-%m-%d")
        for row, m in enumerate(mates):
            agreement = "—" if m.agreement is None else f"{m.agreement:.2f}"
            cells = (
                m.annotator,
                m.problem or _short_time(m.published, today),
                "" if m.problem else f"{m.done}/{m.stories}",
                "" if m.problem else str(m.spans),
                agreement,
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(
                    f"{m.annotator}: published {m.published or 'not yet'}, received {m.received or 'not yet'}; "
                    f"{m.done} of {m.stories} stories done, {m.spans} spans"
                )
                self.table.setItem(row, col, item)

    def show_status(self, text: str) -> None:
        self.status.setText(text)


def _short_time(iso: str, today: str) -> str:
    """ "14:05" for today (UTC, as published), the date otherwise; the tooltip has it all."""
    if not iso:
        return ""
    day, _, clock = iso.partition("T")
    return clock[:5] if day == today else day


class TeamSync(QObject):
    """Publishing and receiving for one window; does nothing until a folder is joined."""

    def __init__(
        self,
        panel: TeamPanel,
        *,
        project: Callable[[], Project],
        arrived: Callable[[SyncReport], None],
        wrote: Callable[[], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.panel = panel
        self.project = project  # the window's: read on the GUI thread; jobs open their own
        self.arrived = arrived
        self.wrote = wrote  # the job committed to the project: not an outside change
        self.folder: Path | None = None
        self._busy = False
        self._agreed_at = -AGREEMENT_EVERY_S
        self._unmeasured: set[str] = set()  # teammates whose layer changed since agreement was measured
        self._job: _Job | None = None
        self._pending: set[str] = set()  # "publish" / "receive" asked for while busy
        self._fingerprint: tuple[Any, ...] = ()
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)  # one job at a time: publish and receive never race
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self._receive_soon.start())
        self._watcher.fileChanged.connect(lambda _path: self._receive_soon.start())
        self._publish_soon = _single_shot(self, PUBLISH_DELAY_MS, lambda: self._want("publish"))
        self._receive_soon = _single_shot(self, RECEIVE_DELAY_MS, lambda: self._want("receive"))
        self._agreement_soon = _single_shot(self, 0, lambda: self._unmeasured and self._want("agreement"))
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._poll_folder)
        panel.sync_requested.connect(self.sync_now)

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        """Follow the project's team folder (if it has one): receive now, then keep up."""
        self.stop()
        self.folder = self.project().team_folder()
        self.refresh_panel()
        if self.folder is None:
            return
        layers = self.folder / "layers"
        for path in (layers, self.folder / "stories"):
            if path.is_dir():
                self._watcher.addPath(str(path))
        self._fingerprint = self._folder_fingerprint()
        self._poll.start()
        self.sync_now()

    def stop(self) -> None:
        self._poll.stop()
        self._publish_soon.stop()
        self._receive_soon.stop()
        self._agreement_soon.stop()
        watched = self._watcher.directories() + self._watcher.files()
        if watched:
            self._watcher.removePaths(watched)
        self.folder = None

    def close(self) -> None:
        """The window is closing: finish the running job, publish edits still waiting for
        their debounce (so the last ones reach the team), then stop."""
        folder, pending = self.folder, self._publish_soon.isActive() or "publish" in self._pending
        self.stop()
        self._pending.clear()
        self.wait_idle()
        if folder is not None and pending:
            try:
                self.project().publish_team()
            except (TeamError, ProjectError, OSError):
                pass  # published again at the next start

    # -- triggers ---------------------------------------------------------------------
    def my_layer_changed(self) -> None:
        """Called after each of my edits: publish once the burst is over."""
        if self.folder is not None:
            self._publish_soon.start()

    def sync_now(self) -> None:
        if self.folder is not None:
            self._want("receive")
            self._want("publish")

    def _poll_folder(self) -> None:
        fingerprint = self._folder_fingerprint()
        if fingerprint != self._fingerprint:
            self._fingerprint = fingerprint
            self._want("receive")

    def _folder_fingerprint(self) -> tuple[Any, ...]:
        if self.folder is None:
            return ()
        try:
            with os.scandir(self.folder / "layers") as entries:
                return tuple(sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in entries if e.is_file()))
        except OSError:
            return ("unreachable",)

    # -- jobs -------------------------------------------------------------------------
    def _want(self, what: str) -> None:
        self._pending.add(what)
        if not self._busy:
            self._next()

    def _next(self) -> None:
        if self.folder is None or not self._pending:
            return
        # Arrivals first, then my publishing; agreement only when nothing else waits.
        what = next(w for w in ("receive", "publish", "agreement") if w in self._pending)
        if what == "agreement" and time.monotonic() - self._agreed_at < AGREEMENT_EVERY_S:
            self._agreement_soon.start(int(1000 * AGREEMENT_EVERY_S))
            self._pending.discard(what)
            return
        self._pending.discard(what)
        mine = self.project()
        if what == "receive":

            def work(project: Project) -> Any:
                return project.receive_team()

        elif what == "agreement":
            mates = sorted(self._unmeasured)
            self._unmeasured.clear()
            self._agreed_at = time.monotonic()

            def work(project: Project) -> Any:
                return project.measure_team_agreement(mates)

        else:

            def work(project: Project) -> Any:
                return project.publish_team()

        job = _Job(mine.path, mine.annotator, work)
        job.setAutoDelete(False)  # kept until its result is delivered on the GUI thread
        job.signals.finished.connect(lambda result, error: self._done(what, result, error))
        self._busy = True
        self._job = job
        self._pool.start(job)

    def _done(self, what: str, result: Any, error: str) -> None:
        self._busy = False
        self._job = None
        if self.folder is None:  # stopped (window closing, project switched) while it ran
            return
        if not error:
            self.wrote()
        if error:
            self.panel.show_status(f"Team folder: {error}")
        elif what == "receive" and isinstance(result, SyncReport):
            problems = result.waiting + result.refused
            if result.received:
                self._unmeasured.update(result.senders)
                if self.panel.isVisible():
                    self._pending.add("agreement")
                self.arrived(result)
                self.panel.show_status("Received: " + "; ".join(result.received))
            elif problems:
                self.panel.show_status("; ".join(problems))
        elif what == "publish" and result:
            self.panel.show_status(f"Published {', '.join(result)}.")
        self.refresh_panel()
        self._next()

    def refresh_panel(self) -> None:
        project = self.project()
        self.panel.show_team(self.folder, project.annotator, project.teammates() if self.folder else [])

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """For tests and closing: let the running job finish."""
        return self._pool.waitForDone(msecs)


def _single_shot(parent: QObject, msecs: int, fn: Callable[[], None]) -> QTimer:
    timer = QTimer(parent)
    timer.setSingleShot(True)
    timer.setInterval(msecs)
    timer.timeout.connect(fn)
    return timer
