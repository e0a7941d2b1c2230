"""Schema editor: rename, keys, colours, attributes, relations, presets; removal asks first."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QColorDialog, QMessageBox

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
CTRL_SHIFT = CTRL | Qt.KeyboardModifier.ShiftModifier


def _open(window, qtbot):
    QTest.keyClick(window.view, Qt.Key.Key_K, CTRL_SHIFT)
    editor = window.schema_editor
    assert editor.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    return editor


def _pick_label(editor, name):
    editor.label_list.setFocus()
    QTest.keyClick(editor.label_list, Qt.Key.Key_Home)
    while editor.label_list.currentItem().text().split()[0] != name:
        QTest.keyClick(editor.label_list, Qt.Key.Key_Down)


def _retype(widget, text):
    widget.setFocus()
    QTest.keyClick(widget, Qt.Key.Key_A, CTRL)
    QTest.keyClicks(widget, text)


def _answer(button):
    """Answer the next message box with the keyboard (Space on the chosen button)."""
    seen = []

    def press():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, press)
            return
        seen.append(box.text())
        target = box.button(button)
        target.setFocus()
        QTest.keyClick(target, Qt.Key.Key_Space)

    QTimer.singleShot(0, press)
    return seen


def test_rename_label_relabels_spans_and_relations_and_undo(qtbot, window):
    text = window.doc.text
    quote = window.session.add_span(window.doc, "QUOTE", [find(text, "“We are not taking chances,”")])
    editor = _open(window, qtbot)
    _pick_label(editor, "QUOTE")
    _retype(editor.name_edit, "SPEECH")
    _retype(editor.keys_edit, "2, s")
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert not editor.isVisible() and editor.saved, (editor.problems.text(), QApplication.activeWindow())
    schema = window.repo.schema()
    assert schema.label("SPEECH").keys == ("2", "s") and schema.label("QUOTE") is None
    assert schema.relation("attributes").targets == ("SPEECH", "CLAIM")
    assert window.repo.span(quote.id).label == "SPEECH"
    assert "SPEECH" in window.view.colours  # the window reinstalled keys and colours
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.view.setFocus()
    window.view.select_cp(*find(text, "“If we waited, we would be gambling.”"))
    QTest.keyClick(window.view, Qt.Key.Key_S)  # the new key tags
    assert any(s.label == "SPEECH" and s.text.startswith("“If") for s in window.repo.spans("s1"))
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.repo.span(quote.id).label == "QUOTE" and window.repo.schema().label("SPEECH") is None


def test_validation_blocks_duplicate_and_reserved_keys_and_names(qtbot, window):
    editor = _open(window, qtbot)
    _pick_label(editor, "CLAIM")
    _retype(editor.keys_edit, "2, L")
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert editor.isVisible() and not editor.saved
    problems = editor.problems.text()
    assert "Key 2 is used by both" in problems
    assert "Key L of CLAIM is already the shortcut of “Link from selected span”" in problems
    _retype(editor.keys_edit, "1, c")
    _retype(editor.name_edit, "quote")
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert "Two labels are called QUOTE" in editor.problems.text()
    _retype(editor.name_edit, "CLAIM")
    editor.tabs.setCurrentIndex(1)
    _retype(editor.rel_to, "QUOTE, NOPE")
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert "there is no label NOPE" in editor.problems.text()
    assert window.repo.schema() == window.session.schema  # nothing stored
    QTest.keyClick(editor, Qt.Key.Key_Escape)
    assert not editor.isVisible()


def test_removing_a_label_in_use_asks_and_only_deletes_on_yes(qtbot, window):
    claim = window.session.add_span(window.doc, "CLAIM", [find(window.doc.text, "The bridge will close")])
    editor = _open(window, qtbot)
    _pick_label(editor, "CLAIM")
    QTest.keyClick(editor.label_list, Qt.Key.Key_Delete)
    assert "CLAIM" not in [editor.label_list.item(i).text().split()[0] for i in range(editor.label_list.count())]
    editor.tabs.setCurrentIndex(1)
    _retype(editor.rel_to, "QUOTE")
    asked = _answer(QMessageBox.StandardButton.No)
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert asked and "1 spans still use CLAIM" in asked[0]
    assert editor.isVisible() and window.repo.span(claim.id) is not None
    assert window.repo.schema().label("CLAIM") is not None
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    asked = _answer(QMessageBox.StandardButton.Yes)
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert asked and not editor.isVisible()
    assert window.repo.span(claim.id) is None and window.repo.schema().label("CLAIM") is None
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.repo.span(claim.id) is not None and window.repo.schema().label("CLAIM") is not None


def test_colour_attribute_and_relation_with_keyboard(qtbot, window):
    editor = _open(window, qtbot)
    _pick_label(editor, "CLAIM")

    def pick_colour():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QColorDialog):
            QTimer.singleShot(10, pick_colour)
            return
        dialog.setCurrentColor(QColor("#123456"))
        QTest.keyClick(dialog, Qt.Key.Key_Return)

    QTimer.singleShot(0, pick_colour)
    editor.colour_button.setFocus()
    QTest.keyClick(editor.colour_button, Qt.Key.Key_Space)
    assert editor.colour_button.text() == "#123456"
    qtbot.waitUntil(lambda: QApplication.activeWindow() is editor)
    QTest.keyClick(editor, Qt.Key.Key_N, CTRL_SHIFT)  # new attribute, name field focused
    assert editor.attr_name.hasFocus()
    QTest.keyClicks(editor.attr_name, "stance")
    editor.attr_type.setFocus()
    QTest.keyClick(editor.attr_type, Qt.Key.Key_Home)  # choice, text, bool
    assert editor.attr_type.currentText() == "choice" and editor.attr_values.isEnabled()
    editor.attr_values.setFocus()
    QTest.keyClicks(editor.attr_values, "for, against, neutral")
    QTest.keyClick(editor, Qt.Key.Key_R, CTRL)  # new relation type
    assert editor.rel_name.hasFocus()
    _retype(editor.rel_name, "contradicts")
    QTest.keyClicks(editor.rel_from, "CLAIM")
    QTest.keyClicks(editor.rel_to, "claim")  # case is forgiven
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert editor.saved
    schema = window.repo.schema()
    claim = schema.label("CLAIM")
    assert claim.colour == "#123456"
    stance = claim.attribute("stance")
    assert stance.type == "choice" and stance.values == ("for", "against", "neutral")
    assert schema.relation("contradicts").sources == ("CLAIM",) and schema.relation("contradicts").targets == ("CLAIM",)
    # the details panel now offers the new attribute
    c = window.session.add_span(window.doc, "CLAIM", [find(window.doc.text, "The bridge will close")])
    window.select_span(c.id)
    assert "stance" in window.details._editors


def test_switch_to_parc_preset(qtbot, window):
    editor = _open(window, qtbot)
    editor.preset.setFocus()
    while editor.preset.currentText() != "parc":
        QTest.keyClick(editor.preset, Qt.Key.Key_Down)
    next(b for b in editor.findChildren(type(editor.colour_button)) if b.text() == "&Use preset").click()
    assert [editor.label_list.item(i).text().split()[0] for i in range(editor.label_list.count())] == [
        "SOURCE",
        "CUE",
        "CONTENT",
    ]
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert window.repo.schema().name == "parc"
    assert window.repo.schema().label_names == ("SOURCE", "CUE", "CONTENT")
    assert set(window.view.colours) == {"SOURCE", "CUE", "CONTENT"}


def test_saving_unchanged_schema_adds_no_undo_step(qtbot, window):
    editor = _open(window, qtbot)
    QTest.keyClick(editor, Qt.Key.Key_Return, CTRL)
    assert not editor.isVisible()
    assert not window.session.history.undo_text
