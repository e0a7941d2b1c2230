"""Spans <-> BIO tags on token sequences, and which labels share a tag layer.

A sequence tagger gives each token one tag, so labels whose spans overlap each
other (PolNeAR's Attribution trigger sits exactly on its Cue) cannot share one
sequence of tags. ``plan_layers`` puts labels into as few layers as it can such
that labels in one layer seldom overlap in the training data; each layer gets its
own tagger.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable
from collections.abc import Sequence as Seq
from dataclasses import dataclass

from .features import Sequence

__all__ = ["OUTSIDE", "Layer", "LabelledSpan", "plan_layers", "encode", "decode"]

OUTSIDE = "O"
LabelledSpan = tuple[str, tuple[tuple[int, int], ...]]  # label, fragments
_CONFLICT = 0.05  # labels whose spans overlap more often than this get separate layers
_RARE = 0.02  # ... unless one of them has fewer than this share of all spans


@dataclass(frozen=True)
class Layer:
    """Labels tagged together. The first layer sees every token feature; a later one
    (labels that sit on earlier spans, which its tags mostly copy) sees the core features
    and the earlier tags, unless ``rich``."""

    labels: list[str]
    rich: bool = True


def plan_layers(documents: Iterable[Seq[LabelledSpan]]) -> list[Layer]:
    counts: Counter[str] = Counter()
    overlaps: Counter[tuple[str, str]] = Counter()
    for spans in documents:
        # Fragments, not extents: a quote split by its attribution does not overlap the cue between its parts.
        ranges = sorted((s, e, label) for label, frags in spans for s, e in frags)
        counts.update(label for label, _ in spans)
        for i, (s, e, a) in enumerate(ranges):
            seen = set()
            for s2, e2, b in ranges[i + 1 :]:
                if s2 >= e:
                    break
                if b != a and e2 > s and b not in seen:
                    seen.add(b)
                    overlaps[(a, b)] += 1
                    overlaps[(b, a)] += 1
    groups: list[list[str]] = []
    total = sum(counts.values())
    for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        for group in groups:
            if all(overlaps[(label, other)] <= _CONFLICT * min(n, counts[other]) for other in group):
                group.append(label)
                break
        else:
            if groups and n < _RARE * total:
                # A tagger of its own would cost a whole pass over every story for a few spans:
                # a rare label joins the layer it overlaps least (its overlapping spans are lost).
                min(groups, key=lambda g: sum(overlaps[(label, other)] for other in g)).append(label)
            else:
                groups.append([label])
    return [Layer(group, rich=k == 0) for k, group in enumerate(groups)]


def encode(seq: Sequence, spans: Iterable[LabelledSpan], labels: Iterable[str]) -> list[str]:
    """BIO tags for the sequence's tokens from the spans of ``labels`` (earlier spans win)."""
    wanted = set(labels)
    starts = [s for s, _, _ in seq.tokens]
    ends = [e for _, e, _ in seq.tokens]
    tags = [OUTSIDE] * len(seq.tokens)
    for label, frags in sorted(spans, key=lambda sp: (sp[1][0][0], -sp[1][-1][1])):
        if label not in wanted:
            continue
        for s, e in frags:
            if e <= seq.start or s >= seq.end:
                continue
            lo = bisect_right(ends, s)  # first token ending after s
            hi = bisect_left(starts, e)  # tokens starting before e
            if lo >= hi or any(t != OUTSIDE for t in tags[lo:hi]):
                continue
            tags[lo] = "B-" + label
            for k in range(lo + 1, hi):
                tags[k] = "I-" + label
    return tags


def decode(seq: Sequence, tags: Seq[str], confidence: Seq[float]) -> list[tuple[str, int, int, float]]:
    """(label, start, end, confidence) for each run of B-/I- tags; an I- without its B- starts a span."""
    out = []
    cur: list[int] = []
    cur_label = ""

    def close() -> None:
        if cur:
            conf = sum(confidence[k] for k in cur) / len(cur)
            out.append((cur_label, seq.tokens[cur[0]][0], seq.tokens[cur[-1]][1], conf))

    for k, tag in enumerate(tags):
        kind, _, label = tag.partition("-")
        if kind == "I" and cur and label == cur_label:
            cur.append(k)
            continue
        close()
        cur = [k] if kind in ("B", "I") else []
        cur_label = label
    close()
    return out
