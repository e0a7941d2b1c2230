"""The main window: stories on the left, the story in the middle, spans and details around.

Layout and story switching live here; span gestures are in editing.py and file
gestures in files.py. The window never writes the project itself: it asks the
Project (annotator.workflows.project) and redraws from the change events it sends
after commit.
"""

from __future__ import annotations

from pathlib import Path

from annotator import __version__
from annotator.core.model import Document, Span, Status
from annotator.workflows.project import Change, Project
from annotator.workflows.project_files import Repository

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDockWidget,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .actions import ACTIONS, MENUS, build_actions
from .annotator_name import AnnotatorNameGestures
from .cheat_sheet import CheatSheet
from .details_gestures import DetailsGestures
from .details_panel import DetailsPanel
from .editing import SpanEditing
from .errors import reported
from .files import FileGestures
from .find_bar import FindBar
from .finding import FindGestures
from .label_bar import LabelBar
from .layers import LayerGestures
from .learning import LearningGestures
from .long_stories import LongStoryLoading
from .review import ReviewGestures
from .schema_editor import SchemaEditor
from .search_all import SearchAllDialog
from .settings import Settings
from .sources import SourceGestures
from .span_labels import key_letters
from .span_table import SpanTableModel, widen_for
from .story_list import StoryListModel
from .suggestion_review import SuggestionReview
from .suggestions import SuggestionGestures
from .team_window import TeamDock
from .text_view import StoryView
from .view_toggles import ViewToggles

__all__ = ["MainWindow"]


