"""Re-attach spans to a story whose text has changed.

The approach of the W3C TextQuoteSelector and Hypothesis: each fragment is
remembered by its exact text, a little context either side, and its position.
On a new text, a unique exact match is taken; several exact matches are told
apart by context and distance from where the fragment used to be; with no exact
match, candidate placements are scored by how much the quote and its context
still agree. Anything short of a confident placement is reported for review;
nothing moves silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from .text import QuoteSelector, quote_selector

__all__ = ["Placement", "anchor", "anchor_fragments", "EXACT", "MOVED", "FUZZY", "ORPHANED"]

EXACT = "exact"  # same text at the same offsets
MOVED = "moved"  # same text, found unambiguously elsewhere
FUZZY = "fuzzy"  # placed on similar text: needs a human look
ORPHANED = "orphaned"  # no confident place: needs a human decision
_RANK = {EXACT: 0, MOVED: 1, FUZZY: 2, ORPHANED: 3}

CONTEXT = 32
_MAX_EXACT = 200  # occurrences considered for a very common quote
_MIN_QUOTE_SIMILARITY = 0.75
_MIN_SCORE = 0.72


@dataclass(frozen=True, slots=True)
class Placement:
    start: int
    end: int
    status: str
    confidence: float

    @property
    def needs_review(self) -> bool:
        return self.status in (FUZZY, ORPHANED)


def _similar(a: str, b: str) -> float:
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_score(text: str, start: int, end: int, sel: QuoteSelector) -> float:
    before = text[max(0, start - len(sel.prefix)) : start]
    after = text[end : end + len(sel.suffix)]
    return (_similar(before, sel.prefix) + _similar(after, sel.suffix)) / 2


def _expected(sel: QuoteSelector, old_len: int, new_len: int) -> int:
    if old_len <= 0:
        return sel.start
    return round(sel.start * new_len / old_len)


def _occurrences(text: str, needle: str, limit: int = _MAX_EXACT) -> list[int]:
    found: list[int] = []
    i = text.find(needle)
    while i != -1 and len(found) < limit:
        found.append(i)
        i = text.find(needle, i + 1)
    return found


def anchor(sel: QuoteSelector, new_text: str, *, old_length: int | None = None) -> Placement:
    """Where one fragment belongs in ``new_text``."""
    n = len(new_text)
    exact = sel.exact
    if not exact:
        return Placement(sel.start, sel.end, ORPHANED, 0.0)
    if new_text[sel.start : sel.end] == exact and _context_score(new_text, sel.start, sel.end, sel) > 0.9:
        return Placement(sel.start, sel.end, EXACT, 1.0)
    expected = _expected(sel, old_length or n, n)
    hits = _occurrences(new_text, exact)
    if len(hits) == 1:
        s = hits[0]
        status = EXACT if s == sel.start else MOVED
        return Placement(s, s + len(exact), status, 1.0)
    if hits:
        scored = sorted(
            (
                (_context_score(new_text, s, s + len(exact), sel) - abs(s - expected) / (10 * max(n, 1)), s)
                for s in hits
            ),
            reverse=True,
        )
        (best, s), second = scored[0], scored[1][0]
        if best - second >= 0.15 or best >= 0.95 and second < 0.8:
            return Placement(
                s, s + len(exact), EXACT if s == sel.start else MOVED, round(min(1.0, 0.7 + best - second), 3)
            )
        return Placement(s, s + len(exact), FUZZY, round(max(0.0, best - second), 3))
    return _fuzzy(sel, new_text, expected)


def _fuzzy(sel: QuoteSelector, text: str, expected: int) -> Placement:
    exact, n = sel.exact, len(text)
    span = len(exact)
    radius = max(2000, span * 4, n // 10)
    lo, hi = max(0, expected - radius), min(n, expected + span + radius)
    window = text[lo:hi]
    candidates: set[tuple[int, int]] = set()
    # Context that survived marks where the quote starts or ends.
    pre, suf = sel.prefix[-16:], sel.suffix[:16]
    starts = [lo + i + len(pre) for i in _occurrences(window, pre, 50)] if len(pre) >= 4 else []
    ends = [lo + i for i in _occurrences(window, suf, 50)] if len(suf) >= 4 else []
    for s in starts:
        candidates.add((s, min(n, s + span)))
        candidates.update((s, e) for e in ends if 0 < e - s <= 2 * span + 20)
    candidates.update((max(0, e - span), e) for e in ends)
    # The longest piece of the quote still present anchors a same-length window.
    matcher = SequenceMatcher(None, window, exact, autojunk=False)
    block = matcher.find_longest_match(0, len(window), 0, span)
    if block.size >= max(4, span // 4):
        s = lo + block.a - block.b
        candidates.add((max(0, s), min(n, s + span)))
    best: tuple[float, float, int, int] | None = None
    for s, e in candidates:
        if e <= s:
            continue
        q = _similar(text[s:e], exact)
        score = 0.6 * q + 0.3 * _context_score(text, s, e, sel) + 0.1 * (1 - min(1.0, abs(s - expected) / max(n, 1)))
        if best is None or score > best[0]:
            best = (score, q, s, e)
    if best and best[1] >= _MIN_QUOTE_SIMILARITY and best[0] >= _MIN_SCORE:
        s, e = _trim(text, best[2], best[3])
        return Placement(s, e, FUZZY, round(best[0], 3))
    s = min(max(0, expected), max(0, n - 1))
    return Placement(s, min(n, s + max(1, min(span, n - s))), ORPHANED, round(best[0], 3) if best else 0.0)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def anchor_fragments(
    old_text: str, fragments: tuple[tuple[int, int], ...], new_text: str
) -> tuple[tuple[tuple[int, int], ...], str, float]:
    """Place every fragment of a span; the span's status is its worst fragment's."""
    placed, status, confidence = [], EXACT, 1.0
    for s, e in fragments:
        p = anchor(quote_selector(old_text, s, e, context=CONTEXT), new_text, old_length=len(old_text))
        placed.append((p.start, p.end))
        if _RANK[p.status] > _RANK[status]:
            status = p.status
        confidence = min(confidence, p.confidence)
    ordered = sorted(placed)
    if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:], strict=False)) and status in (EXACT, MOVED):
        status = FUZZY  # fragments that now overlap need a look
    return tuple(ordered), status, confidence
