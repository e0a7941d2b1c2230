"""Small helpers shared by format readers and token-based writers.

Readers of foreign files build plain :mod:`annotator.core.model` values here, so
every format makes documents and spans the same way (hash of the normalised
text, covered text from the offsets, origin "imported").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from typing import Any

from annotator.core.model import Document, Origin, Span, now_iso
from annotator.core.text import text_hash

from .base import FormatError

__all__ = ["make_document", "make_span", "safe_file_stem", "one_layer", "flag", "no_other_options"]


def make_document(doc_id: str, title: str, text: str, meta: dict[str, Any] | None = None) -> Document:
    return Document(doc_id, title or doc_id, text, text_hash(text), dict(meta or {}), created=now_iso())


def make_span(
    doc: Document,
    span_id: str,
    label: str,
    fragments: Iterable[tuple[int, int]],
    *,
    attributes: dict[str, Any] | None = None,
    note: str = "",
    annotator: str = "",
) -> Span:
    return Span.create(
        doc,
        label,
        fragments,
        annotator=annotator,
        attributes=attributes,
        note=note,
        origin=Origin.IMPORTED,
        span_id=span_id,
    )


_UNSAFE = re.compile(r"[^\w.\-]+")


def safe_file_stem(name: str, taken: set[str]) -> str:
    """A file name stem made from a story id: portable characters, unique in ``taken``."""
    stem = _UNSAFE.sub("_", name).strip("._") or "story"
    stem = stem[:120]
    candidate, n = stem, 2
    while candidate.lower() in taken:
        candidate, n = f"{stem}-{n}", n + 1
    taken.add(candidate.lower())
    return candidate


def one_layer(items: list[tuple[int, int, Any]]) -> tuple[list[tuple[int, int, Any]], list[Any]]:
    """Keep a non-overlapping subset of ``(start, end, item)``: longest first, then earliest.

    Returns (kept in text order, dropped). Used by formats that carry one layer only.
    """
    order = sorted(items, key=lambda t: (-(t[1] - t[0]), t[0], t[1]))
    kept: list[tuple[int, int, Any]] = []
    dropped: list[Any] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    for start, end, item in order:
        i = bisect_right(taken, (start, end))
        clash = (i > 0 and taken[i - 1][1] > start) or (i < len(taken) and taken[i][0] < end)
        if clash:
            dropped.append(item)
            continue
        taken.insert(i, (start, end))
        kept.append((start, end, item))
    kept.sort(key=lambda t: (t[0], t[1]))
    return kept, dropped


def flag(value: Any, name: str) -> bool:
    """An on/off option, given as a bool or as text from the command line."""
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off", ""):
        return False
    raise FormatError(f"option {name} must be true or false, not {value!r}")


def no_other_options(fmt: str, options: dict[str, Any], known: Iterable[str]) -> None:
    """Refuse a misspelt option instead of ignoring it."""
    if options:
        names = ", ".join(sorted(known)) or "none"
        raise FormatError(f"unknown option {', '.join(sorted(options))} for {fmt}; its options: {names}")
