"""HTML stories: the article's text, without markup, navigation or scripts.

Built on the standard library's html.parser, which never loads anything: no
script runs, no image, stylesheet or frame is fetched.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

__all__ = ["html_to_story"]

_SKIP = {
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "template",
    "svg",
    "iframe",
    "object",
    "embed",
    "canvas",
    "menu",
    "dialog",
    "figure",
}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "th",
    "dd",
    "dt",
    "br",
    "tr",
    "ul",
    "ol",
    "table",
    "hr",
    "address",
}
_VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "source", "wbr", "track", "param"}
_NOISE_CLASS = re.compile(
    r"\b(nav|menu|footer|header|sidebar|advert|ad-|ads|promo|share|social|related|newsletter|cookie|comments?|breadcrumb|subscribe)\b",
    re.I,
)
_BYLINE_CLASS = re.compile(r"\bbyline\b|\bauthor\b", re.I)
_DATELINE_CLASS = re.compile(r"\bdateline\b", re.I)
_META_KEYS = {
    "author": "byline",
    "byl": "byline",
    "article:author": "byline",
    "dc.creator": "byline",
    "article:published_time": "date",
    "date": "date",
    "dc.date": "date",
    "pubdate": "date",
    "og:title": "headline",
    "headline": "headline",
    "og:site_name": "outlet",
    "application-name": "outlet",
}


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool, str]] = []  # (tag, skipping, role)
        self.blocks: list[tuple[str, str, int]] = []  # (text, role, article depth)
        self.buf: list[str] = []
        self.role = ""
        self.meta: dict[str, str] = {}
        self.title = ""
        self.h1 = ""
        self._in_title = False
        self._article = 0

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.buf)).strip()
        self.buf = []
        if text:
            self.blocks.append((text, self.role, self._article))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (a.get("name") or a.get("property") or a.get("itemprop") or "").lower()
            if key in _META_KEYS and a.get("content"):
                self.meta.setdefault(_META_KEYS[key], a["content"].strip())
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in _VOID:
            if tag in ("br", "hr") and not self.skipping:
                self._flush()
            return
        cls = f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}"
        skip = (
            self.skipping
            or tag in _SKIP
            or (
                tag in ("div", "section", "ul", "aside")
                and bool(_NOISE_CLASS.search(cls))
                and not _BYLINE_CLASS.search(cls)
            )
        )
        role = self.stack[-1][2] if self.stack else ""
        if _BYLINE_CLASS.search(cls):
            role = "byline"
        elif _DATELINE_CLASS.search(cls):
            role = "dateline"
        elif tag == "h1":
            role = "h1"
        if tag in _BLOCK and not self.skipping:
            self._flush()
        if tag == "article" and not skip:
            self._article += 1
        self.stack.append((tag, skip, role))
        self.role = role

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
            return
        if tag in _VOID:
            return
        # Close up to the matching open tag (HTML in the wild is not well nested).
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                if tag in _BLOCK and not self.stack[i][1]:
                    self._flush()
                if tag == "article" and not self.stack[i][1]:
                    self._article = max(0, self._article - 1)
                del self.stack[i:]
                break
        self.role = self.stack[-1][2] if self.stack else ""

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skipping:
            self.buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_story(html: str) -> tuple[str, dict[str, Any]]:
    """(text, meta): paragraphs of the article separated by blank lines."""
    p = _Parser()
    p.feed(html)
    p.close()
    blocks = p.blocks
    if any(depth for _, _, depth in blocks):
        blocks = [b for b in blocks if b[2]]  # the <article> wins over everything around it
    meta: dict[str, Any] = {}
    body: list[str] = []
    for text, role, _ in blocks:
        if role == "byline" and "byline" not in meta:
            meta["byline"] = text
        elif role == "dateline" and "dateline" not in meta:
            meta["dateline"] = text
        if role == "h1" and "headline" not in meta:
            meta["headline"] = text
        body.append(text)
    for key, value in p.meta.items():
        meta.setdefault(key, value)
    title = re.sub(r"\s+", " ", p.title).strip()
    if "headline" not in meta and title:
        meta["headline"] = title
    return "\n\n".join(body), meta
