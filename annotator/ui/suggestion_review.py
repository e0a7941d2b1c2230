"""Reviewing suggestions with the Details panel: see and correct one before accepting it.

A mixin of the main window, beside SuggestionGestures. The suggestion under the
caret is shown in Details as a span-to-be (label, source, cue, type); edits
there change the suggestion in memory only, and Y then stores it as corrected.
Rejecting a suggested ATTRIBUTION offers to reject the QUOTE it introduces in
the same step. Nothing here writes the project.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from annotator.core.model import Origin, Span, now_iso
from annotator.core.suggest.suggester import Suggestion
from annotator.core.text import fragment_text

from .messages import quoted

__all__ = ["SuggestionReview", "SUGGESTION_PREFIX", "same_text_key"]

SUGGESTION_PREFIX = "suggestion:"
_EDGE = " \t\r\n\"'“”‘’«»,.;:!?"


def same_text_key(text: str, fragments: tuple[tuple[int, int], ...]) -> tuple:
    """Which words a span covers, ignoring quote marks, punctuation and spaces at its fragments'
    edges: a suggestion with the same key as a stored span duplicates it."""
    return tuple((s + len(text[s:e]) - len(text[s:e].lstrip(_EDGE)), text[s:e].strip(_EDGE)) for s, e in fragments)


class SuggestionReview:
    """Needs: self.doc, self.details, self.session, self._sug_state(), self.suggestions,
    self._drop_and_advance(sug), self.confirm(title, text), self._say(text)."""

    doc: Any
    details: Any
    session: Any

    def show_suggestion_in_details(self, sug: Suggestion) -> None:
        if self.doc is None:
            return
        stamp = now_iso()
        pseudo = Span(
            SUGGESTION_PREFIX + sug.id,
            self.doc.id,
            sug.label,
            sug.fragments,
            fragment_text(self.doc.text, sug.fragments),
            dict(sug.attributes),
            "",
            self.session.annotator,
            Origin.SUGGESTED,
            stamp,
            stamp,
        )
        self.details.show_span(pseudo, [], {})
        self.details.title.setText(
            f"Suggested {sug.label} ({sug.confidence:.0%}) — correct it here, then Y accepts, N rejects\n"
            f"{pseudo.text[:300]}"
        )

    def _suggestion_by_pseudo_id(self, span_id: str) -> Suggestion | None:
        if not span_id.startswith(SUGGESTION_PREFIX):
            return None
        local = span_id[len(SUGGESTION_PREFIX) :]
        return next((s for s in self.suggestions if s.id == local), None)

    def edit_suggestion_field(self, span_id: str, field: str, value: object) -> bool:
        """A field of the suggestion shown in Details changed: keep the change for accepting."""
        sug = self._suggestion_by_pseudo_id(span_id)
        if sug is None:
            return span_id.startswith(SUGGESTION_PREFIX)  # an old one: nothing to store, ever
        if field == "__note":
            return True  # suggestions carry no note; the span gets one once accepted
        if field == "__label":
            label = str(value)
            lb = self.session.schema.label(label)
            keep = {k: v for k, v in sug.attributes.items() if lb is not None and lb.attribute(k) is not None}
            fixed = replace(sug, label=label, attributes=keep)
        else:
            attrs = dict(sug.attributes)
            if value in (None, ""):
                attrs.pop(field, None)
            else:
                attrs[field] = value
            fixed = replace(sug, attributes=attrs)
        state = self._sug_state()
        state["items"] = [fixed if s.id == sug.id else s for s in state["items"]]
        state["all"] = [fixed if s.id == sug.id else s for s in state["all"]]
        if field == "__label":
            self._draw_suggestions()
            self.show_suggestion_in_details(fixed)
        return True

    def reject_with_partner(self, sug: Suggestion) -> None:
        """N: reject; for an ATTRIBUTION, offer to reject the quotes it introduces too (a split
        quote is two suggestions, both offered)."""
        partners = [s for s in self.suggestions if s.id in sug.links and s.id != sug.id]
        if sug.label == "ATTRIBUTION" and partners:
            what = partners[0].label if len(partners) == 1 else f"{len(partners)} suggestions"
            listed = "\n".join(quoted(fragment_text(self.doc.text, p.fragments), 120) for p in partners[:5])
            if self.confirm("Reject suggestion", f"Also reject the {what} this attribution introduces?\n\n{listed}"):
                gone = {p.id for p in partners}
                state = self._sug_state()
                state["items"] = [s for s in state["items"] if s.id not in gone]
        self._drop_and_advance(sug)
