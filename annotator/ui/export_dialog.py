"""File > Export: format, scope, destination, and what the format cannot carry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from annotator.core.model import Status
from annotator.formats import all_formats
from annotator.workflows.exchange import ExportScope
from annotator.workflows.project_files import Repository

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QWidget,
)

__all__ = ["ExportDialog"]

_ALL_TRAITS = ("overlaps", "fragments", "relations", "attributes", "notes", "annotators")


class ExportDialog(QDialog):
    def __init__(self, repo: Repository, me: str, current_doc: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export")
        self.formats = [f for f in all_formats() if not f.unavailable()]  # e.g. no spaCy in the packaged app
        form = QFormLayout(self)
        self.format = QComboBox()
        for f in self.formats:
            self.format.addItem(f.title, f.name)
        self.format.currentIndexChanged.connect(self._format_changed)
        form.addRow("Format", self.format)
        self.carries = QLabel()
        self.carries.setWordWrap(True)
        form.addRow("", self.carries)
        self.scope = QComboBox()
        self.scope.addItem("All stories", "all")
        if current_doc:
            self.scope.addItem("This story only", "current")
        for status in Status.ALL:
            self.scope.addItem(f"Stories marked {status}", status)
        self.current_doc = current_doc
        form.addRow("Stories", self.scope)
        self.annotators = QListWidget()
        for name in repo.annotators() or [me]:
            item = QListWidgetItem(name)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.annotators.addItem(item)
        self.annotators.setMaximumHeight(110)
        form.addRow("Annotators", self.annotators)
        row = QHBoxLayout()
        self.dest = QLineEdit(str(Path.home() / "annotator-export"))
        browse = QPushButton("Browse…")
        browse.clicked.connect(self._browse)
        row.addWidget(self.dest, 1)
        row.addWidget(browse)
        form.addRow("Save to", row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Export")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._format_changed()
        self.resize(560, 420)

    def _fmt(self) -> Any:
        return self.formats[self.format.currentIndex()]

    def _format_changed(self) -> None:
        fmt = self._fmt()
        missing = [t for t in _ALL_TRAITS if not getattr(fmt.carries, t)]
        text = f"Carries: {fmt.carries.describe()}. Offsets: {fmt.offsets}."
        if missing:
            text += f"\nCannot carry: {', '.join(missing)}; the export report lists exactly what was dropped."
        self.carries.setText(text)
        dest = Path(self.dest.text() or "annotator-export")
        stem = dest.parent / (dest.stem if dest.suffix else dest.name)
        self.dest.setText(str(stem) if fmt.dest_is_dir else str(stem) + fmt.extensions[0])

    def _browse(self) -> None:
        fmt = self._fmt()
        if fmt.dest_is_dir:
            path = QFileDialog.getExistingDirectory(self, "Export into folder", self.dest.text())
        else:
            path, _ = QFileDialog.getSaveFileName(
                self, "Export to", self.dest.text(), f"{fmt.title} (*{fmt.extensions[0]})"
            )
        if path:
            self.dest.setText(path)

    def choice(self) -> tuple[str, Path, ExportScope, dict[str, Any]]:
        names = tuple(
            self.annotators.item(i).text()
            for i in range(self.annotators.count())
            if self.annotators.item(i).checkState() == Qt.CheckState.Checked
        )
        which = self.scope.currentData()
        scope = ExportScope(
            annotators=names or None,
            statuses=(which,) if which in Status.ALL else None,
            story_ids=(self.current_doc,) if which == "current" and self.current_doc else None,
        )
        return self._fmt().name, Path(self.dest.text()).expanduser(), scope, {}
