"""Issue 12: links drawn on the text, label tags, nested spans boxed, fragment gaps (keyboard only)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _tag(window, phrase: str, key: Qt.Key, nth: int = 0):
    window.view.select_cp(*find(window.doc.text, phrase, nth))
    QTest.keyClick(window.view, key)
    return window.selected_span()


def _link(window, source, target) -> None:
    """Select the source, L, Tab until the target is the candidate, Enter: as an annotator links."""
    window.select_span(source.id)
    QTest.keyClick(window.view, Qt.Key.Key_L)
    for _ in range(len(window.link_candidates)):
        if window.link_candidates[window.link_pick] == target.id:
            break
        QTest.keyClick(window.view, Qt.Key.Key_Tab)
    QTest.keyClick(window.view, Qt.Key.Key_Return)


def _painted(window):
    window.view.viewport().repaint()
    return window.view.link_layout


def test_adjacent_pairs_are_joined_by_arches_and_the_selected_one_is_strong(window):
    quote = _tag(window, "“We are not taking chances,”", Qt.Key.Key_2)
    said = _tag(window, "said Dana Whitfield", Qt.Key.Key_3)
    _link(window, said, quote)
    assert window.repo.relations("s1")
    QTest.keyClick(window.view, Qt.Key.Key_Escape)  # nothing selected: every link quiet
    layout = _painted(window)
    assert len(layout.arches) == 1 and not layout.connectors
    arch = layout.arches[0]
    assert not arch.strong and arch.rel.source == said.id
    # The arch sits in the strip at the top of the line, above the letters, not across them.
    line = window.view.rects_cp(*find(window.doc.text, "said Dana Whitfield"))[0]
    assert abs(arch.top - line.top()) < 0.5
    q_rect = window.view.rects_cp(*find(window.doc.text, "“We are not taking chances,”"))[0]
    # It leaves each span near the edge facing the other: a short bridge over the pair only.
    assert q_rect.center().x() <= arch.x1 < q_rect.right() and line.left() < arch.x0 <= line.center().x()
    assert arch.x0 - arch.x1 <= 2 * 40 + (line.left() - q_rect.right()) + 1
    window.select_span(quote.id)
    assert _painted(window).arches[0].strong  # selecting either end emphasises its links


def test_links_between_paragraphs_run_through_the_gutter_with_their_label(window):
    quote = _tag(window, "“We are not taking chances,”", Qt.Key.Key_2)
    mayor = _tag(window, "Mayor Luis Ortiz said", Qt.Key.Key_3)
    _link(window, mayor, quote)
    layout = _painted(window)
    assert not layout.arches and len(layout.connectors) == 1
    con = layout.connectors[0]
    assert len(con.ends) == 2 and con.y1 > con.y0 and con.rel.type == "attributes"
    assert window.view.gutter.isVisible() and window.view.gutter.width() > 0
    # View > Links on the text hides them (and the gutter), and brings them back.
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL | SHIFT)
    assert not window.view.show_links and _painted(window).connectors == []
    assert not window.view.gutter.isVisible()
    assert not window.actions_by_id["show_links"].isChecked()
    QTest.keyClick(window.view, Qt.Key.Key_L, CTRL | SHIFT)
    assert len(_painted(window).connectors) == 1


def test_label_tags_use_the_key_letter_and_toggle(window):
    from annotator.ui.span_labels import key_letters

    assert key_letters(window.session.schema) == {"CLAIM": "C", "QUOTE": "Q", "ATTRIBUTION": "A"}
    span = _tag(window, "engineers said", Qt.Key.Key_3)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    end = window.view.rects_cp(span.start, span.end)[-1]

    def tag_pixels() -> int:
        img = window.view.viewport().grab().toImage()
        dark = QColor(window.view.colours["ATTRIBUTION"]).darker(135)
        n = 0
        for x in range(int(end.right()), int(end.right()) + 8):
            for y in range(int(end.top()), int(end.top()) + 6):
                c = QColor(img.pixel(x, y))
                n += abs(c.red() - dark.red()) + abs(c.green() - dark.green()) + abs(c.blue() - dark.blue()) < 60
        return n

    assert tag_pixels() > 5  # the A tag after the span
    QTest.keyClick(window.view, Qt.Key.Key_T, CTRL | SHIFT)
    assert not window.view.show_labels and tag_pixels() == 0


def test_a_quote_nested_in_a_claim_gets_its_own_box(window):
    text = window.doc.text
    _tag(window, "Mayor Luis Ortiz said the closure would cost businesses 😀 real money.", Qt.Key.Key_1)
    _tag(window, "the closure would cost businesses", Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    inner = window.view.rects_cp(*find(text, "the closure would cost businesses"))[0]
    img = window.view.viewport().grab().toImage()
    # The inner span's left edge is drawn in its own (blue) colour over the claim's (yellow) fill.
    edge = [QColor(img.pixel(int(inner.left()) + dx, int(inner.center().y()))) for dx in (0, 1, 2)]
    assert any(c.blue() > c.red() + 30 for c in edge)


def test_fragments_show_a_gap_mark_in_the_table(window):
    text = window.doc.text
    quote = _tag(window, "“We are not taking chances,”", Qt.Key.Key_2)
    window.view.select_cp(*find(text, "“If we waited, we would be gambling.”"))
    QTest.keyClick(window.view, Qt.Key.Key_F)
    span = window.repo.span(quote.id)
    assert len(span.fragments) == 2
    row = window.span_model.row_of(span.id)
    shown = window.span_model.index(row, 1).data()
    assert shown == "“We are not taking chances,” … “If we waited, we would be gambling.”"
