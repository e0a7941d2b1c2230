"""Ctrl+drag adds a fragment to the selected span; hovering a span outlines its links."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
LEFT = Qt.MouseButton.LeftButton


def _point(view, cp: int) -> QPoint:
    c = QTextCursor(view.document())
    c.setPosition(view.map.cp_to_utf16(cp))
    rect = view.cursorRect(c)
    return QPoint(rect.left() + 1, rect.center().y())


def test_ctrl_drag_adds_fragment_to_selected_span(qtbot, window):
    view, text = window.view, window.doc.text
    quote = window.session.add_span(window.doc, "QUOTE", [find(text, "“We are not taking chances,”")])
    window.select_span(quote.id)
    s, e = find(text, "“If we waited, we would be gambling.”")
    vp = view.viewport()
    QTest.mousePress(vp, LEFT, CTRL, _point(view, s))
    QTest.mouseMove(vp, _point(view, e - 3))
    QTest.mouseRelease(vp, LEFT, CTRL, _point(view, e - 3))
    fragments = window.repo.span(quote.id).fragments
    assert len(fragments) == 2
    # word snapping widens the dragged words to whole words
    assert text[slice(*fragments[1])].startswith("“If we waited")
    # a plain drag (no Ctrl) only selects
    QTest.mousePress(vp, LEFT, Qt.KeyboardModifier.NoModifier, _point(view, 0))
    QTest.mouseMove(vp, _point(view, 8))
    QTest.mouseRelease(vp, LEFT, Qt.KeyboardModifier.NoModifier, _point(view, 8))
    assert len(window.repo.span(quote.id).fragments) == 2


def test_hover_outlines_linked_spans_only_when_nothing_selected(qtbot, window):
    view, text = window.view, window.doc.text
    quote = window.session.add_span(window.doc, "QUOTE", [find(text, "“We are not taking chances,”")])
    attr = window.session.add_span(window.doc, "ATTRIBUTION", [find(text, "said Dana Whitfield")])
    window.session.link(attr, quote)
    window.select_span(None)
    s, _e = find(text, "Dana")
    QTest.mouseMove(view.viewport(), _point(view, s + 1))
    assert view.linked_ids == {attr.id, quote.id}
    QTest.mouseMove(view.viewport(), _point(view, text.index("Mayor") + 1))
    assert view.linked_ids == set()
    window.select_span(quote.id)  # a selection wins over hovering
    QTest.mouseMove(view.viewport(), _point(view, s + 1))
    assert view.linked_ids == {attr.id}
