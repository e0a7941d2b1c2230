"""Pairing two annotators' spans of one label: exact matches and overlap matches.

Exact: same label and the same fragments (a multiset count, so two identical
spans on each side match twice). Overlap: same label and at least one shared
character, paired one-to-one by a *maximum* matching (augmenting paths), so no
greedy choice can cost a pair. Among equally large matchings it prefers exact
pairs, then the larger shared length, which is what attribute and link
comparison want.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, deque
from collections.abc import Sequence

from ..model import Fragment, Span

__all__ = ["exact_count", "overlap_matching", "shared_length"]


def exact_count(a: Sequence[Span], b: Sequence[Span]) -> int:
    """How many spans pair up with identical fragments (callers pass one label's spans)."""
    ca = Counter(s.fragments for s in a)
    cb = Counter(s.fragments for s in b)
    return sum(min(n, cb[f]) for f, n in ca.items() if f in cb)


def shared_length(fa: tuple[Fragment, ...], fb: tuple[Fragment, ...]) -> int:
    total = 0
    for s1, e1 in fa:
        for s2, e2 in fb:
            lo = s1 if s1 > s2 else s2
            hi = e1 if e1 < e2 else e2
            if hi > lo:
                total += hi - lo
    return total


def _candidates(a: Sequence[Span], b: Sequence[Span]) -> list[list[int]]:
    """For each span of ``a``, the overlapping spans of ``b``, best partner first."""
    order = sorted(range(len(b)), key=lambda j: b[j].fragments[0][0])
    frags = [b[j].fragments for j in order]
    starts = [f[0][0] for f in frags]
    # Running maximum of ends lets the backward scan stop as soon as nothing can reach.
    max_end: list[int] = []
    run = -1
    for f in frags:
        end = f[-1][1]
        run = end if end > run else run
        max_end.append(run)
    adj: list[list[int]] = []
    for sa in a:
        fa = sa.fragments
        a_start, a_end = fa[0][0], fa[-1][1]
        found: list[tuple[int, int, int]] = []
        k = bisect_left(starts, a_end) - 1
        while k >= 0 and max_end[k] > a_start:
            fb = frags[k]
            if fb[-1][1] > a_start:
                if len(fa) == 1 and len(fb) == 1:  # the common case, without the double loop
                    lo, hi = max(a_start, fb[0][0]), min(a_end, fb[0][1])
                    shared = hi - lo if hi > lo else 0
                else:
                    shared = shared_length(fa, fb)
                if shared:
                    found.append((0 if fb == fa else 1, -shared, order[k]))
            k -= 1
        if len(found) > 1:
            found.sort()
        adj.append([j for _, _, j in found])
    return adj


def overlap_matching(a: Sequence[Span], b: Sequence[Span]) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)`` of a maximum one-to-one matching of overlapping spans."""
    if not a or not b:
        return []
    adj = _candidates(a, b)
    match_a: list[int] = [-1] * len(a)
    match_b: list[int] = [-1] * len(b)
    for i, cands in enumerate(adj):  # greedy start in preference order
        for j in cands:
            if match_b[j] < 0:
                match_a[i], match_b[j] = j, i
                break
    for i in range(len(a)):
        if match_a[i] < 0 and adj[i]:
            _augment(i, adj, match_a, match_b)
    return [(i, j) for i, j in enumerate(match_a) if j >= 0]


def _augment(root: int, adj: list[list[int]], match_a: list[int], match_b: list[int]) -> bool:
    """Breadth-first search for an alternating path from ``root`` to a free ``b``; flip it."""
    parent_of_b: dict[int, int] = {}  # b -> the a it was reached from
    queue = deque([root])
    seen_a = {root}
    while queue:
        i = queue.popleft()
        for j in adj[i]:
            if j in parent_of_b:
                continue
            parent_of_b[j] = i
            owner = match_b[j]
            if owner < 0:
                while True:  # flip the path back to the root
                    i2 = parent_of_b[j]
                    previous = match_a[i2]
                    match_a[i2], match_b[j] = j, i2
                    if i2 == root:
                        return True
                    j = previous
            if owner not in seen_a:
                seen_a.add(owner)
                queue.append(owner)
    return False
