"""Story > Agreement and adjudication… opens on the current project, from the keyboard."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find


def test_agreement_opens_from_the_keyboard(qtbot, window):
    text = window.doc.text
    s = window.session
    s.add_span(window.doc, "CLAIM", [find(text, "The bridge will close on March 3")])
    s.add_span(window.doc, "CLAIM", [find(text, "The bridge will close on March 3")], annotator="bea")
    QTest.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.agreement_dialog
    qtbot.addWidget(dialog)
    assert dialog.isVisible()
    assert dialog.tabs.count() >= 1
    dialog.close()
