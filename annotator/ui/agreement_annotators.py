"""Which annotators the agreement view compares: a check box each.

Everyone but gold is compared by default; ticking gold scores annotators against
the adjudicated layer (training feedback), unticking someone leaves them out.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotator.workflows.agreement import GOLD

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

__all__ = ["AnnotatorPicker"]


class AnnotatorPicker(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._boxes: dict[str, QCheckBox] = {}
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(QLabel("Compare:"))
        self._layout.addStretch(1)

    def set_names(self, names: Sequence[str]) -> None:
        """Offer these annotators, keeping earlier choices for names seen before."""
        previous = {n: b.isChecked() for n, b in self._boxes.items()}
        for box in self._boxes.values():
            self._layout.removeWidget(box)
            box.deleteLater()
        self._boxes = {}
        for i, name in enumerate(names):
            box = QCheckBox(name)
            box.setChecked(previous.get(name, name != GOLD))
            if name == GOLD:
                box.setToolTip("Tick to score annotators against the adjudicated gold layer")
            box.toggled.connect(self.changed)
            self._layout.insertWidget(1 + i, box)
            self._boxes[name] = box

    def names(self) -> list[str]:
        return list(self._boxes)

    def set_checked(self, name: str, checked: bool) -> None:
        self._boxes[name].setChecked(checked)

    def selected(self) -> list[str] | None:
        """The annotators to compare, or None for the default (everyone but gold)."""
        chosen = [n for n, b in self._boxes.items() if b.isChecked()]
        default = [n for n in self._boxes if n != GOLD]
        return None if chosen == default else chosen
