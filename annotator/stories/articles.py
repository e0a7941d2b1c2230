"""Several articles in one document: archive and database exports, one after another.

LexisNexis-style exports open each article with "3 of 12 DOCUMENTS" (or "Document 3 of
12") and may close it with "End of Document"; Factiva closes each with a "Document
<id>" line; hand-made compilations put a rule ("* * *", "____") between stories.
:func:`split_articles` cuts at those markers (and, in Word files, at headline styles
when there are no markers), drops the markers, and lifts the field lines such exports
carry ("Byline:", "Length:", "Load-Date:") into each article's metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Block", "Article", "split_articles", "story_meta", "has_markers", "is_marker"]

_START = re.compile(r"^\s*(?:document\s+\d+\s+of\s+\d+|\d+\s+of\s+\d+\s+documents?)\s*$", re.I)
_END = re.compile(
    r"^\s*(?:end\s+of\s+document|document\s+(?=[a-z]*\d)[a-z0-9]{12,}|[*_=~-](?:\s*[*_=~-]){2,})\s*$", re.I
)
_FIELD = re.compile(
    r"^(byline|dateline|length|section|load-date|publication-date|language|publication-type|journal-code|"
    r"copyright|source|highlight|graphic|document-type|subject|geographic|company|word count|words)\s*:\s*(.*)$",
    re.I,
)
_FIELD_META = {"byline": "byline", "dateline": "dateline", "load-date": "date", "publication-date": "date"}
_BY = re.compile(r"^by\s+\S", re.I)
_DATELINE = re.compile(r"^([A-Z][A-Z.' -]{2,40}(?:,[^—–\n]{2,30})?(?:\s*\([A-Za-z. ]{1,20}\))?)\s*[—–-]{1,2}\s+\S")
_WORDS = re.compile(r"^\d[\d,.]*\s+words\s*$", re.I)


@dataclass
class Block:
    text: str
    heading: int = 0  # 1 for a title or first-level heading style, 2.. for lower levels; 0 for body text


@dataclass
class Article:
    paragraphs: list[str]
    meta: dict[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def title(self) -> str:
        return str(self.meta.get("headline") or (self.paragraphs[0] if self.paragraphs else ""))


def is_marker(text: str) -> bool:
    """A line that opens or closes an article in an export ("Document 2 of 9", "End of Document")."""
    return bool(_START.match(text) or _END.match(text))


def has_markers(blocks: list[Block]) -> bool:
    return any(is_marker(b.text) for b in blocks)


def story_meta(blocks: list[Block]) -> dict[str, Any]:
    """Headline, byline and dateline an article's first paragraphs show."""
    meta: dict[str, Any] = {}
    for b in blocks[:6]:
        text = b.text.strip()
        if "headline" not in meta and b.heading == 1 and len(text) <= 300:
            meta["headline"] = text
        elif "byline" not in meta and _BY.match(text) and len(text) <= 120:
            meta["byline"] = text
        elif "dateline" not in meta and b.heading == 0:
            m = _DATELINE.match(text)
            if m:
                meta["dateline"] = m.group(1).strip()
    return meta


def _article(blocks: list[Block]) -> Article | None:
    """An article from its blocks: export field lines become metadata, not text."""
    meta: dict[str, Any] = {}
    kept: list[Block] = []
    for b in blocks:
        m = _FIELD.match(b.text.strip())
        if m and len(b.text) <= 300:
            key = _FIELD_META.get(m.group(1).lower())
            if key and m.group(2).strip():
                meta.setdefault(key, m.group(2).strip())
            continue
        if _WORDS.match(b.text):  # Factiva's "523 words" line
            continue
        kept.append(b)
    if not kept:
        return None
    found = story_meta(kept)
    if "headline" not in found and len(kept) > 1 and len(kept[0].text) <= 200:
        found["headline"] = kept[0].text.strip()  # exports put each article's headline first
    return Article([b.text for b in kept], {**found, **meta})


def split_articles(blocks: list[Block]) -> list[Article]:
    """One Article per article in the document; a document without markers or
    repeated headline styles is one article."""
    chunks: list[list[Block]] = []
    current: list[Block] = []
    if has_markers(blocks):
        for b in blocks:
            if _START.match(b.text):
                chunks.append(current)
                current = []
            elif _END.match(b.text):
                current.append(b)  # the marker closes this article
                chunks.append(current[:-1])
                current = []
            else:
                current.append(b)
        chunks.append(current)
    elif sum(b.heading == 1 for b in blocks) >= 2:
        for b in blocks:
            if b.heading == 1 and any(x.heading == 0 for x in current):
                chunks.append(current)
                current = []
            current.append(b)
        chunks.append(current)
    else:
        chunks = [blocks]
    if any(_START.match(b.text) for b in blocks) and len(chunks) > 1 and not _has_body(chunks[0]):
        chunks = chunks[1:]  # a cover before the first article: the export's search terms, a contents list
    return [a for a in (_article(c) for c in chunks if c) if a is not None]


def _has_body(blocks: list[Block]) -> bool:
    return sum(len(b.text) > 100 for b in blocks) >= 3
