"""Documents, spans (with fragments), relations and annotators.

Plain, immutable values. Offsets are code points into ``Document.text``, end
exclusive; a span's fragments are sorted, non-empty and non-overlapping.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from typing import Any

from .text import fragment_text

__all__ = [
    "Fragment",
    "Document",
    "Span",
    "Relation",
    "Annotator",
    "Status",
    "Origin",
    "SpanError",
    "new_id",
    "now_iso",
    "normalise_fragments",
    "AnnotatedDocument",
    "StoredSpan",
    "StoredStory",
]

Fragment = tuple[int, int]


class Status:
    NEW = "new"
    IN_PROGRESS = "in progress"
    DONE = "done"
    ALL = (NEW, IN_PROGRESS, DONE)


class Origin:
    MANUAL = "manual"
    SUGGESTED = "suggested"
    IMPORTED = "imported"
    ADJUDICATED = "adjudicated"  # copied into the gold layer during adjudication
    LEARNED = "learned"  # proposed by a model trained on the team's annotations, then accepted
    ALL = (MANUAL, SUGGESTED, IMPORTED, ADJUDICATED, LEARNED)


class SpanError(ValueError):
    """A span that cannot exist on its text (empty, out of range, wrong stored text)."""


def new_id() -> str:
    return uuid.uuid4().hex[:16]


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def normalise_fragments(fragments: Any, text_length: int | None = None) -> tuple[Fragment, ...]:
    """Sort fragments and merge touching or overlapping ones; refuse empty or outside ones."""
    frags = sorted((int(s), int(e)) for s, e in fragments)
    if not frags:
        raise SpanError("a span needs at least one fragment")
    out: list[list[int]] = []
    for s, e in frags:
        if s < 0 or e <= s:
            raise SpanError(f"fragment [{s}, {e}) is empty or negative")
        if text_length is not None and e > text_length:
            raise SpanError(f"fragment [{s}, {e}) runs past the end of the text ({text_length})")
        if out and s <= out[-1][1]:
            out[-1][1] = max(out[-1][1], e)
        else:
            out.append([s, e])
    return tuple((s, e) for s, e in out)


@dataclass(frozen=True, slots=True)
class Annotator:
    name: str


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)
    source_path: str = ""
    status: str = Status.NEW
    created: str = ""


@dataclass(frozen=True, slots=True)
class Span:
    id: str
    doc_id: str
    label: str
    fragments: tuple[Fragment, ...]
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    annotator: str = ""
    origin: str = Origin.MANUAL
    created: str = ""
    updated: str = ""

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]

    @classmethod
    def create(
        cls,
        doc: Document,
        label: str,
        fragments: Any,
        *,
        annotator: str,
        attributes: dict[str, Any] | None = None,
        note: str = "",
        origin: str = Origin.MANUAL,
        span_id: str | None = None,
    ) -> Span:
        frags = normalise_fragments(fragments, len(doc.text))
        stamp = now_iso()
        return cls(
            id=span_id or new_id(),
            doc_id=doc.id,
            label=label,
            fragments=frags,
            text=fragment_text(doc.text, frags),
            attributes=dict(attributes or {}),
            note=note,
            annotator=annotator,
            origin=origin,
            created=stamp,
            updated=stamp,
        )

    def check(self, text: str) -> None:
        """Refuse a span whose stored text disagrees with its offsets (never shift silently)."""
        normalise_fragments(self.fragments, len(text))
        actual = fragment_text(text, self.fragments)
        if actual != self.text:
            raise SpanError(f"span {self.id} ({self.label}) says {self.text!r} but its offsets cover {actual!r}")

    def with_fragments(self, doc_text: str, fragments: Any) -> Span:
        frags = normalise_fragments(fragments, len(doc_text))
        return replace(self, fragments=frags, text=fragment_text(doc_text, frags), updated=now_iso())

    def with_changes(self, **changes: Any) -> Span:
        return replace(self, updated=now_iso(), **changes)

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.fragments)


@dataclass(frozen=True, slots=True)
class Relation:
    id: str
    doc_id: str
    type: str
    source: str  # span id ("from")
    target: str  # span id ("to")
    annotator: str = ""
    created: str = ""

    @classmethod
    def create(cls, doc_id: str, rtype: str, source: str, target: str, *, annotator: str) -> Relation:
        return cls(new_id(), doc_id, rtype, source, target, annotator, now_iso())


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A story with one or more annotators' spans and links: what formats exchange."""

    document: Document
    spans: list[Span] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


# A span as the project file keeps it, for streaming exports that never need Span
# objects: (id, label, start, end, fragments, text, attributes, note, annotator,
# origin, created, updated), with ``fragments`` and ``attributes`` still canonical
# JSON text (compact, keys sorted) and no NULLs. A plain tuple, not a NamedTuple:
# building one per row cost a tenth of a million-span export.
StoredSpan = tuple[str, str, int, int, str, str, str, str, str, str, str, str]


@dataclass(frozen=True, slots=True)
class StoredStory:
    """A story with its spans as stored rows (sorted by start, end, label, id)."""

    document: Document
    spans: list[StoredSpan] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
