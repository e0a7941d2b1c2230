"""The agreement view: who agrees with whom, on which labels, and where it breaks down.

A pair matrix coloured by agreement, per-label bars (the mean over pairs, or one
pair picked in the matrix), and the stories sorted by disagreement; activating a
story asks for it to be adjudicated (``adjudicate_requested(doc_id)``).
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from annotator.core.agreement import METRICS, GroupAgreement, PairAgreement, ProjectAgreement
from annotator.workflows.agreement import compute_agreement, gold_counts
from annotator.workflows.project_files import Repository

from PySide6.QtCore import QModelIndex, QRectF, Qt, Signal
from PySide6.QtGui import QCloseEvent, QColor, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.agreement_annotators import AnnotatorPicker
from annotator.ui.agreement_charts import LabelBars, PairMatrix, agreement_colour
from annotator.ui.agreement_worker import AgreementJob

__all__ = ["AgreementView"]

_ID = Qt.ItemDataRole.UserRole
_SORT = Qt.ItemDataRole.UserRole + 1


def _fmt(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


class _StoryItem(QTreeWidgetItem):
    """Sorts numeric columns by value (undefined last), not by their text."""

    def __lt__(self, other: QTreeWidgetItem) -> bool:
        col = self.treeWidget().sortColumn() if self.treeWidget() else 0
        a, b = self.data(col, _SORT), other.data(col, _SORT)
        if a is None or b is None:
            return super().__lt__(other)
        return a < b


class _DisagreementBar(QStyledItemDelegate):
    """Paints the disagreement column as a bar: longer and redder means more to settle."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        value = index.data(_SORT)
        if value is None or value < 0:
            return
        # the figure is drawn left-aligned; the bar takes the rest of the cell
        r = QRectF(option.rect).adjusted(option.fontMetrics.horizontalAdvance("0.000") + 8, 5, -6, -5)
        if r.width() < 10:
            return
        painter.save()
        painter.fillRect(r, QColor(0, 0, 0, 18))
        painter.fillRect(QRectF(r.x(), r.y(), r.width() * min(1.0, value), r.height()), agreement_colour(1.0 - value))
        painter.restore()


