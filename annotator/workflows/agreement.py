"""Agreement and adjudication over a project: load layers from the store, run the
pure measures, and write adjudication decisions through the session.

Which layers count: on each story, every annotator with at least one span there
(a project cannot tell "looked and found nothing" from "never opened it", so an
annotator with no spans on a story is left out of that story's comparisons).
The gold layer is the result of adjudication, not an opinion: it is left out
unless asked for by name (then annotators can be scored against gold).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from annotator.core.agreement import Layer, ProjectAgreement, StoryLayers, project_agreement
from annotator.core.agreement.adjudication import (
    GOLD,
    Item,
    Kind,
    accept_command,
    adjudication_items,
    decision_of,
)
from annotator.core.commands import Command
from annotator.core.model import Relation, Span
from annotator.core.session import AnnotationSession
from annotator.store import Repository

from .progress import SILENT, Progress

__all__ = [
    "story_layers",
    "iter_story_layers",
    "compute_agreement",
    "Adjudication",
    "GOLD",
    "accept_agreements_everywhere",
    "gold_counts",
]


def story_layers(
    repo: Repository,
    doc_id: str,
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
) -> StoryLayers:
    """One story's layers: the named annotators, or everyone but gold who marked something."""
    doc = repo.document(doc_id)
    spans: dict[str, list[Span]] = {}
    for s in repo.spans(doc_id, annotators):
        if labels and s.label not in labels:
            continue
        if annotators is None and s.annotator == GOLD:
            continue
        spans.setdefault(s.annotator, []).append(s)
    rels: dict[str, list[Relation]] = {}
    for r in repo.relations(doc_id, list(spans)):
        rels.setdefault(r.annotator, []).append(r)
    layers = [Layer(name, spans[name], rels.get(name, [])) for name in sorted(spans)]
    return StoryLayers(doc.id, doc.text, layers, doc.title)


def iter_story_layers(
    repo: Repository,
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    doc_ids: Iterable[str] | None = None,
) -> Iterable[StoryLayers]:
    for doc_id in doc_ids if doc_ids is not None else repo.document_ids():
        yield story_layers(repo, doc_id, annotators=annotators, labels=labels)


def compute_agreement(
    repo: Repository,
    *,
    annotators: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    progress: Progress = SILENT,
) -> ProjectAgreement:
    """Agreement for the whole project (or the given stories), pooled over stories."""
    ids = list(doc_ids) if doc_ids is not None else repo.document_ids()
    done = [0]

    def step(story: StoryLayers) -> None:
        progress.step(done[0], len(ids), story.title)
        done[0] += 1

    result = project_agreement(
        iter_story_layers(repo, annotators=annotators, labels=labels, doc_ids=ids),
        labels=labels,
        step=step,
    )
    progress.step(len(ids), len(ids), "")
    return result


def gold_counts(repo: Repository, doc_ids: Iterable[str] | None = None) -> dict[str, int]:
    """How many gold spans each story has (how far adjudication got)."""
    ids = repo.document_ids() if doc_ids is None else doc_ids
    return {doc_id: len(repo.spans(doc_id, [GOLD])) for doc_id in ids}


