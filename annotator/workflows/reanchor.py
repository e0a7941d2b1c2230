"""A story's text changed: update it and move every span with its words.

Detection is by hash: the stored sha256 of the normalised text against the file
on disk. Each story's spans are placed by ``core.anchoring.anchor_story`` (their
words, their surroundings and their links). Checking (``check_story_files``,
``plan_update``) only reads; ``apply_checks`` is the one function here that
writes: one backup for the whole check, then one transaction per story. Spans
placed with certainty move silently; edited and unsure ones move and are listed
in ``span_reviews``; a span whose words are gone leaves the spans table (no export
carries it on words it no longer has) and waits in ``span_reviews`` with its old
text, attributes and links until a person places or deletes it
(``workflows.span_review``). ``annotator-cli refresh`` and the window's *Check
story files…* both call ``refresh``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.anchoring import EXACT, MOVED, ORPHANED, REVIEW, anchor_story
from annotator.core.model import Document
from annotator.core.text import fragment_text, text_hash
from annotator.store import Repository
from annotator.store.backups import make_backup
from annotator.stories import StoryError, read_story_file

__all__ = [
    "SpanChange",
    "StoryCheck",
    "RefreshResult",
    "plan_update",
    "check_story_files",
    "apply_checks",
    "refresh",
    "update_story_text",
    "changed_on_disk",
]


@dataclass(frozen=True)
class SpanChange:
    span_id: str
    label: str
    old_text: str
    new_text: str | None  # None: its words are gone
    status: str
    confidence: float
    reason: str
    fragments: tuple[tuple[int, int], ...]

    @property
    def needs_review(self) -> bool:
        return self.status in REVIEW


@dataclass
class StoryCheck:
    doc_id: str
    title: str
    new_text: str = ""
    meta: dict[str, Any] | None = None
    changes: list[SpanChange] = field(default_factory=list)
    error: str = ""  # the file could not be read: nothing changes for this story

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for c in self.changes:
            out[c.status] = out.get(c.status, 0) + 1
        return out

    @property
    def review(self) -> list[str]:
        return [c.span_id for c in self.changes if c.needs_review]

    def line(self) -> str:
        if self.error:
            return f"{self.title}: not checked: {self.error}"
        n = self.counts
        moved = n.get(MOVED, 0)
        orphaned = n.get(ORPHANED, 0)
        flagged = len(self.review) - orphaned
        same = n.get(EXACT, 0)
        return f"{self.title}: {moved} moved, {flagged} flagged, {orphaned} orphaned, {same} unchanged"


@dataclass
class RefreshResult:
    checks: list[StoryCheck]
    backup: Path | None = None

    @property
    def changed(self) -> list[StoryCheck]:
        return [c for c in self.checks if not c.error]


def plan_update(repo: Repository, doc_id: str, new_text: str, *, meta: dict | None = None) -> StoryCheck:
    """What updating a story to ``new_text`` would do to each of its spans (reads only)."""
    doc: Document = repo.document(doc_id)
    check = StoryCheck(doc_id, doc.title or doc_id, new_text, meta)
    if doc.text == new_text:
        return check
    spans = repo.spans(doc_id)
    links = [(r.source, r.target) for r in repo.relations(doc_id)]
    placed = anchor_story(doc.text, new_text, {s.id: s.fragments for s in spans}, links)
    for span in spans:
        p = placed[span.id]
        new = fragment_text(new_text, p.fragments) if p.fragments else None
        check.changes.append(
            SpanChange(span.id, span.label, span.text, new, p.status, p.confidence, p.reason, p.fragments)
        )
    return check


def check_story_files(repo: Repository) -> list[StoryCheck]:
    """Every story whose source file now holds different text, with what would move (reads only)."""
    checks = []
    for summary in repo.document_summaries():
        doc = repo.document(summary.id)
        path = Path(doc.source_path) if doc.source_path else None
        if path is None or not path.is_file():
            continue
        try:
            records = read_story_file(path)
        except StoryError as exc:
            checks.append(StoryCheck(doc.id, doc.title or doc.id, error=str(exc)))
            continue
        if len(records) != 1:
            continue  # a file of many stories: which one is this? (imports match those by hash)
        if text_hash(records[0].text) == doc.sha256:
            continue
        checks.append(plan_update(repo, doc.id, records[0].text, meta={**doc.meta, **records[0].meta}))
    return checks


def _orphan_detail(repo: Repository, change: SpanChange) -> dict[str, Any]:
    span = repo.span(change.span_id)
    record = asdict(span) if span else {}
    rels = [asdict(r) for r in repo.relations_of(change.span_id)]
    return {"label": change.label, "reason": change.reason, "span": record, "relations": rels}


def apply_checks(repo: Repository, checks: list[StoryCheck], *, backup: bool = True) -> Path | None:
    """Write the checked stories: one backup first, then one transaction per story.
    The one place re-anchoring writes (spans, reviews, story text)."""
    todo = [c for c in checks if not c.error and c.new_text and repo.document(c.doc_id).text != c.new_text]
    if not todo:
        return None
    saved = make_backup(repo, "reanchor") if backup else None
    for check in todo:
        earlier = {r["span_id"]: r for r in repo.reviews(check.doc_id)}
        with repo.transaction():
            repo.replace_document_text(check.doc_id, check.new_text, text_hash(check.new_text), check.meta)
            for change in check.changes:
                # What a person last saw stays the "old text" until they look.
                old_text = earlier[change.span_id]["old_text"] if change.span_id in earlier else change.old_text
                if change.status == ORPHANED:
                    detail = _orphan_detail(repo, change)
                    for rel in repo.relations_of(change.span_id):
                        repo.remove_relation(rel.id)
                    repo.remove_span(change.span_id)
                    repo.set_review(change.span_id, check.doc_id, ORPHANED, 0.0, old_text, detail)
                    continue
                span = repo.span(change.span_id)
                if span is None:
                    continue
                # only where it is, never its label or note (another writer may be editing those)
                repo.update_span_fields(span.with_fragments(check.new_text, change.fragments), ("fragments", "updated"))
                if change.needs_review:
                    detail = {"label": change.label, "reason": change.reason}
                    repo.set_review(change.span_id, check.doc_id, change.status, change.confidence, old_text, detail)
    return saved


def refresh(repo: Repository, *, apply: bool) -> RefreshResult:
    """Compare every story with its file; with ``apply``, update them (after one backup)."""
    checks = check_story_files(repo)
    return RefreshResult(checks, apply_checks(repo, checks) if apply else None)


def update_story_text(
    repo: Repository, doc_id: str, new_text: str, *, meta: dict | None = None, backup: bool = True
) -> StoryCheck:
    """Give one story new text now (plan and apply)."""
    check = plan_update(repo, doc_id, new_text, meta=meta)
    apply_checks(repo, [check], backup=backup)
    return check


def changed_on_disk(repo: Repository) -> list[tuple[str, Path]]:
    """Stories whose source file now holds different text (single-story files only)."""
    return [(c.doc_id, Path(repo.document(c.doc_id).source_path)) for c in check_story_files(repo) if not c.error]
