"""Wire-service furniture: slug lines, credits, captions and editor's notes are not
reported speech, however many quotation marks they hold; datelines are not speakers."""

from __future__ import annotations

import re

__all__ = ["is_furniture", "dateline_end"]

_FURNITURE = re.compile(
    r"\(?\s*(?:ATTN|ADDS|UPDATES?|RECASTS|CORRECTS|REFILES|REPEATS|ADVISORY|FIXES|CHANGES|WRAPUP|URGENT)\b[^)\n]*"
    r"|\(?\s*(?:(?:Additional |Further )?[Rr]eporting|Writing|Editing|Compiled|Produced) by\b"
    r"|(?:Editor|EDITOR)(?:['\u2019][sS]|[sS]['\u2019]?)? (?:note|NOTE)\b"
    r"|(?:FILE )?PHOTOS?\b|Photo(?:graph)?s?(?: by| credit)?\s*:|\(?Photo (?:by|credit)\b|Caption\s*:|Pictured\s*:"
    r"|Image\s*:|Video\s*:|Click here\b|Read (?:the rest|more)\b|Follow [A-Z][\w ]{0,30} on Twitter"
    r"|\[?(?:Getty|Instagram|Twitter|Facebook)[/\w ]*\]?\.?$"
)
# a caption's credit: "(AP Photo/Evan Vucci)", "REUTERS/Kevin Lamarque", "Getty Images"
_CREDIT = re.compile(r"\((?:AP|AFP|EPA|Reuters|Xinhua|Yonhap)(?: Photo)?/[^)]*\)|\b(?:REUTERS|AFP|EPA)/[A-Z][a-z]+")
# "SEOUL, Sept. 9 (Yonhap) --", "WASHINGTON (Reuters) -", "BEIJING —"
_DATELINE = re.compile(
    r"[A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][\w.]*(?:\s+\d{1,2})?)?\s*(?:\([A-Za-z .]{2,20}\)\s*)?(?:--|-|\u2014|\u2013)\s+"
)


def is_furniture(para: str) -> bool:
    """A paragraph that is wire copy's furniture, not the story's text."""
    head = para.lstrip()
    if _FURNITURE.match(head):
        return True
    return bool(_CREDIT.search(head)) and len(head.split()) < 60


def dateline_end(para: str) -> int:
    """Length of a dateline opening the paragraph (0 if none)."""
    m = _DATELINE.match(para)
    return m.end() if m else 0
