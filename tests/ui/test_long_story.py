"""A long story's spans arrive in slices after its text: the window is usable at
once, nothing is lost or doubled by edits made while they arrive, and anything
that needs every span gets them all."""

from __future__ import annotations

import random

import pytest

from annotator.core.model import Document, Span, now_iso
from annotator.core.text import fragment_text, text_hash

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from annotator.ui import span_loading

WORDS = "the mayor said officials would close the bridge on Tuesday 😀 according to a report".split()
N_SPANS = 400


@pytest.fixture
def long_window(qtbot, tmp_path, monkeypatch):
    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    monkeypatch.setattr(span_loading, "SLICE_SPANS", 40)  # ~10 slices for 400 spans
    rng = random.Random(3)
    text = " ".join(rng.choice(WORDS) for _ in range(40_000))  # ~200,000 code points
    repo = open_project(tmp_path / "long.annotator")
    doc = Document("long", "Long story", text, text_hash(text))
    repo.add_documents([doc, Document("small", "Small", "A small story.", text_hash("A small story."))])
    spans, stamp = [], now_iso()
    for i in range(N_SPANS):
        s = rng.randrange(0, len(text) - 60)
        frags = ((s, s + rng.randrange(3, 50)),)
        spans.append(
            Span(
                f"sp{i:04d}",
                doc.id,
                ("CLAIM", "QUOTE")[i % 2],
                frags,
                fragment_text(text, frags),
                {},
                "",
                "alice",
                "manual",
                stamp,
                stamp,
            )
        )
    with repo.transaction():
        repo.add_annotations(spans)
    win = MainWindow(repo, annotator="tester", settings=Settings())
    win.LOAD_AT_ONCE = 100
    qtbot.addWidget(win)
    win.show()
    qtbot.waitExposed(win)
    win.set_story("small")
    return win


def _stored(win):
    return {s.id: s for s in win.repo.spans("long")}


def test_text_first_then_every_span_in_slices(qtbot, long_window):
    win = long_window
    win.set_story("long")
    assert win.loading_spans
    first = set(win.view.index.spans)
    assert first and len(first) < N_SPANS
    assert all(win.view.index.spans[i].start < span_loading.FIRST_SLICE_CHARS for i in first)
    assert f"{N_SPANS} spans in story" in win.counts.text()  # the count is the story's, not the slice's
    win.view.viewport().repaint()  # painting while loading is fine
    qtbot.waitUntil(lambda: not win.loading_spans, timeout=10_000)
    assert win.view.index.spans == _stored(win)
    assert [s.id for s in win.span_model.spans] == [s.id for s in win.repo.spans("long")]


def test_edits_while_loading_are_neither_lost_nor_doubled(qtbot, long_window):
    win = long_window
    win.set_story("long")
    assert win.loading_spans
    text = win.doc.text
    late = max(_stored(win).values(), key=lambda s: s.start)  # in the last slice, not read yet
    assert late.id not in win.view.index.spans
    added = win.session.add_span(win.doc, "CLAIM", [(len(text) - 30, len(text) - 20)])  # beyond the loaded part
    win.session.delete_spans([late])
    early = next(s for s in win.view.index.spans.values() if s.label == "CLAIM")
    win.session.set_attribute(early, "checkworthy", "yes")
    qtbot.waitUntil(lambda: not win.loading_spans, timeout=10_000)
    stored = _stored(win)
    assert added.id in stored and late.id not in stored
    assert win.view.index.spans == stored
    drawn = win.view.index.fragments_in(0, len(text) + 1)
    assert sorted(sp.id for _, _, sp in drawn) == sorted(stored)  # each painted once
    assert sorted(s.id for s in win.span_model.spans) == sorted(stored)  # one row each
    assert win.view.index.spans[early.id].attributes == {"checkworthy": "yes"}
    win.session.undo()  # the attribute
    win.session.undo()  # the deletion: the late span comes back once
    assert win.view.index.spans == _stored(win) and late.id in win.view.index.spans
    assert sorted(s.id for s in win.span_model.spans) == sorted(_stored(win))


def test_selecting_a_span_not_read_yet_reads_the_rest(long_window):
    win = long_window
    win.set_story("long")
    late = max(_stored(win).values(), key=lambda s: s.start)
    win.select_span(late.id)
    assert not win.loading_spans and win.selected_span_id == late.id
    assert win.span_model.spans[win.span_table.currentIndex().row()].id == late.id


def test_tab_and_links_see_every_span(long_window):
    win = long_window
    win.set_story("long")
    win.view.setFocus()
    QTest.keyClick(win.view, Qt.Key.Key_Tab)
    assert not win.loading_spans and len(win.span_model.spans) == N_SPANS


def test_switching_away_stops_the_loading(qtbot, long_window):
    win = long_window
    win.set_story("long")
    assert win.loading_spans
    win.set_story("small")
    assert not win.loading_spans
    qtbot.wait(50)
    assert win.view.index.spans == {} and win.span_model.spans == []


def test_a_span_chosen_while_loading_stays_chosen_in_the_full_table(qtbot, long_window):
    win = long_window
    win.set_story("long")
    early = min(win.view.index.spans.values(), key=lambda s: s.start)
    win.select_span(early.id)
    assert win.loading_spans  # it was already there: nothing forced the rest
    qtbot.waitUntil(lambda: not win.loading_spans, timeout=10_000)
    assert win.selected_span_id == early.id
    assert win.span_model.spans[win.span_table.currentIndex().row()].id == early.id


def test_span_table_rows_in_text_order_ties_by_label_then_id(qapp):
    from annotator.core.model import Span

    from annotator.ui.span_table import SpanTableModel

    def span(i: str, label: str, frags: tuple) -> Span:
        return Span(i, "d", label, frags, "t")

    spans = [
        span("c", "QUOTE", ((5, 9),)),
        span("b", "CLAIM", ((5, 9),)),
        span("a", "CLAIM", ((5, 9),)),
        span("m", "CLAIM", ((1, 2), (20, 30))),
        span("e", "CLAIM", ((1, 4),)),
    ]
    model = SpanTableModel()
    model.reset(spans, {})
    assert [s.id for s in model.spans] == ["e", "m", "a", "b", "c"]
    model.add(span("d", "CLAIM", ((5, 9),)))
    assert [s.id for s in model.spans] == ["e", "m", "a", "b", "d", "c"]
