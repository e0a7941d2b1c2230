"""Issue 12: the Details panel stores text as it is typed, and its keys never fight the annotator."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

from .conftest import find

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
HERE = Path(__file__).resolve().parent


def _attribution(window):
    window.view.select_cp(*find(window.doc.text, "said Dana Whitfield"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    return window.selected_span()


def test_typed_source_is_stored_without_tab_and_undoes_in_one_step(window, qtbot):
    span = _attribution(window)
    QTest.keyClick(window.view, Qt.Key.Key_E)
    field = QApplication.focusWidget()
    assert isinstance(field, QLineEdit) and field is window.details._editors["source"]
    QTest.keyClicks(field, "Dana")
    QTest.qWait(250)  # a pause, no Tab, no Enter
    QTest.keyClicks(field, " Whitfield")
    qtbot.waitUntil(lambda: window.repo.span(span.id).attributes.get("source") == "Dana Whitfield", timeout=2000)
    QTest.keyClick(field, Qt.Key.Key_Escape)  # back to the text
    assert window.view.hasFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)  # one step takes the whole field edit back
    assert "source" not in window.repo.span(span.id).attributes
    assert window.repo.span(span.id) is not None  # ...and only it: the span stays
    QTest.keyClick(window.view, Qt.Key.Key_Z, CTRL)
    assert window.repo.span(span.id) is None


def test_note_is_stored_as_typed_too(window, qtbot):
    span = _attribution(window)
    note = window.details._editors["__note"]
    note.setFocus()
    QTest.keyClicks(note, "check the tape")
    qtbot.waitUntil(lambda: window.repo.span(span.id).note == "check the tape", timeout=2000)


def test_kill_9_right_after_typing_a_source_keeps_it(tmp_path, project):
    doc_text = _story_text(project)
    start, end = find(doc_text, "said Dana Whitfield")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    p = subprocess.Popen(
        [sys.executable, str(HERE / "type_and_wait.py"), str(project), "s1", str(start), str(end), "Dana Whitfield"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        line = p.stdout.readline()
        assert line.startswith("TYPED Dana Whitfield"), line
    finally:
        p.send_signal(signal.SIGKILL)
        p.wait()
    from annotator.store import open_project

    repo = open_project(project)
    try:
        [span] = repo.spans("s1")
        assert span.label == "ATTRIBUTION" and span.attributes.get("source") == "Dana Whitfield"
    finally:
        repo.close()


def _story_text(project) -> str:
    from annotator.store import open_project

    repo = open_project(project)
    try:
        return repo.document("s1").text
    finally:
        repo.close()


def test_e_brings_the_details_tab_to_the_front(window):
    _attribution(window)
    window.show_sources()  # Sources tabbed over Details
    window.view.setFocus()
    assert window.details_dock.visibleRegion().isEmpty()
    QTest.keyClick(window.view, Qt.Key.Key_E)
    assert not window.details_dock.visibleRegion().isEmpty()
    assert QApplication.focusWidget() is window.details._editors["source"]


def test_alt_down_in_a_dropdown_opens_it_and_keeps_the_story(window):
    _attribution(window)
    QTest.keyClick(window.view, Qt.Key.Key_E)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab, SHIFT)  # back to the Label dropdown
    box = QApplication.focusWidget()
    assert isinstance(box, QComboBox) and box is window.details._editors["__label"]
    QTest.keyClick(box, Qt.Key.Key_Down, ALT)
    assert window.current_doc_id == "s1"
    assert box.view().isVisible()
    QTest.keyClick(box.view(), Qt.Key.Key_Escape)
    assert not box.view().isVisible()
    # In the text, Alt+Down still goes to the next story.
    window.view.setFocus()
    QTest.keyClick(window.view, Qt.Key.Key_Down, ALT)
    assert window.current_doc_id == "s2"


def test_the_focused_field_has_a_visible_ring(window):
    _attribution(window)
    QTest.keyClick(window.view, Qt.Key.Key_E)
    field = window.details._editors["source"]

    def edge_colour() -> QColor:
        img = field.grab().toImage()
        return QColor(img.pixel(1, img.height() // 2))

    focused = edge_colour()
    QTest.keyClick(field, Qt.Key.Key_Escape)
    unfocused = edge_colour()
    ring = field.palette().highlight().color()
    assert _near(focused, ring) and not _near(unfocused, ring)


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60
