"""Every action and shortcut of the window, as data, in one place.

The main window builds its menus and QActions from ACTIONS, the F1 cheat sheet
and the README's keyboard table list the same rows, and a test checks that no
two actions share a shortcut. Label keys (1/2/3, C/Q/A by default) come from
the project's schema and are added by the window at run time.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

__all__ = ["ActionSpec", "ACTIONS", "build_actions", "MENUS"]


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    menu: str
    shortcuts: tuple[str, ...] = ()
    handler: str = ""  # method name on the main window
    tip: str = ""
    scope: str = "window"  # "text": only while the story text has focus (single keys, Tab)
    checkable: bool = False  # a view toggle, on at start


MENUS = ("File", "Edit", "Span", "Story", "View", "Help")

ACTIONS: tuple[ActionSpec, ...] = (
    ActionSpec(
        "open_stories", "&Open stories…", "File", ("Ctrl+O",), "open_stories", "Import story files into the project"
    ),
    ActionSpec(
        "import_annotations",
        "&Import annotations…",
        "File",
        ("Ctrl+I",),
        "import_annotations",
        "Import a teammate's or another tool's annotation file",
    ),
    ActionSpec("export", "&Export…", "File", ("Ctrl+E",), "export_dialog", "Export the project as a dataset"),
    ActionSpec(
        "team_folder",
        "&Team folder…",
        "File",
        (),
        "team_folder_dialog",
        "Share work with teammates through a shared folder: your layer is published, theirs arrive by themselves",
    ),
    ActionSpec("new_project", "&New project…", "File", ("Ctrl+Shift+N",), "new_project"),
    ActionSpec("open_project", "Open &project…", "File", ("Ctrl+Shift+O",), "open_project_dialog"),
    ActionSpec(
        "restore_backup",
        "&Restore a backup…",
        "File",
        (),
        "restore_backup_dialog",
        "Replace the project with one of its automatic backups",
    ),
    ActionSpec("quit", "&Quit", "File", ("Ctrl+Q",), "close"),
    ActionSpec("undo", "&Undo", "Edit", ("Ctrl+Z",), "undo"),
    ActionSpec("redo", "&Redo", "Edit", ("Ctrl+Shift+Z", "Ctrl+Y"), "redo"),
    ActionSpec("find", "&Find…", "Edit", ("Ctrl+F",), "show_find", "Find text or a regular expression in the story"),
    ActionSpec(
        "search_all",
        "Search &all stories…",
        "Edit",
        ("Ctrl+Shift+F",),
        "search_all",
        "Find text or a regular expression in every story; Enter opens a match",
    ),
    ActionSpec("find_next", "Find &next", "Edit", ("F3",), "find_next"),
    ActionSpec("find_previous", "Find pre&vious", "Edit", ("Shift+F3",), "find_previous"),
    ActionSpec(
        "edit_schema",
        "Edit &schema…",
        "Edit",
        ("Ctrl+Shift+K",),
        "edit_schema",
        "Labels, colours, keys, attributes, relation types and presets",
    ),
    ActionSpec(
        "delete_span",
        "&Delete span",
        "Span",
        ("Delete", "Backspace"),
        "delete_selected",
        "Delete the selected span and its links",
    ),
    ActionSpec(
        "add_fragment",
        "Add selection as &fragment",
        "Span",
        ("+", "F"),
        "add_fragment",
        "Add the selected text to the selected span (split quotes)",
        scope="text",
    ),
    ActionSpec(
        "start_link",
        "&Link from selected span",
        "Span",
        ("L",),
        "start_link",
        "Then Tab/Shift+Tab to pick a span and Enter, or click it; Esc cancels",
        scope="text",
    ),
    ActionSpec("next_span", "Next span", "Span", ("Tab",), "select_next_span", scope="text"),
    ActionSpec("previous_span", "Previous span", "Span", ("Shift+Tab",), "select_previous_span", scope="text"),
    ActionSpec(
        "edit_attributes",
        "Edit &attributes",
        "Span",
        ("E",),
        "focus_details",
        "Jump to the attributes of the selected span",
        scope="text",
    ),
    ActionSpec("start_word_left", "Start one word left", "Span", ("Alt+Left",), "start_word_left"),
    ActionSpec("start_word_right", "Start one word right", "Span", ("Alt+Right",), "start_word_right"),
    ActionSpec("end_word_left", "End one word left", "Span", ("Alt+Shift+Left",), "end_word_left"),
    ActionSpec("end_word_right", "End one word right", "Span", ("Alt+Shift+Right",), "end_word_right"),
    ActionSpec("start_char_left", "Start one character left", "Span", ("Ctrl+Alt+Left",), "start_char_left"),
    ActionSpec("start_char_right", "Start one character right", "Span", ("Ctrl+Alt+Right",), "start_char_right"),
    ActionSpec("end_char_left", "End one character left", "Span", ("Ctrl+Alt+Shift+Left",), "end_char_left"),
    ActionSpec("end_char_right", "End one character right", "Span", ("Ctrl+Alt+Shift+Right",), "end_char_right"),
    ActionSpec("next_story", "&Next story", "Story", ("Alt+Down", "Ctrl+PgDown"), "next_story"),
    ActionSpec("previous_story", "&Previous story", "Story", ("Alt+Up", "Ctrl+PgUp"), "previous_story"),
    ActionSpec("done_next", "Mark &done and go to next", "Story", ("Ctrl+Return",), "done_and_next"),
    ActionSpec(
        "agreement",
        "&Agreement and adjudication…",
        "Story",
        ("Ctrl+Shift+G",),
        "show_agreement",
        "Compare annotators and settle differences into the gold layer",
    ),
    ActionSpec("mark_in_progress", "Mark in &progress", "Story", ("Ctrl+Shift+Return",), "mark_in_progress"),
    ActionSpec(
        "suggest_story",
        "&Suggest quotes and attributions",
        "Story",
        ("Ctrl+G",),
        "suggest_story",
        "Show rule-based suggestions for this story (dashed); nothing is stored until you accept",
    ),
    ActionSpec(
        "accept_suggestion",
        "&Accept suggestion",
        "Story",
        ("Y",),
        "accept_suggestion",
        "Accept the suggestion under the caret and go to the next",
        scope="text",
    ),
    ActionSpec(
        "reject_suggestion",
        "&Reject suggestion",
        "Story",
        ("N",),
        "reject_suggestion",
        "Reject the suggestion under the caret and go to the next",
        scope="text",
    ),
    ActionSpec("next_suggestion", "Next suggestion", "Story", ("J",), "next_suggestion", scope="text"),
    ActionSpec(
        "accept_all_suggestions",
        "Accept all suggestions",
        "Story",
        ("Ctrl+Shift+Y",),
        "accept_all_suggestions",
        "Accept every remaining suggestion in this story (one undo step)",
    ),
    ActionSpec(
        "train_model",
        "&Train a model from annotations…",
        "Story",
        (),
        "train_model_dialog",
        "Learn spans and links from one annotator's layer, in the background; Ctrl+G then suggests with it",
    ),
    ActionSpec("use_model", "Use a &model file…", "Story", (), "use_model_dialog", "Suggest with a teammate's model"),
    ActionSpec(
        "retrain_every",
        "Retrain automatically…",
        "Story",
        (),
        "retrain_every_dialog",
        "Retrain the model after every N accepted suggestions",
    ),
    ActionSpec(
        "uncertain_first",
        "Uncertain stories first",
        "Story",
        (),
        "uncertain_first",
        "Order the story list so the stories the model is least sure of come next",
    ),
    ActionSpec("focus_stories", "Go to story &list", "View", ("Ctrl+1",), "focus_stories"),
    ActionSpec("focus_text", "Go to &text", "View", ("Ctrl+2",), "focus_text"),
    ActionSpec("focus_spans", "Go to &span table", "View", ("Ctrl+3",), "focus_spans"),
    ActionSpec(
        "sources",
        "S&ources panel",
        "View",
        ("Ctrl+Shift+U",),
        "show_sources",
        "Who is quoted, how often; Enter opens a source's spans",
    ),
    ActionSpec(
        "show_links",
        "&Links on the text",
        "View",
        ("Ctrl+Shift+L",),
        "toggle_links",
        "Draw every link between its two spans (arches; the gutter for links between lines)",
        checkable=True,
    ),
    ActionSpec(
        "show_span_labels",
        "Span label &tags",
        "View",
        ("Ctrl+Shift+T",),
        "toggle_span_labels",
        "A small key letter after each span, so colour is not the only cue",
        checkable=True,
    ),
    ActionSpec(
        "set_annotator",
        "Your &name…",
        "Edit",
        (),
        "ask_annotator_name",
        "The name your spans are filed under (shared with annotator-cli)",
    ),
    ActionSpec("cheat_sheet", "&Keyboard shortcuts", "Help", ("F1",), "show_cheat_sheet"),
    ActionSpec("about", "&About annotator", "Help", (), "show_about"),
)


def build_actions(window: QWidget, text_widget: QWidget, specs: tuple[ActionSpec, ...] = ACTIONS) -> dict[str, QAction]:
    """QActions wired to the window's handler methods (those it has)."""
    out: dict[str, QAction] = {}
    for spec in specs:
        handler = getattr(window, spec.handler, None)
        if handler is None:
            continue
        action = QAction(spec.text, window)
        if spec.shortcuts:
            action.setShortcuts([QKeySequence(s) for s in spec.shortcuts])
        if spec.tip:
            action.setStatusTip(spec.tip)
            action.setToolTip(spec.tip)
        if spec.checkable:
            action.setCheckable(True)
            action.setChecked(True)
        action.triggered.connect(lambda _=False, h=handler: h())
        if spec.scope == "text":
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            text_widget.addAction(action)
        else:
            window.addAction(action)
        out[spec.id] = action
    return out
