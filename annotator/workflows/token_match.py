"""Matching a story rebuilt from tokens (a CoNLL file) to the project story it came from.

A CoNLL file keeps only the words: its reader rebuilds the text with single spaces
between tokens and a line feed between sentences, so the text (and its hash) is not
the story's any more and an export read back would make every story a second time.
A project story is the one a rebuilt story came from when it has the same tokens in
the same order: the same characters once all whitespace is taken out, each token
found in turn after the whitespace before it. The spans then move onto the story's
own text, token for token.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from annotator.core.model import AnnotatedDocument, Document
from annotator.core.text import fragment_text
from annotator.store import Repository

__all__ = ["TokenMatcher", "token_offsets"]


def _squeezed(text: str) -> str:
    return hashlib.sha256("".join(text.split()).encode("utf-8", "surrogatepass")).hexdigest()


def token_offsets(original: str, rebuilt: str) -> tuple[dict[int, int], dict[int, int]] | None:
    """(token starts, token ends) of ``rebuilt`` mapped to ``original``, or None when
    ``original`` does not hold the same tokens in the same order."""
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    pos, n = 0, len(original)
    at = 0  # position in rebuilt
    for token in rebuilt.split():
        at = rebuilt.index(token, at)
        while pos < n and original[pos].isspace():
            pos += 1
        if not original.startswith(token, pos):
            return None
        starts[at], ends[at + len(token)] = pos, pos + len(token)
        pos += len(token)
        at += len(token)
    if original[pos:].strip():
        return None
    return starts, ends


class TokenMatcher:
    """Finds the project story a rebuilt story came from, by its id first, else by its tokens."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self._by_tokens: dict[str, list[str]] | None = None

    def _index(self) -> dict[str, list[str]]:
        if self._by_tokens is None:  # built once per file, and only if an id does not match
            self._by_tokens = {}
            for doc in self.repo.iter_documents():
                self._by_tokens.setdefault(_squeezed(doc.text), []).append(doc.id)
        return self._by_tokens

    def onto_story(self, item: AnnotatedDocument, taken: set[str]) -> AnnotatedDocument | None:
        """``item`` moved onto the text of the story it came from, or None if there is none
        (``taken``: the project's story ids)."""
        rebuilt = item.document
        if self.repo.documents_by_hash(rebuilt.sha256):
            return None  # the text is a story's already: the ordinary match takes it
        ids = [rebuilt.id] if rebuilt.id in taken else []
        ids += [i for i in self._index().get(_squeezed(rebuilt.text), []) if i not in ids]
        for doc_id in ids:
            story = self.repo.document(doc_id)
            moved = _moved(item, story)
            if moved is not None:
                return moved
        return None


def _moved(item: AnnotatedDocument, story: Document) -> AnnotatedDocument | None:
    offsets = token_offsets(story.text, item.document.text)
    if offsets is None:
        return None
    starts, ends = offsets
    spans = []
    for span in item.spans:
        try:
            frags = tuple((starts[s], ends[e]) for s, e in span.fragments)
        except KeyError:
            return None  # a span edge inside a token: not what a token file holds
        spans.append(replace(span, doc_id=story.id, fragments=frags, text=fragment_text(story.text, frags)))
    doc = replace(item.document, id=story.id, text=story.text, sha256=story.sha256, title=story.title)
    relations = [replace(r, doc_id=story.id) for r in item.relations]
    return AnnotatedDocument(doc, spans, relations)
