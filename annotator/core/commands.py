"""Undoable edits and the history that holds them.

Every edit is a :class:`Command`: the old and new value of each span and relation
it touches (``None`` meaning absent) and, optionally, a story's old and new status
and the schema's. One user gesture is one command.

Applying a command does not write whole rows back. It works field by field, on
what the project holds *now* (read under the write lock, see changes.py): only
the fields that differ between old and new are written, attributes by name, and
a field another writer has changed since is a :class:`ConflictError`, never
silently overwritten. ``apply``/``revert`` return the command as it really ran
(what was there before, what is there after), which is what the history keeps
and what listeners are told.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .changes import run_command
from .model import Relation, Span
from .schema import Schema

if TYPE_CHECKING:
    from .session import Store

__all__ = ["Command", "History", "EditError", "ConflictError"]


class EditError(ValueError):
    """An edit the schema or the text does not allow; the message is for the user."""


class ConflictError(EditError):
    """Another writer changed what an undo or redo would overwrite; nothing was written."""


@dataclass(frozen=True)
class Command:
    description: str
    doc_id: str
    spans: tuple[tuple[Span | None, Span | None], ...] = ()
    relations: tuple[tuple[Relation | None, Relation | None], ...] = ()
    status: tuple[str, str] | None = None  # (old, new)
    schema: tuple[Schema, Schema] | None = None  # (old, new): label renames and removals
    meta: dict[str, Any] = field(default_factory=dict)

    def apply(self, store: Store, *, verb: str = "do") -> Command:
        """Write old -> new on the current rows (caller holds the write transaction)."""
        return run_command(self, store, forward=True, verb=verb)

    def revert(self, store: Store) -> Command:
        """Write new -> old on the current rows (caller holds the write transaction)."""
        return run_command(self, store, forward=False, verb="undo")

    @property
    def is_empty(self) -> bool:
        return (
            not self.spans
            and not self.relations
            and not (self.status and self.status[0] != self.status[1])
            and not (self.schema and self.schema[0] != self.schema[1])
        )

    def span_ids(self) -> set[str]:
        return {s.id for pair in self.spans for s in pair if s is not None}

    def doc_ids(self) -> set[str]:
        """Every story this command touches (a schema edit may touch many)."""
        ids = {s.doc_id for pair in self.spans for s in pair if s is not None}
        return ids | ({self.doc_id} if self.doc_id else set())

    def added_spans(self, *, undo: bool = False) -> list[Span]:
        """Spans present after this command ran (or after it was undone)."""
        pick = 0 if undo else 1
        return [s for pair in self.spans if (s := pair[pick]) is not None]


def _merged(first: Command, later: Command) -> Command:
    """One command doing what ``first`` then ``later`` did: oldest old value, newest new value."""

    def pairs(a: tuple, b: tuple) -> tuple:
        out: dict[str, list] = {}
        for old, new in (*a, *b):
            key = (old or new).id
            if key in out:
                out[key][1] = new
            else:
                out[key] = [old, new]
        return tuple((old, new) for old, new in out.values() if not (old is None and new is None))

    status = first.status
    if later.status:
        status = (first.status[0], later.status[1]) if first.status else later.status
    return Command(
        later.description,
        later.doc_id,
        spans=pairs(first.spans, later.spans),
        relations=pairs(first.relations, later.relations),
        status=status,
        meta=dict(later.meta),
    )


class History:
    """Undo and redo stacks of commands. Only the session touches it."""

    def __init__(self, limit: int = 2000) -> None:
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._limit = limit

    def push(self, command: Command) -> None:
        key = command.meta.get("coalesce")
        top = self._undo[-1] if self._undo else None
        if key and top is not None and top.meta.get("coalesce") == key and top.doc_id == command.doc_id:
            # Typing into one field is one edit: keystrokes stored as they come undo together.
            self._undo[-1] = _merged(top, command)
            self._redo.clear()
            return
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

    def settle_undo(self, effective: Command | None) -> None:
        """After an undo: keep the command as it really ran, or (None) drop it: it can
        no longer be redone or undone because another writer changed what it touched."""
        self._redo.pop()
        if effective is not None:
            self._redo.append(effective)

    def settle_redo(self, effective: Command | None) -> None:
        self._undo.pop()
        if effective is not None:
            self._undo.append(effective)

    def forget_story(self, doc_id: str) -> None:
        """Drop every step touching a story whose text was replaced: its offsets are gone."""
        self._undo = [c for c in self._undo if doc_id not in c.doc_ids()]
        self._redo = [c for c in self._redo if doc_id not in c.doc_ids()]

    @property
    def undo_text(self) -> str | None:
        return self._undo[-1].description if self._undo else None

    @property
    def redo_text(self) -> str | None:
        return self._redo[-1].description if self._redo else None

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()
