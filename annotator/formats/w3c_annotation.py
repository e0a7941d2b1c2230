"""W3C Web Annotation Data Model, JSON-LD (``.jsonld``): export, and import of what it wrote.

One ``AnnotationCollection`` whose ``first`` page holds every annotation (the
Web Annotation Protocol's container shape), streamed item by item; ``total`` is
written after the items (key order does not matter in JSON).

A span is an ``Annotation`` with ``motivation: "tagging"``:

- ``target``: a ``SpecificResource`` whose ``source`` is the story's IRI
  (``<base>story/<id>``) and whose ``selector`` lists two selectors for the same
  text: a ``TextQuoteSelector`` (``exact``, ``prefix`` and ``suffix`` of up to 32
  characters) and a ``TextPositionSelector`` (``start``/``end`` in code points of
  the normalised text, end exclusive, as the model defines them: characters).
  A discontinuous span has several targets, one such resource per fragment, in
  text order, all on the same story: terms the ``anno.jsonld`` context defines,
  so a JSON-LD processor sees a source and a selector on each (a ``List``, which
  that context lacks, would expand to nothing).
- ``body``: the label as ``TextualBody`` with ``purpose: "tagging"``; each
  attribute as a ``TextualBody`` with ``purpose: "classifying"`` and the
  attribute's name in ``annotator:attribute`` (declared in the ``@context``);
  the note as a ``TextualBody`` with ``purpose: "commenting"``.
- ``creator`` (the annotator, a ``Person``), ``created``, ``modified``.

A link is an ``Annotation`` with ``motivation: "linking"``: its ``target`` is the
IRI of the "from" span's annotation, its ``body`` the relation type (tagging)
and the IRI of the "to" span's annotation. IRIs start with the ``base`` option
(default ``urn:annotator:``).

Annotations only point at text, so by default the collection also carries the
stories (``annotator:stories``: ``Text`` resources with ``annotator:text``, the
normalised text, and the title and hash), written after the annotations. A
story's metadata is ``annotator:meta``, one JSON text (its keys, such as a Label
Studio task's ``id``, would otherwise be read as JSON-LD keywords). That
makes the file self-contained and readable back (see :mod:`.w3c_read`);
``embed_text=false`` leaves the texts out.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Relation, Span
from annotator.core.schema import Schema
from annotator.core.text import quote_selector

from .base import Capabilities, Format, Report
from .imported import flag, no_other_options
from .w3c_read import read, sniff

__all__ = ["FORMAT", "write", "span_annotation", "link_annotation"]

STORIES = "annotator:stories"
FORMAT_OPTIONS = {
    "base": "IRI prefix for stories and annotations (default urn:annotator:)",
    "label": "the collection's label",
    "embed_text": "true (default): include the story texts, so the file can be imported back",
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
        body.append(
            {"type": "TextualBody", "purpose": "classifying", "annotator:attribute": name, "value": _text(value)}
        )
    if span.note:
        body.append({"type": "TextualBody", "purpose": "commenting", "value": span.note})
    pieces = [_resource(story, text, s, e) for s, e in span.fragments]
    anno: dict[str, Any] = {
        "id": f"{base}span/{span.id}",
        "type": "Annotation",
        "motivation": "tagging",
        "body": body,
        "target": pieces[0] if len(pieces) == 1 else pieces,
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
    embed_text: bool | str = True,
    **options: Any,
) -> Report:
    no_other_options("w3c", options, FORMAT_OPTIONS)
    embed_text = flag(embed_text, "embed_text")
    report = Report()
    head = {
        "@context": _context(),
        "type": "AnnotationCollection",
        "label": label or f"annotator export ({schema.name} schema {schema.fingerprint()})",
    }
    dumps = lambda obj: json.dumps(obj, ensure_ascii=False, indent=None)  # noqa: E731
    # Story texts stream into a side file and follow the annotations, so memory stays flat.
    with (
        open(Path(dest), "w", encoding="utf-8", newline="\n") as fh,
        tempfile.TemporaryFile("w+", encoding="utf-8") as side,
    ):
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
            if embed_text:
                side.write("" if report.documents == 1 else ",\n")
                side.write(dumps(story_resource(doc, story)))
            for item in items:
                fh.write("" if first else ",\n")
                fh.write(dumps(item))
                first = False
        fh.write(f'\n]}}, "total": {report.spans + report.relations}')
        if embed_text:
            fh.write(f', "{STORIES}": [\n')
            side.seek(0)
            shutil.copyfileobj(side, fh)
            fh.write("\n]")
        fh.write("}\n")
    if not embed_text:
        report.notes.append("story texts not embedded: the file cannot be imported back on its own")
    return report


def story_resource(doc: AnnotatedDocument, iri: str) -> dict[str, Any]:
    """A story as a Text resource with its normalised text (our extension terms)."""
    d = doc.document
    return {
        "id": iri,
        "type": "Text",
        "format": "text/plain",
        "annotator:id": d.id,
        "annotator:title": d.title,
        "annotator:sha256": d.sha256,
        "annotator:meta": json.dumps(d.meta, ensure_ascii=False, sort_keys=True),
        "annotator:text": d.text,
    }


FORMAT = Format(
    name="w3c",
    title="W3C Web Annotation JSON-LD (.jsonld)",
    extensions=(".jsonld",),
    carries=Capabilities(),
    write=write,
    read=read,
    sniff=sniff,
    offsets="code points (TextPositionSelector) + TextQuoteSelector",
    options=FORMAT_OPTIONS,
)
