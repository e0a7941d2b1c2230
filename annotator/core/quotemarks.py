"""The one table of quotation marks: the suggester finds quotes with it and the session's
``direct``/``mixed`` default reads it, so the two never disagree about a mark.

Opening mark -> the marks that may close it (English, German, French, Swiss/Nordic
reversed guillemets, CJK corner brackets). Presses pair marks loosely, so a closing
test accepts any closing mark of the same family.
"""

from __future__ import annotations

__all__ = ["DOUBLE", "SINGLE", "OPENERS", "CLOSERS", "DOUBLED_SINGLES", "CJK_OPENERS", "in_quotes", "quote_type"]

DOUBLE: dict[str, str] = {
    '"': '"',
    "\u201c": "\u201d",  # “ ”
    "\u201e": "\u201c\u201d",  # „ “ (German) or „ ” (Polish)
    "\u00ab": "\u00bb",  # « »
    "\u00bb": "\u00ab\u00bb",  # » « (German, Danish) and » » (Swedish)
    "\u201d": "\u201d",  # ” ” (Swedish, Finnish)
    "\u300c": "\u300d",  # 「 」
    "\u300e": "\u300f",  # 『 』
    "\u301d": "\u301e\u301f",  # 〝 〞
    "\uff02": "\uff02",  # fullwidth "
}
SINGLE: dict[str, str] = {
    "'": "'",
    "\u2018": "\u2019",  # ‘ ’
    "\u201a": "\u2018\u2019",  # ‚ ‘
    "\u2039": "\u203a",  # ‹ ›
    "\u203a": "\u2039\u203a",  # › ‹
}
OPENERS: dict[str, str] = {**DOUBLE, **SINGLE}
CLOSERS = frozenset("".join(OPENERS.values()))
CJK_OPENERS = "\u300c\u300e\u301d"
DOUBLED_SINGLES = ("\u2019\u2019", "''")  # some presses close a double quote with two single marks
_INSIDE = ",.;:!?\u2026 \u00a0\u202f"  # what may sit between the words and the closing mark
_SPACES = " \u00a0\u202f"


def in_quotes(text: str, start: int, end: int) -> bool:
    """Does a quotation mark open at (or just before) ``start`` and one close at (or just
    after) ``end``? Punctuation and a space may sit between, as in “…fake news,’’ he said,
    "We will," she said or « Nous verrons », a-t-il dit."""
    if end - start > 1 and text[start] in OPENERS and text[end - 1] in CLOSERS:
        return True
    i = start - 1
    if i > 0 and text[i] in _SPACES:  # « Nous, with the space French puts inside
        i -= 1
    k = end
    while k < len(text) and k - end < 3 and text[k] in _INSIDE:
        k += 1
    opens = (start < len(text) and text[start] in OPENERS) or (i >= 0 and text[i] in OPENERS)
    return opens and k < len(text) and text[k] in CLOSERS


def _quoted_words(text: str, start: int, end: int) -> tuple[int, int]:
    """(words inside double quotation marks, all words) of text[start:end]."""
    inside = total = 0
    depth_close = ""
    word = False
    for ch in text[start:end]:
        if depth_close and ch in depth_close:
            depth_close = ""
            word = False
            continue
        if not depth_close and ch in DOUBLE:
            depth_close = DOUBLE[ch]
            word = False
            continue
        if ch.isalnum():
            if not word:
                total += 1
                inside += bool(depth_close)
            word = True
        else:
            word = False
    return inside, total


def quote_type(text: str, start: int, end: int) -> str | None:
    """``direct`` for a span bounded by quotation marks; ``mixed`` for a reported clause
    holding a quoted phrase, be it one word or a few (the plan was "a disgrace", she said
    it would "open a new chapter"), as the suggester types them; else None."""
    if in_quotes(text, start, end):
        return "direct"
    inside, total = _quoted_words(text, start, end)
    if 0 < inside < total:
        return "mixed"
    return None
