"""A story's text changed: update it and move every span with its words.

Detection is by hash: the stored sha256 of the normalised text against the file
on disk (or a newer version being imported). Each span is re-anchored by its
quote, context and position (core.anchoring); exact and unambiguous moves are
applied, anything less is applied *and* listed for review, and orphans keep a
placeholder position until a person decides. One transaction per story, after a
backup of the project.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.anchoring import EXACT, MOVED, anchor_fragments
from annotator.core.model import Document
from annotator.core.text import text_hash
from annotator.store import Repository
from annotator.store.backups import make_backup
from annotator.stories import StoryError, read_story_file

__all__ = ["ReanchorReport", "update_story_text", "changed_on_disk", "refresh_from_disk"]


@dataclass
class ReanchorReport:
    doc_id: str
    counts: dict[str, int] = field(default_factory=dict)  # status -> spans
    review: list[str] = field(default_factory=list)  # span ids needing a look

    def line(self) -> str:
        parts = ", ".join(f"{n} {status}" for status, n in sorted(self.counts.items()))
        return f"{self.doc_id}: {parts or 'no spans'}; {len(self.review)} to review"


def update_story_text(
    repo: Repository, doc_id: str, new_text: str, *, meta: dict | None = None, backup: bool = True
) -> ReanchorReport:
    old: Document = repo.document(doc_id)
    report = ReanchorReport(doc_id)
    if old.text == new_text:
        return report
    if backup:
        make_backup(repo, "reanchor")
    with repo.transaction():
        spans = repo.spans(doc_id)
        repo.replace_document_text(doc_id, new_text, text_hash(new_text), meta)
        for span in spans:
            fragments, status, confidence = anchor_fragments(old.text, span.fragments, new_text)
            report.counts[status] = report.counts.get(status, 0) + 1
            moved = span.with_fragments(new_text, fragments)
            repo.update_span_fields(moved, ("fragments", "updated"))  # only where it is, never its label or note
            if status in (EXACT, MOVED):
                repo.clear_review(span.id)
            else:
                repo.set_review(span.id, doc_id, status, confidence, span.text)
                report.review.append(span.id)
    return report


def changed_on_disk(repo: Repository) -> list[tuple[str, Path]]:
    """Stories whose source file now holds different text (single-story files only)."""
    changed = []
    for summary in repo.document_summaries():
        doc = repo.document(summary.id)
        path = Path(doc.source_path) if doc.source_path else None
        if path is None or not path.is_file():
            continue
        try:
            records = read_story_file(path)
        except StoryError:
            continue
        if len(records) == 1 and text_hash(records[0].text) != doc.sha256:
            changed.append((doc.id, path))
    return changed


def refresh_from_disk(repo: Repository, doc_id: str) -> ReanchorReport:
    doc = repo.document(doc_id)
    records = read_story_file(doc.source_path)
    if len(records) != 1:
        raise StoryError(f"{doc.source_path}: now holds {len(records)} stories; cannot tell which one is this story.")
    meta = {**doc.meta, **records[0].meta}
    return update_story_text(repo, doc_id, records[0].text, meta=meta)