class MainWindow(
    SuggestionReview,
    DetailsGestures,
    AnnotatorNameGestures,
    ViewToggles,
    SpanEditing,
    FileGestures,
    FindGestures,
    LayerGestures,
    LearningGestures,
    SuggestionGestures,
    ReviewGestures,
    LongStoryLoading,
    SourceGestures,
    QMainWindow,
):
    def __init__(self, project: Project | Repository, *, annotator: str, settings: Settings | None = None) -> None:
        super().__init__()
        self.settings = settings or Settings()
        self._use(project if isinstance(project, Project) else Project(project, annotator=annotator))
        repo = self.repo
        self.doc: Document | None = None
        self.selected_span_id: str | None = None
        self.char_precision = False
        self.find_hits: list[tuple[int, int]] = []
        self.find_pos = -1
        self._data_version = repo.data_version()
        self._init_long_stories()
        self.setAcceptDrops(True)
        self._build()
        self.actions_by_id = build_actions(self, self.view)
        self._restore_toggles()
        self._build_menus()
        self._install_label_keys()
        self.reload_project()
        self._update_undo_text()
        self.settings.restore_window(self)
        self.team.start()
        # Another window or the CLI may write the same project (WAL): pick up their commits.
        self._poll = QTimer(self)
        self._poll.timeout.connect(self._check_outside_changes)
        self._poll.start(2000)

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.view = StoryView()
        self.view.span_clicked.connect(self._span_clicked)
        self.view.fragment_dragged.connect(self.add_fragment)
        self.view.span_hovered.connect(self._span_hovered)
        self.view.installEventFilter(self)
        self.label_bar = LabelBar(self.session.schema)
        self.label_bar.label_chosen.connect(self.tag)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.find_bar.search_changed.connect(self._run_find)
        self.find_bar.next_requested.connect(self.find_next)
        self.find_bar.previous_requested.connect(self.find_previous)
        self.find_bar.tag_all_requested.connect(self.tag_all_matches)
        self.find_bar.closed.connect(self._find_closed)
        centre = QWidget()
        col = QVBoxLayout(centre)
        col.setContentsMargins(0, 0, 0, 0)
        col.setSpacing(2)
        col.addWidget(self.label_bar)
        col.addWidget(self.view, 1)
        col.addWidget(self.find_bar)
        self.setCentralWidget(centre)

        self.story_model = StoryListModel()
        self.story_table = self._table(self.story_model)
        self.story_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Titles get the room: status and count are short (sized by hand, since sizing
        # to contents would measure all 10,000 rows).
        self.story_table.horizontalHeader().resizeSection(1, 34)  # the status mark; words in the tooltip
        self.story_table.horizontalHeader().resizeSection(2, 52)
        self.story_table.selectionModel().currentRowChanged.connect(self._story_row_changed)
        self.stories_dock = self._dock("Stories", self.story_table, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.span_model = SpanTableModel()
        self.span_table = self._table(self.span_model)
        header = self.span_table.horizontalHeader()
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        # Label and Attributes fit their content (_reset_span_table), measured on the first hundred rows.
        header.setResizeContentsPrecision(100)
        self.span_table.selectionModel().currentRowChanged.connect(self._span_row_changed)
        self.spans_dock = self._dock("Spans", self.span_table, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.details = DetailsPanel()
        self.details.set_schema(self.session.schema)
        self.details.attribute_edited.connect(self.set_attribute)
        self.details.note_edited.connect(self.set_note)
        self.details.label_edited.connect(self.relabel)
        self.details.link_activated.connect(self.select_span)
        self.details.unlink_requested.connect(self.remove_link)
        self._connect_details()
        self.details_dock = self._dock("Details", self.details, Qt.DockWidgetArea.RightDockWidgetArea)
        self._build_review_dock()
        self._build_sources_dock()
        self.team = TeamDock(
            self,
            dock=self._dock,
            project=lambda: self.project,
            absorb_own_write=self._absorb_own_write,
        )
        self.tabifyDockWidget(self.details_dock, self.team.dock)
        self.details_dock.raise_()
        self.counts = QLabel()
        self.statusBar().addPermanentWidget(self.counts)
        self.resize(1280, 820)
        # First-run proportions (restored layouts override them): titles readable, text widest.
        self.resizeDocks([self.stories_dock, self.details_dock], [330, 320], Qt.Orientation.Horizontal)
        self.resizeDocks([self.spans_dock], [200], Qt.Orientation.Vertical)

    def _table(self, model) -> QTableView:
        table = QTableView()
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.verticalHeader().setVisible(False)
        table.verticalHeader().setDefaultSectionSize(22)
        table.setWordWrap(False)
        table.horizontalHeader().setHighlightSections(False)  # a row selected repaints the header otherwise
        return table

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_menus(self) -> None:
        menus = {name: self.menuBar().addMenu(f"&{name}") for name in MENUS}
        for spec in ACTIONS:
            action = self.actions_by_id.get(spec.id)
            if action is not None:
                menus[spec.menu].addAction(action)
        docks = (
            self.stories_dock,
            self.spans_dock,
            self.details_dock,
            self.review_dock,
            self.sources_dock,
            self.team.dock,
        )
        for dock in docks:
            menus["View"].addAction(dock.toggleViewAction())
        self.layers_menu = menus["View"].addMenu("Annotators shown")
        self.layers_menu.aboutToShow.connect(self._fill_layers_menu)
        menus["Edit"].aboutToShow.connect(self._update_undo_text)

    def _install_label_keys(self) -> None:
        for action in getattr(self, "_label_actions", []):
            self.view.removeAction(action)
        self._label_actions: list[QAction] = []
        for lb in self.session.schema.labels:
            action = QAction(f"Tag {lb.name}", self)
            action.setShortcuts([QKeySequence(k) for k in lb.keys])
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _=False, name=lb.name: self.tag(name))
            self.view.addAction(action)
            self._label_actions.append(action)
        self.view.set_colours({lb.name: lb.colour for lb in self.session.schema.labels})
        self.view.key_letters = key_letters(self.session.schema)
        self.span_model.colours = {lb.name: lb.colour for lb in self.session.schema.labels}
        self.label_bar.set_schema(self.session.schema)
        self.details.set_schema(self.session.schema)
        self.find_bar.set_labels(self.session.schema.label_names)

    # -- project and stories ------------------------------------------------------------
    @property
    def current_doc_id(self) -> str | None:
        return self.doc.id if self.doc else None

    def _use(self, project: Project) -> None:
        """Work on ``project``: every write goes through it, every redraw follows its events."""
        self.project = project
        self.repo = project.repo  # reads
        self.session = project.session  # the span gestures' commands
        self._unsubscribe = project.subscribe(self._on_event)

    def reload_project(self) -> None:
        """Re-read the story list (after imports or changes from another process)."""
        current = self.current_doc_id
        if self.project.reload():  # another writer changed the schema
            self._install_label_keys()
        self.story_model.reset(self.repo.document_summaries())
        target = current if current and self.story_model.row_of(current) >= 0 else None
        if target is None and self.story_model.rows:
            target = self.settings.last_story(self.repo.path) or self.story_model.rows[0].id
            if self.story_model.row_of(target) < 0:
                target = self.story_model.rows[0].id
        self.set_story(target, force=True)
        self.setWindowTitle(f"{self.repo.path.name} — annotator")
        self.refresh_reviews()
        self.refresh_sources()
        self._update_counts()

    def switch_project(self, path: Path) -> None:
        try:
            project = Project.open(path, annotator=self.session.annotator)
        except Exception as exc:  # ProjectError mostly: keep the current project open
            QMessageBox.warning(self, "Open project", str(exc))
            return
        self._unsubscribe()
        self.team.sync.close()
        self.project.close()
        self._adopt(project, path)

    def switch_project_after_close(self, path: Path) -> None:
        """Reopen after the old connection was closed (restoring a backup)."""
        self._adopt(Project.open(path, annotator=self.session.annotator), path)

    def _adopt(self, project: Project, path: Path) -> None:
        name = project.repo.get_meta("annotator") or project.annotator
        self._use(project)
        self.session.annotator = name
        self._data_version = self.repo.data_version()
        self._install_label_keys()
        self.doc = None
        self.settings.set_last_project(path)
        self.reload_project()
        self.team.start()

    def set_story(self, doc_id: str | None, *, force: bool = False) -> None:
        if not force and self.doc is not None and doc_id == self.doc.id:
            return
        self.cancel_link(quiet=True)
        self._stop_loading()
        self.doc = self.repo.document(doc_id) if doc_id else None
        spans = self._first_spans(doc_id) if doc_id else []
        self.view.set_story(self.doc, spans)
        self._reset_span_table(spans)
        self.selected_span_id = None
        self.details.show_span(None, [], {})
        row = self.story_model.row_of(doc_id) if doc_id else -1
        if row >= 0 and self.story_table.currentIndex().row() != row:
            self.story_table.selectionModel().setCurrentIndex(
                self.story_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        if doc_id:
            self.settings.set_last_story(self.repo.path, doc_id)
        if self.find_bar.isVisible():
            self._run_find()
        self._update_counts()

    def _reset_span_table(self, spans: list[Span]) -> None:
        counts: dict[str, int] = {}
        # A long story's links come with its second slice (long_stories.py), after the text is up.
        later = self.loading_spans
        rels = self.repo.relations(self.doc.id) if self.doc is not None and not later else []
        for rel in rels:
            counts[rel.source] = counts.get(rel.source, 0) + 1
            counts[rel.target] = counts.get(rel.target, 0) + 1
        self.span_model.text = self.doc.text if self.doc is not None else ""
        self.span_model.reset(spans, counts)
        if not later:
            self.view.set_relations(rels)
        for col in (0, 2):
            self.span_table.resizeColumnToContents(col)

    def _story_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.set_story(self.story_model.rows[current.row()].id)

    def next_story(self, step: int = 1) -> None:
        rows = self.story_model.rows
        if not rows:
            return
        row = self.story_model.row_of(self.current_doc_id or "")
        self.set_story(rows[max(0, min(len(rows) - 1, row + step))].id)
        self.view.setFocus()

    def previous_story(self) -> None:
        self.next_story(-1)

    @reported
    def done_and_next(self) -> None:
        if self.doc is None:
            return
        self.session.set_status(self.doc, Status.DONE)
        done, total = self.story_model.progress()
        self.statusBar().showMessage(f"Marked done ({done}/{total} stories done).", 4000)
        nxt = next(
            (s for s in self.story_model.rows[self.story_model.row_of(self.doc.id) + 1 :] if s.status != Status.DONE),
            None,
        )
        if nxt is not None:
            self.set_story(nxt.id)
        self.view.setFocus()

    @reported
    def mark_in_progress(self) -> None:
        if self.doc is not None:
            self.session.set_status(self.doc, Status.IN_PROGRESS)

    # -- spans selection ------------------------------------------------------------
    def select_span(self, span_id: str | None) -> None:
        if span_id and span_id not in self.view.index.spans:
            self.finish_loading()
        span = self.view.index.spans.get(span_id or "")
        self.selected_span_id = span.id if span else None
        self.view.selected_id = self.selected_span_id
        self.refresh_linked_marks()
        if span is None:
            self.details.show_span(None, [], {})
            self.view.viewport().update()
            return
        row = self.span_model.row_of(span.id)
        if row >= 0 and self.span_table.currentIndex().row() != row:
            selection = self.span_table.selectionModel()
            selection.blockSignals(True)
            selection.setCurrentIndex(
                self.span_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            selection.blockSignals(False)
            self.span_table.viewport().update()
            self.span_table.scrollTo(self.span_model.index(row, 0))
        self._show_details(span)
        self.view.viewport().update()

    def _show_details(self, span: Span) -> None:
        rels = self.repo.relations_of(span.id)
        self.details.sources = self._known_sources()
        self.details.show_span(span, rels, self.view.index.spans)

    def refresh_linked_marks(self) -> None:
        ids: set[str] = set()
        if self.selected_span_id and not self.link_from:
            for rel in self.repo.relations_of(self.selected_span_id):
                ids.add(rel.target if rel.source == self.selected_span_id else rel.source)
        self.view.linked_ids = ids
        self.view.viewport().update()

    def _span_hovered(self, span_id: str) -> None:
        # Hover shows a span's links only while nothing is selected (selection wins).
        if self.selected_span_id or self.link_from:
            return
        ids: set[str] = set()
        if span_id:
            ids.add(span_id)
            for rel in self.repo.relations_of(span_id):
                ids.add(rel.target if rel.source == span_id else rel.source)
        self.view.linked_ids = ids
        self.view.viewport().update()

    def _span_clicked(self, span_id: str) -> None:
        if self.link_from:
            if span_id and span_id != self.link_from:
                self.finish_link(span_id)
            return
        self.select_span(span_id or None)

    def _span_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            span = self.span_model.spans[current.row()]
            self.select_span(span.id)
            self.view.show_span(span)

    def select_next_span(self, step: int = 1) -> None:
        if self.link_from:
            self.cycle_link(step)
            return
        self.finish_loading()
        ordered = self.span_model.spans
        if not ordered:
            return
        row = self.span_model.row_of(self.selected_span_id or "")
        cursor = self.view.map.utf16_to_cp(self.view.textCursor().position())
        here = self.selected_span()
        if here is not None and not here.start <= cursor <= here.end:
            row = -1  # the caret moved away from the selected span: go on from the caret
        if row < 0:
            row = next((i for i, s in enumerate(ordered) if s.start >= cursor), 0) - (1 if step > 0 else 0)
        span = ordered[(row + step) % len(ordered)]
        self.select_span(span.id)
        self.view.show_span(span)

    def select_previous_span(self) -> None:
        self.select_next_span(-1)

    # -- keys in the text that depend on a mode (linking, Ctrl+drag) -------------------------
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if obj is self.view:
            if event.type() == QEvent.Type.KeyPress and self.link_from:
                if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                    self.finish_link()
                    return True
                if event.key() == Qt.Key.Key_Escape:
                    self.cancel_link()
                    return True
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and self.selected_span_id:
                self.select_span(None)
                return True
            if event.type() in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                self.char_precision = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        return super().eventFilter(obj, event)

    def focusNextPrevChild(self, forward: bool) -> bool:  # noqa: N802 - Tab belongs to the spans in the text
        if self.view.hasFocus():
            self.select_next_span(1 if forward else -1)
            return True
        return super().focusNextPrevChild(forward)

    # -- change events: redraw only what changed -------------------------------------------
    def _on_event(self, event: Change) -> None:
        cmd = event.command
        if cmd is None:  # a named operation: re-read what it may have changed
            if event.kind == "review":
                self.refresh_reviews()
            elif event.kind != "settings":
                self.reload_project()
            return
        undo = event.kind == "undo"
        if cmd.schema:
            self._install_label_keys()
            self.set_story(self.current_doc_id, force=True)
        elif self.doc is not None and cmd.doc_id == self.doc.id:
            removed, added = [], []
            for old, new in cmd.spans:
                before, after = (new, old) if undo else (old, new)
                if before is not None:
                    removed.append(before)
                if after is not None:
                    added.append(after)
            self.view.apply_changes([s.id for s in removed], added)
            selection = self.span_table.selectionModel()
            selection.blockSignals(True)  # rows move under the cursor; the selection stays ours
            try:
                for span in removed:
                    self.span_model.remove(span)
                for span in added:
                    self.span_model.add(span)
            finally:
                selection.blockSignals(False)
            widen_for(self.span_table, added[:50])
            if cmd.relations:
                self._reset_link_counts()
            if self.selected_span_id and self.selected_span_id not in self.view.index.spans:
                self.select_span(None)
            elif self.selected_span_id:
                self.select_span(self.selected_span_id)
        if cmd.doc_id:
            summary = self.repo.document_summary(cmd.doc_id)
            if summary is not None:
                self.story_model.update(summary)
        self._data_version = self.repo.data_version()
        self.refresh_sources()
        self._update_counts()
        self._update_undo_text()
        self.team.sync.my_layer_changed()
        self._count_accepted(event)

    def _absorb_own_write(self) -> None:
        """This window's own background job committed: not a change from elsewhere."""
        self._data_version = self.repo.data_version()

    def team_folder_dialog(self) -> None:
        self.team.choose_folder()

    def _reset_link_counts(self) -> None:
        counts: dict[str, int] = {}
        rels = self.repo.relations(self.doc.id)
        for rel in rels:
            counts[rel.source] = counts.get(rel.source, 0) + 1
            counts[rel.target] = counts.get(rel.target, 0) + 1
        self.span_model.set_link_counts(counts)
        self.view.set_relations(rels)

    def _check_outside_changes(self) -> None:
        try:
            version = self.repo.data_version()
        except Exception:
            return
        if version != self._data_version:
            self._data_version = version
            if getattr(self, "own_worker_writing", False):
                return  # our own import worker's commits: the window reloads when it is done
            selected = self.selected_span_id
            self.reload_project()
            if selected:
                self.select_span(selected)
            self.statusBar().showMessage("The project was changed elsewhere; the window shows the latest.", 4000)

    # -- undo ---------------------------------------------------------------------------
    @reported
    def undo(self) -> None:
        cmd = self.session.undo()
        self._after_history(cmd, "Undid")

    @reported
    def redo(self) -> None:
        cmd = self.session.redo()
        self._after_history(cmd, "Redid")

    def _after_history(self, cmd, verb: str) -> None:
        if cmd is None:
            self.statusBar().showMessage(f"Nothing to {verb[:-1].lower()}o.", 2000)
            return
        if cmd.doc_id and cmd.doc_id != self.current_doc_id:
            self.set_story(cmd.doc_id)
        self.statusBar().showMessage(f"{verb}: {cmd.description}", 3000)

    def _update_undo_text(self) -> None:
        undo, redo = self.actions_by_id.get("undo"), self.actions_by_id.get("redo")
        if undo is not None:
            text = self.session.history.undo_text
            undo.setText(f"&Undo {text}" if text else "&Undo")
            undo.setEnabled(bool(text))
        if redo is not None:
            text = self.session.history.redo_text
            redo.setText(f"&Redo {text}" if text else "&Redo")
            redo.setEnabled(bool(text))

    # -- misc -------------------------------------------------------------------------------
    def focus_stories(self) -> None:
        self.story_table.setFocus()

    def focus_text(self) -> None:
        self.view.setFocus()

    def focus_spans(self) -> None:
        self.span_table.setFocus()

    def open_span(self, doc_id: str, span_id: str) -> None:
        """Open a story with one of its spans selected and on screen (sources, search)."""
        self.set_story(doc_id)
        self.select_span(span_id)
        span = self.view.index.spans.get(span_id)
        if span is not None:
            self.view.show_span(span)
        self.view.setFocus()

    def edit_schema(self) -> None:
        self.schema_editor = SchemaEditor(self.session, self)
        self.schema_editor.open()  # window-modal; saving goes through session.change_schema
        self.schema_editor.activateWindow()
        self.schema_editor.label_list.setFocus()

    def show_agreement(self) -> None:
        """Agreement figures and adjudication in their own window; the story here stays open."""
        from .agreement_dialog import AgreementDialog

        dialog = AgreementDialog(self.repo, self.session, self)
        dialog.finished.connect(lambda _result: self.reload_project())  # gold spans may be new
        dialog.show()
        self.agreement_dialog = dialog

    def search_all(self) -> None:
        if getattr(self, "search_all_dialog", None) is None or self.search_all_dialog.repo is not self.repo:
            self.search_all_dialog = SearchAllDialog(self.repo, self)
            self.search_all_dialog.open_requested.connect(self._open_match)
        self.search_all_dialog.show()
        self.search_all_dialog.raise_()
        self.search_all_dialog.activateWindow()
        self.search_all_dialog.query.setFocus()
        self.search_all_dialog.query.selectAll()

    def _open_match(self, doc_id: str, start: int, end: int) -> None:
        self.set_story(doc_id)
        self.view.select_cp(start, end)
        self.activateWindow()
        self.view.setFocus()

    def show_cheat_sheet(self) -> None:
        CheatSheet(self.session.schema, self).exec()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            "annotator",
            f"annotator {__version__}\nProject: {self.repo.path}\nAnnotator: {self.session.annotator}",
        )

    def _update_counts(self) -> None:
        done, total = self.story_model.progress()
        summary = self.story_model.summary(self.doc.id) if self.doc else None
        here = summary.span_count if summary is not None else len(self.view.index)  # all, loaded or not
        spans = self.story_model.span_total
        self.counts.setText(
            f"{here} spans in story · {spans} in project · {done}/{total} stories done · "
            f"you are {self.session.annotator}"
        )

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._poll.stop()
        self._stop_loading()
        self.settings.save_window(self)
        self.settings.set_last_project(self.repo.path)
        self._unsubscribe()
        self.team.sync.close()
        self.project.close()
        super().closeEvent(event)
