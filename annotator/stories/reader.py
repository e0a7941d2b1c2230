"""Pick the reader for a story file and turn its bytes into StoryRecords."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.limits import text_problem
from annotator.core.text import normalise

from .base import STORY_EXTENSIONS, StoryError, StoryRecord
from .decode import decode_bytes, looks_binary
from .documents import document_stories, file_limit, is_document
from .html import html_to_story
from .jsonfile import json_stories, jsonl_stories
from .nitf import is_nitf, nitf_story
from .plain import markdown_to_text, title_from_text

__all__ = ["read_story_file", "read_story_bytes", "discover", "discover_names"]


def _kind(ext: str, text: str) -> str:
    """The reader for a file with this (lower-case) extension and text."""
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext in (".md", ".markdown"):
        return "markdown"
    if ext in (".html", ".htm", ".xhtml"):
        return "html"
    if ext in (".xml", ".nitf"):
        head = text[:2048].lstrip().lower()
        return "nitf" if is_nitf(text) else ("html" if head.startswith("<!doctype html") or "<html" in head else "xml")
    return "text"  # .txt and anything else: shown exactly as written


def read_story_bytes(data: bytes, name: str, *, split_articles: bool = False) -> list[StoryRecord]:
    """Stories in one file's bytes; ``name`` is the file name (for the reader and messages).
    ``split_articles``: a Word or PDF file holding several articles gives one story each."""
    if len(data) > file_limit(name):
        raise StoryError(_too_large(name, len(data)))
    if not data or data.isspace():  # no copy, unlike strip()
        raise StoryError(f"{name}: the file is empty.")
    if is_document(name):
        return document_stories(data, name, split_articles=split_articles)
    raw, encoding = decode_bytes(data, name)
    if looks_binary(raw):
        raise StoryError(f"{name}: this is a binary file, not a story.")
    source = normalise(raw)
    text = source.text
    stem, ext = os.path.splitext(os.path.basename(name))
    kind = _kind(ext.lower(), text)
    base_meta: dict[str, Any] = {"encoding": encoding, "newline": source.newline, "format": kind}
    items: list[tuple[str, dict[str, Any], str]]
    if kind == "jsonl":
        items = jsonl_stories(text, name)
    elif kind == "json":
        items = json_stories(text, name)
    elif kind == "markdown":
        body, heading = markdown_to_text(text)
        items = [(body, {"headline": heading} if heading else {}, "")]
    elif kind == "html":
        body, meta = html_to_story(text)
        items = [(body, meta, "")]
    elif kind == "nitf":
        body, meta = nitf_story(text, name)
        items = [(body, meta, "")]
    elif kind == "xml":
        raise StoryError(f"{name}: an XML file, but not a NITF story.")
    else:
        items = [(text, {}, "")]
    records = []
    for body, meta, ident in items:
        if kind != "text":
            body = normalise(body).text  # JSON strings may carry CRLF of their own
        if not body or body.isspace():
            if kind == "html":
                hint = "only navigation, links or scripts, or markup that does not parse"
                raise StoryError(f"{name}: no story text found in this page ({hint}).")
            raise StoryError(f"{name}: no story text found.")
        problem = text_problem(body, "the story text")
        if problem:  # a JSON string may hold what no decoded file can: NUL, a lone surrogate
            raise StoryError(f"{name}: {problem}; nothing from this file was imported.")
        full = {**base_meta, **meta}
        title = str(meta.get("headline") or meta.get("title") or "") or title_from_text(body, stem)
        records.append(StoryRecord(title=title, text=body, meta=full, source_path=name, id_hint=ident))
    return records


def read_story_file(path: Path | str, *, split_articles: bool = False) -> list[StoryRecord]:
    name = os.fspath(path)
    limit = file_limit(name)
    try:
        # One open (non-blocking, so a pipe cannot hang it) and fstat of that very
        # file: no window between checking and reading, and half the system calls
        # of stat() + read_bytes() on a 10,000-file import.
        fd = os.open(name, _OPEN_FLAGS)
        try:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                raise StoryError(f"{name}: a folder, not a story file.")
            if not stat.S_ISREG(info.st_mode):
                raise StoryError(f"{name}: not a regular file (a pipe, socket or device).")
            if info.st_size > limit:
                raise StoryError(_too_large(name, info.st_size))
            data = _read_all(fd, info.st_size, name)
        finally:
            os.close(fd)
    except FileNotFoundError as exc:
        raise StoryError(f"{name}: the file is gone (moved or deleted while importing).") from exc
    except PermissionError as exc:
        raise StoryError(f"{name}: permission denied; you may not read this file.") from exc
    except IsADirectoryError as exc:
        raise StoryError(f"{name}: a folder, not a story file.") from exc
    except OSError as exc:
        raise StoryError(f"{name}: cannot read it ({exc.strerror or exc}).") from exc
    return read_story_bytes(data, name, split_articles=split_articles)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_all(fd: int, size: int, name: str) -> bytes:
    """The file's bytes to its end, even if it grew or a read came back short."""
    limit = file_limit(name)
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, max(size + 1 - total, 1 << 16))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise StoryError(_too_large(name, total))  # it grew while we read
        if total == size == len(chunk):  # one short read of what fstat said: the end, no read to confirm it
            return chunk


