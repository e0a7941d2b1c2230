"""Stories that changed on disk, and the spans that need a person after re-anchoring.

Re-anchoring (workflows.reanchor) moves every span with its words; what it
could not place with confidence is listed here: open it, look, then keep the
new placement (Enter) or delete the span (Delete).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

__all__ = ["ReviewPanel"]


class ReviewPanel(QWidget):
    open_requested = Signal(str, str)  # doc id, span id
    keep_requested = Signal(str)  # span id
    delete_requested = Signal(str)  # span id
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel("No spans to review.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.items = QListWidget()
        self.items.itemActivated.connect(self._open)
        self.items.currentItemChanged.connect(lambda item, _prev: item and self._open(item))
        layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        keep = QPushButton("Keep placement")
        keep.clicked.connect(lambda: self._emit(self.keep_requested))
        delete = QPushButton("Delete span")
        delete.clicked.connect(lambda: self._emit(self.delete_requested))
        check = QPushButton("Check story files…")
        check.setToolTip("Compare every story with its file on disk and re-anchor the ones that changed")
        check.clicked.connect(self.check_requested)
        for button in (keep, delete, check):
            row.addWidget(button)
        layout.addLayout(row)

    def set_reviews(self, reviews: list[dict]) -> None:
        self.items.blockSignals(True)
        self.items.clear()
        for r in reviews:
            item = QListWidgetItem(f"{r['status']} ({r['confidence']:.2f}) · {r['title']}: “{r['old_text'][:70]}”")
            item.setData(Qt.ItemDataRole.UserRole, (r["doc_id"], r["span_id"]))
            item.setToolTip(f"Was: {r['old_text']}")
            self.items.addItem(item)
        self.items.blockSignals(False)
        n = len(reviews)
        self.summary.setText(
            f"{n} span{'s' if n != 1 else ''} to review after their stories changed." if n else "No spans to review."
        )

    def _current(self) -> tuple[str, str] | None:
        item = self.items.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _open(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(*item.data(Qt.ItemDataRole.UserRole))

    def _emit(self, signal) -> None:
        current = self._current()
        if current:
            signal.emit(current[1])

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._emit(self.keep_requested)
        elif event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self._emit(self.delete_requested)
        else:
            super().keyPressEvent(event)
