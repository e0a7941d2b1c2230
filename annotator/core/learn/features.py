"""Token sequences and their features, for any language the tokenizer splits.

A sequence is one paragraph (a run of non-empty lines): attributions and quotes
rarely cross a blank line, and a paragraph is short enough for a CRF yet long
enough to hold a multi-sentence quote. Features are strings ("w=said"); they
describe the word, its shape, its neighbours and where it stands relative to
quotation marks and sentence ends, and never name a label, so the same features
serve every schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..tokens import tokenize

__all__ = ["Sequence", "sequences", "token_features", "word_count", "CORE", "BUCKETS"]

CORE = 9  # the first CORE features of a token: the word, its shape and where it stands

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]+)*")
_OPEN = "\u201c\u00ab\u201e\u2018"
_CLOSE = "\u201d\u00bb\u2019"
_SENTENCE_END = {".", "!", "?", "\u2026"}
_ABBREVIATION = re.compile(r"^(?:[A-Z]|Mr|Mrs|Ms|Dr|Prof|St|Sen|Gov|Rep|Gen|Jr|Sr|U\.S|No|Vol|Inc|Corp|Co)$")


@dataclass(frozen=True, slots=True)
class Sequence:
    """One paragraph's tokens as (start, end, word), offsets into the story text."""

    start: int
    end: int
    tokens: list[tuple[int, int, str]]


def sequences(text: str) -> list[Sequence]:
    out = []
    for m in _PARAGRAPH.finditer(text):
        toks = [(m.start() + s, m.start() + e, w) for s, e, w in tokenize(m.group())]
        if toks:
            out.append(Sequence(m.start(), m.end(), toks))
    return out


def word_count(text: str) -> int:
    return sum(1 for _ in tokenize(text))


@lru_cache(maxsize=65536)
def _shape(word: str) -> str:
    s = re.sub(r"[A-Z\u00c0-\u00de]", "X", word)
    s = re.sub(r"[a-z\u00df-\u00ff]", "x", s)
    s = re.sub(r"\d", "d", s)
    return re.sub(r"(.)\1+", r"\1\1", s)[:6]


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 35):
        if n <= limit:
            return str(limit)
    return "many"


BUCKETS = [_bucket(n) for n in range(37)]  # BUCKETS[min(n, 36)] is the bucket of n
_BUCKETS = BUCKETS


def _quote_states(words: list[str]) -> list[str]:
    """'in' inside quotation marks, 'open'/'close' on the marks, '' outside."""
    states = []
    depth = 0
    straight_open = False
    for w in words:
        if w in _OPEN:
            states.append("open")
            depth += 1
        elif w in _CLOSE and depth > 0:
            states.append("close")
            depth -= 1
        elif w == '"':
            states.append("close" if straight_open else "open")
            straight_open = not straight_open
        else:
            states.append("in" if depth > 0 or straight_open else "")
    return states


def _sentence_positions(words: list[str]) -> tuple[list[int], list[int]]:
    """For each token: tokens since its sentence began, and tokens until it ends."""
    since: list[int] = []
    n = 0
    ends = []
    for i, w in enumerate(words):
        since.append(n)
        n += 1
        prev = words[i - 1] if i else ""
        if w in _SENTENCE_END and not (w == "." and _ABBREVIATION.match(prev)):
            ends.append(i)
            n = 0
    until = [0] * len(words)
    nxt = len(words) - 1
    end_set = set(ends)
    for i in range(len(words) - 1, -1, -1):
        if i in end_set:
            nxt = i
        until[i] = nxt - i
    return since, until


def token_features(seq: Sequence) -> list[list[str]]:
    """One feature list per token of the sequence."""
    words = [w for _, _, w in seq.tokens]
    low = [w.lower() for w in words]
    quotes = _quote_states(words)
    since, until = _sentence_positions(words)
    n = len(words)
    # Where the nearest quotation marks are, before and after each token.
    last_mark = -1
    before_mark = []
    for i in range(n):
        before_mark.append(i - last_mark if last_mark >= 0 else 99)
        if quotes[i] in ("open", "close"):
            last_mark = i
    next_mark = 99
    after_mark = [0] * n
    for i in range(n - 1, -1, -1):
        after_mark[i] = next_mark - i if next_mark != 99 else 99
        if quotes[i] in ("open", "close"):
            next_mark = i
    shapes = [_shape(w) for w in words]
    bucket = _BUCKETS
    pad = ["<s>"] * 3 + low + ["</s>"] * 3  # pad[i + 3] is token i
    sh_pad = ["<s>", *shapes, "</s>"]
    q_pad = ["<s>", *quotes, "</s>"]
    bag_before = ["wb=" + w for w in low]
    bag_after = ["wa=" + w for w in low]
    out = []
    for i, w in enumerate(words):
        lw = low[i]
        k = i + 3
        f = [
            "b",
            "w=" + lw,
            "s3=" + lw[-3:],
            "sh=" + shapes[i],
            "q=" + quotes[i],
            "ss=" + bucket[min(since[i], 36)],
            "se=" + bucket[min(until[i], 36)],
            "qb=" + bucket[min(before_mark[i], 36)],
            "qa=" + bucket[min(after_mark[i], 36)],
            "s2=" + lw[-2:],
            "p3=" + lw[:3],
            "w-3=" + pad[k - 3],
            "w-2=" + pad[k - 2],
            "w-1=" + pad[k - 1],
            "w1=" + pad[k + 1],
            "w2=" + pad[k + 2],
            "w3=" + pad[k + 3],
            "sh-1=" + sh_pad[i],
            "sh1=" + sh_pad[i + 2],
            "q-1=" + q_pad[i],
            "q1=" + q_pad[i + 2],
            "w-1w=" + pad[k - 1] + "|" + lw,
            "ww+1=" + lw + "|" + pad[k + 1],
        ]
        if w[:1].isupper():
            f.append("title")
        # Words a little further off, unordered: "said" four words on tells the source it is one.
        f += bag_before[max(0, i - 8) : max(0, i - 3)]
        f += bag_after[i + 4 : i + 9]
        out.append(f)
    return out
