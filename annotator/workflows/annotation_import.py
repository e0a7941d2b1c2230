"""Bring one annotation file (native, brat, doccano, Label Studio ...) into a project.

All or nothing per file: everything happens inside one ``repo.transaction()``, so
a bad line anywhere leaves the project exactly as it was. Stories are matched by
the hash of their text; a story whose id is taken by a different text is reported
and left out, never merged. Spans and links keep their annotator; importing the
same file twice changes nothing (spans are deduplicated by id and by annotator,
label and fragments; links by their ends and type).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from annotator.core.limits import MAX_JSON_DEPTH, LimitError
from annotator.core.model import AnnotatedDocument, Document, Origin, Relation, Span, SpanError, Status, new_id, now_iso
from annotator.core.schema import Schema, SchemaError, news_schema
from annotator.core.text import fragment_text, text_hash
from annotator.formats import Format, FormatError
from annotator.store import ProjectError, Repository

from .import_checks import story_problem
from .progress import SILENT, Progress
from .schema_merge import SchemaGrowth
from .stories import story_id
from .token_match import TokenMatcher

__all__ = ["FileOutcome", "import_annotation_file"]

_FLUSH_SPANS = 20_000
_FLUSH_DOCS = 500


@dataclass
class FileOutcome:
    """What importing one file did (or why it was refused)."""

    path: str
    format: str
    stories_created: int = 0
    stories_matched: int = 0
    spans_added: int = 0
    spans_skipped: int = 0  # already in the project (same id or same annotator/label/fragments)
    relations_added: int = 0
    relations_skipped: int = 0
    conflicts: list[str] = field(default_factory=list)  # stories reported, not merged
    notes: list[str] = field(default_factory=list)  # schema additions, what the format dropped
    refused: str | None = None

    @property
    def changed_anything(self) -> bool:
        return bool(self.stories_created or self.spans_added or self.relations_added)

    def lines(self) -> list[str]:
        if self.refused:
            return [f"refused {self.path}: {self.refused}"]
        out = [
            f"{self.path} ({self.format}): {self.stories_created} new stories, {self.stories_matched} matched; "
            f"{self.spans_added} spans and {self.relations_added} links added; "
            f"{self.spans_skipped} spans and {self.relations_skipped} links already present, skipped"
        ]
        out += [f"  not merged: {c}" for c in self.conflicts]
        out += [f"  {n}" for n in self.notes]
        return out


def _well_formed(frags: tuple[tuple[int, int], ...], stated: str, text: str) -> bool:
    """Fragments sorted, apart, non-empty and inside the text, covering the stated text."""
    if not frags or frags[0][0] < 0 or frags[-1][1] > len(text):
        return False
    if len(frags) == 1:
        a, b = frags[0]
        return a < b and text[a:b] == stated
    prev = -1
    for a, b in frags:
        if a <= prev or b <= a:
            return False
        prev = b
    return fragment_text(text, frags) == stated


class _Batch:
    """Rows waiting to be written, flushed in chunks (documents before their spans)."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.docs: list[Document] = []
        self.spans: list[Span] = []
        self.relations: list[Relation] = []
        self.pending_hash: dict[str, str] = {}

    def flush(self) -> None:
        if self.docs:
            self.repo.add_documents(self.docs)
        if self.spans or self.relations:
            self.repo.add_annotations(self.spans, self.relations)
        for doc_id in {s.doc_id for s in self.spans}:
            # A story that gains spans is in progress, however they came (as with a label key).
            summary = self.repo.document_summary(doc_id)
            if summary is not None and summary.status == Status.NEW:
                self.repo.set_status(doc_id, Status.IN_PROGRESS)
        self.docs, self.spans, self.relations = [], [], []
        self.pending_hash.clear()

    def maybe_flush(self) -> None:
        if len(self.spans) + len(self.relations) >= _FLUSH_SPANS or len(self.docs) >= _FLUSH_DOCS:
            self.flush()


