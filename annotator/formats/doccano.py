"""doccano JSONL, both variants doccano reads and writes for sequence labelling:

* spans: ``{"text": ..., "label": [[start, end, "LABEL"], ...]}``
* entities and relations: ``{"text": ..., "entities": [{"id", "start_offset",
  "end_offset", "label"}], "relations": [{"id", "from_id", "to_id", "type"}]}``

Offsets. doccano (1.x, current) stores what its browser front end measures:
JavaScript string indices, i.e. **UTF-16 code units**. Its back end only saves
the numbers (``start_offset``/``end_offset`` in the span model) without looking at
the text, so a story with an emoji before a span is off by one per emoji when
read as Python code points (doccano issue #2290, still open; #2484). A project
option "count grapheme clusters as one character" switches the front end to
graphemes; files from such projects are not supported. So: we write UTF-16
offsets by default and read them as UTF-16; ``--option offsets=codepoints``
reads and writes code points instead, for files made by Python scripts. An
offset that falls between the two halves of an emoji cannot be UTF-16 and is
refused with a hint to use that option.

What doccano cannot carry (reported on export): fragments (each fragment becomes
its own entity), attributes, notes, annotators, and in the spans variant the
links. Our story id and title travel in ``id`` and ``meta`` (doccano keeps
unknown columns as metadata). Reading accepts the JSONL doccano writes, the
pretty-printed multi-line "JSONL" its examples contain, a JSON array, the
``column_data``/``column_label`` column names of its import examples, and
records without text (skipped and reported, as doccano itself does).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Document, Origin, Relation, Span, new_id, now_iso
from annotator.core.schema import Schema
from annotator.core.text import Utf16Map, normalise, text_hash

from .base import Capabilities, Format, FormatError, ReadResult, Report
from .support import (
    RawOffsets,
    as_dict,
    as_int,
    as_list,
    as_str,
    dumps_line,
    iter_json_records,
    settle_fragments,
)

__all__ = ["FORMAT", "write", "read", "sniff"]

TEXT_KEYS = ("text", "data", "column_data", "content")
LABEL_KEYS = ("label", "labels", "column_label")
OFFSET_UNITS = ("utf16", "codepoints")


def _units(options: dict[str, Any]) -> str:
    unit = str(options.get("offsets", "utf16")).lower().replace("-", "").replace("_", "")
    unit = {"utf16": "utf16", "codepoints": "codepoints", "codepoint": "codepoints", "cp": "codepoints"}.get(unit, unit)
    if unit not in OFFSET_UNITS:
        raise FormatError(f"offsets must be utf16 or codepoints, not {options.get('offsets')!r}")
    return unit


def write(documents: Iterable[AnnotatedDocument], schema: Schema, dest: Path, **options: Any) -> Report:
    variant = str(options.get("variant", "spans")).lower()
    if variant not in ("spans", "entities"):
        raise FormatError(f"variant must be spans or entities, not {variant!r}")
    unit = _units(options)
    report = Report()
    with open(dest, "wb") as fh:
        for item in documents:
            doc = item.document
            u16 = Utf16Map(doc.text) if unit == "utf16" else None

            def off(cp: int, _m: Utf16Map | None = u16) -> int:
                return _m.cp_to_utf16(cp) if _m is not None else cp

            spans = sorted(item.spans, key=lambda s: (s.start, s.end, s.label, s.id))
            record: dict[str, Any] = {"id": doc.id, "text": doc.text}
            entity_of: dict[str, int] = {}
            if variant == "spans":
                record["label"] = [[off(s), off(e), sp.label] for sp in spans for s, e in sp.fragments]
            else:
                entities: list[dict[str, Any]] = []
                for sp in spans:
                    entity_of[sp.id] = len(entities)
                    for s, e in sp.fragments:
                        entities.append(
                            {"id": len(entities), "start_offset": off(s), "end_offset": off(e), "label": sp.label}
                        )
                record["entities"] = entities
                record["relations"] = [
                    {"id": i, "from_id": entity_of[r.source], "to_id": entity_of[r.target], "type": r.type}
                    for i, r in enumerate(sorted(item.relations, key=lambda r: r.id))
                    if r.source in entity_of and r.target in entity_of
                ]
            record["meta"] = {"title": doc.title, **{k: v for k, v in doc.meta.items() if k != "title"}}
            fh.write(dumps_line(record))
            _account(item, variant, report)
    return report


def _account(item: AnnotatedDocument, variant: str, report: Report) -> None:
    report.documents += 1
    report.spans += len(item.spans)
    many = sum(1 for s in item.spans if len(s.fragments) > 1)
    if many:
        report.drop("spans with several fragments, written as one entity per fragment", many)
    if variant == "spans":
        if item.relations:
            report.drop("links (the spans variant has none; use --option variant=entities)", len(item.relations))
    else:
        report.relations += len(item.relations)
        fragmented = {s.id for s in item.spans if len(s.fragments) > 1}
        moved = sum(1 for r in item.relations if r.source in fragmented or r.target in fragmented)
        if moved:
            report.drop("links of spans with several fragments, attached to the first fragment's entity", moved)
    attrs = sum(1 for s in item.spans if s.attributes)
    if attrs:
        report.drop("spans' attributes (doccano has none)", attrs)
    notes = sum(1 for s in item.spans if s.note)
    if notes:
        report.drop("span notes", notes)
    named = sum(1 for s in item.spans if s.annotator) + sum(1 for r in item.relations if r.annotator)
    if named:
        report.drop("annotator names of spans and links (doccano files have no annotator field)", named)
    if len({s.annotator for s in item.spans}) > 1:
        report.drop("stories with several annotators' spans merged into one list (no annotator field)")


def sniff(path: Path, head: bytes) -> bool:
    if Path(path).suffix.lower() not in (".jsonl", ".json", ".ndjson"):
        return False
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n[")[:4096]
    if not start.startswith(b"{") or b'"format"' in start[:200]:
        return False
    has_text = any(f'"{k}"'.encode() in start for k in TEXT_KEYS)
    has_labels = any(f'"{k}"'.encode() in start for k in (*LABEL_KEYS, "entities"))
    label_studio = b'"data"' in start and any(
        k in start for k in (b'"annotations"', b'"predictions"', b'"completions"', b'"from_name"')
    )
    return has_labels and (has_text or b'"meta"' in start) and not label_studio


def _text_of(rec: dict[str, Any]) -> str | None:
    for key in TEXT_KEYS:
        if isinstance(rec.get(key), str):
            return rec[key]
    return None


def _labels_of(rec: dict[str, Any]) -> Any:
    for key in LABEL_KEYS:
        if key in rec:
            return rec[key]
    return None


class _Offsets:
    """File offsets (UTF-16 or code points, into the raw text) -> normalised code points."""

    def __init__(self, raw: str, unit: str, path: Path, line: int) -> None:
        self.u16 = Utf16Map(raw) if unit == "utf16" else None
        self.raw = RawOffsets(raw)
        self.path, self.line = path, line

    def __call__(self, value: Any, what: str) -> int:
        pos = as_int(value, what, self.path, self.line)
        if self.u16 is not None and not self.u16.is_identity:
            cp = self.u16.utf16_to_cp(pos)
            if self.u16.cp_to_utf16(cp) != pos:
                raise FormatError(
                    f"{what} {pos} falls between the two halves of an emoji, so the file does not count "
                    "UTF-16 units like doccano; if it counts code points, import with --option offsets=codepoints",
                    path=self.path,
                    line=self.line if self.line > 0 else None,
                )
            pos = cp
        return self.raw(pos)


def _record(rec: Any, path: Path, line: int, ordinal: int, unit: str, report: Report) -> AnnotatedDocument | None:
    rec = as_dict(rec, "record", path, line)
    raw = _text_of(rec)
    if raw is None:
        report.drop("records without text, skipped")
        return None
    norm = normalise(raw).text
    meta = dict(as_dict(rec.get("meta"), "meta", path, line))
    title = str(meta.pop("title", "") or "")
    doc_id = rec.get("id") if isinstance(rec.get("id"), str) else ""
    doc = Document(doc_id, title, norm, text_hash(norm), meta, str(path), created=now_iso())
    to_cp = _Offsets(raw, unit, path, line)
    stamp = now_iso()
    spans: list[Span] = []
    by_entity: dict[Any, str] = {}

    def add(start: Any, end: Any, label: Any, what: str) -> str:
        label = as_str(label, f"{what}: label", path, line)
        frags, covered = settle_fragments(
            norm, [(to_cp(start, f"{what}: start"), to_cp(end, f"{what}: end"))], None, f"{what} ({label})", path, line
        )
        span = Span(new_id(), doc.id, label, frags, covered, {}, "", "", Origin.IMPORTED, stamp, stamp)
        spans.append(span)
        return span.id

    labels = _labels_of(rec)
    for n, item in enumerate(as_list(labels, "label", path, line), 1):
        if isinstance(item, str):
            report.drop("document categories (text classification labels)")
            continue
        if not isinstance(item, list) or len(item) < 3:
            raise FormatError(
                f'label {n} must be [start, end, "LABEL"], not {item!r}'[:200],
                path=path,
                line=line if line > 0 else None,
            )
        add(item[0], item[1], item[2], f"label {n}")
    for n, ent in enumerate(as_list(rec.get("entities"), "entities", path, line), 1):
        if isinstance(ent, list) and len(ent) >= 3:
            add(ent[0], ent[1], ent[2], f"entity {n}")
            continue
        ent = as_dict(ent, f"entity {n}", path, line)
        key = ent.get("id", n)
        if isinstance(key, (dict, list)) or key in by_entity:
            raise FormatError(
                f"entity id {key!r} is not a usable id or appears twice in this record",
                path=path,
                line=line if line > 0 else None,
            )
        by_entity[key] = add(ent.get("start_offset"), ent.get("end_offset"), ent.get("label"), f"entity {key}")
    relations = []
    for n, rel in enumerate(as_list(rec.get("relations"), "relations", path, line), 1):
        rel = as_dict(rel, f"relation {n}", path, line)
        ends = []
        for key in ("from_id", "to_id"):
            ref = rel.get(key)
            if ref not in by_entity:
                raise FormatError(
                    f"relation {rel.get('id', n)}: {key} {ref!r} is not an entity of this record",
                    path=path,
                    line=line if line > 0 else None,
                )
            ends.append(by_entity[ref])
        rtype = as_str(rel.get("type"), f"relation {n}: type", path, line)
        relations.append(Relation(new_id(), doc.id, rtype, ends[0], ends[1], "", stamp))
    return AnnotatedDocument(doc, spans, relations)


def read(source: Path, **options: Any) -> ReadResult:
    path = Path(source)
    unit = _units(options)
    result = ReadResult(documents=[], schema=None, report=Report())

    def stories() -> Iterator[AnnotatedDocument]:
        for ordinal, (line, rec) in enumerate(iter_json_records(path), 1):
            item = _record(rec, path, line, ordinal, unit, result.report)
            if item is None:
                continue
            yield result.report.tally(item)

    result.documents = stories()
    return result


FORMAT = Format(
    name="doccano",
    title="doccano JSONL (sequence labelling, relations)",
    extensions=(".jsonl",),
    carries=Capabilities(fragments=False, attributes=False, notes=False, annotators=False),
    write=write,
    read=read,
    sniff=sniff,
    offsets="UTF-16 code units, as doccano's browser counts (option offsets=codepoints)",
    options={"variant": "spans (default) or entities (with relations)", "offsets": "utf16 (default) or codepoints"},
)
