"""One tokenizer for word-snapping in the window and for token-based formats.

Tokens are words (letters and digits, with combining marks and inner apostrophes),
single CJK characters (Chinese and Japanese have no spaces), and single symbols
with any joiners, variation selectors and skin-tone modifiers attached, so an
emoji ZWJ sequence or a flag is one token. Offsets are code points.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["tokenize", "token_spans", "snap_to_words", "trim", "next_boundary", "prev_boundary", "Token"]

_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0900-\u0903\u093a-\u094f"
    "\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe00-\ufe0f\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f"
)
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TOKEN = re.compile(
    rf"[\U0001f1e6-\U0001f1ff]{{2}}"  # a flag: two regional indicators
    rf"|[{_CJK}][{_MARKS}]*"  # one CJK character
    rf"|[^\W{_CJK}](?:[^\W{_CJK}]|[{_MARKS}]|['\u2019](?=[^\W{_CJK}]))*"  # a word
    rf"|[^\s\w{_MARKS}](?:[{_MARKS}]|\u200d\S)*"  # a symbol, emoji sequences kept whole
    rf"|[{_MARKS}]+"  # stray marks
)

Token = tuple[int, int]


def tokenize(text: str) -> Iterator[tuple[int, int, str]]:
    for m in _TOKEN.finditer(text):
        yield m.start(), m.end(), m.group()


def token_spans(text: str) -> list[Token]:
    return [(m.start(), m.end()) for m in _TOKEN.finditer(text)]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding whitespace; an all-space range collapses to (start, start)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _token_at(text: str, pos: int, window: int = 200) -> tuple[int, int] | None:
    """The token containing code point ``pos``, found by scanning a small window."""
    lo = max(0, pos - window)
    while lo > 0 and not text[lo - 1].isspace():  # start the scan at a token boundary
        lo -= 1
        if pos - lo > 10 * window:
            break
    for m in _TOKEN.finditer(text, lo, min(len(text), pos + window)):
        if m.start() <= pos < m.end():
            return m.start(), m.end()
        if m.start() > pos:
            return None
    return None


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a selection to whole tokens and trim whitespace around it."""
    start, end = trim(text, start, end)
    if start >= end:
        return start, end
    tok = _token_at(text, start)
    if tok:
        start = tok[0]
    tok = _token_at(text, end - 1)
    if tok:
        end = tok[1]
    return start, end


def next_boundary(text: str, pos: int) -> int:
    """The next token end after ``pos`` (for growing a span's end by a word)."""
    for m in _TOKEN.finditer(text, pos, min(len(text), pos + 2000)):
        if m.end() > pos:
            return m.end()
    return len(text)


def prev_boundary(text: str, pos: int) -> int:
    """The nearest token start before ``pos`` (for growing a span's start by a word)."""
    lo = max(0, pos - 2000)
    best = lo if lo else 0
    for m in _TOKEN.finditer(text, lo, pos):
        if m.start() < pos:
            best = m.start()
    return best
