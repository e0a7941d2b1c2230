"""Undoable edits and the history that holds them.

Every edit is a :class:`Command`: the old and new value of each span and relation
it touches (``None`` meaning absent) and, optionally, a story's old and new status.
Applying writes the new values, reverting writes the old ones, so one mechanism
covers add, delete, relabel, attribute edits, fragments and links alike, and undo
can never drift from what was done. One user gesture is one command.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .model import Relation, Span
from .schema import Schema

if TYPE_CHECKING:
    from .session import Store

__all__ = ["Command", "History"]


@dataclass(frozen=True)
class Command:
    description: str
    doc_id: str
    spans: tuple[tuple[Span | None, Span | None], ...] = ()
    relations: tuple[tuple[Relation | None, Relation | None], ...] = ()
    status: tuple[str, str] | None = None  # (old, new)
    schema: tuple[Schema, Schema] | None = None  # (old, new): label renames and removals
    meta: dict = field(default_factory=dict)

    def apply(self, store: Store) -> None:
        if self.schema:
            store.set_schema(self.schema[1])
        _write(store, self.spans, self.relations, new=True)
        if self.status:
            store.set_status(self.doc_id, self.status[1])

    def revert(self, store: Store) -> None:
        if self.schema:
            store.set_schema(self.schema[0])
        _write(store, self.spans, self.relations, new=False)
        if self.status:
            store.set_status(self.doc_id, self.status[0])

    @property
    def is_empty(self) -> bool:
        return (
            not self.spans
            and not self.relations
            and not (self.status and self.status[0] != self.status[1])
            and not (self.schema and self.schema[0] != self.schema[1])
        )

    def span_ids(self) -> set[str]:
        return {(old or new).id for old, new in self.spans if (old or new) is not None}

    def added_spans(self, *, undo: bool = False) -> list[Span]:
        """Spans present after this command ran (or after it was undone)."""
        pick = 0 if undo else 1
        return [pair[pick] for pair in self.spans if pair[pick] is not None]


def _write(
    store: Store,
    spans: tuple[tuple[Span | None, Span | None], ...],
    relations: tuple[tuple[Relation | None, Relation | None], ...],
    *,
    new: bool,
) -> None:
    # Order keeps foreign keys valid: drop links, drop spans, write spans, write links.
    i, j = (0, 1) if new else (1, 0)
    for pair in relations:
        if pair[j] is None and pair[i] is not None:
            store.remove_relation(pair[i].id)
    for pair in spans:
        if pair[j] is None and pair[i] is not None:
            store.remove_span(pair[i].id)
    for pair in spans:
        if pair[j] is not None:
            store.put_span(pair[j])
    for pair in relations:
        if pair[j] is not None:
            store.put_relation(pair[j])


class History:
    """Undo and redo stacks of commands. Only the session touches it."""

    def __init__(self, limit: int = 2000) -> None:
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._limit = limit

    def push(self, command: Command) -> None:
        self._undo.append(command)
        if len(self._undo) > self._limit:
            del self._undo[0]
        self._redo.clear()

    def pop_undo(self) -> Command | None:
        if not self._undo:
            return None
        cmd = self._undo.pop()
        self._redo.append(cmd)
        return cmd

    def pop_redo(self) -> Command | None:
        if not self._redo:
            return None
        cmd = self._redo.pop()
        self._undo.append(cmd)
        return cmd

    def unpop_undo(self) -> None:
        """Put back a command whose undo failed to persist."""
        self._undo.append(self._redo.pop())

    def unpop_redo(self) -> None:
        self._redo.append(self._undo.pop())

    @property
    def undo_text(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    @property
    def redo_text(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
