"""Pick the reader for a story file and turn its bytes into StoryRecords."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
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


def _kind(name: str, text: str) -> str:
    ext = os.path.splitext(name)[1].lower()
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
    kind = _kind(name, text)
    stem = os.path.splitext(os.path.basename(name))[0]
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
                why = "only navigation, links or scripts, or markup that does not parse"
                raise StoryError(f"{name}: no story text found in this page ({why}).")
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
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
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
            # Sorted folder by folder, as Path sorts, but on strings: comparing
            # 10,000 Path objects took a quarter of an import.
            found += sorted(_story_files(name, missing), key=lambda f: f[0].split(os.sep))
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


def _story_files(folder: str, unreadable: list[tuple[Path, str]]) -> Iterator[tuple[str, str]]:
    """(path, real path) of the story files under ``folder``, hidden ones and
    README.md left out. Each folder is read once and no file is stat'ed: the
    directory entry says what it is, and only links need resolving. A folder that
    cannot be read is reported and the rest still found."""
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = list(listing)
        except OSError as exc:
            unreadable.append((Path(current), f"cannot read the folder ({exc.strerror or exc})"))
            continue
        real_folder = os.path.realpath(current)
        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):  # linked folders are not followed
                pending.append(entry.path)
            elif os.path.splitext(name)[1].lower() in STORY_EXTENSIONS and name.lower() != "readme.md":
                real = os.path.realpath(entry.path) if entry.is_symlink() else os.path.join(real_folder, name)
                yield entry.path, real
