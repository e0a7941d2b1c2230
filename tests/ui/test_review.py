"""A story file edited on disk: checked, re-anchored, and the unsure spans reviewed."""

from __future__ import annotations

from annotator.workflows.stories import import_story_files

TEXT = "The mayor said the bridge would close. “We are not taking chances,” she said. Traders were angry."


def test_changed_file_reanchored_and_reviewed(qtbot, window, tmp_path, monkeypatch):
    story = tmp_path / "bridge.txt"
    story.write_text(TEXT)
    summary = import_story_files(window.repo, [story])
    window.reload_project()
    doc_id = summary.doc_ids[0]
    window.set_story(doc_id)
    quote = window.session.add_span(window.doc, "QUOTE", [(TEXT.index("“"), TEXT.index("”") + 1)])
    claim = window.session.add_span(window.doc, "CLAIM", [(TEXT.index("Traders"), len(TEXT))])
    story.write_text("UPDATE: " + TEXT.replace("were angry", "were furious"))
    monkeypatch.setattr(
        "annotator.ui.review.QMessageBox.question",
        lambda *a: __import__("PySide6.QtWidgets", fromlist=["QMessageBox"]).QMessageBox.StandardButton.Yes,
    )
    monkeypatch.setattr("annotator.ui.review.QMessageBox.information", lambda *a: None)
    window.check_story_files()
    assert window.doc.text.startswith("UPDATE: ")
    assert window.repo.span(quote.id).text == quote.text
    assert window.review_panel.items.count() == 1
    window.review_panel.items.setCurrentRow(0)
    assert window.selected_span_id == claim.id
    window.keep_review(claim.id)
    assert window.review_panel.items.count() == 0 and window.repo.reviews() == []
