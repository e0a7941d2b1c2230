"""Values shared by the story readers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from annotator.core.limits import MAX_STORY_BYTES  # the one story-size limit every reader shares

__all__ = [
    "StoryRecord",
    "StoryError",
    "STORY_EXTENSIONS",
    "DOCUMENT_EXTENSIONS",
    "MAX_STORY_BYTES",
    "MAX_DOCUMENT_BYTES",
]

# What "Open stories" and folder imports pick up.
STORY_EXTENSIONS = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".json",
    ".jsonl",
    ".ndjson",
    ".xml",
    ".nitf",
    ".docx",
    ".pdf",
)
# Word and PDF files carry pictures and fonts beside the text: a larger file limit.
DOCUMENT_EXTENSIONS = (".docx", ".pdf")

# Word and PDF files carry pictures and fonts beside the text: the file may be larger
# than a story's text may be (the text extracted from it still meets MAX_STORY_BYTES).
MAX_DOCUMENT_BYTES = 100 * 1024 * 1024


class StoryError(ValueError):
    """A story file that cannot be read; the message names the file and says why."""


@dataclass(frozen=True)
class StoryRecord:
    title: str
    text: str  # normalised: decoded, CRLF/CR -> LF, no BOM
    meta: dict[str, Any] = field(
        default_factory=dict
    )  # headline, byline, dateline, date, outlet, encoding, newline, format
    source_path: str = ""
    id_hint: str = ""  # an id the file itself gives (JSON "id"), if any
