"""Which spans link to which: a perceptron over candidate pairs, for any link type.

A link type is learned per (type, from-label, to-label) seen in training. The
candidates for a span are the spans of the other label nearest to it on either
side, up to the rank that covered 99% of the training links; each pair is
described by direction, distance, what lies between and how near it is. Decoding
takes pairs best first, keeping a span to one link of a type where the training
data did so, and gives a span that always had such a link its best candidate.
"""

from __future__ import annotations

import random
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from ..tokens import token_spans
from .perceptron import AveragedPerceptron

__all__ = ["LinkSpan", "LinkType", "LinkModel", "LinkExample"]

LinkSpan = tuple[str, str, int, int]  # key, label, start, end
_YES, _NO = "yes", "no"
_SENTENCE_END = re.compile(r"[.!?\u2026][\u201d\"'\u2019)]*(?:\s|$)")
_QUOTE = re.compile('["\u201c\u201d\u00ab\u00bb]')


@dataclass(frozen=True)
class LinkType:
    name: str
    source: str  # label at the "from" end
    target: str
    max_rank: int = 3  # candidates: this many nearest target spans on each side
    one_per_source: bool = True
    one_per_target: bool = True
    always: bool = False  # (nearly) every source span had such a link

    @property
    def key(self) -> str:
        return f"{self.name}:{self.source}>{self.target}"


@dataclass
class LinkExample:
    text: str
    spans: list[LinkSpan]
    links: list[tuple[str, str, str]]  # type, source key, target key


def _bucket(n: int) -> str:
    for limit in (0, 1, 2, 3, 5, 8, 12, 20, 35, 60):
        if n <= limit:
            return str(limit)
    return "far"


class _Context:
    """One story's tokens and spans, indexed for pair features."""

    def __init__(self, text: str, spans: Sequence[LinkSpan]) -> None:
        self.text = text
        toks = token_spans(text)
        self.tok_starts = [s for s, _ in toks]
        self.tok_ends = [e for _, e in toks]
        self.by_label: dict[str, list[LinkSpan]] = defaultdict(list)
        for sp in sorted(spans, key=lambda sp: (sp[2], sp[3])):
            self.by_label[sp[1]].append(sp)
        self._starts = {label: [sp[2] for sp in group] for label, group in self.by_label.items()}

    def count_inside(self, label: str, a: int, b: int) -> int:
        """Spans of ``label`` that start in [a, b) (those between two spans)."""
        starts = self._starts.get(label, [])
        return bisect_left(starts, b) - bisect_left(starts, a) if b > a else 0

    def tokens_between(self, a: int, b: int) -> int:
        return max(0, bisect_left(self.tok_starts, b) - bisect_left(self.tok_starts, a)) if b > a else 0

    def words(self, a: int, b: int) -> list[str]:
        lo, hi = bisect_left(self.tok_starts, a), bisect_right(self.tok_ends, b)
        return [self.text[self.tok_starts[k] : self.tok_ends[k]].lower() for k in range(lo, hi)]

    def candidates(self, lt: LinkType) -> Iterable[tuple[LinkSpan, LinkSpan, int]]:
        """(source span, target span, rank) for the nearest targets on each side of each source."""
        targets = self.by_label.get(lt.target, [])
        starts = [t[2] for t in targets]
        for src in self.by_label.get(lt.source, []):
            mid = bisect_left(starts, src[2])
            after = [t for t in targets[mid:] if t[0] != src[0]][: lt.max_rank + 1]
            before = [t for t in reversed(targets[:mid]) if t[0] != src[0]][: lt.max_rank + 1]
            for side in (after, before):
                for rank, tgt in enumerate(side):
                    yield src, tgt, rank

    def features(self, lt: LinkType, src: LinkSpan, tgt: LinkSpan, rank: int) -> list[str]:
        t = lt.key
        _, _, s1, e1 = src
        _, _, s2, e2 = tgt
        if (s1, e1) == (s2, e2):
            where, gap = "same", (e1, e1)
        elif s2 < e1 and s1 < e2:
            where, gap = "overlap", (e1, e1)
        elif s2 >= e1:
            where, gap = "after", (e1, s2)
        else:
            where, gap = "before", (e2, s1)
        between = self.text[gap[0] : gap[1]]
        dist = self.tokens_between(*gap)
        inner = self.words(*gap) if dist <= 40 else []
        f = [
            t,
            f"{t}|{where}",
            f"{t}|{where}|r{rank}",
            f"{t}|{where}|d{_bucket(dist)}",
            f"{t}|sent{len(_SENTENCE_END.findall(between))}",
            f"{t}|para{int(chr(10) in between)}",
            f"{t}|quote{int(bool(_QUOTE.search(between)))}",
            f"{t}|{where}|len{_bucket(self.tokens_between(s2, e2))}",
        ]
        for label in {lt.source, lt.target}:
            n = self.count_inside(label, *gap)
            f.append(f"{t}|n{label == lt.target:d}={min(n, 3)}")
        if inner and dist <= 3:
            f.append(f"{t}|{where}|btw=" + " ".join(inner))
        elif inner:
            f += [f"{t}|{where}|btw0={inner[0]}", f"{t}|{where}|btw-1={inner[-1]}"]
        src_words = self.words(s1, e1)
        tgt_words = self.words(s2, e2)
        if src_words:
            f += [f"{t}|sw={src_words[-1]}", f"{t}|{where}|sw0={src_words[0]}"]
        if tgt_words:
            f += [f"{t}|{where}|tw0={tgt_words[0]}", f"{t}|tw-1={tgt_words[-1]}"]
        return f


