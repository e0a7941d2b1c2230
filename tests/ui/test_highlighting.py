"""Layered highlights: overlapping and nested spans stay apart, only visible blocks are computed."""

from __future__ import annotations

from annotator.core.model import Document, Span
from annotator.core.text import Utf16Map, text_hash

from annotator.ui.highlighting import assign_layers, visible_highlights
from annotator.ui.span_index import SpanIndex

from .conftest import find


def _doc(text: str) -> Document:
    return Document("d", "t", text, text_hash(text))


def test_nested_and_crossing_spans_get_different_layers():
    doc = _doc("😀 alpha beta gamma delta")
    outer = Span.create(doc, "CLAIM", [(0, 24)], annotator="a")
    inner = Span.create(doc, "QUOTE", [(2, 12)], annotator="a")
    crossing = Span.create(doc, "ATTRIBUTION", [(8, 18)], annotator="a")
    after = Span.create(doc, "QUOTE", [(19, 24)], annotator="a")
    index = SpanIndex([outer, inner, crossing, after])
    hls = {h.span.id: h for h in visible_highlights(index, Utf16Map(doc.text), 0, len(doc.text))}
    assert hls[outer.id].depth == 0
    assert hls[inner.id].depth == 1 and hls[crossing.id].depth == 2
    assert hls[after.id].depth == 1  # the layer of `inner` is free again after it ends
    # the emoji counts twice in UTF-16: everything after it moves by one
    assert (hls[outer.id].start16, hls[outer.id].end16) == (0, 25)
    assert (hls[inner.id].start16, hls[inner.id].end16) == (3, 13)


def test_only_fragments_in_the_asked_range_are_returned():
    text = "x" * 1000
    doc = _doc(text)
    spans = [Span.create(doc, "CLAIM", [(i, i + 5)], annotator="a") for i in range(0, 1000, 10)]
    hls = visible_highlights(SpanIndex(spans), Utf16Map(text), 500, 520)
    assert sorted(h.start16 for h in hls) == [500, 510]
    assert assign_layers([]) == []


def test_window_highlights_follow_adds_and_undo(window):
    text = window.doc.text
    s = window.session
    outer = s.add_span(window.doc, "CLAIM", [find(text, "The bridge will close on March 3, engineers said.")])
    inner = s.add_span(window.doc, "QUOTE", [find(text, "close on March 3")])
    depths = {h.span.id: h.depth for h in window.view.highlights()}
    assert depths == {outer.id: 0, inner.id: 1}
    s.undo()
    assert {h.span.id for h in window.view.highlights()} == {outer.id}
    s.redo()
    assert {h.span.id for h in window.view.highlights()} == {outer.id, inner.id}
