"""Start-up, remembered settings, the span table, the Edit menu and a 10,000-story list."""

from __future__ import annotations

from annotator.core.model import Status
from annotator.store.repository import DocumentSummary

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from .conftest import find


def test_first_run_imports_the_samples_and_remembers_the_annotator(qtbot, monkeypatch, tmp_path):
    from annotator.paths import default_project_path, resources_dir
    from annotator.store import open_project

    from annotator.ui.app import open_window
    from annotator.ui.settings import Settings

    monkeypatch.setenv("ANNOTATOR_NAME", "Ada")
    extra = tmp_path / "extra.txt"
    extra.write_text("An extra story from the command line. The clerk said so.\n", encoding="utf-8")
    assert not default_project_path().exists()
    win = open_window(None, [extra])
    qtbot.addWidget(win)
    samples = [p for p in (resources_dir() / "stories").iterdir() if p.name.lower() != "readme.md"]
    # the extra file goes through the import worker; the samples are there at once
    assert len(win.story_model.rows) >= len(samples) - 1
    qtbot.waitUntil(lambda: any("extra story" in r.title for r in win.story_model.rows), timeout=10_000)
    assert win.session.annotator == "Ada" and win.repo.get_meta("annotator") == "Ada"
    assert Settings().last_project() == default_project_path()
    n = len(win.story_model.rows)
    repo = open_project(default_project_path())  # another connection sees everything committed
    try:
        assert len(repo.document_summaries()) == n
    finally:
        repo.close()


def test_window_layout_and_last_project_survive_a_new_settings_object(qtbot, window, project):
    from annotator.ui.settings import Settings

    window.spans_dock.hide()
    window.close()
    s = Settings()
    assert s.last_project() == project
    from annotator.store import open_project

    from annotator.ui.main_window import MainWindow

    again = MainWindow(open_project(project), annotator="tester", settings=s)
    qtbot.addWidget(again)
    s.restore_window(again)
    # the offscreen screen clamps sizes, so check the saved geometry rather than pixels
    assert s.q.value("window/geometry") is not None
    assert again.spans_dock.isHidden()


def test_span_table_row_selects_the_span_in_the_text(window):
    text = window.doc.text
    a = window.session.add_span(window.doc, "CLAIM", [find(text, "The bridge will close")])
    b = window.session.add_span(window.doc, "QUOTE", [find(text, "“We are not taking chances,”")])
    assert window.span_model.rowCount() == 2
    row = window.span_model.row_of(b.id)
    window.span_table.selectRow(row)
    assert window.selected_span_id == b.id and window.view.selected_id == b.id
    cursor_cp = window.view.map.utf16_to_cp(window.view.textCursor().position())
    assert cursor_cp == b.start
    window.span_table.selectRow(window.span_model.row_of(a.id))
    assert window.selected_span_id == a.id


def test_edit_menu_names_what_undo_and_redo_will_do(window):
    undo, redo = window.actions_by_id["undo"], window.actions_by_id["redo"]
    window.view.select_cp(*find(window.doc.text, "engineers said"))
    QTest.keyClick(window.view, Qt.Key.Key_A)
    assert "Tag ATTRIBUTION" in undo.text() and undo.isEnabled() and not redo.isEnabled()
    QTest.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Tag ATTRIBUTION" in redo.text() and not undo.isEnabled()
    assert window.repo.spans("s1") == []
    QTest.keyClick(window.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert [s.label for s in window.repo.spans("s1")] == ["ATTRIBUTION"]
    assert window.story_model.rows[0].span_count == 1


def test_story_list_holds_ten_thousand_stories(qtbot):
    from annotator.ui.story_list import StoryListModel

    rows = [
        DocumentSummary(f"d{i}", f"Story {i}", Status.DONE if i % 3 == 0 else Status.NEW, i % 7, i, "")
        for i in range(10_000)
    ]
    model = StoryListModel(rows)
    assert model.rowCount() == 10_000 and model.columnCount() == 3
    assert model.row_of("d9999") == 9999
    assert model.data(model.index(9999, 0)) == "Story 9999" and model.data(model.index(9999, 2)) == 9999 % 7
    assert model.progress() == (3334, 10_000)
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    model.update(DocumentSummary("d42", "Story 42", Status.DONE, 5, 42, ""))
    assert changed == [(42, 42)] and model.data(model.index(42, 2)) == 5
    # the status bar's totals follow every update without re-summing the rows
    model.update(DocumentSummary("d43", "Story 43", Status.DONE, 0, 43, ""))  # was new
    assert model.progress() == (3335, 10_000)
    assert model.span_total == sum(r.span_count for r in model.rows)
    model.update(DocumentSummary("d0", "Story 0", Status.IN_PROGRESS, 9, 0, ""))
    assert model.progress() == (3334, 10_000) and model.span_total == sum(r.span_count for r in model.rows)


def test_label_bar_rebuilt_for_a_new_schema_shows_only_the_new_buttons(qtbot):
    from annotator.core.schema import news_schema, parc_schema

    from PySide6.QtWidgets import QPushButton

    from annotator.ui.label_bar import LabelBar

    bar = LabelBar(news_schema())
    qtbot.addWidget(bar)
    bar.show()
    old = list(bar.buttons.values())
    bar.set_schema(parc_schema())  # old buttons wait for deleteLater; they must not show meanwhile
    assert old and all(b.isHidden() for b in old)
    qtbot.waitUntil(lambda: all(b.isVisible() for b in bar.buttons.values()))
    assert len([b for b in bar.findChildren(QPushButton) if b.isVisible()]) == len(bar.buttons)
    assert set(bar.buttons) == set(parc_schema().label_names)
    clicked = []
    bar.label_chosen.connect(clicked.append)
    name = parc_schema().label_names[0]
    qtbot.mouseClick(bar.buttons[name], Qt.MouseButton.LeftButton)
    assert clicked == [name]
