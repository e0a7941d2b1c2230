"""annotator's own exchange format: JSON Lines, one self-contained story per line.

Lossless: an export imported into an empty project and exported again gives the
same bytes. Each line is a JSON object with keys in this order::

    format      {"name": "annotator", "version": 1}
    id, title   the story's id and title
    text        the normalised text (LF newlines); all offsets are code points into it
    sha256      sha256 of ``text`` as UTF-8 (how teammates' files find their story)
    status, created, source_path
    meta        the story's metadata: JSON text (a string holding a JSON object)
    schema      the full label schema the file was made with
    spans       [{id, label, start, end, fragments [[s, e], ...], text, attributes,
                  note, annotator, origin, created, updated}], sorted by
                  (start, end, label, id); ``text`` joins fragment texts with one space
    relations   [{id, type, from, to, annotator, created}], sorted by id

``attributes`` is JSON text too, like ``meta``. Both hold values whose keys and
types change from story to story (a bool here, a string there), and Hugging Face
``datasets`` (Arrow) infers one struct type per column and fails on such columns;
a JSON string per row loads everywhere and ``json.loads`` gives the object back.
Readers also accept plain objects there, for hand-written files.

Reading streams line by line (a 1 GB file is never held whole) and checks every
span's text against its offsets, every relation's ends and the story hash; any
problem is a :class:`FormatError` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from operator import attrgetter, itemgetter
from pathlib import Path
from typing import Any

import orjson

from annotator.core.limits import LimitError, loads
from annotator.core.model import AnnotatedDocument, Document, Origin, Relation, Span, Status, StoredStory
from annotator.core.schema import Schema, SchemaError
from annotator.core.text import text_hash

from .base import Capabilities, Format, FormatError, ReadResult, Report
from .support import as_dict, as_int, as_list, as_str, iter_jsonl, settle_fragments

__all__ = [
    "FORMAT",
    "write",
    "write_stored",
    "read",
    "sniff",
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "story_record",
    "stored_span_records",
    "relation_records",
]

FORMAT_NAME = "annotator"
FORMAT_VERSION = 1
_HEADER = {"name": FORMAT_NAME, "version": FORMAT_VERSION}


def _json_text(value: dict[str, Any]) -> str:
    # Sorted keys: the same object always gives the same bytes (byte-identical re-export).
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8") if value else "{}"


_SPAN_ORDER = itemgetter("start", "end", "label", "id")
_ID = attrgetter("id")


def _story(doc: Document, schema_json: Any, spans: list[dict[str, Any]], relations: list[Relation]) -> dict[str, Any]:
    """The JSON object for one story, keys in contract order."""
    return {
        "format": _HEADER,
        "id": doc.id,
        "title": doc.title,
        "text": doc.text,
        "sha256": doc.sha256 or text_hash(doc.text),
        "status": doc.status,
        "created": doc.created,
        "source_path": doc.source_path,
        "meta": _json_text(doc.meta),
        "schema": schema_json,
        "spans": spans,
        "relations": relation_records(relations),
    }


def story_record(item: AnnotatedDocument, schema_json: orjson.Fragment | dict[str, Any]) -> dict[str, Any]:
    """The JSON object for one story built from Span objects."""
    spans: list[dict[str, Any]] = []
    append = spans.append
    for s in item.spans:  # a plain loop with locals: this runs a million times in an export
        frags = s.fragments
        attrs = s.attributes
        append(
            {
                "id": s.id,
                "label": s.label,
                "start": frags[0][0],
                "end": frags[-1][1],
                "fragments": frags,  # orjson writes tuples as arrays
                "text": s.text,
                "attributes": _json_text(attrs) if attrs else "{}",
                "note": s.note,
                "annotator": s.annotator,
                "origin": s.origin,
                "created": s.created,
                "updated": s.updated,
            }
        )
    spans.sort(key=_SPAN_ORDER)  # C-level key on the dicts: fast on 1M spans
    return _story(item.document, schema_json, spans, item.relations)


def stored_record(item: StoredStory, schema_json: orjson.Fragment | dict[str, Any]) -> dict[str, Any]:
    """The same object built from stored rows: their fragments and attributes are
    already canonical JSON, passed through untouched (nothing parsed, nothing sorted),
    which halves the cost of a million-span export (bench/bench_native.py)."""
    return _story(item.document, schema_json, stored_span_records(item.spans), item.relations)


def stored_span_records(rows: Iterable[Any]) -> list[dict[str, Any]]:
    """Spans as this format writes them, from stored rows (``Repository.stored_spans``)."""
    fragment = orjson.Fragment
    return [
        {
            "id": sid,
            "label": label,
            "start": start,
            "end": end,
            "fragments": fragment(frags),
            "text": text,
            "attributes": attrs,
            "note": note,
            "annotator": annotator,
            "origin": origin,
            "created": created,
            "updated": updated,
        }
        for sid, label, start, end, frags, text, attrs, note, annotator, origin, created, updated in rows
    ]


def relation_records(relations: Iterable[Relation]) -> list[dict[str, Any]]:
    """Links as this format writes them, sorted by id."""
    return [
        {"id": r.id, "type": r.type, "from": r.source, "to": r.target, "annotator": r.annotator, "created": r.created}
        for r in sorted(relations, key=_ID)
    ]


def _write_lines(items: Iterable[Any], record: Any, schema: Schema, dest: Path) -> Report:
    report = Report()
    schema_json = orjson.Fragment(orjson.dumps(schema.to_dict()))
    with open(dest, "wb") as fh:
        for item in items:
            fh.write(orjson.dumps(record(item, schema_json)))
            fh.write(b"\n")
            report.documents += 1
            report.spans += len(item.spans)
            report.relations += len(item.relations)
    return report


def write(documents: Iterable[AnnotatedDocument], schema: Schema, dest: Path, **options: Any) -> Report:
    """Stream stories to ``dest``, one line each. Nothing is dropped."""
    return _write_lines(documents, story_record, schema, dest)


def write_stored(stories: Iterable[StoredStory], schema: Schema, dest: Path, **options: Any) -> Report:
    """:func:`write` from stored rows: the same bytes, without a Span per row."""
    return _write_lines(stories, stored_record, schema, dest)


def sniff(path: Path, head: bytes) -> bool:
    first = head.lstrip(b"\xef\xbb\xbf \t\r\n").split(b"\n", 1)[0]
    return first.startswith(b"{") and b'"format"' in first[:200] and b'"annotator"' in first[:200]


def _object_or_json_text(value: Any, what: str, path: Path, line: int) -> dict[str, Any]:
    if isinstance(value, str):
        try:
            value = loads(value, what) if value else {}
        except json.JSONDecodeError as exc:
            raise FormatError(f"{what} is not a JSON object: {exc}", path=path, line=line) from None
        except LimitError as exc:
            raise FormatError(str(exc), path=path, line=line) from None
    return dict(as_dict(value, what, path, line))


def _check_header(obj: dict[str, Any], path: Path, line: int) -> None:
    header = obj.get("format")
    if not isinstance(header, dict) or header.get("name") != FORMAT_NAME:
        raise FormatError(
            'not an annotator story: the line has no "format": {"name": "annotator"}',
            path=path,
            line=line,
        )
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FormatError(f"format version must be a whole number, not {version!r}", path=path, line=line)
    if version > FORMAT_VERSION:
        raise FormatError(
            f"made by a newer annotator (format version {version}; this one reads up to "
            f"{FORMAT_VERSION}); update annotator to import it",
            path=path,
            line=line,
        )


_STR_KEYS = ("id", "label", "text", "attributes", "note", "annotator", "origin", "created", "updated")


def _span_fast(sp: Any, doc: Document) -> Span | None:
    """A span exactly as this program writes it, checked quickly; None sends anything
    unusual to the careful path, which names what is wrong."""
    if type(sp) is not dict:
        return None
    try:
        values = [sp[k] for k in _STR_KEYS]
        frags, start, end = sp["fragments"], sp["start"], sp["end"]
    except KeyError:
        return None
    for v in values:
        if type(v) is not str:
            return None
    if type(frags) is not list or not frags:
        return None
    sid, label, stated, attrs, note, annotator, origin, created, updated = values
    if not label or origin not in Origin.ALL:
        return None
    text = doc.text
    prev, out = -1, []
    for f in frags:
        if type(f) is not list or len(f) != 2:
            return None
        a, b = f
        if type(a) is not int or type(b) is not int or not prev < a < b <= len(text):
            return None
        out.append((a, b))
        prev = b
    if start != out[0][0] or end != out[-1][1] or " ".join(text[a:b] for a, b in out) != stated:
        return None
    try:
        attributes = orjson.loads(attrs) if attrs != "{}" else {}
    except orjson.JSONDecodeError:
        return None
    if type(attributes) is not dict:
        return None
    return Span(sid, doc.id, label, tuple(out), stated, attributes, note, annotator, origin, created, updated)


def _span(raw: Any, doc: Document, path: Path, line: int, n: int) -> Span:
    fast = _span_fast(raw, doc)
    if fast is not None:
        return fast
    sp = as_dict(raw, f"span {n}", path, line)
    sid = as_str(sp.get("id"), f"span {n}: id", path, line)
    what = f"span {sid}"
    label = as_str(sp.get("label"), f"{what}: label", path, line)
    if not label:
        raise FormatError(f"{what} has an empty label", path=path, line=line)
    if "fragments" in sp and sp["fragments"] is not None:
        frags = []
        for f in as_list(sp["fragments"], f"{what}: fragments", path, line):
            if not isinstance(f, list) or len(f) != 2:
                raise FormatError(f"{what}: each fragment must be [start, end], not {f!r}", path=path, line=line)
            frags.append(
                (as_int(f[0], f"{what}: fragment start", path, line), as_int(f[1], f"{what}: fragment end", path, line))
            )
    else:
        frags = [
            (as_int(sp.get("start"), f"{what}: start", path, line), as_int(sp.get("end"), f"{what}: end", path, line))
        ]
    stated = sp.get("text")
    if stated is not None:
        stated = as_str(stated, f"{what}: text", path, line)
    fragments, covered = settle_fragments(doc.text, frags, stated, what, path, line)
    for key, bound in (("start", fragments[0][0]), ("end", fragments[-1][1])):
        if key in sp and sp[key] is not None and as_int(sp[key], f"{what}: {key}", path, line) != bound:
            raise FormatError(f"{what}: {key} {sp[key]} disagrees with its fragments ({bound})", path=path, line=line)
    origin = as_str(sp.get("origin"), f"{what}: origin", path, line, default=Origin.IMPORTED)
    if origin not in Origin.ALL:
        raise FormatError(
            f"{what}: origin must be one of {', '.join(Origin.ALL)}, not {origin!r}", path=path, line=line
        )
    return Span(
        id=sid,
        doc_id=doc.id,
        label=label,
        fragments=fragments,
        text=covered,
        attributes=_object_or_json_text(sp.get("attributes"), f"{what}: attributes", path, line),
        note=as_str(sp.get("note"), f"{what}: note", path, line, default=""),
        annotator=as_str(sp.get("annotator"), f"{what}: annotator", path, line, default=""),
        origin=origin,
        created=as_str(sp.get("created"), f"{what}: created", path, line, default=""),
        updated=as_str(sp.get("updated"), f"{what}: updated", path, line, default=""),
    )


def _relation(raw: Any, doc: Document, ids: set[str], path: Path, line: int, n: int) -> Relation:
    r = as_dict(raw, f"relation {n}", path, line)
    rid = as_str(r.get("id"), f"relation {n}: id", path, line)
    what = f"relation {rid}"
    rtype = as_str(r.get("type"), f"{what}: type", path, line)
    ends = []
    for key in ("from", "to"):
        sid = as_str(r.get(key), f"{what}: {key}", path, line)
        if sid not in ids:
            raise FormatError(f"{what} points {key} span {sid!r}, which is not in this story", path=path, line=line)
        ends.append(sid)
    return Relation(
        id=rid,
        doc_id=doc.id,
        type=rtype,
        source=ends[0],
        target=ends[1],
        annotator=as_str(r.get("annotator"), f"{what}: annotator", path, line, default=""),
        created=as_str(r.get("created"), f"{what}: created", path, line, default=""),
    )


def parse_story(obj: Any, path: Path, line: int) -> AnnotatedDocument:
    """One line's object -> a checked story with its spans and links."""
    if not isinstance(obj, dict):
        raise FormatError(f"each line must be a JSON object, not {type(obj).__name__}", path=path, line=line)
    _check_header(obj, path, line)
    doc_id = as_str(obj.get("id"), "id", path, line)
    if not doc_id:
        raise FormatError("the story has an empty id", path=path, line=line)
    text = as_str(obj.get("text"), "text", path, line)
    if "\r" in text:
        raise FormatError("text must be normalised (LF newlines only) but contains CR", path=path, line=line)
    digest = text_hash(text)
    stated_hash = obj.get("sha256")
    if stated_hash is not None and as_str(stated_hash, "sha256", path, line) != digest:
        raise FormatError(
            f"story {doc_id}: sha256 does not match its text (the text was changed after export)",
            path=path,
            line=line,
        )
    status = as_str(obj.get("status"), "status", path, line, default=Status.NEW)
    if status not in Status.ALL:
        raise FormatError(f"status must be one of {', '.join(Status.ALL)}, not {status!r}", path=path, line=line)
    doc = Document(
        id=doc_id,
        title=as_str(obj.get("title"), "title", path, line, default=doc_id),
        text=text,
        sha256=digest,
        meta=_object_or_json_text(obj.get("meta"), "meta", path, line),
        source_path=as_str(obj.get("source_path"), "source_path", path, line, default=""),
        status=status,
        created=as_str(obj.get("created"), "created", path, line, default=""),
    )
    spans: list[Span] = []
    ids: set[str] = set()
    for n, raw in enumerate(as_list(obj.get("spans"), "spans", path, line), 1):
        span = _span(raw, doc, path, line, n)
        if span.id in ids:
            raise FormatError(f"span id {span.id!r} appears twice in story {doc_id}", path=path, line=line)
        ids.add(span.id)
        spans.append(span)
    relations = []
    rel_ids: set[str] = set()
    for n, raw in enumerate(as_list(obj.get("relations"), "relations", path, line), 1):
        rel = _relation(raw, doc, ids, path, line, n)
        if rel.id in rel_ids:
            raise FormatError(f"relation id {rel.id!r} appears twice in story {doc_id}", path=path, line=line)
        rel_ids.add(rel.id)
        relations.append(rel)
    return AnnotatedDocument(doc, spans, relations)


