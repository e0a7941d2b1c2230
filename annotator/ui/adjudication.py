"""Adjudication of one story into the gold layer, by keyboard.

Items (see :mod:`annotator.core.agreement.adjudication`) are listed by kind,
disagreements first; the selected item shows every annotator's version in
context and what gold holds. Keys: Up/Down or K/J move; 1–9 take annotator n's
version; B takes every version; N or X takes none; A accepts all agreements at
once; Ctrl+Z / Ctrl+Shift+Z undo and redo. Each decision is one undoable
command through the session; the view follows the session, so an undo from
anywhere shows here at once.
"""

from __future__ import annotations

import html
import weakref
from collections.abc import Callable, Sequence

import shiboken6

from annotator.core.agreement.adjudication import Kind
from annotator.core.session import AnnotationSession, EditError, SessionEvent
from annotator.workflows.agreement import Adjudication
from annotator.workflows.project_files import ProjectError, Repository

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.ui.adjudication_render import decision_text, item_html, item_summary

__all__ = ["AdjudicationView"]

KIND_COLOURS = {
    Kind.LABEL: "#c0392b",
    Kind.BOUNDARY: "#d68910",
    Kind.ONLY: "#8e44ad",
    Kind.ATTRIBUTES: "#2471a3",
    Kind.AGREE: "#1e8449",
}
HELP = (
    "↑/↓ or K/J move · <b>1</b>–<b>9</b> take annotator n's version · <b>B</b> both · "
    "<b>N</b>/<b>X</b> none · <b>A</b> accept all agreements · Ctrl+Z undo"
)
_INDEX = Qt.ItemDataRole.UserRole


