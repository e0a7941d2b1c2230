"""Running a command field by field on what the project holds now.

A command records whole spans (old, new), but two windows and a script may edit
the same span at once: writing the whole ``new`` row back would overwrite a
teammate's note with the value read seconds ago. So a command is run as a set
of field changes, each checked against the row as it is under the write lock:

- a field (label, fragments, note, annotator, origin) or an attribute (by name)
  that differs between old and new is written; nothing else is;
- if another writer changed such a field since, the command is refused with a
  :class:`~annotator.core.commands.ConflictError` naming what changed (their
  value stays); a deleted span or link that is already gone is simply skipped;
- spans are inserted through the store's uniqueness rule: a machine-made twin
  (same story, annotator, label and fragments) already there is reused, its id
  taking the place of ours in the links that follow.

The result is the command as it really ran, oriented like the original.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from .model import Relation, Span

if TYPE_CHECKING:
    from .commands import Command
    from .session import Store

__all__ = ["run_command", "span_field_changes", "CONTENT_FIELDS"]

CONTENT_FIELDS = ("label", "fragments", "note", "annotator", "origin")
_MISSING: Any = object()


def span_field_changes(before: Span, after: Span) -> tuple[list[str], dict[str, tuple[Any, Any]]]:
    """(fields that differ, {attribute: (before, after)} for attributes that differ)."""
    fields = [f for f in CONTENT_FIELDS if getattr(before, f) != getattr(after, f)]
    attrs = {
        k: (before.attributes.get(k, _MISSING), after.attributes.get(k, _MISSING))
        for k in sorted(before.attributes.keys() | after.attributes.keys())
        if before.attributes.get(k, _MISSING) != after.attributes.get(k, _MISSING)
    }
    return fields, attrs


def _content(span: Span) -> tuple[Any, ...]:
    return (*(getattr(span, f) for f in CONTENT_FIELDS), span.attributes)


def _name(span: Span) -> str:
    text = span.text if len(span.text) <= 40 else span.text[:37] + "…"
    return f"{span.label} “{text}”"


class _Run:
    def __init__(self, command: Command, store: Store, forward: bool, verb: str) -> None:
        self.command = command
        self.store = store
        self.forward = forward
        self.verb = verb
        self.spans: list[tuple[Span | None, Span | None]] = []
        self.relations: list[tuple[Relation | None, Relation | None]] = []
        self.ids: dict[str, str] = {}  # our span id -> the twin already stored

    def pair(self, before: Any, after: Any) -> tuple[Any, Any]:
        return (before, after) if self.forward else (after, before)

    def conflict(self, what: str) -> None:
        from .commands import ConflictError

        raise ConflictError(
            f"Could not {self.verb} “{self.command.description}”: since then another writer changed {what}. "
            "Their change was kept; nothing was written."
        )

    # -- spans -------------------------------------------------------------------------
    def remove_span(self, before: Span) -> None:
        current = self.store.span(before.id)
        if current is None:
            return  # already gone: nothing of anyone's to lose
        if _content(current) != _content(before):
            self.conflict(f"{_name(current)}")
        self.store.remove_span(before.id)
        self.spans.append(self.pair(current, None))

    def update_span(self, before: Span, after: Span) -> None:
        current = self.store.span(before.id)
        if current is None:
            self.conflict(f"{_name(before)}: it was deleted")
            return
        fields, attrs = span_field_changes(before, after)
        changed = [f for f in fields if getattr(current, f) != getattr(before, f)]
        changed += [k for k, (b, _a) in attrs.items() if current.attributes.get(k, _MISSING) != b]
        if changed:
            self.conflict(f"the {', '.join(changed)} of {_name(current)}")
        merged_attrs = dict(current.attributes)
        for k, (_b, a) in attrs.items():
            if a is _MISSING:
                merged_attrs.pop(k, None)
            else:
                merged_attrs[k] = a
        values: dict[str, Any] = {f: getattr(after, f) for f in fields}
        if "fragments" in fields:
            values["text"] = after.text
        if attrs:
            values["attributes"] = merged_attrs
        if not values:
            return
        values["updated"] = after.updated
        merged = replace(current, **values)
        self.store.update_span_fields(merged, tuple(values))
        self.spans.append(self.pair(current, merged))

    def insert_span(self, after: Span) -> None:
        stored_id, inserted = self.store.insert_span(after)
        if inserted:
            self.spans.append(self.pair(None, after))
            return
        if stored_id != after.id:
            self.ids[after.id] = stored_id  # a machine-made twin is already there
            return
        current = self.store.span(after.id)
        if current is not None and _content(current) != _content(after):
            self.conflict(f"{_name(current)}")

    # -- relations ----------------------------------------------------------------------
    def remove_relation(self, before: Relation) -> None:
        current = self.store.relation(before.id)
        if current is None:
            return
        self.store.remove_relation(before.id)
        self.relations.append(self.pair(current, None))

    def insert_relation(self, after: Relation) -> None:
        rel = replace(
            after, source=self.ids.get(after.source, after.source), target=self.ids.get(after.target, after.target)
        )
        for end in (rel.source, rel.target):
            if self.store.span(end) is None:
                self.conflict(f"the links of a {rel.type}: a span it joins was deleted")
        if self.store.insert_relation(rel):
            self.relations.append(self.pair(None, rel))

    # -- the whole command ------------------------------------------------------------------
    def run(self) -> Command:
        cmd = self.command
        i, j = (0, 1) if self.forward else (1, 0)
        # Order keeps foreign keys valid: drop links, drop spans, change and add spans, add links.
        for rel_pair in cmd.relations:
            gone_rel = rel_pair[i]
            if gone_rel is not None and rel_pair[j] is None:
                self.remove_relation(gone_rel)
        for span_pair in cmd.spans:
            gone = span_pair[i]
            if gone is not None and span_pair[j] is None:
                self.remove_span(gone)
        for span_pair in cmd.spans:
            before, after = span_pair[i], span_pair[j]
            if before is not None and after is not None:
                self.update_span(before, after)
            elif after is not None:
                self.insert_span(after)
        for rel_pair in cmd.relations:
            after_rel = rel_pair[j]
            if after_rel is not None:
                self.insert_relation(after_rel)
        schema = self.run_schema()
        status = self.run_status()
        return replace(cmd, spans=tuple(self.spans), relations=tuple(self.relations), status=status, schema=schema)

    def run_schema(self) -> Any:
        if not self.command.schema:
            return None
        before, after = self.pair(*self.command.schema)
        current = self.store.schema()
        if current == after:
            return None
        if current != before:
            self.conflict("the schema")
        self.store.set_schema(after)
        return self.pair(before, after)

    def run_status(self) -> tuple[str, str] | None:
        if not self.command.status:
            return None
        before, after = self.pair(*self.command.status)
        current = self.store.document_status(self.command.doc_id)
        if current == after:
            return None
        if current != before:
            if self.command.spans or self.command.relations:
                return None  # a side effect (a first tag starts the story): theirs stays
            self.conflict(f"the status of the story (it is now {current!r})")
        self.store.set_status(self.command.doc_id, after)
        return self.pair(before, after)


def run_command(command: Command, store: Store, *, forward: bool, verb: str | None = None) -> Command:
    """Run ``command`` old -> new (forward) or back; the caller holds the write transaction."""
    return _Run(command, store, forward, verb or ("do" if forward else "undo")).run()
