"""Long stories in the window: the text at once, the spans in slices after it.

The slicing itself (which spans, in what order) is :class:`~.span_loading.SpanSlices`;
this mixin feeds the slices to the view between events and finishes the job on
demand for anything that needs every span.
"""

from __future__ import annotations

from annotator.core.model import Span

from PySide6.QtCore import QTimer

from .span_loading import SpanSlices

__all__ = ["LongStoryLoading"]


class LongStoryLoading:
    """Needs: self.repo, self.doc, self.view, self.story_model, self.selected_span_id,
    self.select_span(id), self._reset_span_table(spans), self._update_counts(), self.statusBar()."""

    def _init_long_stories(self) -> None:
        self._slices: SpanSlices | None = None  # the rest of a long story's spans, still to read
        self._slice_timer = QTimer(self)
        self._slice_timer.setInterval(0)  # one slice per pass of the event loop
        self._slice_timer.timeout.connect(self._load_next_slice)

    LOAD_AT_ONCE = 5_000  # spans; a story with more shows its text first

    def _first_spans(self, doc_id: str) -> list[Span]:
        summary = self.story_model.summary(doc_id) or self.repo.document_summary(doc_id)
        count = summary.span_count if summary is not None else 0
        if count <= self.LOAD_AT_ONCE or self.doc is None:
            return self.repo.spans(doc_id)
        self._slices = SpanSlices(self.repo, doc_id, len(self.doc.text), count)
        self._links_due = True  # read on the next pass, so the text shows first
        first = next(self._slices, [])
        self._slice_timer.start()
        return first

    @property
    def loading_spans(self) -> bool:
        return self._slices is not None

    def _load_next_slice(self) -> None:
        if self._slices is None:
            return
        if getattr(self, "_links_due", False):
            self._links_due = False
            self.view.set_relations(self.repo.relations(self._slices.doc_id))
            return
        spans = next(self._slices, None)
        if spans is None:
            total = self._slices.total
            self._stop_loading()
            self._reset_span_table(list(self.view.index.spans.values()))  # the table sorts them
            if self.selected_span_id:  # chosen while loading: the new table shows it too
                self.select_span(self.selected_span_id)
            self._update_counts()
            self.statusBar().showMessage(f"All {total:,} spans of this story loaded.", 2000)
            return
        self.view.add_spans(spans)
        self.statusBar().showMessage(f"Loading spans… {len(self.view.index):,} of {self._slices.total:,}")

    def _stop_loading(self) -> None:
        self._slice_timer.stop()
        self._slices = None

    def finish_loading(self) -> None:
        """Read the rest of a long story's spans now: for anything that needs them all."""
        while self._slices is not None:
            self._load_next_slice()

    def story_spans(self) -> dict[str, Span]:
        """Every span of the open story, by id."""
        self.finish_loading()
        return self.view.index.spans
