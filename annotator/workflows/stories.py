"""Bring story files into a project: each file all-or-nothing, duplicates skipped."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Document, now_iso
from annotator.core.text import text_hash
from annotator.store import ProjectError, Repository
from annotator.stories import StoryError, StoryRecord, discover, read_story_file

from .progress import SILENT, Progress

__all__ = ["ImportSummary", "import_story_files", "story_id"]


@dataclass
class ImportSummary:
    imported: list[tuple[str, str]] = field(default_factory=list)  # (path, story title)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    refused: list[tuple[str, str]] = field(default_factory=list)  # (path, why)
    doc_ids: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [f"imported {len(self.imported)} stories, skipped {len(self.skipped)}, refused {len(self.refused)}"]
        out += [f"  skipped {p}: {why}" for p, why in self.skipped]
        out += [f"  refused {p}: {why}" for p, why in self.refused]
        return out


_SLUG = re.compile(r"[^\w.-]+", re.UNICODE)


def story_id(hint: str, taken: set[str]) -> str:
    """A readable story id from a hint (file name, line), unique in ``taken``."""
    base = _SLUG.sub("-", hint).strip("-._")[:80] or "story"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def _documents(records: list[StoryRecord], path: Path, taken: set[str]) -> list[Document]:
    docs = []
    for i, rec in enumerate(records):
        hint = rec.id_hint or (path.stem if len(records) == 1 else f"{path.stem}-{i + 1:04d}")
        doc_id = story_id(hint, taken)
        taken.add(doc_id)
        docs.append(
            Document(
                id=doc_id, title=rec.title or path.stem, text=rec.text, sha256=text_hash(rec.text),
                meta=dict(rec.meta), source_path=rec.source_path or str(path), created=now_iso(),
            )
        )
    return docs


def _reason(exc: Exception, path: Path) -> str:
    """The error without its leading file name: the summary line names the file already."""
    why = str(exc)
    for prefix in (f"{path}: ", f"{path.name}: "):
        if why.startswith(prefix):
            return why[len(prefix):]
    return why


def import_story_files(
    repo: Repository, paths: Iterable[Path | str], *, progress: Progress = SILENT
) -> ImportSummary:
    summary = ImportSummary()
    files, missing = discover([Path(p) for p in paths])
    for p, why in missing:
        summary.refused.append((str(p), why))
    taken = set(repo.document_ids())
    known = {s.sha256 for s in repo.document_summaries()}
    # Files are committed in batches (one fsync per batch, not per file); each file
    # is its own savepoint, so a bad file still leaves nothing of itself behind.
    for first in range(0, len(files), BATCH):
        with repo.transaction():
            for n, path in enumerate(files[first : first + BATCH], first):
                _import_one(repo, path, n, len(files), summary, taken, known, progress)
    progress.step(len(files), len(files), "")
    return summary


BATCH = 200


def _import_one(
    repo: Repository, path: Path, n: int, total: int, summary: ImportSummary,
    taken: set[str], known: set[str], progress: Progress,
) -> None:
    progress.step(n, total, path.name)
    try:
        records = read_story_file(path)
    except StoryError as exc:
        summary.refused.append((str(path), _reason(exc, path)))
        return
    fresh: list[StoryRecord] = []
    for rec in records:
        h = text_hash(rec.text)
        if h in known:
            summary.skipped.append((str(path), f"“{rec.title or path.stem}” is already in the project"))
        else:
            known.add(h)
            fresh.append(rec)
    if not fresh:
        return
    docs = _documents(fresh, path, taken)
    try:
        with repo.savepoint():
            repo.add_documents(docs)
    except ProjectError as exc:
        for d in docs:
            taken.discard(d.id)
            known.discard(d.sha256)
        summary.refused.append((str(path), str(exc)))
        return
    summary.imported += [(str(path), d.title) for d in docs]
    summary.doc_ids += [d.id for d in docs]
