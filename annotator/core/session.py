"""AnnotationSession: the one write path for annotations.

The window, the CLI and importers never write spans or links themselves: they ask
the session, which checks the edit against the schema, builds a
:class:`~annotator.core.commands.Command`, applies it in one store transaction
(committed before anyone is told), records it for undo and notifies listeners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass, replace
from typing import Any, Protocol

from .commands import Command, History
from .model import Document, Origin, Relation, Span, SpanError, Status
from .quotemarks import quote_type
from .schema import Schema, SchemaError
from .tokens import trim

__all__ = ["Store", "AnnotationSession", "SessionEvent", "EditError"]


class EditError(ValueError):
    """An edit the schema or the text does not allow; the message is for the user."""


class Store(Protocol):
    """What the session needs from persistence (implemented by annotator.store)."""

    def transaction(self) -> AbstractContextManager[Any]: ...
    def document(self, doc_id: str) -> Document: ...
    def spans(self, doc_id: str) -> list[Span]: ...
    def span(self, span_id: str) -> Span | None: ...
    def relations(self, doc_id: str) -> list[Relation]: ...
    def relations_of(self, span_id: str) -> list[Relation]: ...
    def put_span(self, span: Span) -> None: ...
    def remove_span(self, span_id: str) -> None: ...
    def put_relation(self, relation: Relation) -> None: ...
    def remove_relation(self, relation_id: str) -> None: ...
    def set_status(self, doc_id: str, status: str) -> None: ...
    def set_schema(self, schema: Schema) -> None: ...
    def spans_with_label(self, label: str) -> list[Span]: ...
    def relations_with_type(self, rtype: str) -> list[Relation]: ...


@dataclass(frozen=True)
class SessionEvent:
    kind: str  # "do" | "undo" | "redo"
    command: Command

    @property
    def doc_id(self) -> str:
        return self.command.doc_id


Listener = Callable[[SessionEvent], None]


class AnnotationSession:
    def __init__(self, store: Store, *, annotator: str, schema: Schema) -> None:
        self.store = store
        self.annotator = annotator
        self.schema = schema
        self.history = History()
        self._listeners: list[Listener] = []

    # -- listeners -------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self, kind: str, command: Command) -> None:
        event = SessionEvent(kind, command)
        for listener in list(self._listeners):
            listener(event)

    # -- the write path ---------------------------------------------------------
    def execute(self, command: Command) -> Command:
        """Apply and commit ``command``; only then record it and tell listeners."""
        if command.is_empty:
            return command
        with self.store.transaction():
            command.apply(self.store)
        if command.schema:
            self.schema = command.schema[1]
        self.history.push(command)
        self._notify("do", command)
        return command

    def undo(self) -> Command | None:
        command = self.history.pop_undo()
        if command is None:
            return None
        try:
            with self.store.transaction():
                command.revert(self.store)
        except Exception:
            self.history.unpop_undo()
            raise
        if command.schema:
            self.schema = command.schema[0]
        self._notify("undo", command)
        return command

    def redo(self) -> Command | None:
        command = self.history.pop_redo()
        if command is None:
            return None
        try:
            with self.store.transaction():
                command.apply(self.store)
        except Exception:
            self.history.unpop_redo()
            raise
        if command.schema:
            self.schema = command.schema[1]
        self._notify("redo", command)
        return command

    # -- edits ----------------------------------------------------------------
    def add_span(
        self,
        doc: Document,
        label: str,
        fragments: Iterable[tuple[int, int]],
        *,
        attributes: dict[str, Any] | None = None,
        note: str = "",
        origin: str = Origin.MANUAL,
        annotator: str | None = None,
        trim_whitespace: bool = True,
    ) -> Span:
        span = self.make_span(
            doc,
            label,
            fragments,
            attributes=attributes,
            note=note,
            origin=origin,
            annotator=annotator,
            trim_whitespace=trim_whitespace,
        )
        self.execute(Command(f"Tag {label}", doc.id, spans=((None, span),), status=self._started(doc)))
        return span

    def make_span(
        self,
        doc: Document,
        label: str,
        fragments: Iterable[tuple[int, int]],
        *,
        attributes: dict[str, Any] | None = None,
        note: str = "",
        origin: str = Origin.MANUAL,
        annotator: str | None = None,
        trim_whitespace: bool = True,
    ) -> Span:
        """A checked span, not yet stored (for add_span and bulk edits)."""
        frags = [(int(s), int(e)) for s, e in fragments]
        for s, e in frags:
            if not 0 <= s <= e <= len(doc.text):
                raise EditError(f"[{s}, {e}) is outside the story (length {len(doc.text)}).")
        if trim_whitespace:
            frags = [trim(doc.text, s, e) for s, e in frags]
            frags = [(s, e) for s, e in frags if e > s]
        if not frags:
            raise EditError("Nothing to tag: the selection is empty or only whitespace.")
        attrs = self._attributes(label, attributes or {})
        try:
            span = Span.create(
                doc,
                label,
                frags,
                annotator=annotator or self.annotator,
                attributes=attrs,
                note=note,
                origin=origin,
            )
        except SpanError as exc:
            raise EditError(str(exc)) from exc
        if not attributes:
            span = replace(span, attributes=self.default_attributes(doc.text, span))
        return span

    def default_attributes(self, text: str, span: Span) -> dict[str, Any]:
        """What the text tells: a QUOTE bounded by quotation marks is direct; a reported clause
        with a quoted phrase of a few words is mixed (the table is core/quotemarks.py)."""
        attrs = dict(span.attributes)
        label = self.schema.label(span.label)
        if label is None:
            return attrs
        qtype = label.attribute("type")
        if qtype is not None and "type" not in attrs:
            kind = quote_type(text, span.start, span.end)
            if kind is not None and kind in qtype.values:
                attrs["type"] = kind
        return attrs

    def delete_spans(self, spans: Iterable[Span], *, description: str | None = None) -> Command:
        """Delete spans and every link touching them, in one undoable step."""
        spans = list(spans)
        if not spans:
            return Command("", "")
        doc_id = spans[0].doc_id
        rels: dict[str, Relation] = {}
        for span in spans:
            for rel in self.store.relations_of(span.id):
                rels[rel.id] = rel
        n = len(spans)
        text = description or (f"Delete {spans[0].label}" if n == 1 else f"Delete {n} spans")
        return self.execute(
            Command(
                text,
                doc_id,
                spans=tuple((s, None) for s in spans),
                relations=tuple((r, None) for r in rels.values()),
            )
        )

    def update_span(self, span: Span, *, description: str = "Edit span", **changes: Any) -> Span:
        """Change label, attributes, note or fragments of one span, as one undoable step."""
        doc = self.store.document(span.doc_id)
        current = self.store.span(span.id) or span
        new = current
        if "fragments" in changes:
            try:
                new = new.with_fragments(doc.text, changes.pop("fragments"))
            except SpanError as exc:
                raise EditError(str(exc)) from exc
        label = changes.get("label", new.label)
        if "attributes" in changes:
            changes["attributes"] = self._attributes(label, changes["attributes"])
        elif "label" in changes and changes["label"] != current.label:
            lb = self.schema.label(label)
            keep = {k: v for k, v in new.attributes.items() if lb and lb.attribute(k)}
            changes["attributes"] = keep
        if "label" in changes:
            self._attributes(label, {})  # unknown label -> EditError
        new = new.with_changes(**changes) if changes else new
        rels: tuple[tuple[Relation | None, Relation | None], ...] = ()
        if new.label != current.label:
            # Links the new label does not allow go with the relabel, visibly and undoably.
            rels = tuple((r, None) for r in self.store.relations_of(span.id) if not self._link_allowed(r, new))
        self.execute(Command(description, span.doc_id, spans=((current, new),), relations=rels))
        return new

    def set_attribute(self, span: Span, name: str, value: Any) -> Span:
        current = self.store.span(span.id) or span
        attrs = dict(current.attributes)
        if value in (None, ""):
            attrs.pop(name, None)
        else:
            attrs[name] = value
        return self.update_span(current, attributes=attrs, description=f"Set {name}")

    def add_fragment(self, span: Span, start: int, end: int) -> Span:
        doc = self.store.document(span.doc_id)
        start, end = trim(doc.text, start, end)
        if end <= start:
            raise EditError("Nothing to add: the selection is empty or only whitespace.")
        current = self.store.span(span.id) or span
        return self.update_span(current, fragments=[*current.fragments, (start, end)], description="Add fragment")

    def link(self, source: Span, target: Span, rtype: str | None = None) -> Relation:
        """Link two spans of one story with a relation the schema allows."""
        if source.doc_id != target.doc_id:
            raise EditError("Links join spans of the same story.")
        if source.id == target.id:
            raise EditError("A span cannot be linked to itself.")
        if rtype is None:
            rt = self.schema.relation_between(source.label, target.label)
            if rt is None:
                back = self.schema.relation_between(target.label, source.label)
                if back is None:
                    raise EditError(f"The schema has no link from {source.label} to {target.label}.")
                source, target, rt = target, source, back
            rtype = rt.name
        elif self.schema.relation(rtype) is None:
            raise EditError(f"The schema has no relation type {rtype!r}.")
        for r in self.store.relations_of(source.id):
            if r.type == rtype and r.source == source.id and r.target == target.id:
                raise EditError("These spans are already linked.")
        rel = Relation.create(source.doc_id, rtype, source.id, target.id, annotator=self.annotator)
        self.execute(Command(f"Link {source.label} → {target.label}", source.doc_id, relations=((None, rel),)))
        return rel

    def unlink(self, relation: Relation) -> None:
        self.execute(Command("Remove link", relation.doc_id, relations=((relation, None),)))

    def set_status(self, doc: Document, status: str) -> None:
        if status not in Status.ALL:
            raise EditError(f"Unknown status {status!r}.")
        current = self.store.document(doc.id).status
        self.execute(Command(f"Mark {status}", doc.id, status=(current, status)))

    def bulk(self, description: str, doc_id: str, spans: Iterable[Span], relations: Iterable[Relation] = ()) -> Command:
        """Add many spans and links in one undoable step (tag all matches, accept suggestions)."""
        return self.execute(
            Command(
                description,
                doc_id,
                spans=tuple((None, s) for s in spans),
                relations=tuple((None, r) for r in relations),
            )
        )

    # -- schema edits ------------------------------------------------------------
    def change_schema(
        self, new: Schema, *, renames: dict[str, str] | None = None, delete_removed: bool = False
    ) -> Command:
        """Adopt an edited schema in one undoable step.

        ``renames`` maps old label names to new ones: their spans are relabelled.
        Spans of a label the new schema drops are refused unless
        ``delete_removed`` is set (the UI asks first); then they go, with their
        links, in the same step. Attributes a label no longer has are dropped
        from its spans; links the new relation types no longer allow go too.
        """
        renames = {k: v for k, v in (renames or {}).items() if k != v}
        old = self.schema
        for src, dst in renames.items():
            if old.label(src) is None or new.label(dst) is None:
                raise EditError(f"Cannot rename {src} to {dst}: one of them is not a label.")
        span_changes: list[tuple[Span | None, Span | None]] = []
        kept: dict[str, Span] = {}
        removed: list[Span] = []
        for lb in old.labels:
            target = renames.get(lb.name, lb.name)
            spans = self.store.spans_with_label(lb.name)
            new_label = new.label(target)
            if new_label is None:
                removed += spans
                continue
            for span in spans:
                attrs = {k: v for k, v in span.attributes.items() if new_label.attribute(k) is not None}
                if target != span.label or attrs != span.attributes:
                    changed = span.with_changes(label=target, attributes=attrs)
                    span_changes.append((span, changed))
                    kept[span.id] = changed
                else:
                    kept[span.id] = span
        if removed and not delete_removed:
            labels = sorted({s.label for s in removed})
            raise EditError(f"{len(removed)} spans still use {', '.join(labels)}; remove them too, or keep the label.")
        span_changes += [(s, None) for s in removed]
        rel_changes: dict[str, tuple[Relation, None]] = {}
        gone = {s.id for s in removed}
        touched = gone | {s.id for s, _ in span_changes if s is not None}
        for span_id in touched:
            for rel in self.store.relations_of(span_id):
                if rel.source in gone or rel.target in gone:
                    rel_changes[rel.id] = (rel, None)
                    continue
                src, tgt = kept.get(rel.source), kept.get(rel.target)
                rt = new.relation(rel.type)
                if src is None or tgt is None or rt is None or not rt.allows(src.label, tgt.label):
                    rel_changes[rel.id] = (rel, None)
        for rt in old.relations:
            if new.relation(rt.name) is None:
                rel_changes.update((r.id, (r, None)) for r in self.store.relations_with_type(rt.name))
        command = Command(
            "Edit schema",
            "",
            spans=tuple(span_changes),
            relations=tuple(rel_changes.values()),
            schema=(old, new),
        )
        return self.execute(command)

    # -- helpers --------------------------------------------------------------
    def _attributes(self, label: str, attributes: dict[str, Any]) -> dict[str, Any]:
        try:
            return self.schema.validate_attributes(label, attributes)
        except SchemaError as exc:
            raise EditError(str(exc)) from exc

    def _link_allowed(self, rel: Relation, changed: Span) -> bool:
        rt = self.schema.relation(rel.type)
        if rt is None:
            return False
        other_id = rel.target if rel.source == changed.id else rel.source
        other = self.store.span(other_id)
        if other is None:
            return False
        src, tgt = (changed, other) if rel.source == changed.id else (other, changed)
        return rt.allows(src.label, tgt.label)

    def _started(self, doc: Document) -> tuple[str, str] | None:
        current = self.store.document(doc.id).status
        return (current, Status.IN_PROGRESS) if current == Status.NEW else None
