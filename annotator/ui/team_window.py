"""The team folder's place in the main window: its dock, File > Team folder…, and what
the window does when teammates' work arrives. Built from explicit collaborators (the
window's dock helper, the project and session getters), not mixed into the window."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from annotator.workflows.project import Project
from annotator.workflows.team_sync import SyncReport, TeamError

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMainWindow, QMessageBox

from .team import TeamPanel, TeamSync

__all__ = ["TeamDock"]


class TeamDock:
    def __init__(
        self,
        window: QMainWindow,
        *,
        dock: Callable[[str, Any, Qt.DockWidgetArea], QDockWidget],
        project: Callable[[], Project],
        absorb_own_write: Callable[[], None],
    ) -> None:
        self.window = window
        self.project = project
        self.absorb_own_write = absorb_own_write
        self.panel = TeamPanel()
        self.dock = dock("Team", self.panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.sync = TeamSync(
            self.panel,
            project=project,
            arrived=self._arrived,
            wrote=absorb_own_write,
            parent=window,
        )
        self.panel.choose_requested.connect(self.choose_folder)

    def start(self) -> None:
        self.sync.start()

    def choose_folder(self) -> None:
        current = self.sync.folder
        chosen = QFileDialog.getExistingDirectory(
            self.window, "Team folder: a folder every teammate can reach", str(current or Path.home())
        )
        if chosen:
            self.join(Path(chosen))

    def join(self, folder: Path) -> None:
        try:
            joined = self.project().join_team(folder)
        except TeamError as exc:
            QMessageBox.warning(self.window, "Team folder", str(exc))
            return
        self.absorb_own_write()
        self.dock.show()
        self.dock.raise_()
        self.window.statusBar().showMessage(f"Joined the team folder {joined}; publishing your layer.", 5000)
        self.sync.start()

    def _arrived(self, report: SyncReport) -> None:
        # Committed by the job's own Project: the window's re-reads what it changed.
        self.project().announce("team", "; ".join(report.received), report.doc_ids)
        names = ", ".join(report.senders)
        extra = f"; {report.new_stories} new stories" if report.new_stories else ""
        self.window.statusBar().showMessage(f"Teammates' work arrived from {names}{extra}.", 6000)
