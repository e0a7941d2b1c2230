"""Suggestions in the window: shown dashed, accepted or rejected one key at a time.

A mixin for the main window (like SpanEditing): ``suggest_story`` runs the rule-based
suggester on the open story and shows every suggestion not already tagged as a
dashed underline on a faint background, distinct from accepted spans. ``Y``
accepts the suggestion under the caret (or the next one) and ``N`` rejects it,
both moving on to the next; ``accept_all_suggestions`` takes the rest of the
story. Accepting goes through the session (one undoable step) and stores ordinary
spans with origin "suggested". Nothing is stored without one of these gestures.
"""

from __future__ import annotations

from typing import Any

from annotator.core.suggest.suggester import Suggestion, suggest
from annotator.workflows.suggest import accept_suggestions

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QTextEdit

from .suggestion_review import same_text_key

__all__ = ["SuggestionGestures", "pending_suggestions"]


def pending_suggestions(
    text: str, existing: set[tuple[str, tuple[tuple[int, int], ...]]], proposed: list[Suggestion] | None = None
) -> list[Suggestion]:
    """Suggestions for a story minus those duplicating a stored span: the same words, whatever
    quote marks or punctuation either has at its edges, under any label (the annotator has
    already said what those words are), in text order."""
    said = {same_text_key(text, frags) for _label, frags in existing}
    sugs = [
        s for s in (suggest(text) if proposed is None else proposed) if same_text_key(text, s.fragments) not in said
    ]
    return sorted(sugs, key=lambda s: (s.fragments[0][0], s.fragments[-1][1]))


class SuggestionGestures:
    """Mixed into MainWindow; uses its ``doc``, ``view``, ``session``, ``repo``, ``statusBar``."""

    doc: Any
    view: Any
    session: Any
    repo: Any

    # -- state --------------------------------------------------------------------
    def _sug_state(self) -> dict[str, Any]:
        state = self.__dict__.get("_suggestion_state")
        if state is None:
            state = {"doc_id": None, "items": [], "all": []}
            self.__dict__["_suggestion_state"] = state
            # The view is read-only: its text changes only when another story is shown.
            self.view.textChanged.connect(self._forget_suggestions)
        return state

    @property
    def suggestions(self) -> list[Suggestion]:
        state = self._sug_state()
        if self.doc is None or state["doc_id"] != self.doc.id:
            return []
        return state["items"]

    def _forget_suggestions(self) -> None:
        state = self._sug_state()
        state.update(doc_id=None, items=[], all=[])
        self.view.setExtraSelections([])

    # -- gestures ------------------------------------------------------------------
    def propose(self, text: str) -> list[Suggestion]:
        """What Ctrl+G proposes: the rules (LearningGestures adds a learned model's)."""
        return suggest(text)

    def suggest_story(self) -> None:
        if self.doc is None:
            return
        state = self._sug_state()
        existing = {(s.label, s.fragments) for s in self.repo.spans(self.doc.id)}
        proposed = self.propose(self.doc.text)
        items = pending_suggestions(self.doc.text, existing, proposed)
        state.update(doc_id=self.doc.id, items=items, all=list(proposed))
        self._draw_suggestions()
        self._say(f"{len(items)} suggestions: Y accepts, N rejects, Ctrl+Shift+Y accepts all.")
        if items:
            self._go_to(items[0])

    def accept_suggestion(self) -> None:
        sug = self._current_suggestion()
        if sug is None:
            return
        partners = self._stored_partners(sug)
        accept_suggestions(self.session, self.doc, [sug, *partners])
        self._drop_and_advance(sug)

    def reject_suggestion(self) -> None:
        sug = self._current_suggestion()
        if sug is not None:
            self.reject_with_partner(sug)

    def accept_all_suggestions(self) -> None:
        items = self.suggestions
        if not items:
            return
        state = self._sug_state()
        ids = {s.id for s in items}
        # Links to partners accepted earlier are kept by passing those partners too.
        partners = [s for s in state["all"] if s.id not in ids and self._is_stored(s)]
        added, _links = accept_suggestions(self.session, self.doc, [*items, *partners])
        state["items"] = []
        self._draw_suggestions()
        self._say(f"Accepted {added} suggestions.")

    def next_suggestion(self) -> None:
        items = self.suggestions
        if items:
            pos = self.view.selected_cp()[1]
            self._go_to(next((s for s in items if s.fragments[0][0] >= pos), items[0]))

    # -- helpers --------------------------------------------------------------------
    def _current_suggestion(self) -> Suggestion | None:
        items = self.suggestions
        if not items:
            return None
        start, end = self.view.selected_cp()
        for s in items:
            if any(a <= start < b or (start == end == b) for a, b in s.fragments):
                return s
        return next((s for s in items if s.fragments[0][0] >= start), items[0])

    def _is_stored(self, sug: Suggestion) -> bool:
        return any(s.label == sug.label and s.fragments == sug.fragments for s in self.repo.spans(self.doc.id))

    def _stored_partners(self, sug: Suggestion) -> list[Suggestion]:
        related = [s for s in self._sug_state()["all"] if s.id in sug.links or sug.id in s.links]
        return [s for s in related if self._is_stored(s)]

    def _drop_and_advance(self, sug: Suggestion) -> None:
        state = self._sug_state()
        items = [s for s in state["items"] if s.id != sug.id]
        state["items"] = items
        self._draw_suggestions()
        if items:
            self._go_to(next((s for s in items if s.fragments[0][0] >= sug.fragments[0][0]), items[0]))
        else:
            self._say("No more suggestions in this story.")

    def _go_to(self, sug: Suggestion) -> None:
        start, end = sug.fragments[0]
        self.view.select_cp(start, end)
        attrs = ", ".join(
            [*(["learned"] if sug.origin == "learned" else []), *(f"{k}: {v}" for k, v in sug.attributes.items())]
        )
        self.show_suggestion_in_details(sug)
        self._say(f"Suggested {sug.label} ({attrs}), confidence {sug.confidence:.0%}. Y accepts, N rejects.")

    def _draw_suggestions(self) -> None:
        selections = []
        colours = getattr(self.view, "colours", {})
        for sug in self.suggestions:
            colour = QColor(colours.get(sug.label, QColor("#888888")))
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour.darker(130))
            faint = QColor(colour)
            faint.setAlpha(35)
            fmt.setBackground(faint)
            for a, b in sug.fragments:
                sel = QTextEdit.ExtraSelection()
                cursor = QTextCursor(self.view.document())
                cursor.setPosition(self.view.map.cp_to_utf16(a))
                cursor.setPosition(self.view.map.cp_to_utf16(b), QTextCursor.MoveMode.KeepAnchor)
                sel.cursor = cursor
                sel.format = fmt
                selections.append(sel)
        self.view.setExtraSelections(selections)

    def _say(self, message: str) -> None:
        bar = getattr(self, "statusBar", None)
        if bar is not None:
            bar().showMessage(message, 8000)
