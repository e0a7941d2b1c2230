"""A long story's spans, read a slice at a time so its text is on screen at once.

Reading 50,000 spans from SQLite takes several times as long as showing the
text of a 5 MB story. Above a threshold the window reads the first screenful's
spans with the text, then the rest in slices of a few thousand between events,
in text order, so the window stays usable while they arrive. Anything that
needs every span (links, Tab, tag-all, selecting a span by id) drains the rest
first; edits made meanwhile are safe because each slice is read from the
project when it is due and spans already shown keep their newer version.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from annotator.core.model import Span
from annotator.workflows.project_files import Repository

__all__ = ["SpanSlices", "FIRST_SLICE_CHARS", "SLICE_SPANS"]

FIRST_SLICE_CHARS = 20_000  # more than any screen shows at once
SLICE_SPANS = 3_000  # ~20 ms of reading: the longest the window waits between events


class SpanSlices:
    """Iterate a story's spans in slices by start offset; the first covers the top."""

    def __init__(self, repo: Repository, doc_id: str, text_length: int, span_count: int) -> None:
        self.repo = repo
        self.doc_id = doc_id
        self.total = span_count
        # Slices as wide as the text holds SLICE_SPANS spans on average.
        per_slice = math.ceil(text_length * SLICE_SPANS / max(span_count, 1))
        self.bounds = [0, FIRST_SLICE_CHARS]
        while self.bounds[-1] <= text_length:
            self.bounds.append(self.bounds[-1] + max(per_slice, FIRST_SLICE_CHARS))
        self._iter = self._slices()

    def _slices(self) -> Iterator[list[Span]]:
        for lo, hi in zip(self.bounds, self.bounds[1:], strict=False):
            yield self.repo.spans_starting_in(self.doc_id, lo, hi)

    def __iter__(self) -> Iterator[list[Span]]:
        return self._iter

    def __next__(self) -> list[Span]:
        return next(self._iter)
