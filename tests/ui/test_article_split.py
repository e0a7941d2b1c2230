"""The window shows a multi-article Word file's articles before importing, and splits it if asked."""

from __future__ import annotations

from stories.document_files import docx_bytes

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from annotator.ui.article_split import ArticleSplitDialog

PARAS = [
    "Document 1 of 2",
    ("Heading1", "Harbour wall finished"),
    "The harbour wall was finished on Monday, a year late, the port authority said.",
    "Document 2 of 2",
    ("Heading1", "Ferry fares rise"),
    "Ferry fares will rise by a tenth from April, the operator announced on Tuesday.",
]


def _answer(button: str) -> None:
    """Press a button of the dialog once it is open (exec() blocks until then)."""

    def press() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ArticleSplitDialog) and w.isVisible())
        texts = [dialog.tree.topLevelItem(0).child(i).text(0) for i in range(dialog.tree.topLevelItem(0).childCount())]
        assert texts == ["1. Harbour wall finished", "2. Ferry fares rise"]
        getattr(dialog, button).click()

    QTimer.singleShot(50, press)


def test_split_preview_then_one_story_per_article(window, tmp_path, qtbot):
    export = tmp_path / "export.docx"
    export.write_bytes(docx_bytes(PARAS))
    before = len(window.repo.document_summaries())
    _answer("split_button")
    window.import_paths([export])
    qtbot.waitUntil(lambda: len(window.repo.document_summaries()) == before + 2, timeout=20000)
    titles = {s.title for s in window.repo.document_summaries()}
    assert {"Harbour wall finished", "Ferry fares rise"} <= titles


def test_whole_file_when_asked(window, tmp_path, qtbot):
    export = tmp_path / "export.docx"
    export.write_bytes(docx_bytes(PARAS))
    before = len(window.repo.document_summaries())
    _answer("whole_button")
    window.import_paths([export])
    qtbot.waitUntil(lambda: len(window.repo.document_summaries()) == before + 1, timeout=20000)


def test_cancel_imports_nothing(window, tmp_path, qtbot):
    export = tmp_path / "export.docx"
    export.write_bytes(docx_bytes(PARAS))
    before = len(window.repo.document_summaries())

    def cancel() -> None:
        dialog = next(w for w in QApplication.topLevelWidgets() if isinstance(w, ArticleSplitDialog) and w.isVisible())
        dialog.reject()

    QTimer.singleShot(50, cancel)
    window.import_paths([export])
    qtbot.wait(300)
    assert len(window.repo.document_summaries()) == before
