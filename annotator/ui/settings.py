"""Window layout, last project and last story, in an INI file under the config dir.

QSettings writes through a temporary file and renames it, so a crash never
leaves a half-written settings file. Preferences and window state stay apart
from the project: the project file holds only annotation work.
"""

from __future__ import annotations

from pathlib import Path

from annotator.paths import config_dir

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QMainWindow

__all__ = ["Settings"]


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or config_dir() / "settings.ini"
        self.q = QSettings(str(self.path), QSettings.Format.IniFormat)

    def restore_window(self, window: QMainWindow) -> None:
        geometry = self.q.value("window/geometry")
        state = self.q.value("window/state")
        if geometry is not None:
            window.restoreGeometry(geometry)
        if state is not None:
            window.restoreState(state)

    def save_window(self, window: QMainWindow) -> None:
        self.q.setValue("window/geometry", window.saveGeometry())
        self.q.setValue("window/state", window.saveState())
        self.q.sync()

    def last_project(self) -> Path | None:
        value = self.q.value("project/last")
        return Path(str(value)) if value else None

    def set_last_project(self, path: Path) -> None:
        self.q.setValue("project/last", str(path))
        self.q.sync()

    def last_story(self, project: Path) -> str | None:
        value = self.q.value(f"stories/{_key(project)}")
        return str(value) if value else None

    def set_last_story(self, project: Path, doc_id: str) -> None:
        self.q.setValue(f"stories/{_key(project)}", doc_id)

    def annotator(self) -> str | None:
        value = self.q.value("annotator/name")
        return str(value) if value else None

    def set_annotator(self, name: str) -> None:
        self.q.setValue("annotator/name", name)
        self.q.sync()


def _key(project: Path) -> str:
    import hashlib

    return hashlib.sha1(str(Path(project).resolve()).encode()).hexdigest()[:12]
