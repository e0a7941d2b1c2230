"""Changed stories in the window: check files on disk, re-anchor, review what moved.

Checking and writing go through the Project (the same ``check_story_files`` and
``apply_story_checks`` that ``annotator-cli refresh`` runs); so do the answers to
each review entry; their change events redraw the window and the list.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .errors import reported
from .review_panel import ReviewPanel

__all__ = ["ReviewGestures"]


class ReviewGestures:
    """Needs: self.project, self.repo, self.set_story, self.select_span, self.selection_range, self._dock."""

    def _build_review_dock(self) -> None:
        self.review_panel = ReviewPanel()
        self.review_panel.open_requested.connect(self.open_review)
        self.review_panel.accept_requested.connect(self.accept_review)
        self.review_panel.adjust_requested.connect(self.adjust_review)
        self.review_panel.delete_requested.connect(self.delete_review)
        self.review_panel.check_requested.connect(self.check_story_files)
        self.review_dock = self._dock("Review", self.review_panel, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.details_dock, self.review_dock)
        self.details_dock.raise_()

    def refresh_reviews(self) -> None:
        reviews = self.repo.reviews()
        self.review_panel.set_reviews(reviews)
        self.review_dock.setWindowTitle(f"Review ({len(reviews)})" if reviews else "Review")

    def open_review(self, doc_id: str, span_id: str) -> None:
        self.set_story(doc_id)
        span = self.view.index.spans.get(span_id)
        if span is None:
            entry = self.repo.review(span_id)
            self.select_span(None)
            if entry is not None:
                self.statusBar().showMessage(
                    f"Its words are gone (was “{entry['old_text'][:60]}”): select where it belongs and press "
                    "Adjust, or delete it.",
                    10000,
                )
            return
        self.select_span(span_id)
        self.view.show_span(span)

    @reported
    def accept_review(self, span_id: str) -> None:
        self.project.keep_review(span_id)

    keep_review = accept_review  # the name earlier versions used

    @reported
    def adjust_review(self, span_id: str) -> None:
        entry = self.repo.review(span_id)
        if entry is None:
            return
        if self.current_doc_id != entry["doc_id"]:
            self.open_review(entry["doc_id"], span_id)
        rng = self.selection_range()
        if rng is None:
            self.statusBar().showMessage(
                "Select the span's words in the story first, then press Adjust (A in the review list).", 6000
            )
            return
        span = self.project.adjust_review(span_id, [rng])
        self.view.clear_selection()
        self.select_span(span.id)

    @reported
    def delete_review(self, span_id: str) -> None:
        self.project.delete_review(span_id)

    @reported
    def check_story_files(self) -> None:
        checks = self.project.check_story_files()
        if not checks:
            self.statusBar().showMessage("Every story matches its file on disk.", 5000)
            return
        changed = [c for c in checks if not c.error]
        lines = "\n".join(f"• {c.line()}" for c in checks[:20])
        if not changed:
            QMessageBox.warning(self, "Changed stories", lines)
            return
        n = len(changed)
        answer = QMessageBox.question(
            self,
            "Changed stories",
            f"{n} stor{'y has' if n == 1 else 'ies have'} changed on disk:\n{lines}\n\n"
            "Update them and move their spans with their words? One backup is made first; flagged and "
            "orphaned spans are listed for review.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        # The Project forgets those stories' undo steps (their offsets were in the old texts)
        # and its change event reloads the window.
        self.project.apply_story_checks(checks)
        self.refresh_reviews()
        self.review_dock.show()
        self.review_dock.raise_()
        QMessageBox.information(self, "Changed stories", "\n".join(c.line() for c in checks))