@dataclass
class Adjudication:
    """Deciding one story into the gold layer; every decision is one undoable command."""

    repo: Repository
    session: AnnotationSession
    doc_id: str
    annotators: Sequence[str] | None = None
    gold: str = GOLD
    items: list[Item] = field(default_factory=list)
    rejected: set[int] = field(default_factory=set)  # items decided as "none" (this sitting)
    _gold_spans: list[Span] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.refresh()

    @property
    def names(self) -> list[str]:
        """The story's annotators in number order (key 1 is the first)."""
        return list(self._layers_names)

    def refresh(self) -> None:
        """Reload after any change (ours, an undo, or another window's)."""
        names = [n for n in (self.annotators or []) if n != self.gold] or None
        self._story = story_layers(self.repo, self.doc_id, annotators=names)
        self._layers_names = [layer.annotator for layer in self._story.layers]
        old = [(it.start, it.end, it.labels) for it in self.items]
        self.items = adjudication_items(self._story.layers)
        if old != [(it.start, it.end, it.labels) for it in self.items]:
            self.rejected.clear()
        self._gold_spans = self.repo.spans(self.doc_id, [self.gold])

    @property
    def document(self):  # noqa: ANN201 - a Document
        return self.repo.document(self.doc_id)

    def gold_spans(self) -> list[Span]:
        return list(self._gold_spans)

    def links_of(self, span: Span) -> list[tuple[str, bool, Span]]:
        """The links touching ``span`` in its own layer (or gold): (type, outgoing, other end)."""
        if span.annotator == self.gold:
            rels = self.repo.relations(self.doc_id, [self.gold])
            by_id = {s.id: s for s in self._gold_spans}
        else:
            layer = next((x for x in self._story.layers if x.annotator == span.annotator), None)
            if layer is None:
                return []
            rels = list(layer.relations)
            by_id = {s.id: s for s in layer.spans}
        out = []
        for r in rels:
            if r.source == span.id and r.target in by_id:
                out.append((r.type, True, by_id[r.target]))
            elif r.target == span.id and r.source in by_id:
                out.append((r.type, False, by_id[r.source]))
        return out

    def decision(self, index: int) -> str | None:
        """ "name", "all", "mixed", "none" or None (not decided yet)."""
        found = decision_of(self.items[index], self._gold_spans)
        if found is None and index in self.rejected:
            return "none"
        return found

    def decided(self) -> int:
        return sum(1 for i in range(len(self.items)) if self.decision(i) is not None)

    # -- decisions ------------------------------------------------------------------
    def accept(self, index: int, annotator: str) -> Command:
        item = self.items[index]
        if annotator not in item.versions:
            raise KeyError(annotator)
        chosen = list(item.versions[annotator])
        return self._decide([(index, chosen)], f"Gold: {annotator}'s version")

    def accept_number(self, index: int, number: int) -> Command | None:
        """Key ``number`` (1-based) takes that annotator's version; None if there is none."""
        names = self.names
        if not 1 <= number <= len(names):
            return None
        return self.accept(index, names[number - 1])

    def accept_all_versions(self, index: int) -> Command:
        return self._decide([(index, self.items[index].union())], "Gold: all versions")

    def reject(self, index: int) -> Command:
        cmd = self._decide([(index, [])], "Gold: none")
        self.rejected.add(index)
        return cmd

    def accept_agreements(self) -> Command:
        """Every undecided agreement into gold, as one step."""
        todo = [
            (i, list(it.union()))
            for i, it in enumerate(self.items)
            if it.kind == Kind.AGREE and self.decision(i) is None
        ]
        return self._decide(todo, f"Gold: accept {len(todo)} agreements")

    def _decide(self, choices: list[tuple[int, list[Span]]], description: str) -> Command:
        doc = self.document
        layer_spans = {s.id: s for layer in self._story.layers for s in layer.spans}
        layer_rels = [r for layer in self._story.layers for r in layer.relations]
        cmd = accept_command(
            doc,
            [(self.items[i], chosen) for i, chosen in choices],
            gold_spans=self._gold_spans,
            gold_relations=self.repo.relations(self.doc_id, [self.gold]),
            layer_relations=layer_rels,
            spans_by_id=layer_spans,
            description=description,
            gold=self.gold,
        )
        for i, chosen in choices:
            if chosen:
                self.rejected.discard(i)
        self.session.execute(cmd)
        self._gold_spans = self.repo.spans(self.doc_id, [self.gold])
        return cmd


def accept_agreements_everywhere(
    repo: Repository,
    session: AnnotationSession,
    *,
    annotators: Sequence[str] | None = None,
    doc_ids: Sequence[str] | None = None,
    progress: Progress = SILENT,
) -> tuple[int, int]:
    """Copy every undecided unanimous span (and links between accepted spans) into gold.

    One undoable command per story. Returns (stories changed, spans added). Stories
    with fewer than two annotators have no agreements and are left alone.
    """
    ids = list(doc_ids) if doc_ids is not None else repo.document_ids()
    stories = spans = 0
    for n, doc_id in enumerate(ids):
        progress.step(n, len(ids), doc_id)
        adj = Adjudication(repo, session, doc_id, annotators=annotators)
        if not any(it.kind == Kind.AGREE for it in adj.items):
            continue
        cmd = adj.accept_agreements()
        added = len(cmd.added_spans())
        if added:
            stories += 1
            spans += added
    progress.step(len(ids), len(ids), "")
    return stories, spans
