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

from .commands import Command, ConflictError, EditError, History
from .model import Document, Origin, Relation, Span, SpanError, Status
from .quotemarks import quote_type
from .schema import Schema, SchemaError
from .schema_change import schema_change_command
from .tokens import trim

__all__ = ["Store", "AnnotationSession", "SessionEvent", "EditError", "ConflictError"]


class Store(Protocol):
    """What the session needs from persistence (implemented by annotator.store)."""

    def transaction(self) -> AbstractContextManager[Any]: ...
    def document(self, doc_id: str) -> Document: ...
    def document_status(self, doc_id: str) -> str: ...
    def spans(self, doc_id: str) -> list[Span]: ...
    def span(self, span_id: str) -> Span | None: ...
    def relation(self, relation_id: str) -> Relation | None: ...
    def relations(self, doc_id: str) -> list[Relation]: ...
    def relations_of(self, span_id: str) -> list[Relation]: ...
    def insert_span(self, span: Span) -> tuple[str, bool]: ...
    def update_span_fields(self, span: Span, fields: tuple[str, ...]) -> None: ...
    def remove_span(self, span_id: str) -> None: ...
    def insert_relation(self, relation: Relation) -> bool: ...
    def remove_relation(self, relation_id: str) -> None: ...
    def set_status(self, doc_id: str, status: str) -> None: ...
    def schema(self) -> Schema: ...
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
    def run(self, build: Callable[[], Command]) -> Command:
        """Build a command under the write lock (so what it reads is what it changes),
        apply it field by field and commit; only then record it and tell listeners."""
        with self.store.transaction():
            command = build()
            if command.is_empty:
                return command
            done = command.apply(self.store)
        if done.schema:
            self.schema = done.schema[1]
        if done.is_empty:
            return done
        self.history.push(done)
        self._notify("do", done)
        return done

    def execute(self, command: Command) -> Command:
        """Apply and commit a command built elsewhere; returns it as it really ran."""
        return self.run(lambda: command)

    def undo(self) -> Command | None:
        """Revert the last step. If another writer changed what it touched since, raise
        ConflictError (their change stays) and drop the step from the history."""
        command = self.history.pop_undo()
        if command is None:
            return None
        try:
            with self.store.transaction():
                done = command.revert(self.store)
        except ConflictError:
            self.history.settle_undo(None)
            raise
        except Exception:
            self.history.unpop_undo()
            raise
        self.history.settle_undo(done)
        if done.schema:
            self.schema = done.schema[0]
        self._notify("undo", done)
        return done

    def redo(self) -> Command | None:
        command = self.history.pop_redo()
        if command is None:
            return None
        try:
            with self.store.transaction():
                done = command.apply(self.store, verb="redo")
        except ConflictError:
            self.history.settle_redo(None)
            raise
        except Exception:
            self.history.unpop_redo()
            raise
        self.history.settle_redo(done)
        if done.schema:
            self.schema = done.schema[1]
        self._notify("redo", done)
        return done

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
        done = self.run(lambda: Command(f"Tag {label}", doc.id, spans=((None, span),), status=self._started(doc)))
        if done.spans:
            return span
        return self._twin(span)

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
        wanted = list(spans)
        if not wanted:
            return Command("", "")
        n = len(wanted)
        text = description or (f"Delete {wanted[0].label}" if n == 1 else f"Delete {n} spans")

        def build() -> Command:
            current = [c for s in wanted if (c := self.store.span(s.id)) is not None]
            rels: dict[str, Relation] = {}
            for span in current:
                for rel in self.store.relations_of(span.id):
                    rels[rel.id] = rel
            return Command(
                text,
                wanted[0].doc_id,
                spans=tuple((s, None) for s in current),
                relations=tuple((r, None) for r in rels.values()),
            )

        return self.run(build)

    def update_span(self, span: Span, *, description: str = "Edit span", coalesce: str = "", **changes: Any) -> Span:
        """Change label, attributes, note or fragments of one span, as one undoable step.

        The span is read under the write lock and only the fields named here change:
        a note edit leaves the label and attributes as they are now, whoever set them.
        ``attributes`` is the whole new set (see ``merge_attributes`` for by-name edits).
        """
        result: list[Span] = []

        def build() -> Command:
            current = self.store.span(span.id)
            if current is None:
                raise EditError(f"The {span.label} “{span.text[:40]}” is gone: it was deleted elsewhere.")
            new = self._changed(current, dict(changes))
            result.append(new)
            rels: tuple[tuple[Relation | None, Relation | None], ...] = ()
            if new.label != current.label:
                # Links the new label does not allow go with the relabel, visibly and undoably.
                rels = tuple((r, None) for r in self.store.relations_of(span.id) if not self._link_allowed(r, new))
            # ``coalesce``: edits sharing this key in a row undo as one (typing into a field).
            meta = {"coalesce": coalesce} if coalesce else {}
            return Command(description, span.doc_id, spans=((current, new),), relations=rels, meta=meta)

        done = self.run(build)
        return done.spans[0][1] or result[0] if done.spans else result[0]

    def _changed(self, current: Span, changes: dict[str, Any]) -> Span:
        new = current
        if "fragments" in changes:
            doc = self.store.document(current.doc_id)
            try:
                new = new.with_fragments(doc.text, changes.pop("fragments"))
            except SpanError as exc:
                raise EditError(str(exc)) from exc
        if "merge_attributes" in changes:
            attrs = dict(current.attributes)
            for key, value in changes.pop("merge_attributes").items():
                if value in (None, ""):
                    attrs.pop(key, None)
                else:
                    attrs[key] = value
            changes["attributes"] = attrs
        label = changes.get("label", new.label)
        if "attributes" in changes:
            changes["attributes"] = self._attributes(label, changes["attributes"])
        elif "label" in changes and changes["label"] != current.label:
            lb = self.schema.label(label)
            changes["attributes"] = {k: v for k, v in new.attributes.items() if lb and lb.attribute(k)}
        if "label" in changes:
            self._attributes(label, {})  # unknown label -> EditError
        return new.with_changes(**changes) if changes else new

    def set_attribute(self, span: Span, name: str, value: Any, *, coalesce: str = "") -> Span:
        """Set (or with None/"" remove) one attribute; the others stay as they are now."""
        return self.update_span(span, merge_attributes={name: value}, description=f"Set {name}", coalesce=coalesce)

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
        rel = Relation.create(source.doc_id, rtype, source.id, target.id, annotator=self.annotator)
        done = self.run(
            lambda: Command(f"Link {source.label} → {target.label}", source.doc_id, relations=((None, rel),))
        )
        if not done.relations:
            raise EditError("These spans are already linked.")
        return rel

    def unlink(self, relation: Relation) -> None:
        self.execute(Command("Remove link", relation.doc_id, relations=((relation, None),)))

    def set_status(self, doc: Document, status: str) -> None:
        if status not in Status.ALL:
            raise EditError(f"Unknown status {status!r}.")
        self.run(lambda: Command(f"Mark {status}", doc.id, status=(self.store.document_status(doc.id), status)))

    def bulk(self, description: str, doc_id: str, spans: Iterable[Span], relations: Iterable[Relation] = ()) -> Command:
        """Add many spans and links in one undoable step (tag all matches, accept suggestions).
        Machine-made spans already stored (same annotator, label, fragments) are not added twice.
        A story that gains spans is in progress, whichever gesture added them."""
        added = tuple((None, s) for s in spans)
        links = tuple((None, r) for r in relations)

        def build() -> Command:
            started = self.start_status(doc_id) if added and doc_id else None
            return Command(description, doc_id, spans=added, relations=links, status=started)

        return self.run(build)

    # -- schema edits ------------------------------------------------------------
    def change_schema(
        self, new: Schema, *, renames: dict[str, str] | None = None, delete_removed: bool = False
    ) -> Command:
        """Adopt an edited schema in one undoable step (see core.schema_change).

        Refused when the stored schema is no longer the one this edit started from
        (an import or another window grew it meanwhile): saving would drop their labels."""

        def build() -> Command:
            stored = self.store.schema()
            if stored != self.schema:
                self.schema = stored
                raise EditError(
                    "The schema was changed elsewhere (an import or another window) while you edited it; "
                    "nothing was saved. Open the schema editor again to start from the current one."
                )
            return schema_change_command(self.store, stored, new, renames=renames, delete_removed=delete_removed)

        return self.run(build)

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

    def start_status(self, doc_id: str) -> tuple[str, str] | None:
        """The status change of a story gaining spans: new -> in progress (None otherwise).
        Every path that adds spans to a story uses it (label key, bulk, accepted suggestions)."""
        current = self.store.document_status(doc_id)
        return (current, Status.IN_PROGRESS) if current == Status.NEW else None

    def _started(self, doc: Document) -> tuple[str, str] | None:
        current = self.store.document_status(doc.id)
        return (current, Status.IN_PROGRESS) if current == Status.NEW else None

    def _twin(self, span: Span) -> Span:
        """The stored span a machine-made ``span`` turned out to duplicate."""
        for stored in self.store.spans(span.doc_id):
            if (stored.annotator, stored.label, stored.fragments) == (span.annotator, span.label, span.fragments):
                return stored
        return span
