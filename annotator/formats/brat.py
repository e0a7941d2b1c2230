"""brat standoff: a folder of ``<story>.txt`` + ``<story>.ann``, one ``annotation.conf``
and one ``visual.conf``.

Offsets are code points into the ``.txt`` file as brat reads it (brat opens the
text as UTF-8 in Python and slices ``str``; its example corpora, e.g. the Spanish
CoNLL-2002 sample, are only consistent that way). We write the normalised text
(LF newlines), so offsets are ours unchanged; when reading a ``.txt`` with CRLF
or a BOM, offsets are mapped from the raw file onto the normalised text.

What goes where (written and read back):

* ``T1<TAB>LABEL 0 5;10 15<TAB>text``: a span; ``;`` separates fragments and the
  text joins fragment texts with one space. brat cannot draw a fragment across a
  line break, so such fragments are split at the break (reported as approximated).
* ``R1<TAB>TYPE Arg1:T2 Arg2:T1``: a link, from Arg1 to Arg2.
* A ``.ann`` line cannot hold a line break; when reading, a span whose text crosses
  one may state it as a space.
* ``A1<TAB>NAME T1 VALUE``: a choice attribute; ``A2<TAB>NAME T1``: a yes/no
  attribute that is true (false is brat's absence, reported when dropped).
* ``#1<TAB>AnnotatorNotes T1<TAB>note``: the span's note.
* Free-text attributes (a QUOTE's ``source``, an ATTRIBUTION's ``cue``) cannot be
  brat attributes (brat values are single tokens from a fixed list). They are
  comment lines whose type is the attribute name: ``#2<TAB>source T1<TAB>Xi
  Jinping``; brat keeps and shows them as comments. The span's annotator goes
  the same way: ``#3<TAB>Annotator T1<TAB>alice`` (and a link's: ``Annotator R1``). Line breaks and tabs in these
  values are written as ``\\n`` and ``\\t`` (and a backslash as ``\\\\``).

Reading also takes what brat has and we do not: an event ``E1<TAB>Type:T3
Role:T1`` becomes links from its trigger span T3 to each argument (type = role);
an equivalence ``*<TAB>Alias T3 T4 T5`` becomes Alias links T3→T4→T5; a
normalisation ``N1<TAB>Reference T5 Wikipedia:64488<TAB>...`` becomes a text
attribute ``Reference`` = ``Wikipedia:64488``. Labels the project does not know
(Person, Organization ...) are added to its schema by the importer, with the
attribute values ``annotation.conf`` lists.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from annotator.core.limits import MAX_STORY_BYTES
from annotator.core.model import AnnotatedDocument, Document, now_iso
from annotator.core.schema import Schema
from annotator.core.text import normalise, text_hash

from .base import Capabilities, Format, FormatError, ReadResult, Report
from .brat_ann import LINE_BREAKS, brat_name, escape, parse_ann
from .brat_conf import original_names, parse_conf, write_confs
from .support import RawOffsets

__all__ = ["FORMAT", "write", "read", "sniff"]

_SAFE = re.compile(r"[^\w.-]+", re.UNICODE)
_TOKEN = re.compile(r"\s+")


def _split_at_newlines(text: str, fragments: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in fragments:
        start = s
        for i in range(s, e):
            if text[i] in LINE_BREAKS:
                if i > start:
                    out.append((start, i))
                start = i + 1
        if e > start:
            out.append((start, e))
    return out


def _file_stems(documents: Iterable[AnnotatedDocument]) -> Iterator[tuple[str, AnnotatedDocument]]:
    used: set[str] = set()
    for item in documents:
        base = _SAFE.sub("_", item.document.id).strip("._") or "story"
        stem, n = base, 1
        while stem.lower() in used:
            n += 1
            stem = f"{base}-{n}"
        used.add(stem.lower())
        yield stem, item


def _ann_lines(item: AnnotatedDocument, schema: Schema, report: Report) -> list[str]:
    text = item.document.text
    lines: list[str] = []
    tid: dict[str, str] = {}
    n_attr = n_note = 0
    spans = sorted(item.spans, key=lambda s: (s.start, s.end, s.label, s.id))
    kept = []
    for span in spans:
        frags = _split_at_newlines(text, span.fragments)
        if not frags:
            report.drop("spans covering nothing but line breaks (brat cannot show them)")
            continue
        if not any(text[s:e].strip() for s, e in frags):
            # brat reads a blank text field as missing text and refills (rewrites) the line.
            report.drop("spans covering only spaces (brat takes their text as missing)")
            continue
        kept.append((span, frags))
    spans = [span for span, _ in kept]
    for i, (span, frags) in enumerate(kept, 1):
        t = f"T{i}"
        tid[span.id] = t
        if frags != list(span.fragments):
            report.drop("spans crossing a line break, split into fragments there (brat cannot draw across lines)")
        label = brat_name(span.label)
        if label != span.label:
            report.drop(
                "spans whose label brat stores renamed (characters other than A-Z, 0-9, _ and - become _; "
                "visual.conf keeps the name, which an import here restores)"
            )
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        lines.append(f"{t}\t{label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}")
    for span in spans:
        t = tid[span.id]
        lb = schema.label(span.label)
        for key, value in sorted(span.attributes.items()):
            adef = lb.attribute(key) if lb is not None else None
            kind = adef.type if adef is not None else ("bool" if isinstance(value, bool) else "text")
            if kind == "bool" or isinstance(value, bool):
                if value is True or str(value).lower() in ("true", "yes", "1"):
                    n_attr += 1
                    lines.append(f"A{n_attr}\t{brat_name(key)} {t}")
                else:
                    report.drop("yes/no attributes set to no (brat marks only yes; absence means no)")
            elif kind == "choice" and not _TOKEN.search(str(value)):
                n_attr += 1
                lines.append(f"A{n_attr}\t{brat_name(key)} {t} {value}")
            else:
                n_note += 1
                lines.append(f"#{n_note}\t{brat_name(key)} {t}\t{escape(str(value))}")
        if span.note:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotatorNotes {t}\t{escape(span.note)}")
        if span.annotator:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotator {t}\t{escape(span.annotator)}")
    n_rel = 0
    for rel in sorted(item.relations, key=lambda r: (tid.get(r.source, ""), tid.get(r.target, ""), r.type, r.id)):
        if rel.source not in tid or rel.target not in tid:
            report.drop("links to spans outside the export")
            continue
        if brat_name(rel.type) != rel.type:
            report.drop("links whose type brat stores renamed (as for labels; visual.conf keeps the name)")
        n_rel += 1
        lines.append(f"R{n_rel}\t{brat_name(rel.type)} Arg1:{tid[rel.source]} Arg2:{tid[rel.target]}\t")
        if rel.annotator:
            n_note += 1
            lines.append(f"#{n_note}\tAnnotator R{n_rel}\t{escape(rel.annotator)}")
    return lines


def write(documents: Iterable[AnnotatedDocument], schema: Schema, dest: Path, **options: Any) -> Report:
    """A brat collection in the folder ``dest`` (created if missing)."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    report = Report()
    renamed = 0
    annotators: set[str] = set()
    for stem, item in _file_stems(documents):
        if stem != item.document.id:
            renamed += 1
        with open(dest / f"{stem}.txt", "w", encoding="utf-8", newline="\n") as fh:
            fh.write(item.document.text)
        lines = _ann_lines(item, schema, report)
        with open(dest / f"{stem}.ann", "w", encoding="utf-8", newline="\n") as fh:
            fh.write("".join(line + "\n" for line in lines))
        annotators.update(s.annotator for s in item.spans)
        report.documents += 1
        report.spans += len(item.spans)
        report.relations += len(item.relations)
    write_confs(dest, schema)
    if renamed:
        report.notes.append(f"{renamed} story ids made safe for file names (the .txt/.ann names differ from the ids)")
    report.notes.append(
        "brat has no place for story titles, metadata and status, or span ids, origins and "
        "timestamps: they are not in the export"
    )
    return report


