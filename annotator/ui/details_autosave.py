"""Text typed into the Details panel is stored as it is typed, not only on Tab or Enter.

Each keystroke restarts a short timer; when it fires (or the field loses focus,
or another span is shown) the field's text is sent with the span it belongs to
and an edit key. The key stays the same while the annotator keeps typing in one
field of one span, so the session folds those writes into one undo step
(``History`` coalesces commands sharing a key). Text on screen is in the project
within ``DELAY_MS`` of the last keystroke: kill -9 loses nothing older.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLineEdit

__all__ = ["FieldAutosave", "DELAY_MS"]

DELAY_MS = 150

Sink = Callable[[str, str, str, str], None]  # span id, field ("__note" for the note), text, edit key


class FieldAutosave(QObject):
    _serial = count(1)

    def __init__(self, sink: Sink, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.sink = sink
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DELAY_MS)
        self._timer.timeout.connect(self.flush)
        self._pending: tuple[str, str, QLineEdit] | None = None
        self._keys: dict[tuple[str, str], str] = {}  # (span id, field) -> edit key of the edit under way

    def watch(self, span_id: str, field: str, line: QLineEdit) -> None:
        line.textEdited.connect(lambda _text: self._typed(span_id, field, line))
        line.editingFinished.connect(self.flush)

    def begin(self, span_id: str, field: str) -> None:
        """A new edit of this field starts (it got the focus): a new undo step."""
        self._keys[(span_id, field)] = f"{span_id}/{field}/{next(self._serial)}"

    def _typed(self, span_id: str, field: str, line: QLineEdit) -> None:
        if self._pending is not None and self._pending[2] is not line:
            self.flush()
        if (span_id, field) not in self._keys:
            self.begin(span_id, field)
        self._pending = (span_id, field, line)
        self._timer.start()

    @property
    def pending(self) -> bool:
        return self._pending is not None

    def flush(self) -> None:
        self._timer.stop()
        if self._pending is None:
            return
        span_id, field, line = self._pending
        self._pending = None
        try:
            text = line.text()
        except RuntimeError:  # the editor is gone (its span was deleted meanwhile)
            return
        self.sink(span_id, field, text, self._keys.get((span_id, field), ""))

    def end(self, span_id: str, field: str) -> None:
        """The field lost focus: store what is pending; the next typing is a new edit."""
        if self._pending is not None and self._pending[:2] == (span_id, field):
            self.flush()
        self._keys.pop((span_id, field), None)
