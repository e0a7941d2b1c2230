"""JSON and JSON Lines stories: a text field plus metadata."""

from __future__ import annotations

import json
from typing import Any

from annotator.core.limits import LimitError, loads

from .base import StoryError

__all__ = ["json_stories", "jsonl_stories", "TEXT_FIELDS"]

TEXT_FIELDS = ("text", "body", "content", "article", "story", "full_text")
_META_FIELDS = {
    "headline": ("headline", "title", "hed"),
    "byline": ("byline", "author", "authors", "by"),
    "dateline": ("dateline",),
    "date": ("date", "published", "published_at", "pubdate", "datetime", "publish_date"),
    "outlet": ("outlet", "source", "publisher", "site", "media"),
    "url": ("url", "link"),
    "language": ("language", "lang"),
}


def _flat(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(_flat(v) for v in value if v not in (None, ""))
    if isinstance(value, dict):
        return str(value.get("name") or value.get("text") or "")
    return "" if value is None else str(value)


def story_from_object(obj: Any, where: str) -> tuple[str, dict[str, Any], str]:
    """(raw text, meta, id) from one JSON object, or StoryError."""
    if not isinstance(obj, dict):
        raise StoryError(f"{where}: expected a JSON object with a text field, found {type(obj).__name__}.")
    field = next((f for f in TEXT_FIELDS if isinstance(obj.get(f), str) and obj[f].strip()), None)
    if field is None:
        present = ", ".join(sorted(obj)[:8]) or "no fields"
        raise StoryError(f"{where}: no story text; expected one of {', '.join(TEXT_FIELDS)} (found {present}).")
    meta: dict[str, Any] = {}
    for key, names in _META_FIELDS.items():
        for name in names:
            if obj.get(name) not in (None, "", []):
                flat = _flat(obj[name])
                if flat:
                    meta[key] = flat
                    break
    ident = obj.get("id", obj.get("doc_id", ""))
    return obj[field], meta, "" if ident is None else str(ident)


def json_stories(text: str, name: str) -> list[tuple[str, dict[str, Any], str]]:
    try:
        data = loads(text, "the JSON")
    except json.JSONDecodeError as exc:
        raise StoryError(f"{name}, line {exc.lineno}: not valid JSON ({exc.msg}).") from exc
    except LimitError as exc:
        raise StoryError(f"{name}: {exc}; nothing from this file was imported.") from None
    if isinstance(data, dict) and not any(isinstance(data.get(f), str) for f in TEXT_FIELDS):
        for key in ("stories", "articles", "documents", "items", "data"):
            if isinstance(data.get(key), list):
                data = data[key]
                break
    items = data if isinstance(data, list) else [data]
    if not items:
        raise StoryError(f"{name}: the JSON holds no stories.")
    return [story_from_object(obj, f"{name}, story {i + 1}" if len(items) > 1 else name) for i, obj in enumerate(items)]


def jsonl_stories(text: str, name: str) -> list[tuple[str, dict[str, Any], str]]:
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            obj = loads(line, "the line")
        except json.JSONDecodeError as exc:
            raise StoryError(
                f"{name}, line {lineno}: not valid JSON ({exc.msg}); nothing from this file was imported."
            ) from exc
        except LimitError as exc:
            raise StoryError(f"{name}, line {lineno}: {exc}; nothing from this file was imported.") from None
        out.append(story_from_object(obj, f"{name}, line {lineno}"))
    if not out:
        raise StoryError(f"{name}: the file holds no stories.")
    return out
