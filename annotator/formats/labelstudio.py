"""Label Studio JSON: a list of tasks with ``data.text`` and ``annotations[].result[]``.

Each span is a region ``{"id", "from_name": "label", "to_name": "text", "type":
"labels", "value": {"start", "end", "text", "labels": [LABEL]}}``. Attributes are
per-region results carrying the region's id (what Label Studio writes for
controls with ``perRegion="true"``): ``"type": "choices"`` with
``value.choices`` for choice and yes/no attributes, ``"type": "textarea"`` with
``value.text`` for free text; the control is named after the attribute, and the
span's note is a textarea named ``note``. Links are ``{"type": "relation",
"from_id", "to_id", "direction": "right", "labels": [TYPE]}``. Each annotator's
work is one entry of ``annotations``; the name is in ``created_username`` (as
Label Studio's own export has it), read back from there or from
``completed_by``. ``predictions`` are imported as suggestions. The matching
labeling config names its controls ``label`` (Labels), one Choices/TextArea per
attribute, and ``text`` (Text).

Offsets. Label Studio's text regions counted JavaScript string indices (UTF-16
code units) until its front end was changed to store code points (label-studio
PR #1559 / label-studio-frontend PR #308, released in 2022; issues #1008, #1347
show the old behaviour, #4988 (1.9) the new one: exports correct, only display
off). We write code points. Reading trusts each region's ``value.text``: the
offsets are taken as code points, and if the text does not match there but does
as UTF-16 units (a file from an older Label Studio), they are converted and the
import says so; if neither matches, the file is refused naming the region.

Regions are contiguous, so a span with several fragments becomes one region per
fragment (reported as approximated); its attributes and note ride on the first.

The export is a JSON array with one task per line, so it is read back as a stream
(with line numbers in errors); Label Studio's own pretty-printed exports, a single
task object, and JSON Lines of tasks are read too.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

from annotator.core.model import AnnotatedDocument
from annotator.core.schema import Schema

from .base import Capabilities, Format, Report
from .labelstudio_read import read, sniff

__all__ = ["FORMAT", "write", "read", "sniff"]


def _region(rid: str, start: int, end: int, text: str) -> dict[str, Any]:
    return {"start": start, "end": end, "text": text}


def _result(item: AnnotatedDocument, spans: list, schema: Schema, report: Report) -> list[dict[str, Any]]:
    text = item.document.text
    out: list[dict[str, Any]] = []
    first_region: dict[str, str] = {}
    for sp in spans:
        for k, (s, e) in enumerate(sp.fragments):
            rid = sp.id if k == 0 else f"{sp.id}-{k + 1}"
            if k == 0:
                first_region[sp.id] = rid
            value = {**_region(rid, s, e, text[s:e]), "labels": [sp.label]}
            out.append(
                {
                    "id": rid,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                    "value": value,
                }
            )
        if len(sp.fragments) > 1:
            report.drop("spans with several fragments, written as one region per fragment")
        s, e = sp.fragments[0]
        lb = schema.label(sp.label)
        for key, val in sorted(sp.attributes.items()):
            adef = lb.attribute(key) if lb is not None else None
            if adef is not None and adef.type == "text" or (adef is None and not isinstance(val, bool)):
                rtype, field = "textarea", {"text": [str(val)]}
            else:
                shown = ("true" if val else "false") if isinstance(val, bool) else str(val)
                rtype, field = "choices", {"choices": [shown]}
            out.append(
                {
                    "id": sp.id,
                    "from_name": key,
                    "to_name": "text",
                    "type": rtype,
                    "origin": "manual",
                    "value": {**_region(sp.id, s, e, text[s:e]), **field},
                }
            )
        if sp.note:
            out.append(
                {
                    "id": sp.id,
                    "from_name": "note",
                    "to_name": "text",
                    "type": "textarea",
                    "origin": "manual",
                    "value": {**_region(sp.id, s, e, text[s:e]), "text": [sp.note]},
                }
            )
    return out


def _task(item: AnnotatedDocument, schema: Schema, report: Report, task_id: int) -> dict[str, Any]:
    doc = item.document
    by_annotator: dict[str, list] = {}
    for sp in sorted(item.spans, key=lambda s: (s.start, s.end, s.label, s.id)):
        by_annotator.setdefault(sp.annotator, []).append(sp)
    for rel in item.relations:
        by_annotator.setdefault(rel.annotator, [])
    owner = {sp.id: sp.annotator for sp in item.spans}
    fragmented = {sp.id for sp in item.spans if len(sp.fragments) > 1}
    ends_moved = sum(1 for r in item.relations if r.source in fragmented or r.target in fragmented)
    if ends_moved:
        report.drop("links to spans with several fragments, pointing at the region of the first fragment", ends_moved)
    annotations = []
    for n, (name, spans) in enumerate(sorted(by_annotator.items()), 1):
        result = _result(item, spans, schema, report)
        for rel in sorted(item.relations, key=lambda r: r.id):
            # A link lives in the annotation holding its spans (Label Studio links regions
            # of one annotation); a link across annotators' layers cannot be written.
            if owner.get(rel.source) == name and owner.get(rel.target) == name:
                result.append(
                    {
                        "type": "relation",
                        "from_id": rel.source,
                        "to_id": rel.target,
                        "direction": "right",
                        "labels": [rel.type],
                    }
                )
            elif (rel.annotator or "") == name:
                report.drop("links between different annotators' spans")
        annotations.append({"id": n, "created_username": name, "ground_truth": False, "result": result})
    data: dict[str, Any] = {"text": doc.text, "story_id": doc.id, "title": doc.title}
    data.update({k: v for k, v in doc.meta.items() if k not in data and isinstance(v, (str, int, float, bool))})
    # Label Studio's own exports, and the SDK's converters, key every task by its "id".
    return {"id": task_id, "data": data, "annotations": annotations, "predictions": []}


def write(documents: Iterable[AnnotatedDocument], schema: Schema, dest: Path, **options: Any) -> Report:
    """A JSON array of tasks, streamed one task at a time."""
    report = Report()
    with open(dest, "wb") as fh:
        fh.write(b"[\n")
        first = True
        for item in documents:
            if not first:
                fh.write(b",\n")
            first = False
            fh.write(orjson.dumps(_task(item, schema, report, report.documents + 1)))
            report.documents += 1
            report.spans += len(item.spans)
            report.relations += len(item.relations)
        fh.write(b"\n]\n")
    report.notes.append(
        'Label Studio config: <Labels name="label" toName="text">, one perRegion Choices/TextArea '
        'per attribute (and "note"), <Text name="text" value="$text"/>'
    )
    return report


FORMAT = Format(
    name="labelstudio",
    title="Label Studio JSON (tasks with annotations)",
    extensions=(".json",),
    carries=Capabilities(fragments=False),
    write=write,
    read=read,
    sniff=sniff,
    offsets="code points (UTF-16 from older Label Studio detected from region text)",
)
