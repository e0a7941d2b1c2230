"""Plain text and Markdown stories."""

from __future__ import annotations

import re

__all__ = ["title_from_text", "markdown_to_text"]


def title_from_text(text: str, fallback: str) -> str:
    """The first non-blank line, capped at 120 characters (found without splitting
    the whole story: it may be megabytes)."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        if end < 0:
            end = len(text)
        line = text[start:end].strip()
        if line:
            return line if len(line) <= 120 else line[:119].rstrip() + "…"
        start = end + 1
    return fallback


_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LIST = re.compile(r"^(\s*)(?:[-*+]|\d+[.)])\s+")
_QUOTE = re.compile(r"^\s{0,3}>\s?")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)|\[([^\]]+)\]\[[^\]]*\]")
_REFDEF = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+")
_AUTOLINK = re.compile(r"<(https?://[^>]+)>")
_EMPH = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1|(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\3(?![\w*])")
_CODE = re.compile(r"`([^`]+)`")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def _inline(line: str) -> str:
    line = _IMAGE.sub(lambda m: m.group(1), line)
    line = _LINK.sub(lambda m: m.group(1) or m.group(2), line)
    line = _AUTOLINK.sub(r"\1", line)
    line = _CODE.sub(r"\1", line)
    for _ in range(3):  # nested emphasis
        line = _EMPH.sub(lambda m: m.group(2) if m.group(1) else m.group(4), line)
    line = _HTML_TAG.sub("", line)
    return re.sub(r"\\([\\`*_{}\[\]()#+\-.!>\"'])", r"\1", line)


def markdown_to_text(md: str) -> tuple[str, str]:
    """The text a reader sees, paragraphs separated by a blank line; and the first heading.

    Deterministic and simple: headings, emphasis, links, images, block quotes,
    list markers and code fences lose their syntax; the words stay as written.
    """
    paragraphs: list[str] = []
    current: list[str] = []
    heading = ""
    in_fence = False

    def flush() -> None:
        if current:
            paragraphs.append(" ".join(s.strip() for s in current if s.strip()))
            current.clear()

    lines = md.split("\n")
    for i, raw in enumerate(lines):
        if _FENCE.match(raw.strip()):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            paragraphs.append(raw)
            continue
        if not raw.strip() or _RULE.match(raw) or _REFDEF.match(raw):
            flush()
            continue
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if _SETEXT.match(nxt) and raw.strip() and not current:
            text = _inline(raw.strip())
            heading = heading or text
            paragraphs.append(text)
            lines[i + 1] = ""
            continue
        m = _HEADING.match(raw)
        if m:
            flush()
            text = _inline(m.group(1))
            heading = heading or text
            paragraphs.append(text)
            continue
        line = _QUOTE.sub("", raw)
        if _LIST.match(line):
            flush()
            line = _LIST.sub("", line)
        current.append(_inline(line))
    flush()
    return "\n\n".join(p for p in paragraphs if p.strip()), heading
