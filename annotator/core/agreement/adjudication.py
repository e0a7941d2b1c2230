"""Adjudication: annotators' spans grouped into items to decide, and the gold edits.

An item is a connected group of spans from different annotators: two spans join
when they have the same label and overlap, or cover exactly the same fragments
(whatever the labels). Nested spans of different labels (a QUOTE inside a
CLAIM) stay apart, so agreeing on both is two agreements, not one conflict.

Each item gets one kind, checked in this order:
``label`` (the labels differ), ``boundary`` (same label, different fragments),
``only`` (not every annotator marked it), ``attributes`` (same span, attribute
values differ), ``agree`` (everyone marked the same span with the same values).

Accepting writes into the ``gold`` layer with one :class:`Command` per gesture:
the item's previous gold spans that the decision drops go (with their links),
the chosen spans are copied (origin "adjudicated"), and every annotator link
whose two ends now both have gold copies follows them into gold.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ..commands import Command
from ..model import Document, Origin, Relation, Span
from .counts import Layer, attribute_value
from .matching import shared_length

__all__ = [
    "GOLD",
    "Kind",
    "Item",
    "adjudication_items",
    "decision_of",
    "accept_command",
    "span_key",
]

GOLD = "gold"


class Kind:
    LABEL = "label"
    BOUNDARY = "boundary"
    ONLY = "only"
    ATTRIBUTES = "attributes"
    AGREE = "agree"
    ORDER = (LABEL, BOUNDARY, ONLY, ATTRIBUTES, AGREE)
    TITLES = {
        LABEL: "Label differs",
        BOUNDARY: "Boundaries differ",
        ONLY: "Not everyone marked",
        ATTRIBUTES: "Attributes differ",
        AGREE: "Agreements",
    }


SpanKey = tuple[str, tuple[tuple[int, int], ...]]


def span_key(span: Span) -> SpanKey:
    return (span.label, span.fragments)


def _signature(span: Span) -> tuple[SpanKey, tuple[tuple[str, Hashable], ...]]:
    values = ((k, attribute_value(v)) for k, v in span.attributes.items())
    attrs = tuple(sorted((k, v) for k, v in values if v is not None))
    return (span_key(span), attrs)


@dataclass(frozen=True)
class Item:
    """One thing to decide: each annotator's version (possibly nothing) of a stretch of text."""

    kind: str
    versions: Mapping[str, tuple[Span, ...]]  # every annotator of the story, in number order
    start: int
    end: int
    labels: tuple[str, ...] = field(default=())

    @property
    def annotators(self) -> list[str]:
        return list(self.versions)

    def spans(self) -> list[Span]:
        return [s for spans in self.versions.values() for s in spans]

    def keys(self) -> set[SpanKey]:
        return {span_key(s) for s in self.spans()}

    def union(self) -> list[Span]:
        """Every distinct span (label + fragments) once; the first annotator's values win."""
        seen: dict[SpanKey, Span] = {}
        for s in self.spans():
            seen.setdefault(span_key(s), s)
        return sorted(seen.values(), key=lambda s: (s.start, s.end, s.label))


class _Union:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def adjudication_items(layers: Sequence[Layer]) -> list[Item]:
    """The story's items in text order (gold layers are the caller's to leave out)."""
    names = sorted(layer.annotator for layer in layers)
    flat: list[tuple[str, Span]] = [
        (layer.annotator, s) for layer in sorted(layers, key=lambda x: x.annotator) for s in layer.spans
    ]
    uf = _Union(len(flat))
    by_frags: dict[tuple[tuple[int, int], ...], int] = {}
    for i, (_, s) in enumerate(flat):
        first = by_frags.setdefault(s.fragments, i)
        if first != i:
            uf.join(first, i)
    by_label: dict[str, list[int]] = {}
    for i, (_, s) in enumerate(flat):
        by_label.setdefault(s.label, []).append(i)
    for idxs in by_label.values():
        idxs.sort(key=lambda i: flat[i][1].start)
        active: list[int] = []
        for i in idxs:
            who, s = flat[i]
            active = [j for j in active if flat[j][1].end > s.start]
            for j in active:
                if flat[j][0] != who and shared_length(flat[j][1].fragments, s.fragments):
                    uf.join(i, j)
            active.append(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(flat)):
        groups.setdefault(uf.find(i), []).append(i)
    items = [_item([flat[i] for i in members], names) for members in groups.values()]
    items.sort(key=lambda it: (it.start, it.end, it.labels))
    return items


