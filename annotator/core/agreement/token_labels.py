"""Tokens labelled by the spans covering them, for kappa and alpha.

Each annotator's layer becomes one category per token: a bit mask of the labels
whose spans cover the token (a token is covered when any of its characters lies
inside a fragment, so spans that cut a word still count for it). Mask 0 is "O".
A token under two labels (a QUOTE inside a CLAIM) gets the combined category
"CLAIM+QUOTE": overall figures count disagreement about overlaps, and the per
label figures test each label as in/out independently, so an overlap never
hides either label.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence

from ..model import Span
from ..tokens import token_spans

__all__ = ["TokenGrid", "category_name"]


class TokenGrid:
    """The tokens of one text, for turning span layers into per-token masks."""

    __slots__ = ("starts", "ends")

    def __init__(self, text: str) -> None:
        toks = token_spans(text)
        self.starts = [s for s, _ in toks]
        self.ends = [e for _, e in toks]

    def __len__(self) -> int:
        return len(self.starts)

    def masks(self, spans: Iterable[Span], bit_of: Mapping[str, int]) -> list[int]:
        out = [0] * len(self.starts)
        starts, ends = self.starts, self.ends
        for span in spans:
            bit = bit_of.get(span.label)
            if not bit:
                continue
            for s, e in span.fragments:
                lo = bisect_right(ends, s)  # first token ending after s
                hi = bisect_left(starts, e)  # first token starting at or after e
                for t in range(lo, hi):
                    out[t] |= bit
        return out


def category_name(mask: int, labels: Sequence[str]) -> str:
    """ "O" for no label, else the labels joined by "+" (``labels`` in bit order)."""
    if not mask:
        return "O"
    return "+".join(lb for i, lb in enumerate(labels) if mask >> i & 1)
