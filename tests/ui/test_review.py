"""A story file edited on disk: checked, re-anchored, and the unsure spans reviewed."""

from __future__ import annotations

from annotator.store.backups import list_backups
from annotator.workflows.stories import import_story_files

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

TEXT = "The mayor said the bridge would close. “We are not taking chances,” she said. Traders were angry."


def _yes(monkeypatch):
    monkeypatch.setattr("annotator.ui.review.QMessageBox.question", lambda *a: QMessageBox.StandardButton.Yes)
    monkeypatch.setattr("annotator.ui.review.QMessageBox.information", lambda *a: None)


def _import(window, files):
    summary = import_story_files(window.repo, files)
    window.reload_project()
    return summary.doc_ids


def test_changed_file_reanchored_and_reviewed(qtbot, window, tmp_path, monkeypatch):
    story = tmp_path / "bridge.txt"
    story.write_text(TEXT)
    [doc_id] = _import(window, [story])
    window.set_story(doc_id)
    quote = window.session.add_span(window.doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)])
    claim = window.session.add_span(window.doc, "CLAIM", [(TEXT.index("Traders"), len(TEXT))])
    story.write_text("UPDATE: " + TEXT.replace("were angry", "were furious"))
    _yes(monkeypatch)
    window.check_story_files()
    assert window.doc.text.startswith("UPDATE: ")
    assert window.repo.span(quote.id).text == quote.text
    assert window.review_panel.items.count() == 1
    shown = window.review_panel.items.item(0).text()
    # label, how sure (floored, never 100%), old text -> new text, and the story
    assert shown.startswith("CLAIM · its words changed (")
    assert "“Traders were angry.” → “Traders were furious.”" in shown and "bridge" in shown
    window.review_panel.items.setCurrentRow(0)
    assert window.selected_span_id == claim.id
    qtbot.keyClick(window.review_panel.items, Qt.Key.Key_Return)  # Enter accepts
    assert window.review_panel.items.count() == 0 and window.repo.reviews() == []


def test_one_check_one_backup_and_an_orphan_placed_again(qtbot, window, tmp_path, monkeypatch):
    files = []
    for n in range(3):
        story = tmp_path / f"story{n}.txt"
        story.write_text(f"Item {n}. " + TEXT)
        files.append(story)
    ids = _import(window, files)
    window.set_story(ids[0])
    text = window.doc.text
    claim = window.session.add_span(window.doc, "CLAIM", [(text.index("The mayor"), text.index("close.") + 6)])
    for story in files:
        story.write_text(story.read_text().replace("The mayor said the bridge would close. ", ""))
    before = len([b for b in list_backups(window.repo.path) if b.reason == "reanchor"])
    _yes(monkeypatch)
    window.check_story_files()
    assert len([b for b in list_backups(window.repo.path) if b.reason == "reanchor"]) == before + 1
    assert window.repo.span(claim.id) is None
    assert window.review_panel.items.count() == 1
    assert "→ gone" in window.review_panel.items.item(0).text()
    window.review_panel.items.setCurrentRow(0)
    # Adjust: select the words it belongs on now, then A in the review list.
    new = window.doc.text
    window.view.select_cp(new.index("Traders"), len(new))
    qtbot.keyClick(window.review_panel.items, Qt.Key.Key_A)
    placed = window.repo.span(claim.id)
    assert placed is not None and placed.text == "Traders were angry." and placed.label == "CLAIM"
    assert window.review_panel.items.count() == 0