def sniff(path: Path, head: bytes) -> bool:
    path = Path(path)
    if path.is_dir():
        return any(path.glob("*.ann")) or any(path.glob("*/*.ann"))
    if path.suffix == ".ann":
        return True
    return path.suffix == ".txt" and path.with_suffix(".ann").is_file()


def _conf_for(ann: Path) -> Path | None:
    for folder in (ann.parent, *ann.parents):
        conf = folder / "annotation.conf"
        if conf.is_file():
            return conf
        if folder == folder.parent:
            break
    return None


def _read_pair(ann: Path, root: Path, report: Report) -> AnnotatedDocument:
    txt = ann.with_suffix(".txt")
    if not txt.is_file():
        raise FormatError(f"no text file {txt.name} beside it", path=ann)
    if txt.stat().st_size > MAX_STORY_BYTES:  # refused before it is read into memory
        raise FormatError(f"{txt.stat().st_size / 1e6:.0f} MB is too large for a story", path=txt)
    try:
        raw = txt.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 (byte {exc.start}); brat texts are UTF-8", path=txt) from None
    raw_text = raw
    norm = normalise(raw).text
    to_norm = RawOffsets(raw)
    rel_name = ann.relative_to(root).with_suffix("").as_posix() if ann.is_relative_to(root) else ann.stem
    doc_id = _SAFE.sub("-", rel_name).strip("-._") or "story"
    doc = Document(doc_id, ann.stem, norm, text_hash(norm), {"format": "brat"}, str(txt), created=now_iso())
    spans, relations = parse_ann(ann, doc, raw_text, to_norm, report)
    return AnnotatedDocument(doc, spans, relations)


