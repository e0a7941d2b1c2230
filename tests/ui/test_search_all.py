"""Ctrl+Shift+F: search every story, Enter opens the story at the match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def test_search_all_lists_matches_across_stories_and_opens_one(qtbot, window):
    QTest.keyClick(window.view, Qt.Key.Key_F, CTRL_SHIFT)
    dialog = window.search_all_dialog
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    assert dialog.isVisible() and dialog.query.hasFocus()
    QTest.keyClicks(dialog.query, "said")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    rows = [dialog.results.item(i).text() for i in range(dialog.results.count())]
    assert dialog.count.text() == "4 matches in 2 stories"
    assert rows[-1].startswith("Story 2: …Second story. Officials [said] it was fine.")
    assert dialog.results.hasFocus()
    QTest.keyClick(dialog.results, Qt.Key.Key_End)
    QTest.keyClick(dialog.results, Qt.Key.Key_Return)
    assert window.current_doc_id == "s2"
    assert window.doc.text[slice(*window.view.selected_cp())] == "said"
    assert window.view.selected_cp()[0] == window.doc.text.index("said")


def test_search_all_regex_error_and_no_match(qtbot, window):
    window.search_all()
    dialog = window.search_all_dialog
    dialog.regex.setChecked(True)
    QTest.keyClicks(dialog.query, "(unclosed")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.results.count() == 0 and dialog.count.text()  # the regex error, not a crash
    dialog.query.clear()
    QTest.keyClicks(dialog.query, "zebra")
    QTest.keyClick(dialog.query, Qt.Key.Key_Return)
    assert dialog.count.text() == "No matches."
    assert window.current_doc_id == "s1"
