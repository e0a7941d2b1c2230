"""Changed stories in the window: check files on disk, re-anchor, review what moved."""

from __future__ import annotations

from annotator.workflows.reanchor import changed_on_disk

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from .errors import reported
from .review_panel import ReviewPanel

__all__ = ["ReviewGestures"]


class ReviewGestures:
    """Needs: self.project, self.repo, self.session, self.set_story, self.select_span, self._dock."""

    def _build_review_dock(self) -> None:
        self.review_panel = ReviewPanel()
        self.review_panel.open_requested.connect(self.open_review)
        self.review_panel.keep_requested.connect(self.keep_review)
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
        self.select_span(span_id)
        span = self.view.index.spans.get(span_id)
        if span is not None:
            self.view.show_span(span)

    @reported
    def keep_review(self, span_id: str) -> None:
        self.project.keep_review(span_id)  # its change event refreshes the list

    @reported
    def delete_review(self, span_id: str) -> None:
        span = self.repo.span(span_id)
        if span is not None:
            self.session.delete_spans([span], description="Delete unplaced span")
        self.refresh_reviews()

    @reported
    def check_story_files(self) -> None:
        changed = changed_on_disk(self.repo)
        if not changed:
            self.statusBar().showMessage("Every story matches its file on disk.", 5000)
            return
        names = "\n".join(f"• {path}" for _, path in changed[:20])
        if (
            QMessageBox.question(
                self,
                "Changed stories",
                f"{len(changed)} stor{'y has' if len(changed) == 1 else 'ies have'} changed on disk:\n{names}\n\n"
                "Update them and move their spans with their words? A backup is made first; spans that "
                "cannot be placed with confidence are listed for review.",
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        # The Project forgets those stories' undo steps (their offsets were in the old texts)
        # and its change event reloads the window.
        lines = [report.line() for report in self.project.refresh_from_disk(doc_id for doc_id, _ in changed)]
        self.refresh_reviews()
        self.review_dock.show()
        self.review_dock.raise_()
        QMessageBox.information(self, "Changed stories", "\n".join(lines))
