"""Helpers the JSON and standoff formats share: reading records with line numbers,
strict field checks, and the one check that stated span text equals the slice.

Every error is a :class:`FormatError` naming the file and, where it can, the line.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from annotator.core.limits import MAX_JSON_DEPTH, MAX_NUMBER_DIGITS, MAX_STORY_BYTES, LimitError, json_problem, loads
from annotator.core.model import normalise_fragments
from annotator.core.text import fragment_text

from .base import FormatError

__all__ = [
    "MAX_LINE_BYTES",
    "MAX_WHOLE_JSON_BYTES",
    "iter_json_records",
    "iter_jsonl",
    "as_int",
    "as_str",
    "as_dict",
    "as_list",
    "check_fragments",
    "check_stated_text",
    "settle_fragments",
    "where",
    "RawOffsets",
    "dumps_line",
]

# One JSONL line this long is not a story, it is a broken or hostile file: a story of
# the largest size allowed, with its spans, fits several times over (and a line is
# refused before it is parsed, so the memory a huge one would take is never spent).
MAX_LINE_BYTES = 5 * MAX_STORY_BYTES
# Pretty-printed JSON (a whole array, or objects over several lines) has to be parsed
# whole; beyond this size we ask for real JSON Lines instead of eating the memory.
MAX_WHOLE_JSON_BYTES = 512 * 1024 * 1024


def dumps_line(obj: Any) -> bytes:
    """One compact JSON line, UTF-8, keys in insertion order, ending in LF."""
    return orjson.dumps(obj) + b"\n"


def _describe_json_error(exc: Exception) -> str:
    msg = str(exc)
    if "EOF" in msg or "unexpected end" in msg.lower() or "Unterminated" in msg:
        return f"the JSON is cut short (truncated file?): {msg}"
    return f"not valid JSON: {msg}"


def iter_jsonl(path: Path) -> Iterator[tuple[int, Any]]:
    """(line number, value) for each non-blank line of a JSON Lines file, streamed."""
    with open(path, "rb") as fh:
        lineno = 0
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise FormatError(
                    f"the line is longer than {MAX_LINE_BYTES // (1024 * 1024)} MB; "
                    "this is not a JSON Lines file this program can read",
                    path=path,
                    line=lineno,
                )
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if not raw.strip():
                continue
            try:
                value = orjson.loads(raw)
            except orjson.JSONDecodeError as exc:
                raise FormatError(_describe_json_error(exc), path=path, line=lineno) from None
            yield lineno, value


def _first_significant(path: Path) -> tuple[bytes, bytes]:
    """The first non-space byte and the first non-blank line of a file."""
    with open(path, "rb") as fh:
        head = fh.read(1024 * 1024)
    head = head.removeprefix(b"\xef\xbb\xbf")
    stripped = head.lstrip()
    first = stripped[:1]
    line = stripped.split(b"\n", 1)[0]
    return first, line


def iter_json_records(path: Path) -> Iterator[tuple[int, Any]]:
    """Records of a JSON Lines file, a JSON array, one JSON object, or several
    pretty-printed objects one after another (doccano writes that and calls it
    ``.jsonl``). Each record comes with the line it starts on."""
    path = Path(path)
    first, first_line = _first_significant(path)
    if not first:
        return
    if first == b"{":
        try:
            value = orjson.loads(first_line)
        except orjson.JSONDecodeError:
            value = None
        if isinstance(value, dict):
            yield from iter_jsonl(path)
            return
    if first not in (b"{", b"["):
        raise FormatError("not JSON: it should start with { or [", path=path, line=1)
    if first_line.strip() == b"[":
        streamed = _iter_array_lines(path)
        try:
            head = next(streamed)
        except _NotLineArray:
            yield from _iter_whole(path)
            return
        except StopIteration:
            return
        yield head
        yield from streamed
        return
    yield from _iter_whole(path)


class _NotLineArray(Exception):
    """The array's items are not one per line (pretty-printed): read it whole instead."""


def _iter_array_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """A JSON array written one item per line (as our exports and many tools do),
    streamed: ``[`` alone, then ``item,`` lines, then ``]``."""
    closed = False
    yielded = False
    for lineno, raw in _raw_lines(path):
        body = raw.strip()
        if lineno == 1 or not body:
            continue
        if closed:
            raise FormatError("text after the end of the JSON array", path=path, line=lineno)
        if body == b"]":
            closed = True
            continue
        if body.endswith(b"]") and not body.startswith((b"[", b"{")):
            raise _NotLineArray()
        item = body[:-1] if body.endswith(b",") else body
        try:
            value = orjson.loads(item)
        except orjson.JSONDecodeError as exc:
            if not yielded:
                raise _NotLineArray() from None
            raise FormatError(_describe_json_error(exc), path=path, line=lineno) from None
        yielded = True
        yield lineno, value
    if not closed:
        raise FormatError("the JSON array is cut short (truncated file?): no closing ]", path=path)


