"""Run the rule-based suggester over stories; list the suggestions or store them.

Accepted suggestions are stored through ``AnnotationSession.run`` (one undoable
step per story) as spans with origin "suggested". A suggestion identical to a
span already in the story (same label and fragments) is not stored again, so
running twice adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from annotator.core.commands import Command
from annotator.core.model import Document, Origin, Relation, Span
from annotator.core.session import AnnotationSession, EditError
from annotator.core.suggest.suggester import Suggestion, suggest
from annotator.store import Repository

from .progress import SILENT, Progress

__all__ = ["StorySuggestions", "SuggestRun", "suggest_stories", "accept_suggestions"]


@dataclass
class StorySuggestions:
    doc_id: str
    title: str
    text: str
    suggestions: list[Suggestion]
    added_spans: int = 0
    added_links: int = 0


@dataclass
class SuggestRun:
    stories: list[StorySuggestions] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(s.suggestions) for s in self.stories)

    @property
    def added(self) -> int:
        return sum(s.added_spans for s in self.stories)


def accept_suggestions(session: AnnotationSession, doc: Document, suggestions: Iterable[Suggestion]) -> tuple[int, int]:
    """Store suggestions as spans (origin "suggested", or the suggestion's own) and links;
    returns (spans, links) added.

    What is already there is read under the write lock, and the project's unique index
    on machine-made spans decides the rest: two runs at once store each span once."""
    suggestions = list(suggestions)

    def build() -> Command:
        existing = {(s.label, s.fragments): s for s in session.store.spans(doc.id)}
        known_links = {(r.type, r.source, r.target) for r in session.store.relations(doc.id)}
        by_local: dict[str, Span] = {}
        new_spans: list[Span] = []
        for sug in suggestions:
            same = existing.get((sug.label, sug.fragments))
            if same is not None:
                by_local[sug.id] = same
                continue
            try:
                span = session.make_span(
                    doc,
                    sug.label,
                    sug.fragments,
                    attributes=sug.attributes,
                    note=sug.note,
                    origin=sug.origin or Origin.SUGGESTED,
                    trim_whitespace=False,
                )
            except EditError:
                continue  # the project's schema has no such label or attribute
            existing[(span.label, span.fragments)] = span
            by_local[sug.id] = span
            new_spans.append(span)
        rels: list[Relation] = []
        for sug in suggestions:
            src = by_local.get(sug.id)
            for n, target_id in enumerate(sug.links):
                tgt = by_local.get(target_id)
                if src is None or tgt is None:
                    continue
                named = session.schema.relation(sug.link_types[n]) if n < len(sug.link_types) else None
                rt = named if named is not None and named.allows(src.label, tgt.label) else None
                rt = rt or session.schema.relation_between(src.label, tgt.label)
                if rt is None or (rt.name, src.id, tgt.id) in known_links:
                    continue
                known_links.add((rt.name, src.id, tgt.id))
                rels.append(Relation.create(doc.id, rt.name, src.id, tgt.id, annotator=session.annotator))
        return Command(
            f"Accept {len(new_spans)} suggestions",
            doc.id,
            spans=tuple((None, s) for s in new_spans),
            relations=tuple((None, r) for r in rels),
            status=session.start_status(doc.id) if new_spans else None,
        )

    done = session.run(build)
    return sum(1 for _old, new in done.spans if new is not None), sum(1 for _old, new in done.relations if new)


def suggest_stories(
    repo: Repository,
    doc_ids: Iterable[str] | None = None,
    *,
    session: AnnotationSession | None = None,
    progress: Progress = SILENT,
    keep_text: bool = True,
) -> SuggestRun:
    """Suggest for each story; with a session, store them (``--accept``)."""
    ids = list(doc_ids) if doc_ids is not None else repo.document_ids()
    run = SuggestRun()
    for n, doc in enumerate(repo.iter_documents(ids)):
        progress.step(n, len(ids), doc.title)
        sugs = suggest(doc.text)
        story = StorySuggestions(doc.id, doc.title, doc.text if keep_text else "", sugs)
        if session is not None:
            story.added_spans, story.added_links = accept_suggestions(session, doc, sugs)
        run.stories.append(story)
    progress.step(len(ids), len(ids), "")
    return run
