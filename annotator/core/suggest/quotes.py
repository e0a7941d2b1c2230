"""Find quotations: pairs of quotation marks, apostrophes told apart.

Convention: a QUOTE fragment covers its quotation marks. A quote whose
paragraph ends without a closing mark continues when the next paragraph opens
with a mark; it becomes one quotation with one fragment per paragraph (the
paragraph break itself is not covered).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..quotemarks import CJK_OPENERS as _CJK
from ..quotemarks import DOUBLE, DOUBLED_SINGLES, OPENERS, SINGLE

__all__ = ["Quotation", "find_quotations", "OPENERS", "DOUBLED_SINGLES"]

_DOUBLE_RE = re.compile("[" + re.escape("".join(DOUBLE)) + "]")
_SINGLE_RE = re.compile("[" + re.escape("".join(SINGLE)) + "]")
_OPEN_BEFORE = "([{\u2014\u2013-/:"


@dataclass(frozen=True, slots=True)
class Quotation:
    fragments: tuple[tuple[int, int], ...]  # each covers its marks
    closed: bool

    @property
    def start(self) -> int:
        return self.fragments[0][0]

    @property
    def end(self) -> int:
        return self.fragments[-1][1]


def _opens(text: str, i: int, mark: str) -> bool:
    if mark in _CJK:
        return True
    nxt = text[i + 1] if i + 1 < len(text) else " "
    prev = text[i - 1] if i else " "
    if nxt.isspace():
        return False
    if not (prev.isspace() or prev in _OPEN_BEFORE or prev in OPENERS):
        return False
    if mark in SINGLE:
        if nxt.isdigit():  # the '90s
            return False
        if text[i + 1 : i + 3].lower() in ("n'", "n\u2019"):  # rock 'n' roll
            return False
    return True


def _closer(text: str, i: int, end: int, mark: str) -> tuple[int, bool]:
    """Index of the mark closing the one opened at ``i`` within the paragraph, or -1."""
    closers = OPENERS[mark]
    weak = -1
    for j in range(i + 1, end):
        c = text[j]
        if mark in DOUBLE and text[j : j + 2] in DOUBLED_SINGLES and not text[j - 1].isspace():
            return j + 1, True  # “…fake news,’’ : two single marks closing a double one
        if c not in closers:
            continue
        if mark in _CJK:
            return j, True
        prev = text[j - 1]
        nxt = text[j + 1] if j + 1 < end else " "
        if prev.isspace():
            continue
        if mark in SINGLE:
            if nxt.isalnum():  # don't, it's
                continue
            if prev.isalpha() and nxt.isspace() and text[j + 1 : j + 3].strip()[:1].islower():
                # Jones' house: probably a plural possessive; keep looking for a surer close
                if weak < 0:
                    weak = j
                continue
            if text[j - 1 : j + 1].lower() in ("n'", "n\u2019") and text[j - 2 : j - 1] in OPENERS:
                continue
        return j, True
    return weak, weak >= 0


def _primary(text: str) -> dict[str, str]:
    """Stories quote with double marks; British style uses single ones at the top level."""
    if any(m in text for m in DOUBLE):
        return DOUBLE
    return SINGLE


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Non-blank lines, trimmed: each line of a story is a paragraph."""
    out, pos = [], 0
    for line in text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def find_quotations(text: str) -> list[Quotation]:
    marks = _primary(text)
    mark_re = _DOUBLE_RE if marks is DOUBLE else _SINGLE_RE
    out: list[Quotation] = []
    pending: list[tuple[int, int]] = []
    pending_mark = ""
    for ps, pe in _paragraphs(text):
        i = ps
        if pending:
            if text[ps] in marks and marks[text[ps]] == marks[pending_mark]:
                i = ps  # the quote goes on: scan from this paragraph's opening mark
            else:
                out.append(Quotation(tuple(pending), False))
                pending = []
        while i < pe:
            o = -1
            for mm in mark_re.finditer(text, i, pe):
                if _opens(text, mm.start(), mm.group()):
                    o = mm.start()
                    break
            if o < 0:
                break
            j, _ = _closer(text, o, pe, text[o])
            if j < 0:
                pending.append((o, pe))
                pending_mark = text[o]
                break
            frag = (o, j + 1)
            if pending:
                out.append(Quotation((*pending, frag), True))
                pending = []
            elif _plausible(text, frag):
                out.append(Quotation((frag,), True))
            i = j + 1
    if pending:
        out.append(Quotation(tuple(pending), False))
    return out


def _plausible(text: str, frag: tuple[int, int]) -> bool:
    inner = text[frag[0] + 1 : frag[1] - 1].strip()
    return len(inner) >= 2
