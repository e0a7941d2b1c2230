"""Spans of one story, indexed by code-point position for painting and hit tests.

Fragments sorted by start with the longest fragment's length remembered, so
"what overlaps [a, b)" scans only fragments starting in [a - longest, b): a few
hundred for a screenful even with 50,000 spans in the story.
"""

from __future__ import annotations

from bisect import bisect_left, insort

from annotator.core.model import Span

__all__ = ["SpanIndex"]


class SpanIndex:
    def __init__(self, spans: list[Span] | None = None) -> None:
        self.spans: dict[str, Span] = {}
        self._starts: list[tuple[int, int, str]] = []  # (start, end, span id) per fragment
        self._longest = 0
        if spans:
            self.reset(spans)

    def reset(self, spans: list[Span]) -> None:
        self.spans = {s.id: s for s in spans}
        self._starts = sorted((s0, e0, s.id) for s in spans for s0, e0 in s.fragments)
        self._longest = max((e - s for s, e, _ in self._starts), default=0)

    def add(self, span: Span) -> None:
        if span.id in self.spans:
            self.remove(span.id)
        self.spans[span.id] = span
        for s, e in span.fragments:
            insort(self._starts, (s, e, span.id))
            self._longest = max(self._longest, e - s)

    def remove(self, span_id: str) -> None:
        span = self.spans.pop(span_id, None)
        if span is None:
            return
        for s, e in span.fragments:
            i = bisect_left(self._starts, (s, e, span_id))
            if i < len(self._starts) and self._starts[i] == (s, e, span_id):
                del self._starts[i]

    def fragments_in(self, start: int, end: int) -> list[tuple[int, int, Span]]:
        """Fragments overlapping [start, end), in (start, -length) order."""
        lo = bisect_left(self._starts, (start - self._longest, -1, ""))
        hi = bisect_left(self._starts, (end, -1, ""))
        out = [(s, e, self.spans[i]) for s, e, i in self._starts[lo:hi] if e > start]
        out.sort(key=lambda f: (f[0], f[0] - f[1]))
        return out

    def spans_at(self, pos: int) -> list[Span]:
        """Spans covering code point ``pos``, innermost (shortest) first."""
        seen: dict[str, Span] = {}
        for s, e, span in self.fragments_in(pos, pos + 1):
            if s <= pos < e:
                seen[span.id] = span
        return sorted(seen.values(), key=lambda sp: (sp.end - sp.start, sp.start))

    def __len__(self) -> int:
        return len(self.spans)

    def ordered(self) -> list[Span]:
        return sorted(self.spans.values(), key=lambda s: (s.start, s.end, s.label, s.id))
