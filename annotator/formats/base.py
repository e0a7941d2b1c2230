"""What every exchange format module provides, and the values they pass around.

A format module defines a :class:`Format` (its name, what it can carry, and its
``write`` and optional ``read``). Exports are streamed: ``write`` takes an
iterable of :class:`~annotator.core.model.AnnotatedDocument` and never needs the
whole project in memory. A format that cannot carry something says so in the
returned :class:`Report`; nothing is dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument
from annotator.core.schema import Schema

__all__ = ["Format", "Report", "ReadResult", "FormatError", "Capabilities"]


class FormatError(ValueError):
    """A file that cannot be read: the message names the file and, where known, the line."""

    def __init__(self, message: str, *, path: Path | str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f", line {line}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line


@dataclass
class Report:
    """What an export or import did, and what it could not carry."""

    documents: int = 0
    spans: int = 0
    relations: int = 0
    dropped: dict[str, int] = field(default_factory=dict)  # reason -> count
    notes: list[str] = field(default_factory=list)

    def tally(self, item: AnnotatedDocument) -> AnnotatedDocument:
        """Count one story with its spans and links; returns it, for `yield report.tally(item)`."""
        self.documents += 1
        self.spans += len(item.spans)
        self.relations += len(item.relations)
        return item

    def drop(self, reason: str, n: int = 1) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + n

    @property
    def lossless(self) -> bool:
        return not self.dropped

    def lines(self) -> list[str]:
        out = [f"{self.documents} stories, {self.spans} spans, {self.relations} links"]
        out += [f"dropped or approximated: {n} × {reason}" for reason, n in sorted(self.dropped.items())]
        out += self.notes
        return out


@dataclass
class ReadResult:
    """What a reader found. ``documents`` may be a list or a lazy iterator: streaming
    readers (native JSONL) yield stories one at a time, so a 1 GB file never sits in
    memory; they set ``schema`` (the schema the file was made with) before yielding
    the first story and raise :class:`FormatError` mid-way on bad input, which the
    importer turns into an all-or-nothing refusal of the file."""

    documents: Iterable[AnnotatedDocument]
    schema: Schema | None = None
    report: Report = field(default_factory=Report)


@dataclass(frozen=True)
class Capabilities:
    spans: bool = True
    overlaps: bool = True
    fragments: bool = True
    relations: bool = True
    attributes: bool = True
    notes: bool = True
    annotators: bool = True

    def describe(self) -> str:
        names = [
            n for n in ("overlaps", "fragments", "relations", "attributes", "notes", "annotators") if getattr(self, n)
        ]
        return ", ".join(names) if names else "spans only"


Writer = Callable[..., Report]
Reader = Callable[..., ReadResult]  # read(source: Path, **options) -> ReadResult


@dataclass(frozen=True)
class Format:
    name: str  # CLI name, e.g. "brat"
    title: str  # for menus, e.g. "brat standoff (.ann)"
    extensions: tuple[str, ...]  # what an export writes / an import recognises
    carries: Capabilities
    write: Writer  # write(documents: Iterable[AnnotatedDocument], schema, dest: Path, **options) -> Report
    read: Reader | None = None
    sniff: Callable[[Path, bytes], bool] | None = None  # does this file look like ours?
    dest_is_dir: bool = False
    offsets: str = "code points"
    options: dict[str, Any] = field(default_factory=dict)
    # Optional fast path: write(...) from StoredStory items (spans as stored rows),
    # same output; export_project uses it when present.
    write_stored: Writer | None = None
    # Why the format cannot run in this installation (a package it needs is missing), or None.
    missing: Callable[[], str | None] | None = None

    @property
    def readable(self) -> bool:
        return self.read is not None

    def unavailable(self) -> str | None:
        return self.missing() if self.missing is not None else None
