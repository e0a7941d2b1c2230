"""CoNLL-style BIO files (IOB2): one token per line, ``token<TAB>tag``.

Export
    Tokens come from :mod:`annotator.core.tokens`, the tokenizer the window uses
    for word snapping. Each story starts with a CoNLL-2003 ``-DOCSTART-`` line
    and a blank line (what spaCy's and most NER readers expect); with the option
    ``comments=True`` a ``# doc_id = ...`` and ``# title = ...`` comment follow it,
    so a re-import keeps the story's id and title. A blank line ends a sentence;
    sentences end where the text has a line break, except inside an entity (a
    quote running over a paragraph break stays one entity).

    BIO carries one layer of labels and nothing else, so the export reports
    precisely what it drops or approximates: overlapping spans (the longest is
    kept, then the earliest), relations, attributes, notes, annotator names, span
    boundaries inside a word (widened to whole tokens), and fragments (each
    fragment of a discontinuous span becomes its own entity). The exact spacing
    of the text is not carried either: a re-import rebuilds it from the tokens.
    ``scheme="bioes"`` writes BIOES (S- single, E- end) instead of IOB2;
    ``labels="QUOTE"`` keeps only the named labels (one label family per file).

Import
    Reads IOB2, IOB1 (an ``I-`` without a preceding entity starts one), BIOES and
    BILOU tags; columns separated by a tab or by spaces (the token is the first
    column, the tag the last, as in CoNLL-2003's four columns); ``-DOCSTART-``
    lines and ``# doc_id =`` comments start a new story (without either, the file
    is one story); and spaCy's one-sentence-per-line ``word|POS|tag`` files. The
    text is rebuilt by joining a sentence's tokens with single spaces and
    sentences with a newline; offsets are code points into that text, so every
    imported span's text is exactly the tokens it covers.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Span, new_id
from annotator.core.schema import Schema
from annotator.core.tokens import token_spans

from .base import Capabilities, Format, FormatError, ReadResult, Report
from .imported import flag, make_document, make_span, no_other_options, one_layer

__all__ = ["FORMAT", "write", "read", "sniff", "encode_tags"]

DOCSTART = "-DOCSTART-"
EAGER_BYTES = 32 * 1024 * 1024
FORMAT_OPTIONS = {
    "scheme": "iob2 (default) or bioes",
    "separator": "tab (default) or space",
    "comments": "true: add '# doc_id =' and '# title =' lines after each -DOCSTART-",
    "labels": "comma-separated labels to keep (one label family per file)",
}
_TAG = re.compile(r"^([BIESLU])[-_](.+)$")
_COMMENT = re.compile(r"^#\s*([A-Za-z_][\w.-]*)\s*=\s?(.*)$")

# -- export -----------------------------------------------------------------------


def _token_range(tokens: list[tuple[int, int]], starts: list[int], s: int, e: int) -> tuple[int, int] | None:
    """Indices [i, j) of the tokens a fragment [s, e) touches, or None if it touches none."""
    i = bisect_right(starts, s) - 1
    if i < 0 or tokens[i][1] <= s:
        i += 1
    j = bisect_left(starts, e)
    if i >= j:
        return None
    return i, j


def encode_tags(n_tokens: int, entities: list[tuple[int, int, str]], scheme: str = "iob2") -> list[str]:
    """Tags for ``n_tokens`` tokens from non-overlapping ``(first, end, label)`` token ranges."""
    tags = ["O"] * n_tokens
    for i, j, label in entities:
        if scheme == "bioes" and j - i == 1:
            tags[i] = f"S-{label}"
            continue
        tags[i] = f"B-{label}"
        for k in range(i + 1, j):
            tags[k] = f"I-{label}"
        if scheme == "bioes":
            tags[j - 1] = f"E-{label}"
    return tags


@dataclass
class _Losses:
    overlaps: int = 0
    partly: int = 0
    written: int = 0
    fragments: int = 0
    widened: int = 0
    no_word: int = 0
    attributes: int = 0
    notes: int = 0
    annotators: set[str] = field(default_factory=set)
    relations: int = 0
    respelled: set[str] = field(default_factory=set)
    unselected: int = 0  # spans of labels the user left out on purpose

    def into(self, report: Report) -> None:
        for reason, n in (
            ("overlapping span left out (BIO carries one layer; the longest is kept)", self.overlaps),
            ("discontinuous span losing an overlapping fragment", self.partly),
            ("discontinuous span written as one entity per fragment", self.fragments),
            ("span boundary inside a word, widened to whole tokens", self.widened),
            ("span covering no word left out", self.no_word),
            ("span attributes not carried", self.attributes),
            ("span notes not carried", self.notes),
            ("links (relations) not carried", self.relations),
        ):
            if n:
                report.drop(reason, n)
        if self.respelled:
            report.drop("label with spaces written with underscores", len(self.respelled))
        if self.annotators:
            report.drop("annotator names not carried (spans of all annotators merged)", len(self.annotators))


def _document_lines(
    doc: AnnotatedDocument, losses: _Losses, sep: str, scheme: str, comments: bool, labels: frozenset[str] | None
) -> Iterator[str]:
    text = doc.document.text
    tokens = token_spans(text)
    starts = [s for s, _ in tokens]
    items: list[tuple[int, int, Span]] = []
    for span in doc.spans:
        if labels is not None and span.label not in labels:
            losses.unselected += 1
            continue
        if len(span.fragments) > 1:
            losses.fragments += 1
        if span.attributes:
            losses.attributes += 1
        if span.note:
            losses.notes += 1
        if span.annotator:
            losses.annotators.add(span.annotator)
        covered = False
        for s, e in span.fragments:
            rng = _token_range(tokens, starts, s, e)
            if rng is None:
                continue
            covered = True
            i, j = rng
            if tokens[i][0] != s or tokens[j - 1][1] != e:
                losses.widened += 1
            items.append((i, j, span))
        if not covered:
            losses.no_word += 1
    losses.relations += len(doc.relations)
    kept, dropped = one_layer(items)
    kept_ids = {span.id for _, _, span in kept}
    dropped_ids = {span.id for span in dropped}
    losses.overlaps += len(dropped_ids - kept_ids)
    losses.partly += len(dropped_ids & kept_ids)
    losses.written += len(kept_ids)
    entities = [(i, j, _tag_label(span.label, losses)) for i, j, span in kept]
    tags = encode_tags(len(tokens), entities, scheme)
    inside = [False] * len(tokens)  # True where token k and k+1 belong to the same entity
    for i, j, _ in entities:
        for k in range(i, j - 1):
            inside[k] = True

    yield f"{DOCSTART}{sep}O" if sep == "\t" else f"{DOCSTART} -X- O O"
    yield ""
    if comments:
        yield f"# doc_id = {_one_line(doc.document.id)}"
        yield f"# title = {_one_line(doc.document.title)}"
    sentence_open = False
    for k, (s, e) in enumerate(tokens):
        yield f"{text[s:e]}{sep}{tags[k]}"
        sentence_open = True
        if k + 1 < len(tokens) and not inside[k] and "\n" in text[e : tokens[k + 1][0]]:
            yield ""
            sentence_open = False
    if sentence_open:
        yield ""


def _tag_label(label: str, losses: _Losses) -> str:
    """A label as one column: whitespace would split it, so it becomes underscores."""
    if label.split() == [label]:
        return label
    losses.respelled.add(label)
    return "_".join(label.split()) or "_"


def _one_line(value: str) -> str:
    return " ".join(value.split())


def write(
    documents: Iterable[AnnotatedDocument],
    schema: Schema,
    dest: Path,
    *,
    scheme: str = "iob2",
    separator: str = "tab",
    comments: bool = False,
    labels: Iterable[str] | str | None = None,
    **options: Any,
) -> Report:
    """Write BIO. ``labels`` (names, or one comma-separated string) keeps only those
    labels, e.g. one file per label family so that fewer spans overlap."""
    no_other_options("conll", options, FORMAT_OPTIONS)
    comments = flag(comments, "comments")
    scheme = scheme.lower()
    if separator not in ("tab", "space"):
        raise FormatError(f"unknown separator {separator!r}; use tab or space")
    if scheme not in ("iob2", "bioes"):
        raise FormatError(f"unknown tag scheme {scheme!r}; use iob2 or bioes")
    sep = " " if separator == "space" else "\t"
    if isinstance(labels, str):
        labels = [name.strip() for name in labels.split(",") if name.strip()]
    wanted = frozenset(labels) if labels is not None else None
    report = Report()
    losses = _Losses()
    with open(Path(dest), "w", encoding="utf-8", newline="\n") as fh:
        for doc in documents:
            report.documents += 1
            for line in _document_lines(doc, losses, sep, scheme, comments, wanted):
                fh.write(line)
                fh.write("\n")
    report.spans = losses.written
    if wanted is not None:
        report.notes.append(f"only labels {', '.join(sorted(wanted))}: {losses.unselected} spans of other labels left out")
    losses.into(report)
    report.notes.append("the text's spacing is not carried: a re-import joins tokens with single spaces")
    return report


# -- import -----------------------------------------------------------------------


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
    seen = False
    for line in lines:
        stripped = line.strip()
        if not stripped or stripped.startswith(DOCSTART):
            continue
        if "\t" in line:
            return False
        for item in stripped.split():
            head, bar, tag = item.rpartition("|")
            if not bar or not head or not _valid_tag(tag):
                return False
        seen = True
    return seen


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
            if not story.empty or story.doc_id:
                yield story
                story = _Story()
            continue
        comment = _COMMENT.match(stripped) if "\t" not in line else None
        if comment:
            key, value = comment.group(1).lower(), comment.group(2).strip()
            if key == "doc_id":
                story.end_sentence()
                if not story.empty or story.doc_id:
                    yield story
                    story = _Story()
                story.doc_id = value
            elif key == "title":
                story.title = value
            continue
        if sent_per_line:
            for item in stripped.split():
                head, _, tag = item.rpartition("|")
                word = head.split("|")[0]
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
        open_label: str | None = None
        open_start = 0
        open_end = 0

        def close() -> None:
            nonlocal open_label
            if open_label is not None:
                spans.append(make_span(document, new_id(), open_label, [(open_start, open_end)]))
            open_label = None

        for (_, tag, _), (s, e) in zip(sentence, row, strict=True):
            if tag == "O":
                close()
                continue
            m = _TAG.match(tag)
            assert m is not None  # checked while parsing
            prefix, label = m.group(1), m.group(2)
            continues = prefix in ("I", "E", "L") and open_label == label
            if not continues:
                close()
                open_label, open_start = label, s
            open_end = e
            if prefix in ("E", "L", "S", "U"):
                close()
        close()
    report.documents += 1
    report.spans += len(spans)
    return AnnotatedDocument(document, spans, [])


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
    return ReadResult(documents=documents, schema=None, report=report)


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


FORMAT = Format(
    name="conll",
    title="CoNLL / BIO, IOB2 (.conll)",
    extensions=(".conll", ".iob", ".bio"),
    carries=Capabilities(overlaps=False, fragments=False, relations=False, attributes=False, notes=False, annotators=False),
    write=write,
    read=read,
    sniff=sniff,
    offsets="tokens (code points into the rebuilt text on import)",
    options=FORMAT_OPTIONS,
)
