"""Reading one brat ``.ann`` file (see :mod:`.brat` for what each line becomes)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import Document, Origin, Relation, Span, new_id, now_iso

from .base import FormatError, Report
from .support import check_stated_text, settle_fragments

__all__ = ["parse_ann", "escape", "unescape", "brat_name"]

_TOKEN = re.compile(r"\s+")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")
_OFFSETS = re.compile(r"^\d+ \d+(?:;\d+ \d+)*$")


# Everything Python's str.splitlines() breaks at: brat reads .ann files with codecs,
# whose readline does the same, so none of these may appear inside an .ann line.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def escape(value: str) -> str:
    """Notes and free-text values on one line: \\n, \\t, \\r, \\uXXXX, and \\\\ for a backslash."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch in LINE_BREAKS:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def _unescape_one(m: re.Match[str]) -> str:
    code = m.group(1)
    if code.startswith("u") and len(code) == 5:
        return chr(int(code[1:], 16))
    return {"n": "\n", "t": "\t", "r": "\r"}.get(code, code)


def unescape(value: str) -> str:
    return re.sub(r"\\(u[0-9a-fA-F]{4}|.)", _unescape_one, value)


_NOT_STORABLE = re.compile(r"[^a-zA-Z0-9_-]")


def brat_name(name: str) -> str:
    """A type name as brat's config reader stores it (``normalize_to_storage_form`` in
    its projectconfig.py): every character outside ASCII letters, digits, ``_`` and ``-``
    becomes ``_`` (``STATE/PROVINCE`` -> ``STATE_PROVINCE``). brat matches the types in
    ``.ann`` lines against these forms, so ``.ann`` and ``.conf`` both use them."""
    return _NOT_STORABLE.sub("_", _TOKEN.sub("_", name.strip())) or "_"


@dataclass
class _Ann:
    spans: dict[str, Span] = field(default_factory=dict)  # T id -> span
    triggers: dict[str, str] = field(default_factory=dict)  # E id -> T id
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)  # T id -> attrs
    notes: dict[str, list[str]] = field(default_factory=dict)
    annotators: dict[str, str] = field(default_factory=dict)
    links: list[tuple[str, str, str, str]] = field(default_factory=list)  # (type, from, to, R id)
    link_annotators: dict[str, str] = field(default_factory=dict)  # R id -> annotator
    refused: set[str] = field(default_factory=set)  # T and E ids brat itself refuses (text broken over lines)


def parse_ann(
    ann: Path, doc: Document, raw_text: str, to_norm: Callable[[int], int], report: Report
) -> tuple[list[Span], list[Relation]]:
    try:
        lines = ann.read_bytes().decode("utf-8-sig").split("\n")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 (byte {exc.start})", path=ann) from None
    st = _Ann()
    later: list[tuple[int, str]] = []
    events: list[tuple[int, str]] = []
    defined: dict[str, int] = {}  # annotation id -> its line; brat itself refuses a document that repeats one
    rest: list[str] = []  # what is left of a span text broken over several lines
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip("\r")
        if rest and line == rest[0]:
            rest.pop(0)  # brat cannot parse this line either: it is part of the span text above
            continue
        rest = []
        if not line.strip():
            continue
        kind = line[0]
        ident = line.split("\t", 1)[0].strip()
        if kind in "TREAMN" and ident in defined:
            raise FormatError(
                f"the id {ident} is used twice (lines {defined[ident]} and {lineno})", path=ann, line=lineno
            )
        defined[ident] = lineno
        if kind == "T":
            rest = _text_bound(line, lineno, ann, doc, raw_text, to_norm, st)
            if rest:
                st.refused.add(line.split("\t", 1)[0])
                report.drop("brat spans whose text holds a line break (brat refuses those lines too), not imported")
        elif kind == "E":
            events.append((lineno, line))
        elif kind in "RAMN#*":
            later.append((lineno, line))
        else:
            report.drop(f"brat lines of kind {kind!r} (not understood)")
    for lineno, line in events:  # triggers first: later lines may point at events
        _event_trigger(line, lineno, ann, st)
    for lineno, line in events:
        if line.split("\t", 1)[0] in st.refused:
            report.drop("brat events on a trigger brat refuses (text broken over lines), not imported")
        else:
            _event_args(line, lineno, ann, st, report)
    later.sort(key=lambda item: item[1][0] not in "R*")  # links before what points at them
    for lineno, line in later:
        if _refers_to_refused(line, st):
            report.drop("brat lines pointing at a span brat refuses (text broken over lines), not imported")
            continue
        _other(line, lineno, ann, st, report)
    spans = []
    for tid, span in st.spans.items():
        attrs = st.attributes.get(tid, {})
        note = "\n".join(st.notes.get(tid, []))
        spans.append(
            Span(
                span.id,
                span.doc_id,
                span.label,
                span.fragments,
                span.text,
                attrs,
                note,
                st.annotators.get(tid, ""),
                Origin.IMPORTED,
                span.created,
                span.updated,
            )
        )
    relations = [
        Relation(new_id(), doc.id, rtype, st.spans[a].id, st.spans[b].id, st.link_annotators.get(rid, ""), now_iso())
        for rtype, a, b, rid in st.links
    ]
    return spans, relations


