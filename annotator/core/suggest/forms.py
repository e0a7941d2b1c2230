"""Attributions that are not a name and a verb: a signature after a dash, a transcript's
"NAME:" label, a paragraph ending "X continued:"; and when a clause after a quote is not one."""

from __future__ import annotations

import re

from .clauses import Cue, attribution, sentence_start
from .quotes import Quotation

__all__ = ["dash_source", "split_at_labels", "label_source", "colon_before", "short_tail", "FAR_CUE"]

FAR_CUE = re.compile(r"[\s,]*(?:when|because|as|after|before|while|if|since|but|and|so)\b|(?:\S+\s+){7,}")
_DASH_NAME = re.compile(
    r"\s*[\u2015\u2014\u2013]\s*((?:[A-Z][\w'\u2019.-]*)(?:\s+[A-Z][\w'\u2019.-]*){0,3})\s*[.,]?\s*(?:$|(?=[\u201c\"]))"
)
_LABEL = re.compile(r"([A-Z][A-Z'\u2019.-]+(?:\s+[A-Z][A-Z'\u2019.-]+){0,2}):\s")


def dash_source(text: str, pos: int, pe: int) -> Cue | None:
    """“…” ― Pamela Padilla: a reader's or poster's quote signed after a dash."""
    m = _DASH_NAME.match(text, pos, min(pe, pos + 80))
    if not m:
        return None
    dash = text.find(m.group(0).strip()[0], pos)
    return Cue(dash, m.end(1), text[dash], (m.start(1), m.end(1)))


def split_at_labels(text: str, quotes: list[Quotation]) -> list[Quotation]:
    """A transcript runs as one unclosed quotation over many paragraphs; each "NAME: ..."
    paragraph starts a new speaker's quote."""
    out = []
    for q in quotes:
        if len(q.fragments) == 1:
            out.append(q)
            continue
        run: list[tuple[int, int]] = []
        for f in q.fragments:
            if run and _LABEL.match(text, f[0] + 1, f[1]):
                out.append(Quotation(tuple(run), False))
                run = []
            run.append(f)
        out.append(Quotation(tuple(run), q.closed))
    return out


def label_source(text: str, q: Quotation) -> Cue | None:
    """A transcript line: "PENCE: Well, look, ..." names its speaker inside the quote."""
    m = _LABEL.match(text, q.start + 1, q.fragments[0][1])
    if not m or len(m.group(1)) < 2:
        return None
    return Cue(m.start(1), m.end(1) + 1, ":", (m.start(1), m.end(1)))


def colon_before(text: str, prev_para: tuple[int, int]) -> Cue | None:
    """A paragraph ending "Caddell continued:" introduces the quote of the next one."""
    ps, pe = prev_para
    if text[pe - 1 : pe] != ":":
        return None
    start = sentence_start(text, ps, pe - 1)
    cue = attribution(text, start, pe - 1, last=True)
    if cue is None or cue.phrase.lower().endswith("ing"):
        return None
    if len(text[cue.end : pe - 1].split()) > 8:
        return None  # "Cruz called them on it:" is fine, a long clause is not an introduction
    return cue


def short_tail(text: str, cue: Cue, sent_end: int) -> bool:
    """Nothing but a few words ("on Monday", "in a statement") follow the cue in its sentence."""
    tail = text[cue.end : sent_end].strip(" .!?")
    return len(tail.split()) <= 4 and not re.search(r"\b(?:that|is|was|are|were|had|has|have|will|would)\b", tail)