def _item(members: list[tuple[str, Span]], names: list[str]) -> Item:
    versions: dict[str, list[Span]] = {n: [] for n in names}
    for who, s in members:
        versions[who].append(s)
    spans = [s for _, s in members]
    labels = {s.label for s in spans}
    frags = {s.fragments for s in spans}
    present = {who for who, _ in members}
    if len(labels) > 1:
        kind = Kind.LABEL
    elif len(frags) > 1:
        kind = Kind.BOUNDARY
    elif len(names) < 2 or present != set(names):
        kind = Kind.ONLY
    elif len({frozenset(_signature(s)[1]) for s in spans}) > 1:
        kind = Kind.ATTRIBUTES
    else:
        kind = Kind.AGREE
    return Item(
        kind=kind,
        versions={n: tuple(sorted(v, key=lambda s: (s.start, s.end, s.label))) for n, v in versions.items()},
        start=min(s.start for s in spans),
        end=max(s.end for s in spans),
        labels=tuple(sorted(labels)),
    )


def decision_of(item: Item, gold_spans: Iterable[Span]) -> str | None:
    """Whose version gold holds for this item: names ("alice, carol"), "all", "mixed", or None."""
    keys = item.keys()
    held = {_signature(g) for g in gold_spans if span_key(g) in keys}
    if not held:
        return None
    whose = [n for n, spans in item.versions.items() if spans and {_signature(s) for s in spans} == held]
    if whose:
        return "all" if len(whose) == len(item.versions) > 1 else ", ".join(whose)
    if held == {_signature(s) for s in item.union()}:
        return "all"
    return "mixed"


def accept_command(
    doc: Document,
    choices: Sequence[tuple[Item, Sequence[Span]]],
    *,
    gold_spans: Sequence[Span],
    gold_relations: Sequence[Relation],
    layer_relations: Iterable[Relation],
    spans_by_id: Mapping[str, Span],
    description: str,
    gold: str = GOLD,
) -> Command:
    """One undoable command putting ``chosen`` spans of each item into gold.

    ``choices`` pairs items with the annotator spans to keep (empty = none).
    Gold spans of the item that the choice already holds are kept as they are,
    so repeating a decision changes nothing.
    """
    gold_by_sig: dict[object, Span] = {_signature(g): g for g in gold_spans}
    removed: dict[str, Span] = {}
    added: list[Span] = []
    for item, chosen in choices:
        keys = item.keys()
        wanted = {_signature(s): s for s in chosen}
        for g in gold_spans:
            if span_key(g) in keys and _signature(g) not in wanted:
                removed[g.id] = g
        for sig, s in wanted.items():
            if sig in gold_by_sig and gold_by_sig[sig].id not in removed:
                continue
            copy = Span.create(
                doc,
                s.label,
                s.fragments,
                annotator=gold,
                attributes=dict(s.attributes),
                note=s.note,
                origin=Origin.ADJUDICATED,
            )
            added.append(copy)
            gold_by_sig[sig] = copy
    dropped_links = [r for r in gold_relations if r.source in removed or r.target in removed]
    kept_links = {(r.type, r.source, r.target) for r in gold_relations if r not in dropped_links}
    final = [g for g in gold_spans if g.id not in removed] + added
    gold_of_key = {span_key(g): g.id for g in final}
    new_ids = {s.id for s in added}
    new_links: list[Relation] = []
    for r in layer_relations:
        src, tgt = spans_by_id.get(r.source), spans_by_id.get(r.target)
        if src is None or tgt is None:
            continue
        gs, gt = gold_of_key.get(span_key(src)), gold_of_key.get(span_key(tgt))
        if gs is None or gt is None or gs == gt or (gs not in new_ids and gt not in new_ids):
            continue
        if (r.type, gs, gt) in kept_links:
            continue
        kept_links.add((r.type, gs, gt))
        new_links.append(Relation.create(doc.id, r.type, gs, gt, annotator=gold))
    return Command(
        description,
        doc.id,
        spans=tuple((g, None) for g in removed.values()) + tuple((None, s) for s in added),
        relations=tuple((r, None) for r in dropped_links) + tuple((None, r) for r in new_links),
    )
