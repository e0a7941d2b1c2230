"""Reading WebAnno TSV 3.x files (INCEpTION/WebAnno exports and our own).

The text is rebuilt the way WebAnno's reader does it: the ``#Text=`` lines of a
sentence joined by line feeds, one line feed after each sentence, removed again
when the next sentence starts right there, and a gap up to the next sentence's
first token padded with spaces. The one line feed after the last sentence is
not kept. Offsets are UTF-16 units, converted to code points; every token row's
text must equal the slice of the rebuilt text at its offsets. A CRLF document's
carriage returns (kept by INCEpTION as ``\r``) are normalised away like any
story's, and the offsets after them moved back.

Every span layer becomes spans: the label is the ``label``, ``value`` or ``tag``
feature if the layer has one and it is set, else the layer's short name; the
other features become attributes (``note`` and ``annotator`` fill those
fields). A multi-unit annotation (``X[3]`` on several rows) covers its first to
its last unit. Relation layers become links between the spans of their base
layer. Zero-length annotations, chain layers, slot features and relations
between bare tokens cannot be represented and are reported.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Relation, Span, new_id, now_iso
from annotator.core.text import Utf16Map, normalise

from .base import FormatError, ReadResult, Report
from .imported import make_document, make_span, no_other_options
from .webanno_escaping import attribute_name, split_id, split_stack, unescape_text, unescape_value

__all__ = ["read", "sniff"]

_UNIT_ID = re.compile(r"^(\d+)-(\d+)(?:\.(\d+))?$")
_OFFSETS = re.compile(r"^(\d+)-(\d+)$")
_REF = re.compile(r"^(\d+-\d+(?:\.\d+)?)(?:\[(\d+)_(\d+)\])?$")
_LABEL_FEATURES = ("label", "value", "tag", "type", "name")
MAX_BYTES = 512 * 2**20
_LINGUISTIC = tuple(
    f"de.tudarmstadt.ukp.dkpro.core.api.{pkg}." for pkg in ("lexmorph", "segmentation", "syntax", "morph")
)


@dataclass
class _Column:
    layer: str
    kind: str  # span | chain | relation
    feature: str  # feature name, "" for a placeholder, "@ref" for a relation's source column, "@slot"


@dataclass
class _Layer:
    name: str
    kind: str
    features: list[str]
    base: str = ""  # relation layers: the layer they link


@dataclass
class _Unit:
    uid: str
    b16: int
    e16: int
    text: str
    line: int


@dataclass
class _Item:
    """One span or relation annotation being collected from the rows."""

    layer: str
    units: list[_Unit] = field(default_factory=list)
    features: dict[str, str | None] = field(default_factory=dict)
    ref: tuple[str, int, int] | None = None  # relation: source unit id, source id, target id
    line: int = 0
    dis: int = 0  # its [id] (0: a single-token annotation written without one)


def sniff(path: Path, head: bytes) -> bool:
    """A WebAnno TSV 3 file, or a folder (an export or INCEpTION's) whose .tsv files are."""
    if path.is_dir():
        first = next(iter(sorted(p for p in path.iterdir() if p.suffix.lower() == ".tsv")), None)
        if first is None:
            return False
        try:
            with open(first, "rb") as fh:
                head = fh.read(64)
        except OSError:
            return False
    return head.lstrip(b"\xef\xbb\xbf").startswith(b"#FORMAT=WebAnno TSV 3")


def _header(path: Path, lines: list[str]) -> tuple[list[_Layer], list[_Column], int]:
    first = lines[0].lstrip("\ufeff") if lines else ""
    if not first.startswith("#FORMAT=WebAnno TSV 3"):
        raise FormatError(
            "not a WebAnno TSV 3 file (the first line must be #FORMAT=WebAnno TSV 3.x)", path=path, line=1
        )
    layers: list[_Layer] = []
    columns: list[_Column] = []
    n = 1
    while n < len(lines) and lines[n].startswith("#T_"):
        kind_code, _, decl = lines[n][3:].partition("=")
        parts = decl.split("|")
        name = parts[0]
        if kind_code == "SP":
            layer = _Layer(name, "span", [])
            feats = parts[1:]
            i = 0
            while i < len(feats):
                if feats[i].startswith("ROLE_"):
                    columns += [_Column(name, "span", "@slot"), _Column(name, "span", "@slot-target")]
                    i += 2  # the role column and the column of its target type
                    continue
                layer.features.append(feats[i])
                columns.append(_Column(name, "span", feats[i]))
                i += 1
            if not feats:
                columns.append(_Column(name, "span", ""))
        elif kind_code == "CH":
            layer = _Layer(name, "chain", parts[1:])
            columns += [_Column(name, "chain", "@chain"), _Column(name, "chain", "@chain-link")]
        elif kind_code == "RL":
            feats = [f for f in parts[1:] if not f.startswith("BT_")]
            base = next((f[3:] for f in parts[1:] if f.startswith("BT_")), "")
            layer = _Layer(name, "relation", feats, base)
            columns += [_Column(name, "relation", f) for f in feats] or [_Column(name, "relation", "")]
            columns.append(_Column(name, "relation", "@ref"))
        else:
            raise FormatError(f"unknown layer declaration {lines[n]!r}", path=path, line=n + 1)
        layers.append(layer)
        n += 1
    return layers, columns, n


def _label_feature(layer: _Layer) -> str | None:
    """The feature that names an annotation: label/value/tag/..., else a ...Value one
    (DKPro's PosValue), else a layer's only feature."""
    by_lower = {f.lower(): f for f in layer.features}
    for name in _LABEL_FEATURES:
        if name in by_lower:
            return by_lower[name]
    ending = [f for f in layer.features if f.lower().endswith("value")]
    if ending:
        return ending[0]
    return layer.features[0] if len(layer.features) == 1 else None


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


def _wanted(layers: str | Iterable[str] | None) -> Callable[[str], bool]:
    """Which layers to import: the named ones (full or short names), or all but DKPro's
    linguistic preprocessing (POS, lemmas, tokens, dependencies...)."""
    if layers is None:
        return lambda name: not name.startswith(_LINGUISTIC)
    names = {n.strip() for n in (layers.split(",") if isinstance(layers, str) else layers) if n.strip()}
    return lambda name: name in names or _short(name) in names


def _read_one(path: Path, report: Report, wanted: Callable[[str], bool]) -> AnnotatedDocument:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise FormatError(
                f"the file is {size // 2**20} MB; a WebAnno TSV file holds one document and is read whole "
                f"(at most {MAX_BYTES // 2**20} MB)",
                path=path,
            )
        raw = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"cannot read the file ({exc.strerror})", path=path) from None
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError("not UTF-8 text", path=path, line=raw[: exc.start].count(b"\n") + 1) from None
    # Split on LF only: a #Text line may hold other (escaped or raw) line separators.
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in content.split("\n")]
    layers, columns, n = _header(path, lines)
    by_name = {layer.name: layer for layer in layers}

    text_parts: list[str] = []
    u16_len = 0
    sentence_lines: list[str] | None = []
    units: list[_Unit] = []
    spans_at: dict[tuple[str, str], list[_Item]] = defaultdict(list)  # (layer, unit id) -> stack
    by_dis: dict[tuple[str, int], _Item] = {}
    items: list[_Item] = []
    relations: list[_Item] = []
    skipped: dict[str, int] = defaultdict(int)

    def append(s: str) -> None:
        nonlocal u16_len
        text_parts.append(s)
        u16_len += len(s) + sum(1 for ch in s if ord(ch) > 0xFFFF)

    for number in range(n + 1, len(lines) + 1):
        line = lines[number - 1]
        if not line.strip("\t "):
            continue
        if line.startswith("#Text="):
            if sentence_lines is None:
                sentence_lines = []
            sentence_lines.append(unescape_text(line[6:]))
            continue
        if line.startswith("#"):
            continue  # #Sentence.id= and other sentence header lines
        fields = line.split("\t")
        m_id = _UNIT_ID.match(fields[0])
        m_off = _OFFSETS.match(fields[1]) if len(fields) > 1 else None
        if not m_id or not m_off or len(fields) < 3 + len(columns):
            raise FormatError(
                f"expected a token row with {3 + len(columns)} tab-separated columns, found {line[:80]!r}",
                path=path,
                line=number,
            )
        b16, e16 = int(m_off.group(1)), int(m_off.group(2))
        if sentence_lines is not None:  # first row of a sentence: place its text
            if u16_len > b16:
                if u16_len != b16 + 1 or not text_parts or not text_parts[-1].endswith("\n"):
                    raise FormatError(f"sentence starts at {b16}, inside the previous sentence", path=path, line=number)
                text_parts[-1] = text_parts[-1][:-1]
                u16_len -= 1
            elif u16_len < b16:
                append(" " * (b16 - u16_len))
            append("\n".join(sentence_lines) + "\n")
            sentence_lines = None
        if e16 < b16 or e16 > u16_len:
            raise FormatError(f"offsets {b16}-{e16} lie outside the sentence text", path=path, line=number)
        unit = _Unit(fields[0], b16, e16, fields[2], number)
        units.append(unit)
        row_stacks: dict[str, list[_Item]] = {}
        for col, raw_value in zip(columns, fields[3 : 3 + len(columns)], strict=True):
            if raw_value in ("_", ""):
                continue
            if col.feature in ("@slot", "@chain"):
                reason = "slot feature value" if col.feature == "@slot" else "coreference chain link"
                skipped[f"{reason} not imported"] += len(split_stack(raw_value))
                continue
            if col.feature in ("@slot-target", "@chain-link"):
                continue
            for index, stacked in enumerate(split_stack(raw_value)):
                value, dis = split_id(stacked)
                stack = row_stacks.get(col.layer)  # annotations of this layer on this row, by index
                if stack is None:
                    stack = row_stacks[col.layer] = spans_at[(col.layer, unit.uid)]
                if col.kind == "span":
                    # A value with an [id] is that annotation, wherever it stands in the stack
                    # (GUM's and INCEpTION's readers match by id; columns need not list a row's
                    # annotations in one order, or all of them). Only a value without one is
                    # taken by its place among this row's annotations.
                    dis_n = int(dis) if dis and dis.isdigit() else 0
                    if dis_n:
                        item = by_dis.get((col.layer, dis_n))
                    else:
                        item = stack[index] if index < len(stack) and not stack[index].dis else None
                    if item is None:
                        item = _Item(col.layer, line=number, dis=dis_n)
                        items.append(item)
                    if dis_n:
                        by_dis[(col.layer, dis_n)] = item
                    if not any(other is item for other in stack):
                        stack.append(item)
                    if not item.units or item.units[-1] is not unit:
                        item.units.append(unit)
                    if col.feature:
                        item.features[col.feature] = None if value == "*" else unescape_value(value)
                else:  # relation
                    item = stack[index] if index < len(stack) else None
                    if item is None:
                        item = _Item(col.layer, units=[unit], line=number)
                        stack.append(item)
                        relations.append(item)
                    if col.feature == "@ref":
                        m_ref = _REF.match(stacked)  # its [source_target] ids are not a disambiguation id
                        if not m_ref:
                            raise FormatError(f"bad relation source {stacked!r}", path=path, line=number)
                        item.ref = (m_ref.group(1), int(m_ref.group(2) or 0), int(m_ref.group(3) or 0))
                    elif col.feature:
                        item.features[col.feature] = None if value == "*" else unescape_value(value)
    if sentence_lines:  # a sentence without token rows: keep its text
        append("\n".join(sentence_lines) + "\n")
    text = "".join(text_parts)
    if text.endswith("\n"):
        text = text[:-1]
    u16 = Utf16Map(text)
    if u16.length_u16 < max((u.e16 for u in units), default=0):
        raise FormatError("a token lies past the end of the text", path=path)

    cps: dict[int, tuple[int, int]] = {}

    def cp(unit: _Unit) -> tuple[int, int]:
        return cps[id(unit)]

    for unit in units:
        b, e = cps[id(unit)] = u16.utf16_to_cp(unit.b16), u16.utf16_to_cp_end(unit.e16)
        if text[b:e] != unit.text:
            # INCEpTION takes the text from the #Text lines and never reads a row's word; a
            # word that differs in case only (GUM has one) is kept as the sentence text has it.
            if text[b:e].casefold() != unit.text.casefold():
                raise FormatError(
                    f"token {unit.uid} says {unit.text!r} but its offsets {unit.b16}-{unit.e16} cover {text[b:e]!r}",
                    path=path,
                    line=unit.line,
                )
            skipped["token rows whose word differs in case from the sentence text (the sentence text is kept)"] += 1

    # A CRLF document's TSV keeps each CR (escaped as \r) and counts it; our texts are
    # normalised, so CRs go and every offset after one moves back.
    crs = [i for i, ch in enumerate(text) if ch == "\r" and text[i + 1 : i + 2] == "\n"] if "\r" in text else []
    if crs:
        for key, (b, e) in cps.items():
            cps[key] = (b - bisect_left(crs, b), e - bisect_left(crs, e))
        text = normalise(text).text
    document = make_document(path.stem, path.stem, text)
    spans: list[Span] = []
    span_of: dict[int, Span] = {}
    for item in items:
        layer = by_name[item.layer]
        if not wanted(layer.name):
            skipped[f"annotation of layer {_short(layer.name)} not imported (linguistic or not chosen)"] += 1
            continue
        b = min(cp(u)[0] for u in item.units)
        e = max(cp(u)[1] for u in item.units)
        if e <= b:
            skipped["zero-length annotation not imported"] += 1
            continue
        label_feature = _label_feature(layer)
        label = str((item.features.get(label_feature) if label_feature else None) or _short(layer.name))
        attributes: dict[str, Any] = {}
        for feat, feature_value in item.features.items():
            if feat == label_feature or feat in ("note", "annotator") or feature_value is None:
                continue
            attributes[attribute_name(feat)] = feature_value
        span = make_span(
            document,
            new_id(),
            label,
            [(b, e)],
            attributes=attributes,
            note=item.features.get("note") or "",
            annotator=item.features.get("annotator") or "",
        )
        spans.append(span)
        span_of[id(item)] = span

    links: list[Relation] = []
    for rel in relations:
        layer = by_name[rel.layer]
        if not wanted(layer.name):
            skipped[f"annotation of layer {_short(layer.name)} not imported (linguistic or not chosen)"] += 1
            continue
        base = by_name.get(layer.base)
        if base is None or base.kind != "span" or rel.ref is None:
            skipped["link between bare tokens or of an undeclared layer not imported"] += 1
            continue
        src_uid, src_dis, tgt_dis = rel.ref
        source = by_dis.get((base.name, src_dis)) if src_dis else _undisambiguated(spans_at, base.name, src_uid)
        target = (
            by_dis.get((base.name, tgt_dis)) if tgt_dis else _undisambiguated(spans_at, base.name, rel.units[0].uid)
        )
        src_span = span_of.get(id(source)) if source else None
        tgt_span = span_of.get(id(target)) if target else None
        if src_span is None or tgt_span is None:
            if source is None or target is None:
                raise FormatError(
                    "a relation points at an annotation that is not in the file", path=path, line=rel.line
                )
            skipped["link to a zero-length annotation not imported"] += 1
            continue
        label_feature = _label_feature(layer)
        rtype = (rel.features.get(label_feature) if label_feature else None) or _short(layer.name)
        annotator = src_span.annotator or tgt_span.annotator
        links.append(Relation(new_id(), document.id, rtype, src_span.id, tgt_span.id, annotator, now_iso()))

    for reason, count in skipped.items():
        report.drop(reason, count)
    report.documents += 1
    report.spans += len(spans)
    report.relations += len(links)
    return AnnotatedDocument(document, spans, links)


