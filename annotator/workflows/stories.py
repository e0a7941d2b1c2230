"""Bring story files into a project: each file all-or-nothing, duplicates skipped."""

from __future__ import annotations

import gc
import os
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.model import Document, now_iso
from annotator.core.text import text_hash
from annotator.store import ProjectError, Repository
from annotator.stories import StoryError, StoryRecord, discover_names, read_story_file

from .import_checks import unexpected
from .progress import SILENT, Cancelled, Progress

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


def _stem(path: str) -> str:
    return os.path.splitext(os.path.basename(path))[0]


def _documents(
    records: list[tuple[StoryRecord, str]], path: str, name: str, taken: set[str], stamp: str
) -> list[Document]:
    docs = []
    stem = _stem(path)
    for i, (rec, digest) in enumerate(records):
        hint = rec.id_hint or (stem if len(records) == 1 else f"{stem}-{i + 1:04d}")
        doc_id = story_id(hint, taken)
        taken.add(doc_id)
        docs.append(
            Document(
                id=doc_id,
                title=rec.title or stem,
                text=rec.text,
                sha256=digest,
                meta=dict(rec.meta),
                source_path=name if rec.source_path in ("", path) else rec.source_path,
                created=stamp,
            )
        )
    return docs


def _reason(exc: Exception, path: str) -> str:
    """The error without its leading file name: the summary line names the file already."""
    why = str(exc)
    for prefix in (f"{path}: ", f"{os.path.basename(path)}: "):
        if why.startswith(prefix):
            return why[len(prefix) :]
    return why


class _CollectorPace:
    """The cycle collector's pace while imports run (any thread), restored after the last."""

    lock = threading.Lock()
    running = 0
    saved = gc.get_threshold()


@contextmanager
def _rare_collections() -> Iterator[None]:
    """An import makes a few objects per file that live until their batch is stored and
    form no cycles; at the default pace the collector walks them again and again (~5% of
    a 10,000-file import). Collections stay on, only rarer: memory from other work's
    cycles is still reclaimed."""
    pace = _CollectorPace
    with pace.lock:
        if pace.running == 0:
            pace.saved = gc.get_threshold()
            gc.set_threshold(max(pace.saved[0], 50_000), *pace.saved[1:])
        pace.running += 1
    try:
        yield
    finally:
        with pace.lock:
            pace.running -= 1
            if pace.running == 0:
                gc.set_threshold(*pace.saved)


@_rare_collections()
def import_story_files(
    repo: Repository,
    paths: Iterable[Path | str],
    *,
    progress: Progress = SILENT,
    shown_as: Callable[[str], str] | None = None,
    split_articles: bool = False,
) -> ImportSummary:
    """Import story files and folders of them. ``shown_as`` renames files for the
    summary and the stories' source (files unpacked from an archive); ``split_articles``
    makes a Word or PDF file of several articles one story per article."""
    summary = ImportSummary()
    files, missing = discover_names(paths)
    for p, why in missing:
        summary.refused.append((str(p), why))
    taken = set(repo.document_ids())
    known = {s.sha256 for s in repo.document_summaries()}
    # Files are read outside the write transaction and stored in batches: one insert
    # and one fsync per batch, not per file (a commit costs as much as parsing a
    # few hundred files). A batch is capped in files and in text, so memory stays
    # bounded however large the stories. A batch that fails is stored again file by
    # file, each in its own savepoint: a bad file is refused alone, nothing of it kept.
    batch: list[tuple[str, list[Document]]] = []
    size = 0
    stamp = now_iso()  # one import, one "created" time for its stories
    for n, path in enumerate(files):
        try:
            progress.step(n, len(files), os.path.basename(path))
        except Cancelled:
            _store(repo, batch, summary, taken, known)  # the files read whole are kept
            raise
        name = shown_as(path) if shown_as is not None else path
        docs = _read_one(path, name, summary, taken, known, stamp, split_articles)
        if docs:
            batch.append((name, docs))
            size += sum(len(d.text) for d in docs)
        if len(batch) >= BATCH_FILES or size >= BATCH_CHARS:
            _store(repo, batch, summary, taken, known)
            batch, size = [], 0
    _store(repo, batch, summary, taken, known)
    progress.step(len(files), len(files), "")
    return summary


BATCH_FILES = 2000
BATCH_CHARS = 16_000_000


def _read_one(
    path: str, name: str, summary: ImportSummary, taken: set[str], known: set[str], stamp: str, split: bool = False
) -> list[Document]:
    """The new stories in file ``path``, known to the user as ``name`` (refusals and
    duplicates go to the summary)."""
    try:
        records = read_story_file(path, split_articles=split)
    except StoryError as exc:
        summary.refused.append((name, _reason(exc, path)))
        return []
    except Exception as exc:  # noqa: BLE001 - one file the readers did not foresee must not stop the others
        summary.refused.append((name, unexpected(exc)))
        return []
    fresh: list[tuple[StoryRecord, str]] = []
    for rec in records:
        digest = text_hash(rec.text)
        if digest in known:
            summary.skipped.append((name, f"“{rec.title or _stem(path)}” is already in the project"))
        else:
            known.add(digest)
            fresh.append((rec, digest))
    return _documents(fresh, path, name, taken, stamp) if fresh else []


def _store(
    repo: Repository,
    batch: list[tuple[str, list[Document]]],
    summary: ImportSummary,
    taken: set[str],
    known: set[str],
) -> None:
    if not batch:
        return
    with repo.transaction():
        try:
            with repo.savepoint():
                repo.add_documents([d for _, docs in batch for d in docs])
            stored = batch
        except ProjectError:
            stored = []
            for path, docs in batch:
                try:
                    with repo.savepoint():
                        repo.add_documents(docs)
                except ProjectError as exc:
                    for d in docs:
                        taken.discard(d.id)
                        known.discard(d.sha256)
                    summary.refused.append((path, str(exc)))
                else:
                    stored.append((path, docs))
    imported, doc_ids = summary.imported, summary.doc_ids
    for path, docs in stored:
        for d in docs:
            imported.append((path, d.title))
            doc_ids.append(d.id)
