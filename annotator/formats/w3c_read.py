"""Reading W3C Web Annotation JSON-LD: our own exports and other tools' annotations.

Accepts an ``AnnotationCollection`` (annotations in ``first.items``), an
``AnnotationPage``, a list of annotations or a single one. An annotation can
only become a span on a text the file carries: the ``annotator:stories`` that
our export embeds. Its place comes from the ``TextPositionSelector`` (code
points) when the ``TextQuoteSelector`` agrees with it, else from the quote
(``exact`` with its ``prefix``/``suffix``), so annotations made on a slightly
different copy still land where their words are. Annotations on documents the
file does not carry, or whose selectors cannot be resolved (e.g. a
``FragmentSelector`` into XML), are skipped and reported, never guessed.

The label is the ``tagging`` body, attributes are ``classifying`` bodies with an
``annotator:attribute`` name, the note is the ``commenting`` body; a ``List``
target, or several targets on one story, is a discontinuous span. ``linking`` annotations become links.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.limits import LimitError, loads
from annotator.core.model import AnnotatedDocument, Relation, Span, SpanError, new_id
from annotator.core.text import text_hash

from .base import FormatError, ReadResult, Report
from .imported import make_document, make_span, no_other_options

__all__ = ["read", "sniff"]

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
_VOCAB = "urn:annotator:vocab#"
MAX_BYTES = 512 * 2**20  # a JSON document is parsed whole
_OUR_ID = re.compile(r"(?:^|[/:])(span|link)/([\w.-]+)$")  # ids our export gives: <base>span/<id>


def sniff(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".jsonld", ".json") and ANNO_CONTEXT.encode() in head[:4096]


def _term(obj: dict[str, Any], name: str) -> Any:
    """Our extension term, compact (``annotator:x``) or expanded."""
    return obj.get(f"annotator:{name}", obj.get(_VOCAB + name))


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _annotations(data: Any, path: Path) -> list[dict[str, Any]]:
    if isinstance(data, list):
        return [a for a in data if isinstance(a, dict)]
    if not isinstance(data, dict):
        raise FormatError("expected a JSON object or list of Web Annotations", path=path)
    kind = data.get("type")
    if kind == "AnnotationCollection":
        first = data.get("first")
        if isinstance(first, str):
            raise FormatError("the collection's pages are only linked (first is an IRI), not included", path=path)
        return _annotations(first or {"type": "AnnotationPage", "items": []}, path)
    if kind == "AnnotationPage":
        return [a for a in _as_list(data.get("items")) if isinstance(a, dict)]
    if kind == "Annotation":
        return [data]
    raise FormatError(f"not a Web Annotation document (type {kind!r})", path=path)


def _locate(text: str, resource: dict[str, Any]) -> tuple[int, int] | None:
    """Where a SpecificResource's selectors point in ``text``, or None."""
    selectors = [s for s in _as_list(resource.get("selector")) if isinstance(s, dict)]
    position = next((s for s in selectors if s.get("type") == "TextPositionSelector"), None)
    quote = next((s for s in selectors if s.get("type") == "TextQuoteSelector"), None)
    if quote is None:  # a quote refining another selector (e.g. a FragmentSelector) still finds its words
        refined = [s.get("refinedBy") for s in selectors if isinstance(s.get("refinedBy"), dict)]
        quote = next((r for r in refined if r is not None and r.get("type") == "TextQuoteSelector"), None)
    if position is not None:
        start, end = position.get("start"), position.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            if quote is None or text[start:end] == quote.get("exact"):
                return start, end
    if quote is not None and isinstance(quote.get("exact"), str) and quote["exact"]:
        exact, prefix, suffix = quote["exact"], str(quote.get("prefix", "")), str(quote.get("suffix", ""))
        hits = []
        at = text.find(exact)
        while at != -1:
            hits.append(at)
            at = text.find(exact, at + 1)
        fitting = [h for h in hits if text[:h].endswith(prefix) and text[h + len(exact) :].startswith(suffix)]
        chosen = fitting or (hits if len(hits) == 1 else [])
        if chosen:
            # Several places fit: the one nearest the stated position (if any) wins.
            near = position.get("start") if position is not None else None
            at = min(chosen, key=lambda h: abs(h - near)) if isinstance(near, int) else chosen[0]
            return at, at + len(exact)
    return None


def _creator(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("name") or value.get("nickname") or value.get("id") or "")
    return str(value) if isinstance(value, str) else ""


def _stories(data: Any, path: Path) -> dict[str, tuple[str, str, str, dict[str, Any]]]:
    """story IRI -> (story id, title, text, meta)."""
    out: dict[str, tuple[str, str, str, dict[str, Any]]] = {}
    if not isinstance(data, dict):
        return out
    for entry in _as_list(_term(data, "stories")):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            raise FormatError("a story in annotator:stories has no id", path=path)
        text = _term(entry, "text")
        if not isinstance(text, str):
            raise FormatError(f"story {entry['id']} has no annotator:text", path=path)
        stated = _term(entry, "sha256")
        if stated and stated != text_hash(text):
            raise FormatError(f"story {entry['id']}: the text does not match its sha256", path=path)
        meta = _term(entry, "meta")
        if isinstance(meta, str):  # one JSON text since the export keeps it out of JSON-LD's way
            try:
                meta = json.loads(meta)
            except json.JSONDecodeError:
                raise FormatError(f"story {entry['id']}: annotator:meta is not JSON", path=path) from None
        doc_id = str(_term(entry, "id") or entry["id"].rsplit("/", 1)[-1])
        out[entry["id"]] = (doc_id, str(_term(entry, "title") or doc_id), text, meta if isinstance(meta, dict) else {})
    return out


