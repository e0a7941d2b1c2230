"""Limits every reader enforces on what it lets into a project, and the checks for them.

One place for them, so a story file, a native JSONL line and a peer tool's export
meet the same bounds: a story's size, how deeply JSON may nest, how long a number
may be, and characters that are not text (NUL, lone UTF-16 surrogates, which no
UTF-8 file and no SQLite text column can hold). Each check returns what is wrong
in words for the user, or None.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = [
    "MAX_STORY_BYTES",
    "MAX_STORY_CHARS",
    "MAX_JSON_DEPTH",
    "MAX_NUMBER_DIGITS",
    "LimitError",
    "is_text",
    "flat_json",
    "text_problem",
    "name_problem",
    "json_problem",
    "loads",
]

# A story larger than this is almost certainly not a news article (and would make
# the window slow); refused with a message instead of tried.
MAX_STORY_BYTES = 20 * 1024 * 1024
MAX_STORY_CHARS = MAX_STORY_BYTES  # every code point takes at least one byte in UTF-8
# Stories, metadata and span attributes nest a few levels; deeper is a broken or
# hostile file, and Python's own recursion limit (about 1,000) is no place to find out.
MAX_JSON_DEPTH = 100
# Python refuses to turn more than 4,300 digits into an int; no offset or count needs 30.
MAX_NUMBER_DIGITS = 100

_NOT_TEXT = re.compile("[\x00\ud800-\udfff]")


class LimitError(ValueError):
    """Input beyond a limit, or not text; the message says which, for the user."""


def is_text(text: str) -> bool:
    """No NUL and no lone surrogate: the quick yes that spares building a message."""
    return "\x00" not in text and (text.isascii() or _NOT_TEXT.search(text) is None)


_SCALARS = (str, int, float, bool, type(None))


def flat_json(value: dict) -> bool:
    """A dict of short scalars that are text and numbers (what span attributes nearly
    always are): nothing for :func:`json_problem` to find, decided in one pass."""
    for key, item in value.items():
        if type(item) not in _SCALARS or not is_text(key):
            return False
        if type(item) is str:
            if not is_text(item):
                return False
        elif type(item) is int:
            if not -(10**MAX_NUMBER_DIGITS) < item < 10**MAX_NUMBER_DIGITS:
                return False
        elif type(item) is float and (item != item or item in (float("inf"), float("-inf"))):
            return False
    return True


def text_problem(text: str, what: str = "the text", *, limit: int | None = MAX_STORY_CHARS) -> str | None:
    """What makes ``text`` unfit to store (too long, a NUL, a lone surrogate), or None."""
    if limit is not None and len(text) > limit:
        return f"{what} is {len(text) / 1e6:.0f} million characters long (the limit for a story is {limit // 2**20} MB)"
    if text.isascii() and "\x00" not in text:
        return None
    bad = _NOT_TEXT.search(text)
    if bad is None:
        return None
    if bad.group() == "\x00":
        return f"{what} contains a NUL character (at {bad.start()}), which is not text"
    return (
        f"{what} contains a lone UTF-16 surrogate U+{ord(bad.group()):04X} (at {bad.start()}), "
        "which is not valid Unicode"
    )


def name_problem(name: str, what: str) -> str | None:
    """A label, id or other name: not empty, not only spaces, and text."""
    if not name.strip():
        return f"{what} is empty"
    return text_problem(name, what, limit=10_000)


def json_problem(value: Any, what: str, *, max_depth: int = MAX_JSON_DEPTH) -> str | None:
    """Nesting deeper than ``max_depth``, over-long numbers or non-text strings in a
    parsed JSON value (walked without recursion, so any depth is safe to check)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict | list):
            if depth > max_depth:
                return f"{what} nests more than {max_depth} levels deep"
            children = item.items() if isinstance(item, dict) else enumerate(item)
            for key, child in children:
                if isinstance(key, str) and (why := text_problem(key, f"{what}: a key", limit=None)):
                    return why
                stack.append((child, depth + 1))
        elif isinstance(item, str):
            if why := text_problem(item, f"{what}: a value", limit=None):
                return why
        elif isinstance(item, int) and not isinstance(item, bool):
            if abs(item) >= 10**MAX_NUMBER_DIGITS:
                return f"{what} holds a number more than {MAX_NUMBER_DIGITS} digits long"
        elif isinstance(item, float) and (item != item or item in (float("inf"), float("-inf"))):
            return f"{what} holds a number that is not finite ({item})"
    return None


def loads(text: str | bytes, what: str) -> Any:
    """``json.loads`` that ends every hostile input in a LimitError or JSONDecodeError:
    nesting that would exhaust the stack, numbers Python refuses to convert, and (after
    parsing) everything :func:`json_problem` finds."""
    try:
        value = json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise LimitError(f"{what} nests too deeply to read (more than {MAX_JSON_DEPTH} levels)") from None
    except (json.JSONDecodeError, LimitError):
        raise
    except ValueError as exc:  # "Exceeds the limit (4300 digits) for integer string conversion"
        if "digits" in str(exc):
            raise LimitError(f"{what} holds a number more than {MAX_NUMBER_DIGITS} digits long") from None
        raise LimitError(f"{what} is not valid JSON ({exc})") from None
    why = json_problem(value, what)
    if why:
        raise LimitError(why)
    return value


def _no_constant(name: str) -> Any:
    raise LimitError(f"{name} is not a JSON number")
