"""Asks, before an import, whether Word/PDF files holding several articles are split.

The dialog lists each such file with its articles (headline, length, first words)
so the user sees what a split would make before anything enters the project.
"""

from __future__ import annotations

from annotator.workflows.article_preview import FileArticles

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

__all__ = ["ArticleSplitDialog"]


class ArticleSplitDialog(QDialog):
    """exec() accepted: import; ``split`` says whether as one story per article."""

    def __init__(self, files: list[FileArticles], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Several articles in one file")
        self.split = True
        total = sum(len(f.articles) for f in files)
        names = ", ".join(f.path.rsplit("/", 1)[-1] for f in files[:3]) + ("…" if len(files) > 3 else "")
        intro = QLabel(
            f"{names} {'holds' if len(files) == 1 else 'hold'} {total} articles, one after another "
            "(an archive or database export). Import each article as its own story?"
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Article", "Words", "Opening"])
        for f in files:
            top = QTreeWidgetItem([f.path, "", f"{len(f.articles)} articles"])
            for n, a in enumerate(f.articles, 1):
                top.addChild(QTreeWidgetItem([f"{n}. {a.title}", str(a.words), a.opening]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        buttons = QDialogButtonBox()
        self.split_button = buttons.addButton(f"Import {total} stories", QDialogButtonBox.ButtonRole.AcceptRole)
        self.whole_button = buttons.addButton("Import each file as one story", QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.split_button.clicked.connect(lambda: self._choose(True))
        self.whole_button.clicked.connect(lambda: self._choose(False))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree)
        layout.addWidget(buttons)
        self.resize(760, 420)

    def _choose(self, split: bool) -> None:
        self.split = split
        self.accept()
