"""Who I am, in the window: the first-run prompt and Edit > Your name…

The name itself is kept by annotator.workflows.identity, which the CLI reads too.
The prompt never blocks tests, smoke runs or scripted starts: it is skipped on
the offscreen/minimal platforms and when ANNOTATOR_NO_PROMPT is set.
"""

from __future__ import annotations

import os

from annotator.workflows.identity import clean_name, save_name

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox

__all__ = ["ask_first_run_name", "interactive", "AnnotatorNameGestures"]

PROMPT = "Your name, as your spans will be filed (other annotators see it; annotator-cli uses it too):"


def interactive() -> bool:
    platform = (QGuiApplication.platformName() or os.environ.get("QT_QPA_PLATFORM", "")).lower()
    return platform not in ("offscreen", "minimal") and not os.environ.get("ANNOTATOR_NO_PROMPT")


def ask_first_run_name(suggested: str) -> str:
    """Ask once for the annotator name ("" when skipped or cancelled)."""
    if not interactive():
        return ""
    name, ok = QInputDialog.getText(None, "Welcome to annotator", PROMPT, QLineEdit.EchoMode.Normal, suggested)
    return clean_name(name) if ok else ""


class AnnotatorNameGestures:
    """Needs: self.project, self.session, self.repo, self._update_counts(), self.statusBar()."""

    def ask_annotator_name(self) -> None:
        name, ok = QInputDialog.getText(self, "Your name", PROMPT, QLineEdit.EchoMode.Normal, self.session.annotator)
        if ok:
            self.set_annotator_name(name)

    def set_annotator_name(self, name: str) -> None:
        try:
            name = save_name(name)
        except ValueError as exc:
            QMessageBox.warning(self, "Your name", str(exc))
            return
        except OSError as exc:
            QMessageBox.warning(self, "Your name", f"The name could not be saved for next time: {exc}")
            name = clean_name(name)
        self.project.set_annotator(name)  # the session files new spans under it; the project remembers it
        self._data_version = self.repo.data_version()  # our own write, not an outside change
        self._update_counts()
        self.statusBar().showMessage(f"You are now {name}; new spans are filed under that name.", 5000)