def _text_bound(
    line: str, lineno: int, ann: Path, doc: Document, raw_text: str, to_norm: Callable[[int], int], st: _Ann
) -> list[str]:
    """Read a T line into ``st``. brat compares the stated text with the fragments in the
    order listed, joined by one space, before anything is sorted or merged. A span whose
    text holds a line break cannot be written on one line: brat refuses that line (and
    the broken-off rest, which is no annotation line) but reads the rest of the file.
    Such a span is left out and the lines holding the rest of its text are returned."""
    parts = line.split("\t", 2)
    if len(parts) < 2:
        raise FormatError(f"a T line needs ID<TAB>TYPE START END<TAB>TEXT: {line[:80]!r}", path=ann, line=lineno)
    tid, body = parts[0], parts[1]
    stated = parts[2] if len(parts) > 2 else None
    label, _, offsets = body.partition(" ")
    if not label or not _OFFSETS.match(offsets.strip()):
        raise FormatError(f"{tid}: offsets must look like '0 5' or '0 5;8 12', not {offsets!r}", path=ann, line=lineno)
    raw_frags = [(int(a), int(b)) for a, b in (frag.split() for frag in offsets.strip().split(";"))]
    what = f"{tid} ({label})"
    frags_raw, _ = settle_fragments(raw_text, raw_frags, None, what, ann, lineno)  # checks, sorts, merges
    if stated is not None:
        listed = " ".join(raw_text[s:e] for s, e in raw_frags)
        # An .ann line cannot hold a line break: a span across one may state it as a space.
        if stated != listed and stated != _LINE_BREAKS.sub(" ", listed):
            broken = _LINE_BREAKS.search(listed)
            if broken is not None and listed.startswith(stated) and len(stated) == broken.start():
                return [piece.rstrip("\r") for piece in listed[broken.end() :].split("\n")]
            check_stated_text(raw_text, tuple(raw_frags), stated, what, ann, lineno)
    norm = [(to_norm(s), to_norm(e)) for s, e in frags_raw]
    frags, covered = settle_fragments(doc.text, norm, None, what, ann, lineno)
    stamp = now_iso()
    st.spans[tid] = Span(new_id(), doc.id, label, frags, covered, {}, "", "", Origin.IMPORTED, stamp, stamp)
    return []


def _refers_to_refused(line: str, st: _Ann) -> bool:
    if not st.refused:
        return False
    fields = line.split("\t")[1].split() if "\t" in line else []
    return any(f.rpartition(":")[2] in st.refused for f in fields[1:])


def _resolve(ref: str, st: _Ann) -> str | None:
    ref = st.triggers.get(ref, ref)
    return ref if ref in st.spans else None


def _event_trigger(line: str, lineno: int, ann: Path, st: _Ann) -> None:
    parts = line.split("\t")
    if len(parts) < 2 or ":" not in parts[1]:
        raise FormatError(f"an E line needs ID<TAB>TYPE:TRIGGER ROLE:ARG ...: {line[:80]!r}", path=ann, line=lineno)
    first = parts[1].split()[0]
    trigger = first.partition(":")[2]
    if trigger in st.refused:
        st.refused.add(parts[0])  # an event on a refused trigger goes with it
        return
    if trigger not in st.spans:
        raise FormatError(f"{parts[0]}: trigger {trigger} is not a T line of this file", path=ann, line=lineno)
    st.triggers[parts[0]] = trigger