class _Importer:
    def __init__(
        self, repo: Repository, path: Path, fmt: Format, annotator: str, outcome: FileOutcome, owner: str | None
    ) -> None:
        self.repo = repo
        self.path = path
        self.fmt = fmt
        self.annotator = annotator
        self.owner = owner
        self.outcome = outcome
        self.growth = SchemaGrowth(repo.schema())
        self.batch = _Batch(repo)
        self.taken_ids = set(repo.document_ids())
        # Span ids can only collide with the project's if it had any spans to begin with.
        self.check_global_ids = bool(repo.stats()["spans"])
        self.file_schema: Schema | None = None
        # Project story -> metadata of the file's story that went into it. A story takes a
        # second story of the same file (same text) only if their metadata agree: two Label
        # Studio tasks on one text with different data stay two stories, nothing is lost.
        self.took: dict[str, dict[str, Any]] = {}
        self.made: dict[str, list[str]] = {}  # text hash -> stories this file created
        self.kept_apart = 0
        # CoNLL keeps only tokens: its stories are matched to the project's by their tokens.
        self.tokens = TokenMatcher(repo) if fmt.name == "conll" else None
        self.onto_tokens = 0

    def maybe_adopt(self, schema: Schema | None) -> None:
        """A fresh project (no spans, the default schema untouched) takes the file's schema
        whole, so exporting a project and importing it elsewhere reproduces it exactly."""
        fresh = not self.check_global_ids and self.growth.schema == news_schema()
        # Only our own files carry a whole schema; a brat conf or the like only adds labels.
        if self.fmt.name != "native" or schema is None or not fresh or schema == self.growth.schema:
            return
        self.growth.schema = schema
        self.growth.changed = True
        self.growth.notes.append(
            f"the project, which had no annotations yet, now uses the file's schema {schema.name!r}"
        )

    # -- stories ----------------------------------------------------------------------
    def target(self, doc: Document, ordinal: int) -> tuple[str | None, bool]:
        """(project story id, existed before) for a file's story, or (None, _) on conflict."""
        digest = text_hash(doc.text)
        found = list(dict.fromkeys([*self.made.get(digest, ()), *self.repo.documents_by_hash(digest)]))
        if found:
            chosen = self.choose(found, doc)
            if chosen is not None:
                self.took.setdefault(chosen, dict(doc.meta))
                return chosen, True
            self.kept_apart += 1
        if doc.id and doc.id in self.taken_ids and doc.id not in found:
            self.outcome.conflicts.append(
                f"story {doc.id!r} ({doc.title!r}): the project has a story with this id but a different text"
            )
            return None, False
        hint = doc.id or (self.path.stem if ordinal == 1 else f"{self.path.stem}-{ordinal:04d}")
        new_id_ = doc.id if doc.id and doc.id not in self.taken_ids else story_id(hint, self.taken_ids)
        self.taken_ids.add(new_id_)
        created = replace(
            doc,
            id=new_id_,
            sha256=digest,
            title=doc.title or new_id_,
            created=doc.created or now_iso(),
        )
        self.batch.docs.append(created)
        self.batch.pending_hash[digest] = new_id_
        self.made.setdefault(digest, []).append(new_id_)
        self.took[new_id_] = dict(doc.meta)
        return new_id_, False

    def choose(self, found: list[str], doc: Document) -> str | None:
        """The story with this text that ``doc`` belongs to, or None for a story of its own."""
        if doc.id in found and self.took.get(doc.id, doc.meta) == doc.meta:
            return doc.id
        same = [c for c in found if c in self.took and self.took[c] == doc.meta]
        if same:
            return same[0]
        free = [c for c in found if c not in self.took]
        if len(free) > 1:
            return next((c for c in free if self.repo.document(c).meta == doc.meta), free[0])
        return free[0] if free else None

    def existing(self, doc_id: str, existed: bool) -> tuple[list[Span], list[Relation]]:
        if not existed:
            return [], []
        if doc_id in self.batch.pending_hash.values() or self.batch.spans:
            self.batch.flush()  # the story (or its spans) may still be waiting in the batch
        return self.repo.spans(doc_id), self.repo.relations(doc_id)

    # -- one story ----------------------------------------------------------------------
    def add(self, item: AnnotatedDocument, ordinal: int) -> None:
        if self.tokens is not None:
            moved = self.tokens.onto_story(item, self.taken_ids)
            if moved is not None:
                item = moved
                self.onto_tokens += 1
        doc = item.document
        why = story_problem(item)
        if why:
            raise FormatError(why, path=self.path)
        target, existed = self.target(doc, ordinal)
        if target is None:
            return
        if existed:
            self.outcome.stories_matched += 1
        else:
            self.outcome.stories_created += 1
        old_spans, old_rels = self.existing(target, existed)
        by_key = {(s.annotator, s.label, s.fragments): s.id for s in old_spans}
        used_ids = {s.id for s in old_spans}
        id_map: dict[str, str] = {}
        labels: dict[str, str] = {s.id: s.label for s in old_spans}
        for span in item.spans:
            annotator = self.owner or span.annotator or self.annotator
            key = (annotator, span.label, span.fragments)
            if key in by_key:
                id_map[span.id] = by_key[key]
                self.outcome.spans_skipped += 1
                continue
            sid = span.id
            if not sid or sid in used_ids or (self.check_global_ids and self.repo.span(sid) is not None):
                sid = new_id()
            try:
                attributes = self.growth.canonical_attributes(span.label, span.attributes, self.file_schema)
            except SchemaError as exc:
                raise FormatError(f"story {doc.id!r}, span {span.id}: {exc}", path=self.path) from None
            stamp = span.created or now_iso()
            new = Span(
                sid,
                target,
                span.label,
                span.fragments,
                span.text,
                attributes,
                span.note,
                annotator,
                span.origin if span.origin in Origin.ALL else Origin.IMPORTED,
                stamp,
                span.updated or stamp,
            )
            # Readers check this already; checked again here because it is what must never
            # reach the project (and fragments must be sorted, apart and inside the text).
            if not _well_formed(span.fragments, span.text, doc.text):
                try:
                    new.check(doc.text)
                    raise SpanError(f"span {span.id} has overlapping or touching fragments {list(span.fragments)}")
                except SpanError as exc:
                    raise FormatError(f"story {doc.id!r}: {exc}", path=self.path) from None
            used_ids.add(sid)
            by_key[key] = sid
            id_map[span.id] = sid
            labels[sid] = span.label
            self.batch.spans.append(new)
            self.outcome.spans_added += 1
        rel_keys = {(r.type, r.source, r.target) for r in old_rels}  # one link per type and ends (migration 3)
        rel_ids = {r.id for r in old_rels}
        for rel in item.relations:
            source, target_span = id_map.get(rel.source), id_map.get(rel.target)
            if source is None or target_span is None:
                missing = rel.source if source is None else rel.target
                raise FormatError(
                    f"story {doc.id!r}: link {rel.id} points to span {missing!r}, which is not in the file",
                    path=self.path,
                )
            annotator = self.owner or rel.annotator or self.annotator
            rel_key = (rel.type, source, target_span)
            if rel_key in rel_keys:
                self.outcome.relations_skipped += 1
                continue
            self.growth.ensure_relation(rel.type, labels[source], labels[target_span], self.file_schema)
            rid = rel.id if rel.id and rel.id not in rel_ids else new_id()
            rel_ids.add(rid)
            rel_keys.add(rel_key)
            self.batch.relations.append(
                replace(
                    rel,
                    id=rid,
                    doc_id=target,
                    source=source,
                    target=target_span,
                    annotator=annotator,
                    created=rel.created or now_iso(),
                )
            )
            self.outcome.relations_added += 1
        self.batch.maybe_flush()