class LinkModel:
    def __init__(self, types: Sequence[LinkType], model: AveragedPerceptron) -> None:
        self.types = list(types)
        self.model = model

    # -- training ------------------------------------------------------------------
    @classmethod
    def train(
        cls,
        examples: Sequence[LinkExample],
        *,
        epochs: int = 4,
        cancelled: Callable[[], bool] = lambda: False,
    ) -> LinkModel:
        types = _link_types(examples)
        model = AveragedPerceptron((_YES, _NO))
        data: list[tuple[list[str], str]] = []
        for ex in examples:
            if cancelled():
                break
            ctx = _Context(ex.text, ex.spans)
            gold = set(ex.links)
            for lt in types:
                for src, tgt, rank in ctx.candidates(lt):
                    truth = _YES if (lt.name, src[0], tgt[0]) in gold else _NO
                    data.append((ctx.features(lt, src, tgt, rank), truth))
        rng = random.Random(11)
        for _ in range(epochs):
            rng.shuffle(data)
            for feats, truth in data:
                model.update(truth, model.predict(feats), feats)
        model.average()
        return cls(types, model)

    # -- use -------------------------------------------------------------------------
    def predict(self, text: str, spans: Sequence[LinkSpan]) -> list[tuple[str, str, str, float]]:
        """(type, source key, target key, score) for the links the model makes."""
        ctx = _Context(text, spans)
        out = []
        for lt in self.types:
            scored = []
            for src, tgt, rank in ctx.candidates(lt):
                sc = self.model.scores(ctx.features(lt, src, tgt, rank))
                scored.append((sc[_YES] - sc[_NO], src[0], tgt[0]))
            scored.sort(reverse=True)
            used_src: Counter[str] = Counter()
            used_tgt: Counter[str] = Counter()
            for score, s, t in scored:
                if score <= 0:
                    break
                if (lt.one_per_source and used_src[s]) or (lt.one_per_target and used_tgt[t]):
                    continue
                used_src[s] += 1
                used_tgt[t] += 1
                out.append((lt.name, s, t, score))
            if lt.always:
                for score, s, t in scored:
                    if score <= 0 and not used_src[s] and not (lt.one_per_target and used_tgt[t]):
                        used_src[s] += 1
                        used_tgt[t] += 1
                        out.append((lt.name, s, t, score))
        return out

    def to_dict(self) -> dict[str, Any]:
        return {"types": [asdict(lt) for lt in self.types], "perceptron": self.model.to_dict()}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> LinkModel:
        types = [LinkType(**{k: v for k, v in lt.items() if k in LinkType.__dataclass_fields__}) for lt in d["types"]]
        return cls(types, AveragedPerceptron.from_dict(d["perceptron"]))


def _link_types(examples: Sequence[LinkExample]) -> list[LinkType]:
    """Each (type, from-label, to-label) in the training links, with its habits."""
    per_src: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    per_tgt: dict[tuple[str, str, str], Counter[str]] = defaultdict(Counter)
    ranks: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    label_count: Counter[str] = Counter()
    for ex in examples:
        labels = {sp[0]: sp[1] for sp in ex.spans}
        label_count.update(labels.values())
        ctx = _Context(ex.text, ex.spans)
        for rtype, s, t in ex.links:
            if s not in labels or t not in labels:
                continue
            key = (rtype, labels[s], labels[t])
            per_src[key][s] += 1
            per_tgt[key][t] += 1
            ranks[key].append(_rank_of(ctx, labels[t], s, t))
    types = []
    for key in sorted(per_src):
        name, src, tgt = key
        rs = sorted(ranks[key])
        max_rank = min(rs[int(0.99 * (len(rs) - 1))], 8)
        types.append(
            LinkType(
                name,
                src,
                tgt,
                max_rank=max_rank,
                one_per_source=_share_single(per_src[key]) >= 0.95,
                one_per_target=_share_single(per_tgt[key]) >= 0.95,
                always=len(per_src[key]) >= 0.9 * label_count[src],
            )
        )
    return types


def _share_single(counts: Counter[str]) -> float:
    return sum(1 for n in counts.values() if n == 1) / max(len(counts), 1)


def _rank_of(ctx: _Context, target_label: str, s: str, t: str) -> int:
    targets = ctx.by_label.get(target_label, [])
    src = next((sp for spans in ctx.by_label.values() for sp in spans if sp[0] == s), None)
    if src is None:
        return 0
    starts = [x[2] for x in targets]
    mid = bisect_left(starts, src[2])
    after = [x[0] for x in targets[mid:] if x[0] != s]
    before = [x[0] for x in reversed(targets[:mid]) if x[0] != s]
    for side in (after, before):
        if t in side:
            return side.index(t)
    return 0
