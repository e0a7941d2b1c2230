"""Additive counts behind every agreement figure, per pair of annotators and per group.

Counting and scoring are separate so a project result is the sum of its stories'
counts scored once (pooled), never an average of story scores.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field
from itertools import combinations

from ..model import Relation, Span
from .matching import exact_count, overlap_matching
from .measures import coincidences
from .token_labels import TokenGrid

__all__ = ["Layer", "StoryLayers", "PairCounts", "GroupCounts", "count_story", "attribute_value"]


@dataclass(frozen=True)
class Layer:
    """One annotator's work on one story."""

    annotator: str
    spans: Sequence[Span]
    relations: Sequence[Relation] = ()


@dataclass(frozen=True)
class StoryLayers:
    """A story's text and the layers to compare (an empty layer means "marked nothing")."""

    doc_id: str
    text: str
    layers: Sequence[Layer]
    title: str = ""


@dataclass
class PairCounts:
    stories: int = 0
    n_a: Counter[str] = field(default_factory=Counter)  # label -> spans of a
    n_b: Counter[str] = field(default_factory=Counter)
    exact: Counter[str] = field(default_factory=Counter)  # label -> exact pairs
    overlap: Counter[str] = field(default_factory=Counter)  # label -> overlap pairs
    tokens: Counter[tuple[int, int]] = field(default_factory=Counter)  # (mask a, mask b) -> tokens
    attributes: dict[str, Counter[tuple[Hashable, Hashable]]] = field(default_factory=dict)
    rel_matched: int = 0
    rel_a: int = 0
    rel_b: int = 0

    def add(self, other: PairCounts) -> None:
        self.stories += other.stories
        self.n_a.update(other.n_a)
        self.n_b.update(other.n_b)
        self.exact.update(other.exact)
        self.overlap.update(other.overlap)
        self.tokens.update(other.tokens)
        for key, table in other.attributes.items():
            self.attributes.setdefault(key, Counter()).update(table)
        self.rel_matched += other.rel_matched
        self.rel_a += other.rel_a
        self.rel_b += other.rel_b


@dataclass
class GroupCounts:
    """Counts for a set of annotators over one story or many."""

    pairs: dict[tuple[str, str], PairCounts] = field(default_factory=dict)
    coincidence: Counter[tuple[Hashable, Hashable]] = field(default_factory=Counter)
    tokens: int = 0
    stories: int = 0
    annotators: set[str] = field(default_factory=set)

    def add(self, other: GroupCounts) -> None:
        for key, pc in other.pairs.items():
            self.pairs.setdefault(key, PairCounts()).add(pc)
        self.coincidence.update(other.coincidence)
        self.tokens += other.tokens
        self.stories += other.stories
        self.annotators |= other.annotators


def attribute_value(value: object) -> Hashable:
    """Values compared as people mean them: "Xi  Jinping" and "xi jinping" agree."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return " ".join(value.split()).casefold()
    if isinstance(value, (bool, int, float)):
        return value
    return repr(value)


def _by_label(spans: Sequence[Span]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = {}
    for s in spans:
        out.setdefault(s.label, []).append(s)
    return out


def _pair(a: Layer, b: Layer, masks_a: list[int], masks_b: list[int]) -> PairCounts:
    pc = PairCounts(stories=1)
    la, lb = _by_label(a.spans), _by_label(b.spans)
    partner: dict[str, str] = {}  # a's span id -> b's span id
    for label in la.keys() | lb.keys():
        sa, sb = la.get(label, []), lb.get(label, [])
        pc.n_a[label] += len(sa)
        pc.n_b[label] += len(sb)
        if not sa or not sb:
            continue
        pc.exact[label] += exact_count(sa, sb)
        pairs = overlap_matching(sa, sb)
        pc.overlap[label] += len(pairs)
        for i, j in pairs:
            x, y = sa[i], sb[j]
            partner[x.id] = y.id
            for name in x.attributes.keys() | y.attributes.keys():
                va = attribute_value(x.attributes.get(name))
                vb = attribute_value(y.attributes.get(name))
                if va is None and vb is None:
                    continue
                pc.attributes.setdefault(f"{label}.{name}", Counter())[(va, vb)] += 1
    pc.tokens = Counter(zip(masks_a, masks_b, strict=True))
    # Links: a's link agrees when b links the partners of both its ends with the same type.
    ids_a = {s.id for s in a.spans}
    ids_b = {s.id for s in b.spans}
    rels_a = {(r.type, r.source, r.target) for r in a.relations if {r.source, r.target} <= ids_a}
    rels_b = {(r.type, r.source, r.target) for r in b.relations if {r.source, r.target} <= ids_b}
    pc.rel_a, pc.rel_b = len(rels_a), len(rels_b)
    pc.rel_matched = sum(
        1 for t, s, g in rels_a if s in partner and g in partner and (t, partner[s], partner[g]) in rels_b
    )
    return pc


def count_story(story: StoryLayers, bit_of: dict[str, int], grid: TokenGrid | None = None) -> GroupCounts:
    """All pairwise counts and the token coincidences of one story."""
    layers = sorted(story.layers, key=lambda layer: layer.annotator)
    for layer in layers:  # bits are handed out as labels first appear, so pooled masks agree
        for span in layer.spans:
            if span.label not in bit_of:
                bit_of[span.label] = 1 << len(bit_of)
    grid = grid if grid is not None else TokenGrid(story.text)
    masks = [grid.masks(layer.spans, bit_of) for layer in layers]
    gc = GroupCounts(tokens=len(grid), stories=1, annotators={layer.annotator for layer in layers})
    for (i, a), (j, b) in combinations(enumerate(layers), 2):
        gc.pairs[(a.annotator, b.annotator)] = _pair(a, b, masks[i], masks[j])
    if len(layers) >= 2:
        gc.coincidence = coincidences(Counter(zip(*masks, strict=True)))
    return gc
