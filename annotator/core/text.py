"""A story's text: the normalised form, its hash, and offset conversions.

Every offset in the domain is a code-point index into the normalised text, end
exclusive (Python ``str`` indexing). Qt counts UTF-16 code units; the one place
that converts is :class:`Utf16Map`, used by the UI and by UTF-16 formats.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left
from dataclasses import dataclass

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

__all__ = [
    "NormalisedText",
    "Utf16Map",
    "normalise",
    "text_hash",
    "is_astral",
    "fragment_text",
    "QuoteSelector",
    "quote_selector",
]


@dataclass(frozen=True, slots=True)
class NormalisedText:
    text: str
    newline: str  # "LF", "CRLF", "CR", "mixed" or "none": what the original file used


def normalise(raw: str) -> NormalisedText:
    """Turn CRLF and lone CR into LF and drop a leading BOM; change nothing else."""
    if raw.startswith("\ufeff"):
        raw = raw[1:]
    if "\r" not in raw:  # most files: one scan, nothing to change
        return NormalisedText(raw, "LF" if "\n" in raw else "none")
    crlf = raw.count("\r\n")
    cr = raw.count("\r") - crlf
    lf = raw.count("\n") - crlf
    kinds = [name for name, n in (("CRLF", crlf), ("CR", cr), ("LF", lf)) if n]
    newline = kinds[0] if len(kinds) == 1 else ("mixed" if kinds else "none")
    if crlf or cr:
        raw = raw.replace("\r\n", "\n").replace("\r", "\n")
    return NormalisedText(raw, newline)


def text_hash(text: str) -> str:
    """sha256 of the normalised text, UTF-8 encoded: how stories are matched across files."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def is_astral(ch: str) -> bool:
    return ord(ch) > 0xFFFF


def fragment_text(text: str, fragments: tuple[tuple[int, int], ...] | list) -> str:
    """The covered text of a span: fragment texts joined by one space (as brat does)."""
    return " ".join(text[s:e] for s, e in fragments)


class Utf16Map:
    """Code points <-> UTF-16 code units for one text, in O(log n) per offset.

    Built from the sorted positions of astral characters (each takes two UTF-16
    units). A UTF-16 position that falls inside a surrogate pair is snapped to
    the start of its character (``utf16_to_cp``), since Qt accepts such cursor
    positions and they must never reach the store.
    """

    __slots__ = ("_astral_cp", "_astral_u16", "length_cp", "length_u16")

    def __init__(self, text: str) -> None:
        if text.isascii():
            astral: list[int] = []
        else:
            astral = [m.start() for m in _ASTRAL.finditer(text)]  # C-speed scan: ~10x a Python loop
        self._astral_cp = astral
        # UTF-16 position of each astral character: its cp index plus the astrals before it.
        self._astral_u16 = [cp + k for k, cp in enumerate(astral)]
        self.length_cp = len(text)
        self.length_u16 = len(text) + len(astral)

    @property
    def is_identity(self) -> bool:
        return not self._astral_cp

    def cp_to_utf16(self, cp: int) -> int:
        if not self._astral_cp:
            return cp
        return cp + bisect_left(self._astral_cp, cp)

    def utf16_to_cp(self, u16: int) -> int:
        """Code point index of a UTF-16 position; inside a surrogate pair snaps back."""
        if not self._astral_u16:
            return u16
        # Each astral character that starts before u16 took one extra unit. For a
        # position on a low surrogate this floor lands on the pair's own start.
        return u16 - bisect_left(self._astral_u16, u16)

    def utf16_to_cp_end(self, u16: int) -> int:
        """Like ``utf16_to_cp``, but inside a surrogate pair snaps forward (for span ends)."""
        if not self._astral_u16:
            return u16
        k = bisect_left(self._astral_u16, u16)
        inside = k > 0 and self._astral_u16[k - 1] + 1 == u16
        return u16 - k + (1 if inside else 0)


@dataclass(frozen=True, slots=True)
class QuoteSelector:
    """What re-anchoring needs (W3C TextQuoteSelector + TextPositionSelector)."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def quote_selector(text: str, start: int, end: int, *, context: int = 32) -> QuoteSelector:
    return QuoteSelector(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )
