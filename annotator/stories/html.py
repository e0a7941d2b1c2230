"""HTML stories: the article's text and metadata, found by trafilatura.

trafilatura (with lxml) finds the article body the way the best extractors do
(bench/html_extraction.py measures it). What it is given is a string, never a URL,
so nothing is fetched: lxml's parser loads no DTD, resolves no external entity and
touches no network; no script runs and no image, stylesheet or frame is loaded.
Page furniture that trafilatura sometimes keeps (captions, "related" boxes,
hidden values, form controls) is pruned before it looks.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Any

__all__ = ["html_to_story"]

# Removed before extraction: never story text, wherever they sit in the page.
_PRUNE = [
    "//nav",
    "//footer[not(ancestor::article)]",  # the page's footer; an article's own footer may hold its last lines
    "//aside",
    "//figcaption",
    "//figure",
    "//button",
    "//select",
    "//textarea",
    "//noscript",
    "//*[@hidden]",
    "//*[@aria-hidden='true']",
    "//*[contains(translate(@style, ' ', ''), 'display:none')]",
    "//*[contains(translate(@style, ' ', ''), 'visibility:hidden')]",
]
# "WASHINGTON (AP) —" or "LONDON, March 3 -" at the start of the first paragraph.
_DATELINE = re.compile(r"^([A-Z][A-Z.' -]{2,40}(?:,[^—–\n]{2,30})?(?:\s*\([A-Za-z. ]{1,20}\))?)\s*[—–-]{1,2}\s+\S")


_SHORT = 250  # trafilatura's MIN_EXTRACTED_SIZE: below it, it tries its recovery paths


@lru_cache(maxsize=2)
def _config(short: bool) -> Any:
    from trafilatura.settings import use_config

    config = use_config()
    if short:
        # A short press note is still a story: keep its paragraphs instead of the recovery
        # paths, which return the page's text as one run-on line.
        config.set("DEFAULT", "MIN_EXTRACTED_SIZE", "1")
        config.set("DEFAULT", "MIN_OUTPUT_SIZE", "1")
    return config


# A visible byline or dateline element says it as the page prints it ("By Ann Lee, Health
# Correspondent"); the author meta tag only gives the name.
_MARKED = {
    "byline": "//*[contains(concat(' ', normalize-space(@class), ' '), ' byline ') or @itemprop='author']",
    "dateline": "//*[contains(concat(' ', normalize-space(@class), ' '), ' dateline ')]",
}


def _marked(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for key, xpath in _MARKED.items():
        for el in tree.xpath(xpath)[:5]:
            text = re.sub(r"\s+", " ", el.text_content()).strip()
            if 2 < len(text) <= 150:
                found[key] = text
                break
    return found


def _extract(tree: Any, short: bool) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        fast=True,  # measured: its fallbacks lose precision on news pages and double the time
        favor_recall=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        with_metadata=True,
        deduplicate=False,
        # Dates the page states (meta tags, markup, text); not the wider guesses, which turn a
        # "© 2026" footer into 2026-01-01.
        date_extraction_params={
            "original_date": True,
            "extensive_search": False,
            "max_date": datetime.now().astimezone().strftime("%Y-%m-%d"),
        },
        prune_xpath=_PRUNE,
        config=_config(short),
    )


def _paragraphs(text: str) -> list[str]:
    return [p for p in (re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in text.split("\n")) if p]


def html_to_story(html: str) -> tuple[str, dict[str, Any]]:
    """(text, meta): the article's paragraphs separated by blank lines ("" when the page
    holds no story), with headline, byline, dateline, date and outlet when the page says."""
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return "", {}
    marked = _marked(tree)
    links = {re.sub(r"\s+", " ", a.text_content()).strip() for a in tree.iter("a")}
    doc = _extract(tree, short=False)
    if doc is None or len(doc.text or "") < _SHORT:
        # Measured: the usual minimum recovers articles a first pass cut short (a paywall
        # teaser); a page whose story really is short is read again keeping its paragraphs.
        short_doc = _extract(load_html(html), short=True)
        if short_doc is not None and (short_doc.text or "").strip():
            doc = short_doc
    if doc is None or not (doc.text or "").strip():
        return "", {}
    paragraphs = _paragraphs(doc.text)
    if all(p.lstrip("- ") in links for p in paragraphs):
        return "", {}  # only link text (a section front, a menu left standing): no story here
    meta: dict[str, Any] = {}
    for key, value in (
        ("headline", doc.title),
        ("byline", doc.author),
        ("date", doc.date),
        ("outlet", doc.sitename),
        ("url", doc.url),
        ("language", doc.language),
    ):
        if value and str(value).strip():
            meta[key] = re.sub(r"\s+", " ", str(value)).strip()
    if "byline" in meta:
        meta["byline"] = meta["byline"].replace("; ", ", ")  # trafilatura's separator; JSON stories use ", "
    for p in paragraphs[:3]:
        m = _DATELINE.match(p)
        if m:
            meta["dateline"] = m.group(1).strip()
            break
    if "byline" in marked and ("byline" not in meta or meta["byline"].split(",")[0] in marked["byline"]):
        meta["byline"] = marked["byline"]
    if "dateline" in marked:
        meta.setdefault("dateline", marked["dateline"])
    return "\n\n".join(paragraphs), meta
