"""Edit the project's schema: labels (name, colour, keys), their attributes, relation types.

The dialog edits a working copy; Save validates it and hands it to
AnnotationSession.change_schema as one undoable step. Renamed labels keep their
spans (the session relabels them). Removing a label still in use is refused by
the session; the dialog then says how many spans would go and deletes them only
if the user agrees.

Keyboard: Alt+letter reaches every field, Ctrl+N adds a label, Ctrl+Shift+N an
attribute, Ctrl+R a relation type, Delete on a list removes its current entry,
Ctrl+Return saves, Esc cancels.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from annotator.core.schema import ATTRIBUTE_TYPES, PRESETS, AttributeDef, Label, RelationType, Schema, SchemaError
from annotator.core.schema_rules import schema_problems
from annotator.core.session import EditError

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from .actions import ACTIONS

__all__ = ["SchemaEditor", "validate"]


@dataclass
class _Attr:
    name: str
    type: str = "text"
    values: list[str] = field(default_factory=list)
    description: str = ""
    default: object = None


@dataclass
class _Label:
    name: str
    colour: str
    keys: list[str]
    attributes: list[_Attr]
    description: str = ""
    original: str | None = None  # its name in the saved schema (None: new label)


@dataclass
class _Relation:
    name: str
    sources: list[str]
    targets: list[str]
    description: str = ""


def _split(text: str) -> list[str]:
    return [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]


def _reserved_keys() -> dict[str, str]:
    """Every window shortcut, normalised, with the action it belongs to."""
    out: dict[str, str] = {}
    for spec in ACTIONS:
        for s in spec.shortcuts:
            out[QKeySequence(s).toString().casefold()] = spec.text.replace("&", "").replace("…", "")
    return out


def _key_name(key: str) -> str | None:
    seq = QKeySequence(key)
    return None if seq.isEmpty() or seq.count() != 1 else seq.toString().casefold()


def _colour(text: str) -> str:
    """Any colour Qt reads ("teal", "#0a0") as #rrggbb; anything else as typed (core refuses it)."""
    colour = QColor(text)
    return colour.name() if colour.isValid() else text


def validate(labels: list[_Label], relations: list[_Relation]) -> list[str]:
    """Problems that stop a save, each a sentence for the user ([] when all is well):
    core's verdict (core.schema_rules) on the working copy, with the window's keys."""
    draft = Schema(
        "draft",
        tuple(
            Label(
                lb.name,
                _colour(lb.colour),
                tuple(lb.keys),
                tuple(AttributeDef(a.name, a.type, tuple(a.values)) for a in lb.attributes),
            )
            for lb in labels
        ),
        tuple(RelationType(r.name, tuple(r.sources), tuple(r.targets)) for r in relations),
    )
    return schema_problems(draft, key_name=_key_name, reserved_keys=_reserved_keys())


