"""The selected span: label, attributes typed by the schema, note, links both ways.

Text fields are stored as they are typed (details_autosave.py); Esc goes back to
the text; Alt+Down/Up in a dropdown open its list rather than switching story;
the focused field has a visible ring.
"""

from __future__ import annotations

from collections.abc import Callable

from annotator.core.model import Relation, Span
from annotator.core.schema import AttributeDef, Schema

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from .details_autosave import FieldAutosave

__all__ = ["DetailsPanel"]

FOCUS_RING = (
    "QLineEdit:focus, QComboBox:focus, QCheckBox:focus, QListWidget:focus "
    "{ border: 2px solid palette(highlight); border-radius: 3px; }"
)


class DetailsPanel(QWidget):
    attribute_edited = Signal(str, object)  # name, value (None clears)
    note_edited = Signal(str)
    label_edited = Signal(str)
    link_activated = Signal(str)  # the other span's id
    unlink_requested = Signal(str)  # relation id
    field_typed = Signal(str, str, object, str)  # span id, field ("__note"), value (None clears), edit key
    escape_pressed = Signal()  # back to the text

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(FOCUS_RING)
        self.autosave = FieldAutosave(
            lambda span_id, field, text, key: self.field_typed.emit(span_id, field, text or None, key), self
        )
        self.schema: Schema | None = None
        self.span: Span | None = None
        self.sources: list[str] = []
        outer = QVBoxLayout(self)
        self.title = QLabel("No span selected. Select text and press a label key.")
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.title)
        self.form = QFormLayout()
        outer.addLayout(self.form)
        outer.addWidget(QLabel("Links (Enter opens, Delete removes):"))
        self.links = QListWidget()
        self.links.itemActivated.connect(self._activate_link)
        self.links.installEventFilter(self)
        outer.addWidget(self.links, 1)
        self.unlink = QPushButton("Remove link")
        self.unlink.clicked.connect(self._remove_link)
        outer.addWidget(self.unlink)
        self._editors: dict[str, QWidget] = {}
        self._loading = False

    def set_schema(self, schema: Schema) -> None:
        self.schema = schema
        self.show_span(self.span, [], {})

    def first_editor(self) -> QWidget | None:
        """The first attribute editor (or the note), for the E key."""
        named = [w for k, w in self._editors.items() if not k.startswith("__")]
        return named[0] if named else self._editors.get("__note")

    def focus_first(self) -> bool:
        """Focus the first field (E). Fields just added are shown by Qt on the next event-loop
        pass; showing them now lets the focus land at once, not after a round trip."""
        editor = self.first_editor()
        if editor is None:
            return False
        for widget in self._editors.values():
            if not widget.isVisible() and self.isVisible():
                widget.show()
        editor.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def show_span(self, span: Span | None, relations: list[Relation], others: dict[str, Span]) -> None:
        if span is None and self.span is None and not self._editors:
            return  # already empty: touching the widgets would only repaint them (every story switch)
        same = span is not None and self.span is not None and span.id == self.span.id and span.label == self.span.label
        if same and self._editors:
            self._refresh(span, relations, others)  # keep the editors (and the focus) in place
            return
        self.autosave.flush()  # what was typed belongs to the span shown until now
        self._loading = True
        try:
            self.span = span
            while self.form.rowCount():
                self.form.removeRow(0)
            self._editors = {}
            self.links.clear()
            if span is None or self.schema is None:
                self.title.setText("No span selected. Select text and press a label key.")
                return
            frag = f", {len(span.fragments)} fragments" if len(span.fragments) > 1 else ""
            self.title.setText(f"{span.label}{frag} · {span.annotator} · {span.origin}\n{span.text[:300]}")
            label = QComboBox()
            label.addItems(list(self.schema.label_names))
            label.setCurrentText(span.label)
            label.currentTextChanged.connect(lambda t: self._loading or self.label_edited.emit(t))
            label.installEventFilter(self)
            self.form.addRow("Label", label)
            self._editors["__label"] = label
            lb = self.schema.label(span.label)
            for adef in lb.attributes if lb else ():
                editor = self._editor(adef, span.attributes.get(adef.name))
                self.form.addRow(adef.name, editor)
                self._editors[adef.name] = editor
            note = QLineEdit(span.note)
            note.setPlaceholderText("a note on this span (stored as you type)")
            self._watch(span.id, "__note", note)
            note.editingFinished.connect(
                lambda: (
                    self._loading
                    or (self.span and note.text() != self.span.note and self.note_edited.emit(note.text()))
                )
            )
            self.form.addRow("Note", note)
            self._editors["__note"] = note
            self._fill_links(span, relations, others)
        finally:
            self._loading = False

    def _refresh(self, span: Span, relations: list[Relation], others: dict[str, Span]) -> None:
        self._loading = True
        try:
            self.span = span
            frag = f", {len(span.fragments)} fragments" if len(span.fragments) > 1 else ""
            self.title.setText(f"{span.label}{frag} · {span.annotator} · {span.origin}\n{span.text[:300]}")
            for name, editor in self._editors.items():
                value = span.note if name == "__note" else span.attributes.get(name)
                if name == "__label":
                    continue
                if isinstance(editor, QComboBox):
                    editor.setCurrentIndex(max(0, editor.findData(value)) if value is not None else 0)
                elif isinstance(editor, QCheckBox):
                    editor.setChecked(bool(value))
                elif isinstance(editor, QLineEdit) and not editor.hasFocus():
                    editor.setText("" if value is None else str(value))
            self._fill_links(span, relations, others)
        finally:
            self._loading = False

    def _fill_links(self, span: Span, relations: list[Relation], others: dict[str, Span]) -> None:
        self.links.clear()
        for rel in relations:
            outgoing = rel.source == span.id
            other = others.get(rel.target if outgoing else rel.source)
            if other is None:
                continue
            arrow = "→" if outgoing else "←"
            item = QListWidgetItem(f"{arrow} {rel.type} {arrow} {other.label}: {other.text[:80]}")
            item.setData(Qt.ItemDataRole.UserRole, (rel.id, other.id))
            self.links.addItem(item)
        self.unlink.setEnabled(self.links.count() > 0)

    def _editor(self, adef: AttributeDef, value: object) -> QWidget:
        emit: Callable[[object], None] = lambda v: self._loading or self.attribute_edited.emit(adef.name, v)  # noqa: E731
        if adef.type == "choice":
            box = QComboBox()
            box.addItem("—", None)
            for v in adef.values:
                box.addItem(v, v)
            box.setCurrentIndex(max(0, box.findData(value)) if value is not None else 0)
            box.currentIndexChanged.connect(lambda i: emit(box.itemData(i)))
            box.installEventFilter(self)
            return box
        if adef.type == "bool":
            check = QCheckBox()
            check.setChecked(bool(value))
            check.toggled.connect(lambda on: emit(on))
            check.installEventFilter(self)
            return check
        line = QLineEdit("" if value is None else str(value))
        if adef.name == "source" and self.sources:
            completer = QCompleter(self.sources, line)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            line.setCompleter(completer)
        if self.span is not None:
            self._watch(self.span.id, adef.name, line)
        line.editingFinished.connect(
            lambda: (
                self.span is not None
                and line.text() != str(self.span.attributes.get(adef.name, ""))
                and emit(line.text() or None)
            )
        )
        return line

    def _watch(self, span_id: str, field: str, line: QLineEdit) -> None:
        self.autosave.watch(span_id, field, line)
        line.setProperty("autosave_field", (span_id, field))
        line.installEventFilter(self)

    def _activate_link(self, item: QListWidgetItem) -> None:
        self.link_activated.emit(item.data(Qt.ItemDataRole.UserRole)[1])

    def _remove_link(self) -> None:
        item = self.links.currentItem() or (self.links.item(0) if self.links.count() else None)
        if item is not None:
            self.unlink_requested.emit(item.data(Qt.ItemDataRole.UserRole)[0])

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        alt_arrow = (
            kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
            and isinstance(obj, QComboBox)
            and event.modifiers() & Qt.KeyboardModifier.AltModifier
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up)
        )
        if alt_arrow:
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # the dropdown's own key (open the list), not Next story
                return True
            obj.showPopup()
            return True
        if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape and obj is not None:
            self.autosave.flush()
            self.escape_pressed.emit()
            return True
        field = obj.property("autosave_field") if isinstance(obj, QLineEdit) else None
        if field:
            if kind == QEvent.Type.FocusIn:
                self.autosave.begin(*field)
            elif kind == QEvent.Type.FocusOut:
                self.autosave.end(*field)
        if (
            obj is self.links
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)
        ):
            self._remove_link()
            return True
        return super().eventFilter(obj, event)
