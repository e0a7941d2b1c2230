"""Sources dock: counts per normalised source, spans across stories, keyboard to the story."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _attribute(window, doc_id, quote_phrase, attr_phrase, source, kind="person", label="QUOTE"):
    doc = window.repo.document(doc_id)
    quote = window.session.add_span(doc, label, [find(doc.text, quote_phrase)])
    attr = window.session.add_span(doc, "ATTRIBUTION", [find(doc.text, attr_phrase)])
    window.session.set_attribute(attr, "source", source)
    window.session.set_attribute(window.repo.span(attr.id), "source_kind", kind)
    window.session.link(window.repo.span(attr.id), quote)
    return quote, attr


def test_sources_panel_counts_and_opens_span_with_keyboard(qtbot, window):
    q1, a1 = _attribute(window, "s1", "“We are not taking chances,”", "said Dana Whitfield", "Dana Whitfield")
    c1, a2 = _attribute(window, "s2", "it was fine", "Officials said", "dana  whitfield", label="CLAIM")
    _attribute(window, "s1", "the closure would cost businesses", "Mayor Luis Ortiz said", "Mayor Luis Ortiz")
    QTest.keyClick(window.view, Qt.Key.Key_U, CTRL_SHIFT)
    panel = window.sources
    assert window.sources_dock.isVisible() and panel.table.hasFocus()
    rows = [[panel.table.item(r, c).text() for c in range(6)] for r in range(panel.table.rowCount())]
    # case/spacing grouped; the most quoted first; the kinds column counts source_kind
    assert rows[0] == ["Dana Whitfield", "1", "1", "2", "2", "person 2"]
    assert rows[1][:5] == ["Mayor Luis Ortiz", "1", "0", "1", "1"]
    # Enter on the source goes to its spans: attribution and target, across stories
    QTest.keyClick(panel.table, Qt.Key.Key_Return)
    assert panel.spans.hasFocus()
    texts = [panel.spans.item(i).text() for i in range(panel.spans.count())]
    assert texts[0].startswith("ATTRIBUTION · Story 1: said Dana Whitfield")
    assert any(t.startswith("CLAIM · Story 2: it was fine") for t in texts)
    # Down to the claim in story 2, Enter opens it with the span selected
    while panel.spans.currentItem().data(Qt.ItemDataRole.UserRole)[1] != c1.id:
        QTest.keyClick(panel.spans, Qt.Key.Key_Down)
    QTest.keyClick(panel.spans, Qt.Key.Key_Return)
    assert window.current_doc_id == "s2"
    assert window.selected_span_id == c1.id
    assert window.view.hasFocus()


def test_sources_panel_follows_edits_and_undo(qtbot, window):
    window.show_sources()
    assert window.sources.table.rowCount() == 0
    assert "No sources" in window.sources.summary.text()
    _q, attr = _attribute(window, "s1", "“We are not taking chances,”", "said Dana Whitfield", "Dana Whitfield")
    names = lambda: [window.sources.table.item(r, 0).text() for r in range(window.sources.table.rowCount())]  # noqa: E731
    qtbot.waitUntil(lambda: names() == ["Dana Whitfield"], timeout=3000)  # tallied once edits pause
    window.session.set_attribute(window.repo.span(attr.id), "source", "D. Whitfield")
    qtbot.waitUntil(lambda: names() == ["D. Whitfield"], timeout=3000)
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: names() == ["Dana Whitfield"], timeout=3000)
    assert window.sources.select_source("dana whitfield")


def test_sources_tabbed_behind_details_are_not_tallied_on_every_edit(qtbot, window):
    window.details_dock.raise_()  # Sources is the tab behind
    qtbot.wait(50)
    calls = []
    real = window.sources.refresh
    window.sources.refresh = lambda repo: (calls.append(1), real(repo))
    _attribute(window, "s1", "“We are not taking chances,”", "said Dana Whitfield", "Dana Whitfield")
    qtbot.wait(400)
    assert calls == []
    window.sources_dock.raise_()  # its tab opens: tallied now, with the edit in it
    qtbot.waitUntil(lambda: calls and window.sources.table.rowCount() == 1, timeout=3000)
    assert window.sources.table.item(0, 0).text() == "Dana Whitfield"


def test_sources_toggle_in_view_menu(window):
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    texts = [a.text() for a in view_menu.actions()]
    assert "Sources" in texts
    assert window.actions_by_id["sources"].shortcuts()[0].toString() == "Ctrl+Shift+U"


def test_the_source_field_completes_names_used_so_far_and_follows_edits(window):
    _q, attr = _attribute(window, "s1", "“We are not taking chances,”", "said Dana Whitfield", "Dana Whitfield")
    doc = window.repo.document("s1")
    other = window.session.add_span(doc, "ATTRIBUTION", [find(doc.text, "Mayor Luis Ortiz said")])

    def offered():
        window.select_span(other.id)
        completer = window.details._editors["source"].completer()
        model = completer.model()
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    assert offered() == ["Dana Whitfield"]
    window.session.set_attribute(window.repo.span(attr.id), "source", "Dana M. Whitfield")
    window.select_span(None)
    assert offered() == ["Dana M. Whitfield"]  # an edit is seen, not a stale list
