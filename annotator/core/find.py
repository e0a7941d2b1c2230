"""Find text in a story: plain or regular expression, code-point offsets."""

from __future__ import annotations

import re

__all__ = ["FindError", "find_all", "MAX_MATCHES"]

MAX_MATCHES = 10_000


class FindError(ValueError):
    """A search the user typed that cannot run (e.g. a broken regular expression)."""


def compile_query(query: str, *, regex: bool = False, case: bool = False, whole_word: bool = False) -> re.Pattern[str]:
    if not query:
        raise FindError("Type something to find.")
    pattern = query if regex else re.escape(query)
    if whole_word:
        pattern = rf"(?<!\w)(?:{pattern})(?!\w)"
    try:
        return re.compile(pattern, 0 if case else re.IGNORECASE)
    except re.error as exc:
        raise FindError(f"Not a valid regular expression: {exc.msg} (at position {exc.pos}).") from exc


def find_all(
    text: str,
    query: str,
    *,
    regex: bool = False,
    case: bool = False,
    whole_word: bool = False,
    limit: int = MAX_MATCHES,
) -> list[tuple[int, int]]:
    """Non-empty, non-overlapping matches in text order (at most ``limit``)."""
    rx = compile_query(query, regex=regex, case=case, whole_word=whole_word)
    out: list[tuple[int, int]] = []
    for m in rx.finditer(text):
        if m.end() > m.start():
            out.append((m.start(), m.end()))
            if len(out) >= limit:
                break
    return out
