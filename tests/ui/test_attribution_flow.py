"""A full attribution with the keyboard alone: split quote, attribution, attributes, link."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox, QLineEdit

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier


def test_split_quote_attribution_link_undo_redo(qtbot, window):
    view, text, repo = window.view, window.doc.text, window.repo
    view.select_cp(*find(text, "“We are not taking chances,”"))
    QTest.keyClick(view, Qt.Key.Key_Q)
    quote = repo.spans("s1")[0]
    assert quote.attributes == {"type": "direct"}
    view.select_cp(*find(text, "“If we waited, we would be gambling.”"))
    QTest.keyClick(view, Qt.Key.Key_F)  # add as a fragment of the selected quote
    quote = repo.span(quote.id)
    assert len(quote.fragments) == 2
    assert quote.text == "“We are not taking chances,” “If we waited, we would be gambling.”"
    view.select_cp(*find(text, "said Dana Whitfield"))
    QTest.keyClick(view, Qt.Key.Key_A)
    attribution = next(s for s in repo.spans("s1") if s.label == "ATTRIBUTION")
    assert window.selected_span_id == attribution.id
    # attributes through the details panel, keyboard only
    QTest.keyClick(view, Qt.Key.Key_E)
    editors = window.details._editors
    source = editors["source"]
    assert isinstance(source, QLineEdit) and source.hasFocus() is not None
    source.setFocus()
    QTest.keyClicks(source, "Dana Whitfield")
    QTest.keyClick(source, Qt.Key.Key_Return)
    cue = window.details._editors["cue"]
    QTest.keyClicks(cue, "said")
    QTest.keyClick(cue, Qt.Key.Key_Return)
    kind = window.details._editors["source_kind"]
    assert isinstance(kind, QComboBox)
    kind.setFocus()
    QTest.keyClick(kind, Qt.Key.Key_Down)
    attribution = repo.span(attribution.id)
    assert attribution.attributes == {"source": "Dana Whitfield", "cue": "said", "source_kind": "person"}
    # link: L, Tab to the quote, Enter
    view.setFocus()
    window.select_span(attribution.id)
    QTest.keyClick(view, Qt.Key.Key_L)
    assert window.link_from == attribution.id
    while window.link_candidates[window.link_pick] != quote.id:
        QTest.keyClick(view, Qt.Key.Key_Tab)
    QTest.keyClick(view, Qt.Key.Key_Return)
    [rel] = repo.relations("s1")
    assert (rel.type, rel.source, rel.target) == ("attributes", attribution.id, quote.id)
    assert window.details.links.count() == 1
    # the whole thing unwinds and rewinds
    steps = len(window.session.history._undo)
    for _ in range(steps):
        QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert repo.spans("s1") == [] and repo.relations("s1") == []
    for _ in range(steps):
        QTest.keyClick(view, Qt.Key.Key_Z, CTRL | SHIFT)
    assert repo.span(quote.id).fragments == quote.fragments
    assert repo.span(attribution.id).attributes["source"] == "Dana Whitfield"
    assert len(repo.relations("s1")) == 1


def test_link_mode_escape_and_relabel_with_a_key(window):
    view, text = window.view, window.doc.text
    view.select_cp(*find(text, "engineers said"))
    QTest.keyClick(view, Qt.Key.Key_A)
    QTest.keyClick(view, Qt.Key.Key_L)
    assert window.link_from is None  # nothing to link to yet: told, not stuck
    view.select_cp(*find(text, "The bridge will close on March 3"))
    QTest.keyClick(view, Qt.Key.Key_2)
    span = window.selected_span()
    QTest.keyClick(view, Qt.Key.Key_1)  # no text selected: relabels the selected span
    assert window.repo.span(span.id).label == "CLAIM"
    QTest.keyClick(view, Qt.Key.Key_L)
    assert window.link_from == span.id
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert window.link_from is None and window.repo.relations("s1") == []


def test_boundary_keys_by_word_and_character_on_astral_text(window):
    view, text, repo = window.view, window.doc.text, window.repo
    view.select_cp(*find(text, "businesses"))
    QTest.keyClick(view, Qt.Key.Key_C)
    span = window.selected_span()
    QTest.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)  # end one word right: over the emoji
    assert repo.span(span.id).text == "businesses 😀"
    QTest.keyClick(view, Qt.Key.Key_Right, ALT | SHIFT)
    assert repo.span(span.id).text == "businesses 😀 real"
    QTest.keyClick(view, Qt.Key.Key_Left, ALT)  # start one word left
    assert repo.span(span.id).text == "cost businesses 😀 real"
    QTest.keyClick(view, Qt.Key.Key_Right, ALT)  # start one word right
    assert repo.span(span.id).text == "businesses 😀 real"
    QTest.keyClick(view, Qt.Key.Key_Left, CTRL | ALT | SHIFT)  # end one character left
    assert repo.span(span.id).text == "businesses 😀 rea"
    QTest.keyClick(view, Qt.Key.Key_Right, CTRL | ALT)  # start one character right
    assert repo.span(span.id).text == "usinesses 😀 rea"
    repo.span(span.id).check(text)


def test_find_count_step_and_tag_all(window, monkeypatch):
    view = window.view
    QTest.keyClick(view, Qt.Key.Key_F, CTRL)
    assert window.find_bar.isVisible()
    QTest.keyClicks(window.find_bar.query, "said")
    assert window.find_bar.count.text() == "3 matches"
    QTest.keyClick(window.find_bar.query, Qt.Key.Key_Return)
    assert window.view.selected_cp() == find(window.doc.text, "said")
    QTest.keyClick(view, Qt.Key.Key_F3)
    assert window.view.selected_cp() == find(window.doc.text, "said", 1)
    window.find_bar.regex.setChecked(True)
    window.find_bar.query.setText("s[a-z]+d")
    assert window.find_bar.count.text() == "3 matches"
    window.find_bar.query.setText("(")
    assert "regular expression" in window.statusBar().currentMessage()
    window.find_bar.query.setText("said")
    monkeypatch.setattr(window, "confirm", lambda title, text: "3 matches" in text)
    window.find_bar.label.setCurrentText("ATTRIBUTION")
    window.tag_all_matches("ATTRIBUTION")
    assert len([s for s in window.repo.spans("s1") if s.label == "ATTRIBUTION"]) == 3
    QTest.keyClick(view, Qt.Key.Key_Z, CTRL)
    assert window.repo.spans("s1") == []


def test_cheat_sheet_lists_every_shortcut(window):
    from annotator.ui.actions import ACTIONS
    from annotator.ui.cheat_sheet import shortcut_rows

    rows = shortcut_rows(window.session.schema)
    keys = " ".join(r[2] for r in rows)
    for spec in ACTIONS:
        for shortcut in spec.shortcuts:
            assert shortcut in keys
    seen: dict[str, str] = {}
    for spec in ACTIONS:
        for shortcut in spec.shortcuts:
            assert shortcut not in seen, f"{shortcut} used by {seen.get(shortcut)} and {spec.id}"
            seen[shortcut] = spec.id
