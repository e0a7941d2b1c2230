"""Ctrl+F: find text or a regular expression in the story, count, step, tag all."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

__all__ = ["FindBar"]


class FindBar(QWidget):
    search_changed = Signal()
    next_requested = Signal()
    previous_requested = Signal()
    tag_all_requested = Signal(str)  # label
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(6, 2, 6, 2)
        row.addWidget(QLabel("Find:"))
        self.query = QLineEdit()
        self.query.setPlaceholderText("text, or a regular expression")
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self.search_changed)
        self.query.returnPressed.connect(self.next_requested)
        row.addWidget(self.query, 1)
        self.regex = QCheckBox("Regex")
        self.case = QCheckBox("Match case")
        self.words = QCheckBox("Whole words")
        for box in (self.regex, self.case, self.words):
            box.toggled.connect(self.search_changed)
            row.addWidget(box)
        self.count = QLabel("")
        row.addWidget(self.count)
        self.label = QComboBox()
        row.addWidget(self.label)
        tag = QPushButton("Tag all…")
        tag.setToolTip("Tag every match with the chosen label (you see the list first)")
        tag.clicked.connect(lambda: self.tag_all_requested.emit(self.label.currentText()))
        row.addWidget(tag)
        close = QPushButton("×")
        close.setFixedWidth(28)
        close.clicked.connect(self.close_bar)
        row.addWidget(close)

    def set_labels(self, names: tuple[str, ...]) -> None:
        self.label.clear()
        self.label.addItems(list(names))

    def options(self) -> dict[str, bool]:
        return {"regex": self.regex.isChecked(), "case": self.case.isChecked(), "whole_word": self.words.isChecked()}

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        if event.key() == Qt.Key.Key_Return and event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.previous_requested.emit()
            return
        super().keyPressEvent(event)

    def close_bar(self) -> None:
        self.hide()
        self.closed.emit()
