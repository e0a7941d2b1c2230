"""Whom do we quote? Sources of attributions, normalised and counted.

Names are grouped case- and spacing-insensitively (Unicode NFKC, casefolded,
honorifics and a leading "the" ignored), and shown in their most common
spelling, so "Mayor Luis Ortiz", "luis  ortiz" and "Luis Ortiz" count once.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

__all__ = ["source_key", "SourceStats", "tally_sources", "SourceLink"]

_TITLES = re.compile(
    r"^(?:the|mr|mrs|ms|dr|prof|professor|mayor|minister|president|sen|senator|rep|gov|governor|sir|dame)\.?\s+",
    re.IGNORECASE,
)


def source_key(name: str) -> str:
    """The grouping key of a source name ('' for no name)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    text = re.sub(r"\s+", " ", text)
    previous = None
    while previous != text:
        previous, text = text, _TITLES.sub("", text)
    return text.strip(" .,;:").casefold()


class SourceLink(NamedTuple):
    """One attribution with a source and, if linked, what it introduces (a row of
    Repository.source_links, named)."""

    attribution_id: str
    doc_id: str
    source: str
    source_kind: str
    target_id: str | None
    target_label: str | None


@dataclass
class SourceStats:
    key: str
    name: str
    attributions: int = 0
    by_label: Counter[str] = field(default_factory=Counter)  # QUOTE/CLAIM introduced
    by_kind: Counter[str] = field(default_factory=Counter)  # source_kind of its attributions
    stories: set[str] = field(default_factory=set)
    span_ids: list[str] = field(default_factory=list)  # attributions and their targets

    @property
    def quotes(self) -> int:
        return self.by_label.get("QUOTE", 0) + self.by_label.get("CONTENT", 0)

    @property
    def claims(self) -> int:
        return self.by_label.get("CLAIM", 0)


def tally_sources(links: Iterable[SourceLink]) -> list[SourceStats]:
    """One entry per normalised source, most quoted first."""
    groups: dict[str, SourceStats] = {}
    spellings: dict[str, Counter[str]] = {}
    seen_attr: set[str] = set()
    for link in links:
        key = source_key(link.source)
        if not key:
            continue
        stats = groups.setdefault(key, SourceStats(key, link.source))
        spellings.setdefault(key, Counter())
        if link.attribution_id not in seen_attr:
            seen_attr.add(link.attribution_id)
            stats.attributions += 1
            spellings[key][re.sub(r"\s+", " ", link.source.strip())] += 1
            if link.source_kind:
                stats.by_kind[link.source_kind] += 1
            stats.span_ids.append(link.attribution_id)
        stats.stories.add(link.doc_id)
        if link.target_id and link.target_label:
            stats.by_label[link.target_label] += 1
            stats.span_ids.append(link.target_id)
    for key, stats in groups.items():
        # most common spelling; ties go to the longest (the fullest form of the name)
        stats.name = max(spellings[key].items(), key=lambda kv: (kv[1], len(kv[0])))[0]
    return sorted(groups.values(), key=lambda s: (-(s.quotes + s.claims), -s.attributions, s.name.casefold()))
