"""Sources dock: whom the project quotes, how often, and the spans behind each count.

Names are grouped by annotator.core.sources (case, spacing and titles ignored).
The top table lists one row per source; the list below shows the selected
source's attributions and the quotes/claims they introduce, across stories.
Enter (or a double click) on a span opens its story with the span selected.
"""

from __future__ import annotations

from annotator.core.sources import SourceStats, tally_sources

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

__all__ = ["SourcesPanel", "COLUMNS"]

COLUMNS = ("Source", "Quotes", "Claims", "Attributions", "Stories", "Kinds")


class SourcesPanel(QWidget):
    open_requested = Signal(str, str)  # doc id, span id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = None
        self.stats: list[SourceStats] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.summary = QLabel("No sources yet: give an attribution a source.")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(22)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        # Names in full (a narrow dock scrolls sideways rather than eliding who is quoted).
        for col in range(len(COLUMNS)):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_spans(row))
        # Enter on a source goes down to its spans: the keyboard path to a story.
        self.table.activated.connect(lambda _index: self.spans.count() and self.spans.setFocus())
        self.spans = QListWidget()
        self.spans.itemActivated.connect(self._open)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.spans)
        layout.addWidget(split, 1)
        self.setFocusProxy(self.table)

    # -- data ----------------------------------------------------------------------
    def refresh(self, repo) -> None:
        """Re-read every source from the project, keeping the selected one if it is still there."""
        self.repo = repo
        current = self.current_key()
        self.stats = tally_sources(repo.source_links())
        self.table.blockSignals(True)
        self.table.setRowCount(len(self.stats))
        for r, st in enumerate(self.stats):
            kinds = ", ".join(f"{k} {n}" for k, n in st.by_kind.most_common())
            values = (st.name, st.quotes, st.claims, st.attributions, len(st.stories), kinds)
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if c in (1, 2, 3, 4):
                    item.setData(Qt.ItemDataRole.DisplayRole, int(value))
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        n = len(self.stats)
        self.summary.setText(
            f"{n} source{'s' if n != 1 else ''} in the project."
            if n
            else "No sources yet: give an attribution a source."
        )
        row = next((i for i, st in enumerate(self.stats) if st.key == current), 0 if self.stats else -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        self._show_spans(row)

    def current_key(self) -> str | None:
        row = self.table.currentRow()
        return self.stats[row].key if 0 <= row < len(self.stats) else None

    def select_source(self, name_or_key: str) -> bool:
        from annotator.core.sources import source_key

        key = source_key(name_or_key)
        row = next((i for i, st in enumerate(self.stats) if st.key == key), -1)
        if row >= 0:
            self.table.setCurrentCell(row, 0)
        return row >= 0

    def _show_spans(self, row: int) -> None:
        self.spans.clear()
        if self.repo is None or not 0 <= row < len(self.stats):
            return
        titles: dict[str, str] = {}
        for span_id in dict.fromkeys(self.stats[row].span_ids):  # keep order, drop repeats
            span = self.repo.span(span_id)
            if span is None:
                continue
            if span.doc_id not in titles:
                summary = self.repo.document_summary(span.doc_id)
                titles[span.doc_id] = summary.title if summary else span.doc_id
            text = " … ".join(t for t in span.text.split("\n") if t) if span.text else ""
            if len(text) > 120:
                text = text[:117] + "…"
            item = QListWidgetItem(f"{span.label} · {titles[span.doc_id]}: {text}")
            item.setData(Qt.ItemDataRole.UserRole, (span.doc_id, span.id))
            item.setToolTip(span.text)
            self.spans.addItem(item)
        if self.spans.count():
            self.spans.setCurrentRow(0)

    def _open(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(*item.data(Qt.ItemDataRole.UserRole))
