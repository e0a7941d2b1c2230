"""PDF stories: the text layer in reading order, read with pypdf.

pypdf is pure Python with limits of its own on inflated streams (a decompression
bomb stops at its cap, not at the machine's memory). Each page is laid out as
fixed-width text (pypdf's layout mode, which places every glyph by its position), so
the reading order is the page's, not the content stream's: a gutter of blank columns
shared by many lines splits the page into columns read left to right. Lines that
repeat at the top or bottom of pages (running heads, page numbers) are dropped;
lines become paragraphs again at blank lines or a short line that ends a sentence,
and words hyphenated at a line end are joined.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from typing import Any

from .articles import Block, is_marker
from .base import StoryError
from .lines import join_lines, vocabulary

__all__ = ["pdf_blocks", "MAX_PAGES"]

MAX_PAGES = 3000
_PAGE_NUMBER = re.compile(r"^\W*(?:page\s*)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\W*$", re.I)
_ENDS_SENTENCE = re.compile(r"[.!?:;\"”’)]$")


def _refuse_unreadable(reader: Any, name: str) -> None:
    from pypdf.errors import DependencyError

    if not reader.is_encrypted:
        return
    try:
        ok = reader.decrypt("")  # "owner password only": readable by anyone, as viewers do
    except DependencyError as exc:
        raise StoryError(f"{name}: the PDF is encrypted (AES); save an unencrypted copy and import that.") from exc
    except Exception as exc:
        raise StoryError(f"{name}: the PDF is encrypted and cannot be opened ({exc}).") from exc
    if not ok:
        raise StoryError(f"{name}: the PDF is password-protected; save a copy without a password.")


def _page_texts(data: bytes, name: str) -> tuple[list[list[str]], dict[str, Any]]:
    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.CRITICAL)  # damaged files are reported to the user, not the log
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        _refuse_unreadable(reader, name)
        count = len(reader.pages)
        if count == 0:
            raise StoryError(f"{name}: the PDF has no pages.")
        if count > MAX_PAGES:
            raise StoryError(f"{name}: {count} pages is too many for a story file (the limit is {MAX_PAGES}).")
        pages = []
        for page in reader.pages:
            try:
                text = page.extract_text(extraction_mode="layout")
            except Exception:  # an odd font or matrix: the plain order is better than nothing
                text = page.extract_text()
            pages.append(text.split("\n"))
        meta: dict[str, Any] = {}
        title = reader.metadata.get("/Title") if reader.metadata is not None else None
        if isinstance(title, str) and title.strip():
            meta["title"] = title.strip()
    except StoryError:
        raise
    except (Exception, RecursionError) as exc:  # pypdf raises many kinds on damaged files
        raise StoryError(f"{name}: the PDF is damaged or not a PDF ({type(exc).__name__}: {exc}).") from exc
    return pages, meta


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", " ", line.strip().lower()))


def _drop_furniture(pages: list[list[str]]) -> list[list[str]]:
    """Without running heads, running feet and page numbers."""
    ends: list[list[int]] = []
    for lines in pages:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        ends.append(filled[:2] + filled[-2:] if len(filled) > 4 else filled[:1] + filled[-1:])
    seen = Counter(_key(pages[p][i]) for p, idx in enumerate(ends) for i in set(idx))
    repeat = max(2, (len(pages) + 1) // 2)
    out = []
    for p, lines in enumerate(pages):
        drop = {
            i
            for i in ends[p]
            if not is_marker(lines[i])  # "Document 2 of 9" repeats too, but opens an article
            and (_PAGE_NUMBER.match(lines[i]) or (len(pages) > 1 and seen[_key(lines[i])] >= repeat))
        }
        out.append([line for i, line in enumerate(lines) if i not in drop])
    return out


def _gutter(lines: list[str]) -> int:
    """The character column between two text columns, or 0 when the lines are one column."""
    filled = [line.rstrip() for line in lines if line.strip()]
    if len(filled) < 6:
        return 0
    width = max(len(line) for line in filled)
    best, best_count = 0, 0
    for g in range(width // 5, 4 * width // 5):
        count = sum(1 for line in filled if len(line) > g + 1 and not line[g - 1 : g + 2].strip() and line[:g].strip())
        if count > best_count:
            best, best_count = g, count
    return best if best_count >= max(4, len(filled) * 0.3) else 0


def _reading_order(lines: list[str], depth: int = 0) -> list[str]:
    """The lines of one page with columns read one after the other."""
    g = _gutter(lines) if depth < 3 else 0
    if not g:
        return lines
    out: list[str] = []
    left: list[str] = []
    right: list[str] = []

    def flush() -> None:
        out.extend(_reading_order(left, depth + 1))
        out.append("")
        out.extend(_reading_order(right, depth + 1))
        left.clear()
        right.clear()

    for line in lines:
        if len(line) > g and line[g - 1 : g + 2].strip() and line[:g].strip() and line[g:].strip():
            flush()  # a line across the gutter (a headline over both columns) ends the columns above it
            out.append(line)
        else:
            left.append(line[:g].rstrip())
            right.append(line[g:])
    flush()
    return out


def _paragraphs(lines: list[str], words: set[str]) -> list[str]:
    """Printed lines back into paragraphs: a blank line, or a short line ending a
    sentence, ends one."""
    paragraphs: list[str] = []
    group: list[str] = []
    for line in [*lines, ""]:
        marker = is_marker(line)
        if line.strip() and not marker:
            group.append(re.sub(r"\s{2,}", " ", line.strip()))
            continue
        if group:
            width = max(len(x) for x in group)
            current: list[str] = []
            for x in group:
                current.append(x)
                if len(x) < 0.7 * width and _ENDS_SENTENCE.search(x) and len(group) > 2:
                    paragraphs.append(join_lines(current, words))
                    current = []
            if current:
                paragraphs.append(join_lines(current, words))
            group = []
        if marker:
            paragraphs.append(line.strip())  # an export's "Document 2 of 9" stands alone
    return paragraphs


def pdf_blocks(data: bytes, name: str) -> tuple[list[Block], dict[str, Any]]:
    """The text's paragraphs in reading order, or StoryError."""
    if b"%PDF-" not in data[:1024]:
        raise StoryError(f"{name}: not a PDF file (no %PDF header).")
    pages, meta = _page_texts(data, name)
    pages = [_reading_order(lines) for lines in _drop_furniture(pages)]
    words = vocabulary("\n".join("\n".join(p) for p in pages))
    blocks: list[Block] = []
    for lines in pages:
        paras = _paragraphs(lines, words)
        # A paragraph running on over the page break is one paragraph.
        if blocks and paras and not _ENDS_SENTENCE.search(blocks[-1].text) and paras[0][:1].islower():
            blocks[-1] = Block(join_lines([blocks[-1].text, paras.pop(0)], words))
        blocks += [Block(p) for p in paras]
    if not blocks:
        raise StoryError(f"{name}: the PDF has no text layer (a scan?); run text recognition (OCR) on it first.")
    first = blocks[0].text
    if len(first) <= 150 and not _ENDS_SENTENCE.search(first):
        blocks[0] = Block(first, heading=1)  # a short first line without a full stop: the headline
    return blocks, meta
