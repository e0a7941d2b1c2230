"""Helper process for the kill -9 test: open the real window, tag with a keystroke, wait.

Usage: python tag_and_wait.py PROJECT DOC_ID START END
Prints TAGGED <span id> once the window shows the span, then idles until killed.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from annotator.store import open_project  # noqa: E402

from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from annotator.ui.main_window import MainWindow  # noqa: E402
from annotator.ui.settings import Settings  # noqa: E402


def main() -> None:
    project, doc_id, start, end = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    app = QApplication([])
    window = MainWindow(open_project(project), annotator="crash", settings=Settings())
    window.show()
    window.set_story(doc_id)
    window.activateWindow()
    window.view.setFocus()

    def tag() -> None:
        window.view.select_cp(start, end)
        QTest.keyClick(window.view, Qt.Key.Key_1)
        shown = [s.id for s in window.view.index.spans.values()]
        print("TAGGED", shown[-1] if shown else "-", flush=True)

    QTimer.singleShot(200, tag)  # let the window become active, as a user's would
    app.exec()


if __name__ == "__main__":
    main()