class AdjudicationView(QWidget):
    """Decide one story into gold. Built standalone: give it the repo, session and story."""

    decided = Signal(str)  # emitted with the doc id after each decision

    def __init__(
        self,
        repo: Repository,
        session: AnnotationSession,
        doc_id: str,
        *,
        annotators: Sequence[str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.repo = repo
        self.session = session
        self.adj = Adjudication(repo, session, doc_id, annotators=annotators)
        self.order: list[int] = []  # item indices in display order
        self.current = 0  # position in self.order
        self._colours = {lb.name: lb.colour for lb in repo.schema().labels}

        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QLabel()
        self.message = QLabel()
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #a93226")
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Item", "Gold"])
        self.tree.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setStretchLastSection(False)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemClicked.connect(self._clicked)
        self.detail = QTextBrowser()
        self.detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.detail.setOpenLinks(False)
        keys = QLabel(HELP)
        keys.setWordWrap(True)
        keys.setStyleSheet("color: #555")

        split = QSplitter()
        split.addWidget(self.tree)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress)
        layout.addWidget(split, 1)
        layout.addWidget(self.message)
        layout.addWidget(keys)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._unsubscribe: Callable[[], None] | None = _follow(session, self)
        self._rebuild()

    # -- session --------------------------------------------------------------------------
    @property
    def doc_id(self) -> str:
        return self.adj.doc_id

    def detach(self) -> None:
        """Stop following the session (a host closing the view for good calls this)."""
        if self._unsubscribe is not None:
            try:
                self._unsubscribe()
            except ValueError:
                pass
            self._unsubscribe = None

    def _on_session(self, event: SessionEvent) -> None:
        if event.doc_id == self.doc_id:
            self.reload()

    def reload(self) -> None:
        """Re-read the story and gold (after any edit, undo or redo) and keep the place."""
        keep = self.current_item_index()
        anchor = None if keep is None else self.adj.items[keep]
        self.adj.refresh()
        self._rebuild(anchor_key=None if anchor is None else (anchor.start, anchor.end, anchor.labels))

    # -- items ----------------------------------------------------------------------------
    def current_item_index(self) -> int | None:
        return self.order[self.current] if 0 <= self.current < len(self.order) else None

    def _rebuild(self, anchor_key: tuple | None = None) -> None:
        items = self.adj.items
        self.order = sorted(
            range(len(items)), key=lambda i: (Kind.ORDER.index(items[i].kind), items[i].start, items[i].end)
        )
        if anchor_key is not None:
            for pos, i in enumerate(self.order):
                if (items[i].start, items[i].end, items[i].labels) == anchor_key:
                    self.current = pos
                    break
        self.current = max(0, min(self.current, len(self.order) - 1))
        self.tree.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        bold = QFont(self.font())
        bold.setBold(True)
        for pos, i in enumerate(self.order):
            item = items[i]
            group = groups.get(item.kind)
            if group is None:
                count = sum(1 for it in items if it.kind == item.kind)
                group = QTreeWidgetItem([f"{Kind.TITLES[item.kind]} ({count})", ""])
                group.setFont(0, bold)
                group.setForeground(0, QBrush(QColor(KIND_COLOURS[item.kind])))
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.tree.addTopLevelItem(group)
                group.setExpanded(True)
                groups[item.kind] = group
            row = QTreeWidgetItem([item_summary(item), decision_text(self.adj.decision(i))])
            row.setData(0, _INDEX, pos)
            row.setToolTip(0, item_summary(item))
            group.addChild(row)
        self._show_current()

    def _row(self, pos: int) -> QTreeWidgetItem | None:
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                if group.child(c).data(0, _INDEX) == pos:
                    return group.child(c)
        return None

    def _show_current(self) -> None:
        doc = self.adj.document
        decided = self.adj.decided()
        total = len(self.adj.items)
        names = html.escape(", ".join(f"{n} = {who}" for n, who in enumerate(self.adj.names, start=1)))
        title = html.escape(doc.title or doc.id)
        self.title.setText(f"<b>Adjudicating:</b> {title} &nbsp; <span style='color:#555'>{names}</span>")
        gold = len(self.adj.gold_spans())
        self.progress.setText(f"{decided} of {total} items decided · gold layer: {gold} spans")
        i = self.current_item_index()
        if i is None:
            self.detail.setHtml("<p><i>Nothing to adjudicate: no annotator has marked this story.</i></p>")
            return
        row = self._row(self.current)
        if row is not None:
            self.tree.setCurrentItem(row)
            self.tree.scrollToItem(row)
        self.detail.setHtml(
            item_html(
                doc.text,
                self.adj.items[i],
                self.adj.gold_spans(),
                self._colours,
                decision=self.adj.decision(i),
                links=self.adj.links_of,
            )
        )

    def move(self, step: int) -> None:
        if self.order:
            self.current = max(0, min(len(self.order) - 1, self.current + step))
            self._show_current()

    def _clicked(self, row: QTreeWidgetItem, column: int) -> None:
        pos = row.data(0, _INDEX)
        if pos is not None:
            self.current = int(pos)
            self._show_current()

    # -- decisions ------------------------------------------------------------------------
    def _decide(self, action: str, number: int = 0) -> None:
        i = self.current_item_index()
        if i is None and action != "agreements":
            return
        self.message.clear()
        try:
            if action == "number":
                if self.adj.accept_number(i, number) is None:
                    self.message.setText(f"There is no annotator {number} on this story.")
                    return
            elif action == "both":
                self.adj.accept_all_versions(i)
            elif action == "none":
                self.adj.reject(i)
                self.reload()  # a "none" on an empty gold writes nothing, so no event comes
            elif action == "agreements":
                cmd = self.adj.accept_agreements()
                if cmd.is_empty:
                    self.message.setText("No undecided agreements left.")
                else:
                    self.decided.emit(self.doc_id)
                return
        except (EditError, ProjectError) as exc:
            self.message.setText(str(exc))
            return
        self.decided.emit(self.doc_id)
        self.move(1)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt name
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if event.matches(QKeySequence.StandardKey.Undo):
            self.session.undo()
        elif event.matches(QKeySequence.StandardKey.Redo):
            self.session.redo()
        elif mods not in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier):
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_J):
            self.move(1)
        elif key in (Qt.Key.Key_Up, Qt.Key.Key_K):
            self.move(-1)
        elif key == Qt.Key.Key_PageDown:
            self.move(10)
        elif key == Qt.Key.Key_PageUp:
            self.move(-10)
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            self._decide("number", key - Qt.Key.Key_0)
        elif key == Qt.Key.Key_B:
            self._decide("both")
        elif key in (Qt.Key.Key_N, Qt.Key.Key_X):
            self._decide("none")
        elif key == Qt.Key.Key_A:
            self._decide("agreements")
        else:
            super().keyPressEvent(event)


def _follow(session: AnnotationSession, view: AdjudicationView) -> Callable[[], None]:
    """Subscribe ``view`` to the session, holding it weakly; the listener leaves once it is gone."""
    ref = weakref.ref(view)
    leave: list[Callable[[], None]] = []

    def listener(event: SessionEvent) -> None:
        target = ref()
        if target is None or not shiboken6.isValid(target):
            if leave:
                leave.pop()()
            return
        target._on_session(event)

    leave.append(session.subscribe(listener))
    return leave[0]
