"""`annotator --smoke`: build the real main window offscreen, show it, close it."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

__all__ = ["smoke_window"]


def smoke_window(project: Path | None = None) -> int:
    from annotator.paths import resources_dir

    from PySide6.QtWidgets import QApplication

    from .app import open_window

    app = QApplication.instance()
    with tempfile.TemporaryDirectory() as tmp:
        path = project or Path(tmp) / "smoke.annotator"
        stories = [] if project else [resources_dir() / "stories" / "01-harbour-bridge-closure.txt"]
        window = open_window(path, [], annotator="smoke")
        if stories:
            window.project.import_stories(stories)  # its change event reloads the window
        window.show()
        app.processEvents()
        ok = window.isVisible() and (project is not None or len(window.story_model.rows) == 1)
        window.close()
        app.processEvents()
    print("window: ok" if ok else "window: FAILED", file=sys.stdout if ok else sys.stderr)
    return 0 if ok else 1
