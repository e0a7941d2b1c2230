"""The spans of the open story: label, text, attributes, links, annotator."""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from annotator.core.model import Span

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from .span_labels import fragments_text

__all__ = ["SpanTableModel", "widen_for"]

Index = QModelIndex | QPersistentModelIndex


def _key(span: Span) -> tuple[int, int, str, str]:
    return (span.start, span.end, span.label, span.id)


class SpanTableModel(QAbstractTableModel):
    HEADERS = ("Label", "Text", "Attributes", "Links", "Annotator")

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[Span] = []
        self._keys: list[tuple[int, int, str, str]] = []
        self.colours: dict[str, str] = {}
        self.link_counts: dict[str, int] = {}
        self.text = ""  # the story's text: fragments read "objective … impartial"

    def reset(self, spans: list[Span], link_counts: dict[str, int]) -> None:
        # Each key made once, inline (no call, no properties): a long story's 50,000 rows
        # are tabled in one pass of the event loop, so this is the window's longest wait.
        keys = [(f[0][0], f[-1][1], s.label, s.id) for s in spans for f in (s.fragments,)]
        order = sorted(range(len(keys)), key=keys.__getitem__)
        self.beginResetModel()
        self.spans = [spans[i] for i in order]
        self._keys = [keys[i] for i in order]
        self.link_counts = dict(link_counts)
        self.endResetModel()

    def row_of(self, span_id: str) -> int:
        return next((i for i, s in enumerate(self.spans) if s.id == span_id), -1)

    def remove(self, span: Span) -> None:
        i = bisect_left(self._keys, _key(span))
        if i < len(self.spans) and self.spans[i].id == span.id:
            self.beginRemoveRows(QModelIndex(), i, i)
            del self.spans[i], self._keys[i]
            self.endRemoveRows()

    def add(self, span: Span) -> None:
        i = bisect_left(self._keys, _key(span))
        self.beginInsertRows(QModelIndex(), i, i)
        self.spans.insert(i, span)
        self._keys.insert(i, _key(span))
        self.endInsertRows()

    def set_link_counts(self, counts: dict[str, int]) -> None:
        self.link_counts = dict(counts)
        if self.spans:
            self.dataChanged.emit(self.index(0, 3), self.index(len(self.spans) - 1, 3))

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.spans)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def cell(self, s: Span, col: int) -> str:
        """What column ``col`` shows for span ``s``."""
        if col == 0:
            return s.label + (f" ×{len(s.fragments)}" if len(s.fragments) > 1 else "")
        if col == 1:
            return fragments_text(self.text, s)
        if col == 2:
            return ", ".join(f"{k}={v}" for k, v in sorted(s.attributes.items())) + (" ✎" if s.note else "")
        if col == 3:
            n = self.link_counts.get(s.id, 0)
            return str(n) if n else ""
        return s.annotator

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.spans[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(s, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return QColor(self.colours.get(s.label, "#888888"))
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{s.label} [{s.start}, {s.end}) {s.origin}\n{s.text}" + (f"\nNote: {s.note}" if s.note else "")
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        return None


def widen_for(table: Any, spans: list[Span], columns: tuple[int, ...] = (0, 2)) -> None:
    """Widen Label and Attributes for new rows whose text is longer than the column: a few
    font measurements, not a rescan of 50,000 rows on every added span."""
    model = table.model()
    header = table.horizontalHeader()
    fm = table.fontMetrics()
    for span in spans:
        for col in columns:
            text = model.cell(span, col)
            wanted = fm.horizontalAdvance(text) + (40 if col == 0 else 16)  # colour square, margins
            if wanted > header.sectionSize(col):
                header.resizeSection(col, min(wanted, 420))
