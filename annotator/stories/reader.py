"""Pick the reader for a story file and turn its bytes into StoryRecords."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from annotator.core.text import normalise

from .base import MAX_STORY_BYTES, STORY_EXTENSIONS, StoryError, StoryRecord
from .decode import decode_bytes, looks_binary
from .html import html_to_story
from .jsonfile import json_stories, jsonl_stories
from .nitf import is_nitf, nitf_story
from .plain import markdown_to_text, title_from_text

__all__ = ["read_story_file", "read_story_bytes", "discover"]


def _kind(name: str, text: str) -> str:
    ext = os.path.splitext(name)[1].lower()
    head = text[:2048].lstrip().lower()
    if ext in (".jsonl", ".ndjson"):
        return "jsonl"
    if ext == ".json":
        return "json"
    if ext in (".md", ".markdown"):
        return "markdown"
    if ext in (".html", ".htm", ".xhtml"):
        return "html"
    if ext in (".xml", ".nitf"):
        return "nitf" if is_nitf(text) else ("html" if head.startswith("<!doctype html") or "<html" in head else "xml")
    return "text"  # .txt and anything else: shown exactly as written


def read_story_bytes(data: bytes, name: str) -> list[StoryRecord]:
    """Stories in one file's bytes; ``name`` is the file name (for the reader and messages)."""
    if len(data) > MAX_STORY_BYTES:
        raise StoryError(f"{name}: {len(data) / 1e6:.0f} MB is too large for a story (the limit is {MAX_STORY_BYTES // 2**20} MB).")
    if not data.strip():
        raise StoryError(f"{name}: the file is empty.")
    raw, encoding = decode_bytes(data, name)
    if looks_binary(raw):
        raise StoryError(f"{name}: this is a binary file, not a story.")
    source = normalise(raw)
    text = source.text
    kind = _kind(name, text)
    stem = Path(name).stem
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
        body = normalise(body).text  # JSON strings may carry CRLF of their own
        if not body.strip():
            raise StoryError(f"{name}: no story text found.")
        full = {**base_meta, **meta}
        title = str(meta.get("headline") or meta.get("title") or "") or title_from_text(body, stem)
        records.append(StoryRecord(title=title, text=body, meta=full, source_path=name, id_hint=ident))
    return records


def read_story_file(path: Path | str) -> list[StoryRecord]:
    path = Path(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise StoryError(f"{path}: a folder, not a story file.")
        if size > MAX_STORY_BYTES:
            raise StoryError(f"{path}: {size / 1e6:.0f} MB is too large for a story (the limit is {MAX_STORY_BYTES // 2**20} MB).")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise StoryError(f"{path}: the file is gone (moved or deleted while importing).") from exc
    except PermissionError as exc:
        raise StoryError(f"{path}: permission denied; you may not read this file.") from exc
    except IsADirectoryError as exc:
        raise StoryError(f"{path}: a folder, not a story file.") from exc
    except OSError as exc:
        raise StoryError(f"{path}: cannot read it ({exc.strerror or exc}).") from exc
    records = read_story_bytes(data, str(path))
    return [StoryRecord(r.title, r.text, r.meta, str(path), r.id_hint) for r in records]


def discover(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to import: files as given, folders searched for story files (sorted)."""
    files: list[Path] = []
    missing: list[tuple[Path, str]] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            try:
                found = sorted(
                    f for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in STORY_EXTENSIONS and not f.name.startswith(".")
                )
            except OSError as exc:
                missing.append((p, f"cannot read the folder ({exc.strerror or exc})"))
                continue
            files += [f for f in found if f.name.lower() != "readme.md"]
        elif p.exists():
            files.append(p)
        else:
            missing.append((p, "no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, missing
