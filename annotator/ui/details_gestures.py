"""The window's side of the Details panel: typed text stored as typed, E and Esc.

A mixin of the main window. Text typed into a field reaches ``store_typed_field``
with the span it was typed for (not whichever span is selected by the time the
timer fires) and an edit key, so a field edit is one undo step however many
writes it took.
"""

from __future__ import annotations

from .errors import reported

__all__ = ["DetailsGestures"]


class DetailsGestures:
    """Needs: self.session, self.view, self.details, self.details_dock, self.suggestion_in_details()."""

    def _connect_details(self) -> None:
        self.details.field_typed.connect(self.store_typed_field)
        self.details.escape_pressed.connect(self.focus_text)

    @reported
    def store_typed_field(self, span_id: str, field: str, value: object, key: str) -> None:
        if self.edit_suggestion_field(span_id, field, value):
            return  # a suggestion under review: corrected in memory, stored when accepted
        span = self.session.store.span(span_id)
        if span is None:
            return  # deleted meanwhile (another window, undo)
        if field == "__note":
            note = "" if value is None else str(value)
            if note != span.note:
                self.session.update_span(span, note=note, description="Edit note", coalesce=key)
            return
        current = span.attributes.get(field)
        if (current in (None, "") and value in (None, "")) or current == value:
            return
        self.session.set_attribute(span, field, value, coalesce=key)

    def focus_details(self) -> None:
        """E: the Details tab comes to the front (over Sources or Review) with its first field focused."""
        if self.details.first_editor() is not None:
            self.details_dock.show()
            self.details_dock.raise_()
            self.details.focus_first()

    def edit_suggestion_field(self, span_id: str, field: str, value: object) -> bool:  # overridden by suggestions
        return False
