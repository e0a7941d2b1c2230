"""Which text of an old story became which text of its new version.

A word-level diff of the two folded texts (``core.folding``), refined to
characters where a few words changed (typo fixes), plus passages that moved
(a paragraph deleted in one place and inserted in another with the same words).
The result answers, in folded offsets: where does old position p land, how much
of an old range survived, and which old text a new range already belongs to.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from difflib import SequenceMatcher

__all__ = ["Alignment", "align"]

_TOKEN = re.compile(r"\w+ ?|[^\w ] ?| ")
_REFINE_TOKENS = 4  # a replacement of at most this many words either side is a local change
_MOVED_MIN_CHARS = 24  # a shorter passage found elsewhere is coincidence, not a move
_MOVED_MIN_TOKENS = 5
_MAX_MOVE_PAIRS = 400
_ISLAND_TOKENS = 4  # an equal run this short between two changes is chance
_ISLAND_CHARS = 32


@dataclass(frozen=True, slots=True)
class Block:
    """Old ``[a, a + n)`` is new ``[b, b + n)``, character for character."""

    a: int
    b: int
    n: int
    moved: bool = False


def _tokens(text: str) -> tuple[list[str], list[int]]:
    toks, starts = [], []
    for m in _TOKEN.finditer(text):
        toks.append(m.group())
        starts.append(m.start())
    starts.append(len(text))
    return toks, starts


def _matcher(a: list[str], b: list[str]) -> SequenceMatcher:
    return SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > 20_000)


class Alignment:
    def __init__(self, old: str, new: str, opcodes: list[tuple[str, int, int, int, int]], moved: list[Block]) -> None:
        self.old, self.new = old, new
        self.opcodes = opcodes  # in order, covering both texts, character offsets
        self._op_a = [op[1] for op in opcodes]
        self._op_a_end = [op[2] for op in opcodes]
        blocks = [Block(i1, j1, i2 - i1) for tag, i1, i2, j1, j2 in opcodes if tag == "equal"] + moved
        self.blocks = sorted(blocks, key=lambda x: x.a)
        self._ba = [x.a for x in self.blocks]
        self.by_new = sorted(blocks, key=lambda x: x.b)
        self._bb = [x.b for x in self.by_new]
        self.inserted = [(j1, j2) for tag, i1, i2, j1, j2 in opcodes if tag in ("insert", "replace") and j2 > j1]

    # -- old -> new ------------------------------------------------------------------
    def _block_at(self, pos: int) -> Block | None:
        k = bisect_right(self._ba, pos) - 1
        if k >= 0 and self.blocks[k].a <= pos < self.blocks[k].a + self.blocks[k].n:
            return self.blocks[k]
        return None

    def _opcode_at(self, pos: int) -> tuple[str, int, int, int, int] | None:
        k = bisect_right(self._op_a_end, pos)  # first opcode ending after pos
        while k < len(self.opcodes) and self.opcodes[k][1] == self.opcodes[k][2]:
            k += 1  # skip insertions: they hold no old character
        return self.opcodes[k] if k < len(self.opcodes) else None

    def survives(self, pos: int) -> bool:
        """Is old character ``pos`` in the new text, unchanged?"""
        return self._block_at(pos) is not None

    def map_start(self, pos: int) -> tuple[int, bool]:
        """New position of old character ``pos`` as a start; True if the character survived."""
        block = self._block_at(pos)
        if block is not None:
            return block.b + pos - block.a, True
        op = self._opcode_at(pos)
        if op is None:
            return len(self.new), False
        tag, i1, i2, j1, j2 = op
        if tag == "replace" and pos > i1:
            return j1 + round((pos - i1) * (j2 - j1) / (i2 - i1)), False
        return j1, tag == "replace"  # a replaced start is still a start; a deleted one is gone

    def map_end(self, pos: int) -> tuple[int, bool]:
        """New position for an old exclusive end ``pos``; True if character ``pos - 1`` survived."""
        if pos <= 0:
            return 0, True
        block = self._block_at(pos - 1)
        if block is not None:
            return block.b + pos - block.a, True
        op = self._opcode_at(pos - 1)
        if op is None:
            return len(self.new), False
        tag, i1, i2, j1, j2 = op
        if tag == "replace" and pos < i2:
            return j1 + round((pos - i1) * (j2 - j1) / (i2 - i1)), False
        return j2 if tag == "replace" else j1, tag == "replace" and pos == i2

    def surviving(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """The pieces of old ``[start, end)`` still in the new text: (old start, new start, length)."""
        k = max(0, bisect_right(self._ba, start) - 1)
        pieces = []
        while k < len(self.blocks) and self.blocks[k].a < end:
            x = self.blocks[k]
            lo, hi = max(start, x.a), min(end, x.a + x.n)
            if hi > lo:
                pieces.append((lo, x.b + lo - x.a, hi - lo))
            k += 1
        return pieces

    # -- new -> old ------------------------------------------------------------------
    def claimed(self, start: int, end: int, old_start: int, old_end: int) -> int:
        """Characters of new ``[start, end)`` that the alignment gives to old text outside
        ``[old_start, old_end)``: words that belong to some other part of the story."""
        k = max(0, bisect_right(self._bb, start) - 1)
        n = 0
        while k < len(self.by_new) and self.by_new[k].b < end:
            x = self.by_new[k]
            lo, hi = max(start, x.b), min(end, x.b + x.n)
            if hi > lo:
                a_lo, a_hi = x.a + lo - x.b, x.a + hi - x.b
                inside = max(0, min(a_hi, old_end) - max(a_lo, old_start))
                n += (hi - lo) - inside
            k += 1
        return n

    def unclaimed_regions(self) -> list[tuple[int, int]]:
        """New text that no old text became (insertions, replacements, moves' targets excluded)."""
        moved = sorted((x.b, x.b + x.n) for x in self.by_new if x.moved)
        out = []
        for j1, j2 in self.inserted:
            cur = j1
            for lo, hi in moved:
                if hi <= cur or lo >= j2:
                    continue
                if lo > cur:
                    out.append((cur, lo))
                cur = max(cur, hi)
            if cur < j2:
                out.append((cur, j2))
        return out


def _refine(old: str, new: str, i1: int, i2: int, j1: int, j2: int) -> list[tuple[str, int, int, int, int]]:
    """Character opcodes inside a small word replacement (a typo fix keeps most letters)."""
    ops: list[tuple[str, int, int, int, int]] = []
    for op, a1, a2, b1, b2 in SequenceMatcher(None, old[i1:i2], new[j1:j2], autojunk=False).get_opcodes():
        tag: str = op
        if tag == "equal" and a2 - a1 < 3 and ops and ops[-1][0] != "equal" and (a2 < i2 - i1 or b2 < j2 - j1):
            tag = "replace"  # a letter or two in common between changed words is chance
        if tag != "equal" and ops and ops[-1][0] != "equal":
            _t, p1, _p2, q1, _q2 = ops[-1]
            ops[-1] = ("replace", p1, i1 + a2, q1, j1 + b2)
        else:
            ops.append((tag, i1 + a1, i1 + a2, j1 + b1, j1 + b2))
    return [
        (("insert" if a == b else "delete" if c == d else t), a, b, c, d) if t != "equal" else (t, a, b, c, d)
        for t, a, b, c, d in ops
    ]


def _moves(a: list[str], sa: list[int], b: list[str], sb: list[int], token_ops: list) -> list[Block]:
    """Passages deleted in one place and inserted in another, word for word."""
    gone = [(i1, i2) for tag, i1, i2, _j1, _j2 in token_ops if tag in ("delete", "replace")]
    came = [(j1, j2) for tag, _i1, _i2, j1, j2 in token_ops if tag in ("insert", "replace")]
    gone = [g for g in gone if sa[g[1]] - sa[g[0]] >= _MOVED_MIN_CHARS]
    came = [c for c in came if sb[c[1]] - sb[c[0]] >= _MOVED_MIN_CHARS]
    if not gone or not came:
        return []
    pairs = sorted(((g, c) for g in gone for c in came), key=lambda p: -min(p[0][1] - p[0][0], p[1][1] - p[1][0]))
    taken_b: list[tuple[int, int]] = []
    taken_a: list[tuple[int, int]] = []
    found = []
    for (i1, i2), (j1, j2) in pairs[:_MAX_MOVE_PAIRS]:
        m = SequenceMatcher(None, a[i1:i2], b[j1:j2], autojunk=False)
        for x, y, n in m.get_matching_blocks():
            if n < _MOVED_MIN_TOKENS:
                continue
            ta, tb = i1 + x, j1 + y
            ca, cb = sa[ta], sb[tb]
            length = sa[ta + n] - ca
            if length < _MOVED_MIN_CHARS or sb[tb + n] - cb != length:
                continue
            if any(lo < ca + length and ca < hi for lo, hi in taken_a) or any(
                lo < cb + length and cb < hi for lo, hi in taken_b
            ):
                continue
            taken_a.append((ca, ca + length))
            taken_b.append((cb, cb + length))
            found.append(Block(ca, cb, length, moved=True))
    return found


def _cleanup(ops: list[tuple[str, int, int, int, int]], sa: list[int]) -> list[tuple[str, int, int, int, int]]:
    """Fold islands of a word or two ("the ", "that ") that the diff matched between two
    changed regions into one replacement: such matches are chance, and they would
    give those words to the wrong part of the old story."""
    out: list[tuple[str, int, int, int, int]] = []
    for k, op in enumerate(ops):
        tag, i1, i2, j1, j2 = op
        island = (
            tag == "equal"
            and 0 < k < len(ops) - 1
            and i2 - i1 < _ISLAND_TOKENS
            and sa[i2] - sa[i1] < _ISLAND_CHARS
            and ops[k - 1][0] != "equal"
            and ops[k + 1][0] != "equal"
        )
        if island:
            tag = "replace"
        if tag != "equal" and out and out[-1][0] != "equal":
            _t, pi1, _pi2, pj1, _pj2 = out[-1]
            out[-1] = ("replace" if (pi1 < i2 and pj1 < j2) else _t, pi1, i2, pj1, j2)
            if out[-1][1] == out[-1][2]:
                out[-1] = ("insert", *out[-1][1:])
            elif out[-1][3] == out[-1][4]:
                out[-1] = ("delete", *out[-1][1:])
            else:
                out[-1] = ("replace", *out[-1][1:])
        else:
            out.append((tag, i1, i2, j1, j2))
    return out


def align(old: str, new: str) -> Alignment:
    """Align two folded texts."""
    a, sa = _tokens(old)
    b, sb = _tokens(new)
    # Most edits touch a small part: skip the common start and end before diffing.
    p = 0
    limit = min(len(a), len(b))
    while p < limit and a[p] == b[p]:
        p += 1
    s = 0
    while s < limit - p and a[len(a) - 1 - s] == b[len(b) - 1 - s]:
        s += 1
    token_ops: list[tuple[str, int, int, int, int]] = []
    if p:
        token_ops.append(("equal", 0, p, 0, p))
    mid_a, mid_b = a[p : len(a) - s], b[p : len(b) - s]
    if mid_a or mid_b:
        for op, i1, i2, j1, j2 in _matcher(mid_a, mid_b).get_opcodes():
            token_ops.append((op, i1 + p, i2 + p, j1 + p, j2 + p))
    if s:
        token_ops.append(("equal", len(a) - s, len(a), len(b) - s, len(b)))
    token_ops = _cleanup(token_ops, sa)
    opcodes: list[tuple[str, int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in token_ops:
        ci1, ci2, cj1, cj2 = sa[i1], sa[i2], sb[j1], sb[j2]
        # a few words either side, or one word that became a short phrase ("the" -> "x, the")
        small = (i2 - i1 <= _REFINE_TOKENS and j2 - j1 <= _REFINE_TOKENS) or (
            min(i2 - i1, j2 - j1) <= 1 and max(ci2 - ci1, cj2 - cj1) <= 64
        )
        if tag == "replace" and small:
            opcodes.extend(_refine(old, new, ci1, ci2, cj1, cj2))
        elif tag == "equal" and opcodes and opcodes[-1][0] == "equal":
            _t, pi1, _pi2, pj1, _pj2 = opcodes[-1]
            opcodes[-1] = ("equal", pi1, ci2, pj1, cj2)
        else:
            opcodes.append((tag, ci1, ci2, cj1, cj2))
    return Alignment(old, new, opcodes, _moves(a, sa, b, sb, token_ops))
