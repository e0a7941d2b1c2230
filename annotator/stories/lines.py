"""Lines set for print back into running text: words hyphenated at a line end joined."""

from __future__ import annotations

import re

__all__ = ["join_lines", "vocabulary"]

# A letter, a hyphen (or soft hyphen) ending the line, and a lower-case letter opening the next.
_BROKEN = re.compile(r"(\w+)[-\u00ad]$")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def vocabulary(text: str) -> set[str]:
    """Words (hyphenated compounds whole) the document spells elsewhere: "well-known"
    written on one line says a break after "well-" keeps its hyphen."""
    return {w.lower() for w in _WORD.findall(text)}


def join_lines(lines: list[str], words: set[str] | None = None) -> str:
    """One paragraph from its printed lines."""
    out = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if not out:
            out = line
            continue
        m = _BROKEN.search(out)
        first = re.match(r"[^\W\d_]+", line)
        if m and first and line[0].islower():
            head, tail = m.group(1), first.group(0)
            compound = f"{head}-{tail}".lower()
            if out.endswith("\u00ad") or not words or compound not in words or (head + tail).lower() in words:
                out = out[:-1] + line  # "con-" + "tractor" -> "contractor"
            else:
                out = out + line  # "well-" + "known" -> "well-known", as the document writes it elsewhere
        else:
            out = f"{out} {line}"
    return out
