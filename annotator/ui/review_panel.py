"""Spans that need a person after their stories changed on disk.

Re-anchoring (workflows.reanchor) moves every span with its words; each entry
here is one it could not place with certainty: its label, its old text and what
it is on now (or "gone"), how sure, and the story. Selecting an entry opens it;
Enter accepts the placement, A puts the span on the text selected in the story
(adjust its bounds, or place an orphan again), Delete removes it.
"""

from __future__ import annotations

from annotator.workflows.span_review import how_sure

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QVBoxLayout, QWidget

__all__ = ["ReviewPanel", "entry_text"]


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def entry_text(r: dict) -> str:
    """Two lines: label and how sure; old text -> new text and the story."""
    new = "gone" if r.get("new_text") is None else f"“{_short(r['new_text'])}”"
    old = f"“{_short(r['old_text'])}”"
    change = f"{old} (unchanged)" if r.get("new_text") == r["old_text"] else f"{old} → {new}"
    sure = how_sure(r["status"], r["confidence"], r.get("reason", ""))
    return f"{r.get('label') or '?'} · {sure}\n{change} · {r['title']}"


class ReviewPanel(QWidget):
    open_requested = Signal(str, str)  # doc id, span id
    accept_requested = Signal(str)  # span id
    adjust_requested = Signal(str)  # span id
    delete_requested = Signal(str)  # span id
    check_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.summary = QLabel("No spans to review.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.items = QListWidget()
        self.items.setWordWrap(True)
        self.items.installEventFilter(self)  # the list would take A for a type-ahead search
        self.items.itemActivated.connect(self._open)
        self.items.currentItemChanged.connect(lambda item, _prev: item and self._open(item))
        layout.addWidget(self.items, 1)
        hint = QLabel("Enter accept · A adjust to the text selected in the story · Del delete")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        row = QHBoxLayout()
        buttons = (
            ("Accept", "Keep the span where it was placed", lambda: self._emit(self.accept_requested)),
            ("Adjust", "Put the span on the text selected in the story", lambda: self._emit(self.adjust_requested)),
            ("Delete", "Delete the span", lambda: self._emit(self.delete_requested)),
            ("Check story files…", "Compare every story with its file on disk", self.check_requested.emit),
        )
        for text, tip, slot in buttons:
            button = QPushButton(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row.addWidget(button)
        layout.addLayout(row)

    def set_reviews(self, reviews: list[dict]) -> None:
        current = self._current()
        self.items.blockSignals(True)
        self.items.clear()
        for r in reviews:
            item = QListWidgetItem(entry_text(r))
            item.setData(Qt.ItemDataRole.UserRole, (r["doc_id"], r["span_id"]))
            item.setToolTip(f"Was: {r['old_text']}\nNow: {r['new_text'] if r['new_text'] is not None else 'gone'}")
            self.items.addItem(item)
            if current and current[1] == r["span_id"]:
                self.items.setCurrentItem(item)
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

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if watched is self.items and kind in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            signal = {
                Qt.Key.Key_Return: self.accept_requested,
                Qt.Key.Key_Enter: self.accept_requested,
                Qt.Key.Key_A: self.adjust_requested,
                Qt.Key.Key_Delete: self.delete_requested,
                Qt.Key.Key_Backspace: self.delete_requested,
            }.get(event.key())
            if signal is not None and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                if kind == QEvent.Type.ShortcutOverride:
                    event.accept()  # the list's key, not the window's (A would tag ATTRIBUTION)
                    return True
                self._emit(signal)
                return True
        return super().eventFilter(watched, event)