def _event_args(line: str, lineno: int, ann: Path, st: _Ann, report: Report) -> None:
    parts = line.split("\t")
    eid = parts[0]
    trigger = st.triggers[eid]
    for arg in parts[1].split()[1:]:
        role, _, ref = arg.partition(":")
        target = _resolve(ref, st)
        if target is None and ref in st.refused:
            report.drop("brat event arguments pointing at a span brat refuses (text broken over lines)")
            continue
        if target is None:
            raise FormatError(
                f"{eid}: argument {arg} points to {ref}, which is not in this file", path=ann, line=lineno
            )
        st.links.append((role.rstrip("0123456789") or role, trigger, target, f"{eid}:{arg}"))
        report.drop("brat event arguments, imported as links from the trigger span (type = role)")


def _other(line: str, lineno: int, ann: Path, st: _Ann, report: Report) -> None:
    kind = line[0]
    parts = line.split("\t")
    if len(parts) < 2:
        raise FormatError(f"malformed {kind} line: {line[:80]!r}", path=ann, line=lineno)
    fields = parts[1].split()
    if kind == "R":
        if len(fields) != 3:
            raise FormatError(f"{parts[0]}: an R line needs TYPE Arg1:ID Arg2:ID", path=ann, line=lineno)
        ends = []
        for arg in fields[1:]:
            ref = arg.partition(":")[2]
            target = _resolve(ref, st)
            if target is None:
                raise FormatError(f"{parts[0]} points to {ref}, which is not in this file", path=ann, line=lineno)
            ends.append(target)
        st.links.append((fields[0], ends[0], ends[1], parts[0]))
    elif kind == "*":
        refs = []
        for ref in fields[1:]:
            target = _resolve(ref, st)
            if target is None:
                raise FormatError(f"equivalence points to {ref}, which is not in this file", path=ann, line=lineno)
            refs.append(target)
        for a, b in zip(refs, refs[1:], strict=False):
            st.links.append((fields[0], a, b, f"*{lineno}"))
        report.drop("brat equivalences (*), imported as a chain of links")
    elif kind in "AM":
        if len(fields) < 2:
            raise FormatError(f"{parts[0]}: an attribute line needs NAME TARGET [VALUE]", path=ann, line=lineno)
        target = st.triggers.get(fields[1], fields[1])
        if target not in st.spans:
            if fields[1].startswith("R"):
                report.drop("attributes on brat relations (links have no attributes here)")
                return
            raise FormatError(f"{parts[0]} points to {fields[1]}, which is not in this file", path=ann, line=lineno)
        value: Any = " ".join(fields[2:]) if len(fields) > 2 else True
        st.attributes.setdefault(target, {})[fields[0]] = value
    elif kind == "N":
        if len(fields) < 3:
            raise FormatError(f"{parts[0]}: a normalisation needs TYPE TARGET DB:ID", path=ann, line=lineno)
        target = _resolve(fields[1], st)
        if target is None:
            raise FormatError(f"{parts[0]} points to {fields[1]}, which is not in this file", path=ann, line=lineno)
        st.attributes.setdefault(target, {})[fields[0]] = fields[2]
        report.drop("brat normalisations (N), imported as text attributes named after their type")
    elif kind == "#":
        if len(fields) < 2:
            raise FormatError(f"{parts[0]}: a note needs TYPE TARGET<TAB>TEXT", path=ann, line=lineno)
        value = unescape(parts[2]) if len(parts) > 2 else ""
        target = _resolve(fields[1], st)
        if target is None and fields[0] == "Annotator" and any(rid == fields[1] for *_, rid in st.links):
            st.link_annotators[fields[1]] = value
            return
        if target is None:
            if fields[1][:1] in ("R", "*", "A", "N"):
                report.drop("notes on brat relations and attributes (only spans have notes here)")
                return
            raise FormatError(f"{parts[0]} points to {fields[1]}, which is not in this file", path=ann, line=lineno)
        if fields[0] == "AnnotatorNotes":
            st.notes.setdefault(target, []).append(value)
        elif fields[0] == "Annotator":
            st.annotators[target] = value
        else:
            st.attributes.setdefault(target, {})[fields[0]] = value