def _too_large(name: str, size: int) -> str:
    return f"{name}: {size / 1e6:.0f} MB is too large for a story (the limit is {file_limit(name) // 2**20} MB)."


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to import: files as given, folders searched for story files (sorted).
    A file reached twice (given twice, or through a link) is listed once."""
    files, missing = discover_names(paths)
    return [Path(f) for f in files], missing


def discover_names(paths: Iterable[Path | str]) -> tuple[list[str], list[tuple[Path, str]]]:
    """:func:`discover` with the files as strings: a 10,000-file import spent a tenth
    of its time making and printing Path objects."""
    found: list[tuple[str, str]] = []  # (path, what it really is)
    missing: list[tuple[Path, str]] = []
    for p in paths:
        name = os.fspath(p)
        if os.path.isdir(name):
            found += _story_files(name, missing)
        elif os.path.exists(name):
            found.append((name, os.path.realpath(name)))
        else:
            missing.append((Path(name), "no such file or folder"))
    seen: set[str] = set()
    unique = []
    for name, real in found:
        if real not in seen:
            seen.add(real)
            unique.append(name)
    return unique, missing


def _story_files(folder: str, unreadable: list[tuple[Path, str]]) -> list[tuple[str, str]]:
    """(path, real path) of the story files under ``folder``, hidden ones and
    README.md left out, in the order of their paths sorted part by part (as Path
    sorts). Each folder is read once and its names sorted as plain strings, then
    walked depth first: the same order as sorting the whole list by split paths,
    which took a quarter of a 10,000-file import. No file is stat'ed: the directory
    entry says what it is, and only links need resolving. A folder that cannot be
    read is reported and the rest still found."""
    out: list[tuple[str, str]] = []
    # a stack of (real folder, its entries), not recursion: folders may nest deeper than the recursion limit
    pending = [(_real_folder(folder), iter(_listing(folder, unreadable)))]
    while pending:
        real_folder, entries = pending[-1]
        entry = next(entries, None)
        if entry is None:
            pending.pop()
            continue
        name, item = entry
        if item.is_dir(follow_symlinks=False):  # linked folders are not followed
            pending.append((_real_folder(item.path), iter(_listing(item.path, unreadable))))
            continue
        low = name.lower()
        if low.endswith(STORY_EXTENSIONS) and low != "readme.md":  # the dot starts no name here: as splitext
            out.append((item.path, os.path.realpath(item.path) if item.is_symlink() else real_folder + name))
    return out


def _real_folder(folder: str) -> str:
    """The folder's real path ending in a separator, ready to put a name after."""
    return os.path.join(os.path.realpath(folder), "")


def _listing(folder: str, unreadable: list[tuple[Path, str]]) -> list[tuple[str, os.DirEntry[str]]]:
    """The folder's visible entries sorted by name (empty, and reported, if it cannot be read)."""
    try:
        with os.scandir(folder) as listing:
            entries = {e.name: e for e in listing if not e.name.startswith(".")}
    except OSError as exc:
        unreadable.append((Path(folder), f"cannot read the folder ({exc.strerror or exc})"))
        return []
    return [(name, entries[name]) for name in sorted(entries)]
