"""Span gestures of the main window: tag, delete, fragments, links, boundaries.

A mixin so the window module stays about layout and story switching; every
gesture ends in one AnnotationSession call (one undoable, committed command).
"""

from __future__ import annotations

from annotator.core.model import Span
from annotator.core.tokens import next_boundary, prev_boundary, snap_to_words

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from .errors import reported
from .messages import quoted

__all__ = ["SpanEditing"]


class SpanEditing:
    """Needs: self.session, self.repo, self.view, self.doc, self.selected_span_id,
    self.select_span(id), self.story_spans(), self.statusBar(), self.details."""

    link_from: str | None = None
    link_candidates: list[str] = []
    link_pick: int = -1

    # -- selection helpers ---------------------------------------------------------
    def selected_span(self) -> Span | None:
        if not self.selected_span_id:
            return None
        return self.view.index.spans.get(self.selected_span_id)

    def selection_range(self) -> tuple[int, int] | None:
        start, end = self.view.selected_cp()
        if end <= start:
            return None
        precise = QApplication.keyboardModifiers() & Qt.KeyboardModifier.AltModifier or self.char_precision
        if not precise:
            start, end = snap_to_words(self.doc.text, start, end)
        return (start, end) if end > start else None

    # -- tagging -------------------------------------------------------------------
    @reported
    def tag(self, label: str) -> None:
        if self.doc is None:
            return
        rng = self.selection_range()
        if rng is None:
            span = self.selected_span()
            if span is not None and span.label != label:
                self.session.update_span(span, label=label, description=f"Relabel as {label}")
                self.statusBar().showMessage(f"Relabelled as {label}", 3000)
            else:
                self.statusBar().showMessage(
                    "Select some text first (Shift+arrows or the mouse), then press a label key.", 5000
                )
            return
        span = self.session.add_span(self.doc, label, [rng])
        self.view.clear_selection()
        self.select_span(span.id)
        self.statusBar().showMessage(f"Tagged {label}: {quoted(span.text)}", 3000)

    @reported
    def delete_selected(self) -> None:
        span = self.selected_span()
        if span is None:
            self.statusBar().showMessage("No span selected: click a highlight or press Tab to pick one.", 4000)
            return
        links = len(self.repo.relations_of(span.id))
        self.session.delete_spans([span])
        self.selected_span_id = None
        self.details.show_span(None, [], {})
        extra = f" and {links} link{'s' if links != 1 else ''}" if links else ""
        self.statusBar().showMessage(f"Deleted {span.label}{extra} (Ctrl+Z brings it back)", 5000)

    @reported
    def add_fragment(self) -> None:
        span = self.selected_span()
        rng = self.selection_range()
        if span is None or rng is None:
            self.statusBar().showMessage(
                "Select a span, then select more text and press F (or Ctrl+drag) to add it as a fragment.", 5000
            )
            return
        self.session.add_fragment(span, *rng)
        self.view.clear_selection()
        self.select_span(span.id)

    # -- links -----------------------------------------------------------------------
    def start_link(self) -> None:
        span = self.selected_span()
        if span is None:
            self.statusBar().showMessage("Select the span to link from first (click it or press Tab).", 5000)
            return
        self.link_from = span.id
        others = [s for s in self.story_spans().values() if s.id != span.id and self._linkable(span, s)]
        others.sort(key=lambda s: (abs(s.start - span.start), s.start))
        self.link_candidates = [s.id for s in others]
        self.link_pick = -1
        if not others:
            self.link_from = None
            self.statusBar().showMessage(f"No span in this story can be linked to this {span.label}.", 5000)
            return
        self.cycle_link(1)

    def _linkable(self, a: Span, b: Span) -> bool:
        schema = self.session.schema
        return (
            schema.relation_between(a.label, b.label) is not None
            or schema.relation_between(b.label, a.label) is not None
        )

    def cycle_link(self, step: int) -> None:
        if not self.link_candidates:
            return
        self.link_pick = (self.link_pick + step) % len(self.link_candidates)
        target = self.view.index.spans[self.link_candidates[self.link_pick]]
        self.view.linked_ids = {target.id}
        self.view.show_span(target)
        self.view.viewport().update()
        source = self.view.index.spans[self.link_from]
        self.statusBar().showMessage(
            f"Link {source.label} → {target.label} {quoted(target.text, 50)}?  "
            "Enter links, Tab/Shift+Tab choose, Esc cancels "
            f"({self.link_pick + 1}/{len(self.link_candidates)})"
        )

    @reported
    def finish_link(self, target_id: str | None = None) -> None:
        if self.link_from is None:
            return
        target_id = target_id or (self.link_candidates[self.link_pick] if self.link_pick >= 0 else None)
        source = self.view.index.spans.get(self.link_from)
        self.cancel_link(quiet=True)
        target = self.view.index.spans.get(target_id or "")
        if source is None or target is None:
            return
        rel = self.session.link(source, target)
        self.select_span(source.id)
        self.statusBar().showMessage(f"Linked ({rel.type}). Ctrl+Z undoes it.", 4000)

    def cancel_link(self, *, quiet: bool = False) -> None:
        self.link_from = None
        self.link_candidates = []
        self.link_pick = -1
        self.refresh_linked_marks()
        if not quiet:
            self.statusBar().showMessage("Linking cancelled.", 2000)

    @reported
    def remove_link(self, relation_id: str) -> None:
        rel = next((r for r in self.repo.relations(self.doc.id) if r.id == relation_id), None)
        if rel is not None:
            self.session.unlink(rel)

    # -- boundaries ------------------------------------------------------------------
    @reported
    def move_boundary(self, edge: str, step: str, direction: int) -> None:
        span = self.selected_span()
        if span is None:
            self.statusBar().showMessage("Select a span to adjust its boundaries.", 4000)
            return
        text = self.doc.text
        frags = [list(f) for f in span.fragments]
        i, j = (0, 0) if edge == "start" else (-1, 1)
        pos = frags[i][j]
        if step == "char":
            pos = max(0, min(len(text), pos + direction))
        elif direction < 0:
            pos = prev_boundary(text, pos) if edge == "start" else _prev_end(text, pos)
        else:
            pos = _next_start(text, pos) if edge == "start" else next_boundary(text, pos)
        frags[i][j] = pos
        if frags[i][1] <= frags[i][0]:
            self.statusBar().showMessage("That would leave the span empty.", 3000)
            return
        self.session.update_span(span, fragments=[tuple(f) for f in frags], description=f"Move {edge}")

    def start_word_left(self) -> None:
        self.move_boundary("start", "word", -1)

    def start_word_right(self) -> None:
        self.move_boundary("start", "word", 1)

    def end_word_left(self) -> None:
        self.move_boundary("end", "word", -1)

    def end_word_right(self) -> None:
        self.move_boundary("end", "word", 1)

    def start_char_left(self) -> None:
        self.move_boundary("start", "char", -1)

    def start_char_right(self) -> None:
        self.move_boundary("start", "char", 1)

    def end_char_left(self) -> None:
        self.move_boundary("end", "char", -1)

    def end_char_right(self) -> None:
        self.move_boundary("end", "char", 1)

    # -- attributes ------------------------------------------------------------------
    @reported
    def set_attribute(self, name: str, value: object) -> None:
        shown = self.details.span
        if shown is not None and self.edit_suggestion_field(shown.id, name, value):
            return
        span = self.selected_span()
        if span is not None:
            self.session.set_attribute(span, name, value)

    @reported
    def set_note(self, note: str) -> None:
        span = self.selected_span()
        if span is not None:
            self.session.update_span(span, note=note, description="Edit note")

    @reported
    def relabel(self, label: str) -> None:
        shown = self.details.span
        if shown is not None and self.edit_suggestion_field(shown.id, "__label", label):
            return
        span = self.selected_span()
        if span is not None and span.label != label:
            self.session.update_span(span, label=label, description=f"Relabel as {label}")

    def confirm(self, title: str, text: str) -> bool:
        return QMessageBox.question(self, title, text) == QMessageBox.StandardButton.Yes


def _next_start(text: str, pos: int) -> int:
    """Start moves right past the current word to the next word's start."""
    end = next_boundary(text, pos)
    nxt = end
    while nxt < len(text) and text[nxt].isspace():
        nxt += 1
    return nxt if nxt < len(text) else end


def _prev_end(text: str, pos: int) -> int:
    """End moves left to the end of the previous word."""
    start = prev_boundary(text, pos)
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return start
