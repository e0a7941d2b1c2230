"""Helper process for the kill -9 test: tag an attribution, press E, type a source, no Tab.

Usage: python type_and_wait.py PROJECT DOC_ID START END SOURCE
Prints TYPED once the keystrokes are in the field (and a moment has passed, as after
a person's last keystroke), then idles until killed.
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
    project, doc_id, start, end, source = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
    app = QApplication([])
    window = MainWindow(open_project(project), annotator="crash", settings=Settings())
    window.show()
    window.set_story(doc_id)
    window.activateWindow()
    window.view.setFocus()

    def type_source() -> None:
        window.view.select_cp(start, end)
        QTest.keyClick(window.view, Qt.Key.Key_3)  # ATTRIBUTION
        QTest.keyClick(window.view, Qt.Key.Key_E)  # to its first field: source
        field = QApplication.focusWidget()
        QTest.keyClicks(field, source)
        QTimer.singleShot(300, lambda: print("TYPED", field.text(), flush=True))

    QTimer.singleShot(200, type_source)
    app.exec()


if __name__ == "__main__":
    main()
