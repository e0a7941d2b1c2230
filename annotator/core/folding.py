"""A story's text as re-anchoring compares it: the differences an edit desk makes
without changing a word folded away, with an exact map back to the stored text.

Folded: curly and straight quotes, guillemets and primes (to ``"`` and ``'``);
every dash and minus, with the spaces around it (to ``-``); runs of whitespace,
NBSP and other spaces included (to one space); zero-width characters and soft
hyphens (dropped); Unicode NFC, and NFKC for compatibility characters whose
meaning does not change (ligatures, full-width forms, the ellipsis), but not
superscripts, subscripts, fractions or circled forms (² is not 2).

The stored text is never changed: a :class:`Folded` keeps, for every piece of
the folded text, the code-point range of the stored text it came from, so a
place found in the folded text maps back to exact offsets.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

__all__ = ["Folded", "fold"]

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
# One unit the folding may change; everything between two units is copied as it is.
_UNIT = re.compile(
    rf"\s*[-{_DASHES}]+\s*"  # a dash (or several) with the spaces around it
    r"|\s+"  # whitespace of any kind
    rf"|[^\x00-\x7f][{_COMBINING}]*"  # a non-ASCII character with its combining marks
    rf"|[\x00-\x7f][{_COMBINING}]+"  # an ASCII letter with combining marks (e + U+0301)
)
_DOUBLE = "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033\u301d\u301e\uff02"
_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u2039\u203a\uff07\u0060\u00b4"
_FOLD = {**dict.fromkeys(_DOUBLE, '"'), **dict.fromkeys(_SINGLE, "'")}
_GONE = frozenset("\u00ad\u200b\u2060\ufeff")  # soft hyphen, zero-width space, word joiner, BOM
# Compatibility decompositions that keep the meaning (NFKC applies); others do not.
_SAFE_TAGS = frozenset({"<compat>", "<noBreak>", "<wide>", "<narrow>", "<font>"})


def _fold_cluster(cluster: str) -> str:
    base = cluster[0]
    if base in _FOLD and len(cluster) == 1:
        return _FOLD[base]
    if base in _GONE:  # dropped; a mark someone put on it stays
        return unicodedata.normalize("NFC", cluster[1:])
    decomposition = unicodedata.decomposition(base)
    tag = decomposition.split(" ", 1)[0] if decomposition.startswith("<") else ""
    return unicodedata.normalize("NFKC" if tag in _SAFE_TAGS else "NFC", cluster)


def _fold_unit(unit: str) -> str:
    first = unit[0]
    if first.isspace() or first == "-" or first in _DASHES:
        if any(ch == "-" or ch in _DASHES for ch in unit):
            return "-"
        return " "
    return _fold_cluster(unit)


@dataclass(frozen=True, slots=True)
class Folded:
    """``text`` is the folded form of ``raw``. Pieces ``k``: folded
    ``[f[k], f[k+1])`` came from stored ``[r[k], r[k+1])``; ``same[k]`` says
    the piece maps character by character (equal lengths), else it is atomic."""

    raw: str
    text: str
    f: tuple[int, ...]
    r: tuple[int, ...]
    same: tuple[bool, ...]

    def raw_start(self, pos: int) -> int:
        """Stored offset where folded character ``pos`` begins."""
        if pos >= len(self.text):
            return len(self.raw)
        k = bisect_right(self.f, pos) - 1
        return self.r[k] + (pos - self.f[k] if self.same[k] else 0)

    def raw_end(self, pos: int) -> int:
        """Stored offset just after folded character ``pos - 1`` (an exclusive end)."""
        if pos <= 0:
            return 0
        k = bisect_right(self.f, pos - 1) - 1
        return self.r[k] + (pos - self.f[k] if self.same[k] else self.r[k + 1] - self.r[k])

    def folded_start(self, raw_pos: int) -> int:
        """First folded character at or after stored offset ``raw_pos`` (rounds inwards)."""
        if raw_pos >= len(self.raw):
            return len(self.text)
        k = bisect_right(self.r, raw_pos) - 1
        if self.same[k]:
            return self.f[k] + raw_pos - self.r[k]
        return self.f[k] if raw_pos == self.r[k] else self.f[k + 1]

    def folded_end(self, raw_pos: int) -> int:
        """Folded exclusive end for a stored exclusive end ``raw_pos`` (rounds inwards)."""
        if raw_pos <= 0:
            return 0
        k = bisect_right(self.r, raw_pos - 1) - 1
        if self.same[k]:
            return self.f[k] + raw_pos - self.r[k]
        return self.f[k + 1] if raw_pos == self.r[k + 1] else self.f[k]

    def folded_range(self, start: int, end: int) -> tuple[int, int]:
        """A stored range in folded offsets; a range inside one atomic piece widens to it."""
        fs, fe = self.folded_start(start), self.folded_end(end)
        if fe <= fs:
            k = bisect_right(self.r, start) - 1
            fs, fe = self.f[k], self.f[k + 1]
        return fs, fe

    def raw_range(self, fs: int, fe: int) -> tuple[int, int]:
        return self.raw_start(fs), self.raw_end(fe)


def fold(raw: str) -> Folded:
    out: list[str] = []
    f: list[int] = [0]
    r: list[int] = [0]
    same: list[bool] = []
    flen = 0
    copied = 0  # stored offset up to which pieces exist

    def piece(raw_end: int, text: str, exact: bool) -> None:
        nonlocal flen
        if exact and same and same[-1]:  # extend the previous character-by-character piece
            f[-1] = flen + len(text)
            r[-1] = raw_end
        else:
            same.append(exact)
            f.append(flen + len(text))
            r.append(raw_end)
        out.append(text)
        flen += len(text)

    for m in _UNIT.finditer(raw):
        a, b = m.span()
        unit = m.group()
        if a > copied:
            piece(a, raw[copied:a], True)
        folded = " " if unit == " " else ("-" if unit == "-" else _fold_unit(unit))
        piece(b, folded, len(folded) == b - a)
        copied = b
    if copied < len(raw) or not same:
        piece(len(raw), raw[copied:], True)
    return Folded(raw, "".join(out), tuple(f), tuple(r), tuple(same))
