"""CoNLL-style BIO files (IOB2): one token per line, ``token<TAB>tag``.

Export
    Tokens come from :mod:`annotator.core.tokens`, the tokenizer the window uses
    for word snapping. Each story starts with CoNLL-2003's ``-DOCSTART- -X- O O``
    line and a blank line (spaCy's ``convert`` splits documents on exactly that
    line; other NER readers skip it); with the option
    ``comments=True`` a ``# doc_id = ...`` and ``# title = ...`` comment follow it,
    so a re-import keeps the story's id and title. A blank line ends a sentence;
    sentences end at line breaks and full stops (:mod:`.sentences`), except
    inside an entity (a quote running over two sentences stays one entity).

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

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.core.model import AnnotatedDocument, Span
from annotator.core.schema import Schema
from annotator.core.tokens import token_spans

from .base import Capabilities, Format, FormatError, Report
from .conll_read import DOCSTART, read, sniff
from .imported import flag, no_other_options, one_layer
from .sentences import sentence_ends

__all__ = ["FORMAT", "write", "read", "sniff", "encode_tags"]

FORMAT_OPTIONS = {
    "scheme": "iob2 (default) or bioes",
    "separator": "tab (default) or space",
    "comments": "true: add '# doc_id =' and '# title =' lines after each -DOCSTART-",
    "labels": "comma-separated labels to keep (one label family per file)",
}


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
    wordless: int = 0

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
            ("story without a single word (nothing to read back)", self.wordless),
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
    if not tokens:
        losses.wordless += 1
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
    ends = sentence_ends(text, tokens)
    inside = [False] * len(tokens)  # True where token k and k+1 belong to the same entity
    for i, j, _ in entities:
        for k in range(i, j - 1):
            inside[k] = True

    # Exactly CoNLL-2003's line, in both modes: spaCy's converter splits documents on this string.
    yield f"{DOCSTART} -X- O O"
    yield ""
    if comments:
        yield f"# doc_id = {_one_line(doc.document.id)}"
        yield f"# title = {_one_line(doc.document.title)}"
    sentence_open = False
    for k, (s, e) in enumerate(tokens):
        yield f"{text[s:e]}{sep}{tags[k]}"
        sentence_open = True
        if k + 1 < len(tokens) and not inside[k] and ends[k]:
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
        report.notes.append(
            f"only labels {', '.join(sorted(wanted))}: {losses.unselected} spans of other labels left out"
        )
    losses.into(report)
    report.notes.append("the text's spacing is not carried: a re-import joins tokens with single spaces")
    if not comments:
        report.notes.append("story ids and titles are not carried (option comments=true writes them as comments)")
    return report


FORMAT = Format(
    name="conll",
    title="CoNLL / BIO, IOB2 (.conll)",
    extensions=(".conll", ".iob", ".bio"),
    carries=Capabilities(
        overlaps=False, fragments=False, relations=False, attributes=False, notes=False, annotators=False
    ),
    write=write,
    read=read,
    sniff=sniff,
    offsets="tokens (code points into the rebuilt text on import)",
    options=FORMAT_OPTIONS,
)
