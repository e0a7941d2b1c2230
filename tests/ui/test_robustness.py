"""What users do to the window: kill it, feed it junk, lock the project under it."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtTest import QTest

from .conftest import find

HERE = Path(__file__).resolve().parent


@pytest.mark.slow
def test_kill_9_right_after_a_tag_keystroke_loses_nothing(project):
    from annotator.store import open_project

    repo = open_project(project)
    text = repo.document("s1").text
    repo.close()
    s, e = find(text, "engineers said")
    proc = subprocess.Popen(
        [sys.executable, str(HERE / "tag_and_wait.py"), str(project), "s1", str(s), str(e)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        line = proc.stdout.readline()
        assert line.startswith("TAGGED "), line
        span_id = line.split()[1]
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    repo = open_project(project)
    try:
        span = repo.span(span_id)
        assert span is not None and span.text == "engineers said"
    finally:
        repo.close()


def _drop(window, paths):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)


def test_dropping_good_and_bad_files_imports_and_explains(qtbot, window, tmp_path, monkeypatch):
    shown = []
    monkeypatch.setattr("annotator.ui.files.QMessageBox.information", lambda parent, title, text: shown.append(text))
    monkeypatch.setattr("annotator.ui.files.QMessageBox.warning", lambda parent, title, text: shown.append(text))
    good = tmp_path / "fresh.txt"
    good.write_text("A fresh story. The minister said prices will fall.")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\x00\x01\x02" * 64)
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    before = len(window.story_model.rows)
    _drop(window, [good, binary, empty])
    qtbot.waitUntil(lambda: len(window.story_model.rows) == before + 1, timeout=10_000)
    qtbot.waitUntil(lambda: bool(shown), timeout=5_000)
    report = "\n".join(shown)
    assert "binary file" in report and "empty" in report and "Traceback" not in report
    assert window.doc.title == "A fresh story. The minister said prices will fall."


def test_locked_project_gives_a_message_and_loses_nothing(qtbot, window, monkeypatch):
    warnings = []
    monkeypatch.setattr("annotator.ui.errors.QMessageBox.warning", lambda parent, title, text: warnings.append(text))
    text = window.doc.text
    window.view.select_cp(*find(text, "engineers said"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert len(window.repo.spans("s1")) == 1
    blocker = sqlite3.connect(window.repo.path, timeout=0)
    blocker.execute("BEGIN EXCLUSIVE")
    window.repo.db.execute("PRAGMA busy_timeout = 50")
    try:
        window.view.select_cp(*find(text, "The bridge will close"))
        QTest.keyClick(window.view, Qt.Key.Key_1)
        assert warnings and "locked" in warnings[0]
        assert "Traceback" not in warnings[0]
        assert len(window.view.index) == 1  # the window shows only what was saved
    finally:
        blocker.rollback()
        blocker.close()
    QTest.keyClick(window.view, Qt.Key.Key_1)  # works again once the lock is gone
    assert len(window.repo.spans("s1")) == 2


def test_many_void_qt_calls_exit_cleanly():
    """DESIGN §8: PySide6 6.12.0 on Python < 3.12 dropped a None reference per void call."""
    code = (
        "import os; os.environ['QT_QPA_PLATFORM']='offscreen'\n"
        "from PySide6.QtWidgets import QApplication, QLabel\n"
        "app = QApplication([])\n"
        "w = QLabel('x')\n"
        "for i in range(20000):\n"
        "    w.setText(str(i)); w.setVisible(False)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == "ok"


@pytest.mark.slow
def test_smoke_mode_opens_and_closes_the_window(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "--smoke"],
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "ANNOTATOR_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"},
    )
    assert result.returncode == 0, result.stderr
    assert "window: ok" in result.stdout