class SchemaEditor(QDialog):
    def __init__(self, session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle("Edit schema")
        self.saved = False
        self._loading = False
        self._load(session.schema, keep_names=True)
        self._build()
        self._fill_labels()
        self._fill_relations()
        self.resize(720, 560)

    # -- working copy ------------------------------------------------------------------
    def _load(self, schema: Schema, *, keep_names: bool) -> None:
        self.schema_name = schema.name
        self.labels = [
            _Label(
                lb.name,
                lb.colour,
                list(lb.keys),
                [_Attr(a.name, a.type, list(a.values), a.description, a.default) for a in lb.attributes],
                lb.description,
                lb.name if keep_names else None,
            )
            for lb in schema.labels
        ]
        self.relations = [_Relation(r.name, list(r.sources), list(r.targets), r.description) for r in schema.relations]

    def renames(self) -> dict[str, str]:
        return {lb.original: lb.name for lb in self.labels if lb.original and lb.original != lb.name}

    def build_schema(self) -> Schema:
        labels = tuple(
            Label(
                lb.name.strip(),
                _colour(lb.colour),
                tuple(k.lower() if len(k) == 1 else k for k in lb.keys),
                tuple(
                    AttributeDef(
                        a.name.strip(),
                        a.type,
                        tuple(a.values) if a.type == "choice" else (),
                        a.default if a.type != "choice" or a.default in a.values else None,
                        a.description,
                    )
                    for a in lb.attributes
                ),
                lb.description,
            )
            for lb in self.labels
        )
        relations = tuple(
            RelationType(
                r.name.strip(),
                tuple(self._label_name(x) for x in r.sources),
                tuple(self._label_name(x) for x in r.targets),
                r.description,
            )
            for r in self.relations
        )
        old = self.session.schema
        return Schema(self.schema_name, labels, relations, old.version + 1, old.span_attributes)

    def _label_name(self, typed: str) -> str:
        # Relation ends name labels case-insensitively.
        return next((lb.name for lb in self.labels if lb.name.casefold() == typed.casefold()), typed)

    # -- widgets -----------------------------------------------------------------------
    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.preset = QComboBox()
        self.preset.addItems(list(PRESETS))
        preset_label = QLabel("&Preset:")
        preset_label.setBuddy(self.preset)
        use = QPushButton("&Use preset")
        use.setToolTip("Replace the labels and relation types below with the preset (nothing is saved until Save)")
        use.clicked.connect(self.use_preset)
        top.addWidget(preset_label)
        top.addWidget(self.preset)
        top.addWidget(use)
        top.addStretch(1)
        layout.addLayout(top)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._labels_tab(), "&Labels")
        self.tabs.addTab(self._relations_tab(), "Rela&tions")
        layout.addWidget(self.tabs, 1)
        self.problems = QLabel("")
        self.problems.setWordWrap(True)
        self.problems.setStyleSheet("color: #b00020")
        layout.addWidget(self.problems)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for keys, slot in (
            ("Ctrl+Return", self.save),
            ("Ctrl+N", self.add_label),
            ("Ctrl+Shift+N", self.add_attribute),
            ("Ctrl+R", self.add_relation),
        ):
            QShortcut(QKeySequence(keys), self, slot)

    def _labels_tab(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        left = QVBoxLayout()
        self.label_list = QListWidget()
        self.label_list.currentRowChanged.connect(self._show_label)
        self.label_list.installEventFilter(self)
        left.addWidget(self.label_list, 1)
        add = QPushButton("Add label")
        add.setToolTip("Ctrl+N")
        add.clicked.connect(self.add_label)
        remove = QPushButton("Remove label")
        remove.setToolTip("Delete in the list")
        remove.clicked.connect(self.remove_label)
        left.addWidget(add)
        left.addWidget(remove)
        row.addLayout(left, 1)
        right = QVBoxLayout()
        form = QFormLayout()
        self.name_edit = QLineEdit()
        self.name_edit.textEdited.connect(self._label_edited)
        self.colour_button = QPushButton()
        self.colour_button.setToolTip("Choose the label's colour")
        self.colour_button.clicked.connect(self.choose_colour)
        self.keys_edit = QLineEdit()
        self.keys_edit.setPlaceholderText("keys that apply it, e.g. 1, c")
        self.keys_edit.textEdited.connect(self._label_edited)
        self.desc_edit = QLineEdit()
        self.desc_edit.textEdited.connect(self._label_edited)
        form.addRow("&Name:", self.name_edit)
        form.addRow("C&olour:", self.colour_button)
        form.addRow("&Keys:", self.keys_edit)
        form.addRow("&Description:", self.desc_edit)
        right.addLayout(form)
        box = QGroupBox("Attributes of this label")
        attrs = QHBoxLayout(box)
        col = QVBoxLayout()
        self.attr_list = QListWidget()
        self.attr_list.currentRowChanged.connect(self._show_attribute)
        self.attr_list.installEventFilter(self)
        col.addWidget(self.attr_list, 1)
        add_attr = QPushButton("Add attribute")
        add_attr.setToolTip("Ctrl+Shift+N")
        add_attr.clicked.connect(self.add_attribute)
        col.addWidget(add_attr)
        attrs.addLayout(col, 1)
        aform = QFormLayout()
        self.attr_name = QLineEdit()
        self.attr_name.textEdited.connect(self._attribute_edited)
        self.attr_type = QComboBox()
        self.attr_type.addItems(list(ATTRIBUTE_TYPES))
        self.attr_type.currentTextChanged.connect(self._attribute_edited)
        self.attr_values = QLineEdit()
        self.attr_values.setPlaceholderText("allowed values, comma separated")
        self.attr_values.textEdited.connect(self._attribute_edited)
        aform.addRow("Attribute na&me:", self.attr_name)
        aform.addRow("T&ype:", self.attr_type)
        aform.addRow("Allowed &values:", self.attr_values)
        attrs.addLayout(aform, 2)
        right.addWidget(box, 1)
        row.addLayout(right, 2)
        return page

    def _relations_tab(self) -> QWidget:
        page = QWidget()
        row = QHBoxLayout(page)
        left = QVBoxLayout()
        self.rel_list = QListWidget()
        self.rel_list.currentRowChanged.connect(self._show_relation)
        self.rel_list.installEventFilter(self)
        left.addWidget(self.rel_list, 1)
        add = QPushButton("Add relation type")
        add.setToolTip("Ctrl+R")
        add.clicked.connect(self.add_relation)
        left.addWidget(add)
        row.addLayout(left, 1)
        form = QFormLayout()
        self.rel_name = QLineEdit()
        self.rel_from = QLineEdit()
        self.rel_from.setPlaceholderText("labels at the start, e.g. ATTRIBUTION")
        self.rel_to = QLineEdit()
        self.rel_to.setPlaceholderText("labels at the end, e.g. QUOTE, CLAIM")
        for edit in (self.rel_name, self.rel_from, self.rel_to):
            edit.textEdited.connect(self._relation_edited)
        form.addRow("Relation &name:", self.rel_name)
        form.addRow("&From labels:", self.rel_from)
        form.addRow("T&o labels:", self.rel_to)
        row.addLayout(form, 2)
        return page

    # -- filling the widgets from the working copy --------------------------------------
    def _fill_labels(self, row: int = 0) -> None:
        self._loading = True
        self.label_list.clear()
        for lb in self.labels:
            self.label_list.addItem(self._label_text(lb))
        self._loading = False
        self.label_list.setCurrentRow(min(row, len(self.labels) - 1))
        self._show_label(self.label_list.currentRow())

    def _label_text(self, lb: _Label) -> str:
        keys = f"  [{', '.join(lb.keys)}]" if lb.keys else ""
        return f"{lb.name}{keys}"

    def _current_label(self) -> _Label | None:
        row = self.label_list.currentRow()
        return self.labels[row] if 0 <= row < len(self.labels) else None

    def _show_label(self, row: int) -> None:
        if self._loading:
            return
        lb = self.labels[row] if 0 <= row < len(self.labels) else None
        self._loading = True
        for w in (self.name_edit, self.keys_edit, self.desc_edit, self.colour_button, self.attr_list):
            w.setEnabled(lb is not None)
        self.name_edit.setText(lb.name if lb else "")
        self.keys_edit.setText(", ".join(lb.keys) if lb else "")
        self.desc_edit.setText(lb.description if lb else "")
        self._paint_colour(lb.colour if lb else "#888888")
        self.attr_list.clear()
        for attr in lb.attributes if lb else []:
            self.attr_list.addItem(f"{attr.name} ({attr.type})")
        self._loading = False
        self.attr_list.setCurrentRow(0 if lb and lb.attributes else -1)
        self._show_attribute(self.attr_list.currentRow())

    def _paint_colour(self, colour: str) -> None:
        c = QColor(colour)
        self.colour_button.setText(c.name())
        ink = "#000000" if c.lightnessF() > 0.55 else "#ffffff"
        self.colour_button.setStyleSheet(f"background: {c.name()}; color: {ink}; padding: 3px 12px")

    def _show_attribute(self, row: int) -> None:
        lb = self._current_label()
        attr = lb.attributes[row] if lb and 0 <= row < len(lb.attributes) else None
        self._loading = True
        for w in (self.attr_name, self.attr_type, self.attr_values):
            w.setEnabled(attr is not None)
        self.attr_name.setText(attr.name if attr else "")
        self.attr_type.setCurrentText(attr.type if attr else "text")
        self.attr_values.setText(", ".join(attr.values) if attr else "")
        self.attr_values.setEnabled(attr is not None and attr.type == "choice")
        self._loading = False

    def _fill_relations(self, row: int = 0) -> None:
        self._loading = True
        self.rel_list.clear()
        for rel in self.relations:
            self.rel_list.addItem(self._relation_text(rel))
        self._loading = False
        self.rel_list.setCurrentRow(min(row, len(self.relations) - 1))
        self._show_relation(self.rel_list.currentRow())

    def _relation_text(self, rel: _Relation) -> str:
        return f"{rel.name}: {', '.join(rel.sources)} → {', '.join(rel.targets)}"

    def _show_relation(self, row: int) -> None:
        if self._loading:
            return
        rel = self.relations[row] if 0 <= row < len(self.relations) else None
        self._loading = True
        for w in (self.rel_name, self.rel_from, self.rel_to):
            w.setEnabled(rel is not None)
        self.rel_name.setText(rel.name if rel else "")
        self.rel_from.setText(", ".join(rel.sources) if rel else "")
        self.rel_to.setText(", ".join(rel.targets) if rel else "")
        self._loading = False

    # -- edits into the working copy ---------------------------------------------------
    def _label_edited(self) -> None:
        lb = self._current_label()
        if lb is None or self._loading:
            return
        old, lb.name = lb.name, self.name_edit.text().strip()
        if old != lb.name and not any(other is not lb and other.name == old for other in self.labels):
            # Relation types follow the rename (the session relabels the spans on save).
            for rel in self.relations:
                rel.sources = [lb.name if x == old else x for x in rel.sources]
                rel.targets = [lb.name if x == old else x for x in rel.targets]
            self._fill_relations(max(0, self.rel_list.currentRow()))
        lb.keys = _split(self.keys_edit.text())
        lb.description = self.desc_edit.text()
        self.label_list.currentItem().setText(self._label_text(lb))

    def _attribute_edited(self) -> None:
        lb = self._current_label()
        row = self.attr_list.currentRow()
        if lb is None or self._loading or not 0 <= row < len(lb.attributes):
            return
        attr = lb.attributes[row]
        attr.name = self.attr_name.text().strip()
        attr.type = self.attr_type.currentText()
        attr.values = _split(self.attr_values.text())
        self.attr_values.setEnabled(attr.type == "choice")
        self.attr_list.currentItem().setText(f"{attr.name} ({attr.type})")

    def _relation_edited(self) -> None:
        row = self.rel_list.currentRow()
        if self._loading or not 0 <= row < len(self.relations):
            return
        rel = self.relations[row]
        rel.name = self.rel_name.text().strip()
        rel.sources = _split(self.rel_from.text())
        rel.targets = _split(self.rel_to.text())
        self.rel_list.currentItem().setText(self._relation_text(rel))

    def choose_colour(self) -> None:
        lb = self._current_label()
        if lb is None:
            return
        dialog = QColorDialog(QColor(lb.colour), self)
        dialog.setOption(QColorDialog.ColorDialogOption.DontUseNativeDialog)
        dialog.setWindowTitle(f"Colour of {lb.name}")
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.selectedColor().isValid():
            lb.colour = dialog.selectedColor().name()
            self._paint_colour(lb.colour)
        self.activateWindow()

    def add_label(self) -> None:
        self.tabs.setCurrentIndex(0)
        n = len(self.labels) + 1
        name = next(f"LABEL{i}" for i in range(n, n + 100) if all(lb.name != f"LABEL{i}" for lb in self.labels))
        self.labels.append(_Label(name, "#7f8c8d", [], []))
        self._fill_labels(len(self.labels) - 1)
        self.name_edit.setFocus()
        self.name_edit.selectAll()

    def remove_label(self) -> None:
        row = self.label_list.currentRow()
        if 0 <= row < len(self.labels):
            del self.labels[row]
            self._fill_labels(max(0, row - 1))

    def add_attribute(self) -> None:
        lb = self._current_label()
        if lb is None:
            return
        self.tabs.setCurrentIndex(0)
        lb.attributes.append(_Attr(f"attribute{len(lb.attributes) + 1}"))
        self._show_label(self.label_list.currentRow())
        self.attr_list.setCurrentRow(len(lb.attributes) - 1)
        self.attr_name.setFocus()
        self.attr_name.selectAll()

    def remove_attribute(self) -> None:
        lb = self._current_label()
        row = self.attr_list.currentRow()
        if lb is not None and 0 <= row < len(lb.attributes):
            del lb.attributes[row]
            self._show_label(self.label_list.currentRow())

    def add_relation(self) -> None:
        self.tabs.setCurrentIndex(1)
        self.relations.append(_Relation(f"relation{len(self.relations) + 1}", [], []))
        self._fill_relations(len(self.relations) - 1)
        self.rel_name.setFocus()
        self.rel_name.selectAll()

    def remove_relation(self) -> None:
        row = self.rel_list.currentRow()
        if 0 <= row < len(self.relations):
            del self.relations[row]
            self._fill_relations(max(0, row - 1))

    def use_preset(self) -> None:
        self._load(PRESETS[self.preset.currentText()](), keep_names=False)
        # Labels the preset shares with the project keep their spans.
        current = set(self.session.schema.label_names)
        for lb in self.labels:
            if lb.name in current:
                lb.original = lb.name
        self._fill_labels()
        self._fill_relations()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == event.Type.KeyPress and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            handler = {
                id(self.label_list): self.remove_label,
                id(self.attr_list): self.remove_attribute,
                id(self.rel_list): self.remove_relation,
            }.get(id(obj))
            if handler is not None:
                handler()
                return True
        return super().eventFilter(obj, event)

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> None:
        problems = validate(self.labels, self.relations)
        if problems:
            self.problems.setText("Cannot save yet:\n• " + "\n• ".join(problems))
            return
        new = self.build_schema()
        if new.fingerprint() == self.session.schema.fingerprint() and new.name == self.session.schema.name:
            self.accept()  # nothing changed: no empty undo step
            return
        renames = self.renames()
        try:
            self.session.change_schema(new, renames=renames)
        except EditError as exc:
            if not self.ask(
                "Remove labels in use?", f"{exc}\n\nDelete those spans and their links? (Ctrl+Z brings them back.)"
            ):
                self.problems.setText(f"Not saved: {exc}")
                return
            try:
                self.session.change_schema(new, renames=renames, delete_removed=True)
            except (EditError, SchemaError) as again:
                self.problems.setText(f"Not saved: {again}")
                return
        except SchemaError as exc:
            self.problems.setText(f"Not saved: {exc}")
            return
        self.saved = True
        self.accept()

    def ask(self, title: str, text: str) -> bool:
        box = QMessageBox(
            QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)  # never delete on a stray Enter
        yes = box.exec() == QMessageBox.StandardButton.Yes
        self.activateWindow()
        return yes
