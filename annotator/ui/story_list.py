"""The story list: title, status and span count for every story in the project."""

from __future__ import annotations

from typing import Any

from annotator.core.model import Status
from annotator.workflows.project_files import DocumentSummary

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

__all__ = ["StoryListModel"]

_STATUS_MARK = {Status.NEW: "○", Status.IN_PROGRESS: "◐", Status.DONE: "●"}
_STATUS_COLOUR = {Status.NEW: "#888888", Status.IN_PROGRESS: "#d08a00", Status.DONE: "#2e8b57"}

Index = QModelIndex | QPersistentModelIndex


class StoryListModel(QAbstractTableModel):
    HEADERS = ("Story", "", "Spans")  # status as a mark (○ new, ◐ in progress, ● done): titles get the room

    def __init__(self, summaries: list[DocumentSummary] | None = None) -> None:
        super().__init__()
        self._take(summaries or [])

    def _take(self, summaries: list[DocumentSummary]) -> None:
        self.rows: list[DocumentSummary] = list(summaries)
        self._row_of = {s.id: i for i, s in enumerate(self.rows)}
        # Running totals for the status bar, kept by update(): summing 10,000 rows
        # on every story switch cost more than reading the story.
        self.done = sum(1 for s in self.rows if s.status == Status.DONE)
        self.span_total = sum(s.span_count for s in self.rows)

    def reset(self, summaries: list[DocumentSummary]) -> None:
        self.beginResetModel()
        self._take(summaries)
        self.endResetModel()

    def row_of(self, doc_id: str) -> int:
        return self._row_of.get(doc_id, -1)

    def summary(self, doc_id: str) -> DocumentSummary | None:
        row = self._row_of.get(doc_id, -1)
        return self.rows[row] if row >= 0 else None

    def update(self, summary: DocumentSummary) -> None:
        row = self.row_of(summary.id)
        if row < 0:
            return
        old = self.rows[row]
        self.done += (summary.status == Status.DONE) - (old.status == Status.DONE)
        self.span_total += summary.span_count - old.span_count
        self.rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def progress(self) -> tuple[int, int]:
        return self.done, len(self.rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole and orientation == Qt.Orientation.Horizontal and section == 1:
            return "Status: ○ new, ◐ in progress, ● done"
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.title, _STATUS_MARK.get(s.status, s.status), s.span_count)[col]
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and col == 1:
            return QColor(_STATUS_COLOUR.get(s.status, "#000000"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.title}\n{s.id} · {s.status} · {s.span_count} spans"
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        return None
