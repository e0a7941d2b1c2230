"""Issue 12: suggestions reviewed in Details, partners rejected together, no duplicates;
a story is in progress whenever it gains spans; Tab from the caret; Tag all stays visible."""

from __future__ import annotations

from annotator.core.model import Status

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def _status(window, doc_id: str = "s1") -> str:
    return window.story_model.summary(doc_id).status


def _to_attribution(window):
    QTest.keyClick(window.view, Qt.Key.Key_G, CTRL)  # suggest
    for _ in range(len(window.suggestions)):
        sug = window._current_suggestion()
        if sug.label == "ATTRIBUTION":
            return sug
        QTest.keyClick(window.view, Qt.Key.Key_J)
    raise AssertionError("no attribution suggested")


def test_details_shows_the_suggestion_under_review_and_corrections_are_accepted(window):
    sug = _to_attribution(window)
    shown = window.details.span
    assert shown is not None and shown.id.endswith(sug.id) and shown.label == "ATTRIBUTION"
    assert window.details._editors["source"].text() == sug.attributes["source"]
    assert "Suggested ATTRIBUTION" in window.details.title.text()
    QTest.keyClick(window.view, Qt.Key.Key_E)
    field = QApplication.focusWidget()
    assert field is window.details._editors["source"]
    field.selectAll()
    QTest.keyClicks(field, "Ms Whitfield")
    QTest.keyClick(field, Qt.Key.Key_Escape)  # stored with the suggestion, back to the text
    assert window.view.hasFocus() and window.repo.spans("s1") == []  # nothing stored yet
    QTest.keyClick(window.view, Qt.Key.Key_Y)
    stored = [s for s in window.repo.spans("s1") if s.label == "ATTRIBUTION"]
    assert [s.attributes.get("source") for s in stored] == ["Ms Whitfield"]


def test_rejecting_an_attribution_offers_to_reject_its_quote(window, monkeypatch):
    asked = []
    monkeypatch.setattr(window, "confirm", lambda title, text: asked.append(text) or True)
    sug = _to_attribution(window)
    partner_ids = set(sug.links)
    assert partner_ids
    QTest.keyClick(window.view, Qt.Key.Key_N)
    left = {s.id for s in window.suggestions}
    assert sug.id not in left and not partner_ids & left
    assert asked and "We are not taking chances" in asked[0] and "““" not in asked[0]


def test_declining_keeps_the_quote(window, monkeypatch):
    monkeypatch.setattr(window, "confirm", lambda title, text: False)
    sug = _to_attribution(window)
    QTest.keyClick(window.view, Qt.Key.Key_N)
    left = {s.id for s in window.suggestions}
    assert sug.id not in left and set(sug.links) <= left


def test_suggestions_duplicating_a_span_are_not_proposed(window):
    # Tagged by hand without the quote marks the suggester includes.
    window.view.select_cp(*find(window.doc.text, "We are not taking chances,"))
    QTest.keyClick(window.view, Qt.Key.Key_2)
    QTest.keyClick(window.view, Qt.Key.Key_G, CTRL)
    quotes = [window.doc.text[s.fragments[0][0] : s.fragments[0][1]] for s in window.suggestions if s.label == "QUOTE"]
    assert quotes and not any("not taking chances" in q for q in quotes)


def test_accept_all_suggestions_puts_the_story_in_progress(window):
    assert _status(window) == Status.NEW
    QTest.keyClick(window.view, Qt.Key.Key_G, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Y, CTRL | SHIFT)
    assert window.repo.spans("s1")
    assert _status(window) == Status.IN_PROGRESS
    assert window.repo.document("s1").status == Status.IN_PROGRESS
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # undo takes the status back too
    assert _status(window) == Status.NEW


def test_tag_all_puts_the_story_in_progress_and_the_tags_show(window, monkeypatch):
    monkeypatch.setattr(window, "confirm", lambda title, text: True)
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL)
    QTest.keyClicks(window.find_bar.query, "said")
    assert window.view.marks  # the find highlight
    window.find_bar.label.setCurrentText("ATTRIBUTION")
    window.find_bar.tag_all_requested.emit("ATTRIBUTION")  # the bar's Tag all button
    assert len(window.repo.spans("s1")) == 3 and _status(window) == Status.IN_PROGRESS
    assert window.view.marks == []  # the yellow marks no longer cover the new tags
    QTest.keyClick(window.find_bar.query, Qt.Key.Key_Return)  # matches still step
    assert window.view.selected_cp() == find(window.doc.text, "said")


def test_tab_goes_on_from_the_caret(window):
    text = window.doc.text
    for phrase, key in (("bridge", Qt.Key.Key_1), ("We are not taking chances", Qt.Key.Key_2), ("Mayor", Qt.Key.Key_3)):
        window.view.select_cp(*find(text, phrase))
        QTest.keyClick(window.view, key)
    QTest.keyClick(window.view, Qt.Key.Key_Escape)
    QTest.keyClick(window.view, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.selected_span().text == "bridge"
    QTest.keyClick(window.view, Qt.Key.Key_End, CTRL)  # caret past the last span
    QTest.keyClick(window.view, Qt.Key.Key_Backtab, SHIFT)
    assert window.selected_span().text == "Mayor"  # the span before the caret, not before "bridge"
    QTest.keyClick(window.view, Qt.Key.Key_Home, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.selected_span().text == "bridge"  # the span after the caret, not after "Mayor"


def test_a_suggestion_over_words_tagged_under_another_label_is_not_proposed(window):
    claim = find(window.doc.text, "“We are not taking chances,”")
    window.view.select_cp(*claim)
    QTest.keyClick(window.view, Qt.Key.Key_1)  # the annotator calls it a CLAIM
    QTest.keyClick(window.view, Qt.Key.Key_G, CTRL)
    assert window.suggestions and all(s.fragments[0][0] not in range(*claim) for s in window.suggestions)
