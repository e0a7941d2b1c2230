"""Reading CoNLL-style BIO files: IOB2, IOB1, BIOES/BILOU, spaCy's word|POS|tag lines.

The token is the first column and the tag the last, columns separated by a tab
or by spaces. ``-DOCSTART-`` lines and ``# doc_id =`` comments start a new
story (``# title =`` names it); without either, the file is one story. The text
is rebuilt by joining a sentence's tokens with single spaces and sentences with
a newline, so every span's text is exactly the tokens it covers. Large files are
streamed story by story.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Document, Span, new_id

from .base import FormatError, ReadResult, Report
from .imported import make_document, make_span, no_other_options

__all__ = ["read", "sniff", "DOCSTART", "EAGER_BYTES"]

DOCSTART = "-DOCSTART-"
EAGER_BYTES = 32 * 1024 * 1024  # larger files are streamed
_TAG = re.compile(r"^([BIESLU])[-_](.+)$")
_COMMENT = re.compile(r"^#\s*([A-Za-z_][\w.-]*)\s*=\s?(.*)$")


@dataclass
class _Story:
    doc_id: str = ""
    title: str = ""
    sentences: list[list[tuple[str, str, int]]] = field(default_factory=list)  # (token, tag, line)
    current: list[tuple[str, str, int]] = field(default_factory=list)

    def end_sentence(self) -> None:
        if self.current:
            self.sentences.append(self.current)
            self.current = []

    @property
    def empty(self) -> bool:
        return not self.sentences and not self.current


def _lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) streamed from the file, UTF-8, line ends and a BOM removed."""
    try:
        fh = open(path, "rb")
    except OSError as exc:
        raise FormatError(f"cannot read the file ({exc.strerror})", path=path) from None
    with fh:
        for number, raw in enumerate(fh, start=1):
            if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            try:
                yield number, raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError:
                raise FormatError("not UTF-8 text", path=path, line=number) from None


def _valid_tag(tag: str) -> bool:
    return tag == "O" or _TAG.match(tag) is not None


def _is_sent_per_line(lines: list[str]) -> bool:
    """spaCy's one-sentence-per-line layout, judged by the first line with tokens
    (so an error further down is reported at its own line)."""
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(DOCSTART) or _COMMENT.match(stripped):
            continue
        if "\t" in line:
            return False
        for item in stripped.split():
            head, bar, tag = item.rpartition("|")
            if not bar or not head or not _valid_tag(tag):
                return False
        return True
    return False


def _parse(path: Path, lines: Iterable[tuple[int, str]], sent_per_line: bool) -> Iterator[_Story]:
    """Stories one at a time, each yielded as soon as the next one starts."""
    story = _Story()
    for number, line in lines:
        stripped = line.strip()
        if not stripped:
            story.end_sentence()
            continue
        if stripped.split()[0] == DOCSTART:
            story.end_sentence()
            if not story.empty:  # a story without a single token is not worth a story
                yield story
            story = _Story()
            continue
        comment = _COMMENT.match(stripped) if "\t" not in line else None
        if comment:
            key, value = comment.group(1).lower(), comment.group(2).strip()
            if key == "doc_id":
                story.end_sentence()
                if not story.empty:
                    yield story
                    story = _Story()
                story.doc_id = value
            elif key == "title":
                story.title = value
            continue
        if sent_per_line:
            for item in stripped.split():
                head, bar, tag = item.rpartition("|")
                word = head.split("|")[0]
                if not bar or not word or not _valid_tag(tag):
                    raise FormatError(f"expected word|POS|tag items, found {item!r}", path=path, line=number)
                story.current.append((word, tag, number))
            story.end_sentence()
            continue
        cols = [c.strip() for c in line.split("\t") if c.strip()] if "\t" in line else stripped.split()
        if len(cols) < 2:
            raise FormatError(f"expected a token and a tag, found {stripped!r}", path=path, line=number)
        word, tag = cols[0], cols[-1]
        if not _valid_tag(tag):
            raise FormatError(
                f"{tag!r} is not a BIO tag (expected O, B-LABEL, I-LABEL, E-, S-, L- or U-)",
                path=path,
                line=number,
            )
        story.current.append((word, tag, number))
    story.end_sentence()
    if not story.empty:
        yield story


def _build(story: _Story, doc_id: str, title: str, report: Report) -> AnnotatedDocument:
    parts: list[str] = []
    offsets: list[list[tuple[int, int]]] = []
    pos = 0
    for n, sentence in enumerate(story.sentences):
        if n:
            parts.append("\n")
            pos += 1
        row: list[tuple[int, int]] = []
        for k, (word, _, _) in enumerate(sentence):
            if k:
                parts.append(" ")
                pos += 1
            parts.append(word)
            row.append((pos, pos + len(word)))
            pos += len(word)
        offsets.append(row)
    document = make_document(doc_id, title, "".join(parts))
    spans: list[Span] = []
    for sentence, row in zip(story.sentences, offsets, strict=True):
        spans += _sentence_spans(document, sentence, row)
    report.documents += 1
    report.spans += len(spans)
    return AnnotatedDocument(document, spans, [])


