"""CSV, one row per span: for spreadsheets, pandas and Hugging Face ``datasets``.

Offsets are code points into the story's normalised text (``start``, ``end`` are
the outer bounds; ``fragments`` holds every piece as JSON). Each attribute the
schema defines gets its own ``attr_<name>`` column, and ``attributes`` repeats
them all as JSON (also any attribute the schema does not know). Links are listed
on both ends: ``links_out`` / ``links_in`` hold ``type:span_id`` items joined by
``"; "``. Written as UTF-8 with a header row and RFC 4180 quoting (CRLF row ends,
fields with quotes, commas or newlines quoted), which ``pandas.read_csv`` and
``datasets.load_dataset("csv", ...)`` read with their default arguments. (pandas
by default turns cells such as ``NA`` or ``None`` into missing values and ``001``
into a number; ``pd.read_csv(path, dtype=str, keep_default_na=False)`` keeps
every cell as written.)

Formula injection: a spreadsheet runs a cell that begins with ``=``, ``+``,
``-`` or ``@`` (and, in some, a tab or carriage return) as a formula, and titles,
span texts, notes and sources come from stories and teammates' files. Such a
cell is written with a leading apostrophe, as OWASP advises and as spreadsheet
users type themselves: Excel and LibreOffice show the text without it and run
nothing (the export says how many cells). Programs that need the exact text use
``raw=true`` (cells as they are) or the native format.

Stories without spans have no row (reported). Export only: a spreadsheet is not
a safe place to keep the story text, so there is nothing to read back.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Span
from annotator.core.schema import Schema

from .base import Capabilities, Format, Report
from .imported import flag, no_other_options

__all__ = ["FORMAT", "write", "columns"]

BASE_COLUMNS = (
    "doc_id",
    "doc_title",
    "span_id",
    "label",
    "start",
    "end",
    "fragments",
    "text",
)
FORMAT_OPTIONS = {
    "excel_bom": "true: start with a byte-order mark so Excel opens the file as UTF-8",
    "raw": "true: cells exactly as the text is (no apostrophe before a leading = + - @; for programs)",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TAIL_COLUMNS = (
    "attributes",
    "note",
    "annotator",
    "origin",
    "created",
    "updated",
    "links_out",
    "links_in",
)


def attribute_names(schema: Schema) -> list[str]:
    """Every attribute name of the schema, in schema order, each once."""
    names: list[str] = []
    for label in schema.labels:
        for adef in label.attributes:
            if adef.name not in names:
                names.append(adef.name)
    for adef in schema.span_attributes:
        if adef.name not in names:
            names.append(adef.name)
    return names


def columns(schema: Schema) -> list[str]:
    return [*BASE_COLUMNS, *(f"attr_{n}" for n in attribute_names(schema)), *TAIL_COLUMNS]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def defused(cell: str) -> str:
    """The cell as a spreadsheet shows it without running it: a leading apostrophe before
    a formula character (OWASP's advice for CSV injection)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _row(doc: AnnotatedDocument, span: Span, attrs: list[str], out_links: list[str], in_links: list[str]) -> list[str]:
    row = [
        doc.document.id,
        doc.document.title,
        span.id,
        span.label,
        str(span.start),
        str(span.end),
        _json([list(f) for f in span.fragments]),
        span.text,
    ]
    row += [_cell(span.attributes.get(name)) for name in attrs]
    row += [
        _json(span.attributes) if span.attributes else "",
        span.note,
        span.annotator,
        span.origin,
        span.created,
        span.updated,
        "; ".join(out_links),
        "; ".join(in_links),
    ]
    return row


def write(
    documents: Iterable[AnnotatedDocument],
    schema: Schema,
    dest: Path,
    *,
    excel_bom: bool | str = False,
    raw: bool | str = False,
    **options: Any,
) -> Report:
    """Write one row per span. ``excel_bom`` prefixes a BOM so Excel detects UTF-8;
    ``raw`` leaves cells that start like a formula as they are."""
    no_other_options("csv", options, FORMAT_OPTIONS)
    excel_bom = flag(excel_bom, "excel_bom")
    raw = flag(raw, "raw")
    defused_cells = 0
    report = Report()
    attrs = attribute_names(schema)
    known = set(attrs)
    empty_stories = 0
    unknown_attr_spans = 0
    encoding = "utf-8-sig" if excel_bom else "utf-8"
    with open(Path(dest), "w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(columns(schema))
        for doc in documents:
            report.documents += 1
            if not doc.spans:
                empty_stories += 1
            out_links: dict[str, list[str]] = defaultdict(list)
            in_links: dict[str, list[str]] = defaultdict(list)
            for rel in doc.relations:
                out_links[rel.source].append(f"{rel.type}:{rel.target}")
                in_links[rel.target].append(f"{rel.type}:{rel.source}")
                report.relations += 1
            for span in sorted(doc.spans, key=lambda s: (s.start, s.end, s.label, s.id)):
                if set(span.attributes) - known:
                    unknown_attr_spans += 1
                row = _row(doc, span, attrs, out_links[span.id], in_links[span.id])
                if not raw:
                    safe = [defused(cell) for cell in row]
                    defused_cells += sum(1 for a, b in zip(row, safe, strict=True) if a is not b)
                    row = safe
                writer.writerow(row)
                report.spans += 1
    if empty_stories:
        report.notes.append(f"{empty_stories} stories without spans have no row in the CSV")
    if defused_cells:
        report.notes.append(
            f"{defused_cells} cells begin with = + - @ (or a tab or CR) and start with ' so spreadsheets "
            "show them as text instead of running them; --option raw=true writes them as they are"
        )
    if unknown_attr_spans:
        report.notes.append(
            f"{unknown_attr_spans} spans have attributes the schema does not define: "
            "they are only in the 'attributes' JSON column"
        )
    return report


FORMAT = Format(
    name="csv",
    title="CSV, one row per span (.csv)",
    extensions=(".csv",),
    carries=Capabilities(),
    write=write,
    read=None,
    offsets="code points",
    options=FORMAT_OPTIONS,
)
