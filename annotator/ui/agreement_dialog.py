"""Agreement and adjudication in one window: the agreement view, and a tab per story
being adjudicated (opened from the view's story list)."""

from __future__ import annotations

from annotator.core.session import AnnotationSession
from annotator.workflows.project_files import Repository

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QDialog, QTabWidget, QVBoxLayout, QWidget

from annotator.ui.adjudication import AdjudicationView
from annotator.ui.agreement_view import AgreementView

__all__ = ["AgreementDialog"]


class AgreementDialog(QDialog):
    def __init__(self, repo: Repository, session: AnnotationSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Agreement and adjudication")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.repo = repo
        self.session = session
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.tabs.currentChanged.connect(self._tab_changed)
        self._stale = False  # gold changed since the figures were computed
        self.view = AgreementView(repo)
        self.view.adjudicate_requested.connect(self.adjudicate)
        self.tabs.addTab(self.view, "Agreement")
        self.tabs.tabBar().setTabButton(0, self.tabs.tabBar().ButtonPosition.RightSide, None)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.tabs)
        self.resize(1100, 680)

    def adjudication_views(self) -> list[AdjudicationView]:
        return [w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), AdjudicationView)]

    def adjudicate(self, doc_id: str) -> AdjudicationView:
        """Open (or bring forward) the adjudication tab of one story."""
        for view in self.adjudication_views():
            if view.doc_id == doc_id:
                self.tabs.setCurrentWidget(view)
                view.setFocus()
                return view
        view = AdjudicationView(self.repo, self.session, doc_id)
        view.decided.connect(self._mark_stale)
        title = self.repo.document(doc_id).title or doc_id
        short = title if len(title) <= 28 else title[:27] + "…"
        index = self.tabs.addTab(view, f"Adjudicate: {short}")
        self.tabs.setTabToolTip(index, title)
        self.tabs.setCurrentIndex(index)
        view.setFocus()
        return view

    def _mark_stale(self, _doc_id: str) -> None:
        self._stale = True

    def _tab_changed(self, index: int) -> None:
        # back on the figures after adjudicating: refresh the gold column
        if self.tabs.widget(index) is self.view and self._stale and self.isVisible():
            self._stale = False
            self.view.start_refresh()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, AdjudicationView):
            self.tabs.removeTab(index)
            widget.detach()
            widget.deleteLater()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt name
        super().showEvent(event)
        if self.view.result is None and not self.view.computing:
            self.view.start_refresh()

    def _finish(self) -> None:
        self.view.close()  # cancels and waits for a background computation
        for view in self.adjudication_views():
            view.detach()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        self._finish()
        super().closeEvent(event)

    def done(self, result: int) -> None:
        self._finish()
        super().done(result)