def import_annotation_file(
    repo: Repository,
    path: Path,
    fmt: Format,
    *,
    annotator: str,
    owner: str | None = None,
    options: dict[str, Any] | None = None,
    progress: Progress = SILENT,
) -> FileOutcome:
    """Import one file with ``fmt``; on any error the project is left unchanged.
    Spans and links the file names no annotator for go under ``annotator``; with
    ``owner`` every one of them does (a project export's per-user files)."""
    outcome = FileOutcome(str(path), fmt.name)
    if fmt.read is None:
        outcome.refused = f"{fmt.title} is export-only"
        return outcome
    try:
        result = fmt.read(Path(path), **(options or {}))
        with repo.transaction():
            # Everything the import decides by (the schema it grows, the stories and spans
            # it matches) is read under the write lock: a concurrent import waits, then
            # sees this one's labels and spans instead of overwriting or doubling them.
            importer = _Importer(repo, Path(path), fmt, annotator, outcome, owner)
            for n, item in enumerate(result.documents, 1):
                importer.file_schema = result.schema
                if n == 1:
                    importer.maybe_adopt(result.schema)
                importer.add(item, n)
                if n % 50 == 0:
                    progress.step(n, 0, Path(path).name)
            importer.batch.flush()
            if importer.growth.changed:
                repo.set_schema(importer.growth.schema)
    except FormatError as exc:
        return _refused(outcome, str(exc))
    except ProjectError as exc:
        why = str(exc)
        if "UNIQUE constraint failed" in why:
            why = f"{path}: the file uses one span or link id for two different things ({why})"
        return _refused(outcome, why if why.startswith(str(path)) else f"{path}: {why}")
    except (OSError, UnicodeDecodeError) as exc:
        return _refused(outcome, f"{path}: {getattr(exc, 'strerror', None) or exc}")
    except LimitError as exc:
        return _refused(outcome, f"{path}: {exc}")
    except RecursionError:
        return _refused(outcome, f"{path}: nested too deeply to read (more than {MAX_JSON_DEPTH} levels)")
    outcome.notes += importer.growth.notes
    if importer.onto_tokens:
        outcome.notes.append(
            f"{importer.onto_tokens} stories matched to the project's by their tokens (the file keeps only "
            "tokens); spans placed on the stories' own text"
        )
    if importer.kept_apart:
        outcome.notes.append(
            f"{importer.kept_apart} stories repeat the text of another story of this file with other "
            "metadata: kept as stories of their own, not merged"
        )
    report = result.report
    outcome.notes += [f"{reason}: {n}" for reason, n in sorted(report.dropped.items())]
    outcome.notes += report.notes
    return outcome


def _refused(outcome: FileOutcome, why: str) -> FileOutcome:
    fresh = FileOutcome(outcome.path, outcome.format)
    fresh.refused = why
    return fresh
