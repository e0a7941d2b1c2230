"""Short quotations of story text for status-bar messages and questions."""

from __future__ import annotations

__all__ = ["quoted"]

_MARKS = "\"'“”‘’«»„‚「」"


def quoted(text: str, limit: int = 60) -> str:
    """``text`` on one line, in curly quotes, cut with an ellipsis: never ““doubled”” marks."""
    one_line = " ".join(text.split())
    inner = one_line.strip(_MARKS + " ")
    if len(inner) > limit:
        inner = inner[: limit - 1].rstrip() + "…"
    return f"“{inner}”"
