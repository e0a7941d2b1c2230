"""Word and PDF files -> StoryRecords: one story, or one per article when asked."""

from __future__ import annotations

import os
from typing import Any

from annotator.core.limits import text_problem
from annotator.core.text import normalise

from .articles import Article, Block, split_articles, story_meta
from .base import DOCUMENT_EXTENSIONS, MAX_DOCUMENT_BYTES, MAX_STORY_BYTES, StoryError, StoryRecord

__all__ = ["document_stories", "document_articles", "is_document", "file_limit"]


def is_document(name: str) -> bool:
    # Asked several times per file of an import: most names end otherwise, told at once.
    return name.lower().endswith(DOCUMENT_EXTENSIONS) and os.path.splitext(name)[1].lower() in DOCUMENT_EXTENSIONS


def file_limit(name: str) -> int:
    """The largest file of this kind that is read."""
    return MAX_DOCUMENT_BYTES if is_document(name) else MAX_STORY_BYTES


def _blocks(data: bytes, name: str) -> tuple[list[Block], dict[str, Any], str]:
    if os.path.splitext(name)[1].lower() == ".pdf":
        from .pdf import pdf_blocks

        blocks, meta = pdf_blocks(data, name)
        return blocks, meta, "pdf"
    from .docx import docx_blocks

    blocks, meta = docx_blocks(data, name)
    return blocks, meta, "docx"


def document_articles(data: bytes, name: str, *, split: bool = True) -> tuple[list[Article], str]:
    """The file's articles (one when ``split`` is false or it holds one) and its format."""
    blocks, file_meta, kind = _blocks(data, name)
    if not blocks:
        raise StoryError(f"{name}: no story text found (the document is empty).")
    if split:
        articles = split_articles(blocks)
    else:
        articles = [Article([b.text for b in blocks], story_meta(blocks))]
    if not articles:
        raise StoryError(f"{name}: no story text found.")
    if len(articles) == 1 and "headline" not in articles[0].meta and file_meta.get("title"):
        articles[0].meta["headline"] = file_meta["title"]
    return articles, kind


def document_stories(data: bytes, name: str, *, split_articles: bool = False) -> list[StoryRecord]:
    articles, kind = document_articles(data, name, split=split_articles)
    stem = os.path.splitext(os.path.basename(name))[0]
    records = []
    for i, article in enumerate(articles):
        text = normalise(article.text).text
        if not text.strip():
            continue
        if len(text) > MAX_STORY_BYTES:
            raise StoryError(f"{name}: the text is too long for one story ({len(text) / 1e6:.0f} million characters).")
        why = text_problem(text, "the story text")
        if why:  # a PDF's text layer can hold what no story may: NUL, a lone surrogate
            raise StoryError(f"{name}: {why}; nothing from this file was imported.")
        meta = {"format": kind, **article.meta}
        if len(articles) > 1:
            meta["article"] = f"{i + 1} of {len(articles)}"
        title = article.title if len(article.title) <= 200 else article.title[:199].rstrip() + "…"
        records.append(StoryRecord(title=title or stem, text=text, meta=meta, source_path=name))
    if not records:
        raise StoryError(f"{name}: no story text found.")
    return records