class AgreementView(QWidget):
    adjudicate_requested = Signal(str)
    computed = Signal()  # a new result is shown

    def __init__(self, repo: Repository, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.repo = repo
        self.result: ProjectAgreement | None = None
        self._pair: tuple[str, str] | None = None
        self._job: AgreementJob | None = None
        self._again = False
        self._gold: dict[str, int] = {}

        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.metric_box = QComboBox()
        for key, title in METRICS.items():
            self.metric_box.addItem(title, key)
        self.metric_box.setCurrentIndex(list(METRICS).index("token_kappa"))
        self.metric_box.currentIndexChanged.connect(self._show)
        self.scope_box = QComboBox()
        self.scope_box.addItem("whole project", "project")
        self.scope_box.addItem("selected story", "story")
        self.scope_box.setToolTip("Show the charts for the whole project or for the story selected in the list")
        self.scope_box.currentIndexChanged.connect(self._show)
        self.refresh_button = QPushButton("Recompute")
        self.refresh_button.clicked.connect(self.start_refresh)
        self.busy = QProgressBar()
        self.busy.setMaximumWidth(180)
        self.busy.setFormat("comparing %v of %m")
        self.busy.hide()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_refresh)
        self.cancel_button.hide()
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.busy)
        top.addWidget(self.cancel_button)
        top.addWidget(QLabel("Charts for:"))
        top.addWidget(self.scope_box)
        top.addWidget(QLabel("Measure:"))
        top.addWidget(self.metric_box)
        top.addWidget(self.refresh_button)
        self.picker = AnnotatorPicker()
        self.picker.changed.connect(self.start_refresh)
        self.save_button = QPushButton("Save report…")
        self.save_button.setToolTip("Save every figure as JSON (the same as annotator-cli agree --json)")
        self.save_button.clicked.connect(self._ask_save)
        second = QHBoxLayout()
        second.addWidget(self.picker, 1)
        second.addWidget(self.save_button)

        self.matrix = PairMatrix()
        self.matrix.pair_selected.connect(self._pick_pair)
        self.matrix.pair_cleared.connect(lambda: self._pick_pair(None, None))
        self.bars = LabelBars()
        self.details = LabelBars()  # attributes of matched spans, and links
        charts = QWidget()
        cl = QVBoxLayout(charts)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(QLabel("<b>Pairs of annotators</b> (click a cell for that pair's labels)"))
        cl.addWidget(self.matrix, 3)
        cl.addWidget(self.bars, 2)
        cl.addWidget(self.details, 2)

        self.stories = QTreeWidget()
        self.stories.setRootIsDecorated(False)
        self.stories.setAlternatingRowColors(True)
        self.stories.setHeaderLabels(["Story", "Disagreement", "F1 exact", "token κ", "Gold", "Annotators"])
        self.stories.setItemDelegateForColumn(1, _DisagreementBar(self.stories))
        self.stories.setSortingEnabled(True)
        header = self.stories.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (2, 3, 4, 5):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        header.resizeSection(1, 160)
        self.stories.itemActivated.connect(self._activated)
        self.stories.currentItemChanged.connect(self._story_changed)
        self.adjudicate_button = QPushButton("Adjudicate story…")
        self.adjudicate_button.clicked.connect(self._adjudicate_current)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(QLabel("<b>Stories by disagreement</b> (Enter or double-click to adjudicate)"))
        rl.addWidget(self.stories, 1)
        rl.addWidget(self.adjudicate_button, 0, Qt.AlignmentFlag.AlignRight)

        split = QSplitter()
        split.addWidget(charts)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(second)
        layout.addWidget(split, 1)

    # -- data ---------------------------------------------------------------------------
    @property
    def metric(self) -> str:
        return str(self.metric_box.currentData())

    def set_metric(self, key: str) -> None:
        self.metric_box.setCurrentIndex(list(METRICS).index(key))

    def refresh(self) -> None:
        """Recompute now, on this thread (small projects, tests)."""
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self._offer_annotators()
            result = compute_agreement(self.repo, annotators=self.picker.selected())
            gold = gold_counts(self.repo, [s.doc_id for s in result.stories])
        finally:
            QApplication.restoreOverrideCursor()
        self.set_result(result, gold)

    def start_refresh(self) -> None:
        """Recompute in the background (seconds for 1,000 busy stories), with progress and Cancel."""
        if self._job is not None:
            self._again = True  # the choice changed while computing: go again afterwards
            return
        self._again = False
        self._offer_annotators()
        job = AgreementJob(self.repo.path, annotators=self.picker.selected())
        job.progressed.connect(self._progressed)
        job.done.connect(self._job_done)
        job.failed.connect(self._job_failed)
        self._job = job
        self.busy.setRange(0, 0)
        self.busy.show()
        self.cancel_button.show()
        self.refresh_button.setEnabled(False)
        job.start()

    def cancel_refresh(self) -> None:
        if self._job is not None:
            self._job.cancel()

    @property
    def computing(self) -> bool:
        return self._job is not None

    def _progressed(self, done: int, total: int) -> None:
        self.busy.setRange(0, max(1, total))
        self.busy.setValue(done)

    def _end_job(self) -> None:
        self._job = None
        self.busy.hide()
        self.cancel_button.hide()
        self.refresh_button.setEnabled(True)

    def _job_done(self, payload: tuple[ProjectAgreement, dict[str, int]]) -> None:
        self._end_job()
        self.set_result(*payload)
        if self._again:
            self.start_refresh()

    def _job_failed(self, message: str) -> None:
        self._end_job()
        if message:
            text = html.escape(f"Could not compute agreement: {message}")
            self.summary.setText(f"<span style='color:#a93226'>{text}</span>")

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt name
        if self._job is not None:
            self._job.cancel()
            self._job.wait()
        super().closeEvent(event)

    def _offer_annotators(self) -> None:
        names = self.repo.annotators()
        if names != self.picker.names():
            self.picker.blockSignals(True)
            self.picker.set_names(names)
            self.picker.blockSignals(False)

    def save_report(self, path: Path) -> None:
        """The figures shown, as JSON: the same document ``annotator-cli agree --json`` prints."""
        if self.result is None:
            return
        body = {"project": str(self.repo.path), **self.result.to_dict()}
        tmp = path.with_name(path.name + ".part")
        tmp.write_text(json.dumps(body, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        tmp.replace(path)

    def _ask_save(self) -> None:
        if self.result is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save agreement report", "agreement.json", "JSON (*.json)")
        if not name:
            return
        try:
            self.save_report(Path(name))
        except OSError as exc:
            QMessageBox.warning(self, "Save agreement report", f"Could not write {name}: {exc.strerror or exc}")

    def set_result(self, result: ProjectAgreement, gold: dict[str, int] | None = None) -> None:
        """Show ``result``; ``gold`` counts each story's gold spans (adjudication progress)."""
        self.result = result
        self._gold = dict(gold or {})
        self._fill_stories()
        self._show()
        self.computed.emit()

    def _show(self) -> None:
        result = self.result
        if result is None:
            return
        o, story = self.shown_group()
        alpha = "—" if o.alpha is None else f"{o.alpha:.2f}"
        where = f"story <b>{html.escape(story)}</b>" if story is not None else f"<b>{o.stories}</b> stories"
        self.summary.setText(
            f"<b>{len(o.annotators)}</b> annotators · {where} · "
            f"Krippendorff's α <b>{alpha}</b> · mean {METRICS[self.metric]} "
            f"<b>{_fmt(o.mean(self.metric))}</b>"
        )
        self.matrix.set_data(
            o.annotators,
            {(p.a, p.b): p.metric(self.metric) for p in o.pairs},
            {(p.a, p.b): p.stories for p in o.pairs},
        )
        self._fill_bars()

    def shown_group(self) -> tuple[GroupAgreement, str | None]:
        """The figures the charts show: the project's, or the selected story's (with its title)."""
        assert self.result is not None
        if self.scope_box.currentData() == "story":
            item = self.stories.currentItem()
            doc_id = item.data(0, _ID) if item is not None else None
            for s in self.result.stories:
                if s.doc_id == doc_id:
                    return s.agreement, s.title or s.doc_id
        return self.result.overall, None

    def _story_changed(self) -> None:
        if self.scope_box.currentData() == "story":
            self._show()

    def _pick_pair(self, a: str | None, b: str | None) -> None:
        self._pair = (a, b) if a and b else None
        self._fill_bars()

    def _fill_bars(self) -> None:
        result = self.result
        if result is None:
            return
        schema = self.repo.schema()
        group, _ = self.shown_group()
        pair = group.pair(*self._pair) if self._pair else None
        rows = []
        for label in result.labels:
            value = pair.metric(self.metric, label) if pair else group.mean(self.metric, label)
            lb = schema.label(label)
            rows.append((label, value, lb.colour if lb else "#888888"))
        who = f"{pair.a} × {pair.b}" if pair else "all pairs"
        self.bars.set_data(f"{METRICS[self.metric]} per label — {who}", rows)
        self._fill_details(group, pair, who)

    def _fill_details(self, group: GroupAgreement, pair: PairAgreement | None, who: str) -> None:
        """Attribute agreement on matched spans and link F1, for the pair or pooled over pairs."""
        schema = self.repo.schema()
        pairs = [pair] if pair else group.pairs
        table: dict[str, list[int | float]] = {}
        for p in pairs:
            for key, a in p.attributes.items():
                if a.agreement is not None:
                    row = table.setdefault(key, [0, 0.0])
                    row[0] += a.pairs
                    row[1] += a.agreement * a.pairs
        rows: list[tuple[str, float | None, str]] = []
        for key in sorted(table):
            n, agreed = table[key]
            lb = schema.label(key.split(".", 1)[0])
            rows.append((key, agreed / n if n else None, lb.colour if lb else "#888888"))
        links = [v for p in pairs if (v := p.relation_f1) is not None]
        rows.append(("links (F1)", sum(links) / len(links) if links else None, "#555555"))
        self.details.set_data(f"attributes and links agreement — {who}", rows)

    def _fill_stories(self) -> None:
        assert self.result is not None
        self.stories.setSortingEnabled(False)
        self.stories.clear()
        for s in self.result.by_disagreement():
            g = s.agreement
            d, f1, kappa = s.disagreement, g.mean("span_f1_exact"), g.mean("token_kappa")
            n_gold = self._gold.get(s.doc_id, 0)
            item = _StoryItem(
                [
                    s.title or s.doc_id,
                    _fmt(d),
                    _fmt(f1),
                    _fmt(kappa),
                    str(n_gold) if n_gold else "",
                    ", ".join(g.annotators),
                ]
            )
            item.setData(4, _SORT, n_gold)
            item.setTextAlignment(4, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(4, f"{n_gold} spans in the gold layer")
            item.setData(0, _ID, s.doc_id)
            item.setData(0, _SORT, (s.title or s.doc_id).casefold())
            for col, value in ((1, d), (2, f1), (3, kappa)):
                item.setData(col, _SORT, -1.0 if value is None else value)
                align = Qt.AlignmentFlag.AlignLeft if col == 1 else Qt.AlignmentFlag.AlignRight
                item.setTextAlignment(col, align | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(0, f"{s.title}\n{s.doc_id}")
            self.stories.addTopLevelItem(item)
        self.stories.setSortingEnabled(True)
        self.stories.sortItems(1, Qt.SortOrder.DescendingOrder)
        if self.stories.topLevelItemCount():
            self.stories.setCurrentItem(self.stories.topLevelItem(0))

    def story_ids(self) -> list[str]:
        """Story ids in the order shown."""
        return [self.stories.topLevelItem(i).data(0, _ID) for i in range(self.stories.topLevelItemCount())]

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        self.adjudicate_requested.emit(str(item.data(0, _ID)))

    def _adjudicate_current(self) -> None:
        item = self.stories.currentItem()
        if item is not None:
            self._activated(item)