def read(source: Path, **options: Any) -> ReadResult:
    path = Path(source)
    if path.is_dir():
        anns = sorted(path.rglob("*.ann"))
        root = path
        if not anns:
            raise FormatError("no .ann files in this folder", path=path)
    else:
        ann = path.with_suffix(".ann")
        if not ann.is_file():
            raise FormatError(f"no annotation file {ann.name} beside it", path=path)
        anns, root = [ann], path.parent
    conf_path = _conf_for(anns[0])
    schema = parse_conf(conf_path) if conf_path is not None else None
    names = original_names(conf_path) if conf_path is not None else {}
    if schema is not None and names:
        schema = _renamed_schema(schema, names)
    result = ReadResult(documents=[], schema=schema, report=Report())

    def stories() -> Iterator[AnnotatedDocument]:
        for ann in anns:
            item = _read_pair(ann, root, result.report)
            if names:
                item = _renamed(item, names)
            yield result.report.tally(item)

    result.documents = stories()
    return result


def _renamed(item: AnnotatedDocument, names: dict[str, str]) -> AnnotatedDocument:
    """Labels and link types back to the names visual.conf shows for brat's stored forms."""
    spans = [replace(s, label=names.get(s.label, s.label)) for s in item.spans]
    relations = [replace(r, type=names.get(r.type, r.type)) for r in item.relations]
    return AnnotatedDocument(item.document, spans, relations)


def _renamed_schema(schema: Schema, names: dict[str, str]) -> Schema:
    def n(name: str) -> str:
        return names.get(name, name)

    labels = tuple(replace(lb, name=n(lb.name)) for lb in schema.labels)
    relations = tuple(
        replace(rt, name=n(rt.name), sources=tuple(map(n, rt.sources)), targets=tuple(map(n, rt.targets)))
        for rt in schema.relations
    )
    return replace(schema, labels=labels, relations=relations)


FORMAT = Format(
    name="brat",
    title="brat standoff (folder of .txt + .ann, annotation.conf)",
    extensions=(".ann",),
    carries=Capabilities(),
    write=write,
    read=read,
    sniff=sniff,
    dest_is_dir=True,
    offsets="code points",
)
