"""NITF XML (News Industry Text Format): headline, byline, dateline, body paragraphs.

Parsed with defusedxml: a DOCTYPE with entities, external references or an
entity-expansion bomb is refused, never expanded or fetched.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from .base import StoryError

__all__ = ["nitf_story", "is_nitf"]


def is_nitf(text: str) -> bool:
    # A long DOCTYPE can push the root element past the sniffed head; it still names the root.
    head = text[:4096]
    return re.search(r"<nitf[\s>]", head) is not None or re.search(r"<!DOCTYPE\s+nitf\b", head) is not None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _text(el: Element | None) -> str:
    if el is None:
        return ""
    return re.sub(r"\s+", " ", "".join(el.itertext())).strip()


def _find(root: Element, name: str) -> Element | None:
    return next((el for el in root.iter() if _local(el.tag) == name), None)


def nitf_story(xml: str, name: str) -> tuple[str, dict[str, Any]]:
    import defusedxml.ElementTree as SafeET
    from defusedxml import DefusedXmlException

    try:
        root = SafeET.fromstring(xml.encode("utf-8"))
    except DefusedXmlException as exc:
        raise StoryError(
            f"{name}: the XML declares entities or external references, which are refused for safety."
        ) from exc
    except SafeET.ParseError as exc:
        raise StoryError(f"{name}: not well-formed XML ({exc}).") from exc
    if _local(root.tag) != "nitf":
        raise StoryError(f"{name}: an XML file, but not a NITF story (root element <{_local(root.tag)}>).")
    meta: dict[str, Any] = {}
    headline = _text(_find(root, "hl1")) or _text(_find(root, "hedline")) or _text(_find(root, "title"))
    if headline:
        meta["headline"] = headline
    byline = _find(root, "byline")
    if byline is not None:
        meta["byline"] = _text(byline)
    dateline = _find(root, "dateline")
    if dateline is not None:
        meta["dateline"] = _text(dateline)
    for el in root.iter():
        tag = _local(el.tag)
        if tag == "date.issue" and el.get("norm"):
            meta.setdefault("date", el.get("norm"))
        elif tag == "pubdata":
            if el.get("date.publication"):
                meta.setdefault("date", el.get("date.publication"))
            if el.get("name"):
                meta.setdefault("outlet", el.get("name"))
        elif tag == "doc.copyright" and el.get("holder"):
            meta.setdefault("outlet", el.get("holder"))
        elif tag == "story.date" and el.get("norm"):
            meta.setdefault("date", el.get("norm"))
    content = _find(root, "body.content")
    if content is None:
        raise StoryError(f"{name}: a NITF file without <body.content>.")
    paragraphs = [_text(el) for el in content.iter() if _local(el.tag) in ("p", "hl2", "block-quote")]
    paragraphs = [p for p in paragraphs if p]
    if not paragraphs:
        paragraphs = [_text(content)]
    parts = [headline] if headline else []  # byline and dateline stay metadata
    return "\n\n".join(parts + paragraphs), meta
