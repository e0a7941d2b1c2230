"""Ctrl+Shift+F: find text or a regular expression in every story of the project.

Results list the story and the words around each match; Enter on one opens the
story with the match selected. Searching reads the stories one by one, so a
large project is searched without holding every text at once.
"""

from __future__ import annotations

import re

from annotator.core.find import FindError, find_all

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["SearchAllDialog"]

CONTEXT = 40  # characters shown either side of a match
LIMIT = 2000  # matches listed; the count says when there are more


class SearchAllDialog(QDialog):
    open_requested = Signal(str, int, int)  # doc id, start, end (code points)

    def __init__(self, repo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.setWindowTitle("Search all stories")
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.query = QLineEdit()
        self.query.setPlaceholderText("text, or a regular expression; Enter searches")
        self.query.setClearButtonEnabled(True)
        self.query.returnPressed.connect(self.search)
        row.addWidget(self.query, 1)
        self.regex = QCheckBox("Regex")
        self.case = QCheckBox("Match case")
        self.words = QCheckBox("Whole words")
        for box in (self.regex, self.case, self.words):
            row.addWidget(box)
        layout.addLayout(row)
        self.count = QLabel("")
        layout.addWidget(self.count)
        self.results = QListWidget()
        self.results.itemActivated.connect(self._open)
        layout.addWidget(self.results, 1)
        self.resize(720, 480)

    def search(self) -> None:
        self.results.clear()
        query = self.query.text()
        if not query:
            self.count.setText("")
            return
        options = {"regex": self.regex.isChecked(), "case": self.case.isChecked(), "whole_word": self.words.isChecked()}
        total, stories = 0, 0
        try:
            for doc in self.repo.iter_documents():
                hits = find_all(doc.text, query, **options)
                if hits:
                    stories += 1
                for s, e in hits:
                    total += 1
                    if total <= LIMIT:
                        self._add(doc, s, e)
        except FindError as exc:
            self.count.setText(str(exc))
            return
        more = f" (first {LIMIT} listed)" if total > LIMIT else ""
        self.count.setText(f"{total} matches in {stories} stories{more}" if total else "No matches.")
        if self.results.count():
            self.results.setCurrentRow(0)
            self.results.setFocus()

    def _add(self, doc, s: int, e: int) -> None:
        # Paragraph breaks shown as ¶ so the context reads as one line.
        before = _one_line(doc.text[max(0, s - CONTEXT) : s])
        after = _one_line(doc.text[e : e + CONTEXT])
        item = QListWidgetItem(f"{doc.title}: …{before}[{doc.text[s:e]}]{after}…")
        item.setData(Qt.ItemDataRole.UserRole, (doc.id, s, e))
        self.results.addItem(item)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(*item.data(Qt.ItemDataRole.UserRole))


def _one_line(text: str) -> str:
    return re.sub(r"[ \t]*\n\s*", " ¶ ", text)
