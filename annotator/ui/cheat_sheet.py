"""F1: every shortcut, generated from the same table the menus are built from."""

from __future__ import annotations

from annotator.core.schema import Schema

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from .actions import ACTIONS

__all__ = ["CheatSheet", "shortcut_rows"]

LINK_MODE = (
    ("Span", "While linking: choose the next / previous candidate", "Tab / Shift+Tab"),
    ("Span", "While linking: link to the chosen span", "Enter"),
    ("Span", "While linking: cancel", "Esc"),
    ("Span", "Select a span (repeat to cycle through overlapping ones)", "Click"),
    ("Span", "Add the dragged text as a fragment of the selected span", "Ctrl+drag"),
    ("Span", "Select text character by character (no word snapping)", "Alt+drag / Alt+Shift+arrows"),
    ("Details", "Back to the text", "Esc"),
    ("Details", "Open a dropdown's list (story navigation elsewhere)", "Alt+Down"),
)


def shortcut_rows(schema: Schema) -> list[tuple[str, str, str]]:
    rows = [(s.menu, s.text.replace("&", "").replace("…", ""), " / ".join(s.shortcuts)) for s in ACTIONS if s.shortcuts]
    rows += [
        (
            "Span",
            f"Tag the selection as {lb.name} (or relabel the selected span)",
            " / ".join(k.upper() for k in lb.keys),
        )
        for lb in schema.labels
        if lb.keys
    ]
    return rows + list(LINK_MODE)


class CheatSheet(QDialog):
    def __init__(self, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keyboard shortcuts")
        rows = shortcut_rows(schema)
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels(["Menu", "Action", "Keys"])
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.setItem(r, c, QTableWidgetItem(value))
        table.resizeColumnsToContents()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 560)
