"""Before an import: which Word and PDF files hold several articles, and what they are."""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from annotator.stories import StoryError, read_story_file
from annotator.stories.base import DOCUMENT_EXTENSIONS

__all__ = ["ArticleInfo", "FileArticles", "preview_articles"]

MAX_PREVIEW_FILES = 50  # a folder of hundreds is imported as chosen, not previewed file by file


@dataclass(frozen=True)
class ArticleInfo:
    title: str
    words: int
    opening: str  # the first words after the headline, to recognise the article by


@dataclass(frozen=True)
class FileArticles:
    path: str
    articles: list[ArticleInfo]


def _info(title: str, text: str) -> ArticleInfo:
    body = text[len(title) :].strip() if text.startswith(title) else text
    opening = " ".join(body.split()[:14])
    return ArticleInfo(title, len(text.split()), opening + ("…" if len(body.split()) > 14 else ""))


def preview_articles(paths: Iterable[Path | str]) -> list[FileArticles]:
    """The Word and PDF files among ``paths`` (given directly, not in folders) that
    split into more than one article. A file that cannot be read is left out: the
    import itself reports why."""
    found = []
    docs = [os.fspath(p) for p in paths if os.path.splitext(os.fspath(p))[1].lower() in DOCUMENT_EXTENSIONS]
    for path in docs[:MAX_PREVIEW_FILES]:
        if not os.path.isfile(path):
            continue
        try:
            records = read_story_file(path, split_articles=True)
        except StoryError:
            continue
        if len(records) > 1:
            found.append(FileArticles(path, [_info(r.title, r.text) for r in records]))
    return found
