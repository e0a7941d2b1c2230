"""Checkable sentences: figures, percentages, dates, comparisons, causes."""

from __future__ import annotations

import re

__all__ = ["sentences", "is_checkable"]

_CHECKABLE = re.compile(
    r"\d|%|\bper ?cent\b|\b(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December|million|billion|thousand|hundred|twice|half|doubled|tripled)\b|"
    r"\b(?:more|less|fewer|higher|lower|larger|smaller|bigger|faster|slower)\s+than\b|"
    r"\b(?:because|caused|led to|due to|resulted in|increase[sd]?|decrease[sd]?|rose|fell|"
    r"record|highest|lowest|largest|first|most|least)\b"
)
_END = re.compile(r"[.!?]+[\"'\u201d\u2019\u00bb]?(?=\s+[\"'\u201c\u2018\u00abA-Z0-9]|\s*$)")
_ABBR = (
    "Mr.",
    "Mrs.",
    "Ms.",
    "Dr.",
    "St.",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "Gov.",
    "Sen.",
    "Rep.",
    "Inc.",
    "Corp.",
    "U.S.",
    "No.",
)


_ABBR_END = re.compile("(?:" + "|".join(re.escape(a) for a in _ABBR) + ")$")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence ranges of one paragraph (abbreviations such as 'Mr.' do not end one)."""
    out, s = [], start
    for m in _END.finditer(text, start, end):
        if _ABBR_END.search(text, max(start, m.end() - 6), m.end()):
            continue
        if m.end() - s > 1:
            out.append((s, m.end()))
        s = m.end()
        while s < end and text[s].isspace():
            s += 1
    if end - s > 1:
        out.append((s, end))
    return out


def is_checkable(sentence: str) -> bool:
    return len(sentence.split()) >= 5 and _CHECKABLE.search(sentence) is not None
