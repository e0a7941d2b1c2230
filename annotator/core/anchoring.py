"""Re-attach a story's spans to a new version of its text.

Each span goes where its own words went. The two versions are compared after
folding away what an edit desk changes without changing a word (``core.folding``:
quote style, dashes, spaces, Unicode forms) and aligned word by word
(``core.alignment``). For each fragment the candidates are: where the alignment
takes its old text, and every other copy of its words in text that is new (text
the alignment already gives to another part of the old story is not ours to
take). Candidates are weighed by how far the old surroundings carry on around
them on each side, and by the linked spans that stayed put:

* one candidate clearly ahead on both sides wins: ``exact`` (same words, same
  offsets) or ``moved`` (same words up to folding, elsewhere) — no review;
* several that fit about as well (a sentence pasted twice side by side) are a
  tie: the one beside a linked span that stayed wins, else the span is placed on
  the best and flagged ``unsure``; so is a span with little context left;
* words that changed inside a span: placed on what they became, ``edited``;
* words that are gone: ``orphaned`` — not placed on neighbouring text.

Offsets in and out are code points into the stored texts, never the folded ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from .alignment import Alignment, align
from .folding import Folded, fold

__all__ = [
    "Placement",
    "anchor_story",
    "anchor_fragments",
    "EXACT",
    "MOVED",
    "EDITED",
    "FUZZY",
    "UNSURE",
    "ORPHANED",
    "REVIEW",
]

EXACT = "exact"  # same text at the same offsets
MOVED = "moved"  # same words (up to quote style, dashes, spaces), placed with certainty
EDITED = "edited"  # placed on what its words became: a person should read the change
FUZZY = EDITED  # the name earlier versions used
UNSURE = "unsure"  # placed on the best of places that fit about equally, or with little context
ORPHANED = "orphaned"  # its words are gone: kept aside with its old text for a person
REVIEW = (EDITED, UNSURE, ORPHANED)
_RANK = {EXACT: 0, MOVED: 1, EDITED: 2, UNSURE: 3, ORPHANED: 4}

_CAP = 4000  # context compared on each side (folded characters)
_TOL = 8  # a rival this much ahead on one side still counts as ahead there
_MARGIN = 12  # the winner's total lead over every rival
_MIN_SUPPORT = 32  # words + agreeing context a sole candidate needs to be taken unflagged
_MIN_WEAK = 16  # below this a candidate away from the old place is not the span's words
_MIN_SIDE = 16  # words + the weaker side's context: a short span needs both sides to agree
_NEAR = 0.8  # a new passage this similar to the span's words is a rival copy
_MIN_KEPT = 1 / 3  # share of a span's characters that must survive for it to be "edited", not gone
_MAX_PERIOD = 400  # longest repeat looked for at a span's edge
_CHUNK = 32
_RESYNC = 6
_SLIPS = ((1, 1), (1, 0), (0, 1), (2, 2), (2, 1), (1, 2), (2, 0), (0, 2), (3, 3), (3, 0), (0, 3))


@dataclass(frozen=True, slots=True)
class Placement:
    """Where a span goes: ``fragments`` in the new text (empty for an orphan)."""

    fragments: tuple[tuple[int, int], ...]
    status: str
    confidence: float  # 1.0 only when certain; else what ``reason`` says, as a share
    reason: str = ""

    @property
    def needs_review(self) -> bool:
        return self.status in REVIEW


def _agree(a: str, i: int, b: str, j: int, limit: int = _CAP) -> int:
    """How many characters ``a[i:]`` and ``b[j:]`` share before they part, stepping over
    a few slips (a typo fixed next to the span); both ending together is full agreement."""
    na, nb = len(a), len(b)
    matched = slips = 0
    while True:
        while True:
            ca, cb = a[i : i + _CHUNK], b[j : j + _CHUNK]
            if ca == cb and len(ca) == _CHUNK:
                i, j, matched = i + _CHUNK, j + _CHUNK, matched + _CHUNK
                if matched >= limit:
                    return limit
                continue
            k, m = 0, min(len(ca), len(cb))
            while k < m and ca[k] == cb[k]:
                k += 1
            i, j, matched = i + k, j + k, matched + k
            break
        if i >= na and j >= nb:
            return limit
        if i >= na or j >= nb or slips >= 2 + matched // 64:
            return min(matched, limit)
        for da, db in _SLIPS:
            piece = a[i + da : i + da + _RESYNC]
            if len(piece) == _RESYNC and piece == b[j + db : j + db + _RESYNC]:
                i, j, slips = i + da, j + db, slips + 1
                break
        else:
            return min(matched, limit)


@dataclass(slots=True)
class _Candidate:
    start: int  # folded offsets in the new text
    end: int
    aligned: bool
    exact: bool = True  # the span's words, up to folding
    left: int = 0
    right: int = 0

    @property
    def support(self) -> int:
        return self.left + self.right


@dataclass(slots=True)
class _Fragment:
    old: tuple[int, int]  # folded offsets in the old text
    best: _Candidate | None = None
    status: str = ORPHANED
    confidence: float = 0.0
    reason: str = "its words are gone"
    rivals: list[_Candidate] = field(default_factory=list)  # near-equal alternatives


class _Story:
    def __init__(self, old_text: str, new_text: str) -> None:
        self.fo: Folded = fold(old_text)
        self.fn: Folded = fold(new_text)
        self.old, self.new = self.fo.text, self.fn.text
        self.rold, self.rnew = self.old[::-1], self.new[::-1]
        self.al: Alignment = align(self.old, self.new)
        self.unclaimed = self.al.unclaimed_regions()

    # -- candidates ----------------------------------------------------------------
    def _context(self, c: _Candidate, os: int, oe: int) -> _Candidate:
        c.right = _agree(self.old, oe, self.new, c.end)
        c.left = _agree(self.rold, len(self.old) - os, self.rnew, len(self.new) - c.start)
        return c

    def _copies(self, q: str, os: int, oe: int) -> list[int]:
        """Starts of ``q`` in new text no other old text became."""
        found: set[int] = set()
        for lo, hi in self.unclaimed:
            lo, hi = max(0, lo - len(q) + 1), min(len(self.new), hi + len(q) - 1)
            i = self.new.find(q, lo, hi)
            while i != -1 and len(found) < 200:
                if self.al.claimed(i, i + len(q), os, oe) * 4 <= len(q):
                    found.add(i)
                i = self.new.find(q, i + 1, hi)
        return sorted(found)

    def _near_copies(self, q: str, taken: set[int]) -> list[_Candidate]:
        """Text that is new and nearly the span's words (a copy with a typo fixed)."""
        found = []
        for lo, hi in self.unclaimed:
            if hi - lo < len(q) // 2:
                continue
            m = SequenceMatcher(None, self.new[lo:hi], q, autojunk=False)
            block = m.find_longest_match(0, hi - lo, 0, len(q))
            if block.size < max(4, len(q) // 3):
                continue
            cs = max(0, lo + block.a - block.b)
            ce = min(len(self.new), cs + len(q))
            if cs in taken:
                continue
            if SequenceMatcher(None, self.new[cs:ce], q, autojunk=False).ratio() >= _NEAR:
                found.append(_Candidate(cs, ce, False, exact=False))
        return found

    def place(self, start: int, end: int) -> _Fragment:
        os, oe = self.fo.folded_range(start, end)
        frag = _Fragment((os, oe))
        q = self.old[os:oe]
        if not q.strip():
            return frag
        ns, s_sure = self.al.map_start(os)
        ne, e_sure = self.al.map_end(oe)
        pieces = self.al.surviving(os, oe)
        kept = sum(n for _a, _b, n in pieces)
        if pieces and (not s_sure or not e_sure or ne <= ns or ne - ns > 3 * (oe - os) + 20):
            ordered = sorted(pieces, key=lambda p: p[1])
            if not s_sure:
                ns = ordered[0][1]
            if not e_sure:
                ne = ordered[-1][1] + ordered[-1][2]
            if ne <= ns or ne - ns > 3 * (oe - os) + 20:  # pieces went to different places
                _a, b, n = max(pieces, key=lambda p: p[2])
                ns, ne = b, b + n
        cands = [_Candidate(i, i + len(q), False) for i in self._copies(q, os, oe)]
        if pieces and ne > ns:
            same = self.new[ns:ne] == q
            if same or kept >= _MIN_KEPT * len(q.replace(" ", "")):
                cands = [c for c in cands if c.start != ns]
                cands.append(_Candidate(ns, ne, True, exact=same))
        cands += self._near_copies(q, {c.start for c in cands})
        if cands:
            self._choose(frag, q, [self._context(c, os, oe) for c in cands])
        return frag

    def _side_by_side(self, a: _Candidate, b: _Candidate) -> bool:
        """Are ``a`` and ``b`` the span's words in a passage pasted twice in a row? Then
        the text between them is the old right context of the first followed by the
        old left context of the second, and no context can say which copy is new."""
        first, second = (a, b) if a.start < b.start else (b, a)
        gap = second.start - first.end
        if gap < 0 or first.right > gap + 2 * _TOL or second.left > gap + 2 * _TOL:
            return False  # the old surroundings run on past the other copy: not a pasted pair
        return first.right + second.left + _TOL >= gap  # a slip over a typo counts nothing

    def _inserted(self, c: _Candidate, frag: _Fragment) -> bool:
        """Is the side where the old surroundings stop explained by text inserted there (the
        old neighbour survives just beyond it), rather than by the span's sentence being gone?"""
        if not c.aligned:
            return False
        os, oe = frag.old
        if c.right <= c.left:
            k = oe
            while k < len(self.old) and self.old[k] == " ":
                k += 1
            if k >= len(self.old):
                return self.al.claimed(c.end, len(self.new), oe, k) == 0
            p, _sure = self.al.map_start(k)
            return self.al.survives(k) and p >= c.end and self.al.claimed(c.end, p, oe, k) == 0
        k = os - 1
        while k >= 0 and self.old[k] == " ":
            k -= 1
        if k < 0:
            return self.al.claimed(0, c.start, 0, os) == 0
        p, _sure = self.al.map_end(k + 1)
        return self.al.survives(k) and p <= c.start and self.al.claimed(p, c.start, k + 1, os) == 0

    def _sliding(self, c: _Candidate, frag: _Fragment) -> bool:
        """Does text now repeat across an edge of ``c`` that did not before ("A B" -> "A B B")?
        Then the words added could be inside the span or beside it: no text can tell."""
        os, oe = frag.old
        longest = min(c.end - c.start, _MAX_PERIOD)
        for edge, old_edge in ((c.end, oe), (c.start, os)):
            for n in range(1, longest + 1):
                if edge - n < 0 or edge + n > len(self.new):
                    break
                if self.new[edge - n : edge] == self.new[edge : edge + n] and (
                    self.old[old_edge - n : old_edge] != self.old[old_edge : old_edge + n] or old_edge < n
                ):
                    return True
        return False

    def _choose(self, frag: _Fragment, q: str, cands: list[_Candidate]) -> None:
        cands.sort(key=lambda c: (c.support, c.exact, c.aligned), reverse=True)
        best = cands[0]
        rivals = [
            c
            for c in cands[1:]
            if c.left > best.left + _TOL
            or c.right > best.right + _TOL
            or best.support - c.support < _MARGIN
            or self._side_by_side(best, c)
        ]
        frag.best, frag.rivals = best, rivals
        support = len(q) + best.support
        if not best.exact and not best.aligned and support < _MIN_SUPPORT:
            frag.best = None  # similar words somewhere new, with nothing around them: not this span
        elif rivals:
            frag.status, frag.confidence = UNSURE, 1 / (1 + len(rivals))
            frag.reason = f"{1 + len(rivals)} places fit about equally"
        elif best.exact and self._sliding(best, frag):
            frag.status, frag.confidence = UNSURE, 0.5
            frag.reason = "words were added at its edge that repeat its own"
        elif not best.exact:
            frag.status = EDITED
            frag.confidence = SequenceMatcher(None, q, self.new[best.start : best.end], autojunk=False).ratio()
            frag.reason = "its words changed"
        elif support >= _MIN_SUPPORT and (
            len(q) + min(best.left, best.right) >= _MIN_SIDE or self._inserted(best, frag)
        ):
            frag.status, frag.confidence, frag.reason = MOVED, 1.0, ""
        elif support >= _MIN_SUPPORT:  # "The" after the same paragraph end, but another sentence
            frag.status, frag.confidence = UNSURE, (len(q) + min(best.left, best.right)) / _MIN_SIDE
            frag.reason = "its surroundings changed on one side"
        elif best.aligned or support >= _MIN_WEAK:
            frag.status, frag.confidence = UNSURE, support / _MIN_SUPPORT
            frag.reason = "little of its surroundings is left" if best.aligned else "found elsewhere, little context"
        else:
            frag.best = None  # a few common words somewhere new are not this span's words

    # -- links ---------------------------------------------------------------------
    def _beside(self, frag: _Fragment, c: _Candidate, partner: _Fragment) -> bool:
        """Does ``c`` keep the old gap to a partner that stayed?"""
        assert partner.best is not None
        (os, oe), (ps, pe) = frag.old, partner.old
        if pe <= os:
            old_gap, new_gap = self.old[pe:os], self.new[partner.best.end : c.start]
        elif oe <= ps:
            old_gap, new_gap = self.old[oe:ps], self.new[c.end : partner.best.start]
        else:  # overlapping or nested: the same offset between them
            return c.start - partner.best.start == os - ps
        if old_gap == new_gap:
            return True
        if abs(len(old_gap) - len(new_gap)) > 10 + len(old_gap) // 10 or len(old_gap) > 2000:
            return False
        return SequenceMatcher(None, old_gap, new_gap, autojunk=False).ratio() >= 0.8

    def settle_links(self, frags: dict[str, list[_Fragment]], links: Iterable[tuple[str, str]]) -> None:
        partners: dict[str, list[str]] = {}
        for a, b in links:
            if a in frags and b in frags and a != b:
                partners.setdefault(a, []).append(b)
                partners.setdefault(b, []).append(a)
        for span_id, others in partners.items():
            stayed = [f for o in others for f in frags[o] if f.status in (EXACT, MOVED) and f.best and f.best.aligned]
            if not stayed:
                continue
            for frag in frags[span_id]:
                if frag.best is None:
                    continue
                if frag.rivals:
                    fits = [c for c in [frag.best, *frag.rivals] if all(self._beside(frag, c, p) for p in stayed)]
                    if len(fits) == 1:  # the best guess, but text alone cannot tell which copy is new
                        frag.best = fits[0]
                        frag.reason = f"{1 + len(frag.rivals)} places fit; placed beside its linked span"
                elif frag.status == MOVED and not frag.best.aligned:
                    near = [p for p in stayed if abs(p.old[0] - frag.old[0]) <= 400]
                    if near and not all(self._beside(frag, frag.best, p) for p in near):
                        frag.status, frag.confidence = UNSURE, 0.5
                        frag.reason = "now apart from its linked span"

    # -- back to stored offsets ------------------------------------------------------
    def result(self, old_fragments: Sequence[tuple[int, int]], parts: list[_Fragment]) -> Placement:
        placed: list[tuple[int, int]] = []
        status, confidence, reasons = EXACT, 1.0, []
        for (s, e), frag in zip(old_fragments, parts, strict=True):
            if frag.best is None:
                frag.status = ORPHANED
            else:
                rs, re_ = self.fn.raw_range(frag.best.start, frag.best.end)
                if not self.fo.raw[s].isspace():  # spaces folded into a run are not the span's
                    while rs < re_ and self.fn.raw[rs].isspace():
                        rs += 1
                if not self.fo.raw[e - 1].isspace():
                    while re_ > rs and self.fn.raw[re_ - 1].isspace():
                        re_ -= 1
                if re_ <= rs:
                    frag.status = ORPHANED
                else:
                    placed.append((rs, re_))
                    if frag.status == MOVED and (rs, re_) == (s, e) and self.fn.raw[rs:re_] == self.fo.raw[s:e]:
                        frag.status = EXACT
            st = frag.status
            if st == ORPHANED and len(parts) > 1:
                st, frag.reason = EDITED, "part of it is gone"
            if _RANK[st] > _RANK[status]:
                status = st
            confidence = min(confidence, 0.0 if frag.status == ORPHANED else frag.confidence)
            if frag.reason and frag.reason not in reasons:
                reasons.append(frag.reason)
        if not placed:
            return Placement((), ORPHANED, 0.0, "its words are gone")
        ordered = sorted(placed)
        if any(a[1] > b[0] for a, b in zip(ordered, ordered[1:], strict=False)):
            merged: list[tuple[int, int]] = []
            for s, e in ordered:
                if merged and s <= merged[-1][1]:
                    merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
                else:
                    merged.append((s, e))
            ordered = merged
            if _RANK[status] < _RANK[UNSURE]:
                status = UNSURE
            reasons.append("its parts now overlap")
        return Placement(tuple(ordered), status, round(confidence, 4), "; ".join(reasons))


def anchor_story(
    old_text: str,
    new_text: str,
    spans: Mapping[str, Sequence[tuple[int, int]]],
    links: Iterable[tuple[str, str]] = (),
) -> dict[str, Placement]:
    """Where each span (id -> fragments in ``old_text``) belongs in ``new_text``.
    ``links`` are pairs of span ids; a span beside a linked span that stayed stays with it."""
    if old_text == new_text:
        return {span_id: Placement(tuple(fragments), EXACT, 1.0) for span_id, fragments in spans.items()}
    story = _Story(old_text, new_text)
    frags = {span_id: [story.place(s, e) for s, e in fragments] for span_id, fragments in spans.items()}
    story.settle_links(frags, links)
    return {span_id: story.result(spans[span_id], parts) for span_id, parts in frags.items()}


def anchor_fragments(
    old_text: str, fragments: tuple[tuple[int, int], ...], new_text: str
) -> tuple[tuple[tuple[int, int], ...], str, float]:
    """One span on its own: (new fragments, status, confidence)."""
    p = anchor_story(old_text, new_text, {"": fragments})[""]
    return p.fragments, p.status, p.confidence
