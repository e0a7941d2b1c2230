"""What adopting an edited schema does to the spans and links already made."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .commands import Command, EditError
from .model import Relation, Span
from .schema import Schema

if TYPE_CHECKING:
    from .session import Store

__all__ = ["schema_change_command"]


def schema_change_command(
    store: Store, old: Schema, new: Schema, *, renames: dict[str, str] | None = None, delete_removed: bool = False
) -> Command:
    """The one undoable step that moves the project from ``old`` to ``new``.

    ``renames`` maps old label names to new ones: their spans are relabelled.
    Spans of a label the new schema drops are refused unless ``delete_removed``
    is set (the UI asks first); then they go, with their links, in the same step.
    Attributes a label no longer has are dropped from its spans; links the new
    relation types no longer allow go too.
    """
    renames = {k: v for k, v in (renames or {}).items() if k != v}
    for src, dst in renames.items():
        if old.label(src) is None or new.label(dst) is None:
            raise EditError(f"Cannot rename {src} to {dst}: one of them is not a label.")
    span_changes: list[tuple[Span | None, Span | None]] = []
    kept: dict[str, Span] = {}
    removed: list[Span] = []
    for lb in old.labels:
        target = renames.get(lb.name, lb.name)
        spans = store.spans_with_label(lb.name)
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
    rel_changes: dict[str, tuple[Relation | None, Relation | None]] = {}
    gone = {s.id for s in removed}
    touched = gone | {s.id for s, _ in span_changes if s is not None}
    for span_id in touched:
        for rel in store.relations_of(span_id):
            if rel.source in gone or rel.target in gone:
                rel_changes[rel.id] = (rel, None)
                continue
            src_span, tgt_span = kept.get(rel.source), kept.get(rel.target)
            rt = new.relation(rel.type)
            if src_span is None or tgt_span is None or rt is None or not rt.allows(src_span.label, tgt_span.label):
                rel_changes[rel.id] = (rel, None)
    for rtype in old.relations:
        if new.relation(rtype.name) is None:
            rel_changes.update((r.id, (r, None)) for r in store.relations_with_type(rtype.name))
    return Command(
        "Edit schema",
        "",
        spans=tuple(span_changes),
        relations=tuple(rel_changes.values()),
        schema=(old, new),
    )
