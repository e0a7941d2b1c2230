"""One button per label: its colour, name and keys. Clicking tags the selection."""

from __future__ import annotations

from annotator.core.schema import Schema

from PySide6.QtCore import Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

__all__ = ["LabelBar"]


def _text_colour(background: str) -> str:
    c = QColor(background)
    return "#000000" if (0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()) > 140 else "#ffffff"


class LabelBar(QWidget):
    label_chosen = Signal(str)

    def __init__(self, schema: Schema, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(6, 2, 6, 2)
        self.buttons: dict[str, QPushButton] = {}
        self.set_schema(schema)

    def set_schema(self, schema: Schema) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            widget = item.widget()
            if widget is not None:
                # deleteLater waits for the event loop; hidden now, an old button never shows through.
                widget.hide()
                widget.deleteLater()
        self.buttons = {}
        self._layout.addWidget(QLabel("Tag:"))
        for lb in schema.labels:
            keys = " / ".join(k.upper() for k in lb.keys)
            btn = QPushButton(f"{lb.name}  [{keys}]" if keys else lb.name)
            btn.setToolTip(f"{lb.description}\nSelect text, then press {keys or 'this button'}.")
            btn.setStyleSheet(
                f"QPushButton {{ background: {lb.colour}; color: {_text_colour(lb.colour)}; border-radius: 4px;"
                " padding: 3px 10px; font-weight: 600; }"
            )
            btn.clicked.connect(lambda _=False, name=lb.name: self.label_chosen.emit(name))
            self._layout.addWidget(btn)
            self.buttons[lb.name] = btn
        self._layout.addStretch(1)
