"""Two windows, two annotators, one team folder: a keystroke in one arrives in the other
by itself, and the window's own publishing is never reported as an outside change."""

from __future__ import annotations

import shutil

import pytest

from annotator.workflows.team_folder import layer_path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find


@pytest.fixture
def two_windows(qtbot, project, tmp_path):
    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow
    from annotator.ui.settings import Settings

    bob_project = tmp_path / "bob.annotator"
    shutil.copy(project, bob_project)
    folder = tmp_path / "team"
    windows = []
    for path, name in ((project, "alice"), (bob_project, "bob")):
        win = MainWindow(open_project(path), annotator=name, settings=Settings())
        qtbot.addWidget(win)
        win.show()
        qtbot.waitExposed(win)
        win.set_story("s1")
        win.team.join(folder)
        windows.append(win)
    for win in windows:
        qtbot.waitUntil(lambda w=win: not w.team.sync._busy, timeout=10_000)
    yield windows[0], windows[1], folder
    for win in windows:
        win.close()


def test_closing_publishes_edits_still_waiting(qtbot, two_windows):
    alice, _bob, folder = two_windows
    _focus(qtbot, alice)
    alice.view.select_cp(*find(alice.doc.text, "The bridge will close"))
    QTest.keyClick(alice.view, Qt.Key.Key_1)
    alice.close()  # at once, before the publishing delay is over
    from annotator.workflows.team_folder import read_layer

    labels = [s["label"] for r in read_layer(layer_path(folder, "alice")).stories for s in r["spans"]]
    assert labels == ["CLAIM"]


def test_a_tag_in_one_window_arrives_in_the_other(qtbot, two_windows):
    alice, bob, folder = two_windows
    _focus(qtbot, alice)
    alice.view.select_cp(*find(alice.doc.text, "We are not taking chances"))
    QTest.keyClick(alice.view, Qt.Key.Key_2)  # QUOTE
    assert [s.label for s in alice.repo.spans("s1")] == ["QUOTE"]
    qtbot.waitUntil(lambda: layer_path(folder, "alice").exists(), timeout=10_000)

    def arrived() -> bool:
        return any(s.annotator == "alice" for s in bob.repo.spans("s1"))

    qtbot.waitUntil(arrived, timeout=15_000)
    [span] = [s for s in bob.repo.spans("s1") if s.annotator == "alice"]
    assert span.label == "QUOTE" and span.text == "We are not taking chances"
    # bob's window shows it once alice's layer is among the annotators drawn
    qtbot.waitUntil(lambda: "alice" in bob.team.panel.table.item(0, 0).text(), timeout=10_000)
    assert bob.team.panel.table.rowCount() == 1


def test_publishing_is_not_an_outside_change(qtbot, two_windows):
    alice, _bob, folder = two_windows
    messages: list[str] = []
    alice.statusBar().messageChanged.connect(messages.append)
    _focus(qtbot, alice)
    alice.view.select_cp(*find(alice.doc.text, "The bridge will close"))
    QTest.keyClick(alice.view, Qt.Key.Key_1)
    before = layer_path(folder, "alice").stat().st_mtime_ns
    qtbot.waitUntil(lambda: layer_path(folder, "alice").stat().st_mtime_ns != before, timeout=10_000)
    qtbot.waitUntil(lambda: not alice.team.sync._busy, timeout=10_000)
    alice._check_outside_changes()
    assert not any("changed elsewhere" in m for m in messages)


def _focus(qtbot, window) -> None:
    """Two windows are open: the annotator works in this one (label keys are its shortcuts)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=5_000)
    window.view.setFocus()