def _undisambiguated(spans_at: dict[tuple[str, str], list[_Item]], layer: str, uid: str) -> _Item | None:
    """The annotation a relation end ``[0_...]`` means: the one on that token written
    without an [id] (a single-token annotation), else the token's first."""
    stack = spans_at.get((layer, uid), [])
    return next((item for item in stack if not item.dis), stack[0] if stack else None)


def read(path: Path, *, layers: str | Iterable[str] | None = None, **options: Any) -> ReadResult:
    """Read one ``.tsv`` file, or every ``.tsv`` file of a folder (one story each).

    ``layers`` (comma-separated, full or short names) picks the layers to import;
    by default every layer except DKPro Core's linguistic ones (POS, lemma,
    token, dependency...), which INCEpTION exports alongside the annotations.
    A folder is read lazily, one file at a time, so a large INCEpTION export never
    sits in memory whole; the report fills in as the stories are taken.
    """
    no_other_options("webanno", options, ("layers",))
    wanted = _wanted(layers)
    path = Path(path)
    report = Report()
    if not path.is_dir():
        return ReadResult(documents=[_read_one(path, report, wanted)], schema=None, report=report)
    files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".tsv")
    if not files:
        raise FormatError("the folder holds no .tsv files", path=path)
    return ReadResult(documents=(_read_one(f, report, wanted) for f in files), schema=None, report=report)
