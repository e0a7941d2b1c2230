"""Spans, relations and story metadata as SQLite rows, and back.

The column order here is the contract between the repository's queries and these
functions: ``span_values`` writes a span in SPAN_COLUMNS order and
``span_from_row`` reads one selected with SPAN_COLS.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import orjson

from annotator.core.model import Relation, Span

__all__ = [
    "SPAN_COLUMNS",
    "SPAN_COLS",
    "SPAN_UPSERT",
    "REL_COLS",
    "span_from_row",
    "span_values",
    "span_field_values",
    "relation_from_row",
    "relation_values",
    "meta_text",
    "only_annotators",
]

SPAN_COLUMNS = (
    "id",
    "doc_id",
    "label",
    "fragments",
    "text",
    "attributes",
    "note",
    "annotator",
    "origin",
    "created",
    "updated",
    "start",
    "end",
)
SPAN_COLS = ", ".join(f'"{c}"' for c in SPAN_COLUMNS)
SPAN_UPSERT = (
    f"INSERT INTO spans ({SPAN_COLS}) VALUES ({', '.join('?' * len(SPAN_COLUMNS))}) "
    "ON CONFLICT(id) DO UPDATE SET " + ", ".join(f'"{c}" = excluded."{c}"' for c in SPAN_COLUMNS[1:])
)
REL_COLS = "id, doc_id, type, source, target, annotator, created"


def span_from_row(row: tuple) -> Span:
    # A hot path (a story's 50k spans): positional arguments in Span's field order
    # (id, doc_id, label, fragments, text, attributes, note, annotator, origin,
    # created, updated), and the start/end columns for the usual single fragment
    # ("[[s,e]]", one comma) instead of parsing its JSON.
    frags = row[3]
    return Span(
        row[0],
        row[1],
        row[2],
        ((row[11], row[12]),) if frags.count(",") == 1 else tuple(map(tuple, orjson.loads(frags))),
        row[4],
        orjson.loads(row[5]) if row[5] and row[5] != "{}" else {},
        row[6] or "",
        row[7],
        row[8],
        row[9] or "",
        row[10] or "",
    )


def span_values(span: Span) -> tuple:
    """A span in SPAN_COLUMNS order; fragments and attributes as canonical JSON
    (compact, keys sorted), which the native export passes through untouched."""
    return (
        span.id,
        span.doc_id,
        span.label,
        orjson.dumps(span.fragments).decode(),
        span.text,
        orjson.dumps(span.attributes, option=orjson.OPT_SORT_KEYS).decode(),
        span.note,
        span.annotator,
        span.origin,
        span.created,
        span.updated,
        span.start,
        span.end,
    )


def span_field_values(span: Span, fields: Iterable[str]) -> dict[str, Any]:
    """Columns -> values for some of a span's fields (a field-level update): fragments
    bring their text and start/end columns along."""
    out: dict[str, Any] = {}
    for f in fields:
        if f == "fragments":
            out["fragments"] = orjson.dumps(span.fragments).decode()
            out["text"] = span.text
            out["start"] = span.start
            out["end"] = span.end
        elif f == "attributes":
            out["attributes"] = orjson.dumps(span.attributes, option=orjson.OPT_SORT_KEYS).decode()
        elif f in ("label", "text", "note", "annotator", "origin", "updated"):
            out[f] = getattr(span, f)
        else:
            raise ValueError(f"not a span field: {f}")
    return out


def relation_from_row(row: tuple) -> Relation:
    return Relation(*row)


def relation_values(rel: Relation) -> tuple:
    """A relation in REL_COLS order."""
    return (rel.id, rel.doc_id, rel.type, rel.source, rel.target, rel.annotator, rel.created)


def meta_text(meta: dict[str, Any]) -> str:
    """A story's metadata as JSON text, keys sorted. orjson is several times faster
    than json; json takes what orjson refuses (integers beyond 64 bits)."""
    try:
        return orjson.dumps(meta, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:
        return json.dumps(meta, ensure_ascii=False, sort_keys=True)


def only_annotators(sql: str, params: list[Any], annotators: Iterable[str] | None) -> tuple[str, list[Any]]:
    """Narrow a one-story query to some annotators' rows (None: everyone's).

    The unary ``+`` keeps SQLite on the story's index: left to itself the planner picks
    the annotator index and reads every span that annotator has in the whole project
    (100,000 rows to find one story's 100)."""
    if annotators is None:
        return sql, params
    names = list(annotators)
    return f"{sql} AND +annotator IN ({','.join('?' * len(names))})", params + names