def _sentence_spans(document: Document, sentence: list, row: list[tuple[int, int]]) -> list[Span]:
    """The spans one sentence's tags (IOB2, IOBES or BILOU) spell, at its words' offsets."""
    spans: list[Span] = []
    open_label: str | None = None
    open_start = open_end = 0
    for (_, tag, _), (s, e) in [*zip(sentence, row, strict=True), (("", "O", ""), (0, 0))]:  # "O" closes the last
        m = _TAG.match(tag) if tag != "O" else None
        prefix, label = (m.group(1), m.group(2)) if m else ("", "")
        if open_label is not None and not (prefix in ("I", "E", "L") and open_label == label):
            spans.append(make_span(document, new_id(), open_label, [(open_start, open_end)]))
            open_label = None
        if m is None:
            continue
        if open_label is None:
            open_label, open_start = label, s
        open_end = e
        if prefix in ("E", "L", "S", "U"):
            spans.append(make_span(document, new_id(), open_label, [(open_start, open_end)]))
            open_label = None
    return spans


def _documents(path: Path, report: Report) -> Iterator[AnnotatedDocument]:
    head = [line for _, line in itertools.islice(_lines(path), 2000) if line.strip()][:200]
    stories = _parse(path, _lines(path), _is_sent_per_line(head))
    used: set[str] = set()
    pending: _Story | None = None
    n = 0

    def named(story: _Story, single: bool) -> AnnotatedDocument:
        if story.doc_id and story.doc_id not in used:
            doc_id = story.doc_id
        else:
            doc_id = path.stem if single else f"{path.stem}-{n}"
        used.add(doc_id)
        title = story.title or (path.stem if single else f"{path.stem} ({n})")
        return _build(story, doc_id, title, report)

    for story in stories:  # one story of look-ahead: a lone story is named after the file
        if pending is not None:
            yield named(pending, single=False)
        pending, n = story, n + 1
    if pending is None:
        raise FormatError("no tokens found", path=path)
    yield named(pending, single=n == 1)


def read(path: Path, **options: Any) -> ReadResult:
    """Read a BIO file. Files up to ``EAGER_BYTES`` are read at once (so errors show
    here); larger ones stream story by story and report errors as they are met."""
    no_other_options("conll", options, ())
    path = Path(path)
    report = Report()
    documents: Iterable[AnnotatedDocument] = _documents(path, report)
    try:
        eager = path.stat().st_size <= EAGER_BYTES
    except OSError as exc:
        raise FormatError(f"cannot read the file ({exc.strerror})", path=path) from None
    if eager:
        documents = list(documents)
        _refuse_if_cut_off(path, documents)
    return ReadResult(documents=documents, schema=None, report=report)


def _refuse_if_cut_off(path: Path, documents: list[AnnotatedDocument]) -> None:
    """A file that ends mid-line on a tag whose label appears nowhere else was cut short
    (an interrupted copy turns B-QUOTE into B-QUOT, a label nobody meant). A complete
    file ends in a newline; one that does not is still read when its last label is
    one the file uses elsewhere."""
    with open(path, "rb") as fh:
        fh.seek(max(0, path.stat().st_size - 4096))
        tail = fh.read()
    if not tail.strip() or tail.endswith(b"\n"):
        return
    last = tail.rsplit(b"\n", 1)[-1].decode("utf-8", errors="replace").strip()
    item = last.split()[-1] if last.split() else ""
    m = _TAG.match(item.rpartition("|")[2] if "|" in item and len(last.split()) == 1 else item)
    if m is None:
        return
    label = m.group(2)
    if sum(1 for doc in documents for s in doc.spans if s.label == label) <= 1:
        raise FormatError(
            f"the file seems cut off: its last line {last!r} has no line end, and its label {label} appears "
            "nowhere else in the file; if the file is complete, end it with a newline",
            path=path,
        )


def sniff(path: Path, head: bytes) -> bool:
    """Token-per-line BIO (a tag in the last column) or spaCy's word|POS|tag lines."""
    if path.suffix.lower() not in (".conll", ".iob", ".bio", ".txt", ".tsv", ".conll03"):
        return False
    try:
        text = head.decode("utf-8-sig", errors="strict")
    except UnicodeDecodeError:
        text = head[:-4].decode("utf-8", errors="ignore")
    lines = [ln for ln in text.replace("\r\n", "\n").split("\n")[:-1] if ln.strip()][:50]
    if not lines:
        return False
    if _is_sent_per_line(lines):
        return True
    good = 0
    for line in lines:
        cols = line.split("\t") if "\t" in line else line.split()
        if cols[0] == DOCSTART or _COMMENT.match(line.strip()):
            continue
        if len(cols) < 2 or not _valid_tag(cols[-1].strip()):
            return False
        good += 1
    return good > 0