def _raw_lines(path: Path) -> Iterator[tuple[int, bytes]]:
    with open(path, "rb") as fh:
        lineno = 0
        while True:
            raw = fh.readline(MAX_LINE_BYTES + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                raise FormatError("a line is too long to read", path=path, line=lineno)
            yield lineno, raw.removeprefix(b"\xef\xbb\xbf") if lineno == 1 else raw


def _iter_whole(path: Path) -> Iterator[tuple[int, Any]]:
    size = path.stat().st_size
    if size > MAX_WHOLE_JSON_BYTES:
        raise FormatError(
            f"a pretty-printed JSON file of {size // (1024 * 1024)} MB is too big to read whole; "
            "save it as JSON Lines (one record per line)",
            path=path,
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    decoder = json.JSONDecoder()
    pos, n = 0, len(text)
    while pos < n and text[pos].isspace():
        pos += 1
    if pos < n and text[pos] == "[":
        try:
            value = loads(text, "the JSON")
        except json.JSONDecodeError as exc:
            raise FormatError(_describe_json_error(exc), path=path, line=exc.lineno) from None
        except LimitError as exc:
            raise FormatError(str(exc), path=path) from None
        if not isinstance(value, list):  # pragma: no cover - json.loads of "[..." is a list
            raise FormatError("expected a JSON array", path=path, line=1)
        # Line numbers of array items are not kept by json; give each item's index instead.
        for i, item in enumerate(value):
            yield -(i + 1), item
        return
    while pos < n:
        try:
            value, end = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise FormatError(_describe_json_error(exc), path=path, line=exc.lineno) from None
        except RecursionError:
            raise FormatError(f"the JSON nests more than {MAX_JSON_DEPTH} levels deep", path=path) from None
        except ValueError:  # Python's own limit on digits in a number
            raise FormatError(f"the JSON holds a number more than {MAX_NUMBER_DIGITS} digits long", path=path) from None
        if why := json_problem(value, "the JSON"):
            raise FormatError(why, path=path, line=text.count("\n", 0, pos) + 1)
        yield text.count("\n", 0, pos) + 1, value
        pos = end
        while pos < n and text[pos].isspace():
            pos += 1


def where(line: int) -> int | None:
    """Line numbers for FormatError: array items (negative) have none."""
    return line if line > 0 else None


def _fail(msg: str, path: Path, line: int) -> FormatError:
    if line < 0:
        return FormatError(f"record {-line}: {msg}", path=path)
    return FormatError(msg, path=path, line=line)


def as_int(value: Any, what: str, path: Path, line: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, float) and value.is_integer():
            return int(value)
        raise _fail(f"{what} must be a whole number, not {value!r}", path, line)
    return value


def as_str(value: Any, what: str, path: Path, line: int, *, default: str | None = None) -> str:
    if value is None and default is not None:
        return default
    if not isinstance(value, str):
        raise _fail(f"{what} must be text, not {type(value).__name__} {value!r}"[:300], path, line)
    return value


def as_dict(value: Any, what: str, path: Path, line: int) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _fail(f"{what} must be an object, not {type(value).__name__}", path, line)
    return value


def as_list(value: Any, what: str, path: Path, line: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise _fail(f"{what} must be a list, not {type(value).__name__}", path, line)
    return value


def check_fragments(
    fragments: list[tuple[int, int]], length: int, what: str, path: Path, line: int
) -> tuple[tuple[int, int], ...]:
    """Fragments sorted, non-empty, inside the text; overlapping ones refused."""
    frags = sorted(fragments)
    if not frags:
        raise _fail(f"{what} has no offsets", path, line)
    for i, (s, e) in enumerate(frags):
        if s < 0 or e > length:
            raise _fail(f"{what}: offsets [{s}, {e}) are outside the text (length {length})", path, line)
        if e <= s:
            raise _fail(f"{what}: offsets [{s}, {e}) are empty or reversed", path, line)
        if i and s < frags[i - 1][1]:
            raise _fail(f"{what}: fragments [{frags[i - 1][0]}, {frags[i - 1][1]}) and [{s}, {e}) overlap", path, line)
    return tuple(frags)


def check_stated_text(
    text: str, fragments: tuple[tuple[int, int], ...], stated: str | None, what: str, path: Path, line: int
) -> str:
    """The covered text; if the file states one, it must agree (never shift silently)."""
    actual = fragment_text(text, fragments)
    if stated is not None and stated != actual:
        raise _fail(f"{what} says {_short(stated)} but its offsets cover {_short(actual)}", path, line)
    return actual


def settle_fragments(
    text: str, fragments: list[tuple[int, int]], stated: str | None, what: str, path: Path, line: int
) -> tuple[tuple[tuple[int, int], ...], str]:
    """Check fragments and stated text, then merge touching fragments as the model does."""
    frags = check_fragments(fragments, len(text), what, path, line)
    check_stated_text(text, frags, stated, what, path, line)
    merged = normalise_fragments(frags)
    return merged, (fragment_text(text, merged) if merged != frags else fragment_text(text, frags))


def _short(s: str, limit: int = 80) -> str:
    return repr(s if len(s) <= limit else s[:limit] + "…")


class RawOffsets:
    """Offsets into a file's raw text -> offsets into its normalised text.

    Normalising drops a leading BOM and turns CRLF into LF; a tool that counted
    the raw text counted those characters, so each position moves back by the
    BOM and the CRs of CRLF before it. (A lone CR becomes LF: same length.)
    """

    def __init__(self, raw: str) -> None:
        self.bom = 1 if raw.startswith("\ufeff") else 0
        self.crs = [m.start() for m in re.finditer("\r\n", raw)]

    @property
    def is_identity(self) -> bool:
        return not self.bom and not self.crs

    def __call__(self, pos: int) -> int:
        if pos < 0:  # left as it is, for the bounds check to refuse (never moved to 0)
            return pos
        return max(0, pos - self.bom - bisect_left(self.crs, pos))
