"""The core loop in the real window, driven by the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find


def test_select_press_key_undo_redo_and_reopen(qtbot, window, project):
    text = window.doc.text
    window.view.select_cp(*find(text, "The bridge will close on March 3"))
    QTest.keyClick(window.view, Qt.Key.Key_1)
    [span] = window.repo.spans("s1")
    assert (span.label, span.text) == ("CLAIM", "The bridge will close on March 3")
    assert span.id in window.view.index.spans and window.span_model.rowCount() == 1
    assert window.story_model.rows[0].span_count == 1
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.repo.spans("s1") == [] and len(window.view.index) == 0 and window.span_model.rowCount() == 0
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert [s.id for s in window.repo.spans("s1")] == [span.id]
    assert span.id in window.view.index.spans

    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    other = MainWindow(open_project(project), annotator="tester", settings=Settings())
    qtbot.addWidget(other)
    other.set_story("s1")
    assert span.id in other.view.index.spans


def test_letter_keys_word_snapping_and_whitespace(window):
    text = window.doc.text
    s, e = find(text, "Dana Whitfield")
    window.view.select_cp(s + 2, e - 3)  # inside words: snaps out to whole words
    QTest.keyClick(window.view, Qt.Key.Key_A)
    [span] = window.repo.spans("s1")
    assert span.label == "ATTRIBUTION" and span.text == "Dana Whitfield"
    s, e = find(text, " real money.")
    window.view.select_cp(s, e)
    QTest.keyClick(window.view, Qt.Key.Key_Q)
    quote = next(sp for sp in window.repo.spans("s1") if sp.label == "QUOTE")
    assert quote.text == "real money."


def test_click_selects_and_delete_removes_with_links(qtbot, window):
    text = window.doc.text
    s = window.session
    q = s.add_span(window.doc, "QUOTE", [find(text, "“We are not taking chances,”")])
    a = s.add_span(window.doc, "ATTRIBUTION", [find(text, "said Dana Whitfield")])
    s.link(a, q)
    inner = s.add_span(window.doc, "CLAIM", [find(text, "taking chances")])
    middle = find(text, "chances")[0] + 3
    window.view.select_cp(middle, middle)
    point = window.view.cursorRect().center()
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_span_id in (inner.id, q.id)
    first = window.selected_span_id
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.selected_span_id in (inner.id, q.id) and window.selected_span_id != first  # cycles
    window.select_span(q.id)
    QTest.keyClick(window.view, Qt.Key.Key_Delete)
    assert window.repo.span(q.id) is None and window.repo.relations("s1") == []
    assert "link" in window.statusBar().currentMessage()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.repo.span(q.id) is not None and len(window.repo.relations("s1")) == 1


def test_overlapping_spans_get_separate_layers(window):
    text = window.doc.text
    s = window.session
    outer = s.add_span(window.doc, "CLAIM", [find(text, "The bridge will close on March 3, engineers said.")])
    inner = s.add_span(window.doc, "QUOTE", [find(text, "close on March 3")])
    start, end = window.view.visible_range_cp()
    frags = window.view.index.fragments_in(start, end)
    assert [f[2].id for f in frags] == [outer.id, inner.id]
    rects = window.view.rects_cp(inner.start, inner.end)
    assert rects and all(r.width() > 0 for r in rects)
    image = window.view.viewport().grab().toImage()
    assert not image.isNull()


def test_undo_switches_to_the_story_it_belongs_to(window):
    text = window.doc.text
    window.session.add_span(window.doc, "CLAIM", [find(text, "engineers said")])
    window.set_story("s2")
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_doc_id == "s1" and window.repo.spans("s1") == []


def test_done_and_next_and_story_navigation(window):
    QTest.keyClick(window.view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.repo.document("s1").status == "done"
    assert window.current_doc_id == "s2"
    assert window.story_model.progress() == (1, 3)
    QTest.keyClick(window.view, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert window.current_doc_id == "s1"
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    QTest.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert window.current_doc_id == "s3"
