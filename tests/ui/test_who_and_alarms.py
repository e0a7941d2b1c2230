"""Issue 12: who I am in the window, no false outside-change alarm, tables and messages."""

from __future__ import annotations

from annotator.core.model import Status

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find


def test_first_run_does_not_prompt_offscreen_and_uses_a_known_name(qtbot, monkeypatch):
    from annotator.workflows.identity import saved_name

    from annotator.ui import annotator_name
    from annotator.ui.app import open_window

    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setattr(annotator_name.QInputDialog, "getText", lambda *a, **k: (_ for _ in ()).throw(AssertionError))
    assert not annotator_name.interactive()
    win = open_window(None, [])
    qtbot.addWidget(win)
    assert win.session.annotator and saved_name() == win.session.annotator


def test_first_run_asks_when_interactive_and_no_name_is_known(qtbot, monkeypatch):
    from annotator.workflows.identity import saved_name

    from annotator.ui import annotator_name
    from annotator.ui.app import open_window

    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setattr(annotator_name, "interactive", lambda: True)
    monkeypatch.setattr(annotator_name.QInputDialog, "getText", lambda *a, **k: ("Noor", True))
    win = open_window(None, [])
    qtbot.addWidget(win)
    assert win.session.annotator == "Noor" and saved_name() == "Noor"
    assert "you are Noor" in win.counts.text()


def test_name_set_in_the_window_shows_in_the_status_bar_and_reaches_the_cli(window, monkeypatch):
    import argparse

    from annotator.cli.common import annotator_name

    from annotator.ui import annotator_name as dialog

    monkeypatch.delenv("ANNOTATOR_NAME", raising=False)
    monkeypatch.setattr(dialog.QInputDialog, "getText", lambda *a, **k: ("Ines", True))
    window.actions_by_id["set_annotator"].trigger()
    assert window.session.annotator == "Ines" and "you are Ines" in window.counts.text()
    assert annotator_name(argparse.Namespace(annotator=None), window.repo) == "Ines"
    window.view.select_cp(*find(window.doc.text, "engineers said"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    assert window.selected_span().annotator == "Ines"
    window._check_outside_changes()
    assert "changed elsewhere" not in window.statusBar().currentMessage()


def test_own_imports_are_not_outside_changes(window, qtbot, tmp_path):
    story = tmp_path / "new.txt"
    story.write_text("A new story. The minister said it would rain.\n", encoding="utf-8")
    messages = []
    window.statusBar().messageChanged.connect(messages.append)
    window.import_paths([story], quiet=True)
    window._check_outside_changes()  # the poll firing while the worker writes
    qtbot.waitUntil(lambda: any("new story" in r.title.lower() for r in window.story_model.rows), timeout=10_000)
    window._check_outside_changes()  # and after it is done
    assert not any("changed elsewhere" in m for m in messages), messages


def test_imported_annotations_put_a_story_in_progress(window, qtbot, tmp_path):
    import json

    text = window.repo.document("s2").text
    start = text.index("Officials said")
    line = {"text": text, "label": [[start, start + 14, "ATTRIBUTION"]]}  # doccano: the same text is s2
    path = tmp_path / "s2.jsonl"
    path.write_text(json.dumps(line) + "\n", encoding="utf-8")
    window.import_paths([path], quiet=True)
    qtbot.waitUntil(lambda: window.story_model.summary("s2").span_count == 1, timeout=10_000)
    assert len(window.repo.document_summaries()) == 3  # matched to s2, not a new story
    assert window.story_model.summary("s2").status == Status.IN_PROGRESS


def test_span_table_fits_label_and_attributes(window):
    window.view.select_cp(*find(window.doc.text, "said Dana Whitfield"))
    QTest.keyClick(window.view, Qt.Key.Key_3)
    span = window.selected_span()
    window.session.set_attribute(span, "source", "Dana Whitfield, chief engineer of the harbour authority")
    window.set_story("s2")
    window.set_story("s1")
    header = window.span_table.horizontalHeader()
    fm = window.span_table.fontMetrics()
    assert header.sectionSize(2) >= fm.horizontalAdvance("source=Dana Whitfield, chief engineer")
    assert header.sectionSize(0) >= fm.horizontalAdvance("ATTRIBUTION")


def test_status_messages_quote_once_and_cut_with_an_ellipsis(window):
    from annotator.ui.messages import quoted

    assert quoted("“We are not taking chances,”") == "“We are not taking chances,”"
    long = quoted("word " * 40, 30)
    assert long.endswith("…”") and len(long) <= 32 and "““" not in long
    window.view.select_cp(*find(window.doc.text, "“We are not taking chances,”"))
    QTest.keyClick(window.view, Qt.Key.Key_2)
    message = window.statusBar().currentMessage()
    assert "“We are not taking chances,”" in message and "““" not in message
