"""W3C Web Annotation Data Model, JSON-LD (``.jsonld``), export only.

One ``AnnotationCollection`` whose ``first`` page holds every annotation (the
Web Annotation Protocol's container shape), streamed item by item; ``total`` is
written after the items (key order does not matter in JSON).

A span is an ``Annotation`` with ``motivation: "tagging"``:

- ``target``: a ``SpecificResource`` whose ``source`` is the story's IRI
  (``<base>story/<id>``) and whose ``selector`` lists two selectors for the same
  text: a ``TextQuoteSelector`` (``exact``, ``prefix`` and ``suffix`` of up to 32
  characters) and a ``TextPositionSelector`` (``start``/``end`` in code points of
  the normalised text, end exclusive, as the model defines them: characters).
  A discontinuous span's target is a ``List`` of such resources, one per
  fragment, in text order (a List means all of them, in order).
- ``body``: the label as ``TextualBody`` with ``purpose: "tagging"``; each
  attribute as a ``TextualBody`` with ``purpose: "classifying"`` and the
  attribute's name in ``annotator:attribute`` (declared in the ``@context``);
  the note as a ``TextualBody`` with ``purpose: "commenting"``.
- ``creator`` (the annotator, a ``Person``), ``created``, ``modified``.

A link is an ``Annotation`` with ``motivation: "linking"``: its ``target`` is the
IRI of the "from" span's annotation, its ``body`` the relation type (tagging)
and the IRI of the "to" span's annotation. IRIs start with the ``base`` option
(default ``urn:annotator:``). The files carry no story text, so they are not
read back.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.core.schema import Schema
from annotator.core.text import quote_selector

from .base import Capabilities, Format, Report
from .imported import no_other_options

__all__ = ["FORMAT", "write", "span_annotation", "link_annotation"]

FORMAT_OPTIONS = {
    "base": "IRI prefix for stories and annotations (default urn:annotator:)",
    "label": "the collection's label",
}


def _context() -> list[Any]:
    return ["http://www.w3.org/ns/anno.jsonld", {"annotator": "urn:annotator:vocab#"}]


def _resource(source: str, text: str, start: int, end: int) -> dict[str, Any]:
    q = quote_selector(text, start, end)
    return {
        "type": "SpecificResource",
        "source": source,
        "selector": [
            {"type": "TextQuoteSelector", "exact": q.exact, "prefix": q.prefix, "suffix": q.suffix},
            {"type": "TextPositionSelector", "start": start, "end": end},
        ],
    }


def _creator(name: str) -> dict[str, Any] | None:
    return {"type": "Person", "name": name} if name else None


def span_annotation(span: Span, text: str, *, base: str, story: str) -> dict[str, Any]:
    body: list[dict[str, Any]] = [{"type": "TextualBody", "purpose": "tagging", "value": span.label}]
    for name, value in span.attributes.items():
        body.append({"type": "TextualBody", "purpose": "classifying", "annotator:attribute": name, "value": _text(value)})
    if span.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": span.note})
    pieces = [_resource(story, text, s, e) for s, e in span.fragments]
    anno: dict[str, Any] = {
        "id": f"{base}span/{span.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": pieces[0] if len(pieces) == 1 else {"type": "List", "items": pieces},
    }
    creator = _creator(span.annotator)
    if creator:
        anno["creator"] = creator
    if span.created:
        anno["created"] = span.created
    if span.updated:
        anno["modified"] = span.updated
    return anno


def link_annotation(rel: Relation, *, base: str) -> dict[str, Any]:
    anno: dict[str, Any] = {
        "id": f"{base}link/{rel.id}",
        "type": "Annotation",
        "motivation": "linking",
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": rel.type},
            f"{base}span/{rel.target}",
        ],
        "target": f"{base}span/{rel.source}",
    }
    creator = _creator(rel.annotator)
    if creator:
        anno["creator"] = creator
    if rel.created:
        anno["created"] = rel.created
    return anno


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def write(
    documents: Iterable[AnnotatedDocument],
    schema: Schema,
    dest: Path,
    *,
    base: str = "urn:annotator:",
    label: str = "",
    **options: Any,
) -> Report:
    no_other_options("w3c", options, FORMAT_OPTIONS)
    report = Report()
    head = {
        "@context": _context(),
        "type": "AnnotationCollection",
        "label": label or f"annotator export ({schema.name} schema {schema.fingerprint()})",
    }
    dumps = lambda obj: json.dumps(obj, ensure_ascii=False, indent=None)  # noqa: E731
    with open(Path(dest), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(dumps(head)[:-1])
        fh.write(', "first": {"type": "AnnotationPage", "startIndex": 0, "items": [\n')
        first = True
        for doc in documents:
            report.documents += 1
            story = f"{base}story/{doc.document.id}"
            items = [span_annotation(s, doc.document.text, base=base, story=story) for s in doc.spans]
            items += [link_annotation(r, base=base) for r in doc.relations]
            report.spans += len(doc.spans)
            report.relations += len(doc.relations)
            for item in items:
                fh.write("" if first else ",\n")
                fh.write(dumps(item))
                first = False
        fh.write(f'\n]}}, "total": {report.spans + report.relations}}}\n')
    return report


FORMAT = Format(
    name="w3c",
    title="W3C Web Annotation JSON-LD (.jsonld)",
    extensions=(".jsonld",),
    carries=Capabilities(),
    write=write,
    read=None,
    offsets="code points (TextPositionSelector) + TextQuoteSelector",
    options=FORMAT_OPTIONS,
)
