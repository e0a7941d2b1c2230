"""WebAnno TSV 3.3, the text exchange format of WebAnno and INCEpTION.

One ``.tsv`` file per story, written into a folder (INCEpTION imports one
document per file). Offsets in the file count UTF-16 code units, as Java does
(the format's spec and its ``testSentenceWithEmoji`` fixture: 😊 takes two
units); they are converted with :class:`~annotator.core.text.Utf16Map`.

Layers. INCEpTION only imports layers the project already has, so everything
sits on two custom layers the user creates once (names can be changed with the
``layer`` / ``relation_layer`` options):

``webanno.custom.NewsSpan`` (span layer; in INCEpTION's layer settings: overlap
"any", granularity "character-level", "allow crossing sentence boundaries")
    features ``label`` (the label name), one string feature per schema attribute,
    ``note`` and ``annotator``. INCEpTION refuses some feature names (``type``,
    ``begin``, ``end``...): such an attribute's feature gets a trailing ``_``
    (``type_``), which a re-import takes off.
``webanno.custom.NewsLink`` (relation layer over ``NewsSpan``)
    feature ``label`` (the relation type).

Text and sentences. Sentences end at line breaks and full stops
(:mod:`.sentences`; spans may cross them). Like WebAnno's own reader, a
reader appends a line feed after each sentence and pads a gap to the next
sentence with spaces; the writer chooses sentence ends so that this rebuilds the
exact text (a paragraph break's extra newlines stay inside the sentence as empty
``#Text=`` lines). WebAnno's reader also keeps the line feed after the last
sentence; ours takes it off again. Only whitespace other than spaces before the
first word cannot be recorded (reported). Span boundaries inside a word become sub-token rows (``1-3.1``), so
any span survives exactly; a span that starts or ends on whitespace is trimmed
(reported). Discontinuous spans are written as one annotation per fragment
(reported); their links attach to the first fragment.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from annotator.core.model import AnnotatedDocument, Span
from annotator.core.schema import Schema
from annotator.core.text import Utf16Map
from annotator.core.tokens import token_spans, trim

from .base import Capabilities, Format, FormatError, Report
from .imported import no_other_options, safe_file_stem
from .sentences import sentence_ends
from .webanno_escaping import attribute_name, escape_text, escape_value, feature_name
from .webanno_tsv_read import read, sniff

__all__ = ["FORMAT", "write", "SPAN_LAYER", "RELATION_LAYER", "span_features"]

SPAN_LAYER = "webanno.custom.NewsSpan"
RELATION_LAYER = "webanno.custom.NewsLink"
HEADER = "#FORMAT=WebAnno TSV 3.3"
FORMAT_OPTIONS = {
    "layer": f"span layer name (default {SPAN_LAYER})",
    "relation_layer": f"relation layer name (default {RELATION_LAYER})",
    "layers": "import only: layers to read (comma-separated; default all but POS, lemma, dependency...)",
}


def span_features(schema: Schema) -> list[tuple[str, str]]:
    """(feature name in the file, what it holds): "label", "note", "annotator" or "attr:<name>"."""
    out: list[tuple[str, str]] = [("label", "label")]
    seen: set[str] = set()
    for label in schema.labels:
        for adef in label.attributes:
            if adef.name not in seen:
                seen.add(adef.name)
                out.append((feature_name(adef.name), f"attr:{adef.name}"))
    out += [("note", "note"), ("annotator", "annotator")]
    return out


@dataclass
class _Anno:
    span: Span
    start: int
    end: int
    units: list[tuple[int, int, int]] = field(default_factory=list)  # (token, begin, end) cp
    dis_id: int | None = None
    cells: list[str] = field(default_factory=list)  # one value per feature column, with [id]


@dataclass
class _Layout:
    """Tokens, sentences and which annotation sits on which unit, for one story."""

    tokens: list[tuple[int, int]]
    sentences: list[tuple[int, int, int, int]]  # (first token, end token, text start, text end)
    subunits: dict[int, list[tuple[int, int]]]  # token -> sorted sub-token ranges
    on_unit: dict[tuple[int, int, int], list[_Anno]]  # (token, begin, end) -> annotations


def _sentences(text: str, tokens: list[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    out: list[tuple[int, int, int, int]] = []
    ends = sentence_ends(text, tokens)
    first = 0
    for k in range(len(tokens)):
        if not ends[k]:
            continue
        begin = tokens[first][0]
        if k + 1 == len(tokens):
            end = len(text)  # trailing whitespace stays with the last sentence
        else:
            gap = text[tokens[k][1] : tokens[k + 1][0]]
            nl = gap.rfind("\n")
            # The reader adds one LF after a sentence, drops it if the next sentence starts
            # right there, and pads spaces up to it: end where that rebuilds the gap.
            end = tokens[k][1] + nl if nl >= 0 and gap[nl + 1 :].strip(" ") == "" else tokens[k + 1][0]
        out.append((first, k + 1, begin, end))
        first = k + 1
    return out


def _layout(doc: AnnotatedDocument, report: Report, losses: dict[str, int]) -> tuple[_Layout, dict[str, _Anno]]:
    text = doc.document.text
    tokens = token_spans(text)
    starts = [s for s, _ in tokens]
    annos: list[_Anno] = []
    first_piece: dict[str, _Anno] = {}
    for span in sorted(doc.spans, key=lambda s: (s.start, -s.end, s.label, s.id)):
        if len(span.fragments) > 1:
            losses["discontinuous span written as one annotation per fragment"] += 1
        trimmed = False
        for s, e in span.fragments:
            ts, te = trim(text, s, e)
            if (ts, te) != (s, e):
                trimmed = True
            if ts >= te:
                continue
            anno = _Anno(span, ts, te)
            i = bisect_right(starts, ts) - 1
            j = bisect_left(starts, te)
            for k in range(max(i, 0), j):
                b, e2 = tokens[k]
                lo, hi = max(b, ts), min(e2, te)
                if lo < hi:
                    anno.units.append((k, lo, hi))
            if not anno.units:
                continue
            annos.append(anno)
            first_piece.setdefault(span.id, anno)
        if trimmed:
            losses["span boundary on whitespace, trimmed to the words"] += 1
        if span.id not in first_piece:
            losses["span covering only whitespace left out"] += 1
    subunits: dict[int, set[tuple[int, int]]] = defaultdict(set)
    on_unit: dict[tuple[int, int, int], list[_Anno]] = defaultdict(list)
    for anno in annos:
        for unit in anno.units:
            k, b, e = unit
            if (b, e) != tokens[k]:
                subunits[k].add((b, e))
            on_unit[unit].append(anno)
    next_id = 1
    for anno in annos:
        stacked = any(len(on_unit[u]) > 1 for u in anno.units)
        if len(anno.units) > 1 or stacked:
            anno.dis_id = next_id
            next_id += 1
    report.spans += len(first_piece)
    layout = _Layout(
        tokens=tokens,
        sentences=_sentences(text, tokens),
        subunits={k: sorted(v) for k, v in subunits.items()},
        on_unit=on_unit,
    )
    return layout, first_piece


def _value(value: Any) -> str:
    if value is None or value == "":
        return "*"
    if isinstance(value, bool):
        return "true" if value else "false"
    return escape_value(str(value))


def _cells(anno: _Anno, features: list[tuple[str, str]]) -> list[str]:
    span = anno.span
    suffix = "" if anno.dis_id is None else f"[{anno.dis_id}]"
    out = []
    for _, source in features:
        if source == "label":
            value: Any = span.label
        elif source == "note":
            value = span.note
        elif source == "annotator":
            value = span.annotator
        else:
            value = span.attributes.get(source[5:])
        out.append(_value(value) + suffix)
    return out


def _write_story(
    fh: TextIO,
    doc: AnnotatedDocument,
    features: list[tuple[str, str]],
    report: Report,
    losses: dict[str, int],
    layers: tuple[str, str],
) -> None:
    text = doc.document.text
    layout, first_piece = _layout(doc, report, losses)
    u16 = Utf16Map(text)
    if layout.tokens and text[: layout.tokens[0][0]].strip(" "):  # spaces come back as padding
        losses["whitespace before the first word not carried"] += 1
    if not layout.tokens and text:
        losses["story without a single word (text not carried)"] += 1

    # unit ids, so relations can point at the unit where an annotation starts
    unit_ids: dict[tuple[int, int, int], str] = {}
    for n, (first, end_tok, _, _) in enumerate(layout.sentences, start=1):
        for pos, k in enumerate(range(first, end_tok), start=1):
            unit_ids[(k, *layout.tokens[k])] = f"{n}-{pos}"
            for sub_n, (b, e) in enumerate(layout.subunits.get(k, ()), start=1):
                unit_ids[(k, b, e)] = f"{n}-{pos}.{sub_n}"

    relations_at: dict[tuple[int, int, int], list[tuple[str, str]]] = defaultdict(list)
    for rel in doc.relations:
        src, tgt = first_piece.get(rel.source), first_piece.get(rel.target)
        if src is None or tgt is None:
            losses["link to a span that was not written left out"] += 1
            continue
        ref = unit_ids[src.units[0]]
        if src.dis_id is not None or tgt.dis_id is not None:
            ref += f"[{src.dis_id or 0}_{tgt.dis_id or 0}]"
        relations_at[tgt.units[0]].append((_value(rel.type), ref))
        report.relations += 1

    names = "|".join(name for name, _ in features)
    span_layer, link_layer = layers
    fh.write(f"{HEADER}\n#T_SP={span_layer}|{names}\n#T_RL={link_layer}|label|BT_{span_layer}\n\n\n")

    empty = ["_"] * len(features)

    def row(unit: tuple[int, int, int]) -> str:
        k, b, e = unit
        cells = [unit_ids[unit], f"{u16.cp_to_utf16(b)}-{u16.cp_to_utf16(e)}", text[b:e]]
        annos = layout.on_unit.get(unit)
        if not annos:
            cells += empty
        else:
            for anno in annos:
                if not anno.cells:
                    anno.cells = _cells(anno, features)
            cells += ["|".join(anno.cells[f] for anno in annos) for f in range(len(features))]
        rels = relations_at.get(unit, [])
        cells.append("|".join(t for t, _ in rels) if rels else "_")
        cells.append("|".join(r for _, r in rels) if rels else "_")
        return "\t".join(cells) + "\t\n"

    for n, (first, end_tok, begin, end) in enumerate(layout.sentences):
        if n:
            fh.write("\n")
        for line in text[begin:end].split("\n"):
            fh.write(f"#Text={escape_text(line)}\n")
        for k in range(first, end_tok):
            fh.write(row((k, *layout.tokens[k])))
            for b, e in layout.subunits.get(k, ()):
                fh.write(row((k, b, e)))


def write(
    documents: Iterable[AnnotatedDocument],
    schema: Schema,
    dest: Path,
    *,
    layer: str = SPAN_LAYER,
    relation_layer: str = RELATION_LAYER,
    **options: Any,
) -> Report:
    """Write ``<story id>.tsv`` files into the folder ``dest`` (created if needed)."""
    no_other_options("webanno", options, ("layer", "relation_layer"))
    for name in (layer, relation_layer):
        if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", name):
            raise FormatError(f"{name!r} is not a layer name (dotted Java-style, e.g. webanno.custom.Quote)")
    dest = Path(dest)
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FormatError(f"cannot create the export folder ({exc.strerror})", path=dest) from None
    report = Report()
    losses: dict[str, int] = defaultdict(int)
    features = span_features(schema)
    known = {source[5:] for _, source in features if source.startswith("attr:")}
    renamed = [
        (source[5:], name)
        for name, source in features
        if source.startswith("attr:") and attribute_name(name) != source[5:]
    ]
    taken: set[str] = set()
    unknown_attrs = 0
    for doc in documents:
        report.documents += 1
        for span in doc.spans:
            if set(span.attributes) - known:
                unknown_attrs += 1
        stem = safe_file_stem(doc.document.id, taken)
        with open(dest / f"{stem}.tsv", "w", encoding="utf-8", newline="\n") as fh:
            _write_story(fh, doc, features, report, losses, (layer, relation_layer))
    if unknown_attrs:
        losses["attribute the schema does not define (no feature column)"] += unknown_attrs
    for reason, n in losses.items():
        report.drop(reason, n)
    report.notes.append("story titles and metadata are not carried: each file is named after its story id")
    if renamed:
        report.drop(
            "attribute name INCEpTION does not allow, renamed: " + ", ".join(f"{a} -> {f}" for a, f in renamed),
            len(renamed),
        )
    report.notes.append(
        f"INCEpTION needs a span layer {layer} with string features "
        f"{', '.join(name for name, _ in features)} and a relation layer {relation_layer} (feature label) over it"
    )
    return report


FORMAT = Format(
    name="webanno",
    title="WebAnno TSV 3.3 for INCEpTION (folder of .tsv)",
    extensions=(".tsv",),
    carries=Capabilities(fragments=False),
    write=write,
    read=read,
    sniff=sniff,
    dest_is_dir=True,
    offsets="UTF-16 code units",
    options=FORMAT_OPTIONS,
)