def _merge_schema(current: Schema | None, raw: Any, path: Path, line: int) -> Schema | None:
    if raw is None:
        return current
    try:
        found = Schema.from_dict(as_dict(raw, "schema", path, line))
    except SchemaError as exc:
        raise FormatError(f"schema: {exc}", path=path, line=line) from None
    if current is None:
        return found
    known = set(current.label_names)
    extra = tuple(lb for lb in found.labels if lb.name not in known)
    rels = {r.name for r in current.relations}
    extra_rels = tuple(r for r in found.relations if r.name not in rels)
    if not extra and not extra_rels:
        return current
    return Schema(current.name, current.labels + extra, current.relations + extra_rels, current.version)


def read(source: Path, **options: Any) -> ReadResult:
    """Stream the stories of a native file; ``result.schema`` is filled as lines arrive."""
    path = Path(source)
    result = ReadResult(documents=[], schema=None, report=Report())

    def stories() -> Iterator[AnnotatedDocument]:
        last_raw: Any = None
        for line, obj in iter_jsonl(path):
            if isinstance(obj, dict):
                raw = obj.get("schema")
                if raw is not None and raw != last_raw:
                    result.schema = _merge_schema(result.schema, raw, path, line)
                    last_raw = raw
            item = parse_story(obj, path, line)
            yield result.report.tally(item)

    result.documents = stories()
    return result


FORMAT = Format(
    name="native",
    title="annotator JSON Lines (.jsonl, lossless)",
    extensions=(".jsonl",),
    carries=Capabilities(),
    write=write,
    write_stored=write_stored,
    read=read,
    sniff=sniff,
    offsets="code points",
)