def read(path: Path, **options: Any) -> ReadResult:
    no_other_options("w3c", options, ())
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(
                f"the file is {size // 2**20} MB; JSON-LD is read whole (at most {MAX_BYTES // 2**20} MB)", path=path
            )
        with open(path, encoding="utf-8-sig") as fh:
            data = loads(fh.read(), "the JSON")  # shared limits: nesting, numbers, text
    except OSError as exc:
        raise FormatError(f"cannot read the file ({exc.strerror})", path=path) from None
    except UnicodeDecodeError:
        raise FormatError("not UTF-8 text", path=path) from None
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON ({exc.msg})", path=path, line=exc.lineno) from None
    except LimitError as exc:
        raise FormatError(str(exc), path=path) from None
    annotations = _annotations(data, path)
    stories = _stories(data, path)
    report = Report()
    docs = {iri: make_document(doc_id, title, text, meta) for iri, (doc_id, title, text, meta) in stories.items()}
    spans: dict[str, list[Span]] = defaultdict(list)
    span_by_iri: dict[str, Span] = {}
    skipped: dict[str, int] = defaultdict(int)
    links = []
    for anno in annotations:
        if anno.get("motivation") == "linking":
            links.append(anno)
            continue
        targets = _as_list(anno.get("target"))
        resources: list[Any] = []
        for target in targets:
            if isinstance(target, dict) and target.get("type") == "List":
                resources += _as_list(target.get("items"))
            else:
                resources.append(target)
        sources = {r.get("source") for r in resources if isinstance(r, dict)}
        if not resources or len(sources) != 1 or not all(isinstance(r, dict) for r in resources):
            skipped["annotation without a text target (or on several documents) not imported"] += 1
            continue
        source = sources.pop()
        if source not in docs:
            skipped["annotation on a document this file does not carry not imported"] += 1
            continue
        doc = docs[source]
        places = [_locate(doc.text, r) for r in resources]
        if any(p is None for p in places):
            skipped["annotation whose selectors do not resolve in the text not imported"] += 1
            continue
        bodies = [b for b in _as_list(anno.get("body")) if isinstance(b, dict)]
        tags = [str(b.get("value")) for b in bodies if b.get("purpose") == "tagging" and "value" in b]
        label = tags[0] if tags else str(anno.get("motivation") or "Annotation")
        attributes = {
            str(_term(b, "attribute")): b.get("value")
            for b in bodies
            if b.get("purpose") == "classifying" and _term(b, "attribute")
        }
        note = "\n".join(str(b.get("value")) for b in bodies if b.get("purpose") == "commenting" and "value" in b)
        iri = str(anno.get("id") or "")
        m = _OUR_ID.search(iri)
        span_id = m.group(2) if m and m.group(1) == "span" else new_id()
        try:
            span = make_span(
                doc,
                span_id,
                label,
                [p for p in places if p is not None],
                attributes=attributes,
                note=note,
                annotator=_creator(anno.get("creator")),
            )
        except SpanError as exc:
            raise FormatError(f"annotation {iri or '(no id)'}: {exc}", path=path) from None
        created = str(anno.get("created") or "")
        if created:
            span = replace(span, created=created, updated=str(anno.get("modified") or created))
        spans[source].append(span)
        if iri:
            span_by_iri[iri] = span
    relations: dict[str, list[Relation]] = defaultdict(list)
    for anno in links:
        from_iri = anno.get("target")
        bodies = _as_list(anno.get("body"))
        to_iri = next((b for b in bodies if isinstance(b, str)), None) or next(
            (b.get("id") for b in bodies if isinstance(b, dict) and b.get("id")), None
        )
        rtype = next(
            (str(b.get("value")) for b in bodies if isinstance(b, dict) and b.get("purpose") == "tagging"), "link"
        )
        src, tgt = span_by_iri.get(str(from_iri)), span_by_iri.get(str(to_iri))
        if src is None or tgt is None or src.doc_id != tgt.doc_id:
            skipped["link whose ends are not imported spans of one story not imported"] += 1
            continue
        iri = str(anno.get("id") or "")
        m = _OUR_ID.search(iri)
        rel_id = m.group(2) if m and m.group(1) == "link" else new_id()
        created = str(anno.get("created") or "")
        relations[src.doc_id].append(
            Relation(rel_id, src.doc_id, rtype, src.id, tgt.id, _creator(anno.get("creator")), created)
        )
    for reason, n in skipped.items():
        report.drop(reason, n)
    if not docs and annotations:
        report.notes.append("the file carries no story text (annotator:stories): nothing to attach the annotations to")
    documents = []
    for iri, doc in docs.items():
        documents.append(AnnotatedDocument(doc, spans[iri], relations[doc.id]))
        report.documents += 1
        report.spans += len(spans[iri])
        report.relations += len(relations[doc.id])
    return ReadResult(documents=documents, schema=None, report=report)
